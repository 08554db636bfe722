/*
 * hostile: floods every port the grader may listen on with datagrams
 * replaces: 02-udp-hello/client.c
 * expect: FAIL  client-sends-datagram
 * modes: netns
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int
main(void)
{
	static const int ports[] = { 50007, 50008, 40001, 40002 };
	struct sockaddr_in to;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd == -1)
		return 1;
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (long i = 0; i < 2000000; i++) {
		to.sin_port = htons(ports[i % 4]);
		(void)sendto(fd, "flood", 5, MSG_DONTWAIT,
		    (struct sockaddr *)&to, sizeof to);
	}
	return 0;
}

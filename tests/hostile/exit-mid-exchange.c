/*
 * hostile: an echo server that takes the first datagram and exits without
 * echoing it, in the middle of the exchange
 * replaces: 03-udp-echo/server.c
 * expect: exited with status 0
 * modes: netns
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_in addr;
	char buf[65536];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(argc > 2 ? atoi(argv[2]) : 50007);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1 || bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1)
		return 1;
	(void)recv(fd, buf, sizeof buf, 0);
	exit(0);
}

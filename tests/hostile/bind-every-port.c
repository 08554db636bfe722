/*
 * hostile: binds every TCP and UDP port it can on the loopback, including
 * those the grader's probes use, and keeps them
 * replaces: 02-udp-hello/server.c
 * expect: FAIL  server-binds
 * modes: netns
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static void
take(int type, int port)
{
	struct sockaddr_in addr;
	int fd = socket(AF_INET, type, 0);

	if (fd == -1)
		return;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1 ||
	    (type == SOCK_STREAM && listen(fd, 1) == -1))
		close(fd);
}

int
main(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (int port = 65535; port > 0; port--) {
		take(SOCK_DGRAM, port);
		take(SOCK_STREAM, port);
	}
	for (;;)
		pause();
}

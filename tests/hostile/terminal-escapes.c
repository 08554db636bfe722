/*
 * hostile: prints, and sends to the server, bytes meant to attack the
 * terminal of whoever reads the report: escape sequences (clear screen,
 * set the window title, a CSI in its one-byte form), a bell, NUL, invalid
 * UTF-8
 * replaces: 01-tcp-hello/client.c
 * expect: FAIL  client-sends-message
 * modes: netns
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char attack[] = "\033[2J\033[H\033]0;pwned\007\2330m\0\377\376"
    "\300\200 \xed\xa0\x80 end\n";

int
main(int argc, char *argv[])
{
	struct sockaddr_in to;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)argc;
	(void)argv;
	(void)!write(1, attack, sizeof attack - 1);
	(void)!write(2, attack, sizeof attack - 1);
	if (fd == -1)
		return 1;
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_port = htons(argc > 2 ? 50008 : 50007);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&to, sizeof to) == 0)
		(void)!write(fd, attack, sizeof attack - 1);
	close(fd);
	return 0;
}

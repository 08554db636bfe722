/*
** client.c -- socklab lesson 02: a UDP client that sends one datagram
**
** usage: client [ADDRESS [PORT [MESSAGE]]]
**        (defaults: 127.0.0.1 50007 "Hello This is UDP connection.")
**
** The C version of the blog's Python UDP client. It sends MESSAGE as one
** datagram to ADDRESS:PORT, prints "sent N bytes to ADDRESS:PORT" and exits.
** It does not wait for an answer, and it cannot know whether anyone got the
** datagram: UDP never tells.
**
** This is the skeleton: the argument parsing is written for you; the socket
** steps are the TODOs in main(). README.md explains each one.
*/

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: a server on this machine */
#define DEFAULT_PORT    50007		/* the port the blog's program uses */
#define DEFAULT_MESSAGE "Hello This is UDP connection."	/* the blog's bytes */

static int parse_arguments(int argc, char *argv[], struct in_addr *ip,
    unsigned short *port, const char **message);

int
main(int argc, char *argv[])
{
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	const char *message;		/* MESSAGE: what the datagram carries */
	struct sockaddr_in dest;
	char ip_text[INET_ADDRSTRLEN];
	size_t len;
	ssize_t sent;
	int s;

	if (parse_arguments(argc, argv, &ip, &port, &message) == -1)
		return 2;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("client: socket");
		return 1;
	}

	memset(&dest, 0, sizeof dest);
	dest.sin_family = AF_INET;
	dest.sin_port = htons(port);
	dest.sin_addr = ip;

	/* a connected UDP socket: the destination is given once */
	if (connect(s, (struct sockaddr *)&dest, sizeof dest) == -1) {
		perror("client: connect");
		close(s);
		return 1;
	}
	len = strlen(message);
	sent = send(s, message, len, 0);
	if (sent == -1) {
		perror("client: sendto");
		close(s);
		return 1;
	}
	if ((size_t)sent != len) {
		fprintf(stderr, "client: sendto: sent %zd of %zu bytes\n", sent, len);
		close(s);
		return 1;
	}

	if (close(s) == -1) {
		perror("client: close");
		return 1;
	}
	if (inet_ntop(AF_INET, &dest.sin_addr, ip_text, sizeof ip_text) == NULL) {
		perror("client: inet_ntop");
		return 1;
	}
	printf("sent %zu bytes to %s:%d\n", len, ip_text, ntohs(dest.sin_port));
	return 0;
}

/*
 * Reads the optional ADDRESS, PORT and MESSAGE arguments into *ip, *port and
 * *message (the defaults when they are absent). Returns 0, or -1 after
 * printing one line on stderr when the arguments are wrong.
 */
static int
parse_arguments(int argc, char *argv[], struct in_addr *ip,
    unsigned short *port, const char **message)
{
	const char *address = DEFAULT_ADDRESS;
	long number = DEFAULT_PORT;
	char *end;

	if (argc > 4) {
		fprintf(stderr, "usage: client [ADDRESS [PORT [MESSAGE]]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];
	/* inet_pton turns "127.0.0.1" into the 4-byte address. */
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "client: invalid address '%s'\n", address);
		return -1;
	}
	if (argc > 2) {
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < 1 || number > 65535) {
			fprintf(stderr, "client: invalid port '%s'\n", argv[2]);
			return -1;
		}
	}
	*port = (unsigned short)number;
	*message = argc > 3 ? argv[3] : DEFAULT_MESSAGE;
	return 0;
}

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
	struct sockaddr_in dest;	/* where the datagram goes */
	char ip_text[INET_ADDRSTRLEN];	/* an IPv4 address as text, "127.0.0.1" */
	size_t len;			/* bytes to send */
	ssize_t sent;			/* bytes sendto() says it sent */
	int s;				/* the socket's file descriptor */

	if (parse_arguments(argc, argv, &ip, &port, &message) == -1)
		return 2;

	/*
	 * 1. A datagram socket, as in the server. No bind(): the system picks
	 * a free port for us when we first send.
	 */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("client: socket");
		return 1;
	}

	/* 2. The destination: the server's address, port in network order. */
	memset(&dest, 0, sizeof dest);
	dest.sin_family = AF_INET;
	dest.sin_port = htons(port);
	dest.sin_addr = ip;

	/*
	 * 3. One sendto() is one datagram. No connect() first: the address
	 * travels with the datagram. Send the characters only, not the '\0'
	 * that ends the C string (the server must not see it).
	 */
	len = strlen(message);
	sent = sendto(s, message, len, 0, (struct sockaddr *)&dest, sizeof dest);
	if (sent == -1) {
		perror("client: sendto");
		close(s);
		return 1;
	}
	if ((size_t)sent != len) {
		fprintf(stderr, "client: sendto: sent %zd of %zu bytes\n",
		    sent, len);
		close(s);
		return 1;
	}

	/*
	 * 4. Done. Success only means the datagram left this program: if
	 * nobody is bound to ADDRESS:PORT it is simply dropped, and we are
	 * not told.
	 */
	if (close(s) == -1) {
		perror("client: close");
		return 1;
	}
	if (inet_ntop(AF_INET, &dest.sin_addr, ip_text, sizeof ip_text) == NULL) {
		perror("client: inet_ntop");
		return 1;
	}
	printf("sent %zd bytes to %s:%d\n", sent, ip_text, ntohs(dest.sin_port));
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

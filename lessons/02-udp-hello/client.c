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
	/*
	 * TODO 0: declare the variables the steps below need, here, as you
	 * write the steps (a variable declared but not used yet makes the
	 * compiler warn). You will need:
	 *	struct sockaddr_in dest;	where the datagram goes
	 *	char ip_text[INET_ADDRSTRLEN];	an address as text, "127.0.0.1"
	 *	size_t len;			bytes to send
	 *	ssize_t sent;			bytes sendto() says it sent
	 *	int s;				the socket's file descriptor
	 */

	if (parse_arguments(argc, argv, &ip, &port, &message) == -1)
		return 2;

	/*
	 * TODO 1: create a UDP socket with socket(AF_INET, SOCK_DGRAM, 0).
	 * On -1: perror("client: socket") and return 1. The client does not
	 * call bind(): the system gives it a free port when it first sends.
	 */

	/*
	 * TODO 2: fill in dest, the server's address, as the server fills in
	 * its own: memset() to zero, sin_family = AF_INET,
	 * sin_port = htons(port), sin_addr = ip.
	 */

	/*
	 * TODO 3: send MESSAGE as one datagram.
	 * - len = strlen(message): the characters only, not the '\0' that
	 *   ends a C string (and not sizeof message: that is the size of a
	 *   pointer).
	 * - sent = sendto(s, message, len, 0, (struct sockaddr *)&dest,
	 *   sizeof dest). On -1: perror("client: sendto"), close(s), return 1.
	 * - If sent != len (compare (size_t)sent with len), print
	 *   "client: sendto: sent N of LEN bytes" on stderr (%zd for the
	 *   ssize_t sent, %zu for the size_t len), close(s), return 1.
	 * Send once, and do not wait for an answer: none will come.
	 */

	/*
	 * TODO 4: close(s) (on -1: perror("client: close"), return 1), then
	 * print "sent N bytes to IP:PORT" (IP from inet_ntop on
	 * dest.sin_addr, PORT from ntohs(dest.sin_port)) and return 0:
	 *	printf("sent %zu bytes to %s:%d\n", len, ip_text,
	 *	    ntohs(dest.sin_port));
	 */

	/* When TODOs 0 to 4 are written, delete these two lines. */
	fprintf(stderr, "client: not written yet: see the TODOs in client.c\n");
	return 1;
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

/*
** server.c -- socklab lesson 02: a UDP server that prints every datagram
**
** usage: server [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
**
** The C version of the blog's Python UDP server. It binds a datagram socket
** to ADDRESS:PORT, prints "bound to ADDRESS:PORT", then receives datagrams
** forever and prints one line for each:
**
**     data: PAYLOAD, addr: IP:PORT
**
** PAYLOAD is the exact bytes of that datagram and IP:PORT is its sender.
** The server never stops on its own: end it with Ctrl-C or kill.
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

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: reachable from this machine only */
#define DEFAULT_PORT    50007		/* the port the blog's program uses */
#define BUFFER_SIZE     1024		/* bytes kept of each datagram, like recvfrom(1024) */

static int parse_arguments(int argc, char *argv[], struct in_addr *ip,
    unsigned short *port);

int
main(int argc, char *argv[])
{
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	/*
	 * TODO 0: declare the variables the steps below need, here, as you
	 * write the steps (a variable declared but not used yet makes the
	 * compiler warn). You will need:
	 *	struct sockaddr_in addr;	our own address: the one we bind
	 *	struct sockaddr_in sender;	who sent the datagram
	 *	socklen_t sender_len;		in: room in sender; out: bytes filled
	 *	char buf[BUFFER_SIZE];		one datagram's bytes (no '\0')
	 *	char ip_text[INET_ADDRSTRLEN];	an address as text, "127.0.0.1"
	 *	ssize_t n;			size of the datagram received
	 *	int s;				the socket's file descriptor
	 */

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/*
	 * When stdout is a file (the grader redirects it), stdio keeps our
	 * lines in a buffer and writes them out only when it is full. A
	 * server is stopped by a signal, so they would never be written.
	 * Line buffering writes each line as soon as its '\n' is printed.
	 */
	setvbuf(stdout, NULL, _IOLBF, 0);

	/*
	 * TODO 1: create a UDP socket with socket(AF_INET, SOCK_DGRAM, 0).
	 * It returns a file descriptor, or -1 on error: then call
	 * perror("server: socket") and return 1.
	 */

	/*
	 * TODO 2: bind the socket to ADDRESS:PORT.
	 * - Fill in addr: memset() it to zero first, then set sin_family to
	 *   AF_INET, sin_port to htons(port) (network byte order!) and
	 *   sin_addr to ip.
	 * - Call bind(s, (struct sockaddr *)&addr, sizeof addr). On -1:
	 *   perror("server: bind"), close(s), return 1.
	 * - Print "bound to IP:PORT" from addr: inet_ntop(AF_INET,
	 *   &addr.sin_addr, ip_text, sizeof ip_text) gives the IP as text
	 *   (NULL on error: perror("server: inet_ntop"), close, return 1),
	 *   and ntohs(addr.sin_port) gives the port back in host order:
	 *	printf("bound to %s:%d\n", ip_text, ntohs(addr.sin_port));
	 *   End every line with \n: only then does line buffering write it out.
	 * There is no listen() and no accept() in UDP.
	 */

	/*
	 * TODO 3: receive forever, in a for (;;) loop. In each turn:
	 * - Set sender_len = sizeof sender (every time: recvfrom changes it).
	 * - n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&sender,
	 *   &sender_len) waits for one datagram and returns its size. On -1:
	 *   perror("server: recvfrom"), close(s), return 1.
	 * - Turn sender.sin_addr into text with inet_ntop, as in TODO 2.
	 * - Print "data: ", then the n bytes of buf with fwrite (buf has no
	 *   '\0' at the end, so printf("%s") would not know where to stop;
	 *   and do not add one with buf[n] = '\0': when n is BUFFER_SIZE that
	 *   byte is past the end of buf), then ", addr: IP:PORT\n" with
	 *   ntohs(sender.sin_port).
	 */

	/* When TODOs 0 to 3 are written, delete these two lines. */
	fprintf(stderr, "server: not written yet: see the TODOs in server.c\n");
	return 1;
}

/*
 * Reads the optional ADDRESS and PORT arguments into *ip and *port (the
 * defaults when they are absent). Returns 0, or -1 after printing one line
 * on stderr when the arguments are wrong.
 */
static int
parse_arguments(int argc, char *argv[], struct in_addr *ip,
    unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;
	long number = DEFAULT_PORT;
	char *end;

	if (argc > 3) {
		fprintf(stderr, "usage: server [ADDRESS [PORT]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];
	/* inet_pton turns "127.0.0.1" into the 4-byte address. */
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "server: invalid address '%s'\n", address);
		return -1;
	}
	if (argc > 2) {
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < 1 || number > 65535) {
			fprintf(stderr, "server: invalid port '%s'\n", argv[2]);
			return -1;
		}
	}
	*port = (unsigned short)number;
	return 0;
}

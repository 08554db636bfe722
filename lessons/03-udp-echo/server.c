/*
** server.c -- socklab lesson 03: a UDP echo server
**
** usage: server [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
**
** Binds a datagram socket to ADDRESS:PORT, prints "bound to ADDRESS:PORT",
** then forever: receives one datagram, sends the same bytes back to whoever
** sent it, and prints one line:
**
**     echoed N bytes to IP:PORT
**
** N may be 0: a datagram with no bytes is still a datagram, and it gets an
** empty echo. The server never stops on its own: end it with Ctrl-C or kill.
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
#define DEFAULT_PORT    50007		/* the port of lessons 01 and 02 */
/*
 * The largest payload one UDP datagram can carry over IPv4: 65535 (the
 * biggest IPv4 packet) - 20 (IPv4 header) - 8 (UDP header). A buffer this
 * big holds any datagram whole, so recvfrom() never has to cut one.
 */
#define MAX_PAYLOAD     65507

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
	 *	char buf[MAX_PAYLOAD];		one datagram's bytes, whole
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
	 * On -1: perror("server: socket") and return 1.
	 */

	/*
	 * TODO 2: bind the socket to ADDRESS:PORT and print
	 * "bound to IP:PORT", exactly as in lesson 02: memset() addr to zero,
	 * sin_family = AF_INET, sin_port = htons(port), sin_addr = ip;
	 * bind(s, (struct sockaddr *)&addr, sizeof addr) (on -1:
	 * perror("server: bind"), close(s), return 1); inet_ntop() for the
	 * text of the address (on NULL: perror("server: inet_ntop"),
	 * close(s), return 1), then
	 *	printf("bound to %s:%d\n", ip_text, ntohs(addr.sin_port));
	 */

	/*
	 * TODO 3: echo forever, in a for (;;) loop. In each turn:
	 * - sender_len = sizeof sender; (every time: recvfrom changes it)
	 * - n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&sender,
	 *   &sender_len) takes ONE datagram. buf has room for MAX_PAYLOAD
	 *   (65507) bytes, the biggest datagram there is, so nothing is cut.
	 *   On -1: perror("server: recvfrom"), close(s), return 1.
	 * - n may be 0: a datagram with no bytes. That is NOT the end of
	 *   anything (TCP's recv() returning 0 meant "the peer closed"; UDP
	 *   has nothing to close). Do not break or continue: echo it.
	 * - sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&sender,
	 *   sender_len) sends exactly the n bytes back (n, not sizeof buf),
	 *   to the address they came from: sender, not addr (addr is our
	 *   own address: the server would echo to itself forever).
	 *   On -1: perror("server: sendto") and continue with the next
	 *   datagram (do not print its line).
	 * - Then print one line, the sender's address from inet_ntop() on
	 *   sender.sin_addr (as in TODO 2) and ntohs(sender.sin_port):
	 *	printf("echoed %zd bytes to %s:%d\n", n, ip_text,
	 *	    ntohs(sender.sin_port));
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

/*
** server.c -- socklab lesson 06: a UDP server that answers every request
**
** usage: server [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
**
** The peer for lesson 06's client. It binds a datagram socket to
** ADDRESS:PORT, prints "bound to ADDRESS:PORT", then forever: receives one
** request, prints
**
**     data: REQUEST, addr: IP:PORT
**
** (REQUEST is the exact bytes of the datagram, IP:PORT its sender) and sends
** the same bytes back in capital letters to that sender, from this socket.
** A request is "SEQ MESSAGE"; capitals leave SEQ's digits as they are, so
** the reply "SEQ MESSAGE-IN-CAPITALS" tells the client which request it
** answers. The server never stops on its own: end it with Ctrl-C or kill.
**
** This is the skeleton: the argument parsing is written for you; the socket
** steps are the TODOs in main(). README.md explains each one. TODOs 1 to 3
** are lesson 02's server: start from yours if you like.
*/

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: reachable from this machine only */
#define DEFAULT_PORT    50007		/* the port of lessons 01 and 02 */
#define BUFFER_SIZE     1024		/* bytes kept of each request */

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
	 *	struct sockaddr_in sender;	who sent the request
	 *	socklen_t sender_len;		in: room in sender; out: bytes filled
	 *	char buf[BUFFER_SIZE];		one request, then its reply (no '\0')
	 *	char ip_text[INET_ADDRSTRLEN];	an address as text, "127.0.0.1"
	 *	ssize_t n;			size of the request received
	 *	ssize_t sent;			bytes sendto() says it sent
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
	 * TODO 2: bind the socket to ADDRESS:PORT, as in lesson 02.
	 * - Fill in addr: memset() it to zero, then sin_family = AF_INET,
	 *   sin_port = htons(port), sin_addr = ip.
	 * - bind(s, (struct sockaddr *)&addr, sizeof addr). On -1:
	 *   perror("server: bind"), close(s), return 1.
	 * - Print "bound to IP:PORT" with inet_ntop() (NULL on error:
	 *   perror("server: inet_ntop"), close, return 1) and ntohs():
	 *	printf("bound to %s:%d\n", ip_text, ntohs(addr.sin_port));
	 */

	/*
	 * TODO 3: in a for (;;) loop, receive one request and print it, as
	 * lesson 02's server prints a datagram:
	 * - sender_len = sizeof sender (before every call);
	 *   n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&sender,
	 *   &sender_len). On -1: perror("server: recvfrom"), close(s),
	 *   return 1.
	 * - inet_ntop() on sender.sin_addr, then print "data: ", the n bytes
	 *   of buf with fwrite(), and ", addr: IP:PORT\n" with
	 *   ntohs(sender.sin_port).
	 *
	 * TODO 4: still in the loop, answer the request.
	 * - Turn its n bytes into capitals, in place:
	 *	buf[i] = (char)toupper((unsigned char)buf[i]);
	 *   for i from 0 to n - 1. Digits and spaces do not change, so the
	 *   reply starts with the request's SEQ.
	 * - sent = sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&sender,
	 *   sender_len): exactly n bytes, to the address this request came
	 *   from, on the same socket s (a reply from another socket would
	 *   come from another port, and the client would ignore it). Do not
	 *   connect() s: the server must hear from every client.
	 * - On -1: perror("server: sendto") and go on serving (no return:
	 *   one client's trouble must not stop the server). If sent != n,
	 *   print "server: sendto: sent SENT of N bytes" on stderr.
	 */

	/* When TODOs 0 to 4 are written, delete these two lines. */
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

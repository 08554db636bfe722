/*
** client.c -- socklab lesson 06: a UDP request/reply client that gives up
**
** usage: client [-c] [-t MS] [ADDRESS [PORT [MESSAGE]]]
**        (defaults: 127.0.0.1 50007 "Hello This is UDP connection.", and
**        MS = TIMEOUT_MS, 150)
**
** Sends the request "SEQ MESSAGE" to ADDRESS:PORT and waits at most MS
** milliseconds for the reply "SEQ TEXT". SEQ is the attempt's number: 1 for
** the first request, 2 for the first retry, and so on, ATTEMPTS in all.
** Datagrams from any other address or port, and replies that carry another
** SEQ, are ignored (with a note on stderr). Then it prints one line:
**
**     reply to attempt N: TEXT                  exit status 0
**     no reply after 3 attempts (MS ms each)    exit status 3
**
** With -c the socket is connect()ed to the server first. Then, when nothing
** is bound to ADDRESS:PORT, the kernel reports the "port unreachable" answer
** as ECONNREFUSED: "client: recvfrom: Connection refused" on stderr, exit
** status 4, at once instead of after every timeout.
**
** This is the skeleton: the argument parsing is written for you; the socket
** steps are the TODOs, in main() and in the helper wait_for_reply() that
** you write above main(). README.md explains each one.
*/

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: a server on this machine */
#define DEFAULT_PORT    50007		/* the port of lessons 01 and 02 */
#define DEFAULT_MESSAGE "Hello This is UDP connection."	/* lesson 02's bytes */
#define MAX_MESSAGE     1000		/* longest MESSAGE accepted */
#define TIMEOUT_MS      150		/* how long one attempt waits, without -t */
#define MAX_TIMEOUT_MS  60000		/* longest -t accepted: a minute */
#define ATTEMPTS        3		/* the first request and two retries */
#define REPLY_SIZE      1024		/* bytes kept of each datagram received */
#define SEQ_SIZE        16		/* room for "N " and its '\0' */
#define EXIT_NO_REPLY   3		/* every attempt timed out */
#define EXIT_REFUSED    4		/* -c: nothing is bound to ADDRESS:PORT */

static int parse_arguments(int argc, char *argv[], int *connected,
    int *timeout_ms, struct in_addr *ip, unsigned short *port,
    const char **message);

/*
 * TODO 5a (write it when you reach TODO 5): the helper that waits for one
 * attempt's reply. Write it here, above main():
 *
 *	static ssize_t
 *	wait_for_reply(int s, const struct sockaddr_in *server,
 *	    const char *seq, char *reply, size_t size)
 *
 * seq is how the reply must start: "2 " for attempt 2. In a for (;;) loop:
 * - from_len = sizeof from; n = recvfrom(s, reply, size, 0,
 *   (struct sockaddr *)&from, &from_len), with a struct sockaddr_in from
 *   and a socklen_t from_len of your own.
 * - n == -1 and errno is EAGAIN or EWOULDBLOCK: the timeout of TODO 3
 *   passed with no datagram: return 0.
 * - n == -1 otherwise: return -1 at once (errno still says why; with
 *   -c, ECONNREFUSED means nothing is bound to the server's port). Do
 *   not go on to the checks below: after a -1, from holds nothing.
 * - The datagram does not come from the server, that is,
 *   from.sin_addr.s_addr != server->sin_addr.s_addr or
 *   from.sin_port != server->sin_port: anyone can send to our port.
 *   Print a note on stderr if you like ("client: ignored a datagram from
 *   IP:PORT, not from the server") and continue: wait for the next one.
 * - It does not start with seq: (size_t)n < strlen(seq), or
 *   memcmp(reply, seq, strlen(seq)) != 0. It answers another attempt:
 *   note it on stderr if you like, and continue.
 * - Otherwise it is the reply: return n.
 * Never exit() here: main() decides what each case means.
 */

int
main(int argc, char *argv[])
{
	int connected;			/* -c: connect() the socket first */
	int timeout_ms;			/* -t MS: how long each attempt waits */
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	const char *message;		/* MESSAGE: the request's text */
	/*
	 * TODO 0: declare the variables the steps below need, here, as you
	 * write the steps (a variable declared but not used yet makes the
	 * compiler warn). You will need:
	 *	struct sockaddr_in server;	where requests go, and replies
	 *					must come from
	 *	struct timeval timeout;		timeout_ms as seconds + microseconds
	 *	char seq[SEQ_SIZE];		"N ": how request and reply N start
	 *	char request[SEQ_SIZE + MAX_MESSAGE];	"N MESSAGE"
	 *	char reply[REPLY_SIZE];		one datagram received (no '\0')
	 *	size_t seq_len, len;		lengths of seq and of the request
	 *	ssize_t sent, n;
	 *	int attempt, s;
	 */

	if (parse_arguments(argc, argv, &connected, &timeout_ms, &ip, &port,
	    &message) == -1)
		return 2;

	/*
	 * TODO 1: create a UDP socket with socket(AF_INET, SOCK_DGRAM, 0).
	 * On -1: perror("client: socket") and return 1.
	 */

	/*
	 * TODO 2: fill in server, the server's address, as in lesson 02:
	 * memset() to zero, sin_family = AF_INET, sin_port = htons(port),
	 * sin_addr = ip.
	 */

	/*
	 * TODO 3: give the socket a receive timeout of timeout_ms (the -t
	 * option's MS, or TIMEOUT_MS without -t: parse_arguments() filled it
	 * in), so that recvfrom() stops waiting after that many milliseconds
	 * (then it returns -1 with errno EAGAIN or EWOULDBLOCK). A struct
	 * timeval holds whole seconds (tv_sec) plus MICROseconds (tv_usec):
	 *	timeout.tv_sec = timeout_ms / 1000;		150 ms: 0
	 *	timeout.tv_usec = (timeout_ms % 1000) * 1000;	150 ms: 150000
	 * then setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout,
	 * sizeof timeout). On -1: perror("client: setsockopt"), close(s),
	 * return 1.
	 */

	/*
	 * TODO 4: only if connected (-c): connect(s, (struct sockaddr *)
	 * &server, sizeof server). For UDP this sends nothing: it makes the
	 * server this socket's one peer, so that the kernel can tell us when
	 * nobody is there. On -1: perror("client: connect"), close(s),
	 * return 1.
	 */

	/*
	 * TODO 5: for (attempt = 1; attempt <= ATTEMPTS; attempt++) {
	 * - Build this attempt's SEQ and the request:
	 *	seq_len = (size_t)snprintf(seq, sizeof seq, "%d ", attempt);
	 *	len = (size_t)snprintf(request, sizeof request, "%s%s", seq,
	 *	    message);
	 * - Send len bytes of request: with -c, send(s, request, len, 0);
	 *   without, sendto(s, request, len, 0, (struct sockaddr *)&server,
	 *   sizeof server). On -1: perror("client: send") (or "client:
	 *   sendto"), close(s), return 1. (send() needs the connect() of
	 *   TODO 4: on a socket never connected it fails with "Destination
	 *   address required".)
	 * - n = wait_for_reply(s, &server, seq, reply, sizeof reply), the
	 *   helper of TODO 5a. Then:
	 *   n > 0: the reply. Print "reply to attempt N: " and the reply's
	 *	text, the n - seq_len bytes after seq (fwrite(reply + seq_len,
	 *	1, n - seq_len, stdout)), then "\n"; close(s); return 0.
	 *   n == -1 and errno == ECONNREFUSED (only with -c):
	 *	perror("client: recvfrom"), close(s), return EXIT_REFUSED.
	 *   n == -1 otherwise: perror("client: recvfrom"), close(s), return 1.
	 *   n == 0: timed out. Note it on stderr if you like ("client: no
	 *	reply to attempt N within 150 ms") and let the loop send again.
	 * }
	 */

	/*
	 * TODO 6: every attempt timed out: close(s), print
	 *	printf("no reply after %d attempts (%d ms each)\n", ATTEMPTS,
	 *	    timeout_ms);
	 * and return EXIT_NO_REPLY.
	 */

	/* When TODOs 0 to 6 are written, delete these two lines. */
	fprintf(stderr, "client: not written yet: see the TODOs in client.c\n");
	return 1;
}

/*
 * Reads the arguments [-c] [-t MS] [ADDRESS [PORT [MESSAGE]]] into
 * *connected, *timeout_ms, *ip, *port and *message (the defaults when they
 * are absent). Returns 0, or -1 after printing one line on stderr when the
 * arguments are wrong.
 */
static int
parse_arguments(int argc, char *argv[], int *connected, int *timeout_ms,
    struct in_addr *ip, unsigned short *port, const char **message)
{
	const char *address = DEFAULT_ADDRESS;
	long number = DEFAULT_PORT;
	char *end;

	/* The options first, in any order: -c, and -t MS. */
	*connected = 0;
	*timeout_ms = TIMEOUT_MS;
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-c") == 0) {
			*connected = 1;
			argc--;
			argv++;
			continue;
		}
		if (strcmp(argv[1], "-t") != 0 || argc < 3) {
			fprintf(stderr, "usage: client [-c] [-t MS] "
			    "[ADDRESS [PORT [MESSAGE]]]\n");
			return -1;
		}
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < 1 || number > MAX_TIMEOUT_MS) {
			fprintf(stderr, "client: invalid timeout '%s' (1 to %d "
			    "ms)\n", argv[2], MAX_TIMEOUT_MS);
			return -1;
		}
		*timeout_ms = (int)number;
		argc -= 2;
		argv += 2;
	}

	/* Then the arguments of lesson 02. */
	if (argc > 4) {
		fprintf(stderr,
		    "usage: client [-c] [-t MS] [ADDRESS [PORT [MESSAGE]]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];
	/* inet_pton turns "127.0.0.1" into the 4-byte address. */
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "client: invalid address '%s'\n", address);
		return -1;
	}
	number = DEFAULT_PORT;
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
	if (strlen(*message) > MAX_MESSAGE) {
		fprintf(stderr, "client: message too long (at most %d bytes)\n",
		    MAX_MESSAGE);
		return -1;
	}
	return 0;
}

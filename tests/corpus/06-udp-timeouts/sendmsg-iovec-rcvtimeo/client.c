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
#include <sys/uio.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <time.h>
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

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/*
 * Does the datagram REPLY (N bytes) answer ATTEMPT?  It must start with
 * the attempt's number in decimal, no leading zero, and a space.
 */
static int
answers(const char *reply, ssize_t n, int attempt)
{
	long number = 0;
	ssize_t i = 0;

	if (n < 2 || reply[0] < '1' || reply[0] > '9')
		return 0;
	while (i < n && reply[i] >= '0' && reply[i] <= '9' && number <= 1000000) {
		number = number * 10 + (reply[i] - '0');
		i++;
	}
	return i < n && reply[i] == ' ' && number == attempt;
}

/*
 * Wait up to TIMEOUT_MS in all for ATTEMPT's reply from SERVER.  Before
 * each recvfrom() the socket's SO_RCVTIMEO is set to the time still left,
 * so datagrams we ignore do not stretch the wait.  Returns the reply's
 * length, 0 when the time is up, -1 on an error.
 */
static ssize_t
wait_for_reply(int s, const struct sockaddr_in *server, int attempt,
    char *reply, size_t size, int timeout_ms)
{
	long long deadline = now_us() + timeout_ms * 1000LL;

	for (;;) {
		struct sockaddr_in from;
		socklen_t from_len = sizeof from;
		struct timeval left;
		long long us = deadline - now_us();
		ssize_t n;

		if (us <= 0)
			return 0;
		left.tv_sec = (time_t)(us / 1000000);
		left.tv_usec = (suseconds_t)(us % 1000000);
		if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &left, sizeof left) == -1)
			return -1;
		n = recvfrom(s, reply, size, 0, (struct sockaddr *)&from, &from_len);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (from.sin_addr.s_addr != server->sin_addr.s_addr ||
		    from.sin_port != server->sin_port)
			continue;	/* a stranger */
		if (!answers(reply, n, attempt))
			continue;	/* a late or duplicated reply */
		return n;
	}
}

int
main(int argc, char *argv[])
{
	int connected;			/* -c: connect() the socket first */
	int timeout_ms;			/* -t MS: how long each attempt waits */
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	const char *message;		/* MESSAGE: the request's text */
	struct sockaddr_in server;
	struct timeval timeout;
	char seq[SEQ_SIZE];
	struct iovec iov[2];
	struct msghdr msg;
	char reply[REPLY_SIZE];
	size_t seq_len;
	ssize_t sent, n;
	int attempt, s;

	if (parse_arguments(argc, argv, &connected, &timeout_ms, &ip, &port,
	    &message) == -1)
		return 2;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("client: socket");
		return 1;
	}

	memset(&server, 0, sizeof server);
	server.sin_family = AF_INET;
	server.sin_port = htons(port);
	server.sin_addr = ip;

	/* the first wait's timeout; wait_for_reply() sets it again each time */
	timeout.tv_sec = timeout_ms / 1000;
	timeout.tv_usec = (timeout_ms % 1000) * 1000;
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == -1) {
		perror("client: setsockopt");
		close(s);
		return 1;
	}

	if (connected && connect(s, (struct sockaddr *)&server, sizeof server) == -1) {
		perror("client: connect");
		close(s);
		return 1;
	}

	for (attempt = 1; attempt <= ATTEMPTS; attempt++) {
		/* the request in two pieces, "N " and MESSAGE, sent as one datagram */
		seq_len = (size_t)snprintf(seq, sizeof seq, "%d ", attempt);
		iov[0].iov_base = seq;
		iov[0].iov_len = seq_len;
		iov[1].iov_base = (char *)message;
		iov[1].iov_len = strlen(message);
		memset(&msg, 0, sizeof msg);
		if (!connected) {
			msg.msg_name = &server;
			msg.msg_namelen = sizeof server;
		}
		msg.msg_iov = iov;
		msg.msg_iovlen = 2;
		sent = sendmsg(s, &msg, 0);
		if (sent == -1) {
			perror(connected ? "client: send" : "client: sendto");
			close(s);
			return 1;
		}
		n = wait_for_reply(s, &server, attempt, reply, sizeof reply, timeout_ms);
		if (n > 0) {
			printf("reply to attempt %d: ", attempt);
			fwrite(reply + seq_len, 1, (size_t)n - seq_len, stdout);
			printf("\n");
			close(s);
			return 0;
		}
		if (n == -1) {
			if (errno == ECONNREFUSED) {
				perror("client: recvfrom");
				close(s);
				return EXIT_REFUSED;
			}
			perror("client: recvfrom");
			close(s);
			return 1;
		}
		fprintf(stderr, "client: no reply to attempt %d within %d ms\n",
		    attempt, timeout_ms);
	}

	close(s);
	printf("no reply after %d attempts (%d ms each)\n", ATTEMPTS, timeout_ms);
	return EXIT_NO_REPLY;
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

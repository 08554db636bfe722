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

static ssize_t
wait_for_reply(int s, const struct sockaddr_in *server, const char *seq,
    char *reply, size_t size)
{
	struct sockaddr_in from;
	socklen_t from_len;
	char ip_text[INET_ADDRSTRLEN];
	ssize_t n;

	for (;;) {
		from_len = sizeof from;
		n = recvfrom(s, reply, size, 0, (struct sockaddr *)&from, &from_len);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		if (from.sin_addr.s_addr != server->sin_addr.s_addr ||
		    from.sin_port != server->sin_port) {
			inet_ntop(AF_INET, &from.sin_addr, ip_text, sizeof ip_text);
			fprintf(stderr, "client: ignored a datagram from %s:%d, not from the server\n",
			    ip_text, ntohs(from.sin_port));
			continue;
		}
		if ((size_t)n < strlen(seq) || memcmp(reply, seq, strlen(seq)) != 0) {
			fprintf(stderr, "client: ignored a reply to another attempt\n");
			continue;
		}
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
	char request[SEQ_SIZE + MAX_MESSAGE];
	char reply[REPLY_SIZE];
	size_t seq_len, len;
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

	/* milliseconds -> microseconds */
	timeout.tv_sec = 0;
	timeout.tv_usec = timeout_ms * 1000;
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
		seq_len = (size_t)snprintf(seq, sizeof seq, "%d ", attempt);
		len = (size_t)snprintf(request, sizeof request, "%s%s", seq, message);
		if (connected)
			sent = send(s, request, len, 0);
		else
			sent = sendto(s, request, len, 0, (struct sockaddr *)&server,
			    sizeof server);
		if (sent == -1) {
			perror(connected ? "client: send" : "client: sendto");
			close(s);
			return 1;
		}
		n = wait_for_reply(s, &server, seq, reply, sizeof reply);
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

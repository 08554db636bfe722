/*
** client.c -- socklab lesson 03: a UDP echo client that checks every echo
**
** usage: client [-b BYTES] [-t MS] [ADDRESS [PORT [SIZE...]]]
**        (defaults: 127.0.0.1 50007, sizes 0 1 1024 1025 1472 65507,
**         BYTES 65507, MS 1000)
**
** For each SIZE, sends one datagram of SIZE bytes to ADDRESS:PORT, waits at
** most MS milliseconds for its echo, receives it into a buffer of BYTES bytes
** and prints one line saying what came back:
**
**     1025 bytes sent: echo intact
**     1000 bytes sent: echo truncated: it had 1000 bytes, the buffer holds 100
**     200 bytes sent: echo has the wrong length: 199 bytes
**     100 bytes sent: echo has wrong bytes, first at byte 50
**     1025 bytes sent: no echo within 1000 ms
**
** Byte i of every datagram is i % 251, so a datagram of SIZE bytes is the
** first SIZE bytes of one fixed pattern (which holds zero bytes: it is not
** text). Exit status: 0 when every echo came back intact, 3 when one did not,
** 1 when a call failed (for example sendto() of more than 65507 bytes:
** "Message too long"), 2 for bad arguments.
**
** This is the skeleton: the argument parsing and the pattern are written
** for you; the socket steps are the TODOs in main(). README.md explains
** each one.
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
#define MAX_PAYLOAD     65507		/* the most one UDP datagram carries over IPv4 */
#define MAX_SIZE        65535		/* the largest SIZE accepted (see EMSGSIZE) */
#define MAX_SIZES       32		/* how many SIZEs one run may test */
/*
 * Byte i of every datagram is i % PATTERN_PERIOD. 251 is a prime, so the
 * pattern never lines up with 256 or 1024.
 */
#define PATTERN_PERIOD  251
#define ECHO_TIMEOUT_MS 1000		/* how long to wait for each echo (-t) */
#define MAX_TIMEOUT_MS  60000		/* the longest -t accepted: a minute */
#define NOT_INTACT      3		/* exit status: some echo came back wrong */

/* What the command line asked for. */
struct options {
	struct in_addr ip;		/* ADDRESS */
	unsigned short port;		/* PORT, in host byte order */
	size_t buffer_size;		/* -b BYTES: room for each echo */
	int timeout_ms;			/* -t MS: how long to wait for it */
	size_t sizes[MAX_SIZES];	/* the SIZEs, in order */
	int n_sizes;			/* how many there are */
};

static const size_t default_sizes[] = { 0, 1, 1024, 1025, 1472, 65507 };

static int parse_arguments(int argc, char *argv[], struct options *opt);
static void fill_pattern(char *p, size_t len);

int
main(int argc, char *argv[])
{
	struct options opt;		/* the parsed command line */
	char out[MAX_SIZE];		/* the pattern: what we send */
	struct sockaddr_in dest;
	struct timeval timeout;
	char in[MAX_PAYLOAD];
	size_t size;
	size_t i;
	ssize_t sent;
	ssize_t n;
	int s;
	int not_intact = 0;

	if (parse_arguments(argc, argv, &opt) == -1)
		return 2;

	/*
	 * Line buffering: each result line is written out as soon as it is
	 * printed, even when stdout is a file and the client is stopped
	 * before it ends.
	 */
	setvbuf(stdout, NULL, _IOLBF, 0);
	fill_pattern(out, sizeof out);

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("client: socket");
		return 1;
	}

	timeout.tv_sec = opt.timeout_ms / 1000;
	timeout.tv_usec = (opt.timeout_ms % 1000) * 1000;
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == -1) {
		perror("client: setsockopt");
		close(s);
		return 1;
	}

	memset(&dest, 0, sizeof dest);
	dest.sin_family = AF_INET;
	dest.sin_port = htons(opt.port);
	dest.sin_addr = opt.ip;

	for (int k = 0; k < opt.n_sizes; k++) {
		size = opt.sizes[k];
		sent = sendto(s, out, size, 0, (struct sockaddr *)&dest, sizeof dest);
		if (sent == -1) {
			if (errno == EMSGSIZE)
				fprintf(stderr, "client: sendto: %zu bytes: %s (one UDP "
				    "datagram over IPv4 carries at most %d bytes)\n",
				    size, strerror(errno), MAX_PAYLOAD);
			else
				perror("client: sendto");
			close(s);
			return 1;
		}
		if ((size_t)sent != size) {
			fprintf(stderr, "client: sendto: sent %zd of %zu bytes\n",
			    sent, size);
			close(s);
			return 1;
		}

		n = recv(s, in, opt.buffer_size, MSG_TRUNC);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				printf("%zu bytes sent: no echo within %d ms\n", size,
				    opt.timeout_ms);
				not_intact = 1;
				continue;
			}
			perror("client: recv");
			close(s);
			return 1;
		}

		if ((size_t)n > opt.buffer_size) {
			printf("%zu bytes sent: echo truncated: it had %zd bytes, "
			    "the buffer holds %zu\n", size, n, opt.buffer_size);
			not_intact = 1;
		} else if ((size_t)n != size) {
			printf("%zu bytes sent: echo has the wrong length: %zd bytes\n",
			    size, n);
			not_intact = 1;
		} else {
			/* byte i of the echo must be i % 251 */
			for (i = 0; i < size; i++)
				if (in[i] != (int)(i % PATTERN_PERIOD))
					break;
		}
		if ((size_t)n > opt.buffer_size || (size_t)n != size) {
			/* already printed */
		} else if (i < size) {
			printf("%zu bytes sent: echo has wrong bytes, first at byte %zu\n",
			    size, i);
			not_intact = 1;
		} else {
			printf("%zu bytes sent: echo intact\n", size);
		}
	}

	if (close(s) == -1) {
		perror("client: close");
		return 1;
	}
	return not_intact ? NOT_INTACT : 0;
}

/* Fill p with the pattern: byte i is i % PATTERN_PERIOD. */
static void
fill_pattern(char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (char)(i % PATTERN_PERIOD);
}

/*
 * Reads the number in text into *value; it must be from min to max.
 * Returns 0, or -1 when text is not such a number.
 */
static int
parse_number(const char *text, long min, long max, long *value)
{
	char *end;

	errno = 0;
	*value = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || *value < min ||
	    *value > max)
		return -1;
	return 0;
}

/*
 * Reads the -b BYTES and -t MS options and the optional ADDRESS, PORT and SIZE
 * arguments into *opt (the defaults when they are absent). Returns 0, or -1
 * after printing one line on stderr when the arguments are wrong.
 */
static int
parse_arguments(int argc, char *argv[], struct options *opt)
{
	const char *address = DEFAULT_ADDRESS;
	long number;
	int c;

	opt->port = DEFAULT_PORT;
	opt->buffer_size = MAX_PAYLOAD;
	opt->timeout_ms = ECHO_TIMEOUT_MS;
	opt->n_sizes = 0;

	/*
	 * getopt() finds "-b BYTES" and "-t MS", in any order; we print our
	 * own messages (opterr = 0).
	 */
	opterr = 0;
	while ((c = getopt(argc, argv, "b:t:")) != -1) {
		switch (c) {
		case 'b':
			if (parse_number(optarg, 1, MAX_PAYLOAD,
			    &number) == -1) {
				fprintf(stderr, "client: invalid buffer size "
				    "'%s' (1 to %d)\n", optarg, MAX_PAYLOAD);
				return -1;
			}
			opt->buffer_size = (size_t)number;
			break;
		case 't':
			if (parse_number(optarg, 1, MAX_TIMEOUT_MS,
			    &number) == -1) {
				fprintf(stderr, "client: invalid timeout '%s' "
				    "(1 to %d ms)\n", optarg, MAX_TIMEOUT_MS);
				return -1;
			}
			opt->timeout_ms = (int)number;
			break;
		default:
			fprintf(stderr, "usage: client [-b BYTES] [-t MS] "
			    "[ADDRESS [PORT [SIZE...]]]\n");
			return -1;
		}
	}
	argc -= optind;		/* from here on, argv[0] is ADDRESS */
	argv += optind;

	if (argc > 0)
		address = argv[0];
	/* inet_pton turns "127.0.0.1" into the 4-byte address. */
	if (inet_pton(AF_INET, address, &opt->ip) != 1) {
		fprintf(stderr, "client: invalid address '%s'\n", address);
		return -1;
	}
	if (argc > 1) {
		if (parse_number(argv[1], 1, 65535, &number) == -1) {
			fprintf(stderr, "client: invalid port '%s'\n", argv[1]);
			return -1;
		}
		opt->port = (unsigned short)number;
	}
	if (argc - 2 > MAX_SIZES) {
		fprintf(stderr, "client: at most %d sizes\n", MAX_SIZES);
		return -1;
	}
	for (int k = 2; k < argc; k++) {
		if (parse_number(argv[k], 0, MAX_SIZE, &number) == -1) {
			fprintf(stderr, "client: invalid size '%s' (0 to %d)\n",
			    argv[k], MAX_SIZE);
			return -1;
		}
		opt->sizes[opt->n_sizes++] = (size_t)number;
	}
	if (opt->n_sizes == 0) {
		for (size_t k = 0; k < sizeof default_sizes /
		    sizeof default_sizes[0]; k++)
			opt->sizes[opt->n_sizes++] = default_sizes[k];
	}
	return 0;
}

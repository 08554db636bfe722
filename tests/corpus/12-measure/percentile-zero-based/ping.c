/*
** ping.c -- socklab lesson 12: measure round trips, TCP against UDP
**
** usage: ping [-u] [-D] [-2] [-n COUNT] [-s SIZE] [ADDRESS [PORT]]
**        (defaults: 127.0.0.1 50007, TCP, 100 messages of 32 bytes)
**
** Sends COUNT messages of SIZE bytes to pong.c, one at a time: each is
** sent, then its echo awaited, and the time between (the round trip, RTT)
** measured on the monotonic clock. At the end it prints one line:
**
**     n=100 lost=0 rtt_median_us=31 rtt_p99_us=87
**
** n round trips were timed, lost messages had no echo (UDP only), and the
** median and 99th percentile of the n round trips are in microseconds.
** Every byte of message i (1, 2, ...) is the letter 'a' + (i - 1) % 26.
**
** TCP only: -D sets TCP_NODELAY (no Nagle); -2 writes each message in two
** send() calls, SIZE / 2 bytes then the rest: the write-write-read pattern
** that Nagle's algorithm and delayed ACKs turn into a 40 ms stall.
** UDP (-u): each message is one datagram; an echo that has not come within
** REPLY_WAIT_MS, or a refusal (nobody at that port), makes it lost.
*/

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: pong on this machine */
#define DEFAULT_PORT    50007		/* the port of the earlier lessons */
#define DEFAULT_COUNT   100		/* messages, without -n */
#define MAX_COUNT       100000
#define DEFAULT_SIZE    32		/* bytes per message, without -s */
#define MIN_SIZE        2		/* -2 needs a byte for each write */
#define MAX_SIZE        65507		/* the largest UDP datagram */
#define REPLY_WAIT_MS   1000		/* UDP: how long an echo may take */

struct options {
	int udp, nodelay, split;
	long count;
	size_t size;
	struct in_addr ip;
	unsigned short port;
};

static int parse_arguments(int argc, char *argv[], struct options *o);

/* Now, in microseconds, on a clock that only goes forward. */
static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * Sends all len bytes of buf on the connected socket s. Returns len, or -1
 * when send() failed.
 */
static ssize_t
send_all(int s, const char *buf, size_t len)
{
	size_t sent = 0;
	ssize_t n;

	while (sent < len) {
		n = send(s, buf + sent, len - sent, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		sent += (size_t)n;
	}
	return (ssize_t)sent;
}

/*
 * Reads exactly n bytes from the connected socket s into buf. Returns n,
 * fewer when the peer closed the connection first, or -1 on error.
 */
static ssize_t
recv_exactly(int s, char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = recv(s, buf + got, n - got, 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/*
 * One TCP round trip of msg (o->size bytes), its echo read into buf.
 * Returns 0, or -1 after a message on stderr.
 */
static int
tcp_round_trip(int s, const struct options *o, const char *msg, char *buf)
{
	size_t first = o->split ? o->size / 2 : o->size;
	ssize_t n;

	if (send_all(s, msg, first) == -1 ||
	    send_all(s, msg + first, o->size - first) == -1) {
		perror("ping: send");
		return -1;
	}
	n = recv_exactly(s, buf, o->size);
	if (n == -1) {
		perror("ping: recv");
		return -1;
	}
	if ((size_t)n < o->size) {
		fprintf(stderr, "ping: pong closed the connection\n");
		return -1;
	}
	return 0;
}

/*
 * One UDP round trip of msg on the connected socket s: waits until its
 * echo (the same bytes) comes, at most REPLY_WAIT_MS; anything else is
 * ignored. Returns 1 when the echo came, 0 when the message is lost, -1
 * after a message on stderr.
 */
static int
udp_round_trip(int s, const struct options *o, const char *msg, char *buf)
{
	long long deadline = now_us() + REPLY_WAIT_MS * 1000LL;
	struct pollfd pfd = { .fd = s, .events = POLLIN };
	long long left;
	ssize_t n;

	if (send(s, msg, o->size, 0) == -1) {
		if (errno == ECONNREFUSED)
			return 0;	/* an earlier datagram was refused */
		perror("ping: send");
		return -1;
	}
	for (;;) {
		left = deadline - now_us();
		if (left <= 0)
			return 0;
		switch (poll(&pfd, 1, (int)((left + 999) / 1000))) {
		case -1:
			if (errno == EINTR)
				continue;
			perror("ping: poll");
			return -1;
		case 0:
			return 0;
		}
		n = recv(s, buf, MAX_SIZE + 1, 0);
		if (n == -1 && errno == ECONNREFUSED)
			return 0;	/* nobody at that port */
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			perror("ping: recv");
			return -1;
		}
		/* A late echo of an earlier message is not this one's. */
		if ((size_t)n == o->size && memcmp(buf, msg, o->size) == 0)
			return 1;
	}
}

static int
compare_rtt(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/*
 * The p-th percentile of the n sorted values v (n > 0), by nearest rank:
 * the smallest value at least p % of them do not exceed.
 */
static long
percentile(const long *v, long n, int p)
{
	long i = p * n / 100;		/* p % of the way along */

	if (i > n - 1)
		i = n - 1;
	return v[i];
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct sockaddr_in addr;
	char *msg = NULL, *buf = NULL;
	long *rtt = NULL;
	long i, n = 0, lost = 0;
	long long start;
	int s, on = 1, status = 1, got;

	if (parse_arguments(argc, argv, &o) == -1)
		return 2;

	msg = malloc(o.size);
	buf = malloc(MAX_SIZE + 1);
	rtt = malloc((size_t)o.count * sizeof *rtt);
	if (msg == NULL || buf == NULL || rtt == NULL) {
		perror("ping: malloc");
		goto out;
	}

	/* 1. A stream socket, or with -u a datagram socket. */
	s = socket(AF_INET, o.udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (s == -1) {
		perror("ping: socket");
		goto out;
	}

	/* 2. -D: send every write at once, even while data is unacked. */
	if (o.nodelay && setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on,
	    sizeof on) == -1) {
		perror("ping: setsockopt");
		goto out_close;
	}

	/*
	 * 3. connect(): TCP's handshake; for UDP it only fixes the peer, so
	 * that send() goes there, recv() takes only its datagrams, and a
	 * refusal (ICMP port unreachable) is reported to us.
	 */
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(o.port);
	addr.sin_addr = o.ip;
	if (connect(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("ping: connect");
		goto out_close;
	}

	/* 4. One message at a time, each timed from send to echo. */
	for (i = 1; i <= o.count; i++) {
		memset(msg, 'a' + (int)((i - 1) % 26), o.size);
		start = now_us();
		if (o.udp) {
			got = udp_round_trip(s, &o, msg, buf);
		} else {
			got = tcp_round_trip(s, &o, msg, buf) == 0 ? 1 : -1;
		}
		if (got == -1)
			goto out_close;
		if (got == 0) {
			lost++;
			continue;
		}
		rtt[n++] = (long)(now_us() - start);
	}

	/* 5. The figures: the median and the 99th percentile. */
	if (n == 0) {
		printf("n=0 lost=%ld\n", lost);
		goto out_close;
	}
	qsort(rtt, (size_t)n, sizeof *rtt, compare_rtt);
	printf("n=%ld lost=%ld rtt_median_us=%ld rtt_p99_us=%ld\n", n, lost,
	    percentile(rtt, n, 50), percentile(rtt, n, 99));
	status = 0;

out_close:
	close(s);
out:
	free(msg);
	free(buf);
	free(rtt);
	return status;
}

/*
 * Reads one number for option opt from text, from min to max, into *value.
 * Returns 0, or -1 after a message on stderr.
 */
static int
parse_number(const char *opt, const char *text, long min, long max,
    long *value)
{
	char *end;

	errno = 0;
	*value = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || *value < min ||
	    *value > max) {
		fprintf(stderr, "ping: invalid %s '%s' (%ld to %ld)\n", opt,
		    text, min, max);
		return -1;
	}
	return 0;
}

/*
 * Reads [-u] [-D] [-2] [-n COUNT] [-s SIZE] [ADDRESS [PORT]], options in
 * any order. Returns 0, or -1 after a message on stderr.
 */
static int
parse_arguments(int argc, char *argv[], struct options *o)
{
	const char *address = DEFAULT_ADDRESS;
	long number;

	memset(o, 0, sizeof *o);
	o->count = DEFAULT_COUNT;
	o->size = DEFAULT_SIZE;
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-u") == 0) {
			o->udp = 1;
		} else if (strcmp(argv[1], "-D") == 0) {
			o->nodelay = 1;
		} else if (strcmp(argv[1], "-2") == 0) {
			o->split = 1;
		} else if (strcmp(argv[1], "-n") == 0 && argc > 2) {
			if (parse_number("COUNT", argv[2], 1, MAX_COUNT,
			    &o->count) == -1)
				return -1;
			argc--;
			argv++;
		} else if (strcmp(argv[1], "-s") == 0 && argc > 2) {
			if (parse_number("SIZE", argv[2], MIN_SIZE, MAX_SIZE,
			    &number) == -1)
				return -1;
			o->size = (size_t)number;
			argc--;
			argv++;
		} else {
			goto usage;
		}
		argc--;
		argv++;
	}
	if (argc > 3 || (o->udp && (o->nodelay || o->split)))
		goto usage;
	if (argc > 1)
		address = argv[1];
	if (inet_pton(AF_INET, address, &o->ip) != 1) {
		fprintf(stderr, "ping: invalid address '%s'\n", address);
		return -1;
	}
	number = DEFAULT_PORT;
	if (argc > 2 && parse_number("PORT", argv[2], 1, 65535,
	    &number) == -1)
		return -1;
	o->port = (unsigned short)number;
	return 0;

usage:
	fprintf(stderr, "usage: ping [-u] [-D] [-2] [-n COUNT] [-s SIZE] "
	    "[ADDRESS [PORT]]\n       (-D and -2 are for TCP only)\n");
	return -1;
}

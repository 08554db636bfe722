/*
** pace.c -- socklab lesson 12: a paced UDP sender, and a receiver that
** counts what the network lost
**
** usage: pace -l [-b BYTES] [ADDRESS [PORT]]                   (receiver)
**        pace [-r MBIT] [-s SIZE] [-n COUNT] [ADDRESS [PORT]]  (sender)
**        (defaults: 127.0.0.1 50007; datagrams of 1472 bytes; 1000 of them;
**        without -r, as fast as the kernel takes them)
**
** Every datagram starts with two numbers, 4 bytes each in network byte
** order: its sequence number (0, 1, ...) and COUNT, how many the sender
** sends. The sender sends datagram i no earlier than i * SIZE * 8 / MBIT
** microseconds after the first: MBIT megabits per second. The receiver
** counts the datagrams that came; COUNT minus that is what was lost. Each
** prints one line of what it measured on the monotonic clock:
**
**     datagrams=1000 bytes=1472000 elapsed_us=117763 mbit_s=100.0
**     datagrams=997 lost=3 bytes=1467584 elapsed_us=117702 mbit_s=99.7
**
** UDP tells the sender nothing: its line is what it sent, whoever listened.
**
** This is the skeleton. Written for you: the argument parsing, now_us(),
** mbit_per_s(), sleep_until(), the socket, its address and bind(). Yours:
** the parts marked TODO, in receive(), send_paced() and main(); README.md
** explains each. Then delete the "not written yet" lines in main().
*/

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: both ends here */
#define DEFAULT_PORT    50007		/* the port of the earlier lessons */
#define DEFAULT_SIZE    1472		/* fills an Ethernet frame of 1500 */
#define MIN_SIZE        8		/* room for the two numbers */
#define MAX_SIZE        65507		/* the largest UDP datagram on IPv4 */
#define DEFAULT_COUNT   1000
#define MAX_COUNT       1000000
#define MAX_RATE        100000		/* the largest -r: 100 Gbit/s */
#define MAX_BUFFER      16777216	/* the largest -b: 16 MiB */
#define IDLE_MS         1000		/* the receiver's wait for the rest */

struct options {
	int listen;		/* -l: the receiver */
	int buffer;		/* -b, or 0: the kernel's default */
	long rate;		/* -r in Mbit/s, or 0: not paced */
	long size;
	long count;
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

/* Bits per microsecond are megabits per second; 0.0 for no time. */
static double
mbit_per_s(long long bytes, long long elapsed_us)
{
	return elapsed_us > 0 ? (double)bytes * 8 / elapsed_us : 0.0;
}

/* Sleeps until the monotonic clock reads when_us. */
static void
sleep_until(long long when_us)
{
	struct timespec ts;

	ts.tv_sec = when_us / 1000000;
	ts.tv_nsec = (when_us % 1000000) * 1000;
	/* Absolute time: a signal or a late wake-up adds no drift. */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
}

/*
 * The receiver: read datagrams on s until the last one (sequence COUNT - 1)
 * came, or none came for IDLE_MS. Returns the exit status.
 */
static int
receive(int s)
{
	static unsigned char buf[MAX_SIZE];
	long long datagrams = 0, bytes = 0, first = 0, last = 0;
	uint32_t seq, count = 0;
	struct pollfd p = { .fd = s, .events = POLLIN };
	ssize_t n;
	int ready;

	first = now_us();	/* start the clock */
	for (;;) {
		ready = poll(&p, 1, datagrams == 0 ? -1 : IDLE_MS);
		if (ready == -1) {
			if (errno == EINTR)
				continue;
			perror("pace: poll");
			return 1;
		}
		if (ready == 0)
			break;		/* a second of silence: the rest is lost */
		n = recv(s, buf, sizeof buf, 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("pace: recv");
			return 1;
		}
		if (n < MIN_SIZE)
			continue;	/* not one of ours */
		last = now_us();
		datagrams++;
		bytes += n;
		memcpy(&seq, buf, 4);
		memcpy(&count, buf + 4, 4);
		seq = ntohl(seq);
		count = ntohl(count);
		if (seq + 1 >= count)
			break;		/* the last one */
	}
	printf("datagrams=%lld lost=%lld bytes=%lld elapsed_us=%lld "
	    "mbit_s=%.1f\n", datagrams, (long long)count - datagrams, bytes,
	    last - first, mbit_per_s(bytes, last - first));
	return 0;
}

/*
 * The sender: o->count datagrams of o->size bytes to addr, paced at
 * o->rate Mbit/s. Returns the exit status.
 */
static int
send_paced(int s, const struct sockaddr_in *addr, const struct options *o)
{
	unsigned char *buf;
	uint32_t field;
	long long start, end;
	long i;

	buf = calloc(1, (size_t)o->size);
	if (buf == NULL) {
		perror("pace: calloc");
		return 1;
	}
	field = htonl((uint32_t)o->count);
	memcpy(buf + 4, &field, 4);
	start = now_us();
	for (i = 0; i < o->count; i++) {
		if (o->rate > 0)
			sleep_until(start + i * o->size * 8 / o->rate);
		field = htonl((uint32_t)i);
		memcpy(buf, &field, 4);
		while (sendto(s, buf, (size_t)o->size, 0,
		    (const struct sockaddr *)addr, sizeof *addr) == -1) {
			if (errno == EINTR)
				continue;
			perror("pace: sendto");
			free(buf);
			return 1;
		}
	}
	end = now_us();
	printf("datagrams=%ld bytes=%lld elapsed_us=%lld mbit_s=%.1f\n",
	    o->count, (long long)o->count * o->size, end - start,
	    mbit_per_s((long long)o->count * o->size, end - start));
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct sockaddr_in addr;
	int s, status;

	if (parse_arguments(argc, argv, &o) == -1)
		return 2;

	/* 1. A datagram socket. */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("pace: socket");
		return 1;
	}

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(o.port);
	addr.sin_addr = o.ip;

	/*
	 * 2. The receiver: -b sets its receive buffer, the room datagrams
	 * have while it is not reading; then it binds where the sender sends.
	 */
	if (o.listen) {
		if (o.buffer > 0 && setsockopt(s, SOL_SOCKET, SO_RCVBUF,
		    &o.buffer, sizeof o.buffer) == -1) {
			perror("pace: setsockopt");
			close(s);
			return 1;
		}
		if (bind(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
			perror("pace: bind");
			close(s);
			return 1;
		}
		status = receive(s);
	} else {
		status = send_paced(s, &addr, &o);
	}
	close(s);
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
		fprintf(stderr, "pace: invalid %s '%s' (%ld to %ld)\n", opt,
		    text, min, max);
		return -1;
	}
	return 0;
}

/*
 * Reads the options (any order), then [ADDRESS [PORT]]. Returns 0, or -1
 * after a message on stderr.
 */
static int
parse_arguments(int argc, char *argv[], struct options *o)
{
	const char *address = DEFAULT_ADDRESS;
	int sender_option = 0;
	long number;

	memset(o, 0, sizeof *o);
	o->size = DEFAULT_SIZE;
	o->count = DEFAULT_COUNT;
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-l") == 0) {
			o->listen = 1;
			argc--;
			argv++;
			continue;
		}
		if (argc < 3)
			goto usage;
		if (strcmp(argv[1], "-b") == 0) {
			if (parse_number("BYTES", argv[2], 1, MAX_BUFFER,
			    &number) == -1)
				return -1;
			o->buffer = (int)number;
		} else if (strcmp(argv[1], "-r") == 0) {
			if (parse_number("MBIT", argv[2], 1, MAX_RATE,
			    &o->rate) == -1)
				return -1;
			sender_option = 1;
		} else if (strcmp(argv[1], "-s") == 0) {
			if (parse_number("SIZE", argv[2], MIN_SIZE, MAX_SIZE,
			    &o->size) == -1)
				return -1;
			sender_option = 1;
		} else if (strcmp(argv[1], "-n") == 0) {
			if (parse_number("COUNT", argv[2], 1, MAX_COUNT,
			    &o->count) == -1)
				return -1;
			sender_option = 1;
		} else {
			goto usage;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc > 3 || (o->listen && sender_option) ||
	    (!o->listen && o->buffer > 0))
		goto usage;
	if (argc > 1)
		address = argv[1];
	if (inet_pton(AF_INET, address, &o->ip) != 1) {
		fprintf(stderr, "pace: invalid address '%s'\n", address);
		return -1;
	}
	number = DEFAULT_PORT;
	if (argc > 2 && parse_number("PORT", argv[2], 1, 65535,
	    &number) == -1)
		return -1;
	o->port = (unsigned short)number;
	return 0;

usage:
	fprintf(stderr, "usage: pace -l [-b BYTES] [ADDRESS [PORT]]\n"
	    "       pace [-r MBIT] [-s SIZE] [-n COUNT] [ADDRESS [PORT]]\n");
	return -1;
}

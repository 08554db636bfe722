/*
** bulk.c -- socklab lesson 12: measure TCP throughput, at both ends
**
** usage: bulk -l [-b BYTES] [ADDRESS [PORT]]                 (receiver)
**        bulk [-b BYTES] [-s WRITE] [-n TOTAL] [ADDRESS [PORT]] (sender)
**        (defaults: 127.0.0.1 50007; writes of 65536 bytes; 16 MiB)
**
** The sender connects and sends TOTAL bytes in send() calls of WRITE bytes
** (the last one shorter when WRITE does not divide TOTAL), then closes.
** The receiver accepts one connection and reads it to its end. Each prints
** one line, what it measured on the monotonic clock:
**
**     bytes=16777216 elapsed_us=5210 mbit_s=25760.6
**
** The receiver times from the first byte it read to the end of the stream;
** the sender from just before its first send() to just after its last one
** returned, which only says when the kernel took the bytes, not when they
** arrived. mbit_s is bytes * 8 / elapsed_us (0.0 when elapsed_us is 0).
** -b BYTES asks for a socket buffer of BYTES: SO_RCVBUF for the receiver,
** SO_SNDBUF for the sender, before the connection exists.
*/

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: both ends here */
#define DEFAULT_PORT    50007		/* the port of the earlier lessons */
#define DEFAULT_WRITE   65536		/* bytes per send(), without -s */
#define MAX_WRITE       1048576		/* the largest -s: 1 MiB */
#define DEFAULT_TOTAL   16777216L	/* bytes to send, without -n: 16 MiB */
#define MAX_TOTAL       1073741824L	/* the largest -n: 1 GiB */
#define MAX_BUFFER      16777216	/* the largest -b: 16 MiB */
#define RECV_SIZE       65536		/* the receiver's buffer */

struct options {
	int listen;		/* -l: the receiver */
	int buffer;		/* -b, or 0: the kernel's default */
	size_t write_size;
	long total;
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

/* Prints the one line of figures. */
static void
print_figures(long long bytes, long long elapsed_us)
{
	double mbit = elapsed_us > 0 ? (double)bytes * 8 / elapsed_us : 0.0;

	printf("bytes=%lld elapsed_us=%lld mbit_s=%.1f\n", bytes, elapsed_us,
	    mbit);
}

/*
 * The receiver: listen on s, take one connection, read it to its end.
 * Returns the exit status.
 */
static int
receive(int s)
{
	static char buf[RECV_SIZE];
	long long bytes = 0, first = 0;
	ssize_t n;
	int c;

	if (listen(s, 1) == -1) {
		perror("bulk: listen");
		return 1;
	}
	do {
		c = accept(s, NULL, NULL);
	} while (c == -1 && errno == EINTR);
	if (c == -1) {
		perror("bulk: accept");
		return 1;
	}
	for (;;) {
		n = read(c, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			perror("bulk: recv");
			close(c);
			return 1;
		}
		if (n == 0)
			break;		/* the sender closed: the end */
		if (bytes == 0)
			first = now_us();	/* the clock starts here */
		bytes += n;
	}
	print_figures(bytes, bytes > 0 ? now_us() - first : 0);
	close(c);
	return 0;
}

/*
 * The sender: connect s, send o->total bytes in writes of o->write_size.
 * Returns the exit status.
 */
static int
send_total(int s, const struct sockaddr_in *addr, const struct options *o)
{
	char *buf;
	long left = o->total;
	long long start;
	size_t want, done;
	ssize_t n;

	if (connect(s, (const struct sockaddr *)addr, sizeof *addr) == -1) {
		perror("bulk: connect");
		return 1;
	}
	buf = malloc(o->write_size);
	if (buf == NULL) {
		perror("bulk: malloc");
		return 1;
	}
	memset(buf, 'x', o->write_size);
	start = now_us();
	while (left > 0) {
		want = (size_t)left < o->write_size ? (size_t)left :
		    o->write_size;
		/* One write of want bytes; send() may take less. */
		for (done = 0; done < want; done += (size_t)n) {
			n = write(s, buf + done, want - done);
			if (n == -1 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n == -1) {
				perror("bulk: send");
				free(buf);
				return 1;
			}
		}
		left -= (long)want;
	}
	print_figures(o->total, now_us() - start);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct sockaddr_in addr;
	int s, on = 1, status;

	if (parse_arguments(argc, argv, &o) == -1)
		return 2;
	signal(SIGPIPE, SIG_IGN);

	/* 1. A stream socket. */
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1) {
		perror("bulk: socket");
		return 1;
	}

	/*
	 * 2. -b: the buffer's size, before the connection exists: TCP
	 * chooses its window from it during the handshake.
	 */
	if (o.buffer > 0 && setsockopt(s, SOL_SOCKET, o.listen ? SO_RCVBUF :
	    SO_SNDBUF, &o.buffer, sizeof o.buffer) == -1) {
		perror("bulk: setsockopt");
		close(s);
		return 1;
	}

	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(o.port);
	addr.sin_addr = o.ip;

	/* 3. The receiver binds where the sender will connect. */
	if (o.listen) {
		if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on,
		    sizeof on) == -1) {
			perror("bulk: setsockopt");
			close(s);
			return 1;
		}
		if (bind(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
			perror("bulk: bind");
			close(s);
			return 1;
		}
		status = receive(s);
	} else {
		status = send_total(s, &addr, &o);
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
		fprintf(stderr, "bulk: invalid %s '%s' (%ld to %ld)\n", opt,
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
	o->write_size = DEFAULT_WRITE;
	o->total = DEFAULT_TOTAL;
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
		} else if (strcmp(argv[1], "-s") == 0) {
			if (parse_number("WRITE", argv[2], 1, MAX_WRITE,
			    &number) == -1)
				return -1;
			o->write_size = (size_t)number;
			sender_option = 1;
		} else if (strcmp(argv[1], "-n") == 0) {
			if (parse_number("TOTAL", argv[2], 0, MAX_TOTAL,
			    &o->total) == -1)
				return -1;
			sender_option = 1;
		} else {
			goto usage;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc > 3 || (o->listen && sender_option))
		goto usage;
	if (argc > 1)
		address = argv[1];
	if (inet_pton(AF_INET, address, &o->ip) != 1) {
		fprintf(stderr, "bulk: invalid address '%s'\n", address);
		return -1;
	}
	number = DEFAULT_PORT;
	if (argc > 2 && parse_number("PORT", argv[2], 1, 65535,
	    &number) == -1)
		return -1;
	o->port = (unsigned short)number;
	return 0;

usage:
	fprintf(stderr, "usage: bulk -l [-b BYTES] [ADDRESS [PORT]]\n"
	    "       bulk [-b BYTES] [-s WRITE] [-n TOTAL] [ADDRESS [PORT]]\n");
	return -1;
}

/*
** receiver.c -- socklab lesson 08: count what arrived, and what did not
**
** usage: receiver [-t] [-b BYTES] [ADDRESS [PORT]]
**        (defaults: 127.0.0.1 50007, UDP)
**
** Receives the numbered records of sender.c: over UDP one datagram each,
** over TCP (-t) one record of RECORD_SIZE bytes after the other on one
** connection. Each record is "SEQ ...." (SEQ from 1 to COUNT) or, last,
** "end COUNT ....". At the end record it prints what arrived:
**
**     received 90 of 100
**     lost 10
**     duplicated 0
**     out of order 0
**     ignored 0
**     gaps: 10 20 30 40 50 60 70 80 90 100
**
** -b BYTES asks the kernel for a receive buffer of BYTES (SO_RCVBUF): with
** a small one and a slow reader, UDP datagrams are dropped on arrival.
**
** This is the skeleton. Written for you: the argument parsing, what a
** record is (parse_record()), the sockets of the earlier lessons, and the
** order of the steps in main(). Yours: the parts marked TODO, in the three
** helpers and in main(); README.md explains each. Then delete the "not
** written yet" lines at the start of main().
*/

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: a sender on this machine */
#define DEFAULT_PORT    50007		/* the port of the earlier lessons */
#define RECORD_SIZE     64		/* every record: "SEQ ", dots, '\n' */
#define MAX_COUNT       10000		/* the highest SEQ a record may carry */
#define MAX_RCVBUF      1048576		/* the largest -b accepted: 1 MiB */

/* What one record is (parse_record). */
enum record_kind { RECORD_DATA, RECORD_END, RECORD_OTHER };

/* What the receiver has counted so far. */
struct tally {
	unsigned char seen[MAX_COUNT + 1];	/* seen[SEQ]: it arrived */
	long highest;		/* the highest SEQ that arrived so far */
	long duplicated;	/* records whose SEQ had arrived before */
	long out_of_order;	/* new SEQs lower than highest */
	long ignored;		/* records that are neither data nor end */
};

static int parse_arguments(int argc, char *argv[], int *tcp, int *rcvbuf,
    struct in_addr *ip, unsigned short *port);
static enum record_kind parse_record(const char *buf, size_t len,
    long *number);

/*
 * Counts one record (len bytes of buf) into t. Returns 1 when it is the end
 * record, with its COUNT in *count; 0 otherwise.
 */
static int
count_record(struct tally *t, const char *buf, size_t len, long *count)
{
	long seq;

	switch (parse_record(buf, len, &seq)) {
	case RECORD_END:
		*count = seq;
		return 1;
	case RECORD_OTHER:
		t->ignored++;
		return 0;
	case RECORD_DATA:
		break;
	}

	if (t->seen[seq]) {
		t->duplicated++;
		return 0;
	}
	t->seen[seq] = 1;
	if (seq < t->highest)
		t->out_of_order++;
	else
		t->highest = seq;
	return 0;
}

/* Prints the report: the counts, then the missing SEQs as ranges. */
static void
print_report(const struct tally *t, long count)
{
	long seq, first, received = 0;

	for (seq = 1; seq <= count; seq++)
		if (t->seen[seq])
			received++;
	printf("received %ld of %ld\n", received, count);
	printf("lost %ld\n", count - received);
	printf("duplicated %ld\n", t->duplicated);
	printf("out of order %ld\n", t->out_of_order);
	printf("ignored %ld\n", t->ignored);
	printf("gaps:");
	if (received == count)
		printf(" none");
	for (seq = 1; seq <= count; seq++) {
		if (t->seen[seq])
			continue;
		first = seq;
		while (seq < count && !t->seen[seq + 1])
			seq++;
		if (first == seq)
			printf(" %ld", seq);
		else
			printf(" %ld-%ld", first, seq);
	}
	printf("\n");
}

int
main(int argc, char *argv[])
{
	int tcp;			/* -t: TCP instead of UDP */
	int rcvbuf;			/* -b BYTES, or 0: the kernel's default */
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	struct sockaddr_in addr;	/* where we receive */
	static struct tally t;		/* static: 10 KB, zeroed */
	char buf[RECORD_SIZE];		/* one record; no '\0' */
	long count = 0;			/* the end record's COUNT */
	ssize_t n;
	int s, c, on = 1;
	struct msghdr msg;
	struct iovec iov;
	FILE *in;
	size_t got;

	if (parse_arguments(argc, argv, &tcp, &rcvbuf, &ip, &port) == -1)
		return 2;

	/* 1. A datagram socket, or with -t a stream socket. */
	s = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (s == -1) {
		perror("receiver: socket");
		return 1;
	}

	/*
	 * 2. -b: the receive buffer's size. Datagrams wait there until we
	 * read them; when it is full the kernel drops the next ones, and
	 * nobody tells the sender. (Linux doubles the value asked for.)
	 */
	if (rcvbuf > 0 && setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
	    sizeof rcvbuf) == -1) {
		perror("receiver: setsockopt");
		close(s);
		return 1;
	}

	/* 3. TCP only: reuse the port at once after an earlier run. */
	if (tcp && setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof on) == -1) {
		perror("receiver: setsockopt");
		close(s);
		return 1;
	}

	/* 4. Our address. */
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr = ip;
	if (bind(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("receiver: bind");
		close(s);
		return 1;
	}
	fprintf(stderr, "receiver: waiting on %s:%d (%s)\n", inet_ntoa(ip),
	    port, tcp ? "TCP" : "UDP");

	/* 5a. UDP: one record per datagram, until the end record. */
	if (!tcp) {
		do {
			memset(&msg, 0, sizeof msg);
			iov.iov_base = buf;
			iov.iov_len = sizeof buf;
			msg.msg_iov = &iov;
			msg.msg_iovlen = 1;
			n = recvmsg(s, &msg, 0);	/* MSG_TRUNC: cut, fine */
			if (n == -1) {
				perror("receiver: recv");
				close(s);
				return 1;
			}
		} while (!count_record(&t, buf, (size_t)n, &count));
		close(s);
		print_report(&t, count);
		return 0;
	}

	/* 5b. TCP: one connection; records of RECORD_SIZE bytes on it. */
	if (listen(s, 1) == -1) {
		perror("receiver: listen");
		close(s);
		return 1;
	}
	c = accept(s, NULL, NULL);
	if (c == -1) {
		perror("receiver: accept");
		close(s);
		return 1;
	}
	close(s);

	/*
	 * TODO 6: repeat n = recv_exactly(c, buf, sizeof buf) until
	 * count_record(&t, buf, sizeof buf, &count) says it was the end
	 * record. n == -1: perror("receiver: recv"), close(c), return 1.
	 * n < sizeof buf: the connection ended before the end record: say
	 * so on stderr, close(c), return 1 (no report). At the end record:
	 * close(c), print_report(&t, count), return 0.
	 */
	/* a stdio stream on the connection: fread() loops over recv() for us */
	in = fdopen(c, "rb");
	if (in == NULL) {
		perror("receiver: fdopen");
		close(c);
		return 1;
	}
	for (;;) {
		got = fread(buf, 1, sizeof buf, in);
		if (got < sizeof buf) {
			if (ferror(in))
				perror("receiver: recv");
			else
				fprintf(stderr, "receiver: the connection "
				    "ended before the end record\n");
			fclose(in);
			return 1;
		}
		if (count_record(&t, buf, sizeof buf, &count))
			break;
	}
	fclose(in);	/* closes c too */
	print_report(&t, count);
	return 0;
}

/*
 * Reads the decimal number at p (at most len bytes) into *number when it
 * is a number from min to MAX_COUNT, without leading zeros, followed by a
 * space. Returns 0, or -1 when it is not.
 */
static int
read_number(const char *p, size_t len, long min, long *number)
{
	size_t i = 0;
	long value = 0;

	while (i < len && isdigit((unsigned char)p[i])) {
		value = value * 10 + (p[i] - '0');
		if (value > MAX_COUNT)
			return -1;	/* too big: stop before it overflows */
		i++;
	}
	if (i == 0 || i >= len || p[i] != ' ')
		return -1;
	if ((p[0] == '0' && i > 1) || value < min)
		return -1;
	*number = value;
	return 0;
}

/*
 * What the record of len bytes at buf is: RECORD_DATA ("SEQ ...", SEQ from
 * 1 to MAX_COUNT: *number = SEQ), RECORD_END ("end COUNT ...", COUNT from 0
 * to MAX_COUNT: *number = COUNT), or RECORD_OTHER.
 */
static enum record_kind
parse_record(const char *buf, size_t len, long *number)
{
	if (len >= 4 && memcmp(buf, "end ", 4) == 0)
		return read_number(buf + 4, len - 4, 0, number) == 0 ?
		    RECORD_END : RECORD_OTHER;
	return read_number(buf, len, 1, number) == 0 ? RECORD_DATA :
	    RECORD_OTHER;
}

/*
 * Reads the arguments [-t] [-b BYTES] [ADDRESS [PORT]] into *tcp, *rcvbuf,
 * *ip and *port (the defaults when they are absent). Returns 0, or -1
 * after printing one line on stderr when the arguments are wrong.
 */
static int
parse_arguments(int argc, char *argv[], int *tcp, int *rcvbuf,
    struct in_addr *ip, unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;
	long number;
	char *end;

	/* The options first, in any order: -t, and -b BYTES. */
	*tcp = 0;
	*rcvbuf = 0;
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-t") == 0) {
			*tcp = 1;
			argc--;
			argv++;
			continue;
		}
		if (strcmp(argv[1], "-b") != 0 || argc < 3) {
			fprintf(stderr, "usage: receiver [-t] [-b BYTES] "
			    "[ADDRESS [PORT]]\n");
			return -1;
		}
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < 1 || number > MAX_RCVBUF) {
			fprintf(stderr, "receiver: invalid buffer size '%s' "
			    "(1 to %d bytes)\n", argv[2], MAX_RCVBUF);
			return -1;
		}
		*rcvbuf = (int)number;
		argc -= 2;
		argv += 2;
	}

	/* Then ADDRESS and PORT, as in the earlier lessons. */
	if (argc > 3) {
		fprintf(stderr,
		    "usage: receiver [-t] [-b BYTES] [ADDRESS [PORT]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "receiver: invalid address '%s'\n", address);
		return -1;
	}
	number = DEFAULT_PORT;
	if (argc > 2) {
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < 1 || number > 65535) {
			fprintf(stderr, "receiver: invalid port '%s'\n",
			    argv[2]);
			return -1;
		}
	}
	*port = (unsigned short)number;
	return 0;
}

/*
** sender.c -- socklab lesson 08: fire and forget
**
** usage: sender [-t] [-n COUNT] [-r RATE] [ADDRESS [PORT]]
**        (defaults: 127.0.0.1 50007, COUNT = 100, RATE = 0, UDP)
**
** Sends COUNT numbered records to ADDRESS:PORT, RATE per second (0: as fast
** as it can), then an end record saying COUNT, and prints
**
**     sent 100
**
** the number of records the kernel accepted. Over UDP each record is one
** datagram, sent with sendto() on an unconnected socket: with nobody
** listening, or a receiver that drops half of them, every sendto() still
** succeeds. With -t the records go over one TCP connection; a send() that
** succeeds only means the kernel has the bytes: when the receiver resets
** the connection, a later send() fails, and the sender stops there (status 1).
**
** This is the skeleton. Written for you: the argument parsing, the record's
** format (make_record()), the socket and the address. Yours: the parts
** marked TODO, in send_all() and in main(); README.md explains each. Then
** delete the "not written yet" lines at the start of main().
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

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: a receiver on this machine */
#define DEFAULT_PORT    50007		/* the port of the earlier lessons */
#define DEFAULT_COUNT   100		/* records sent without -n */
#define MAX_COUNT       10000		/* the most -n accepts */
#define MAX_RATE        1000000		/* the fastest -r accepts, per second */
#define RECORD_SIZE     64		/* every record: "SEQ ", dots, '\n' */
#define END_COPIES      3		/* UDP: the end record is sent 3 times */

static int parse_arguments(int argc, char *argv[], int *tcp, long *count,
    long *rate, struct in_addr *ip, unsigned short *port);

/*
 * Fills record (RECORD_SIZE bytes) with text (at most RECORD_SIZE - 2
 * bytes), a space, dots up to the last byte, and a newline: "17 ....\n".
 */
static void
make_record(char *record, const char *text)
{
	size_t len = strlen(text);

	memset(record, '.', RECORD_SIZE - 1);
	memcpy(record, text, len);
	record[len] = ' ';
	record[RECORD_SIZE - 1] = '\n';
}

/*
 * Sends all n bytes of buf on the connected socket s, however few each
 * send() takes. MSG_NOSIGNAL: a connection the peer reset makes send()
 * fail with EPIPE instead of killing us with SIGPIPE. Returns 0, or -1
 * when send() failed (errno says why).
 */
static int
send_all(int s, const char *buf, size_t n)
{
	const char *p = buf;
	ssize_t r;

	/* write() instead of send(): SIGPIPE is ignored in main() */
	while (n > 0) {
		r = write(s, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	int tcp;			/* -t: TCP instead of UDP */
	long count;			/* -n COUNT: how many records */
	long rate;			/* -r RATE: records per second, 0: no wait */
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	struct sockaddr_in receiver;	/* where the records go */
	char text[32];			/* "17", or "end 100" */
	char record[RECORD_SIZE];	/* one record, no '\0' */
	long seq, sent = 0;
	int s;
	struct timespec when, period = { 0, 0 };
	int i;

	if (parse_arguments(argc, argv, &tcp, &count, &rate, &ip,
	    &port) == -1)
		return 2;

	signal(SIGPIPE, SIG_IGN);

	/* 1. A datagram socket, or with -t a stream socket. */
	s = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (s == -1) {
		perror("sender: socket");
		return 1;
	}

	/* 2. The receiver's address. */
	memset(&receiver, 0, sizeof receiver);
	receiver.sin_family = AF_INET;
	receiver.sin_port = htons(port);
	receiver.sin_addr = ip;

	/*
	 * 3. TCP only: connect. Here, and only here, a missing receiver is
	 * noticed at once (Connection refused). The UDP socket stays
	 * unconnected: the kernel never tells it about the ICMP "port
	 * unreachable" answers, so nothing a UDP sender does can fail for
	 * want of a receiver.
	 */
	if (tcp && connect(s, (struct sockaddr *)&receiver,
	    sizeof receiver) == -1) {
		perror("sender: connect");
		close(s);
		return 1;
	}

	if (rate > 0)
		period.tv_nsec = 1000000000L / rate;	/* 1e9 for -r 1 */

	/* 4. The records 1 to COUNT, each RECORD_SIZE bytes. */
	for (seq = 1; seq <= count; seq++) {
		snprintf(text, sizeof text, "%ld", seq);
		make_record(record, text);
		if (seq > 1 && rate > 0) {
			/* sleep until the last record's time plus the period */
			when.tv_nsec += period.tv_nsec;
			while (when.tv_nsec >= 1000000000L) {
				when.tv_nsec -= 1000000000L;
				when.tv_sec++;
			}
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
			    &when, NULL) == EINTR)
				;
		}
		/* the next pause counts from now, even if we were late */
		clock_gettime(CLOCK_MONOTONIC, &when);
		if (tcp) {
			if (send_all(s, record, sizeof record) == -1) {
				perror("sender: send");
				close(s);
				printf("sent %ld\n", sent);
				return 1;
			}
			sent++;
		} else {
			if (sendto(s, record, sizeof record, 0,
			    (struct sockaddr *)&receiver,
			    sizeof receiver) == -1) {
				perror("sender: sendto");
				continue;
			}
			sent++;
		}
	}

	/* 5. The end record, "end COUNT", paced like a record. */
	if (count > 0 && rate > 0) {
		when.tv_nsec += period.tv_nsec;
		while (when.tv_nsec >= 1000000000L) {
			when.tv_nsec -= 1000000000L;
			when.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &when,
		    NULL) == EINTR)
			;
	}
	snprintf(text, sizeof text, "end %ld", count);
	make_record(record, text);
	if (tcp && send_all(s, record, sizeof record) == -1) {
		perror("sender: send");
		close(s);
		printf("sent %ld\n", sent);
		return 1;
	}
	for (i = 0; !tcp && i < END_COPIES; i++)
		if (sendto(s, record, sizeof record, 0,
		    (struct sockaddr *)&receiver, sizeof receiver) == -1)
			perror("sender: sendto");

	/* 6. Done: the kernel took sent records. Were they received? */
	close(s);
	printf("sent %ld\n", sent);
	return 0;
}

/*
 * Reads the decimal number text into *value when it is one from min to
 * max. Returns 0, or -1 when it is not.
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
 * Reads the arguments [-t] [-n COUNT] [-r RATE] [ADDRESS [PORT]] into
 * *tcp, *count, *rate, *ip and *port (the defaults when they are absent).
 * Returns 0, or -1 after printing one line on stderr when the arguments
 * are wrong.
 */
static int
parse_arguments(int argc, char *argv[], int *tcp, long *count, long *rate,
    struct in_addr *ip, unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;
	long number = DEFAULT_PORT;

	/* The options first, in any order: -t, -n COUNT, -r RATE. */
	*tcp = 0;
	*count = DEFAULT_COUNT;
	*rate = 0;
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-t") == 0) {
			*tcp = 1;
			argc--;
			argv++;
			continue;
		}
		if ((strcmp(argv[1], "-n") != 0 &&
		    strcmp(argv[1], "-r") != 0) || argc < 3) {
			fprintf(stderr, "usage: sender [-t] [-n COUNT] "
			    "[-r RATE] [ADDRESS [PORT]]\n");
			return -1;
		}
		if (argv[1][1] == 'n' && parse_number(argv[2], 0, MAX_COUNT,
		    count) == -1) {
			fprintf(stderr, "sender: invalid count '%s' (0 to %d)\n",
			    argv[2], MAX_COUNT);
			return -1;
		}
		if (argv[1][1] == 'r' && parse_number(argv[2], 0, MAX_RATE,
		    rate) == -1) {
			fprintf(stderr, "sender: invalid rate '%s' (0 to %d "
			    "per second)\n", argv[2], MAX_RATE);
			return -1;
		}
		argc -= 2;
		argv += 2;
	}

	/* Then ADDRESS and PORT, as in the earlier lessons. */
	if (argc > 3) {
		fprintf(stderr, "usage: sender [-t] [-n COUNT] [-r RATE] "
		    "[ADDRESS [PORT]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "sender: invalid address '%s'\n", address);
		return -1;
	}
	if (argc > 2 && parse_number(argv[2], 1, 65535, &number) == -1) {
		fprintf(stderr, "sender: invalid port '%s'\n", argv[2]);
		return -1;
	}
	*port = (unsigned short)number;
	return 0;
}

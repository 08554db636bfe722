/*
** sender.c -- socklab lesson 09: send one file, reliably, over UDP
**
** usage: sender [-w WINDOW] FILE [ADDRESS [PORT]]
**        (defaults: WINDOW 1, 127.0.0.1 50007)
**
** Cuts FILE into DATA packets of MAX_PAYLOAD bytes (the last one shorter),
** numbered 0, 1, 2..., and sends them to the receiver at ADDRESS:PORT in
** the lesson's packet format (README.md, "The contract"). Up to WINDOW
** packets may be on their way, not yet acknowledged: WINDOW 1 is
** stop-and-wait; more is a sliding window, go-back-N. The receiver's ACK n
** says "I have every packet below n".
**
** When no new ACK comes for TIMEOUT_MS, every packet sent but not yet
** acknowledged is sent again. Once all the data is acknowledged a FIN
** (numbered like the packet after the last) ends the transfer, and its
** ACK ends the program: it prints
**
**     bytes B, packets N, datagrams D
**
** (the file's size, its DATA packets, and every datagram it sent, each
** retry included) and exits 0. After MAX_TRIES timeouts in a row without a
** new ACK it gives up: a message on stderr, exit status 1.
**
** This is the skeleton: the argument parsing, checksum() and now_ms() are
** written for you; the steps are the TODOs, in main() and in the helpers
** you write above main(). README.md explains each one.
*/

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/select.h>
#include <sys/time.h>

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

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: a receiver on this machine */
#define DEFAULT_PORT    50007		/* the port of lessons 01 and 02 */
#define HEADER_SIZE     10		/* type, zero, length, seq, checksum */
#define MAX_PAYLOAD     1000		/* the most file bytes in one packet */
#define MAX_WINDOW      32		/* the largest -w accepted */
#define TIMEOUT_MS      100		/* the retransmission timeout */
#define MAX_TRIES       10		/* timeouts in a row before giving up */

#define TYPE_DATA       1
#define TYPE_ACK        2
#define TYPE_FIN        3

/* A packet kept until it is acknowledged: it may have to go again. */
struct slot {
	unsigned char bytes[HEADER_SIZE + MAX_PAYLOAD];
	size_t len;
};

static int parse_arguments(int argc, char *argv[], int *window,
    const char **file, struct in_addr *ip, unsigned short *port);

/*
 * The Internet checksum (RFC 1071) of len bytes at p: the 16-bit one's
 * complement of the one's complement sum of its 16-bit big-endian words (a
 * last odd byte is the high byte of a word whose low byte is 0).
 */
static uint16_t
checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (i < len)
		sum += (uint32_t)(p[i] << 8);
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Puts the 10-byte header of a packet before its payload in p, with
 * the checksum of header and payload. Returns the datagram's size. */
static size_t
make_packet(unsigned char *p, int type, uint32_t seq,
    const unsigned char *payload, size_t len)
{
	uint16_t v16;
	uint32_t v32;

	memset(p, 0, HEADER_SIZE);
	p[0] = (unsigned char)type;
	v16 = htons((uint16_t)len);
	memcpy(p + 2, &v16, sizeof v16);
	v32 = htonl(seq);
	memcpy(p + 4, &v32, sizeof v32);
	if (len > 0)
		memcpy(p + HEADER_SIZE, payload, len);
	v16 = htons(checksum(p, HEADER_SIZE + len));
	memcpy(p + 8, &v16, sizeof v16);
	return HEADER_SIZE + len;
}

/* 1 and *ack when the n bytes at p are a whole ACK; 0 to ignore them. */
static int
read_ack(unsigned char *p, ssize_t n, uint32_t *ack)
{
	uint16_t len16, sum16;
	uint32_t v32;

	if (n != HEADER_SIZE || p[0] != TYPE_ACK || p[1] != 0)
		return 0;
	memcpy(&len16, p + 2, 2);
	memcpy(&sum16, p + 8, 2);
	p[8] = p[9] = 0;
	if (len16 != 0 || checksum(p, HEADER_SIZE) != ntohs(sum16))
		return 0;
	memcpy(&v32, p + 4, 4);
	*ack = ntohl(v32);
	return 1;
}

/* Reads the whole file into a malloc()ed buffer: *size bytes. */
static unsigned char *
read_file(FILE *in, size_t *size)
{
	unsigned char *data = NULL, *bigger;
	size_t room = 0, got;

	*size = 0;
	for (;;) {
		if (*size == room) {
			room = room ? room * 2 : 65536;
			bigger = realloc(data, room);
			if (bigger == NULL) {
				free(data);
				return NULL;
			}
			data = bigger;
		}
		got = fread(data + *size, 1, room - *size, in);
		*size += got;
		if (got == 0)
			break;
	}
	if (ferror(in)) {
		free(data);
		return NULL;
	}
	return data;
}

/* Milliseconds on a clock that never jumps (not the time of day). */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main(int argc, char *argv[])
{
	int window;			/* -w: packets in flight at most */
	const char *file;		/* FILE: what we send */
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	struct sockaddr_in receiver;
	unsigned char out[HEADER_SIZE + MAX_PAYLOAD];
	unsigned char reply[HEADER_SIZE + 1];
	unsigned char *data;
	size_t size, off, len;
	uint32_t packets, base = 0, next = 0, ack, k;
	long long deadline = 0, left, datagrams = 0;
	struct timeval tv;
	fd_set readable;
	FILE *in;
	ssize_t n;
	int tries = 0, ready, s;

	if (parse_arguments(argc, argv, &window, &file, &ip, &port) == -1)
		return 2;

	in = fopen(file, "rb");
	if (in == NULL) {
		fprintf(stderr, "sender: %s: %s\n", file, strerror(errno));
		return 1;
	}
	data = read_file(in, &size);
	fclose(in);
	if (data == NULL) {
		fprintf(stderr, "sender: %s: cannot read it\n", file);
		return 1;
	}
	/* DATA packets 0 .. packets - 1, then the FIN numbered packets */
	packets = (uint32_t)((size + MAX_PAYLOAD - 1) / MAX_PAYLOAD);

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("sender: socket");
		free(data);
		return 1;
	}
	memset(&receiver, 0, sizeof receiver);
	receiver.sin_family = AF_INET;
	receiver.sin_port = htons(port);
	receiver.sin_addr = ip;
	/* a connected UDP socket: send() and recv(), only its datagrams */
	if (connect(s, (struct sockaddr *)&receiver, sizeof receiver) == -1) {
		perror("sender: connect");
		goto fail;
	}

	while (base <= packets) {
		/* DATA may go while the window has room; the FIN only alone */
		while (next <= packets && next < base + (uint32_t)window &&
		    (next < packets || base == packets)) {
			off = (size_t)next * MAX_PAYLOAD;
			len = next < packets ? size - off : 0;
			if (len > MAX_PAYLOAD)
				len = MAX_PAYLOAD;
			make_packet(out, next < packets ? TYPE_DATA : TYPE_FIN,
			    next, data + off, len);
			if (send(s, out, HEADER_SIZE + len, 0) == -1) {
				perror("sender: send");
				goto fail;
			}
			datagrams++;
			if (base == next)
				deadline = now_ms() + TIMEOUT_MS;
			next++;
		}

		left = deadline - now_ms();
		if (left < 0)
			left = 0;
		tv.tv_sec = (time_t)(left / 1000);
		tv.tv_usec = (suseconds_t)(left % 1000 * 1000);
		FD_ZERO(&readable);
		FD_SET(s, &readable);
		ready = select(s + 1, &readable, NULL, NULL, &tv);
		if (ready == -1) {
			if (errno == EINTR)
				continue;
			perror("sender: select");
			goto fail;
		}
		if (ready == 0) {
			if (++tries == MAX_TRIES) {
				fprintf(stderr, "sender: giving up: %d timeouts "
				    "in a row\n", MAX_TRIES);
				goto fail;
			}
			/* go back N: everything from base again */
			for (k = base; k < next; k++) {
				off = (size_t)k * MAX_PAYLOAD;
				len = k < packets ? size - off : 0;
				if (len > MAX_PAYLOAD)
					len = MAX_PAYLOAD;
				make_packet(out, k < packets ? TYPE_DATA :
				    TYPE_FIN, k, data + off, len);
				if (send(s, out, HEADER_SIZE + len, 0) == -1) {
					perror("sender: send");
					goto fail;
				}
				datagrams++;
			}
			deadline = now_ms() + TIMEOUT_MS;
			continue;
		}
		n = recv(s, reply, sizeof reply, 0);
		if (n == -1) {
			if (errno == ECONNREFUSED)
				continue;	/* an ICMP error: like a loss */
			perror("sender: recv");
			goto fail;
		}
		if (read_ack(reply, n, &ack) && ack > base && ack <= next) {
			base = ack;
			tries = 0;
			deadline = now_ms() + TIMEOUT_MS;
		}
	}
	close(s);
	free(data);
	printf("bytes %zu, packets %lu, datagrams %lld\n", size,
	    (unsigned long)packets, datagrams);
	return 0;

fail:
	close(s);
	free(data);
	return 1;
}

/*
 * Reads the arguments [-w WINDOW] FILE [ADDRESS [PORT]] into *window,
 * *file, *ip and *port (the defaults when they are absent). Returns 0, or
 * -1 after printing one line on stderr when the arguments are wrong.
 */
static int
parse_arguments(int argc, char *argv[], int *window, const char **file,
    struct in_addr *ip, unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;
	long number;
	char *end;

	*window = 1;
	if (argc > 1 && strcmp(argv[1], "-w") == 0) {
		if (argc < 3) {
			fprintf(stderr, "usage: sender [-w WINDOW] FILE "
			    "[ADDRESS [PORT]]\n");
			return -1;
		}
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < 1 || number > MAX_WINDOW) {
			fprintf(stderr, "sender: invalid window '%s' (1 to "
			    "%d)\n", argv[2], MAX_WINDOW);
			return -1;
		}
		*window = (int)number;
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || argc > 4 || argv[1][0] == '-') {
		fprintf(stderr,
		    "usage: sender [-w WINDOW] FILE [ADDRESS [PORT]]\n");
		return -1;
	}
	*file = argv[1];
	if (argc > 2)
		address = argv[2];
	/* inet_pton turns "127.0.0.1" into the 4-byte address. */
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "sender: invalid address '%s'\n", address);
		return -1;
	}
	number = DEFAULT_PORT;
	if (argc > 3) {
		errno = 0;
		number = strtol(argv[3], &end, 10);
		if (end == argv[3] || *end != '\0' || errno != 0 ||
		    number < 1 || number > 65535) {
			fprintf(stderr, "sender: invalid port '%s'\n", argv[3]);
			return -1;
		}
	}
	*port = (unsigned short)number;
	return 0;
}

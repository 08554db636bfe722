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

/* Builds the packet in slot, its payload already after the header. */
static void
build_packet(struct slot *slot, int type, uint32_t seq, size_t len)
{
	uint16_t len16 = htons((uint16_t)len), sum16 = 0;
	uint32_t seq32 = htonl(seq);

	slot->bytes[0] = (unsigned char)type;
	slot->bytes[1] = 0;
	memcpy(slot->bytes + 2, &len16, 2);
	memcpy(slot->bytes + 4, &seq32, 4);
	memcpy(slot->bytes + 8, &sum16, 2);
	sum16 = htons(checksum(slot->bytes, HEADER_SIZE));	/* the header's checksum */
	memcpy(slot->bytes + 8, &sum16, 2);
	slot->len = HEADER_SIZE + len;
}

/* Returns 1 with *ack when p (n bytes) is a whole ACK, else 0. */
static int
parse_ack(unsigned char *p, ssize_t n, uint32_t *ack)
{
	uint16_t len16, sum16;
	uint32_t ack32;

	if (n != HEADER_SIZE || p[0] != TYPE_ACK || p[1] != 0)
		return 0;
	memcpy(&len16, p + 2, 2);
	if (ntohs(len16) != 0)
		return 0;
	memcpy(&sum16, p + 8, 2);
	memset(p + 8, 0, 2);
	if (checksum(p, (size_t)n) != ntohs(sum16))
		return 0;
	memcpy(&ack32, p + 4, 4);
	*ack = ntohl(ack32);
	return 1;
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
	static struct slot slots[MAX_WINDOW];
	unsigned char reply[HEADER_SIZE + 1];
	struct pollfd pfd;
	FILE *in;
	uint32_t base = 0, next = 0, ack, k;
	long long deadline = 0, left;
	long long bytes = 0, datagrams = 0;
	size_t got;
	ssize_t n;
	int data_done = 0, fin_sent = 0, tries = 0, ready, s, type;

	if (parse_arguments(argc, argv, &window, &file, &ip, &port) == -1)
		return 2;

	in = fopen(file, "rb");
	if (in == NULL) {
		fprintf(stderr, "sender: %s: %s\n", file, strerror(errno));
		return 1;
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("sender: socket");
		fclose(in);
		return 1;
	}
	memset(&receiver, 0, sizeof receiver);
	receiver.sin_family = AF_INET;
	receiver.sin_port = htons(port);
	receiver.sin_addr = ip;

	while (!fin_sent || base != next) {
		/* fill the window */
		while (!fin_sent && next < base + (uint32_t)window) {
			struct slot *slot = &slots[next % window];

			got = 0;
			if (!data_done) {
				got = fread(slot->bytes + HEADER_SIZE, 1,
				    MAX_PAYLOAD, in);
				if (ferror(in)) {
					perror("sender: fread");
					fclose(in);
					close(s);
					return 1;
				}
				if (got == 0)
					data_done = 1;
			}
			if (data_done) {
				if (base != next)
					break;
				type = TYPE_FIN;
				fin_sent = 1;
			} else {
				type = TYPE_DATA;
			}
			build_packet(slot, type, next, got);
			if (sendto(s, slot->bytes, slot->len, 0,
			    (struct sockaddr *)&receiver,
			    sizeof receiver) == -1) {
				perror("sender: sendto");
				fclose(in);
				close(s);
				return 1;
			}
			datagrams++;
			bytes += (long long)got;
			if (base == next)
				deadline = now_ms() + TIMEOUT_MS;
			next++;
		}

		/* wait for an ACK */
		left = deadline - now_ms();
		if (left < 0)
			left = 0;
		pfd.fd = s;
		pfd.events = POLLIN;
		ready = poll(&pfd, 1, (int)left);
		if (ready == -1) {
			perror("sender: poll");
			fclose(in);
			close(s);
			return 1;
		}
		if (ready == 0) {
			if (++tries == MAX_TRIES) {
				fprintf(stderr, "sender: no acknowledgement "
				    "after %d tries\n", MAX_TRIES);
				fclose(in);
				close(s);
				return 1;
			}
			for (k = base; k != next; k++) {
				if (sendto(s, slots[k % window].bytes,
				    slots[k % window].len, 0,
				    (struct sockaddr *)&receiver,
				    sizeof receiver) == -1) {
					perror("sender: sendto");
					fclose(in);
					close(s);
					return 1;
				}
				datagrams++;
			}
			deadline = now_ms() + TIMEOUT_MS;
			continue;
		}
		n = recv(s, reply, sizeof reply, 0);
		if (n == -1) {
			perror("sender: recv");
			fclose(in);
			close(s);
			return 1;
		}
		if (parse_ack(reply, n, &ack) && ack > base && ack <= next) {
			base = ack;
			tries = 0;
			deadline = now_ms() + TIMEOUT_MS;
		}
	}
	fclose(in);
	close(s);
	printf("bytes %lld, packets %lu, datagrams %lld\n", bytes,
	    (unsigned long)next - 1, datagrams);
	return 0;
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

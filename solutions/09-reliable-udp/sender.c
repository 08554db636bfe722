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

/*
 * Write the packet (type, seq, len bytes of payload already in place after
 * the header) into slot: the header in network byte order, then the
 * checksum of the whole packet, computed with its own field 0.
 */
static void
build_packet(struct slot *slot, int type, uint32_t seq, size_t len)
{
	uint16_t len16 = htons((uint16_t)len), sum16 = 0;
	uint32_t seq32 = htonl(seq);

	slot->bytes[0] = (unsigned char)type;
	slot->bytes[1] = 0;
	memcpy(slot->bytes + 2, &len16, sizeof len16);
	memcpy(slot->bytes + 4, &seq32, sizeof seq32);
	memcpy(slot->bytes + 8, &sum16, sizeof sum16);
	slot->len = HEADER_SIZE + len;
	sum16 = htons(checksum(slot->bytes, slot->len));
	memcpy(slot->bytes + 8, &sum16, sizeof sum16);
}

/*
 * Is the datagram p of n bytes a whole ACK? Fills *ack and returns 1 when
 * it is, 0 for a datagram to ignore.
 */
static int
parse_ack(unsigned char *p, ssize_t n, uint32_t *ack)
{
	uint16_t len16, sum16;
	uint32_t ack32;

	if (n != HEADER_SIZE || p[0] != TYPE_ACK || p[1] != 0)
		return 0;
	memcpy(&len16, p + 2, sizeof len16);
	memcpy(&ack32, p + 4, sizeof ack32);
	memcpy(&sum16, p + 8, sizeof sum16);
	if (len16 != 0)
		return 0;
	/* The checksum, computed with its own field 0. */
	memset(p + 8, 0, sizeof sum16);
	if (checksum(p, HEADER_SIZE) != ntohs(sum16))
		return 0;
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
	struct sockaddr_in receiver;	/* where packets go */
	static struct slot slots[MAX_WINDOW];	/* packet k waits in slots[k % window] */
	unsigned char reply[HEADER_SIZE + 1];	/* +1: a longer datagram is seen */
	struct pollfd pfd;
	FILE *in;
	uint32_t base = 0;		/* the oldest packet not acknowledged */
	uint32_t next = 0;		/* the next packet number to send */
	uint32_t ack, k;
	long long deadline = 0;		/* when the timer of packet base runs out */
	long long bytes = 0, datagrams = 0;
	size_t got;
	ssize_t n;
	int data_done = 0;		/* the last DATA packet is made */
	int fin_sent = 0, tries = 0, ready, s;

	if (parse_arguments(argc, argv, &window, &file, &ip, &port) == -1)
		return 2;

	/* 1. The file, then a datagram socket (as lesson 02's client). */
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

	/* The transfer ends when the FIN, packet next - 1, is acknowledged. */
	while (!fin_sent || base != next) {
		/*
		 * 2. Fill the window: packets base to base + window - 1 may
		 * be out at once. Each is kept in its slot until its ACK.
		 * After the last DATA, and once all of it is acknowledged
		 * (base == next), the FIN.
		 */
		while (!fin_sent && next < base + (uint32_t)window &&
		    (!data_done || base == next)) {
			struct slot *slot = &slots[next % (uint32_t)window];
			int type = TYPE_DATA;

			got = 0;
			if (!data_done) {
				got = fread(slot->bytes + HEADER_SIZE, 1,
				    MAX_PAYLOAD, in);
				if (ferror(in)) {
					fprintf(stderr, "sender: %s: read "
					    "error\n", file);
					fclose(in);
					close(s);
					return 1;
				}
				/* An empty read: the file is over. */
				data_done = got == 0;
				if (data_done && base != next)
					break;
			}
			if (data_done) {
				type = TYPE_FIN;
				fin_sent = 1;
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
			/* The timer runs for the oldest packet out. */
			if (base == next)
				deadline = now_ms() + TIMEOUT_MS;
			next++;
		}

		/* 3. Wait for an ACK, until the timer runs out. */
		pfd.fd = s;
		pfd.events = POLLIN;
		ready = poll(&pfd, 1, (int)(deadline > now_ms() ?
		    deadline - now_ms() : 0));
		if (ready == -1) {
			perror("sender: poll");
			fclose(in);
			close(s);
			return 1;
		}

		/*
		 * 4. Timeout: go back to base and send again every packet
		 * not yet acknowledged, in order. A receiver that stays
		 * silent for MAX_TRIES timeouts in a row is gone.
		 */
		if (ready == 0) {
			if (++tries == MAX_TRIES) {
				fprintf(stderr, "sender: no acknowledgement "
				    "after %d tries of %d ms\n", MAX_TRIES,
				    TIMEOUT_MS);
				fclose(in);
				close(s);
				return 1;
			}
			for (k = base; k != next; k++) {
				struct slot *slot = &slots[k % (uint32_t)window];

				if (sendto(s, slot->bytes, slot->len, 0,
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

		/*
		 * 5. An ACK. ACK n acknowledges every packet below n. Only one
		 * that moves base forward counts (a damaged datagram, an old
		 * ACK or a number we never sent changes nothing); it restarts
		 * the timer for the packets still out.
		 */
		n = recv(s, reply, sizeof reply, 0);
		if (n == -1) {
			perror("sender: recv");
			fclose(in);
			close(s);
			return 1;
		}
		if (!parse_ack(reply, n, &ack) || ack <= base || ack > next)
			continue;
		base = ack;
		tries = 0;
		deadline = now_ms() + TIMEOUT_MS;
	}

	/* 6. Every packet and the FIN acknowledged: report, and succeed. */
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

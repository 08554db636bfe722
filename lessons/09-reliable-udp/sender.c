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

/*
 * TODO 3a (write it when you reach TODO 3): the helper that builds a
 * packet in a slot, its payload already in place after the header:
 *
 *	static void
 *	build_packet(struct slot *slot, int type, uint32_t seq, size_t len)
 *
 * Byte 0: type; byte 1: 0; bytes 2-3: len (htons(), then memcpy());
 * bytes 4-7: seq (htonl()); bytes 8-9: 0 while you compute
 * checksum(slot->bytes, HEADER_SIZE + len), then htons() of it.
 * slot->len = HEADER_SIZE + len.
 */

/*
 * TODO 4a (write it when you reach TODO 4): the helper that reads an ACK:
 *
 *	static int
 *	parse_ack(unsigned char *p, ssize_t n, uint32_t *ack)
 *
 * Return 0 (ignore it) unless n == HEADER_SIZE, p[0] == TYPE_ACK, p[1] ==
 * 0, the length field is 0 and the checksum matches (copy bytes 8-9 out,
 * set them to 0, compare checksum(p, n) with ntohs() of the copy).
 * Then *ack = ntohl() of bytes 4-7, and return 1.
 */

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
	/*
	 * TODO 0: declare the variables the steps below need, as you write
	 * them (a variable declared but not used yet makes the compiler
	 * warn). You will need:
	 *	struct sockaddr_in receiver;	where packets go
	 *	static struct slot slots[MAX_WINDOW];
	 *					packet k waits in slots[k % window]
	 *	unsigned char reply[HEADER_SIZE + 1];
	 *					one byte more: a longer datagram
	 *					is seen
	 *	struct pollfd pfd;
	 *	FILE *in;
	 *	uint32_t base = 0;		the oldest packet not acknowledged
	 *	uint32_t next = 0;		the next packet number to send
	 *	uint32_t ack, k;
	 *	long long deadline = 0;		when the timer runs out (now_ms())
	 *	long long bytes = 0, datagrams = 0;
	 *	size_t got;
	 *	ssize_t n;
	 *	int data_done = 0, fin_sent = 0, tries = 0, ready, s;
	 */

	if (parse_arguments(argc, argv, &window, &file, &ip, &port) == -1)
		return 2;

	/*
	 * TODO 1: open the file: in = fopen(file, "rb"). On NULL print
	 * "sender: FILE: REASON" on stderr (fprintf() with file and
	 * strerror(errno)) and return 1. Then a UDP socket (perror("sender:
	 * socket"), fclose(in), return 1 on -1), and receiver, its address,
	 * as lesson 02's client: memset(), AF_INET, htons(port), ip.
	 */

	/*
	 * TODO 2: the loop of the transfer:
	 *	while (!fin_sent || base != next) { TODO 3, TODO 4, TODO 5 }
	 * It ends when the FIN (the last packet) is acknowledged.
	 */

	/*
	 * TODO 3: fill the window. While !fin_sent and next < base + window:
	 * - if the file is not over: got = fread(slots[next % window].bytes +
	 *   HEADER_SIZE, 1, MAX_PAYLOAD, in) (check ferror(in)). got == 0:
	 *   the file is over (data_done = 1), and that is no packet.
	 * - once the file is over, only when base == next (every DATA
	 *   acknowledged): the FIN (got = 0, fin_sent = 1). If base != next,
	 *   stop filling: the FIN waits.
	 * - build_packet(&slots[next % window], type, next, got) (TODO 3a),
	 *   sendto() it (perror("sender: sendto"), close, return 1 on -1),
	 *   datagrams++, bytes += got. If base == next (nothing was out),
	 *   start the timer: deadline = now_ms() + TIMEOUT_MS. next++.
	 */

	/*
	 * TODO 4: wait for an ACK until the deadline: pfd.fd = s,
	 * pfd.events = POLLIN, ready = poll(&pfd, 1, milliseconds left
	 * until deadline, 0 if none). -1: perror("sender: poll"), close,
	 * return 1.
	 * - ready == 0: a timeout. If ++tries == MAX_TRIES: a message on
	 *   stderr ("sender: no acknowledgement after 10 tries"), close,
	 *   return 1. Else send slots base to next - 1 again, in order
	 *   (for (k = base; k != next; k++)), datagrams++ for each, and
	 *   restart the timer. Then continue.
	 * - a datagram: n = recv(s, reply, sizeof reply, 0) (-1: perror,
	 *   close, return 1). If parse_ack() (TODO 4a) says it is an ACK
	 *   and base < ack <= next: base = ack, tries = 0, restart the
	 *   timer. Anything else: ignore it.
	 */

	/*
	 * TODO 5: after the loop: fclose(in), close(s), print
	 *	printf("bytes %lld, packets %lu, datagrams %lld\n", bytes,
	 *	    (unsigned long)next - 1, datagrams);
	 * (next - 1: the FIN took a number too) and return 0.
	 */

	/* When TODOs 0 to 5 are written, delete these four lines. */
	(void)checksum;
	(void)now_ms;
	fprintf(stderr, "sender: not written yet: see the TODOs in sender.c\n");
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

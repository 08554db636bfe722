/*
** receiver.c -- socklab lesson 09: receive one file, reliably, over UDP
**
** usage: receiver [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
**
** Binds a datagram socket to ADDRESS:PORT and receives one file from a
** sender, packet by packet, in the lesson's packet format (README.md,
** "The contract"): DATA packets numbered 0, 1, 2..., then a FIN. It writes
** the file's bytes, and nothing else, to stdout, in order, each byte once.
**
** Every packet that is whole (its checksum matches) is answered with an ACK
** that carries the number of the next packet it expects: a cumulative
** acknowledgement. A packet out of order, or one seen before, is not kept,
** only acknowledged again (go-back-N). A damaged packet is ignored: no ACK.
** After the FIN it lingers, answering repeated FINs, until it has heard
** nothing for LINGER_MS; then it exits with status 0.
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
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: reachable from this machine only */
#define DEFAULT_PORT    50007		/* the port of lessons 01 and 02 */
#define HEADER_SIZE     10		/* type, zero, length, seq, checksum */
#define MAX_PAYLOAD     1000		/* the most file bytes in one packet */
#define LINGER_MS       300		/* after the FIN: quiet time before exiting */

#define TYPE_DATA       1
#define TYPE_ACK        2
#define TYPE_FIN        3

static int parse_arguments(int argc, char *argv[], struct in_addr *ip,
    unsigned short *port);

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
 * Is the datagram p of n bytes a whole packet? It needs a full header, a
 * zero in byte 1, a length of at most MAX_PAYLOAD that accounts for every
 * byte after the header, and a checksum that matches. Fills *type, *seq,
 * *len when it is; returns 1, or 0 for a packet to ignore.
 */
static int
parse_packet(unsigned char *p, ssize_t n, int *type, uint32_t *seq,
    size_t *len)
{
	uint16_t len16, sum16;
	uint32_t seq32;

	if (n < HEADER_SIZE || p[1] != 0)
		return 0;
	memcpy(&len16, p + 2, sizeof len16);
	memcpy(&seq32, p + 4, sizeof seq32);
	memcpy(&sum16, p + 8, sizeof sum16);
	if (ntohs(len16) > MAX_PAYLOAD || (size_t)n != HEADER_SIZE +
	    (size_t)ntohs(len16))
		return 0;

	/*
	 * The checksum is computed with its own field 0: zero it (we kept a
	 * copy; nobody needs the field after this) and compare.
	 */
	memset(p + 8, 0, sizeof sum16);
	if (checksum(p, (size_t)n) != ntohs(sum16))
		return 0;
	*type = p[0];
	*seq = ntohl(seq32);
	*len = ntohs(len16);
	return 1;
}

/* Send the ACK of number ack to the address to. Returns sendto()'s result. */
static ssize_t
send_ack(int s, uint32_t ack, const struct sockaddr_in *to)
{
	unsigned char packet[HEADER_SIZE];
	uint16_t zero16 = 0, sum16;
	uint32_t ack32 = htonl(ack);

	packet[0] = TYPE_ACK;
	packet[1] = 0;
	memcpy(packet + 2, &zero16, sizeof zero16);	/* an ACK carries no bytes */
	memcpy(packet + 4, &ack32, sizeof ack32);
	memcpy(packet + 8, &zero16, sizeof zero16);
	sum16 = htons(checksum(packet, HEADER_SIZE));
	memcpy(packet + 8, &sum16, sizeof sum16);
	return sendto(s, packet, HEADER_SIZE, 0, (const struct sockaddr *)to,
	    sizeof *to);
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	struct sockaddr_in addr;	/* our own address: the one we bind */
	struct sockaddr_in sender;	/* where the packet just received came from */
	socklen_t sender_len;
	unsigned char packet[HEADER_SIZE + MAX_PAYLOAD + 1];	/* +1: a longer one is seen */
	struct pollfd pfd;
	uint32_t expected = 0;		/* the next packet number we want */
	uint32_t seq;
	size_t len;
	ssize_t n;
	int type, finished = 0, ready, s;

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/* 1. A datagram socket, bound to ADDRESS:PORT, as in lesson 02. */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("receiver: socket");
		return 1;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr = ip;
	if (bind(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("receiver: bind");
		close(s);
		return 1;
	}

	for (;;) {
		/*
		 * 2. After the FIN, linger: our last ACK may be lost, and the
		 * sender will then send its FIN again. Exit once nothing has
		 * come for LINGER_MS (any datagram starts the wait again).
		 */
		if (finished) {
			pfd.fd = s;
			pfd.events = POLLIN;
			ready = poll(&pfd, 1, LINGER_MS);
			if (ready == -1) {
				perror("receiver: poll");
				close(s);
				return 1;
			}
			if (ready == 0)
				break;
		}

		/* 3. One datagram: anything may come, keep one byte more. */
		sender_len = sizeof sender;
		n = recvfrom(s, packet, sizeof packet, 0,
		    (struct sockaddr *)&sender, &sender_len);
		if (n == -1) {
			perror("receiver: recvfrom");
			close(s);
			return 1;
		}

		/* 4. A damaged packet is not answered: the sender resends. */
		if (!parse_packet(packet, n, &type, &seq, &len)) {
			fprintf(stderr, "receiver: ignored a damaged packet "
			    "(%zd bytes)\n", n);
			continue;
		}
		if (type != TYPE_DATA && type != TYPE_FIN)
			continue;

		/*
		 * 5. The packet we expect: DATA's bytes go out, in order;
		 * the FIN ends the file. Any other one (a duplicate, one
		 * out of order, or anything after the FIN) is dropped, and
		 * only acknowledged again, below.
		 */
		if (!finished && seq == expected && type == TYPE_DATA) {
			if (fwrite(packet + HEADER_SIZE, 1, len, stdout) !=
			    len) {
				perror("receiver: write");
				close(s);
				return 1;
			}
			expected++;
		} else if (!finished && seq == expected) {
			if (fflush(stdout) == EOF) {
				perror("receiver: write");
				close(s);
				return 1;
			}
			expected++;
			finished = 1;
		}

		/* 6. Always say what we expect next, to whoever sent it. */
		if (send_ack(s, expected, &sender) == -1)
			perror("receiver: sendto");
	}

	close(s);
	return 0;
}

/*
 * Reads the optional ADDRESS and PORT arguments into *ip and *port (the
 * defaults when they are absent). Returns 0, or -1 after printing one line
 * on stderr when the arguments are wrong.
 */
static int
parse_arguments(int argc, char *argv[], struct in_addr *ip,
    unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;
	long number = DEFAULT_PORT;
	char *end;

	if (argc > 3) {
		fprintf(stderr, "usage: receiver [ADDRESS [PORT]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];
	/* inet_pton turns "127.0.0.1" into the 4-byte address. */
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "receiver: invalid address '%s'\n", address);
		return -1;
	}
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

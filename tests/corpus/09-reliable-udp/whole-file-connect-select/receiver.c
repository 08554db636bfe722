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
**
** This is the skeleton: the argument parsing and checksum() are written
** for you; the steps are the TODOs, in main() and in the helpers you
** write above main(). README.md explains each one.
*/

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

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

/* Returns 1 and fills *type, *seq and *len when p (n bytes) is a whole
 * packet; 0 when it must be ignored. */
static int
parse_packet(unsigned char *p, ssize_t n, int *type, uint32_t *seq,
    size_t *len)
{
	uint16_t len16, sum16;
	uint32_t seq32;

	if (n < HEADER_SIZE || p[1] != 0)
		return 0;
	memcpy(&len16, p + 2, 2);
	*len = ntohs(len16);
	if (*len > MAX_PAYLOAD || (size_t)n != HEADER_SIZE + *len)
		return 0;
	memcpy(&sum16, p + 8, 2);
	memset(p + 8, 0, 2);
	if (checksum(p, (size_t)n) != ntohs(sum16))
		return 0;
	memcpy(p + 8, &sum16, 2);
	*type = p[0];
	memcpy(&seq32, p + 4, 4);
	*seq = ntohl(seq32);
	return 1;
}

/* Sends ACK ack to to. */
static ssize_t
send_ack(int s, uint32_t ack, const struct sockaddr_in *to)
{
	unsigned char a[HEADER_SIZE];
	uint16_t len16 = htons(0), sum16 = 0;
	uint32_t ack32 = htonl(ack);

	a[0] = TYPE_ACK;
	a[1] = 0;
	memcpy(a + 2, &len16, 2);
	memcpy(a + 4, &ack32, 4);
	memcpy(a + 8, &sum16, 2);
	sum16 = htons(checksum(a, HEADER_SIZE));
	memcpy(a + 8, &sum16, 2);
	return sendto(s, a, HEADER_SIZE, 0, (const struct sockaddr *)to,
	    sizeof *to);
}

/* stdout is written with write(): no stdio buffer to flush. */
static int
write_all(const unsigned char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(STDOUT_FILENO, p, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	struct sockaddr_in addr, sender;
	socklen_t sender_len;
	unsigned char packet[HEADER_SIZE + MAX_PAYLOAD + 1];
	struct timeval linger;
	uint32_t expected = 0, seq;
	size_t len;
	ssize_t n;
	int type, finished = 0, s;

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

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
		sender_len = sizeof sender;
		n = recvfrom(s, packet, sizeof packet, 0,
		    (struct sockaddr *)&sender, &sender_len);
		if (n == -1 && finished &&
		    (errno == EAGAIN || errno == EWOULDBLOCK))
			break;		/* LINGER_MS of silence after the FIN */
		if (n == -1) {
			perror("receiver: recvfrom");
			close(s);
			return 1;
		}
		if (!parse_packet(packet, n, &type, &seq, &len) ||
		    (type != TYPE_DATA && type != TYPE_FIN))
			continue;
		if (!finished && seq == expected) {
			if (type == TYPE_DATA) {
				if (write_all(packet + HEADER_SIZE, len) == -1) {
					perror("receiver: write");
					close(s);
					return 1;
				}
			} else {
				/* from now on, a recvfrom() waits LINGER_MS at most */
				linger.tv_sec = 0;
				linger.tv_usec = LINGER_MS * 1000;
				if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &linger,
				    sizeof linger) == -1) {
					perror("receiver: setsockopt");
					close(s);
					return 1;
				}
				finished = 1;
			}
			expected++;
		}
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

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
 * TODO 2 (write it when you reach TODO 3): the helper that tells a whole
 * packet from a damaged one. Write it here, above main():
 *
 *	static int
 *	parse_packet(unsigned char *p, ssize_t n, int *type, uint32_t *seq,
 *	    size_t *len)
 *
 * p holds the n bytes recvfrom() returned. Return 0 (ignore it) when:
 * - n < HEADER_SIZE, or p[1] != 0;
 * - the length field (bytes 2-3: memcpy() them into a uint16_t, then
 *   ntohs()) is over MAX_PAYLOAD, or n != HEADER_SIZE + length;
 * - the checksum does not match: copy bytes 8-9 out, set them to 0,
 *   compare checksum(p, n) with ntohs() of the copy.
 * Otherwise fill *type (p[0]), *seq (bytes 4-7, ntohl()) and *len, and
 * return 1.
 */

/*
 * TODO 4 (write it when you reach TODO 3): the helper that answers.
 *
 *	static ssize_t
 *	send_ack(int s, uint32_t ack, const struct sockaddr_in *to)
 *
 * A packet of HEADER_SIZE bytes: type TYPE_ACK, 0, length 0 (htons), seq
 * = ack (htonl), the checksum field 0 while checksum() of the 10 bytes is
 * computed, then htons() of it in bytes 8-9. sendto() it to to, and
 * return what sendto() returned.
 */

int
main(int argc, char *argv[])
{
	struct in_addr ip;		/* ADDRESS from the command line */
	unsigned short port;		/* PORT, in host byte order */
	/*
	 * TODO 0: declare the variables the steps below need, as you write
	 * them (a variable declared but not used yet makes the compiler
	 * warn). You will need:
	 *	struct sockaddr_in addr;	our own address: the one we bind
	 *	struct sockaddr_in sender;	where a packet came from
	 *	socklen_t sender_len;
	 *	unsigned char packet[HEADER_SIZE + MAX_PAYLOAD + 1];
	 *					one byte more: a longer datagram
	 *					is seen, not cut to a good size
	 *	struct pollfd pfd;		for the linger's poll()
	 *	uint32_t expected = 0;		the next packet number we want
	 *	uint32_t seq;
	 *	size_t len;
	 *	ssize_t n;
	 *	int type, finished = 0, ready, s;
	 */

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/*
	 * TODO 1: a UDP socket, bound to ip:port, as lesson 02's server:
	 * socket(AF_INET, SOCK_DGRAM, 0); memset(&addr, 0, sizeof addr),
	 * sin_family = AF_INET, sin_port = htons(port), sin_addr = ip;
	 * bind(). On -1: perror("receiver: socket") or perror("receiver:
	 * bind"), close what is open, return 1.
	 */

	/*
	 * TODO 3: for (;;) {
	 * - If finished (the FIN came): linger. pfd.fd = s, pfd.events =
	 *   POLLIN; ready = poll(&pfd, 1, LINGER_MS). -1: perror, close,
	 *   return 1. 0: nothing for LINGER_MS: break out of the loop.
	 * - sender_len = sizeof sender; n = recvfrom(s, packet, sizeof
	 *   packet, 0, (struct sockaddr *)&sender, &sender_len). -1:
	 *   perror("receiver: recvfrom"), close(s), return 1.
	 * - Not a whole packet (parse_packet() of TODO 2 returns 0), or a
	 *   type other than TYPE_DATA and TYPE_FIN: continue (no ACK; a note
	 *   on stderr is welcome).
	 * - Not finished and seq == expected:
	 *	DATA: fwrite(packet + HEADER_SIZE, 1, len, stdout) (check it
	 *	    wrote len), then expected++;
	 *	FIN: fflush(stdout) (check it), expected++, finished = 1.
	 *   Any other packet (a duplicate, one out of order, anything after
	 *   the FIN) is not written.
	 * - Answer every whole DATA or FIN: send_ack(s, expected, &sender)
	 *   (TODO 4); on -1 perror("receiver: sendto") and go on.
	 * }
	 * After the loop: close(s), return 0.
	 */

	/* When TODOs 0 to 4 are written, delete these three lines. */
	(void)checksum;
	fprintf(stderr, "receiver: not written yet: see the TODOs in "
	    "receiver.c\n");
	return 1;
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

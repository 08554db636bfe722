/*
** pong.c -- socklab lesson 12: the echo end of a round-trip measurement
**
** usage: pong [-u] [-s SIZE] [ADDRESS [PORT]]
**        (defaults: 127.0.0.1 50007, TCP, messages of 32 bytes)
**
** Over TCP it serves one connection after the other, as a request and
** response server does: it reads a whole message of SIZE bytes, then sends
** it back in one go, and again, until the client closes (an unfinished
** message at the end gets no answer); then it accepts the next. With -u it
** sends every datagram back to its sender, whole, whatever its size. It
** prints nothing and runs until it is stopped: ping.c measures.
*/

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: a ping on this machine */
#define DEFAULT_PORT    50007		/* the port of the earlier lessons */
#define BACKLOG         8		/* connections waiting for accept() */
#define DEFAULT_SIZE    32		/* bytes per TCP message, without -s */
#define MIN_SIZE        2		/* ping's smallest message */
#define MAX_SIZE        65507		/* the largest UDP datagram */
#define BUF_SIZE        65536		/* one datagram or message, whole */

static int parse_arguments(int argc, char *argv[], int *udp, size_t *size,
    struct in_addr *ip, unsigned short *port);

/*
 * Sends all len bytes of buf on the connected socket s, however many
 * send() calls it takes. Returns len, or -1 when send() failed.
 */
static ssize_t
send_all(int s, const char *buf, size_t len)
{
	size_t sent = 0;
	ssize_t n;

	while (sent < len) {
		n = send(s, buf + sent, len - sent, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		sent += (size_t)n;
	}
	return (ssize_t)sent;
}

/*
 * Reads exactly n bytes from the connected socket s into buf. Returns n,
 * fewer when the peer closed the connection first, or -1 on error.
 */
static ssize_t __attribute__((unused))
recv_exactly(int s, char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = recv(s, buf + got, n - got, 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/*
 * Answers the messages of size bytes on TCP connection c until the client
 * closes it. Returns 0, or -1 when recv() or send() failed (the client
 * went away badly: the server goes on with the next one).
 */
static int
echo_connection(int c, char *buf, size_t size)
{
	ssize_t n;

	for (;;) {
		/*
		 * The whole request first, as a real server must before it
		 * can answer: this wait is what Nagle's algorithm and the
		 * delayed ACK turn into a stall, when ping writes a message
		 * in two pieces.
		 */
		n = recv(c, buf, size, 0);
		if (n == -1) {
			perror("pong: recv");
			return -1;
		}
		if (n == 0)
			return 0;	/* the client closed: done */
		/* Then the answer, in one go: ping waits for it. */
		if (send_all(c, buf, (size_t)n) == -1) {
			perror("pong: send");
			return -1;
		}
	}
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in addr, peer;
	socklen_t peerlen;
	struct in_addr ip;
	unsigned short port;
	size_t size;
	int udp, s, c, on = 1;
	static char buf[BUF_SIZE];
	ssize_t n;

	if (parse_arguments(argc, argv, &udp, &size, &ip, &port) == -1)
		return 2;

	/* 1. A stream socket, or with -u a datagram socket. */
	s = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
	if (s == -1) {
		perror("pong: socket");
		return 1;
	}

	/* 2. TCP: reuse the port at once after an earlier run. */
	if (!udp && setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof on) == -1) {
		perror("pong: setsockopt");
		close(s);
		return 1;
	}

	/* 3. Our address. */
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr = ip;
	if (bind(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("pong: bind");
		close(s);
		return 1;
	}

	/* 4a. UDP: each datagram back to whoever sent it, whole. */
	if (udp) {
		for (;;) {
			peerlen = sizeof peer;
			n = recvfrom(s, buf, sizeof buf, 0,
			    (struct sockaddr *)&peer, &peerlen);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				perror("pong: recvfrom");
				close(s);
				return 1;
			}
			if (sendto(s, buf, (size_t)n, 0,
			    (struct sockaddr *)&peer, peerlen) == -1)
				perror("pong: sendto");	/* that one is lost */
		}
	}

	/* 4b. TCP: one connection after the other. */
	if (listen(s, BACKLOG) == -1) {
		perror("pong: listen");
		close(s);
		return 1;
	}
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c == -1 && errno == EINTR)
			continue;
		if (c == -1) {
			perror("pong: accept");
			close(s);
			return 1;
		}
		(void)echo_connection(c, buf, size);
		close(c);
	}
}

/*
 * Reads [-u] [-s SIZE] [ADDRESS [PORT]], options in any order. Returns 0,
 * or -1 after a message on stderr.
 */
static int
parse_arguments(int argc, char *argv[], int *udp, size_t *size,
    struct in_addr *ip, unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;
	long number;
	char *end;

	*udp = 0;
	*size = DEFAULT_SIZE;
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-u") == 0) {
			*udp = 1;
			argc--;
			argv++;
			continue;
		}
		if (strcmp(argv[1], "-s") != 0 || argc < 3)
			break;		/* the usage below */
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < MIN_SIZE || number > MAX_SIZE) {
			fprintf(stderr, "pong: invalid SIZE '%s' (%d to %d)\n",
			    argv[2], MIN_SIZE, MAX_SIZE);
			return -1;
		}
		*size = (size_t)number;
		argc -= 2;
		argv += 2;
	}
	if (argc > 3 || (argc > 1 && argv[1][0] == '-')) {
		fprintf(stderr,
		    "usage: pong [-u] [-s SIZE] [ADDRESS [PORT]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "pong: invalid address '%s'\n", address);
		return -1;
	}
	number = DEFAULT_PORT;
	if (argc > 2) {
		errno = 0;
		number = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || errno != 0 ||
		    number < 1 || number > 65535) {
			fprintf(stderr, "pong: invalid port '%s'\n", argv[2]);
			return -1;
		}
	}
	*port = (unsigned short)number;
	return 0;
}

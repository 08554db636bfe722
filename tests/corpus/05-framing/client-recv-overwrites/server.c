/*
 * server.c -- lesson 05: a TCP server that reads length-prefixed messages.
 *
 * Usage: server [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
 *
 * TCP delivers a stream of bytes with no edges between messages, so the
 * client sends each message as a FRAME: a 4-byte length in network byte
 * order, then exactly that many bytes (the payload).  The server serves one
 * client at a time; for every frame it prints
 *
 *     message N: LENGTH bytes from IP:PORT
 *
 * and answers with one frame holding the same payload in upper case.  When
 * the client closes the connection between two frames it prints
 *
 *     closed by IP:PORT (messages: N)
 *
 * A length over MAX_MESSAGE, or a client that closes in the middle of a
 * frame, ends that connection with a message on stderr; the server goes on
 * with the next client.  Stop it with Ctrl-C.
 *
 * YOUR JOB: the includes, the constants, the argument parsing and main()
 * (lesson 01's socket, bind, listen and accept loop) are written.  Write the
 * parts marked TODO, in order: recv_exactly(), send_all(), serve_client().
 * README.md explains each step.  Then delete the "not written yet" lines at
 * the start of main().
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: only this machine can connect */
#define DEFAULT_PORT 50007		/* the port every socklab lesson uses */
#define BACKLOG 10			/* connections the kernel may queue before we accept them */
#define HEADER_SIZE 4			/* the length prefix: one 32-bit unsigned number */
#define MAX_MESSAGE 65536		/* the longest payload we accept, in bytes (64 KiB) */

/*
 * Turn TEXT into a port number between 1 and 65535.
 * Returns 0 and stores the number in *PORT, or -1 if TEXT is not such a number.
 */
static int
parse_port(const char *text, unsigned short *port)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < 1 || value > 65535)
		return -1;
	*port = (unsigned short)value;
	return 0;
}

/*
 * Read the command line: server [ADDRESS [PORT]].  Missing arguments keep
 * their defaults.  Stores the IPv4 address in *IP and the port, as a normal
 * number, in *PORT.
 * Returns 0, or -1 after printing what is wrong on stderr.
 */
static int
parse_arguments(int argc, char *argv[], struct in_addr *ip, unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;

	if (argc > 3) {
		fprintf(stderr, "usage: server [ADDRESS [PORT]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];

	/* inet_pton turns the text "127.0.0.1" into the 4 bytes 127 0 0 1. */
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "server: invalid address '%s'\n", address);
		return -1;
	}

	*port = DEFAULT_PORT;
	if (argc > 2 && parse_port(argv[2], port) == -1) {
		fprintf(stderr, "server: invalid port '%s'\n", argv[2]);
		return -1;
	}
	return 0;
}

static ssize_t
recv_exactly(int fd, char *buf, size_t length)
{
	size_t got = 0;

	while (got < length) {
		ssize_t n = recv(fd, buf + got, length - got, 0);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static ssize_t
send_all(int fd, const char *buf, size_t length)
{
	size_t left = length;

	while (left > 0) {
		ssize_t n = send(fd, buf, left, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		left -= (size_t)n;
	}
	return (ssize_t)length;
}

/*
 * Serve one client on the connected socket CONN until it closes the
 * connection: read frames, print a line for each, answer each with a frame.
 * WHO is the client's address as text ("127.0.0.1:41822").  Problems are
 * printed on stderr and end only this connection; the caller closes CONN.
 */
static void
serve_client(int conn, const char *who)
{
	static char frame[HEADER_SIZE + MAX_MESSAGE];
	char *payload = frame + HEADER_SIZE;
	unsigned long count = 0;
	ssize_t n;

	for (;;) {
		uint32_t net_length;
		size_t length;

		n = recv_exactly(conn, frame, HEADER_SIZE);
		if (n == -1) {
			perror("server: recv");
			return;
		}
		if (n == 0) {
			printf("closed by %s (messages: %lu)\n", who, count);
			return;
		}
		if (n < HEADER_SIZE) {
			fprintf(stderr, "server: %s closed the connection in the middle of "
			    "message %lu (%zd of %d length bytes)\n", who, count + 1, n,
			    HEADER_SIZE);
			return;
		}
		memcpy(&net_length, frame, HEADER_SIZE);
		length = ntohl(net_length);
		if (length > MAX_MESSAGE) {
			fprintf(stderr, "server: %s: message %lu announces %zu bytes, over the "
			    "limit of %d: closing the connection\n", who, count + 1, length,
			    MAX_MESSAGE);
			return;
		}
		n = recv_exactly(conn, payload, length);
		if (n == -1) {
			perror("server: recv");
			return;
		}
		if ((size_t)n < length) {
			fprintf(stderr, "server: %s closed the connection in the middle of "
			    "message %lu (%zd of %zu payload bytes)\n", who, count + 1, n,
			    length);
			return;
		}
		count++;
		printf("message %lu: %zu bytes from %s\n", count, length, who);

		for (size_t i = 0; i < length; i++)
			payload[i] = (char)toupper((unsigned char)payload[i]);
		net_length = htonl((uint32_t)length);
		memcpy(frame, &net_length, HEADER_SIZE);
		if (send_all(conn, frame, HEADER_SIZE + length) == -1) {
			perror("server: send");
			return;
		}
	}
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;
	struct sockaddr_in addr;
	char ip_text[INET_ADDRSTRLEN];	/* "255.255.255.255" and its '\0' */
	int listener;
	int yes = 1;

	/*
	 * When stdout is a file, stdio keeps our lines in a buffer and writes
	 * them out only when it is full or when the program exits normally.
	 * This server never exits normally (it is killed), so ask for one
	 * write per line: every line is in the file as soon as it is printed.
	 */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/* Step 1: a TCP socket, as in lesson 01. */
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener == -1) {
		perror("server: socket");
		return 1;
	}

	/* Step 2: let a restarted server bind the port at once (TIME_WAIT). */
	if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) == -1) {
		perror("server: setsockopt");
		close(listener);
		return 1;
	}

	/* Step 3: bind to ADDRESS:PORT. */
	memset(&addr, 0, sizeof addr);	/* unused fields must be zero */
	addr.sin_family = AF_INET;
	addr.sin_addr = ip;		/* inet_pton already gave network byte order */
	addr.sin_port = htons(port);	/* host -> network byte order */
	if (bind(listener, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("server: bind");
		close(listener);
		return 1;
	}

	/* Step 4: listen. */
	if (listen(listener, BACKLOG) == -1) {
		perror("server: listen");
		close(listener);
		return 1;
	}

	/* Step 5: say where we listen. */
	if (inet_ntop(AF_INET, &addr.sin_addr, ip_text, sizeof ip_text) == NULL) {
		perror("server: inet_ntop");
		close(listener);
		return 1;
	}
	printf("listening on %s:%u\n", ip_text, (unsigned)ntohs(addr.sin_port));

	/* Step 6: serve one client after another, forever. */
	for (;;) {
		struct sockaddr_in client;
		socklen_t client_len = sizeof client;	/* in: room we give; out: size used */
		char who[INET_ADDRSTRLEN + 6];		/* "IP:PORT" */
		int conn;

		conn = accept(listener, (struct sockaddr *)&client, &client_len);
		if (conn == -1) {
			perror("server: accept");
			close(listener);
			return 1;
		}
		if (inet_ntop(AF_INET, &client.sin_addr, ip_text, sizeof ip_text) == NULL) {
			perror("server: inet_ntop");
			close(conn);
			continue;
		}
		snprintf(who, sizeof who, "%s:%u", ip_text, (unsigned)ntohs(client.sin_port));

		serve_client(conn, who);

		if (close(conn) == -1)
			perror("server: close");
	}
}

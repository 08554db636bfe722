/*
 * client.c -- lesson 05: a TCP client that sends lines as length-prefixed
 * messages and prints the replies.
 *
 * Usage: client [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
 *
 * The client connects to the server at ADDRESS:PORT and then, for every
 * line of its standard input, sends the line (without its newline) as one
 * FRAME: a 4-byte length in network byte order, then that many bytes.  It
 * waits for the reply frame and prints its payload as one line.  At the end
 * of the input it closes the connection and exits with status 0.
 *
 *     $ printf 'hello\nworld\n' | ./client
 *     HELLO
 *     WORLD
 *
 * YOUR JOB: the includes, the constants, the argument parsing, connecting
 * (as in lesson 01) and the loop over the input lines are written.  Write
 * the parts marked TODO, in order; README.md explains each step.  Then
 * delete the "not written yet" lines at the start of main().
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* the server runs on this machine */
#define DEFAULT_PORT 50007		/* the port the server listens on */
#define HEADER_SIZE 4			/* the length prefix: one 32-bit unsigned number */
#define MAX_MESSAGE 65536		/* the longest payload, in bytes: the server's limit */

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
 * Read the command line: client [ADDRESS [PORT]].  Missing arguments keep
 * their defaults.  Stores the server's IPv4 address in *IP and its port, as
 * a normal number, in *PORT.
 * Returns 0, or -1 after printing what is wrong on stderr.
 */
static int
parse_arguments(int argc, char *argv[], struct in_addr *ip, unsigned short *port)
{
	const char *address = DEFAULT_ADDRESS;

	if (argc > 3) {
		fprintf(stderr, "usage: client [ADDRESS [PORT]]\n");
		return -1;
	}
	if (argc > 1)
		address = argv[1];

	/* inet_pton turns the text "127.0.0.1" into the 4 bytes 127 0 0 1. */
	if (inet_pton(AF_INET, address, ip) != 1) {
		fprintf(stderr, "client: invalid address '%s'\n", address);
		return -1;
	}

	*port = DEFAULT_PORT;
	if (argc > 2 && parse_port(argv[2], port) == -1) {
		fprintf(stderr, "client: invalid port '%s'\n", argv[2]);
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

static int
send_frame(int fd, const char *text, size_t length)
{
	static char frame[HEADER_SIZE + MAX_MESSAGE];
	uint32_t net_length = htonl((uint32_t)length);

	memcpy(frame, &net_length, HEADER_SIZE);
	memcpy(frame + HEADER_SIZE, text, length);
	if (send_all(fd, frame, HEADER_SIZE + length) == -1)
		return -1;
	return 0;
}

static ssize_t
recv_frame(int fd, char *buf)
{
	char header[HEADER_SIZE];
	uint32_t net_length;
	size_t length;
	ssize_t n;

	n = recv_exactly(fd, header, HEADER_SIZE);
	if (n == -1) {
		perror("client: recv");
		return -1;
	}
	if (n < HEADER_SIZE) {
		fprintf(stderr, "client: the server closed the connection without replying\n");
		return -1;
	}
	memcpy(&net_length, header, HEADER_SIZE);
	length = ntohl(net_length);
	if (length > MAX_MESSAGE) {
		fprintf(stderr, "client: the reply announces %zu bytes, over the limit of %d\n",
		    length, MAX_MESSAGE);
		return -1;
	}
	n = recv_exactly(fd, buf, length);
	if (n == -1) {
		perror("client: recv");
		return -1;
	}
	if ((size_t)n < length) {
		fprintf(stderr, "client: the server closed the connection in the middle of a reply (%zd of %zu bytes)\n",
		    n, length);
		return -1;
	}
	return (ssize_t)length;
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;
	struct sockaddr_in server;
	char *line = NULL;		/* getline() allocates and grows it */
	size_t line_size = 0;
	ssize_t got;
	int sock;
	int status = 0;
	static char reply[MAX_MESSAGE];
	unsigned long line_number = 0;

	/* Each reply line is in the output file as soon as it is printed. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/* Step 1: a TCP socket, as in lesson 01. */
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock == -1) {
		perror("client: socket");
		return 1;
	}

	/* Step 2: connect to the server, and check that it worked. */
	memset(&server, 0, sizeof server);	/* unused fields must be zero */
	server.sin_family = AF_INET;
	server.sin_addr = ip;			/* inet_pton already gave network byte order */
	server.sin_port = htons(port);
	if (connect(sock, (struct sockaddr *)&server, sizeof server) == -1) {
		perror("client: connect");
		close(sock);
		return 1;
	}

	/*
	 * Step 3: for every line of input, one frame out and one frame back.
	 * getline() returns the line's length with its '\n' (the last line
	 * may have none), or -1 at the end of the input.
	 */
	while ((got = getline(&line, &line_size, stdin)) != -1) {
		size_t length = (size_t)got;
		ssize_t reply_length;

		if (length > 0 && line[length - 1] == '\n')
			length--;
		line_number++;
		if (length > MAX_MESSAGE) {
			fprintf(stderr, "client: line %lu has %zu bytes, over the limit of %d\n",
			    line_number, length, MAX_MESSAGE);
			status = 1;
			break;
		}
		if (send_frame(sock, line, length) == -1) {
			perror("client: send");
			status = 1;
			break;
		}
		reply_length = recv_frame(sock, reply);
		if (reply_length == -1) {
			status = 1;
			break;
		}
		fwrite(reply, 1, (size_t)reply_length, stdout);
		putchar('\n');
	}
	if (status == 0 && ferror(stdin)) {
		perror("client: stdin");
		status = 1;
	}
	free(line);

	/* Step 4: close: the server's recv() returns 0 between two frames. */
	if (close(sock) == -1 && status == 0) {
		perror("client: close");
		status = 1;
	}
	return status;
}

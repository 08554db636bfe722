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

/*
 * TODO 1: recv_exactly() and send_all(): the same two helpers as in your
 * server.c.  Copy them here, above send_frame().
 */

/*
 * TODO 2: send one frame:
 *
 *     static int
 *     send_frame(int fd, const char *text, size_t length)
 *
 * Send the LENGTH bytes of TEXT (at most MAX_MESSAGE) as one frame on FD.
 *   - static char frame[HEADER_SIZE + MAX_MESSAGE];
 *   - uint32_t net_length = htonl((uint32_t)length);  (host -> network order)
 *   - memcpy the 4 bytes of net_length to the start of frame, and the
 *     LENGTH bytes of text right after them;
 *   - send_all(fd, frame, HEADER_SIZE + length): exactly 4 + LENGTH bytes,
 *     not sizeof frame, and not a struct.
 * Return 0, or -1 if send_all failed.
 */

/*
 * TODO 3: receive one frame:
 *
 *     static ssize_t
 *     recv_frame(int fd, char *buf)
 *
 * Put the reply's payload in BUF (room for MAX_MESSAGE bytes) and return
 * its length, or -1 after printing what went wrong on stderr.
 *   a. recv_exactly(fd, header, HEADER_SIZE) with char header[HEADER_SIZE]:
 *      -1: perror("client: recv"); fewer than 4 bytes: the server closed:
 *      "client: the server closed the connection without replying".
 *   b. memcpy the header into a uint32_t, then ntohl() it into a size_t.
 *   c. over MAX_MESSAGE: "client: the reply announces N bytes, over the
 *      limit of 65536" and return -1 (never read that many bytes).
 *   d. recv_exactly(fd, buf, length): -1: perror("client: recv"); fewer
 *      than length ((size_t)n < length): the server closed in the middle
 *      of the reply: a line on stderr, return -1.
 *   e. return length.
 */

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

	/* Each reply line is in the output file as soon as it is printed. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/* Delete these two lines when the four TODOs are written. */
	fprintf(stderr, "client: not written yet: see the TODOs in client.c\n");
	return 1;

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
		/*
		 * TODO 4: the line is in line, got bytes long, its '\n'
		 * included when it has one.  Declare what you need at the top
		 * of main(): static char reply[MAX_MESSAGE]; and
		 * unsigned long line_number = 0; (count the lines).
		 *   a. size_t length = got, minus 1 when the last byte is '\n':
		 *      the newline ends the line, it is not part of the message.
		 *   b. length > MAX_MESSAGE: fprintf(stderr, "client: line %lu
		 *      has %zu bytes, over the limit of %d\n", ...), status = 1,
		 *      break.
		 *   c. send_frame(sock, line, length); on -1:
		 *      perror("client: send"), status = 1, break.
		 *   d. ssize_t reply_length = recv_frame(sock, reply); on -1:
		 *      status = 1, break (recv_frame has said why).
		 *   e. print the reply as one line: it is bytes, not a C string:
		 *      fwrite(reply, 1, reply_length, stdout); putchar('\n');
		 */
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

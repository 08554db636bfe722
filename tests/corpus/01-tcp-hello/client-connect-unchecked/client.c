/*
 * client.c -- lesson 01: a TCP client that sends one message and closes.
 *
 * Usage: client [ADDRESS [PORT [MESSAGE]]]
 *        (defaults: 127.0.0.1 50007 "Hello This is TCP connection.")
 *
 * The client connects to the server at ADDRESS:PORT, sends the bytes of
 * MESSAGE, closes the connection (which tells the server "that was all"),
 * and prints
 *
 *     sent N bytes to ADDRESS:PORT
 *
 * YOUR JOB: the includes, the constants and the argument parsing are done.
 * Write the parts marked TODO, in order; README.md explains each step.
 * Then delete the "not written yet" lines at the end of main().
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* the server runs on this machine */
#define DEFAULT_PORT 50007		/* the port the server listens on */
#define DEFAULT_MESSAGE "Hello This is TCP connection."

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
 * Read the command line: client [ADDRESS [PORT [MESSAGE]]].  Missing
 * arguments keep their defaults.  Stores the server's IPv4 address in *IP,
 * its port, as a normal number, in *PORT, and the message in *MESSAGE.
 * Returns 0, or -1 after printing what is wrong on stderr.
 */
static int
parse_arguments(int argc, char *argv[], struct in_addr *ip, unsigned short *port,
    const char **message)
{
	const char *address = DEFAULT_ADDRESS;

	if (argc > 4) {
		fprintf(stderr, "usage: client [ADDRESS [PORT [MESSAGE]]]\n");
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

	*message = DEFAULT_MESSAGE;
	if (argc > 3)
		*message = argv[3];
	return 0;
}

static ssize_t
send_all(int fd, const char *buf, size_t length)
{
	size_t left = length;

	while (left > 0) {
		ssize_t n = send(fd, buf, left, 0);
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

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;
	const char *message;

	if (parse_arguments(argc, argv, &ip, &port, &message) == -1)
		return 2;

	int sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock == -1) {
		perror("client: socket");
		return 1;
	}

	struct sockaddr_in server;
	memset(&server, 0, sizeof server);
	server.sin_family = AF_INET;
	server.sin_addr = ip;
	server.sin_port = htons(port);

	connect(sock, (struct sockaddr *)&server, sizeof server);

	size_t length = strlen(message);
	if (send_all(sock, message, length) == -1) {
		perror("client: send");
		close(sock);
		return 1;
	}

	if (close(sock) == -1) {
		perror("client: close");
		return 1;
	}

	char ip_text[INET_ADDRSTRLEN];
	if (inet_ntop(AF_INET, &server.sin_addr, ip_text, sizeof ip_text) == NULL) {
		perror("client: inet_ntop");
		return 1;
	}
	printf("sent %zu bytes to %s:%u\n", length, ip_text, (unsigned)ntohs(server.sin_port));
	return 0;
}

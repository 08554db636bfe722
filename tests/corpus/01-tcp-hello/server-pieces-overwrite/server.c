/*
 * server.c -- lesson 01: a TCP server that prints what each client sends.
 *
 * Usage: server [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
 *
 * The server listens on ADDRESS:PORT and then, forever, takes one client at a
 * time: it reads everything the client sends until the client closes the
 * connection, prints one line
 *
 *     data: MESSAGE, addr: IP:PORT
 *
 * and goes back to wait for the next client.  Stop it with Ctrl-C.
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

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: only this machine can connect */
#define DEFAULT_PORT 50007		/* the port the blog's Python programs use */
#define BACKLOG 10			/* connections the kernel may queue before we accept them */
#define MAX_MESSAGE 1024		/* bytes of one message we keep (like Python's recv(1024)) */

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
recv_until_eof(int fd, char *buf, size_t size)
{
	size_t kept = 0;
	char scratch[MAX_MESSAGE];
	ssize_t n;

	for (;;) {
		if (kept < size)
			n = recv(fd, buf, size - kept, 0);
		else
			n = recv(fd, scratch, sizeof scratch, 0);
		if (n == 0)
			return (ssize_t)kept;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (kept < size)
			kept += (size_t)n;
	}
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;

	/*
	 * When stdout is a file, stdio keeps our lines in a buffer and writes
	 * them out only when it is full or when the program exits normally.
	 * This server never exits normally (it is killed), so ask for one
	 * write per line: every line is in the file as soon as it is printed.
	 */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	int listener = socket(AF_INET, SOCK_STREAM, 0);

	if (listener == -1) {
		perror("server: socket");
		return 1;
	}

	int yes = 1;
	if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) == -1) {
		perror("server: setsockopt");
		close(listener);
		return 1;
	}

	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr = ip;
	addr.sin_port = htons(port);
	if (bind(listener, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("server: bind");
		close(listener);
		return 1;
	}

	if (listen(listener, BACKLOG) == -1) {
		perror("server: listen");
		close(listener);
		return 1;
	}

	char ip_text[INET_ADDRSTRLEN];
	if (inet_ntop(AF_INET, &addr.sin_addr, ip_text, sizeof ip_text) == NULL) {
		perror("server: inet_ntop");
		close(listener);
		return 1;
	}
	printf("listening on %s:%u\n", ip_text, (unsigned)ntohs(addr.sin_port));

	char message[MAX_MESSAGE];
	for (;;) {
		struct sockaddr_in client;
		socklen_t client_len = sizeof client;

		int conn = accept(listener, (struct sockaddr *)&client, &client_len);
		if (conn == -1) {
			perror("server: accept");
			close(listener);
			return 1;
		}

		ssize_t length = recv_until_eof(conn, message, sizeof message);
		if (length == -1) {
			perror("server: recv");
			close(conn);
			continue;
		}

		if (inet_ntop(AF_INET, &client.sin_addr, ip_text, sizeof ip_text) == NULL) {
			perror("server: inet_ntop");
			close(conn);
			continue;
		}
		printf("data: ");
		fwrite(message, 1, (size_t)length, stdout);
		printf(", addr: %s:%u\n", ip_text, (unsigned)ntohs(client.sin_port));

		close(conn);
	}
}

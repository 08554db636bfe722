/*
 * client.c -- lesson 04: a TCP echo client.
 *
 * Usage: client [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
 *
 * The client connects to the echo server at ADDRESS:PORT.  Then, at the
 * same time, it copies its standard input to the server and what the
 * server sends back to its standard output.  At the end of its input it
 * shuts down its sending side, so the server knows that nothing more is
 * coming, and it keeps reading until the server closes the connection.
 * Its standard output is then exactly its standard input:
 *
 *     $ printf 'hello\nworld\n' | ./client
 *     hello
 *     world
 *
 * YOUR JOB: the includes, the constants and the argument parsing are done.
 * Write the parts marked TODO, in order; README.md explains each step.
 * Then delete the "not written yet" lines at the end of main().
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* the server runs on this machine */
#define DEFAULT_PORT 50007		/* the port the server listens on */
#define BUFFER_SIZE 4096		/* bytes we move at a time, each way */

/* The two things poll() watches for us, by their place in its array. */
enum { INPUT, NETWORK };

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

static int
relay(int sock)
{
	char pending[BUFFER_SIZE];
	char reply[BUFFER_SIZE];
	size_t pending_len = 0;
	size_t sent = 0;
	int input_open = 1;

	for (;;) {
		struct pollfd fds[2];
		ssize_t n;

		fds[INPUT].fd = (input_open && pending_len == 0) ? STDIN_FILENO : -1;
		fds[INPUT].events = POLLIN;
		fds[INPUT].revents = 0;
		fds[NETWORK].fd = sock;
		fds[NETWORK].events = POLLIN;
		if (pending_len > 0)
			fds[NETWORK].events |= POLLOUT;
		fds[NETWORK].revents = 0;

		if (poll(fds, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			perror("client: poll");
			return -1;
		}

		if (fds[INPUT].revents != 0) {
			n = read(STDIN_FILENO, pending, sizeof pending);
			if (n == -1) {
				if (errno != EINTR) {
					perror("client: read");
					return -1;
				}
			} else if (n > 0) {
				pending_len = (size_t)n;
				sent = 0;
			} else {
				input_open = 0;
				if (shutdown(sock, SHUT_WR) == -1) {
					perror("client: shutdown");
					return -1;
				}
			}
		}

		if (fds[NETWORK].revents & POLLOUT) {
			n = send(sock, pending + sent, pending_len - sent,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n == -1) {
				if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
					perror("client: send");
					return -1;
				}
			} else {
				sent += (size_t)n;
				if (sent == pending_len) {
					sent = 0;
					pending_len = 0;
				}
			}
		}

		if (fds[NETWORK].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(sock, reply, sizeof reply, 0);
			if (n == 0)
				break;
			if (n == -1) {
				if (errno == EINTR)
					continue;
				perror("client: recv");
				return -1;
			}
			if (fwrite(reply, 1, (size_t)n, stdout) != (size_t)n) {
				perror("client: write");
				return -1;
			}
		}
	}

	if (input_open || pending_len > 0) {
		fprintf(stderr, "client: the server closed the connection before all the input was sent\n");
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;

	if (parse_arguments(argc, argv, &ip, &port) == -1)
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

	if (connect(sock, (struct sockaddr *)&server, sizeof server) == -1) {
		perror("client: connect");
		close(sock);
		return 1;
	}

	if (relay(sock) == -1) {
		close(sock);
		return 1;
	}

	if (close(sock) == -1) {
		perror("client: close");
		return 1;
	}
	if (fflush(stdout) == EOF) {
		perror("client: write");
		return 1;
	}
	return 0;
}

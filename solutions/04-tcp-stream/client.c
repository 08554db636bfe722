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

/*
 * Copy standard input to the connected socket SOCK and SOCK to standard
 * output, both at once, until the server closes the connection.
 * Returns 0 when everything was sent and everything that came back was
 * written, or -1 after printing why on stderr.
 */
static int
relay(int sock)
{
	char pending[BUFFER_SIZE];	/* a piece of input on its way to the server */
	char reply[BUFFER_SIZE];	/* a piece of the echo */
	size_t pending_len = 0;		/* bytes in pending (0: nothing to send) */
	size_t sent = 0;		/* how many of them the socket has taken */
	int input_open = 1;		/* 0 once standard input has ended */

	for (;;) {
		struct pollfd fds[2];
		ssize_t n;

		/*
		 * Wait until something can be done.  Read more input only
		 * when the last piece is all sent; ask about room in the
		 * socket only while there is something to send; and always
		 * be ready to read the echo, or the server could block on a
		 * full connection while we block too: a deadlock.
		 */
		fds[INPUT].fd = input_open && pending_len == 0 ? STDIN_FILENO : -1;
		fds[INPUT].events = POLLIN;
		fds[NETWORK].fd = sock;
		fds[NETWORK].events = POLLIN;
		if (pending_len > 0)
			fds[NETWORK].events |= POLLOUT;
		if (poll(fds, 2, -1) == -1) {
			if (errno == EINTR)
				continue;	/* a signal interrupted the wait: wait again */
			perror("client: poll");
			return -1;
		}

		/* a. Standard input has a piece for us, or has ended. */
		if (fds[INPUT].revents != 0) {
			n = read(STDIN_FILENO, pending, sizeof pending);
			if (n == -1 && errno != EINTR) {
				perror("client: read");
				return -1;
			}
			if (n > 0) {
				pending_len = (size_t)n;
				sent = 0;
			}
			if (n == 0) {
				/*
				 * End of input.  shutdown(SHUT_WR) sends the
				 * server an end of stream (its recv() returns
				 * 0) but keeps our receiving side open: the
				 * rest of the echo is still on its way.
				 * close() here would throw it away.
				 */
				input_open = 0;
				if (shutdown(sock, SHUT_WR) == -1) {
					perror("client: shutdown");
					return -1;
				}
			}
		}

		/*
		 * b. The socket has room: send as much of the piece as it
		 * takes now.  MSG_DONTWAIT: never wait here (we would stop
		 * reading the echo); the rest goes on the next round.
		 * MSG_NOSIGNAL: if the server is gone, fail with EPIPE
		 * instead of being killed by SIGPIPE.
		 */
		if (fds[NETWORK].revents & POLLOUT) {
			n = send(sock, pending + sent, pending_len - sent,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n == -1 && errno != EINTR && errno != EAGAIN &&
			    errno != EWOULDBLOCK) {
				perror("client: send");
				return -1;
			}
			if (n > 0) {
				sent += (size_t)n;	/* a short count: keep the rest */
				if (sent == pending_len)
					pending_len = sent = 0;
			}
		}

		/* c. The echo has bytes for us, or the server has closed. */
		if (fds[NETWORK].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(sock, reply, sizeof reply, 0);
			if (n == 0)
				break;	/* the server closed: the echo is complete */
			if (n == -1) {
				if (errno == EINTR)
					continue;
				perror("client: recv");
				return -1;
			}
			/* The bytes are not a C string: write exactly n of them. */
			if (fwrite(reply, 1, (size_t)n, stdout) != (size_t)n) {
				perror("client: write");
				return -1;
			}
		}
	}

	if (input_open || pending_len > 0) {
		fprintf(stderr, "client: the server closed the connection "
		    "before all the input was sent\n");
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;
	struct sockaddr_in server;
	int sock;

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/* Step 1: make a TCP socket (SOCK_STREAM) for IPv4 (AF_INET). */
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock == -1) {
		perror("client: socket");
		return 1;
	}

	/* Step 2: the server's address, in network byte order. */
	memset(&server, 0, sizeof server);	/* unused fields must be zero */
	server.sin_family = AF_INET;
	server.sin_addr = ip;			/* inet_pton already gave network byte order */
	server.sin_port = htons(port);

	/* Step 3: connect, and check it (see lesson 01). */
	if (connect(sock, (struct sockaddr *)&server, sizeof server) == -1) {
		perror("client: connect");
		close(sock);
		return 1;
	}

	/* Step 4: input to the server and the echo to stdout, both at once. */
	if (relay(sock) == -1) {
		close(sock);
		return 1;
	}

	/* Step 5: close the socket, and make sure the last bytes left stdio. */
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

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

/*
 * TODO (step 4, write it before you need it): the copying loop.
 *
 *     static int
 *     relay(int sock)
 *
 * It copies standard input to sock and sock to standard output AT THE SAME
 * TIME, with poll().  (Sending everything first and reading afterwards
 * deadlocks on big inputs: README.md, "Why poll()".)  Its variables:
 *     char pending[BUFFER_SIZE];  a piece of input on its way to the server
 *     char reply[BUFFER_SIZE];    a piece of the echo
 *     size_t pending_len = 0;     bytes in pending (0: nothing to send)
 *     size_t sent = 0;            how many of them the socket has taken
 *     int input_open = 1;         0 once standard input has ended
 * Then loop, for (;;) { ... }, with ssize_t n; declared in each round
 * (read, send and recv all return a ssize_t: a count, or -1):
 *   1. Fill struct pollfd fds[2]:
 *        fds[INPUT].fd = STDIN_FILENO while input_open and pending_len is
 *          0, else -1 (poll skips a negative fd); fds[INPUT].events = POLLIN;
 *        fds[NETWORK].fd = sock; fds[NETWORK].events = POLLIN, plus
 *          POLLOUT while pending_len > 0.
 *      Call poll(fds, 2, -1).  On -1: EINTR -> continue; otherwise
 *      perror("client: poll") and return -1.
 *   2. If fds[INPUT].revents != 0: n = read(STDIN_FILENO, pending,
 *      sizeof pending).
 *        n == -1 and errno is not EINTR: perror("client: read") and
 *          return -1.  (n == -1 with EINTR: do nothing; the next round
 *          reads again.)
 *        n > 0: pending_len = (size_t)n; sent = 0.
 *        n == 0: the input has ended: input_open = 0, then
 *          shutdown(sock, SHUT_WR)  (NOT close: the echo is still
 *          coming).  On -1: perror("client: shutdown"), return -1.
 *   3. If fds[NETWORK].revents & POLLOUT:
 *        n = send(sock, pending + sent, pending_len - sent,
 *                 MSG_DONTWAIT | MSG_NOSIGNAL);
 *        n == -1 and errno is not EINTR, EAGAIN or EWOULDBLOCK:
 *          perror("client: send"), return -1.
 *        n > 0: sent += n (it may be fewer than asked: a short count);
 *          once sent == pending_len, set both back to 0.
 *   4. If fds[NETWORK].revents & (POLLIN | POLLHUP | POLLERR):
 *        n = recv(sock, reply, sizeof reply, 0);
 *        n == 0: the server has closed: the echo is complete; break.
 *        n == -1: EINTR -> continue; otherwise perror("client: recv")
 *          and return -1.
 *        n > 0: write exactly those n bytes:
 *          if (fwrite(reply, 1, (size_t)n, stdout) != (size_t)n)
 *          then perror("client: write") and return -1.  (Without the
 *          casts, size_t compared with ssize_t is a compiler warning.)
 * After the loop: if input_open or pending_len > 0, the server closed too
 * early: print "client: the server closed the connection before all the
 * input was sent" on stderr and return -1.  Otherwise return 0.
 */

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/*
	 * TODO steps 1 to 3, as in lesson 01's client:
	 *   1. int sock = socket(AF_INET, SOCK_STREAM, 0);
	 *      On -1: perror("client: socket"), return 1.
	 *   2. struct sockaddr_in server: memset to 0, sin_family = AF_INET,
	 *      sin_addr = ip, sin_port = htons(port).
	 *   3. connect(sock, (struct sockaddr *)&server, sizeof server).
	 *      On -1: perror("client: connect"), close(sock), return 1.
	 */

	/*
	 * TODO step 4: relay(sock).  On -1: close(sock) and return 1 (relay
	 * has printed why).
	 */

	/*
	 * TODO step 5: close(sock) (on -1: perror("client: close"), return
	 * 1), then fflush(stdout): stdio may still hold the last bytes of
	 * the echo.  If fflush returns EOF: perror("client: write"), return 1.
	 * Then return 0.
	 */

	fprintf(stderr, "client: not written yet: see the TODOs in client.c\n");
	return 1;
}

/*
 * server.c -- lesson 04: a TCP echo server.
 *
 * Usage: server [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
 *
 * The server listens on ADDRESS:PORT and then, forever, takes one client at a
 * time: it sends back every byte the client sends, as it arrives, until the
 * client shuts down its sending side (recv returns 0).  Then it closes the
 * connection and prints one line
 *
 *     echoed N bytes to IP:PORT
 *
 * A client that disappears in the middle (its connection is reset) costs a
 * message on stderr, and the server goes on with the next client.  Stop it
 * with Ctrl-C.
 *
 * YOUR JOB: the includes, the constants and the argument parsing are done.
 * Write the parts marked TODO, in order; README.md explains each step.
 * Then delete the "not written yet" lines at the end of main().
 */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: only this machine can connect */
#define DEFAULT_PORT 50007		/* the port the blog's Python programs use */
#define BACKLOG 10			/* connections the kernel may queue before we accept them */
#define BUFFER_SIZE 4096		/* bytes we take from the stream at a time */

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

/*
 * TODO (step 7, write it before you need it): the send-all loop.
 *
 *     static ssize_t
 *     send_all(int fd, const char *buf, size_t length)
 *
 * send(fd, buf, left, 0) may take FEWER bytes than you ask for (a short
 * count); it returns how many it took.  Loop while bytes are left: move buf
 * forward by that many and subtract them from what is left.
 *   - send returns -1 and errno == EINTR: a signal interrupted it; retry.
 *   - send returns -1 otherwise: return -1 (errno still says why).
 *   - nothing left: return length.
 * You wrote this loop in lesson 01's client: it is the same.
 */

/*
 * TODO (step 7): the echo loop, using send_all().
 *
 *     static int
 *     echo_until_eof(int conn, size_t *echoed)
 *
 * With char buf[BUFFER_SIZE], repeat:
 *     ssize_t n = recv(conn, buf, sizeof buf, 0);
 *   - n == 0: the client has shut down its sending side: the stream is
 *     over; return 0.
 *   - n == -1 and errno == EINTR: call recv again.
 *   - n == -1 otherwise: perror("server: recv") and return -1.
 *   - n > 0: send those n bytes back with send_all(conn, buf, n).  If it
 *     returns -1: perror("server: send") and return -1.  Then add n to
 *     *echoed.
 * Send back exactly n bytes: not strlen(buf) (the bytes are not a C
 * string; a zero byte is data too), not sizeof buf.
 */

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

	/*
	 * TODO step 0: a client that vanishes must not kill the server.
	 * send() on a connection that the other side has reset raises the
	 * signal SIGPIPE, which by default ends the program without a word.
	 * Ignore it, so that send() returns -1 with errno EPIPE instead:
	 *     signal(SIGPIPE, SIG_IGN)
	 * If it returns SIG_ERR: perror("server: signal") and return 1.
	 */

	/*
	 * TODO steps 1 to 5, as in lesson 01's server:
	 *   1. int listener = socket(AF_INET, SOCK_STREAM, 0);
	 *   2. setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes)
	 *      with int yes = 1;
	 *   3. a struct sockaddr_in addr (memset to 0, sin_family = AF_INET,
	 *      sin_addr = ip, sin_port = htons(port)), then
	 *      bind(listener, (struct sockaddr *)&addr, sizeof addr);
	 *   4. listen(listener, BACKLOG);
	 *   5. print "listening on 127.0.0.1:50007" with inet_ntop() into
	 *      char ip_text[INET_ADDRSTRLEN] and ntohs(addr.sin_port).
	 * Each call: on failure perror("server: CALL"), close(listener) if it
	 * is open, and return 1.
	 */

	/*
	 * TODO step 6: serve clients forever: for (;;) { ... }
	 * For each client:
	 *   a. struct sockaddr_in client; socklen_t client_len = sizeof client;
	 *      int conn = accept(listener, (struct sockaddr *)&client,
	 *          &client_len);
	 *      On -1: perror("server: accept"), close(listener), return 1.
	 *   b. (step 7) size_t echoed = 0;
	 *      int failed = echo_until_eof(conn, &echoed);
	 *   c. (step 8) close(conn), whether the echo worked or not.
	 *      On -1: perror("server: close") and continue.
	 *   d. If the echo failed (-1): continue with the next client; it has
	 *      already printed why on stderr.  Never exit here.
	 *   e. (step 9) print one line, from the address accept() filled in:
	 *          echoed 202 bytes to 127.0.0.1:41822
	 *      printf("echoed %zu bytes to %s:%u\n", echoed, ip_text,
	 *          (unsigned)ntohs(client.sin_port));
	 *      (inet_ntop on client.sin_addr for ip_text, as in step 5.)
	 */

	fprintf(stderr, "server: not written yet: see the TODOs in server.c\n");
	return 1;
}

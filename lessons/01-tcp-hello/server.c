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

/*
 * TODO (step 6, write it before you need it): a helper that reads one whole
 * message from a connected socket.  Write it here, above main():
 *
 *     static ssize_t
 *     recv_until_eof(int fd, char *buf, size_t size)
 *
 * It calls recv(fd, ..., 0) again and again and adds each piece it gets
 * after the pieces before it in buf: keep a count of the bytes kept so far
 * (size_t kept) and receive into buf + kept, at most size - kept bytes.
 *   - recv returns 0: the client closed the connection; the message is
 *     complete: return the number of bytes kept.
 *   - recv returns -1 and errno == EINTR: a signal interrupted the wait;
 *     just call recv again.
 *   - recv returns -1 otherwise: return -1 (errno still says why).
 *   - once buf is full (size bytes kept), keep calling recv until it
 *     returns 0, but into a second, scratch buffer whose bytes you ignore.
 * Never call exit() here: main() decides what an error means.
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
	 * TODO step 1: make a TCP socket for IPv4 with
	 *     socket(AF_INET, SOCK_STREAM, 0)
	 * and keep the descriptor it returns in an int (call it listener).
	 * If it returns -1: perror("server: socket") and return 1.
	 */

	/*
	 * TODO step 2: set the SO_REUSEADDR option BEFORE bind, so that a new
	 * server can take the port at once after the old one stopped (the
	 * port may be in TIME_WAIT, see the README):
	 *     int yes = 1;
	 *     setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes)
	 * On -1: perror("server: setsockopt"), close(listener), return 1.
	 */

	/*
	 * TODO step 3: fill in a struct sockaddr_in and bind to it:
	 *     memset it to zero first (unused fields must be 0);
	 *     sin_family = AF_INET;
	 *     sin_addr   = ip          (already in network byte order);
	 *     sin_port   = htons(port) (htons converts to network byte order).
	 * Then bind(listener, (struct sockaddr *)&addr, sizeof addr).
	 * On -1: perror("server: bind"), close(listener), return 1.
	 */

	/*
	 * TODO step 4: listen(listener, BACKLOG).
	 * On -1: perror("server: listen"), close(listener), return 1.
	 */

	/*
	 * TODO step 5: print where you listen, from the address you bound:
	 *     listening on 127.0.0.1:50007
	 * Use inet_ntop(AF_INET, &addr.sin_addr, ip_text, sizeof ip_text) with
	 * char ip_text[INET_ADDRSTRLEN] for the IP (on NULL:
	 * perror("server: inet_ntop"), close(listener), return 1), and
	 * ntohs(addr.sin_port) for the port:
	 *     printf("listening on %s:%u\n", ip_text, (unsigned)ntohs(...));
	 * End every line with \n: only then does line buffering write it out.
	 */

	/*
	 * TODO step 6: serve clients forever: for (;;) { ... }
	 * Inside the loop, for each client:
	 *   a. struct sockaddr_in client; socklen_t client_len = sizeof client;
	 *      (set client_len again for every client: accept changes it)
	 *      int conn = accept(listener, (struct sockaddr *)&client, &client_len);
	 *      On -1: perror("server: accept"), close(listener), return 1.
	 *   b. ssize_t length = recv_until_eof(conn, message, sizeof message);
	 *      with char message[MAX_MESSAGE].  On -1: perror("server: recv"),
	 *      close(conn) and continue with the next client.
	 *   c. print ONE line: data: MESSAGE, addr: IP:PORT
	 *      The message has no '\0' at its end, so do not use %s for it:
	 *          printf("data: ");
	 *          fwrite(message, 1, length, stdout);
	 *          printf(", addr: %s:%u\n", ...);   (inet_ntop and ntohs again)
	 *   d. close(conn): this client is done; accept the next one.
	 */

	fprintf(stderr, "server: not written yet: see the TODOs in server.c\n");
	return 1;
}

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

/*
 * TODO (step 4, write it before you need it): a helper that sends every
 * byte.  Write it here, above main():
 *
 *     static ssize_t
 *     send_all(int fd, const char *buf, size_t length)
 *
 * send(fd, buf, left, 0) may take FEWER bytes than you ask for; it returns
 * how many it took.  So loop while bytes are left: move buf forward by that
 * many and subtract them from what is left.
 *   - send returns -1 and errno == EINTR: a signal interrupted it; retry.
 *   - send returns -1 otherwise: return -1 (errno still says why).
 *   - nothing left: return length.
 * Never call exit() here: main() decides what an error means.
 */

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;
	const char *message;

	if (parse_arguments(argc, argv, &ip, &port, &message) == -1)
		return 2;

	/*
	 * TODO step 1: make a TCP socket for IPv4 with
	 *     socket(AF_INET, SOCK_STREAM, 0)
	 * and keep the descriptor in an int (call it sock).
	 * If it returns -1: perror("client: socket") and return 1.
	 */

	/*
	 * TODO step 2: fill in a struct sockaddr_in with the server's address:
	 *     memset it to zero first (unused fields must be 0);
	 *     sin_family = AF_INET;
	 *     sin_addr   = ip          (already in network byte order);
	 *     sin_port   = htons(port) (htons converts to network byte order).
	 */

	/*
	 * TODO step 3: connect(sock, (struct sockaddr *)&server, sizeof server).
	 * CHECK ITS RETURN VALUE: when nobody listens on that port it returns
	 * -1 with errno ECONNREFUSED.  On -1: perror("client: connect") (it
	 * prints "client: connect: Connection refused"), close(sock), return 1.
	 */

	/*
	 * TODO step 4: send the message with send_all(sock, message, length),
	 * where size_t length = strlen(message): the bytes of the text,
	 * without the '\0' that ends a C string.  (Not sizeof message:
	 * message is a pointer, and sizeof a pointer is 8 on a 64-bit
	 * machine.)
	 * On -1: perror("client: send"), close(sock), return 1.
	 */

	/*
	 * TODO step 5: close(sock).  This is how the server learns that the
	 * message is complete: its recv returns 0.
	 * On -1: perror("client: close") and return 1.
	 */

	/*
	 * TODO step 6: print, from the address you connected to:
	 *     sent 29 bytes to 127.0.0.1:50007
	 * Use inet_ntop(AF_INET, &server.sin_addr, ip_text, sizeof ip_text)
	 * with char ip_text[INET_ADDRSTRLEN] (on NULL:
	 * perror("client: inet_ntop"), return 1), ntohs(server.sin_port),
	 * and %zu for the size_t length:
	 *     printf("sent %zu bytes to %s:%u\n", length, ip_text, ...);
	 * Then return 0.
	 */

	fprintf(stderr, "client: not written yet: see the TODOs in client.c\n");
	return 1;
}

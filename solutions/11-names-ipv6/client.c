/*
 * client.c -- lesson 11: a TCP client that finds its server by name.
 *
 * Usage: client HOST PORT
 *
 * HOST is a name (server.lab, localhost) or a numeric address (::1,
 * 127.0.0.1).  getaddrinfo() turns it into a list of addresses, IPv6 and
 * IPv4; the client tries them in order until one answers, says which one
 * on stdout, and copies what the server sends to stdout until the server
 * closes the connection.  Each address that fails gets one line on stderr:
 *
 *     $ ./client server.lab 50007
 *     [2001:db8::12]:50007: Connection refused
 *     connected to 192.0.2.12:50007
 *     you are 192.0.2.12:50213
 */

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define HOST_SIZE 64		/* room for any numeric IPv6 address, and more */
#define SERV_SIZE 8		/* room for "65535" */
#define PEER_SIZE (HOST_SIZE + SERV_SIZE + 4)	/* "[HOST]:SERV" */
#define BUFFER_SIZE 4096	/* bytes copied at a time */
#define EXIT_NO_NAME 3		/* the name did not resolve */

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
 * Read the command line: client HOST PORT.  Stores HOST in *HOST and the
 * port in *PORT.  Returns 0, or -1 after printing what is wrong on stderr.
 */
static int
parse_arguments(int argc, char *argv[], const char **host, unsigned short *port)
{
	if (argc != 3) {
		fprintf(stderr, "usage: client HOST PORT\n");
		return -1;
	}
	if (parse_port(argv[2], port) == -1) {
		fprintf(stderr, "client: invalid port '%s'\n", argv[2]);
		return -1;
	}
	*host = argv[1];
	return 0;
}

/*
 * Write the socket address ADDR (LEN bytes, IPv4 or IPv6) into OUT as
 * "192.0.2.12:40001" or "[2001:db8::12]:40001" (the same function as the
 * server's; the client never sees an IPv4-mapped address: it asked for
 * AF_UNSPEC, and gets IPv4 addresses as AF_INET ones).
 * Returns 0, or -1 after printing why on stderr.
 */
static int
format_peer(const struct sockaddr *addr, socklen_t len, char *out, size_t outlen)
{
	char host[HOST_SIZE], serv[SERV_SIZE];
	int rc = getnameinfo(addr, len, host, sizeof host, serv, sizeof serv,
	    NI_NUMERICHOST | NI_NUMERICSERV);

	if (rc != 0) {
		fprintf(stderr, "client: getnameinfo: %s\n", gai_strerror(rc));
		return -1;
	}
	snprintf(out, outlen, addr->sa_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
	    host, serv);
	return 0;
}

/*
 * Try each address of LIST in order until one accepts a connection.
 * Each one that fails gets a line on stderr: "PEER: REASON".
 * Returns the connected socket, with its address written into PEER, or -1
 * when none answered.
 */
static int
connect_any(const struct addrinfo *list, char *peer, size_t peerlen)
{
	const struct addrinfo *ai;

	for (ai = list; ai != NULL; ai = ai->ai_next) {
		int sock;

		if (format_peer(ai->ai_addr, ai->ai_addrlen, peer, peerlen) == -1)
			continue;
		sock = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (sock == -1) {
			fprintf(stderr, "%s: %s\n", peer, strerror(errno));
			continue;
		}
		if (connect(sock, ai->ai_addr, ai->ai_addrlen) == 0)
			return sock;
		/* Refused, unreachable...: say so, and try the next one. */
		fprintf(stderr, "%s: %s\n", peer, strerror(errno));
		close(sock);
	}
	return -1;
}

/*
 * Copy everything that arrives on SOCK to stdout until the server closes
 * the connection.  Returns 0, or -1 after printing why on stderr.
 */
static int
copy_to_stdout(int sock)
{
	char buf[BUFFER_SIZE];

	for (;;) {
		ssize_t n = recv(sock, buf, sizeof buf, 0);

		if (n == 0)
			return 0;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			perror("client: recv");
			return -1;
		}
		/* The bytes exactly as they came: zero bytes too. */
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) {
			perror("client: write");
			return -1;
		}
	}
}

int
main(int argc, char *argv[])
{
	struct addrinfo hints, *list;
	const char *host;
	unsigned short port;
	char port_text[SERV_SIZE], peer[PEER_SIZE];
	int sock, rc, status = 0;

	if (parse_arguments(argc, argv, &host, &port) == -1)
		return 2;
	snprintf(port_text, sizeof port_text, "%u", (unsigned)port);

	/* 1. The name's addresses, both families, for a TCP connection. */
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port_text, &hints, &list);
	if (rc != 0) {
		/* Not errno: getaddrinfo() returns its own error code. */
		fprintf(stderr, "%s: %s\n", host, gai_strerror(rc));
		return EXIT_NO_NAME;
	}

	/* 2. Each address in turn; the list is ours to free, whatever happens. */
	sock = connect_any(list, peer, sizeof peer);
	freeaddrinfo(list);
	if (sock == -1)
		return 1;
	printf("connected to %s\n", peer);
	fflush(stdout);

	/* 3. What the server says, until it hangs up. */
	if (copy_to_stdout(sock) == -1)
		status = 1;
	close(sock);
	if (fflush(stdout) == EOF) {
		perror("client: write");
		status = 1;
	}
	return status;
}

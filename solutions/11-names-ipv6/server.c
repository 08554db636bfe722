/*
 * server.c -- lesson 11: one TCP server for IPv4 and IPv6 clients.
 *
 * Usage: server PORT
 *
 * The server asks getaddrinfo() for the address to listen on (no host:
 * "any address", AI_PASSIVE), listens there on one IPv6 socket that IPv4
 * clients reach too (IPV6_V6ONLY turned off), and for each client, one at
 * a time, prints where it came from, tells the client the same, and hangs
 * up:
 *
 *     $ ./server 50007
 *     listening on port 50007
 *     connection from [::1]:50213
 *     connection from 127.0.0.1:50214
 *
 * An IPv4 client reaches an IPv6 socket as an "IPv4-mapped" address,
 * ::ffff:127.0.0.1; the server prints the IPv4 address it really is.
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

#define BACKLOG 16		/* connections the kernel may hold for accept() */
#define HOST_SIZE 64		/* room for any numeric IPv6 address, and more */
#define SERV_SIZE 8		/* room for "65535" */
#define PEER_SIZE (HOST_SIZE + SERV_SIZE + 4)	/* "[HOST]:SERV" */
#define REPLY_SIZE (PEER_SIZE + 16)		/* "you are PEER\n" */

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
 * Read the command line: server PORT.  Stores the port in *PORT.
 * Returns 0, or -1 after printing what is wrong on stderr.
 */
static int
parse_arguments(int argc, char *argv[], unsigned short *port)
{
	if (argc != 2) {
		fprintf(stderr, "usage: server PORT\n");
		return -1;
	}
	if (parse_port(argv[1], port) == -1) {
		fprintf(stderr, "server: invalid port '%s'\n", argv[1]);
		return -1;
	}
	return 0;
}

/*
 * Write the socket address ADDR (LEN bytes, IPv4 or IPv6) into OUT as
 * "192.0.2.12:40001" or "[2001:db8::12]:40001".  An IPv4-mapped IPv6
 * address (::ffff:192.0.2.12, an IPv4 client on an IPv6 socket) is
 * written as the IPv4 address it stands for.
 * Returns 0, or -1 after printing why on stderr.
 */
static int
format_peer(const struct sockaddr *addr, socklen_t len, char *out, size_t outlen)
{
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)addr;
	struct sockaddr_in v4;
	char host[HOST_SIZE], serv[SERV_SIZE];
	int rc;

	if (addr->sa_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {
		/* The last 4 of the 16 bytes are the IPv4 address. */
		memset(&v4, 0, sizeof v4);
		v4.sin_family = AF_INET;
		v4.sin_port = a6->sin6_port;
		memcpy(&v4.sin_addr, &a6->sin6_addr.s6_addr[12], 4);
		addr = (const struct sockaddr *)&v4;
		len = sizeof v4;
	}
	rc = getnameinfo(addr, len, host, sizeof host, serv, sizeof serv,
	    NI_NUMERICHOST | NI_NUMERICSERV);
	if (rc != 0) {
		fprintf(stderr, "server: getnameinfo: %s\n", gai_strerror(rc));
		return -1;
	}
	/* An IPv6 address has colons of its own: brackets keep the port apart. */
	snprintf(out, outlen, addr->sa_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
	    host, serv);
	return 0;
}

/*
 * Serve the client connected on CONN, whose address accept() stored in
 * PEER (LEN bytes): print it, send it back in a line, and return.  A
 * client that has already gone costs it nothing but a message.
 */
static void
serve_client(int conn, const struct sockaddr *peer, socklen_t len)
{
	char who[PEER_SIZE], reply[REPLY_SIZE];
	size_t sent = 0, total;

	if (format_peer(peer, len, who, sizeof who) == -1)
		return;
	printf("connection from %s\n", who);
	fflush(stdout);

	total = (size_t)snprintf(reply, sizeof reply, "you are %s\n", who);
	while (sent < total) {
		/* MSG_NOSIGNAL: a client that has gone is an error, not SIGPIPE. */
		ssize_t n = send(conn, reply + sent, total - sent, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			perror("server: send");
			return;
		}
		sent += (size_t)n;
	}
}

int
main(int argc, char *argv[])
{
	struct addrinfo hints, *res;
	unsigned short port;
	char port_text[SERV_SIZE];
	int listener, rc, yes = 1, no = 0;

	if (parse_arguments(argc, argv, &port) == -1)
		return 2;
	snprintf(port_text, sizeof port_text, "%u", (unsigned)port);

	/*
	 * 1. Where to listen.  No host and AI_PASSIVE: "any address".  We ask
	 * for IPv6 alone, and get [::]:PORT; IPv4 clients come through it
	 * too (step 2).  (With AF_UNSPEC the list also holds 0.0.0.0:PORT,
	 * often first: README.md, section 2.)
	 */
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET6;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(NULL, port_text, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "server: getaddrinfo: %s\n", gai_strerror(rc));
		return 1;
	}

	/* 2. The socket, and both families on it: IPV6_V6ONLY off. */
	listener = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
	if (listener == -1) {
		perror("server: socket");
		freeaddrinfo(res);
		return 1;
	}
	if (setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no) == -1) {
		perror("server: setsockopt IPV6_V6ONLY");
		goto fail;
	}
	if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) == -1) {
		perror("server: setsockopt SO_REUSEADDR");
		goto fail;
	}

	/* 3. bind() to the address getaddrinfo() filled in, then listen(). */
	if (bind(listener, res->ai_addr, res->ai_addrlen) == -1) {
		perror("server: bind");
		goto fail;
	}
	freeaddrinfo(res);
	res = NULL;
	if (listen(listener, BACKLOG) == -1) {
		perror("server: listen");
		goto fail;
	}
	printf("listening on port %s\n", port_text);
	fflush(stdout);

	/* 4. One client after another, until we are stopped. */
	for (;;) {
		struct sockaddr_storage peer;	/* room for either family */
		socklen_t len = sizeof peer;
		int conn = accept(listener, (struct sockaddr *)&peer, &len);

		if (conn == -1 && errno == EINTR)
			continue;
		if (conn == -1) {
			perror("server: accept");
			goto fail;
		}
		serve_client(conn, (struct sockaddr *)&peer, len);
		close(conn);
	}

fail:
	if (res != NULL)
		freeaddrinfo(res);
	close(listener);
	return 1;
}

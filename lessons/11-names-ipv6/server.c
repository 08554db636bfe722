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
 *
 * YOUR JOB: the includes, the constants and the argument parsing are done.
 * Write the parts marked TODO, in order; README.md explains each step.
 * Then delete the "not written yet" lines at the end of main().
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
 *
 * TODO (step 5):
 *   1. If addr->sa_family is AF_INET6 and IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)
 *      (a6: addr seen as a const struct sockaddr_in6 *): fill a
 *      struct sockaddr_in v4 (memset it to 0; sin_family AF_INET; sin_port
 *      the same as a6's; sin_addr the LAST 4 of the 16 bytes,
 *      memcpy(&v4.sin_addr, &a6->sin6_addr.s6_addr[12], 4)), and use it
 *      instead: addr = (const struct sockaddr *)&v4; len = sizeof v4.
 *   2. rc = getnameinfo(addr, len, host, sizeof host, serv, sizeof serv,
 *      NI_NUMERICHOST | NI_NUMERICSERV).  On rc != 0:
 *      fprintf(stderr, "server: getnameinfo: %s\n", gai_strerror(rc)),
 *      return -1.
 *   3. snprintf into out: "[%s]:%s" when addr->sa_family is AF_INET6,
 *      else "%s:%s", with host and serv.  Return 0.
 */
static int
format_peer(const struct sockaddr *addr, socklen_t len, char *out, size_t outlen)
{
	(void)addr;
	(void)len;
	(void)out;
	(void)outlen;
	return -1;
}

/*
 * Serve the client connected on CONN, whose address accept() stored in
 * PEER (LEN bytes): print it, send it back in a line, and return.
 *
 * TODO (step 6), after the first step, written for you:
 *   2. printf("connection from %s\n", who); fflush(stdout);
 *   3. Build the reply, "you are %s\n", with snprintf into reply (it
 *      returns the length), and send all of it: a loop around
 *      send(conn, reply + sent, total - sent, MSG_NOSIGNAL) until sent ==
 *      total; EINTR: try again; another -1: perror("server: send") and
 *      return (never exit: the next client must still be served).
 */
static void
serve_client(int conn, const struct sockaddr *peer, socklen_t len)
{
	char who[PEER_SIZE];

	/* 1. The client's address as text. */
	if (format_peer(peer, len, who, sizeof who) == -1)
		return;
	(void)conn;
}

int
main(int argc, char *argv[])
{
	unsigned short port;
	char port_text[SERV_SIZE];
	int listener = -1;

	if (parse_arguments(argc, argv, &port) == -1)
		return 2;
	/* getaddrinfo() takes the port as text, a "service": "50007". */
	snprintf(port_text, sizeof port_text, "%u", (unsigned)port);

	/* Not written yet: delete these two lines when the TODOs are done. */
	fprintf(stderr, "server: not written yet\n");
	return 1;

	/*
	 * TODO 1: where to listen.  struct addrinfo hints, *res; int rc;
	 * memset hints to 0; hints.ai_family = AF_INET6; hints.ai_socktype =
	 * SOCK_STREAM; hints.ai_flags = AI_PASSIVE (no host: "any address").
	 * rc = getaddrinfo(NULL, port_text, &hints, &res); on rc != 0:
	 * fprintf(stderr, "server: getaddrinfo: %s\n", gai_strerror(rc)),
	 * return 1.  From here on, every way out calls freeaddrinfo(res)
	 * once, until step 3 has freed it.
	 */

	/*
	 * TODO 2: the socket, listener = socket(res->ai_family,
	 * res->ai_socktype, res->ai_protocol), then two options, each
	 * checked:
	 *   int no = 0: setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &no,
	 *     sizeof no): IPv4 clients reach this socket too;
	 *   int yes = 1: setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes,
	 *     sizeof yes): restart at once (lesson 01).
	 * On -1: perror("server: socket") (or "server: setsockopt
	 * IPV6_V6ONLY"...), close what is open, freeaddrinfo(res), return 1.
	 */

	/*
	 * TODO 3: bind(listener, res->ai_addr, res->ai_addrlen) (on -1:
	 * perror("server: bind"), clean up, return 1), freeaddrinfo(res),
	 * listen(listener, BACKLOG), then print "listening on port %s\n" with
	 * port_text and fflush(stdout).
	 */

	/* 4. One client after another, until we are stopped (written for you). */
	for (;;) {
		struct sockaddr_storage peer;	/* room for either family */
		socklen_t len = sizeof peer;
		int conn = accept(listener, (struct sockaddr *)&peer, &len);

		if (conn == -1 && errno == EINTR)
			continue;
		if (conn == -1) {
			perror("server: accept");
			close(listener);
			return 1;
		}
		serve_client(conn, (struct sockaddr *)&peer, len);
		close(conn);
	}
}

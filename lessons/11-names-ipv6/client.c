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
 *
 * YOUR JOB: the includes, the constants, the argument parsing and
 * format_peer() are done.  Write the parts marked TODO, in order;
 * README.md explains each step.  Then delete the "not written yet" lines
 * at the end of main().
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
 *
 * TODO (step 2), in the loop over the list, written for you with its
 * first step:
 *   2. sock = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)
 *      (each entry has its own family); on -1, print the line (below) and
 *      continue.
 *   3. connect(sock, ai->ai_addr, ai->ai_addrlen): 0 means connected:
 *      return sock.  On -1: fprintf(stderr, "%s: %s\n", peer,
 *      strerror(errno)), close(sock), and go on with the next address.
 * After the loop: return -1.
 */
static int
connect_any(const struct addrinfo *list, char *peer, size_t peerlen)
{
	const struct addrinfo *ai;

	for (ai = list; ai != NULL; ai = ai->ai_next) {
		/* 1. The address as text, for the lines on stderr. */
		if (format_peer(ai->ai_addr, ai->ai_addrlen, peer, peerlen) == -1)
			continue;
	}
	return -1;
}

/*
 * Copy everything that arrives on SOCK to stdout until the server closes
 * the connection.  Returns 0, or -1 after printing why on stderr.
 *
 * TODO (step 3): loop: n = recv(sock, buf, sizeof buf, 0);
 *   n == 0: the server closed: return 0;
 *   n == -1: EINTR: continue; else perror("client: recv"), return -1;
 *   n > 0: fwrite(buf, 1, (size_t)n, stdout) must write all n bytes
 *     (else perror("client: write"), return -1).
 */
static int
copy_to_stdout(int sock)
{
	(void)sock;
	return -1;
}

int
main(int argc, char *argv[])
{
	struct addrinfo *list = NULL;
	const char *host;
	unsigned short port;
	char port_text[SERV_SIZE], peer[PEER_SIZE];
	int sock, status = 0;

	if (parse_arguments(argc, argv, &host, &port) == -1)
		return 2;
	snprintf(port_text, sizeof port_text, "%u", (unsigned)port);

	/* Not written yet: delete these two lines when the TODOs are done. */
	fprintf(stderr, "client: not written yet\n");
	return 1;

	/*
	 * TODO 1: the name's addresses.  struct addrinfo hints; int rc;
	 * memset hints to 0; hints.ai_family = AF_UNSPEC (IPv4 and IPv6);
	 * hints.ai_socktype = SOCK_STREAM.  rc = getaddrinfo(host, port_text,
	 * &hints, &list).  On rc != 0: fprintf(stderr, "%s: %s\n", host,
	 * gai_strerror(rc)) (NOT perror: getaddrinfo() does not set errno),
	 * return EXIT_NO_NAME.
	 */

	/* 2. Each address in turn (connect_any), then... */
	sock = connect_any(list, peer, sizeof peer);
	/*
	 * TODO 2: ...freeaddrinfo(list), whatever connect_any() did: the
	 * list is ours to free, on every way out from here.
	 */
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

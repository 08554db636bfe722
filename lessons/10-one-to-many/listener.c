/*
** listener.c -- socklab lesson 10: hears what is sent to many
**
** usage: listener [-g GROUP] [-i IFADDR] PORT      (UDP)
**        listener -t PORT                          (TCP)
**
** UDP: binds a datagram socket to 0.0.0.0:PORT (every address of this host,
** so that broadcasts and multicasts reach it too), with SO_REUSEADDR so that
** several listeners on one host share PORT, and prints
**
**     bound to 0.0.0.0:PORT
**
** With -g it joins the multicast GROUP (on the interface that has the
** address IFADDR, with -i) and prints "joined GROUP". Then, for every
** datagram that arrives:
**
**     from IP:PORT: TEXT
**
** TCP (-t): listens on 0.0.0.0:PORT, prints "listening on 0.0.0.0:PORT",
** and for each connection prints the same line with every byte the peer
** sent before it closed the connection.
**
** Standard input is the listener's remote control: the line "leave" makes
** it leave GROUP (it prints "left GROUP" and hears the group no more); at
** the end of standard input it closes its socket and exits with status 0.
**
** This is the skeleton: the argument parsing and two helpers are written
** for you; the socket steps are the TODOs in main(), read_commands() and
** serve_connection(). README.md explains each one.
*/

/*
 * struct ip_mreq and the IP_MULTICAST_* options are not POSIX: glibc shows
 * them only when asked for its default (BSD and System V) names too.
 */
#define _DEFAULT_SOURCE

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUFFER_SIZE     1024	/* bytes kept of each message */
#define LINE_SIZE       64	/* room for one command line on stdin */
#define BACKLOG         8	/* TCP: connections waiting to be accepted */

static int parse_arguments(int argc, char *argv[], int *tcp, int *has_group,
    struct in_addr *group, struct in_addr *ifaddr, unsigned short *port);

/* Print "from IP:PORT: " and the n bytes of buf as they are, then flush. */
static void
print_message(const struct sockaddr_in *from, const char *buf, size_t n)
{
	char ip_text[INET_ADDRSTRLEN];

	if (inet_ntop(AF_INET, &from->sin_addr, ip_text, sizeof ip_text) ==
	    NULL)
		strcpy(ip_text, "?");
	printf("from %s:%d: ", ip_text, ntohs(from->sin_port));
	fwrite(buf, 1, n, stdout);
	printf("\n");
	/* stdout is a file or a pipe here, not a terminal: flush each line. */
	fflush(stdout);
}

/*
 * Reads what standard input has now (poll() said it has something) into
 * line, and runs each whole line: "leave" drops the membership of mreq
 * when *joined is set. Returns 1 at the end of standard input, 0 to go
 * on, -1 when a call failed (perror() said which).
 */
static int
read_commands(int s, struct ip_mreq *mreq, int *joined, char *line,
    size_t *used)
{
	char group_text[INET_ADDRSTRLEN];
	ssize_t n;
	char *nl;

	n = read(STDIN_FILENO, line + *used, LINE_SIZE - 1 - *used);
	if (n == -1) {
		perror("listener: read");
		return -1;
	}
	if (n == 0)
		return 1;
	*used += (size_t)n;
	line[*used] = '\0';
	while ((nl = strchr(line, '\n')) != NULL) {
		*nl = '\0';
		if (strcmp(line, "leave") == 0 && *joined) {
			/*
			 * TODO 6b: leave the group: setsockopt(s, IPPROTO_IP,
			 * IP_DROP_MEMBERSHIP, mreq, sizeof *mreq), the same
			 * ip_mreq as the join (on -1: perror("listener:
			 * setsockopt IP_DROP_MEMBERSHIP"), return -1); then
			 * *joined = 0, and print "left GROUP" (inet_ntop() of
			 * mreq->imr_multiaddr into group_text) and fflush().
			 */
			(void)s;
			(void)mreq;
			(void)group_text;
		} else {
			fprintf(stderr, "listener: ignored the line '%s'\n",
			    line);
		}
		*used -= (size_t)(nl + 1 - line);
		memmove(line, nl + 1, *used + 1);
	}
	/* A line too long for LINE_SIZE is no command: forget it. */
	if (*used == LINE_SIZE - 1)
		*used = 0;
	return 0;
}

/*
 * TCP: receive everything one connection sends, then print it. Returns 0,
 * or -1 when recv() failed (after perror()).
 */
static int
serve_connection(int c, const struct sockaddr_in *from)
{
	/*
	 * TODO 6c: a byte stream has no boundaries: recv(c, ...) until it
	 * returns 0 (the peer closed the connection), keeping at most
	 * BUFFER_SIZE bytes in a buffer (receive what comes after them into
	 * another buffer, and drop it). On -1: perror("listener: recv"),
	 * return -1. Then print_message(from, buf, got) and return 0.
	 */
	(void)c;
	(void)from;
	return 0;
}

int
main(int argc, char *argv[])
{
	int tcp;			/* -t: the TCP way */
	int has_group;			/* -g GROUP was given */
	struct in_addr group;		/* GROUP, a multicast address */
	struct in_addr ifaddr;		/* IFADDR, or INADDR_ANY */
	unsigned short port;		/* PORT, in host byte order */
	/*
	 * TODO 0: declare the variables the steps below need, here, as you
	 * write the steps. You will need:
	 *	struct sockaddr_in addr;	our own address: 0.0.0.0:PORT
	 *	struct sockaddr_in from;	who sent a datagram, or connected
	 *	socklen_t from_len;
	 *	struct ip_mreq mreq;		which group, on which interface
	 *	struct pollfd fds[2];		standard input, and the socket
	 *	char buf[BUFFER_SIZE];		one datagram: no '\0'
	 *	char line[LINE_SIZE];		commands read from stdin
	 *	char group_text[INET_ADDRSTRLEN];
	 *	size_t used = 0;		bytes waiting in line
	 *	int s, c, joined = 0, one = 1, zero = 0, status = 0, done;
	 *	ssize_t n;
	 */

	if (parse_arguments(argc, argv, &tcp, &has_group, &group, &ifaddr,
	    &port) == -1)
		return 2;

	/*
	 * TODO 1: a socket: socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM,
	 * 0). On -1: perror("listener: socket"), return 1.
	 *
	 * TODO 2: setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)
	 * before bind(), so that several listeners share PORT on one host.
	 *
	 * TODO 3: UDP only: setsockopt(s, IPPROTO_IP, IP_MULTICAST_ALL,
	 * &zero, sizeof zero): this socket hears only the groups it joins.
	 *
	 * TODO 4: bind() to 0.0.0.0:PORT (htonl(INADDR_ANY), htons(port));
	 * with -t, listen(s, BACKLOG) too. Print "bound to 0.0.0.0:PORT"
	 * (UDP) or "listening on 0.0.0.0:PORT" (TCP), and fflush(stdout).
	 *
	 * TODO 5: with -g (has_group): memset mreq, imr_multiaddr = group,
	 * imr_interface = ifaddr; setsockopt(s, IPPROTO_IP,
	 * IP_ADD_MEMBERSHIP, &mreq, sizeof mreq); joined = 1; print
	 * "joined GROUP" and fflush(stdout).
	 *
	 * TODO 6: fds[0] = standard input, fds[1] = s, both POLLIN; then
	 * for (;;) { poll(fds, 2, -1); ... }:
	 *   - fds[0].revents != 0: done = read_commands(s, &mreq, &joined,
	 *     line, &used): 1 at the end of the input (break), -1 when a call
	 *     failed (status = 1, break);
	 *   - fds[1].revents != 0, UDP: from_len = sizeof from; recvfrom()
	 *     into buf; print_message(&from, buf, (size_t)n);
	 *   - fds[1].revents != 0, TCP: c = accept(s, ...);
	 *     serve_connection(c, &from); close(c).
	 *   Every call checked: perror("listener: CALL"), status = 1, break.
	 *
	 * TODO 7: close(s) (which leaves the group too), return status.
	 */

	/* The helpers above, not called yet: delete these three lines too. */
	(void)print_message;
	(void)read_commands;
	(void)serve_connection;

	/* When TODOs 0 to 7 are written, delete these two lines. */
	fprintf(stderr, "listener: not written yet: see the TODOs in listener.c\n");
	return 1;
}

/*
 * Reads [-t] [-g GROUP] [-i IFADDR] PORT. Returns 0, or -1 after a message
 * on stderr.
 */
static int
parse_arguments(int argc, char *argv[], int *tcp, int *has_group,
    struct in_addr *group, struct in_addr *ifaddr, unsigned short *port)
{
	const char *usage = "usage: listener [-g GROUP] [-i IFADDR] PORT\n"
	    "       listener -t PORT\n";
	int has_ifaddr = 0;
	long number;
	char *end;

	*tcp = 0;
	*has_group = 0;
	ifaddr->s_addr = htonl(INADDR_ANY);
	/* The options first, in any order. */
	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-t") == 0) {
			*tcp = 1;
			argc--;
			argv++;
			continue;
		}
		if ((strcmp(argv[1], "-g") != 0 && strcmp(argv[1], "-i") != 0) ||
		    argc < 3) {
			fprintf(stderr, "%s", usage);
			return -1;
		}
		if (strcmp(argv[1], "-g") == 0) {
			/* 224.0.0.0 to 239.255.255.255: the multicast range. */
			if (inet_pton(AF_INET, argv[2], group) != 1 ||
			    !IN_MULTICAST(ntohl(group->s_addr))) {
				fprintf(stderr, "listener: invalid group '%s' "
				    "(224.0.0.0 to 239.255.255.255)\n", argv[2]);
				return -1;
			}
			*has_group = 1;
		} else {
			if (inet_pton(AF_INET, argv[2], ifaddr) != 1) {
				fprintf(stderr, "listener: invalid address "
				    "'%s'\n", argv[2]);
				return -1;
			}
			has_ifaddr = 1;
		}
		argc -= 2;
		argv += 2;
	}
	/* Exactly PORT after them; -i needs -g; -t takes neither. */
	if (argc != 2 || (has_ifaddr && !*has_group) ||
	    (*tcp && *has_group)) {
		fprintf(stderr, "%s", usage);
		return -1;
	}
	errno = 0;
	number = strtol(argv[1], &end, 10);
	if (end == argv[1] || *end != '\0' || errno != 0 || number < 1 ||
	    number > 65535) {
		fprintf(stderr, "listener: invalid port '%s'\n", argv[1]);
		return -1;
	}
	*port = (unsigned short)number;
	return 0;
}

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
#include <sys/select.h>

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
	char out[64 + 1024 + 1];	/* "from IP:PORT: ", the bytes, '\n' */
	size_t len, done = 0;
	ssize_t w;
	unsigned char *ip = (unsigned char *)&from->sin_addr;

	len = (size_t)snprintf(out, 64, "from %u.%u.%u.%u:%u: ", ip[0], ip[1],
	    ip[2], ip[3], (unsigned)ntohs(from->sin_port));
	if (n > 1024)
		n = 1024;
	memcpy(out + len, buf, n);
	len += n;
	out[len++] = '\n';
	/* write() goes straight to fd 1: nothing waits in a stdio buffer */
	while (done < len) {
		w = write(STDOUT_FILENO, out + done, len - done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return;
		done += (size_t)w;
	}
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
	static int too_long;	/* in a line too long to be a command */
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
		if (too_long) {
			too_long = 0;	/* its end: ignored with the rest */
		} else if (strcmp(line, "leave") == 0 && *joined) {
			if (setsockopt(s, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq,
			    sizeof *mreq) == -1) {
				perror("listener: setsockopt IP_DROP_MEMBERSHIP");
				return -1;
			}
			*joined = 0;
			inet_ntop(AF_INET, &mreq->imr_multiaddr, group_text,
			    sizeof group_text);
			printf("left %s\n", group_text);
			fflush(stdout);
		} else {
			fprintf(stderr, "listener: ignored the line '%s'\n",
			    line);
		}
		*used -= (size_t)(nl + 1 - line);
		memmove(line, nl + 1, *used + 1);
	}
	/* A line too long for LINE_SIZE is no command: skip to its end. */
	if (*used == LINE_SIZE - 1) {
		*used = 0;
		too_long = 1;
	}
	return 0;
}

/*
 * TCP: receive everything one connection sends, then print it. Returns 0,
 * or -1 when recv() failed (after perror()).
 */
static int
serve_connection(int c, const struct sockaddr_in *from)
{
	char buf[BUFFER_SIZE + 512];
	size_t got = 0;
	ssize_t n;

	/* read until the peer closes; past BUFFER_SIZE, overwrite the tail */
	while ((n = read(c, buf + (got < BUFFER_SIZE ? got : BUFFER_SIZE),
	    got < BUFFER_SIZE ? BUFFER_SIZE - got : 512)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("listener: read");
			return -1;
		}
		if (got < BUFFER_SIZE)
			got += (size_t)n;
	}
	print_message(from, buf, got);
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
	struct sockaddr_in addr, from;
	socklen_t from_len;
	struct ip_mreq mreq;
	fd_set ready;
	char buf[BUFFER_SIZE];
	char line[LINE_SIZE];
	char group_text[INET_ADDRSTRLEN];
	size_t used = 0;
	int s, c, joined = 0, one = 1, zero = 0, status = 0, done;
	ssize_t n;

	if (parse_arguments(argc, argv, &tcp, &has_group, &group, &ifaddr,
	    &port) == -1)
		return 2;

	s = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (s == -1) {
		perror("listener: socket");
		return 1;
	}
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1) {
		perror("listener: setsockopt SO_REUSEADDR");
		close(s);
		return 1;
	}
	if (!tcp && setsockopt(s, IPPROTO_IP, IP_MULTICAST_ALL, &zero,
	    sizeof zero) == -1) {
		perror("listener: setsockopt IP_MULTICAST_ALL");
		close(s);
		return 1;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(s, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("listener: bind");
		close(s);
		return 1;
	}
	if (tcp && listen(s, BACKLOG) == -1) {
		perror("listener: listen");
		close(s);
		return 1;
	}
	printf("%s 0.0.0.0:%d\n", tcp ? "listening on" : "bound to", port);
	fflush(stdout);

	memset(&mreq, 0, sizeof mreq);
	if (has_group) {
		mreq.imr_multiaddr = group;
		mreq.imr_interface = ifaddr;
		if (setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
		    sizeof mreq) == -1) {
			perror("listener: setsockopt IP_ADD_MEMBERSHIP");
			close(s);
			return 1;
		}
		joined = 1;
		inet_ntop(AF_INET, &group, group_text, sizeof group_text);
		printf("joined %s\n", group_text);
		fflush(stdout);
	}

	for (;;) {
		FD_ZERO(&ready);
		FD_SET(STDIN_FILENO, &ready);
		FD_SET(s, &ready);
		if (select(s + 1, &ready, NULL, NULL, NULL) == -1) {
			if (errno == EINTR)
				continue;
			perror("listener: select");
			status = 1;
			break;
		}
		if (FD_ISSET(STDIN_FILENO, &ready)) {
			done = read_commands(s, &mreq, &joined, line, &used);
			if (done == 1)
				break;
			if (done == -1) {
				status = 1;
				break;
			}
		}
		if (!FD_ISSET(s, &ready))
			continue;
		from_len = sizeof from;
		if (!tcp) {
			n = recvfrom(s, buf, sizeof buf, 0,
			    (struct sockaddr *)&from, &from_len);
			if (n == -1) {
				perror("listener: recvfrom");
				status = 1;
				break;
			}
			print_message(&from, buf, (size_t)n);
		} else {
			c = accept(s, (struct sockaddr *)&from, &from_len);
			if (c == -1) {
				perror("listener: accept");
				status = 1;
				break;
			}
			if (serve_connection(c, &from) == -1) {
				close(c);
				status = 1;
				break;
			}
			close(c);
		}
	}
	close(s);
	return status;
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

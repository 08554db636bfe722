/*
** announcer.c -- socklab lesson 10: one message to many listeners
**
** usage: announcer [-b] [-L] [-i IFADDR] [-T TTL] PORT MESSAGE ADDRESS
**        announcer -t PORT MESSAGE ADDRESS...
**
** UDP: sends MESSAGE as one datagram to ADDRESS:PORT, once, and prints
**
**     sent N bytes to ADDRESS:PORT
**
** ADDRESS may be one host (192.0.2.12), the LAN's broadcast address
** (192.0.2.255: every host of the LAN; the kernel sends there only with -b,
** which sets SO_BROADCAST) or a multicast group (239.1.2.3: every host that
** joined it). For a group: -T TTL sets how many routers the datagram may
** cross (0 to 255, default 1: this LAN only), -L lets this host's own
** members hear it too (IP_MULTICAST_LOOP; off by default), and -i IFADDR
** sends it out of the interface that has the address IFADDR.
**
** TCP (-t): the one-to-one way. Connects to each ADDRESS:PORT in turn,
** sends MESSAGE on that connection, closes it and prints the same line:
** N listeners, N connections, N copies of MESSAGE.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_MESSAGE     1000	/* longest MESSAGE accepted */
#define MAX_ADDRESSES   8	/* -t: most listeners accepted */
#define DEFAULT_TTL     1	/* a group's datagrams stay on this LAN */

struct options {
	int tcp;			/* -t */
	int broadcast;			/* -b: SO_BROADCAST */
	int loop;			/* -L: IP_MULTICAST_LOOP */
	int has_ifaddr;			/* -i IFADDR was given */
	struct in_addr ifaddr;		/* IFADDR */
	int ttl;			/* -T TTL, or DEFAULT_TTL */
	unsigned short port;		/* PORT, in host byte order */
	const char *message;		/* MESSAGE */
	struct in_addr addresses[MAX_ADDRESSES];	/* ADDRESS... */
	const char *address_texts[MAX_ADDRESSES];	/* as given */
	int n_addresses;
};

static int parse_arguments(int argc, char *argv[], struct options *o);

/* Send all len bytes of buf on the connected socket c: 0, or -1. */
static int
send_all(int c, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(c, buf, len, 0);
		if (n == -1)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * The TCP way: one connection per listener, one copy of MESSAGE on each.
 * A listener that cannot be reached is reported and skipped. Returns 0, or
 * 1 when any listener could not be given its copy.
 */
static int
announce_tcp(const struct options *o)
{
	struct sockaddr_in to;
	size_t len = strlen(o->message);
	int status = 0, c;

	for (int i = 0; i < o->n_addresses; i++) {
		memset(&to, 0, sizeof to);
		to.sin_family = AF_INET;
		to.sin_port = htons(o->port);
		to.sin_addr = o->addresses[i];

		c = socket(AF_INET, SOCK_STREAM, 0);
		if (c == -1) {
			perror("announcer: socket");
			return 1;
		}
		if (connect(c, (struct sockaddr *)&to, sizeof to) == -1) {
			perror("announcer: connect");
			close(c);
			status = 1;
			continue;	/* the others still get theirs */
		}
		if (send_all(c, o->message, len) == -1) {
			perror("announcer: send");
			close(c);
			status = 1;
			continue;
		}
		/* Closing is the end of the message: the listener reads to EOF. */
		close(c);
		printf("sent %zu bytes to %s:%d\n", len, o->address_texts[i],
		    o->port);
	}
	return status;
}

int
main(int argc, char *argv[])
{
	struct options o;
	struct sockaddr_in to;		/* where the one datagram goes */
	size_t len;
	ssize_t sent;
	unsigned char ttl, loop;	/* the IP_MULTICAST_* options' type */
	int s, one = 1;

	if (parse_arguments(argc, argv, &o) == -1)
		return 2;
	if (o.tcp)
		return announce_tcp(&o);

	/* 1. One datagram socket, whatever ADDRESS is. */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s == -1) {
		perror("announcer: socket");
		return 1;
	}

	/*
	 * 2. -b: allow sending to a broadcast address. Without SO_BROADCAST
	 * the kernel refuses such a sendto() with EACCES ("Permission
	 * denied"): one datagram to every host of a LAN is never sent by
	 * accident.
	 */
	if (o.broadcast && setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one,
	    sizeof one) == -1) {
		perror("announcer: setsockopt SO_BROADCAST");
		close(s);
		return 1;
	}

	/*
	 * 3. The multicast options. They change nothing for a datagram to
	 * one host or to a broadcast address. TTL: how many routers the
	 * datagram may cross (1: none, this LAN; 0: it never leaves this
	 * host). LOOP: whether this host's own members get a copy too.
	 */
	ttl = (unsigned char)o.ttl;
	if (setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) ==
	    -1) {
		perror("announcer: setsockopt IP_MULTICAST_TTL");
		close(s);
		return 1;
	}
	loop = (unsigned char)o.loop;
	if (setsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) ==
	    -1) {
		perror("announcer: setsockopt IP_MULTICAST_LOOP");
		close(s);
		return 1;
	}
	/* -i: out of the interface that has IFADDR, whatever the routes say. */
	if (o.has_ifaddr && setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF,
	    &o.ifaddr, sizeof o.ifaddr) == -1) {
		perror("announcer: setsockopt IP_MULTICAST_IF");
		close(s);
		return 1;
	}

	/* 4. One sendto(): the network, not this program, makes the copies. */
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_port = htons(o.port);
	to.sin_addr = o.addresses[0];
	len = strlen(o.message);
	sent = sendto(s, o.message, len, 0, (struct sockaddr *)&to, sizeof to);
	if (sent == -1) {
		perror("announcer: sendto");
		close(s);
		return 1;
	}
	printf("sent %zd bytes to %s:%d\n", sent, o.address_texts[0], o.port);
	close(s);
	return 0;
}

/* A number from lo to hi in text, into *value: 0, or -1. */
static int
parse_number(const char *text, long lo, long hi, long *value)
{
	char *end;

	errno = 0;
	*value = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || *value < lo ||
	    *value > hi)
		return -1;
	return 0;
}

/*
 * Reads the options, then PORT MESSAGE ADDRESS... into o. Returns 0, or -1
 * after a message on stderr.
 */
static int
parse_arguments(int argc, char *argv[], struct options *o)
{
	const char *usage = "usage: announcer [-b] [-L] [-i IFADDR] [-T TTL] "
	    "PORT MESSAGE ADDRESS\n"
	    "       announcer -t PORT MESSAGE ADDRESS...\n";
	int udp_options = 0;
	long number;

	memset(o, 0, sizeof *o);
	o->ttl = DEFAULT_TTL;
	/* The options first, in any order. */
	while (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0') {
		if (strcmp(argv[1], "-t") == 0 || strcmp(argv[1], "-b") == 0 ||
		    strcmp(argv[1], "-L") == 0) {
			if (argv[1][1] == 't')
				o->tcp = 1;
			else if (argv[1][1] == 'b')
				o->broadcast = 1;
			else
				o->loop = 1;
			udp_options |= argv[1][1] != 't';
			argc--;
			argv++;
			continue;
		}
		if ((strcmp(argv[1], "-i") != 0 && strcmp(argv[1], "-T") != 0) ||
		    argc < 3) {
			fprintf(stderr, "%s", usage);
			return -1;
		}
		if (strcmp(argv[1], "-i") == 0) {
			if (inet_pton(AF_INET, argv[2], &o->ifaddr) != 1) {
				fprintf(stderr, "announcer: invalid address "
				    "'%s'\n", argv[2]);
				return -1;
			}
			o->has_ifaddr = 1;
		} else {
			if (parse_number(argv[2], 0, 255, &number) == -1) {
				fprintf(stderr, "announcer: invalid TTL '%s' "
				    "(0 to 255)\n", argv[2]);
				return -1;
			}
			o->ttl = (int)number;
		}
		udp_options = 1;
		argc -= 2;
		argv += 2;
	}
	/*
	 * PORT MESSAGE ADDRESS: one ADDRESS for UDP, 1 to MAX_ADDRESSES with
	 * -t, which takes none of the UDP options.
	 */
	o->n_addresses = argc - 3;
	if (o->n_addresses < 1 || (!o->tcp && o->n_addresses != 1) ||
	    o->n_addresses > MAX_ADDRESSES || (o->tcp && udp_options)) {
		fprintf(stderr, "%s", usage);
		return -1;
	}
	if (parse_number(argv[1], 1, 65535, &number) == -1) {
		fprintf(stderr, "announcer: invalid port '%s'\n", argv[1]);
		return -1;
	}
	o->port = (unsigned short)number;
	o->message = argv[2];
	if (strlen(o->message) > MAX_MESSAGE) {
		fprintf(stderr, "announcer: message too long (at most %d "
		    "bytes)\n", MAX_MESSAGE);
		return -1;
	}
	for (int i = 0; i < o->n_addresses; i++) {
		if (inet_pton(AF_INET, argv[3 + i], &o->addresses[i]) != 1) {
			fprintf(stderr, "announcer: invalid address '%s'\n",
			    argv[3 + i]);
			return -1;
		}
		o->address_texts[i] = argv[3 + i];
	}
	return 0;
}

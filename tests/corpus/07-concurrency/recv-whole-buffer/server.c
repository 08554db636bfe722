/*
 * server.c -- lesson 07: a TCP line-echo server for many clients at once.
 *
 * Usage: server [ADDRESS [PORT]]        (defaults: 127.0.0.1 50007)
 *
 * The server listens on ADDRESS:PORT and serves every connected client at
 * the same time, in one process with one thread and no fork(): a single
 * poll() call waits until any of its sockets has something to do, and the
 * server then does only what will not make it wait.
 *
 * Each client sends lines of text.  Every line that ends in '\n' goes back
 * to the client that sent it, '\n' included, as soon as it is complete.  A
 * line still missing its '\n' waits in that client's own buffer; a line
 * longer than MAX_LINE bytes gets its client disconnected.  The server
 * prints only its "listening on" line.  Stop it with Ctrl-C.
 *
 * YOUR JOB: the includes, the constants, the two structures, the argument
 * parsing and open_listener() (lesson 01's listening socket) are done.
 * Write the six helpers described in the TODO below, then the steps marked
 * TODO in main(), in order; README.md explains each one.  Then delete the
 * "not written yet" fprintf() line at the end of main() (keep the close()
 * and return after it: main() does that after its loop).
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define DEFAULT_ADDRESS "127.0.0.1"	/* loopback: only this machine can connect */
#define DEFAULT_PORT 50007		/* the port of every socklab lesson */
#define BACKLOG 256			/* connections the kernel queues for us: 200 may come at once */
#define MAX_CLIENTS 1000		/* clients served at once; each holds a descriptor (limit: ulimit -n) */
#define MAX_LINE 1024			/* longest line we accept, its '\n' included */

/* What the server keeps for one client between two poll() calls. */
struct client {
	char line[MAX_LINE];	/* the start of a line whose '\n' has not come yet */
	size_t len;		/* how many bytes of line are used */
};

/*
 * Everything the server watches.  Slot 0 is the listening socket; slots 1
 * to count - 1 are the clients.  fds[i] is what poll() needs for slot i
 * (a descriptor and the events to wait for) and clients[i] is that
 * client's buffer: the two arrays always move together.
 */
struct table {
	struct pollfd fds[1 + MAX_CLIENTS];
	struct client clients[1 + MAX_CLIENTS];	/* clients[0] is not used */
	nfds_t count;		/* slots in use, the listener's included */
	int accepting;		/* 0 after accept() ran out of descriptors */
};

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
 * Make a listening TCP socket on IP:PORT (as in lesson 01) and print
 * "listening on IP:PORT".  Returns its descriptor, or -1 after perror().
 */
static int
open_listener(struct in_addr ip, unsigned short port)
{
	struct sockaddr_in addr;
	char ip_text[INET_ADDRSTRLEN];
	int listener, yes = 1;

	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener == -1) {
		perror("server: socket");
		return -1;
	}
	if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) == -1) {
		perror("server: setsockopt");
		close(listener);
		return -1;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_addr = ip;
	addr.sin_port = htons(port);
	if (bind(listener, (struct sockaddr *)&addr, sizeof addr) == -1) {
		perror("server: bind");
		close(listener);
		return -1;
	}
	/*
	 * The backlog is the kernel's waiting room: connections it has
	 * completed that we have not accept()ed yet.  When it is full, a
	 * newcomer's first packet is ignored and its connect() only tries
	 * again a second later.
	 */
	if (listen(listener, BACKLOG) == -1) {
		perror("server: listen");
		close(listener);
		return -1;
	}
	if (inet_ntop(AF_INET, &addr.sin_addr, ip_text, sizeof ip_text) == NULL) {
		perror("server: inet_ntop");
		close(listener);
		return -1;
	}
	printf("listening on %s:%u\n", ip_text, (unsigned)ntohs(addr.sin_port));
	return listener;
}

static int
set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags == -1)
		return -1;
	return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static int
send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
add_client(struct table *t, int fd)
{
	t->fds[t->count].fd = fd;
	t->fds[t->count].events = POLLIN;
	t->fds[t->count].revents = 0;
	t->clients[t->count].len = 0;
	t->count++;
}

static void
remove_client(struct table *t, nfds_t i)
{
	nfds_t last = t->count - 1;

	if (close(t->fds[i].fd) == -1)
		perror("server: close");
	t->fds[i] = t->fds[last];
	t->clients[i] = t->clients[last];
	t->count--;
	t->accepting = 1;
}

static int
accept_clients(struct table *t, int listener)
{
	while (t->count < 1 + MAX_CLIENTS) {
		int fd = accept(listener, NULL, NULL);

		if (fd == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				perror("server: accept");
				t->accepting = 0;
				return 0;
			}
			perror("server: accept");
			return -1;
		}
		if (set_nonblocking(fd) == -1) {
			perror("server: fcntl");
			close(fd);
			continue;
		}
		add_client(t, fd);
	}
	return 0;
}

static int
serve_client(struct table *t, nfds_t i)
{
	struct client *c = &t->clients[i];
	int fd = t->fds[i].fd;
	ssize_t n;
	size_t done;

	n = recv(fd, c->line + c->len, sizeof c->line, 0);
	if (n == 0)
		return -1;
	if (n == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		perror("server: recv");
		return -1;
	}
	c->len += (size_t)n;

	done = c->len;
	while (done > 0 && c->line[done - 1] != '\n')
		done--;

	if (done > 0) {
		if (send_all(fd, c->line, done) == -1) {
			perror("server: send");
			return -1;
		}
		memmove(c->line, c->line + done, c->len - done);
		c->len -= done;
	}
	if (c->len == sizeof c->line) {
		fprintf(stderr, "server: a line longer than 1024 bytes: client disconnected\n");
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct in_addr ip;
	unsigned short port;
	int listener;
	static struct table t;

	/* Lines reach the grader's file at once, not when a buffer fills. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (parse_arguments(argc, argv, &ip, &port) == -1)
		return 2;

	/* Step 1 (given): the listening socket, as in lesson 01. */
	listener = open_listener(ip, port);
	if (listener == -1)
		return 1;

	if (set_nonblocking(listener) == -1) {
		perror("server: fcntl");
		close(listener);
		return 1;
	}

	t.fds[0].fd = listener;
	t.count = 1;
	t.accepting = 1;

	for (;;) {
		t.fds[0].events = t.accepting && t.count < 1 + MAX_CLIENTS ? POLLIN : 0;
		if (poll(t.fds, t.count, -1) == -1) {
			if (errno == EINTR)
				continue;
			perror("server: poll");
			break;
		}
		if ((t.fds[0].revents & POLLIN) && accept_clients(&t, listener) == -1)
			break;
		for (nfds_t i = 1; i < t.count; ) {
			if (t.fds[i].revents != 0 && serve_client(&t, i) == -1)
				remove_client(&t, i);
			else
				i++;
		}
	}

	while (t.count > 1)
		remove_client(&t, 1);
	close(listener);
	return 1;
}

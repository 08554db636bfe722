/*
 * 07-concurrency: checks for the concurrency lesson: a TCP line-echo server
 * that serves many clients at once with poll(), and its UDP twin.
 *
 * The grader's probes play every client. What the checks record are
 * outcomes ("B got its line back", "200 of 200 clients got their own line
 * back"), never times: a wait that runs out is recorded as "nothing within
 * N ms", and a correct server never comes near one. Where a check needs
 * the server not to move while the probes set something up (200 clients
 * arriving at once, a client that leaves before the server reads it), it
 * pauses the server with SIGSTOP and resumes it with SIGCONT.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "netprobe.h"

#define ECHO_MS 1000		/* how long a probe waits for an echo */
#define MANY_CLIENTS 200	/* server-200-clients */
#define LEAK_CLIENTS 50		/* server-no-fd-leak */
/*
 * server-no-fd-leak's clients come this many at a time: fewer than lesson
 * 01's listen() backlog of 10, so that a small backlog (another check's
 * business) cannot make this one fail some of the time.
 */
#define LEAK_WAVE 8
#define RESET_CLIENTS 5		/* server-survives-resets */
#define GONE_LINES 200		/* lines sent by the client that leaves */
#define UDP_SENDERS 50		/* udpserver-many-senders */
#define MAX_LINE 1024		/* the contract's longest line, '\n' included */
#define LONG_LINE 1500		/* a line longer than MAX_LINE, in two pieces */
#define LONG_DATAGRAM 1500	/* more than a 1024-byte buffer holds */
#define SOCK_STATE_CLOSE_WAIT 0x08

/* What ended a wait for an echo. */
enum got { GOT_ALL, GOT_CLOSED, GOT_TIMEOUT, GOT_ERROR };

/* --- Helpers: processes ------------------------------------------------ */

/*
 * Record how p is doing under key ("still running", "exited with status
 * 1", "killed by signal 13 (...)"). Returns 1 while it runs.
 */
static int
record_state(struct run *r, struct proc *p, const char *key)
{
	char how[128];
	int running = run_running(p);

	run_describe(p, how, sizeof how);
	transcript_setf(r->t, key, "%s", how);
	return running;
}

/* Let this process hold at least want descriptors (200 probes at once). */
static void
ensure_descriptors(rlim_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* --- Helpers: TCP probes ----------------------------------------------- */

/* Start the TCP server and wait until it listens on our port. */
static struct proc *
start_server(struct run *r, int defaults)
{
	return run_start_ready_server(r, "server", SOCK_STREAM, defaults);
}

/* Connect a probe named who; -1 after recording why it failed. */
static int
connect_probe(struct run *r, const char *who)
{
	char err[NET_ERR_LEN], key[64];
	int fd = net_tcp_connect("127.0.0.1", r->port, clock_ms() +
	    run_ms(r, 1000), err);

	if (fd == -1) {
		snprintf(key, sizeof key, "probe.%s.connect", who);
		transcript_setf(r->t, key, "failed: %s", err);
	}
	return fd;
}

/* Send text from the probe who and note it. Returns 0 or -1. */
static int
send_text(struct run *r, int fd, const char *who, const char *text,
    size_t len)
{
	char err[NET_ERR_LEN];
	struct bytes shown;
	int rc;

	bytes_init(&shown);
	escape_bytes(&shown, text, len, 60);
	rc = net_send_all(fd, text, len, err);
	if (rc == -1)
		run_note(r, "%s: sending %zu bytes failed (%s): %s", who, len,
		    err, bytes_str(&shown));
	else
		run_note(r, "%s sent %zu bytes: %s", who, len,
		    bytes_str(&shown));
	bytes_free(&shown);
	return rc;
}

/* Send, then wait until the server has read everything sent on fd. */
static void
send_and_drain(struct run *r, int fd, const char *who, const char *text)
{
	if (send_text(r, fd, who, text, strlen(text)) == 0 &&
	    run_wait_peer_read(r, fd, 1000) == -1)
		run_note(r, "the server did not read what %s sent within %d ms",
		    who, run_ms(r, 1000));
}

static int
count_newlines(const struct bytes *b)
{
	int n = 0;

	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

/*
 * Receive on fd into b until b holds lines newlines, the connection ends,
 * or the deadline passes. Returns what ended the wait.
 */
static enum got
read_lines(int fd, struct bytes *b, int lines, int64_t deadline)
{
	char chunk[4096];

	while (count_newlines(b) < lines) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r = poll(&pfd, 1, clock_left_ms(deadline));
		ssize_t n;

		if (r == -1 && errno == EINTR)
			continue;
		if (r == 0)
			return GOT_TIMEOUT;
		if (r == -1)
			return GOT_ERROR;
		n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
		if (n > 0)
			bytes_append(b, chunk, (size_t)n);
		else if (n == 0 || errno == ECONNRESET)
			return GOT_CLOSED;
		else if (errno != EAGAIN && errno != EINTR)
			return GOT_ERROR;
	}
	return GOT_ALL;
}

/* The bytes already waiting on fd, without waiting for more. */
static void
read_waiting(int fd, struct bytes *b)
{
	char chunk[4096];
	ssize_t n;

	while ((n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT)) > 0)
		bytes_append(b, chunk, (size_t)n);
}

/* Append a bracketed account of how a wait ended, unless it got all. */
static void
describe_end(struct run *r, struct bytes *v, enum got how, size_t got_len)
{
	switch (how) {
	case GOT_ALL:
		break;
	case GOT_CLOSED:
		bytes_puts(v, "[then the server closed the connection]");
		break;
	case GOT_TIMEOUT:
		bytes_printf(v, "[%s within %d ms]", got_len > 0 ?
		    "nothing more" : "nothing", run_ms(r, ECHO_MS));
		break;
	case GOT_ERROR:
		bytes_printf(v, "[receiving failed: %s]", strerror(errno));
		break;
	}
}

/*
 * Read lines lines from the probe who and record them under probe.WHO:
 * the bytes as they came, then how the wait ended if it fell short.
 */
static void
record_echo(struct run *r, int fd, const char *who, int lines)
{
	struct bytes b, v;
	enum got how;
	char key[64];

	bytes_init(&b);
	bytes_init(&v);
	how = read_lines(fd, &b, lines, clock_ms() + run_ms(r, ECHO_MS));
	bytes_append(&v, b.data, b.len);
	describe_end(r, &v, how, b.len);
	snprintf(key, sizeof key, "probe.%s", who);
	transcript_set(r->t, key, v.data, v.len);
	bytes_free(&b);
	bytes_free(&v);
}

/*
 * Record under probe.WHO.early whatever the server has already sent to
 * who, which has sent only part of a line so far.
 */
static void
record_early(struct run *r, int fd, const char *who)
{
	struct bytes b;
	char key[64];

	bytes_init(&b);
	read_waiting(fd, &b);
	snprintf(key, sizeof key, "probe.%s.early", who);
	if (b.len == 0) {
		transcript_setf(r->t, key, "nothing yet: its line is not "
		    "finished");
	} else {
		struct bytes shown;

		bytes_init(&shown);
		escape_bytes(&shown, b.data, b.len, 80);
		transcript_setf(r->t, key, "'%s' before its line was finished",
		    bytes_str(&shown));
		bytes_free(&shown);
	}
	bytes_free(&b);
}

/* Close fd with a reset (RST) instead of the usual end of file (FIN). */
static void
reset_close(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
}

static void
close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] != -1) {
			close(fds[i]);
			fds[i] = -1;
		}
}

/*
 * Start a non-blocking connect() from each of n new sockets, then wait
 * until all have connected or wait_ms (not scaled: only the kernel works
 * here) have passed. fds[i] is the socket, or -1 when it did not connect
 * in time. Returns how many connected.
 */
static int
connect_many(struct run *r, int *fds, int n, int wait_ms)
{
	struct sockaddr_in sa;
	struct pollfd *pfd = xmalloc((size_t)n * sizeof *pfd);
	int64_t deadline = clock_ms() + wait_ms;
	int pending = 0, connected = 0;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)r->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < n; i++) {
		pfd[i].fd = -1;
		pfd[i].events = POLLOUT;
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
		if (fds[i] == -1)
			continue;
		if (connect(fds[i], (struct sockaddr *)&sa, sizeof sa) == 0) {
			connected++;
		} else if (errno == EINPROGRESS) {
			pfd[i].fd = fds[i];	/* wait for this one */
			pending++;
		} else {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	while (pending > 0) {
		int ready = poll(pfd, (nfds_t)n, clock_left_ms(deadline));

		if (ready == -1 && errno == EINTR)
			continue;
		if (ready <= 0)
			break;
		for (int i = 0; i < n; i++) {
			int soerr = 0;
			socklen_t len = sizeof soerr;

			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			pfd[i].fd = -1;
			pending--;
			if (getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &soerr,
			    &len) == 0 && soerr == 0) {
				connected++;
			} else {
				close(fds[i]);
				fds[i] = -1;
			}
		}
	}
	/* Those still connecting wait for room in a full backlog: give up. */
	for (int i = 0; i < n; i++)
		if (pfd[i].fd != -1) {
			close(fds[i]);
			fds[i] = -1;
		}
	free(pfd);
	return connected;
}

/*
 * Receive on each of the n sockets (fds[i] == -1 are skipped) until each
 * holds one line, its connection ended or the deadline passed. got[i]
 * collects the bytes and how[i] says what ended the wait.
 */
static void
read_many(const int *fds, int n, struct bytes *got, enum got *how,
    int64_t deadline)
{
	struct pollfd *pfd = xmalloc((size_t)n * sizeof *pfd);
	char chunk[4096];
	int open = 0;

	for (int i = 0; i < n; i++) {
		how[i] = fds[i] == -1 ? GOT_ERROR : GOT_TIMEOUT;
		open += fds[i] != -1;
	}
	while (open > 0) {
		int ready;

		for (int i = 0; i < n; i++) {
			pfd[i].fd = how[i] == GOT_TIMEOUT ? fds[i] : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		ready = poll(pfd, (nfds_t)n, clock_left_ms(deadline));
		if (ready == -1 && errno == EINTR)
			continue;
		if (ready <= 0)
			break;
		for (int i = 0; i < n; i++) {
			ssize_t m;

			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			m = recv(fds[i], chunk, sizeof chunk, MSG_DONTWAIT);
			if (m > 0)
				bytes_append(&got[i], chunk, (size_t)m);
			if (m > 0 && count_newlines(&got[i]) == 0)
				continue;
			if (m > 0)
				how[i] = GOT_ALL;
			else if (m == 0 || errno == ECONNRESET)
				how[i] = GOT_CLOSED;
			else if (errno == EAGAIN || errno == EINTR)
				continue;
			else
				how[i] = GOT_ERROR;
			open--;
		}
	}
	free(pfd);
}

/*
 * Describe what client i got, when it is not exactly want: for
 * probe.first-wrong.
 */
static void
describe_wrong(struct run *r, int i, int n, const char *want,
    const struct bytes *got, enum got how, int could_connect)
{
	struct bytes v, shown;

	bytes_init(&v);
	bytes_init(&shown);
	/* want without its final newline, which "a line" already says. */
	bytes_printf(&v, "client %d of %d sent the line '%.*s' and ", i + 1, n,
	    (int)strlen(want) - 1, want);
	if (!could_connect) {
		bytes_puts(&v, "could not connect");
	} else if (got->len == 0 && how == GOT_TIMEOUT) {
		bytes_printf(&v, "got nothing within %d ms", run_ms(r,
		    ECHO_MS));
	} else if (got->len == 0 && how == GOT_CLOSED) {
		bytes_puts(&v, "got nothing: the server closed the connection");
	} else {
		bytes_clear(&shown);
		escape_bytes(&shown, got->data, got->len, 80);
		bytes_printf(&v, "got '%s'", bytes_str(&shown));
		describe_end(r, &v, how, got->len);
	}
	transcript_set(r->t, "probe.first-wrong", v.data, v.len);
	bytes_free(&v);
	bytes_free(&shown);
}

/* --- TCP checks -------------------------------------------------------- */

static void
server_listens(struct run *r)
{
	run_scenario_server_ready(r, SOCK_STREAM);
}

static void
server_echoes_lines(struct run *r)
{
	struct proc *srv = start_server(r, 0);
	int fd;

	if (srv == NULL)
		return;
	if ((fd = connect_probe(r, "client")) != -1) {
		send_text(r, fd, "the client", "hello\n", 6);
		record_echo(r, fd, "client.line", 1);
		send_text(r, fd, "the client", "one\ntwo\nthree\n", 14);
		record_echo(r, fd, "client.three-lines", 3);
		send_and_drain(r, fd, "the client", "a line in ");
		send_text(r, fd, "the client", "two pieces\n", 11);
		record_echo(r, fd, "client.two-pieces", 1);
		close(fd);
	}
	run_collect(r, srv);
}

/*
 * Three clients: A and B each send half a line; C leaves, so the server
 * removes a client while the others hold unfinished lines; then A and B
 * finish theirs. Each must get exactly its own line back, and nothing
 * before it is finished.
 */
static void
server_partial_lines(struct run *r)
{
	struct proc *srv = start_server(r, 0);
	struct bytes rest;
	int a, b, c;

	if (srv == NULL)
		return;
	/* In this order: C takes the first slot, B the last. */
	c = connect_probe(r, "C");
	a = connect_probe(r, "A");
	b = connect_probe(r, "B");
	if (a == -1 || b == -1 || c == -1)
		goto out;
	run_note(r, "connected C, then A, then B");
	send_and_drain(r, a, "A", "abc");
	send_and_drain(r, b, "B", "123");
	/* The server has read B since A: A's piece had its chance. */
	record_early(r, a, "A");
	/* C leaves; its end of file comes back once the server closed C. */
	shutdown(c, SHUT_WR);
	run_note(r, "C closed its side of the connection");
	bytes_init(&rest);
	switch (read_lines(c, &rest, 1, clock_ms() + run_ms(r, ECHO_MS))) {
	case GOT_CLOSED:
		transcript_setf(r->t, "probe.C", "the server closed C's "
		    "connection");
		break;
	case GOT_TIMEOUT:
		transcript_setf(r->t, "probe.C", "C's connection stayed open "
		    "for %d ms", run_ms(r, ECHO_MS));
		break;
	default:
		transcript_setf(r->t, "probe.C", "C got %zu bytes", rest.len);
		break;
	}
	bytes_free(&rest);
	record_early(r, b, "B");
	send_text(r, a, "A", "def\n", 4);
	record_echo(r, a, "A", 1);
	send_text(r, b, "B", "456\n", 4);
	record_echo(r, b, "B", 1);
out:
	if (a != -1)
		close(a);
	if (b != -1)
		close(b);
	if (c != -1)
		close(c);
	run_collect(r, srv);
}

static void
server_stalled_client(struct run *r)
{
	static const char b_line[] = "B says hello\n";
	struct proc *srv = start_server(r, 0);
	struct bytes got;
	enum got how;
	int a, b = -1;

	if (srv == NULL)
		return;
	if ((a = connect_probe(r, "A")) == -1)
		goto out;
	send_and_drain(r, a, "A", "A stalls half-way through th");
	run_note(r, "A now sends nothing more for a while");
	if ((b = connect_probe(r, "B")) == -1)
		goto out;
	send_text(r, b, "B", b_line, strlen(b_line));
	bytes_init(&got);
	how = read_lines(b, &got, 1, clock_ms() + run_ms(r, ECHO_MS));
	if (how == GOT_ALL && got.len == strlen(b_line) &&
	    memcmp(got.data, b_line, got.len) == 0) {
		transcript_setf(r->t, "probe.B", "B got its line back");
	} else if (got.len == 0 && how == GOT_TIMEOUT) {
		transcript_setf(r->t, "probe.B", "B got nothing within %d ms",
		    run_ms(r, ECHO_MS));
	} else {
		struct bytes v;

		bytes_init(&v);
		bytes_puts(&v, "B got '");
		escape_bytes(&v, got.data, got.len, 80);
		bytes_puts(&v, "'");
		describe_end(r, &v, how, got.len);
		transcript_set(r->t, "probe.B", v.data, v.len);
		bytes_free(&v);
	}
	bytes_free(&got);
	record_early(r, a, "A");
	send_text(r, a, "A", "e line\n", 7);
	record_echo(r, a, "A", 1);
out:
	if (a != -1)
		close(a);
	if (b != -1)
		close(b);
	run_collect(r, srv);
}

/*
 * 200 clients connect while the server is paused, so all of them wait in
 * its backlog at once; then each sends its own line and must get exactly
 * that line back.
 */
static void
server_200_clients(struct run *r)
{
	int fds[MANY_CLIENTS], connected, correct = 0, first_wrong = -1;
	struct bytes got[MANY_CLIENTS];
	enum got how[MANY_CLIENTS];
	char lines[MANY_CLIENTS][48];
	struct proc *srv;

	ensure_descriptors(1024);
	if ((srv = start_server(r, 0)) == NULL)
		return;
	(void)run_pause(srv);
	run_note(r, "paused the server (SIGSTOP), then %d clients connected "
	    "at once", MANY_CLIENTS);
	connected = connect_many(r, fds, MANY_CLIENTS, 500);
	transcript_setf(r->t, "probe.connected", "%d of %d clients could "
	    "connect while the server was paused", connected, MANY_CLIENTS);
	run_resume(srv);
	run_note(r, "resumed the server (SIGCONT); each client sent its own "
	    "line: 'client 1 of %d ...' to 'client %d of %d ...'",
	    MANY_CLIENTS, MANY_CLIENTS, MANY_CLIENTS);
	for (int i = 0; i < MANY_CLIENTS; i++) {
		char err[NET_ERR_LEN];

		snprintf(lines[i], sizeof lines[i], "client %d of %d: my own "
		    "line\n", i + 1, MANY_CLIENTS);
		bytes_init(&got[i]);
		if (fds[i] != -1 && net_send_all(fds[i], lines[i],
		    strlen(lines[i]), err) == -1) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	read_many(fds, MANY_CLIENTS, got, how, clock_ms() + run_ms(r,
	    ECHO_MS));
	for (int i = 0; i < MANY_CLIENTS; i++) {
		int ok = how[i] == GOT_ALL && got[i].len == strlen(lines[i]) &&
		    memcmp(got[i].data, lines[i], got[i].len) == 0;

		correct += ok;
		if (!ok && first_wrong == -1) {
			first_wrong = i;
			describe_wrong(r, i, MANY_CLIENTS, lines[i], &got[i],
			    how[i], fds[i] != -1);
		}
	}
	transcript_setf(r->t, "probe.echoed", "%d of %d clients got their own "
	    "line back", correct, MANY_CLIENTS);
	if (first_wrong == -1)
		transcript_setf(r->t, "probe.first-wrong", "none");
	close_all(fds, MANY_CLIENTS);
	for (int i = 0; i < MANY_CLIENTS; i++)
		bytes_free(&got[i]);
	run_collect(r, srv);
}

/* A new client sends a line; record its echo under probe.WHO. */
static void
new_client_round_trip(struct run *r, const char *who, const char *line)
{
	int fd = connect_probe(r, who);

	if (fd == -1)
		return;
	send_text(r, fd, who, line, strlen(line));
	record_echo(r, fd, who, 1);
	close(fd);
}

static void
server_survives_resets(struct run *r)
{
	struct proc *srv = start_server(r, 0);
	int fds[RESET_CLIENTS], base, gone;
	struct bytes lines;

	if (srv == NULL)
		return;
	base = run_count_fds(r, srv);

	/* Part 1: clients that reset their connection half-way. */
	for (int i = 0; i < RESET_CLIENTS; i++) {
		char line[64];

		fds[i] = connect_probe(r, "resetting");
		if (fds[i] == -1)
			continue;
		snprintf(line, sizeof line, "unfinished line from client %d",
		    i + 1);
		send_text(r, fds[i], "a client", line, strlen(line));
	}
	(void)run_wait_drained(r, r->port, 1000);
	for (int i = 0; i < RESET_CLIENTS; i++)
		if (fds[i] != -1)
			reset_close(fds[i]);
	run_note(r, "the %d clients reset their connections (SO_LINGER 0, "
	    "close: RST)", RESET_CLIENTS);
	/* Until the server has closed them all, or has died. */
	(void)run_wait_fd_count(r, srv, base, 1000);
	if (!record_state(r, srv, "server.after-resets"))
		goto out;
	new_client_round_trip(r, "D", "D: still there after the resets?\n");
	(void)run_wait_fd_count(r, srv, base, 1000);

	/*
	 * Part 2: a client sends many lines and leaves before the server
	 * reads any. The server's first echo makes the client's system
	 * answer with a reset; writing on after it raises SIGPIPE.
	 */
	if ((gone = connect_probe(r, "E")) == -1)
		goto out;
	/* Once the server holds E, pause it. */
	(void)run_wait_fd_count(r, srv, base + 1, 1000);
	(void)run_pause(srv);
	bytes_init(&lines);
	for (int i = 0; i < GONE_LINES; i++)
		bytes_printf(&lines, "E's line %03d, echoed after E left\n", i + 1);
	send_text(r, gone, "E", lines.data, lines.len);
	bytes_free(&lines);
	close(gone);
	run_note(r, "with the server paused (SIGSTOP), E sent %d lines and "
	    "closed its socket at once; then the server was resumed",
	    GONE_LINES);
	(void)run_wait_tcp_state(r, r->port, SOCK_STATE_CLOSE_WAIT, 1000);
	run_resume(srv);
	(void)run_wait_fd_count(r, srv, base, 1000);
	if (!record_state(r, srv, "server.after-client-left"))
		goto out;
	new_client_round_trip(r, "F", "F: and after a client that left?\n");
out:
	run_collect(r, srv);
}

static void
server_no_fd_leak(struct run *r)
{
	int fds[LEAK_CLIENTS], before, after, correct = 0;
	struct bytes got[LEAK_CLIENTS];
	enum got how[LEAK_CLIENTS];
	char lines[LEAK_CLIENTS][32];
	struct proc *srv = start_server(r, 0);

	if (srv == NULL)
		return;
	before = run_count_fds(r, srv);
	for (int i = 0; i < LEAK_CLIENTS; i++) {
		char err[NET_ERR_LEN];

		bytes_init(&got[i]);
		snprintf(lines[i], sizeof lines[i], "client %d\n", i + 1);
		fds[i] = connect_probe(r, "client");
		if (fds[i] != -1 && net_send_all(fds[i], lines[i],
		    strlen(lines[i]), err) == -1) {
			close(fds[i]);
			fds[i] = -1;
		}
		/* A wave is complete: wait for its echoes. */
		if ((i + 1) % LEAK_WAVE == 0 || i + 1 == LEAK_CLIENTS) {
			int first = i / LEAK_WAVE * LEAK_WAVE;

			read_many(fds + first, i + 1 - first, got + first,
			    how + first, clock_ms() + run_ms(r, ECHO_MS));
		}
	}
	for (int i = 0; i < LEAK_CLIENTS; i++) {
		correct += how[i] == GOT_ALL && got[i].len ==
		    strlen(lines[i]) && memcmp(got[i].data, lines[i],
		    got[i].len) == 0;
		bytes_free(&got[i]);
	}
	transcript_setf(r->t, "probe.echoed", "%d of %d clients got their "
	    "line back", correct, LEAK_CLIENTS);
	/* Half leave with an end of file, half with a reset. */
	for (int i = 0; i < LEAK_CLIENTS; i++) {
		if (fds[i] == -1)
			continue;
		if (i % 2 == 0)
			close(fds[i]);
		else
			reset_close(fds[i]);
	}
	run_note(r, "%d clients connected, sent a line each, read its echo "
	    "and left: half closed (FIN), half reset (RST)", LEAK_CLIENTS);
	after = run_wait_fd_count(r, srv, before, 1000);
	transcript_setf(r->t, "note.descriptors", "the server held %d "
	    "descriptors before the clients came and %d after they left",
	    before, after);
	if (after == -1)
		transcript_setf(r->t, "server.descriptors", "unknown: the "
		    "server ended");
	else if (after == before)
		transcript_setf(r->t, "server.descriptors", "no leak: as many "
		    "open descriptors as before the clients came");
	else
		transcript_setf(r->t, "server.descriptors", "%d descriptors "
		    "more than before the %d clients came, %d ms after they "
		    "all left", after - before, LEAK_CLIENTS, run_ms(r, 1000));
	run_collect(r, srv);
}

static void
server_long_line(struct run *r)
{
	struct proc *srv = start_server(r, 0);
	char longest[MAX_LINE + 1], big[LONG_LINE + 1];
	int a, b;

	if (srv == NULL)
		return;
	/* Exactly MAX_LINE bytes with its '\n': the longest allowed. */
	memset(longest, 'a', MAX_LINE - 1);
	longest[MAX_LINE - 1] = '\n';
	longest[MAX_LINE] = '\0';
	if ((a = connect_probe(r, "longest")) != -1) {
		send_text(r, a, "a client", longest, MAX_LINE);
		record_echo(r, a, "longest", 1);
		close(a);
	}
	/* LONG_LINE bytes and no '\n', in two pieces. */
	memset(big, 'b', LONG_LINE);
	big[LONG_LINE] = '\0';
	if ((b = connect_probe(r, "toolong")) != -1) {
		send_text(r, b, "another client", big, 600);
		if (run_wait_peer_read(r, b, 1000) == -1)
			run_note(r, "the server did not read it within %d ms",
			    run_ms(r, 1000));
		send_text(r, b, "the same client", big, LONG_LINE - 600);
		record_echo(r, b, "toolong", 1);
		close(b);
	}
	new_client_round_trip(r, "after", "a short line after the long one\n");
	run_collect(r, srv);
}

/* --- UDP checks -------------------------------------------------------- */

/*
 * A UDP socket on 127.0.0.1 with a port of its own, or -1 (note.error
 * set). Not net_udp_bind(ip, 0): it sets SO_REUSEADDR, and with it the
 * kernel may give two sockets the same port.
 */
static int
udp_probe(struct run *r)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		transcript_setf(r->t, "note.error", "grader probe: %s",
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

static struct proc *
start_udpserver(struct run *r, int defaults)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *srv = run_start(r, "udpserver", "udpserver",
	    defaults && run_defaults_usable(r) ? NULL : args);

	if (run_wait_bound(r, srv, "udpserver", SOCK_DGRAM, r->port) == -1) {
		run_collect(r, srv);
		return NULL;
	}
	return srv;
}

static void
udpserver_binds(struct run *r)
{
	struct proc *srv = start_udpserver(r, 1);

	if (srv == NULL)
		return;
	(void)run_wait_lines(r, srv, 1, 1000);
	run_collect(r, srv);
}

static void
udpserver_exact_datagrams(struct run *r)
{
	static char longest[LONG_DATAGRAM];
	const struct {
		const char *data;
		size_t len;
	} grams[] = {
		{ longest, sizeof longest },
		{ "short", 5 },
		{ "zero\0byte", 9 },
		{ "", 0 },
	};
	struct proc *srv = start_udpserver(r, 0);
	char err[NET_ERR_LEN], from[64], key[32];
	const size_t n = sizeof grams / sizeof grams[0];
	struct bytes d;
	int fd;

	if (srv == NULL)
		return;
	for (size_t i = 0; i < sizeof longest; i++)
		longest[i] = (char)('A' + i % 26);
	if ((fd = udp_probe(r)) == -1) {
		run_collect(r, srv);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (net_udp_send(fd, "127.0.0.1", r->port, grams[i].data,
		    grams[i].len, err) == -1)
			run_note(r, "sending failed: %s", err);
	run_note(r, "one socket sent 4 datagrams back to back: %d bytes "
	    "(A to Z, again and again), 'short', 'zero\\0byte' (9 bytes) and "
	    "an empty one (0 bytes)", LONG_DATAGRAM);
	bytes_init(&d);
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "probe.echo%zu", i + 1);
		if (net_udp_recv(fd, &d, clock_ms() + run_ms(r, ECHO_MS), from,
		    sizeof from, err) != 0) {
			transcript_setf(r->t, key, "[no datagram within %d ms]",
			    run_ms(r, ECHO_MS));
			break;
		}
		transcript_set(r->t, key, d.data, d.len);
		if (i == 0)
			transcript_setf(r->t, "probe.reply-from", "%s", from);
	}
	bytes_free(&d);
	close(fd);
	run_collect(r, srv);
}

static void
udpserver_many_senders(struct run *r)
{
	int fds[UDP_SENDERS], correct = 0, extra = 0, extra_at = -1;
	char err[NET_ERR_LEN], from[64], want[UDP_SENDERS][40];
	struct proc *srv = start_udpserver(r, 0);
	int first_wrong = -1;
	int64_t deadline;
	struct bytes d;

	if (srv == NULL)
		return;
	for (int i = 0; i < UDP_SENDERS; i++) {
		fds[i] = udp_probe(r);
		snprintf(want[i], sizeof want[i], "datagram from socket %d of %d",
		    i + 1, UDP_SENDERS);
	}
	for (int i = 0; i < UDP_SENDERS; i++)
		if (fds[i] != -1 && net_udp_send(fds[i], "127.0.0.1", r->port,
		    want[i], strlen(want[i]), err) == -1)
			run_note(r, "socket %d: %s", i + 1, err);
	run_note(r, "%d sockets, each on its own port, sent one datagram "
	    "each: 'datagram from socket 1 of %d' and so on", UDP_SENDERS,
	    UDP_SENDERS);
	bytes_init(&d);
	/* One deadline for all: a correct server has answered them all. */
	deadline = clock_ms() + run_ms(r, ECHO_MS);
	for (int i = 0; i < UDP_SENDERS; i++) {
		int rc = fds[i] == -1 ? -1 : net_udp_recv(fds[i], &d,
		    first_wrong == -1 ? deadline : clock_ms(), from,
		    sizeof from, err);
		int ok = rc == 0 && d.len == strlen(want[i]) &&
		    memcmp(d.data, want[i], d.len) == 0;

		correct += ok;
		if (!ok && first_wrong == -1) {
			struct bytes v;

			first_wrong = i;
			bytes_init(&v);
			bytes_printf(&v, "socket %d of %d sent '%s' and ", i + 1,
			    UDP_SENDERS, want[i]);
			if (rc != 0) {
				bytes_printf(&v, "got nothing within %d ms",
				    run_ms(r, ECHO_MS));
			} else {
				bytes_puts(&v, "got '");
				escape_bytes(&v, d.data, d.len, 80);
				bytes_puts(&v, "'");
			}
			transcript_set(r->t, "probe.first-wrong", v.data, v.len);
			bytes_free(&v);
		}
	}
	/* More than one datagram for a socket: others' replies went there. */
	for (int i = 0; i < UDP_SENDERS; i++)
		while (fds[i] != -1 && net_udp_recv(fds[i], &d, clock_ms(), from,
		    sizeof from, err) == 0) {
			extra++;
			if (extra_at == -1)
				extra_at = i;
		}
	bytes_free(&d);
	transcript_setf(r->t, "probe.echoed", "%d of %d sockets got their own "
	    "datagram back", correct, UDP_SENDERS);
	if (first_wrong == -1)
		transcript_setf(r->t, "probe.first-wrong", "none");
	if (extra == 0)
		transcript_setf(r->t, "probe.extra", "no socket got a datagram "
		    "that was not its own");
	else
		transcript_setf(r->t, "probe.extra", "%d more datagram%s, the "
		    "first at socket %d", extra, extra == 1 ? "" : "s",
		    extra_at + 1);
	close_all(fds, UDP_SENDERS);
	run_collect(r, srv);
}

/* --- Diagnoses --------------------------------------------------------- */

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Did the reference record exactly text under key? */
static int
ref_says(const struct transcript *ref, const char *key, const char *text)
{
	return strcmp(transcript_str(ref, key), text) == 0;
}

/* The usual bugs of an echo that is early, late or mixed with another's. */
static int
diagnose_early(const char *key, struct bytes *why)
{
	size_t n = strlen(key);

	if (n > 6 && strcmp(key + n - 6, ".early") == 0) {
		bytes_puts(why, "The server echoed part of a line before its "
		    "newline arrived: keep each client's bytes in its own buffer "
		    "and send back only complete lines.");
		return 1;
	}
	return 0;
}

/*
 * The server left a piece unread while it was busy with another client:
 * it serves one client at a time.
 */
static int
diagnose_one_at_a_time(const struct transcript *got, struct bytes *why)
{
	if (strstr(transcript_str(got, "note.sent"), "did not read") == NULL)
		return 0;
	bytes_puts(why, "The server left a client's bytes unread while it "
	    "was busy with another one: it serves one client at a time. "
	    "Put every socket in the pollfd array, poll() them all, and "
	    "call recv() once on each socket that poll() reports ready.");
	return 1;
}

/* Only the first of many clients was served: one client at a time. */
static int
diagnose_first_only(const struct transcript *got, const char *key,
    struct bytes *why)
{
	if (!starts_with(transcript_str(got, key), "1 of "))
		return 0;
	bytes_puts(why, "Only the first client was served: the server stays "
	    "with one client (a blocking recv() or accept()) while the others "
	    "wait. poll() all the sockets, call recv() once on each ready "
	    "one, and make the sockets non-blocking.");
	return 1;
}

static void
diagnose_lines(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "probe.client.line") == 0 &&
	    starts_with(transcript_str(got, d->key), "[nothing within")) {
		bytes_puts(why, "Not even one line came back: is the server "
		    "stuck in a call that waits (accept() on a listener that "
		    "is not non-blocking, or recv()) instead of going back to "
		    "poll()? Or does it never send() the complete lines?");
		return;
	}
	if (strcmp(d->key, "probe.client.three-lines") == 0) {
		bytes_puts(why, "Three lines sent at once did not all come "
		    "back at once: one recv() can bring several lines; send "
		    "back everything up to the LAST newline in the buffer.");
		return;
	}
	if (strcmp(d->key, "probe.client.two-pieces") == 0 &&
	    strstr(transcript_str(got, d->key), "a line in ") == NULL) {
		bytes_puts(why, "The first piece of the line was lost: add "
		    "each recv() after the bytes already kept for that client "
		    "(line + len, at most sizeof line - len bytes).");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_partial(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *g = transcript_str(got, d->key);

	if (diagnose_early(d->key, why) || diagnose_one_at_a_time(got, why))
		return;
	if (strcmp(d->key, "probe.A") == 0 && strstr(g, "123") != NULL) {
		bytes_puts(why, "A's line came back with B's bytes in it: the "
		    "clients share one buffer. Give each client its own "
		    "(struct client), in the slot of its pollfd.");
		return;
	}
	if (strcmp(d->key, "probe.A") == 0 && strstr(g, "abc") == NULL) {
		bytes_puts(why, "A's first piece, 'abc', was lost: keep each "
		    "client's unfinished line in that client's own buffer until "
		    "its newline arrives (one struct client per pollfd slot), and "
		    "move the buffer with the client when slots move.");
		return;
	}
	if (strcmp(d->key, "probe.C") == 0 &&
	    ref_says(ref, d->key, "the server closed C's connection")) {
		bytes_puts(why, "When a client closes its side, recv() returns "
		    "0: close() that client's socket and remove it.");
		return;
	}
	if (strcmp(d->key, "probe.B") == 0 && strstr(g, "nothing within") !=
	    NULL) {
		bytes_puts(why, "B was not served after C left: removing C took "
		    "B out of the pollfd array. Move the LAST slot (count - 1) "
		    "into the freed one, then count--.");
		return;
	}
	if (strcmp(d->key, "probe.B") == 0 && strstr(g, "123") == NULL) {
		bytes_puts(why, "B's first piece was lost when C left: when the "
		    "last client moves into the freed slot, its buffer must "
		    "move with its pollfd.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_stalled(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "probe.B") == 0 &&
	    strstr(transcript_str(got, d->key), "B got nothing") != NULL) {
		bytes_puts(why, "B waited while A was half-way through a line: "
		    "the server blocked in recv() for A (or in accept(), or in "
		    "a loop until A's line was complete). Use poll() and call "
		    "recv() once on each socket it reports ready; make the "
		    "sockets non-blocking.");
		return;
	}
	if (strcmp(d->key, "probe.B") == 0 &&
	    strstr(transcript_str(got, d->key), "A stalls") != NULL) {
		bytes_puts(why, "B's echo holds A's unfinished bytes: the "
		    "clients share one buffer. Give each client its own "
		    "(struct client), in the slot of its pollfd.");
		return;
	}
	if (diagnose_early(d->key, why))
		return;
	diagnose_common(ref, got, d, why);
}

static void
diagnose_many(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *g = transcript_str(got, d->key);

	if (strcmp(d->key, "probe.echoed") == 0 &&
	    diagnose_first_only(got, d->key, why))
		return;
	if (strcmp(d->key, "probe.echoed") == 0)
		g = transcript_str(got, "probe.first-wrong");
	if (strcmp(d->key, "probe.connected") == 0) {
		bytes_printf(why, "%s. While the server is busy, the kernel "
		    "keeps at most the listen() backlog's number of new "
		    "connections waiting; the others must try again a second "
		    "later. Use BACKLOG 256.", g);
		return;
	}
	if (strstr(g, "got nothing") != NULL && starts_with(g, "client ") &&
	    !starts_with(g, "client 1 of")) {
		bytes_printf(why, "The first clients were served, then no more "
		    "(%s): is the client table too small, or full? Up to "
		    "MAX_CLIENTS (1000) clients must be served at once, and "
		    "every waiting connection accepted.", g);
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_resets(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *g = transcript_str(got, d->key);

	if (starts_with(d->key, "server.after-")) {
		if (strstr(g, "signal 13") != NULL)
			bytes_puts(why, "The server was killed by SIGPIPE: it "
			    "sent to a client that had gone. Pass MSG_NOSIGNAL "
			    "to send() (or call signal(SIGPIPE, SIG_IGN)) and "
			    "treat the error EPIPE as 'this client has gone'.");
		else if (starts_with(g, "exited"))
			bytes_printf(why, "The server %s when a client %s: a "
			    "failing recv() or send() (ECONNRESET, EPIPE) "
			    "concerns that one client: close it, remove it, "
			    "and keep serving the others.", g,
			    strcmp(d->key, "server.after-resets") == 0 ?
			    "reset its connection" : "left without reading");
		else if (strstr(g, "signal 11") != NULL)
			bytes_puts(why, "The server crashed (segmentation "
			    "fault): probably recv() wrote past the end of a "
			    "client's buffer. Receive at most sizeof line - len "
			    "bytes.");
		else if (starts_with(g, "killed"))
			bytes_printf(why, "The server was %s while it served "
			    "clients that left early.", g);
		if (why->len > 0)
			return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_leak(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "probe.echoed") == 0 &&
	    diagnose_first_only(got, d->key, why))
		return;
	if (strcmp(d->key, "server.descriptors") == 0 &&
	    strstr(transcript_str(got, d->key), "more than") != NULL) {
		bytes_puts(why, "A descriptor per client stays open: close() a "
		    "client's socket when recv() returns 0 or fails (a reset "
		    "is a failure too), and remove it from the pollfd array.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_long(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "probe.toolong") == 0) {
		bytes_printf(why, "A client sent %d bytes and no newline: when "
		    "its buffer of MAX_LINE (%d) bytes is full and holds no "
		    "newline, close that client. Receive at most sizeof line - "
		    "len bytes, never more.", LONG_LINE, MAX_LINE);
		return;
	}
	if (strstr(transcript_str(got, "server.status"), "signal 11") != NULL) {
		bytes_puts(why, "The server crashed (segmentation fault) on a "
		    "long line: recv() wrote past the end of the client's "
		    "buffer. Receive at most sizeof line - len bytes.");
		return;
	}
	if (strcmp(d->key, "probe.after") == 0 &&
	    strstr(transcript_str(got, d->key), "closed") != NULL) {
		bytes_puts(why, "After the long line the server closed the "
		    "next client's connection: it died or stopped serving. "
		    "Close only the client whose line was too long.");
		return;
	}
	if (strcmp(d->key, "probe.longest") == 0) {
		bytes_printf(why, "A line of exactly MAX_LINE (%d) bytes, its "
		    "newline included, must come back whole: the buffer holds "
		    "MAX_LINE bytes, and the check for a full buffer comes "
		    "after the search for the newline.", MAX_LINE);
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_udp(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const struct bytes *e = transcript_get(ref, d->key);
	const struct bytes *gb = transcript_get(got, d->key);
	const char *g = transcript_str(got, d->key);

	if (starts_with(d->key, "probe.echo") && e != NULL && e->len == 0 &&
	    starts_with(g, "[no datagram")) {
		bytes_puts(why, "The empty datagram got no reply: for UDP, "
		    "recvfrom() returning 0 means a datagram of 0 bytes, not an "
		    "end of anything; send it back like the others.");
		return;
	}
	if (strcmp(d->key, "probe.echo1") == 0 && e != NULL && gb != NULL &&
	    gb->len < e->len && gb->len > 0 &&
	    memcmp(gb->data, e->data, gb->len) == 0) {
		bytes_printf(why, "The %zu-byte datagram came back cut to %zu "
		    "bytes: recvfrom() drops what does not fit in the buffer. "
		    "Receive into a buffer of 65536 bytes.", e->len, gb->len);
		return;
	}
	if (strcmp(d->key, "probe.echo1") == 0 && strcmp(g, "short") == 0) {
		bytes_puts(why, "The first datagram got no reply, and the "
		    "others came back one place early: was the sender's "
		    "address filled in for the first one? Set sender_len = "
		    "sizeof sender before every recvfrom().");
		return;
	}
	if (strcmp(d->key, "probe.echoed") == 0)
		g = transcript_str(got, "probe.first-wrong");
	if (starts_with(g, "socket 1 of") && strstr(g, "got nothing") != NULL) {
		bytes_puts(why, "The very first datagram got no reply: was its "
		    "sender's address filled in? Set sender_len = sizeof sender "
		    "before every recvfrom(), and reply with sendto() to that "
		    "address and length (stderr may name the failing call).");
		return;
	}
	if (strcmp(d->key, "probe.first-wrong") == 0 ||
	    strcmp(d->key, "probe.extra") == 0 || starts_with(g, "socket ")) {
		bytes_puts(why, "A datagram did not go back to its own sender: "
		    "reply with sendto() to the address that the same "
		    "recvfrom() filled in, never to a saved or fixed one; and "
		    "do not connect() the server's socket (it would then hear "
		    "only that one client).");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-listens",
		.title = "the server listens on its default address, "
		    "127.0.0.1:50007",
		.hint = "Set up the listener as in lesson 01 (socket, "
		    "SO_REUSEADDR, bind, listen with BACKLOG), print the "
		    "listening line, then enter the poll() loop.",
		.scenario = server_listens,
		.diagnose = diagnose_common,
	},
	{
		.name = "server-echoes-lines",
		.title = "echoes a line, three lines sent at once, and a line "
		    "sent in two pieces",
		.hint = "Add what recv() returns after the bytes kept for "
		    "that client, send back everything up to the last "
		    "newline, keep the rest.",
		.scenario = server_echoes_lines,
		.diagnose = diagnose_lines,
	},
	{
		.name = "server-partial-lines",
		.title = "two clients' unfinished lines stay apart, even when "
		    "a third client leaves",
		.hint = "One struct client per pollfd slot, and when a client "
		    "leaves, move the last slot's pollfd AND buffer into its "
		    "place.",
		.scenario = server_partial_lines,
		.diagnose = diagnose_partial,
	},
	{
		.name = "server-stalled-client",
		.title = "while A is half-way through a line, B still gets "
		    "its echo",
		.hint = "Never wait for one client: poll() all the sockets, "
		    "then call recv() once on each ready one. Make the "
		    "sockets non-blocking.",
		.scenario = server_stalled_client,
		.diagnose = diagnose_stalled,
	},
	{
		.name = "server-200-clients",
		.title = "200 clients arriving at once each get their own "
		    "line back",
		.hint = "listen() with BACKLOG 256, accept every waiting "
		    "connection when the listener is readable, and keep room "
		    "for many clients.",
		.scenario = server_200_clients,
		.diagnose = diagnose_many,
	},
	{
		.name = "server-survives-resets",
		.title = "clients that reset or leave early do not stop the "
		    "server",
		.hint = "A failing recv() or send() ends that client only. "
		    "Send with MSG_NOSIGNAL so that a client that has gone "
		    "cannot kill the server with SIGPIPE.",
		.scenario = server_survives_resets,
		.diagnose = diagnose_resets,
	},
	{
		.name = "server-no-fd-leak",
		.title = "after 50 clients came and went, the server holds no "
		    "more descriptors than before",
		.hint = "close() the client's socket whenever you remove it, "
		    "whatever the reason: end of file, reset, or any error.",
		.scenario = server_no_fd_leak,
		.diagnose = diagnose_leak,
	},
	{
		.name = "server-long-line",
		.title = "a 1024-byte line is echoed; a client whose line "
		    "grows longer is disconnected",
		.hint = "Receive at most sizeof line - len bytes; when the "
		    "buffer is full and holds no newline, close that client.",
		.scenario = server_long_line,
		.diagnose = diagnose_long,
	},
	{
		.name = "udpserver-binds",
		.title = "the UDP twin binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), bind() as in lesson "
		    "02, print the bound line.",
		.scenario = udpserver_binds,
		.diagnose = diagnose_common,
	},
	{
		.name = "udpserver-exact-datagrams",
		.title = "datagrams of 1500, 5, 9 and 0 bytes come back "
		    "exactly",
		.hint = "Receive into a 65536-byte buffer and send back "
		    "exactly the n bytes recvfrom() returned, even when n is "
		    "0.",
		.scenario = udpserver_exact_datagrams,
		.diagnose = diagnose_udp,
	},
	{
		.name = "udpserver-many-senders",
		.title = "50 sockets each get their own datagram back",
		.hint = "Reply to the address recvfrom() filled in for this "
		    "datagram; set its length to sizeof before every call.",
		.scenario = udpserver_many_senders,
		.diagnose = diagnose_udp,
	},
};

static const char *const programs[] = { "server", "udpserver", NULL };

static const struct lesson lesson_07 = {
	.dir = "07-concurrency",
	.title = "Concurrency: many clients at once, with poll() and with UDP",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
};

LESSON_REGISTER(lesson_07)

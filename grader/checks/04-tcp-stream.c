/*
 * 04-tcp-stream: checks for the echo lesson. TCP is a byte stream: one call
 * may move fewer bytes than asked (short counts, so send-all and read loops),
 * a client ends its half of the stream with shutdown(SHUT_WR), and a server
 * must survive a client that vanishes (SIGPIPE).
 *
 * The student's server is driven by the reference client, in one check
 * under the short-I/O library (every send/recv/read/write on a TCP socket
 * moves 1 to 7 bytes), and by a probe that resets its connection. The
 * student's client talks to the reference server, under the same library in
 * one check, and, for 5 MiB, to the grader's own echo server, whose small
 * fixed socket buffers make a client that sends everything before reading
 * deadlock every time rather than only when the kernel's buffers are small.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "netprobe.h"

/* A string literal and its length, zero bytes included. */
#define TEXT(s) { s, sizeof s - 1 }

struct text {
	const char *data;
	size_t len;
};

/* Piped through the student's server by the reference client. */
static const struct text server_text = TEXT(
    "TCP carries a stream of bytes, not messages.\n"
    "One send() may arrive as several recv()s,\n"
    "and several send()s may arrive as one recv().\n"
    "\ta tab, a zero byte: \0, and UTF-8: caf\xc3\xa9\n"
    "the last line has no newline");

/* Piped through under the short-I/O library, by either side. */
static const struct text short_text = TEXT(
    "Here every send() and recv() moves 1 to 7 bytes, as on a slow or\n"
    "busy network. A program that sends once, or takes one recv() for a\n"
    "whole message, loses bytes; a program with loops is only slower.\n"
    "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
    "\0zero bytes\0 are bytes too\n"
    "the last line has no newline");

/* The client after the reset, and a client with nothing to say. */
static const struct text next_text = TEXT("the next client is served\n");
static const struct text empty_text = TEXT("");

/* Piped through the student's client. */
static const struct text client_text = TEXT(
    "hello, echo\n"
    "Standard input goes to the server; the echo goes to standard output.\n"
    "\ttab\0zero byte, caf\xc3\xa9, and a line with no newline at the end");

#undef TEXT

#define BIG_INPUT (5 * 1024 * 1024)	/* bytes piped through the client */
#define BIG_OUTPUT_CAP (8L * 1024 * 1024)
#define PUMP_BUFFER (64 * 1024)	/* the grader echo server's buffers */
#define PUMP_MSS 8192		/* its largest segment (see client_big_input) */
#define RESET_BYTES 16384	/* sent before the probe resets */
#define TCP_CLOSE_WAIT 0x08	/* /proc/net/tcp: the peer's FIN is in */
#define MAX_TCP_SOCKETS 16384	/* a busy shared host holds thousands */

/*
 * Write len bytes of data into the scratch file LABEL.in, for the standard
 * input of the program label, and copy its path into path.
 * Returns 0, or -1 (note.error is set).
 */
static int
input_file(struct run *r, const char *label, const void *data, size_t len,
    char *path, size_t pathlen)
{
	char name[48];
	const char *p;

	snprintf(name, sizeof name, "%s.in", label);
	if ((p = run_write_file(r, name, data, len)) == NULL)
		return -1;
	snprintf(path, pathlen, "%s", p);
	return 0;
}

/*
 * Show in the report that label's standard input came from LABEL.in, and,
 * when t is not NULL, which bytes it held (as run_start_input() does).
 */
static void
note_input(struct run *r, const char *label, const struct text *t)
{
	char key[64], *command;
	struct bytes shown;

	snprintf(key, sizeof key, "note.%s.command", label);
	command = xstrdup(transcript_str(r->t, key));
	transcript_setf(r->t, key, "%s < %s.in", command, label);
	free(command);
	if (t == NULL)
		return;
	bytes_init(&shown);
	escape_bytes(&shown, t->data, t->len, 400);
	run_note(r, "%s's standard input (%zu bytes): '%s'", label, t->len,
	    bytes_str(&shown));
	bytes_free(&shown);
}

/*
 * Start the student's server (under the short-I/O library if short_io),
 * with no arguments when defaults is set and the sandbox allows it, and
 * wait until it listens. Returns it, or NULL after recording why.
 */
static struct proc *
start_server(struct run *r, int defaults, int short_io)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .short_io = short_io };
	struct proc *srv;

	srv = run_start_ext(r, "server", "server",
	    defaults && run_defaults_usable(r) ? NULL : args, &x);
	if (run_wait_bound(r, srv, "server", SOCK_STREAM, r->port) == -1) {
		run_collect(r, srv);
		return NULL;
	}
	return srv;
}

/*
 * Run the reference client as label with standard input t and wait for it
 * to end. Returns it (NULL if it could not start).
 */
static struct proc *
drive_client(struct run *r, const char *label, const struct text *t)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .driver = 1 };
	char path[600];
	struct proc *cli;

	if (input_file(r, label, t->data, t->len, path, sizeof path) == -1)
		return NULL;
	x.input = path;
	cli = run_start_ext(r, "client", label, args, &x);
	if (cli == NULL) {
		transcript_setf(r->t, "note.error", "cannot start the "
		    "reference client");
		return NULL;
	}
	note_input(r, label, t);
	if (run_wait_exit(r, cli, 2000) == -1)
		run_note(r, "the reference client was still running after "
		    "%d ms", run_ms(r, 2000));
	return cli;
}

/*
 * Start the reference server as the partner of the student's client and
 * wait until it listens. Returns it, or NULL (note.error is set).
 */
static struct proc *
start_reference_server(struct run *r, int short_io)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .driver = 1, .short_io = short_io };
	struct proc *srv = run_start_ext(r, "server", "ref-server", args, &x);

	if (srv == NULL || run_wait_bound(r, srv, "ref-server", SOCK_STREAM,
	    r->port) == -1) {
		transcript_setf(r->t, "note.error", "the reference server did "
		    "not start");
		return NULL;
	}
	return srv;
}

/* The reference client pipes a text through the student's server. */
static void
server_echo(struct run *r, int short_io, const struct text *t)
{
	struct proc *srv = start_server(r, !short_io, short_io);
	struct proc *cli, *cli2 = NULL;

	if (srv == NULL)
		return;
	cli = drive_client(r, "client", t);
	if (short_io)
		run_note(r, "the server ran under the short-I/O library: "
		    "each send(), recv(), read() and write() on its TCP "
		    "sockets moved 1 to 7 bytes at most");
	(void)run_wait_lines(r, srv, 2, 1000);
	/* A second client, with nothing to say, if the first one is done. */
	if (!short_io && cli != NULL && !run_running(cli)) {
		cli2 = drive_client(r, "client2", &empty_text);
		(void)run_wait_lines(r, srv, 3, 1000);
	}
	run_collect(r, cli);
	run_collect(r, cli2);
	run_collect(r, srv);
}

static void
server_echoes(struct run *r)
{
	server_echo(r, 0, &server_text);
}

static void
server_short_io(struct run *r)
{
	server_echo(r, 1, &short_text);
}

/*
 * Wait until a TCP socket with local port port is in state (present set)
 * or none is (present clear); an ESTABLISHED one counts only once a
 * program has accept()ed it. Like run.h's waits, but reading the whole
 * table: on a shared host (no namespace) thousands of TIME_WAIT sockets
 * can hide ours beyond the first 512. Returns 0, or -1 at the timeout.
 */
static int
wait_tcp(struct run *r, int port, int state, int present, int timeout_ms)
{
	static struct sock_entry v[MAX_TCP_SOCKETS];
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	char err[NET_ERR_LEN];
	int pause_ms = 1;

	for (;;) {
		int n = net_list_sockets(SOCK_STREAM, v, MAX_TCP_SOCKETS, err);
		int found = 0;

		for (int i = 0; i < n; i++)
			found |= v[i].port == port && v[i].state == state &&
			    (state != SOCK_STATE_ESTABLISHED || v[i].inode != 0);
		if (found == present)
			return 0;
		if (clock_left_ms(deadline) == 0)
			return -1;
		clock_sleep_ms(pause_ms);
		if (pause_ms < 32)
			pause_ms *= 2;
	}
}


/*
 * A client sends 16 KiB and the end of its stream, then vanishes: its
 * connection is reset before the server has echoed a byte. The server is
 * paused (SIGSTOP) meanwhile, so that this order is certain: when it goes
 * on, its recv() still returns the bytes, and its first send() hits a
 * connection that is gone. That raises SIGPIPE, which kills a server that
 * does not ignore it. Then a second client must still be served.
 */
static void
server_survives_reset(struct run *r)
{
	static char data[RESET_BYTES];
	struct proc *srv = start_server(r, 0, 0), *cli;
	struct linger reset = { .l_onoff = 1, .l_linger = 0 };
	char err[NET_ERR_LEN], how[128];
	int idle, fd;

	if (srv == NULL)
		return;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = "0123456789abcdef\n"[i % 17];
	idle = run_count_fds(r, srv);
	fd = net_tcp_connect("127.0.0.1", r->port, clock_ms() +
	    run_ms(r, 1000), err);
	if (fd == -1 || wait_tcp(r, r->port, SOCK_STATE_ESTABLISHED, 1,
	    1000) == -1) {
		transcript_setf(r->t, "probe.connect", "%s", fd == -1 ? err :
		    "the server did not accept the connection");
		if (fd != -1)
			close(fd);
		run_collect(r, srv);
		return;
	}
	transcript_setf(r->t, "probe.connect", "accepted");
	run_note(r, "connected; paused the server (SIGSTOP)");
	if (run_pause(srv) == -1)
		run_note(r, "the server could not be paused");
	(void)net_send_all(fd, data, sizeof data, err);
	(void)shutdown(fd, SHUT_WR);
	(void)wait_tcp(r, r->port, TCP_CLOSE_WAIT, 1, 1000);
	run_note(r, "sent %zu bytes and the end of the stream "
	    "(shutdown(SHUT_WR)), then reset the connection (SO_LINGER "
	    "{1, 0}, close) before the server echoed them", sizeof data);
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
	close(fd);
	(void)wait_tcp(r, r->port, TCP_CLOSE_WAIT, 0, 1000);
	run_note(r, "let the server go on (SIGCONT): its next send() finds "
	    "the connection reset");
	run_resume(srv);

	/* The server has dealt with the reset when it has closed the socket. */
	if (idle != -1) {
		int left = run_wait_fd_count(r, srv, idle, 1000);
		int closed = left == idle ? 0 : -1;

		run_describe(srv, how, sizeof how);
		if (run_running(srv))
			transcript_setf(r->t, "server.after-reset", "%s",
			    closed == 0 ? "still running, the reset connection "
			    "closed" : "still running, but the reset "
			    "connection is still open (its socket was never "
			    "closed)");
		else
			transcript_setf(r->t, "server.after-reset", "%s", how);
	}
	cli = drive_client(r, "client", &next_text);
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, cli);
	run_collect(r, srv);
}

/*
 * The student's client (under the short-I/O library if short_io) pipes t
 * through the reference server (under the library too).
 */
static void
client_echo(struct run *r, int short_io, const struct text *t)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *srv = start_reference_server(r, short_io), *cli;
	struct run_extra x = { .short_io = short_io };
	char path[600];

	if (srv == NULL ||
	    input_file(r, "client", t->data, t->len, path, sizeof path) == -1)
		return;
	x.input = path;
	cli = run_start_ext(r, "client", "client",
	    !short_io && run_defaults_usable(r) ? NULL : args, &x);
	if (short_io)
		run_note(r, "the client and the reference server run under the "
		    "short-I/O library: each send(), recv(), read() and "
		    "write() on their TCP sockets moves 1 to 7 bytes at most");
	note_input(r, "client", t);
	if (run_wait_exit(r, cli, 2000) == -1) {
		/* For the diagnosis: had the server seen the end of input? */
		transcript_setf(r->t, "note.ref-server.finished", "%s",
		    run_wait_lines(r, srv, 2, 0) == 0 ? "yes" : "no");
		run_note(r, "the client was still running after %d ms",
		    run_ms(r, 2000));
	} else {
		(void)run_wait_lines(r, srv, 2, 1000);
	}
	run_collect(r, cli);
	run_collect(r, srv);
}

static void
client_echoes(struct run *r)
{
	client_echo(r, 0, &client_text);
}

static void
client_short_io(struct run *r)
{
	client_echo(r, 1, &short_text);
}

/* How the grader's echo server saw one connection. */
struct pump {
	size_t received;	/* bytes that came from the client */
	size_t echoed;		/* bytes sent back */
	int eof;		/* the client ended its stream (recv 0) */
	int error;		/* errno of a failed recv/send, or 0 */
};

/*
 * Echo conn like the reference server does (receive a piece, send it all
 * back, receive the next), but without ever blocking, until the client's
 * stream has ended and everything is echoed, the connection fails, or the
 * deadline passes. Fills pu.
 */
static void
pump_echo(int conn, int64_t deadline, struct pump *pu)
{
	static char buf[PUMP_BUFFER];
	size_t len = 0, off = 0;

	memset(pu, 0, sizeof *pu);
	while (!(pu->eof && off == len)) {
		struct pollfd pfd = { .fd = conn };
		ssize_t n;
		int r;

		pfd.events = off < len ? POLLOUT : POLLIN;
		r = poll(&pfd, 1, clock_left_ms(deadline));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			pu->error = errno;
			return;
		}
		if (r == 0)
			return;		/* the deadline: no eof, no error */
		if (off < len) {
			n = send(conn, buf + off, len - off,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n > 0) {
				off += (size_t)n;
				pu->echoed += (size_t)n;
				if (off == len)
					off = len = 0;
			}
		} else {
			n = recv(conn, buf, sizeof buf, MSG_DONTWAIT);
			if (n == 0)
				pu->eof = 1;
			if (n > 0) {
				len = (size_t)n;
				pu->received += (size_t)n;
			}
		}
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			pu->error = errno;
			return;
		}
	}
}

/* Repeatable bytes of every value, for the big input. */
static void
fill_bytes(unsigned char *p, size_t n)
{
	uint32_t x = 2463534242u;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)(x >> 24);
	}
}

/*
 * Record as key how the file at path compares with want (len bytes):
 * "N bytes, the same as the input", "N bytes: only the input's first N",
 * or where it first differs.
 */
static void
record_output(struct run *r, const char *key, struct proc *p,
    const unsigned char *want, size_t len)
{
	size_t got, differs = (size_t)-1;
	struct bytes out;

	bytes_init(&out);
	if (run_read_output(p, RUN_STDOUT, &out, 2 * len + 1) == -1) {
		transcript_setf(r->t, key, "unreadable: %s", strerror(errno));
		bytes_free(&out);
		return;
	}
	got = out.len;
	for (size_t i = 0; i < got && differs == (size_t)-1; i++)
		if (i >= len || (unsigned char)out.data[i] != want[i])
			differs = i;
	bytes_free(&out);
	if (got == len && differs == (size_t)-1)
		transcript_setf(r->t, key, "%zu bytes, the same as the input",
		    got);
	else if (differs == (size_t)-1)
		transcript_setf(r->t, key, "%zu bytes: the first %zu bytes of "
		    "the input, then nothing", got, got);
	else if (differs == len)
		transcript_setf(r->t, key, "%zu bytes: the whole input, then "
		    "%zu bytes too many", got, got - len);
	else
		transcript_setf(r->t, key, "%zu bytes, different from the "
		    "input from byte %zu on", got, differs);
}

/* Record what the grader's echo server saw. */
static void
record_pump(struct run *r, const struct pump *pu)
{
	const char *end;

	if (pu->eof)
		end = "then the end of the stream";
	else if (pu->error == ECONNRESET || pu->error == EPIPE)
		end = "then the connection was reset";
	else if (pu->error != 0)
		end = strerror(pu->error);
	else	/* the deadline passed */
		end = "then nothing more: the client stopped sending without "
		    "ending the stream";
	transcript_setf(r->t, "probe.received", "%zu bytes, %s", pu->received,
	    end);
	if (pu->eof && pu->echoed == pu->received)
		transcript_setf(r->t, "probe.echoed", "%zu bytes, all of them",
		    pu->echoed);
	else if (pu->error == ECONNRESET || pu->error == EPIPE)
		transcript_setf(r->t, "probe.echoed", "%zu bytes, then the "
		    "connection was reset", pu->echoed);
	else
		transcript_setf(r->t, "probe.echoed", "%zu bytes, then the "
		    "client stopped reading", pu->echoed);
}

/*
 * 5 MiB through the student's client and the grader's echo server: the
 * echo must come back whole and the client must end by itself.
 */
static void
client_big_input(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	int size = PUMP_BUFFER, mss = PUMP_MSS, lfd, conn;
	struct run_extra x = { .output_bytes = BIG_OUTPUT_CAP };
	unsigned char *data = xmalloc(BIG_INPUT);
	char err[NET_ERR_LEN], path[600], how[128];
	struct bytes errtext;
	struct proc *cli;
	struct pump pu;

	fill_bytes(data, BIG_INPUT);
	lfd = net_tcp_listen("127.0.0.1", r->port, err);
	if (lfd == -1) {
		transcript_setf(r->t, "note.error", "grader listen: %s", err);
		goto out;
	}
	/*
	 * Fixed buffers: the kernel cannot grow them to hide a deadlock. And
	 * segments much smaller than them: with loopback's 64 KiB segments,
	 * freeing part of a 128 KiB buffer is too little to announce, and the
	 * client would wait for its 200 ms window probes.
	 */
	(void)setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	(void)setsockopt(lfd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	(void)setsockopt(lfd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
	if (input_file(r, "client", data, BIG_INPUT, path, sizeof path) == -1)
		goto out;
	x.input = path;
	cli = run_start_ext(r, "client", "client", args, &x);
	if (cli == NULL)
		goto out;
	note_input(r, "client", NULL);
	run_note(r, "client's standard input: %d bytes (5 MiB) of every "
	    "byte value; the grader's echo server, with %d KiB socket "
	    "buffers, sends each piece back before it reads the next",
	    BIG_INPUT, PUMP_BUFFER / 1024);
	conn = net_tcp_accept(lfd, clock_ms() + run_ms(r, 2000), NULL, 0, err);
	if (conn < 0) {
		transcript_setf(r->t, "probe.received", "nothing: %s", err);
	} else {
		pump_echo(conn, clock_ms() + run_ms(r, 2000), &pu);
		record_pump(r, &pu);
		/* The echo is complete (or abandoned): end the client's reading. */
		close(conn);
	}
	if (run_wait_exit(r, cli, 2000) == -1) {
		transcript_setf(r->t, "client.status", "still running: it did "
		    "not end by itself");
		run_note(r, "the client was still running after %d ms: "
		    "stopped it", run_ms(r, 2000));
		run_stop(r, cli);
	} else {
		run_describe(cli, how, sizeof how);
		transcript_setf(r->t, "client.status", "%s", how);
	}
	/* Only a description: 5 MiB would not fit in a transcript. */
	record_output(r, "client.output", cli, data, BIG_INPUT);
	bytes_init(&errtext);
	(void)run_read_output(cli, RUN_STDERR, &errtext, 4096);
	transcript_set(r->t, "note.client.stderr", errtext.data, errtext.len);
	bytes_free(&errtext);
out:
	if (lfd != -1)
		close(lfd);
	free(data);
}

static void
client_connection_refused(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *cli;

	run_note(r, "nothing listens on 127.0.0.1:%d", r->port);
	cli = run_start(r, "client", "client", args);
	run_record_reaction(r, cli, "client.reaction", 2000);
	run_collect(r, cli);
}

/* Is every byte of got in want, in the same order? */
static int
is_subsequence(const struct bytes *got, const struct bytes *want)
{
	size_t j = 0;

	for (size_t i = 0; i < want->len && j < got->len; i++)
		if (want->data[i] == got->data[j])
			j++;
	return j == got->len;
}

/* The N of the first "echoed N bytes" line in s, or -1. */
static long
echoed_count(const char *s)
{
	const char *p = strstr(s, "echoed ");

	return p == NULL ? -1 : strtol(p + 7, NULL, 10);
}

/* The number a transcript value starts with ("3268308 bytes, ..."). */
static size_t
leading_count(const char *s)
{
	return (size_t)strtoull(s, NULL, 10);
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
key_is(const struct difference *d, const char *key)
{
	return strcmp(d->key, key) == 0;
}

/*
 * The value of key in t as bytes (empty when absent; its data is "", never
 * NULL, so that memcmp() and friends may take it).
 */
static const struct bytes *
value_of(const struct transcript *t, const char *key)
{
	static char nothing[1];
	static const struct bytes none = { nothing, 0, 0 };
	const struct bytes *b = transcript_get(t, key);

	return b != NULL ? b : &none;
}

/*
 * The echo of the student's server, as the reference client wrote it (got),
 * differs from the text it was given (want). server_out is the server's
 * stdout, with its "echoed N bytes" line.
 */
static int
diagnose_server_echo(const struct bytes *want, const struct bytes *got,
    const char *server_out, struct bytes *why)
{
	long counted = echoed_count(server_out);

	if (got->len < want->len && memcmp(got->data, want->data,
	    got->len) == 0) {
		if (want->data[got->len] == '\0')
			bytes_puts(why, "The echo stops at a zero byte: the "
			    "data was treated as a C string (strlen(), %s, "
			    "strcpy()). A stream carries any byte: send back "
			    "exactly the n bytes that recv() returned.");
		else if (counted == (long)got->len)
			bytes_printf(why, "The server stopped after the first "
			    "%zu of %zu bytes: one recv() returns whatever has "
			    "arrived so far, not a whole message. Keep "
			    "calling recv() and sending back what it returns "
			    "until recv() returns 0.", got->len, want->len);
		else
			bytes_printf(why, "Only the first %zu of %zu bytes came "
			    "back.", got->len, want->len);
		return 1;
	}
	if (got->len < want->len && is_subsequence(got, want)) {
		bytes_printf(why, "%zu of the %zu bytes came back, with gaps: "
		    "one send() may send fewer bytes than asked (a short "
		    "count), and the bytes it did not take were dropped. "
		    "Loop: send the rest until every byte is sent.", got->len,
		    want->len);
		return 1;
	}
	if (got->len > want->len && memcmp(got->data, want->data,
	    want->len) == 0) {
		bytes_printf(why, "%zu bytes too many came back: send back "
		    "exactly the n bytes that recv() returned, not the whole "
		    "buffer.", got->len - want->len);
		return 1;
	}
	return 0;
}

/*
 * The student's client wrote got instead of want. server_out and
 * server_err are the reference server's stdout and stderr.
 */
static int
diagnose_client_echo(const struct bytes *want, const struct bytes *got,
    const char *server_out, const char *server_err, struct bytes *why)
{
	long counted = echoed_count(server_out);

	if (got->len < want->len && memcmp(got->data, want->data,
	    got->len) == 0) {
		if (want->data[got->len] == '\0')
			bytes_puts(why, "The output stops at a zero byte: the "
			    "data was treated as a C string (fgets(), "
			    "strlen(), %s, fputs()). A stream carries any "
			    "byte: send and write exactly the n bytes that "
			    "read() and recv() returned.");
		else if (counted >= 0 && counted < (long)want->len)
			bytes_printf(why, "The server received only %ld of the "
			    "%zu bytes of input: one send() may send fewer "
			    "bytes than asked (a short count), and the rest "
			    "is lost unless you send it too. Loop until every "
			    "byte is sent.", counted, want->len);
		else if (strstr(server_err, "reset") != NULL ||
		    strstr(server_err, "Broken pipe") != NULL)
			bytes_printf(why, "The client closed its socket when "
			    "%zu of the %zu bytes of echo had come back (the "
			    "server's send() failed: see its stderr). A short "
			    "recv() is not the end of the echo: only 0 is. "
			    "And at the end of the input, shutdown(sock, "
			    "SHUT_WR) ends your half of the stream without "
			    "closing the socket.", got->len, want->len);
		else
			bytes_printf(why, "The client's output stops after %zu "
			    "of %zu bytes: keep reading until recv() returns "
			    "0; a short recv() is not the end of the echo.",
			    got->len, want->len);
		return 1;
	}
	if (got->len < want->len && is_subsequence(got, want)) {
		bytes_printf(why, "%zu of the %zu bytes came back, with gaps: "
		    "one send() may send fewer bytes than asked (a short "
		    "count), and the bytes it did not take were dropped. "
		    "Keep them and send them next.", got->len, want->len);
		return 1;
	}
	if (got->len > want->len && memcmp(got->data, want->data,
	    want->len) == 0) {
		bytes_printf(why, "%zu bytes too many were written: write "
		    "exactly the n bytes that recv() returned, not the whole "
		    "buffer.", got->len - want->len);
		return 1;
	}
	return 0;
}

/* Diagnoses for the checks that judge the student's server. */
static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *after = transcript_str(got, "server.after-reset");
	const char *value = transcript_str(got, d->key);
	const char *out = transcript_str(got, "server.stdout");
	char key[64];

	if (strstr(value, "signal 13") != NULL) {
		bytes_puts(why, "The server died of SIGPIPE when a client "
		    "vanished: send() on a connection that the other side has "
		    "reset raises SIGPIPE, which kills a program by default. "
		    "Call signal(SIGPIPE, SIG_IGN) at the start of main() (or "
		    "pass MSG_NOSIGNAL to send()); send() then returns -1 "
		    "with errno EPIPE: close that connection and serve the "
		    "next client.");
		return;
	}
	if (key_is(d, "server.after-reset") && starts_with(after, "exited")) {
		bytes_puts(why, "The server exited when one client failed. An "
		    "error on one connection (recv() or send() returning -1) "
		    "ends that connection only: perror(), close() it, and "
		    "accept() the next client.");
		return;
	}
	if (key_is(d, "server.after-reset") && strstr(after, "still open")) {
		bytes_puts(why, "After send() failed, the server kept the "
		    "connection's socket open: close() it, or every vanished "
		    "client leaks a descriptor.");
		return;
	}
	if (starts_with(d->key, "client") && strstr(d->key, ".status")) {
		snprintf(key, sizeof key, "note.%.*s.stderr",
		    (int)(strchr(d->key, '.') - d->key), d->key);
		if (strcmp(value, "still running") == 0) {
			bytes_puts(why, "The reference client never saw the end "
			    "of the echo. After recv() returns 0 (the client "
			    "has shut down its side), the server must close() "
			    "the connection: that is what ends the client's "
			    "reading.");
			return;
		}
		if (strstr(transcript_str(got, key), "reset") != NULL ||
		    strstr(transcript_str(got, key), "not connected") != NULL ||
		    strstr(transcript_str(got, key), "Broken pipe") != NULL ||
		    strstr(transcript_str(got, key), "closed the "
		    "connection") != NULL) {
			bytes_puts(why, "The server closed the connection while "
			    "the client was still sending (see the client's "
			    "stderr). One recv() is not the whole message: "
			    "keep receiving and sending back until recv() "
			    "returns 0, and only then close().");
			return;
		}
	}
	if ((key_is(d, "client.stdout") || key_is(d, "client2.stdout")) &&
	    diagnose_server_echo(value_of(ref, d->key), value_of(got, d->key),
	    out, why))
		return;
	if (key_is(d, "server.stdout") && echoed_count(out) >= 0 &&
	    echoed_count(out) != echoed_count(transcript_str(ref, d->key))) {
		bytes_puts(why, "The count in 'echoed N bytes' is wrong: add up "
		    "the n of every recv() of that client, and start again "
		    "from 0 for the next client.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

/* Diagnoses of the grader echo server's view (client-big-input). */
static int
diagnose_pump(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *value = transcript_str(got, d->key);
	size_t all = leading_count(transcript_str(ref, "probe.received"));
	size_t received = leading_count(transcript_str(got, "probe.received"));

	if ((key_is(d, "probe.received") || key_is(d, "probe.echoed")) &&
	    strstr(value, "reset") != NULL) {
		bytes_puts(why, "The client closed its socket before the echo "
		    "was complete: the grader's server saw the connection "
		    "reset. Keep the socket open and keep reading until "
		    "recv() returns 0: a short recv() is not the end of the "
		    "echo, and neither is the end of the input. There, call "
		    "shutdown(sock, SHUT_WR): it tells the server 'no more "
		    "data' but leaves the socket open for reading.");
		return 1;
	}
	if (key_is(d, "probe.received") && strstr(value, "stopped sending") &&
	    received < all) {
		bytes_printf(why, "The client stopped sending after %zu of the "
		    "%zu bytes and never went on: it sends before it reads. "
		    "Once the buffers in both directions are full, the server "
		    "waits for you to read its echo while you wait for it to "
		    "read your data: a deadlock. Watch standard input and the "
		    "socket together with poll(), and read whenever the "
		    "socket has data.", received, all);
		return 1;
	}
	if (key_is(d, "probe.received") && strstr(value, "stopped sending")) {
		bytes_puts(why, "The client sent all of its input but never "
		    "ended the stream, so the server waits for more. At the "
		    "end of the input call shutdown(sock, SHUT_WR): the "
		    "server's recv() then returns 0.");
		return 1;
	}
	if (key_is(d, "probe.echoed") && strstr(value, "stopped reading")) {
		bytes_puts(why, "The client stopped reading the echo before it "
		    "was complete: read whenever the socket has data, until "
		    "recv() returns 0.");
		return 1;
	}
	if (key_is(d, "client.output") && strstr(value, "then nothing")) {
		bytes_printf(why, "The client's output stops early (%s). Keep "
		    "reading until recv() returns 0: a short recv() is not "
		    "the end.", value);
		return 1;
	}
	return 0;
}

/* Diagnoses for the checks that judge the student's client. */
static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *status = transcript_str(got, "client.status");
	const char *server_out = transcript_str(got, "ref-server.stdout");
	const char *server_err = transcript_str(got, "note.ref-server.stderr");
	const struct bytes *want = value_of(ref, "client.stdout");
	const struct bytes *out = value_of(got, "client.stdout");

	if (diagnose_pump(ref, got, d, why))
		return;
	if (key_is(d, "client.status") && starts_with(status, "still running")) {
		if (strcmp(transcript_str(got, "note.ref-server.finished"),
		    "yes") == 0 || strstr(transcript_str(got,
		    "probe.received"), "end of the stream") != NULL)
			bytes_puts(why, "The server echoed everything and "
			    "closed the connection, but the client did not "
			    "stop: when recv() returns 0, the echo is "
			    "complete; leave the loop and exit.");
		else
			bytes_puts(why, "The client never exited: after the "
			    "end of its input it must call shutdown(sock, "
			    "SHUT_WR), so that the server's recv() returns 0 "
			    "and the server closes the connection; then read "
			    "until recv() returns 0.");
		return;
	}
	/* A client that failed after some echo usually lost the rest. */
	if ((key_is(d, "client.stdout") || (key_is(d, "client.status") &&
	    starts_with(status, "exited") && out->len > 0 &&
	    (out->len != want->len || memcmp(out->data, want->data,
	    out->len) != 0))) &&
	    diagnose_client_echo(want, out, server_out, server_err, why))
		return;
	if (key_is(d, "client.status") && starts_with(status, "exited") &&
	    transcript_str(got, "note.client.stderr")[0] != '\0') {
		bytes_printf(why, "The client %s: its message is under stderr "
		    "below.", status);
		return;
	}
	if (key_is(d, "client.reaction")) {
		bytes_puts(why, "With nothing listening, connect() fails with "
		    "ECONNREFUSED ('Connection refused'). Check its return "
		    "value: on -1, perror(\"client: connect\") and exit with "
		    "status 1.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-echoes",
		.title = "echoes a text (a zero byte included) to the "
		    "reference client, then an empty one, with its 'echoed N "
		    "bytes' lines",
		.hint = "Loop: recv() a piece, send all of it back, until "
		    "recv() returns 0; then close() and print the line.",
		.scenario = server_echoes,
		.diagnose = diagnose_server,
	},
	{
		.name = "server-short-io",
		.title = "the echo is byte-exact when each send() and recv() "
		    "moves 1 to 7 bytes",
		.hint = "Every send() may take fewer bytes than asked: send "
		    "the rest in a loop. Every recv() returns what has "
		    "arrived: loop until it returns 0.",
		.scenario = server_short_io,
		.diagnose = diagnose_server,
	},
	{
		.name = "server-survives-reset",
		.title = "a client that vanishes mid-stream does not kill the "
		    "server, which serves the next one",
		.hint = "signal(SIGPIPE, SIG_IGN) at the start of main(); on "
		    "a send() or recv() error, close that connection and go "
		    "on.",
		.scenario = server_survives_reset,
		.diagnose = diagnose_server,
	},
	{
		.name = "client-echoes",
		.title = "with no arguments, the reference server's echo of "
		    "standard input is exactly standard input",
		.hint = "Copy standard input to the socket and the socket to "
		    "standard output; at the end of input, shutdown(sock, "
		    "SHUT_WR); stop when recv() returns 0.",
		.scenario = client_echoes,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-short-io",
		.title = "the output is byte-exact when each send() and "
		    "recv() moves 1 to 7 bytes",
		.hint = "Keep the bytes send() did not take and send them "
		    "next; write what each recv() returns and read again "
		    "until it returns 0.",
		.scenario = client_short_io,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-big-input",
		.title = "5 MiB of input come back whole and the client exits "
		    "by itself",
		.hint = "Watch standard input and the socket together with "
		    "poll(); shutdown(sock, SHUT_WR) at the end of input; "
		    "read until recv() returns 0.",
		.scenario = client_big_input,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-connection-refused",
		.title = "reports a refused connection and exits non-zero",
		.hint = "if (connect(sock, ...) == -1) { perror(\"client: "
		    "connect\"); close(sock); return 1; }",
		.scenario = client_connection_refused,
		.diagnose = diagnose_client,
	},
};

static const char *const programs[] = { "server", "client", NULL };

static const struct lesson lesson_04 = {
	.dir = "04-tcp-stream",
	.title = "TCP is a byte stream: echo with partial I/O",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
	.short_io = 1,
};

LESSON_REGISTER(lesson_04)

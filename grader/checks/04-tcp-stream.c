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
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"

/* Piped through the student's server by the reference client. */
#define SERVER_TEXT							\
    "TCP carries a stream of bytes, not messages.\n"			\
    "One send() may arrive as several recv()s,\n"			\
    "and several send()s may arrive as one recv().\n"			\
    "\ta tab, a zero byte: \0, and UTF-8: caf\xc3\xa9\n"		\
    "the last line has no newline"

/* Piped through under the short-I/O library, by either side. */
#define SHORT_TEXT							\
    "Here every send() and recv() moves 1 to 7 bytes, as on a slow or\n" \
    "busy network. A program that sends once, or takes one recv() for a\n" \
    "whole message, loses bytes; a program with loops is only slower.\n" \
    "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n" \
    "\0zero bytes\0 are bytes too\n"					\
    "the last line has no newline"

/* Piped through the student's client. */
#define CLIENT_TEXT							\
    "hello, echo\n"							\
    "Standard input goes to the server; the echo goes to standard output.\n" \
    "\ttab\0zero byte, caf\xc3\xa9, and a line with no newline at the end"

/* The client after the reset. */
#define NEXT_TEXT "the next client is served\n"

#define BIG_INPUT (5 * 1024 * 1024)	/* bytes piped through the client */
#define BIG_OUTPUT_CAP (8L * 1024 * 1024)
#define PUMP_BUFFER (64 * 1024)	/* the grader echo server's buffers */
#define PUMP_MSS 8192		/* its largest segment (see client_big_input) */
#define RESET_BYTES 16384	/* sent before the probe resets */
#define IDLE_MS 300		/* a client waits this long for input... */
#define IDLE_CPU_MS 150		/* ...busy (running or runnable) less */
#define SETTLE_MS 100		/* after it has taken the echo before */

/* An echo check's row: the bytes piped through, and how. */
struct echo {
	const char *data;
	size_t len;
	int short_io;		/* both programs under the short-I/O library */
	const char *ip;		/* its ADDRESS, at the second port */
	int address_only;	/* the client gets ADDRESS alone */
};

#define ECHO(text, io) (&(const struct echo){ text, sizeof text - 1, io, \
    NULL, 0 })

/* The server's address for row e, as arguments (NULL-ended) and text. */
static void
server_address(struct run *r, const struct echo *e, const char *args[3],
    char *text, size_t n)
{
	args[0] = e->ip != NULL ? e->ip : "127.0.0.1";
	args[1] = e->ip != NULL ? r->alt_port_arg : r->port_arg;
	args[2] = NULL;
	snprintf(text, n, "%s:%s", args[0], args[1]);
}

/*
 * Run the reference client as label with standard input data (len bytes)
 * and wait for it to end. Returns it (NULL if it could not start).
 */
static struct proc *
drive_client(struct run *r, const char *label, const char *const args[],
    const char *data, size_t len)
{
	struct run_extra x = { .driver = 1 };
	struct proc *cli;

	cli = run_start_input_ext(r, "client", label, args, data, len, &x);
	if (cli == NULL)
		transcript_setf(r->t, "note.error", "cannot start the "
		    "reference client");
	else if (run_wait_exit(r, cli, 2000) == -1)
		run_note(r, "the reference client was still running after "
		    "%d ms", run_ms(r, 2000));
	return cli;
}

/*
 * The reference client pipes the row's text through the student's server
 * (with no arguments, or under the short-I/O library); then, if it is done,
 * a second one with nothing to say.
 */
static void
server_echo(struct run *r)
{
	const struct echo *e = r->arg;
	const char *args[3];
	char where[32];
	struct run_extra x = { .shim = e->short_io ? "shortio" : NULL };
	struct proc *srv, *cli, *cli2 = NULL;

	server_address(r, e, args, where, sizeof where);
	srv = run_start_ext(r, "server", "server", !e->short_io &&
	    e->ip == NULL && run_defaults_usable(r) ? NULL : args, &x);
	(void)run_wait_bound(r, srv, "server", SOCK_STREAM, atoi(args[1]));
	if (strcmp(transcript_str(r->t, "server.bound"), where) != 0) {
		run_collect(r, srv);
		return;
	}
	cli = drive_client(r, "client", args, e->data, e->len);
	if (e->short_io)
		run_note(r, "the server ran under the short-I/O library: "
		    "each send(), recv(), read() and write() on its TCP "
		    "sockets moved 1 to 7 bytes at most");
	(void)run_wait_lines(r, srv, 2, 1000);
	if (!e->short_io && cli != NULL && !run_running(cli)) {
		cli2 = drive_client(r, "client2", args, "", 0);
		(void)run_wait_lines(r, srv, 3, 1000);
	}
	run_collect(r, cli);
	run_collect(r, cli2);
	run_collect(r, srv);
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
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	const int *in_recv = r->arg;
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	struct proc *cli;
	struct bytes echo;
	char how[128];
	int idle, fd, left;

	if (srv == NULL)
		return;
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = "0123456789abcdef\n"[i % 17];
	idle = run_count_fds(r, srv);
	if ((fd = run_tcp_connect(r, r->port, 1000, "probe.connect")) == -1)
		goto out;
	if (run_wait_accepted(r, r->port, 1000) == -1) {
		transcript_setf(r->t, "probe.connect", "the server did not "
		    "accept the connection");
		close(fd);
		goto out;
	}
	transcript_setf(r->t, "probe.connect", "accepted");
	if (*in_recv) {
		/* Its echo read, the server waits in recv(): reset it there. */
		bytes_init(&echo);
		(void)run_tcp_send(r, fd, "the probe", NEXT_TEXT,
		    sizeof NEXT_TEXT - 1);
		(void)run_tcp_recv_exactly(r, fd, &echo, sizeof NEXT_TEXT - 1,
		    1000);
		transcript_setf(r->t, "probe.echo", "%zu bytes", echo.len);
		bytes_free(&echo);
		run_note(r, "read the echo, then reset the connection "
		    "(SO_LINGER {1, 0}, close) while the server waits in "
		    "recv(): its recv() fails");
		run_tcp_reset(fd);
		transcript_setf(r->t, "note.reset.in", "recv");
	} else {
		run_note(r, "connected; paused the server (SIGSTOP)");
		if (run_pause(srv) == -1)
			run_note(r, "the server could not be paused");
		(void)run_tcp_send(r, fd, "the probe", data, sizeof data);
		(void)shutdown(fd, SHUT_WR);
		(void)run_wait_tcp_state(r, r->port, SOCK_STATE_CLOSE_WAIT,
		    1000);
		run_note(r, "then the end of the stream (shutdown(SHUT_WR)), "
		    "then reset the connection (SO_LINGER {1, 0}, close) "
		    "before the server echoed a byte");
		run_tcp_reset(fd);
		(void)run_wait_tcp_gone(r, r->port, SOCK_STATE_CLOSE_WAIT,
		    1000);
		run_note(r, "let the server go on (SIGCONT): its next send() "
		    "finds the connection reset");
		run_resume(srv);
	}
	/* The server has dealt with the reset when it has closed the socket. */
	if (idle != -1) {
		left = run_wait_fd_count(r, srv, idle, 1000);
		run_describe(srv, how, sizeof how);
		transcript_setf(r->t, "note.server.after-reset", "%s",
		    !run_running(srv) ? "ended" : left == idle ? "closed" :
		    "open");
		transcript_setf(r->t, "note.server.exit-code", "%d",
		    run_exit_code(srv));
		transcript_setf(r->t, "server.after-reset", "%s",
		    !run_running(srv) ? how : left == idle ? "still running, "
		    "the reset connection closed" : "still running, but the "
		    "reset connection is still open (its socket was never "
		    "closed)");
		bytes_init(&echo);
		(void)run_read_output(srv, RUN_STDERR, &echo, 4096);
		transcript_setf(r->t, "server.reset-message", "%s",
		    echo.len > 0 ? "a message on stderr" : "nothing on stderr");
		bytes_free(&echo);
	}
	cli = drive_client(r, "client", args, NEXT_TEXT, sizeof NEXT_TEXT - 1);
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, cli);
out:
	run_collect(r, srv);
}

/*
 * The student's client pipes the row's text through the reference server
 * (with no arguments, or both under the short-I/O library).
 */
static void
client_echo(struct run *r)
{
	const struct echo *e = r->arg;
	const char *args[3];
	char where[32];
	struct run_extra sx = { .driver = 1,
	    .shim = e->short_io ? "shortio" : NULL };
	struct run_extra cx = { .shim = e->short_io ? "shortio" : NULL };
	struct proc *srv, *cli;

	server_address(r, e, args, where, sizeof where);
	transcript_setf(r->t, "note.ref-server.at", "%s", where);
	srv = run_start_ext(r, "server", "ref-server", args, &sx);
	(void)run_wait_bound(r, srv, "ref-server", SOCK_STREAM, atoi(args[1]));
	if (strcmp(transcript_str(r->t, "ref-server.bound"), where) != 0) {
		transcript_setf(r->t, "note.error", "the reference server did "
		    "not start");
		return;
	}
	if (e->address_only && run_defaults_usable(r))
		args[1] = NULL;
	cli = run_start_input_ext(r, "client", "client", !e->short_io &&
	    e->ip == NULL && !e->address_only && run_defaults_usable(r) ?
	    NULL : args, e->data, e->len, &cx);
	if (e->short_io)
		run_note(r, "the client and the reference server run under the "
		    "short-I/O library: each send(), recv(), read() and "
		    "write() on their TCP sockets moves 1 to 7 bytes at most");
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

/* How the grader's echo server saw one connection. */
struct pump {
	size_t received;	/* bytes that came from the client */
	size_t echoed;		/* bytes sent back */
	int eof;		/* the client ended its stream (recv 0) */
	int error;		/* errno of a failed recv/send, or 0 */
	int64_t moved_ms;	/* when bytes last moved either way */
	int64_t start_ms;
};

/* Bytes that still moved this close to the deadline: slow, not stuck. */
#define FLOWING_MS 300

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
	pu->start_ms = pu->moved_ms = clock_ms();
	while (!(pu->eof && off == len)) {
		struct pollfd pfd = { .fd = conn };
		ssize_t n;
		int rc;

		pfd.events = off < len ? POLLOUT : POLLIN;
		rc = poll(&pfd, 1, clock_left_ms(deadline));
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc <= 0) {
			pu->error = rc == -1 ? errno : 0;
			return;		/* 0: the deadline, no eof, no error */
		}
		if (off < len) {
			n = send(conn, buf + off, len - off,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
			off += n > 0 ? (size_t)n : 0;
			pu->echoed += n > 0 ? (size_t)n : 0;
			if (off == len)
				off = len = 0;
		} else {
			n = recv(conn, buf, sizeof buf, MSG_DONTWAIT);
			pu->eof = n == 0;
			len = n > 0 ? (size_t)n : 0;
			pu->received += len;
		}
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			pu->error = errno;
			return;
		}
		if (n > 0)
			pu->moved_ms = clock_ms();
	}
}

/*
 * Record what the grader's echo server saw: for people as probe.received
 * and probe.echoed, and for the diagnoses as note.pump.end (eof, reset,
 * stalled: the client stopped sending without ending its stream, or error)
 * and note.pump.received (bytes).
 */
static void
record_pump(struct run *r, const struct pump *pu)
{
	int reset = pu->error == ECONNRESET || pu->error == EPIPE;
	int slow = clock_ms() - pu->moved_ms < FLOWING_MS;

	transcript_setf(r->t, "note.pump.end", "%s", pu->eof ? "eof" : reset ?
	    "reset" : pu->error != 0 ? "error" : slow ? "slow" : "stalled");
	transcript_setf(r->t, "note.pump.received", "%zu", pu->received);
	transcript_setf(r->t, "note.pump.ms", "%lld",
	    (long long)(clock_ms() - pu->start_ms));
	transcript_setf(r->t, "probe.received", "%zu bytes, %s", pu->received,
	    pu->eof ? "then the end of the stream" : reset ? "then the "
	    "connection was reset" : pu->error != 0 ? strerror(pu->error) :
	    slow ? "and still coming when the time was up" :
	    "then nothing more: the client stopped sending without ending "
	    "the stream");
	if (pu->eof && pu->echoed == pu->received)
		transcript_setf(r->t, "probe.echoed", "%zu bytes, all of them",
		    pu->echoed);
	else
		transcript_setf(r->t, "probe.echoed", "%zu bytes, then %s",
		    pu->echoed, reset ? "the connection was reset" :
		    "the client stopped reading");
}

/*
 * Record as client.output how p's standard output compares with want (len
 * bytes), and as note.client.output which case it is (same, prefix: the
 * input's beginning only, longer, differs).
 */
static void
record_output(struct run *r, struct proc *p, const unsigned char *want,
    size_t len)
{
	static const char *const how[] = { [BYTES_SAME] = "same",
	    [BYTES_SHORTER] = "prefix", [BYTES_LONGER] = "longer",
	    [BYTES_OTHER] = "differs" };
	struct bytes out, v;
	enum bytes_kind k;

	bytes_init(&out);
	bytes_init(&v);
	if (run_read_output(p, RUN_STDOUT, &out, 2 * len + 1) == -1)
		transcript_setf(r->t, "note.error", "cannot read the client's "
		    "output: %s", strerror(errno));
	else {
		bytes_printf(&v, "%zu bytes: ", out.len);
		k = describe_bytes_diff(&v, (const char *)want, len, out.data,
		    out.len, "the input");
		transcript_note_setf(r->t, "client", "output", "%s", how[k]);
		transcript_note_setf(r->t, "client", "output-len", "%zu",
		    out.len);
		transcript_set(r->t, "client.output", v.data, v.len);
	}
	bytes_free(&out);
	bytes_free(&v);
}

/*
 * BIG_INPUT repeatable bytes of every value (xorshift), for a client's
 * standard input; the caller frees them.
 */
static unsigned char *
big_input(void)
{
	unsigned char *data = xmalloc(BIG_INPUT);
	uint32_t seed = 2463534242u;

	for (size_t i = 0; i < BIG_INPUT; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		data[i] = (unsigned char)(seed >> 24);
	}
	return data;
}

/*
 * Wait until cli ends by itself (stop it at the deadline), and record how
 * it ended as client.status, its output against the BIG_INPUT bytes of
 * data as client.output (5 MiB would not fit in a transcript), and its
 * stderr as a note.
 */
static void
record_big_client(struct run *r, struct proc *cli, int64_t deadline,
    const unsigned char *data)
{
	struct bytes errtext;
	char how[128];

	if (run_wait_exit_until(r, cli, deadline) == -1) {
		transcript_setf(r->t, "client.status", "still running");
		run_note(r, "the client was still running when its time was "
		    "up: it did not end by itself; stopped it");
		run_stop(r, cli);
	} else {
		run_describe(cli, how, sizeof how);
		transcript_setf(r->t, "client.status", "%s", how);
	}
	record_output(r, cli, data, BIG_INPUT);
	bytes_init(&errtext);
	(void)run_read_output(cli, RUN_STDERR, &errtext, 4096);
	transcript_set(r->t, "note.client.stderr", errtext.data, errtext.len);
	bytes_free(&errtext);
}

/*
 * 5 MiB through the student's server, piped by the reference client: the
 * whole echo within 2 s, and the server's line. How much had come back
 * 300 ms before the end tells slow from stuck (note.client.flowing).
 */
static void
server_big_input(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .driver = 1, .output_bytes = BIG_OUTPUT_CAP };
	unsigned char *data = big_input();
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	struct proc *cli = NULL;
	struct bytes out;
	int64_t start = clock_ms();
	size_t before;

	if (srv == NULL)
		goto out;
	(void)run_wait_lines(r, srv, 1, 1000);
	run_note(r, "the reference client's standard input: %d bytes (5 MiB) "
	    "of every byte value", BIG_INPUT);
	x.input = run_write_file(r, "client.in", data, BIG_INPUT);
	if (x.input != NULL)
		cli = run_start_ext(r, "client", "client", args, &x);
	if (cli == NULL) {
		transcript_setf(r->t, "note.error", "cannot start the "
		    "reference client");
		goto out;
	}
	bytes_init(&out);
	if (run_wait_exit(r, cli, 2000 - FLOWING_MS) == -1) {
		(void)run_read_output(cli, RUN_STDOUT, &out, BIG_INPUT);
		before = out.len;
		(void)run_wait_exit(r, cli, FLOWING_MS);
		bytes_free(&out);
		(void)run_read_output(cli, RUN_STDOUT, &out, BIG_INPUT);
		transcript_setf(r->t, "note.client.flowing", "%s",
		    out.len > before ? "yes" : "no");
	}
	bytes_free(&out);
	transcript_setf(r->t, "note.client.ms", "%lld",
	    (long long)(clock_ms() - start));
	record_big_client(r, cli, clock_ms(), data);
	(void)run_wait_lines(r, srv, 2, 1000);
out:
	run_collect(r, srv);
	free(data);
}

/*
 * 5 MiB through the student's client and the grader's echo server: the
 * echo must come back whole and the client must end by itself.
 */
static void
client_big_input(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	int size = PUMP_BUFFER, mss = PUMP_MSS, conn;
	struct run_extra x = { .output_bytes = BIG_OUTPUT_CAP };
	unsigned char *data = big_input();
	struct run_twin tw;
	struct proc *cli;
	struct pump pu;

	if (run_twin_open(r, &tw, SOCK_STREAM, r->port) == -1)
		goto out;
	/*
	 * Fixed buffers: the kernel cannot grow them to hide a deadlock. And
	 * segments much smaller than them: with loopback's 64 KiB segments,
	 * freeing part of a 128 KiB buffer is too little to announce, and the
	 * client would wait for its 200 ms window probes.
	 */
	(void)setsockopt(tw.fd[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	(void)setsockopt(tw.fd[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	(void)setsockopt(tw.fd[0], IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
	run_note(r, "the client's standard input: %d bytes (5 MiB) of every "
	    "byte value; the grader's echo server, with %d KiB socket "
	    "buffers, sends each piece back before it reads the next",
	    BIG_INPUT, PUMP_BUFFER / 1024);
	/* Not shown: 5 MiB of binary would drown the report. */
	x.input = run_write_file(r, "client.in", data, BIG_INPUT);
	if (x.input == NULL ||
	    (cli = run_start_ext(r, "client", "client", args, &x)) == NULL)
		goto out;
	conn = run_twin_accept(r, &tw, 2000, "client.connected-to");
	if (conn == -1) {
		transcript_setf(r->t, "probe.received", "nothing: no "
		    "connection");
	} else {
		pump_echo(conn, clock_ms() + run_ms(r, 2000), &pu);
		record_pump(r, &pu);
		/* The echo is complete (or abandoned): end the client's read. */
		close(conn);
	}
	record_big_client(r, cli, clock_ms() + run_ms(r, 2000), data);
out:
	run_twin_close(&tw);
	free(data);
}

/* Record how cli ended (note.client.code) and client.message. */
static void
record_message(struct run *r, struct proc *cli)
{
	struct bytes err;

	transcript_note_setf(r->t, "client", "code", "%d", run_exit_code(cli));
	bytes_init(&err);
	(void)run_read_output(cli, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, "client.message", "%s", err.len > 0 ?
	    "a message on stderr" : "nothing on stderr");
	bytes_free(&err);
}

/*
 * Record as client.idle whether cli, waiting for its input, used CPU time
 * over IDLE_MS (a loop that never blocks: poll() with a zero timeout...).
 */
static void
record_idle(struct run *r, struct proc *cli, int conn)
{
	long before, used;
	struct bytes none;

	run_note(r, "waited %d ms: the client has nothing to do meanwhile",
	    run_ms(r, SETTLE_MS + IDLE_MS));
	bytes_init(&none);
	/* Let it take the echo first: waking up for it is not spinning. */
	(void)run_tcp_recv(r, conn, &none, 0, SETTLE_MS);
	before = run_busy_ms(cli);
	(void)run_tcp_recv(r, conn, &none, 0, IDLE_MS);
	bytes_free(&none);
	used = run_busy_ms(cli) - before;
	transcript_note_setf(r->t, "client", "idle-cpu-ms", "%ld", used);
	transcript_setf(r->t, "client.idle", "%s", before < 0 || used < 0 ?
	    "ended" : used < IDLE_CPU_MS ? "used no CPU while it waited" :
	    "used CPU while it waited (it does not block)");
}

/* The lines fed slowly to the client (a zero byte, bytes >= 0x80). */
#define LINE(text) { text, sizeof text - 1 }
static const struct {
	const char *data;
	size_t len;
} slow_lines[] = { LINE("first line\n"), LINE("second \0 line\n"),
    LINE("third \xc3\xa9\xff line\n") };
#define N_SLOW_LINES (sizeof slow_lines / sizeof slow_lines[0])

/*
 * Wait (at most 1 s) until every byte sent on conn is acknowledged: it is
 * in the peer's kernel, queued for the program to read.
 */
static void
wait_acknowledged(struct run *r, int conn)
{
	int64_t deadline = clock_ms() + run_ms(r, 1000);
	int unacked = 0;

	while (ioctl(conn, SIOCOUTQ, &unacked) == 0 && unacked > 0 &&
	    clock_left_ms(deadline) > 0)
		(void)poll(NULL, 0, 1);
}

/*
 * The student's client reads a pipe fed one line at a time: each line is
 * written only once the grader's echo server has received the one before
 * it (probe.line-K), and echoed then. After the first line the client
 * waits IDLE_MS for more, and must not spin meanwhile (client.idle). At
 * the end the pipe is closed: the client must end its stream, and end. Or
 * the grader's server ends (r->arg 1) or resets (2) the connection after
 * the first line, the pipe still open: the client, idle, must say so and
 * exit with 1.
 */
static void
client_slow_input(struct run *r)
{
	const int *closes = r->arg;
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { 0 };
	struct run_twin tw;
	struct bytes got, shown;
	struct proc *cli = NULL;
	char key[32];
	int in, conn = -1;
	enum run_recv end;
	size_t len;

	if (run_twin_open(r, &tw, SOCK_STREAM, r->port) == -1)
		return;
	if ((in = run_input_pipe(r, "client.in", &x.input)) != -1)
		cli = run_start_ext(r, "client", "client", args, &x);
	if (cli != NULL)
		conn = run_twin_accept(r, &tw, 1000, "client.connected-to");
	bytes_init(&got);
	bytes_init(&shown);
	for (size_t k = 0; conn != -1 && k < N_SLOW_LINES; k++) {
		len = slow_lines[k].len;
		bytes_free(&shown);
		escape_bytes(&shown, slow_lines[k].data, len, 80);
		run_note(r, "wrote '%s' to the client's standard input (a "
		    "pipe)", bytes_str(&shown));
		if (write(in, slow_lines[k].data, len) != (ssize_t)len)
			transcript_setf(r->t, "note.error", "write to the "
			    "pipe: %s", strerror(errno));
		bytes_free(&got);
		snprintf(key, sizeof key, "probe.line-%zu", k + 1);
		end = run_tcp_recv_exactly(r, conn, &got, len, 1000);
		if (end != RUN_RECV_ALL) {
			bytes_free(&shown);
			escape_bytes(&shown, got.data, got.len, 80);
			transcript_setf(r->t, key, "'%s', then %s",
			    bytes_str(&shown), end == RUN_RECV_CLOSED ? "the "
			    "end of the client's stream" : "nothing more");
			transcript_note_setf(r->t, "slow", "missing", "%zu",
			    k + 1);
			transcript_note_setf(r->t, "slow", "ended", "%s",
			    end == RUN_RECV_CLOSED ? "yes" : "no");
			break;
		}
		transcript_setf(r->t, key, "received at once");
		(void)run_tcp_send(r, conn, "the grader's echo server",
		    got.data, got.len);
		if (k == 0 && *closes) {
			run_note(r, "%s the connection, the client's input "
			    "still open", *closes == 2 ? "reset (SO_LINGER "
			    "{1, 0}, close)" : "ended (close())");
			if (*closes == 2)
				run_tcp_reset(conn);
			else
				close(conn);
			conn = -1;
			/* Its input ends only once it has reacted. */
			(void)run_wait_exit(r, cli, 1000);
			record_message(r, cli);
			break;
		}
		if (k == 0)
			record_idle(r, cli, conn);
	}
	/*
	 * The last echo read by the client before its input ends: whether a
	 * client that closes at the end of its input loses it would depend on
	 * timing (client-big-input is the check for that). First it must be
	 * in the client's kernel (acknowledged): a queue found empty before
	 * the echo arrived says nothing.
	 */
	if (conn != -1 && cli != NULL) {
		wait_acknowledged(r, conn);
		(void)run_wait_drained(r, r->port, 1000);
	}
	if (in != -1)
		close(in);
	run_note(r, "closed the pipe: the end of the client's input");
	if (conn != -1) {
		bytes_free(&got);
		transcript_setf(r->t, "probe.after-input", "%s",
		    run_tcp_recv(r, conn, &got, 0, 1000) == RUN_RECV_CLOSED &&
		    got.len == 0 ? "the end of the stream" : "no end of the "
		    "stream within 1000 ms");
		close(conn);
	}
	bytes_free(&got);
	bytes_free(&shown);
	run_twin_close(&tw);
	if (cli != NULL)
		(void)run_wait_exit(r, cli, 1000);
	run_collect(r, cli);
}

/*
 * Wait (at most 1 s) until the bytes waiting unread on conn stop growing:
 * the client has filled the connection and waits for room to send.
 */
static void
wait_filled(struct run *r, int conn)
{
	int64_t deadline = clock_ms() + run_ms(r, 1000);
	int queued = -1, now = 0;

	while (now != queued && clock_left_ms(deadline) > 0) {
		queued = now;
		(void)poll(NULL, 0, 20);
		if (ioctl(conn, FIONREAD, &now) == -1)
			return;
	}
}

/*
 * The grader's server accepts, then at once, without reading, ends its
 * side of the stream (shutdown(SHUT_WR)), or resets the connection (r->arg
 * set): the client, with 5 MiB still to send, must say so and exit with
 * status 1.
 */
static void
client_server_closes(struct run *r)
{
	const int *reset = r->arg;
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { 0 };
	unsigned char *data = big_input();
	int size = PUMP_BUFFER, conn = -1;
	struct run_twin tw;
	struct proc *cli = NULL;

	if (run_twin_open(r, &tw, SOCK_STREAM, r->port) == -1)
		goto out;
	/* A small fixed buffer: the 5 MiB can never all be sent. */
	(void)setsockopt(tw.fd[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	run_note(r, "the client's standard input: %d bytes (5 MiB); the "
	    "grader's server, with a %d KiB receive buffer, accepts and "
	    "reads nothing", BIG_INPUT, PUMP_BUFFER / 1024);
	if ((x.input = run_write_file(r, "client.in", data, BIG_INPUT)) != NULL)
		cli = run_start_ext(r, "client", "client", args, &x);
	if (cli != NULL)
		conn = run_twin_accept(r, &tw, 1000, "client.connected-to");
	if (conn != -1 && *reset) {
		/* Reset once it waits to send: its send() meets the reset. */
		wait_filled(r, conn);
		run_note(r, "once the client's bytes stopped coming (the "
		    "buffers full), reset the connection (SO_LINGER {1, 0}, "
		    "close)");
		run_tcp_reset(conn);
		conn = -1;
	} else if (conn != -1) {
		run_note(r, "ended the grader's stream (shutdown(SHUT_WR))");
		(void)shutdown(conn, SHUT_WR);
	}
	if (cli != NULL && run_wait_exit(r, cli, 2000) == -1)
		run_note(r, "the client was still running after %d ms",
		    run_ms(r, 2000));
	record_message(r, cli);
	if (conn != -1)
		close(conn);
	run_collect(r, cli);
out:
	run_twin_close(&tw);
	free(data);
}

/*
 * Stop the server in the middle of an echo: its side of the connection
 * closes first and waits in TIME_WAIT on the server's port. Started again
 * at once, the server must bind that port (SO_REUSEADDR) and serve.
 */
static void
server_restart(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	struct bytes echo;
	int fd;

	if (srv == NULL)
		return;
	if ((fd = run_tcp_connect(r, r->port, 1000, "probe.connect")) == -1)
		goto out;
	bytes_init(&echo);
	(void)run_tcp_send(r, fd, "the probe", NEXT_TEXT, sizeof NEXT_TEXT - 1);
	(void)run_tcp_recv_exactly(r, fd, &echo, sizeof NEXT_TEXT - 1, 1000);
	run_note(r, "read the echo; stopped the server (SIGTERM) with the "
	    "connection open, then closed it once the server's end came");
	run_collect_notes(r, srv);
	(void)run_tcp_recv(r, fd, &echo, 0, 1000);
	close(fd);
	bytes_free(&echo);
	(void)run_wait_tcp_state(r, r->port, SOCK_STATE_TIME_WAIT, 1000);
	run_note(r, "started the server again at once, the old connection "
	    "in TIME_WAIT on its port");
	srv = run_start_ready_server(r, "restarted", SOCK_STREAM, 0);
	if (srv == NULL)
		return;
	run_collect(r, drive_client(r, "client", args, NEXT_TEXT,
	    sizeof NEXT_TEXT - 1));
	(void)run_wait_lines(r, srv, 2, 1000);
out:
	run_collect(r, srv);
}

static void
server_started_as(struct run *r)
{
	run_scenario_server_args(r, SOCK_STREAM);
}

static void
server_port_taken(struct run *r)
{
	run_scenario_port_taken(r, SOCK_STREAM);
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

	return p == NULL ? -1 : strtol(p + strlen("echoed "), NULL, 10);
}

/* How many "echoed N bytes" lines s holds. */
static int
echoed_lines(const char *s)
{
	int n = 0;

	for (; (s = strstr(s, "echoed ")) != NULL; s++)
		n++;
	return n;
}

/*
 * The server's counts differ: the first "echoed" line whose N is not the
 * reference's. Returns 1 when it explained it.
 */
static int
diagnose_counts(const char *want, const char *got, struct bytes *why)
{
	long before = 0, e, g;
	int k = 1;

	for (; (want = strstr(want, "echoed ")) != NULL &&
	    (got = strstr(got, "echoed ")) != NULL; want++, got++, k++) {
		e = echoed_count(want);
		g = echoed_count(got);
		if (e != g && g == e + before && before > 0) {
			bytes_printf(why, "The 'echoed' line of client %d says "
			    "%ld bytes, its own %ld plus the %ld of the "
			    "clients before it: set the count back to 0 for "
			    "each new connection.", k, g, e, before);
			return 1;
		}
		if (e != g) {
			bytes_printf(why, "The 'echoed' line of client %d says "
			    "%ld bytes where %ld were echoed: add up the n of "
			    "every recv() of that client, from 0 for each.", k,
			    g, e);
			return 1;
		}
		before += e;
	}
	return 0;
}

/*
 * An echo of want came back as got: through the student's server (client
 * 0), or from the student's client (client 1). server_out is the server's
 * stdout, with its "echoed N bytes" line; server_err its stderr. Returns 1
 * when it explained the difference.
 */
static int
diagnose_echo(const struct bytes *want, const struct bytes *got, int client,
    const char *server_out, const char *server_err, struct bytes *why)
{
	long counted = echoed_count(server_out);
	int prefix;

	if (want == NULL || got == NULL)
		return 0;
	prefix = got->len < want->len &&
	    memcmp(got->data, want->data, got->len) == 0;

	if (prefix && want->data[got->len] == '\0')
		bytes_printf(why, "The %s stops at a zero byte: the data was "
		    "treated as a C string (strlen(), %%s, %s). Pass on "
		    "exactly the n bytes that %s returned.", client ? "output" :
		    "echo", client ? "fgets(), fputs()" : "strcpy()", client ?
		    "read() and recv()" : "recv()");
	else if (prefix && !client && counted == (long)got->len)
		bytes_printf(why, "The server stopped after the first %zu of "
		    "%zu bytes: one recv() returns what has arrived so far. "
		    "Keep receiving and sending back until recv() returns 0.",
		    got->len, want->len);
	else if (prefix && !client)
		bytes_printf(why, "Only the first %zu of %zu bytes came back.",
		    got->len, want->len);
	else if (prefix && counted >= 0 && counted < (long)want->len)
		bytes_printf(why, "The server received only %ld of the %zu "
		    "bytes of input: one send() may send fewer bytes than "
		    "asked; loop until every byte is sent.", counted,
		    want->len);
	else if (prefix && (strstr(server_err, "reset") != NULL ||
	    strstr(server_err, "Broken pipe") != NULL))
		bytes_printf(why, "The client closed its socket when %zu of "
		    "the %zu bytes of echo had come back (the server's send() "
		    "failed: see its stderr): a short recv() is not the end "
		    "of the echo, only recv()'s 0 is; at the end of input, "
		    "shutdown(sock, SHUT_WR).", got->len, want->len);
	else if (prefix)
		bytes_printf(why, "The client's output stops after %zu of %zu "
		    "bytes: keep reading until recv() returns 0; a short "
		    "recv() is not the end of the echo.", got->len, want->len);
	else if (got->len < want->len && is_subsequence(got, want))
		bytes_printf(why, "%zu of the %zu bytes came back, with gaps: "
		    "one send() may take fewer bytes than asked, and the rest "
		    "were dropped. %s", got->len, want->len, client ? "Keep "
		    "them and send them next." : "Loop until all are sent.");
	else if (got->len > want->len &&
	    memcmp(got->data, want->data, want->len) == 0)
		bytes_printf(why, "%zu bytes too many %s: %s exactly the n "
		    "bytes that recv() returned, not the whole buffer.",
		    got->len - want->len, client ? "were written" :
		    "came back", client ? "write" : "send back");
	else
		return 0;
	return 1;
}

/* Does diagnose_common() explain d (a byte swap, 0.0.0.0...)? */
static int
diagnose_common_says(const struct transcript *ref,
    const struct transcript *got, const struct difference *d)
{
	struct bytes said;
	int says;

	bytes_init(&said);
	diagnose_common(ref, got, d, &said);
	says = said.len > 0;
	bytes_free(&said);
	return says;
}

/*
 * 5 MiB that did not all come back in time (server-big-input's reference
 * client, or client-big-input's grader server): too slow while bytes
 * still flowed, else stuck. Returns 1 when it explained d.
 */
static int
diagnose_big(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *flowing = transcript_str(got, "note.client.flowing");
	const char *end = transcript_str(got, "note.pump.end");
	long n = transcript_note_number(got, "client", "output-len");
	long ms = transcript_note_number(got, "client", "ms");

	(void)ref;
	if (strcmp(end, "slow") == 0) {
		n = transcript_note_number(got, "pump", "received");
		ms = transcript_note_number(got, "pump", "ms");
	}
	if (strcmp(flowing, "yes") == 0 || strcmp(end, "slow") == 0)
		bytes_printf(why, "Too slow: %ld bytes in %.1f s, and still "
		    "flowing when the time was up (%d bytes were due). Move "
		    "bigger pieces: recv() and send() up to 4096 bytes at a "
		    "time, not one or a few.", n, ms / 1000.0, BIG_INPUT);
	else if (strcmp(flowing, "no") == 0 &&
	    strcmp(d->key, "client.status") == 0)
		bytes_printf(why, "The echo of the 5 MiB stopped after %ld "
		    "bytes and nothing more came: the server stopped echoing "
		    "(it must send back each piece as it arrives, however "
		    "much comes).", n);
	else
		return 0;
	return 1;
}

/* Diagnoses for the checks that judge the student's server. */
static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *after = transcript_str(got, "note.server.after-reset");
	const char *err, *final;
	struct key_info ki;
	int client;

	if (diagnose_refusal(ref, got, d, why))
		return;
	transcript_key_info(d->key, &ki);
	client = strncmp(ki.label, "client", strlen("client")) == 0;
	err = transcript_fact_str(got, ki.label, KEY_STDERR);
	/* How the server ended at last: it may die just after the reset. */
	final = transcript_str(got, "server.status");
	if (diagnose_sigpipe(strstr(final, "signal 13") != NULL ? 128 +
	    SIGPIPE : atoi(transcript_str(got, "note.server.exit-code")),
	    why) || diagnose_big(ref, got, d, why))
		return;
	else if (strcmp(d->key, "server.bound") == 0 &&
	    strncmp(transcript_str(got, d->key), "nothing", 7) != 0 &&
	    !diagnose_common_says(ref, got, d))
		bytes_printf(why, "The server listens on %s, not on %s, the "
		    "ADDRESS and PORT it was given: bind() to inet_pton() of "
		    "argv[1] and htons() of argv[2].", transcript_str(got,
		    d->key), transcript_str(ref, d->key));
	else if (transcript_get(got, "server.after-reset") != NULL &&
	    (strcmp(after, "ended") == 0 || strncmp(final, "exited", 6) ==
	    0) && strcmp(transcript_str(ref, "server.status"),
	    "still running") == 0)
		bytes_puts(why, "The server exited when one client failed: an "
		    "error on one connection ends that connection only: "
		    "perror(), close() it, and accept() the next client.");
	else if (transcript_get(got, "server.after-reset") != NULL &&
	    echoed_lines(transcript_str(got, "server.stdout")) >
	    echoed_lines(transcript_str(ref, "server.stdout")))
		bytes_printf(why, "The server printed an 'echoed' line for the "
		    "client whose connection was reset: %s() returned -1, an "
		    "error, not the end of the stream. On -1: perror(), "
		    "close() the connection, print no line; only recv()'s 0 "
		    "is the end.", strcmp(transcript_str(got, "note.reset.in"),
		    "recv") == 0 ? "recv" : "send");
	else if (strcmp(d->key, "server.reset-message") == 0)
		bytes_puts(why, "The server closed the failed connection but "
		    "said nothing: perror(\"server: recv\") or "
		    "perror(\"server: send\") first, so that whoever runs it "
		    "knows why a client got no echo.");
	else if (strcmp(d->key, "server.after-reset") == 0 &&
	    strcmp(after, "open") == 0)
		bytes_puts(why, "After send() failed, the server kept the "
		    "socket open: close() it, or each vanished client leaks.");
	else if (client && ki.kind == KEY_STATUS &&
	    strcmp(transcript_str(got, d->key), "still running") == 0)
		bytes_puts(why, "The reference client never saw the end of the "
		    "echo: once recv() returns 0 (the client shut down its "
		    "side), close() the connection; that ends its reading.");
	else if (client && ki.kind == KEY_STATUS &&
	    (strstr(err, "reset") != NULL || strstr(err, "not connected") ||
	    strstr(err, "Broken pipe") || strstr(err, "closed the connection")))
		bytes_puts(why, "The server closed the connection while the "
		    "client was still sending (see its stderr): keep receiving "
		    "and sending back until recv() returns 0, then close().");
	else if (client && ki.kind == KEY_STDOUT &&
	    diagnose_echo(transcript_fact(ref, ki.label, KEY_STDOUT),
	    transcript_fact(got, ki.label, KEY_STDOUT), 0,
	    transcript_str(got, "server.stdout"), "", why))
		return;
	else if (strcmp(d->key, "server.stdout") == 0 &&
	    diagnose_counts(transcript_str(ref, d->key),
	    transcript_str(got, d->key), why))
		return;
	else
		diagnose_common(ref, got, d, why);
}

/*
 * The client's checks with a grader peer that misbehaves or feeds it
 * slowly, and with the server elsewhere: the slow pipe (note.slow.*), a
 * server that ends or resets the stream early (client.message), SIGPIPE,
 * a refused connect(). Returns 1 when it explained d.
 */
static int
diagnose_client_fate(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *status = transcript_fact_str(got, "client", KEY_STATUS);
	const char *err = transcript_fact_str(got, "client", KEY_STDERR);
	long missing = transcript_note_number(got, "slow", "missing");
	int ended = strcmp(transcript_note_str(got, "slow", "ended"),
	    "yes") == 0;
	int early = transcript_get(ref, "client.message") != NULL;

	if (strstr(err, "Bad file descriptor") != NULL)
		bytes_puts(why, "The client used its socket after close() "
		    "('Bad file descriptor'): at the end of input do not "
		    "close() it, only shutdown(sock, SHUT_WR), and go on "
		    "reading the echo until recv() returns 0.");
	else if (strncmp(d->key, "probe.line-", strlen("probe.line-")) == 0 &&
	    missing == 1 && !ended)
		bytes_puts(why, "The client sent nothing of the first line it "
		    "read from the pipe: it waits for more input (the end, or "
		    "a full buffer) before it sends. Send each piece as soon "
		    "as read() returns it.");
	else if (strncmp(d->key, "probe.line-", strlen("probe.line-")) == 0 &&
	    ended)
		bytes_printf(why, "The client ended its stream before line %ld "
		    "of its input was all sent: it took a short read() (what "
		    "the pipe held so far) for the end of its input. Only "
		    "read() returning 0 is the end.", missing);
	else if (strncmp(d->key, "probe.line-", strlen("probe.line-")) == 0)
		bytes_printf(why, "Line %ld of the input never reached the "
		    "server: keep reading standard input and sending what it "
		    "gives, round after round, until read() returns 0.",
		    missing);
	else if (strcmp(d->key, "client.idle") == 0)
		bytes_printf(why, "The client was busy (running, or ready to "
		    "run) %ld ms of the %d ms it had nothing to do: it never "
		    "blocks. Let poll() wait as long as it takes (timeout "
		    "-1), not return at once (0).",
		    transcript_note_number(got, "client", "idle-cpu-ms"),
		    IDLE_MS);
	else if (strcmp(d->key, "probe.after-input") == 0)
		bytes_puts(why, "At the end of its input the client did not "
		    "end its stream: when read() returns 0, shutdown(sock, "
		    "SHUT_WR), so that the server's recv() returns 0.");
	else if (transcript_note_number(got, "client", "code") == 128 + SIGPIPE)
		bytes_puts(why, "The client was killed by SIGPIPE: it sent on "
		    "a connection the server had reset or closed. Pass "
		    "MSG_NOSIGNAL to send() (or ignore SIGPIPE); send() then "
		    "fails with EPIPE: print it and exit with status 1.");
	else if (early && strcmp(status, "exited with status 0") == 0)
		bytes_puts(why, "The server ended the connection before the "
		    "client had sent all its input, yet the client exited "
		    "with status 0: when recv() returns 0 while input is left "
		    "(not yet read, or not all sent), print a message on "
		    "stderr and exit with status 1.");
	else if (early && strcmp(status, "still running") == 0)
		bytes_puts(why, "The server ended the connection, and the "
		    "client never noticed: poll() the socket for reading in "
		    "every round, even while sending, and stop when recv() "
		    "returns 0 or fails.");
	else if (strcmp(d->key, "client.message") == 0)
		bytes_puts(why, "The client exited with status 1 but said "
		    "nothing: print why on stderr (perror() of the call that "
		    "failed, send() or recv(), or the contract's message).");
	else if (transcript_get(got, "note.ref-server.at") != NULL &&
	    strstr(err, "Connection refused") != NULL)
		bytes_printf(why, "connect() was refused: the server listens "
		    "at %s, the ADDRESS and PORT given on the command line. "
		    "Connect to both (inet_pton() of ADDRESS, htons(PORT)).",
		    transcript_str(got, "note.ref-server.at"));
	else
		return 0;
	return 1;
}

/* Diagnoses for the checks that judge the student's client. */
static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	static const struct bytes none = { "", 0, 0 };
	const char *status = transcript_fact_str(got, "client", KEY_STATUS);
	const char *end = transcript_str(got, "note.pump.end");
	const char *output = transcript_str(got, "note.client.output");
	const struct bytes *want = transcript_fact(ref, "client", KEY_STDOUT);
	const struct bytes *out = transcript_fact(got, "client", KEY_STDOUT);
	size_t received = strtoul(transcript_str(got, "note.pump.received"),
	    NULL, 10);
	int exited = strncmp(status, "exited", strlen("exited")) == 0;
	int pump = strcmp(d->key, "probe.received") == 0 ||
	    strcmp(d->key, "probe.echoed") == 0;

	if (diagnose_refusal(ref, got, d, why))
		return;
	want = want != NULL ? want : &none;
	out = out != NULL ? out : &none;
	if (diagnose_big(ref, got, d, why) || diagnose_client_fate(ref, got, d,
	    why))
		return;
	if (pump && strcmp(end, "reset") == 0)
		bytes_puts(why, "The client closed its socket before the echo "
		    "was complete (the grader's server saw a reset). Read "
		    "until recv() returns 0, past short recv()s and the end "
		    "of the input; there, shutdown(sock, SHUT_WR) says 'no "
		    "more data' but leaves the socket open for reading.");
	else if (pump && strcmp(end, "eof") == 0 && received < BIG_INPUT)
		bytes_printf(why, "The client ended its stream after sending "
		    "only %zu of the %d bytes of its input: some bytes it read "
		    "were never sent. Send exactly the n bytes read() returned "
		    "(not strlen(), which stops at a zero byte), all of them.",
		    received, BIG_INPUT);
	else if (pump && strcmp(end, "stalled") == 0 && received < BIG_INPUT)
		bytes_printf(why, "The client stopped sending after %zu of the "
		    "%d bytes: it sends before it reads. Once the buffers both "
		    "ways are full, each side waits for the other: a deadlock. "
		    "poll() standard input and the socket together, and read "
		    "whenever the socket has data.", received, BIG_INPUT);
	else if (pump && strcmp(end, "stalled") == 0)
		bytes_puts(why, "The client sent all its input but never ended "
		    "the stream: at the end of the input call shutdown(sock, "
		    "SHUT_WR), so that the server's recv() returns 0.");
	else if (strcmp(d->key, "probe.echoed") == 0)
		bytes_puts(why, "The client stopped reading the echo before it "
		    "was complete: read whenever the socket has data, until "
		    "recv() returns 0.");
	else if (strcmp(d->key, "client.output") == 0 &&
	    strcmp(output, "prefix") == 0)
		bytes_printf(why, "The client's output stops early (%s). Keep "
		    "reading until recv() returns 0: a short recv() is not "
		    "the end.", transcript_str(got, d->key));
	else if (strcmp(d->key, "client.status") == 0 &&
	    strcmp(status, "still running") == 0 && out->len < want->len &&
	    strcmp(transcript_str(got, "note.ref-server.finished"), "yes") == 0)
		bytes_printf(why, "The server echoed everything and closed, "
		    "but the client wrote only %zu of the %zu bytes and never "
		    "ended: it stopped reading its socket at the end of its "
		    "input. Was the socket close()d there? shutdown(sock, "
		    "SHUT_WR) ends the sending side only; poll() on a closed "
		    "descriptor reports POLLNVAL for ever.", out->len,
		    want->len);
	else if (strcmp(d->key, "client.status") == 0 &&
	    strcmp(status, "still running") == 0)
		bytes_puts(why, strcmp(transcript_str(got,
		    "note.ref-server.finished"), "yes") == 0 ||
		    strcmp(end, "eof") == 0 ? "The server echoed all and "
		    "closed, but the client did not stop: when recv() returns "
		    "0, exit." : "The client never exited: at the end of input "
		    "shutdown(sock, SHUT_WR), then read until recv() gives 0.");
	else if ((strcmp(d->key, "client.stdout") == 0 ||
	    strcmp(d->key, "client.status") == 0) && exited &&
	    strcmp(status, "exited with status 0") != 0 &&
	    out->len < want->len && transcript_note_str(got, "pump",
	    "end")[0] == '\0' &&
	    memcmp(out->data, want->data, out->len) == 0 &&
	    strstr(transcript_fact_str(got, "ref-server", KEY_STDERR),
	    "reset") == NULL)
		bytes_printf(why, "The client gave up (%s) after %zu of the "
		    "%zu bytes of echo, though the server was still sending: "
		    "a short recv() is not the end of the echo, only recv()'s "
		    "0 is. Keep reading (and sending) until then.", status,
		    out->len, want->len);
	/* A client that failed after some echo usually lost the rest. */
	else if ((strcmp(d->key, "client.stdout") == 0 ||
	    (strcmp(d->key, "client.status") == 0 && exited && out->len > 0 &&
	    (out->len != want->len ||
	    memcmp(out->data, want->data, out->len) != 0))) &&
	    diagnose_echo(want, out, 1, transcript_fact_str(got, "ref-server",
	    KEY_STDOUT), transcript_fact_str(got, "ref-server", KEY_STDERR), why))
		return;
	else if (strcmp(d->key, "client.status") == 0 && exited &&
	    transcript_fact_str(got, "client", KEY_STDERR)[0] != '\0')
		bytes_printf(why, "The client %s: its message is under stderr "
		    "below.", status);
	else if (strcmp(d->key, "client.reaction") == 0)
		bytes_puts(why, "With nothing listening, connect() fails "
		    "(ECONNREFUSED): on -1, perror(\"client: connect\") and "
		    "exit with status 1.");
	else
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
		.scenario = server_echo, .diagnose = diagnose_server,
		.arg = ECHO(SERVER_TEXT, 0), .rules = "S3 S4 S5 S6 S7 S10",
	}, {
		.name = "server-other-address",
		.title = "started with 127.0.0.2 and another port: listens "
		    "there and echoes a text",
		.hint = "bind() to the ADDRESS and PORT given (inet_pton(), "
		    "htons()), and print the address you bound.",
		.scenario = server_echo, .diagnose = diagnose_server,
		.arg = &(const struct echo){ .data = SERVER_TEXT,
		    .len = sizeof SERVER_TEXT - 1, .ip = "127.0.0.2" },
		.rules = "S3 S4 S5 S7",
	}, {
		.name = "server-short-io",
		.title = "the echo is byte-exact when each send() and recv() "
		    "moves 1 to 7 bytes",
		.hint = "Every send() may take fewer bytes than asked: send "
		    "the rest in a loop. Every recv() returns what has "
		    "arrived: loop until it returns 0.",
		.scenario = server_echo, .diagnose = diagnose_server,
		.arg = ECHO(SHORT_TEXT, 1), .rules = "S5 S6 S7",
	}, {
		.name = "server-big-input",
		.title = "echoes 5 MiB of every byte value to the reference "
		    "client whole, within 2 s",
		.hint = "recv() up to 4096 bytes, send all of them back, "
		    "repeat; count every byte for the 'echoed N bytes' line.",
		.scenario = server_big_input, .diagnose = diagnose_server,
		.rules = "S5 S7 S9",
	}, {
		.name = "server-survives-reset",
		.title = "a client that vanishes mid-stream does not kill the "
		    "server, which serves the next one",
		.hint = "signal(SIGPIPE, SIG_IGN) at the start of main(); on a "
		    "send() or recv() error, close that connection and go on.",
		.scenario = server_survives_reset, .diagnose = diagnose_server,
		.arg = &(const int){ 0 }, .rules = "S1 S8 S10",
	}, {
		.name = "server-reset-in-recv",
		.title = "a client that resets while the server waits in "
		    "recv(): no 'echoed' line, and the next client is served",
		.hint = "When recv() returns -1: perror(\"server: recv\"), "
		    "close() the connection, print no line, accept() the next.",
		.scenario = server_survives_reset, .diagnose = diagnose_server,
		.arg = &(const int){ 1 }, .rules = "S8 S10",
	}, {
		.name = "server-restart",
		.title = "stopped with a connection open and started again at "
		    "once, it binds its port (SO_REUSEADDR) and serves",
		.hint = "setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, "
		    "sizeof yes) before bind(): the old connection waits in "
		    "TIME_WAIT on the port.",
		.scenario = server_restart, .diagnose = diagnose_server,
		.rules = "S2",
	}, {
		.name = "server-port-1",
		.hint = "1 is a port like any other for parse_arguments(): "
		    "the system may then refuse bind(), a setup failure.",
		.title = "takes port 1, the smallest: bind() then fails for an "
		    "ordinary user (exit 1), it is no bad argument (2)",
		.rules = "S11 A1", .diagnose = diagnose_server,
		.scenario = run_scenario_bad_args,
		.arg = &(const struct run_bad_args){ "server", {
		    { "127.0.0.1", "1" } } },
	}, {
		.name = "server-port-65535",
		.hint = "65535 is a port like any other for parse_arguments().",
		.title = "takes port 65535, the largest, and listens on it",
		.rules = "S3 A1", .diagnose = diagnose_server,
		.scenario = server_started_as,
		.arg = (const char *const[]){ "127.0.0.1", "65535", NULL },
	}, {
		.name = "server-address-only",
		.hint = "With ADDRESS alone PORT keeps its default: read "
		    "argv[2] only when argc > 2.",
		.title = "started with only an ADDRESS, listens on it at the "
		    "default port 50007",
		.rules = "S3 S4", .diagnose = diagnose_server,
		.scenario = server_started_as,
		.arg = (const char *const[]){ "127.0.0.1", NULL },
	}, {
		.name = "server-accept-fails",
		.title = "with only 4 descriptors, accept() fails at once "
		    "(EMFILE): a message naming accept, exit status 1",
		.hint = "if (conn == -1) { perror(\"server: accept\"); "
		    "close(listener); return 1; }",
		.scenario = run_scenario_setup_fails, .diagnose = diagnose_server,
		.arg = &(const struct run_setup_fails){ "server", 4, "accept" },
		.rules = "S13",
	}, {
		.name = "server-port-taken",
		.title = "when its port is taken, bind() fails: a message on "
		    "stderr, exit status 1",
		.hint = "if (bind(...) == -1) { perror(\"server: bind\"); "
		    "close(listener); return 1; }",
		.scenario = server_port_taken, .diagnose = diagnose_server,
		.rules = "S11",
	}, {
		.name = "server-bad-arguments",
		.title = "refuses port 0, 65536, abc, an address that does not "
		    "parse and an extra argument: exit 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_server,
		.arg = &(const struct run_bad_args){ "server", {
		    RUN_BAD_PORTS, { "127.0.0.1", "-5" }, { "1.2.3" },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A1",
	}, {
		.name = "client-echoes",
		.title = "with no arguments, the reference server's echo of "
		    "standard input is exactly standard input",
		.hint = "Copy standard input to the socket and the socket to "
		    "standard output; at the end of input, shutdown(sock, "
		    "SHUT_WR); stop when recv() returns 0.",
		.scenario = client_echo, .diagnose = diagnose_client,
		.arg = ECHO(CLIENT_TEXT, 0), .rules = "C1 C3 C4 C5",
	}, {
		.name = "client-empty-input",
		.title = "with an empty standard input: ends its stream at "
		    "once, prints nothing, exits with status 0",
		.hint = "read() returning 0 at once is the end of input too: "
		    "shutdown(sock, SHUT_WR), then read until recv() gives 0.",
		.scenario = client_echo, .diagnose = diagnose_client,
		.arg = ECHO("", 0), .rules = "C4 C5",
	}, {
		.name = "client-one-byte-input",
		.title = "with a standard input of one byte (0xff): the echo is "
		    "that byte, exit status 0",
		.hint = "A piece of 1 byte is a piece: read() > 0 means data, "
		    "and it must be sent however short.",
		.scenario = client_echo, .diagnose = diagnose_client,
		.arg = ECHO("\xff", 0), .rules = "C3 C5",
	}, {
		.name = "client-other-address",
		.title = "connects to 127.0.0.2 and another port when told to",
		.hint = "The server's address: htons(port) and the ADDRESS "
		    "given, both from the command line.",
		.scenario = client_echo, .diagnose = diagnose_client,
		.arg = &(const struct echo){ .data = CLIENT_TEXT,
		    .len = sizeof CLIENT_TEXT - 1, .ip = "127.0.0.2" },
		.rules = "C1 C5",
	}, {
		.name = "client-slow-input",
		.title = "standard input a pipe fed one line at a time: each "
		    "line goes out at once, and the end of input ends it",
		.hint = "A read() from a pipe returns what has been written so "
		    "far: send it at once; only read() == 0 is the end.",
		.scenario = client_slow_input, .diagnose = diagnose_client,
		.arg = &(const int){ 0 }, .rules = "C3 C4",
	}, {
		.name = "client-server-closes-mid-input",
		.title = "the server ends the connection while the client "
		    "waits for more input: a message, exit status 1",
		.hint = "recv() returning 0 while standard input has not ended "
		    "means the server closed early: print the contract's "
		    "message on stderr and exit with status 1.",
		.scenario = client_slow_input, .diagnose = diagnose_client,
		.arg = &(const int){ 1 }, .rules = "C6",
	}, {
		.name = "client-server-resets-mid-input",
		.title = "the server resets the connection while the client "
		    "waits for more input: a message, exit status 1",
		.hint = "recv() returning -1 (ECONNRESET) is an error: "
		    "perror(\"client: recv\"), exit with status 1.",
		.scenario = client_slow_input, .diagnose = diagnose_client,
		.arg = &(const int){ 2 }, .rules = "C7",
	}, {
		.name = "client-address-only",
		.title = "with only an ADDRESS, connects to the default port",
		.hint = "PORT is optional: parse argv[2] only when argc > 2.",
		.scenario = client_echo, .diagnose = diagnose_client,
		.arg = &(const struct echo){ .data = CLIENT_TEXT,
		    .len = sizeof CLIENT_TEXT - 1, .address_only = 1 },
		.rules = "C1 C5",
	}, {
		.name = "client-port-limits",
		.title = "takes ports 1 and 65535 (nothing listens there): "
		    "'Connection refused', exit status 1",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_client,
		.arg = &(const struct run_bad_args){ "client", {
		    { "127.0.0.1", "1" }, { "127.0.0.1", "65535" } } },
		.rules = "C2 A1",
	}, {
		.name = "client-short-io",
		.title = "the output is byte-exact when each send() and "
		    "recv() moves 1 to 7 bytes",
		.hint = "Keep the bytes send() did not take and send them "
		    "next; write what each recv() returns and read again "
		    "until it returns 0.",
		.scenario = client_echo, .diagnose = diagnose_client,
		.arg = ECHO(SHORT_TEXT, 1), .rules = "C3 C5",
	}, {
		.name = "client-big-input",
		.title = "5 MiB of input come back whole and the client exits "
		    "by itself",
		.hint = "Watch standard input and the socket together with "
		    "poll(); shutdown(sock, SHUT_WR) at the end of input; "
		    "read until recv() returns 0.",
		.scenario = client_big_input, .diagnose = diagnose_client,
		.rules = "C3 C4 C5",
	}, {
		.name = "client-server-closes-early",
		.title = "a server that ends the stream before all the input "
		    "was sent: a message, exit status 1",
		.hint = "When recv() returns 0 before the end of your input "
		    "(or before all of it was sent), print the contract's "
		    "message on stderr and exit with status 1.",
		.scenario = client_server_closes, .diagnose = diagnose_client,
		.arg = &(const int){ 0 }, .rules = "C6",
	}, {
		.name = "client-server-resets",
		.title = "a server that resets the connection: a message, "
		    "exit status 1",
		.hint = "send() or recv() returns -1 (ECONNRESET, EPIPE): "
		    "perror(\"client: CALL\"), exit with status 1; "
		    "MSG_NOSIGNAL, or SIGPIPE kills the client.",
		.scenario = client_server_closes, .diagnose = diagnose_client,
		.arg = &(const int){ 1 }, .rules = "C7",
	}, {
		.name = "client-connection-refused",
		.title = "reports a refused connection and exits non-zero",
		.hint = "if (connect(sock, ...) == -1) { perror(\"client: "
		    "connect\"); close(sock); return 1; }",
		.scenario = run_scenario_client_refused,
		.diagnose = diagnose_client, .rules = "C2",
	}, {
		.name = "client-bad-arguments",
		.title = "exits with status 2 for port 0, 65536, abc or -5, "
		    "the address 1.2.3, or a third argument",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_client,
		.arg = &(const struct run_bad_args){ "client", {
		    RUN_BAD_PORTS, { "127.0.0.1", "-5" }, { "1.2.3" },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A1",
	},
};

LESSON_SERVER_CLIENT(lesson_04, .dir = "04-tcp-stream",
    .title = "TCP is a byte stream: echo with partial I/O",
    .shim = "shortio")

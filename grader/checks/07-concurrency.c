/*
 * 07-concurrency: checks for the concurrency lesson: a TCP line-echo server
 * that serves many clients at once with poll(), and its UDP twin.
 *
 * The grader's probes play every client. The checks record outcomes (what
 * B got back, "200 of 200 clients got their own line back"), never times: a
 * wait that runs out is recorded as "[nothing within N ms]", and a correct
 * server never comes near one. Where a check needs the server not to move
 * while the probes set something up (200 clients arriving at once, a
 * client that leaves before the server reads it), it pauses the server.
 *
 * For the diagnoses, the scenarios record facts as notes: note.WHO.end (how
 * the wait for WHO's echo ended: all, closed, nothing, timeout, error),
 * note.unread (a client whose bytes the server left unread),
 * note.server.code (run_exit_code()), and for many clients
 * note.echoed.count, note.first-wrong.at (a number) and note.first-wrong.got.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "diagnose.h"
#include "lesson.h"

#define ECHO_MS 1000		/* how long a probe waits for an echo */
#define MAX_CROWD 1000		/* server-1000-clients */
#define RESET_CLIENTS 5		/* server-survives-resets */
#define GONE_LINES 200		/* lines sent by the client that leaves */
#define UDP_SENDERS 50		/* udpserver-many-senders */
#define MAX_LINE 1024		/* the contract's longest line, '\n' included */
#define LONG_LINE 1500		/* a line longer than MAX_LINE, in two pieces */
#define LONG_DATAGRAM 1500	/* more than a 1024-byte buffer holds */
#define WANT 40			/* room for one of many clients' lines */

/* --- Helpers: probes and the facts they record ------------------------- */

/* Connect the probe who; on failure probe.WHO.connect says why. */
static int
connect_as(struct run *r, const char *who)
{
	char key[64];

	snprintf(key, sizeof key, "probe.%s.connect", who);
	return run_tcp_connect(r, r->port, 1000, key);
}

static int
send_str(struct run *r, int fd, const char *who, const char *text)
{
	return run_tcp_send(r, fd, who, text, strlen(text));
}

/*
 * Send text, then wait until the server has read it all; when it does
 * not, the fact note.unread names who.
 */
static void
send_and_drain(struct run *r, int fd, const char *who, const char *text)
{
	if (send_str(r, fd, who, text) == 0 &&
	    run_wait_peer_read(r, fd, 1000) == -1) {
		run_note(r, "the server did not read what %s sent within %d ms",
		    who, run_ms(r, 1000));
		transcript_setf(r->t, "note.unread", "%s", who);
	}
}

/*
 * Wait for lines lines on who's connection and record them as probe.WHO,
 * followed by how the wait ended when it fell short; the end's fact goes
 * to note.WHO.end ("nothing": the time ran out before any byte came).
 */
static void
record_reply(struct run *r, int fd, const char *who, int lines)
{
	static const char *const fact[] = {
		[RUN_RECV_ALL] = "all", [RUN_RECV_CLOSED] = "closed",
		[RUN_RECV_TIMEOUT] = "timeout", [RUN_RECV_ERROR] = "error",
	};
	struct bytes b;
	enum run_recv end;
	char key[64];

	bytes_init(&b);
	end = run_tcp_recv(r, fd, &b, lines, ECHO_MS);
	transcript_note_setf(r->t, who, "end", "%s", end == RUN_RECV_TIMEOUT &&
	    b.len == 0 ? "nothing" : fact[end]);
	run_describe_recv(r, &b, end, b.len, ECHO_MS);
	snprintf(key, sizeof key, "probe.%s", who);
	transcript_set(r->t, key, b.data, b.len);
	bytes_free(&b);
}

/*
 * Record as probe.WHO.early what the server has already sent to who, which
 * has sent only part of a line so far: nothing, if it is right.
 */
static void
record_early(struct run *r, int fd, const char *who)
{
	struct bytes b;
	char key[64];

	bytes_init(&b);
	(void)run_tcp_recv(r, fd, &b, 0, 0);
	if (b.len == 0)
		bytes_puts(&b, "[nothing yet: its line is not finished]");
	snprintf(key, sizeof key, "probe.%s.early", who);
	transcript_set(r->t, key, b.data, b.len);
	bytes_free(&b);
}

/* A new client sends a line; its echo goes to probe.WHO. */
static void
round_trip(struct run *r, const char *who, const char *line)
{
	int fd = connect_as(r, who);

	if (fd == -1)
		return;
	send_str(r, fd, who, line);
	record_reply(r, fd, who, 1);
	close(fd);
}

/*
 * Send each of the n probes its own line, without a note each (the
 * scenario notes them all at once). A probe that cannot send is closed
 * and set to -1.
 */
static void
send_each(struct run *r, int *fds, int n, char want[][WANT])
{
	for (int i = 0; i < n; i++)
		if (fds[i] != -1 && run_tcp_send(r, fds[i], NULL, want[i],
		    strlen(want[i])) == -1) {
			close(fds[i]);
			fds[i] = -1;
		}
}

static void
close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] != -1)
			close(fds[i]);
}

/*
 * Record how n probes fared (who: "client" or "socket"), each of which
 * sent want[i] and received got[i], its wait ending as end[i] (fds[i] -1:
 * it never connected): probe.echoed ("K of N clients got their own line
 * back"), the first that did not as probe.first-wrong, and the facts
 * note.echoed.count (K), note.first-wrong.at (its number, if any) and
 * note.first-wrong.got ("nothing", "bytes" or "no connection"). Frees
 * got[i].
 */
static void
record_echoes(struct run *r, const char *who, const char *what, int n,
    char want[][WANT], struct bytes *got, const enum run_recv *end,
    const int *fds)
{
	struct bytes v;
	int correct = 0, wrong = 0;

	bytes_init(&v);
	for (int i = 0; i < n; i++) {
		if (end[i] == RUN_RECV_ALL && got[i].len == strlen(want[i]) &&
		    memcmp(got[i].data, want[i], got[i].len) == 0) {
			correct++;
		} else if (wrong++ == 0) {
			bytes_printf(&v, "%s %d of %d %s", who, i + 1, n,
			    fds[i] == -1 ? "could not connect" : "got ");
			if (got[i].len > 0) {
				bytes_puts(&v, "'");
				escape_bytes(&v, got[i].data, got[i].len, 80);
				bytes_puts(&v, "'");
			}
			if (fds[i] != -1)
				run_describe_recv(r, &v, end[i], got[i].len,
				    ECHO_MS);
			transcript_note_setf(r->t, "first-wrong", "at", "%d",
			    i + 1);
			transcript_note_setf(r->t, "first-wrong", "got", "%s",
			    fds[i] == -1 ? "no connection" : got[i].len == 0 ?
			    "nothing" : "bytes");
		}
		bytes_free(&got[i]);
	}
	transcript_setf(r->t, "probe.echoed", "%d of %d %ss got their own %s "
	    "back", correct, n, who, what);
	transcript_note_setf(r->t, "echoed", "count", "%d", correct);
	if (wrong == 0)
		bytes_puts(&v, "none");
	transcript_set(r->t, "probe.first-wrong", v.data, v.len);
	bytes_free(&v);
}

/*
 * Record at key how the server is doing, and the fact note.server.code.
 * Returns 1 while it runs.
 */
static int
record_state(struct run *r, struct proc *p, const char *key)
{
	int code = run_exit_code(p);
	char how[128];

	run_describe(p, how, sizeof how);
	transcript_setf(r->t, key, "%s", how);
	transcript_note_setf(r->t, "server", "code", "%d", code);
	return code == -1;
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
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int fd;

	if (srv == NULL)
		return;
	if ((fd = connect_as(r, "client")) != -1) {
		send_str(r, fd, "the client", "hello\n");
		record_reply(r, fd, "client.line", 1);
		send_str(r, fd, "the client", "one\ntwo\nthree\n");
		record_reply(r, fd, "client.three-lines", 3);
		send_and_drain(r, fd, "the client", "a line in ");
		send_str(r, fd, "the client", "two pieces\n");
		record_reply(r, fd, "client.two-pieces", 1);
		/* The shortest line: its '\n' alone. */
		send_str(r, fd, "the client", "\n");
		record_reply(r, fd, "client.empty-line", 1);
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
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int a, b, c;

	if (srv == NULL)
		return;
	/* In this order: C takes the first slot, B the last. */
	c = connect_as(r, "C");
	a = connect_as(r, "A");
	b = connect_as(r, "B");
	if (a != -1 && b != -1 && c != -1) {
		run_note(r, "connected C, then A, then B");
		send_and_drain(r, a, "A", "abc");
		send_and_drain(r, b, "B", "123");
		/* The server has read B since A: A's piece had its chance. */
		record_early(r, a, "A");
		/* C leaves: its end of file comes back once C is closed. */
		shutdown(c, SHUT_WR);
		run_note(r, "C closed its side of the connection");
		record_reply(r, c, "C", 1);
		record_early(r, b, "B");
		send_str(r, a, "A", "def\n");
		record_reply(r, a, "A", 1);
		send_str(r, b, "B", "456\n");
		record_reply(r, b, "B", 1);
	}
	close_all((int[]){ a, b, c }, 3);
	run_collect(r, srv);
}

static void
server_stalled_client(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int a, b = -1;

	if (srv == NULL)
		return;
	if ((a = connect_as(r, "A")) != -1) {
		send_and_drain(r, a, "A", "A stalls half-way through th");
		run_note(r, "A now sends nothing more for a while");
	}
	if (a != -1 && (b = connect_as(r, "B")) != -1) {
		send_str(r, b, "B", "B says hello\n");
		record_reply(r, b, "B", 1);
		record_early(r, a, "A");
		send_str(r, a, "A", "e line\n");
		record_reply(r, a, "A", 1);
	}
	close_all((int[]){ a, b }, 2);
	run_collect(r, srv);
}

/*
 * Many clients (server-200-clients, server-no-fd-leak), in waves of
 * clients that connect at once; each sends its own line and must get
 * exactly that line back.
 */
struct crowd {
	int clients;
	int wave;	/* how many connect at once */
	int paused;	/* they connect while the server is paused (SIGSTOP) */
	int leave;	/* then leave, half with FIN and half with RST */
	int extra;	/* then one more comes, past MAX_CLIENTS */
};

/* All 200 wait in the backlog at once: the backlog must hold them. */
static const struct crowd crowd_200 = { 200, 200, 1, 0, 0 };
/*
 * The contract's MAX_CLIENTS, all connected at once, in waves of 100; the
 * next one must wait until one of them leaves.
 */
static const struct crowd crowd_1000 = { MAX_CROWD, 100, 0, 0, 1 };
/*
 * In waves of 8: fewer than lesson 01's listen() backlog of 10, so that a
 * small backlog (server-200-clients' business) cannot make this check fail
 * some of the time.
 */
static const struct crowd crowd_leak = { 50, 8, 0, 1, 0 };

/*
 * With n clients connected (fds), the table is full: one more client's
 * (fd, which connected behind the last of them) line must not come back (probe.extra.early), nor the server spin on a
 * listener it cannot serve (server.idle-full), until a client leaves
 * (fds[0] closes); then its line must come back (probe.extra).
 */

static void
one_too_many(struct run *r, struct proc *srv, int fd, int *fds, int n)
{
	struct bytes b;

	send_str(r, fd, "one more client", "one client too many\n");
	/* A full table: the listener must not wake the server meanwhile. */
	run_record_idle(r, srv, "server.idle-full");
	bytes_init(&b);
	if (run_tcp_recv(r, fd, &b, 1, 0) == RUN_RECV_TIMEOUT && b.len == 0)
		transcript_setf(r->t, "probe.extra.early", "nothing within %d "
		    "ms: it waits while %d clients are connected",
		    run_ms(r, RUN_IDLE_MS), n);
	else
		transcript_setf(r->t, "probe.extra.early", "served while %d "
		    "clients were connected", n);
	bytes_free(&b);
	if (fds[0] != -1) {
		close(fds[0]);
		fds[0] = -1;
		run_note(r, "client 1 closed its connection");
	}
	record_reply(r, fd, "extra", 1);
	close(fd);
}

static void
server_crowd(struct run *r)
{
	const struct crowd *c = r->arg;
	int fds[MAX_CROWD], connected = 0, before, after, extra = -1;
	char want[MAX_CROWD][WANT];
	struct bytes got[MAX_CROWD];
	enum run_recv end[MAX_CROWD];
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);

	if (srv == NULL)
		return;
	before = run_count_fds(r, srv);
	if (c->paused)
		(void)run_pause(srv);
	run_note(r, "%s%d clients connected, %d at once; each sent its own "
	    "line ('client 1 of %d: my own line' ...) and read its echo",
	    c->paused ? "paused the server (SIGSTOP), then " : "", c->clients,
	    c->wave, c->clients);
	for (int first = 0; first < c->clients; first += c->wave) {
		int n = c->clients - first < c->wave ? c->clients - first :
		    c->wave;
		/*
		 * The extra client queues up behind the last wave, so that
		 * one accept() loop meets it with the table just full.
		 */
		int last = c->extra && first + n == c->clients;

		if (last)
			(void)run_pause(srv);
		connected += run_tcp_connect_many(r, r->port, fds + first, n,
		    c->paused ? 500 : 1000);
		if (last) {
			extra = connect_as(r, "extra");
			run_note(r, "with the server paused, the last %d "
			    "connected, then one more client: the extra one",
			    n);
		}
		if (c->paused || last)
			run_resume(srv);
		for (int i = first; i < first + n; i++) {
			snprintf(want[i], WANT, "client %d of %d: my own "
			    "line\n", i + 1, c->clients);
			bytes_init(&got[i]);
		}
		send_each(r, fds + first, n, want + first);
		run_tcp_recv_many(r, fds + first, n, got + first, end + first,
		    1, ECHO_MS);
	}
	if (c->paused)
		transcript_setf(r->t, "probe.connected", "%d of %d clients "
		    "could connect while the server was paused", connected,
		    c->clients);
	record_echoes(r, "client", "line", c->clients, want, got, end, fds);
	if (extra != -1)
		one_too_many(r, srv, extra, fds, c->clients);
	for (int i = 0; i < c->clients; i++)
		if (fds[i] != -1 && c->leave && i % 2 == 1)
			run_tcp_reset(fds[i]);
		else if (fds[i] != -1)
			close(fds[i]);
	if (!c->leave)
		goto out;
	run_note(r, "then they left: half closed (FIN), half reset (RST)");
	after = run_wait_fd_count(r, srv, before, 1000);
	transcript_note_setf(r->t, "server", "leaked", "%d", after == -1 ? 0 :
	    after - before);
	if (after == -1)
		transcript_setf(r->t, "server.descriptors", "unknown: the "
		    "server ended");
	else if (after == before)
		transcript_setf(r->t, "server.descriptors", "no leak: as many "
		    "open descriptors as before the clients came");
	else
		transcript_setf(r->t, "server.descriptors", "%d descriptors "
		    "more than before the %d clients came, %d ms after they "
		    "all left", after - before, c->clients, run_ms(r, 1000));
out:
	run_collect(r, srv);
}

/*
 * Out of descriptors: the server may hold only FEW_CLIENTS clients
 * (run_limit_fds), and FEW_CLIENTS + 2 connect, one after another, each
 * sending its line. The first FEW_CLIENTS must get theirs back; the other
 * two wait (accept() fails with EMFILE) while the server sleeps; each time
 * one of the first leaves, the next waiting one must be served.
 */
#define FEW_CLIENTS 3

static void
server_out_of_fds(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	/* 0, 1, 2 and the listener, then the clients. */
	struct run_extra x = { .open_files = 4 + FEW_CLIENTS };
	struct proc *srv = run_start_ext(r, "server", "server", args, &x);
	int fds[FEW_CLIENTS + 2], served = 0;
	char who[16], line[40];

	if (run_wait_bound(r, srv, "server", SOCK_STREAM, r->port) == -1) {
		run_collect(r, srv);
		return;
	}
	run_note(r, "the server was started with a limit of %d open "
	    "descriptors (RLIMIT_NOFILE): stdin, stdout, stderr, the "
	    "listener and %d clients", 4 + FEW_CLIENTS, FEW_CLIENTS);
	for (int i = 0; i < FEW_CLIENTS + 2; i++) {
		snprintf(who, sizeof who, "client%d", i + 1);
		snprintf(line, sizeof line, "client %d: my own line\n", i + 1);
		if ((fds[i] = connect_as(r, who)) != -1)
			(void)run_tcp_send(r, fds[i], NULL, line, strlen(line));
	}
	run_note(r, "%d clients connected, one after another, and each sent "
	    "its line ('client 1: my own line' ...)", FEW_CLIENTS + 2);
	for (int i = 0; i < FEW_CLIENTS; i++) {
		struct bytes b;

		bytes_init(&b);
		served += fds[i] != -1 && run_tcp_recv(r, fds[i], &b, 1,
		    ECHO_MS) == RUN_RECV_ALL;
		bytes_free(&b);
	}
	transcript_setf(r->t, "probe.first", "%d of the first %d clients got "
	    "their line back", served, FEW_CLIENTS);
	/* The other two wait in the accept queue; the server sleeps. */
	run_record_idle(r, srv, "server.idle-out-of-fds");
	for (int i = 0; i < 2; i++) {
		close(fds[i]);
		fds[i] = -1;
		run_note(r, "client %d closed its connection", i + 1);
		snprintf(who, sizeof who, "client%d", FEW_CLIENTS + 1 + i);
		record_reply(r, fds[FEW_CLIENTS + i], who, 1);
	}
	close_all(fds, FEW_CLIENTS + 2);
	run_collect(r, srv);
}

static void
server_survives_resets(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int fds[RESET_CLIENTS], base, gone;
	struct bytes lines;

	if (srv == NULL)
		return;
	base = run_count_fds(r, srv);

	/* Part 1: clients that reset their connection half-way. */
	for (int i = 0; i < RESET_CLIENTS; i++)
		if ((fds[i] = connect_as(r, "resetting")) != -1)
			send_str(r, fds[i], "a client", "an unfinished line");
	(void)run_wait_drained(r, r->port, 1000);
	for (int i = 0; i < RESET_CLIENTS; i++)
		if (fds[i] != -1)
			run_tcp_reset(fds[i]);
	run_note(r, "the %d clients reset their connections (SO_LINGER 0, "
	    "close: RST)", RESET_CLIENTS);
	/* Until the server has closed them all, or has died. */
	(void)run_wait_fd_count(r, srv, base, 1000);
	if (!record_state(r, srv, "server.after-resets"))
		goto out;
	round_trip(r, "D", "D: still there after the resets?\n");
	(void)run_wait_fd_count(r, srv, base, 1000);

	/*
	 * Part 2: a client sends many lines and leaves before the server
	 * reads any. The server's first echo makes the client's system
	 * answer with a reset; writing on after it raises SIGPIPE.
	 */
	if ((gone = connect_as(r, "E")) == -1)
		goto out;
	/* Once the server holds E, pause it. */
	(void)run_wait_fd_count(r, srv, base + 1, 1000);
	(void)run_pause(srv);
	bytes_init(&lines);
	for (int i = 0; i < GONE_LINES; i++)
		bytes_printf(&lines, "E's line %03d, echoed after E left\n",
		    i + 1);
	run_tcp_send(r, gone, "E", lines.data, lines.len);
	bytes_free(&lines);
	close(gone);
	run_note(r, "with the server paused (SIGSTOP), E sent %d lines and "
	    "closed its socket at once; then the server was resumed",
	    GONE_LINES);
	(void)run_wait_tcp_state(r, r->port, SOCK_STATE_CLOSE_WAIT, 1000);
	run_resume(srv);
	(void)run_wait_fd_count(r, srv, base, 1000);
	if (record_state(r, srv, "server.after-client-left"))
		round_trip(r, "F", "F: and after a client that left?\n");
out:
	run_collect(r, srv);
}

static void
server_long_line(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	char longest[MAX_LINE + 1], big[LONG_LINE + 1];
	int fd;

	if (srv == NULL)
		return;
	/* Exactly MAX_LINE bytes with its '\n': the longest allowed. */
	memset(longest, 'a', MAX_LINE - 1);
	longest[MAX_LINE - 1] = '\n';
	longest[MAX_LINE] = '\0';
	round_trip(r, "longest", longest);
	/* LONG_LINE bytes and no '\n', in two pieces: 600 bytes, the rest. */
	memset(big, 'b', LONG_LINE);
	big[LONG_LINE] = '\0';
	if ((fd = connect_as(r, "toolong")) != -1) {
		send_and_drain(r, fd, "a client", big + LONG_LINE - 600);
		run_tcp_send(r, fd, "the same client", big, LONG_LINE - 600);
		record_reply(r, fd, "toolong", 1);
		close(fd);
	}
	/* One byte under the limit, then its '\n': a line of MAX_LINE. */
	memset(big, 'e', MAX_LINE - 1);
	big[MAX_LINE - 1] = '\0';
	if ((fd = connect_as(r, "almost")) != -1) {
		send_and_drain(r, fd, "a client", big);
		record_early(r, fd, "almost");
		send_str(r, fd, "the same client", "\n");
		record_reply(r, fd, "almost", 1);
		close(fd);
	}
	/* Exactly MAX_LINE bytes and no '\n': the buffer is full. */
	memset(big, 'c', MAX_LINE);
	big[MAX_LINE] = '\0';
	if ((fd = connect_as(r, "full")) != -1) {
		send_str(r, fd, "a client", big);
		record_reply(r, fd, "full", 1);
		close(fd);
	}
	/* Two lines of 600 bytes in one piece: more than MAX_LINE in all. */
	memset(big, 'd', 2 * 600);
	big[599] = big[1199] = '\n';
	big[1200] = '\0';
	if ((fd = connect_as(r, "two-long")) != -1) {
		send_str(r, fd, "a client", big);
		record_reply(r, fd, "two-long", 2);
		close(fd);
	}
	round_trip(r, "after", "a short line after the long one\n");
	run_collect(r, srv);
	transcript_note_setf(r->t, "server", "code", "%d",
	    run_exit_code(srv));
}

/*
 * Start program ("server" or "udpserver", under the short-I/O library when
 * shim is set) with "IP PORT", the lesson's port or the second one (alt),
 * and wait until it is bound. Returns it, or NULL when it ended or never
 * bound (recorded). At an address other than 127.0.0.1, where it bound is
 * recorded as PROGRAM.bound and judged by comparison.
 */
static struct proc *
start_at(struct run *r, const char *program, const char *ip, int alt,
    const char *shim)
{
	const char *args[] = { ip, alt ? r->alt_port_arg : r->port_arg,
	    NULL };
	struct run_extra x = { .shim = shim };
	int type = strcmp(program, "server") == 0 ? SOCK_STREAM : SOCK_DGRAM;
	struct proc *p = run_start_ext(r, program, program, args, &x);

	if (run_wait_bound(r, p, program, type, alt ? r->alt_port :
	    r->port) == 0 || (strcmp(ip, "127.0.0.1") != 0 && run_running(p)))
		return p;
	run_collect(r, p);
	return NULL;
}

/*
 * The server's own old connection waits in TIME_WAIT on its port (its side
 * closed first, when it was stopped); a new server must bind it at once.
 */
static void
server_quick_restart(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int fd;

	if (srv == NULL)
		return;
	if ((fd = connect_as(r, "old")) != -1) {
		send_and_drain(r, fd, "the grader (not closing)", "unfinished");
		run_collect_notes(r, srv);
		run_note(r, "stopped the server with SIGTERM, then closed");
		(void)run_wait_tcp_state(r, r->port, TCP_FIN_WAIT2,
		    1000);
		close(fd);
		transcript_setf(r->t, "note.time-wait", "%s",
		    run_wait_tcp_state(r, r->port, TCP_TIME_WAIT,
		    1000) == 0 ? "the old connection is in TIME_WAIT" :
		    "no TIME_WAIT seen");
		run_note(r, "started the server again at once");
		srv = run_start_ready_server(r, "restarted", SOCK_STREAM, 0);
		if (srv != NULL) {
			round_trip(r, "after-restart", "after the restart\n");
			run_collect(r, srv);
		}
		return;
	}
	run_collect(r, srv);
}

/* ADDRESS and PORT other than the defaults: 127.0.0.2 and the second port. */
static void
server_other_address(struct run *r)
{
	struct proc *srv = start_at(r, "server", "127.0.0.2", 1, NULL);
	int fd;

	if (srv == NULL)
		return;
	(void)run_wait_lines(r, srv, 1, 1000);
	fd = run_tcp_connect_to(r, "127.0.0.2", r->alt_port, 1000,
	    "probe.client.connect");
	if (fd != -1) {
		run_note(r, "a client connected to 127.0.0.2:%d", r->alt_port);
		send_str(r, fd, "the client", "to the other address\n");
		record_reply(r, fd, "client", 1);
		close(fd);
	}
	run_collect(r, srv);
}

/*
 * Lines of every kind of byte, and lines coalesced with the start of the
 * next one.
 */
static void
server_any_bytes(struct run *r)
{
	static const char binary[] = "zero\0byte \x80\x81\xfe\xff \r\t end\n";
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int fd;

	if (srv == NULL)
		return;
	if ((fd = connect_as(r, "client")) != -1) {
		run_tcp_send(r, fd, "the client", binary, sizeof binary - 1);
		record_reply(r, fd, "client.binary", 1);
		send_and_drain(r, fd, "the client", "first line\nsecond li");
		record_reply(r, fd, "client.coalesced", 1);
		send_str(r, fd, "the client", "ne\nthird line\nfou");
		record_reply(r, fd, "client.second", 2);
		send_str(r, fd, "the client", "rth line\n");
		record_reply(r, fd, "client.fourth", 1);
		close(fd);
	}
	run_collect(r, srv);
}

/*
 * A client that sends line after line and never reads its echoes, each
 * send non-blocking: how it ended ("the server closed the connection", or
 * it was still connected when the server stopped reading) goes to
 * probe.X, the fact to note.X.end ("closed" or "stuck").
 */
#define UNREAD_MAX (64 * 1024 * 1024)	/* gives up after this many bytes */

static void
flood_unread(struct run *r, int fd)
{
	static char lines[64 * 1024];
	int64_t deadline = clock_ms() + run_ms(r, 2000);
	size_t sent = 0;
	int closed = 0;

	for (size_t i = 0; i < sizeof lines; i++)
		lines[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	while (!closed && sent < UNREAD_MAX && clock_ms() < deadline) {
		struct pollfd pfd = { fd, POLLOUT, 0 };
		ssize_t n;

		if (poll(&pfd, 1, 10) == 0)
			continue;
		n = send(fd, lines, sizeof lines, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n > 0)
			sent += (size_t)n;
		else if (n == -1 && errno != EAGAIN && errno != EINTR)
			closed = 1;
		else if (pfd.revents & (POLLHUP | POLLERR))
			closed = 1;
	}
	run_note(r, "X sent lines of 64 bytes without reading any echo, "
	    "until the server closed the connection or stopped reading");
	transcript_note_setf(r->t, "X", "end", "%s", closed ? "closed" :
	    "stuck");
	transcript_setf(r->t, "probe.X", "%s", closed ? "the server closed "
	    "the connection" : "still connected: the server stopped reading "
	    "and did not close it");
}

static void
server_not_reading(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int x;

	if (srv == NULL)
		return;
	if ((x = connect_as(r, "X")) != -1) {
		flood_unread(r, x);
		round_trip(r, "Y", "Y: served while X does not read?\n");
		close(x);
	}
	if (record_state(r, srv, "server.after-X"))
		round_trip(r, "Z", "Z: and after X?\n");
	run_collect(r, srv);
}

/*
 * Clients connected, one half-way through a line, one gone: the server
 * must sleep in poll(), as one process with one thread, and then still
 * answer.
 */
static void
server_idle(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int a, b, gone, tasks;

	if (srv == NULL)
		return;
	a = connect_as(r, "A");
	b = connect_as(r, "B");
	gone = connect_as(r, "gone");
	if (a == -1 || b == -1 || gone == -1)
		goto out;
	send_and_drain(r, a, "A", "A waits a while before the end of th");
	send_str(r, b, "B", "B is here\n");
	record_reply(r, b, "B", 1);
	close(gone);
	run_note(r, "a third client connected and closed its connection");
	(void)run_wait_tcp_gone(r, r->port, SOCK_STATE_CLOSE_WAIT, 1000);
	tasks = run_count_tasks(r, srv);
	transcript_note_setf(r->t, "server", "tasks", "%d", tasks);
	if (tasks == 1)
		transcript_setf(r->t, "server.tasks", "one process, one "
		    "thread, with 2 clients connected");
	else
		transcript_setf(r->t, "server.tasks", "%d threads and "
		    "processes with 2 clients connected", tasks);
	run_record_idle(r, srv, "server.idle");
	send_str(r, a, "A", "is line\n");
	record_reply(r, a, "A", 1);
out:
	close_all((int[]){ a, b, gone }, 3);
	run_collect(r, srv);
}

/*
 * SHORT_LINES lines of 1 to SHORT_LINES bytes, each sent once the one
 * before has come back, so that a send() loop meets every remainder,
 * 1 byte included: probe.client.lengths counts those that came back whole
 * (note.client.lengths.end: how the first that did not ended).
 */
#define SHORT_LINES 16

static void
lines_of_each_length(struct run *r, int fd)
{
	char line[SHORT_LINES + 1];
	struct bytes b;
	enum run_recv end = RUN_RECV_ALL;
	int whole = 0;

	bytes_init(&b);
	for (int len = 1; len <= SHORT_LINES && end == RUN_RECV_ALL; len++) {
		memset(line, '0' + len % 10, (size_t)len - 1);
		line[len - 1] = '\n';
		if (run_tcp_send(r, fd, NULL, line, (size_t)len) == -1)
			break;
		bytes_clear(&b);
		end = run_tcp_recv(r, fd, &b, 1, ECHO_MS);
		if (end == RUN_RECV_ALL && b.len == (size_t)len &&
		    memcmp(b.data, line, b.len) == 0)
			whole++;
		else if (end == RUN_RECV_ALL)
			end = RUN_RECV_ERROR;
	}
	bytes_free(&b);
	run_note(r, "the client sent lines of 1 to %d bytes, each once the "
	    "one before had come back", SHORT_LINES);
	transcript_note_setf(r->t, "client.lengths", "end", "%s",
	    end == RUN_RECV_ALL ? "all" : end == RUN_RECV_CLOSED ? "closed" :
	    "timeout");
	transcript_setf(r->t, "probe.client.lengths", "%d of %d lines came "
	    "back whole", whole, SHORT_LINES);
}

/* server-short-io: lines through the short-I/O library. */
static void
server_short_io(struct run *r)
{
	struct proc *srv = start_at(r, "server", "127.0.0.1", 0, "shortio");
	char longest[MAX_LINE + 1];
	int fd;

	if (srv == NULL)
		return;
	transcript_note_setf(r->t, "server", "shortio", "1");
	run_note(r, "the server runs under the short-I/O library: each "
	    "send(), recv(), read() and write() on its TCP sockets moves 1 to "
	    "7 bytes at most");
	memset(longest, 'a', MAX_LINE - 1);
	longest[MAX_LINE - 1] = '\n';
	longest[MAX_LINE] = '\0';
	if ((fd = connect_as(r, "client")) != -1) {
		send_str(r, fd, "the client", "one\ntwo\nthree\n");
		record_reply(r, fd, "client.three-lines", 3);
		send_str(r, fd, "the client", longest);
		record_reply(r, fd, "client.longest", 1);
		lines_of_each_length(r, fd);
		close(fd);
	}
	run_collect(r, srv);
}

/* --- UDP checks -------------------------------------------------------- */

static char longest_datagram[LONG_DATAGRAM];

/* udpserver-exact-datagrams sends these from one socket, back to back. */
static const struct datagram {
	const char *data;
	size_t len;
	const char *what;	/* in the note instead of the data, if set */
} datagrams[] = {
	{ longest_datagram, LONG_DATAGRAM, "A to Z, again and again" },
	{ "short", 5, NULL },
	{ "zero\0byte", 9, NULL },
	{ "", 0, NULL },
};
#define N_DATAGRAMS (sizeof datagrams / sizeof datagrams[0])
#define EMPTY_ECHO "probe.echo4"	/* the empty datagram's echo */

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

/*
 * Each echo goes to probe.echoN; the fact note.echo.count says how many came
 * before one was missing.
 */
static void
udpserver_exact_datagrams(struct run *r)
{
	struct proc *srv = start_udpserver(r, 0);
	char from[64], key[32];
	struct bytes d;
	size_t i;
	int fd;

	if (srv == NULL)
		return;
	for (i = 0; i < LONG_DATAGRAM; i++)
		longest_datagram[i] = (char)('A' + i % 26);
	if ((fd = run_udp_probe(r, "127.0.0.1", 0)) == -1)
		goto out;
	for (i = 0; i < N_DATAGRAMS; i++)
		(void)run_udp_send(r, fd, r->port, datagrams[i].data,
		    datagrams[i].len, datagrams[i].what);
	bytes_init(&d);
	for (i = 0; i < N_DATAGRAMS; i++) {
		snprintf(key, sizeof key, "probe.echo%zu", i + 1);
		if (run_udp_recv(r, fd, &d, ECHO_MS, from, sizeof from) != 0) {
			transcript_setf(r->t, key, "[no datagram within %d ms]",
			    run_ms(r, ECHO_MS));
			break;
		}
		transcript_set(r->t, key, d.data, d.len);
		if (i == 0)
			transcript_setf(r->t, "probe.reply-from", "%s", from);
	}
	transcript_note_setf(r->t, "echo", "count", "%zu", i);
	bytes_free(&d);
	close(fd);
out:
	run_collect(r, srv);
}

static void
udpserver_many_senders(struct run *r)
{
	int fds[UDP_SENDERS], extra = 0, extra_at = 0, wrong = 0;
	char from[64], want[UDP_SENDERS][WANT];
	struct bytes got[UDP_SENDERS], d;
	enum run_recv end[UDP_SENDERS];
	struct proc *srv = start_udpserver(r, 0);

	if (srv == NULL)
		return;
	for (int i = 0; i < UDP_SENDERS; i++) {
		fds[i] = run_udp_probe(r, "127.0.0.1", 0);
		snprintf(want[i], WANT, "datagram from socket %d of %d", i + 1,
		    UDP_SENDERS);
		bytes_init(&got[i]);
		if (fds[i] != -1)
			(void)run_udp_send(r, fds[i], r->port, want[i],
			    strlen(want[i]), RUN_QUIET);
	}
	run_note(r, "%d sockets, each on its own port, sent one datagram "
	    "each: 'datagram from socket 1 of %d' and so on", UDP_SENDERS,
	    UDP_SENDERS);
	/* A correct server has answered them all: after one wrong, no wait. */
	for (int i = 0; i < UDP_SENDERS; i++) {
		int rc = fds[i] == -1 ? -1 : run_udp_recv(r, fds[i], &got[i],
		    wrong ? 0 : ECHO_MS, from, sizeof from);

		end[i] = rc == 0 ? RUN_RECV_ALL : rc == NET_TIMEOUT ?
		    RUN_RECV_TIMEOUT : RUN_RECV_ERROR;
		wrong += rc != 0 || strlen(want[i]) != got[i].len ||
		    memcmp(got[i].data, want[i], got[i].len) != 0;
	}
	record_echoes(r, "socket", "datagram", UDP_SENDERS, want, got, end,
	    fds);
	/* More than one datagram for a socket: others' replies went there. */
	bytes_init(&d);
	for (int i = 0; i < UDP_SENDERS; i++)
		while (fds[i] != -1 && run_udp_recv(r, fds[i], &d, 0, from,
		    sizeof from) == 0)
			if (extra++ == 0)
				extra_at = i + 1;
	bytes_free(&d);
	if (extra == 0)
		transcript_setf(r->t, "probe.extra", "no socket got a datagram "
		    "that was not its own");
	else
		transcript_setf(r->t, "probe.extra", "%d more datagram%s, the "
		    "first at socket %d", extra, extra == 1 ? "" : "s",
		    extra_at);
	close_all(fds, UDP_SENDERS);
	run_collect(r, srv);
}

/*
 * udpserver-datagram-sizes: one datagram at a time, each waiting for its
 * echo, so that no big one is dropped for want of room in a socket buffer.
 * The sizes: the largest UDP datagram, one under it, a common 4096-byte
 * buffer's size and one over, every byte value, one zero byte.
 */
static const size_t sizes[] = { 65507, 65506, 4097, 4096, 256, 1 };
#define N_SIZES (sizeof sizes / sizeof sizes[0])
#define BIGGEST 65507

/* Datagram i: A to Z again and again, or (256 bytes) every byte value. */
static void
fill_datagram(char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = len == 256 ? (char)(255 - i) : len == 1 ? '\0' :
		    (char)('A' + i % 26);
}

/*
 * probe.sizeN says how echo N compared with what was sent (the bytes
 * themselves are too many to show); the facts note.sizeN.sent and
 * note.sizeN.got are the lengths (got -1: no echo).
 */
static void
udpserver_sizes(struct run *r)
{
	static char data[BIGGEST];
	struct proc *srv = start_udpserver(r, 0);
	char from[64], key[32], what[64];
	struct bytes d, v;
	int fd;

	if (srv == NULL)
		return;
	if ((fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		goto out;
	bytes_init(&d);
	bytes_init(&v);
	for (size_t i = 0; i < N_SIZES; i++) {
		int rc;

		fill_datagram(data, sizes[i]);
		snprintf(what, sizeof what, "%s", sizes[i] == 256 ? "every "
		    "byte value, 0xff down to 0x00" : sizes[i] == 1 ? "one "
		    "zero byte" : "A to Z, again and again");
		(void)run_udp_send(r, fd, r->port, data, sizes[i], what);
		rc = run_udp_recv(r, fd, &d, ECHO_MS, from, sizeof from);
		snprintf(key, sizeof key, "size%zu", i + 1);
		transcript_note_setf(r->t, key, "sent", "%zu", sizes[i]);
		transcript_note_setf(r->t, key, "got", "%ld", rc == 0 ?
		    (long)d.len : -1L);
		snprintf(key, sizeof key, "probe.size%zu", i + 1);
		bytes_clear(&v);
		if (rc != 0) {
			transcript_setf(r->t, key, "[no datagram within %d ms]",
			    run_ms(r, ECHO_MS));
			continue;
		}
		snprintf(what, sizeof what, "the %zu bytes sent", sizes[i]);
		bytes_printf(&v, "from %s: ", from);
		(void)describe_bytes_diff(&v, data, sizes[i], d.data, d.len,
		    what);
		transcript_set(r->t, key, v.data, v.len);
	}
	bytes_free(&d);
	bytes_free(&v);
	close(fd);
out:
	run_collect(r, srv);
}

/*
 * ADDRESS and PORT other than the defaults; the datagrams come from two
 * other addresses, 127.0.0.1 and 127.0.0.3, and each reply must go back to
 * its sender, from 127.0.0.2:PORT.
 */
static void
udpserver_other_address(struct run *r)
{
	static const char *const ips[] = { "127.0.0.1", "127.0.0.3" };
	struct proc *srv = start_at(r, "udpserver", "127.0.0.2", 1, NULL);
	char to[32], from[64], key[32];
	struct bytes d;

	if (srv == NULL)
		return;
	(void)run_wait_lines(r, srv, 1, 1000);
	snprintf(to, sizeof to, "127.0.0.2:%d", r->alt_port);
	bytes_init(&d);
	for (int i = 0; i < 2; i++) {
		int fd = run_udp_probe(r, ips[i], r->probe_port[i]);

		if (fd == -1)
			break;
		(void)run_udp_reply(r, fd, to, ips[i], strlen(ips[i]), NULL);
		snprintf(key, sizeof key, "probe.from-%s", ips[i]);
		if (run_udp_recv(r, fd, &d, ECHO_MS, from, sizeof from) != 0)
			transcript_setf(r->t, key, "[no datagram within %d ms]",
			    run_ms(r, ECHO_MS));
		else
			transcript_setf(r->t, key, "'%.*s' from %s",
			    (int)d.len, d.data, from);
		close(fd);
	}
	bytes_free(&d);
	run_collect(r, srv);
}

/*
 * Send a datagram to 127.0.0.1:port that claims to come from port 0, to
 * which no reply can be sent: sendto() fails with EINVAL. It needs a raw
 * socket (CAP_NET_RAW, which the grader holds in its network namespace).
 * Returns 0, or -1 when the grader cannot forge it (noted).
 */
static int
send_from_port_zero(struct run *r, int port, const char *data, size_t len)
{
	struct sockaddr_in to;
	unsigned char d[64];
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);

	if (fd == -1 || len + 8 > sizeof d) {
		run_note(r, "the grader cannot forge a datagram here (%s)",
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	/* The UDP header: source port 0, destination, length, no checksum. */
	memset(d, 0, 8);
	d[2] = (unsigned char)(port >> 8);
	d[3] = (unsigned char)port;
	d[4] = (unsigned char)((len + 8) >> 8);
	d[5] = (unsigned char)(len + 8);
	memcpy(d + 8, data, len);
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (sendto(fd, d, len + 8, 0, (struct sockaddr *)&to, sizeof to) ==
	    -1) {
		run_note(r, "the grader cannot forge a datagram here (%s)",
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	run_note(r, "a datagram '%s' came from 127.0.0.1:0, a port no reply "
	    "can go to", data);
	return 0;
}

/*
 * A datagram no reply can go to, then one from a probe: the udpserver
 * must go on (note.udpserver.code: run_exit_code()).
 */
static void
udpserver_unanswerable(struct run *r)
{
	struct proc *srv = start_udpserver(r, 0);
	char from[64];
	struct bytes d;
	int fd;

	if (srv == NULL)
		return;
	if ((fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		goto out;
	(void)send_from_port_zero(r, r->port, "to nowhere", 10);
	bytes_init(&d);
	(void)run_udp_send(r, fd, r->port, "and then?", 9, NULL);
	if (run_udp_recv(r, fd, &d, ECHO_MS, from, sizeof from) == 0)
		transcript_set(r->t, "probe.then", d.data, d.len);
	else
		transcript_setf(r->t, "probe.then", "[no datagram within %d "
		    "ms]", run_ms(r, ECHO_MS));
	transcript_note_setf(r->t, "udpserver", "code", "%d",
	    run_exit_code(srv));
	bytes_free(&d);
	close(fd);
out:
	run_collect(r, srv);
}

/* An idle udpserver sleeps in recvfrom(), then still answers. */
static void
udpserver_idle(struct run *r)
{
	struct proc *srv = start_udpserver(r, 0);
	char from[64];
	struct bytes d;
	int fd;

	if (srv == NULL)
		return;
	if ((fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		goto out;
	bytes_init(&d);
	(void)run_udp_send(r, fd, r->port, "before", 6, NULL);
	if (run_udp_recv(r, fd, &d, ECHO_MS, from, sizeof from) == 0)
		transcript_set(r->t, "probe.before", d.data, d.len);
	run_record_idle(r, srv, "udpserver.idle");
	(void)run_udp_send(r, fd, r->port, "after", 5, NULL);
	if (run_udp_recv(r, fd, &d, ECHO_MS, from, sizeof from) == 0)
		transcript_set(r->t, "probe.after", d.data, d.len);
	else
		transcript_setf(r->t, "probe.after", "[no datagram within %d "
		    "ms]", run_ms(r, ECHO_MS));
	bytes_free(&d);
	close(fd);
out:
	run_collect(r, srv);
}

/* --- Both programs: bad arguments, a port already taken ----------------- */

/* The bad command lines of both programs (run_scenario_bad_args). */
#define BAD_COMMAND_LINES {						\
	{ "127.0.0.1", "abc" }, { "127.0.0.1", "0" },			\
	{ "127.0.0.1", "65536" }, { "127.0.0.1", "50007x" },		\
	{ "127.0.0.1", "" }, { "xyz" }, { "256.0.0.1", RUN_ARG_PORT },	\
	{ "127.0.0.1", RUN_ARG_PORT, "extra" },				\
}
static const struct run_bad_args server_bad = { "server", BAD_COMMAND_LINES };
static const struct run_bad_args udpserver_bad = { "udpserver",
    BAD_COMMAND_LINES };

/*
 * The valid ports at both ends, 1 and 65535, for r->arg's program: port 1
 * is a number it must take, but below 1024 only root may bind, so bind()
 * fails and it must exit with status 1 (label low); at 65535 it must be
 * bound and print its line (label high). Then ADDRESS alone, 127.0.0.3:
 * bound there, on the default port (label address-only). The last two
 * only in a network namespace.
 */
static void
program_port_limits(struct run *r)
{
	static const char *const low[] = { "127.0.0.1", "1", NULL };
	static const char *const high[] = { "127.0.0.1", "65535", NULL };
	static const char *const address_only[] = { "127.0.0.3", NULL };
	const char *program = r->arg;
	int type = strcmp(program, "server") == 0 ? SOCK_STREAM : SOCK_DGRAM;
	struct proc *p = run_start(r, program, "low", low);

	run_record_reaction(r, p, "low.reaction", 1000);
	run_collect(r, p);
	/*
	 * Fixed ports are ours only in a namespace: on the host's loopback,
	 * the reference's run and the student's would share them.
	 */
	if (!run_defaults_usable(r))
		return;
	p = run_start(r, program, "high", high);
	if (run_wait_bound(r, p, "high", type, 65535) == 0)
		(void)run_wait_lines(r, p, 1, 1000);
	run_collect(r, p);
	/* ADDRESS alone: the default port. */
	p = run_start(r, program, "address-only", address_only);
	(void)run_wait_bound(r, p, "address-only", type, r->port);
	(void)run_wait_lines(r, p, 1, 1000);
	run_collect(r, p);
}

/* server-port-taken: the engine's scenario, for a TCP server. */
static void
server_port_taken(struct run *r)
{
	run_scenario_port_taken(r, SOCK_STREAM);
}

/*
 * A UDP socket bound to 127.0.0.1:port without SO_REUSEADDR (which the
 * grader's probes set), so that a udpserver that sets it cannot share the
 * port either. Returns it, or -1 with note.error set.
 */
static int
hold_udp_port(struct run *r, int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		transcript_setf(r->t, "note.error", "grader bind on "
		    "127.0.0.1:%d: %s", port, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

/*
 * udpserver-port-taken: as run_scenario_port_taken, which starts a program
 * named server, with a UDP socket that has no SO_REUSEADDR.
 */
static void
udpserver_port_taken(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *p;
	int fd = hold_udp_port(r, r->port);

	if (fd == -1)
		return;
	run_note(r, "the grader holds 127.0.0.1:%d (a bound UDP socket)",
	    r->port);
	p = run_start(r, "udpserver", "udpserver", args);
	run_record_reaction(r, p, "udpserver.reaction", 1000);
	run_collect(r, p);
	close(fd);
}

/* --- Diagnoses: they test the facts the scenarios recorded ------------- */

static int
key_is(const struct difference *d, const char *key)
{
	return strcmp(d->key, key) == 0;
}

/* Does t record value at key (a fact, or what a probe received)? */
static int
says(const struct transcript *t, const char *key, const char *value)
{
	return strcmp(transcript_str(t, key), value) == 0;
}

/* Did the probe whose reply is at key receive text? */
static int
received(const struct transcript *t, const char *key, const char *text)
{
	return strstr(transcript_str(t, key), text) != NULL;
}

static const char early_echo[] = "The server echoed part of a line before "
    "its newline arrived: keep each client's bytes in its own buffer and "
    "send back only complete lines.";
static const char shared_buffer[] = "the clients share one buffer. Give each "
    "client its own (struct client), in the slot of its pollfd.";

static void
diagnose_partial(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (key_is(d, "probe.A.early") || key_is(d, "probe.B.early"))
		bytes_puts(why, early_echo);
	else if (transcript_get(got, "note.unread") != NULL)
		bytes_puts(why, "The server left a client's bytes unread while "
		    "busy with another: it serves one client at a time. poll() "
		    "every socket and call recv() once on each ready one.");
	else if (key_is(d, "probe.A") && received(got, d->key, "123"))
		bytes_printf(why, "A's line came back with B's bytes in it: %s",
		    shared_buffer);
	else if (key_is(d, "probe.A") && !received(got, d->key, "abc"))
		bytes_puts(why, "A's first piece, 'abc', was lost: keep each "
		    "client's unfinished line in its own buffer (one struct "
		    "client per pollfd slot), moved with it when slots move.");
	else if (key_is(d, "probe.C") && !says(got, "note.C.end", "closed"))
		bytes_puts(why, "When a client closes its side, recv() returns "
		    "0: close() that client's socket and remove it.");
	else if (key_is(d, "probe.B") && says(got, "note.B.end", "nothing"))
		bytes_puts(why, "B was not served after C left: removing C "
		    "dropped B. Move the LAST slot into the freed one.");
	else if (key_is(d, "probe.B") && !received(got, d->key, "123"))
		bytes_puts(why, "B's first piece was lost when C left: the "
		    "last client's buffer must move with its pollfd.");
	else
		diagnose_common(ref, got, d, why);
}

static void
diagnose_stalled(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (key_is(d, "probe.B") && says(got, "note.B.end", "nothing"))
		bytes_puts(why, "B waited while A was half-way through a line: "
		    "the server blocked on A (recv(), accept(), or a loop "
		    "until the line was complete). poll(), then recv() once on "
		    "each ready socket; make the sockets non-blocking.");
	else if (key_is(d, "probe.B") && received(got, d->key, "A stalls"))
		bytes_printf(why, "B's echo holds A's unfinished bytes: %s",
		    shared_buffer);
	else if (key_is(d, "probe.A.early"))
		bytes_puts(why, early_echo);
	else
		diagnose_common(ref, got, d, why);
}

/*
 * The other server checks' bugs, by the key that differs first (no two of
 * these checks record the same key) and the facts their scenarios noted.
 */
static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	int code = transcript_note_number(got, "server", "code");
	/* The key is how the server was after clients left (-resets)? */
	int left = key_is(d, "server.after-resets") ||
	    key_is(d, "server.after-client-left") ||
	    key_is(d, "server.after-X");
	const char *g = transcript_str(got, d->key);

	if (key_is(d, "probe.client.line") &&
	    says(got, "note.client.line.end", "nothing"))
		bytes_puts(why, "Not even one line came back: is the server "
		    "stuck in a blocking accept() or recv() instead of back in "
		    "poll()? Or does it never send() the complete lines?");
	else if (key_is(d, "probe.client.three-lines"))
		bytes_puts(why, "Three lines sent at once did not all come "
		    "back: send back everything up to the LAST newline.");
	else if (key_is(d, "probe.client.empty-line"))
		bytes_puts(why, "A line of one byte, its '\\n' alone, did not "
		    "come back: the shortest line is 1 byte. Does a loop stop "
		    "at len > 1, or a test skip short lines?");
	else if (key_is(d, "probe.client.two-pieces") &&
	    !received(got, d->key, "a line in "))
		bytes_puts(why, "The first piece of the line was lost: recv() "
		    "into line + len, at most sizeof line - len bytes.");
	else if (code == 128 + SIGSEGV && (key_is(d, "probe.almost") ||
	    key_is(d, "probe.almost.early") || key_is(d, "probe.full") ||
	    key_is(d, "probe.two-long") || key_is(d, "probe.after") ||
	    key_is(d, "probe.toolong")))
		bytes_puts(why, "The server crashed (segmentation fault) while "
		    "clients sent long lines: recv() wrote past a client's "
		    "buffer? Receive at most sizeof line - len bytes.");
	else if (key_is(d, "probe.almost") &&
	    !says(got, "note.almost.end", "all"))
		bytes_printf(why, "A line of %d bytes that arrived without its "
		    "newline first was not echoed whole once the newline came: "
		    "keep 1023 bytes, and close a client only when all %d "
		    "bytes hold no newline.", MAX_LINE, MAX_LINE);
	else if (key_is(d, "probe.full"))
		bytes_printf(why, "A client sent exactly %d bytes, no newline: "
		    "its buffer is full, the line can never end. Close it at "
		    "once, without sending anything back (len == sizeof line).",
		    MAX_LINE);
	else if (key_is(d, "probe.extra.early"))
		bytes_puts(why, "With 1000 clients connected the table is full: "
		    "the next client must wait in the accept queue. Accept "
		    "only while count < 1 + MAX_CLIENTS (<, not <=: slot 1000 "
		    "is the last one).");
	else if (key_is(d, "probe.extra"))
		bytes_puts(why, "When a client left a full table, the client "
		    "waiting in the accept queue was not served: ask poll() "
		    "about the listener again once a slot is free.");
	else if (key_is(d, "probe.connected"))
		bytes_printf(why, "%s. While the server is busy, the kernel "
		    "keeps at most the listen() backlog of new connections "
		    "waiting: use BACKLOG 256.", g);
	else if (key_is(d, "probe.echoed") &&
	    transcript_note_number(got, "echoed", "count") == 1)
		bytes_puts(why, "Only the first client was served: the server "
		    "blocks on one (recv() or accept()). poll() all sockets, "
		    "recv() once on each ready one; make them non-blocking.");
	else if (key_is(d, "probe.echoed") &&
	    transcript_note_number(got, "first-wrong", "at") > 1 &&
	    says(got, "note.first-wrong.got", "nothing"))
		bytes_printf(why, "The first clients were served, then no more "
		    "(%s): is the client table (MAX_CLIENTS, 1000) too small "
		    "or full?", transcript_str(got, "probe.first-wrong"));
	else if (key_is(d, "server.descriptors") &&
	    transcript_note_number(got, "server", "leaked") > 0)
		bytes_puts(why, "A descriptor per client stays open: close() a "
		    "client's socket when recv() returns 0 or fails (a reset "
		    "too), and remove it from the pollfd array.");
	else if ((key_is(d, "probe.X") || key_is(d, "probe.Y")) &&
	    says(got, "note.X.end", "stuck"))
		bytes_puts(why, "A client that does not read its echoes made "
		    "the server wait: its send() blocks (a blocking client "
		    "socket, or a loop that retries EAGAIN). Make every client "
		    "socket non-blocking and drop the client when send() fails "
		    "with EAGAIN.");
	else if (key_is(d, "probe.X"))
		bytes_puts(why, "The server did not drop a client that does "
		    "not read its echoes: when send() fails (EAGAIN on a full "
		    "non-blocking socket), close that client and remove it.");
	else if (key_is(d, "server.tasks"))
		bytes_printf(why, "The server ran %s: the contract asks for one "
		    "process with one thread, serving every client from one "
		    "poll() loop (no fork(), no threads).", bytes_str(&d->got));
	else if (key_is(d, "server.idle-full"))
		bytes_printf(why, "With its table full and a newcomer waiting, "
		    "the server was %s: it spins, because poll() still watches "
		    "the listener it cannot serve. Set the listener's events to "
		    "0 while the table is full (count == 1 + MAX_CLIENTS).",
		    bytes_str(&d->got));
	else if (key_is(d, "server.idle-out-of-fds") &&
	    strncmp(bytes_str(&d->got), "busy", 4) != 0)
		bytes_printf(why, "Out of descriptors (accept() failed with "
		    "EMFILE), the server ended (%s): EMFILE is no reason to "
		    "stop, nor to call accept() again and again; stop watching "
		    "the listener (events = 0) until a client leaves.",
		    transcript_fact_str(got, "server", KEY_STATUS));
	else if (key_is(d, "server.idle-out-of-fds"))
		bytes_printf(why, "Out of descriptors, with newcomers waiting, "
		    "the server was %s: it spins on a listener whose accept() "
		    "fails with EMFILE. Stop asking poll() about the listener "
		    "(events = 0) until a client leaves.", bytes_str(&d->got));
	else if (key_is(d, "probe.first"))
		bytes_printf(why, "With room for %d clients only (descriptor "
		    "limit), %s: when accept() fails with EMFILE, keep serving "
		    "the clients you have; never exit or stop for it.",
		    FEW_CLIENTS, bytes_str(&d->got));
	else if ((key_is(d, "probe.client4") || key_is(d, "probe.client5")) &&
	    code == -1)
		bytes_puts(why, "Out of descriptors (accept() failed with "
		    "EMFILE), the server did not take the waiting client when "
		    "a slot became free: after a client leaves, ask poll() "
		    "about the listener again (accepting = 1).");
	else if (key_is(d, "probe.first") || key_is(d, "probe.client4") ||
	    key_is(d, "probe.client5"))
		bytes_printf(why, "Out of descriptors (accept() failed with "
		    "EMFILE), the server ended (%s): EMFILE is no reason to "
		    "stop; stop watching the listener until a client leaves.",
		    transcript_fact_str(got, "server", KEY_STATUS));
	else if (key_is(d, "server.idle"))
		bytes_printf(why, "The server was %s: it spins instead of "
		    "sleeping in poll(). Give poll() a timeout of -1 (not 0), "
		    "ask only for POLLIN (a socket is ready for POLLOUT nearly "
		    "all the time), and remove a client whose recv() returned "
		    "0 (its socket stays readable for ever).",
		    bytes_str(&d->got));
	else if (left && diagnose_sigpipe(code, why))
		return;
	else if (left && code >= 0 && code < 128)
		bytes_printf(why, "The server %s when a client %s: a failing "
		    "recv() or send() (ECONNRESET, EPIPE) ends that client "
		    "only.", g, key_is(d, "server.after-resets") ? "reset its "
		    "connection" : "left without reading");
	else if (left && code == 128 + SIGSEGV)
		bytes_puts(why, "The server crashed (segmentation fault): "
		    "recv() wrote past a client's buffer? Receive at most "
		    "sizeof line - len bytes.");
	else if (left)
		bytes_printf(why, "The server ended (%s) while it served "
		    "clients that left early.", g);
	else if (key_is(d, "probe.toolong"))
		bytes_printf(why, "A client sent %d bytes, no newline, and "
		    "its connection did not end as expected: when its MAX_LINE "
		    "(%d) bytes are full with no newline, send nothing back, "
		    "remove it and close() its socket.", LONG_LINE, MAX_LINE);
	else if (key_is(d, "probe.two-long"))
		bytes_puts(why, "Two lines of 600 bytes sent in one piece (more "
		    "than MAX_LINE in all) did not both come back whole: after "
		    "sending the complete lines, keep the bytes after the last "
		    "newline (memmove() them to the start of the buffer) for "
		    "the next recv().");
	else if (code == 128 + SIGSEGV)
		bytes_puts(why, "The server crashed (segmentation fault) on a "
		    "long line: receive at most sizeof line - len bytes.");
	else if (key_is(d, "probe.after") &&
	    says(got, "note.after.end", "closed"))
		bytes_puts(why, "After the long line the server closed the "
		    "next client too: close only the one whose line was long.");
	else if (key_is(d, "probe.longest"))
		bytes_printf(why, "A line of exactly MAX_LINE (%d) bytes, "
		    "newline included, must come back whole: look for the "
		    "newline before checking for a full buffer.", MAX_LINE);
	else
		diagnose_common(ref, got, d, why);
}

static void
diagnose_udp(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const struct bytes *e = transcript_get(ref, d->key);
	const struct bytes *g = transcript_get(got, d->key);
	int first = transcript_note_number(got, "first-wrong", "at");

	if (key_is(d, EMPTY_ECHO) &&
	    transcript_note_number(got, "echo", "count") < 4)
		bytes_puts(why, "The empty datagram got no reply: for UDP, "
		    "recvfrom()'s 0 is a datagram of 0 bytes; echo it too.");
	else if (key_is(d, "probe.echo1") && e != NULL && g != NULL &&
	    g->len > 0 && g->len < e->len &&
	    memcmp(g->data, e->data, g->len) == 0)
		bytes_printf(why, "The %zu-byte datagram came back cut to %zu "
		    "bytes: recvfrom() drops what does not fit; use a buffer "
		    "of 65536 bytes.", e->len, g->len);
	else if (strncmp(d->key, "probe.echo", 10) == 0 && e != NULL &&
	    g != NULL && g->len > e->len)
		bytes_printf(why, "A %zu-byte datagram came back as %zu bytes: "
		    "send exactly the n bytes recvfrom() returned, never "
		    "strlen(buf) or sizeof buf.", e->len, g->len);
	else if (strncmp(d->key, "probe.echo", 10) == 0 && e != NULL &&
	    g != NULL && g->len < e->len && e->data[g->len] == '\0' &&
	    memcmp(e->data, g->data, g->len) == 0)
		bytes_printf(why, "A datagram came back cut at its zero byte, "
		    "to %zu bytes: send exactly the n bytes recvfrom() "
		    "returned, never strlen(buf).", g->len);
	else if (key_is(d, "probe.echo1") && says(got, d->key, "short"))
		bytes_puts(why, "The first datagram got no reply, and the "
		    "others came back one place early: " DIAGNOSE_SENDER_LEN
		    ".");
	else if (first == 1 && says(got, "note.first-wrong.got", "nothing"))
		bytes_puts(why, "The very first datagram got no reply: "
		    DIAGNOSE_SENDER_LEN " (stderr may name the failing call).");
	else if (first > 0 || key_is(d, "probe.extra"))
		bytes_puts(why, "A datagram did not go back to its own sender: "
		    "sendto() the address that the same recvfrom() filled in, "
		    "never a saved or fixed one; and do not connect() the "
		    "socket (it would then hear that one client only).");
	else
		diagnose_common(ref, got, d, why);
}

/*
 * A program started with other arguments (bad ones, a port taken, another
 * address): the difference is read by the label of its key, which names
 * the row or the program.
 */
static void
diagnose_start(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	struct key_info ki;
	const char *g, *command;

	transcript_key_info(d->key, &ki);
	g = transcript_fact_str(got, ki.label, KEY_STATUS);
	command = transcript_fact_str(got, ki.label, KEY_COMMAND);
	if (diagnose_refusal(ref, got, d, why))
		return;
	if (strcmp(ki.label, "high") == 0)
		bytes_printf(why, "Started as '%s', the program must accept "
		    "port 65535 and bind it (1 to 65535 are ports). Instead: "
		    "%s.", command, g);
	else if (strcmp(ki.label, "low") == 0)
		bytes_printf(why, "Started as '%s', the program must take port "
		    "1 (a valid number) and try it; its bind() fails (below "
		    "1024 only root may bind): perror(\"...: bind\") and exit "
		    "with status 1. Instead: %s.", command, g);
	else if (strcmp(ki.label, "address-only") == 0)
		bytes_printf(why, "Started as '%s', ADDRESS alone, the program "
		    "must bind that address and the default port, 50007 "
		    "(parse_arguments() reads argv[2] only when argc > 2). "
		    "Instead: %s.", command, g);
	else if (ki.kind == KEY_ADDRESS && strncmp(bytes_str(&d->got),
	    "127.0.0.1:", 10) == 0)
		bytes_printf(why, "Started as '%s', the program bound %s: bind "
		    "the ADDRESS given (inet_pton into sin_addr), not a fixed "
		    "one.", command, bytes_str(&d->got));
	else if (strcmp(ki.label, "restarted") == 0 &&
	    strstr(transcript_fact_str(got, ki.label, KEY_STDERR),
	    strerror(EADDRINUSE)) != NULL)
		bytes_puts(why, "The server could not start again at once on "
		    "its port, whose last connection is in TIME_WAIT: set "
		    "SO_REUSEADDR with setsockopt() before bind().");
	else if ((ki.kind == KEY_STATUS || ki.kind == KEY_FACT) &&
	    transcript_get(ref, "udpserver.reaction") != NULL)
		bytes_printf(why, "With its port already taken, bind() fails: "
		    "the udpserver must print perror(\"udpserver: bind\") and "
		    "exit with status 1. Instead: %s.", g);
	else
		diagnose_common(ref, got, d, why);
}

/* Is byte at of the datagram of size bytes (fill_datagram) a zero byte? */
static int
zero_at(long size, long at)
{
	return (size == 256 && at == 255) || (size == 1 && at == 0);
}

/*
 * The UDP checks' size, address and idle keys; the rest goes to
 * diagnose_udp.
 */
static void
diagnose_udp_more(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	struct key_info ki;
	char name[32];
	long sent = -1, n = -1;

	if (strncmp(d->key, "probe.size", 10) == 0) {
		snprintf(name, sizeof name, "%s", d->key + 6);
		sent = transcript_note_number(got, name, "sent");
		n = transcript_note_number(got, name, "got");
	}
	transcript_key_info(d->key, &ki);
	if (sent > 0 && n >= 0 && n < sent && zero_at(sent, n))
		bytes_printf(why, "The %ld-byte datagram came back cut at its "
		    "zero byte, to %ld bytes: send exactly the n bytes "
		    "recvfrom() returned, never strlen(buf).", sent, n);
	else if (sent > 0 && n > 0 && n < sent)
		bytes_printf(why, "The %ld-byte datagram came back cut to %ld "
		    "bytes: recvfrom() drops what does not fit in its buffer "
		    "(UDP keeps no rest for the next call). Receive into a "
		    "buffer of at least 65507 bytes, the largest UDP datagram "
		    "(MAX_DATAGRAM, 65536).", sent, n);
	else if (sent > 0 && n > sent)
		bytes_printf(why, "The %ld-byte datagram came back as %ld "
		    "bytes: send exactly the n bytes recvfrom() returned, "
		    "never strlen(buf) or sizeof buf.", sent, n);
	else if (sent > 0 && n == -1)
		bytes_printf(why, "The %ld-byte datagram got no reply within "
		    "%s: is the buffer big enough, and the reply sent with "
		    "sendto() to its sender?", sent, "1 s");
	else if (key_is(d, "probe.then") &&
	    transcript_note_number(got, "udpserver", "code") >= 0)
		bytes_printf(why, "After a datagram from port 0, to which no "
		    "reply can go (sendto() fails with EINVAL), the udpserver "
		    "ended (%s): a failing sendto() loses one reply; "
		    "perror(\"udpserver: sendto\") and go on.",
		    transcript_fact_str(got, "udpserver", KEY_STATUS));
	else if (key_is(d, "udpserver.idle"))
		bytes_printf(why, "The udpserver was %s: it spins instead of "
		    "sleeping. Let recvfrom() wait on a blocking socket (no "
		    "O_NONBLOCK, no MSG_DONTWAIT, no poll() timeout of 0).",
		    bytes_str(&d->got));
	else if (ki.kind == KEY_ADDRESS || ki.kind == KEY_STATUS)
		diagnose_start(ref, got, d, why);
	else if (strncmp(d->key, "probe.from-", 11) == 0)
		bytes_puts(why, "A datagram did not go back to its own sender: "
		    "sendto() the address that the same recvfrom() filled in, "
		    "never a saved or fixed one.");
	else
		diagnose_udp(ref, got, d, why);
}

/*
 * server-any-bytes and server-short-io: what came back of lines holding
 * any byte, coalesced with the next, or moved a few bytes at a time.
 */
static void
diagnose_bytes(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const struct bytes *e = transcript_get(ref, d->key);
	const struct bytes *g = transcript_get(got, d->key);
	const char *end = transcript_note_str(got, d->key + 6, "end");
	int shortio = transcript_note_number(got, "server", "shortio") == 1;
	const char *zero = e != NULL ? memchr(e->data, '\0', e->len) : NULL;
	size_t z = zero != NULL ? (size_t)(zero - e->data) : 0;

	if (e == NULL || g == NULL || strncmp(d->key, "probe.", 6) != 0)
		diagnose_common(ref, got, d, why);
	else if (key_is(d, "probe.client.lengths"))
		bytes_printf(why, "Of lines of 1 to %d bytes, %s: under short "
		    "I/O, a send() loop that stops early (while len > 1?) or "
		    "never loops loses the end of an echo. Loop while len > 0, "
		    "adding what each send() took.", SHORT_LINES, g->data);
	else if (zero != NULL && g->len >= z && memcmp(g->data, e->data,
	    z) == 0 && (g->len == z || g->data[z] != '\0'))
		bytes_puts(why, "The line came back cut at its zero byte: the "
		    "server treats the bytes as a C string (strlen(), strchr(), "
		    "strcpy(), %s). Work with lengths: look for the '\\n' "
		    "among the len bytes received, send exactly those bytes.");
	else if (zero != NULL && strcmp(end, "nothing") == 0)
		bytes_puts(why, "A line holding a zero byte (and bytes of 0x80 "
		    "and more) never came back: the server treats the bytes as "
		    "a C string (strlen(), strchr() stop at the zero byte). Look "
		    "for the '\\n' among the len bytes received.");
	else if (strcmp(end, "closed") == 0 && e->len == MAX_LINE)
		bytes_printf(why, "A line of exactly MAX_LINE (%d) bytes, "
		    "newline included, must come back whole, but the server "
		    "closed the connection: look for the newline before "
		    "checking for a full buffer.", MAX_LINE);
	else if (strcmp(end, "all") == 0 && g->len < e->len &&
	    memcmp(e->data + e->len - g->len, g->data, g->len) == 0)
		bytes_puts(why, "The start of a line that arrived together with "
		    "the end of the one before was lost: after sending the "
		    "complete lines, keep the bytes after the last newline "
		    "(memmove() them to the start of the buffer), do not empty "
		    "it.");
	else if (shortio && strcmp(end, "all") != 0)
		bytes_puts(why, "Under short I/O less came back than was sent: "
		    "a send() may take only part of the bytes. Loop until "
		    "every byte is sent (send_all()), as in lessons 04 and 05.");
	else if (g->len > e->len && memcmp(e->data, g->data, e->len) == 0)
		bytes_puts(why, early_echo);
	else if (strcmp(end, "timeout") == 0 || strcmp(end, "nothing") == 0)
		bytes_puts(why, "Of the lines that arrived together, not all "
		    "came back: send back everything up to the LAST newline, "
		    "keep only the rest.");
	else
		diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-listens", .rules = "S1 S4 S17",
		.title = "the server listens on its default address, "
		    "127.0.0.1:50007",
		.hint = "Set up the listener as in lesson 01 (socket, "
		    "SO_REUSEADDR, bind, listen with BACKLOG), print the "
		    "listening line, then enter the poll() loop.",
		.scenario = server_listens, .diagnose = diagnose_common,
	}, {
		.name = "server-other-address", .rules = "S1 S4",
		.title = "started as 'server 127.0.0.2 PORT', it listens and "
		    "echoes there",
		.hint = "Bind the ADDRESS and PORT that parse_arguments() "
		    "read (inet_pton into sin_addr, htons(port)), and print "
		    "the address you bound.",
		.scenario = server_other_address, .diagnose = diagnose_start,
	}, {
		.name = "server-quick-restart", .rules = "S2",
		.title = "starts again at once while its old connection is in "
		    "TIME_WAIT",
		.hint = "int yes = 1; setsockopt(listener, SOL_SOCKET, "
		    "SO_REUSEADDR, &yes, sizeof yes) before bind().",
		.scenario = server_quick_restart, .diagnose = diagnose_start,
	}, {
		.name = "server-port-taken", .rules = "S18",
		.title = "exits with status 1 and a message when its port is "
		    "taken",
		.hint = "Check bind(): on -1, perror(\"server: bind\"), "
		    "close the socket and return 1 from main().",
		.scenario = server_port_taken, .diagnose = diagnose_start,
	}, {
		.name = "server-port-limits", .rules = "A1 S1 S18",
		.title = "port 1 is tried (bind() fails: status 1), port 65535 "
		    "is bound, ADDRESS alone takes the default port",
		.hint = "Keep the skeleton's parse_port() (1 to 65535), and "
		    "check bind(): on -1, perror(\"server: bind\") and "
		    "return 1.",
		.scenario = program_port_limits, .arg = "server",
		.diagnose = diagnose_start,
	}, {
		.name = "server-bad-arguments", .rules = "A1 A2 A3",
		.title = "ports abc, 0, 65536, 50007x and '', addresses xyz and "
		    "256.0.0.1, three arguments: a message, status 2",
		.hint = "Keep the skeleton's parse_arguments() and "
		    "parse_port(): a port is 1 to 65535 with nothing after "
		    "it, an address what inet_pton() takes, at most two "
		    "arguments; on error, a message and return 2.",
		.scenario = run_scenario_bad_args, .arg = &server_bad,
		.diagnose = diagnose_start,
	}, {
		.name = "server-echoes-lines", .rules = "S8 S9 S11",
		.title = "echoes a line, three lines sent at once, and a line "
		    "sent in two pieces",
		.hint = "Add what recv() returns after the bytes kept for "
		    "that client, send back everything up to the last "
		    "newline, keep the rest.",
		.scenario = server_echoes_lines, .diagnose = diagnose_server,
	}, {
		.name = "server-any-bytes", .rules = "S8 S9",
		.title = "lines holding '\\0' and bytes of 0x80 and more, and "
		    "lines that arrive with the start of the next",
		.hint = "Treat the buffer as len bytes, not as a string: find "
		    "the last '\\n' among them and send exactly the bytes "
		    "before it, the '\\n' included.",
		.scenario = server_any_bytes, .diagnose = diagnose_bytes,
	}, {
		.name = "server-short-io", .rules = "S8 S9",
		.title = "lines still come back whole when each send() and "
		    "recv() moves 1 to 7 bytes",
		.hint = "send() may take only part of what you give it: loop "
		    "until every byte is sent (send_all()), and keep each "
		    "client's unfinished line between recv()s.",
		.scenario = server_short_io, .diagnose = diagnose_bytes,
	}, {
		.name = "server-partial-lines", .rules = "S5 S9 S10 S13",
		.title = "two clients' unfinished lines stay apart, even when "
		    "a third client leaves",
		.hint = "One struct client per pollfd slot, and when a client "
		    "leaves, move the last slot's pollfd AND buffer into its "
		    "place.",
		.scenario = server_partial_lines, .diagnose = diagnose_partial,
	}, {
		.name = "server-stalled-client", .rules = "S5 S9",
		.title = "while A is half-way through a line, B still gets "
		    "its echo",
		.hint = "Never wait for one client: poll() all the sockets, "
		    "then call recv() once on each ready one. Make the "
		    "sockets non-blocking.",
		.scenario = server_stalled_client, .diagnose = diagnose_stalled,
	}, {
		.name = "server-200-clients", .rules = "S3 S5 S10",
		.title = "200 clients arriving at once each get their own "
		    "line back",
		.hint = "listen() with BACKLOG 256, accept every waiting "
		    "connection when the listener is readable, and keep room "
		    "for many clients.",
		.scenario = server_crowd, .arg = &crowd_200,
		.diagnose = diagnose_server,
	}, {
		.name = "server-1000-clients", .rules = "S7 S10 S16",
		.title = "1000 clients connected at once each get their own "
		    "line back; the next one waits until one leaves",
		.hint = "Room for MAX_CLIENTS (1000) clients in the table, "
		    "and descriptors for them all (select() handles only "
		    "descriptors below FD_SETSIZE, 1024).",
		.scenario = server_crowd, .arg = &crowd_1000,
		.diagnose = diagnose_server,
	}, {
		.name = "server-out-of-descriptors", .rules = "S7a",
		.title = "with room for 3 clients only, the 4th and 5th wait, "
		    "the server sleeps, and each is served when one leaves",
		.hint = "When accept() fails with EMFILE, set the listener's "
		    "events to 0 (accepting = 0) and keep serving; set it back "
		    "when a client is removed.",
		.scenario = server_out_of_fds, .diagnose = diagnose_server,
	}, {
		.name = "server-survives-resets", .rules = "S13 S15 S17",
		.title = "clients that reset or leave early do not stop the "
		    "server",
		.hint = "A failing recv() or send() ends that client only. "
		    "Send with MSG_NOSIGNAL so that a client that has gone "
		    "cannot kill the server with SIGPIPE.",
		.scenario = server_survives_resets, .diagnose = diagnose_server,
	}, {
		.name = "server-not-reading", .rules = "S14 S15",
		.title = "a client that never reads its echoes is dropped, and "
		    "the others are served",
		.hint = "Client sockets non-blocking: when send() fails with "
		    "EAGAIN, the client does not read; remove it instead of "
		    "waiting for it.",
		.scenario = server_not_reading, .diagnose = diagnose_server,
	}, {
		.name = "server-no-fd-leak", .rules = "S13",
		.title = "after 50 clients came and went, the server holds no "
		    "more descriptors than before",
		.hint = "close() the client's socket whenever you remove it, "
		    "whatever the reason: end of file, reset, or any error.",
		.scenario = server_crowd, .arg = &crowd_leak,
		.diagnose = diagnose_server,
	}, {
		.name = "server-long-line", .rules = "S11 S12",
		.title = "lines of up to 1024 bytes are echoed; a client "
		    "whose line grows longer is disconnected",
		.hint = "Receive at most sizeof line - len bytes; when the "
		    "buffer is full and holds no newline, close that client.",
		.scenario = server_long_line, .diagnose = diagnose_server,
	}, {
		.name = "server-sleeps-when-idle", .rules = "S6 S16",
		.title = "one process, one thread, asleep while nobody sends; "
		    "then it still answers",
		.hint = "One poll() loop, no fork() or threads; poll() with "
		    "timeout -1 and events POLLIN only, and remove a client "
		    "whose recv() returned 0.",
		.scenario = server_idle, .diagnose = diagnose_server,
	}, {
		.name = "udpserver-binds", .rules = "U1 U2",
		.title = "the UDP twin binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), bind() as in lesson "
		    "02, print the bound line.",
		.scenario = udpserver_binds, .diagnose = diagnose_common,
	}, {
		.name = "udpserver-other-address", .rules = "U1 U2 U3 U6",
		.title = "started as 'udpserver 127.0.0.2 PORT', it answers "
		    "there, to senders on other addresses",
		.hint = "Bind the ADDRESS and PORT given; reply with sendto() "
		    "to the address recvfrom() filled in.",
		.scenario = udpserver_other_address,
		.diagnose = diagnose_udp_more,
	}, {
		.name = "udpserver-port-taken", .rules = "U10",
		.title = "exits with status 1 and a message when its port is "
		    "taken",
		.hint = "Check bind(): on -1, perror(\"udpserver: bind\"), "
		    "close the socket and return 1 from main().",
		.scenario = udpserver_port_taken, .diagnose = diagnose_start,
	}, {
		.name = "udpserver-port-limits", .rules = "A1 U1 U10",
		.title = "port 1 is tried (bind() fails: status 1), port 65535 "
		    "is bound, ADDRESS alone takes the default port",
		.hint = "Keep the skeleton's parse_port() (1 to 65535), and "
		    "check bind(): on -1, perror(\"udpserver: bind\") and "
		    "return 1.",
		.scenario = program_port_limits, .arg = "udpserver",
		.diagnose = diagnose_start,
	}, {
		.name = "udpserver-bad-arguments", .rules = "A1 A2 A3",
		.title = "ports abc, 0, 65536, 50007x and '', addresses xyz and "
		    "256.0.0.1, three arguments: a message, status 2",
		.hint = "Keep the skeleton's parse_arguments() and "
		    "parse_port(): a port is 1 to 65535 with nothing after "
		    "it, an address what inet_pton() takes, at most two "
		    "arguments; on error, a message and return 2.",
		.scenario = run_scenario_bad_args, .arg = &udpserver_bad,
		.diagnose = diagnose_start,
	}, {
		.name = "udpserver-exact-datagrams", .rules = "U3 U4 U5",
		.title = "datagrams of 1500, 5, 9 and 0 bytes come back "
		    "exactly",
		.hint = "Receive into a 65536-byte buffer and send back "
		    "exactly the n bytes recvfrom() returned, even when n is "
		    "0.",
		.scenario = udpserver_exact_datagrams, .diagnose = diagnose_udp,
	}, {
		.name = "udpserver-datagram-sizes", .rules = "U3 U4",
		.title = "datagrams of 65507 (the largest), 65506, 4097, 4096, "
		    "256 (every byte value) and 1 bytes come back whole",
		.hint = "A buffer of MAX_DATAGRAM (65536) bytes, and sendto() "
		    "of exactly the n bytes recvfrom() returned: UDP cuts a "
		    "datagram that does not fit.",
		.scenario = udpserver_sizes, .diagnose = diagnose_udp_more,
	}, {
		.name = "udpserver-many-senders", .rules = "U3 U6",
		.title = "50 sockets each get their own datagram back",
		.hint = "Reply to the address recvfrom() filled in for this "
		    "datagram; set its length to sizeof before every call.",
		.scenario = udpserver_many_senders, .diagnose = diagnose_udp,
	}, {
		.name = "udpserver-sendto-fails", .rules = "U8",
		.title = "after a datagram it cannot answer (from port 0), it "
		    "goes on",
		.hint = "A failing sendto() loses one reply, no more: "
		    "perror(\"udpserver: sendto\") and go on to the next "
		    "recvfrom().",
		.scenario = udpserver_unanswerable,
		.diagnose = diagnose_udp_more,
	}, {
		.name = "udpserver-sleeps-when-idle", .rules = "U7",
		.title = "asleep in recvfrom() while nobody sends; then it "
		    "still answers",
		.hint = "A blocking recvfrom() sleeps until a datagram comes: "
		    "no O_NONBLOCK, no MSG_DONTWAIT, no busy loop.",
		.scenario = udpserver_idle, .diagnose = diagnose_udp_more,
	},
};

static const char *const programs[] = { "server", "udpserver", NULL };

static const struct lesson lesson_07 = {
	.dir = "07-concurrency",
	.title = "Concurrency: many clients at once, with poll() and with UDP",
	.programs = programs,
	.shim = "shortio",
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
};

LESSON_REGISTER(lesson_07)

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

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diagnose.h"
#include "lesson.h"

#define ECHO_MS 1000		/* how long a probe waits for an echo */
#define MAX_CROWD 200		/* server-200-clients */
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
};

/* All 200 wait in the backlog at once: the backlog must hold them. */
static const struct crowd crowd_200 = { MAX_CROWD, MAX_CROWD, 1, 0 };
/*
 * In waves of 8: fewer than lesson 01's listen() backlog of 10, so that a
 * small backlog (server-200-clients' business) cannot make this check fail
 * some of the time.
 */
static const struct crowd crowd_leak = { 50, 8, 0, 1 };

static void
server_crowd(struct run *r)
{
	const struct crowd *c = r->arg;
	int fds[MAX_CROWD], connected = 0, before, after;
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

		connected += run_tcp_connect_many(r, r->port, fds + first, n,
		    c->paused ? 500 : 1000);
		if (c->paused)
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
	round_trip(r, "after", "a short line after the long one\n");
	run_collect(r, srv);
	transcript_note_setf(r->t, "server", "code", "%d",
	    run_exit_code(srv));
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
	    key_is(d, "server.after-client-left");
	const char *g = transcript_str(got, d->key);

	if (key_is(d, "probe.client.line") &&
	    says(got, "note.client.line.end", "nothing"))
		bytes_puts(why, "Not even one line came back: is the server "
		    "stuck in a blocking accept() or recv() instead of back in "
		    "poll()? Or does it never send() the complete lines?");
	else if (key_is(d, "probe.client.three-lines"))
		bytes_puts(why, "Three lines sent at once did not all come "
		    "back: send back everything up to the LAST newline.");
	else if (key_is(d, "probe.client.two-pieces") &&
	    !received(got, d->key, "a line in "))
		bytes_puts(why, "The first piece of the line was lost: recv() "
		    "into line + len, at most sizeof line - len bytes.");
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
		bytes_printf(why, "A client sent %d bytes, no newline: close "
		    "it when its MAX_LINE (%d) bytes are full with no newline.",
		    LONG_LINE, MAX_LINE);
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

static const struct check checks[] = {
	{
		.name = "server-listens", .rules = "server 1",
		.title = "the server listens on its default address, "
		    "127.0.0.1:50007",
		.hint = "Set up the listener as in lesson 01 (socket, "
		    "SO_REUSEADDR, bind, listen with BACKLOG), print the "
		    "listening line, then enter the poll() loop.",
		.scenario = server_listens, .diagnose = diagnose_common,
	}, {
		.name = "server-echoes-lines", .rules = "server 3",
		.title = "echoes a line, three lines sent at once, and a line "
		    "sent in two pieces",
		.hint = "Add what recv() returns after the bytes kept for "
		    "that client, send back everything up to the last "
		    "newline, keep the rest.",
		.scenario = server_echoes_lines, .diagnose = diagnose_server,
	}, {
		.name = "server-partial-lines", .rules = "server 2, 3, 5",
		.title = "two clients' unfinished lines stay apart, even when "
		    "a third client leaves",
		.hint = "One struct client per pollfd slot, and when a client "
		    "leaves, move the last slot's pollfd AND buffer into its "
		    "place.",
		.scenario = server_partial_lines, .diagnose = diagnose_partial,
	}, {
		.name = "server-stalled-client", .rules = "server 2, 3",
		.title = "while A is half-way through a line, B still gets "
		    "its echo",
		.hint = "Never wait for one client: poll() all the sockets, "
		    "then call recv() once on each ready one. Make the "
		    "sockets non-blocking.",
		.scenario = server_stalled_client, .diagnose = diagnose_stalled,
	}, {
		.name = "server-200-clients", .rules = "server 1, 2, 3",
		.title = "200 clients arriving at once each get their own "
		    "line back",
		.hint = "listen() with BACKLOG 256, accept every waiting "
		    "connection when the listener is readable, and keep room "
		    "for many clients.",
		.scenario = server_crowd, .arg = &crowd_200,
		.diagnose = diagnose_server,
	}, {
		.name = "server-survives-resets", .rules = "server 5",
		.title = "clients that reset or leave early do not stop the "
		    "server",
		.hint = "A failing recv() or send() ends that client only. "
		    "Send with MSG_NOSIGNAL so that a client that has gone "
		    "cannot kill the server with SIGPIPE.",
		.scenario = server_survives_resets, .diagnose = diagnose_server,
	}, {
		.name = "server-no-fd-leak", .rules = "server 5",
		.title = "after 50 clients came and went, the server holds no "
		    "more descriptors than before",
		.hint = "close() the client's socket whenever you remove it, "
		    "whatever the reason: end of file, reset, or any error.",
		.scenario = server_crowd, .arg = &crowd_leak,
		.diagnose = diagnose_server,
	}, {
		.name = "server-long-line", .rules = "server 4",
		.title = "a 1024-byte line is echoed; a client whose line "
		    "grows longer is disconnected",
		.hint = "Receive at most sizeof line - len bytes; when the "
		    "buffer is full and holds no newline, close that client.",
		.scenario = server_long_line, .diagnose = diagnose_server,
	}, {
		.name = "udpserver-binds", .rules = "udpserver 1",
		.title = "the UDP twin binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), bind() as in lesson "
		    "02, print the bound line.",
		.scenario = udpserver_binds, .diagnose = diagnose_common,
	}, {
		.name = "udpserver-exact-datagrams", .rules = "udpserver 2",
		.title = "datagrams of 1500, 5, 9 and 0 bytes come back "
		    "exactly",
		.hint = "Receive into a 65536-byte buffer and send back "
		    "exactly the n bytes recvfrom() returned, even when n is "
		    "0.",
		.scenario = udpserver_exact_datagrams, .diagnose = diagnose_udp,
	}, {
		.name = "udpserver-many-senders", .rules = "udpserver 2",
		.title = "50 sockets each get their own datagram back",
		.hint = "Reply to the address recvfrom() filled in for this "
		    "datagram; set its length to sizeof before every call.",
		.scenario = udpserver_many_senders, .diagnose = diagnose_udp,
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

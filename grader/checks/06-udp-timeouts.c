/*
 * 06-udp-timeouts: checks for the lesson on timeouts, retries and connected
 * UDP: a server that answers each request "SEQ MESSAGE" with the same bytes
 * in capitals, and a client that waits MS per attempt (-t MS, TIMEOUT_MS by
 * default), ATTEMPTS times, ignores datagrams from anyone but the server and
 * replies to another attempt, and with -c reports "Connection refused" when
 * nothing is bound.
 *
 * For the student's client the grader plays the server: a probe on the
 * server's port that answers, stays silent, or first answers from the wrong
 * place, as the row's plan says. The checks that need only some timeout
 * give the client a short one (-t 40); client-retries alone relies on the
 * default. Times are never compared as numbers: the scenario measures them
 * and records a verdict ("gave up within the bound"), the same words for
 * every correct program, judging only what a busy machine cannot break: no
 * wait ends before its timeout, and upper bounds add SLACK_MS (scaled).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"

/* The contract: client.c's TIMEOUT_MS (without -t) and ATTEMPTS. */
#define TIMEOUT_MS 150
#define ATTEMPTS 3
/* The -t of the checks that need only some timeout. */
#define SHORT_ARG "40"
/*
 * The -t of the checks where the reference server answers: long, so that
 * a machine too busy to answer within 40 ms never makes a correct client
 * give up (seen at a load of 40 on two cores).
 */
#define ANSWERED_ARG "1000"
/* What a busy machine may add to n waits of T ms: at most n * T + SLACK_MS. */
#define SLACK_MS 225
/*
 * The -t of client-connected-refused: long, so that a client that takes
 * each refusal for a timeout ends long before three timeouts could pass
 * (seen at 40 ms: a load of 30 on two cores slowed such a client past
 * them); one never refused waits them all, past REFUSED_BOUND_MS.
 */
#define REFUSED_ARG "400"
/* With -c and nothing bound, the refusal must come within this. */
#define REFUSED_BOUND_MS 1000
/* Requests recorded one by one; more are only counted. */
#define MAX_REQUESTS_SHOWN 8

#define CUSTOM_MESSAGE "socklab: a connected request"
/* The server's buffer (server.c's BUFFER_SIZE); the client's is as big. */
#define BUFFER_SIZE 1024
/* An address of the loopback other than 127.0.0.1; the same alone. */
#define OTHER_IP "127.0.0.2"
#define ADDRESS_ONLY "<127.0.0.2 alone>"
/* A MESSAGE of every kind of byte, and ones of 1000 and 1001 bytes. */
#define BYTES_MESSAGE "caf\xc3\xa9 \xe9t\xe9\nnew line \xff\x80"
#define M100 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
#define M1000 M100 M100 M100 M100 M100 M100 M100 M100 M100 M100
#define M1001 M1000 "!"
#define SERVER_REQUEST "41 Hello from the grader: capitals, please"
#define FIRST_REQUEST "7 a long request from the first client"
#define SECOND_REQUEST "12 second"

/* The texts of the grader's replies (after "SEQ "). */
#define RIGHT_TEXT "the right reply, from the server"
#define OTHER_PORT_TEXT "a reply from another port"
#define OTHER_ADDRESS_TEXT "a reply from another address"
#define STALE_TEXT "a late reply to attempt 1"

/* What the grader playing the server does with the requests. */
enum plan {
	PLAN_SILENT,		/* never answers */
	PLAN_DROP_FIRST,	/* no answer to request 1; answers the others */
	PLAN_WRONG_SENDERS,	/* answers request 1 from elsewhere first */
	PLAN_STALE_FIRST,	/* no answer to request 1; request 2 gets a
				   late answer to request 1 before its own */
	PLAN_ANSWER,		/* answers request 1 at once */
	PLAN_JUNK_FIRST,	/* answers request 1 from the server's port,
				   after datagrams that are no reply to it */
};

/* Datagrams from the server's port that are no reply to attempt 1. */
static const struct {
	const char *data;
	size_t len;
} junk[] = {
	{ "", 0 }, { "1", 1 }, { "11 eleven", 9 }, { "01 zero one", 11 },
	{ "2 two", 5 },
};

/* A client check's row. */
struct client_case {
	enum plan plan;		/* client_with_grader: what the grader does */
	int waits;		/* timeouts timed from request 1 to the exit
				   (PLAN_SILENT) or to request 2; 0: none */
	const char *argv[8];	/* the client's arguments */
	const char *also[8];	/* a second client's, run meanwhile, or none */
	const char *text;	/* PLAN_ANSWER, PLAN_JUNK_FIRST: the reply's
				   TEXT (text_len bytes), or NULL: letters
				   making a datagram of text_len bytes */
	size_t text_len;
	int at_once;		/* time its exit from request 1 */
};

/* The grader playing the server for the student's client. */
struct peer {
	const struct client_case *c;
	int fd[3];		/* 127.0.0.1:PORT, and for PLAN_WRONG_SENDERS
				   127.0.0.1:PROBE2 and 127.0.0.2:PORT (-1) */
	int count;		/* requests received */
	int same_seq;		/* every request had request 1's SEQ */
	char first_seq[32];
	struct bytes requests;	/* the requests, one per line */
	int64_t first_at;	/* when request 1 arrived; 0: none came */
	int64_t second_at;	/* when request 2 arrived; 0: none came */
	int64_t ended_at;	/* when the client was seen ended; 0: never */
	struct proc *also;	/* another client to watch meanwhile, or NULL */
	int64_t also_ended_at;
};

/* The timeout argv gives the client (its -t, else TIMEOUT_MS), in ms. */
static int
timeout_of(const char *const argv[])
{
	for (int i = 0; argv[i] != NULL; i++)
		if (strcmp(argv[i], "-t") == 0 && argv[i + 1] != NULL)
			return atoi(argv[i + 1]);
	return TIMEOUT_MS;
}

/* How long a scenario waits for a client with argv (unscaled). */
static int
wait_ms(const char *const argv[])
{
	return ATTEMPTS * timeout_of(argv) + 2 * SLACK_MS;
}

/*
 * Send "SEQ TEXT" from fd to the client at to ("IP:PORT"), which waits
 * wait_ms for it, and note it.
 */
static void
reply(struct run *r, int fd, const char *to, const char *seq,
    const char *text, int wait_ms)
{
	char line[256];
	int len = snprintf(line, sizeof line, "%s %s", seq, text);

	(void)run_udp_reply_within(r, fd, to, line, (size_t)len, NULL,
	    wait_ms);
}

/*
 * Send "SEQ " and c's TEXT from fd to the client at to: its bytes, or
 * letters filling a datagram of c->text_len bytes.
 */
static void
reply_text(struct run *r, int fd, const char *to, const char *seq,
    const struct client_case *c)
{
	struct bytes d;
	char what[64];

	bytes_init(&d);
	bytes_printf(&d, "%s ", seq);
	if (c->text != NULL)
		bytes_append(&d, c->text, c->text_len);
	for (size_t i = 0; c->text == NULL && d.len < c->text_len; i++)
		bytes_printf(&d, "%c", 'a' + (int)(i % 26));
	snprintf(what, sizeof what, "'%s' and %zu letters", seq, d.len -
	    strlen(seq) - 1);
	(void)run_udp_reply_within(r, fd, to, d.data, d.len, c->text == NULL ?
	    what : NULL, timeout_of(c->argv));
	bytes_free(&d);
}

/*
 * Record request d, from "IP:PORT", and unless answer is 0 answer it as
 * p's plan says.
 */
static void
handle_request(struct run *r, struct peer *p, const struct bytes *d,
    const char *from, int answer)
{
	char seq[32];
	struct bytes shown;
	int wait = timeout_of(p->c->argv);

	snprintf(seq, sizeof seq, "%.*s", (int)strcspn(bytes_str(d), " "),
	    bytes_str(d));
	if (++p->count == 1) {
		p->first_at = run_udp_arrival(p->fd[0]);
		snprintf(p->first_seq, sizeof p->first_seq, "%s", seq);
	}
	if (p->count == 2)
		p->second_at = run_udp_arrival(p->fd[0]);
	p->same_seq = (p->count == 1 || p->same_seq) &&
	    strcmp(seq, p->first_seq) == 0;
	if (p->count <= MAX_REQUESTS_SHOWN) {
		bytes_append(&p->requests, d->data, d->len);
		bytes_puts(&p->requests, "\n");
	} else if (p->count == MAX_REQUESTS_SHOWN + 1) {
		bytes_puts(&p->requests, "[... more]\n");
	}
	answer = answer && (p->c->plan == PLAN_WRONG_SENDERS ||
	    p->c->plan == PLAN_ANSWER || p->c->plan == PLAN_JUNK_FIRST ||
	    (p->c->plan != PLAN_SILENT && p->count > 1));
	bytes_init(&shown);
	escape_bytes(&shown, d->data, d->len, 200);
	run_note(r, "request %d from %s: '%s'%s", p->count, from,
	    bytes_str(&shown), answer ? "" : "; not answered");
	bytes_free(&shown);
	if (!answer)
		return;
	/* The wrong ones first: the client reads them first. */
	for (int i = 1; i < 3 && p->count == 1; i++)
		if (p->fd[i] != -1)
			reply(r, p->fd[i], from, seq, i == 1 ? OTHER_PORT_TEXT :
			    OTHER_ADDRESS_TEXT, wait);
	if (p->c->plan == PLAN_STALE_FIRST && p->count == 2)
		reply(r, p->fd[0], from, p->first_seq, STALE_TEXT, wait);
	for (size_t i = 0; p->c->plan == PLAN_JUNK_FIRST && i < sizeof junk /
	    sizeof junk[0]; i++)
		(void)run_udp_reply(r, p->fd[0], from, junk[i].data,
		    junk[i].len, NULL);
	if (p->c->plan == PLAN_ANSWER || p->c->plan == PLAN_JUNK_FIRST)
		reply_text(r, p->fd[0], from, seq, p->c);
	else
		reply(r, p->fd[0], from, seq, RIGHT_TEXT, wait);
}

static void
peer_close(struct peer *p)
{
	for (int i = 0; i < 3; i++)
		if (p->fd[i] != -1)
			close(p->fd[i]);
	bytes_free(&p->requests);
}

/*
 * Bind the grader's server on 127.0.0.1:PORT, and the wrong senders of
 * PLAN_WRONG_SENDERS: 127.0.0.1:PROBE2 and, where every 127.x.y.z is ours
 * (a private namespace), 127.0.0.2:PORT. Returns 0, or -1 with note.error
 * set and every socket closed.
 */
static int
peer_open(struct run *r, struct peer *p, const struct client_case *c)
{
	int wrong = c->plan == PLAN_WRONG_SENDERS;

	memset(p, 0, sizeof *p);
	p->c = c;
	bytes_init(&p->requests);
	p->fd[0] = run_udp_probe(r, "127.0.0.1", r->port);
	p->fd[1] = wrong && p->fd[0] != -1 ? run_udp_probe(r, "127.0.0.1",
	    r->probe_port[1]) : -1;
	p->fd[2] = wrong && p->fd[1] != -1 && run_defaults_usable(r) ?
	    run_udp_probe(r, "127.0.0.2", r->port) : -1;
	if (p->fd[0] != -1 && (!wrong || (p->fd[1] != -1 &&
	    (p->fd[2] != -1 || !run_defaults_usable(r)))))
		return 0;
	peer_close(p);
	return -1;
}

/*
 * Play the server for cli until it ends or, at the latest, its wait after
 * its first request (after started and its start allowance when none
 * comes). Then record the requests as probe.requests.
 */
static void
serve(struct run *r, struct peer *p, struct proc *cli, int64_t started)
{
	char from[64];
	struct bytes d;

	bytes_init(&d);
	for (;;) {
		int64_t now = clock_ms();

		if (p->also != NULL && p->also_ended_at == 0 &&
		    !run_running(p->also))
			p->also_ended_at = now;
		if (!run_running(cli)) {
			p->ended_at = now;
			break;
		}
		if (now >= (p->first_at != 0 ? p->first_at : started +
		    run_start_allowance_ms(r, cli)) + run_ms(r,
		    wait_ms(p->c->argv)))
			break;
		/* Short waits, so that the client's exit is seen at once. */
		if (run_udp_recv(r, p->fd[0], &d, 5, from, sizeof from) == 0)
			handle_request(r, p, &d, from, 1);
	}
	/* Requests still queued when the client ended: recorded only. */
	while (run_udp_recv(r, p->fd[0], &d, 0, from, sizeof from) == 0)
		handle_request(r, p, &d, from, 0);
	bytes_free(&d);
	if (p->count == 0)
		transcript_setf(r->t, "probe.requests", "none: no request "
		    "arrived");
	else
		transcript_set(r->t, "probe.requests", p->requests.data,
		    p->requests.len);
	transcript_setf(r->t, "note.request-count", "%d", p->count);
	if (p->count >= 2 && p->same_seq)
		transcript_setf(r->t, "note.same-seq", "yes");
}

/*
 * Record at LABEL.timing whether label did what ("gave up", "retried",
 * "ended") within [earliest, latest] ms after since, took ms after it (-1:
 * it was still running at the end), and the facts for the diagnoses:
 * note.LABEL.verdict (in-time, too-soon, too-late, never), note.LABEL.took.
 */
static void
record_bound(struct run *r, const char *label, const char *what,
    const char *since, int64_t took, int earliest, int latest)
{
	char key[64];
	const char *verdict = took == -1 ? "never" : took < earliest ?
	    "too-soon" : took > latest ? "too-late" : "in-time";

	snprintf(key, sizeof key, "%s.timing", label);
	if (took == -1)
		transcript_setf(r->t, key, "still running at the end: it never "
		    "%s", what);
	else if (strcmp(verdict, "in-time") == 0)
		transcript_setf(r->t, key, "%s within the bound (%d to %d ms "
		    "after %s)", what, earliest, latest, since);
	else
		transcript_setf(r->t, key, "%s %s (%lld ms after %s; the bound "
		    "is %d to %d)", what, took < earliest ? "too soon" :
		    "too late", (long long)took, since, earliest, latest);
	snprintf(key, sizeof key, "note.%s.verdict", label);
	transcript_setf(r->t, key, "%s", verdict);
	snprintf(key, sizeof key, "note.%s.took", label);
	transcript_setf(r->t, key, "%lld", (long long)took);
}

/*
 * Record under key every datagram that reaches fd: the first within
 * wait (0: only those already there), then any queued behind it, as
 * 'BYTES' from IP:PORT, one per line. note.KEY holds the first one's bytes.
 */
static void
record_replies(struct run *r, int fd, const char *key, int wait)
{
	struct bytes d, all;
	char from[64], note[64];
	int n = 0;

	bytes_init(&d);
	bytes_init(&all);
	snprintf(note, sizeof note, "note.%s", key);
	while (n < 4 && run_udp_recv(r, fd, &d, n == 0 ? wait : 0, from,
	    sizeof from) == 0) {
		if (n++ == 0)
			transcript_set(r->t, note, d.data, d.len);
		bytes_puts(&all, n > 1 ? "\n'" : "'");
		bytes_append(&all, d.data, d.len);
		bytes_printf(&all, "' from %s", from);
	}
	if (n > 0)
		transcript_set(r->t, key, all.data, all.len);
	else if (wait == 0)
		transcript_setf(r->t, key, "nothing more");
	else
		transcript_setf(r->t, key, "nothing within %d ms",
		    run_ms(r, wait));
	bytes_free(&d);
	bytes_free(&all);
}

static void
server_binds(struct run *r)
{
	run_scenario_server_ready(r, SOCK_DGRAM);
}

/* A request from the grader, then one from the reference client. */
static void
server_replies(struct run *r)
{
	const char *args[] = { "-t", SHORT_ARG, "127.0.0.1", r->port_arg,
	    NULL };
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);
	struct proc *cli;
	struct bytes d;
	char from[64];
	int fd;

	if (srv == NULL ||
	    (fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		return;
	(void)run_udp_send(r, fd, r->port, SERVER_REQUEST,
	    strlen(SERVER_REQUEST), NULL);
	bytes_init(&d);
	if (run_udp_recv(r, fd, &d, 1000, from, sizeof from) == 0) {
		transcript_setf(r->t, "server.replied-from", "%s", from);
		transcript_set(r->t, "probe.reply", d.data, d.len);
	} else {
		transcript_setf(r->t, "server.replied-from", "nothing: no "
		    "reply within %d ms", run_ms(r, 1000));
	}
	bytes_free(&d);
	close(fd);
	cli = run_start_driver(r, "client", "client", args);
	(void)run_wait_exit(r, cli, wait_ms(args));
	run_collect(r, cli);
	(void)run_wait_lines(r, srv, 3, 1000);
	run_collect(r, srv);
}

/*
 * Two clients one after the other, the long request first, so that stale
 * bytes show; the second is sent once the first has its reply, so that a
 * server that connect()ed to the first one cannot receive it.
 */
static void
server_two_clients(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);
	int a = -1, b = -1;

	if (srv == NULL ||
	    (a = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1 ||
	    (b = run_udp_probe(r, "127.0.0.1", r->probe_port[1])) == -1)
		goto out;
	(void)run_udp_send(r, a, r->port, FIRST_REQUEST,
	    strlen(FIRST_REQUEST), NULL);
	record_replies(r, a, "probe.first-got", 1000);
	(void)run_udp_send(r, b, r->port, SECOND_REQUEST,
	    strlen(SECOND_REQUEST), NULL);
	record_replies(r, b, "probe.second-got", 1000);
	/* A reply sent to the wrong client shows up here. */
	record_replies(r, a, "probe.first-got-later", 0);
	(void)run_wait_lines(r, srv, 3, 1000);
	run_collect(r, srv);
out:
	if (a != -1)
		close(a);
	if (b != -1)
		close(b);
}

/*
 * The server given ADDRESS and PORT (127.0.0.2, where every 127.x.y.z is
 * ours, and the second port; there, r->arg: ADDRESS_ONLY, or a PORT):
 * bound there, it answers a request sent there.
 */
static void
server_elsewhere(struct run *r)
{
	const char *fixed = r->arg != NULL && run_defaults_usable(r) ?
	    r->arg : NULL;
	int only = fixed != NULL && strcmp(fixed, ADDRESS_ONLY) == 0;
	int port = only ? r->port : fixed != NULL ? atoi(fixed) : r->alt_port;
	const char *ip = run_defaults_usable(r) ? OTHER_IP : "127.0.0.1";
	const char *args[] = { ip, only ? NULL : fixed != NULL ? fixed :
	    r->alt_port_arg, NULL };
	struct proc *srv = run_start(r, "server", "server", args);
	char to[64];
	int fd;

	(void)run_wait_bound(r, srv, "server", SOCK_DGRAM, port);
	if ((fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		return;
	snprintf(to, sizeof to, "%s:%d", ip, port);
	(void)run_udp_reply(r, fd, to, SERVER_REQUEST, strlen(SERVER_REQUEST),
	    NULL);
	record_replies(r, fd, "probe.reply", 1000);
	close(fd);
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, srv);
}

/*
 * Requests of BUFFER_SIZE - 1, BUFFER_SIZE and BUFFER_SIZE + 1 bytes, then
 * one of every kind of byte, then an empty one, each answered before the
 * next is sent: the server keeps BUFFER_SIZE bytes at most, and every byte
 * as it is.
 */
static void
server_sizes(struct run *r)
{
	static const char bytes[] = "z\0ro\nnew line caf\xc3\xa9 \xe9t\xe9 "
	    "\xff\x80";
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);
	struct bytes d;
	char key[32], what[64];
	int fd;

	if (srv == NULL ||
	    (fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		return;
	bytes_init(&d);
	for (int i = 0; i < 5; i++) {
		size_t size = BUFFER_SIZE - 1 + (size_t)i;

		bytes_clear(&d);
		bytes_printf(&d, "%d ", i + 1);
		for (size_t k = 0; i < 3 && d.len < size; k++)
			bytes_printf(&d, "%c", 'a' + (int)(k % 26));
		if (i == 3) {	/* no SEQ: a letter first */
			bytes_clear(&d);
			bytes_append(&d, bytes, sizeof bytes - 1);
		}
		if (i == 4)	/* an empty datagram is a request too */
			bytes_clear(&d);
		snprintf(what, sizeof what, "'%d ' and %zu letters", i + 1,
		    d.len - 2);
		(void)run_udp_send(r, fd, r->port, d.data, d.len, i < 3 ?
		    what : i == 4 ? "an empty datagram" : NULL);
		snprintf(key, sizeof key, "probe.reply%d", i + 1);
		transcript_note_setf(r->t, key, "sent", "%zu", d.len);
		record_replies(r, fd, key, 1000);
	}
	bytes_free(&d);
	close(fd);
	(void)run_wait_lines(r, srv, 6, 1000);
	run_collect(r, srv);
}

/* The grader holds the server's port: its bind() must fail. */
static void
server_port_taken(struct run *r)
{
	run_scenario_port_taken(r, SOCK_DGRAM);
}

/* The student's client, with the row's arguments, and the reference server. */
static void
client_with_reference(struct run *r)
{
	const struct client_case *c = r->arg;
	int alt = 0, n = 0;
	const char *args[] = { "127.0.0.1", NULL, NULL }, *v[10], *argv[10];
	struct proc *srv, *cli;

	/*
	 * OTHER_IP where every 127.x.y.z is ours, else 127.0.0.1; ADDRESS_ONLY
	 * is OTHER_IP alone there, else 127.0.0.1 and the port.
	 */
	for (int i = 0; c->argv[i] != NULL && n < 8; i++) {
		int only = strcmp(c->argv[i], ADDRESS_ONLY) == 0;

		alt |= strcmp(c->argv[i], RUN_ARG_ALT) == 0;
		argv[n++] = strcmp(c->argv[i], OTHER_IP) != 0 && !only ?
		    c->argv[i] : (args[0] = run_defaults_usable(r) ? OTHER_IP :
		    "127.0.0.1");
		if (only && !run_defaults_usable(r))
			argv[n++] = r->port_arg;
	}
	argv[n] = NULL;
	args[1] = alt ? r->alt_port_arg : r->port_arg;
	transcript_setf(r->t, "note.client.timeout-ms", "%d",
	    timeout_of(c->argv));
	srv = run_start_driver(r, "server", "server", args);
	if (run_wait_bound(r, srv, "server", SOCK_DGRAM,
	    alt ? r->alt_port : r->port) == -1 &&
	    strcmp(args[0], "127.0.0.1") == 0) {
		transcript_setf(r->t, "note.error", "the reference server did "
		    "not start on 127.0.0.1:%s", args[1]);
		return;
	}
	cli = run_start(r, "client", "client", run_args(r, argv, v, 10));
	(void)run_wait_exit(r, cli, wait_ms(c->argv));
	run_collect(r, cli);
	/* What the server printed shows the request the client sent. */
	(void)run_wait_lines(r, srv, 2, 500);
	run_collect(r, srv);
}

/*
 * The student's client against the grader playing the server as the row
 * says, timing the row's waits. A second client (c->also) may run
 * meanwhile, to ALT_PORT where nothing is bound: the kernel answers it with
 * an ICMP "port unreachable", which an unconnected socket never hears of,
 * so it too must wait for its timeouts.
 */
static void
client_with_grader(struct run *r)
{
	const struct client_case *c = r->arg;
	int t = timeout_of(c->argv), retry = c->plan != PLAN_SILENT;
	const char *v[10];
	struct proc *cli;
	int64_t started, end, took;
	struct peer p;

	if (peer_open(r, &p, c) == -1)
		return;
	transcript_setf(r->t, "note.client.timeout-ms", "%d", t);
	transcript_setf(r->t, "note.client.waits", "%d", c->waits);
	transcript_setf(r->t, "note.plan", "%d", (int)c->plan);
	started = clock_ms();
	cli = run_start(r, "client", "client", run_args(r, c->argv, v, 10));
	if (c->also[0] != NULL) {
		p.also = run_start(r, "client", "no-server",
		    run_args(r, c->also, v, 10));
		run_note(r, "the grader's server on 127.0.0.1:%d never "
		    "answers; the second client's ADDRESS:PORT is another "
		    "(nothing is bound there)", r->port);
	}
	if (cli != NULL)
		serve(r, &p, cli, started);
	/* The first wait alone: a deadline shared by every attempt shows. */
	if (p.first_at != 0 && p.second_at != 0)
		transcript_setf(r->t, "note.client.first-wait", "%lld",
		    (long long)(p.second_at - p.first_at));
	end = retry ? p.second_at : p.ended_at;
	/* Unless probe.requests says it all: none, or no retry at all. */
	if (c->waits > 0 && p.first_at != 0 && (end != 0 || !retry ||
	    p.ended_at == 0))
		record_bound(r, "client", retry ? "retried" : "gave up",
		    "its first request", end != 0 ? end - p.first_at : -1,
		    c->waits * t * 3 / 4, run_ms(r, c->waits * t + SLACK_MS));
	if (c->at_once && p.first_at != 0)
		record_bound(r, "client", "ended", "its first request",
		    p.ended_at != 0 ? p.ended_at - p.first_at : -1, 0,
		    run_ms(r, SLACK_MS));
	run_collect(r, cli);
	peer_close(&p);
	if (p.also == NULL)
		return;
	/* The second client's end, seen while serving the first, or now. */
	if ((took = p.also_ended_at - started) < 0)
		took = run_wait_exit_until(r, p.also, started + run_ms(r,
		    wait_ms(c->also))) == 0 ? clock_ms() - started : -1;
	record_bound(r, "no-server", "ended", "it started", took,
	    ATTEMPTS * t * 3 / 4, run_ms(r, wait_ms(c->also)));
	run_collect(r, p.also);
}

/*
 * Nothing is bound to PORT. A connected client (-c) hears the kernel's ICMP
 * "port unreachable" answer as ECONNREFUSED and must stop within
 * REFUSED_BOUND_MS. (client-times-out runs the same without -c.)
 */
static void
client_connected_refused(struct run *r)
{
	const struct client_case *c = r->arg;
	const char *v[10];
	struct proc *cli;
	struct bytes err;
	int64_t started, took;

	run_note(r, "nothing is bound to 127.0.0.1:%d", r->port);
	transcript_setf(r->t, "note.client.timeout-ms", "%d",
	    timeout_of(c->argv));
	started = clock_ms();
	cli = run_start(r, "client", "client", run_args(r, c->argv, v, 10));
	took = run_wait_exit_until(r, cli, started + run_ms(r, wait_ms(c->argv)))
	    == 0 ? clock_ms() - started : -1;
	record_bound(r, "client", "ended", "it started", took, 0,
	    run_ms(r, REFUSED_BOUND_MS));
	bytes_init(&err);
	(void)run_read_output(cli, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, "client.error", "stderr %s 'Connection refused'",
	    strstr(bytes_str(&err), "Connection refused") != NULL ? "says" :
	    "does not say");
	bytes_free(&err);
	run_collect(r, cli);
}

static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *out = transcript_str(got, "server.stdout");
	const struct bytes *e = transcript_get(ref, d->key);
	const struct bytes *g = transcript_get(got, d->key);
	const struct bytes *first_e, *first_g;	/* record_replies()'s notes */
	char own[64], note[64];

	snprintf(own, sizeof own, ", addr: 127.0.0.1:%d\n",
	    run_port_named(got, "server"));
	snprintf(note, sizeof note, "note.%s", d->key);
	first_e = transcript_get(ref, note);
	first_g = transcript_get(got, note);
	if (strcmp(d->key, "server.replied-from") == 0 &&
	    strstr(out, own) != NULL)
		bytes_puts(why, "The server received its own reply: it sent it "
		    "to its own address (addr), not to sender, the address "
		    "recvfrom() filled in.");
	else if (strcmp(d->key, "server.replied-from") == 0 &&
	    transcript_get(got, "probe.reply") == NULL)
		bytes_puts(why, "No reply came back: sendto() the request in "
		    "capitals to sender, the address recvfrom() filled in.");
	else if (strcmp(d->key, "server.replied-from") == 0)
		bytes_printf(why, "The reply came from %s, not the port the "
		    "request went to: send it on the socket that received it "
		    "(s); the client ignores other ports.", bytes_str(g));
	else if (strcmp(d->key, "probe.reply") == 0 && e != NULL && g != NULL &&
	    g->len == 1024 && e->len < 1024)
		bytes_puts(why, "The reply is 1024 bytes long (sizeof buf): "
		    "send the n bytes recvfrom() returned for this request.");
	else if (strcmp(d->key, "probe.reply") == 0 && e != NULL && g != NULL &&
	    e->len == g->len && strncasecmp(e->data, g->data, e->len) == 0)
		bytes_puts(why, "The reply must be the request in capital "
		    "letters: toupper() on each of its n bytes.");
	else if (strcmp(d->key, "probe.second-got") == 0 && first_g == NULL &&
	    transcript_get(got, "note.probe.first-got-later") != NULL)
		bytes_puts(why, "Both replies went to the first client: reply "
		    "to the address from this request's recvfrom().");
	else if (strcmp(d->key, "probe.second-got") == 0 && first_g == NULL &&
	    strstr(out, "data: " SECOND_REQUEST ",") != NULL)
		bytes_puts(why, "The second client's request was printed but "
		    "got no reply: " DIAGNOSE_SENDER_LEN ".");
	else if (strcmp(d->key, "probe.second-got") == 0 && first_g == NULL)
		bytes_puts(why, "The second client got no reply, and its "
		    "request was not printed: was the socket connect()ed to "
		    "the first client? It then receives from that one address "
		    "only; stay unconnected and sendto() each sender.");
	else if (first_e != NULL && first_g != NULL &&
	    first_g->len > first_e->len &&
	    memcmp(first_g->data, first_e->data, first_e->len) == 0)
		bytes_puts(why, "The reply carries bytes of an earlier, longer "
		    "request: send the n bytes recvfrom() returned, not "
		    "strlen(buf).");
	else
		diagnose_common(ref, got, d, why);
}

/* Do a and b (as long) differ only in the case of letters? */
static int
same_but_case(const struct bytes *a, const struct bytes *b)
{
	for (size_t i = 0; i < a->len; i++)
		if (toupper((unsigned char)a->data[i]) !=
		    toupper((unsigned char)b->data[i]))
			return 0;
	return 1;
}

/* Requests of every size and byte: the server keeps 1024 bytes of each. */
static void
diagnose_sizes(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	char note[64];
	const struct bytes *e, *g;
	long sent = transcript_note_number(ref, d->key, "sent");

	snprintf(note, sizeof note, "note.%s", d->key);
	e = transcript_get(ref, note);
	g = transcript_get(got, note);
	if (sent > 0 && e != NULL && g != NULL && e->len != g->len &&
	    sent >= BUFFER_SIZE - 1 && sent <= BUFFER_SIZE + 1)
		bytes_printf(why, "To a request of %ld bytes the server "
		    "replied with %zu, not %zu: it must receive into a buffer "
		    "of BUFFER_SIZE (1024) bytes, recvfrom(s, buf, sizeof buf, "
		    "...), so that it keeps up to 1024 bytes and cuts the "
		    "rest.", sent, g->len, e->len);
	else if (sent > 0 && e != NULL && g != NULL && e->len == g->len &&
	    same_but_case(e, g))
		bytes_puts(why, "The reply must be the request in capital "
		    "letters, from its first byte to its last: toupper() on "
		    "each of the n bytes, i from 0 to n - 1.");
	else if (sent > 0 && e != NULL && g != NULL && e->len > g->len &&
	    memchr(e->data, '\0', e->len) != NULL)
		bytes_puts(why, "The reply stops short of the request's zero "
		    "byte: send the n bytes recvfrom() returned, not "
		    "strlen(buf).");
	else
		diagnose_server(ref, got, d, why);
}

/*
 * Does got look like expected's first line printed with %s: cut at a zero
 * byte of it, or followed by bytes other than the letters a longer reply
 * would bring?
 */
static int
printed_as_string(const struct bytes *e, const struct bytes *g)
{
	const char *zero, *nl;
	size_t k;

	if (e == NULL || g == NULL || (nl = memchr(e->data, '\n',
	    e->len)) == NULL)
		return 0;
	k = (size_t)(nl - e->data);
	zero = memchr(e->data, '\0', k);
	if (zero != NULL) {
		k = (size_t)(zero - e->data);
		return g->len > k && memcmp(g->data, e->data, k) == 0 &&
		    g->data[k] == '\n';
	}
	if (g->len <= k || memcmp(g->data, e->data, k) != 0 ||
	    g->data[k] == '\n')
		return 0;
	for (size_t i = k; i < g->len && g->data[i] != '\n'; i++)
		if (!islower((unsigned char)g->data[i]))
			return 1;
	return 0;
}

/*
 * Diagnoses for the client's checks. The facts: the grader's server
 * counted the requests (note.request-count, note.same-seq), and the timed
 * checks recorded the client's timeout (note.client.timeout-ms), how long
 * it took (note.client.took) and the verdict (note.client.verdict).
 */
static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *out = transcript_str(got, "client.stdout");
	const char *verdict = transcript_str(got, "note.client.verdict");
	int ref_count = atoi(transcript_str(ref, "note.request-count"));
	int got_count = atoi(transcript_str(got, "note.request-count"));
	int t = atoi(transcript_str(got, "note.client.timeout-ms"));
	long took = atol(transcript_str(got, "note.client.took"));
	int running = strcmp(transcript_fact_str(got, "client", KEY_STATUS),
	    "still running") == 0;
	int requests = strcmp(d->key, "probe.requests") == 0, attempt = 0;
	/* client-connected-refused's -c client, and what its output says. */
	int refusal = transcript_get(got, "client.error") != NULL;
	int waited = strstr(out, "no reply after") != NULL;
	/*
	 * Sooner than its timeouts can pass (a kernel's timer never fires
	 * early, so a client that waits takes longer): every attempt failed
	 * at once.
	 */
	int quick = took >= 0 && took < ATTEMPTS * t;
	int given = t != TIMEOUT_MS, late = strcmp(verdict, "too-late") == 0 ||
	    strcmp(verdict, "never") == 0;
	char with[48];
	int waits = atoi(transcript_str(got, "note.client.waits"));
	const char *did = waits == 1 ? "retried" : "gave up";
	enum plan plan = (enum plan)atoi(transcript_str(ref, "note.plan"));
	int at_once = transcript_get(ref, "note.plan") != NULL &&
	    (plan == PLAN_ANSWER || plan == PLAN_JUNK_FIRST);
	const char *err = transcript_fact_str(got, "client", KEY_STDERR);
	char doubled[64] = "";
	struct key_info ki;

	transcript_key_info(d->key, &ki);
	if (given)
		snprintf(with, sizeof with, "with -t %d", t);
	else
		snprintf(with, sizeof with, "without -t (TIMEOUT_MS)");
	if (sscanf(out, "reply to attempt %d: ", &attempt) == 1)
		snprintf(doubled, sizeof doubled, "reply to attempt %d: %d ",
		    attempt, attempt);
	if (strstr(err, "no reply after") != NULL &&
	    strstr(out, "no reply after") == NULL &&
	    strstr(transcript_str(ref, "client.stdout"), "no reply after"))
		bytes_puts(why, "The client wrote its 'no reply after 3 "
		    "attempts' line on stderr: it is the program's result, and "
		    "belongs on stdout (printf()).");
	else if (strstr(err, "setsockopt") != NULL && t >= 1000)
		bytes_printf(why, "setsockopt() failed with -t %d: a struct "
		    "timeval holds seconds in tv_sec and only the rest, under "
		    "1000000 microseconds, in tv_usec: tv_sec = timeout_ms / "
		    "1000, tv_usec = timeout_ms %% 1000 * 1000.", t);
	else if (strcmp(d->key, "client.stdout") == 0 && printed_as_string(
	    transcript_get(ref, d->key), transcript_get(got, d->key)))
		bytes_puts(why, "The reply was printed as a C string (%s): it "
		    "stops at a zero byte, or runs on into bytes that are not "
		    "the reply's, as a datagram has no '\\0'. fwrite() exactly "
		    "the n - seq_len bytes after SEQ.");
	else if (plan == PLAN_STALE_FIRST && got_count == ref_count &&
	    strstr(out, STALE_TEXT) != NULL)
		bytes_puts(why, "It printed a reply for an old request: a "
		    "reply answers this attempt only if it starts with its SEQ "
		    "and a space, with -c too (connect() filters other "
		    "senders, not old replies).");
	else if (plan == PLAN_JUNK_FIRST && got_count > ref_count)
		bytes_puts(why, "The client gave up on attempt 1 although its "
		    "reply came after a few datagrams that were no reply (one "
		    "of them empty: recvfrom() returned 0). Only -1 with "
		    "EAGAIN or EWOULDBLOCK is a timeout; ignore the others and "
		    "receive again.");
	else if (plan == PLAN_JUNK_FIRST && strcmp(d->key, "client.stdout") ==
	    0 && attempt == 1)
		bytes_puts(why, "The client printed a datagram that is no "
		    "reply to attempt 1 ('1', '11 eleven', '01 zero one' came "
		    "first): a reply starts with exactly \"1 \", the space "
		    "included: n >= seq_len and memcmp(reply, seq, seq_len) == "
		    "0.");
	else if (plan == PLAN_ANSWER && got_count > ref_count &&
	    ref_count == 1)
		bytes_puts(why, "The reply to attempt 1 was ignored, and the "
		    "client tried again. A reply is any datagram from the "
		    "server that starts with \"1 \": its TEXT may be empty (n "
		    "== seq_len) or up to REPLY_SIZE - seq_len bytes.");
	else if (plan == PLAN_ANSWER && strcmp(d->key, "client.stdout") == 0 &&
	    strlen(out) > 0 && strlen(out) != strlen(transcript_str(ref,
	    d->key)))
		bytes_printf(why, "The client printed %zu bytes where %zu were "
		    "due: it receives a reply into REPLY_SIZE (1024) bytes, so "
		    "that a longer datagram is cut to 1024, and prints its n - "
		    "seq_len bytes after SEQ with fwrite().", strlen(out),
		    strlen(transcript_str(ref, d->key)));
	else if (at_once && strcmp(d->key, "client.timing") == 0 &&
	    strcmp(verdict, "too-late") == 0)
		bytes_printf(why, "The reply came at once, but the client "
		    "ended only %ld ms after its request: print the reply as "
		    "soon as recvfrom() returns it, and exit (no sleep(), no "
		    "waiting for the timeout).", took);
	else if (strcmp(ki.label, "no-server") == 0 && strstr(transcript_fact_str(
	    got, "no-server", KEY_STDERR), "Connection refused") != NULL)
		bytes_puts(why, "Without -c the client was refused: its socket "
		    "was connected. connect() only with -c: an unconnected "
		    "socket never hears the ICMP answer, and waits.");
	else if (strstr(transcript_fact_str(got, "client", KEY_STDERR),
	    "Destination address required") != NULL)
		bytes_puts(why, "send() on a socket never connected "
		    "('Destination address required'): with -c, connect() it.");
	else if (refusal && quick && waited)
		bytes_puts(why, "recvfrom() failed with ECONNREFUSED and the "
		    "client took it for a timeout: only EAGAIN or EWOULDBLOCK "
		    "mean that; on ECONNREFUSED, perror(\"client: recvfrom\") "
		    "and exit with status 4 at once.");
	else if (refusal && !quick && (waited ||
	    strcmp(verdict, "in-time") != 0))
		bytes_puts(why, "With -c the client waited instead of being "
		    "refused: the socket was not connect()ed (only then is "
		    "ICMP 'port unreachable' an ECONNREFUSED from recvfrom()), "
		    "or its -1 was not treated as an error.");
	else if (refusal && strcmp(d->key, "client.error") == 0)
		bytes_puts(why, "Report the refusal with perror(\"client: "
		    "recvfrom\") ('client: recvfrom: Connection refused').");
	else if (refusal && strcmp(d->key, "client.status") == 0)
		bytes_puts(why, "On ECONNREFUSED the client exits with status "
		    "4 (EXIT_REFUSED), not 1.");
	else if (refusal)
		diagnose_common(ref, got, d, why);
	else if (strstr(out, OTHER_PORT_TEXT) != NULL)
		bytes_printf(why, "It accepted a reply from 127.0.0.1:%d, not "
		    "the server: compare the address and port recvfrom() "
		    "fills in with the server's; ignore the datagram when "
		    "either differs.", run_port_named(got, "probe2"));
	else if (strstr(out, OTHER_ADDRESS_TEXT) != NULL)
		bytes_printf(why, "It accepted a reply from 127.0.0.2:%d, the "
		    "server's port but not its address: compare "
		    "sin_addr.s_addr too.", run_port_named(got, "server"));
	else if (requests && transcript_get(got, "note.same-seq") != NULL)
		bytes_puts(why, "Every attempt carried the same SEQ: number "
		    "them 1, 2, 3, so a reply says which one it answers.");
	else if (strstr(out, STALE_TEXT) != NULL)
		bytes_puts(why, "It printed a reply for an old request: a "
		    "reply answers this attempt only if it starts with its SEQ "
		    "and a space.");
	else if (ref_count > 0 && got_count > ref_count && got_count > ATTEMPTS)
		bytes_printf(why, "The client sent %d%s requests: stop after "
		    "%d attempts, print the no-reply line, exit with status 3.",
		    got_count, running ? " and more" : "", ATTEMPTS);
	else if (running && got_count == 0 && ref_count > 0)
		bytes_puts(why, "No request arrived while the client ran, and "
		    "it was still running when the grader stopped it: it must "
		    "send its first request at once, before it waits for any "
		    "reply.");
	else if (running && got_count <= 1)
		bytes_printf(why, "The client waited forever after its first "
		    "request: set SO_RCVTIMEO (or poll()) to timeout_ms, here "
		    "%d ms: tv_sec = %d, tv_usec = %d.", t, t / 1000,
		    t % 1000 * 1000);
	else if (got_count >= 1 && got_count < ref_count)
		bytes_printf(why, "Only %d request%s arrived, not %d: when "
		    "recvfrom() times out (EAGAIN, EWOULDBLOCK), send again "
		    "with the next SEQ, up to %d attempts.", got_count,
		    got_count == 1 ? "" : "s", ref_count, ATTEMPTS);
	else if (strcmp(verdict, "too-soon") == 0 && given && waits > 1 &&
	    atol(transcript_str(got, "note.client.first-wait")) >= t * 3 / 4)
		bytes_printf(why, "The client gave up %ld ms after its first "
		    "request, about one timeout for %d attempts: the later "
		    "attempts did not wait. Each attempt waits timeout_ms "
		    "from its own request: with poll(), compute the deadline "
		    "inside the attempts loop.", took, ATTEMPTS);
	else if (strcmp(verdict, "too-soon") == 0)
		bytes_printf(why, "The client %s after %ld ms, before its "
		    "timeout%s could pass: %s each wait lasts %d ms, i.e. "
		    "tv_sec = %d, tv_usec = %d (microseconds, not ms).",
		    did, took, waits == 1 ? "" : "s", with,
		    t, t / 1000, t % 1000 * 1000);
	else if (late && given && waits > 0 && took >= waits * TIMEOUT_MS *
	    3 / 4 && took <= waits * TIMEOUT_MS + SLACK_MS)
		bytes_printf(why, "The client waited %d attempt%s of the "
		    "default %d ms, not of -t's %d ms: give SO_RCVTIMEO "
		    "timeout_ms, not TIMEOUT_MS.", waits, waits == 1 ? "" : "s",
		    TIMEOUT_MS, t);
	else if (late && took >= 0)
		bytes_printf(why, "The client %s too late, %ld ms after its "
		    "first request: %s each attempt waits %d ms, i.e. tv_sec "
		    "= %d, tv_usec = %d.", did, took, with, t, t / 1000,
		    t % 1000 * 1000);
	else if (late)
		bytes_printf(why, "The client never %s: %s each attempt waits "
		    "%d ms, i.e. tv_sec = %d, tv_usec = %d (a timeval of 0 and "
		    "0 waits for ever).", did, with, t, t / 1000,
		    t % 1000 * 1000);
	else if (requests && got_count == 0)
		bytes_printf(why, "No request reached 127.0.0.1:%d: sendto() "
		    "the server's sockaddr_in (htons(port)); or see stderr.",
		    run_port_named(got, "server"));
	else if (requests)
		bytes_puts(why, "A request is the attempt's number, a space, "
		    "MESSAGE's bytes: '1 Hello This is UDP connection.'.");
	else if (strcmp(d->key, "client.stdout") == 0 && attempt > 0 &&
	    strncmp(out, doubled, strlen(doubled)) == 0 &&
	    strncmp(transcript_str(ref, d->key), doubled, strlen(doubled)))
		bytes_puts(why, "The reply's SEQ was printed too: print only "
		    "the n - seq_len bytes from reply + seq_len.");
	else
		diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-binds",
		.title = "the server's UDP socket is bound to its default "
		    "address, 127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0); bind() it to a "
		    "sockaddr_in with htons(port) and inet_pton(); then print "
		    "the bound line.",
		.scenario = server_binds, .diagnose = diagnose_server,
		.rules = "S1",
	}, {
		.name = "server-replies",
		.title = "answers a request in capitals, from its own address",
		.hint = "After printing, turn the n bytes into capitals with "
		    "toupper() and sendto() them on the same socket to sender.",
		.scenario = server_replies, .diagnose = diagnose_server,
		.rules = "S2 S3 S4",
	}, {
		.name = "server-two-clients",
		.title = "answers two clients, each with its own reply",
		.hint = "Reply to the address from this request's recvfrom(), "
		    "with n bytes; never connect() the server's socket.",
		.scenario = server_two_clients, .diagnose = diagnose_server,
		.rules = "S2 S3 S3a",
	}, {
		.name = "server-sizes-and-bytes",
		.title = "keeps 1024 bytes of a request, and every byte as it "
		    "is",
		.hint = "recvfrom() into a buffer of BUFFER_SIZE bytes; print "
		    "and answer exactly the n bytes it returned.",
		.scenario = server_sizes, .diagnose = diagnose_sizes,
		.rules = "S2 S2a S3",
	}, {
		.name = "server-address-port",
		.title = "with ADDRESS and PORT, is bound there and answers",
		.hint = "Bind to the ADDRESS and PORT parse_arguments() read "
		    "(htons(port)), and print them in the bound line.",
		.scenario = server_elsewhere, .diagnose = diagnose_server,
		.rules = "S1 S3",
	}, {
		.name = "server-address-only",
		.title = "with ADDRESS alone, is bound there on port 50007",
		.hint = "With one argument, PORT keeps its default: read "
		    "argv[2] only when argc > 2.",
		.scenario = server_elsewhere, .diagnose = diagnose_server,
		.arg = ADDRESS_ONLY,
		.rules = "S1 A1",
	}, {
		.name = "server-port-65535",
		.title = "port 65535, the last one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = server_elsewhere, .diagnose = diagnose_server,
		.arg = "65535",
		.rules = "S1 A1",
	}, {
		.name = "server-port-1",
		.title = "port 1 is good: the kernel may refuse to bind it "
		    "(status 1), parse_arguments() may not (2)",
		.hint = "Ports run from 1 to 65535, both ends good; keep the "
		    "given parse_arguments().",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "server",
		    { { "127.0.0.1", "1" } } },
		.rules = "A1 S5",
	}, {
		.name = "server-port-taken", .rules = "S5",
		.title = "a UDP socket of the grader's holds its port: bind() "
		    "fails, exit status 1",
		.hint = "if (bind(s, ...) == -1) { perror(\"server: bind\"); "
		    "close(s); return 1; }",
		.scenario = server_port_taken, .diagnose = diagnose_common,
	}, {
		.name = "server-bad-arguments", .rules = "A1 A2 A3",
		.title = "ports abc, 0 and 65536, addresses xyz and "
		    "127.0.0.256, three arguments: exit status 2",
		.hint = "The given parse_arguments() refuses them: keep it, "
		    "and return 2 before socket() when it fails.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "server", {
		    { "xyz" }, { "127.0.0.256" }, { "127.0.0.1", "abc" },
		    { "127.0.0.1", "0" }, { "127.0.0.1", "65536" },
		    { "127.0.0.1", "5x" },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
	}, {
		.name = "client-gets-reply",
		.title = "gets the reference server's reply and prints it",
		.hint = "Send '1 MESSAGE' with sendto(), receive with "
		    "recvfrom(), print 'reply to attempt 1: TEXT' and exit 0.",
		.scenario = client_with_reference, .diagnose = diagnose_client,
		.arg = &(const struct client_case){
		    .argv = { RUN_ARG_ADDRESS } },
		.rules = "P1 C1 C3 C4",
	}, {
		.name = "client-connected-reply",
		.title = "with -t, -c and arguments, gets the reference "
		    "server's reply",
		.hint = "With -c, connect() the socket to the server, then "
		    "send() the request; recvfrom() still works on a "
		    "connected socket.",
		.scenario = client_with_reference, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .argv = { "-t", ANSWERED_ARG,
		    "-c", "127.0.0.1", RUN_ARG_ALT, CUSTOM_MESSAGE } },
		.rules = "C2 C3 C4",
	}, {
		.name = "client-connected-defaults",
		.title = "-c alone: connected, to the default address and port",
		.hint = "Options come first, and may be all there is: parse -c "
		    "even when nothing follows it.",
		.scenario = client_with_reference, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .argv = { "-c",
		    RUN_ARG_ADDRESS } },
		.rules = "C2 A4",
	}, {
		.name = "client-address-only",
		.title = "with ADDRESS alone, sends there to port 50007",
		.hint = "With one argument, PORT keeps its default: read "
		    "argv[2] only when there is one.",
		.scenario = client_with_reference, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .argv = { ADDRESS_ONLY } },
		.rules = "C3 A1",
	}, {
		.name = "client-address-and-bytes",
		.title = "with ADDRESS, PORT and a MESSAGE of every kind of "
		    "byte, gets the reply",
		.hint = "Send to the ADDRESS and PORT parse_arguments() read; "
		    "copy MESSAGE's bytes as they are; print the reply with "
		    "fwrite().",
		.scenario = client_with_reference, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .argv = { "-t", ANSWERED_ARG,
		    OTHER_IP, RUN_ARG_ALT, BYTES_MESSAGE } },
		.rules = "C3 C4",
	}, {
		.name = "client-longest-message",
		.title = "sends a MESSAGE of 1000 bytes; -t 60000 is good",
		.hint = "request holds SEQ_SIZE + MAX_MESSAGE bytes: the whole "
		    "MESSAGE goes out.",
		.scenario = client_with_reference, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .argv = { "-t", "60000",
		    "127.0.0.1", RUN_ARG_PORT, M1000 } },
		.rules = "A4 A5",
	}, {
		.name = "client-times-out",
		.title = "no answer, or nothing bound: with -t " SHORT_ARG
		    ", 3 attempts, then it gives up in time",
		.hint = "setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof "
		    "tv) with tv made of timeout_ms; after 3 timeouts print "
		    "the no-reply line and return 3.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_SILENT,
		    .waits = ATTEMPTS,
		    .argv = { "-t", SHORT_ARG, RUN_ARG_ADDRESS },
		    .also = { "-t", SHORT_ARG, "127.0.0.1", RUN_ARG_ALT } },
		.rules = "P1 C1 C2a C3 C5",
	}, {
		.name = "client-shortest-timeout",
		.title = "with -t 1, 3 attempts of 1 ms, then it gives up",
		.hint = "timeout_ms may be 1: tv_sec = 0, tv_usec = 1000 "
		    "(never a zero timeval, which means no timeout at all).",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_SILENT,
		    .waits = ATTEMPTS, .argv = { "-t", "1", RUN_ARG_ADDRESS } },
		.rules = "C5 A4",
	}, {
		.name = "client-timeout-999",
		.title = "with -t 999, the retry comes 999 ms after the first "
		    "request (0 s and 999000 us)",
		.hint = "tv_sec = timeout_ms / 1000 and tv_usec = timeout_ms % "
		    "1000 * 1000: 999 ms is 0 s and 999000 us.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_DROP_FIRST,
		    .waits = 1, .argv = { "-t", "999", RUN_ARG_ADDRESS } },
		.rules = "C1 C5a",
	}, {
		.name = "client-timeout-1000",
		.title = "with -t 1000, the retry comes 1 s after the first "
		    "request (1 s and 0 us)",
		.hint = "tv_sec = timeout_ms / 1000 and tv_usec = timeout_ms % "
		    "1000 * 1000: 1000 ms is 1 s and 0 us (a timeval of 0 and "
		    "0 means no timeout at all).",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_DROP_FIRST,
		    .waits = 1, .argv = { "-t", "1000", RUN_ARG_ADDRESS } },
		.rules = "C1 C5a",
	}, {
		.name = "client-first-and-last-ports",
		.title = "ports 1 and 65535 are good: nothing there, 3 "
		    "attempts, status 3",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_SILENT,
		    .argv = { "-t", "1", "127.0.0.1", "1" },
		    .also = { "-t", "1", "127.0.0.1", "65535" } },
		.rules = "A1 C5",
	}, {
		.name = "client-retries",
		.title = "the first request is lost: after the default 150 ms, "
		    "the retry gets the reply",
		.hint = "Without -t, wait TIMEOUT_MS (tv = { 0, 150000 }); "
		    "when recvfrom() returns -1 with errno EAGAIN or "
		    "EWOULDBLOCK, send the request again with the next SEQ.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_DROP_FIRST,
		    .waits = 1, .argv = { RUN_ARG_ADDRESS } },
		.rules = "P1 C1 C5a",
	}, {
		.name = "client-ignores-other-sender",
		.title = "ignores replies that do not come from the server",
		.hint = "Compare the address recvfrom() filled in with the "
		    "server's: sin_addr.s_addr and sin_port must both match.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_WRONG_SENDERS,
		    .argv = { "-t", SHORT_ARG, RUN_ARG_ADDRESS } },
		.rules = "P3 C3a",
	}, {
		.name = "client-ignores-non-replies",
		.title = "ignores '', '1', '11 eleven', '01 zero one' from the "
		    "server; prints the reply's bytes at once",
		.hint = "A reply to attempt 1 starts with exactly \"1 \": n >= "
		    "seq_len and memcmp(reply, seq, seq_len) == 0; its TEXT "
		    "may hold zero bytes: fwrite() it.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_JUNK_FIRST,
		    .argv = { "-t", "1000", RUN_ARG_ADDRESS },
		    .text = "z\0ro caf\xc3\xa9 \xff", .text_len = 12,
		    .at_once = 1 },
		.rules = "P2 P3 C3a C4",
	}, {
		.name = "client-empty-reply",
		.title = "a reply with an empty TEXT is a reply",
		.hint = "A reply of exactly seq_len bytes (\"1 \") is the "
		    "reply: test n < seq_len to ignore, not n <= seq_len.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_ANSWER,
		    .argv = { "-t", "1000", RUN_ARG_ADDRESS }, .text = "",
		    .at_once = 1 },
		.rules = "P2 C4",
	}, {
		.name = "client-reply-1024",
		.title = "a reply datagram of 1024 bytes is printed whole",
		.hint = "Receive into REPLY_SIZE (1024) bytes: recvfrom(s, "
		    "reply, sizeof reply, ...).",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_ANSWER,
		    .argv = { "-t", "1000", RUN_ARG_ADDRESS },
		    .text_len = BUFFER_SIZE, .at_once = 1 },
		.rules = "C4a",
	}, {
		.name = "client-reply-1025",
		.title = "of a reply datagram of 1025 bytes, 1024 are kept",
		.hint = "Receive into REPLY_SIZE (1024) bytes: recvfrom(s, "
		    "reply, sizeof reply, ...) cuts a longer datagram.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_ANSWER,
		    .argv = { "-t", "1000", RUN_ARG_ADDRESS },
		    .text_len = BUFFER_SIZE + 1, .at_once = 1 },
		.rules = "C4a",
	}, {
		.name = "client-ignores-stale-reply",
		.title = "ignores a late reply to an earlier attempt",
		.hint = "A reply counts only if it starts with this attempt's "
		    "SEQ and a space.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_STALE_FIRST,
		    .argv = { "-t", SHORT_ARG, RUN_ARG_ADDRESS } },
		.rules = "P1 P3 C3a C5",
	}, {
		.name = "client-connected-ignores-stale",
		.title = "with -c too, ignores a late reply to an earlier "
		    "attempt",
		.hint = "connect() filters other senders, not old replies: "
		    "check SEQ with -c too.",
		.scenario = client_with_grader, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .plan = PLAN_STALE_FIRST,
		    .argv = { "-c", "-t", SHORT_ARG, "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "C2 C3a",
	}, {
		.name = "client-connected-refused",
		.title = "with -c and nothing bound: 'Connection refused' at "
		    "once",
		.hint = "With -c, connect() first; recvfrom() then fails with "
		    "ECONNREFUSED: perror(\"client: recvfrom\") and return 4.",
		.scenario = client_connected_refused,
		.diagnose = diagnose_client,
		.arg = &(const struct client_case){ .argv = { "-c", "-t",
		    REFUSED_ARG, "127.0.0.1", RUN_ARG_PORT } },
		.rules = "C2 C6",
	}, {
		.name = "client-bad-arguments",
		.title = "refuses bad ports, addresses, too many arguments and "
		    "a MESSAGE of 1001 bytes with status 2",
		.hint = "parse_arguments() (given code) must still run first, "
		    "and main() return 2 when it fails.",
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "client", {
			{ "127.0.0.1", "abc" }, { "127.0.0.1", "0" },
			{ "127.0.0.1", "65536" }, { "xyz" }, { "127.0.0.256" },
			{ "127.0.0.1", RUN_ARG_PORT, "m", "extra" },
			{ "127.0.0.1", RUN_ARG_PORT, M1001 },
			{ "127.0.0.1", "5x" },
		} },
		.rules = "A1 A2 A3 A5",
	}, {
		.name = "client-bad-timeouts",
		.title = "refuses -t 0, -t 60001, -t abc, -t 5x, a lone -t and "
		    "-x with status 2",
		.hint = "parse_arguments() (given code) must still run first, "
		    "and main() return 2 when it fails.",
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "client", {
			{ "-t", "0", "127.0.0.1", RUN_ARG_PORT },
			{ "-t", "60001", "127.0.0.1", RUN_ARG_PORT },
			{ "-t", "abc", "127.0.0.1", RUN_ARG_PORT },
			{ "-t" }, { "-x", "127.0.0.1", RUN_ARG_PORT },
			{ "-t", "5x", "127.0.0.1", RUN_ARG_PORT },
		} },
		.rules = "A4",
	},
};

LESSON_SERVER_CLIENT(lesson_06, .dir = "06-udp-timeouts",
    .title = "Timeouts, retries and connected UDP")

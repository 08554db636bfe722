/*
 * 06-udp-timeouts: checks for the lesson on timeouts, retries and connected
 * UDP: a server that answers each request "SEQ MESSAGE" with the same bytes
 * in capitals, and a client that waits TIMEOUT_MS per attempt, ATTEMPTS
 * times, ignores datagrams from anyone but the server and replies to another
 * attempt, and with -c reports "Connection refused" when nothing is bound.
 *
 * For the student's client the grader plays the server: a probe socket on
 * the server's port that answers, stays silent, or first answers from the
 * wrong place, following a plan. Times are never compared as numbers: the
 * scenario measures them with clock_ms() and records a verdict ("exited
 * within the bound"), the same words for every correct program.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
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
#include "netprobe.h"

/* The contract: client.c's TIMEOUT_MS and ATTEMPTS. */
#define TIMEOUT_MS 150
#define ATTEMPTS 3
#define ALL_ATTEMPTS_MS (TIMEOUT_MS * ATTEMPTS)
/* A client that gets no reply must exit within 1.5 times that... */
#define GIVE_UP_BOUND_MS (ALL_ATTEMPTS_MS * 3 / 2)
/* ...and not much sooner: a receive timeout never ends early. */
#define GIVE_UP_EARLIEST_MS (ALL_ATTEMPTS_MS * 3 / 4)
/* With -c and nothing bound, the refusal must come within this. */
#define REFUSED_BOUND_MS 1000
/* How long a scenario waits for a client that does not end. */
#define CLIENT_WAIT_MS (ALL_ATTEMPTS_MS * 2)
/* Requests recorded one by one; more are only counted. */
#define MAX_REQUESTS_SHOWN 8

#define CUSTOM_MESSAGE "socklab: a connected request"
#define SERVER_REQUEST "41 Hello from the grader: capitals, please"
#define FIRST_REQUEST "7 a long request from the first client"
#define SECOND_REQUEST "12 second"

/* The texts of the grader's replies (after "SEQ "). */
#define RIGHT_TEXT "the right reply, from the server"
#define OTHER_PORT_TEXT "a reply from another port"
#define OTHER_ADDRESS_TEXT "a reply from another address"
#define STALE_TEXT "a late reply to attempt 1"

/* What the grader's server does with the requests it receives. */
enum plan {
	PLAN_SILENT,		/* never answers */
	PLAN_DROP_FIRST,	/* no answer to request 1; answers the others */
	PLAN_WRONG_SENDERS,	/* answers request 1 from elsewhere first */
	PLAN_STALE_FIRST,	/* no answer to request 1; request 2 gets a
				   late answer to request 1 before its own */
};

/* The grader playing the server for the student's client. */
struct peer {
	enum plan plan;
	int fd;			/* the server's address: 127.0.0.1:PORT */
	int other_port_fd;	/* 127.0.0.1:PROBE2, for PLAN_WRONG_SENDERS */
	int other_ip_fd;	/* 127.0.0.2:PORT (namespace only), or -1 */
	int count;		/* requests received */
	char first_seq[32];	/* request 1's SEQ */
	struct bytes requests;	/* the requests, one per line */
	int64_t first_at;	/* clock_ms() at request 1; 0: none came */
	int64_t ended_at;	/* when the client was seen ended; 0: never */
	struct proc *also;	/* another client to watch meanwhile, or NULL */
	int64_t also_ended_at;	/* when that one was seen ended; 0: not yet */
};

/* The arguments for the client: none when the defaults are ours. */
static const char *const *
default_args(struct run *r, const char *args[3])
{
	args[0] = "127.0.0.1";
	args[1] = r->port_arg;
	args[2] = NULL;
	return run_defaults_usable(r) ? NULL : args;
}

/* data[0..len) escaped for a note, at most 200 bytes of it. */
static void
shown_bytes(struct bytes *out, const char *data, size_t len)
{
	bytes_clear(out);
	escape_bytes(out, data, len, 200);
}

/* A UDP probe bound to ip:port; a failure becomes the grader's error. */
static int
probe_socket(struct run *r, const char *ip, int port)
{
	char err[NET_ERR_LEN];
	int fd = net_udp_bind(ip, port, err);

	if (fd == -1)
		transcript_setf(r->t, "note.error", "grader probe on %s:%d: %s",
		    ip, port, err);
	return fd;
}

/* The address fd is bound to, "IP:PORT", into out. */
static void
local_address(int fd, char *out, size_t n)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	char ip[INET_ADDRSTRLEN];

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1 ||
	    inet_ntop(AF_INET, &sa.sin_addr, ip, sizeof ip) == NULL)
		snprintf(out, n, "?");
	else
		snprintf(out, n, "%s:%d", ip, ntohs(sa.sin_port));
}

/* Send "SEQ TEXT" from fd to ip:port and note it. */
static void
send_reply(struct run *r, int fd, const char *ip, int port, const char *seq,
    const char *text)
{
	char err[NET_ERR_LEN], line[256], source[64];
	struct bytes shown;
	int len = snprintf(line, sizeof line, "%s %s", seq, text);

	if (len < 0 || (size_t)len >= sizeof line)
		len = (int)strlen(line);
	bytes_init(&shown);
	shown_bytes(&shown, line, (size_t)len);
	local_address(fd, source, sizeof source);
	if (net_udp_send(fd, ip, port, line, (size_t)len, err) == -1)
		run_note(r, "sending '%s' failed: %s", bytes_str(&shown), err);
	else
		run_note(r, "from %s sent '%s'", source, bytes_str(&shown));
	bytes_free(&shown);
}

/* The SEQ of a request: its bytes before the first space (at most n - 1). */
static void
seq_of(const struct bytes *d, char *seq, size_t n)
{
	size_t i = 0;

	while (i < d->len && i + 1 < n && d->data[i] != ' ')
		i++;
	memcpy(seq, d->data, i);
	seq[i] = '\0';
}

/* Does p's plan answer the request it has just counted? */
static int
plan_answers(const struct peer *p)
{
	switch (p->plan) {
	case PLAN_SILENT:
		return 0;
	case PLAN_DROP_FIRST:
	case PLAN_STALE_FIRST:
		return p->count > 1;
	case PLAN_WRONG_SENDERS:
		return 1;
	}
	return 0;
}

/*
 * Record one request and, unless answer is 0, answer it as p's plan says.
 * from is the client's address, "IP:PORT".
 */
static void
handle_request(struct run *r, struct peer *p, const struct bytes *d,
    const char *from, int answer)
{
	char ip[32], seq[32];
	struct bytes shown;
	int port = 0;

	p->count++;
	if (p->count == 1)
		p->first_at = clock_ms();
	if (p->count <= MAX_REQUESTS_SHOWN) {
		bytes_append(&p->requests, d->data, d->len);
		bytes_puts(&p->requests, "\n");
	} else if (p->count == MAX_REQUESTS_SHOWN + 1) {
		bytes_puts(&p->requests, "[... more]\n");
	}
	seq_of(d, seq, sizeof seq);
	if (p->count == 1)
		snprintf(p->first_seq, sizeof p->first_seq, "%s", seq);
	if (!plan_answers(p) || sscanf(from, "%31[0-9.]:%d", ip, &port) != 2)
		answer = 0;

	bytes_init(&shown);
	shown_bytes(&shown, d->data, d->len);
	run_note(r, "request %d from %s: '%s'%s", p->count, from,
	    bytes_str(&shown), answer ? "" : "; not answered");
	bytes_free(&shown);
	if (!answer)
		return;

	/* The wrong ones first: the client reads them first. */
	if (p->plan == PLAN_WRONG_SENDERS && p->count == 1) {
		send_reply(r, p->other_port_fd, ip, port, seq, OTHER_PORT_TEXT);
		if (p->other_ip_fd != -1)
			send_reply(r, p->other_ip_fd, ip, port, seq,
			    OTHER_ADDRESS_TEXT);
	}
	if (p->plan == PLAN_STALE_FIRST && p->count == 2)
		send_reply(r, p->fd, ip, port, p->first_seq, STALE_TEXT);
	send_reply(r, p->fd, ip, port, seq, RIGHT_TEXT);
}

/*
 * Bind the grader's server socket on 127.0.0.1:PORT (and the wrong senders
 * the plan needs). Returns 0, or -1 with note.error set and every socket
 * closed.
 */
static int
peer_open(struct run *r, struct peer *p, enum plan plan)
{
	memset(p, 0, sizeof *p);
	p->plan = plan;
	p->other_port_fd = p->other_ip_fd = -1;
	bytes_init(&p->requests);
	p->fd = probe_socket(r, "127.0.0.1", r->port);
	if (p->fd == -1)
		return -1;
	if (plan != PLAN_WRONG_SENDERS)
		return 0;
	p->other_port_fd = probe_socket(r, "127.0.0.1", r->probe_port[1]);
	if (p->other_port_fd == -1) {
		close(p->fd);
		return -1;
	}
	/*
	 * Same port, other address: in a private namespace every 127.x.y.z
	 * is ours. On the shared host loopback, stay on 127.0.0.1.
	 */
	if (run_defaults_usable(r)) {
		p->other_ip_fd = probe_socket(r, "127.0.0.2", r->port);
		if (p->other_ip_fd == -1) {
			close(p->fd);
			close(p->other_port_fd);
			return -1;
		}
	}
	return 0;
}

static void
peer_close(struct peer *p)
{
	if (p->fd != -1)
		close(p->fd);
	if (p->other_port_fd != -1)
		close(p->other_port_fd);
	if (p->other_ip_fd != -1)
		close(p->other_ip_fd);
	bytes_free(&p->requests);
}

/*
 * Play the server for cli, following p's plan, until cli ends or, at the
 * latest, CLIENT_WAIT_MS after its first request (after started when none
 * comes). Then record the requests as probe.requests.
 */
static void
serve(struct run *r, struct peer *p, struct proc *cli, int64_t started)
{
	char err[NET_ERR_LEN], from[64];
	struct bytes d;

	bytes_init(&d);
	for (;;) {
		int64_t now = clock_ms();
		int64_t deadline = (p->first_at != 0 ? p->first_at : started) +
		    run_ms(r, CLIENT_WAIT_MS);

		if (p->also != NULL && p->also_ended_at == 0 &&
		    !run_running(p->also))
			p->also_ended_at = now;
		if (!run_running(cli)) {
			p->ended_at = now;
			break;
		}
		if (now >= deadline)
			break;
		/* Short waits, so that the client's exit is seen at once. */
		if (net_udp_recv(p->fd, &d, now + 5 < deadline ? now + 5 :
		    deadline, from, sizeof from, err) == 0)
			handle_request(r, p, &d, from, 1);
	}
	/* Requests still queued when the client ended: recorded only. */
	while (net_udp_recv(p->fd, &d, clock_ms(), from, sizeof from,
	    err) == 0)
		handle_request(r, p, &d, from, 0);
	bytes_free(&d);

	if (p->count == 0)
		transcript_setf(r->t, "probe.requests", "none: no request "
		    "arrived");
	else
		transcript_set(r->t, "probe.requests", p->requests.data,
		    p->requests.len);
	transcript_setf(r->t, "note.request-count", "%d", p->count);
}

/*
 * Judge how long after its first request the client behind p gave up:
 * within the bound, too soon (timeouts far too short), too late, or never.
 */
static void
record_give_up(struct run *r, const struct peer *p)
{
	int64_t took = p->ended_at - p->first_at;

	if (p->first_at == 0)
		return;		/* probe.requests already says so */
	if (p->ended_at == 0)
		transcript_setf(r->t, "client.timing", "still running %d ms "
		    "after its first request: it never gave up",
		    run_ms(r, CLIENT_WAIT_MS));
	else if (took < GIVE_UP_EARLIEST_MS)
		transcript_setf(r->t, "client.timing", "gave up too soon (%lld "
		    "ms after its first request; %d attempts of %d ms take "
		    "%d)", (long long)took, ATTEMPTS, TIMEOUT_MS,
		    ALL_ATTEMPTS_MS);
	else if (took > run_ms(r, GIVE_UP_BOUND_MS))
		transcript_setf(r->t, "client.timing", "took too long (exited "
		    "%lld ms after its first request; the bound is %d)",
		    (long long)took, run_ms(r, GIVE_UP_BOUND_MS));
	else
		transcript_setf(r->t, "client.timing", "exited within the bound "
		    "(%d to %d ms after its first request)",
		    GIVE_UP_EARLIEST_MS, run_ms(r, GIVE_UP_BOUND_MS));
	if (p->ended_at != 0)
		transcript_setf(r->t, "note.client.took", "%lld ms from its "
		    "first request to its exit", (long long)took);
}

/*
 * Run the student's client with args against the grader's server playing
 * plan; record the requests, then how the client ended.
 */
static void
client_against_peer(struct run *r, enum plan plan, const char *const args[])
{
	struct peer p;
	struct proc *cli;
	int64_t started;

	if (peer_open(r, &p, plan) == -1)
		return;
	started = clock_ms();
	cli = run_start(r, "client", "client", args);
	if (cli != NULL)
		serve(r, &p, cli, started);
	run_collect(r, cli);
	peer_close(&p);
}

/* Start the server and wait until its UDP socket is bound. */
static struct proc *
start_bound_server(struct run *r, int defaults)
{
	return run_start_ready_server(r, "server", SOCK_DGRAM, defaults);
}

/* Send payload from fd to the server and note it. */
static void
probe_send(struct run *r, int fd, const char *payload)
{
	char err[NET_ERR_LEN];

	if (net_udp_send(fd, "127.0.0.1", r->port, payload, strlen(payload),
	    err) == -1)
		run_note(r, "sending '%s' failed: %s", payload, err);
	else
		run_note(r, "from 127.0.0.1:%d sent '%s'", net_local_port(fd),
		    payload);
}

/*
 * Record under key every datagram that reaches fd: the first within
 * wait_ms (0: only those already there), then any queued behind it. Each
 * is recorded as 'BYTES' from IP:PORT, one per line.
 */
static void
record_replies(struct run *r, int fd, const char *key, int wait_ms)
{
	char err[NET_ERR_LEN], from[64];
	struct bytes d, all;
	int64_t deadline = clock_ms() + run_ms(r, wait_ms);
	int n = 0;

	bytes_init(&d);
	bytes_init(&all);
	while (n < 4 && net_udp_recv(fd, &d, deadline, from, sizeof from,
	    err) == 0) {
		bytes_puts(&all, n > 0 ? "\n'" : "'");
		bytes_append(&all, d.data, d.len);
		bytes_printf(&all, "' from %s", from);
		n++;
		deadline = clock_ms();
	}
	if (n == 0 && wait_ms == 0)
		transcript_setf(r->t, key, "nothing more");
	else if (n == 0)
		transcript_setf(r->t, key, "nothing within %d ms",
		    run_ms(r, wait_ms));
	else
		transcript_set(r->t, key, all.data, all.len);
	bytes_free(&d);
	bytes_free(&all);
}

static void
server_binds(struct run *r)
{
	run_scenario_server_ready(r, SOCK_DGRAM);
}

static void
server_replies(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *srv = start_bound_server(r, 0), *cli;
	char err[NET_ERR_LEN], from[64];
	struct bytes reply;
	int fd;

	if (srv == NULL)
		return;
	fd = probe_socket(r, "127.0.0.1", r->probe_port[0]);
	if (fd == -1) {
		run_collect(r, srv);
		return;
	}
	probe_send(r, fd, SERVER_REQUEST);
	bytes_init(&reply);
	if (net_udp_recv(fd, &reply, clock_ms() + run_ms(r, 1000), from,
	    sizeof from, err) == 0) {
		transcript_setf(r->t, "server.replied-from", "%s", from);
		transcript_set(r->t, "probe.reply", reply.data, reply.len);
	} else {
		transcript_setf(r->t, "server.replied-from", "nothing: no "
		    "reply within %d ms", run_ms(r, 1000));
	}
	bytes_free(&reply);
	close(fd);

	/* The reference client must get its reply from this server too. */
	cli = run_start_driver(r, "client", "client", args);
	(void)run_wait_exit(r, cli, CLIENT_WAIT_MS);
	run_collect(r, cli);
	(void)run_wait_lines(r, srv, 3, 1000);
	run_collect(r, srv);
}

static void
server_two_clients(struct run *r)
{
	struct proc *srv = start_bound_server(r, 0);
	int a, b;

	if (srv == NULL)
		return;
	a = probe_socket(r, "127.0.0.1", r->probe_port[0]);
	b = probe_socket(r, "127.0.0.1", r->probe_port[1]);
	if (a != -1 && b != -1) {
		/*
		 * One after the other, the long one first, so that stale
		 * bytes show; the second is sent once the first client has
		 * its reply, so that a server that connect()ed to the first
		 * one cannot receive it.
		 */
		probe_send(r, a, FIRST_REQUEST);
		record_replies(r, a, "probe.first-got", 1000);
		probe_send(r, b, SECOND_REQUEST);
		record_replies(r, b, "probe.second-got", 1000);
		/* A reply sent to the wrong client shows up here. */
		record_replies(r, a, "probe.first-got-later", 0);
		(void)run_wait_lines(r, srv, 3, 1000);
	}
	run_collect(r, srv);
	if (a != -1)
		close(a);
	if (b != -1)
		close(b);
}

/* Start the reference server on port as the student's client's peer. */
static struct proc *
start_reference_server(struct run *r, int port, const char *port_arg)
{
	const char *args[] = { "127.0.0.1", port_arg, NULL };
	struct proc *srv = run_start_driver(r, "server", "server", args);

	if (run_wait_bound(r, srv, "server", SOCK_DGRAM, port) == -1) {
		transcript_setf(r->t, "note.error", "the reference server did "
		    "not start on 127.0.0.1:%d", port);
		return NULL;
	}
	return srv;
}

/* The student's client with args against the reference server on port. */
static void
client_with_reference_server(struct run *r, int port, const char *port_arg,
    const char *const args[])
{
	struct proc *srv = start_reference_server(r, port, port_arg), *cli;

	if (srv == NULL)
		return;
	cli = run_start(r, "client", "client", args);
	(void)run_wait_exit(r, cli, CLIENT_WAIT_MS);
	run_collect(r, cli);
	/* What the server printed shows the request the client sent. */
	(void)run_wait_lines(r, srv, 2, 500);
	run_collect(r, srv);
}

static void
client_gets_reply(struct run *r)
{
	const char *args[3];

	client_with_reference_server(r, r->port, r->port_arg,
	    default_args(r, args));
}

static void
client_connected_reply(struct run *r)
{
	const char *args[] = { "-c", "127.0.0.1", r->alt_port_arg,
	    CUSTOM_MESSAGE, NULL };

	client_with_reference_server(r, r->alt_port, r->alt_port_arg, args);
}

/* Wait until p ends (at most wait_ms after started); the ms it took, or -1. */
static int64_t
time_to_exit(struct run *r, struct proc *p, int64_t started, int wait_ms)
{
	if (p == NULL || run_wait_exit_until(p, started + run_ms(r, wait_ms)) == -1)
		return -1;
	return clock_ms() - started;
}

/*
 * Two unconnected clients at once, neither of which can get a reply: one
 * talks to the grader's server, which never answers; the other to ALT_PORT,
 * where nothing is bound. The kernel answers that one with an ICMP "port
 * unreachable", but an unconnected socket never hears of it: both must
 * make their 3 attempts and give up in time.
 */
static void
client_times_out(struct run *r)
{
	const char *args[3];
	const char *nargs[] = { "127.0.0.1", r->alt_port_arg, NULL };
	struct proc *cli, *none;
	struct peer p;
	int64_t started, took;

	if (peer_open(r, &p, PLAN_SILENT) == -1)
		return;
	started = clock_ms();
	cli = run_start(r, "client", "client", default_args(r, args));
	none = run_start(r, "client", "no-server", nargs);
	run_note(r, "the grader's server on 127.0.0.1:%d never answers; "
	    "nothing is bound to 127.0.0.1:%d", r->port, r->alt_port);
	p.also = none;
	if (cli != NULL) {
		serve(r, &p, cli, started);
		record_give_up(r, &p);
	}
	run_collect(r, cli);
	peer_close(&p);

	/* The second client's end, seen while serving the first, or now. */
	if (p.also_ended_at != 0)
		took = p.also_ended_at - started;
	else
		took = time_to_exit(r, none, started, CLIENT_WAIT_MS);
	if (took == -1)
		transcript_setf(r->t, "no-server.timing", "still running %d ms "
		    "after it started", run_ms(r, CLIENT_WAIT_MS));
	else if (took < GIVE_UP_EARLIEST_MS)
		transcript_setf(r->t, "no-server.timing", "ended too soon (%lld "
		    "ms after it started): it did not wait for its timeouts",
		    (long long)took);
	else
		transcript_setf(r->t, "no-server.timing", "ended after its "
		    "timeouts, %d ms or more after it started",
		    GIVE_UP_EARLIEST_MS);
	if (took != -1)
		transcript_setf(r->t, "note.no-server.took", "%lld ms",
		    (long long)took);
	run_collect(r, none);
}

static void
client_retries(struct run *r)
{
	const char *args[3];

	client_against_peer(r, PLAN_DROP_FIRST, default_args(r, args));
}

static void
client_ignores_other_sender(struct run *r)
{
	const char *args[3];

	client_against_peer(r, PLAN_WRONG_SENDERS, default_args(r, args));
}

static void
client_ignores_stale_reply(struct run *r)
{
	const char *args[3];

	client_against_peer(r, PLAN_STALE_FIRST, default_args(r, args));
}

/*
 * Nothing is bound to PORT. A connected client (-c) hears the kernel's ICMP
 * "port unreachable" answer as ECONNREFUSED and must stop within
 * REFUSED_BOUND_MS. (client-times-out runs the same without -c.)
 */
static void
client_connected_refused(struct run *r)
{
	const char *args[] = { "-c", "127.0.0.1", r->port_arg, NULL };
	struct proc *cli;
	struct bytes err;
	int64_t started, took;

	run_note(r, "nothing is bound to 127.0.0.1:%d", r->port);
	started = clock_ms();
	cli = run_start(r, "client", "client", args);
	took = time_to_exit(r, cli, started, CLIENT_WAIT_MS);
	if (took == -1)
		transcript_setf(r->t, "client.refused", "still running %d ms "
		    "after it started", run_ms(r, CLIENT_WAIT_MS));
	else if (took > run_ms(r, REFUSED_BOUND_MS))
		transcript_setf(r->t, "client.refused", "ended too late (%lld "
		    "ms after it started; the bound is %d)", (long long)took,
		    run_ms(r, REFUSED_BOUND_MS));
	else
		transcript_setf(r->t, "client.refused", "ended within %d ms",
		    run_ms(r, REFUSED_BOUND_MS));
	if (took != -1) {
		transcript_setf(r->t, "note.client.took", "%lld ms",
		    (long long)took);
		bytes_init(&err);
		(void)run_read_output(cli, RUN_STDERR, &err, 4096);
		transcript_setf(r->t, "client.error", "%s",
		    strstr(bytes_str(&err), "Connection refused") != NULL ?
		    "stderr says 'Connection refused'" :
		    "stderr does not say 'Connection refused'");
		bytes_free(&err);
	}
	run_collect(r, cli);
}

/* The port of "name=PORT" in note.ports, or -1. */
static int
named_port(const struct transcript *t, const char *name)
{
	const char *p = strstr(transcript_str(t, "note.ports"), name);

	if (p == NULL || p[strlen(name)] != '=')
		return -1;
	return atoi(p + strlen(name) + 1);
}

static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *out = transcript_str(got, "server.stdout");
	const char *value = transcript_str(got, d->key);
	char own[64];

	snprintf(own, sizeof own, ", addr: 127.0.0.1:%d\n",
	    named_port(got, "server"));
	if (strcmp(d->key, "server.replied-from") == 0) {
		if (strstr(out, own) != NULL)
			bytes_puts(why, "The server received its own reply: it "
			    "sent it to its own address (addr) instead of the "
			    "sender's. Reply with sendto() to sender, the "
			    "address recvfrom() filled in.");
		else if (strncmp(value, "nothing", 7) == 0)
			bytes_puts(why, "No reply came back. After printing the "
			    "request, send its bytes in capitals with sendto() "
			    "to sender, the address recvfrom() filled in, with "
			    "sender_len as the length.");
		else
			bytes_printf(why, "The reply came from %s, not from the "
			    "port the request was sent to: send it on the "
			    "socket that received the request (s). A reply "
			    "from another socket has another port, and the "
			    "client ignores it.", value);
		return;
	}
	if (strcmp(d->key, "probe.reply") == 0) {
		const struct bytes *e = transcript_get(ref, d->key);
		const struct bytes *g = transcript_get(got, d->key);

		if (e != NULL && g != NULL && g->len == 1024 && e->len < 1024) {
			bytes_puts(why, "The reply is 1024 bytes long: its "
			    "length was sizeof buf. Send exactly n bytes, the "
			    "size recvfrom() returned for this request.");
			return;
		}
		if (e != NULL && g != NULL && e->len == g->len &&
		    strncasecmp(e->data, g->data, e->len) == 0) {
			bytes_puts(why, "The reply must be the request in "
			    "capital letters: toupper() on each of its n "
			    "bytes.");
			return;
		}
	}
	if (strcmp(d->key, "probe.second-got") == 0 &&
	    strncmp(value, "nothing", 7) == 0) {
		if (strncmp(transcript_str(got, "probe.first-got-later"),
		    "nothing", 7) != 0)
			bytes_puts(why, "Both replies went to the first client: "
			    "reply to the address from this request's "
			    "recvfrom(), not to one remembered from before.");
		else if (strstr(transcript_str(got, "server.stdout"),
		    "data: " SECOND_REQUEST ",") != NULL)
			bytes_puts(why, "The second client's request was "
			    "printed but got no reply: reply to sender, the "
			    "address this request's recvfrom() filled in.");
		else
			bytes_puts(why, "The second client got no reply, and "
			    "its request was not printed. Did the server "
			    "connect() its socket to the first client? A "
			    "connected UDP socket only receives from that one "
			    "address; a server must stay unconnected and "
			    "reply to each sender with sendto().");
		return;
	}
	if (strcmp(d->key, "probe.first-got") == 0 ||
	    strcmp(d->key, "probe.second-got") == 0) {
		const char *e = transcript_str(ref, d->key);
		const char *q = strstr(e, "' from ");

		/* Same start, then more bytes before the closing quote. */
		if (q != NULL && strncmp(e, value, (size_t)(q - e)) == 0 &&
		    value[q - e] != '\'') {
			bytes_puts(why, "The reply carries bytes of an earlier, "
			    "longer request: send exactly n bytes, the size "
			    "recvfrom() returned, not strlen(buf) or a fixed "
			    "size.");
			return;
		}
	}
	diagnose_common(ref, got, d, why);
}

/*
 * client-connected-refused (client.refused, client.error and what follows
 * them) and the no-server client of client-times-out. Returns 1 when it
 * explained the difference.
 */
static int
diagnose_refusal(const struct transcript *got, const struct difference *d,
    struct bytes *why)
{
	const char *out = transcript_str(got, "client.stdout");
	const char *refused = transcript_str(got, "client.refused");
	const char *took = transcript_str(got, "note.client.took");
	/* Before its first timeout: every attempt failed at once. */
	int quick = took[0] != '\0' && atoi(took) < TIMEOUT_MS;

	if (strncmp(d->key, "no-server.", 10) == 0) {
		if (strstr(transcript_str(got, "note.no-server.stderr"),
		    "Connection refused") == NULL)
			return 0;
		bytes_puts(why, "Without -c the client was refused: its socket "
		    "was connected. Call connect() only with -c: an "
		    "unconnected socket never hears the ICMP answer, so the "
		    "client waits for its timeouts, as the contract says.");
		return 1;
	}
	if (strstr(transcript_str(got, "note.client.stderr"),
	    "Destination address required") != NULL) {
		bytes_puts(why, "send() ran on a socket that was never "
		    "connected ('Destination address required'): with -c, "
		    "connect() the socket to the server first.");
		return 1;
	}
	if (refused[0] == '\0')
		return 0;	/* not client-connected-refused */
	if (quick && strstr(out, "no reply after") != NULL)
		bytes_puts(why, "recvfrom() failed with ECONNREFUSED and the "
		    "client took it for a timeout. Look at errno: only EAGAIN "
		    "or EWOULDBLOCK mean that the timeout passed; on "
		    "ECONNREFUSED, perror(\"client: recvfrom\") and exit with "
		    "status 4 at once.");
	else if (!quick && (strstr(out, "no reply after") != NULL ||
	    strncmp(refused, "ended within", 12) != 0))
		bytes_puts(why, "With -c the client waited for its timeouts "
		    "instead of being refused: either the socket was not "
		    "connected, or recvfrom()'s -1 was not returned as an "
		    "error. connect() the socket to the "
		    "server before sending: only a connected UDP socket is "
		    "told about the ICMP 'port unreachable' answer, as "
		    "ECONNREFUSED from recvfrom() or recv().");
	else if (strcmp(d->key, "client.error") == 0)
		bytes_puts(why, "Report the refusal with "
		    "perror(\"client: recvfrom\"): it prints "
		    "'client: recvfrom: Connection refused'.");
	else if (strcmp(d->key, "client.status") == 0)
		bytes_puts(why, "On ECONNREFUSED the client exits with status 4 "
		    "(EXIT_REFUSED), not 1: the server's machine answered "
		    "that nothing is there.");
	else
		return 0;
	return 1;
}

static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *status = transcript_str(got, "client.status");
	const char *out = transcript_str(got, "client.stdout");
	const char *timing = transcript_str(got, "client.timing");
	int ref_count = atoi(transcript_str(ref, "note.request-count"));
	int got_count = atoi(transcript_str(got, "note.request-count"));
	int running = strcmp(status, "still running") == 0;
	char doubled[64];
	int attempt;

	if (diagnose_refusal(got, d, why))
		return;
	if (strstr(out, OTHER_PORT_TEXT) != NULL) {
		bytes_printf(why, "It accepted a reply from 127.0.0.1:%d, not "
		    "from the server: compare the sender's address and port, "
		    "which recvfrom() fills in, with the server's, and ignore "
		    "the datagram when either differs.",
		    named_port(got, "probe2"));
		return;
	}
	if (strstr(out, OTHER_ADDRESS_TEXT) != NULL) {
		bytes_printf(why, "It accepted a reply from 127.0.0.2:%d: the "
		    "port was the server's but the address was not. Compare "
		    "sin_addr.s_addr as well as sin_port.",
		    named_port(got, "server"));
		return;
	}
	if (strcmp(d->key, "probe.requests") == 0 && got_count >= 2) {
		const char *reqs = transcript_str(got, "probe.requests");
		const char *second = strchr(reqs, '\n');
		size_t seq = strcspn(reqs, " \n");

		if (second != NULL && strncmp(reqs, second + 1, seq + 1) == 0) {
			bytes_puts(why, "Every attempt carried the same SEQ: "
			    "number the attempts 1, 2, 3, so that a reply says "
			    "which request it answers.");
			return;
		}
	}
	if (strstr(out, STALE_TEXT) != NULL) {
		bytes_puts(why, "It printed a reply for an old request: compare "
		    "the sequence number. A reply answers this attempt only if "
		    "it starts with this attempt's SEQ and a space.");
		return;
	}
	if (ref_count > 0 && got_count > ref_count && got_count > ATTEMPTS) {
		bytes_printf(why, "The client sent %d%s requests: stop after "
		    "%d attempts, then print the no-reply line and exit with "
		    "status 3.", got_count, running ? " and more" : "",
		    ATTEMPTS);
		return;
	}
	if (running && got_count <= 1) {
		bytes_printf(why, "The client waited forever after its first "
		    "request: set SO_RCVTIMEO or use poll(), so that "
		    "recvfrom() gives up after %d ms. In the struct timeval, "
		    "tv_sec counts seconds and tv_usec microseconds: %d ms is "
		    "tv_sec = 0, tv_usec = %d.", TIMEOUT_MS, TIMEOUT_MS,
		    TIMEOUT_MS * 1000);
		return;
	}
	if (strncmp(timing, "gave up too soon", 16) == 0) {
		bytes_printf(why, "Each wait was far shorter than %d ms: "
		    "tv_usec counts microseconds, so %d ms is tv_usec = %d "
		    "(tv_usec = %d would be %d microseconds).", TIMEOUT_MS,
		    TIMEOUT_MS, TIMEOUT_MS * 1000, TIMEOUT_MS, TIMEOUT_MS);
		return;
	}
	if (strncmp(timing, "took too long", 13) == 0 ||
	    strncmp(timing, "still running", 13) == 0) {
		bytes_printf(why, "The client gave up too late: %d attempts of "
		    "%d ms must end within %d ms.", ATTEMPTS, TIMEOUT_MS,
		    GIVE_UP_BOUND_MS);
		return;
	}
	if (got_count >= 1 && got_count < ref_count) {
		bytes_printf(why, "Only %d request%s arrived where the reference "
		    "sent %d: when recvfrom() times out (-1 with errno EAGAIN "
		    "or EWOULDBLOCK), send the request again with the next "
		    "SEQ, up to %d attempts.", got_count,
		    got_count == 1 ? "" : "s", ref_count, ATTEMPTS);
		return;
	}
	if (strcmp(d->key, "probe.requests") == 0 && got_count == 0) {
		bytes_printf(why, "No request reached the grader's server on "
		    "127.0.0.1:%d. Send it with sendto() to the server's "
		    "sockaddr_in (htons(port)); if the client stopped before "
		    "sending, its stderr below says why.",
		    named_port(got, "server"));
		return;
	}
	if (strcmp(d->key, "probe.requests") == 0) {
		bytes_puts(why, "Each request is the attempt's number, one "
		    "space, then MESSAGE's bytes: '1 Hello This is UDP "
		    "connection.', then '2 ...' for the first retry.");
		return;
	}
	if (strcmp(d->key, "client.stdout") == 0 &&
	    sscanf(out, "reply to attempt %d: ", &attempt) == 1) {
		snprintf(doubled, sizeof doubled, "reply to attempt %d: %d ",
		    attempt, attempt);
		if (strncmp(out, doubled, strlen(doubled)) == 0 &&
		    strncmp(transcript_str(ref, d->key), doubled,
		    strlen(doubled)) != 0) {
			bytes_puts(why, "The reply's SEQ was printed too: print "
			    "only the text after it, the n - seq_len bytes from "
			    "reply + seq_len.");
			return;
		}
	}
	diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-binds",
		.title = "the server binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), then bind() to a "
		    "sockaddr_in with htons(port) and inet_pton(), then print "
		    "the bound line.",
		.scenario = server_binds,
		.diagnose = diagnose_server,
	},
	{
		.name = "server-replies",
		.title = "answers a request in capitals, from its own address",
		.hint = "After printing, turn the n bytes into capitals with "
		    "toupper() and sendto() them on the same socket to sender.",
		.scenario = server_replies,
		.diagnose = diagnose_server,
	},
	{
		.name = "server-two-clients",
		.title = "answers two clients, each with its own reply",
		.hint = "Reply to the address from this request's recvfrom(), "
		    "with n bytes; never connect() the server's socket.",
		.scenario = server_two_clients,
		.diagnose = diagnose_server,
	},
	{
		.name = "client-gets-reply",
		.title = "gets the reference server's reply and prints it",
		.hint = "Send '1 MESSAGE' with sendto(), receive with "
		    "recvfrom(), print 'reply to attempt 1: TEXT' and exit 0.",
		.scenario = client_gets_reply,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-connected-reply",
		.title = "with -c and arguments, gets the reference server's "
		    "reply",
		.hint = "With -c, connect() the socket to the server, then "
		    "send() the request; recvfrom() still works on a "
		    "connected socket.",
		.scenario = client_connected_reply,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-times-out",
		.title = "no answer, or nothing bound: 3 attempts, then it "
		    "gives up in time",
		.hint = "setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof "
		    "tv) with tv = { 0, 150000 }; after 3 timeouts print the "
		    "no-reply line and return 3.",
		.scenario = client_times_out,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-retries",
		.title = "the first request is lost: the retry gets the reply",
		.hint = "When recvfrom() returns -1 with errno EAGAIN or "
		    "EWOULDBLOCK, send the request again with the next SEQ.",
		.scenario = client_retries,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-ignores-other-sender",
		.title = "ignores replies that do not come from the server",
		.hint = "Compare the address recvfrom() filled in with the "
		    "server's: sin_addr.s_addr and sin_port must both match.",
		.scenario = client_ignores_other_sender,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-ignores-stale-reply",
		.title = "ignores a late reply to an earlier attempt",
		.hint = "A reply counts only if it starts with this attempt's "
		    "SEQ and a space.",
		.scenario = client_ignores_stale_reply,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-connected-refused",
		.title = "with -c and nothing bound: 'Connection refused' at "
		    "once",
		.hint = "With -c, connect() first; recvfrom() then fails with "
		    "ECONNREFUSED: perror(\"client: recvfrom\") and return 4.",
		.scenario = client_connected_refused,
		.diagnose = diagnose_client,
	},
};

static const char *const programs[] = { "server", "client", NULL };

static const struct lesson lesson_06 = {
	.dir = "06-udp-timeouts",
	.title = "Timeouts, retries and connected UDP",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
};

LESSON_REGISTER(lesson_06)

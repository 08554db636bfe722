/*
 * 03-udp-echo: checks for the UDP echo lesson (datagram boundaries).
 *
 * The server must echo every datagram whole and separately, whatever its
 * size (0 to 65507 bytes), to whoever sent it: the grader's probes send it
 * datagrams of the pattern. The client must judge each echo and report
 * EMSGSIZE: the grader plays its echo server. Every client check passes
 * -t 150 but client-no-echo, which keeps the default (1 s). Echoes are
 * recorded as descriptions ("1025 bytes from 127.0.0.1:50007: datagram 3"),
 * not up to 65507 raw bytes; the facts diagnoses need are notes beside them.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "diagnose.h"
#include "lesson.h"

#define MAX_PAYLOAD 65507	/* the largest UDP payload over IPv4 */
#define PATTERN_PERIOD 251	/* byte i of the client's datagrams: i % 251 */
#define ECHO_WAIT_MS 1000	/* how long the grader waits for one echo */
#define SHORT_TIMEOUT "150"	/* -t for all client checks but one */
#define TIMEOUT_SLACK_MS 750	/* a timeout that lasts longer was not set */
#define MAX_ECHOES 40		/* datagrams recorded per step */
#define VOLLEY 6		/* datagrams per server check */

/* The pattern, a period longer than a datagram: shifted by s at +s. */
static char pattern[MAX_PAYLOAD + PATTERN_PERIOD];
#define DATAGRAM(k) (pattern + 37 * ((k) + 1) % PATTERN_PERIOD)

static void
fill_pattern(void)
{
	for (size_t i = 0; i < sizeof pattern; i++)
		pattern[i] = (char)(i % PATTERN_PERIOD);
}

static void
server_binds(struct run *r)
{
	run_scenario_server_ready(r, SOCK_DGRAM);
}

static void
server_port_taken(struct run *r)
{
	run_scenario_port_taken(r, SOCK_DGRAM);
}

/*
 * A datagram no echo can reach (from port 0): sendto() fails. The server
 * must say so, print no line for it, and echo the next datagram.
 */
static void
server_sendto_fails(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);
	struct bytes d, err;
	char from[64];
	int fd;

	if (srv == NULL)
		return;
	(void)run_wait_lines(r, srv, 1, ECHO_WAIT_MS);
	if ((fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		goto out;
	(void)run_udp_forge_port_zero(r, r->port, "to nowhere", 10);
	bytes_init(&d);
	(void)run_udp_send(r, fd, r->port, "and then?", 9, NULL);
	if (run_udp_recv_while(r, fd, srv, clock_ms() + run_ms(r,
	    ECHO_WAIT_MS), &d, from, sizeof from) == 0)
		transcript_setf(r->t, "probe.then", "%zu bytes from %s",
		    d.len, from);
	else
		transcript_setf(r->t, "probe.then", "no echo came back");
	(void)run_wait_lines(r, srv, 2, ECHO_WAIT_MS);
	bytes_init(&err);
	(void)run_read_output(srv, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, "server.message", "%s", err.len > 0 ?
	    "a message on stderr" : "nothing on stderr");
	transcript_note_setf(r->t, "server", "code", "%d", run_exit_code(srv));
	bytes_free(&err);
	bytes_free(&d);
	close(fd);
out:
	run_collect(r, srv);
}

static void
server_started_as(struct run *r)
{
	run_scenario_server_args(r, SOCK_DGRAM);
}

/*
 * A server check's datagrams: their sizes, which of two probes sends each,
 * and whether all go back to back (probe.echoes-to-probeN: all of a
 * probe's echoes) or each after the echo of the one before
 * (probe.echo-of-SIZE). Datagram k is the pattern shifted by 37 * (k + 1).
 */
struct volley {
	size_t size[VOLLEY];
	int probe[VOLLEY];
	int together;
	const char *ip;		/* its ADDRESS, at the second port */
};

static const struct volley volleys[] = {
	/* One at a time: 0 bytes after three that work. */
	{ { 1, 1024, 1025, 0, 1472, MAX_PAYLOAD }, { 0 }, 0, NULL },
	{ { 1025, 0, 1, 1472, 100, 1024 }, { 0, 1, 0, 1, 0, 1 }, 1, NULL },
	/* The other side of each limit, at another address and port. */
	{ { MAX_PAYLOAD - 1, 1023, 2, 1471, 1473, 0 }, { 0, 1, 0, 1, 0, 1 },
	    0, "127.0.0.2" },
};
#define N_VOLLEYS (sizeof volleys / sizeof volleys[0])

/* Where datagram k of v holds its first zero byte (its size if none). */
static long
first_zero(const struct volley *v, long k)
{
	long z = (PATTERN_PERIOD - 37 * (k + 1) % PATTERN_PERIOD) %
	    PATTERN_PERIOD;

	return k < 0 || k >= VOLLEY ? -1 : z < (long)v->size[k] ? z :
	    (long)v->size[k];
}

/* The key of probe p's echoes of datagram k (see struct volley). */
static void
echoes_name(char *buf, size_t n, const struct volley *v, int p, size_t k)
{
	snprintf(buf, n, v->together ? "probe.echoes-to-probe%zu" :
	    "probe.echo-of-%zu", v->together ? (size_t)p + 1 : v->size[k]);
}

/*
 * Take probe p's echoes of the datagrams in [from, to) that it sent: each
 * one due within ECHO_WAIT_MS while the server runs, then, once the server
 * has printed lines lines (it prints after its sendto()), any more that
 * came. Record them as NAME (probe.echo...), a line each, and the facts
 * note.NAME.count, note.NAME.from (where an echo came from, when not from
 * the server) and how the first echo that is not the one due is wrong,
 * note.NAME.wrong: "none", "missing", "shorter", "longer", "other" (bytes),
 * "order" (another of ours), "foreign" (the other probe's) or "extra",
 * with .len (its size), .due and .size (the datagram due, its size).
 */
static void
record_echoes(struct run *r, struct proc *srv, const struct volley *v,
    const char *server, int fd, int p, size_t from, size_t to, int lines)
{
	static const char *const kinds[] = { 0, "shorter", "longer", "other" };
	char name[48], addr[64], what[32];
	size_t due[VOLLEY], n_due = 0, count = 0, want, match, bad = VOLLEY;
	int64_t deadline = clock_ms() + run_ms(r, ECHO_WAIT_MS);
	const char *how, *wrong = NULL;
	struct bytes d, text;

	for (size_t k = from; k < to; k++)
		if (v->probe[k] == p)
			due[n_due++] = k;
	echoes_name(name, sizeof name, v, p, from);
	bytes_init(&d);
	bytes_init(&text);
	while (count < MAX_ECHOES) {
		if (count == n_due)
			(void)run_wait_lines(r, srv, lines, ECHO_WAIT_MS);
		if (run_udp_recv_while(r, fd, srv, count < n_due ? deadline :
		    clock_ms(), &d, addr, sizeof addr) != 0)
			break;
		want = count < n_due ? due[count] : VOLLEY;
		for (match = 0; match < to && (d.len != v->size[match] ||
		    memcmp(d.data, DATAGRAM(match), d.len) != 0); match++)
			;
		snprintf(what, sizeof what, "datagram %zu", want + 1);
		bytes_printf(&text, "%s%zu bytes from %s: ", count++ > 0 ?
		    "\n" : "", d.len, addr);
		how = NULL;
		if (match == want)
			bytes_puts(&text, what);
		else if (match < to)
			bytes_printf(&text, "datagram %zu, where %s was due",
			    match + 1, want < VOLLEY ? what : "none");
		else if (want == VOLLEY)
			bytes_puts(&text, "an extra datagram");
		else
			how = kinds[describe_bytes_diff(&text, DATAGRAM(want),
			    v->size[want], d.data, d.len, what)];
		if (match != want && how == NULL)
			how = match < to && v->probe[match] != p ? "foreign" :
			    want == VOLLEY ? "extra" : "order";
		if (how != NULL && wrong == NULL) {
			wrong = how;
			bad = want;
			transcript_note_setf(r->t, name, "len", "%zu", d.len);
		}
		if (strcmp(addr, server) != 0)
			transcript_note_setf(r->t, name, "from", "%s", addr);
	}
	if (wrong == NULL && count < n_due) {
		wrong = "missing";
		bad = due[count];
	}
	transcript_note_setf(r->t, name, "wrong", "%s", wrong != NULL ?
	    wrong : "none");
	if (bad < VOLLEY) {
		transcript_note_setf(r->t, name, "due", "%zu", bad + 1);
		transcript_note_setf(r->t, name, "size", "%zu", v->size[bad]);
	}
	transcript_note_setf(r->t, name, "count", "%zu", count);
	if (count == 0)
		bytes_puts(&text, "no echo came back");
	transcript_set(r->t, name, text.data, text.len);
	bytes_free(&d);
	bytes_free(&text);
}

/*
 * Start the server of row v: with "127.0.0.1 PORT", or with its ADDRESS
 * and the second port; wait until it is bound there, and write that
 * address into server. Returns it, or NULL (recorded) when it is not.
 */
static struct proc *
start_server(struct run *r, const struct volley *v, char *server, size_t n)
{
	const char *args[] = { v->ip, r->alt_port_arg, NULL };
	struct proc *srv;

	snprintf(server, n, "%s:%d", v->ip != NULL ? v->ip : "127.0.0.1",
	    v->ip != NULL ? r->alt_port : r->port);
	if (v->ip == NULL)
		return run_start_ready_server(r, "server", SOCK_DGRAM, 0);
	srv = run_start(r, "server", "server", args);
	(void)run_wait_bound(r, srv, "server", SOCK_DGRAM, r->alt_port);
	if (strcmp(transcript_str(r->t, "server.bound"), server) == 0)
		return srv;
	run_collect(r, srv);
	return NULL;
}

/*
 * Send the row's datagrams to the server from the probes on the two fixed
 * probe ports, and record their echoes.
 */
static void
server_echoes(struct run *r)
{
	const struct volley *v = r->arg;
	char what[32], server[32];
	struct proc *srv = start_server(r, v, server, sizeof server);
	int fd[2];

	if (srv == NULL)
		return;
	/* Its "bound to" line, after bind(): the lines counted follow it. */
	(void)run_wait_lines(r, srv, 1, ECHO_WAIT_MS);
	fd[0] = run_udp_probe(r, "127.0.0.1", r->probe_port[0]);
	fd[1] = run_udp_probe(r, "127.0.0.1", r->probe_port[1]);
	fill_pattern();
	for (size_t k = 0; k < VOLLEY && fd[0] != -1 && fd[1] != -1; k++) {
		int lines = run_lines_printed(srv);

		snprintf(what, sizeof what, "datagram %zu", k + 1);
		(void)run_udp_reply(r, fd[v->probe[k]], server, DATAGRAM(k),
		    v->size[k], what);
		for (int p = 0; p < 2; p++)
			if (v->together ? k == VOLLEY - 1 : p == v->probe[k])
				record_echoes(r, srv, v, server, fd[p], p,
				    v->together ? 0 : k, k + 1, v->together ?
				    VOLLEY + 1 : lines + 1);
	}
	for (int p = 0; p < 2; p++)
		if (fd[p] != -1)
			close(fd[p]);
	transcript_note_setf(r->t, "server", "code", "%d", run_exit_code(srv));
	run_collect(r, srv);
}

/* How the grader's echo server answers a datagram of the client's. */
enum echo {
	ECHO_EXACT, ECHO_BYTE_50, ECHO_SHORT, ECHO_LONG, ECHO_NONE, ECHO_BYTE_0
};

static const char *const echo_note[] = {
	"exact", "byte 50 changed", "one byte short", "one byte more",
	"sent no echo for it (dropped it)", "byte 0 changed",
};

/*
 * The student's client against the grader's echo server: its arguments
 * (run_args), each echo, its timeout, whether to record what its EMSGSIZE
 * message names.
 */
struct client_case {
	const char *args[40];
	enum echo echo[6];
	int timeout_ms;
	int emsgsize;
	const char *ip;		/* the echo server's (2nd port) */
	int nobody;		/* no echo server: nothing listens */
	int stop_ms;		/* stop the client then (0: t + 2 s) */
	int address_only;	/* args end with ADDRESS: default PORT */
};

/*
 * Play the echo server for the client until it ends or its time is up.
 * Record what arrived (probe.received; note.received.count, .K: the size
 * of datagram K, .not-pattern: the first that is not the pattern), how
 * long it waited for an echo that never came (client.waited), its code.
 */
static void
serve_client(struct run *r)
{
	const struct client_case *cc = r->arg;
	const char *args[42], *errors;
	char from[64], what[64], k[16];
	struct bytes d, text;
	struct proc *cli;
	int64_t deadline, dropped_at = -1, waited = -1;
	int fd = -1, count = 0, bad = 0, size, limit, t = cc->timeout_ms;
	int n, limit_ms;

	if (cc->nobody) {
		/* No echo can come: the client meets its timeout at once. */
		run_note(r, "nothing listens on 127.0.0.1:%d", r->alt_port);
		transcript_note_setf(r->t, "client", "timeout-ms", "%d", t);
		transcript_note_setf(r->t, "client", "waited-ms", "0");
	}
	else if ((fd = run_udp_probe(r, cc->ip != NULL ? cc->ip : "127.0.0.1",
	    cc->ip != NULL ? r->alt_port : r->port)) == -1)
		return;
	fill_pattern();
	bytes_init(&d);
	bytes_init(&text);
	(void)run_args(r, cc->args, args, 41);
	/* Without namespaces the default port is not ours: say it. */
	if (cc->address_only && !run_defaults_usable(r)) {
		for (n = 0; args[n] != NULL; n++)
			;
		args[n++] = r->port_arg;
		args[n] = NULL;
	}
	cli = run_start(r, "client", "client", args);
	limit_ms = cc->stop_ms > 0 ? cc->stop_ms : t + 2000;
	deadline = clock_ms() + run_ms(r, limit_ms);
	while (fd != -1 && cli != NULL && count < MAX_ECHOES &&
	    run_udp_recv_while(r, fd, cli, deadline, &d, from,
	    sizeof from) == 0) {
		enum echo e = count < 6 ? cc->echo[count] : ECHO_EXACT;

		if (dropped_at >= 0 && waited < 0)
			waited = run_udp_arrival(fd) - dropped_at;
		bytes_printf(&text, "%s%zu bytes: ", count++ > 0 ? "\n" : "",
		    d.len);
		if (describe_bytes_diff(&text, pattern, d.len, d.data, d.len,
		    "the pattern") != BYTES_SAME && bad++ == 0)
			transcript_note_setf(r->t, "received", "not-pattern",
			    "%d", count);
		snprintf(k, sizeof k, "%d", count);
		transcript_note_setf(r->t, "received", k, "%zu", d.len);
		if (e == ECHO_NONE) {
			run_note(r, "received datagram %d (%zu bytes), %s",
			    count, d.len, echo_note[e]);
			dropped_at = run_udp_arrival(fd);
			continue;
		}
		if (e == ECHO_BYTE_50 && d.len > 50)
			d.data[50] = (char)~d.data[50];
		else if (e == ECHO_BYTE_0 && d.len > 0)
			d.data[0] = (char)~d.data[0];
		else if (e == ECHO_SHORT && d.len > 0)
			d.len--;
		else if (e == ECHO_LONG)
			bytes_append(&d, "!", 1);
		snprintf(what, sizeof what, "the echo of datagram %d: %s",
		    count, echo_note[e]);
		(void)run_udp_reply_within(r, fd, from, d.data, d.len, what,
		    t);
	}
	transcript_note_setf(r->t, "received", "count", "%d", count);
	if (count == 0)
		bytes_puts(&text, "nothing");
	if (fd != -1)
		transcript_set(r->t, "probe.received", text.data, text.len);
	/* One deadline for all: a client that hangs costs t + 2 s. */
	if (cli != NULL && run_wait_exit_until(r, cli, deadline) == -1)
		run_note(r, "the client was still running %d ms after it "
		    "started: the grader stopped it", run_ms(r, limit_ms));
	else if (dropped_at >= 0 && waited < 0)
		waited = clock_ms() - dropped_at;
	/* How long it took to go on after the datagram that got no echo. */
	if (dropped_at >= 0) {
		transcript_note_setf(r->t, "client", "waited-ms", "%lld",
		    (long long)waited);
		transcript_note_setf(r->t, "client", "timeout-ms", "%d", t);
		if (waited < 0)
			transcript_setf(r->t, "client.waited", "never went on "
			    "after the datagram that got no echo");
		else if (waited < t / 3 || waited > t + run_ms(r,
		    TIMEOUT_SLACK_MS))
			transcript_setf(r->t, "client.waited", "went on after "
			    "%lld ms, %s its timeout of %d ms",
			    (long long)waited, waited < t / 3 ? "well before" :
			    "long after", t);
		else
			transcript_setf(r->t, "client.waited", "went on after "
			    "about its timeout of %d ms", t);
	}
	bytes_free(&d);
	bytes_free(&text);
	if (fd != -1)
		close(fd);
	transcript_note_setf(r->t, "client", "code", "%d", run_exit_code(cli));
	run_collect(r, cli);
	/* What its message names of the size 65508 and the limit 65507. */
	errors = transcript_fact_str(r->t, "client", KEY_STDERR);
	size = strstr(errors, "65508") != NULL;
	limit = strstr(errors, "65507") != NULL;
	if (cc->emsgsize)
		transcript_setf(r->t, "client.stderr-names", "%s",
		    size && limit ? "the size 65508 and the limit 65507" :
		    size ? "the size 65508, not the limit 65507" :
		    limit ? "the limit 65507, not the size 65508" :
		    errors[0] != '\0' ? "neither the size 65508 nor the limit "
		    "65507" : "nothing: stderr is empty");
}

/*
 * For every server check: echoes sent to the server's own address (its
 * lines show them), and sendto() refusing an address never filled in.
 */
static int
diagnose_sender(const struct transcript *got, struct bytes *why)
{
	char line[48], alt[48];
	int port = run_port_named(got, "server");
	const char *out = transcript_str(got, "server.stdout");

	snprintf(line, sizeof line, " bytes to 127.0.0.1:%d\n", port);
	snprintf(alt, sizeof alt, " bytes to 127.0.0.2:%d\n",
	    run_port_named(got, "alt"));
	if (strstr(out, alt) != NULL)
		port = run_port_named(got, "alt");
	if (port > 0 && (strstr(out, line) != NULL || strstr(out, alt) != NULL))
		bytes_printf(why, "The server's lines show echoes sent to "
		    "port %d, its own address (addr): each came back as "
		    "a new datagram, echoed again without end%s. sendto() "
		    "sender and sender_len, as recvfrom() filled them in.",
		    port, transcript_note_number(got, "server", "code") ==
		    128 + SIGXFSZ ? " (stopped at 1 MiB of lines)" : "");
	else if (strstr(transcript_fact_str(got, "server", KEY_STDERR),
	    "sendto: Invalid argument") != NULL)
		bytes_puts(why, "The server's sendto() failed with 'Invalid "
		    "argument': " DIAGNOSE_SENDER_LEN ". recvfrom()'s last "
		    "argument is both input and output: given 0 (or garbage) "
		    "it fills in no address.");
	else
		return 0;
	return 1;
}

/* Where echoes went: the datagram's own sender, never a kept address. */
static const char own_sender[] = "send each echo to the address recvfrom() "
    "filled in for that datagram (sender), not one kept from an earlier "
    "one, and do not connect() the server's socket to its first client.";

/* key, probe p's echoes of datagram k (together: all): what went wrong. */
static int
diagnose_echoes(const struct transcript *ref, const struct transcript *got,
    const char *key, struct bytes *why)
{
	const char *status = transcript_str(got, "server.status"), *wrong;
	const struct volley *v;
	char name[48];
	long count, want, size, len;
	int p, ended = strcmp(status, "still running") != 0, zero_sent = 0;
	size_t k;

	for (v = volleys; v < volleys + N_VOLLEYS; v++)
		for (k = 0; k < VOLLEY; k++) {
			p = v->together ? v->probe[k] : 0;
			echoes_name(name, sizeof name, v, p, k);
			if (strcmp(key, name) == 0)
				goto found;
		}
	return 0;
found:
	wrong = transcript_note_str(got, name, "wrong");
	count = transcript_note_number(got, name, "count");
	want = transcript_note_number(ref, name, "count");
	size = transcript_note_number(got, name, "size");
	len = transcript_note_number(got, name, "len");
	for (size_t j = 0; j < (v->together ? VOLLEY : k); j++)
		zero_sent |= v->size[j] == 0;
	if (ended && count < want && (size == 0 || (zero_sent &&
	    transcript_note_number(got, "server", "code") == 0)))
		bytes_printf(why, "The server stopped (%s) %s %ld-byte "
		    "datagram%s: for UDP, recvfrom() returning 0 is not an end "
		    "of input as recv()'s 0 was for TCP, but a datagram with "
		    "no bytes. Echo it (sendto() with length 0) and go on.",
		    status, size == 0 ? "at the" : "before it echoed the",
		    size, size == 0 ? "" : ", after a 0-byte one");
	else if (ended && count < want)
		bytes_printf(why, "The server ended (%s) before it echoed the "
		    "%ld-byte datagram; its message, if any, is under stderr "
		    "below.", status, size);
	else if (count == 0 && want > 1)
		bytes_printf(why, "The %s socket got no echo at all, though "
		    "the server was sent its datagrams: %s", p == 0 ? "first" :
		    "second", own_sender);
	else if (strcmp(wrong, "foreign") == 0)
		bytes_printf(why, "Echoes of the other socket's datagrams came "
		    "back to this one: %s", own_sender);
	else if (size == 0 && (count == 0 || strcmp(wrong, "order") == 0 ||
	    strcmp(wrong, "missing") == 0))
		bytes_printf(why, "The echo of the 0-byte datagram (datagram "
		    "%ld) is missing, though the server kept running: echo "
		    "it too, with sendto() of length 0, and print its line.",
		    transcript_note_number(got, name, "due"));
	else if (count == 0)
		bytes_printf(why, "No echo came back for the %ld-byte "
		    "datagram: after recvfrom(), sendto() the n bytes to the "
		    "sender (sender, sender_len).", size);
	else if (count > want && want == 1)
		bytes_printf(why, "The %zu-byte datagram came back as %ld "
		    "datagrams: each sendto() makes one datagram, so echo all "
		    "n bytes with one sendto().", v->size[k], count);
	else if (count > want)
		bytes_printf(why, "%ld echoes came back for %ld datagrams: one "
		    "datagram in, one sendto() out.", count, want);
	else if (strcmp(wrong, "shorter") == 0 && len == first_zero(v,
	    transcript_note_number(got, name, "due") - 1))
		bytes_printf(why, "The %ld-byte datagram came back as %ld "
		    "bytes, cut just before its first zero byte: the echo's "
		    "length came from strlen(). Send n, what recvfrom() "
		    "returned: the bytes are not a C string.", size, len);
	else if (strcmp(wrong, "shorter") == 0)
		bytes_printf(why, "The %ld-byte datagram came back as %ld "
		    "bytes: the server's buffer holds only %ld bytes%s, and "
		    "the kernel dropped the rest. Make it %d bytes "
		    "(MAX_PAYLOAD), the largest UDP payload over IPv4.", size,
		    len, len, len == 1024 ? " (like the blog's "
		    "recvfrom(1024))" : "", MAX_PAYLOAD);
	else if (strcmp(wrong, "longer") == 0)
		bytes_printf(why, "The %ld-byte datagram came back as %ld "
		    "bytes: sendto() was given sizeof buf instead of n, what "
		    "recvfrom() returned.", size, len);
	else if (transcript_note_str(got, name, "from")[0] != '\0')
		bytes_printf(why, "The echo came from %s, not from the "
		    "server's address: sendto() on the socket that received "
		    "the datagram (s).", transcript_note_str(got, name,
		    "from"));
	else if (strcmp(wrong, "other") == 0)
		bytes_puts(why, "The echo holds other bytes than the datagram: "
		    "send back buf, exactly the bytes recvfrom() filled in.");
	else
		return 0;
	return 1;
}

static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	size_t was = why->len;

	/* server-sendto-fails: its sendto() fails on purpose (EINVAL). */
	if (transcript_get(ref, "probe.then") != NULL &&
	    strstr(transcript_str(got, "server.stdout"), ":0\n") != NULL)
		bytes_puts(why, "The server printed a line for the datagram "
		    "from port 0, which it could not echo: when sendto() "
		    "returns -1, perror(\"server: sendto\") and go on to the "
		    "next datagram, with no line.");
	else if (transcript_get(ref, "probe.then") != NULL &&
	    strcmp(d->key, "server.message") == 0)
		bytes_puts(why, "sendto() failed (the datagram came from port "
		    "0, where no echo can go), and the server said nothing: "
		    "perror(\"server: sendto\"), then go on.");
	else if (transcript_get(ref, "probe.then") != NULL &&
	    transcript_note_number(got, "server", "code") >= 0)
		bytes_printf(why, "The server ended (%s) when sendto() failed "
		    "for one datagram: one sender's trouble must not stop it. "
		    "perror(\"server: sendto\") and continue.",
		    transcript_str(got, "server.status"));
	if (why->len > was || diagnose_refusal(ref, got, d, why) ||
	    diagnose_sender(got, why) || diagnose_echoes(ref, got, d->key,
	    why))
		return;
	/* Bound, but elsewhere, and not by a classic slip (htons()...). */
	if (strcmp(d->key, "server.bound") == 0 &&
	    strchr("0123456789", transcript_str(got, d->key)[0]) != NULL &&
	    !diagnose_address(transcript_str(ref, d->key),
	    transcript_str(got, d->key), "", why))
		bytes_printf(why, "The server is bound to %s; it was told "
		    "%s: bind() to the ADDRESS and PORT of the command line "
		    "(inet_pton(), htons()).", transcript_str(got, d->key),
		    transcript_str(ref, d->key));
	else if (strcmp(d->key, "server.bound") == 0 &&
	    strchr("0123456789", transcript_str(got, d->key)[0]) != NULL)
		;
	else if (strcmp(d->key, "server.stdout") == 0 &&
	    strstr(transcript_str(got, d->key), "echoed 0 bytes") == NULL &&
	    strstr(transcript_str(ref, d->key), "echoed 0 bytes") != NULL)
		bytes_puts(why, "No line for the 0-byte datagram: echo it and "
		    "print 'echoed 0 bytes to IP:PORT' like any other.");
	else
		diagnose_common(ref, got, d, why);
}

/* probe.received differs: what the client sent is not SIZE pattern bytes. */
static int
diagnose_received(const struct transcript *ref, const struct transcript *got,
    struct bytes *why)
{
	long n = transcript_note_number(got, "received", "count");
	long want = transcript_note_number(ref, "received", "count");
	long bad = transcript_note_number(got, "received", "not-pattern");
	long e = 0, g = 0, i;
	char k[16];

	/* The first datagram of another size, or not of the pattern. */
	for (i = 1; i <= n || i <= want; i++) {
		snprintf(k, sizeof k, "%ld", i);
		e = transcript_note_number(ref, "received", k);
		g = transcript_note_number(got, "received", k);
		if (e != g || i == bad)
			break;
	}
	if (n == 0)
		bytes_printf(why, "No datagram arrived from your client (%s): "
		    "does it sendto() the address and port it was given, with "
		    "htons() on the port?%s", transcript_str(got,
		    "client.status"), transcript_fact_str(got, "client",
		    KEY_STDERR)[0] != '\0' ? " Its stderr is below." : "");
	else if (e == -1)
		bytes_puts(why, "The client sent more datagrams than the "
		    "reference: one per SIZE; after an error, stop.");
	else if (g == -1)
		bytes_printf(why, "The client sent fewer datagrams than the "
		    "reference (the next should have held %ld bytes).", e);
	else if (g == 0 && e > 0)
		bytes_printf(why, "A datagram that should hold %ld bytes "
		    "arrived with 0: strlen() of the pattern, which starts "
		    "with a zero byte? Send SIZE bytes.", e);
	else if (g != e)
		bytes_printf(why, "A datagram that should hold %ld bytes "
		    "arrived with %ld: send exactly SIZE bytes.", e, g);
	else if (i == bad)
		bytes_puts(why, "The datagram's bytes are not the pattern: "
		    "byte i must be i % 251 (fill_pattern() does it).");
	else
		return 0;
	return 1;
}

/* Misjudged echoes: the reference's line says this, the client's that. */
static const struct {
	const char *expected, *got, *why;
} misjudged[] = {
	{ "intact", "wrong bytes, first at byte 128", "An intact echo was "
	    "reported as wrong from byte 128 on, where the pattern's bytes "
	    "pass 127: compared as a plain char, which is signed, they read "
	    "back negative. Compare with memcmp(in, out, size), or as "
	    "unsigned char." },
	{ "truncated", "wrong length", "A truncated echo was reported as "
	    "having the wrong length: without MSG_TRUNC, recv() returns only "
	    "what fitted. With it, n is the real length; n > BYTES: cut." },
	{ "truncated", "", "The echo was longer than the buffer, unreported: "
	    "with MSG_TRUNC recv() returns the real length; compare it." },
	{ "", "truncated", "An echo that fitted was reported as truncated: it "
	    "is cut only when n > BYTES (n == BYTES fits exactly)." },
	{ "wrong bytes", "intact", "An echo with a changed byte was reported "
	    "as intact: memcmp() all of it with what was sent." },
	{ "wrong length", "intact", "An echo of the wrong length was reported "
	    "as intact: compare n, the echo's length, with SIZE." },
};

/* The client's first line that differs: which judgement went wrong. */
static int
diagnose_result(const struct transcript *ref, const struct transcript *got,
    struct bytes *why)
{
	struct line_diff at;
	char el[256], gl[256];

	if (compare_lines(transcript_str(ref, "client.stdout"),
	    transcript_str(got, "client.stdout"), &at) == LINE_SAME)
		return 0;
	snprintf(el, sizeof el, "%.*s", (int)at.expected_len,
	    at.expected != NULL ? at.expected : "");
	snprintf(gl, sizeof gl, "%.*s", (int)at.got_len,
	    at.got != NULL ? at.got : "");
	if (strstr(el, "first at byte") != NULL && strstr(gl, "first at byte")
	    != NULL && atol(strstr(gl, "first at byte") + 14) ==
	    atol(strstr(el, "first at byte") + 14) + 1) {
		bytes_puts(why, "The first wrong byte is counted from 1: the "
		    "contract counts from 0, so the first i with in[i] != "
		    "out[i] is the number to print.");
		return 1;
	}
	for (size_t i = 0; i < sizeof misjudged / sizeof misjudged[0]; i++)
		if (strstr(el, misjudged[i].expected) != NULL &&
		    strstr(gl, misjudged[i].got) != NULL) {
			bytes_puts(why, misjudged[i].why);
			return 1;
		}
	return 0;
}

/*
 * Where the grader dropped a datagram (note.client.timeout-ms), first a
 * hang, a wait not of the timeout given, a stop, or a wrong exit status.
 */
static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *key = d->key;
	const char *status = transcript_str(got, "client.status");
	long timeout = transcript_note_number(ref, "client", "timeout-ms");
	long waited = transcript_note_number(got, "client", "waited-ms");
	long code = transcript_note_number(got, "client", "code");
	long ref_code = transcript_note_number(ref, "client", "code");
	int reached = transcript_note_str(got, "client", "waited-ms")[0] != 0;
	int is_status = strcmp(key, "client.status") == 0;
	int is_received = strcmp(key, "probe.received") == 0;

	if (diagnose_refusal(ref, got, d, why))
		return;
	if (strstr(transcript_fact_str(got, "client", KEY_STDERR),
	    "setsockopt") != NULL)
		bytes_puts(why, "setsockopt(SO_RCVTIMEO) failed (its message "
		    "is under stderr): tv_usec must stay below 1000000. "
		    "tv_sec = opt.timeout_ms / 1000, tv_usec = "
		    "(opt.timeout_ms % 1000) * 1000.");
	else if (code == 2 && ref_code != 2)
		bytes_puts(why, "The client refused a command line the "
		    "contract accepts (exit status 2; its message is under "
		    "stderr): SIZE may be up to 65535, BYTES from 1 to 65507, "
		    "MS from 1 to 60000, and there may be 32 SIZEs.");
	else if (strstr(transcript_fact_str(got, "client", KEY_STDERR),
	    "Connection refused") != NULL)
		bytes_puts(why, "recv() failed with 'Connection refused': the "
		    "client's socket is connect()ed, and a connected UDP "
		    "socket is told when nobody listens. sendto() each "
		    "datagram without connect(): then nothing listening is "
		    "only an echo that never comes.");
	else if (timeout > 0 && strcmp(status, "still running") == 0)
		bytes_printf(why, "The client hangs on one missing echo: set "
		    "SO_RCVTIMEO to opt.timeout_ms (%ld ms here), tv_usec = "
		    "(opt.timeout_ms %% 1000) * 1000 included (0 s and 0 us "
		    "means none).", timeout);
	else if (timeout > 0 && strcmp(key, "client.waited") == 0)
		bytes_printf(why, "The client waited %ld ms for the missing "
		    "echo instead of %ld ms, %s: tv_sec = opt.timeout_ms / "
		    "1000, tv_usec = (opt.timeout_ms %% 1000) * 1000%s.",
		    waited, timeout, timeout == 1000 ? "the default when no "
		    "-t is given" : "the -t it was given", timeout == 1000 ?
		    "; let ECHO_TIMEOUT_MS be 1000" : "");
	/* It stopped at the datagram that got no echo (it did reach it). */
	else if (timeout > 0 && reached && code > 0 && code < 128 &&
	    code != ref_code && (is_received || is_status ||
	    strcmp(key, "client.stdout") == 0))
		bytes_printf(why, "The client %s %s: on EAGAIN or EWOULDBLOCK "
		    "print 'N bytes sent: no echo within MS ms', remember it, "
		    "and continue with the next SIZE.", status,
		    strstr(transcript_str(got, "client.stdout"), "no echo "
		    "within") != NULL ? "right after its 'no echo within' "
		    "line" : "when the echo did not come");
	else if (timeout > 0 && is_status && code == 0 &&
	    strstr(transcript_str(got, "client.stdout"), "wrong") == NULL &&
	    strstr(transcript_str(got, "client.stdout"), "truncated") == NULL)
		bytes_puts(why, "An echo never came, yet the client exited "
		    "with status 0: in the timeout branch set not_intact = 1 "
		    "before you continue, and exit with status 3.");
	else if (is_received && transcript_get(ref, "client.stderr-names") &&
	    transcript_note_number(got, "received", "count") >
	    transcript_note_number(ref, "received", "count"))
		bytes_puts(why, "After sendto() of 65508 bytes failed "
		    "(EMSGSIZE), the client went on: check its return value, "
		    "report the size and the limit on stderr, exit with 1.");
	else if (is_received && diagnose_received(ref, got, why))
		;
	/* A wrong status comes with a wrong line: explain the line. */
	else if ((is_status || strcmp(key, "client.stdout") == 0) &&
	    diagnose_result(ref, got, why))
		;
	else if (strcmp(key, "client.stderr-names") == 0)
		bytes_puts(why, "The EMSGSIZE message must name the size and "
		    "the limit: 'client: sendto: 65508 bytes: Message too long "
		    "(at most 65507 bytes)'.");
	else if (is_status && ref_code == 3 && code == 0)
		bytes_puts(why, "An echo was not intact, yet the client exited "
		    "with 0: exit with 3 when any was truncated, wrong, lost.");
	else
		diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-binds", .rules = "S1 S2 S7",
		.title = "the server binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), then bind() to a "
		    "sockaddr_in with htons(port) and inet_pton(), as in "
		    "lesson 02.",
		.scenario = server_binds, .diagnose = diagnose_server,
	}, {
		.name = "server-echoes-sizes",
		.title = "echoes datagrams of 1, 1024, 1025, 0, 1472 and "
		    "65507 bytes whole, one echo each",
		.hint = "Receive into a buffer of 65507 bytes; sendto() "
		    "exactly the n bytes recvfrom() returned, to the sender; "
		    "n == 0 is a datagram too.",
		.scenario = server_echoes, .diagnose = diagnose_server,
		.arg = &volleys[0], .rules = "S3 S4 S5 S6 S7",
	}, {
		.name = "server-burst-boundaries",
		.title = "six datagrams from two sockets, back to back, come "
		    "back as six separate echoes to their senders",
		.hint = "One recvfrom(), one sendto() to the address that "
		    "recvfrom() filled in, every time.",
		.scenario = server_echoes, .diagnose = diagnose_server,
		.arg = &volleys[1], .rules = "S3 S4 S5 S6",
	}, {
		.name = "server-other-address",
		.title = "started with 127.0.0.2 and another port: binds "
		    "there, echoes 65506, 1023, 2, 1471, 1473 and 0 bytes "
		    "whole",
		.hint = "bind() to the ADDRESS and PORT given (inet_pton(), "
		    "htons()); receive into 65507 bytes; sendto() the n bytes "
		    "back to the sender.",
		.scenario = server_echoes, .diagnose = diagnose_server,
		.arg = &volleys[2], .rules = "S1 S2 S3 S4 S5 S6",
	}, {
		.name = "server-address-only",
		.title = "started with only an ADDRESS, binds it at the "
		    "default port 50007",
		.hint = "PORT is optional: parse argv[2] only when argc > 2.",
		.scenario = server_started_as, .diagnose = diagnose_server,
		.arg = (const char *const[]){ "127.0.0.1", NULL },
		.rules = "S1 S2",
	}, {
		.name = "server-port-65535",
		.title = "takes port 65535, the largest, and binds it",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = server_started_as, .diagnose = diagnose_server,
		.arg = (const char *const[]){ "127.0.0.1", "65535", NULL },
		.rules = "S1 S8",
	}, {
		.name = "server-port-1",
		.title = "takes port 1, the smallest (the system may refuse to "
		    "bind it, but the argument is valid)",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_server,
		.arg = &(const struct run_bad_args){ "server", {
		    { "127.0.0.1", "1" } } },
		.rules = "S1 S8",
	}, {
		.name = "server-sendto-fails",
		.title = "a datagram from port 0, which no echo can reach: a "
		    "message, no line, and the next datagram is echoed",
		.hint = "When sendto() returns -1: perror(\"server: sendto\") "
		    "and continue with the next datagram; print no line.",
		.scenario = server_sendto_fails, .diagnose = diagnose_server,
		.rules = "S11",
	}, {
		.name = "server-bad-arguments",
		.title = "refuses port 0, 65536, abc, -1, 50007x, an address "
		    "that does not parse and an extra argument: exit 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_server,
		.arg = &(const struct run_bad_args){ "server", {
		    RUN_BAD_PORTS, { "127.0.0.1", "-1" },
		    { "127.0.0.1", "50007x" }, { "127.0.0.256" },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "S8",
	}, {
		.name = "server-port-taken",
		.title = "when its port is taken, bind() fails: a message on "
		    "stderr, exit status 1",
		.hint = "if (bind(...) == -1) { perror(\"server: bind\"); "
		    "close(s); return 1; }",
		.scenario = server_port_taken, .diagnose = diagnose_server,
		.rules = "S9",
	}, {
		.name = "client-echo-sizes", .rules = "C1 C2 C3 C4 C8",
		.title = "with only -t 150, sends the default sizes to the "
		    "default address and finds every echo intact",
		.hint = "For each SIZE: sendto() SIZE bytes of the pattern, "
		    "recv() the echo with MSG_TRUNC, compare, print one line.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t",
		    SHORT_TIMEOUT, RUN_ARG_ADDRESS }, .timeout_ms = 150 },
	}, {
		.name = "client-reports-truncation", .rules = "C3 C4 C9",
		.title = "with -b 100, reports echoes of 1000 and 101 bytes "
		    "as truncated, 99 and 100 bytes as intact",
		.hint = "recv(s, in, BYTES, MSG_TRUNC) returns the echo's "
		    "real length: more than BYTES means it was cut.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-b", "100",
		    "-t", SHORT_TIMEOUT, "127.0.0.1", RUN_ARG_PORT, "1000",
		    "99", "100", "101" }, .timeout_ms = 150 },
	}, {
		.name = "client-buffer-limits", .rules = "C3 C4 C12",
		.title = "takes -b 1, -t 60000 and 32 SIZEs: echoes of 0 and 1 "
		    "byte fit a 1-byte buffer, 2 bytes do not",
		.hint = "BYTES may be 1 and MS 60000, and there may be 32 "
		    "SIZEs: the given parse_arguments() accepts them; "
		    "truncated means n > BYTES.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-b", "1",
		    "-t", "60000", "127.0.0.1", RUN_ARG_PORT, "2", "1", "0",
		    "3", "0", "1", "2", "1", "0", "1", "2", "3", "4", "5",
		    "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
		    "16", "17", "18", "19", "20", "1", "0", "2" },
		    .timeout_ms = 150 },
	}, {
		.name = "client-wrong-length-only", .rules = "C4 C9",
		.title = "an echo one byte short, alone: 'wrong length', exit "
		    "status 3",
		.hint = "When n != SIZE, print the 'wrong length' line and "
		    "remember it for the exit status (3).",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t",
		    SHORT_TIMEOUT, "127.0.0.1", RUN_ARG_PORT, "7", "200" },
		    .echo = { ECHO_EXACT, ECHO_SHORT }, .timeout_ms = 150 },
	}, {
		.name = "client-wrong-byte-0", .rules = "C4 C9",
		.title = "an echo whose byte 0 changed, alone: 'wrong bytes, "
		    "first at byte 0', exit status 3",
		.hint = "Look for the first i with in[i] != out[i] from i = 0; "
		    "remember the wrong echo for the exit status (3).",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t",
		    SHORT_TIMEOUT, "127.0.0.1", RUN_ARG_PORT, "300" },
		    .echo = { ECHO_BYTE_0 }, .timeout_ms = 150 },
	}, {
		.name = "client-lines-at-once", .rules = "C4",
		.title = "with -t 60000 and an echo that never comes: the line "
		    "of the echo before it is out at once",
		.hint = "setvbuf(stdout, NULL, _IOLBF, 0) before the first "
		    "line: a client stopped while it waits has printed every "
		    "line so far.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t", "60000",
		    "127.0.0.1", RUN_ARG_PORT, "5", "6" }, .echo = {
		    ECHO_EXACT, ECHO_NONE }, .timeout_ms = 60000,
		    .stop_ms = 500 },
	}, {
		.name = "client-address-only", .rules = "C2 C8",
		.title = "with only -t 150 and an ADDRESS, sends to the "
		    "default port",
		.hint = "PORT and SIZEs are optional: read argv[1] only when "
		    "there is one.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t",
		    SHORT_TIMEOUT, "127.0.0.1" }, .timeout_ms = 150,
		    .address_only = 1 },
	}, {
		.name = "client-port-limits", .rules = "C5 C12",
		.title = "takes ports 1 and 65535 (nothing listens there): 'no "
		    "echo' lines, exit status 3",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_client,
		.arg = &(const struct run_bad_args){ "client", {
		    { "-t", "1", "127.0.0.1", "1", "5" },
		    { "-t", "1", "127.0.0.1", "65535", "5" } } },
	}, {
		.name = "client-reports-damage", .rules = "C1 C4 C9",
		.title = "with -t 150, reports a changed byte, a short, a long "
		    "and a missing echo, and exits with status 3",
		.hint = "Compare the echo's length with SIZE, then its bytes "
		    "with memcmp(); wait opt.timeout_ms for each echo; exit 3 "
		    "if any echo was not intact.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t",
		    SHORT_TIMEOUT, "127.0.0.1", RUN_ARG_PORT, "100", "200",
		    "300", "400", "500" }, .echo = { ECHO_BYTE_50, ECHO_SHORT,
		    ECHO_EXACT, ECHO_LONG, ECHO_NONE }, .timeout_ms = 150 },
	}, {
		.name = "client-no-echo", .rules = "C1 C4 C9",
		.title = "with no -t, an echo that never comes: the client "
		    "says so after its default 1 s, goes on, exits with 3",
		.hint = "SO_RCVTIMEO of opt.timeout_ms (1000 by default); when "
		    "recv() fails with EAGAIN or EWOULDBLOCK, print 'N bytes "
		    "sent: no echo within MS ms', remember it for the exit "
		    "status and continue with the next SIZE.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT, "100", "200", "300" }, .echo = { ECHO_EXACT,
		    ECHO_NONE }, .timeout_ms = 1000 },
	}, {
		.name = "client-nothing-listens", .rules = "C1 C5 C9 C12",
		.title = "with -t 1 and nothing listening: 'no echo within 1 "
		    "ms' for each SIZE, exit status 3",
		.hint = "sendto() succeeds though nobody listens; recv() then "
		    "times out (EAGAIN): print the line, continue, exit 3. "
		    "1 ms is tv_sec 0, tv_usec 1000.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t", "1",
		    "127.0.0.1", RUN_ARG_ALT, "5", "0", "65507" },
		    .timeout_ms = 1, .nobody = 1 },
	}, {
		.name = "client-other-address", .rules = "C1 C2 C9",
		.title = "with -b 65507 and -t 999, sends to 127.0.0.2 and "
		    "another port, and waits 999 ms for a missing echo",
		.hint = "dest: htons(opt.port) and opt.ip, both from the "
		    "command line, not the defaults.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-b", "65507",
		    "-t", "999", "127.0.0.2", RUN_ARG_ALT, "3", "1472" },
		    .echo = { ECHO_EXACT, ECHO_NONE },
		    .timeout_ms = 999, .ip = "127.0.0.2" },
	}, {
		.name = "client-message-too-long", .rules = "C6 C7",
		.title = "65508 bytes: reports EMSGSIZE with the size and the "
		    "limit on stderr, exits 1",
		.hint = "When sendto() returns -1 with errno == EMSGSIZE, "
		    "print the size and the 65507-byte limit on stderr, "
		    "close, return 1.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t",
		    SHORT_TIMEOUT, "127.0.0.1", RUN_ARG_PORT, "1", "65508",
		    "2" },
		    .timeout_ms = 150, .emsgsize = 1 },
	}, {
		.name = "client-largest-size", .rules = "C6 C12",
		.title = "takes SIZE 65535, which sendto() refuses: EMSGSIZE "
		    "on stderr, exit status 1",
		.hint = "SIZE may be up to 65535 (the given code accepts it); "
		    "sendto() then fails with EMSGSIZE: report it, exit 1.",
		.scenario = serve_client, .diagnose = diagnose_client,
		.arg = &(const struct client_case){ .args = { "-t",
		    SHORT_TIMEOUT, "127.0.0.1", RUN_ARG_PORT, "65535", "1" },
		    .timeout_ms = 150 },
	}, {
		.name = "client-sendto-fails", .rules = "C10",
		.title = "sendto() to 255.255.255.255 fails: a message on "
		    "stderr, exit status 1",
		.hint = "Any other -1 from sendto(): perror(\"client: "
		    "sendto\"), close, return 1.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_client,
		.arg = &(const struct run_bad_args){ "client", {
		    { "-t", SHORT_TIMEOUT, "255.255.255.255", RUN_ARG_PORT,
		    "5" } } },
	}, {
		.name = "client-bad-arguments", .rules = "C13",
		.title = "refuses -b 0, -b 65508, -t 0, -t 60001, -x, port 0, "
		    "65536 and abc: exit 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_client,
		.arg = &(const struct run_bad_args){ "client", {
		    { "-b", "0" }, { "-b", "65508" }, { "-t", "0" },
		    { "-t", "60001" }, { "-x" }, RUN_BAD_PORTS } },
	}, {
		.name = "client-bad-sizes", .rules = "C13",
		.title = "refuses SIZE 65536, -1 and 7x, 33 SIZEs, an address "
		    "that does not parse and -b without a value: exit 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_client,
		.arg = &(const struct run_bad_args){ "client", {
		    { "127.0.0.1", RUN_ARG_PORT, "1", "65536" },
		    { "127.0.0.1", RUN_ARG_PORT, "-1" },
		    { "127.0.0.1", RUN_ARG_PORT, "7x" },
		    { "127.0.0.1", RUN_ARG_PORT, "0", "1", "2", "3", "4", "5",
		    "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
		    "16", "17", "18", "19", "20", "21", "22", "23", "24",
		    "25", "26", "27", "28", "29", "30", "31", "32" },
		    { "127.0.0.256" }, { "-b" } } },
	},
};

LESSON_SERVER_CLIENT(lesson_03, .dir = "03-udp-echo",
    .title = "UDP echo: datagram boundaries, truncation, EMSGSIZE")

/*
 * 03-udp-echo: checks for the UDP echo lesson (datagram boundaries).
 *
 * The server must echo every datagram whole and separately, whatever its
 * size (0 to 65507 bytes), to whoever sent it, and keep running. The client
 * sends datagrams of the pattern (byte i is i % 251), judges each echo
 * (intact, truncated, wrong length, wrong bytes, none within its receive
 * timeout, -t MS) and reports sendto()'s EMSGSIZE for a datagram too big
 * for IPv4. Every client check passes -t 150 but client-no-echo, which
 * keeps the default and waits it out: the lesson's one check that lasts
 * about a second, and the one that catches a default other than 1 s.
 * client-reports-damage catches a client that ignores -t.
 *
 * Echoes are recorded as descriptions against what was sent ("1025 bytes
 * from 127.0.0.1:50007: the datagram sent"), not as raw bytes: a 65507-byte
 * value would bury the one fact that matters, and the description keeps
 * every byte's verdict (exact, a prefix, longer, or the first byte that
 * differs).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "netprobe.h"

#define MAX_PAYLOAD 65507	/* the largest UDP payload over IPv4 */
#define PATTERN_PERIOD 251	/* byte i of the client's datagrams: i % 251 */
#define ECHO_WAIT_MS 1000	/* how long the grader waits for one echo */
#define SHORT_TIMEOUT "150"	/* -t for all client checks but one */
#define TIMEOUT_SLACK_MS 750	/* a timeout that lasts longer was not set */
#define SLICE_MS 5		/* how often a wait looks at the program */
#define MAX_ECHOES 16		/* datagrams recorded per step */

/* The server's sizes, one at a time: 0 after three that work. */
static const size_t server_sizes[] = { 1, 1024, 1025, 0, 1472, MAX_PAYLOAD };

/* The client's default sizes (client-echo-sizes runs it without SIZEs). */
#define CLIENT_DEFAULT_SIZES 6

/* Burst: which probe sends (0 or 1) and how many bytes, back to back. */
static const struct {
	int probe;
	size_t size;
} burst[] = {
	{ 0, 1025 }, { 1, 0 }, { 0, 1 }, { 1, 1472 }, { 0, 100 }, { 1, 1024 },
};
#define BURST_LEN (sizeof burst / sizeof burst[0])

/* Fill buf with len bytes of the pattern shifted by seed. */
static void
fill_pattern(char *buf, size_t len, size_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)((seed + i) % PATTERN_PERIOD);
}

/* Index of the first byte where a and b differ in their first n bytes. */
static size_t
first_difference(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/*
 * Append to out what got is, compared with want, named what ("the datagram
 * sent", "datagram 2"): the same bytes, a prefix, more, or where it differs.
 */
static void
describe_bytes(struct bytes *out, const char *got, size_t glen,
    const char *want, size_t wlen, const char *what)
{
	size_t n = glen < wlen ? glen : wlen;
	size_t at = first_difference(got, want, n);

	if (at < n)
		bytes_printf(out, "differs from %s at byte %zu", what, at);
	else if (glen == wlen)
		bytes_printf(out, "%s", what);
	else if (glen < wlen)
		bytes_printf(out, "the first %zu of the %zu bytes of %s", glen,
		    wlen, what);
	else
		bytes_printf(out, "%s and %zu more bytes", what, glen - wlen);
}

/*
 * Start the server and wait until its UDP socket is bound to our port and
 * it has printed its "bound to" line (it prints it after bind(): a slow
 * server, under valgrind, may not have yet, and the scenarios count the
 * lines that follow it).
 */
static struct proc *
start_bound_server(struct run *r, int defaults)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM,
	    defaults);

	if (srv != NULL)
		(void)run_wait_lines(r, srv, 1, ECHO_WAIT_MS);
	return srv;
}

/*
 * Wait until fd is readable, the deadline passes or p (may be NULL) ends.
 * Returns 1 when readable, 0 otherwise.
 */
static int
wait_datagram(int fd, struct proc *p, int64_t deadline)
{
	for (;;) {
		int64_t slice = clock_ms() + SLICE_MS;

		if (net_wait_readable(&fd, 1, slice < deadline ? slice :
		    deadline) == 0)
			return 1;
		if (clock_left_ms(deadline) == 0 || (p != NULL && !run_running(p)))
			return net_wait_readable(&fd, 1, clock_ms()) == 0;
	}
}

static void
server_binds(struct run *r)
{
	run_scenario_server_ready(r, SOCK_DGRAM);
}

/*
 * One datagram of each size, one at a time. For each: wait for the echo,
 * then for the server's line (printed after its sendto(), so every datagram
 * it sent for this one is queued by then), then take whatever else arrived.
 * Record "probe.echo-of-SIZE" as what came back, described.
 */
static void
server_echoes_sizes(struct run *r)
{
	static char sent[MAX_PAYLOAD];
	struct proc *srv = start_bound_server(r, 0);
	char err[NET_ERR_LEN], from[64], key[64];
	struct bytes d, v;
	int fd;

	if (srv == NULL)
		return;
	fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0]);
	if (fd == -1) {
		run_collect(r, srv);
		return;
	}
	fill_pattern(sent, sizeof sent, 0);
	bytes_init(&d);
	bytes_init(&v);
	for (size_t k = 0; k < sizeof server_sizes / sizeof server_sizes[0];
	    k++) {
		size_t size = server_sizes[k];
		int count = 0, lines = run_lines_printed(srv);

		(void)run_udp_send(r, fd, r->port, sent, size,
		    "a datagram of the pattern");
		bytes_clear(&v);
		if (wait_datagram(fd, srv, clock_ms() + run_ms(r,
		    ECHO_WAIT_MS))) {
			(void)run_wait_lines(r, srv, lines + 1, ECHO_WAIT_MS);
			while (count < MAX_ECHOES && net_udp_recv(fd, &d,
			    clock_ms(), from, sizeof from, err) == 0) {
				if (count > 0)
					bytes_puts(&v, "; ");
				bytes_printf(&v, "%zu bytes from %s: ", d.len,
				    from);
				describe_bytes(&v, d.data, d.len, sent, size,
				    "the datagram sent");
				count++;
			}
		}
		snprintf(key, sizeof key, "probe.echo-of-%zu", size);
		if (count == 0)
			transcript_setf(r->t, key, "no echo came back");
		else if (count == 1)
			transcript_set(r->t, key, v.data, v.len);
		else
			transcript_setf(r->t, key, "%d datagrams: %s", count,
			    bytes_str(&v));
	}
	bytes_free(&d);
	bytes_free(&v);
	close(fd);
	run_collect(r, srv);
}

/*
 * Append to v what the echo d is: the datagram of the burst it matches
 * (expected: the index of the one due in its place, BURST_LEN for none),
 * or a description against the expected one.
 */
static void
describe_burst_echo(struct bytes *v, const struct bytes *d,
    char data[][2048], size_t expected)
{
	char what[32];
	size_t match = BURST_LEN;

	for (size_t j = 0; j < BURST_LEN && match == BURST_LEN; j++)
		if (d->len == burst[j].size &&
		    memcmp(d->data, data[j], d->len) == 0)
			match = j;
	if (match < BURST_LEN && match == expected)
		bytes_printf(v, "datagram %zu", match + 1);
	else if (match < BURST_LEN && expected == BURST_LEN)
		bytes_printf(v, "an extra echo, of datagram %zu", match + 1);
	else if (match < BURST_LEN)
		bytes_printf(v, "datagram %zu, where datagram %zu was due",
		    match + 1, expected + 1);
	else if (expected == BURST_LEN)
		bytes_puts(v, "an extra datagram");
	else {
		snprintf(what, sizeof what, "datagram %zu", expected + 1);
		describe_bytes(v, d->data, d->len, data[expected],
		    burst[expected].size, what);
	}
}

/*
 * Two probes send the burst back to back, alternating; then each collects
 * its echoes: those due within the deadline, then whatever else is there
 * once the server has printed a line for every datagram.
 */
static void
server_burst_boundaries(struct run *r)
{
	static char data[BURST_LEN][2048];
	struct proc *srv = start_bound_server(r, 0);
	char err[NET_ERR_LEN], from[64], what[32], key[32];
	int fds[2];
	struct bytes d, v;

	if (srv == NULL)
		return;
	fds[0] = run_udp_probe(r, "127.0.0.1", r->probe_port[0]);
	fds[1] = run_udp_probe(r, "127.0.0.1", r->probe_port[1]);
	if (fds[0] == -1 || fds[1] == -1)
		goto out;
	for (size_t k = 0; k < BURST_LEN; k++) {
		/* A different shift for each, so no two look alike. */
		fill_pattern(data[k], burst[k].size, 37 * (k + 1));
		snprintf(what, sizeof what, "datagram %zu", k + 1);
		(void)run_udp_send(r, fds[burst[k].probe], r->port, data[k],
		    burst[k].size,
		    what);
	}
	bytes_init(&d);
	bytes_init(&v);
	for (int p = 0; p < 2; p++) {
		int64_t deadline = clock_ms() + run_ms(r, ECHO_WAIT_MS);
		size_t mine[BURST_LEN], n_mine = 0, count = 0;

		for (size_t k = 0; k < BURST_LEN; k++)
			if (burst[k].probe == p)
				mine[n_mine++] = k;
		if (p == 0)
			(void)run_wait_lines(r, srv, (int)BURST_LEN + 1,
			    ECHO_WAIT_MS);
		bytes_clear(&v);
		while (count < MAX_ECHOES && net_udp_recv(fds[p], &d,
		    count < n_mine ? deadline : clock_ms(), from, sizeof from,
		    err) == 0) {
			bytes_printf(&v, "\n%zu bytes from %s: ", d.len, from);
			describe_burst_echo(&v, &d, data,
			    count < n_mine ? mine[count] : BURST_LEN);
			count++;
		}
		snprintf(key, sizeof key, "probe%d.echoes", p + 1);
		transcript_setf(r->t, key, "%zu echo%s%s", count,
		    count == 1 ? "" : "es", bytes_str(&v));
	}
	bytes_free(&d);
	bytes_free(&v);
out:
	for (int p = 0; p < 2; p++)
		if (fds[p] != -1)
			close(fds[p]);
	run_collect(r, srv);
}

/*
 * The student's client against the reference server, with only -t (the
 * default sizes). The reference server's lines show what arrived.
 */
static void
client_echo_sizes(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	const char *only_t[] = { "-t", SHORT_TIMEOUT, "127.0.0.1", r->port_arg,
	    NULL };
	struct proc *srv, *cli;

	srv = run_start_driver(r, "server", "echo-server", args);
	if (run_wait_bound(r, srv, "echo-server", SOCK_DGRAM, r->port) == -1) {
		run_collect(r, srv);
		return;
	}
	if (run_defaults_usable(r))
		only_t[2] = NULL;
	cli = run_start(r, "client", "client", only_t);
	(void)run_wait_exit(r, cli, 2000);
	/* The reference server prints after each echo: wait for them all. */
	(void)run_wait_lines(r, srv, CLIENT_DEFAULT_SIZES + 1, 1000);
	run_collect(r, srv);
	run_collect(r, cli);
}

/* How the grader's echo server answers a datagram of the client's. */
enum echo {
	ECHO_EXACT,		/* the same bytes */
	ECHO_BYTE_50,		/* byte 50 changed */
	ECHO_SHORT,		/* one byte short */
	ECHO_LONG,		/* one byte more */
	ECHO_NONE,		/* no echo at all, as if it were lost */
};

static const char *const echo_note[] = {
	"exact", "byte 50 changed", "one byte short", "one byte more",
	"sent no echo for it (dropped it)",
};

/*
 * A run of the student's client against the grader's echo server: its
 * arguments ("PORT" stands for the port), how each of its datagrams is
 * answered, and the receive timeout it was given (-t, or the default).
 */
struct client_case {
	const char *args[10];
	enum echo echo[6];
	int timeout_ms;
};

/*
 * Record in client.waited how long the client took to go on (send its next
 * datagram, or end) after the datagram that got no echo: about its timeout,
 * or clearly less or more. note.waited-ms keeps the number for diagnoses.
 */
static void
record_wait(struct run *r, const struct client_case *cc, int64_t waited)
{
	int t = cc->timeout_ms;

	transcript_setf(r->t, "note.waited-ms", "%lld", (long long)waited);
	transcript_setf(r->t, "note.timeout-ms", "%d", t);
	if (waited < 0)
		transcript_setf(r->t, "client.waited", "never went on after "
		    "the datagram that got no echo");
	else if (waited < t / 3)
		transcript_setf(r->t, "client.waited", "went on after %lld ms, "
		    "well before its timeout of %d ms", (long long)waited, t);
	else if (waited <= t + run_ms(r, TIMEOUT_SLACK_MS))
		transcript_setf(r->t, "client.waited", "went on after about "
		    "its timeout of %d ms", t);
	else
		transcript_setf(r->t, "client.waited", "went on after %lld ms, "
		    "though its timeout was %d ms", (long long)waited, t);
}

/*
 * Play the echo server on 127.0.0.1:r->port for the student's client, run
 * as r->arg (a struct client_case) says, until it ends or its time is up.
 * Records what arrived against the pattern (probe.received), how long the
 * client waited for an echo that never came (client.waited), then the
 * client's status and output.
 */
static void
serve_client(struct run *r)
{
	static char pattern[MAX_PAYLOAD];
	const struct client_case *cc = r->arg;
	const char *args[10];
	char from[64], what[64];
	struct bytes d, reply, v;
	struct proc *cli;
	int64_t deadline, dropped_at = -1, waited = -1;
	int fd, port, count = 0, wait_ms = cc->timeout_ms + 2000;

	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		args[i] = cc->args[i] != NULL && strcmp(cc->args[i], "PORT") ==
		    0 ? r->port_arg : cc->args[i];
	if ((fd = run_udp_probe(r, "127.0.0.1", r->port)) == -1)
		return;
	fill_pattern(pattern, sizeof pattern, 0);
	bytes_init(&d);
	bytes_init(&reply);
	bytes_init(&v);
	cli = run_start(r, "client", "client", args);
	deadline = clock_ms() + run_ms(r, wait_ms);
	while (cli != NULL && count < MAX_ECHOES &&
	    wait_datagram(fd, cli, deadline) &&
	    run_udp_recv(r, fd, &d, 0, from, sizeof from) == 0) {
		enum echo e = count < 6 ? cc->echo[count] : ECHO_EXACT;

		if (dropped_at >= 0 && waited < 0)
			waited = clock_ms() - dropped_at;
		bytes_printf(&v, "%s%zu bytes: ", count > 0 ? "\n" : "", d.len);
		describe_bytes(&v, d.data, d.len, pattern, d.len,
		    "the pattern");
		bytes_clear(&reply);
		bytes_append(&reply, d.data, d.len);
		if (e == ECHO_BYTE_50 && reply.len > 50)
			reply.data[50] = (char)~reply.data[50];
		else if (e == ECHO_SHORT && reply.len > 0)
			reply.len--;
		else if (e == ECHO_LONG)
			bytes_append(&reply, "!", 1);
		snprintf(what, sizeof what, "the echo of datagram %d: %s",
		    count + 1, echo_note[e]);
		if (e == ECHO_NONE) {
			run_note(r, "received datagram %d (%zu bytes), %s",
			    count + 1, d.len, echo_note[e]);
			dropped_at = clock_ms();
		} else if (sscanf(from, "%*[0-9.]:%d", &port) == 1) {
			(void)run_udp_send(r, fd, port, reply.data, reply.len,
			    what);
		}
		count++;
	}
	if (count == 0)
		bytes_puts(&v, "nothing");
	transcript_set(r->t, "probe.received", v.data, v.len);
	/* One deadline for all: a client that hangs costs wait_ms. */
	if (cli != NULL && run_wait_exit_until(cli, deadline) == -1)
		run_note(r, "the client was still running %d ms after it "
		    "started: the grader stopped it", run_ms(r, wait_ms));
	else if (dropped_at >= 0 && waited < 0)
		waited = clock_ms() - dropped_at;
	if (dropped_at >= 0)
		record_wait(r, cc, waited);
	bytes_free(&d);
	bytes_free(&reply);
	bytes_free(&v);
	close(fd);
	run_collect(r, cli);
}

/* serve_client, then what the client's message about EMSGSIZE names. */
static void
client_message_too_long(struct run *r)
{
	const char *errors;
	int size, limit;

	serve_client(r);
	errors = transcript_str(r->t, "note.client.stderr");
	size = strstr(errors, "65508") != NULL;
	limit = strstr(errors, "65507") != NULL;
	transcript_setf(r->t, "client.stderr-names", "%s",
	    size && limit ? "the size 65508 and the limit 65507" :
	    size ? "the size 65508, not the limit 65507" :
	    limit ? "the limit 65507, not the size 65508" :
	    errors[0] != '\0' ? "neither the size 65508 nor the limit 65507" :
	    "nothing: stderr is empty");
}

/* The n-th line (from 0) of s into line (cut to len); 0, or -1 if none. */
static int
nth_line(const char *s, int n, char *line, size_t len)
{
	const char *end;

	for (; n > 0 && s != NULL; n--) {
		s = strchr(s, '\n');
		if (s != NULL)
			s++;
	}
	if (s == NULL || *s == '\0')
		return -1;
	end = strchr(s, '\n');
	snprintf(line, len, "%.*s", (int)(end != NULL ? (size_t)(end - s) :
	    strlen(s)), s);
	return 0;
}

/* The first line that differs between e and g, into el and gl. */
static void
first_different_line(const char *e, const char *g, char *el, char *gl,
    size_t len)
{
	for (int i = 0;; i++) {
		int he = nth_line(e, i, el, len), hg = nth_line(g, i, gl, len);

		if (he == -1)
			el[0] = '\0';
		if (hg == -1)
			gl[0] = '\0';
		if (he == -1 || hg == -1 || strcmp(el, gl) != 0)
			return;
	}
}

/*
 * "was " before a status that needs it: "The server was killed by ...",
 * "The server was still running", but "The server exited with status 1",
 * "The server crashed: ...".
 */
static const char *
was(const char *status)
{
	return strncmp(status, "exited", 6) == 0 ||
	    strncmp(status, "ended", 5) == 0 ||
	    strncmp(status, "crashed", 7) == 0 ||
	    strncmp(status, "could not", 9) == 0 ? "" : "was ";
}

/* Did the server print echoes sent to its own port (sendto() to addr)? */
static int
echoed_to_itself(const struct transcript *got)
{
	char line[48];
	int port = run_port_named(got, "server");

	if (port <= 0)
		return 0;
	snprintf(line, sizeof line, " bytes to 127.0.0.1:%d\n", port);
	return strstr(transcript_str(got, "server.stdout"), line) != NULL;
}

/*
 * Recognisers that hold for every server check: echoes sent to the
 * server's own address, and sendto() refusing an address never filled in.
 */
static int
diagnose_sender(const struct transcript *got, struct bytes *why)
{
	const char *status = transcript_str(got, "server.status");

	if (echoed_to_itself(got)) {
		bytes_printf(why, "The server's lines show echoes sent to "
		    "127.0.0.1:%d, its own port: it sent the echo to its own "
		    "address (addr) instead of the sender. Each echo came "
		    "back to the server as a new datagram, which it echoed to "
		    "itself again, without end%s, and the sender never heard "
		    "back. Pass sendto() the address recvfrom() filled in: "
		    "sender and sender_len.", run_port_named(got, "server"),
		    strstr(status, "1 MiB") != NULL ? " (until the grader "
		    "stopped it: it had written 1 MiB of lines)" : "");
		return 1;
	}
	if (strstr(transcript_str(got, "note.server.stderr"),
	    "sendto: Invalid argument") != NULL) {
		bytes_puts(why, "The server's sendto() failed with 'Invalid "
		    "argument': the address it was given was never filled in. "
		    "recvfrom()'s last argument is both input and output: set "
		    "sender_len = sizeof sender before every recvfrom(), or it "
		    "gets a length of 0 (or garbage), fills in no address, and "
		    "sendto() is left with an empty one.");
		return 1;
	}
	return 0;
}

/*
 * A described echo: "N bytes from IP:PORT: WHAT". Explain a cut datagram
 * (the buffer), a long one (sizeof buf), a wrong sender or other bytes.
 */
static int
diagnose_echo(const struct transcript *got, size_t size, const char *g,
    struct bytes *why)
{
	char ip[32];
	size_t n;
	int port;

	if (sscanf(g, "%zu bytes from %31[0-9.]:%d", &n, ip, &port) != 3)
		return 0;
	if (n < size && strstr(g, "the first ") != NULL) {
		bytes_printf(why, "The %zu-byte datagram came back as %zu "
		    "bytes: the server's buffer holds only %zu bytes%s, so "
		    "recvfrom() kept "
		    "the first %zu and the kernel threw the rest of the "
		    "datagram away. Make the buffer %d bytes (MAX_PAYLOAD), "
		    "the largest UDP payload over IPv4.", size, n, n,
		    n == 1024 ? " (like the blog's recvfrom(1024))" : "", n,
		    MAX_PAYLOAD);
		return 1;
	}
	if (n > size && strstr(g, " more bytes") != NULL) {
		bytes_printf(why, "The %zu-byte datagram came back as %zu "
		    "bytes: sendto() was given the size of the buffer (sizeof "
		    "buf) instead of n, the number of bytes recvfrom() "
		    "returned.", size, n);
		return 1;
	}
	if (port != run_port_named(got, "server") ||
	    strcmp(ip, "127.0.0.1") != 0) {
		bytes_printf(why, "The echo came from %s:%d, not from the "
		    "server's address: send it with sendto() on the socket "
		    "that received the datagram (s), so that the sender hears "
		    "back from the address it wrote to.", ip, port);
		return 1;
	}
	if (strstr(g, "differs from") != NULL) {
		bytes_puts(why, "The echo holds other bytes than the datagram: "
		    "send back buf, exactly the bytes recvfrom() filled in.");
		return 1;
	}
	return 0;
}

/* probe.echo-of-SIZE differs: no echo, several, or a damaged one. */
static int
diagnose_echo_of(const struct transcript *got, const char *key,
    size_t size, struct bytes *why)
{
	const char *g = transcript_str(got, key);
	const char *status = transcript_str(got, "server.status");
	int count, used = 0;

	if (strcmp(g, "no echo came back") == 0) {
		int ended = strcmp(status, "still running") != 0;

		if (size == 0 && ended)
			bytes_printf(why, "The server stopped at the 0-byte "
			    "datagram (it %s%s): recvfrom() returning 0 is not "
			    "the end of input for UDP, as recv() returning 0 "
			    "was for TCP. There is no connection to end: it "
			    "is a datagram with no bytes. Echo it (sendto() "
			    "with length 0) and keep going.", was(status),
			    status);
		else if (size == 0)
			bytes_puts(why, "The 0-byte datagram got no echo, "
			    "though the server kept running: a datagram with "
			    "no bytes is a datagram too. Send it back with "
			    "sendto() of length 0, and print its line.");
		else if (ended)
			bytes_printf(why, "The server %s%s before it echoed the "
			    "%zu-byte datagram; its message, if any, is under "
			    "stderr below.", was(status), status, size);
		else
			bytes_printf(why, "No echo came back for the %zu-byte "
			    "datagram: after recvfrom(), sendto() the n bytes "
			    "to the sender (sender, sender_len).", size);
		return 1;
	}
	if (sscanf(g, "%d datagrams:%n", &count, &used) == 1 && used > 0) {
		bytes_printf(why, "The %zu-byte datagram came back as %d "
		    "datagrams: each sendto() makes one datagram, so echo all "
		    "n bytes with one sendto().", size, count);
		return 1;
	}
	return diagnose_echo(got, size, g, why);
}

/*
 * Does the burst description g, of probe p's echoes, name a datagram that
 * the other probe sent?
 */
static int
echoes_of_other_socket(const char *g, int p)
{
	const char *at = g;
	unsigned long k;

	while ((at = strstr(at, "datagram ")) != NULL) {
		at += strlen("datagram ");
		k = strtoul(at, NULL, 10);
		if (k >= 1 && k <= BURST_LEN && burst[k - 1].probe != p)
			return 1;
	}
	return 0;
}

/* probeN.echoes differs (the burst): a missing sender, or a bad echo. */
static int
diagnose_burst(const struct transcript *ref, const struct transcript *got,
    const char *key, int p, struct bytes *why)
{
	const char *e = transcript_str(ref, key), *g = transcript_str(got, key);
	const char *status = transcript_str(got, "server.status");
	char el[256], gl[256];
	int ecount = atoi(e), gcount = atoi(g);

	if (strcmp(status, "still running") != 0 && gcount < ecount) {
		bytes_printf(why, "The server %s%s in the middle of the burst. "
		    "%s", was(status), status, strcmp(status, "exited with status 0") == 0 ?
		    "A server that ends on its own took some datagram for "
		    "the end of input: datagram 2 had 0 bytes, and for UDP "
		    "recvfrom() returning 0 is a datagram with no bytes, not "
		    "an end." : "Its message, if any, is under stderr below.");
		return 1;
	}
	if (gcount == 0 && ecount > 0) {
		bytes_printf(why, "The %s socket got no echo at all, though "
		    "the server was sent its datagrams: send each echo to the "
		    "address recvfrom() filled in for that datagram, not to "
		    "an address kept from an earlier one, and do not "
		    "connect() the server's socket to its first client (a "
		    "connected UDP socket ignores everyone else).",
		    p == 0 ? "first" : "second");
		return 1;
	}
	if (echoes_of_other_socket(g, p)) {
		bytes_puts(why, "Echoes of the other socket's datagrams came "
		    "back to this one: send each echo to the address "
		    "recvfrom() filled in for that very datagram (sender), "
		    "not to one kept from an earlier datagram, and do not "
		    "connect() the server's socket to its first client.");
		return 1;
	}
	/* The first echo that differs, after the "N echoes" line. */
	first_different_line(strchr(e, '\n') != NULL ? strchr(e, '\n') + 1 :
	    "", strchr(g, '\n') != NULL ? strchr(g, '\n') + 1 : "", el, gl,
	    sizeof el);
	if (strstr(el, "0 bytes from") == el) {
		bytes_printf(why, "The echo of the 0-byte datagram is missing "
		    "(expected: %s): a datagram with no bytes is a datagram "
		    "too; echo it with sendto() of length 0.", el);
		return 1;
	}
	if (gcount > ecount) {
		bytes_printf(why, "%d echoes came back for %d datagrams: one "
		    "datagram in, one sendto() out.", gcount, ecount);
		return 1;
	}
	if (strstr(gl, "the first ") != NULL) {
		bytes_puts(why, "An echo came back shorter than its datagram: "
		    "the server's buffer is too small to hold it. Make it "
		    "65507 bytes (MAX_PAYLOAD).");
		return 1;
	}
	if (strstr(gl, " more bytes") != NULL) {
		bytes_puts(why, "An echo came back longer than its datagram: "
		    "sendto() must send n bytes, the number recvfrom() "
		    "returned, not sizeof buf.");
		return 1;
	}
	return 0;
}

static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	char key[32];

	if (diagnose_sender(got, why))
		return;
	/* Which echo, or which socket of the burst, the key is about. */
	for (size_t k = 0; k < sizeof server_sizes / sizeof server_sizes[0];
	    k++) {
		snprintf(key, sizeof key, "probe.echo-of-%zu", server_sizes[k]);
		if (strcmp(d->key, key) == 0 &&
		    diagnose_echo_of(got, key, server_sizes[k], why))
			return;
	}
	for (int p = 0; p < 2; p++) {
		snprintf(key, sizeof key, "probe%d.echoes", p + 1);
		if (strcmp(d->key, key) == 0 &&
		    diagnose_burst(ref, got, key, p, why))
			return;
	}
	if (strcmp(d->key, "server.stdout") == 0 &&
	    strstr(transcript_str(got, d->key), "echoed 0 bytes") == NULL &&
	    strstr(transcript_str(ref, d->key), "echoed 0 bytes") != NULL) {
		bytes_puts(why, "No line for the 0-byte datagram: echo it and "
		    "print 'echoed 0 bytes to IP:PORT' like any other.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

/* Nothing arrived from the client: say how it ended, and where to look. */
static void
diagnose_nothing_sent(const struct transcript *got, struct bytes *why)
{
	const char *status = transcript_str(got, "client.status");

	bytes_printf(why, "No datagram arrived from your client (it %s%s). "
	    "If it sent any, they went elsewhere: does it sendto() the "
	    "address and port it was given, with htons() on the port?%s",
	    was(status), status,
	    transcript_str(got, "note.client.stderr")[0] != '\0' ?
	    " Its stderr is below." : "");
}

/* probe.received differs: what the client sent is not SIZE pattern bytes. */
static int
diagnose_received(const struct transcript *ref, const struct transcript *got,
    struct bytes *why)
{
	const char *e = transcript_str(ref, "probe.received");
	const char *g = transcript_str(got, "probe.received");
	char el[256], gl[256];
	size_t en, gn;

	if (strcmp(g, "nothing") == 0) {
		diagnose_nothing_sent(got, why);
		return 1;
	}
	first_different_line(e, g, el, gl, sizeof el);
	if (el[0] == '\0') {
		bytes_puts(why, "The client sent more datagrams than the "
		    "reference: one datagram per SIZE; after an error, stop.");
		return 1;
	}
	if (gl[0] == '\0') {
		bytes_printf(why, "The client sent fewer datagrams than the "
		    "reference (the next should have been: %s).", el);
		return 1;
	}
	if (sscanf(el, "%zu bytes", &en) != 1 ||
	    sscanf(gl, "%zu bytes", &gn) != 1)
		return 0;
	if (gn == 0 && en > 0) {
		bytes_printf(why, "A datagram that should hold %zu bytes "
		    "arrived with 0: was its length strlen() of the pattern? "
		    "The pattern starts with a zero byte, so strlen() says 0. "
		    "Send SIZE bytes.", en);
		return 1;
	}
	if (gn != en) {
		bytes_printf(why, "A datagram that should hold %zu bytes "
		    "arrived with %zu: send exactly SIZE bytes.", en, gn);
		return 1;
	}
	if (strstr(gl, "differs from") != NULL) {
		bytes_puts(why, "The datagram's bytes are not the pattern: "
		    "byte i must be i % 251 (fill_pattern() does it).");
		return 1;
	}
	return 0;
}

/* A result line of the client differs: which judgement went wrong. */
static int
diagnose_result(const char *el, const char *gl, struct bytes *why)
{
	if (strstr(el, "truncated") != NULL && strstr(gl, "wrong length") !=
	    NULL) {
		bytes_puts(why, "A truncated echo was reported as having the "
		    "wrong length, the buffer's size: without MSG_TRUNC, "
		    "recv() returns only what fitted. Pass MSG_TRUNC as "
		    "recv()'s flags: it then returns the echo's real length, "
		    "and n > BYTES means the echo was cut.");
		return 1;
	}
	if (strstr(el, "truncated") != NULL) {
		bytes_puts(why, "The echo was longer than the buffer, and the "
		    "report does not say so: with MSG_TRUNC, recv() returns "
		    "the real length; compare it with the buffer size first.");
		return 1;
	}
	if (strstr(el, "truncated") == NULL && strstr(gl, "truncated") != NULL) {
		bytes_puts(why, "An echo that fitted was reported as truncated: "
		    "it is cut only when n > BYTES (n == BYTES fits exactly).");
		return 1;
	}
	if (strstr(el, "wrong bytes") != NULL && strstr(gl, "intact") != NULL) {
		bytes_puts(why, "An echo with a changed byte was reported as "
		    "intact: compare all of the echo's bytes with what was "
		    "sent (memcmp()).");
		return 1;
	}
	if (strstr(el, "wrong length") != NULL && strstr(gl, "intact") != NULL) {
		bytes_puts(why, "An echo of the wrong length was reported as "
		    "intact: compare n, the echo's length, with SIZE.");
		return 1;
	}
	return 0;
}

static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *e = transcript_str(ref, d->key);
	const char *g = transcript_str(got, d->key);
	char el[256], gl[256];

	if (strcmp(d->key, "probe.received") == 0 &&
	    transcript_get(ref, "client.stderr-names") != NULL &&
	    strstr(g, "\n2 bytes") != NULL) {
		bytes_puts(why, "After sendto() of 65508 bytes failed, the "
		    "client went on: sendto() returns -1 with errno EMSGSIZE "
		    "('Message too long'). Check its return value, report the "
		    "size and the limit on stderr, and exit with status 1.");
		return;
	}
	if (strcmp(d->key, "probe.received") == 0 &&
	    diagnose_received(ref, got, why))
		return;
	if (strcmp(d->key, "echo-server.stdout") == 0) {
		if (strstr(g, "echoed ") == NULL)
			diagnose_nothing_sent(got, why);
		else if (strstr(g, "echoed 1 bytes") == NULL)
			bytes_puts(why, "The reference server received only "
			    "0-byte datagrams: was the length strlen() of the "
			    "pattern? It starts with a zero byte. Send SIZE "
			    "bytes.");
		else {
			/* The normalised lines: the client's port varies. */
			first_different_line(bytes_str(&d->expected),
			    bytes_str(&d->got), el, gl, sizeof el);
			/* Keep "echoed N bytes": the port is noise here. */
			if (strstr(el, " to ") != NULL)
				*strstr(el, " to ") = '\0';
			if (strstr(gl, " to ") != NULL)
				*strstr(gl, " to ") = '\0';
			bytes_printf(why, "The reference server received other "
			    "datagrams from your client than from the "
			    "reference client (expected '%s', got '%s'): send "
			    "one datagram of SIZE bytes per SIZE, in order, "
			    "and stop only after the last.", el,
			    gl[0] != '\0' ? gl : "nothing more");
		}
		return;
	}
	/* A wrong status usually comes with a wrong line: explain the line. */
	if (strcmp(d->key, "client.stdout") == 0 ||
	    strcmp(d->key, "client.status") == 0) {
		first_different_line(transcript_str(ref, "client.stdout"),
		    transcript_str(got, "client.stdout"), el, gl, sizeof el);
		if (diagnose_result(el, gl, why))
			return;
	}
	if (strcmp(d->key, "client.stderr-names") == 0) {
		bytes_puts(why, "The message about EMSGSIZE must name both "
		    "the size that was refused and the limit, for example "
		    "'client: sendto: 65508 bytes: Message too long (one UDP "
		    "datagram over IPv4 carries at most 65507 bytes)'.");
		return;
	}
	if (strcmp(d->key, "client.status") == 0 &&
	    strcmp(e, "exited with status 3") == 0 &&
	    strcmp(g, "exited with status 0") == 0) {
		bytes_puts(why, "An echo was not intact, yet the client exited "
		    "with status 0: exit with status 3 when any echo was "
		    "truncated, wrong or missing.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

/*
 * The grader dropped a datagram: a hang, a stop, a wrong exit status, or a
 * wait that was not the timeout the client was given.
 */
static void
diagnose_no_echo(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *status = transcript_str(got, "client.status");
	const char *out = transcript_str(got, "client.stdout");
	int said = strstr(out, "no echo within") != NULL;
	int timeout = atoi(transcript_str(ref, "note.timeout-ms"));
	long waited = atol(transcript_str(got, "note.waited-ms"));

	if (strcmp(status, "still running") == 0) {
		bytes_printf(why, "The client was still running, though only "
		    "one echo was missing: with no receive timeout, recv() "
		    "waits forever for an echo that will never come. Set "
		    "SO_RCVTIMEO to opt.timeout_ms (%d ms here) with "
		    "setsockopt() before the loop; a timeval of 0 s and 0 us "
		    "means no timeout at all, so also fill in tv_usec = "
		    "(opt.timeout_ms %% 1000) * 1000.", timeout);
		return;
	}
	if (strcmp(d->key, "client.waited") == 0 && timeout != 1000 &&
	    waited > timeout) {
		bytes_printf(why, "The client waited %ld ms for the missing "
		    "echo, though it was given -t %d: the receive timeout must "
		    "come from opt.timeout_ms: timeout.tv_sec = opt.timeout_ms "
		    "/ 1000, timeout.tv_usec = (opt.timeout_ms %% 1000) * "
		    "1000.", waited, timeout);
		return;
	}
	if (strcmp(d->key, "client.waited") == 0) {
		bytes_printf(why, "The client waited %ld ms for the missing "
		    "echo instead of %d ms%s: fill the timeval from "
		    "opt.timeout_ms (seconds in tv_sec, microseconds in "
		    "tv_usec)%s.", waited, timeout, timeout == 1000 ?
		    ", the default when no -t is given" : "", timeout == 1000 ?
		    ", and let ECHO_TIMEOUT_MS be 1000" : "");
		return;
	}
	/* It stopped at the datagram that got no echo (it did reach it). */
	if (transcript_get(got, "note.waited-ms") != NULL &&
	    strncmp(status, "exited with status ", 19) == 0 &&
	    strcmp(status, transcript_str(ref, "client.status")) != 0 &&
	    strcmp(status, "exited with status 0") != 0 &&
	    (strcmp(d->key, "probe.received") == 0 ||
	    strcmp(d->key, "client.waited") == 0 ||
	    strcmp(d->key, "client.status") == 0 ||
	    strcmp(d->key, "client.stdout") == 0)) {
		bytes_printf(why, "The client %s %s, without sending the next "
		    "datagram: a missing echo is not an error of the socket. "
		    "When recv() fails with EAGAIN or EWOULDBLOCK, print 'N "
		    "bytes sent: no echo within MS ms', remember that an echo "
		    "was missing, and continue with the next SIZE.", status,
		    said ? "right after its 'no echo within' line" :
		    "when the echo did not come");
		return;
	}
	if (strcmp(d->key, "client.status") == 0 &&
	    strcmp(status, "exited with status 0") == 0) {
		bytes_puts(why, "An echo never came, yet the client exited "
		    "with status 0: a missing echo is not intact either. In "
		    "the timeout branch, remember it (not_intact = 1) before "
		    "you continue, and exit with status 3.");
		return;
	}
	diagnose_client(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-binds",
		.title = "the server binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), then bind() to a "
		    "sockaddr_in with htons(port) and inet_pton(), as in "
		    "lesson 02.",
		.scenario = server_binds,
		.diagnose = diagnose_server,
	},
	{
		.name = "server-echoes-sizes",
		.title = "echoes datagrams of 1, 1024, 1025, 0, 1472 and "
		    "65507 bytes whole, one echo each",
		.hint = "Receive into a buffer of 65507 bytes; sendto() "
		    "exactly the n bytes recvfrom() returned, to the sender; "
		    "n == 0 is a datagram too.",
		.scenario = server_echoes_sizes,
		.diagnose = diagnose_server,
	},
	{
		.name = "server-burst-boundaries",
		.title = "six datagrams from two sockets, back to back, come "
		    "back as six separate echoes to their senders",
		.hint = "One recvfrom(), one sendto() to the address that "
		    "recvfrom() filled in, every time.",
		.scenario = server_burst_boundaries,
		.diagnose = diagnose_server,
	},
	{
		.name = "client-echo-sizes",
		.title = "with only -t 150, sends the default sizes to the "
		    "reference server and finds every echo intact",
		.hint = "For each SIZE: sendto() SIZE bytes of the pattern, "
		    "recv() the echo with MSG_TRUNC, compare, print one line.",
		.scenario = client_echo_sizes,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-reports-truncation",
		.title = "with -b 100, reports echoes of 1000 and 101 bytes "
		    "as truncated and 100 bytes as intact",
		.hint = "recv(s, in, BYTES, MSG_TRUNC) returns the echo's "
		    "real length: more than BYTES means it was cut.",
		.scenario = serve_client,
		.diagnose = diagnose_client,
		.arg = &(const struct client_case){ { "-b", "100", "-t",
		    SHORT_TIMEOUT, "127.0.0.1", "PORT", "1000", "100", "101" },
		    { 0 }, 150 },
	},
	{
		.name = "client-reports-damage",
		.title = "with -t 150, reports a changed byte, a short, a long "
		    "and a missing echo, and exits with status 3",
		.hint = "Compare the echo's length with SIZE, then its bytes "
		    "with memcmp(); wait opt.timeout_ms for each echo; exit 3 "
		    "if any echo was not intact.",
		.scenario = serve_client,
		.diagnose = diagnose_no_echo,
		.arg = &(const struct client_case){ { "-t", SHORT_TIMEOUT,
		    "127.0.0.1", "PORT", "100", "200", "300", "400", "500" },
		    { ECHO_BYTE_50, ECHO_SHORT, ECHO_EXACT, ECHO_LONG,
		    ECHO_NONE }, 150 },
	},
	{
		.name = "client-no-echo",
		.title = "with no -t, an echo that never comes: the client "
		    "says so after its default 1 s, goes on, exits with 3",
		.hint = "SO_RCVTIMEO of opt.timeout_ms (1000 by default); when "
		    "recv() fails with EAGAIN or EWOULDBLOCK, print 'N bytes "
		    "sent: no echo within MS ms', remember it for the exit "
		    "status and continue with the next SIZE.",
		.scenario = serve_client,
		.diagnose = diagnose_no_echo,
		.arg = &(const struct client_case){ { "127.0.0.1", "PORT",
		    "100", "200", "300" }, { ECHO_EXACT, ECHO_NONE }, 1000 },
	},
	{
		.name = "client-message-too-long",
		.title = "65508 bytes: reports EMSGSIZE with the size and the "
		    "limit on stderr, exits 1",
		.hint = "When sendto() returns -1 with errno == EMSGSIZE, "
		    "print the size and the 65507-byte limit on stderr, "
		    "close, return 1.",
		.scenario = client_message_too_long,
		.diagnose = diagnose_client,
		.arg = &(const struct client_case){ { "-t", SHORT_TIMEOUT,
		    "127.0.0.1", "PORT", "1", "65508", "2" }, { 0 }, 150 },
	},
};

static const char *const programs[] = { "server", "client", NULL };

static const struct lesson lesson_03 = {
	.dir = "03-udp-echo",
	.title = "UDP echo: datagram boundaries, truncation, EMSGSIZE",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
};

LESSON_REGISTER(lesson_03)

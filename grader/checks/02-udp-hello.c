/*
 * 02-udp-hello: checks for the UDP lesson (the blog's program: a server that
 * prints every datagram and its sender, a client that sends one datagram).
 *
 * Datagrams are compared byte for byte: payloads, boundaries (one line per
 * datagram), counts, and the sender addresses the server prints. The
 * grader's probes send to the student's server; for the student's client,
 * the grader binds the port and its byte-swapped twin (a forgotten htons()).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diagnose.h"
#include "lesson.h"

/* A string literal with its length, zero bytes included. */
#define DATA(s) s, sizeof s - 1

/*
 * What the grader's two probes (on their fixed ports) send the server:
 * datagrams one at a time, each after the server's line for the one
 * before, or back to back (all queued before the server reads one).
 */
struct datagrams {
	int back_to_back;
	struct datagram {
		int probe;		/* 0 or 1 */
		const char *data;
		size_t len;
	} d[4];
	int n;
};

static void
server_binds(struct run *r)
{
	run_scenario_server_ready(r, SOCK_DGRAM);
}

static void
server_prints_datagram(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);

	if (srv == NULL)
		return;
	(void)run_wait_exit(r, run_start_driver(r, "client", "client", args),
	    2000);
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, srv);
}

/* The probes send r->arg's datagrams; the server prints a line for each. */
static void
server_prints_datagrams(struct run *r)
{
	const struct datagrams *dg = r->arg;
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);
	int fd[2] = { -1, -1 };

	if (srv == NULL)
		return;
	for (int p = 0; p < 2; p++)
		if ((fd[p] = run_udp_probe(r, "127.0.0.1", r->probe_port[p])) ==
		    -1)
			goto out;
	for (int i = 0; i < dg->n; i++) {
		(void)run_udp_send(r, fd[dg->d[i].probe], r->port,
		    dg->d[i].data, dg->d[i].len, NULL);
		if (!dg->back_to_back)
			(void)run_wait_lines(r, srv, i + 2, 1000);
	}
	(void)run_wait_lines(r, srv, dg->n + 1, 1000);
out:
	for (int p = 0; p < 2; p++)
		if (fd[p] != -1)
			close(fd[p]);
	run_collect(r, srv);
}

/*
 * The student's client, given MESSAGE (r->arg) and the second port, or no
 * arguments at all when r->arg is NULL: record every datagram that arrived
 * (on the port or its twin), and where.
 */
static void
client_sends(struct run *r)
{
	const char *message = r->arg;
	int port = message != NULL ? r->alt_port : r->port;
	const char *args[] = { "127.0.0.1", message != NULL ? r->alt_port_arg :
	    r->port_arg, message, NULL };
	char key[32], from[64];
	struct run_twin tw;
	struct proc *cli;
	struct bytes d;
	int count = 0;

	if (run_twin_open(r, &tw, SOCK_DGRAM, port) == -1)
		return;
	cli = run_start(r, "client", "client", message == NULL &&
	    run_defaults_usable(r) ? NULL : args);
	/* Loopback delivers during sendto(): all is queued once it exits. */
	(void)run_wait_exit(r, cli, 2000);
	bytes_init(&d);
	for (int i = 0; i < 2; i++) {
		while (tw.fd[i] != -1 && count < 8 && run_udp_recv(r, tw.fd[i],
		    &d, 0, from, sizeof from) == 0) {
			snprintf(key, sizeof key, "probe.datagram%d", ++count);
			transcript_set(r->t, key, d.data, d.len);
			transcript_setf(r->t, "client.sent-to", "127.0.0.1:%d",
			    tw.port[i]);
		}
	}
	bytes_free(&d);
	if (count == 0)
		transcript_setf(r->t, "client.sent-to", "nothing: no datagram "
		    "arrived");
	transcript_setf(r->t, "probe.count", "%d datagram%s", count,
	    count == 1 ? "" : "s");
	run_twin_close(&tw);
	run_collect(r, cli);
}

static void
client_no_server(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *cli;

	run_note(r, "nothing is bound to 127.0.0.1:%d", r->port);
	cli = run_start(r, "client", "client", args);
	(void)run_wait_exit(r, cli, 2000);
	run_collect(r, cli);
}

static void
diagnose(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "probe.count") == 0) {
		bytes_printf(why, "%s arrived instead of %s: call sendto() "
		    "exactly once.", transcript_str(got, "probe.count"),
		    transcript_str(ref, "probe.count"));
		return;
	}
	if (strcmp(d->key, "client.status") == 0 && strcmp(transcript_str(got,
	    "client.status"), "still running") == 0) {
		bytes_puts(why, "The client was still running: UDP sends no "
		    "answer and no acknowledgement, so a client that waits "
		    "for one waits forever. Send, print, close, exit.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static const struct datagrams from_two_sockets = { 0, {
	{ 0, DATA("from the first socket") },
	{ 1, DATA("from the second socket") },
}, 2 };

/* Long, then shorter: a buffer printed as a string shows stale bytes. */
static const struct datagrams back_to_back = { 1, {
	{ 0, DATA("a long datagram comes first, so that the buffer holds "
	    "many bytes: 0123456789 0123456789 0123456789 0123456789") },
	{ 0, DATA("short") },
	{ 0, DATA("a medium one") },
	/* A zero byte is data too: %s would stop at it. */
	{ 0, DATA("zero\0byte") },
}, 4 };

static const struct datagrams one_then_two = { 0, {
	{ 0, DATA("one") },
	{ 0, DATA("two") },
}, 2 };

static const struct check checks[] = {
	{
		.name = "server-binds",
		.title = "the server binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), then bind() to a "
		    "sockaddr_in with htons(port) and inet_pton(); pass "
		    "sizeof addr as the length.",
		.scenario = server_binds, .diagnose = diagnose,
		.rules = "server 1",
	},
	{
		.name = "server-prints-datagram",
		.title = "prints the reference client's datagram and sender",
		.hint = "recvfrom() on the socket you bound, then print "
		    "exactly the n bytes it returned and the sender's address.",
		.scenario = server_prints_datagram, .diagnose = diagnose,
		.rules = "server 2",
	},
	{
		.name = "server-sender-addresses",
		.title = "prints the right sender for datagrams from two "
		    "sockets",
		.hint = "Set addrlen = sizeof sender before every recvfrom(), "
		    "and print the port with ntohs(sender.sin_port).",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &from_two_sockets,
		.rules = "server 2",
	},
	{
		.name = "server-datagram-boundaries",
		.title = "four datagrams sent back to back give four exact "
		    "lines",
		.hint = "Each recvfrom() returns one datagram; the buffer is "
		    "not a C string: print n bytes with fwrite().",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &back_to_back,
		.rules = "server 2",
	},
	{
		.name = "server-keeps-running",
		.title = "keeps receiving after the first datagram",
		.hint = "Put recvfrom() and the printing in a for (;;) loop.",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &one_then_two,
		.rules = "server 2, 3",
	},
	{
		.name = "client-sends-datagram",
		.title = "sends the default message in one datagram to "
		    "127.0.0.1:50007",
		.hint = "One sendto() of strlen(message) bytes to a "
		    "sockaddr_in with htons(port).",
		.scenario = client_sends, .diagnose = diagnose,
		.rules = "client 1, 2",
	},
	{
		.name = "client-custom-message",
		.title = "sends MESSAGE to ADDRESS PORT given as arguments",
		.hint = "Read ADDRESS, PORT and MESSAGE from argv[1], argv[2] "
		    "and argv[3] when they are given.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = "socklab custom datagram: 41 bytes, exact.",
		.rules = "client 1, 2",
	},
	{
		.name = "client-no-server",
		.title = "with nothing bound, still sends and exits 0",
		.hint = "UDP does not know whether anyone received the "
		    "datagram: do not wait for a reply.",
		.scenario = client_no_server, .diagnose = diagnose,
		.rules = "client 1, 2",
	},
};

LESSON_SERVER_CLIENT(lesson_02, .dir = "02-udp-hello",
    .title = "UDP hello: the blog's program, in C")

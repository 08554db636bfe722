/*
 * 02-udp-hello: checks for the UDP lesson (the blog's program: a server that
 * prints every datagram and its sender, a client that sends one datagram).
 *
 * Datagrams are compared byte for byte: payloads, boundaries (one line per
 * datagram), counts, and the sender addresses the server prints.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "netprobe.h"

#define CUSTOM_MESSAGE "socklab custom datagram: 41 bytes, exact."

/* Start the server and wait until its UDP socket is bound. */
static struct proc *
start_bound_server(struct run *r, int defaults)
{
	return run_start_ready_server(r, "server", SOCK_DGRAM, defaults);
}

/* Send one datagram of len bytes from the probe socket fd and note it. */
static void
probe_send_bytes(struct run *r, int fd, const char *payload, size_t len)
{
	char err[NET_ERR_LEN];
	struct bytes shown;

	bytes_init(&shown);
	escape_bytes(&shown, payload, len, 200);
	if (net_udp_send(fd, "127.0.0.1", r->port, payload, len, err) == -1)
		run_note(r, "sending a datagram failed: %s", err);
	else
		run_note(r, "from 127.0.0.1:%d sent '%s' (%zu bytes)",
		    net_local_port(fd), bytes_str(&shown), len);
	bytes_free(&shown);
}

static void
probe_send(struct run *r, int fd, const char *payload)
{
	probe_send_bytes(r, fd, payload, strlen(payload));
}

/* A probe socket bound to 127.0.0.1:port; notes failures. */
static int
probe_socket(struct run *r, int port)
{
	char err[NET_ERR_LEN];
	int fd = net_udp_bind("127.0.0.1", port, err);

	if (fd == -1)
		transcript_setf(r->t, "note.error", "grader probe: %s", err);
	return fd;
}

static void
server_binds(struct run *r)
{
	run_scenario_server_ready(r, SOCK_DGRAM);
}

static void
server_prints_datagram(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *srv = start_bound_server(r, 0), *cli;

	if (srv == NULL)
		return;
	cli = run_start_driver(r, "client", "client", args);
	(void)run_wait_exit(r, cli, 2000);
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, srv);
}

static void
server_sender_addresses(struct run *r)
{
	struct proc *srv = start_bound_server(r, 0);
	int a, b;

	if (srv == NULL)
		return;
	a = probe_socket(r, r->probe_port[0]);
	b = probe_socket(r, r->probe_port[1]);
	if (a != -1 && b != -1) {
		probe_send(r, a, "from the first socket");
		(void)run_wait_lines(r, srv, 2, 1000);
		probe_send(r, b, "from the second socket");
		(void)run_wait_lines(r, srv, 3, 1000);
	}
	run_collect(r, srv);
	if (a != -1)
		close(a);
	if (b != -1)
		close(b);
}

static void
server_datagram_boundaries(struct run *r)
{
	/* A string literal with its length, zero bytes included. */
#define PAYLOAD(s) { s, sizeof s - 1 }
	/* Long, then shorter: a buffer printed as a string shows stale bytes. */
	static const struct {
		const char *data;
		size_t len;
	} payloads[] = {
		PAYLOAD("a long datagram comes first, so that the buffer holds "
		    "many bytes: 0123456789 0123456789 0123456789 0123456789"),
		PAYLOAD("short"),
		PAYLOAD("a medium one"),
		/* A zero byte is data too: %s would stop at it. */
		PAYLOAD("zero\0byte"),
	};
#undef PAYLOAD
	struct proc *srv = start_bound_server(r, 0);
	int fd;

	if (srv == NULL)
		return;
	fd = probe_socket(r, 0);
	if (fd != -1) {
		/* Back to back: all are queued before the server reads. */
		for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++)
			probe_send_bytes(r, fd, payloads[i].data,
			    payloads[i].len);
		(void)run_wait_lines(r, srv, 5, 1000);
		close(fd);
	}
	run_collect(r, srv);
}

static void
server_keeps_running(struct run *r)
{
	struct proc *srv = start_bound_server(r, 0);
	int fd;

	if (srv == NULL)
		return;
	fd = probe_socket(r, r->probe_port[0]);
	if (fd != -1) {
		probe_send(r, fd, "one");
		(void)run_wait_lines(r, srv, 2, 1000);
		probe_send(r, fd, "two");
		(void)run_wait_lines(r, srv, 3, 1000);
		close(fd);
	}
	run_collect(r, srv);
}

/*
 * Bind probes on port and its byte-swapped twin, run the student's client,
 * and record every datagram that arrived and where.
 */
static void
receive_from_client(struct run *r, int port, const char *const args[])
{
	char err[NET_ERR_LEN], from[64];
	int fds[2], count = 0;
	struct proc *cli;
	struct bytes d;

	fds[0] = probe_socket(r, port);
	fds[1] = net_udp_bind("127.0.0.1", net_swap_port(port), err);
	if (fds[0] == -1)
		goto out;
	cli = run_start(r, "client", "client", args);
	/* Loopback delivers during sendto(): all is queued once it exits. */
	(void)run_wait_exit(r, cli, 2000);
	bytes_init(&d);
	for (int i = 0; i < 2; i++) {
		while (fds[i] != -1 && net_udp_recv(fds[i], &d, clock_ms(),
		    from, sizeof from, err) == 0 && count < 8) {
			char key[32];

			count++;
			snprintf(key, sizeof key, "probe.datagram%d", count);
			transcript_set(r->t, key, d.data, d.len);
			transcript_setf(r->t, "client.sent-to", "127.0.0.1:%d",
			    i == 0 ? port : net_swap_port(port));
		}
	}
	bytes_free(&d);
	if (count == 0)
		transcript_setf(r->t, "client.sent-to", "nothing: no datagram "
		    "arrived");
	transcript_setf(r->t, "probe.count", "%d datagram%s", count,
	    count == 1 ? "" : "s");
	run_collect(r, cli);
out:
	for (int i = 0; i < 2; i++)
		if (fds[i] != -1)
			close(fds[i]);
}

static void
client_sends_datagram(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };

	receive_from_client(r, r->port, run_defaults_usable(r) ? NULL : args);
}

static void
client_custom_message(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->alt_port_arg, CUSTOM_MESSAGE,
	    NULL };

	receive_from_client(r, r->alt_port, args);
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
	if (strcmp(d->key, "client.status") == 0 &&
	    strcmp(transcript_str(got, "client.status"), "still running") == 0) {
		bytes_puts(why, "The client was still running: UDP sends no "
		    "answer and no acknowledgement, so a client that waits "
		    "for one waits forever. Send, print, close, exit.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-binds",
		.title = "the server binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), then bind() to a "
		    "sockaddr_in with htons(port) and inet_pton(); pass "
		    "sizeof addr as the length.",
		.scenario = server_binds,
		.diagnose = diagnose,
	},
	{
		.name = "server-prints-datagram",
		.title = "prints the reference client's datagram and sender",
		.hint = "recvfrom() on the socket you bound, then print "
		    "exactly the n bytes it returned and the sender's address.",
		.scenario = server_prints_datagram,
		.diagnose = diagnose,
	},
	{
		.name = "server-sender-addresses",
		.title = "prints the right sender for datagrams from two "
		    "sockets",
		.hint = "Set addrlen = sizeof sender before every recvfrom(), "
		    "and print the port with ntohs(sender.sin_port).",
		.scenario = server_sender_addresses,
		.diagnose = diagnose,
	},
	{
		.name = "server-datagram-boundaries",
		.title = "four datagrams sent back to back give four exact "
		    "lines",
		.hint = "Each recvfrom() returns one datagram; the buffer is "
		    "not a C string: print n bytes with fwrite().",
		.scenario = server_datagram_boundaries,
		.diagnose = diagnose,
	},
	{
		.name = "server-keeps-running",
		.title = "keeps receiving after the first datagram",
		.hint = "Put recvfrom() and the printing in a for (;;) loop.",
		.scenario = server_keeps_running,
		.diagnose = diagnose,
	},
	{
		.name = "client-sends-datagram",
		.title = "sends the default message in one datagram to "
		    "127.0.0.1:50007",
		.hint = "One sendto() of strlen(message) bytes to a "
		    "sockaddr_in with htons(port).",
		.scenario = client_sends_datagram,
		.diagnose = diagnose,
	},
	{
		.name = "client-custom-message",
		.title = "sends MESSAGE to ADDRESS PORT given as arguments",
		.hint = "Read ADDRESS, PORT and MESSAGE from argv[1], argv[2] "
		    "and argv[3] when they are given.",
		.scenario = client_custom_message,
		.diagnose = diagnose,
	},
	{
		.name = "client-no-server",
		.title = "with nothing bound, still sends and exits 0",
		.hint = "UDP does not know whether anyone received the "
		    "datagram: do not wait for a reply.",
		.scenario = client_no_server,
		.diagnose = diagnose,
	},
};

static const char *const programs[] = { "server", "client", NULL };

static const struct lesson lesson_02 = {
	.dir = "02-udp-hello",
	.title = "UDP hello: the blog's program, in C",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
};

LESSON_REGISTER(lesson_02)

/*
 * 01-tcp-hello: checks for the first TCP lesson (a server that prints what
 * one connection sends, a client that sends one message).
 *
 * Every scenario here runs once with the reference programs and once with the
 * student's; the reference client drives the student's server, and grader
 * probes play the server for the student's client.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "diagnose.h"
#include "lesson.h"
#include "netprobe.h"

#define CUSTOM_MESSAGE "socklab custom message: 42 bytes, no more."

/* Start the server and wait until it listens on our port; 0 when it does. */
static struct proc *
start_listening_server(struct run *r, const char *label, int defaults)
{
	return run_start_ready_server(r, label, SOCK_STREAM, defaults);
}

/* Run the reference client with args and wait for it. */
static void
drive_client(struct run *r, const char *label, const char *message)
{
	const char *args[] = { "127.0.0.1", r->port_arg, message, NULL };
	struct proc *cli = run_start_driver(r, "client", label, args);

	if (run_wait_exit(r, cli, 2000) == -1)
		run_note(r, "the reference client was still running after 2 s");
}

static void
server_listens(struct run *r)
{
	run_scenario_server_ready(r, SOCK_STREAM);
}

static void
server_prints_message(struct run *r)
{
	struct proc *srv = start_listening_server(r, "server", 0);

	if (srv == NULL)
		return;
	drive_client(r, "client", "Hello This is TCP connection.");
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, srv);
}

/* Send one piece and wait until the server has read it. */
static int
send_piece(struct run *r, int fd, const char *piece)
{
	char err[NET_ERR_LEN];

	if (net_send_all(fd, piece, strlen(piece), err) == -1) {
		run_note(r, "sending '%s' failed: %s", piece, err);
		return -1;
	}
	if (run_wait_peer_read(r, fd, 1000) == -1)
		run_note(r, "the server did not read '%s' within 1 s", piece);
	else
		run_note(r, "sent '%s' and waited until the server read it",
		    piece);
	return 0;
}

static void
server_reads_until_eof(struct run *r)
{
	static const char *const pieces[] = { "Hello ", "This is TCP ",
	    "connection.", NULL };
	struct proc *srv = start_listening_server(r, "server", 0);
	char err[NET_ERR_LEN];
	int fd;

	if (srv == NULL)
		return;
	fd = net_tcp_connect("127.0.0.1", r->port, clock_ms() +
	    run_ms(r, 1000), err);
	if (fd == -1) {
		transcript_setf(r->t, "probe.connect", "failed: %s", err);
		run_collect(r, srv);
		return;
	}
	transcript_setf(r->t, "probe.connect", "connected");
	for (int i = 0; pieces[i] != NULL; i++)
		if (send_piece(r, fd, pieces[i]) == -1)
			break;
	close(fd);
	run_note(r, "closed the connection");
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, srv);
}

static void
server_serves_again(struct run *r)
{
	struct proc *srv = start_listening_server(r, "server", 0);

	if (srv == NULL)
		return;
	drive_client(r, "client1", "first client");
	(void)run_wait_lines(r, srv, 2, 1000);
	drive_client(r, "client2", "second client");
	(void)run_wait_lines(r, srv, 3, 1000);
	run_collect(r, srv);
}

/*
 * Stop the server while a connection is open: the server's side closes
 * first, so its end of the connection (port PORT) waits in TIME_WAIT. A new
 * server must still be able to bind PORT at once.
 */
static void
server_quick_restart(struct run *r)
{
	struct proc *srv = start_listening_server(r, "server", 0), *again;
	char err[NET_ERR_LEN];
	struct bytes rest;
	int fd;

	if (srv == NULL)
		return;
	fd = net_tcp_connect("127.0.0.1", r->port, clock_ms() +
	    run_ms(r, 1000), err);
	if (fd == -1 || run_wait_accepted(r, r->port, 1000) == -1) {
		transcript_setf(r->t, "probe.connect", "%s", fd == -1 ? err :
		    "the server did not accept the connection");
		if (fd != -1)
			close(fd);
		run_collect(r, srv);
		return;
	}
	(void)net_send_all(fd, "unfinished", 10, err);
	run_note(r, "connected and sent 'unfinished' without closing");
	/* Only the restart is judged here; reads-until-eof judges reading. */
	run_collect_notes(r, srv);
	run_note(r, "stopped the server with SIGTERM, then closed");
	bytes_init(&rest);
	(void)net_read_all(fd, &rest, 4096, clock_ms() + run_ms(r, 1000), err);
	bytes_free(&rest);
	close(fd);
	transcript_setf(r->t, "note.time-wait", "%s",
	    run_wait_tcp_state(r, r->port, SOCK_STATE_TIME_WAIT, 1000) == 0 ?
	    "the old connection is in TIME_WAIT" : "no TIME_WAIT seen");
	run_note(r, "started the server again at once");
	again = start_listening_server(r, "restarted", 0);
	if (again == NULL)
		return;
	drive_client(r, "client", "after the restart");
	(void)run_wait_lines(r, again, 2, 1000);
	run_collect(r, again);
}

/*
 * Listen on port and on its byte-swapped twin, run the student's client
 * with args, and record where it connected and what it sent.
 */
static void
receive_from_client(struct run *r, int port, const char *const args[])
{
	char err[NET_ERR_LEN], peer[64];
	int fds[2], which, conn;
	struct bytes got;
	struct proc *cli;

	fds[0] = net_tcp_listen("127.0.0.1", port, err);
	fds[1] = net_tcp_listen("127.0.0.1", net_swap_port(port), err);
	if (fds[0] == -1) {
		transcript_setf(r->t, "note.error", "grader listen: %s", err);
		goto out;
	}
	cli = run_start(r, "client", "client", args);
	which = net_wait_readable(fds, 2, clock_ms() + run_ms(r, 2000));
	if (which < 0) {
		transcript_setf(r->t, "client.connected-to",
		    "nothing: no connection within %d ms", run_ms(r, 2000));
		run_wait_exit(r, cli, 1000);
		run_collect(r, cli);
		goto out;
	}
	conn = net_tcp_accept(fds[which], clock_ms(), peer, sizeof peer, err);
	transcript_setf(r->t, "client.connected-to", "127.0.0.1:%d",
	    which == 0 ? port : net_swap_port(port));
	bytes_init(&got);
	if (conn >= 0) {
		if (net_read_all(conn, &got, 64 * 1024, clock_ms() +
		    run_ms(r, 2000), err) != 0)
			run_note(r, "reading the message: %s", err);
		close(conn);
	}
	transcript_set(r->t, "probe.received", got.data, got.len);
	bytes_free(&got);
	(void)run_wait_exit(r, cli, 2000);
	run_collect(r, cli);
out:
	for (int i = 0; i < 2; i++)
		if (fds[i] != -1)
			close(fds[i]);
}

static void
client_sends_message(struct run *r)
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
client_connection_refused(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *cli;

	run_note(r, "nothing listens on 127.0.0.1:%d", r->port);
	cli = run_start(r, "client", "client", args);
	run_record_reaction(r, cli, "client.reaction", 2000);
	run_collect(r, cli);
}

static void
diagnose(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "client.reaction") == 0) {
		bytes_puts(why, "With nothing listening, connect() fails "
		    "with ECONNREFUSED ('Connection refused'). Check its "
		    "return value: on -1, perror(\"client: connect\") and "
		    "exit with status 1.");
		return;
	}
	if (strcmp(d->key, "restarted.bound") == 0 &&
	    strstr(transcript_str(got, "note.restarted.stderr"),
	    "in use") == NULL)
		bytes_puts(why, "The restarted server did not start. ");
	diagnose_common(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-listens",
		.title = "the server listens on its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(), then bind() to a sockaddr_in filled with "
		    "htons(port) and inet_pton(), then listen(), then print "
		    "the listening line.",
		.scenario = server_listens,
		.diagnose = diagnose,
	},
	{
		.name = "server-prints-message",
		.title = "prints the reference client's message and address",
		.hint = "accept() returns a new socket for the connection: "
		    "recv() from it, not from the listening socket.",
		.scenario = server_prints_message,
		.diagnose = diagnose,
	},
	{
		.name = "server-reads-until-eof",
		.title = "one message sent in three pieces is printed whole",
		.hint = "TCP is a stream: one recv() may return part of a "
		    "message. Call recv() in a loop until it returns 0 (the "
		    "client closed).",
		.scenario = server_reads_until_eof,
		.diagnose = diagnose,
	},
	{
		.name = "server-serves-again",
		.title = "serves a second client after the first",
		.hint = "After printing, close() the connection's socket and "
		    "go back to accept() in a loop.",
		.scenario = server_serves_again,
		.diagnose = diagnose,
	},
	{
		.name = "server-quick-restart",
		.title = "restarts at once while the old connection is in "
		    "TIME_WAIT",
		.hint = "int yes = 1; setsockopt(listener, SOL_SOCKET, "
		    "SO_REUSEADDR, &yes, sizeof yes) before bind().",
		.scenario = server_quick_restart,
		.diagnose = diagnose,
	},
	{
		.name = "client-sends-message",
		.title = "sends the default message to its default address, "
		    "127.0.0.1:50007",
		.hint = "connect() to a sockaddr_in with htons(port), then "
		    "send exactly strlen(message) bytes, in a loop until all "
		    "are sent.",
		.scenario = client_sends_message,
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
		.name = "client-connection-refused",
		.title = "reports a refused connection and exits non-zero",
		.hint = "if (connect(sock, ...) == -1) { perror(\"client: "
		    "connect\"); close(sock); return 1; }",
		.scenario = client_connection_refused,
		.diagnose = diagnose,
	},
};

static const char *const programs[] = { "server", "client", NULL };

static const struct lesson lesson_01 = {
	.dir = "01-tcp-hello",
	.title = "TCP hello: a server that prints, a client that sends",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
};

LESSON_REGISTER(lesson_01)

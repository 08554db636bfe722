/*
 * 01-tcp-hello: checks for the first TCP lesson (a server that prints what
 * one connection sends, a client that sends one message).
 *
 * Every scenario runs once with the reference programs and once with the
 * student's. The reference client drives the student's server; for the
 * student's client, the grader listens on the port and on its byte-swapped
 * twin (where a client that forgot htons() connects).
 */
#include "config.h"

#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "diagnose.h"
#include "lesson.h"

static void
server_listens(struct run *r)
{
	run_scenario_server_ready(r, SOCK_STREAM);
}

/*
 * The reference client sends each message of the NULL-ended list message,
 * one connection after the other, and srv prints a line for each.
 */
static void
serve_clients(struct run *r, struct proc *srv, const char *const *message)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL, NULL };
	char label[16];

	for (int i = 0; message[i] != NULL; i++) {
		args[2] = message[i];
		snprintf(label, sizeof label, "client%d", i + 1);
		if (run_wait_exit(r, run_start_driver(r, "client", label,
		    args), 2000) == -1)
			run_note(r, "the reference client was still running "
			    "after 2 s");
		(void)run_wait_lines(r, srv, i + 2, 1000);
	}
	run_collect(r, srv);
}

static void
server_prints_clients(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);

	if (srv != NULL)
		serve_clients(r, srv, r->arg);
}

/* One message in three pieces, each read by the server before the next. */
static void
server_reads_until_eof(struct run *r)
{
	static const char *const piece[] = { "Hello ", "This is TCP ",
	    "connection." };
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int fd;

	if (srv == NULL)
		return;
	fd = run_tcp_connect(r, r->port, 1000, "probe.connect");
	if (fd != -1) {
		for (size_t i = 0; i < sizeof piece / sizeof piece[0]; i++) {
			if (run_tcp_send(r, fd, "the grader", piece[i],
			    strlen(piece[i])) == -1)
				break;
			if (run_wait_peer_read(r, fd, 1000) == -1)
				run_note(r, "the server did not read it "
				    "within 1 s");
		}
		close(fd);
		run_note(r, "closed the connection");
		(void)run_wait_lines(r, srv, 2, 1000);
	}
	run_collect(r, srv);
}

/*
 * Stop the server while a connection is open: its side closes first, so
 * its end (port PORT) waits in TIME_WAIT. A new server must still be able
 * to bind PORT at once.
 */
static void
server_quick_restart(struct run *r)
{
	static const char *const after_restart[] = { "after the restart",
	    NULL };
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int fd;

	if (srv == NULL)
		return;
	fd = run_tcp_connect(r, r->port, 1000, "probe.connect");
	if (fd == -1) {
		run_collect(r, srv);
		return;
	}
	(void)run_tcp_send(r, fd, "the grader (not closing)", "unfinished", 10);
	if (run_wait_peer_read(r, fd, 1000) == -1)
		transcript_setf(r->t, "probe.read", "the server did not read "
		    "'unfinished' within 1 s");
	/* Only the restart is judged here; reads-until-eof judges reading. */
	run_collect_notes(r, srv);
	run_note(r, "stopped the server with SIGTERM, then closed");
	/* Close only once the server's FIN is in: its side closed first. */
	(void)run_wait_tcp_state(r, r->port, TCP_FIN_WAIT2, 1000);
	close(fd);
	transcript_setf(r->t, "note.time-wait", "%s",
	    run_wait_tcp_state(r, r->port, TCP_TIME_WAIT, 1000) == 0 ?
	    "the old connection is in TIME_WAIT" : "no TIME_WAIT seen");
	run_note(r, "started the server again at once");
	srv = run_start_ready_server(r, "restarted", SOCK_STREAM, 0);
	if (srv != NULL)
		serve_clients(r, srv, after_restart);
}

/*
 * The student's client, given MESSAGE (r->arg) and the second port, or no
 * arguments at all when r->arg is NULL: record where it connected and what
 * arrived.
 */
static void
client_sends(struct run *r)
{
	const char *message = r->arg;
	int port = message != NULL ? r->alt_port : r->port;
	const char *args[] = { "127.0.0.1", message != NULL ? r->alt_port_arg :
	    r->port_arg, message, NULL };
	struct run_twin tw;
	struct proc *cli;
	struct bytes got;
	int conn;

	if (run_twin_open(r, &tw, SOCK_STREAM, port) == -1)
		return;
	cli = run_start(r, "client", "client", message == NULL &&
	    run_defaults_usable(r) ? NULL : args);
	bytes_init(&got);
	conn = run_twin_accept(r, &tw, 2000, "client.connected-to");
	if (conn != -1) {
		/* Until the client closes: TCP has no message boundaries. */
		(void)run_tcp_recv(r, conn, &got, 0, 2000);
		close(conn);
		transcript_set(r->t, "probe.received", got.data, got.len);
	}
	bytes_free(&got);
	run_twin_close(&tw);
	(void)run_wait_exit(r, cli, 2000);
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
	    strstr(transcript_fact_str(got, "restarted", KEY_STDERR),
	    "in use") == NULL)
		bytes_puts(why, "The restarted server did not start. ");
	diagnose_common(ref, got, d, why);
}

static const char *const one_client[] = { "Hello This is TCP connection.",
    NULL };
static const char *const two_clients[] = { "first client", "second client",
    NULL };

static const struct check checks[] = {
	{
		.name = "server-listens",
		.title = "the server listens on its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(), then bind() to a sockaddr_in filled with "
		    "htons(port) and inet_pton(), then listen(), then print "
		    "the listening line.",
		.scenario = server_listens, .diagnose = diagnose,
		.rules = "server 1, 2",
	},
	{
		.name = "server-prints-message",
		.title = "prints the reference client's message and address",
		.hint = "accept() returns a new socket for the connection: "
		    "recv() from it, not from the listening socket.",
		.scenario = server_prints_clients, .diagnose = diagnose,
		.arg = one_client,
		.rules = "server 3",
	},
	{
		.name = "server-reads-until-eof",
		.title = "one message sent in three pieces is printed whole",
		.hint = "TCP is a stream: one recv() may return part of a "
		    "message. Call recv() in a loop until it returns 0 (the "
		    "client closed).",
		.scenario = server_reads_until_eof, .diagnose = diagnose,
		.rules = "server 3",
	},
	{
		.name = "server-serves-again",
		.title = "serves a second client after the first",
		.hint = "After printing, close() the connection's socket and "
		    "go back to accept() in a loop.",
		.scenario = server_prints_clients, .diagnose = diagnose,
		.arg = two_clients,
		.rules = "server 3",
	},
	{
		.name = "server-quick-restart",
		.title = "restarts at once while the old connection is in "
		    "TIME_WAIT",
		.hint = "int yes = 1; setsockopt(listener, SOL_SOCKET, "
		    "SO_REUSEADDR, &yes, sizeof yes) before bind().",
		.scenario = server_quick_restart, .diagnose = diagnose,
		.rules = "server 1",
	},
	{
		.name = "client-sends-message",
		.title = "sends the default message to its default address, "
		    "127.0.0.1:50007",
		.hint = "connect() to a sockaddr_in with htons(port), then "
		    "send exactly strlen(message) bytes, in a loop until all "
		    "are sent.",
		.scenario = client_sends, .diagnose = diagnose,
		.rules = "client 1, 2, 3",
	},
	{
		.name = "client-custom-message",
		.title = "sends MESSAGE to ADDRESS PORT given as arguments",
		.hint = "Read ADDRESS, PORT and MESSAGE from argv[1], argv[2] "
		    "and argv[3] when they are given.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = "socklab custom message: 42 bytes, no more.",
		.rules = "client 1, 2, 3",
	},
	{
		.name = "client-connection-refused",
		.title = "reports a refused connection and exits non-zero",
		.hint = "if (connect(sock, ...) == -1) { perror(\"client: "
		    "connect\"); close(sock); return 1; }",
		.scenario = run_scenario_client_refused, .diagnose = diagnose,
		.rules = "client 1",
	},
};

LESSON_SERVER_CLIENT(lesson_01, .dir = "01-tcp-hello",
    .title = "TCP hello: a server that prints, a client that sends")

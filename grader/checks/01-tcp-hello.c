/*
 * 01-tcp-hello: checks for the first TCP lesson (a server that prints what
 * one connection sends, a client that sends one message).
 *
 * Every scenario runs once with the reference programs and once with the
 * student's. The reference client and the grader's probes drive the
 * student's server: messages whole, in pieces, in pieces of 1 to 7 bytes
 * (the short-I/O library), of every byte value, empty, around the 1024
 * bytes the server keeps, from a fixed port, and from a peer that resets.
 * For the student's client, the grader listens on the port and on its
 * byte-swapped twin (where a client that forgot htons() connects).
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

/* A string literal with its length, zero bytes included. */
#define DATA(s) s, sizeof s - 1

/* The bytes of one message the server keeps (MAX_MESSAGE). */
#define MAX_MESSAGE 1024

/*
 * What the probes send the server, one connection after another: each
 * message's bytes (or, with data NULL, len bytes of a pattern), then the
 * end of the connection.
 */
struct messages {
	const char *what;		/* note.scenario.is, for diagnoses */
	struct message {
		const char *data;
		size_t len;
	} m[5];
	int n;
};

/* What the student's client is given, and how it is watched. */
struct client_case {
	const char *args[4];	/* run_args template; none: no arguments */
	int alt;		/* the grader listens on the second port */
	int short_io;		/* the client runs under the short-I/O library */
};

static void
server_listens(struct run *r)
{
	run_scenario_server_ready(r, SOCK_STREAM);
}

/*
 * Another ADDRESS and PORT: the server must listen there, print it, and
 * serve a client that connects there.
 */
static void
server_custom_address(struct run *r)
{
	char where[40];
	struct proc *srv = run_start_server_at(r, "127.0.0.2", SOCK_STREAM,
	    where, sizeof where);
	const char *const say[] = { "127.0.0.2", strchr(where, ':') + 1,
	    "to 127.0.0.2", NULL };

	if (srv == NULL)
		return;
	(void)run_wait_exit(r, run_start_driver(r, "client", "client", say),
	    2000);
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, srv);
}

/* The server given ADDRESS alone (the row): the default port. */
static void
server_args(struct run *r)
{
	run_scenario_server_args(r, SOCK_STREAM);
}

/*
 * The reference client sends each message of the NULL-ended list message,
 * one connection after the other, and srv prints a line for each (the
 * caller collects srv).
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
}

static void
server_prints_clients(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);

	if (srv == NULL)
		return;
	serve_clients(r, srv, r->arg);
	run_collect(r, srv);
}

/* The same, after the server has waited 1 s for its first client. */
static void
server_idle_then_clients(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);

	if (srv == NULL)
		return;
	run_note(r, "waited 1 s with no client");
	clock_sleep_ms(run_ms(r, 1000));
	serve_clients(r, srv, r->arg);
	run_collect(r, srv);
}

/*
 * The server, under the short-I/O library, serves the reference client,
 * whose message is longer than MAX_MESSAGE: read in pieces up to the limit,
 * and past it.
 */
static void
server_short_reads(struct run *r)
{
	static char message[MAX_MESSAGE + 76];
	const char *const args[] = { "127.0.0.1", r->port_arg, NULL };
	/*
	 * Three, so that the 1024-byte limit falls at three points of the
	 * library's sequence of piece sizes.
	 */
	const char *const clients[] = { message, message + 1, message + 2,
	    NULL };
	struct run_extra x = { .shim = "shortio" };
	struct proc *srv;

	for (size_t i = 0; i < sizeof message - 1; i++)
		message[i] = (char)('a' + i % 26);

	srv = run_start_ext(r, "server", "server", args, &x);
	run_note(r, "the server runs under the short-I/O library: each "
	    "recv() or read() on its TCP sockets returns 1 to 7 bytes");
	if (run_wait_bound(r, srv, "server", SOCK_STREAM, r->port) == 0)
		serve_clients(r, srv, clients);
	run_collect(r, srv);
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
		transcript_setf(r->t, "server.lines-before-close", "%d",
		    run_lines_printed(srv) - 1);
		close(fd);
		run_note(r, "closed the connection");
		(void)run_wait_lines(r, srv, 2, 1000);
	}
	run_collect(r, srv);
}

/*
 * The probes send r->arg's messages, one connection each. Before closing,
 * once the server has read every byte (or 1 s has passed), the grader
 * records how many lines it has printed: a message ends with its
 * connection, never before.
 */
static void
server_prints_messages(struct run *r)
{
	static char pattern[4 * MAX_MESSAGE];
	const struct messages *ms = r->arg;
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	int lines = 1;		/* the lines due so far: newlines */

	transcript_note_setf(r->t, "scenario", "is", "%s", ms->what);
	if (srv == NULL)
		return;
	for (size_t i = 0; i < sizeof pattern; i++)
		pattern[i] = (char)('a' + i % 26);
	for (int i = 0; i < ms->n; i++) {
		const struct message *m = &ms->m[i];
		const char *data = m->data != NULL ? m->data : pattern;
		int fd = run_tcp_connect(r, r->port, 1000, "probe.connect");

		if (fd == -1)
			break;
		if (m->len > 0 && run_tcp_send(r, fd, "the grader", data,
		    m->len) == -1) {
			close(fd);
			break;
		}
		if (run_wait_peer_read(r, fd, 1000) == -1)
			run_note(r, "the server did not read it all within 1 s");
		transcript_setf(r->t, "server.lines-before-close", "%d",
		    run_lines_printed(srv) - lines);
		close(fd);
		run_note(r, "closed the connection");
		/* Its line, and the newlines of the bytes kept. */
		lines++;
		for (size_t k = 0; k < m->len && k < MAX_MESSAGE; k++)
			lines += data[k] == '\n';
		(void)run_wait_lines(r, srv, lines, 1000);
	}
	run_collect(r, srv);
}

/*
 * A probe connects from a fixed port (so the port the server prints is
 * known), sends a message and ends its side of the connection: the server
 * must print the line, then close its side too.
 */
static void
server_client_address(struct run *r)
{
	static const char message[] = "from the grader's fixed port";
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	struct bytes rest;
	int fd;

	if (srv == NULL)
		return;
	fd = run_tcp_connect_from(r, r->probe_port[0], r->port, 1000,
	    "probe.connect");
	if (fd == -1) {
		run_collect(r, srv);
		return;
	}
	(void)run_tcp_send(r, fd, "the grader", DATA(message));
	(void)shutdown(fd, SHUT_WR);
	run_note(r, "ended its side of the connection (shutdown), and "
	    "waited for the server to end its side");
	(void)run_wait_lines(r, srv, 2, 1000);
	bytes_init(&rest);
	transcript_setf(r->t, "probe.end", "%s", run_tcp_recv(r, fd, &rest, 0,
	    1000) == RUN_RECV_CLOSED ? "the server closed the connection" :
	    "the connection was still open after 1 s");
	bytes_free(&rest);
	close(fd);
	run_collect(r, srv);
}

/*
 * A probe sends part of a message, then resets the connection while the
 * server waits in recv(): recv() fails (ECONNRESET). The server must print
 * nothing for it, serve the next client, and close both connections.
 */
static void
server_peer_resets(struct run *r)
{
	static const char *const after[] = { "after the reset", NULL };
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	struct bytes err;
	int fd, before, n;

	transcript_note_setf(r->t, "scenario", "is", "reset");
	if (srv == NULL)
		return;
	before = run_count_fds(r, srv);
	fd = run_tcp_connect(r, r->port, 1000, "probe.connect");
	if (fd != -1) {
		(void)run_tcp_send(r, fd, "the grader", DATA("cut short"));
		if (run_wait_peer_read(r, fd, 1000) == -1)
			run_note(r, "the server did not read it within 1 s");
		run_tcp_reset(fd);
		run_note(r, "reset the connection (SO_LINGER 0)");
	}
	serve_clients(r, srv, after);
	/* Both connections closed: as many descriptors as before them. */
	n = run_wait_fd_count(r, srv, before, 500);
	if (n == -1)
		transcript_setf(r->t, "server.descriptors", "unknown: the "
		    "server has ended");
	else
		transcript_setf(r->t, "server.descriptors", "%d more than "
		    "before the clients", n - before);
	/* The failed recv() is reported: perror("server: recv"). */
	bytes_init(&err);
	(void)run_read_output(srv, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, "server.message", "%s", err.len > 0 ?
	    "a message on stderr" : "nothing on stderr");
	bytes_free(&err);
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
	if (srv == NULL)
		return;
	serve_clients(r, srv, after_restart);
	run_collect(r, srv);
}

static void
server_port_taken(struct run *r)
{
	run_scenario_port_taken(r, SOCK_STREAM);
}

/*
 * The student's client, given r->arg's arguments: record where it
 * connected and what arrived. The grader listens on 127.0.0.1 at the port
 * and its byte-swapped twin (or at the second port and the default one),
 * lets the client end, then accepts and reads what it sent.
 */
static void
client_sends(struct run *r)
{
	const struct client_case *c = r->arg;
	const char *args[8];
	const char *const *argv = run_args(r, c->args, args, 8);
	const char *const port_only[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .shim = c->short_io ? "shortio" : NULL };
	struct run_twin tw, dflt;
	struct proc *cli;
	struct bytes got;
	int conn;

	if (c->short_io)
		transcript_note_setf(r->t, "client", "short-io", "yes");
	if (run_twin_open(r, &tw, SOCK_STREAM, c->alt ? r->alt_port :
	    r->port) == -1)
		return;
	/* Given the second port, the default port is watched instead. */
	if (c->alt && tw.fd[1] != -1) {
		close(tw.fd[1]);
		tw.fd[1] = -1;
	}
	if (c->alt && run_twin_open(r, &dflt, SOCK_STREAM, r->port) == 0) {
		tw.fd[1] = dflt.fd[0];
		tw.port[1] = r->port;
		dflt.fd[0] = -1;
		run_twin_close(&dflt);
	}
	/* Without a namespace the default port is not ours. */
	if (c->args[1] == NULL && !run_defaults_usable(r))
		argv = port_only;
	cli = run_start_ext(r, "client", "client", argv, &x);
	if (c->short_io)
		run_note(r, "the client runs under the short-I/O library: "
		    "each send() or write() on its TCP socket takes 1 to 7 "
		    "bytes");
	(void)run_wait_exit(r, cli, 2000);
	bytes_init(&got);
	conn = run_twin_accept(r, &tw, 100, "client.connected-to");
	if (conn != -1) {
		/* Until the client closes: TCP has no message boundaries. */
		(void)run_tcp_recv(r, conn, &got, 0, 1000);
		close(conn);
		transcript_set(r->t, "probe.received", got.data, got.len);
	}
	bytes_free(&got);
	run_twin_close(&tw);
	run_collect(r, cli);
}

/* A message around MAX_MESSAGE bytes printed with another length. */
static int
diagnose_limit(const struct difference *d, struct bytes *why)
{
	const char *em, *gm;
	size_t elen, glen;

	if (d->missing || diagnose_data_lines(&d->expected, &d->got, &em,
	    &elen, &gm, &glen) == -1 || elen == glen)
		return 0;
	/* Bytes the grader never sent are no bigger buffer's doing. */
	for (size_t k = 0; k < glen; k++)
		if (gm[k] != 'a' + (int)(k % 26))
			return 0;
	if (glen < elen)
		bytes_printf(why, "Of a message of at least %zu bytes, only "
		    "%zu were printed: the server must keep the first %d "
		    "bytes (MAX_MESSAGE). Is its buffer smaller, or does it "
		    "stop reading early?", elen, glen, MAX_MESSAGE);
	else
		bytes_printf(why, "%zu bytes of a longer message were printed: "
		    "the server must keep only the first %d (MAX_MESSAGE) and "
		    "read the rest into a scratch buffer until recv() returns "
		    "0.", glen, MAX_MESSAGE);
	return 1;
}

static void
diagnose(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *scenario = transcript_note_str(got, "scenario", "is");

	if (strcmp(d->key, "client.reaction") == 0) {
		bytes_puts(why, "With nothing listening, connect() fails "
		    "with ECONNREFUSED ('Connection refused'). Check its "
		    "return value: on -1, perror(\"client: connect\") and "
		    "exit with status 1.");
		return;
	}
	if (strcmp(d->key, "client.connected-to") == 0 &&
	    strncmp(transcript_str(ref, d->key), "nothing", 7) == 0 &&
	    strncmp(transcript_str(got, d->key), "127.0.0.1:", 10) == 0) {
		bytes_puts(why, "Given another ADDRESS, where nothing listens, "
		    "the client still connected to 127.0.0.1: connect() to "
		    "the address read from argv[1] (ip, from inet_pton()).");
		return;
	}
	if (strcmp(d->key, "probe.received") == 0 && !d->missing &&
	    transcript_note_str(got, "client", "short-io")[0] != '\0' &&
	    diagnose_payload(&d->expected, &d->got, why)) {
		bytes_puts(why, " send() took only part of the message, as it "
		    "may: call it in a loop, moving past the bytes sent, until "
		    "none are left.");
		return;
	}
	if (strcmp(d->key, "server.lines-before-close") == 0) {
		bytes_puts(why, "The server printed a line before the client "
		    "closed the connection: a message ends only when recv() "
		    "returns 0. Keep reading until then, also past the first "
		    "1024 bytes (into a scratch buffer).");
		return;
	}
	if (strcmp(d->key, "server.descriptors") == 0 &&
	    strcmp(transcript_str(got, "server.status"), "still running") ==
	    0) {
		bytes_printf(why, "After two clients, one of them reset, the "
		    "server holds %s (the reference: %s): close(conn) after "
		    "every client, also when recv() fails.",
		    transcript_str(got, d->key), transcript_str(ref, d->key));
		return;
	}
	if (strcmp(d->key, "probe.end") == 0) {
		bytes_puts(why, "After printing the line, the server kept the "
		    "connection open: close(conn) once the message is "
		    "printed.");
		return;
	}
	if (strcmp(scenario, "reset") == 0 &&
	    (strcmp(d->key, "server.stdout") == 0 ||
	    strcmp(d->key, "server.status") == 0 ||
	    strcmp(d->key, "server.message") == 0 ||
	    strcmp(d->key, "server.descriptors") == 0)) {
		bytes_puts(why, "A client reset its connection: recv() "
		    "failed (ECONNRESET). Then print no line for it: "
		    "perror(\"server: recv\"), close(conn), and go on "
		    "accepting.");
		return;
	}
	if (strcmp(scenario, "limits") == 0 &&
	    strcmp(d->key, "server.stdout") == 0 &&
	    diagnose_limit(d, why))
		return;
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

/* Around MAX_MESSAGE, from both sides; and far beyond it. */
static const struct messages limits = { "limits", {
	{ NULL, MAX_MESSAGE - 1 }, { NULL, MAX_MESSAGE },
	{ NULL, MAX_MESSAGE + 1 }, { NULL, 4 * MAX_MESSAGE },
}, 4 };

/* Every byte value is data: %s would stop at a zero byte. */
static const struct messages any_bytes = { "bytes", {
	{ DATA("zero\0byte") }, { DATA("two\nlines") },
	{ DATA("high bytes \x80\xc3\xa9\xff") }, { DATA("") },
}, 4 };

#define SHORT_WRITES "a message of many bytes, which a client under the " \
    "short-I/O library sends 1 to 7 bytes per send(): only a loop sends " \
    "them all. 0123456789 0123456789 0123456789 0123456789 0123456789"

static const struct check checks[] = {
	{
		.name = "server-listens", .rules = "S1 S3",
		.title = "the server listens on its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(), then bind() to a sockaddr_in filled with "
		    "htons(port) and inet_pton(), then listen(), then print "
		    "the listening line.",
		.scenario = server_listens, .diagnose = diagnose,
	}, {
		.name = "server-custom-address", .rules = "S1 S3 S6",
		.title = "listens on 127.0.0.2:65535 when given them, and "
		    "serves a client there",
		.hint = "Bind to the ADDRESS and PORT that parse_arguments() "
		    "read (ip and htons(port)), not to constants.",
		.scenario = server_custom_address, .diagnose = diagnose,
	}, {
		.name = "server-address-only", .rules = "S1 S3",
		.title = "given ADDRESS alone, listens on 127.0.0.1:50007, "
		    "the default port",
		.hint = "Read PORT from argv[2] only when argc > 2: "
		    "parse_arguments() as given does this.",
		.scenario = server_args, .diagnose = diagnose,
		.arg = (const char *const []){ "127.0.0.1", NULL },
	}, {
		.name = "server-prints-message", .rules = "S4 S6",
		.title = "prints the reference client's message and address",
		.hint = "accept() returns a new socket for the connection: "
		    "recv() from it, not from the listening socket.",
		.scenario = server_prints_clients, .diagnose = diagnose,
		.arg = one_client,
	}, {
		.name = "server-reads-until-eof", .rules = "S4 S6",
		.title = "one message sent in three pieces is printed whole, "
		    "once the client has closed",
		.hint = "TCP is a stream: one recv() may return part of a "
		    "message. Call recv() in a loop, into buf + kept, until "
		    "it returns 0 (the client closed).",
		.scenario = server_reads_until_eof, .diagnose = diagnose,
	}, {
		.name = "server-short-reads", .rules = "S4 S5",
		.title = "messages of 1097-1099 bytes read 1 to 7 bytes per "
		    "recv(): the first 1024 bytes are printed",
		.hint = "Call recv() until it returns 0, into buf + kept, at "
		    "most sizeof buf - kept: a short recv() is not the end.",
		.scenario = server_short_reads, .diagnose = diagnose,
	}, {
		.name = "server-message-limits", .rules = "S5 S6",
		.title = "messages of 1023, 1024, 1025 and 4096 bytes: the "
		    "first 1024 bytes are printed",
		.hint = "Keep MAX_MESSAGE (1024) bytes; once the buffer is "
		    "full, read the rest into a scratch buffer until recv() "
		    "returns 0.",
		.scenario = server_prints_messages, .diagnose = diagnose,
		.arg = &limits,
	}, {
		.name = "server-any-bytes", .rules = "S6",
		.title = "messages with a zero byte, a newline, bytes over "
		    "0x7f, and an empty one, printed exactly",
		.hint = "Print exactly the bytes received: "
		    "fwrite(message, 1, length, stdout), never %s.",
		.scenario = server_prints_messages, .diagnose = diagnose,
		.arg = &any_bytes,
	}, {
		.name = "server-client-address", .rules = "S7 S8",
		.title = "prints the port a client connects from, then closes "
		    "the connection",
		.hint = "Print ntohs(client.sin_port) from the address "
		    "accept() filled in, then close(conn).",
		.scenario = server_client_address, .diagnose = diagnose,
	}, {
		.name = "server-serves-again", .rules = "S8 S11",
		.title = "idle for 1 s, then serves two clients one after "
		    "the other",
		.hint = "After printing, close() the connection's socket and "
		    "go back to accept() in a loop.",
		.scenario = server_idle_then_clients, .diagnose = diagnose,
		.arg = two_clients,
	}, {
		.name = "server-peer-resets", .rules = "S9 S11",
		.title = "a client that resets its connection gets no line, "
		    "and the next one is served",
		.hint = "When recv() fails: perror(\"server: recv\"), "
		    "close(conn), continue with the next client.",
		.scenario = server_peer_resets, .diagnose = diagnose,
	}, {
		.name = "server-quick-restart", .rules = "S2",
		.title = "restarts at once while the old connection is in "
		    "TIME_WAIT",
		.hint = "int yes = 1; setsockopt(listener, SOL_SOCKET, "
		    "SO_REUSEADDR, &yes, sizeof yes) before bind().",
		.scenario = server_quick_restart, .diagnose = diagnose,
	}, {
		.name = "server-port-taken", .rules = "S12",
		.title = "when its port is taken, bind() fails: a message on "
		    "stderr, exit status 1",
		.hint = "if (bind(...) == -1) { perror(\"server: bind\"); "
		    "close(listener); return 1; }",
		.scenario = server_port_taken, .diagnose = diagnose,
	}, {
		.name = "server-accept-fails", .rules = "S10",
		.title = "with one descriptor for the listener only, accept() "
		    "fails: a message naming it, exit status 1",
		.hint = "if (conn == -1) { perror(\"server: accept\"); "
		    "close(listener); return 1; }",
		.scenario = run_scenario_setup_fails, .diagnose = diagnose,
		.arg = &(const struct run_setup_fails){ "server", 4, "accept" },
	}, {
		.name = "server-bad-arguments", .rules = "A1 A2 A3",
		.title = "refuses port 0, 65536, abc, 50007x, address xyz and "
		    "a third argument (exit 2); takes port 1",
		.hint = "The given parse_arguments() does this: keep it, and "
		    "return 2 when it fails, before any socket() call.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose,
		.arg = &(const struct run_bad_args){ "server", {
		    { "127.0.0.1", "0" }, { "127.0.0.1", "65536" },
		    { "127.0.0.1", "abc" }, { "127.0.0.1", "50007x" },
		    { "xyz" }, { "127.0.0.1", RUN_ARG_PORT, "extra" },
		    { "127.0.0.1", "1" } } },
	}, {
		.name = "client-sends-message", .rules = "C1 C3 C5",
		.title = "sends the default message to its default address, "
		    "127.0.0.1:50007",
		.hint = "connect() to a sockaddr_in with htons(port), then "
		    "send exactly strlen(message) bytes, in a loop until all "
		    "are sent.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { NULL } },
	}, {
		.name = "client-custom-message", .rules = "C1 C3 C5",
		.title = "sends MESSAGE to ADDRESS PORT given as arguments",
		.hint = "Read ADDRESS, PORT and MESSAGE from argv[1], argv[2] "
		    "and argv[3] when they are given.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_ALT, "socklab custom message: 42 bytes, no more." },
		    .alt = 1 },
	}, {
		.name = "client-default-message", .rules = "C1 C3 C5",
		.title = "given ADDRESS alone, sends the default message to "
		    "the default port",
		.hint = "Read PORT and MESSAGE only when they are given (argc > "
		    "2, argc > 3): parse_arguments() as given does this.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1" } },
	}, {
		.name = "client-default-port-message", .rules = "C1 C3 C5",
		.title = "given ADDRESS and PORT, sends the default message",
		.hint = "MESSAGE is argv[3] only when argc > 3; else the "
		    "default message.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT } },
	}, {
		.name = "client-custom-address", .rules = "C1 C2",
		.title = "given ADDRESS 127.0.0.2, where nothing listens, "
		    "connects there: refused, exit 1",
		.hint = "connect() to the ADDRESS given in argv[1] (inet_pton() "
		    "already filled ip), not to a constant.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.2",
		    RUN_ARG_PORT, "to 127.0.0.2" } },
	}, {
		.name = "client-any-bytes", .rules = "C3 C5",
		.title = "sends a MESSAGE with a newline and bytes over 0x7f "
		    "exactly",
		.hint = "Send strlen(message) bytes of message, whatever they "
		    "are.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT, "two\nlines, high bytes \x80\xc3\xa9\xff" } },
	}, {
		.name = "client-one-byte", .rules = "C3 C4 C5",
		.title = "with a one-byte MESSAGE, sends that byte",
		.hint = "Loop while bytes are left (left > 0), so that the "
		    "last byte, or the only one, is sent too.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT, "x" } },
	}, {
		.name = "client-empty-message", .rules = "C3 C5",
		.title = "with an empty MESSAGE, connects, sends nothing and "
		    "says 'sent 0 bytes'",
		.hint = "strlen(\"\") is 0: connect, send nothing, close, and "
		    "print the line.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT, "" } },
	}, {
		.name = "client-short-writes", .rules = "C4",
		.title = "sends every byte when each send() takes only 1 to 7",
		.hint = "send() may take fewer bytes than asked: loop, moving "
		    "past what it took, until nothing is left.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT, SHORT_WRITES }, .short_io = 1 },
	}, {
		.name = "client-connection-refused", .rules = "C2",
		.title = "reports a refused connection and exits with status 1",
		.hint = "if (connect(sock, ...) == -1) { perror(\"client: "
		    "connect\"); close(sock); return 1; }",
		.scenario = run_scenario_client_refused, .diagnose = diagnose,
	}, {
		.name = "client-bad-arguments", .rules = "A1 A2 A3",
		.title = "refuses port 0, 65536, abc, 50007x, address xyz and "
		    "a fourth argument (exit 2); takes ports 65535 and 1",
		.hint = "The given parse_arguments() does this: keep it, and "
		    "return 2 when it fails, before any socket() call.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose,
		.arg = &(const struct run_bad_args){ "client", {
		    { "127.0.0.1", "0" }, { "127.0.0.1", "65536" },
		    { "127.0.0.1", "abc" }, { "127.0.0.1", "50007x" },
		    { "xyz" }, { "127.0.0.1", RUN_ARG_PORT, "hi", "extra" },
		    { "127.0.0.1", "65535" }, { "127.0.0.1", "1" } } },
	},
};

LESSON_SERVER_CLIENT(lesson_01, .dir = "01-tcp-hello",
    .title = "TCP hello: a server that prints, a client that sends",
    .shim = "shortio")

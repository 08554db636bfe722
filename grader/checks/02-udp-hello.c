/*
 * 02-udp-hello: checks for the UDP lesson (the blog's program: a server that
 * prints every datagram and its sender, a client that sends one datagram).
 *
 * Datagrams are compared byte for byte: payloads, boundaries (one line per
 * datagram), counts, and the sender addresses the server prints. The
 * grader's probes send to the student's server: every byte value, empty
 * datagrams, sizes around the server's 1024-byte buffer and up to 65507,
 * after an idle second, to another ADDRESS and PORT. For the student's
 * client, the grader binds the port and its byte-swapped twin (a forgotten
 * htons()), or the ADDRESS given and 127.0.0.1 (a forgotten ADDRESS).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "diagnose.h"
#include "lesson.h"

/* A string literal with its length, zero bytes included. */
#define DATA(s) s, sizeof s - 1

/* The most one UDP datagram carries, and the server's buffer. */
#define MAX_DATAGRAM 65507
#define BUFFER_SIZE 1024

/*
 * What the grader's two probes (on their fixed ports) send the server:
 * datagrams one at a time, each after the server's line for the one
 * before, or back to back (all queued before the server reads one).
 */
struct datagrams {
	int back_to_back;
	struct datagram {
		int probe;		/* 0 or 1 */
		const char *data;	/* NULL: len bytes of a pattern */
		size_t len;
	} d[4];
	int n;
	int idle_ms;		/* a wait before the last datagram */
	const char *what;	/* note.scenario.is, for diagnoses */
};

/* What the student's client is given, and where the grader listens. */
struct client_case {
	const char *args[4];	/* run_args template; none: no arguments */
	const char *ip;		/* ADDRESS, when not 127.0.0.1 */
	int alt;		/* the second port, not the lesson's */
	size_t fill;		/* MESSAGE: fill bytes of a pattern */
};

/* len bytes of a pattern ('a' to 'z' again and again). */
static const char *
pattern(size_t len)
{
	static char p[MAX_DATAGRAM + 2];

	for (size_t i = 0; i < len && i < sizeof p - 1; i++)
		p[i] = (char)('a' + i % 26);
	p[len < sizeof p - 1 ? len : sizeof p - 1] = '\0';
	return p;
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
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);

	if (srv == NULL)
		return;
	(void)run_wait_exit(r, run_start_driver(r, "client", "client", args),
	    2000);
	(void)run_wait_lines(r, srv, 2, 1000);
	run_collect(r, srv);
}

/*
 * Another ADDRESS and PORT: the server must bind there, print it, and
 * print a datagram sent there.
 */
static void
server_custom_address(struct run *r)
{
	char where[40];
	struct proc *srv = run_start_server_at(r, "127.0.0.2", SOCK_DGRAM,
	    where, sizeof where);
	int fd;

	if (srv == NULL)
		return;
	fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0]);
	if (fd != -1) {
		(void)run_udp_reply(r, fd, where, DATA("to 127.0.0.2"), NULL);
		close(fd);
		(void)run_wait_lines(r, srv, 2, 1000);
	}
	run_collect(r, srv);
}

/* The server given ADDRESS alone (the row): the default port. */
static void
server_args(struct run *r)
{
	run_scenario_server_args(r, SOCK_DGRAM);
}

/* The probes send r->arg's datagrams; the server prints a line for each. */
static void
server_prints_datagrams(struct run *r)
{
	const struct datagrams *dg = r->arg;
	struct proc *srv = run_start_ready_server(r, "server", SOCK_DGRAM, 0);
	int fd[2] = { -1, -1 };
	int lines = 1;		/* the lines due so far: newlines */

	if (dg->what != NULL)
		transcript_note_setf(r->t, "scenario", "is", "%s", dg->what);
	if (srv == NULL)
		return;
	for (int p = 0; p < 2; p++)
		if ((fd[p] = run_udp_probe(r, "127.0.0.1", r->probe_port[p])) ==
		    -1)
			goto out;
	for (int i = 0; i < dg->n; i++) {
		const struct datagram *d = &dg->d[i];
		const char *data = d->data != NULL ? d->data : pattern(d->len);

		if (i == dg->n - 1 && dg->idle_ms > 0) {
			run_note(r, "waited %d ms", dg->idle_ms);
			clock_sleep_ms(run_ms(r, dg->idle_ms));
		}
		(void)run_udp_send(r, fd[d->probe], r->port, data, d->len,
		    NULL);
		/* Its line, and the newlines of the bytes kept. */
		lines++;
		for (size_t k = 0; k < d->len && k < BUFFER_SIZE; k++)
			lines += data[k] == '\n';
		if (!dg->back_to_back)
			(void)run_wait_lines(r, srv, lines, 1000);
	}
	(void)run_wait_lines(r, srv, lines, 1000);
out:
	for (int p = 0; p < 2; p++)
		if (fd[p] != -1)
			close(fd[p]);
	run_collect(r, srv);
}

/*
 * The student's client, given r->arg's arguments: record every datagram
 * that arrived, and where. The grader binds ADDRESS:PORT and, beside it,
 * where a usual bug sends: the byte-swapped port (a forgotten htons()),
 * 127.0.0.1 when ADDRESS is another (a forgotten ADDRESS), the default
 * port when PORT is another (a forgotten PORT).
 */
static void
client_sends(struct run *r)
{
	const struct client_case *c = r->arg;
	const char *ip = c->ip != NULL ? c->ip : "127.0.0.1";
	int port = c->alt ? r->alt_port : r->port;
	const char *args[8], *const port_only[] = { "127.0.0.1", r->port_arg,
	    NULL };
	const char *const *argv = run_args(r, c->args, args, 8);
	char key[32], from[64], where[3][40];
	struct run_twin tw;
	struct proc *cli;
	struct bytes d;
	int fd[3], count = 0;

	if (c->ip == NULL) {
		if (run_twin_open(r, &tw, SOCK_DGRAM, port) == -1)
			return;
		fd[0] = tw.fd[0];
		fd[1] = tw.fd[1];
		snprintf(where[1], sizeof where[1], "127.0.0.1:%d", tw.port[1]);
	} else {
		if ((fd[0] = run_udp_probe(r, ip, port)) == -1)
			return;
		fd[1] = run_udp_probe(r, "127.0.0.1", port);
		snprintf(where[1], sizeof where[1], "127.0.0.1:%d", port);
	}
	snprintf(where[0], sizeof where[0], "%s:%d", ip, port);
	snprintf(where[2], sizeof where[2], "127.0.0.1:%d", r->port);
	fd[2] = c->alt ? run_udp_probe(r, "127.0.0.1", r->port) : -1;
	/* Without a namespace the default port is not ours. */
	if (c->args[1] == NULL && !run_defaults_usable(r))
		argv = port_only;
	if (c->fill > 0) {
		transcript_note_setf(r->t, "client", "fill", "%zu", c->fill);
		args[0] = "127.0.0.1";
		args[1] = r->port_arg;
		args[2] = pattern(c->fill);
		args[3] = NULL;
		argv = args;
	}
	cli = run_start(r, "client", "client", argv);
	/* Loopback delivers during sendto(): all is queued once it exits. */
	(void)run_wait_exit(r, cli, 2000);
	bytes_init(&d);
	for (int i = 0; i < 3; i++) {
		while (fd[i] != -1 && count < 8 && run_udp_recv(r, fd[i], &d, 0,
		    from, sizeof from) == 0) {
			snprintf(key, sizeof key, "probe.datagram%d", ++count);
			transcript_set(r->t, key, d.data, d.len);
			transcript_setf(r->t, "client.sent-to", "%s", where[i]);
		}
		if (fd[i] != -1)
			close(fd[i]);
	}
	bytes_free(&d);
	if (count == 0)
		transcript_setf(r->t, "client.sent-to", "nothing: no datagram "
		    "arrived");
	transcript_setf(r->t, "probe.count", "%d datagram%s", count,
	    count == 1 ? "" : "s");
	/* A MESSAGE too long fails: perror("client: sendto"). */
	if (c->fill > MAX_DATAGRAM) {
		bytes_init(&d);
		(void)run_read_output(cli, RUN_STDERR, &d, 4096);
		transcript_setf(r->t, "client.message", "%s", d.len > 0 ?
		    "a message on stderr" : "nothing on stderr");
		bytes_free(&d);
	}
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
server_port_taken(struct run *r)
{
	run_scenario_port_taken(r, SOCK_DGRAM);
}

/* A datagram around BUFFER_SIZE bytes printed with another length. */
static int
diagnose_limit(const struct difference *d, struct bytes *why)
{
	const char *em, *gm;
	size_t elen, glen;

	if (d->missing || diagnose_data_lines(&d->expected, &d->got, &em,
	    &elen, &gm, &glen) == -1 || elen == glen)
		return 0;
	bytes_printf(why, "A datagram printed with %zu bytes where the "
	    "reference printed %zu: recvfrom() keeps at most the size it is "
	    "given and discards the rest of the datagram. Receive into a "
	    "buffer of BUFFER_SIZE (%d) bytes.", glen, elen, BUFFER_SIZE);
	return 1;
}

static void
diagnose(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *scenario = transcript_note_str(got, "scenario", "is");

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
	if (strcmp(d->key, "client.sent-to") == 0 &&
	    strncmp(transcript_str(ref, d->key), "127.0.0.2:", 10) == 0 &&
	    strncmp(transcript_str(got, d->key), "127.0.0.1:", 10) == 0) {
		bytes_puts(why, "Given ADDRESS 127.0.0.2, the client sent to "
		    "127.0.0.1: sendto() the address read from argv[1] (ip, "
		    "from inet_pton()), not a constant.");
		return;
	}
	if (strcmp(scenario, "limits") == 0 &&
	    strcmp(d->key, "server.stdout") == 0 &&
	    diagnose_limit(d, why))
		return;
	if (strcmp(scenario, "bytes") == 0 &&
	    strcmp(d->key, "server.status") == 0 &&
	    strncmp(transcript_str(got, d->key), "exited", 6) == 0) {
		bytes_puts(why, "The server ended during datagrams that hold "
		    "odd bytes, one of them an empty datagram: recvfrom() "
		    "returning 0 is an empty datagram, not an end (UDP has no "
		    "end of file). Print its line and keep receiving.");
		return;
	}
	if (strcmp(d->key, "probe.datagram1") == 0 && !d->missing &&
	    d->got.len > 0 && d->got.len < d->expected.len &&
	    transcript_note_str(got, "client", "fill")[0] != '\0') {
		bytes_printf(why, "Only %zu of the %zu bytes of MESSAGE "
		    "arrived: send strlen(message) bytes of the message "
		    "itself, not a copy in a fixed-size buffer.", d->got.len,
		    d->expected.len);
		return;
	}
	if ((strcmp(d->key, "client.status") == 0 ||
	    strcmp(d->key, "client.message") == 0) &&
	    strstr(transcript_fact_str(ref, "client", KEY_STDERR),
	    "Message too long") != NULL) {
		bytes_printf(why, "A MESSAGE over 65507 bytes does not fit in "
		    "one datagram: sendto() fails with EMSGSIZE ('Message too "
		    "long'). Check its return value; on -1, "
		    "perror(\"client: sendto\"), close, exit with status 1 "
		    "(here: %s).", transcript_str(got, d->key));
		return;
	}
	diagnose_common(ref, got, d, why);
}

static const struct datagrams from_two_sockets = { 0, {
	{ 0, DATA("from the first socket") },
	{ 1, DATA("from the second socket") },
}, 2, 0, NULL };

/* Long, then shorter: a buffer printed as a string shows stale bytes. */
static const struct datagrams back_to_back = { 1, {
	{ 0, DATA("a long datagram comes first, so that the buffer holds "
	    "many bytes: 0123456789 0123456789 0123456789 0123456789") },
	{ 0, DATA("short") },
	{ 0, DATA("a medium one") },
	/* A zero byte is data too: %s would stop at it. */
	{ 0, DATA("zero\0byte") },
}, 4, 0, NULL };

/* The second after an idle second. */
static const struct datagrams one_then_two = { 0, {
	{ 0, DATA("one") },
	{ 0, DATA("two") },
}, 2, 1000, NULL };

/* Around BUFFER_SIZE, from both sides; and the largest datagram. */
static const struct datagrams limits = { 0, {
	{ 0, NULL, BUFFER_SIZE - 1 }, { 0, NULL, BUFFER_SIZE },
	{ 0, NULL, BUFFER_SIZE + 1 }, { 0, NULL, MAX_DATAGRAM },
}, 4, 0, "limits" };

/* Every byte value is data; an empty datagram is one too. */
static const struct datagrams any_bytes = { 0, {
	{ 0, DATA("zero\0byte") }, { 0, DATA("two\nlines") },
	{ 0, DATA("high bytes \x80\xc3\xa9\xff") }, { 0, DATA("") },
}, 4, 0, "bytes" };

static const struct check checks[] = {
	{
		.name = "server-binds", .rules = "S1 S2",
		.title = "the server binds its default address, "
		    "127.0.0.1:50007",
		.hint = "socket(AF_INET, SOCK_DGRAM, 0), then bind() to a "
		    "sockaddr_in with htons(port) and inet_pton(); pass "
		    "sizeof addr as the length.",
		.scenario = server_binds, .diagnose = diagnose,
	}, {
		.name = "server-custom-address", .rules = "S1 S2 S3",
		.title = "binds 127.0.0.2:65535 when given them, and prints a "
		    "datagram sent there",
		.hint = "bind() to ip and htons(port), as parse_arguments() "
		    "read them from argv, never to constants.",
		.scenario = server_custom_address, .diagnose = diagnose,
	}, {
		.name = "server-address-only", .rules = "S1 S2",
		.title = "given ADDRESS alone, binds 127.0.0.1:50007, the "
		    "default port",
		.hint = "PORT is argv[2] only when argc > 2; else "
		    "DEFAULT_PORT (the given parse_arguments()).",
		.scenario = server_args, .diagnose = diagnose,
		.arg = (const char *const []){ "127.0.0.1", NULL },
	}, {
		.name = "server-prints-datagram", .rules = "S3 S4",
		.title = "prints the reference client's datagram and sender",
		.hint = "recvfrom() on the socket you bound, then print "
		    "exactly the n bytes it returned and the sender's address.",
		.scenario = server_prints_datagram, .diagnose = diagnose,
	}, {
		.name = "server-sender-addresses", .rules = "S6",
		.title = "prints the right sender for datagrams from two "
		    "sockets",
		.hint = "Set addrlen = sizeof sender before every recvfrom(), "
		    "and print the port with ntohs(sender.sin_port).",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &from_two_sockets,
	}, {
		.name = "server-datagram-boundaries", .rules = "S3 S4",
		.title = "four datagrams sent back to back give four exact "
		    "lines",
		.hint = "Each recvfrom() returns one datagram; the buffer is "
		    "not a C string: print n bytes with fwrite().",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &back_to_back,
	}, {
		.name = "server-any-bytes", .rules = "S4",
		.title = "datagrams holding a zero byte, a newline, bytes over "
		    "0x7f, or nothing: each line exact",
		.hint = "Print exactly the n bytes recvfrom() returned, with "
		    "fwrite(buf, 1, n, stdout); n may be 0.",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &any_bytes,
	}, {
		.name = "server-datagram-limits", .rules = "S5",
		.title = "datagrams of 1023, 1024, 1025 and 65507 bytes: at "
		    "most the first 1024 are printed",
		.hint = "recvfrom() into buf with sizeof buf, buf being "
		    "BUFFER_SIZE (1024) bytes: a longer datagram is cut.",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &limits,
	}, {
		.name = "server-keeps-running", .rules = "S3 S7",
		.title = "keeps receiving after the first datagram, and after "
		    "an idle second",
		.hint = "Put recvfrom() and the printing in a for (;;) loop.",
		.scenario = server_prints_datagrams, .diagnose = diagnose,
		.arg = &one_then_two,
	}, {
		.name = "server-port-taken", .rules = "S8",
		.title = "with its port bound by another socket: a message on "
		    "stderr, exit status 1",
		.hint = "On -1 from bind(): perror(\"server: bind\"), "
		    "close(s), return 1.",
		.scenario = server_port_taken, .diagnose = diagnose,
	}, {
		.name = "server-bad-arguments", .rules = "A1 A2 A3",
		.title = "refuses port 65536, 0, -1, 5x, address 127.0.0.256 "
		    "and a third argument (exit 2); takes port 1",
		.hint = "Keep the given parse_arguments(): main() returns 2 "
		    "as soon as it fails, before socket().",
		.scenario = run_scenario_bad_args, .diagnose = diagnose,
		.arg = &(const struct run_bad_args){ "server", {
		    { "127.0.0.1", "65536" }, { "127.0.0.1", "0" },
		    { "127.0.0.1", "-1" }, { "127.0.0.1", "5x" },
		    { "127.0.0.256" }, { "127.0.0.1", RUN_ARG_PORT, "extra" },
		    { "127.0.0.1", "1" } } },
	}, {
		.name = "client-sends-datagram", .rules = "C1 C2 C3",
		.title = "sends the default message in one datagram to "
		    "127.0.0.1:50007",
		.hint = "One sendto() of strlen(message) bytes to a "
		    "sockaddr_in with htons(port).",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { NULL } },
	}, {
		.name = "client-custom-message", .rules = "C1 C2 C3",
		.title = "sends MESSAGE in one datagram to the ADDRESS and "
		    "PORT given",
		.hint = "Use the ip, port and message parse_arguments() read "
		    "from argv: constants only when the argument is absent.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_ALT, "socklab custom datagram: 41 bytes, exact." },
		    .alt = 1 },
	}, {
		.name = "client-default-message", .rules = "C1 C2 C3",
		.title = "given ADDRESS alone, sends the default message to "
		    "the default port",
		.hint = "PORT and MESSAGE come from argv only when given: "
		    "keep the given parse_arguments().",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1" } },
	}, {
		.name = "client-default-port-message", .rules = "C1 C2 C3",
		.title = "given ADDRESS and PORT, sends the default message",
		.hint = "With argc == 3 there is no argv[3]: send "
		    "DEFAULT_MESSAGE.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT } },
	}, {
		.name = "client-custom-address", .rules = "C1",
		.title = "sends to ADDRESS 127.0.0.2 when given it",
		.hint = "sendto() the ADDRESS given in argv[1] (inet_pton() "
		    "already filled ip), not a constant.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.2",
		    RUN_ARG_PORT, "to 127.0.0.2" }, .ip = "127.0.0.2" },
	}, {
		.name = "client-any-bytes", .rules = "C2",
		.title = "a MESSAGE with a newline and bytes over 0x7f: one "
		    "exact datagram",
		.hint = "One sendto() of all strlen(message) bytes, whatever "
		    "bytes they are.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT, "two\nlines, high bytes \x80\xc3\xa9\xff" } },
	}, {
		.name = "client-empty-message", .rules = "C2 C3",
		.title = "with an empty MESSAGE, sends one empty datagram",
		.hint = "An empty datagram is a datagram: sendto() 0 bytes, "
		    "then print 'sent 0 bytes ...'.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT, "" } },
	}, {
		.name = "client-largest-datagram", .rules = "C2",
		.title = "sends a MESSAGE of 65507 bytes, the largest "
		    "datagram, whole",
		.hint = "One sendto() of strlen(message) bytes, from the "
		    "message itself: no fixed-size copy.",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .fill = MAX_DATAGRAM },
	}, {
		.name = "client-too-long", .rules = "C4",
		.title = "a MESSAGE of 65508 bytes: sendto() fails, a message "
		    "on stderr, exit status 1",
		.hint = "if (sendto(...) == -1) { perror(\"client: sendto\"); "
		    "close(s); return 1; }",
		.scenario = client_sends, .diagnose = diagnose,
		.arg = &(const struct client_case){ .fill = MAX_DATAGRAM + 1 },
	}, {
		.name = "client-no-server", .rules = "C3",
		.title = "with nothing bound, still sends and exits 0",
		.hint = "UDP does not know whether anyone received the "
		    "datagram: do not wait for a reply.",
		.scenario = client_no_server, .diagnose = diagnose,
	}, {
		.name = "client-bad-arguments", .rules = "A1 A2 A3",
		.title = "refuses port 65536, 0, -1, 5x, address 127.0.0.256 "
		    "and a fourth argument (exit 2); takes ports 65535 and 1",
		.hint = "Keep the given parse_arguments(): main() returns 2 "
		    "as soon as it fails, before socket().",
		.scenario = run_scenario_bad_args, .diagnose = diagnose,
		.arg = &(const struct run_bad_args){ "client", {
		    { "127.0.0.1", "65536" }, { "127.0.0.1", "0" },
		    { "127.0.0.1", "-1" }, { "127.0.0.1", "5x" },
		    { "127.0.0.256" }, { "127.0.0.1", RUN_ARG_PORT, "x", "y" },
		    { "127.0.0.1", "65535" }, { "127.0.0.1", "1" } } },
	},
};

LESSON_SERVER_CLIENT(lesson_02, .dir = "02-udp-hello",
    .title = "UDP hello: the blog's program, in C")

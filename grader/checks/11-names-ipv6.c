/*
 * 11-names-ipv6: checks for the lesson on getaddrinfo() and IPv6: a server
 * that listens for IPv4 and IPv6 clients on one port and tells each client
 * its address ("you are [2001:db8::12]:40002"), and a client that resolves
 * a name and tries its addresses in order until one answers.
 *
 * No LAN: every address a check needs is put on the sandbox's own
 * loopback (netlab_lo_addresses: 192.0.2.12, 2001:db8::12 ...), so each
 * check is one sandbox, and IPv4 and IPv6 clients and servers meet there.
 * Names come from the check's own /etc/hosts (names.h: run_hosts), so
 * "server.lab" resolves to exactly the addresses a row lists, and
 * getaddrinfo() sorts them as glibc does, the same in both runs: the
 * reference's order is the expected one, never a list written here.
 *
 * The server is driven by the grader's probes, from fixed source addresses
 * and ports, so that every line it prints is known: IPv4, IPv6, and IPv4
 * through an IPv6 socket (an IPv4-mapped address, ::ffff:127.0.0.2). The
 * client meets a grader listener on one address of the name, with the
 * others refused (nothing listens there) or unreachable (no route for TCP:
 * netlab_tcp_unreachable); its stdout, status and its lines on stderr, one
 * per address that failed, are compared.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diagnose.h"
#include "lesson.h"
#include "names.h"
#include "netlab.h"

/* A string literal with its length, zero bytes included. */
#define DATA(s) s, sizeof s - 1

/* The longest wait for a connection, a line or a program's end. */
#define WAIT_MS 2000
#define NAME "server.lab"
#define V4 "192.0.2.12"
#define V4B "192.0.2.13"
#define V6 "2001:db8::12"
#define V6_UNREACHABLE "2001:db8::99"
#define MAX_CLIENTS 4
#define MAX_LINES 5
/* A server probe's source port: r->probe_port[0] or [1]. */
#define P0 0
#define P1 1

/* How many lines text holds (newlines). */
static int
count_lines(const char *text)
{
	int n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* ---- The server ---- */

/*
 * The probes a server check sends: each connects from src (an address on
 * lo) and port to dst, the server's PORT, then reads until the server
 * closes. With together set, every probe connects while the server is
 * stopped (SIGSTOP), so that all wait in its backlog at once; a probe
 * with reset set resets its connection at once, before the server gets to
 * it (its send() then fails). A probe's port is r->probe_port[0] or [1]
 * (P0, P1), or a port of its own (993: imaps in /etc/services, printed as
 * a number all the same). With short_io the server's send() moves 1 to 7
 * bytes a call; with restart a second server is started once the first is
 * stopped, while the connections it closed wait in TIME_WAIT.
 */
struct server_case {
	const char *what;		/* note.scenario.is, for diagnoses */
	const char *lo[3];		/* addresses added to lo first */
	const char *port;		/* the server's PORT; NULL: the lesson's */
	struct probe {
		const char *src;
		int port;		/* P0, P1, or a port of its own */
		const char *dst;
		int reset;
	} c[MAX_CLIENTS];
	int n;
	int together;
	int short_io;
	int restart;
};

/* What the probe i read (and how the wait ended) at probeN.received. */
static void
read_reply(struct run *r, int fd, int i)
{
	struct bytes got;
	enum run_recv end;
	char key[32];

	bytes_init(&got);
	end = run_tcp_recv(r, fd, &got, 0, 1000);
	if (end != RUN_RECV_CLOSED)
		run_describe_recv(r, &got, end, got.len, 1000);
	snprintf(key, sizeof key, "probe%d.received", i + 1);
	transcript_set(r->t, key, got.data, got.len);
	bytes_free(&got);
	close(fd);
}

/* Connect probe i of c to the server on port; its socket, or -1. */
static int
connect_probe(struct run *r, const struct probe *p, int i, int port)
{
	int src_port = p->port == P0 || p->port == P1 ? r->probe_port[p->port] :
	    p->port;
	char key[32];

	snprintf(key, sizeof key, "probe%d.connect", i + 1);
	run_note(r, "a client connects from %s%s%s:%d to %s%s%s:%d%s",
	    strchr(p->src, ':') != NULL ? "[" : "", p->src,
	    strchr(p->src, ':') != NULL ? "]" : "", src_port,
	    strchr(p->dst, ':') != NULL ? "[" : "", p->dst,
	    strchr(p->dst, ':') != NULL ? "]" : "", port, p->reset ?
	    ", and resets the connection at once" : "");
	return run_tcp_connect_at(r, p->src, src_port, p->dst, port, 1000, key);
}

/* Order lines (qsort) by their bytes. */
static int
line_order(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Record srv's lines as server.lines, sorted: clients waiting on two
 * sockets at once (one per family) come out in either family's order,
 * which the contract leaves free. Its status and stdout become notes.
 */
static void
record_sorted_lines(struct run *r, struct proc *srv)
{
	struct bytes out, sorted;
	char *line[16], *p;
	size_t n = 0;

	bytes_init(&out);
	bytes_init(&sorted);
	(void)run_read_output(srv, RUN_STDOUT, &out, 4096);
	for (p = out.len > 0 ? (char *)bytes_str(&out) : NULL; p != NULL &&
	    *p != '\0' && n < 16; n++) {
		line[n] = p;
		p = strchr(p, '\n');
		if (p != NULL)
			*p++ = '\0';
	}
	qsort(line, n, sizeof line[0], line_order);
	for (size_t i = 0; i < n; i++)
		bytes_printf(&sorted, "%s\n", line[i]);
	transcript_set(r->t, "server.lines", sorted.data, sorted.len);
	bytes_free(&sorted);
	bytes_free(&out);
	run_collect_notes(r, srv);
}

/*
 * The server started with PORT, listening for both families (recorded as
 * server.listening), serves the row's probes; each one's reply and the
 * server's lines are compared.
 */
static void
server_serves(struct run *r)
{
	const struct server_case *c = r->arg;
	const char *port = c->port != NULL ? c->port : r->port_arg;
	const char *const args[] = { port, NULL };
	const struct run_extra x = { .shim = c->short_io ? "shortio" : NULL };
	int fds[MAX_CLIENTS], portnum = atoi(port), lines = 1;
	struct proc *srv;
	struct bytes err;

	transcript_note_setf(r->t, "scenario", "is", "%s", c->what);
	if (c->lo[0] != NULL && netlab_lo_addresses(r, c->lo) == -1)
		return;
	srv = run_start_ext(r, "server", "server", args, &x);
	if (c->short_io)
		run_note(r, "the server runs under the short-I/O library: each "
		    "send() on its TCP sockets moves 1 to 7 bytes");
	if (run_wait_listening(r, srv, "server", portnum) == -1 &&
	    strncmp(transcript_str(r->t, "server.listening"), "nothing", 7) ==
	    0) {
		run_collect(r, srv);
		return;
	}
	/* Its first line, flushed once it listens, before any client. */
	transcript_setf(r->t, "server.listening-line", "%s",
	    run_wait_lines(r, srv, 1, WAIT_MS) == 0 ? "printed" :
	    "not printed within 2 s (stdout not flushed?)");
	if (c->together) {
		run_note(r, "stopped the server (SIGSTOP): the clients wait in "
		    "its backlog");
		(void)run_pause(srv);
	}
	for (int i = 0; i < c->n; i++) {
		fds[i] = connect_probe(r, &c->c[i], i, portnum);
		if (c->c[i].reset && fds[i] != -1) {
			run_tcp_reset(fds[i]);
			fds[i] = -1;
		}
		if (c->together || fds[i] == -1)
			continue;
		read_reply(r, fds[i], i);
		(void)run_wait_lines(r, srv, ++lines, WAIT_MS);
	}
	if (c->together) {
		run_note(r, "let the server go on (SIGCONT)");
		run_resume(srv);
		for (int i = 0; i < c->n; i++)
			if (fds[i] != -1)
				read_reply(r, fds[i], i);
		(void)run_wait_lines(r, srv, 1 + c->n, WAIT_MS);
	}
	/* One message per failed send(), and only then. */
	bytes_init(&err);
	if (run_read_output(srv, RUN_STDERR, &err, 4096) == 0)
		transcript_setf(r->t, "server.messages", "%d line%s on stderr",
		    count_lines(bytes_str(&err)), count_lines(bytes_str(&err))
		    == 1 ? "" : "s");
	bytes_free(&err);
	if (c->together)
		record_sorted_lines(r, srv);
	else
		run_collect(r, srv);
	if (!c->restart)
		return;
	run_note(r, "started the server again at once: its closed "
	    "connections wait in TIME_WAIT on PORT");
	srv = run_start(r, "server", "restarted", args);
	if (run_wait_listening(r, srv, "restarted", portnum) == 0)
		(void)run_wait_lines(r, srv, 1, WAIT_MS);
	run_collect(r, srv);
}

/*
 * The grader holds PORT on one family's loopback address, then on the
 * other's: each time the server's bind() must fail (a dual-stack socket
 * or a pair of sockets covers both), with a message and status 1.
 */
static void
server_port_taken(struct run *r)
{
	static const char *const held[] = { "127.0.0.1", "::1" };
	const char *const args[] = { r->port_arg, NULL };

	for (int i = 0; i < 2; i++) {
		int fd = run_tcp_listen_at(r, held[i], r->port);

		if (fd == -1)
			return;
		run_record_refusal(r, run_start(r, "server", i == 0 ? "server" :
		    "server2", args), i == 0 ? "server" : "server2",
		    "port taken");
		close(fd);
	}
}

/* ---- The client ---- */

/*
 * A client row: /etc/hosts lines, the addresses on lo, one address made
 * unreachable for TCP (its route's source is V6), where the grader
 * listens (NULL: nowhere), what it sends there, and the client's HOST.
 */
struct client_case {
	const char *hosts[MAX_LINES];
	const char *lo[MAX_LINES];
	const char *unreachable;
	const char *listen;
	const char *data;
	size_t len;
	int reset;		/* reset the connection after the data */
	const char *host;
	const char *port;	/* PORT; NULL: the lesson's */
	int open_files;		/* the client's descriptor limit, or 0 */
};

/* The bytes of a long reply: every byte value, over and over. */
static char every_byte[70000];

/*
 * Set the sandbox up as the row says, start the client with HOST PORT,
 * serve it where the grader listens, and record its stdout, status and
 * stderr (client.failures: one line per address that failed).
 */
static void
client_connects(struct run *r)
{
	const struct client_case *c = r->arg;
	const char *port = c->port != NULL ? c->port : r->port_arg;
	const char *const args[] = { c->host, port, NULL };
	const char *data = c->data != NULL ? c->data : every_byte;
	const struct run_extra x = { .open_files = c->open_files };
	struct proc *cli;
	struct bytes err;
	int lfd = -1, conn;

	for (size_t i = 0; i < sizeof every_byte; i++)
		every_byte[i] = (char)(i % 256);
	if ((c->hosts[0] != NULL && run_hosts(r, c->hosts) == -1) ||
	    (c->lo[0] != NULL && netlab_lo_addresses(r, c->lo) == -1) ||
	    (c->unreachable != NULL && netlab_tcp_unreachable(r,
	    c->unreachable, V6) == -1))
		return;
	if (c->listen != NULL && (lfd = run_tcp_listen_at(r, c->listen,
	    atoi(port))) == -1)
		return;
	cli = run_start_ext(r, "client", "client", args, &x);
	if (c->open_files > 0)
		run_note(r, "the client may hold %d descriptors (RLIMIT_NOFILE): "
		    "standard input, output, error and one socket",
		    c->open_files);
	if (lfd != -1) {
		conn = run_tcp_accept(r, lfd, WAIT_MS, "probe.accepted");
		if (conn != -1) {
			/* "connected to", flushed before anything comes. */
			transcript_setf(r->t, "client.connected-line", "%s",
			    run_wait_lines(r, cli, 1, 1000) == 0 ?
			    "printed before the server sent anything" :
			    "not printed within 1 s of connecting (stdout not "
			    "flushed?)");
			(void)run_tcp_send(r, conn, "the grader", data, c->len);
			if (c->reset) {
				run_tcp_reset(conn);
				run_note(r, "reset the connection (SO_LINGER 0)");
			} else {
				close(conn);
				run_note(r, "closed the connection");
			}
		}
		close(lfd);
	}
	(void)run_wait_exit(r, cli, WAIT_MS);
	bytes_init(&err);
	if (run_read_output(cli, RUN_STDERR, &err, 4096) == 0)
		transcript_set(r->t, "client.failures", err.data, err.len);
	bytes_free(&err);
	run_collect(r, cli);
}

/* ---- Diagnoses ---- */

/* The server's listening sockets reach fewer clients than they must. */
static int
diagnose_listening(const struct transcript *got, struct bytes *why)
{
	const char *v4 = transcript_note_str(got, "server", "ipv4");
	const char *v6 = transcript_note_str(got, "server", "ipv6");

	if (strcmp(v4, "any") == 0 && strcmp(v6, "none") == 0) {
		bytes_puts(why, "The server listens for IPv4 clients only "
		    "(0.0.0.0): with AF_UNSPEC, the first address "
		    "getaddrinfo(NULL, PORT, AI_PASSIVE) gives here is "
		    "0.0.0.0. Ask for AF_INET6 and set IPV6_V6ONLY to 0, or "
		    "bind every address of the list (the IPv6 one with "
		    "IPV6_V6ONLY set to 1).");
		return 1;
	}
	if (strcmp(v6, "any") == 0 && strcmp(v4, "none") == 0) {
		bytes_puts(why, "The server's IPv6 socket has IPV6_V6ONLY set "
		    "and nothing listens for IPv4: IPv4 clients are refused. "
		    "Set IPV6_V6ONLY to 0 (before bind()), or add an IPv4 "
		    "socket.");
		return 1;
	}
	if ((strcmp(v4, "none") != 0 && strcmp(v4, "any") != 0) ||
	    (strcmp(v6, "none") != 0 && strcmp(v6, "any") != 0)) {
		bytes_printf(why, "The server listens on one address only "
		    "(%s), not on any address: pass NULL as the host with "
		    "AI_PASSIVE, and bind() to what getaddrinfo() gives.",
		    transcript_note_str(got, "server", "sockets"));
		return 1;
	}
	return 0;
}

/* A server line or reply that differs: how the address was written. */
static int
diagnose_peer_text(const struct difference *d, struct bytes *why)
{
	const char *e = bytes_str(&d->expected), *g = bytes_str(&d->got);

	if (d->missing)
		return 0;
	if (strstr(g, "::ffff:") != NULL && strstr(e, "::ffff:") == NULL) {
		bytes_puts(why, "An IPv4 client was written in its IPv4-mapped "
		    "form (::ffff:127.0.0.1): when IN6_IS_ADDR_V4MAPPED() "
		    "holds, write the IPv4 address it stands for (its last 4 "
		    "bytes, as a sockaddr_in).");
		return 1;
	}
	if (strstr(e, "[") != NULL && strstr(g, "[") == NULL &&
	    strstr(g, "::") != NULL) {
		bytes_puts(why, "An IPv6 address was written without brackets: "
		    "write [ADDRESS]:PORT, or its last colon looks like the "
		    "port's.");
		return 1;
	}
	if (strstr(e, "[") == NULL && strstr(g, "[") != NULL) {
		bytes_puts(why, "An IPv4 address was written in brackets: only "
		    "IPv6 addresses (sa_family AF_INET6) take them.");
		return 1;
	}
	return 0;
}

/* The client's lines on stderr, for the addresses that failed. */
static int
diagnose_failures(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *e = transcript_str(ref, "client.failures");
	const char *g = transcript_str(got, "client.failures");
	int ne = count_lines(e), ng = count_lines(g);

	if (strcmp(d->key, "client.failures") != 0 &&
	    strcmp(d->key, "probe.accepted") != 0 &&
	    !(strcmp(d->key, "client.stdout") == 0 && ng < ne))
		return 0;
	if (ne > 0 && ng == 1 && strncmp(e, g, strlen(g)) == 0) {
		bytes_printf(why, "The client stopped after the first address "
		    "%s: go on with ai_next (close that socket, try the "
		    "next one) until one connects or the list ends.",
		    strstr(g, "unreachable") != NULL ? "was unreachable" :
		    "refused");
		return 1;
	}
	if (ne > 0 && ng == 0) {
		bytes_puts(why, "For each address that fails, print one line on "
		    "stderr: the address as [ADDRESS]:PORT or ADDRESS:PORT, "
		    "': ', then strerror(errno) of the failed call.");
		return 1;
	}
	if (strncmp(g, "client: connect: ", 17) == 0 ||
	    strstr(g, ": connect: ") != NULL) {
		bytes_puts(why, "Each failure's line starts with the address "
		    "tried, not the call: fprintf(stderr, \"%s: %s\\n\", peer, "
		    "strerror(errno)).");
		return 1;
	}
	if (ne > 0 && ng == ne) {
		bytes_puts(why, "As many failures, in another order or with "
		    "other words: try the addresses in getaddrinfo()'s order "
		    "(it sorts them: IPv6 first here), and write each as "
		    "getnameinfo() with NI_NUMERICHOST | NI_NUMERICSERV gives "
		    "it.");
		return 1;
	}
	return 0;
}

/* Facts of their own: a line not flushed, messages, a restart. */
static int
diagnose_facts(const struct transcript *got, const struct difference *d,
    struct bytes *why)
{
	if (strcmp(d->key, "server.listening-line") == 0 ||
	    strcmp(d->key, "client.connected-line") == 0) {
		bytes_printf(why, "The '%s' line did not reach the grader in "
		    "time: stdout is a pipe here, and stdio keeps what is "
		    "printed until its buffer fills. fflush(stdout) after the "
		    "line.", d->key[0] == 's' ? "listening on port" :
		    "connected to");
		return 1;
	}
	if (strcmp(d->key, "server.messages") == 0) {
		bytes_printf(why, "Of four clients, one had reset its connection "
		    "and only its send() fails: one message on stderr, from "
		    "perror(\"server: send\") when send() returns -1 (the "
		    "server wrote %s).", transcript_str(got, d->key));
		return 1;
	}
	if (strcmp(d->key, "restarted.listening") == 0) {
		bytes_puts(why, "The server could not listen again at once: the "
		    "connections it closed wait in TIME_WAIT on PORT. Set "
		    "SO_REUSEADDR to 1 (level SOL_SOCKET) on every listening "
		    "socket before bind().");
		return 1;
	}
	return 0;
}

static void
diagnose(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (diagnose_facts(got, d, why))
		return;
	if (strcmp(d->key, "server.listening") == 0 &&
	    diagnose_listening(got, why))
		return;
	if ((strcmp(d->key, "server.stdout") == 0 ||
	    strncmp(d->key, "probe", 5) == 0 ||
	    strcmp(d->key, "client.stdout") == 0 ||
	    strcmp(d->key, "client.failures") == 0) &&
	    diagnose_peer_text(d, why))
		return;
	if (strncmp(d->key, "probe", 5) == 0 && strstr(d->key, ".received") &&
	    d->got.len == 0 && transcript_get(got, "server.listening") &&
	    diagnose_listening(got, why))
		return;
	if (strcmp(transcript_note_str(got, "scenario", "is"), "in turn") == 0 &&
	    strcmp(transcript_fact_str(got, "server", KEY_STATUS),
	    "still running") != 0 && strcmp(transcript_fact_str(ref, "server",
	    KEY_STATUS), "still running") == 0) {
		bytes_printf(why, "The server %s while clients were waiting: "
		    "the first of them had reset its connection, so its "
		    "send() failed. perror() and go on with the next client: "
		    "never exit for one client.",
		    transcript_fact_str(got, "server", KEY_STATUS));
		return;
	}
	if (strstr(transcript_str(got, "client.failures"),
	    "Address family not supported") != NULL &&
	    strstr(transcript_str(ref, "client.failures"),
	    "Address family not supported") == NULL) {
		bytes_puts(why, "An address of the list could not be used from "
		    "the client's socket: make each socket with that entry's "
		    "own ai_family, ai_socktype and ai_protocol (an IPv6 "
		    "address needs an AF_INET6 socket).");
		return;
	}
	if (strcmp(d->key, "client.failures") == 0 &&
	    strstr(transcript_str(ref, d->key), "not known") != NULL) {
		bytes_puts(why, "getaddrinfo() does not set errno: its error "
		    "is the code it returns. Print HOST, ': ' and "
		    "gai_strerror(rc), not perror().");
		return;
	}
	if (strcmp(d->key, "server.stdout") == 0 && !d->missing &&
	    d->got.len < d->expected.len && memcmp(d->expected.data,
	    d->got.data, d->got.len) == 0 &&
	    strcmp(transcript_str(got, "server.status"), "still running") ==
	    0) {
		bytes_puts(why, "The clients got their replies, but the "
		    "server's 'connection from' lines did not reach the grader "
		    "while it ran: stdout is a pipe here, and stdio keeps what "
		    "is printed until its buffer fills. fflush(stdout) after "
		    "each line.");
		return;
	}
	if (strstr(transcript_str(got, "client.failures"),
	    "Too many open files") != NULL &&
	    strstr(transcript_str(ref, "client.failures"),
	    "Too many open files") == NULL) {
		bytes_puts(why, "With room for one socket, the client could not "
		    "make the next one: close() each socket whose connect() "
		    "failed before trying the next address.");
		return;
	}
	if (diagnose_failures(ref, got, d, why))
		return;
	if (strcmp(d->key, "client.status") == 0 &&
	    strcmp(transcript_str(ref, d->key), "exited with status 3") == 0) {
		bytes_printf(why, "A name that does not resolve: exit status 3 "
		    "(the client %s), after 'HOST: ' and gai_strerror(rc) on "
		    "stderr.", transcript_str(got, d->key));
		return;
	}
	if (strcmp(d->key, "probe.accepted") == 0 &&
	    strncmp(transcript_str(got, d->key), "nothing", 7) == 0 &&
	    strncmp(transcript_str(got, "client.status"), "exited", 6) == 0) {
		bytes_puts(why, "The client never reached the address where "
		    "the grader listens: it must try every address of the "
		    "list, in order, until one connects.");
		return;
	}
	if (strcmp(d->key, "client.stdout") == 0 &&
	    diagnose_payload(&d->expected, &d->got, why)) {
		bytes_puts(why, " Copy every byte recv() returns, with fwrite() "
		    "(never %s: the reply holds zero bytes), until recv() "
		    "returns 0.");
		return;
	}
	if (diagnose_refusal(ref, got, d, why))
		return;
	diagnose_common(ref, got, d, why);
}

/* ---- The table ---- */

static const struct server_case server_ipv4 = { "ipv4", { V4 }, NULL, {
	{ "127.0.0.1", P0, "127.0.0.1", 0 },
	{ V4, P1, V4, 0 },
	{ "::ffff:127.0.0.2", 993, "::ffff:127.0.0.1", 0 },
}, 3, 0, 0, 0 };

static const struct server_case server_ipv6 = { "ipv6", { V6 }, "65535", {
	{ "::1", P0, "::1", 0 },
	{ V6, P1, V6, 0 },
}, 2, 0, 1, 0 };

static const struct server_case server_in_turn = { "in turn", { NULL },
    NULL, {
	{ "::1", P0, "::1", 1 },
	{ "127.0.0.1", P0, "127.0.0.1", 0 },
	{ "::1", P1, "::1", 0 },
	{ "127.0.0.1", P1, "127.0.0.1", 0 },
}, 4, 1, 0, 1 };

#define HELLO "hello from the grader\n"

static const struct check checks[] = {
	{
		.name = "server-ipv4", .rules = "S1 S2 S3 S4",
		.title = "IPv4 clients from 127.0.0.1, 192.0.2.12 and through "
		    "an IPv6 socket (::ffff:127.0.0.2, port 993): each is told "
		    "its address",
		.hint = "getaddrinfo(NULL, port, hints with AI_PASSIVE), "
		    "IPV6_V6ONLY 0 on the IPv6 socket; print an "
		    "IN6_IS_ADDR_V4MAPPED() peer as the IPv4 address it is.",
		.scenario = server_serves, .diagnose = diagnose,
		.arg = &server_ipv4,
	}, {
		.name = "server-ipv6", .rules = "S1 S2 S3 A1",
		.title = "IPv6 clients from ::1 and 2001:db8::12 on port "
		    "65535, send() moving 1 to 7 bytes: each is told "
		    "[ADDRESS]:PORT",
		.hint = "getnameinfo(peer, len, host, ..., serv, ..., "
		    "NI_NUMERICHOST | NI_NUMERICSERV), then \"[%s]:%s\" for "
		    "AF_INET6.",
		.scenario = server_serves, .diagnose = diagnose,
		.arg = &server_ipv6,
	}, {
		.name = "server-in-turn", .rules = "S1 S2 S5",
		.title = "four clients of both families waiting at once, the "
		    "first reset: served in turn; then restarted at once",
		.hint = "accept() in a loop; when send() fails, perror() and "
		    "go on with the next client (MSG_NOSIGNAL), never exit. "
		    "SO_REUSEADDR before bind().",
		.scenario = server_serves, .diagnose = diagnose,
		.arg = &server_in_turn,
	}, {
		.name = "server-port-taken", .rules = "S6",
		.title = "PORT held on 127.0.0.1, then on ::1: bind() fails, "
		    "a message, exit status 1",
		.hint = "if (bind(...) == -1) { perror(\"server: bind\"); "
		    "freeaddrinfo(res); close(listener); return 1; }",
		.scenario = server_port_taken, .diagnose = diagnose,
	}, {
		.name = "server-bad-arguments", .rules = "A1 A2",
		.title = "refuses no PORT, 0, 65536, abc, 50007x and a second "
		    "argument (exit 2); takes port 1 (bind() refused: exit 1)",
		.hint = "The given parse_arguments() does this: keep it, and "
		    "return 2 when it fails.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose,
		.arg = &(const struct run_bad_args){ "server", {
		    { RUN_ARG_NONE }, { "0" }, { "65536" }, { "abc" },
		    { "50007x" }, { RUN_ARG_PORT, "extra" }, { "1" } } },
	}, {
		.name = "client-by-name", .rules = "C1 C3",
		.title = "server.lab is 2001:db8::12, where the grader "
		    "listens: connected, its line copied",
		.hint = "getaddrinfo(host, port, hints (AF_UNSPEC, "
		    "SOCK_STREAM), &list); socket() and connect() with each "
		    "entry's own ai_family, ai_addr and ai_addrlen.",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){
		    .hosts = { V6 " " NAME }, .lo = { V6 }, .listen = V6,
		    .data = DATA(HELLO), .host = NAME },
	}, {
		.name = "client-refused-then-ipv4", .rules = "C1 C2 C3",
		.title = "server.lab: 2001:db8::12 refuses, 192.0.2.12 "
		    "answers: one line on stderr, then connected",
		.hint = "On a failed connect(): print the address and "
		    "strerror(errno) on stderr, close that socket, and try "
		    "ai_next.",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){
		    .hosts = { V6 " " NAME, V4 " " NAME }, .lo = { V6, V4 },
		    .listen = V4, .data = DATA(HELLO), .host = NAME },
	}, {
		.name = "client-unreachable-then-next", .rules = "C2 C3",
		.title = "server.lab: 2001:db8::99 is unreachable, 192.0.2.12 "
		    "answers",
		.hint = "Any failed connect() moves on to the next address, "
		    "whatever errno says: not only ECONNREFUSED.",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){
		    .hosts = { V6_UNREACHABLE " " NAME, V4 " " NAME },
		    .lo = { V6, V4 }, .unreachable = V6_UNREACHABLE,
		    .listen = V4, .data = DATA(HELLO), .host = NAME },
	}, {
		.name = "client-none-answers", .rules = "C2 C4",
		.title = "server.lab has four addresses and none answers: a "
		    "line each, in order, then exit status 1 (one socket at a "
		    "time)",
		.hint = "close() each socket whose connect() failed; after the "
		    "loop, no socket connected: return 1.",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){
		    .hosts = { V4B " " NAME, V6 " " NAME,
		    V6_UNREACHABLE " " NAME, V4 " " NAME },
		    .lo = { V6, V4, V4B }, .unreachable = V6_UNREACHABLE,
		    .host = NAME, .open_files = 4 },
	}, {
		.name = "client-unknown-name", .rules = "C5",
		.title = "a name in no hosts line: 'HOST: Name or service not "
		    "known', exit status 3",
		.hint = "if (rc != 0) { fprintf(stderr, \"%s: %s\\n\", host, "
		    "gai_strerror(rc)); return 3; }",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){
		    .hosts = { V6 " " NAME }, .host = "nosuch.lab" },
	}, {
		.name = "client-numeric-ipv6", .rules = "C1 C3",
		.title = "HOST ::1, PORT 993: no name to look up, the port "
		    "written as a number",
		.hint = "getaddrinfo() takes a numeric address as HOST too: "
		    "no special case.",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){ .listen = "::1",
		    .data = DATA(HELLO), .host = "::1", .port = "993" },
	}, {
		.name = "client-every-byte", .rules = "C1 C3",
		.title = "HOST 127.0.0.1: 70,000 bytes of every value are "
		    "copied to stdout exactly",
		.hint = "fwrite(buf, 1, n, stdout) for the n bytes recv() "
		    "returned, in a loop until it returns 0.",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){ .listen = "127.0.0.1",
		    .len = sizeof every_byte, .host = "127.0.0.1" },
	}, {
		.name = "client-server-resets", .rules = "C6",
		.title = "the server sends a line, then resets: the line is "
		    "copied, then a message and exit status 1",
		.hint = "When recv() returns -1: perror(\"client: recv\"), "
		    "close, return 1.",
		.scenario = client_connects, .diagnose = diagnose,
		.arg = &(const struct client_case){ .listen = "127.0.0.1",
		    .data = DATA(HELLO), .reset = 1, .host = "127.0.0.1" },
	}, {
		.name = "client-bad-arguments", .rules = "A1 A2",
		.title = "refuses no arguments, HOST alone, port 0, 65536, "
		    "abc and a third argument (exit 2); takes ports 1 and "
		    "65535",
		.hint = "The given parse_arguments() does this: keep it, and "
		    "return 2 when it fails, before getaddrinfo().",
		.scenario = run_scenario_bad_args, .diagnose = diagnose,
		.arg = &(const struct run_bad_args){ "client", {
		    { RUN_ARG_NONE }, { NAME }, { NAME, "0" },
		    { NAME, "65536" }, { NAME, "abc" },
		    { NAME, RUN_ARG_PORT, "extra" }, { "127.0.0.1", "1" },
		    { "::1", "65535" } } },
	},
};

LESSON_SERVER_CLIENT(lesson_11, .dir = "11-names-ipv6",
    .title = "Names and IPv6: getaddrinfo(), one server for both families",
    .shim = "shortio", .needs_netns = 1)

/*
 * 10-one-to-many: checks for the lesson on broadcast and multicast: a
 * listener that binds 0.0.0.0:PORT, joins a group (-g, on -i's interface),
 * prints every datagram with its sender and leaves the group on the line
 * "leave"; an announcer that sends one datagram to one host, to the LAN's
 * broadcast address (-b: SO_BROADCAST) or to a group (TTL, LOOP, IF), or,
 * the TCP way (-t), one copy per listener over one connection each.
 *
 * Every check builds a LAN of four hosts (netlab.h): 192.0.2.11 to .14 on
 * one switch, and waits until it carries frames (lan()). The announcer runs
 * on host 1; listeners on hosts 2 to 4. The
 * student's listener hears the grader's probes (from fixed ports, so that
 * its lines are the same in both runs); the student's announcer is heard by
 * the grader's probes, which record every datagram with its TTL.
 *
 * "Receives nothing" is never a guess: after the datagram under test, the
 * grader sends a control datagram to the LAN's broadcast address, which
 * every socket bound to PORT receives; a probe (or listener) is read until
 * its control has arrived and QUIET_MS more have passed. What the kernels
 * counted is shown beside it: each host's eth0 packets and bytes as notes
 * (the switch floods every multicast frame, so a non-member's interface
 * counts the
 * datagram its kernel then drops), and as keys the sender's own counts,
 * which are exact: UDP datagrams sent and TCP connections opened.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "netlab.h"

#define HOSTS 4
/* Host n as a bit of a set of hosts. */
#define H(n) (1u << (n))
#define GROUP "239.1.2.3"
#define LAST_GROUP "239.255.255.255"
#define HOST2 "192.0.2.12"
#define HOST3 "192.0.2.13"
#define HOST4 "192.0.2.14"
/* How long a socket is still watched after its control datagram came. */
#define QUIET_MS 200
/* The longest wait for a line, a datagram or a program's end. */
#define WAIT_MS 2000
#define CONTROL "control: to every host"
#define MAX_SHOWN 8
/*
 * A line too long to be a command, 126 bytes and "leave": two of the
 * reference's line buffers (LINE_SIZE - 1), so that a reader which drops
 * a full buffer and forgets it was inside a long line sees "leave".
 */
#define L63 "not a command: a line too long to be one, longer than 64 bytes"
#define LONG_LINE L63 "." L63 "."
/* A bad command line of no argument at all (run_args skips this one). */
#define NO_ARGUMENTS RUN_ARG_ADDRESS
/* An address no host of the LAN has. */
#define NO_SUCH_IFADDR "192.0.2.99"

/* ---- Facts from the hosts' kernels ---- */

/* What the hosts' kernels counted, before and after an announcer ran. */
struct wire {
	struct netlab_stats eth0[HOSTS + 1];
	int64_t udp_out, tcp_opens;	/* on host 1 */
};

static void
wire_read(struct wire *w)
{
	for (int h = 1; h <= HOSTS; h++)
		if (netlab_stats(h, "eth0", &w->eth0[h]) == -1)
			memset(&w->eth0[h], 0, sizeof w->eth0[h]);
	w->udp_out = netlab_snmp(1, "Udp", "OutDatagrams");
	w->tcp_opens = netlab_snmp(1, "Tcp", "ActiveOpens");
}

/*
 * Record what left host 1 between before and after: the datagrams and
 * connections as keys (announcer.datagrams-sent, announcer.connections),
 * each host's eth0 counts under "sent" (the report's wire counts the
 * grader's own datagrams too).
 */
static void
wire_record(struct run *r, const struct wire *before, const struct wire *after)
{
	if (before->udp_out >= 0 && after->udp_out >= 0)
		transcript_setf(r->t, "announcer.datagrams-sent", "%lld UDP "
		    "datagram(s) left host 1", (long long)(after->udp_out -
		    before->udp_out));
	if (before->tcp_opens >= 0 && after->tcp_opens >= 0)
		transcript_setf(r->t, "announcer.connections", "%lld TCP "
		    "connection(s) opened from host 1", (long long)
		    (after->tcp_opens - before->tcp_opens));
	for (int h = 1; h <= HOSTS; h++) {
		const struct netlab_stats *b = &before->eth0[h];
		const struct netlab_stats *e = &after->eth0[h];

		run_note(r, "while the announcer ran, host %d's eth0 sent "
		    "%lld packets (%lld bytes) and received %lld (%lld bytes)",
		    h, (long long)(e->tx_packets - b->tx_packets),
		    (long long)(e->tx_bytes - b->tx_bytes),
		    (long long)(e->rx_packets - b->rx_packets),
		    (long long)(e->rx_bytes - b->rx_bytes));
	}
}

/* ---- The grader's probes on the LAN's hosts ---- */

static int
fail(struct run *r, int fd, const char *what)
{
	transcript_setf(r->t, "note.error", "a probe's %s failed: %s", what,
	    strerror(errno));
	if (fd != -1)
		close(fd);
	return -1;
}

/*
 * A UDP socket on host bound to ip:port (NULL: any address), that reports
 * each datagram's TTL, hears only the groups it joined itself, and sends
 * broadcasts and multicasts out of eth0. With group, a member of it.
 * Returns it, or -1 with note.error set.
 */
static int
udp_probe(struct run *r, int host, const char *ip, int port,
    const char *group)
{
	int fd = netlab_socket(r, host, AF_INET, SOCK_DGRAM), one = 1, zero = 0;
	struct sockaddr_in a;
	struct ip_mreq m;
	struct in_addr ifaddr;

	if (fd == -1)
		return -1;
	inet_pton(AF_INET, netlab_host_ip(host), &ifaddr);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	if (ip != NULL)
		inet_pton(AF_INET, ip, &a.sin_addr);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == -1)
		return fail(r, fd, "bind");
	if (setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof one) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero,
	    sizeof zero) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &zero,
	    sizeof zero) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &ifaddr,
	    sizeof ifaddr) == -1)
		return fail(r, fd, "setsockopt");
	if (group != NULL) {
		memset(&m, 0, sizeof m);
		inet_pton(AF_INET, group, &m.imr_multiaddr);
		m.imr_interface = ifaddr;
		if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m,
		    sizeof m) == -1)
			return fail(r, fd, "IP_ADD_MEMBERSHIP");
	}
	return fd;
}

/*
 * Receive one datagram on fd within timeout_ms (already scaled) into b;
 * from gets its sender "IP:PORT", *ttl its TTL (-1: not told). Returns 0,
 * or -1 when none came.
 */
static int
udp_take(int fd, int timeout_ms, struct bytes *b, char *from, size_t n,
    int *ttl)
{
	static char buf[65536];
	char control[256], ip[INET_ADDRSTRLEN];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct sockaddr_in src;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr msg;
	struct cmsghdr *c;
	ssize_t got;

	if (poll(&pfd, 1, timeout_ms < 0 ? 0 : timeout_ms) != 1)
		return -1;
	memset(&msg, 0, sizeof msg);
	msg.msg_name = &src;
	msg.msg_namelen = sizeof src;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = sizeof control;
	if ((got = recvmsg(fd, &msg, MSG_DONTWAIT)) == -1)
		return -1;
	bytes_clear(b);
	bytes_append(b, buf, (size_t)got);
	inet_ntop(AF_INET, &src.sin_addr, ip, sizeof ip);
	snprintf(from, n, "%s:%d", ip, ntohs(src.sin_port));
	*ttl = -1;
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL)
			memcpy(ttl, CMSG_DATA(c), sizeof *ttl);
	return 0;
}

/* The grader's control datagram, from host 1 to every host's PORT. */
static int
send_control(struct run *r, int port)
{
	char to[64];
	int fd = udp_probe(r, 1, netlab_host_ip(1), r->probe_port[1], NULL);
	int rc;

	if (fd == -1)
		return -1;
	snprintf(to, sizeof to, "%s:%d", NETLAB_BROADCAST, port);
	rc = run_udp_reply(r, fd, to, CONTROL, strlen(CONTROL),
	    "the grader's control datagram (every host's PORT gets it)");
	close(fd);
	return rc;
}

/*
 * Read what reached each UDP probe fds[h] (-1: none on host h) until its
 * control datagram has come and QUIET_MS more have passed, and record it
 * as probe.hostH: each datagram as 'BYTES' from IP, ttl N (the sender's
 * port is the kernel's choice: left out), or "nothing". One broadcast
 * brought every host its control datagram at once, so one quiet time,
 * from the first host's, serves all of them.
 */
static void
watch_udp(struct run *r, const int fds[HOSTS + 1])
{
	int64_t quiet_until = 0;

	for (int h = 1; h <= HOSTS; h++) {
		int64_t deadline = clock_ms() + run_ms(r, WAIT_MS);
		struct bytes d, all;
		char from[64], key[32];
		int ttl, n = 0, controlled = 0;

		if (fds[h] == -1)
			continue;
		bytes_init(&d);
		bytes_init(&all);
		while (udp_take(fds[h], (int)(deadline - clock_ms()), &d, from,
		    sizeof from, &ttl) == 0) {
			if (d.len == strlen(CONTROL) &&
			    memcmp(d.data, CONTROL, d.len) == 0) {
				controlled = 1;
				if (quiet_until == 0)
					quiet_until = clock_ms() +
					    run_ms(r, QUIET_MS);
				deadline = quiet_until;
				continue;
			}
			if (++n > MAX_SHOWN)
				continue;
			*strrchr(from, ':') = '\0';
			bytes_puts(&all, n > 1 ? "\n'" : "'");
			escape_bytes(&all, d.data, d.len, 1100);
			bytes_printf(&all, "' from %s, ttl %d", from, ttl);
		}
		snprintf(key, sizeof key, "probe.host%d", h);
		if (n > MAX_SHOWN)
			bytes_printf(&all, "\n[%d datagrams in all]", n);
		transcript_setf(r->t, key, "%s", n > 0 ? bytes_str(&all) :
		    "nothing");
		snprintf(key, sizeof key, "host%d", h);
		transcript_note_setf(r->t, key, "count", "%d", n);
		if (!controlled)
			run_inconclusive(r, "the grader's control datagram "
			    "never reached host %d", h);
		bytes_free(&d);
		bytes_free(&all);
	}
}

/*
 * Accept every connection waiting on each TCP probe fds[h] and read it to
 * its end; record them as probe.hostH: "connection N: 'BYTES'", or
 * "nothing". The announcer has ended: its connections are all queued.
 */
static void
watch_tcp(struct run *r, const int fds[HOSTS + 1])
{
	for (int h = 1; h <= HOSTS; h++) {
		struct bytes d, all;
		char key[32];
		int n = 0, c;

		if (fds[h] == -1)
			continue;
		bytes_init(&d);
		bytes_init(&all);
		while ((c = accept(fds[h], NULL, NULL)) != -1) {
			enum run_recv end;

			bytes_clear(&d);
			end = run_tcp_recv(r, c, &d, 0, WAIT_MS);
			close(c);
			bytes_printf(&all, "%sconnection %d: '", n > 0 ? "\n" :
			    "", n + 1);
			escape_bytes(&all, d.data, d.len, 1100);
			bytes_puts(&all, "'");
			if (end != RUN_RECV_CLOSED)
				bytes_puts(&all, " [not closed]");
			n++;
		}
		snprintf(key, sizeof key, "probe.host%d", h);
		transcript_setf(r->t, key, "%s", n > 0 ? bytes_str(&all) :
		    "nothing");
		snprintf(key, sizeof key, "host%d", h);
		transcript_note_setf(r->t, key, "count", "%d", n);
		bytes_free(&d);
		bytes_free(&all);
	}
}

/* A TCP listener of the grader on host, 0.0.0.0:port, non-blocking. */
static int
tcp_probe(struct run *r, int host, int port)
{
	int fd = netlab_socket(r, host, AF_INET, SOCK_STREAM);
	struct sockaddr_in a;

	if (fd == -1)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == -1 ||
	    listen(fd, 16) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		return fail(r, fd, "TCP listener");
	return fd;
}

/* ---- The student's announcer, heard by the grader ---- */

/* An announcer check's row. */
struct shout {
	const char *argv[16];	/* the announcer's arguments (<port>) */
	int port;		/* where the probes are bound; 0: the port */
	unsigned listening;	/* hosts (bit h) with a probe on the port */
	unsigned members;	/* of those, the ones that joined GROUP */
	int tcp;		/* the probes are TCP listeners */
	int short_sends;	/* its send() moves 1-7 bytes (shortio) */
	int open_files;		/* its descriptor limit, or 0 */
};


/*
 * Probes on the row's hosts; the announcer on host 1, until it ends; then
 * what each probe received, the announcer's output, and what the kernels
 * counted.
 */
static void
announcer_heard(struct run *r)
{
	const struct shout *s = r->arg;
	const struct run_extra on_host1 = { .host = 1, .open_files =
	    s->open_files, .shim = s->short_sends ? "shortio" : NULL };
	int port = s->port != 0 ? s->port : r->port;
	int fds[HOSTS + 1];
	const char *v[20];
	struct wire before, after;
	struct proc *a;

	for (int h = 0; h <= HOSTS; h++)
		fds[h] = -1;
	if (netlab_lan(r, HOSTS) == -1)
		return;
	for (int h = 1; h <= HOSTS; h++) {
		if (!(s->listening & H(h)))
			continue;
		fds[h] = s->tcp ? tcp_probe(r, h, port) : udp_probe(r, h, NULL,
		    port, s->members & H(h) ? GROUP : NULL);
		if (fds[h] == -1)
			goto out;
		run_note(r, "host %d (%s): the grader %s port %d%s", h,
		    netlab_host_ip(h), s->tcp ? "listens on TCP" :
		    "is bound to UDP", port, s->members & H(h) ?
		    ", a member of " GROUP : "");
	}
	wire_read(&before);
	a = run_start_ext(r, "announcer", "announcer", run_args(r, s->argv, v,
	    20), &on_host1);
	(void)run_wait_exit(r, a, WAIT_MS);
	run_collect(r, a);
	wire_read(&after);
	wire_record(r, &before, &after);
	if (s->tcp)
		watch_tcp(r, fds);
	else if (send_control(r, port) == 0)
		watch_udp(r, fds);
out:
	for (int h = 1; h <= HOSTS; h++)
		if (fds[h] != -1)
			close(fds[h]);
}

/*
 * The announcer's error path: it ended, and said what on stderr: the
 * strerror() of the call that failed, recorded as announcer.error.
 */
static void
announcer_fails(struct run *r)
{
	const char *said;

	announcer_heard(r);
	/* run_collect kept the announcer's stderr as a note. */
	said = transcript_str(r->t, "note.announcer.stderr");
	if (strstr(said, "Permission denied") != NULL)
		transcript_setf(r->t, "announcer.error", "says 'Permission "
		    "denied' (EACCES)");
	else if (strstr(said, "Cannot assign requested address") != NULL)
		transcript_setf(r->t, "announcer.error", "says 'Cannot assign "
		    "requested address' (EADDRNOTAVAIL)");
	else if (strstr(said, "Connection refused") != NULL)
		transcript_setf(r->t, "announcer.error", "says 'Connection "
		    "refused' (ECONNREFUSED)");
	else
		transcript_setf(r->t, "announcer.error", "%s", said[0] != '\0' ?
		    "a message naming no such error" : "nothing on stderr");
}

/* ---- The student's listener, fed by the grader ---- */

struct ear {
	const char *label;	/* its label: "listener", "member2"... */
	struct proc *p;
	int input;		/* the grader's end of its standard input */
	int lines;		/* lines a correct listener has printed */
};

/*
 * Start the listener on host with args (under shim, when not NULL), its
 * standard input a pipe, and wait for its first lines (1, or 2 with -g).
 * Returns 0, or -1 when it is not ready (then collected).
 */
static int
ear_start_ext(struct run *r, struct ear *e, int host, const char *label,
    const char *const args[], const char *shim)
{
	struct run_extra x = { .host = host, .shim = shim };
	const char *v[16];
	int joins = 0;

	e->label = label;
	e->p = NULL;
	e->lines = 1;
	for (int i = 0; args[i] != NULL; i++)
		joins |= strcmp(args[i], "-g") == 0;
	e->lines += joins;
	if ((e->input = run_input_pipe(r, label, &x.input)) == -1)
		return -1;
	e->p = run_start_ext(r, "listener", label, run_args(r, args, v, 16),
	    &x);
	if (run_wait_lines(r, e->p, e->lines, WAIT_MS) == 0)
		return 0;
	run_collect(r, e->p);
	e->p = NULL;
	return -1;
}

/* ear_start_ext without a shim. */
static int
ear_start(struct run *r, struct ear *e, int host, const char *label,
    const char *const args[])
{
	return ear_start_ext(r, e, host, label, args, NULL);
}

/* Write a line of commands to the listener's standard input, noted. */
static void
ear_say(struct run *r, struct ear *e, const char *text)
{
	struct bytes shown;

	bytes_init(&shown);
	escape_bytes(&shown, text, strlen(text), 200);
	run_note(r, "to %s's standard input: '%s'", e->label,
	    bytes_str(&shown));
	bytes_free(&shown);
	if (write(e->input, text, strlen(text)) != (ssize_t)strlen(text))
		run_note(r, "(the pipe took only part of it)");
}

/*
 * Wait, with one deadline, until each of the n listeners has printed the
 * lines a correct one has (their lines field). A reference that has not
 * is the host's failure: inconclusive.
 */
static void
ears_wait(struct run *r, struct ear *const ears[], int n)
{
	int64_t deadline = clock_ms() + run_ms(r, WAIT_MS);
	int missing;

	for (;;) {
		missing = -1;
		for (int i = 0; i < n && missing == -1; i++)
			if (ears[i]->p != NULL &&
			    run_lines_printed(ears[i]->p) < ears[i]->lines &&
			    run_running(ears[i]->p))
				missing = i;
		if (missing == -1 || clock_ms() >= deadline)
			break;
		clock_sleep_ms(5);
	}
	if (missing != -1 && r->cfg->reference)
		run_inconclusive(r, "the reference %s did not print %d lines "
		    "within %d ms", ears[missing]->label, ears[missing]->lines,
		    run_ms(r, WAIT_MS));
}

/* Wait until the listener has printed its expected lines plus more. */
static void
ear_expect(struct run *r, struct ear *e, int more)
{
	e->lines += more;
	ears_wait(r, &e, 1);
}

/*
 * The end of the n listeners' input: each must exit with status 0 (all
 * within one deadline). Their status, and everything they printed, are
 * recorded, and how many lines each had printed before: a line still in
 * stdio's buffer shows up only when the program exits.
 */
static void
ears_end(struct run *r, struct ear *const ears[], int n)
{
	int64_t deadline;
	char key[KEY_LABEL_MAX + 24];
	int lines[8];

	/* Lines still in stdio's buffer show up only when it exits. */
	for (int i = 0; i < n; i++) {
		lines[i] = ears[i]->p != NULL ? run_lines_printed(ears[i]->p) :
		    0;
		if (ears[i]->input != -1)
			close(ears[i]->input);
		ears[i]->input = -1;
	}
	deadline = clock_ms() + run_ms(r, WAIT_MS);
	for (int i = 0; i < n; i++) {
		if (ears[i]->p == NULL)
			continue;
		if (run_wait_exit_until(r, ears[i]->p, deadline) == -1 &&
		    r->cfg->reference)
			run_inconclusive(r, "the reference %s did not end within "
			    "%d ms of the end of its input", ears[i]->label,
			    run_ms(r, WAIT_MS));
		run_collect(r, ears[i]->p);
		snprintf(key, sizeof key, "%s.lines-while-running",
		    ears[i]->label);
		transcript_setf(r->t, key, "%d line(s) printed before the end "
		    "of its input", lines[i]);
		ears[i]->p = NULL;
	}
}

/*
 * The grader's sender on host 1, from 192.0.2.11:PROBE1: a fixed sender,
 * so that what the listeners print is the same in both runs.
 */
static int
sender(struct run *r)
{
	return udp_probe(r, 1, netlab_host_ip(1), r->probe_port[0], NULL);
}

static void
send_to(struct run *r, int fd, const char *ip, int port, const void *data,
    size_t len, const char *what)
{
	char to[64];

	snprintf(to, sizeof to, "%s:%d", ip, port);
	(void)run_udp_reply(r, fd, to, data, len, what);
}

/* Members on hosts 2 and 3, a listener without -g on host 4. */
static void
listener_multicast(struct run *r)
{
	const char *m2[] = { "-g", GROUP, "-i", "192.0.2.12", RUN_ARG_PORT,
	    NULL };
	const char *m3[] = { "-i", "192.0.2.13", "-g", GROUP, RUN_ARG_PORT,
	    NULL };
	const char *plain[] = { RUN_ARG_PORT, NULL };
	struct ear a = { 0 }, b = { 0 }, c = { 0 };
	int fd;

	a.input = b.input = c.input = -1;
	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &a, 2, "member2", m2) == -1 ||
	    ear_start(r, &b, 3, "member3", m3) == -1 ||
	    ear_start(r, &c, 4, "other4", plain) == -1 ||
	    (fd = sender(r)) == -1)
		goto out;
	send_to(r, fd, GROUP, r->port, "to the group", 12, NULL);
	/* Not a member: "leave" means nothing to it. */
	ear_say(r, &c, "leave\n");
	(void)send_control(r, r->port);
	close(fd);
	a.lines += 2;
	b.lines += 2;
	c.lines += 1;
	ears_wait(r, (struct ear *[]){ &a, &b, &c }, 3);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &a, &b, &c }, 3);
}

/* A member hears the group, says "leave", then hears it no more. */
static void
listener_leaves(struct run *r)
{
	const char *args[] = { "-g", GROUP, "-i", "192.0.2.12", RUN_ARG_PORT,
	    NULL };
	struct ear e = { .input = -1 };
	int fd;

	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &e, 2, "listener", args) == -1 ||
	    (fd = sender(r)) == -1)
		goto out;
	send_to(r, fd, GROUP, r->port, "before leaving", 14, NULL);
	ear_expect(r, &e, 1);
	/* "leave" first: the first line read must count as any other. */
	ear_say(r, &e, "leave\nstay\n");
	ear_expect(r, &e, 1);
	/* Printed at once, not when the next datagram's line flushes it. */
	transcript_setf(r->t, "listener.lines-after-leave", "%d",
	    run_lines_printed(e.p));
	send_to(r, fd, GROUP, r->port, "after leaving", 13, NULL);
	close(fd);
	(void)send_control(r, r->port);
	ear_expect(r, &e, 1);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &e }, 1);
}

/* A member with nothing to hear sleeps in poll(), then hears the group. */
static void
listener_sleeps(struct run *r)
{
	const char *args[] = { "-g", GROUP, "-i", "192.0.2.12", RUN_ARG_PORT,
	    NULL };
	struct ear e = { .input = -1 };
	int fd;

	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &e, 2, "listener", args) == -1)
		goto out;
	run_record_idle(r, e.p, "listener.idle");
	if ((fd = sender(r)) == -1)
		goto out;
	send_to(r, fd, GROUP, r->port, "after the wait", 14, NULL);
	close(fd);
	ear_expect(r, &e, 1);
out:
	ears_end(r, (struct ear *[]){ &e }, 1);
}

/*
 * Two listeners share PORT on host 2: a member, and one without -g, which
 * must not hear the group its neighbour joined.
 */
static void
listener_own_groups(struct run *r)
{
	const char *member[] = { "-g", GROUP, "-i", "192.0.2.12",
	    RUN_ARG_PORT, NULL };
	const char *plain[] = { RUN_ARG_PORT, NULL };
	struct ear a = { .input = -1 }, b = { .input = -1 };
	int fd;

	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &a, 2, "member", member) == -1 ||
	    ear_start(r, &b, 2, "neighbour", plain) == -1 ||
	    (fd = sender(r)) == -1)
		goto out;
	send_to(r, fd, GROUP, r->port, "for members only", 16, NULL);
	close(fd);
	(void)send_control(r, r->port);
	a.lines += 2;
	b.lines += 1;
	ears_wait(r, (struct ear *[]){ &a, &b }, 2);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &a, &b }, 2);
}

/*
 * Lines that are not "leave" (nor whole) change nothing; "leave" cut in
 * two writes still counts; a second "leave" is ignored.
 */
static void
listener_commands(struct run *r)
{
	const char *args[] = { "-g", GROUP, "-i", "192.0.2.12", RUN_ARG_PORT,
	    NULL };
	struct ear e = { .input = -1 };
	int fd;

	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &e, 2, "listener", args) == -1 ||
	    (fd = sender(r)) == -1)
		goto out;
	ear_say(r, &e, "hello\nLEAVE\nleave now\n leave\n");
	ear_say(r, &e, LONG_LINE "leave\n");
	send_to(r, fd, GROUP, r->port, "still a member", 14, NULL);
	ear_expect(r, &e, 1);
	/* The listener reads "lea" before the datagram after it. */
	ear_say(r, &e, "lea");
	send_to(r, fd, GROUP, r->port, "between the halves", 18, NULL);
	ear_expect(r, &e, 1);
	ear_say(r, &e, "ve\n");
	ear_expect(r, &e, 1);
	ear_say(r, &e, "leave\n");
	send_to(r, fd, GROUP, r->port, "not a member", 12, NULL);
	close(fd);
	(void)send_control(r, r->port);
	ear_expect(r, &e, 1);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &e }, 1);
}

/*
 * Datagrams sent to host 2 alone: every byte value, empty, 1024 and 1025
 * bytes; each printed before the next is sent.
 */
static void
listener_bytes(struct run *r)
{
	const char *args[] = { RUN_ARG_PORT, NULL };
	struct ear e = { .input = -1 };
	char all[256], big[1025];
	int fd;

	for (int i = 0; i < 256; i++)
		all[i] = (char)(255 - i);
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &e, 2, "listener", args) == -1 ||
	    (fd = sender(r)) == -1)
		goto out;
	send_to(r, fd, netlab_host_ip(2), r->port, all, sizeof all,
	    "every byte value, 255 down to 0 (256 bytes)");
	ear_expect(r, &e, 2);	/* one of the bytes is a newline */
	send_to(r, fd, netlab_host_ip(2), r->port, "", 0, "an empty datagram");
	ear_expect(r, &e, 1);
	send_to(r, fd, netlab_host_ip(2), r->port, big, 1024, "1024 letters");
	ear_expect(r, &e, 1);
	send_to(r, fd, netlab_host_ip(2), r->port, big, 1025, "1025 letters");
	ear_expect(r, &e, 1);
	close(fd);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &e }, 1);
}

/*
 * -i picks where a member hears its group: joined on the loopback, host
 * 2's listener hears nothing sent on the LAN; host 3's, joined on eth0,
 * does.
 */
static void
listener_interface(struct run *r)
{
	const char *lo[] = { "-g", GROUP, "-i", "127.0.0.1", RUN_ARG_PORT,
	    NULL };
	const char *eth0[] = { "-g", GROUP, "-i", HOST3, RUN_ARG_PORT, NULL };
	struct ear a = { .input = -1 }, b = { .input = -1 };
	int fd;

	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &a, 2, "listener2", lo) == -1 ||
	    ear_start(r, &b, 3, "listener3", eth0) == -1 ||
	    (fd = sender(r)) == -1)
		goto out;
	send_to(r, fd, GROUP, r->port, "on the LAN", 10, NULL);
	close(fd);
	(void)send_control(r, r->port);
	a.lines += 1;
	b.lines += 2;
	ears_wait(r, (struct ear *[]){ &a, &b }, 2);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &a, &b }, 2);
}

/* The last group and the last port: the limits are good. */
static void
listener_limits(struct run *r)
{
	const char *args[] = { "-g", LAST_GROUP, "-i", "192.0.2.12", "65535",
	    NULL };
	struct ear e = { .input = -1 };
	int fd;

	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start(r, &e, 2, "listener", args) == -1 ||
	    (fd = sender(r)) == -1)
		goto out;
	send_to(r, fd, LAST_GROUP, 65535, "the last group", 14, NULL);
	close(fd);
	(void)send_control(r, 65535);
	ear_expect(r, &e, 2);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &e }, 1);
}

/*
 * A TCP connection from host's address, port src, to ip:PORT, noted.
 * Returns it, or -1 (noted).
 */
static int
tcp_connect_on(struct run *r, int host, int src, const char *ip)
{
	int fd = netlab_socket(r, host, AF_INET, SOCK_STREAM), one = 1;
	struct sockaddr_in a;

	if (fd == -1)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)src);
	inet_pton(AF_INET, netlab_host_ip(host), &a.sin_addr);
	/* A port whose last connection elsewhere is in TIME_WAIT. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1 ||
	    bind(fd, (struct sockaddr *)&a, sizeof a) == -1)
		return fail(r, fd, "bind");
	a.sin_port = htons((unsigned short)r->port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) == -1) {
		run_note(r, "the grader could not connect to %s:%d: %s", ip,
		    r->port, strerror(errno));
		close(fd);
		return -1;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	run_note(r, "the grader connected from %s:%d to %s:%d",
	    netlab_host_ip(host), src, ip, r->port);
	return fd;
}

/*
 * The listener on host 2 with args must fail to start: with the grader
 * holding 0.0.0.0:PORT there through holder (-1: nothing held). Records
 * listener.status, listener.stdout and listener.message as
 * run_scenario_port_taken does.
 */
static void
fail_to_start(struct run *r, int holder, const char *const args[])
{
	struct run_extra x = { .host = 2 };
	struct sockaddr_in a;
	struct bytes err;
	const char *v[16];
	struct proc *p;
	int input;

	if (holder != -1) {
		memset(&a, 0, sizeof a);
		a.sin_family = AF_INET;
		a.sin_port = htons((unsigned short)r->port);
		if (bind(holder, (struct sockaddr *)&a, sizeof a) == -1) {
			(void)fail(r, holder, "bind");
			return;
		}
		run_note(r, "host 2: the grader holds 0.0.0.0:%d (a bound UDP "
		    "socket, without SO_REUSEADDR)", r->port);
	}
	if ((input = run_input_pipe(r, "listener", &x.input)) == -1)
		goto out;
	p = run_start_ext(r, "listener", "listener", run_args(r, args, v, 16),
	    &x);
	if (run_wait_exit(r, p, WAIT_MS) == -1)
		run_note(r, "the listener was still running after %d ms: "
		    "stopped it", run_ms(r, WAIT_MS));
	transcript_note_setf(r->t, "listener", "refusal", "%s", holder != -1 ?
	    "port taken" : "setup");
	run_collect(r, p);
	bytes_init(&err);
	(void)run_read_output(p, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, "listener.message", "%s", err.len == 0 ?
	    "nothing on stderr" : strstr(bytes_str(&err), "No such device") !=
	    NULL ? "says 'No such device' (ENODEV)" : "a message on stderr");
	bytes_free(&err);
	close(input);
out:
	if (holder != -1)
		close(holder);
}

/*
 * The TCP way, heard: the grader connects from 192.0.2.11:PROBE1 to
 * listeners on hosts 2 and 3. To host 2 it sends a message in two parts,
 * QUIET_MS apart, and closes: nothing may be printed before the close. To
 * host 3: a connection with no bytes, then 1025 bytes (1024 printed).
 */
static void
listener_tcp(struct run *r)
{
	const char *args[] = { "-t", RUN_ARG_PORT, NULL };
	struct ear a = { .input = -1 }, b = { .input = -1 };
	char big[1025], key[] = "listener2.before-close";
	int fd;

	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('A' + i % 26);
	if (netlab_lan(r, HOSTS) == -1 ||
	    ear_start_ext(r, &a, 2, "listener2", args, "shortio") == -1 ||
	    ear_start_ext(r, &b, 3, "listener3", args, "shortio") == -1)
		goto out;
	if ((fd = tcp_connect_on(r, 1, r->probe_port[0],
	    netlab_host_ip(2))) == -1)
		goto out;
	(void)run_tcp_send(r, fd, "the grader, to host 2,", "first part, ",
	    12);
	clock_sleep_ms(run_ms(r, QUIET_MS));
	transcript_setf(r->t, key, "%d line(s) printed before the close",
	    run_lines_printed(a.p));
	(void)run_tcp_send(r, fd, "then", "second part", 11);
	close(fd);
	ear_expect(r, &a, 1);
	/* The empty one first: shortio's sizes then cross 1024 unevenly. */
	if ((fd = tcp_connect_on(r, 1, r->probe_port[1],
	    netlab_host_ip(3))) == -1)
		goto out;
	run_note(r, "and closed it at once");
	close(fd);
	ear_expect(r, &b, 1);
	if ((fd = tcp_connect_on(r, 1, r->probe_port[0],
	    netlab_host_ip(3))) == -1)
		goto out;
	(void)run_tcp_send(r, fd, "the grader, to host 3,", big, sizeof big);
	close(fd);
	ear_expect(r, &b, 1);
	clock_sleep_ms(run_ms(r, QUIET_MS));
out:
	ears_end(r, (struct ear *[]){ &a, &b }, 2);
}

/* The grader holds 0.0.0.0:PORT on host 2: the listener's bind() fails. */
static void
listener_port_taken(struct run *r)
{
	const char *args[] = { RUN_ARG_PORT, NULL };
	int fd;

	if (netlab_lan(r, HOSTS) == -1 ||
	    (fd = netlab_socket(r, 2, AF_INET, SOCK_DGRAM)) == -1)
		return;
	fail_to_start(r, fd, args);
}

/* With -i an address that no interface of the host has. */
static void
listener_join_fails(struct run *r)
{
	const char *args[] = { "-g", GROUP, "-i", NO_SUCH_IFADDR, RUN_ARG_PORT,
	    NULL };

	if (netlab_lan(r, HOSTS) == -1)
		return;
	fail_to_start(r, -1, args);
}

/* ---- Diagnoses ---- */

/* Does the value of key in t contain text? */
static int
has(const struct transcript *t, const char *key, const char *text)
{
	const struct bytes *b = transcript_get(t, key);

	return b != NULL && memmem(b->data, b->len, text, strlen(text)) != NULL;
}

/* Where text starts in the value of key in t, or -1. */
static long
at(const struct transcript *t, const char *key, const char *text)
{
	const struct bytes *b = transcript_get(t, key);
	const char *p = b == NULL ? NULL : memmem(b->data, b->len, text,
	    strlen(text));

	return p == NULL ? -1 : (long)(p - b->data);
}

static void
diagnose_listener(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	struct key_info ki;
	const char *err, *status;

	transcript_key_info(d->key, &ki);
	err = transcript_fact_str(got, ki.label, KEY_STDERR);
	status = transcript_fact_str(got, ki.label, KEY_STATUS);
	if (strcmp(d->key, "listener.idle") == 0 &&
	    strncmp(bytes_str(&d->got), "busy", 4) == 0) {
		bytes_printf(why, "The listener kept a processor busy with "
		    "nothing to do (%s): wait in poll() with no timeout (-1), "
		    "which sleeps until standard input or the socket has "
		    "something; a timeout of 0 in a loop spins.",
		    bytes_str(&d->got));
		return;
	}
	/* A second listener on the host could not bind: the first fails too. */
	if ((strstr(err, "Address already in use") != NULL ||
	    has(got, "note.neighbour.stderr", "Address already in use")) &&
	    transcript_note_str(ref, ki.label, "refusal")[0] == '\0')
		bytes_puts(why, "bind() failed with 'Address already in use': "
		    "another listener on this host holds the port. Set "
		    "SO_REUSEADDR (to 1) with setsockopt() before bind(), so "
		    "that several listeners share it.");
	else if (strstr(err, "No such device") != NULL &&
	    !has(ref, "note.listener.stderr", "No such device"))
		bytes_puts(why, "IP_ADD_MEMBERSHIP failed with 'No such "
		    "device': these hosts have no route for the group, so "
		    "imr_interface must be -i's IFADDR, not INADDR_ANY.");
	else if (has(got, d->key, "after leaving") ||
	    has(got, d->key, "not a member"))
		bytes_puts(why, "The listener still heard the group after "
		    "'leave': call setsockopt(IP_DROP_MEMBERSHIP) with the "
		    "same ip_mreq as the join (group and interface).");
	else if (has(got, d->key, "for members only"))
		bytes_puts(why, "A listener without -g heard the group that "
		    "another socket of its host joined: Linux delivers a "
		    "group's datagrams to every socket bound to the port "
		    "unless IP_MULTICAST_ALL is set to 0 on the socket.");
	else if (has(ref, d->key, "\nleft ") && !has(got, d->key, "\nleft "))
		bytes_puts(why, "After the line 'leave', the listener must "
		    "print 'left GROUP': read standard input with read() "
		    "when poll() says it is ready, and run each whole line.");
	else if ((has(ref, d->key, "to the group") &&
	    !has(got, d->key, "to the group")) ||
	    (has(ref, d->key, "before leaving") &&
	    !has(got, d->key, "before leaving")))
		bytes_puts(why, "A member did not hear its group: join it "
		    "with setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP) after "
		    "binding 0.0.0.0:PORT (INADDR_ANY: a group's datagrams are "
		    "not addressed to the host's own address).");
	else if (strstr(d->key, "lines-after-leave") != NULL &&
	    !has(got, "listener.stdout", "\nleft "))
		bytes_puts(why, "After the line 'leave', the listener never "
		    "printed 'left GROUP': it did not see the line. Read "
		    "standard input with read() when poll() says it is "
		    "ready, and run each whole line, the first one too.");
	else if (strstr(d->key, "lines-after-leave") != NULL)
		bytes_puts(why, "The line 'left GROUP' came only later, with "
		    "the next datagram's line: fflush(stdout) after printing "
		    "it too.");
	else if (strstr(d->key, "lines-while-running") != NULL)
		bytes_puts(why, "The lines were all there at the end, but not "
		    "while the listener ran: stdout is a pipe here, fully "
		    "buffered; fflush(stdout) after each line.");
	else if (ki.kind == KEY_STDOUT && at(ref, d->key, "still a member") <
	    at(ref, d->key, "\nleft ") && at(got, d->key, "\nleft ") >= 0 &&
	    (at(got, d->key, "still a member") < 0 ||
	    at(got, d->key, "\nleft ") < at(got, d->key, "still a member")))
		bytes_puts(why, "A line that only starts with 'leave' made the "
		    "listener leave: compare the whole line, exactly 'leave' "
		    "(strcmp(), not strncmp()).");
	else if (ki.kind == KEY_STDOUT && has(ref, d->key, "on the LAN") !=
	    has(got, d->key, "on the LAN"))
		bytes_puts(why, "Joined with -i 127.0.0.1, the listener must "
		    "not hear the LAN (or, with -i 192.0.2.13, must): set "
		    "imr_interface to -i's IFADDR.");
	else if (ki.kind == KEY_STDOUT && transcript_get(ref, d->key) != NULL &&
	    memchr(transcript_get(ref, d->key)->data, '\0',
	    transcript_get(ref, d->key)->len) != NULL &&
	    (transcript_get(got, d->key) == NULL ||
	    memchr(transcript_get(got, d->key)->data, '\0',
	    transcript_get(got, d->key)->len) == NULL))
		bytes_puts(why, "TEXT was cut at its first zero byte (printf() "
		    "with %s stops there): fwrite(buf, 1, n, stdout) prints all "
		    "n bytes.");
	else if (strstr(d->key, "before-close") != NULL)
		bytes_puts(why, "The TCP listener printed before the "
		    "connection was closed: a byte stream has no message "
		    "boundaries, so recv() until it returns 0, then print.");
	else if (ki.kind == KEY_STATUS && strcmp(status, "still running") ==
	    0 && transcript_note_str(ref, ki.label, "refusal")[0] == '\0')
		bytes_puts(why, "At the end of its standard input (read() "
		    "returns 0) the listener must close its socket and exit "
		    "with status 0.");
	else if (diagnose_refusal(ref, got, d, why))
		return;
	else
		diagnose_common(ref, got, d, why);
}

/* The TTL a probe's first datagram came with in t's key, or -1. */
static int
ttl_in(const struct transcript *t, const char *key)
{
	const char *s = strstr(transcript_str(t, key), ", ttl ");

	return s == NULL ? -1 : atoi(s + 6);
}

/* How many lines key holds in t. */
static int
count_lines(const struct transcript *t, const char *key)
{
	const struct bytes *b = transcript_get(t, key);
	int n = 0;

	for (size_t i = 0; b != NULL && i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

/* The N of the announcer's first line, "sent N bytes to ...", or -1. */
static long
sent_bytes(const struct transcript *t)
{
	const char *out = transcript_str(t, "announcer.stdout");

	return strncmp(out, "sent ", 5) == 0 ? atol(out + 5) : -1;
}

static void
diagnose_announcer(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *err = transcript_str(got, "note.announcer.stderr");
	const char *cmd = transcript_str(got, "note.announcer.command");
	int ref_ttl = ttl_in(ref, d->key), got_ttl = ttl_in(got, d->key);
	int loop = strstr(cmd, "-L") != NULL;

	if (strcmp(d->key, "probe.host1") == 0 && !loop &&
	    strcmp(transcript_str(ref, d->key), "nothing") == 0)
		bytes_puts(why, "A member on the announcer's own host got a "
		    "copy although -L was not given: set IP_MULTICAST_LOOP "
		    "to 0 unless -L (the kernel's default is 1).");
	else if (strcmp(d->key, "probe.host1") == 0 && loop)
		bytes_puts(why, "With -L, a member on the announcer's own "
		    "host must get a copy: set IP_MULTICAST_LOOP to 1.");
	else if (ref_ttl >= 0 && got_ttl >= 0 && ref_ttl != got_ttl)
		bytes_printf(why, "The datagram arrived with TTL %d, not %d: "
		    "set IP_MULTICAST_TTL to -T's TTL (1 without -T), as an "
		    "unsigned char or an int.", got_ttl, ref_ttl);
	else if (strstr(d->key, "probe.host") != NULL &&
	    strstr(cmd, "-i 127.0.0.1") != NULL &&
	    strcmp(transcript_str(ref, d->key), "nothing") == 0)
		bytes_puts(why, "With -i 127.0.0.1 the datagram must leave "
		    "through the loopback, yet a host of the LAN got it: set "
		    "IP_MULTICAST_IF to -i's IFADDR (a struct in_addr).");
	else if (strcmp(d->key, "announcer.status") == 0 &&
	    strstr(cmd, NO_SUCH_IFADDR) != NULL)
		bytes_puts(why, "No interface has the address " NO_SUCH_IFADDR
		    ", so setsockopt(IP_MULTICAST_IF) fails: check its return "
		    "value, perror(), close, return 1.");
	else if (strstr(err, "Permission denied") != NULL &&
	    strstr(cmd, "-b") != NULL)
		bytes_puts(why, "sendto() to the broadcast address failed "
		    "with EACCES: with -b, set SO_BROADCAST to 1 first.");
	else if (strcmp(d->key, "announcer.error") == 0 &&
	    has(ref, d->key, "Permission denied"))
		bytes_puts(why, "Without -b the kernel must refuse the "
		    "broadcast (EACCES, 'Permission denied'): set "
		    "SO_BROADCAST only with -b.");
	else if (strcmp(d->key, "announcer.status") == 0 &&
	    has(ref, "announcer.error", "Permission denied"))
		bytes_puts(why, "Without -b the kernel must refuse the "
		    "broadcast (EACCES, 'Permission denied'), and the announcer "
		    "exit with status 1: set SO_BROADCAST only with -b.");
	else if (strcmp(d->key, "announcer.stdout") == 0 &&
	    strstr(cmd, "-t ") != NULL && count_lines(got, d->key) <
	    count_lines(ref, d->key))
		bytes_puts(why, "Fewer listeners got their copy: the TCP way "
		    "opens one connection per ADDRESS, in order, even after "
		    "one was refused (perror(), close, continue).");
	else if (strcmp(d->key, "announcer.stdout") == 0 &&
	    sent_bytes(got) == sent_bytes(ref) + 1)
		bytes_puts(why, "One byte too many: the '\\0' after MESSAGE was "
		    "sent too. Send strlen(MESSAGE) bytes: a datagram carries "
		    "its own length.");
	else if (strcmp(d->key, "announcer.datagrams-sent") == 0)
		bytes_printf(why, "%s, where the reference sent %s: one "
		    "sendto() of one datagram, whatever the number of "
		    "listeners; the network makes the copies.",
		    transcript_str(got, d->key), transcript_str(ref, d->key));
	else if (strcmp(d->key, "announcer.connections") == 0)
		bytes_printf(why, "%s; the reference: %s. The TCP way opens "
		    "one connection per ADDRESS, in order, even after one "
		    "was refused.", transcript_str(got, d->key),
		    transcript_str(ref, d->key));
	else if (strstr(d->key, "probe.host") != NULL &&
	    has(got, d->key, "[not closed]"))
		bytes_puts(why, "A connection was not closed: close() each "
		    "one after sending; the listener reads until the end.");
	else
		diagnose_common(ref, got, d, why);
}

/* ---- The checks ---- */

#define IF1 "-i", "192.0.2.11"
#define EVERY_HOST (H(1) | H(2) | H(3) | H(4))
#define OTHERS (H(2) | H(3) | H(4))
/* Every byte value but 0 (which no argument can hold), 1 to 255. */
#define ALL_BYTES "\x01" "\x02" "\x03" "\x04" "\x05" "\x06" "\x07" "\x08" \
    "\x09" "\x0a" "\x0b" "\x0c" "\x0d" "\x0e" "\x0f" "\x10" "\x11" "\x12" \
    "\x13" "\x14" "\x15" "\x16" "\x17" "\x18" "\x19" "\x1a" "\x1b" "\x1c" \
    "\x1d" "\x1e" "\x1f" "\x20" "\x21" "\x22" "\x23" "\x24" "\x25" "\x26" \
    "\x27" "\x28" "\x29" "\x2a" "\x2b" "\x2c" "\x2d" "\x2e" "\x2f" "\x30" \
    "\x31" "\x32" "\x33" "\x34" "\x35" "\x36" "\x37" "\x38" "\x39" "\x3a" \
    "\x3b" "\x3c" "\x3d" "\x3e" "\x3f" "\x40" "\x41" "\x42" "\x43" "\x44" \
    "\x45" "\x46" "\x47" "\x48" "\x49" "\x4a" "\x4b" "\x4c" "\x4d" "\x4e" \
    "\x4f" "\x50" "\x51" "\x52" "\x53" "\x54" "\x55" "\x56" "\x57" "\x58" \
    "\x59" "\x5a" "\x5b" "\x5c" "\x5d" "\x5e" "\x5f" "\x60" "\x61" "\x62" \
    "\x63" "\x64" "\x65" "\x66" "\x67" "\x68" "\x69" "\x6a" "\x6b" "\x6c" \
    "\x6d" "\x6e" "\x6f" "\x70" "\x71" "\x72" "\x73" "\x74" "\x75" "\x76" \
    "\x77" "\x78" "\x79" "\x7a" "\x7b" "\x7c" "\x7d" "\x7e" "\x7f" "\x80" \
    "\x81" "\x82" "\x83" "\x84" "\x85" "\x86" "\x87" "\x88" "\x89" "\x8a" \
    "\x8b" "\x8c" "\x8d" "\x8e" "\x8f" "\x90" "\x91" "\x92" "\x93" "\x94" \
    "\x95" "\x96" "\x97" "\x98" "\x99" "\x9a" "\x9b" "\x9c" "\x9d" "\x9e" \
    "\x9f" "\xa0" "\xa1" "\xa2" "\xa3" "\xa4" "\xa5" "\xa6" "\xa7" "\xa8" \
    "\xa9" "\xaa" "\xab" "\xac" "\xad" "\xae" "\xaf" "\xb0" "\xb1" "\xb2" \
    "\xb3" "\xb4" "\xb5" "\xb6" "\xb7" "\xb8" "\xb9" "\xba" "\xbb" "\xbc" \
    "\xbd" "\xbe" "\xbf" "\xc0" "\xc1" "\xc2" "\xc3" "\xc4" "\xc5" "\xc6" \
    "\xc7" "\xc8" "\xc9" "\xca" "\xcb" "\xcc" "\xcd" "\xce" "\xcf" "\xd0" \
    "\xd1" "\xd2" "\xd3" "\xd4" "\xd5" "\xd6" "\xd7" "\xd8" "\xd9" "\xda" \
    "\xdb" "\xdc" "\xdd" "\xde" "\xdf" "\xe0" "\xe1" "\xe2" "\xe3" "\xe4" \
    "\xe5" "\xe6" "\xe7" "\xe8" "\xe9" "\xea" "\xeb" "\xec" "\xed" "\xee" \
    "\xef" "\xf0" "\xf1" "\xf2" "\xf3" "\xf4" "\xf5" "\xf6" "\xf7" "\xf8" \
    "\xf9" "\xfa" "\xfb" "\xfc" "\xfd" "\xfe" "\xff"
#define M100 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
#define M1000 M100 M100 M100 M100 M100 M100 M100 M100 M100 M100
#define M1001 M1000 "!"
/*
 * 998 bytes: with shortio's fixed sizes, both connections of
 * announcer-tcp-short-sends pass through 1 byte left, where a send loop
 * that stops early shows.
 */
#define M998 M100 M100 M100 M100 M100 M100 M100 M100 M100 \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST"
#define HIGH_BYTES "caf\xc3\xa9 \xe9t\xe9\nnew line \xff\x80\x7f\x01 end"

static const char *const programs[] = { "listener", "announcer", NULL };

static const struct check checks[] = {
	{
		.name = "listener-multicast",
		.title = "members on hosts 2 and 3 hear one datagram to the "
		    "group; host 4, no member, hears only the broadcast",
		.hint = "Bind 0.0.0.0:PORT with SO_REUSEADDR, then "
		    "IP_ADD_MEMBERSHIP with an ip_mreq of GROUP and IFADDR; "
		    "print each datagram as 'from IP:PORT: TEXT' and "
		    "fflush(stdout).",
		.scenario = listener_multicast, .diagnose = diagnose_listener,
		.rules = "L1 L2 L3 L4a L5",
	}, {
		.name = "listener-sleeps",
		.title = "a member with nothing to hear sleeps in poll() (busy "
		    "less than 100 ms in 500 ms), then hears the group",
		.hint = "poll(fds, 2, -1): wait without a timeout; a timeout of "
		    "0 in a loop spins.",
		.scenario = listener_sleeps, .diagnose = diagnose_listener,
		.rules = "L3b",
	}, {
		.name = "listener-leaves",
		.title = "after the line 'leave', prints 'left GROUP' and "
		    "hears the group no more",
		.hint = "On the line 'leave': setsockopt(IP_DROP_MEMBERSHIP) "
		    "with the ip_mreq of the join, then print 'left GROUP'.",
		.scenario = listener_leaves, .diagnose = diagnose_listener,
		.rules = "L4 L5",
	}, {
		.name = "listener-own-groups",
		.title = "two listeners share PORT on one host; the one "
		    "without -g does not hear its neighbour's group",
		.hint = "SO_REUSEADDR before bind(); IP_MULTICAST_ALL set to "
		    "0, so that a socket hears only the groups it joined.",
		.scenario = listener_own_groups, .diagnose = diagnose_listener,
		.rules = "L1 L2a",
	}, {
		.name = "listener-commands",
		.title = "ignores lines other than 'leave', a 'leave' in two "
		    "writes counts, a second one is ignored",
		.hint = "Read standard input with read() into a line buffer "
		    "and run each whole line: exactly 'leave', and only while "
		    "a member.",
		.scenario = listener_commands, .diagnose = diagnose_listener,
		.rules = "L4 L4a",
	}, {
		.name = "listener-bytes",
		.title = "every byte value, an empty datagram, 1024 bytes "
		    "whole and 1025 cut to 1024",
		.hint = "recvfrom() into BUFFER_SIZE (1024) bytes and "
		    "fwrite() exactly the n it returned.",
		.scenario = listener_bytes, .diagnose = diagnose_listener,
		.rules = "L3 L3a",
	}, {
		.name = "listener-limits",
		.title = "group 239.255.255.255 and port 65535, the last "
		    "ones, are good",
		.hint = "A group is 224.0.0.0 to 239.255.255.255 and a port "
		    "1 to 65535, both ends included: keep parse_arguments().",
		.scenario = listener_limits, .diagnose = diagnose_listener,
		.rules = "L2 A1 A3",
	}, {
		.name = "listener-tcp",
		.title = "-t: each connection's bytes, printed once it is "
		    "closed; 1024 bytes kept; an empty one",
		.hint = "accept(), then recv() until it returns 0 (the "
		    "announcer closed), keeping at most 1024 bytes; print, "
		    "close, accept the next.",
		.scenario = listener_tcp, .diagnose = diagnose_listener,
		.rules = "L6 L3",
	}, {
		.name = "listener-interface",
		.title = "-i 127.0.0.1 joins on the loopback: that member "
		    "hears nothing from the LAN; one on 192.0.2.13 does",
		.hint = "The ip_mreq's imr_interface is -i's IFADDR (or "
		    "INADDR_ANY without -i): the interface where the group "
		    "is heard.",
		.scenario = listener_interface, .diagnose = diagnose_listener,
		.rules = "L2",
	}, {
		.name = "listener-port-taken",
		.title = "the grader holds 0.0.0.0:PORT without SO_REUSEADDR: "
		    "bind() fails, exit status 1",
		.hint = "if (bind(...) == -1) { perror(\"listener: bind\"); "
		    "close(s); return 1; }",
		.scenario = listener_port_taken, .diagnose = diagnose_listener,
		.rules = "L7",
	}, {
		.name = "listener-join-fails",
		.title = "-i " NO_SUCH_IFADDR ", an address no interface "
		    "has: IP_ADD_MEMBERSHIP fails, exit status 1",
		.hint = "Check setsockopt()'s return value: on -1, perror() "
		    "and return 1 (here: 'No such device').",
		.scenario = listener_join_fails, .diagnose = diagnose_listener,
		.rules = "L2 L7",
	}, {
		.name = "listener-port-1",
		.title = "PORT 1 is good: it binds and ends with its input "
		    "(status 0), or the kernel refuses (1); never 2",
		.hint = "Ports run from 1 to 65535, both ends good: number < "
		    "1 || number > 65535 is the test.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "listener", {
		    { "1" } } },
		.rules = "A1 L5",
	}, {
		.name = "listener-bad-arguments",
		.title = "ports 0, 65536, abc, 5x, no PORT after -g, an extra "
		    "argument, -x, no arguments: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "listener", {
		    { "0" }, { "65536" }, { "abc" }, { "5x" },
		    { "-g", GROUP }, { RUN_ARG_PORT, "extra" },
		    { "-x", RUN_ARG_PORT }, { NO_ARGUMENTS } } },
		.rules = "A1 A4",
	}, {
		.name = "listener-bad-groups",
		.title = "groups 223.255.255.255, 240.0.0.0, 192.0.2.1, xyz; "
		    "-i without -g; -t with -g; a lone -g: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "listener", {
		    { "-g", "223.255.255.255", RUN_ARG_PORT },
		    { "-g", "240.0.0.0", RUN_ARG_PORT },
		    { "-g", "192.0.2.1", RUN_ARG_PORT },
		    { "-g", "xyz", RUN_ARG_PORT },
		    { "-i", HOST2, RUN_ARG_PORT },
		    { "-g", GROUP, "-i", "192.0.2.256", RUN_ARG_PORT },
		    { "-t", "-g", GROUP, RUN_ARG_PORT }, { "-g" } } },
		.rules = "A2 A3 A4",
	}, {
		.name = "announcer-multicast",
		.title = "one datagram to the group: each member on another "
		    "host gets one copy, TTL 1; no one else",
		.hint = "One socket, IP_MULTICAST_TTL 1, IP_MULTICAST_LOOP 0, "
		    "IP_MULTICAST_IF from -i, one sendto() to GROUP:PORT.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { RUN_ARG_PORT,
		    "hello, members", GROUP }, .listening = EVERY_HOST,
		    .members = H(1) | H(2) | H(3) },
		.rules = "N1 N3 N4",
	}, {
		.name = "announcer-interface",
		.title = "-i 127.0.0.1: the datagram goes out of the loopback, "
		    "and no other host gets it",
		.hint = "setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &ifaddr, "
		    "sizeof ifaddr) with -i's address (a struct in_addr).",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-i", "127.0.0.1",
		    RUN_ARG_PORT, "out of lo", GROUP }, .listening = EVERY_HOST,
		    .members = EVERY_HOST },
		.rules = "N5",
	}, {
		.name = "announcer-loop",
		.title = "-L: a member on the announcer's own host gets a copy "
		    "too",
		.hint = "With -L, IP_MULTICAST_LOOP is 1 (0 without).",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-L", IF1,
		    RUN_ARG_PORT, "loop", GROUP }, .listening = EVERY_HOST,
		    .members = H(1) | H(2) },
		.rules = "N4",
	}, {
		.name = "announcer-ttl",
		.title = "-T 7: the members' copies carry TTL 7",
		.hint = "setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, "
		    "sizeof ttl) with -T's TTL.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-T", "7", IF1,
		    RUN_ARG_PORT, "seven hops", GROUP }, .listening = H(2) |
		    H(3), .members = H(2) | H(3) },
		.rules = "N3",
	}, {
		.name = "announcer-ttl-255",
		.title = "-T 255 and port 65535, the last ones, are good",
		.hint = "TTL runs from 0 to 255 and a port from 1 to 65535: "
		    "keep parse_arguments(); 255 fits an unsigned char.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { IF1, "-T", "255",
		    "65535", "far", GROUP }, .port = 65535,
		    .listening = H(2), .members = H(2) },
		.rules = "N3 A1 A5",
	}, {
		.name = "announcer-ttl-0",
		.title = "-T 0 -L: only the announcer's own host gets it; "
		    "nothing leaves host 1",
		.hint = "TTL 0 is good: set IP_MULTICAST_TTL to 0; the kernel "
		    "then keeps the datagram on this host.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-T", "0", "-L", IF1,
		    RUN_ARG_PORT, "stay home", GROUP }, .listening = H(1) |
		    H(2) | H(3), .members = H(1) | H(2) | H(3) },
		.rules = "N3 N4 A5",
	}, {
		.name = "announcer-port-1",
		.title = "to port 1 of 192.0.2.12, the first port: host 2 gets "
		    "it",
		.hint = "A port is a number from 1 to 65535, both ends "
		    "included: keep parse_arguments().",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "1", "port one", HOST2 },
		    .port = 1, .listening = H(2) },
		.rules = "N1 A1",
	}, {
		.name = "announcer-broadcast",
		.title = "-b to 192.0.2.255: every host gets one copy",
		.hint = "With -b, setsockopt(s, SOL_SOCKET, SO_BROADCAST, "
		    "&one, sizeof one) before sendto().",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-b", RUN_ARG_PORT,
		    "to every host", NETLAB_BROADCAST },
		    .listening = EVERY_HOST },
		.rules = "N1 N2",
	}, {
		.name = "announcer-broadcast-refused",
		.title = "without -b, a send to 192.0.2.255 fails: 'Permission "
		    "denied', status 1, nothing sent",
		.hint = "Set SO_BROADCAST only with -b; check sendto(): on -1, "
		    "perror(\"announcer: sendto\"), close, return 1.",
		.scenario = announcer_fails, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { RUN_ARG_PORT,
		    "not allowed", NETLAB_BROADCAST }, .listening = OTHERS },
		.rules = "N2 N7",
	}, {
		.name = "announcer-unicast",
		.title = "to 192.0.2.13: host 3 alone gets it",
		.hint = "sendto() the ADDRESS parse_arguments() read, with "
		    "htons(port).",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { RUN_ARG_PORT,
		    "just you", HOST3 }, .listening = OTHERS },
		.rules = "N1",
	}, {
		.name = "announcer-bad-interface",
		.title = "-i " NO_SUCH_IFADDR ", an address no interface has: "
		    "IP_MULTICAST_IF fails, status 1, nothing sent",
		.hint = "Check setsockopt()'s return value: on -1, perror("
		    "\"announcer: setsockopt\"), close, return 1.",
		.scenario = announcer_fails, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-i", NO_SUCH_IFADDR,
		    RUN_ARG_PORT, "no such interface", GROUP },
		    .listening = H(2), .members = H(2) },
		.rules = "N5 N7",
	}, {
		.name = "announcer-bytes",
		.title = "a MESSAGE of 1000 bytes of every value but 0 reaches "
		    "the members whole",
		.hint = "Send strlen(MESSAGE) bytes, as they are, in one "
		    "datagram.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { IF1, RUN_ARG_PORT,
		    ALL_BYTES M100 M100 M100 M100 M100 M100 M100 HIGH_BYTES
		    "123456789012345678", GROUP },
		    .listening = H(2), .members = H(2) },
		.rules = "N1 A6",
	}, {
		.name = "announcer-empty",
		.title = "an empty MESSAGE is one empty datagram: 'sent 0 "
		    "bytes'",
		.hint = "sendto() of 0 bytes sends a datagram with no data: "
		    "nothing special to do.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { IF1, RUN_ARG_PORT, "",
		    GROUP }, .listening = H(2) | H(3), .members = H(2) },
		.rules = "N1",
	}, {
		.name = "announcer-tcp",
		.title = "-t to hosts 2, 3 and 4: three connections, one copy "
		    "each",
		.hint = "For each ADDRESS: socket(), connect(), send all of "
		    "MESSAGE, close(), print the line.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-t", RUN_ARG_PORT,
		    "one copy each", HOST2, HOST3, HOST4 }, .tcp = 1,
		    .listening = OTHERS },
		.rules = "N6",
	}, {
		.name = "announcer-tcp-short-sends",
		.title = "-t with 998 bytes to hosts 2 and 3, each send() "
		    "moving 1 to 7 bytes: every byte arrives",
		.hint = "send() may send less than asked: the given send_all() "
		    "loops until every byte is gone; call it, not send().",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-t", RUN_ARG_PORT,
		    M998, HOST2, HOST3 }, .tcp = 1, .short_sends = 1,
		    .listening = H(2) | H(3) },
		.rules = "N6",
	}, {
		.name = "announcer-tcp-refused",
		.title = "-t: host 3 refuses; hosts 2 and 4 still get theirs, "
		    "then status 1 (with one descriptor for sockets)",
		.hint = "On a failed connect(): perror(\"announcer: connect\"), "
		    "close that socket (the next one needs its descriptor), go "
		    "on; return 1 at the end.",
		.scenario = announcer_fails, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-t", RUN_ARG_PORT,
		    "if you are there", HOST2, HOST3, HOST4 }, .tcp = 1,
		    .listening = H(2) | H(4), .open_files = 4 },
		.rules = "N6 N6a",
	}, {
		.name = "announcer-tcp-eight",
		.title = "-t with 8 ADDRESSes, the most: 8 connections to "
		    "host 2, an empty MESSAGE, one descriptor for sockets",
		.hint = "Up to MAX_ADDRESSES (8) listeners: keep "
		    "parse_arguments(); an empty MESSAGE still opens and "
		    "closes a connection.",
		.scenario = announcer_heard, .diagnose = diagnose_announcer,
		.arg = &(const struct shout){ .argv = { "-t", RUN_ARG_PORT, "",
		    HOST2, HOST2, HOST2, HOST2, HOST2, HOST2, HOST2, HOST2 },
		    .tcp = 1, .listening = H(2), .open_files = 4 },
		.rules = "N6 A7",
	}, {
		.name = "announcer-bad-arguments",
		.title = "ports 0, 65536, abc; no ADDRESS; two without -t; "
		    "address xyz; a MESSAGE of 1001 bytes: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "announcer", {
		    { "0", "m", GROUP }, { "65536", "m", GROUP },
		    { "abc", "m", GROUP }, { RUN_ARG_PORT, "m" },
		    { RUN_ARG_PORT, "m", HOST2, HOST3 },
		    { RUN_ARG_PORT, "m", "xyz" },
		    { RUN_ARG_PORT, M1001, GROUP },
		    { "-x", RUN_ARG_PORT, "m", GROUP } } },
		.rules = "A1 A2 A4 A6",
	}, {
		.name = "announcer-bad-numbers",
		.title = "port 5x, TTL 5x, an empty TTL or PORT, -t without "
		    "ADDRESS, no arguments at all: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "announcer", {
		    { "5x", "m", GROUP },
		    { "-T", "5x", RUN_ARG_PORT, "m", GROUP },
		    { "-T", "", RUN_ARG_PORT, "m", GROUP },
		    { "", "m", GROUP },
		    { "-t", RUN_ARG_PORT, "m" },
		    { NO_ARGUMENTS } } },
		.rules = "A1 A4 A5 A7",
	}, {
		.name = "announcer-bad-options",
		.title = "-T 256, -T -1, -T abc, a lone -T, -i xyz, -t with -b "
		    "or -T, -t with 9 ADDRESSes: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "announcer", {
		    { "-T", "256", RUN_ARG_PORT, "m", GROUP },
		    { "-T", "-1", RUN_ARG_PORT, "m", GROUP },
		    { "-T", "abc", RUN_ARG_PORT, "m", GROUP },
		    { "-T" }, { "-i", "xyz", RUN_ARG_PORT, "m", GROUP },
		    { "-t", "-b", RUN_ARG_PORT, "m", HOST2 },
		    { "-t", "-T", "2", RUN_ARG_PORT, "m", HOST2 },
		    { "-t", RUN_ARG_PORT, "m", HOST2, HOST2, HOST2, HOST2,
		      HOST2, HOST2, HOST2, HOST2, HOST2 } } },
		.rules = "A2 A4 A5 A7",
	},
};

static const struct lesson lesson_10 = {
	.dir = "10-one-to-many",
	.title = "One to many: broadcast and multicast, against TCP's N "
	    "connections",
	.programs = programs,
	.shim = "shortio",	/* the TCP way, with send() and recv() cut short */
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
	.needs_netns = 1,
	.checks_per_job = 20,	/* they mostly wait: listeners waiting on the LAN */
};

LESSON_REGISTER(lesson_10)

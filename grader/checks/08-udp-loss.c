/*
 * 08-udp-loss: checks for the lesson "fire and forget": a sender that
 * sends COUNT numbered records of RECORD_SIZE bytes (UDP datagrams, or one
 * TCP connection with -t) and an end record "end COUNT", and a receiver
 * that counts what arrived: received, lost, duplicated, out of order,
 * ignored, and the gaps.
 *
 * Every loss is the kernel's: an nftables rule on the input hook drops
 * every 10th packet, or a seeded 30 % pattern, of the receiver's port
 * (netlab.h); a paused receiver with a small SO_RCVBUF overflows. The
 * receiver's counts are compared with the reference's run and with the
 * kernel's own count of the same run (nft's counter, Udp RcvbufErrors),
 * which the report shows as notes beside them. Nothing is timed but the
 * sender's pacing, and only from below (no send before its time).
 *
 * Where the grader plays the sender, it sends records in the contract's
 * format from a probe, then "end COUNT" until the receiver has ended;
 * where it plays the receiver, a probe (UDP, or a TCP listener) records
 * every byte the sender sent and compares it with the contract's stream.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "netlab.h"

/* The contract: sender.c's and receiver.c's constants. */
#define RECORD_SIZE 64
#define END_COPIES 3
#define DEFAULT_COUNT 100
#define MAX_COUNT 10000
/* The seeded loss: 30 % of the receiver's packets, from this seed. */
#define LOSS_PERCENT 30
#define LOSS_SEED 2
/* How long a receiver has to end after its sender did (unscaled). */
#define END_WAIT_MS 2000
/* How long a sender may take, at most, in the checks (unscaled). */
#define SENDER_WAIT_MS 10000
/* What a busy machine may add to the sender's pauses, in all. */
#define PACE_SLACK_MS 500
/* Another loopback address (a namespace has all of 127/8). */
#define OTHER_IP "127.0.0.2"

/* Fill rec (RECORD_SIZE bytes) with "TEXT ....\n", as sender.c does. */
static void
make_record(char *rec, const char *text)
{
	size_t len = strlen(text);

	memset(rec, '.', RECORD_SIZE - 1);
	memcpy(rec, text, len);
	rec[len] = ' ';
	rec[RECORD_SIZE - 1] = '\n';
}

/* ---- The grader as the sender ---- */

/* One record the grader sends: padded "TEXT ....\n", or raw bytes. */
struct rec {
	const char *text;
	int raw;		/* send text's bytes as they are, unpadded */
};

/* A receiver check where the grader is the sender. */
struct probe_case {
	int tcp;		/* receiver -t; the records on one connection */
	struct rec recs[32];	/* sent in order; the first NULL text ends */
	long count;		/* then "end COUNT" (-1: nothing, and with
				   TCP the connection is closed) */
	const char *partial;	/* TCP: then these bytes, and close */
};

/*
 * Send "end count" from the UDP probe fd to to ("IP:PORT") until rcv has
 * ended, for at most
 * END_WAIT_MS: a receiver that missed the sender's end records (lost, or
 * dropped by a full buffer) still ends. Returns how many were sent.
 */
static int
send_end_until_ended(struct run *r, int fd, const char *to, struct proc *rcv,
    long count)
{
	int64_t deadline = clock_ms() + run_ms(r, END_WAIT_MS);
	char rec[RECORD_SIZE], text[32];
	int sent = 0;

	snprintf(text, sizeof text, "end %ld", count);
	make_record(rec, text);
	while (run_running(rcv) && clock_ms() < deadline) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		if (run_udp_reply(r, fd, to, rec, sizeof rec, RUN_QUIET) == 0)
			sent++;
		/* A pause, not run_wait_exit(): not ending yet is no fault. */
		for (int i = 0; i < 4 && run_running(rcv); i++)
			(void)nanosleep(&ts, NULL);
	}
	if (sent > 0)
		run_note(r, "sent '%s ...' %d time%s, until the receiver ended",
		    text, sent, sent == 1 ? "" : "s");
	return sent;
}

/* "127.0.0.1:PORT", the receiver's default place (static storage). */
static const char *
to_port(const struct run *r)
{
	static char to[32];

	snprintf(to, sizeof to, "127.0.0.1:%d", r->port);
	return to;
}

/* Wait up to ms for p to end; its not ending is no fault of anyone's. */
static void
wait_quietly(struct proc *p, int ms)
{
	int64_t deadline = clock_ms() + ms;
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	while (run_running(p) && clock_ms() < deadline)
		(void)nanosleep(&ts, NULL);
}

/*
 * A UDP receiver still running: send it "end count" from a probe of the
 * grader's (send_end_until_ended).
 */
static void
end_receiver(struct run *r, struct proc *rcv, long count)
{
	int fd;

	if (!run_running(rcv) ||
	    (fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		return;
	(void)send_end_until_ended(r, fd, to_port(r), rcv, count);
	close(fd);
}

/* Start the receiver with args and wait until it is bound (or listens). */
static struct proc *
start_receiver(struct run *r, const char *const args[], int tcp,
    const struct run_extra *x)
{
	static const struct run_extra none;
	struct proc *rcv = run_start_ext(r, "receiver", "receiver", args,
	    x != NULL ? x : &none);

	if (rcv == NULL)
		return NULL;
	if (run_wait_bound(r, rcv, "receiver", tcp ? SOCK_STREAM : SOCK_DGRAM,
	    r->port) == -1) {
		run_collect(r, rcv);
		return NULL;
	}
	return rcv;
}

/* Append rec's bytes to out as the wire carries them. */
static void
rec_bytes(const struct rec *rec, struct bytes *out)
{
	char buf[RECORD_SIZE];

	if (rec->raw) {
		bytes_append(out, rec->text, strlen(rec->text));
		return;
	}
	make_record(buf, rec->text);
	bytes_append(out, buf, sizeof buf);
}

/*
 * The receiver (with -t when c->tcp) gets the row's records from the
 * grader, then "end COUNT" (or, over TCP, the end of the connection), and
 * must print the report the reference prints.
 */
static void
receiver_from_probe(struct run *r)
{
	const struct probe_case *c = r->arg;
	const char *args[] = { "-t", NULL };
	struct proc *rcv = start_receiver(r, c->tcp ? args : NULL, c->tcp,
	    NULL);
	struct bytes all, shown;
	int fd, n = 0;

	if (rcv == NULL)
		return;
	fd = c->tcp ? run_tcp_connect(r, r->port, 1000, "probe.connect") :
	    run_udp_probe(r, "127.0.0.1", r->probe_port[0]);
	if (fd == -1) {
		run_collect(r, rcv);
		return;
	}
	bytes_init(&all);
	bytes_init(&shown);
	for (; n < 32 && c->recs[n].text != NULL; n++) {
		struct bytes one;

		bytes_init(&one);
		rec_bytes(&c->recs[n], &one);
		if (c->tcp)
			bytes_append(&all, one.data, one.len);
		else
			(void)run_udp_send(r, fd, r->port, one.data, one.len,
			    RUN_QUIET);
		bytes_puts(&shown, n > 0 ? ", '" : "'");
		escape_bytes(&shown, c->recs[n].text, strlen(c->recs[n].text),
		    40);
		bytes_puts(&shown, c->recs[n].raw ? "' (raw)" : " ...'");
		bytes_free(&one);
	}
	if (n > 0)
		run_note(r, "sent %d record%s%s: %s", n, n == 1 ? "" : "s",
		    c->tcp ? " on one connection" : ", a datagram each",
		    bytes_str(&shown));
	if (c->tcp) {
		char rec[RECORD_SIZE], text[32];

		if (c->count >= 0) {
			snprintf(text, sizeof text, "end %ld", c->count);
			make_record(rec, text);
			bytes_append(&all, rec, sizeof rec);
			run_note(r, "then '%s ...'", text);
		}
		if (c->partial != NULL) {
			bytes_puts(&all, c->partial);
			run_note(r, "then '%s' (%zu bytes: part of a record)",
			    c->partial, strlen(c->partial));
		}
		(void)run_tcp_send(r, fd, NULL, all.data, all.len);
		if (c->count < 0)
			run_note(r, "then closed the connection");
		close(fd);
		(void)run_wait_exit(r, rcv, END_WAIT_MS);
	} else {
		(void)send_end_until_ended(r, fd, to_port(r), rcv, c->count);
		close(fd);
	}
	bytes_free(&all);
	bytes_free(&shown);
	run_collect(r, rcv);
}

/* ---- The kernel's counts, beside the student's ---- */

/* The number after "WORD " on the line of report that starts so, or -1. */
static long
report_number(const struct bytes *report, const char *word)
{
	const char *s = bytes_str(report);
	size_t len = strlen(word);

	while (s != NULL && *s != '\0') {
		if (strncmp(s, word, len) == 0 && s[len] == ' ')
			return strtol(s + len + 1, NULL, 10);
		s = strchr(s, '\n');
		if (s != NULL)
			s++;
	}
	return -1;
}

/*
 * Record receiver.agrees: does the report's lost line say what the kernel
 * counted (kernel, in words: what)? note.kernel.lost holds the kernel's
 * number, note.receiver.lost the report's.
 */
static void
record_agreement(struct run *r, struct proc *rcv, int64_t kernel,
    const char *what)
{
	struct bytes out;
	long lost;

	bytes_init(&out);
	(void)run_read_output(rcv, RUN_STDOUT, &out, 1 << 20);
	lost = report_number(&out, "lost");
	transcript_note_setf(r->t, "kernel", "lost", "%lld",
	    (long long)kernel);
	transcript_note_setf(r->t, "receiver", "lost", "%ld", lost);
	if (lost == kernel)
		transcript_setf(r->t, "receiver.agrees", "yes: lost is the "
		    "kernel's count (%s)", what);
	else if (lost == -1)
		transcript_setf(r->t, "receiver.agrees", "no: the report has "
		    "no lost line; the kernel %s %lld", what,
		    (long long)kernel);
	else
		transcript_setf(r->t, "receiver.agrees", "no: lost %ld, but "
		    "the kernel %s %lld", lost, what, (long long)kernel);
	bytes_free(&out);
}

/* The network's loss in a check where both programs run. */
enum { LOSS_NONE, LOSS_EVERY_10, LOSS_SEEDED };

/* A check where both programs run: who is whose, and what the network does. */
struct pair_case {
	int tcp;
	int loss;		/* LOSS_NONE, LOSS_EVERY_10, LOSS_SEEDED */
	int student_sender;	/* the sender is the student's (else the
				   reference drives the receiver) */
	int student_receiver;	/* the receiver is the student's (else the
				   reference's reports the sender's work) */
	int shim;		/* under shortio: the student's program */
	const char *ip;		/* the receiver's ADDRESS (NULL: defaults) */
	int port;		/* and PORT, with ip (0: the second port) */
	int address_only;	/* ip alone: PORT is the default, 50007 */
	long count;		/* the sender's -n */
};

/*
 * The two programs, under the row's loss: the receiver's report must be
 * the reference's, and (under UDP loss) its lost line the number of data
 * records the kernel's rule dropped.
 */
static void
sender_to_receiver(struct run *r)
{
	const struct pair_case *c = r->arg;
	char count[16], port[8];
	const char *ip = c->ip != NULL ? c->ip : "127.0.0.1";
	const char *rargs[] = { c->tcp ? "-t" : ip, c->tcp ? ip : port,
	    c->tcp ? port : NULL, NULL };
	const char *sargs[] = { c->tcp ? "-t" : "-n", c->tcp ? "-n" : count,
	    c->tcp ? count : ip, c->tcp ? ip : port, c->tcp ? port : NULL,
	    NULL };
	struct run_extra rx = { .driver = !c->student_receiver,
	    .shim = c->shim && c->student_receiver ? "shortio" : NULL };
	struct run_extra sx = { .driver = !c->student_sender,
	    .shim = c->shim && c->student_sender ? "shortio" : NULL };
	struct netlab_count dropped, matched;
	struct proc *rcv, *snd;
	int64_t started;

	snprintf(count, sizeof count, "%ld", c->count);
	snprintf(port, sizeof port, "%d", c->ip == NULL || c->address_only ?
	    r->port : c->port != 0 ? c->port : r->alt_port);
	if (c->address_only)
		rargs[c->tcp ? 2 : 1] = NULL;
	if (c->loss != LOSS_NONE && netlab_loss(r, 0, &(struct netlab_loss){
	    .every = c->loss == LOSS_EVERY_10 ? 10 : 0,
	    .percent = c->loss == LOSS_SEEDED ? LOSS_PERCENT : 0,
	    .seed = LOSS_SEED, .proto = c->tcp ? IPPROTO_TCP : IPPROTO_UDP,
	    .port = r->port }) == -1)
		return;
	rcv = run_start_ext(r, "receiver", "receiver", rargs, &rx);
	if (rcv == NULL)
		return;
	if (run_wait_bound(r, rcv, "receiver", c->tcp ? SOCK_STREAM :
	    SOCK_DGRAM, c->ip != NULL ? -1 : r->port) == -1 && c->ip == NULL) {
		run_collect(r, rcv);
		return;
	}
	started = clock_ms();
	snd = run_start_ext(r, "sender", "sender", sargs, &sx);
	(void)run_wait_exit(r, snd, SENDER_WAIT_MS);
	wait_quietly(rcv, run_ms(r, END_WAIT_MS));
	run_note(r, "the receiver ended %lld ms after the sender started",
	    (long long)(clock_ms() - started));
	/* The kernel's counts of the sender's traffic, before the grader's. */
	if (c->loss != LOSS_NONE &&
	    netlab_dropped(r, 0, &dropped, &matched) == -1)
		return;
	if (!c->tcp && c->ip == NULL) {
		transcript_setf(r->t, "receiver.ended", run_running(rcv) ?
		    "not at the sender's end records" : "at the sender's end "
		    "record");
		end_receiver(r, rcv, c->count);
	}
	if (c->student_receiver)
		run_collect(r, rcv);
	else
		run_collect_notes(r, rcv);
	if (c->student_sender)
		run_collect(r, snd);
	else
		run_collect_notes(r, snd);
	if (c->loss == LOSS_NONE)
		return;
	run_note(r, "the kernel: its nft rule saw %lld %s packets to the "
	    "receiver's port, and dropped %lld of them",
	    (long long)matched.packets, c->tcp ? "TCP" : "UDP",
	    (long long)dropped.packets);
	/* UDP: the sender's packets are its records, then END_COPIES ends. */
	if (!c->tcp && matched.packets == c->count + END_COPIES)
		record_agreement(r, rcv, dropped.packets, "dropped");
	else if (!c->tcp)
		transcript_setf(r->t, "receiver.agrees", "the kernel saw %lld "
		    "datagrams, not the %ld records and %d end records the "
		    "contract's sender sends", (long long)matched.packets,
		    c->count, END_COPIES);
}

/*
 * Udp RcvbufErrors once it has stopped rising (the kernel may still be
 * delivering what the grader sent: up to 1 s), or -1.
 */
static int64_t
settled_rcvbuf_errors(struct run *r)
{
	int64_t deadline = clock_ms() + run_ms(r, 1000);
	int64_t v = netlab_rcvbuf_errors(0), last;
	int same = 0;

	while (v != -1 && same < 3 && clock_ms() < deadline) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		(void)nanosleep(&ts, NULL);
		last = v;
		v = netlab_rcvbuf_errors(0);
		same = v == last ? same + 1 : 0;
	}
	return v;
}

/*
 * A paused receiver with -b BYTES: the grader sends the row's records;
 * the few that fit in the small buffer wait there, the kernel drops the
 * rest and counts them (Udp RcvbufErrors). Resumed, the receiver must say
 * it lost exactly that many.
 */
/* A paused receiver's check: its -b, and how many records come. */
struct flood_case {
	const char *bytes;
	int count;
	const char *ip;		/* and the receiver's ADDRESS and PORT: */
	int port;		/* NULL and 0: none (the defaults); NULL: 127.0.0.1 */
};

static void
receiver_full_buffer(struct run *r)
{
	const struct flood_case *c = r->arg;
	char port[8], to[32];
	const char *ip = c->ip != NULL ? c->ip : "127.0.0.1";
	const char *args[] = { "-b", c->bytes, c->port != 0 ? ip : NULL, port,
	    NULL };
	struct proc *rcv;
	char rec[RECORD_SIZE], text[16];
	int64_t before, after;
	int fd;

	snprintf(port, sizeof port, "%d", c->port != 0 ? c->port : r->port);
	snprintf(to, sizeof to, "%s:%s", ip, port);
	rcv = run_start(r, "receiver", "receiver", args);
	if (rcv == NULL)
		return;
	if (run_wait_bound(r, rcv, "receiver", SOCK_DGRAM, c->ip == NULL ?
	    r->port : -1) == -1 && c->ip == NULL) {
		run_collect(r, rcv);
		return;
	}
	if ((fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0])) == -1)
		return;
	if (run_pause(rcv) == -1) {
		close(fd);
		run_collect(r, rcv);
		return;
	}
	run_note(r, "paused the receiver (SIGSTOP): it reads nothing");
	before = netlab_rcvbuf_errors(0);
	for (int seq = 1; seq <= c->count; seq++) {
		snprintf(text, sizeof text, "%d", seq);
		make_record(rec, text);
		(void)run_udp_reply(r, fd, to, rec, sizeof rec, RUN_QUIET);
	}
	after = settled_rcvbuf_errors(r);
	run_note(r, "sent the records '1 ...' to '%d ...', a datagram each",
	    c->count);
	run_resume(rcv);
	run_note(r, "resumed the receiver");
	(void)send_end_until_ended(r, fd, to, rcv, c->count);
	close(fd);
	run_collect(r, rcv);
	if (before == -1 || after == -1) {
		run_inconclusive(r, "the grader could not read Udp "
		    "RcvbufErrors in /proc/net/snmp");
		return;
	}
	run_note(r, "the kernel: Udp RcvbufErrors rose by %lld while the "
	    "receiver was paused (datagrams dropped for want of room in its "
	    "receive buffer)", (long long)(after - before));
	transcript_setf(r->t, "receiver.buffer", after > before ? "the kernel "
	    "dropped datagrams: the receive buffer was full" : "the kernel "
	    "dropped nothing: the receive buffer held every datagram");
	record_agreement(r, rcv, after - before, "dropped for want of room");
}

/* ---- The grader as the receiver ---- */

/* A sender check where the grader receives. */
struct sender_case {
	const char *args[10];	/* the sender's (run_args placeholders) */
	const char *ip;		/* where the grader receives (NULL: 127.0.0.1) */
	int port;		/* and on which port (0: the lesson's) */
	long count;		/* the records the contract's sender sends */
	int paced;		/* judge the pacing (-r): the first datagram at
				   once (within PACE_SLACK_MS, scaled), */
	int min_span_ms;	/* at least this from the first record to the
				   last (COUNT >= 2), */
	int max_span_ms;	/* at most this + PACE_SLACK_MS (scaled), */
	int min_gap_ms;		/* and from the last record to the end record
				   (COUNT >= 1) at least this, */
	int max_gap_ms;		/* and at most this + PACE_SLACK_MS (0: any) */
	int tcp;
	int read_late;		/* TCP: read nothing until the sender ended */
	int shim;		/* the sender under shortio */
};

/*
 * Compare what the grader received (len bytes at data: UDP datagrams of
 * sizes[], or a TCP stream when sizes is NULL) with the stream of the
 * contract's sender: records 1 to count, then END_COPIES end records (one
 * over TCP). Record the verdict as probe.records.
 */
static void
judge_records(struct run *r, const char *data, size_t len,
    const size_t *sizes, size_t n_sizes, long count, int tcp)
{
	long ends = tcp ? 1 : END_COPIES, want = count + ends;
	char rec[RECORD_SIZE], text[32];
	size_t at = 0;
	long i;

	for (i = 0; i < want; i++) {
		size_t size = sizes != NULL ? (i < (long)n_sizes ? sizes[i] :
		    0) : RECORD_SIZE;
		struct bytes got;

		if (i < count)
			snprintf(text, sizeof text, "%ld", i + 1);
		else
			snprintf(text, sizeof text, "end %ld", count);
		make_record(rec, text);
		if (sizes != NULL ? i >= (long)n_sizes : at >= len) {
			transcript_setf(r->t, "probe.records", "%s %ld%s: "
			    "nothing more came (expected '%s ...')",
			    sizes != NULL ? "datagram" : "record", i + 1,
			    i == 0 ? " (the first)" : "", text);
			return;
		}
		if (at + size > len)
			size = len - at;
		if (size == RECORD_SIZE && memcmp(data + at, rec, size) == 0) {
			at += size;
			continue;
		}
		bytes_init(&got);
		escape_bytes(&got, data + at, size, 80);
		transcript_setf(r->t, "probe.records", "%s %ld: '%s' (%zu "
		    "bytes), where the contract's sender sends '%s ...' (%d "
		    "bytes)", sizes != NULL ? "datagram" : "record", i + 1,
		    bytes_str(&got), size, text, RECORD_SIZE);
		bytes_free(&got);
		return;
	}
	if (sizes != NULL ? (long)n_sizes > want : at < len) {
		transcript_setf(r->t, "probe.records", "all %ld records and "
		    "the end record%s, then %s more", count, tcp ? "" : "s",
		    sizes != NULL ? "datagrams" : "bytes");
		return;
	}
	transcript_setf(r->t, "probe.records", "records 1 to %ld, then %ld "
	    "end record%s 'end %ld ...', all as the contract says", count,
	    ends, ends == 1 ? "" : "s", count);
}

/*
 * Record probe.pacing: the first verdict that fails of c's bounds, given
 * when the first datagram came after the sender started (start), from
 * the first record to the last (span) and from the last record to the
 * first end record (gap); or "paced" when all hold.
 */
static void
judge_pacing(struct run *r, const struct sender_case *c, int64_t start,
    int64_t span, int64_t gap)
{
	int slack = run_ms(r, PACE_SLACK_MS), most = c->max_span_ms + slack;

	transcript_note_setf(r->t, "sender", "span", "%lld", (long long)span);
	if (start > slack)
		transcript_setf(r->t, "probe.pacing", "too slow: the first "
		    "datagram came %lld ms after the sender started; it goes "
		    "at once", (long long)start);
	else if (c->count >= 2 && (span < c->min_span_ms || span > most))
		transcript_setf(r->t, "probe.pacing", "too %s: %lld ms from "
		    "the first record to the last, where -r gives %d to %d",
		    span < c->min_span_ms ? "fast" : "slow", (long long)span,
		    c->min_span_ms, most);
	else if (c->count >= 1 && (gap < c->min_gap_ms ||
	    (c->max_gap_ms > 0 && gap > c->max_gap_ms + slack)))
		transcript_setf(r->t, "probe.pacing", "too %s: the end record "
		    "came %lld ms after the last record, where -r gives %d to "
		    "%d", gap < c->min_gap_ms ? "fast" : "slow", (long long)gap,
		    c->min_gap_ms, c->max_gap_ms + slack);
	else
		transcript_setf(r->t, "probe.pacing", "paced: the first "
		    "datagram at once, then -r's pauses, the end record's "
		    "too");
}

/*
 * The sender, with the row's arguments, sends to a UDP probe: every
 * datagram must be the contract's, in order, and the sender must print
 * "sent COUNT" and exit 0. With paced, the datagrams must arrive as -r
 * says (the row's bounds); see judge_pacing().

 */
static void
sender_to_probe(struct run *r)
{
	const struct sender_case *c = r->arg;
	const char *args[12];
	int fd = run_udp_probe(r, c->ip != NULL ? c->ip : "127.0.0.1",
	    c->port != 0 ? c->port : r->port);
	int big = 32 << 20;
	struct bytes all, d;
	size_t *sizes = NULL, n = 0;
	int64_t first = 0, last = 0, end = 0, deadline, started;
	struct proc *snd;
	char from[64];

	if (fd == -1)
		return;
	/* Room for 10,000 records even if the grader is slow to read. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
	started = clock_ms();
	snd = run_start(r, "sender", "sender", run_args(r, c->args, args, 12));
	bytes_init(&all);
	bytes_init(&d);
	deadline = clock_ms() + run_ms(r, SENDER_WAIT_MS);
	while (run_udp_recv_while(r, fd, snd, deadline, &d, from,
	    sizeof from) == 0) {
		sizes = xrealloc(sizes, (n + 1) * sizeof *sizes);
		sizes[n++] = d.len;
		bytes_append(&all, d.data, d.len);
		if (n == 1)
			first = run_udp_arrival(fd);
		if ((long)n == c->count)
			last = run_udp_arrival(fd);
		if ((long)n == c->count + 1)
			end = run_udp_arrival(fd);
	}
	close(fd);
	run_note(r, "the grader received %zu datagram%s on %s:%d", n,
	    n == 1 ? "" : "s", c->ip != NULL ? c->ip : "127.0.0.1",
	    c->port != 0 ? c->port : r->port);
	(void)run_wait_exit(r, snd, 1000);
	run_collect(r, snd);
	judge_records(r, all.data, all.len, sizes, n, c->count, 0);
	if (c->paced)
		judge_pacing(r, c, first - started, last - first, end - last);

	free(sizes);
	bytes_free(&all);
	bytes_free(&d);
}

/*
 * Nothing is bound to the port: every sendto() still succeeds. The sender
 * must print "sent 100" and exit 0; the kernel's ICMP answers are noted.
 */
static void
sender_nobody_listening(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *snd;

	run_note(r, "nothing is bound to 127.0.0.1:%d", r->port);
	snd = run_start(r, "sender", "sender", args);
	(void)run_wait_exit(r, snd, SENDER_WAIT_MS);
	run_collect(r, snd);
}

/*
 * The sender with -t sends to the grader's listener. With read_late the
 * grader accepts and reads nothing until the sender has ended: its send()s
 * succeed all the same. Then every byte must be the contract's stream.
 */
static void
sender_to_listener(struct run *r)
{
	const struct sender_case *c = r->arg;
	struct run_extra x = { .shim = c->shim ? "shortio" : NULL };
	const char *args[12];
	struct run_twin tw;
	struct proc *snd;
	struct bytes b;
	enum run_recv end;
	int fd;

	if (run_twin_open(r, &tw, SOCK_STREAM, r->port) == -1)
		return;
	snd = run_start_ext(r, "sender", "sender", run_args(r, c->args, args,
	    12), &x);
	fd = run_twin_accept(r, &tw, 2000, "sender.connected-to");
	run_twin_close(&tw);
	bytes_init(&b);
	if (fd != -1 && c->read_late) {
		run_note(r, "accepted the connection, and read nothing until "
		    "the sender had ended");
		(void)run_wait_exit(r, snd, SENDER_WAIT_MS);
	}
	if (fd != -1) {
		end = run_tcp_recv(r, fd, &b, 0, SENDER_WAIT_MS);
		close(fd);
		run_note(r, "then read %zu bytes%s", b.len,
		    end == RUN_RECV_CLOSED ? ", up to the end of the stream" :
		    "");
	}
	(void)run_wait_exit(r, snd, 1000);
	run_collect(r, snd);
	if (fd != -1)
		judge_records(r, b.data, b.len, NULL, 0, c->count, 1);
	bytes_free(&b);
}

/*
 * Bytes the kernel still holds for the peer of our connected socket fd
 * (unacknowledged: /proc/net/tcp's tx_queue of the socket at fd's peer
 * port), or -1 when no such socket is listed.
 */
static long
peer_unacked(int fd)
{
	struct sockaddr_in peer;
	socklen_t len = sizeof peer;
	char line[512];
	long found = -1;
	FILE *f;

	if (getpeername(fd, (struct sockaddr *)&peer, &len) == -1 ||
	    (f = fopen("/proc/net/tcp", "re")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned local_port, tx;

		if (sscanf(line, " %*d: %*8s:%4X %*8s:%*4X %*2X %8X", &local_port,
		    &tx) == 2 && local_port == ntohs(peer.sin_port))
			found = (long)tx;
	}
	fclose(f);
	return found;
}

/*
 * -t -n N -r 1 (N: the row's arg): the grader accepts, waits for the first
 * record, pauses the sender, takes every byte it had sent, and resets the
 * connection (RST). Resumed, the sender's next send() (a record's, or with
 * -n 1 the end record's) fails: it must report it on stderr, print "sent
 * K" (K: the records the grader had received) and exit 1.
 */
static void
sender_reset(struct run *r)
{
	const char *n = r->arg;
	const char *args[] = { "-t", "-n", n, "-r", "1", "127.0.0.1",
	    r->port_arg, NULL };
	struct run_twin tw;
	struct proc *snd;
	struct bytes b, out;
	long records = -1;
	int fd;

	if (run_twin_open(r, &tw, SOCK_STREAM, r->port) == -1)
		return;
	snd = run_start(r, "sender", "sender", args);
	fd = run_twin_accept(r, &tw, 2000, "sender.connected-to");
	run_twin_close(&tw);
	bytes_init(&b);
	if (fd != -1 && run_tcp_recv_exactly(r, fd, &b, RECORD_SIZE, 3000) ==
	    RUN_RECV_ALL && run_pause(snd) == 0) {
		int64_t deadline = clock_ms() + run_ms(r, 1000);

		/* What it has sent is all here once nothing is unacked. */
		while (peer_unacked(fd) > 0 && clock_ms() < deadline)
			(void)run_wait_exit(r, snd, 5);
		(void)run_tcp_recv(r, fd, &b, 0, 0);
		records = (long)(b.len / RECORD_SIZE);
		run_tcp_reset(fd);
		fd = -1;
		run_note(r, "received the first record, paused the sender, "
		    "took the %zu bytes it had sent (%ld record%s), reset the "
		    "connection (RST) and resumed the sender", b.len, records,
		    records == 1 ? "" : "s");
		run_resume(snd);
	}
	if (fd != -1)
		close(fd);
	(void)run_wait_exit(r, snd, 3000);
	bytes_init(&out);
	(void)run_read_output(snd, RUN_STDOUT, &out, 4096);
	run_record_reaction(r, snd, "sender.reaction", 1000);
	run_collect(r, snd);
	if (records >= 0) {
		char want[32];

		snprintf(want, sizeof want, "sent %ld\n", records);
		transcript_note_setf(r->t, "sender", "received", "%ld",
		    records);
		transcript_setf(r->t, "sender.count", strcmp(bytes_str(&out),
		    want) == 0 ? "it printed 'sent N', N being the records "
		    "the grader received before the reset" : "it did not "
		    "print 'sent %ld' (the records the grader received before "
		    "the reset)", records);
	}
	bytes_free(&b);
	bytes_free(&out);
}

/*
 * "-t" alone (the default address and port), nothing listening: connect()
 * fails: status 1, a message.
 */
static void
sender_refused(struct run *r)
{
	const char *args[] = { "-t", NULL };
	struct proc *snd;

	run_note(r, "nothing listens on 127.0.0.1:%d", r->port);
	snd = run_start(r, "sender", "sender", args);
	run_record_reaction(r, snd, "sender.reaction", 1000);
	run_collect(r, snd);
}

/* The grader holds the port: the receiver's bind() fails, status 1. */
static void
receiver_port_taken(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	int fd = run_udp_probe(r, "127.0.0.1", r->port);
	struct proc *rcv;

	if (fd == -1)
		return;
	run_note(r, "a UDP socket of the grader's is bound to 127.0.0.1:%d",
	    r->port);
	rcv = run_start(r, "receiver", "receiver", args);
	run_record_reaction(r, rcv, "receiver.reaction", 1000);
	run_collect(r, rcv);
	close(fd);
}

/*
 * -t with at most 4 descriptors: the listener takes the last one, and
 * accept() fails at once (EMFILE; Linux takes the new descriptor before
 * it waits). Status 1, and a message naming accept() (run.h's
 * run_scenario_setup_fails, with -t). Not judged under valgrind, which
 * keeps descriptors of its own below the limit.
 */
static void
receiver_accept_fails(struct run *r)
{
	const char *args[] = { "-t", "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .open_files = 4 };
	struct proc *rcv;
	struct bytes err;
	int fd = -1;

	if (r->cfg->memcheck_grading) {
		run_note(r, "not judged under valgrind");
		return;
	}
	run_note(r, "started receiver with at most 4 descriptors open");
	rcv = run_start_ext(r, "receiver", "receiver", args, &x);
	for (int64_t end = clock_ms() + run_ms(r, 2000); fd == -1 &&
	    run_running(rcv) && clock_left_ms(end) > 0;)
		if ((fd = run_tcp_connect(r, r->port, 100, NULL)) == -1)
			clock_sleep_ms(10);
	if (fd != -1) {
		run_note(r, "connected to it");
		close(fd);
	}
	(void)run_wait_exit(r, rcv, 1000);
	bytes_init(&err);
	(void)run_read_output(rcv, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, "receiver.message", err.len == 0 ? "nothing on "
	    "stderr" : strstr(bytes_str(&err), "accept") != NULL ? "a "
	    "message naming accept()" : "a message not naming accept()");
	bytes_free(&err);
	run_collect(r, rcv);
}

/*
 * -t: the grader sends '1' and 'end 1' and keeps its end open until the
 * receiver has closed first, then closes: the receiver's port is left in
 * TIME_WAIT. A second receiver -t on the same port must still bind it
 * (SO_REUSEADDR), and count 'end 0'.
 */
static void
receiver_tcp_restart(struct run *r)
{
	const char *args[] = { "-t", "127.0.0.1", r->port_arg, NULL };
	char one[RECORD_SIZE], end[RECORD_SIZE];
	struct proc *rcv = start_receiver(r, args, 1, NULL), *again;
	int fd;

	if (rcv == NULL ||
	    (fd = run_tcp_connect(r, r->port, 1000, "probe.connect")) == -1)
		return;
	make_record(one, "1");
	make_record(end, "end 1");
	(void)run_tcp_send(r, fd, NULL, one, sizeof one);
	(void)run_tcp_send(r, fd, NULL, end, sizeof end);
	(void)run_wait_exit(r, rcv, END_WAIT_MS);
	close(fd);
	run_note(r, "sent '1 ...' and 'end 1 ...', closed the connection "
	    "once the receiver had ended");
	run_collect(r, rcv);
	if (run_wait_tcp_state(r, r->port, SOCK_STATE_TIME_WAIT, 3000) == -1)
		return;
	run_note(r, "the receiver's port is in TIME_WAIT; started it again");
	again = run_start(r, "receiver", "receiver2", args);
	if (run_wait_bound(r, again, "receiver2", SOCK_STREAM, r->port) == 0 &&
	    (fd = run_tcp_connect(r, r->port, 1000, "probe.connect2")) != -1) {
		make_record(end, "end 0");
		(void)run_tcp_send(r, fd, "the grader", end, sizeof end);
		(void)run_wait_exit(r, again, END_WAIT_MS);
		close(fd);
	}
	run_collect(r, again);
}

/* ---- Diagnoses ---- */

/* What each line of the report counts, for a line that differs. */
static const struct {
	const char *word;
	const char *advice;
} report_lines[] = {
	{ "received", "received counts each SEQ from 1 to COUNT once, "
	    "however often it came; COUNT is the end record's" },
	{ "lost", "lost is COUNT - received, COUNT from the end record: "
	    "the records lost at the end leave no later number behind them" },
	{ "duplicated", "duplicated counts the records whose SEQ had "
	    "already arrived (seen[seq] was set)" },
	{ "out of order", "out of order counts the new SEQs lower than the "
	    "highest seen before them; a duplicate is not one" },
	{ "ignored", "ignored counts the records that are neither data nor "
	    "end (parse_record() says RECORD_OTHER)" },
	{ "gaps:", "gaps lists the missing SEQs from 1 to COUNT in "
	    "ascending order, a run of two or more as FIRST-LAST, or 'none'" },
};

/*
 * The receiver's report differs from the reference's: name the first
 * line that differs and what it counts.
 */
static int
diagnose_report(const struct bytes *want, const struct bytes *got,
    struct bytes *why)
{
	const char *w = bytes_str(want), *g = bytes_str(got);

	if (got->len == 0)
		return 0;
	while (*w != '\0' && *g != '\0') {
		size_t wl = strcspn(w, "\n"), gl = strcspn(g, "\n");

		if (wl != gl || memcmp(w, g, wl) != 0) {
			for (size_t i = 0; i < sizeof report_lines /
			    sizeof report_lines[0]; i++) {
				size_t n = strlen(report_lines[i].word);

				if (wl < n || strncmp(w, report_lines[i].word,
				    n) != 0)
					continue;
				bytes_printf(why, "The report's %s line "
				    "differs: expected '%.*s', got '%.*s'. "
				    "%c%s.", strcmp(report_lines[i].word,
				    "gaps:") == 0 ? "gaps" :
				    report_lines[i].word, (int)wl, w, (int)gl,
				    g, 'A' - 'a' + report_lines[i].advice[0],
				    report_lines[i].advice + 1);
				return 1;
			}
			return 0;
		}
		w += wl + (w[wl] == '\n');
		g += gl + (g[gl] == '\n');
	}
	if (*w != '\0')
		bytes_printf(why, "The report stops early: '%.*s' and what "
		    "follows it are missing.", (int)strcspn(w, "\n"), w);
	else if (*g != '\0')
		bytes_printf(why, "The report goes on after its gaps line: "
		    "'%.*s'.", (int)strcspn(g, "\n"), g);
	return *w != '\0' || *g != '\0';
}

/*
 * A TCP receiver that ended with status 1 where the reference reported
 * (status 0), or the other way round: how it read the stream's end.
 */
static int
diagnose_tcp_end(const char *want, const char *got, struct bytes *why)
{
	if (strcmp(want, "exited with status 0") == 0 &&
	    strcmp(got, "exited with status 1") == 0) {
		bytes_puts(why, "The receiver gave up (status 1) although the "
		    "whole stream came, end record included: recv() may "
		    "return fewer bytes than asked, so read each record with "
		    "a loop until its 64 bytes are in, and stop only when "
		    "recv() returns 0.");
		return 1;
	}
	if (strcmp(want, "exited with status 1") == 0 &&
	    strcmp(got, "exited with status 0") == 0) {
		bytes_puts(why, "The receiver reported (status 0) although the "
		    "connection ended before the end record: the end of the "
		    "stream (recv() returning 0, or fewer than 64 bytes) is no "
		    "end record. Say so on stderr and return 1.");
		return 1;
	}
	return 0;
}

static void
diagnose_receiver(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	/* A buffer that held everything explains every count after it. */
	if (strcmp(transcript_str(ref, "receiver.buffer"),
	    transcript_str(got, "receiver.buffer")) != 0) {
		bytes_puts(why, "The receive buffer held every datagram: was "
		    "-b BYTES given to setsockopt(s, SOL_SOCKET, SO_RCVBUF, "
		    "&rcvbuf, sizeof rcvbuf) before the records came?");
		return;
	}
	if (strcmp(d->key, "receiver.stdout") == 0 &&
	    diagnose_report(&d->expected, &d->got, why))
		return;
	if (strcmp(d->key, "receiver.status") == 0 &&
	    strcmp(transcript_note_str(got, "receiver", "socket"), "tcp") == 0
	    && diagnose_tcp_end(bytes_str(&d->expected), bytes_str(&d->got),
	    why))
		return;
	if (strcmp(d->key, "receiver.ended") == 0) {
		bytes_puts(why, "The receiver did not end at the sender's end "
		    "records (the grader had to send one): does the sender "
		    "send 'end COUNT' three times over UDP, and does the "
		    "receiver stop at the first end record it gets?");
		return;
	}
	if (strcmp(d->key, "receiver.agrees") == 0) {
		bytes_printf(why, "The receiver's lost count is not what the "
		    "kernel counted in the same run (lost %ld, the kernel %ld): "
		    "lost is COUNT - received, each SEQ counted once.",
		    transcript_note_number(got, "receiver", "lost"),
		    transcript_note_number(got, "kernel", "lost"));
		return;
	}
	if (diagnose_refusal(ref, got, d, why))
		return;
	diagnose_common(ref, got, d, why);
}

static void
diagnose_sender(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "probe.records") == 0) {
		bytes_printf(why, "The records differ from the contract's "
		    "stream: %s. Each record is RECORD_SIZE (64) bytes: SEQ "
		    "from 1 to COUNT, a space, dots, and a newline last; then "
		    "'end COUNT' the same way (3 datagrams over UDP, 1 over "
		    "TCP).", bytes_str(&d->got));
		return;
	}
	if (strcmp(d->key, "probe.pacing") == 0) {
		bytes_printf(why, "The sender went too %s for its -r: with "
		    "-r RATE it sends the first record at once, then waits "
		    "1/RATE s (nanosleep) before each record and before the "
		    "end record: tv_sec = 1 / rate, tv_nsec = 1000000000 / "
		    "rate %% 1000000000 (%s).", strncmp(bytes_str(&d->got),
		    "too slow", 8) == 0 ? "slow" : "fast", bytes_str(&d->got));
		return;
	}
	if (strcmp(d->key, "sender.stdout") == 0 &&
	    transcript_note_number(got, "sender", "received") >= 0) {
		long n = transcript_note_number(got, "sender", "received");

		bytes_printf(why, "After the reset, 'sent N' must count only "
		    "the send()s that succeeded: the grader had received %ld "
		    "record%s, and the send() that failed is not one.", n,
		    n == 1 ? "" : "s");
		return;
	}
	if (strcmp(d->key, "sender.stdout") == 0 &&
	    strstr(transcript_fact_str(got, "sender", KEY_STDERR),
	    "Connection refused") != NULL) {
		bytes_puts(why, "A sendto() failed with 'Connection refused': "
		    "was the UDP socket connect()ed? Only a connected UDP "
		    "socket hears of the ICMP port unreachable; the sender's "
		    "stays unconnected, and every sendto() succeeds, nobody "
		    "listening or not.");
		return;
	}
	if (strcmp(d->key, "sender.count") == 0) {
		bytes_printf(why, "After the reset, the sender must stop at the "
		    "send() that fails and print 'sent N', N counting only "
		    "the send()s that succeeded (the grader had received %ld "
		    "records).",
		    transcript_note_number(got, "sender", "received"));
		return;
	}
	if (diagnose_refusal(ref, got, d, why))
		return;
	diagnose_common(ref, got, d, why);
}

/* ---- The table ---- */

#define R(t) { .text = (t) }
#define RAW(t) { .text = (t), .raw = 1 }

static const struct check checks[] = {
	{
		.name = "receiver-counts-all",
		.title = "UDP, no loss: the reference sender's 100 records, "
		    "all received, the report says so",
		.hint = "recv() each datagram, count it, stop at the end "
		    "record, print the six lines of the report.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 100,
		    .student_receiver = 1 },
		.rules = "P1 P2 R1 R3 R5 R6",
	}, {
		.name = "loss-every-10th",
		.title = "UDP, the kernel drops every 10th datagram: your "
		    "sender sends 100, your receiver counts 10 lost",
		.hint = "Count each SEQ once; lost = COUNT - received; list the "
		    "missing SEQs from 1 to COUNT.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 100,
		    .loss = LOSS_EVERY_10, .student_sender = 1,
		    .student_receiver = 1 },
		.rules = "S1 S3 S4 S5 R3 R5 R6",
	}, {
		.name = "loss-seeded",
		.title = "UDP, the kernel drops 30 % of the datagrams (seed 2): "
		    "every gap and range exactly right",
		.hint = "A run of missing SEQs is one range FIRST-LAST; a lone "
		    "one is its number.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 200,
		    .loss = LOSS_SEEDED, .student_sender = 1,
		    .student_receiver = 1 },
		.rules = "S3 R3 R5 R6",
	}, {
		.name = "tcp-under-loss",
		.title = "TCP, the kernel drops every 10th packet: all 100 "
		    "records arrive, in order (TCP sends them again)",
		.hint = "With -t: connect(), send every record whole; the "
		    "receiver accept()s and reads exactly 64 bytes per record.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 100, .tcp = 1,
		    .loss = LOSS_EVERY_10, .student_sender = 1,
		    .student_receiver = 1 },
		.rules = "S6 R7", .timeout_ms = 30000,
	}, {
		.name = "receiver-full-buffer",
		.title = "-b 4096, paused while 200 records come: lost is the "
		    "kernel's count of datagrams dropped for want of room",
		.hint = "setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof "
		    "rcvbuf) with -b's value, before bind().",
		.scenario = receiver_full_buffer, .diagnose = diagnose_receiver,
		.arg = &(const struct flood_case){ "4096", 200, NULL, 50007 },
		.rules = "R2 R3 R5",
	}, {
		.name = "receiver-buffer-smallest",
		.title = "-b 1 127.0.0.2 50008: the smallest buffer, paused "
		    "while 20 records come: it loses what the kernel dropped",
		.hint = "-b takes 1 to MAX_RCVBUF (1048576) bytes, both ends "
		    "included; give the value to setsockopt() as it is.",
		.scenario = receiver_full_buffer, .diagnose = diagnose_receiver,
		.arg = &(const struct flood_case){ "1", 20, OTHER_IP, 50008 },
		.rules = "R2 A4",
	}, {
		.name = "receiver-buffer-largest",
		.title = "-b 1048576 alone, the largest: paused while 200 "
		    "records come, it loses none",
		.hint = "-b takes 1 to MAX_RCVBUF (1048576) bytes, both ends "
		    "included.",
		.scenario = receiver_full_buffer, .diagnose = diagnose_receiver,
		.arg = &(const struct flood_case){ "1048576", 200, NULL, 0 },
		.rules = "R2 A4",
	}, {
		.name = "receiver-duplicates-and-order",
		.title = "records twice, late, above COUNT and missing: every "
		    "count of the report",
		.hint = "A SEQ already seen is a duplicate; a new SEQ below the "
		    "highest seen is out of order; only 1 to COUNT count.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .count = 14, .recs = {
		    R("2"), R("1"), R("3"), R("3"), R("7"), R("5"), R("4"),
		    R("9"), R("1"), R("14"), R("20") } },
		.rules = "R3 R4 R5 R6",
	}, {
		.name = "receiver-ignores-junk",
		.title = "records that are neither data nor end are ignored "
		    "and counted; 10000 is the highest SEQ",
		.hint = "Keep the given parse_record(): count RECORD_OTHER as "
		    "ignored, and go on receiving.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .count = MAX_COUNT, .recs = {
		    RAW(""), RAW("x"), R("0"), R("01"), R("10001"), R("-1"),
		    RAW("12"), RAW("12x ..."), R(" 5"), R("-99 5"), RAW("end"), R("end"),
		    R("end 10001"), R("end 01"), R("endx5"), R("12345"),
		    RAW("end 5"), R("99999999999999999999"), R("10000"),
		    R("1"), RAW("9 short"), RAW("end 10000 ") } },
		.rules = "P1 P2 R4 R5 R6",
	}, {
		.name = "receiver-count-0",
		.title = "'end 0' alone: received 0 of 0, gaps: none",
		.hint = "COUNT may be 0: nothing is lost, and the gaps line "
		    "says none.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .count = 0 },
		.rules = "P2 R5 R6",
	}, {
		.name = "receiver-count-1",
		.title = "'1', then 'end 1': received 1 of 1",
		.hint = "Count SEQs from 1 to COUNT, both included.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .count = 1, .recs = {
		    R("1") } },
		.rules = "R3 R5",
	}, {
		.name = "receiver-lost-the-last",
		.title = "'1' to '3', then 'end 5': the last two are lost, "
		    "gaps: 4-5",
		.hint = "Lost records at the end show only through COUNT: "
		    "loop over 1 to COUNT, not to the highest SEQ seen.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .count = 5, .recs = {
		    R("1"), R("2"), R("3") } },
		.rules = "R5 R6",
	}, {
		.name = "receiver-count-max",
		.title = "'300', '10000', then 'end 10000': two received, "
		    "gaps: 1-299 301-9999",
		.hint = "seen[] has MAX_COUNT + 1 entries: SEQ 10000 is "
		    "seen[10000].",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .count = MAX_COUNT, .recs = {
		    R("300"), R("10000") } },
		.rules = "R3 R5 R6",
	}, {
		.name = "receiver-tcp-counts",
		.title = "-t: the reference sender's 100 records on one "
		    "connection, all received",
		.hint = "With -t: listen(), accept() one connection, read "
		    "records of exactly 64 bytes until the end record.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 100, .tcp = 1,
		    .student_receiver = 1 },
		.rules = "R7",
	}, {
		.name = "receiver-tcp-records",
		.title = "-t: duplicates, late and junk records on one "
		    "connection are counted as over UDP",
		.hint = "Over TCP each 64 bytes are one record: count it with "
		    "the same code as a datagram.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .tcp = 1, .count = 9,
		    .recs = { R("3"), R("1"), R("3"), R("x"), R("9") } },
		.rules = "R4 R7",
	}, {
		.name = "receiver-tcp-short-reads",
		.title = "-t, every recv() cut to a few bytes: each record is "
		    "still read whole",
		.hint = "recv() may return fewer bytes than asked: loop until "
		    "the record's 64 bytes are in (recv_exactly()).",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 20, .tcp = 1,
		    .student_receiver = 1, .shim = 1 },
		.rules = "R7",
	}, {
		.name = "receiver-tcp-restart",
		.title = "-t, restarted while its port is in TIME_WAIT: it binds "
		    "again at once",
		.hint = "Set SO_REUSEADDR on the TCP socket before bind(), as "
		    "in lesson 01.",
		.scenario = receiver_tcp_restart, .diagnose = diagnose_receiver,
		.rules = "R7",
	}, {
		.name = "receiver-tcp-no-end",
		.title = "-t, the connection ends before the end record: "
		    "status 1, a message, no report",
		.hint = "recv() returning 0 before the end record means the "
		    "sender went away: say so on stderr and return 1.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .tcp = 1, .count = -1,
		    .recs = { R("1"), R("2") } },
		.rules = "R8",
	}, {
		.name = "receiver-tcp-part-record",
		.title = "-t, the connection ends in the middle of a record: "
		    "status 1, a message, no report",
		.hint = "A record cut by the end of the stream is no record: "
		    "recv_exactly() returns fewer than 64 bytes.",
		.scenario = receiver_from_probe, .diagnose = diagnose_receiver,
		.arg = &(const struct probe_case){ .tcp = 1, .count = -1,
		    .recs = { R("1") }, .partial = "end 1 ...." },
		.rules = "R8",
	}, {
		.name = "receiver-address-port",
		.title = "with ADDRESS and PORT (127.0.0.2 50008), receives "
		    "there",
		.hint = "Bind to the ADDRESS and PORT parse_arguments() read, "
		    "with htons(port).",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 10,
		    .student_receiver = 1, .ip = OTHER_IP },
		.rules = "R1 A1",
	}, {
		.name = "receiver-address-only",
		.title = "with ADDRESS alone (127.0.0.2), receives there on "
		    "port 50007",
		.hint = "With one argument, PORT keeps its default: read "
		    "argv[2] only when there is one.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 10,
		    .student_receiver = 1, .ip = OTHER_IP, .address_only = 1 },
		.rules = "R1 A1",
	}, {
		.name = "receiver-tcp-address-port",
		.title = "-t 127.0.0.2 50008: listens there",
		.hint = "The options come first; ADDRESS and PORT follow them.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 10, .tcp = 1,
		    .student_receiver = 1, .ip = OTHER_IP },
		.rules = "R7 A1",
	}, {
		.name = "receiver-port-65535",
		.title = "port 65535, the last one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = sender_to_receiver, .diagnose = diagnose_receiver,
		.arg = &(const struct pair_case){ .count = 10,
		    .student_receiver = 1, .ip = "127.0.0.1", .port = 65535 },
		.rules = "R1 A1",
	}, {
		.name = "receiver-port-1",
		.title = "port 1 is good: the kernel may refuse to bind it "
		    "(status 1), parse_arguments() may not (2)",
		.hint = "Ports run from 1 to 65535, both ends good; keep the "
		    "given parse_arguments().",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_receiver,
		.arg = &(const struct run_bad_args){ "receiver",
		    { { "127.0.0.1", "1" } } },
		.rules = "A1 R9",
	}, {
		.name = "receiver-port-taken",
		.title = "the grader holds the port: bind() fails, status 1 "
		    "and a message",
		.hint = "if (bind(...) == -1) { perror(\"receiver: bind\"); "
		    "close(s); return 1; }",
		.scenario = receiver_port_taken, .diagnose = diagnose_receiver,
		.rules = "R9",
	}, {
		.name = "receiver-accept-fails",
		.title = "-t with 4 descriptors at most: accept() fails, status "
		    "1 and a message naming it",
		.hint = "if (c == -1) { perror(\"receiver: accept\"); "
		    "close(s); return 1; }",
		.scenario = receiver_accept_fails, .diagnose = diagnose_receiver,
		.rules = "R9",
	}, {
		.name = "receiver-bad-arguments",
		.title = "bad ports (0, 65536, abc, 5x), addresses, -b 0, "
		    "-b 1048577, -b 5x: status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_receiver,
		.arg = &(const struct run_bad_args){ "receiver", {
		    RUN_BAD_PORTS, { "xyz" },
		    { "-b", "0", "127.0.0.1", RUN_ARG_PORT },
		    { "-b", "1048577", "127.0.0.1", RUN_ARG_PORT },
		    { "-b", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", "5x" } } },
		.rules = "A1 A2 A4",
	}, {
		.name = "receiver-bad-options",
		.title = "-b abc, a lone -b, -x, three arguments: status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_receiver,
		.arg = &(const struct run_bad_args){ "receiver", {
		    { "-b", "abc", "127.0.0.1", RUN_ARG_PORT }, { "-b" },
		    { "-x", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A3 A4",
	}, {
		.name = "sender-records",
		.title = "-n 5: five records, then three end records, each "
		    "datagram exactly as the contract says; 'sent 5'",
		.hint = "Each datagram is RECORD_SIZE bytes: \"SEQ \", dots, "
		    "'\\n'; then \"end 5 \" the same way, END_COPIES times.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 5,
		    .args = { "-n", "5", "127.0.0.1", RUN_ARG_PORT } },
		.rules = "P1 P2 S1 S3 S4 S5",
	}, {
		.name = "sender-defaults",
		.title = "no arguments: 100 records to 127.0.0.1:50007",
		.hint = "Without -n, COUNT is DEFAULT_COUNT (100).",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = DEFAULT_COUNT },
		.rules = "S1 S3",
	}, {
		.name = "sender-count-0",
		.title = "-n 0: no record, the end records 'end 0'; 'sent 0'",
		.hint = "COUNT may be 0: the loop sends nothing, the end "
		    "records still go.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 0,
		    .args = { "-n", "0", "127.0.0.1", RUN_ARG_PORT } },
		.rules = "S3 S4 S5 A5",
	}, {
		.name = "sender-count-1",
		.title = "-r 0 -n 1 alone: one record, then 'end 1', to the "
		    "default address",
		.hint = "SEQ runs from 1 to COUNT, both included.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 1,
		    .args = { "-r", "0", "-n", "1" } },
		.rules = "S3 A5",
	}, {
		.name = "sender-count-max",
		.title = "-n 10000, the most: every record, in order",
		.hint = "-n accepts 0 to MAX_COUNT (10000).",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = MAX_COUNT,
		    .args = { "-n", "10000", "127.0.0.1", RUN_ARG_PORT } },
		.rules = "S3 S5 A5",
	}, {
		.name = "sender-address-port",
		.title = "with ADDRESS and PORT (127.0.0.2 50008), sends there",
		.hint = "Send to the ADDRESS and PORT parse_arguments() read, "
		    "with htons(port).",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 3, .ip = OTHER_IP,
		    .port = 50008,
		    .args = { "-n", "3", OTHER_IP, "50008" } },
		.rules = "S1 A1",
	}, {
		.name = "sender-address-only",
		.title = "with ADDRESS alone (127.0.0.2), sends there to port "
		    "50007",
		.hint = "With one argument, PORT keeps its default: read "
		    "argv[2] only when there is one.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 3, .ip = OTHER_IP,
		    .args = { "-n", "3", OTHER_IP } },
		.rules = "S1 A1",
	}, {
		.name = "sender-port-1",
		.title = "port 1, the first one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 1, .port = 1,
		    .args = { "-n", "1", "127.0.0.1", "1" } },
		.rules = "S1 A1",
	}, {
		.name = "sender-port-65535",
		.title = "port 65535, the last one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 1, .port = 65535,
		    .args = { "-n", "1", "127.0.0.1", "65535" } },
		.rules = "S1 A1",
	}, {
		.name = "sender-rate",
		.title = "-n 6 -r 50: a record every 20 ms (75 to 600 ms from "
		    "the first to the last)",
		.hint = "Between two records wait 1/RATE s: a struct timespec "
		    "of 1 / rate s and 1000000000 / rate % 1000000000 ns.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 6,
		    .paced = 1, .min_span_ms = 75, .max_span_ms = 100,
		    .min_gap_ms = 15, .max_gap_ms = 20,
		    .args = { "-n", "6", "-r", "50", "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "S2",
	}, {
		.name = "sender-rate-1",
		.title = "-n 1 -r 1: the record at once, the end record a "
		    "second later (750 to 1500 ms)",
		.hint = "-r 1 is 1 s and 0 ns: tv_sec = 1 / rate; after the "
		    "last record, the same pause before the end record.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 1, .paced = 1,
		    .min_gap_ms = 750, .max_gap_ms = 1000,
		    .args = { "-r", "1", "-n", "1", "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "S2 A5",
	}, {
		.name = "sender-rate-max",
		.title = "-r 1000000, the fastest: every record still goes",
		.hint = "-r accepts 0 to MAX_RATE (1000000).",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 20,
		    .args = { "-r", "1000000", "-n", "20", "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "S2 A5",
	}, {
		.name = "sender-rate-no-record",
		.title = "-n 0 -r 1: no record, so no pause: the end records "
		    "at once",
		.hint = "The pause before the end record follows a record: with "
		    "-n 0 there is none.",
		.scenario = sender_to_probe, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 0, .paced = 1,
		    .args = { "-n", "0", "-r", "1", "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "S2",
	}, {
		.name = "sender-nobody-listening",
		.title = "UDP, nothing bound to the port: every sendto() "
		    "succeeds, 'sent 100', status 0",
		.hint = "Use sendto() on an unconnected socket; a sendto() "
		    "that succeeds counts, whoever receives it.",
		.scenario = sender_nobody_listening, .diagnose = diagnose_sender,
		.rules = "S4 S5",
	}, {
		.name = "sender-tcp-unread",
		.title = "-t -n 5 to a peer that reads nothing until the "
		    "sender ended: the send()s succeed; the stream is right",
		.hint = "With -t: connect(), then send each 64-byte record "
		    "whole (a loop), then one end record; close().",
		.scenario = sender_to_listener, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 5, .tcp = 1,
		    .read_late = 1,
		    .args = { "-t", "-n", "5", "127.0.0.1", RUN_ARG_PORT } },
		.rules = "S6 S7",
	}, {
		.name = "sender-tcp-many",
		.title = "-t -n 10000: 640,000 bytes on one connection, "
		    "every record in order",
		.hint = "send() may take fewer bytes than asked: loop until "
		    "the whole record is sent (send_all()).",
		.scenario = sender_to_listener, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = MAX_COUNT,
		    .tcp = 1,
		    .args = { "-t", "-n", "10000", "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "S6 A5",
	}, {
		.name = "sender-tcp-short-writes",
		.title = "-t, every send() cut to a few bytes: each record "
		    "still goes whole",
		.hint = "send() may take fewer bytes than asked: loop until "
		    "the whole record is sent (send_all()).",
		.scenario = sender_to_listener, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ .count = 20, .tcp = 1,
		    .shim = 1,
		    .args = { "-t", "-n", "20", "127.0.0.1", RUN_ARG_PORT } },
		.rules = "S6",
	}, {
		.name = "sender-tcp-reset",
		.title = "-t, the peer resets the connection: a later send() "
		    "fails; 'sent N' counts what went before, status 1",
		.hint = "send(..., MSG_NOSIGNAL); when it fails: perror(\"sender: "
		    "send\"), print 'sent N' and return 1.",
		.scenario = sender_reset, .diagnose = diagnose_sender,
		.arg = "5", .rules = "S8", .timeout_ms = 15000,
	}, {
		.name = "sender-tcp-reset-end",
		.title = "-t -n 1 -r 1, the peer resets the connection: the end "
		    "record's send() fails; 'sent 1', status 1",
		.hint = "The end record's send() is checked like the others: "
		    "perror(\"sender: send\"), 'sent N', return 1.",
		.scenario = sender_reset, .diagnose = diagnose_sender,
		.arg = "1", .rules = "S2 S8", .timeout_ms = 15000,
	}, {
		.name = "sender-tcp-refused",
		.title = "-t alone, nothing listening: connect() fails at "
		    "once, status 1 and a message, nothing on stdout",
		.hint = "if (connect(...) == -1) { perror(\"sender: "
		    "connect\"); close(s); return 1; }",
		.scenario = sender_refused, .diagnose = diagnose_sender,
		.rules = "S9",
	}, {
		.name = "sender-bad-arguments",
		.title = "bad ports, addresses, -n -1, -n 10001, -r -1, "
		    "-r 1000001: status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_sender,
		.arg = &(const struct run_bad_args){ "sender", {
		    RUN_BAD_PORTS, { "127.0.0.256" },
		    { "-n", "-1", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "10001", "127.0.0.1", RUN_ARG_PORT },
		    { "-r", "-1", "127.0.0.1", RUN_ARG_PORT },
		    { "-r", "1000001", "127.0.0.1", RUN_ARG_PORT } } },
		.rules = "A1 A2 A5",
	}, {
		.name = "sender-bad-options",
		.title = "-n abc, a lone -n, -r 5x, -x, three arguments: "
		    "status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_sender,
		.arg = &(const struct run_bad_args){ "sender", {
		    { "-n", "abc", "127.0.0.1", RUN_ARG_PORT }, { "-n" },
		    { "-r", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-x", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A3 A5",
	},
};

static const char *const programs[] = { "sender", "receiver", NULL };

static const struct lesson lesson_08 = {
	.dir = "08-udp-loss",
	.title = "Fire and forget: UDP loses, TCP does not",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
	.shim = "shortio",
	.needs_netns = 1,
	.checks_per_job = 4,	/* they mostly wait: pacing, timeouts, slow readers */
};

LESSON_REGISTER(lesson_08)

/*
 * 12-measure: checks for the lesson "measuring TCP against UDP": pong, an
 * echo server (TCP: whole messages of SIZE bytes; UDP: datagrams); ping,
 * which times COUNT round trips and prints their median and 99th
 * percentile; bulk, a TCP sender and receiver that time a transfer.
 *
 * The student writes the measuring programs; the grader checks that they
 * measure honestly, never that the machine is fast. Counts and bytes are
 * exact. Times are judged against what the grader itself controls and
 * observes in the same run: it plays pong and holds each answer for a time
 * it chooses and measures (a round trip is never shorter than the hold; a
 * percentile of round trips is never below the same percentile of the
 * holds), it paces the bytes of a transfer (a transfer is never shorter
 * than the pacing allows, nor longer than the grader saw it last), and it
 * lets the kernel show Nagle's algorithm meeting a delayed ACK (the 40 ms
 * stall, there without TCP_NODELAY, gone with it). Upper bounds are
 * generous (twice the hold, plus slack); where a figure misses them, the
 * reference program measures the same thing in the same sandbox, and if it
 * misses them too the machine was too busy to measure: inconclusive,
 * never a failure. The facts compared with the reference's run are
 * verdicts ("within the bounds"), never raw times; the times are notes.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lab.h"
#include "lesson.h"
#include "measure.h"
#include "netlab.h"

/* The contract: ping.c's, pong.c's and bulk.c's constants. */
#define DEFAULT_COUNT 100
#define DEFAULT_SIZE 32
#define MAX_SIZE 65507
#define REPLY_WAIT_MS 1000
/* The most messages a check sends (the grader logs each one's hold). */
#define MAX_LOGGED 256
/* Nagle's stall: a median of at least this is one; under NO_STALL, none. */
#define STALL_US 30000
#define NO_STALL_US 10000
/* A figure's upper bound: twice the grader's own, plus this (scaled). */
#define SLACK_MS 10
/* How long a ping may run in a check (unscaled). */
#define PING_WAIT_MS 8000
/* The paced transfers: chunks, their size, the pause between them. */
#define PACED_CHUNKS 8
#define PACED_CHUNK (512 * 1024)
#define PACED_EXTRA 7		/* and a few bytes more, at the end */
#define PACED_GAP_MS 40
#define PACED_WAIT_MS 200	/* before the first byte, once connected */
/* The paced reader: at most this much per tick. */
#define READ_TICK_MS 20
#define READ_PER_TICK (256 * 1024)
/* What the kernel may hold between a sender's send() and our read. */
#define IN_BUFFERS (1024 * 1024)
/* A receiver with -b 2048 holds at most this much unread; without, more. */
#define SMALL_HELD 16384

static const char *const programs[] = {
	"pong", "ping", "bulk", "pace", NULL
};
static const char *const ping_keys[] = {
	"n", "lost", "rtt_median_us", "rtt_p99_us"
};
static const char *const bulk_keys[] = { "bytes", "elapsed_us", "mbit_s" };
/* The lesson's lab (grade --lab), at the end of the file. */
static const struct lesson_lab lab_12;

/* The letter every byte of message i (from 1) is made of. */
static char
letter(long i)
{
	return (char)('a' + (i - 1) % 26);
}

/*
 * tmpl's arguments (run_args) into out (n slots); with address_only they
 * end with ADDRESS alone, the program's default PORT meant, and where
 * that port is not ours (no namespace of our own) PORT is added. Returns
 * out.
 */
static const char *const *
args_for(struct run *r, const char *const tmpl[], int address_only,
    const char *out[], size_t n)
{
	size_t k;

	(void)run_args(r, tmpl, out, n - 1);
	for (k = 0; out[k] != NULL; k++)
		;
	if (address_only && !run_defaults_usable(r)) {
		out[k++] = r->port_arg;
		out[k] = NULL;
	}
	return out;
}

/* ---- The grader as pong: it answers ping, and holds each answer ---- */

/* How long the grader holds its answers. */
enum hold {
	HOLD_NONE, HOLD_SPREAD, HOLD_LONG, HOLD_FIRST, HOLD_HALF, HOLD_ONE
};

/* HOLD_LONG: longer than a second, so that a clock must carry seconds. */
#define LONG_HOLD_MS 1100

/*
 * HOLD_SPREAD, for 100 messages: 60 answered at once, 39 after 50 ms and
 * one (message 30) after 300 ms. The median is an "at once" answer, the
 * 99th percentile a 50 ms one, the largest 300 ms (far above twice a
 * 50 ms hold that a busy machine stretched to 70 ms, plus the slack), the
 * mean 22.5 ms (far above the median's bound, 10 ms). Message 50
 * (what an unsorted median reads) is held 50 ms, message 99 (an unsorted
 * 99th percentile) not at all.
 *
 * The nearest ranks, each read one rank off, against holds that set the
 * ranks apart. HOLD_FIRST, for 2 messages: the first held 50 ms, the
 * second answered at once; the median (rank 1) is the quick one, five
 * times under rank 2. HOLD_HALF, for 51 messages: the odd ones but 51 (25)
 * answered at once, the rest (26) after 20 ms; the median is rank 26, the
 * first held one, and rank 25 is the slowest quick one, which a busy
 * machine must not slow by 20 ms (it slowed one of 49 by 10 ms when two
 * graders ran). HOLD_ONE, for 99 messages: message 50 held 60 ms, the rest
 * answered at once; the 99th percentile is rank 99 (98.01 rounded up), the
 * held one, and rank 98 a quick one.
 */
static int
hold_ms(enum hold h, long i)
{
	switch (h) {
	case HOLD_NONE:
		return 0;
	case HOLD_LONG:
		return LONG_HOLD_MS;
	case HOLD_FIRST:
		return i == 1 ? 50 : 0;
	case HOLD_HALF:
		return i % 2 == 1 && i != 51 ? 0 : 20;
	case HOLD_ONE:
		return i == 50 ? 60 : 0;
	case HOLD_SPREAD:
		break;
	}
	if (i == 30)
		return 300;
	return i % 5 == 0 || i % 5 == 3 ? 50 : 0;
}

/* A ping check where the grader answers. */
struct ping_case {
	const char *args[12];	/* ping's arguments (run_args placeholders) */
	int udp;
	size_t size;		/* the messages' size */
	enum hold hold;
	int drop;		/* UDP: the message left unanswered (0: none) */
	int stale;		/* UDP: the message answered only with a copy
				   of the one before (0: none) */
	int close_after;	/* TCP: close after this many answers (0: no) */
	int judge_times;	/* judge the median and 99th percentile */
	int shim;		/* ping under shortio (1 to 7 bytes a call) */
	const char *ip;		/* the grader listens there (NULL: 127.0.0.1) */
	int address_only;	/* args end with ADDRESS (args_for) */
};

/* What the grader saw while it played pong. */
struct echo_log {
	long received;		/* messages that arrived */
	long answered;
	int64_t hold_us[MAX_LOGGED];	/* each answer's hold, as measured */
	char bad[200];		/* the first message not as the contract says */
	size_t partial;		/* TCP: bytes of an unfinished message */
};

/* Note in log the first message i (len bytes) not as the contract says. */
static void
check_message(struct echo_log *log, long i, const char *data, size_t len,
    size_t size)
{
	if (log->bad[0] != '\0')
		return;
	if (len != size) {
		snprintf(log->bad, sizeof log->bad, "message %ld has %zu "
		    "bytes, not %zu", i, len, size);
		return;
	}
	for (size_t k = 0; k < len; k++)
		if (data[k] != letter(i)) {
			snprintf(log->bad, sizeof log->bad, "byte %zu of "
			    "message %ld is not '%c'", k + 1, i, letter(i));
			return;
		}
}

/* Hold for ms, and add the hold, measured from since, to log. */
static void
hold_and_log(struct echo_log *log, int ms, int64_t since)
{
	if (ms > 0)
		clock_sleep_ms(ms);
	if (log->answered < MAX_LOGGED)
		log->hold_us[log->answered] = clock_us() - since;
	log->answered++;
}

/* Play pong on the TCP listener lfd for one connection of p's. */
static void
serve_tcp(struct run *r, int lfd, struct proc *p, const struct ping_case *c,
    struct echo_log *log)
{
	int64_t deadline = clock_ms() + run_ms(r, PING_WAIT_MS);
	char peer[64], err[NET_ERR_LEN];
	enum run_recv end;
	struct bytes b;
	int fd;

	fd = net_tcp_accept(lfd, deadline, peer, sizeof peer, err);
	if (fd < 0) {
		run_note(r, "no connection to answer (%s)", run_running(p) ?
		    "none came" : "ping had ended");
		return;
	}
	bytes_init(&b);
	for (long i = 1;; i++) {
		bytes_clear(&b);
		end = run_tcp_recv_exactly(r, fd, &b, c->size,
		    clock_left_ms(deadline));
		if (end != RUN_RECV_ALL) {
			log->partial = b.len;
			break;
		}
		int64_t since = clock_us();

		log->received++;
		check_message(log, i, b.data, b.len, c->size);
		hold_and_log(log, hold_ms(c->hold, i), since);
		if (run_tcp_send(r, fd, NULL, b.data, b.len) == -1)
			break;
		if (c->close_after > 0 && log->answered == c->close_after) {
			/*
			 * The end of the stream, but the socket stays open:
			 * what ping sends next is read, never reset.
			 */
			(void)shutdown(fd, SHUT_WR);
			run_note(r, "ended its side of the connection after %d "
			    "answers (and read on)", c->close_after);
			bytes_clear(&b);
			(void)run_tcp_recv(r, fd, &b, 0,
			    clock_left_ms(deadline));
			break;
		}
	}
	bytes_free(&b);
	close(fd);
}

/* Play pong on the UDP probe fd until p has ended. */
static void
serve_udp(struct run *r, int fd, struct proc *p, const struct ping_case *c,
    struct echo_log *log)
{
	int64_t deadline = clock_ms() + run_ms(r, PING_WAIT_MS);
	char from[64], *stale = NULL;
	struct bytes b;
	long i;

	bytes_init(&b);
	while (run_udp_recv_while(r, fd, p, deadline, &b, from,
	    sizeof from) == 0) {
		int64_t since = clock_us();

		i = ++log->received;
		check_message(log, i, b.data, b.len, c->size);
		if (i == c->drop) {
			run_note(r, "left message %ld unanswered", i);
			continue;
		}
		if (i == c->stale && b.len > 0) {
			stale = xmalloc(b.len);
			memset(stale, letter(i - 1), b.len);
			(void)run_udp_reply(r, fd, from, stale, b.len,
			    RUN_QUIET);
			run_note(r, "answered message %ld only with a copy of "
			    "message %ld", i, i - 1);
			free(stale);
			continue;
		}
		hold_and_log(log, hold_ms(c->hold, i), since);
		(void)run_udp_reply(r, fd, from, b.data, b.len, RUN_QUIET);
	}
	bytes_free(&b);
}

/* What one ping's run amounted to, as the facts the check records. */
struct ping_verdict {
	char ended[128];	/* how it ended */
	char line[160];		/* its line: as the contract says, or not */
	char counts[64];	/* "n=N lost=L", from its line */
	char messages[200];	/* what it sent */
	char median[200];	/* within the bounds, or how it misses them */
	char p99[200];
	char same[80];		/* n=1: the median is the 99th percentile */
	char complaint[32];	/* when it failed: a message on stderr? */
	int times_ok;		/* both within their bounds */
};

/*
 * The grader's holds, held (as measured) and designed (as hold_ms() says),
 * for the n messages it answered, each sorted.
 */
struct holds {
	int64_t held[MAX_LOGGED];
	int64_t designed[MAX_LOGGED];
	size_t n;
};

static void
holds_of(const struct ping_case *c, const struct echo_log *log,
    struct holds *h)
{
	h->n = (size_t)log->answered;
	memcpy(h->held, log->hold_us, h->n * sizeof *h->held);
	for (size_t i = 0; i < h->n; i++)
		h->designed[i] = hold_ms(c->hold, (long)i + 1) * 1000;
	(void)measure_percentile(h->held, h->n, 100);
	(void)measure_percentile(h->designed, h->n, 100);
}

/*
 * The figure at percentile p: at least the grader's hold at its rank k
 * (every round trip holds its hold); at most twice that plus SLACK_MS,
 * and, where the holds were designed to set rank k + 1 above rank k, less
 * than the hold at rank k + 1 as held: the largest of k + 1 round trips is
 * no shorter, so a figure read one rank too high never gets under it,
 * however long a busy machine stretched the holds. Notes how it missed as
 * note.miss.KEY: "low", "high" or "none". Returns 1 when within.
 */
static int
judge_figure(struct run *r, char *out, size_t n, const char *what,
    const char *key, double got, const struct holds *h, int p)
{
	size_t k = ((size_t)p * h->n + 99) / 100;
	int64_t hold = h->held[k - 1];
	int64_t hi = 2 * hold + (int64_t)run_ms(r, SLACK_MS) * 1000;
	int capped = k < h->n && h->designed[k] > h->designed[k - 1] &&
	    got >= (double)h->held[k];

	transcript_note_setf(r->t, "miss", key, "%s", got < (double)hold ?
	    "low" : got > (double)hi || capped ? "high" : "none");
	if (got >= (double)hold && got <= (double)hi && !capped) {
		snprintf(out, n, "within the bounds");
		return 1;
	}
	if (capped && got <= (double)hi)
		snprintf(out, n, "the %s %.0f us, no less than the grader's "
		    "hold at the next rank (%zu), %lld us: the round trip one "
		    "rank too high", what, got, k + 1, (long long)h->held[k]);
	else
		snprintf(out, n, "the %s %.0f us, %s than %s %lld us", what,
		    got, got < (double)hold ? "less" : "more", got <
		    (double)hold ? "the grader's own hold at that rank, a "
		    "floor no round trip goes under:" : "twice the grader's "
		    "hold at that rank plus the slack:", (long long)(got <
		    (double)hold ? hold : hi));
	return 0;
}

/*
 * Run ping (the program under test, or the reference's as driver) with
 * c's arguments against the grader's pong, and fill v.
 */
static void
ping_against_grader(struct run *r, const struct ping_case *c, int lfd,
    const char *label, struct ping_verdict *v)
{
	int driver = strcmp(label, "refping") == 0;
	struct run_extra x = { .driver = driver,
	    .shim = c->shim && !driver ? "shortio" : NULL };
	static struct echo_log log;
	static struct holds h;
	const char *args[16];
	double f[4];
	struct bytes out;
	struct proc *p;

	memset(&log, 0, sizeof log);
	memset(v, 0, sizeof *v);
	p = run_start_ext(r, "ping", label, args_for(r, c->args,
	    c->address_only, args, 16), &x);
	if (c->udp)
		serve_udp(r, lfd, p, c, &log);
	else
		serve_tcp(r, lfd, p, c, &log);
	(void)run_wait_exit(r, p, c->udp ? 2 * REPLY_WAIT_MS : 1000);
	run_describe(p, v->ended, sizeof v->ended);
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDERR, &out, 4096);
	if (run_exit_code(p) > 0)
		snprintf(v->complaint, sizeof v->complaint, "%s", out.len > 0 ?
		    "a message on stderr" : "nothing on stderr");
	bytes_clear(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	run_collect_notes(r, p);
	run_note(r, "%s: the grader received %ld messages and answered %ld",
	    label, log.received, log.answered);
	snprintf(v->messages, sizeof v->messages, "%s", log.bad[0] != '\0' ?
	    log.bad : log.partial > 0 ? "an unfinished message at the end" :
	    "every message as the contract says");
	if (measure_fields(out.data, out.len, ping_keys, f, 4) == 0) {
		snprintf(v->line, sizeof v->line, "n=N lost=L rtt_median_us=M "
		    "rtt_p99_us=P");
	} else if (measure_fields(out.data, out.len, ping_keys, f, 2) == 0 &&
	    f[0] == 0) {
		snprintf(v->line, sizeof v->line, "n=0 lost=L");
	} else {
		struct bytes e;

		bytes_init(&e);
		escape_bytes(&e, out.data, out.len, 120);
		snprintf(v->line, sizeof v->line, "not the contract's line: "
		    "'%s'", bytes_str(&e));
		bytes_free(&e);
		bytes_free(&out);
		return;
	}
	bytes_free(&out);
	snprintf(v->counts, sizeof v->counts, "n=%.0f lost=%.0f", f[0], f[1]);
	if (f[0] == 1)
		snprintf(v->same, sizeof v->same, "%s", f[2] == f[3] ?
		    "the median and the 99th percentile are the one round trip" :
		    "the median and the 99th percentile differ");
	v->times_ok = 1;
	if (!c->judge_times || f[0] == 0 || log.answered == 0 ||
	    log.answered > MAX_LOGGED)
		return;
	holds_of(c, &log, &h);
	run_note(r, "%s: median %.0f us, 99th percentile %.0f us; the "
	    "grader's holds at those ranks: %lld us and %lld us", label,
	    f[2], f[3], (long long)measure_percentile(h.held, h.n, 50),
	    (long long)measure_percentile(h.held, h.n, 99));
	v->times_ok = judge_figure(r, v->median, sizeof v->median,
	    "median", driver ? "refmedian" : "median", f[2], &h, 50);
	v->times_ok &= judge_figure(r, v->p99, sizeof v->p99,
	    "99th percentile", driver ? "refp99" : "p99", f[3], &h, 99);
}

/* Record v under LABEL.* facts. */
static void
record_ping(struct run *r, const struct ping_verdict *v, int times)
{
	transcript_setf(r->t, "ping.ended", "%s", v->ended);
	transcript_setf(r->t, "ping.line", "%s", v->line);
	if (v->counts[0] != '\0')
		transcript_setf(r->t, "ping.counts", "%s", v->counts);
	transcript_setf(r->t, "ping.messages", "%s", v->messages);
	if (v->same[0] != '\0')
		transcript_setf(r->t, "ping.one", "%s", v->same);
	if (v->complaint[0] != '\0')
		transcript_setf(r->t, "ping.complaint", "%s", v->complaint);
	if (times && v->median[0] != '\0') {
		transcript_setf(r->t, "ping.median", "%s", v->median);
		transcript_setf(r->t, "ping.p99", "%s", v->p99);
	}
}

/*
 * ping against the grader's pong: its line, counts and messages exact,
 * its figures within the bounds of the grader's holds. When they are not,
 * the reference's ping measures the same in the same sandbox: if it
 * misses too, the machine was too busy (inconclusive); if it does not,
 * the student's ping gets a second run, and the second run's figures are
 * judged (a miss a busy machine caused once rarely comes twice; a bug's
 * miss always does).
 */
static void
ping_figures(struct run *r)
{
	const struct ping_case *c = r->arg;
	char err[NET_ERR_LEN];
	struct ping_verdict v, ref;
	int fd;

	const char *ip = c->ip != NULL ? c->ip : "127.0.0.1";

	if (c->udp)
		fd = run_udp_probe(r, ip, r->port);
	else
		fd = net_tcp_listen(ip, r->port, err);
	if (fd < 0) {
		if (!c->udp)
			transcript_setf(r->t, "note.error", "the grader could "
			    "not listen on %s:%d: %s", ip, r->port, err);
		return;
	}
	if (c->hold == HOLD_LONG)
		run_note(r, "the grader answers after %d ms", LONG_HOLD_MS);
	if (c->hold == HOLD_SPREAD)
		run_note(r, "the grader answers at once, but after 50 ms "
		    "when the message's number ends in 0, 3, 5 or 8, and "
		    "after 300 ms for message 30");
	if (c->hold == HOLD_FIRST)
		run_note(r, "the grader answers message 1 after 50 ms, "
		    "message 2 at once");
	if (c->hold == HOLD_HALF)
		run_note(r, "the grader answers odd messages but 51 at once, "
		    "the others after 20 ms");
	if (c->hold == HOLD_ONE)
		run_note(r, "the grader answers message 50 after 60 ms, the "
		    "others at once");
	ping_against_grader(r, c, fd, "ping", &v);
	if (!v.times_ok && v.median[0] != '\0' && r->cfg->reference) {
		run_inconclusive(r, "the reference ping's figures missed the "
		    "grader's bounds (%s; %s): the machine is too busy to "
		    "measure", v.median, v.p99);
	} else if (!v.times_ok && v.median[0] != '\0') {
		ping_against_grader(r, c, fd, "refping", &ref);
		if (!ref.times_ok)
			run_inconclusive(r, "the reference ping, run after "
			    "yours in the same sandbox, missed the bounds too "
			    "(%s; %s): the machine is too busy to measure",
			    ref.median, ref.p99);
		else
			ping_against_grader(r, c, fd, "ping-again", &v);
	}
	record_ping(r, &v, c->judge_times);
	close(fd);
}

/* ---- Nagle's algorithm and the delayed ACK, against the reference pong ---- */

struct nagle_case {
	const char *args[12];	/* ping's arguments */
	int stall;		/* the median must show the stall */
};

/* "a stall", "no stall" or "neither", for a median of us microseconds. */
static const char *
stall_of(double us)
{
	return us >= STALL_US ? "a stall: median at least 30 ms" :
	    us < NO_STALL_US ? "no stall: median under 10 ms" :
	    "neither: median between 10 and 30 ms";
}

/*
 * Run ping (driver: the reference's) against the reference pong and
 * write the stall its median shows into stall (n bytes); fill v's line
 * and counts. Returns the median, or -1 when there is none.
 */
static double
ping_nagle(struct run *r, const struct nagle_case *c, const char *label,
    struct ping_verdict *v, char *stall, size_t n)
{
	int driver = strcmp(label, "refping") == 0;
	struct run_extra x = { .driver = driver };
	const char *args[16];
	struct bytes out;
	struct proc *p;
	double f[4], median = -1;

	memset(v, 0, sizeof *v);
	snprintf(stall, n, "no median");
	p = run_start_ext(r, "ping", label, run_args(r, c->args, args, 16),
	    &x);
	(void)run_wait_exit(r, p, PING_WAIT_MS);
	run_describe(p, v->ended, sizeof v->ended);
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	run_collect_notes(r, p);
	snprintf(v->messages, sizeof v->messages, "not judged here");
	if (measure_fields(out.data, out.len, ping_keys, f, 4) == 0) {
		snprintf(v->line, sizeof v->line, "n=N lost=L rtt_median_us=M "
		    "rtt_p99_us=P");
		snprintf(v->counts, sizeof v->counts, "n=%.0f lost=%.0f",
		    f[0], f[1]);
		median = f[2];
		snprintf(stall, n, "%s", stall_of(median));
		run_note(r, "%s: median %.0f us, 99th percentile %.0f us",
		    driver ? "the reference's ping" : "ping", f[2], f[3]);
	} else {
		snprintf(v->line, sizeof v->line, "not the contract's line");
	}
	bytes_free(&out);
	return median;
}

/*
 * ping -2 (two writes, then a read) against the reference pong: without
 * -D the median shows Nagle's stall (at least 30 ms), with -D none (under
 * 10 ms). A reference that does not show what the kernel should is the
 * machine's doing: inconclusive. A student's ping that does not, where
 * the reference run after it in the same sandbox does, gets a second run.
 */
static void
nagle(struct run *r)
{
	const struct nagle_case *c = r->arg;
	const char *pargs[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .driver = 1 };
	struct ping_verdict v, ref;
	char stall[64], ref_stall[64];
	const char *want = c->stall ? stall_of(STALL_US) : stall_of(0);
	struct proc *pong;

	pong = run_start_ext(r, "pong", "pong", pargs, &x);
	if (run_wait_bound(r, pong, "pong", SOCK_STREAM, r->port) == -1) {
		run_collect_notes(r, pong);
		return;
	}
	(void)ping_nagle(r, c, "ping", &v, stall, sizeof stall);
	if (strcmp(stall, want) != 0 && strcmp(stall, "no median") != 0 &&
	    r->cfg->reference) {
		run_inconclusive(r, "the reference ping showed %s, where this "
		    "kernel should show %s", stall, want);
	} else if (strcmp(stall, want) != 0 &&
	    strcmp(stall, "no median") != 0) {
		(void)ping_nagle(r, c, "refping", &ref, ref_stall,
		    sizeof ref_stall);
		if (strcmp(ref_stall, want) != 0)
			run_inconclusive(r, "the reference ping, run after "
			    "yours in the same sandbox, showed %s too, where "
			    "this kernel should show %s", ref_stall, want);
		else
			(void)ping_nagle(r, c, "ping-again", &v, stall,
			    sizeof stall);
	}
	transcript_setf(r->t, "ping.ended", "%s", v.ended);
	transcript_setf(r->t, "ping.line", "%s", v.line);
	if (v.counts[0] != '\0')
		transcript_setf(r->t, "ping.counts", "%s", v.counts);
	transcript_setf(r->t, "ping.stall", "%s", stall);
	run_collect_notes(r, pong);
}

/* ---- ping's own reactions ---- */

/* A program started with nothing at PORT: which, and its arguments. */
struct nobody_case {
	const char *program;
	const char *args[8];
};

/* With nothing at PORT, r->arg's program must react as the reference. */
static void
nobody_there(struct run *r)
{
	const struct nobody_case *c = r->arg;
	const char *args[16];
	char key[32];
	struct proc *p;

	run_note(r, "nothing at 127.0.0.1:%d", r->port);
	p = run_start(r, c->program, c->program, run_args(r, c->args, args,
	    16));
	snprintf(key, sizeof key, "%s.reaction", c->program);
	run_record_reaction(r, p, key, 3000);
	run_collect(r, p);
}

/* A program whose port the grader holds: which, its arguments, UDP? */
struct taken_case {
	const char *program;
	const char *args[8];
	int udp;
};

/*
 * The grader holds 127.0.0.1:PORT (a TCP listener, or a bound UDP
 * socket) and starts r->arg's program there: its bind() must fail, with
 * a message naming bind, and exit status 1.
 */
static void
port_taken(struct run *r)
{
	const struct taken_case *c = r->arg;
	char err[NET_ERR_LEN], key[32];
	const char *args[16];
	struct bytes msg;
	struct proc *p;
	int fd;

	fd = c->udp ? net_udp_bind("127.0.0.1", r->port, err) :
	    net_tcp_listen("127.0.0.1", r->port, err);
	if (fd < 0) {
		transcript_setf(r->t, "note.error", "the grader could not hold "
		    "127.0.0.1:%d: %s", r->port, err);
		return;
	}
	run_note(r, "the grader holds 127.0.0.1:%d (%s)", r->port, c->udp ?
	    "UDP" : "TCP");
	p = run_start(r, c->program, c->program, run_args(r, c->args, args,
	    16));
	snprintf(key, sizeof key, "%s.reaction", c->program);
	run_record_reaction(r, p, key, 2000);
	bytes_init(&msg);
	(void)run_read_output(p, RUN_STDERR, &msg, 4096);
	snprintf(key, sizeof key, "%s.message", c->program);
	transcript_setf(r->t, key, "%s", strstr(bytes_str(&msg), "bind") !=
	    NULL ? "names bind()" : "does not name bind()");
	bytes_free(&msg);
	run_collect(r, p);
	close(fd);
}

/* ---- The grader as ping: pong's answers ---- */

/* Message i of size bytes, as ping sends it, into b (replacing it). */
static void
make_message(struct bytes *b, long i, size_t size)
{
	bytes_clear(b);
	for (size_t k = 0; k < size; k++)
		bytes_append(b, &(char){ letter(i) }, 1);
}

/* A pong check where the grader plays ping. */
struct pong_case {
	const char *args[8];	/* pong's arguments */
	int udp;
	size_t size;		/* TCP: pong's SIZE */
	int halves;		/* TCP: each message in two halves, 150 ms apart */
	int together;		/* TCP: all the messages in one send() */
	int next;		/* TCP: a second connection after a first one
				   that ends with half a message */
	size_t sizes[6];	/* UDP: the datagrams' sizes (0 ends) */
	int two_peers;		/* UDP: from two probes, in turn */
	int shim;		/* pong under shortio (1 to 7 bytes a call) */
	int address_only;	/* args end with ADDRESS (args_for) */
	const char *ip;		/* pong's ADDRESS (NULL: 127.0.0.1) */
	int port;		/* pong's PORT, in args (0: the lesson's) */
};

/* Where c's pong listens: its ADDRESS, and its PORT. */
static const char *
pong_ip(const struct pong_case *c)
{
	return c->ip != NULL ? c->ip : "127.0.0.1";
}

static int
pong_port(struct run *r, const struct pong_case *c)
{
	return c->port != 0 ? c->port : r->port;
}

/*
 * Start pong with c's arguments and wait until it is bound (elsewhere than
 * 127.0.0.1, pong.bound says where). Returns it, or NULL (collected).
 */
static struct proc *
start_pong(struct run *r, const struct pong_case *c)
{
	struct run_extra x = { .shim = c->shim ? "shortio" : NULL };
	const char *args[12];
	struct proc *p;

	p = run_start_ext(r, "pong", "pong", args_for(r, c->args,
	    c->address_only, args, 12), &x);
	if (run_wait_bound(r, p, "pong", c->udp ? SOCK_DGRAM : SOCK_STREAM,
	    pong_port(r, c)) == -1 && (c->ip == NULL || !run_running(p))) {
		run_collect(r, p);
		return NULL;
	}
	return p;
}

/*
 * One TCP connection of count messages: send each (in halves, 150 ms
 * apart, with c->halves; all at once with c->together), and record under
 * key what came back: the answers, and with halves what came before the
 * second half ("nothing" or the bytes).
 */
static void
pong_connection(struct run *r, const struct pong_case *c, int count,
    size_t extra, const char *key)
{
	struct bytes msg, all, got, before;
	enum run_recv end = RUN_RECV_ERROR;
	char k[64];
	int fd;

	fd = run_tcp_connect_to(r, pong_ip(c), pong_port(r, c), 2000, key);
	if (fd == -1)
		return;
	bytes_init(&msg);
	bytes_init(&all);
	bytes_init(&got);
	bytes_init(&before);
	for (int i = 1; i <= count; i++) {
		make_message(&msg, i, c->size);
		if (c->together) {
			bytes_append(&all, msg.data, msg.len);
			continue;
		}
		if (c->halves) {
			size_t half = c->size / 2;

			(void)run_tcp_send(r, fd, "the grader (first half)",
			    msg.data, half);
			(void)run_tcp_recv(r, fd, &before, 0, 150);
			(void)run_tcp_send(r, fd, "the grader (second half)",
			    msg.data + half, msg.len - half);
		} else {
			(void)run_tcp_send(r, fd, "the grader", msg.data,
			    msg.len);
		}
		end = run_tcp_recv_exactly(r, fd, &got, c->size, 1000);
		if (end != RUN_RECV_ALL)
			break;
	}
	if (c->together) {
		(void)run_tcp_send(r, fd, "the grader (every message in one "
		    "send)", all.data, all.len);
		end = run_tcp_recv_exactly(r, fd, &got, all.len, 1000);
	}
	if (end != RUN_RECV_ALL)
		run_describe_recv(r, &got, end, got.len, 1000);
	if (c->halves) {
		snprintf(k, sizeof k, "%s-early", key);
		if (before.len == 0)
			transcript_setf(r->t, k, "nothing before the whole "
			    "message");
		else
			transcript_setf(r->t, k, "%zu bytes before the "
			    "message was whole", before.len);
	}
	transcript_set(r->t, key, got.data, got.len);
	if (extra > 0) {
		/* Half a message, then the end of the stream: no answer. */
		make_message(&msg, count + 1, extra);
		(void)run_tcp_send(r, fd, "the grader (half a message, then "
		    "the end of its stream)", msg.data, msg.len);
		(void)shutdown(fd, SHUT_WR);
		bytes_clear(&got);
		end = run_tcp_recv(r, fd, &got, 0, 1000);
		snprintf(k, sizeof k, "%s-after-half", key);
		if (end == RUN_RECV_CLOSED && got.len == 0)
			transcript_setf(r->t, k, "nothing, then the end of the "
			    "stream");
		else if (end == RUN_RECV_CLOSED)
			transcript_setf(r->t, k, "%zu bytes, then the end of "
			    "the stream", got.len);
		else
			transcript_setf(r->t, k, "%zu bytes, and the connection "
			    "still open after 1000 ms", got.len);
	}
	close(fd);
	bytes_free(&msg);
	bytes_free(&all);
	bytes_free(&got);
	bytes_free(&before);
}

/* pong over TCP: what comes back, message by message. */
static void
pong_tcp(struct run *r)
{
	const struct pong_case *c = r->arg;
	struct proc *p = start_pong(r, c);

	if (p == NULL)
		return;
	pong_connection(r, c, 3, c->next ? c->size / 2 : 0, "probe.answers");
	if (c->next) {
		(void)run_wait_tcp_gone(r, pong_port(r, c),
		    SOCK_STATE_ESTABLISHED, 1000);
		pong_connection(r, c, 2, 0, "probe.next-answers");
	}
	run_collect(r, p);
}

/* pong over UDP: each datagram's answer, to the probe that sent it. */
static void
pong_udp(struct run *r)
{
	const struct pong_case *c = r->arg;
	struct proc *p = start_pong(r, c);
	struct bytes msg, got;
	char from[64], key[32];
	int fd[2] = { -1, -1 };

	if (p == NULL)
		return;
	fd[0] = run_udp_probe(r, "127.0.0.1", r->probe_port[0]);
	if (c->two_peers)
		fd[1] = run_udp_probe(r, "127.0.0.1", r->probe_port[1]);
	bytes_init(&msg);
	bytes_init(&got);
	for (int i = 0; i < 6 && c->sizes[i] > 0 && fd[0] != -1; i++) {
		int who = c->two_peers ? i % 2 : 0;

		if (fd[who] == -1)
			break;
		make_message(&msg, i + 1, c->sizes[i]);
		(void)run_udp_send(r, fd[who], r->port, msg.data, msg.len,
		    NULL);
		snprintf(key, sizeof key, "probe.answer%d", i + 1);
		if (run_udp_recv(r, fd[who], &got, 1000, from,
		    sizeof from) != 0) {
			transcript_setf(r->t, key, "nothing within 1000 ms");
			continue;
		}
		transcript_setf(r->t, key, "%zu bytes%s, to probe %d", got.len,
		    got.len == msg.len && memcmp(got.data, msg.data,
		    msg.len) == 0 ? ", the same" : ", not the same", who + 1);
	}
	for (int i = 0; i < 2; i++)
		if (fd[i] != -1)
			close(fd[i]);
	bytes_free(&msg);
	bytes_free(&got);
	run_collect(r, p);
}

/* ---- bulk ---- */

/* Record at key how p ended ("exited with status 0", "still running"). */
static void
record_ended(struct run *r, struct proc *p, const char *key)
{
	char how[128];

	run_describe(p, how, sizeof how);
	transcript_setf(r->t, key, "%s", how);
}

/*
 * Read program's line (its stdout, out) with keys (n of them, the last
 * three bytes, elapsed_us and mbit_s) into f, and record PROGRAM.line
 * (shape, or what was printed instead) and PROGRAM.rate: the rate is
 * bytes * 8 / elapsed, as printed (one decimal). Returns 0, or -1 when
 * the line is not the contract's.
 */
static int
record_figures_line(struct run *r, const char *program, const char *shape,
    const struct bytes *out, const char *const keys[], size_t n, double f[])
{
	char key[32];
	double want;

	snprintf(key, sizeof key, "%s.line", program);
	if (measure_fields(out->data, out->len, keys, f, n) == -1) {
		struct bytes e;

		bytes_init(&e);
		escape_bytes(&e, out->data, out->len, 120);
		transcript_setf(r->t, key, "not the contract's line: '%s'",
		    bytes_str(&e));
		bytes_free(&e);
		return -1;
	}
	transcript_setf(r->t, key, "%s", shape);
	snprintf(key, sizeof key, "%s.rate", program);
	want = f[n - 2] > 0 ? f[n - 3] * 8 / f[n - 2] : 0;
	if (f[n - 1] >= want - 0.06 - want / 1e6 &&
	    f[n - 1] <= want + 0.06 + want / 1e6)
		transcript_setf(r->t, key, "bytes * 8 / elapsed_us");
	else
		transcript_setf(r->t, key, "mbit_s=%.1f, but bytes * 8 / "
		    "elapsed_us is %.1f", f[n - 1], want);
	return 0;
}

/* bulk's line, bytes=N elapsed_us=T mbit_s=R, into f (record_figures_line). */
static int
record_bulk_line(struct run *r, const struct bytes *out, double f[3])
{
	return record_figures_line(r, "bulk", "bytes=N elapsed_us=T mbit_s=R",
	    out, bulk_keys, 3, f);
}

/* Record bulk.elapsed: within [lo, hi] us, or how it misses. */
static int
judge_elapsed(struct run *r, double got, double lo, double hi,
    const char *lo_why, const char *hi_why)
{
	run_note(r, "bulk: elapsed_us=%.0f; the grader's bounds: %.0f to "
	    "%.0f us", got, lo, hi);
	transcript_note_setf(r->t, "miss", "elapsed", "%s", got < lo ? "low" :
	    got > hi ? "high" : "none");
	if (got >= lo && got <= hi) {
		transcript_setf(r->t, "bulk.elapsed", "within the bounds");
		return 1;
	}
	transcript_setf(r->t, "bulk.elapsed", "elapsed_us=%.0f, %s %.0f us "
	    "(%s)", got, got < lo ? "less than" : "more than", got < lo ?
	    lo : hi, got < lo ? lo_why : hi_why);
	return 0;
}

/*
 * Send the paced transfer on fd: PACED_WAIT_MS of nothing, PACED_CHUNKS
 * chunks PACED_GAP_MS apart, PACED_EXTRA bytes, close. *first is when the
 * first byte was sent, *closed when the connection was closed (clock_us).
 */
static void
send_paced(struct run *r, int fd, int64_t *first, int64_t *closed)
{
	static char chunk[PACED_CHUNK];

	memset(chunk, 'x', sizeof chunk);
	clock_sleep_ms(PACED_WAIT_MS);
	*first = clock_us();
	for (int i = 0; i < PACED_CHUNKS; i++) {
		if (i > 0)
			clock_sleep_ms(PACED_GAP_MS);
		if (run_tcp_send(r, fd, NULL, chunk, sizeof chunk) == -1)
			break;
	}
	(void)run_tcp_send(r, fd, NULL, chunk, PACED_EXTRA);
	close(fd);
	*closed = clock_us();
	run_note(r, "connected, waited %d ms, then sent %d chunks of %d "
	    "bytes %d ms apart and %d bytes more, and closed", PACED_WAIT_MS,
	    PACED_CHUNKS, PACED_CHUNK, PACED_GAP_MS, PACED_EXTRA);
}

/*
 * bulk -l (r->arg: its arguments; program "bulk" or, as driver, the
 * reference's) receives the grader's paced transfer. Returns 1 when its
 * elapsed_us was within the bounds (or not judged), 0 when not.
 */
static int
receiver_paced_once(struct run *r, const char *const *tmpl, const char *label)
{
	int driver = strcmp(label, "refbulk") == 0;
	struct run_extra x = { .driver = driver };
	int64_t first = 0, closed = 0, seen;
	const char *args[16];
	struct bytes out;
	struct proc *p;
	double f[3];
	int fd, ok = 1;

	p = run_start_ext(r, "bulk", label, run_args(r, tmpl, args, 16), &x);
	if (run_wait_bound(r, p, label, SOCK_STREAM, r->port) == -1) {
		run_collect(r, p);
		return 1;
	}
	fd = run_tcp_connect(r, r->port, 2000, "bulk.connection");
	if (fd != -1)
		send_paced(r, fd, &first, &closed);
	(void)run_wait_exit(r, p, 2000);
	seen = clock_us();
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	record_ended(r, p, driver ? "note.refbulk.ended" : "bulk.ended");
	run_collect_notes(r, p);
	if (fd != -1 && !driver && record_bulk_line(r, &out, f) == 0) {
		transcript_setf(r->t, "bulk.bytes", "bytes=%.0f", f[0]);
		ok = judge_elapsed(r, f[1], 0.5 * (double)(closed - first),
		    (double)(seen - first) + run_ms(r, 20) * 1000.0,
		    "half the time between the grader's first byte and its "
		    "close", "the time from the grader's first byte until "
		    "the receiver had ended");
	} else if (fd != -1 && driver &&
	    measure_fields(out.data, out.len, bulk_keys, f, 3) == 0) {
		ok = f[1] >= 0.5 * (double)(closed - first) &&
		    f[1] <= (double)(seen - first) + run_ms(r, 20) * 1000.0;
	}
	bytes_free(&out);
	return ok;
}

/*
 * The receiver's figures for the grader's paced transfer: the bytes
 * exact, the time within what the pacing allows. A miss is judged as
 * ping_figures() does: the reference in the same sandbox, then, if it
 * was within, a second run of the student's.
 */
static void
receiver_paced(struct run *r)
{
	if (receiver_paced_once(r, r->arg, "bulk"))
		return;
	if (r->cfg->reference) {
		run_inconclusive(r, "the reference receiver's elapsed_us "
		    "missed the grader's bounds: the machine is too busy to "
		    "measure");
		return;
	}
	(void)run_wait_tcp_gone(r, r->port, SOCK_STATE_LISTEN, 1000);
	if (!receiver_paced_once(r, r->arg, "refbulk")) {
		run_inconclusive(r, "the reference receiver, run after yours "
		    "in the same sandbox, missed the bounds too: the machine "
		    "is too busy to measure");
		return;
	}
	(void)run_wait_tcp_gone(r, r->port, SOCK_STATE_LISTEN, 1000);
	(void)receiver_paced_once(r, r->arg, "bulk-again");
}

/*
 * bulk -l -b (r->arg: its arguments), paused once it has accepted: how
 * much its socket holds unread while the grader sends all it can.
 */
static void
receiver_buffer(struct run *r)
{
	const char *const *tmpl = r->arg;
	static char chunk[65536];
	const char *args[16];
	int64_t deadline;
	struct proc *p;
	long held = -1;
	int fd, nl, small = 4096;

	p = run_start(r, "bulk", "bulk", run_args(r, tmpl, args, 16));
	if (run_wait_bound(r, p, "bulk", SOCK_STREAM, r->port) == -1) {
		run_collect(r, p);
		return;
	}
	fd = run_tcp_connect(r, r->port, 2000, "bulk.connection");
	if (fd == -1 || run_wait_accepted(r, r->port, 2000) == -1 ||
	    run_pause(p) == -1) {
		if (fd != -1)
			close(fd);
		run_collect(r, p);
		return;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	memset(chunk, 'x', sizeof chunk);
	deadline = clock_ms() + 300;
	while (clock_ms() < deadline) {
		if (send(fd, chunk, sizeof chunk, MSG_DONTWAIT |
		    MSG_NOSIGNAL) == -1 && errno != EAGAIN)
			break;
		clock_sleep_ms(10);
	}
	nl = net_diag_socket();
	if (nl != -1) {
		held = net_peer_unread(nl, fd);
		close(nl);
	}
	run_note(r, "the receiver, paused after accept(), held %ld bytes "
	    "unread while the grader sent all it could for 300 ms", held);
	if (held < 0)
		run_inconclusive(r, "the kernel could not say how much the "
		    "receiver's socket held");
	else
		transcript_setf(r->t, "bulk.held", held <= SMALL_HELD ?
		    "at most %d bytes" : "more than %d bytes", SMALL_HELD);
	run_resume(p);
	close(fd);
	(void)run_wait_exit(r, p, 2000);
	record_ended(r, p, "bulk.ended");
	run_collect_notes(r, p);
}

/* A receiver check where exact bytes, not times, are judged. */
struct receiver_case {
	const char *args[8];	/* bulk's arguments */
	long bytes;		/* the grader sends that many, then closes */
	int shim;		/* bulk under shortio (1 to 7 bytes a call) */
	int open_files;		/* its descriptor limit (4: accept() fails) */
};

/*
 * The receiver gets r->arg's bytes at once and the end of the stream: its
 * line is compared as printed when no byte came, else bytes= alone.
 */
static void
receiver_counts(struct run *r)
{
	const struct receiver_case *c = r->arg;
	struct run_extra x = { .shim = c->shim ? "shortio" : NULL,
	    .open_files = c->open_files };
	static char chunk[65536];
	const char *args[16];
	struct bytes out;
	struct proc *p;
	long left = c->bytes;
	double f[3];
	int fd;

	if (c->open_files > 0 && r->cfg->memcheck_grading) {
		/* valgrind holds descriptors of its own: not judged there. */
		run_note(r, "not judged under valgrind");
		return;
	}
	p = run_start_ext(r, "bulk", "bulk", run_args(r, c->args, args, 16),
	    &x);
	if (c->open_files > 0) {
		/* Linux takes accept()'s descriptor before it waits. */
		run_record_reaction(r, p, "bulk.reaction", 2000);
		bytes_init(&out);
		(void)run_read_output(p, RUN_STDERR, &out, 4096);
		transcript_setf(r->t, "bulk.message", "%s",
		    strstr(bytes_str(&out), "accept") != NULL ?
		    "names accept()" : "does not name accept()");
		bytes_free(&out);
		run_collect(r, p);
		return;
	}
	if (run_wait_bound(r, p, "bulk", SOCK_STREAM, r->port) == -1) {
		run_collect(r, p);
		return;
	}
	fd = run_tcp_connect(r, r->port, 2000, "bulk.connection");
	memset(chunk, 'x', sizeof chunk);
	while (fd != -1 && left > 0) {
		size_t n = left < (long)sizeof chunk ? (size_t)left :
		    sizeof chunk;

		if (run_tcp_send(r, fd, NULL, chunk, n) == -1)
			break;
		left -= (long)n;
	}
	if (fd != -1) {
		run_note(r, "connected, sent %ld bytes and closed", c->bytes);
		close(fd);
	}
	(void)run_wait_exit(r, p, run_ms(r, 2000) * (c->shim ? 5 : 1));
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	if (c->bytes > 0) {
		record_ended(r, p, "bulk.ended");
		run_collect_notes(r, p);
		if (record_bulk_line(r, &out, f) == 0)
			transcript_setf(r->t, "bulk.bytes", "bytes=%.0f", f[0]);
	} else {
		run_collect(r, p);
	}
	bytes_free(&out);
}

/* A sender check: its arguments, and the total it must send. */
struct sender_case {
	const char *args[16];	/* the last one ADDRESS, or ADDRESS PORT */
	long total;
	int paced;		/* the grader reads slowly */
	int address_only;	/* args end with ADDRESS: the default PORT
				   (given without a namespace of our own) */
	long reset_after;	/* reset the connection once this many bytes
				   have been read (0: never) */
	int shim;		/* bulk under shortio (1 to 7 bytes a call) */
	const char *ip;		/* the grader listens there (NULL: 127.0.0.1) */
};

/*
 * bulk (the sender) to the grader's listener: every byte counted, and
 * with paced reading its elapsed_us within what the reading allows: it
 * cannot have handed the kernel its last byte before the grader had read
 * all but IN_BUFFERS of them, nor have started before the first byte came.
 */
static void
sender_to_grader(struct run *r)
{
	const struct sender_case *c = r->arg;
	const char *ip = c->ip != NULL ? c->ip : "127.0.0.1";
	int64_t start, deadline, first = 0, mark = 0, eof = 0;
	static char buf[READ_PER_TICK];
	char peer[64], err[NET_ERR_LEN];
	struct run_extra x = { .shim = c->shim ? "shortio" : NULL };
	const char *args[20];
	long long total = 0;
	int lfd, fd, small = 65536, reset = 0;
	struct bytes out;
	struct proc *p;
	double f[3];
	ssize_t n;

	lfd = net_tcp_listen(ip, r->port, err);
	if (lfd < 0) {
		transcript_setf(r->t, "note.error", "the grader could not "
		    "listen on %s:%d: %s", ip, r->port, err);
		return;
	}
	if (c->paced)
		(void)setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &small,
		    sizeof small);
	start = clock_us();
	p = run_start_ext(r, "bulk", "bulk", args_for(r, c->args,
	    c->address_only, args, 20), &x);
	deadline = clock_ms() + run_ms(r, PING_WAIT_MS);
	fd = net_tcp_accept(lfd, deadline, peer, sizeof peer, err);
	close(lfd);
	if (fd >= 0) {
		for (;;) {
			int ready = net_wait_readable(&fd, 1, deadline);

			if (ready != 0)
				break;
			n = recv(fd, buf, c->paced ? sizeof buf :
			    sizeof buf, 0);
			if (n <= 0)
				break;
			if (total == 0)
				first = clock_us();
			total += n;
			if (mark == 0 && total >= c->total - IN_BUFFERS)
				mark = clock_us();
			if (c->reset_after > 0 && total >= c->reset_after) {
				reset = 1;
				break;
			}
			if (c->paced)
				clock_sleep_ms(READ_TICK_MS);
		}
		eof = clock_us();
		if (reset) {
			run_tcp_reset(fd);
			run_note(r, "the grader read %lld bytes, then reset the "
			    "connection", total);
			(void)run_wait_exit(r, p, 2000);
			run_record_reaction(r, p, "bulk.reaction", 1000);
			run_collect(r, p);
			return;
		}
		close(fd);
		run_note(r, "the grader %sread %lld bytes, to the end of the "
		    "stream", c->paced ? "slowly (256 KiB every 20 ms) " : "",
		    total);
		transcript_setf(r->t, "probe.bytes", "%lld", total);
	} else {
		transcript_setf(r->t, "probe.bytes", "no connection");
	}
	(void)run_wait_exit(r, p, 2000);
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	record_ended(r, p, "bulk.ended");
	run_collect_notes(r, p);
	if (record_bulk_line(r, &out, f) == 0) {
		transcript_setf(r->t, "bulk.bytes", "bytes=%.0f%s", f[0],
		    f[0] == (double)total ? ", what the grader read" :
		    ", not what the grader read");
		if (c->paced && first > 0 && mark > 0 && !judge_elapsed(r, f[1],
		    0.9 * (double)(mark - first), (double)(eof - start) +
		    run_ms(r, 20) * 1000.0, "the time the grader took to read "
		    "all but 1 MiB, which the kernel's buffers cannot hold",
		    "the time from the sender's start to the end of the "
		    "stream"))
			run_note(r, "a sender's clock runs from before its "
			    "first send() to after its last one");
	}
	bytes_free(&out);
}

/* ---- pace: UDP, paced, and the loss counted at the receiver ---- */

static const char *const pace_rx_keys[] = {
	"datagrams", "lost", "bytes", "elapsed_us", "mbit_s"
};
static const char *const pace_tx_keys[] = {
	"datagrams", "bytes", "elapsed_us", "mbit_s"
};

/* pace.c's constants: the datagrams' header, the receiver's idle wait. */
#define PACE_HEADER 8
#define PACE_IDLE_MS 1000
/* A receiver "ends at once" after the last datagram within this. */
#define PACE_AT_ONCE_MS 700
/* The slow link of the TCP-against-UDP checks (tc's words, and Mbit/s). */
#define LINK_RATE "10mbit"
#define LINK_MBIT 10.0
#define LINK_BURST 10000
#define LINK_QUEUE_MS 100

/* pace's line, the receiver's (n 5) or the sender's (n 4), into f. */
static int
record_pace_line(struct run *r, const struct bytes *out,
    const char *const keys[], size_t n, double f[])
{
	return record_figures_line(r, "pace", n == 5 ? "datagrams=R lost=L "
	    "bytes=N elapsed_us=T mbit_s=X" : "datagrams=C bytes=N "
	    "elapsed_us=T mbit_s=X", out, keys, n, f);
}

/* Datagram seq of count, size bytes: the contract's header, then 'x's. */
static void
make_datagram(char *buf, size_t size, uint32_t seq, uint32_t count)
{
	uint32_t field;

	memset(buf, 'x', size);
	field = htonl(seq);
	memcpy(buf, &field, 4);
	field = htonl(count);
	memcpy(buf + 4, &field, 4);
}

/* A receiver check: what the grader sends to pace -l. */
struct pace_rx_case {
	const char *args[8];	/* pace's arguments */
	int count;		/* the COUNT in every datagram */
	int size;		/* the datagrams' size */
	int skip[8];		/* sequence numbers never sent (0: none; the
				   sequence 0 is always sent) */
	int runts;		/* also datagrams of 0 and 7 bytes */
	int gap_ms;		/* between two datagrams */
	int wait_ms;		/* before the first, once pace is bound: a
				   clock started before it counts the wait */
};

/* Is seq one of c's skipped sequence numbers? */
static int
skipped(const struct pace_rx_case *c, int seq)
{
	for (size_t i = 0; i < sizeof c->skip / sizeof c->skip[0]; i++)
		if (seq != 0 && c->skip[i] == seq)
			return 1;
	return 0;
}

/* What one run of pace -l saw of the grader's datagrams. */
struct pace_rx_run {
	int64_t first;		/* just before the first datagram's send */
	int64_t last;		/* just after the last datagram's send */
	int64_t ended;		/* when pace had ended, or was stopped */
	int64_t dropped;	/* Udp RcvbufErrors meanwhile; -1: unknown */
	int line_ok;		/* its line was the contract's: f holds it */
	double f[5];
};

/*
 * Start pace -l as label ("pace", "pace-again", or the reference's as
 * driver "refpace"), send it c's datagrams and wait for its end; o gets
 * what happened. Only the student's runs record facts.
 */
static void
pace_receiver_run(struct run *r, const struct pace_rx_case *c,
    const char *label, struct pace_rx_run *o)
{
	struct run_extra x = { .driver = strcmp(label, "refpace") == 0 };
	static char buf[MAX_SIZE];
	const char *args[16];
	int64_t drops;
	struct bytes out;
	struct proc *p;
	int fd, sent = 0;

	memset(o, 0, sizeof *o);
	p = run_start_ext(r, "pace", label, run_args(r, c->args, args, 16),
	    &x);
	if (run_wait_bound(r, p, label, SOCK_DGRAM, r->port) == -1 ||
	    (fd = run_udp_probe(r, "127.0.0.1", 0)) == -1) {
		run_collect(r, p);
		return;
	}
	drops = netlab_rcvbuf_errors(0);
	clock_sleep_ms(c->wait_ms);
	for (int seq = 0; seq < c->count; seq++) {
		if (seq > 0 && c->gap_ms > 0)
			clock_sleep_ms(c->gap_ms);
		if (c->runts && seq == c->count / 2) {
			(void)run_udp_send(r, fd, r->port, "", 0, RUN_QUIET);
			(void)run_udp_send(r, fd, r->port, "1234567", 7,
			    RUN_QUIET);
		}
		if (skipped(c, seq))
			continue;
		make_datagram(buf, (size_t)c->size, (uint32_t)seq,
		    (uint32_t)c->count);
		/* Before the send: pace may read it before sendto() returns. */
		if (seq == 0)
			o->first = clock_us();
		if (run_udp_send(r, fd, r->port, buf, (size_t)c->size,
		    RUN_QUIET) == 0)
			sent++;
		o->last = clock_us();
	}
	close(fd);
	run_note(r, "%s: waited %d ms, then sent %d of the datagrams 0 to %d "
	    "(COUNT %d, %d bytes each, %d ms apart)%s", label, c->wait_ms,
	    sent, c->count - 1, c->count, c->size, c->gap_ms, c->runts ?
	    ", and datagrams of 0 and 7 bytes in the middle" : "");
	(void)run_wait_exit(r, p, run_ms(r, PACE_IDLE_MS + 2000));
	o->ended = clock_us();
	o->dropped = drops == -1 ? -1 : netlab_rcvbuf_errors(0) - drops;
	run_note(r, "%s ended %lld ms after the last datagram was sent", label,
	    (long long)((o->ended - o->last) / 1000));
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	if (!x.driver) {
		record_ended(r, p, "pace.ended");
		o->line_ok = record_pace_line(r, &out, pace_rx_keys, 5,
		    o->f) == 0;
	} else {
		o->line_ok = measure_fields(out.data, out.len, pace_rx_keys,
		    o->f, 5) == 0;
	}
	run_collect_notes(r, p);
	bytes_free(&out);
}

/*
 * The bounds of a receiver run (o of case c). Its end: within
 * PACE_AT_ONCE_MS of the last datagram, or, when the last sequence number
 * never came, after the second of silence and less than a second more. Its
 * clock (elapsed_us) from the first datagram it read to the last: at least
 * a quarter of the time between the grader's first and last datagrams (a
 * clock in the wrong unit misses it), at most until it ended, less the
 * second of silence when it waited one. Returns 1 when within them all;
 * *end and *clock say which it missed.
 */
static int
pace_receiver_bounds(struct run *r, const struct pace_rx_case *c,
    const struct pace_rx_run *o, int *end_ok, int *clock_ok)
{
	int idled = skipped(c, c->count - 1);
	int64_t after_ms = (o->ended - o->last) / 1000;
	double sent = (double)(o->last - o->first);
	double lo = 0.25 * sent - 1000;
	double hi = (double)(o->ended - o->first) - (idled ? 900000.0 : 0);

	*end_ok = idled ? after_ms >= PACE_IDLE_MS - 100 &&
	    after_ms < run_ms(r, PACE_IDLE_MS + 1000) :
	    after_ms < run_ms(r, PACE_AT_ONCE_MS);
	*clock_ok = !o->line_ok || (o->f[3] >= lo && o->f[3] <= hi);
	return *end_ok && *clock_ok;
}

/* Record the facts of the student's run o: its end, its figures. */
static void
record_pace_receiver(struct run *r, const struct pace_rx_case *c,
    const struct pace_rx_run *o)
{
	int idled = skipped(c, c->count - 1), end_ok, clock_ok;

	(void)pace_receiver_bounds(r, c, o, &end_ok, &clock_ok);
	transcript_setf(r->t, "pace.end", end_ok ? idled ? "after a second "
	    "of silence" : "at once after the last datagram" : "%lld ms "
	    "after the last datagram was sent", (long long)((o->ended -
	    o->last) / 1000));
	if (!o->line_ok)
		return;
	transcript_setf(r->t, "pace.counts", "datagrams=%.0f lost=%.0f "
	    "bytes=%.0f", o->f[0], o->f[1], o->f[2]);
	if (o->f[0] == 1) {
		/* The first datagram is the last: no time, no rate. */
		transcript_setf(r->t, "pace.one", "elapsed_us=%.0f mbit_s=%.1f",
		    o->f[3], o->f[4]);
		return;
	}
	run_note(r, "pace: elapsed_us=%.0f; the grader sent its first and "
	    "last datagrams %lld us apart, and saw pace end %lld us after "
	    "the first", o->f[3], (long long)(o->last - o->first),
	    (long long)(o->ended - o->first));
	transcript_setf(r->t, "pace.elapsed", clock_ok ? "from the first "
	    "datagram to the last" : o->f[3] < 0.25 * (double)(o->last -
	    o->first) - 1000 ? "elapsed_us=%.0f, less than a quarter of the "
	    "time between the grader's first and last datagrams" :
	    idled ? "elapsed_us=%.0f, more than the time until it ended, less "
	    "the second of silence it waited" : "elapsed_us=%.0f, more than "
	    "the time until it ended", o->f[3]);
}

/*
 * pace -l gets r->arg's datagrams, some never sent: its counts must be
 * exact, its clock and its end within pace_receiver_bounds(). A run that
 * misses a bound, or whose socket overflowed, is judged as
 * receiver_paced() does: the reference in the same sandbox, and if it
 * keeps them, the student's once more.
 */
static void
pace_receiver(struct run *r)
{
	const struct pace_rx_case *c = r->arg;
	struct pace_rx_run o, ref;
	int end_ok, clock_ok;

	pace_receiver_run(r, c, "pace", &o);
	if (o.line_ok && (o.dropped != 0 ||
	    !pace_receiver_bounds(r, c, &o, &end_ok, &clock_ok))) {
		if (r->cfg->reference) {
			run_inconclusive(r, "the reference receiver missed its "
			    "own bounds, or its socket overflowed: the machine "
			    "is too busy to measure");
			return;
		}
		pace_receiver_run(r, c, "refpace", &ref);
		if (!ref.line_ok || ref.dropped != 0 ||
		    !pace_receiver_bounds(r, c, &ref, &end_ok, &clock_ok)) {
			run_inconclusive(r, "the reference receiver, run after "
			    "yours in the same sandbox, missed the bounds too: "
			    "the machine is too busy to measure");
			return;
		}
		pace_receiver_run(r, c, "pace-again", &o);
		if (o.dropped != 0) {
			run_inconclusive(r, "the kernel dropped datagrams for "
			    "want of room in the receiver's buffer, twice: it "
			    "read too slowly to be measured");
			return;
		}
	}
	record_pace_receiver(r, c, &o);
}

/*
 * pace -l -b 1, paused: the grader sends 300 datagrams at once; the kernel
 * keeps the few that fit and counts the rest it drops (Udp RcvbufErrors).
 * Resumed, pace must say it lost exactly that many.
 */
static void
pace_receiver_buffer(struct run *r)
{
	const char *const *tmpl = r->arg;
	static char buf[1000];
	const char *args[16];
	int64_t before, after;
	struct bytes out;
	struct proc *p;
	double f[5];
	int fd, count = 300;

	p = run_start(r, "pace", "pace", run_args(r, tmpl, args, 16));
	if (run_wait_bound(r, p, "pace", SOCK_DGRAM, r->port) == -1 ||
	    (fd = run_udp_probe(r, "127.0.0.1", 0)) == -1) {
		run_collect(r, p);
		return;
	}
	if (run_pause(p) == -1) {
		close(fd);
		run_collect(r, p);
		return;
	}
	before = netlab_rcvbuf_errors(0);
	for (int seq = 0; seq < count; seq++) {
		make_datagram(buf, sizeof buf, (uint32_t)seq, (uint32_t)count);
		(void)run_udp_send(r, fd, r->port, buf, sizeof buf, RUN_QUIET);
	}
	/* Loopback delivers in the sender's call: the count is final. */
	after = netlab_rcvbuf_errors(0);
	close(fd);
	run_note(r, "paused pace (SIGSTOP), sent the datagrams 0 to %d of "
	    "1000 bytes at once, resumed it", count - 1);
	run_resume(p);
	(void)run_wait_exit(r, p, run_ms(r, PACE_IDLE_MS + 2000));
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	record_ended(r, p, "pace.ended");
	run_collect_notes(r, p);
	if (before == -1 || after == -1) {
		run_inconclusive(r, "the grader could not read Udp RcvbufErrors "
		    "in /proc/net/snmp");
	} else if (record_pace_line(r, &out, pace_rx_keys, 5, f) == 0) {
		run_note(r, "the kernel dropped %lld datagrams for want of room "
		    "in pace's receive buffer; pace said lost=%.0f",
		    (long long)(after - before), f[1]);
		transcript_setf(r->t, "pace.buffer", after - before >= count -
		    10 ? "small: the kernel dropped all but a few" : "large: "
		    "the kernel kept more than 10");
		transcript_setf(r->t, "pace.lost", f[1] == (double)(after -
		    before) ? "what the kernel dropped" : "lost=%.0f, but the "
		    "kernel dropped %lld", f[1], (long long)(after - before));
	}
	bytes_free(&out);
}

/*
 * A receiver's mbit_s behind the slow link: at most the link's rate, with
 * room for tbf's burst and for a first read that came late (a busy
 * machine shortens the receiver's time): 1.5 times. A reference that
 * misses it makes the check inconclusive.
 */
static void
judge_within_link(struct run *r, const char *key, double mbit)
{
	if (mbit <= LINK_MBIT * 1.5) {
		transcript_setf(r->t, key, "mbit_s at most the link's rate");
		return;
	}
	if (r->cfg->reference)
		run_inconclusive(r, "the reference receiver's mbit_s was more "
		    "than the link allows: the machine is too busy to measure");
	transcript_setf(r->t, key, "mbit_s=%.1f, more than the link's %.0f "
	    "Mbit/s can carry", mbit, LINK_MBIT);
}

/*
 * TCP against UDP behind a slow link (LINK_RATE, a tbf on lo): the
 * reference sender sends through it to the student's receiver (r->arg:
 * "pace" or "bulk"). UDP sent at twice the rate loses what the link
 * cannot carry, and pace must count exactly what the kernel dropped (sent
 * minus what lo carried); TCP slows down and loses nothing. Either way the
 * receiver's mbit_s cannot exceed the link's.
 */
static void
behind_slow_link(struct run *r)
{
	const char *program = r->arg;
	int udp = strcmp(program, "pace") == 0;
	const char *const rx_tmpl[] = { "-l", "127.0.0.1", RUN_ARG_PORT, NULL };
	const char *const udp_tmpl[] = { "-r", "20", "-n", "400",
	    "127.0.0.1", RUN_ARG_PORT, NULL };
	const char *const tcp_tmpl[] = { "-n", "500000", "127.0.0.1",
	    RUN_ARG_PORT, NULL };
	struct run_extra x = { .driver = 1 };
	struct netlab_stats before, after;
	int64_t drops_before, drops_after;
	const char *args[16], *dargs[16];
	char label[16];
	struct bytes out;
	struct proc *p, *d;
	double f[5];

	if (netlab_rate(r, 0, "lo", LINK_RATE, LINK_BURST, LINK_QUEUE_MS) == -1)
		return;
	p = run_start(r, program, program, run_args(r, rx_tmpl, args, 16));
	if (run_wait_bound(r, p, program, udp ? SOCK_DGRAM : SOCK_STREAM,
	    r->port) == -1 || netlab_stats(0, "lo", &before) == -1) {
		run_collect(r, p);
		return;
	}
	drops_before = netlab_rcvbuf_errors(0);
	snprintf(label, sizeof label, "ref%s", program);
	d = run_start_ext(r, program, label, run_args(r, udp ? udp_tmpl :
	    tcp_tmpl, dargs, 16), &x);
	(void)run_wait_exit(r, d, run_ms(r, 5000));
	run_collect_notes(r, d);
	(void)run_wait_exit(r, p, run_ms(r, PACE_IDLE_MS + 3000));
	drops_after = netlab_rcvbuf_errors(0);
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	record_ended(r, p, udp ? "pace.ended" : "bulk.ended");
	run_collect_notes(r, p);
	if (netlab_stats(0, "lo", &after) == -1 || drops_before == -1 ||
	    drops_after == -1) {
		run_inconclusive(r, "the grader could not read lo's counters");
	} else if (udp && record_pace_line(r, &out, pace_rx_keys, 5, f) == 0) {
		long long carried = after.tx_packets - before.tx_packets;
		long long lost = 400 - carried + (drops_after - drops_before);

		run_note(r, "the link carried %lld of the 400 datagrams (lo's "
		    "counters); pace said datagrams=%.0f lost=%.0f "
		    "mbit_s=%.1f", carried, f[0], f[1], f[4]);
		transcript_setf(r->t, "pace.lost", f[1] == (double)lost ?
		    "what the link dropped" : "lost=%.0f, but the link and "
		    "the kernel dropped %lld", f[1], lost);
		transcript_setf(r->t, "pace.link", lost > 0 ? "UDP above the "
		    "rate: datagrams lost" : "nothing lost");
		judge_within_link(r, "pace.within-link", f[4]);
	} else if (!udp && record_bulk_line(r, &out, f) == 0) {
		run_note(r, "bulk said bytes=%.0f mbit_s=%.1f", f[0], f[2]);
		transcript_setf(r->t, "bulk.bytes", "bytes=%.0f", f[0]);
		judge_within_link(r, "bulk.within-link", f[2]);
	}
	bytes_free(&out);
}

/* A sender check: pace's arguments and what the grader must receive. */
struct pace_tx_case {
	const char *args[12];	/* the last one ADDRESS, or ADDRESS PORT */
	int address_only;	/* ADDRESS alone: the default PORT */
	long count;
	long size;
	long rate;		/* -r: judge the pacing (0: not paced) */
	const char *ip;		/* where the grader receives (NULL: 127.0.0.1) */
	int no_operands;	/* args have no ADDRESS: judged only where the
				   defaults are ours */
};

/*
 * Check the datagrams (all: their bytes; sizes: each one's length; n of
 * them) against c: COUNT of SIZE bytes, sequence numbers 0, 1, ... in
 * order, COUNT in each. Records pace.datagrams.
 */
static void
judge_datagrams(struct run *r, const struct pace_tx_case *c,
    const struct bytes *all, const size_t *sizes, size_t n)
{
	const unsigned char *d = (const unsigned char *)all->data;
	uint32_t seq, count;

	for (size_t i = 0; i < n; d += sizes[i], i++) {
		if (sizes[i] != (size_t)c->size) {
			transcript_setf(r->t, "pace.datagrams", "datagram %zu "
			    "has %zu bytes, not SIZE (%ld)", i, sizes[i],
			    c->size);
			return;
		}
		memcpy(&seq, d, 4);
		memcpy(&count, d + 4, 4);
		if (ntohl(seq) != i || ntohl(count) != (uint32_t)c->count) {
			transcript_setf(r->t, "pace.datagrams", "datagram %zu "
			    "starts with %lu %lu, not %zu %ld (its sequence "
			    "number and COUNT, in network byte order)", i,
			    (unsigned long)ntohl(seq),
			    (unsigned long)ntohl(count), i, c->count);
			return;
		}
	}
	transcript_setf(r->t, "pace.datagrams", "%zu of %ld bytes, numbered "
	    "from 0 in order, COUNT in each", n, c->size);
}

/*
 * Is datagram i early? It is due i * step us after the sender's clock
 * started, which was after the grader started it (started, clock_us), and
 * before datagram 0 left: none may arrive (at[], 1 ms of slack for the
 * kernel's stamps) before started plus its time, nor (i - 3/4) * step
 * after datagram 0. The first bound misses a sender one step early when
 * the machine delays its start by a step; the second holds unless
 * datagram 0 itself came three quarters of a step late. Writes why.
 */
static int
pace_early(int64_t started, const int64_t *at, size_t i, double step,
    char *why, size_t n)
{
	if ((double)(at[i] - started) < (double)i * step - 1000) {
		snprintf(why, n, "datagram %zu came %.1f ms after the sender "
		    "started, before its time (%.1f ms)", i,
		    (double)(at[i] - started) / 1000, (double)i * step / 1000);
		return 1;
	}
	if ((double)(at[i] - at[0]) < ((double)i - 0.75) * step - 1000) {
		snprintf(why, n, "datagram %zu came %.1f ms after datagram 0, "
		    "before its time (%.1f ms after it)", i,
		    (double)(at[i] - at[0]) / 1000, (double)i * step / 1000);
		return 1;
	}
	return 0;
}

/*
 * No datagram may come before its time (pace_early); a late first one lets
 * the next ones follow it closely: they are due all the same. All of them
 * must come within three times the schedule plus a second (scaled): a
 * schedule in the wrong unit misses it.
 */
static void
judge_pace(struct run *r, const struct pace_tx_case *c, int64_t started,
    const int64_t *at, size_t n)
{
	double step = (double)c->size * 8 / (double)c->rate;
	double span = n > 0 ? (double)(at[n - 1] - at[0]) : 0;
	char why[160];

	for (size_t i = 1; i < n; i++)
		if (pace_early(started, at, i, step, why, sizeof why)) {
			if (r->cfg->reference)
				run_inconclusive(r, "the reference sender's %s: "
				    "the machine's delays made it look early",
				    why);
			transcript_setf(r->t, "pace.pacing", "%s", why);
			return;
		}
	run_note(r, "the datagrams came over %.1f ms; the schedule says "
	    "%.1f ms", span / 1000, (double)(n - 1) * step / 1000);
	if (span <= 3 * (double)(n - 1) * step + run_ms(r, 1000) * 1000.0) {
		transcript_setf(r->t, "pace.pacing", "none before its time");
		return;
	}
	if (r->cfg->reference)
		run_inconclusive(r, "the reference sender took more than three "
		    "times its schedule: the machine is too busy to measure");
	transcript_setf(r->t, "pace.pacing", "none before its time, but far "
	    "too slow: %.1f ms for a schedule of %.1f ms", span / 1000,
	    (double)(n - 1) * step / 1000);
}

/*
 * The sender's clock (elapsed_us, got) runs from just before its first
 * sendto() to just after its last: no shorter than the datagrams took to
 * arrive (came, us; 20 ms of slack, scaled: the kernel may deliver the
 * last one late), no longer than the grader saw it run (ran). A reference
 * that misses makes the check inconclusive.
 */
static void
judge_sender_clock(struct run *r, double got, int64_t came, int64_t ran)
{
	double lo = (double)came - run_ms(r, 20) * 1000.0;

	run_note(r, "pace: elapsed_us=%.0f; the datagrams came over %lld us, "
	    "and it ran %lld us", got, (long long)came, (long long)ran);
	if (got >= lo && got <= (double)ran) {
		transcript_setf(r->t, "pace.elapsed", "from the first send to "
		    "the last");
		return;
	}
	if (r->cfg->reference)
		run_inconclusive(r, "the reference sender's elapsed_us missed "
		    "the grader's bounds: the machine is too busy to measure");
	transcript_setf(r->t, "pace.elapsed", "elapsed_us=%.0f, %s", got,
	    got < lo ? "less than the datagrams took to arrive" : "more than "
	    "the sender ran");
}

/*
 * pace (the sender) to the grader's UDP socket: every datagram counted and
 * checked, and with -r, each one's arrival against the schedule; the
 * sender's line says what it sent, in no less time than the datagrams
 * took to come.
 */
static void
pace_sender(struct run *r)
{
	const struct pace_tx_case *c = r->arg;
	int fd, big = 64 << 20;
	struct bytes all, d, out;
	size_t *sizes = NULL, n = 0;
	int64_t *at = NULL, started, deadline;
	const char *args[20];
	struct proc *p;
	char from[64];
	double f[4];

	if (c->no_operands && !run_defaults_usable(r)) {
		run_note(r, "not judged: 127.0.0.1:50007 is not ours here");
		return;
	}
	fd = run_udp_probe(r, c->ip != NULL ? c->ip : "127.0.0.1", r->port);
	if (fd == -1)
		return;
	/* Room for every datagram even if the grader is slow to read. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
	started = clock_us();
	p = run_start(r, "pace", "pace", args_for(r, c->args, c->address_only,
	    args, 20));
	bytes_init(&all);
	bytes_init(&d);
	deadline = clock_ms() + run_ms(r, PING_WAIT_MS);
	while (run_udp_recv_while(r, fd, p, deadline, &d, from,
	    sizeof from) == 0) {
		sizes = xrealloc(sizes, (n + 1) * sizeof *sizes);
		at = xrealloc(at, (n + 1) * sizeof *at);
		sizes[n] = d.len;
		at[n++] = run_udp_arrival_us(fd);
		bytes_append(&all, d.data, d.len);
	}
	close(fd);
	run_note(r, "the grader received %zu datagram%s", n, n == 1 ? "" :
	    "s");
	(void)run_wait_exit(r, p, 1000);
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	record_ended(r, p, "pace.ended");
	run_collect_notes(r, p);
	transcript_setf(r->t, "probe.datagrams", "%zu", n);
	judge_datagrams(r, c, &all, sizes, n);
	if (c->rate > 0)
		judge_pace(r, c, started, at, n);
	if (record_pace_line(r, &out, pace_tx_keys, 4, f) == 0) {
		transcript_setf(r->t, "pace.counts", "datagrams=%.0f bytes=%.0f",
		    f[0], f[1]);
		if (n > 1)
			judge_sender_clock(r, f[2], at[n - 1] - at[0],
			    clock_us() - started);
	}
	free(sizes);
	free(at);
	bytes_free(&all);
	bytes_free(&d);
	bytes_free(&out);
}

/*
 * Nothing listens where pace sends (r->arg: its arguments, NULL-ended):
 * UDP tells the sender nothing; it prints its line.
 */
static void
pace_nobody(struct run *r)
{
	const char *const *tmpl = r->arg;
	const char *args[16];
	struct bytes out;
	struct proc *p;
	double f[4];

	run_note(r, "nothing listens where pace sends");
	p = run_start(r, "pace", "pace", run_args(r, tmpl, args, 16));
	(void)run_wait_exit(r, p, run_ms(r, 3000));
	bytes_init(&out);
	(void)run_read_output(p, RUN_STDOUT, &out, 4096);
	record_ended(r, p, "pace.ended");
	run_collect_notes(r, p);
	if (record_pace_line(r, &out, pace_tx_keys, 4, f) == 0)
		transcript_setf(r->t, "pace.counts", "datagrams=%.0f bytes=%.0f",
		    f[0], f[1]);
	bytes_free(&out);
}

/*
 * A sendto() that fails: to 255.255.255.255 without SO_BROADCAST the
 * kernel refuses (EACCES) before anything leaves. A message naming
 * sendto, nothing on stdout, exit status 1.
 */
static void
pace_send_fails(struct run *r)
{
	const char *const tmpl[] = { "-n", "5", "255.255.255.255",
	    RUN_ARG_PORT, NULL };
	const char *args[16];
	struct bytes msg;
	struct proc *p;

	p = run_start(r, "pace", "pace", run_args(r, tmpl, args, 16));
	run_record_reaction(r, p, "pace.reaction", 3000);
	bytes_init(&msg);
	(void)run_read_output(p, RUN_STDERR, &msg, 4096);
	transcript_setf(r->t, "pace.message", "%s", strstr(bytes_str(&msg),
	    "sendto") != NULL ? "names sendto()" : "does not name sendto()");
	bytes_free(&msg);
	run_collect(r, p);
}

/* ---- Diagnoses ---- */

/* Is key's note.miss (judge_figure, judge_elapsed) what? */
static int
missed(const struct transcript *t, const char *key, const char *what)
{
	return strcmp(transcript_note_str(t, "miss", key), what) == 0;
}

/* pace's figures: which of its rules the first difference breaks. */
static void
diagnose_pace(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *g = transcript_str(got, d->key);
	double rd = 0, rl = 0, rb = 0, gd = 0, gl = 0, gb = 0;

	if (strcmp(d->key, "pace.counts") == 0 &&
	    sscanf(transcript_str(ref, d->key), "datagrams=%lf lost=%lf "
	    "bytes=%lf", &rd, &rl, &rb) == 3 && sscanf(g, "datagrams=%lf "
	    "lost=%lf bytes=%lf", &gd, &gl, &gb) == 3) {
		if (gd > rd)
			bytes_puts(why, "More datagrams than the grader sent of "
			    "pace's: one shorter than 8 bytes is not pace's; "
			    "ignore it.");
		else if (gd == rd && gb < rb)
			bytes_puts(why, "Fewer bytes than came: recv() into a "
			    "buffer of 65507 bytes, or the kernel cuts the "
			    "datagram to fit.");
		else if (gd == rd && gl != rl)
			bytes_puts(why, "lost is the COUNT in the datagrams "
			    "(their second number) minus the datagrams read: "
			    "the last ones may be the lost ones.");
	} else if (strcmp(d->key, "pace.end") == 0 &&
	    strncmp(transcript_str(ref, d->key), "at once", 7) == 0) {
		bytes_puts(why, "pace did not end at once after the last "
		    "datagram: stop after the one numbered COUNT - 1, without "
		    "waiting for a second of silence.");
	} else if (strcmp(d->key, "pace.end") == 0) {
		bytes_puts(why, "The last datagram never came: after the last "
		    "one read, wait IDLE_MS (1000 ms) for more, then stop.");
	} else if (strcmp(d->key, "pace.elapsed") == 0 &&
	    strstr(g, "second of silence") != NULL) {
		bytes_puts(why, "The receiver's clock stops when the last "
		    "datagram is read, not at the end of the silence after "
		    "it.");
	} else if (strcmp(d->key, "pace.elapsed") == 0 &&
	    strstr(g, "more than") != NULL) {
		bytes_puts(why, "The receiver's time is longer than it ran "
		    "after the first datagram: start its clock when the first "
		    "datagram is read, not before.");
	} else if (strcmp(d->key, "pace.elapsed") == 0 ||
	    strcmp(d->key, "pace.one") == 0) {
		bytes_puts(why, "elapsed_us counts microseconds from reading "
		    "the first datagram to reading the last: 0 when they are "
		    "one.");
	} else if (strcmp(d->key, "pace.pacing") == 0 &&
	    strstr(g, "far too slow") != NULL) {
		bytes_puts(why, "Far slower than -r says: datagram i is due "
		    "i * SIZE * 8 / MBIT microseconds after the start (not "
		    "milliseconds).");
	} else if (strcmp(d->key, "pace.pacing") == 0) {
		bytes_puts(why, "A datagram left before it was due: before "
		    "each sendto(), sleep until start + i * SIZE * 8 / MBIT "
		    "microseconds, all from the same start.");
	} else if (strcmp(d->key, "pace.datagrams") == 0 &&
	    strstr(g, "starts with") != NULL) {
		bytes_puts(why, "The first 8 bytes are the sequence number and "
		    "COUNT, each htonl()'d: network byte order.");
	} else if (strcmp(d->key, "pace.buffer") == 0) {
		bytes_puts(why, "The receive buffer held more than -b 1 "
		    "allows: setsockopt(SO_RCVBUF) with BYTES before bind().");
	} else if (strcmp(d->key, "pace.ended") == 0 &&
	    strstr(transcript_str(got, "note.pace.stderr"), "refused") !=
	    NULL) {
		bytes_puts(why, "A send failed with 'Connection refused': a "
		    "connected UDP socket reports the ICMP answer to an "
		    "earlier datagram. sendto() on a socket that is not "
		    "connected: fire and forget.");
	} else if (strcmp(d->key, "pace.lost") == 0) {
		bytes_puts(why, "lost must be what the kernel dropped: COUNT "
		    "(in every datagram) minus the datagrams read.");
	}
}

static void
diagnose_measure(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *cmd = transcript_str(got, "note.bulk.command");
	int sender = strstr(cmd, "-l") == NULL;

	if ((strcmp(d->key, "ping.median") == 0 &&
	    missed(got, "median", "low")) ||
	    (strcmp(d->key, "ping.p99") == 0 &&
	    missed(got, "p99", "low")))
		bytes_puts(why, "A round trip shorter than the grader held its "
		    "answer cannot be: start the clock just before the send, "
		    "stop it after the whole echo, and count microseconds.");
	else if (strcmp(d->key, "ping.median") == 0 &&
	    missed(got, "median", "high"))
		bytes_puts(why, "The median is far above the grader's: sort "
		    "the round trips and take rank ceil(50 * n / 100) (a mean "
		    "is not a median: one slow answer pulls it up).");
	else if (strcmp(d->key, "ping.p99") == 0 &&
	    missed(got, "p99", "high"))
		bytes_puts(why, "The 99th percentile is far above the "
		    "grader's: take rank ceil(99 * n / 100) of the sorted "
		    "round trips, not the largest.");
	else if (strcmp(d->key, "ping.stall") == 0 &&
	    strncmp(transcript_str(ref, d->key), "a stall", 7) == 0)
		bytes_puts(why, "No 40 ms stall: without -D leave "
		    "TCP_NODELAY off, and with -2 write each message in two "
		    "send() calls (SIZE / 2 bytes, then the rest).");
	else if (strcmp(d->key, "ping.stall") == 0)
		bytes_puts(why, "The stall is still there with -D: set "
		    "TCP_NODELAY (IPPROTO_TCP level) to 1 before connect().");
	else if (strcmp(d->key, "bulk.elapsed") == 0 && sender)
		bytes_puts(why, "The sender's clock runs from just before its "
		    "first send() to just after its last one returned, in "
		    "microseconds.");
	else if (strcmp(d->key, "bulk.elapsed") == 0 &&
	    missed(got, "elapsed", "high"))
		bytes_puts(why, "The receiver's clock starts when the first "
		    "recv() returns data, not at accept(): the grader waited "
		    "before its first byte.");
	else if (strcmp(d->key, "bulk.elapsed") == 0)
		bytes_puts(why, "The receiver's clock runs from the first "
		    "byte to the end of the stream (recv() returning 0), in "
		    "microseconds.");
	else if (strcmp(d->key, "bulk.rate") == 0)
		bytes_puts(why, "mbit_s is bytes * 8 / elapsed_us: bits per "
		    "microsecond are megabits per second.");
	else if (strncmp(d->key, "pace.", 5) == 0)
		diagnose_pace(ref, got, d, why);
	else if (strcmp(d->key, "probe.answers-early") == 0)
		bytes_puts(why, "pong answered before the message was whole: "
		    "recv() in a loop until SIZE bytes have come, then send "
		    "them back.");
	else
		diagnose_common(ref, got, d, why);
	if (why->len == 0 && !d->missing) {
		/* No cause to name: say exactly what differs. */
		struct bytes e, g;

		bytes_init(&e);
		bytes_init(&g);
		escape_bytes(&e, d->expected.data, d->expected.len, 100);
		escape_bytes(&g, d->got.data, d->got.len, 100);
		bytes_printf(why, "%s is '%s', where the reference's is '%s'.",
		    d->key, bytes_str(&g), bytes_str(&e));
		bytes_free(&e);
		bytes_free(&g);
	}
}

/* ---- The checks ---- */

#define SPREAD_TITLE "the grader answers 60 of 100 messages at once, 39 " \
    "after 50 ms, one after 300 ms: the counts exact, the median and 99th " \
    "percentile at least the grader's holds at those ranks and at most " \
    "twice them plus 10 ms"
#define FIGURES_HINT "Time each round trip on CLOCK_MONOTONIC from just " \
    "before the send to just after the whole echo; sort the n times; the " \
    "p-th percentile is the one at rank ceil(p * n / 100), counting from " \
    "1: not the mean, not the largest; print microseconds."

static const struct check checks[] = {
	{
		.name = "pong-tcp-echo",
		.title = "three messages of 32 bytes, one at a time: each comes "
		    "back whole",
		.hint = "Read a whole message (recv until SIZE bytes), then "
		    "send all of it back.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT }, .size = DEFAULT_SIZE },
		.rules = "P1 P2",
	}, {
		.name = "pong-tcp-whole-message",
		.title = "a message in two halves, 150 ms apart: nothing comes "
		    "back before it is whole, then all of it",
		.hint = "A server answers a whole request: recv() until SIZE "
		    "bytes have come, not one recv(), and do not echo pieces.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT }, .size = DEFAULT_SIZE, .halves = 1 },
		.rules = "P2",
	}, {
		.name = "pong-tcp-size",
		.title = "-s 1000: three messages of 1000 bytes sent in one "
		    "send() come back, 3000 bytes",
		.hint = "-s SIZE is the message's size; a recv() may return "
		    "part of one message, or of two.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-s", "1000",
		    "127.0.0.1", RUN_ARG_PORT }, .size = 1000,
		    .together = 1 },
		.rules = "P2 P5",
	}, {
		.name = "pong-tcp-smallest",
		.title = "-s 2, the smallest, alone (the default ADDRESS and "
		    "PORT): three messages of 2 bytes come back whole",
		.hint = "SIZE runs from 2 to 65507, both included, and an "
		    "option may end the command line: keep parse_arguments().",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-s", "2",
		    RUN_ARG_ADDRESS }, .size = 2 },
		.rules = "P1 P2 P5",
	}, {
		.name = "pong-tcp-largest",
		.title = "-s 65507: three messages of 65507 bytes, sent at once, "
		    "come back",
		.hint = "SIZE runs from 2 to 65507, both included; the buffer "
		    "holds 65507 bytes.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-s", "65507",
		    "127.0.0.1", RUN_ARG_PORT }, .size = MAX_SIZE,
		    .together = 1 },
		.rules = "P2 P5",
	}, {
		.name = "pong-tcp-next-client",
		.title = "a client that leaves half a message and ends its "
		    "stream gets no answer and the end of the stream; the next "
		    "one is served",
		.hint = "When recv() returns 0 before a message is whole, close "
		    "that connection (no answer) and accept() the next.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT }, .size = DEFAULT_SIZE, .next = 1 },
		.rules = "P3",
	}, {
		.name = "pong-defaults",
		.title = "no arguments: TCP on 127.0.0.1:50007, messages of "
		    "32 bytes",
		.hint = "The defaults: DEFAULT_ADDRESS, DEFAULT_PORT, "
		    "DEFAULT_SIZE.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = {
		    RUN_ARG_ADDRESS }, .size = DEFAULT_SIZE },
		.rules = "P1 P5",
	}, {
		.name = "pong-address-only",
		.title = "127.0.0.2 alone: pong listens there, on PORT 50007",
		.hint = "With ADDRESS alone, pong binds that ADDRESS and "
		    "DEFAULT_PORT: keep parse_arguments().",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "127.0.0.2" },
		    .size = DEFAULT_SIZE, .address_only = 1,
		    .ip = "127.0.0.2" },
		.rules = "P1",
	}, {
		.name = "pong-port-65535",
		.title = "-s 40 127.0.0.1 65535: the last port, after an option: "
		    "three messages of 40 bytes come back",
		.hint = "A port is a number from 1 to 65535, both included, and "
		    "ADDRESS and PORT follow the options: keep "
		    "parse_arguments().",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-s", "40",
		    "127.0.0.1", "65535" }, .size = 40, .port = 65535 },
		.rules = "P1 P5 A1",
	}, {
		.name = "pong-port-1",
		.title = "port 1, the first, is good: the kernel may refuse to "
		    "bind it (status 1), parse_arguments() may not (2)",
		.hint = "Ports run from 1 to 65535, both ends good; keep the "
		    "given parse_arguments().",
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "pong",
		    { { "127.0.0.1", "1" } } },
		.rules = "A1 P6",
	}, {
		.name = "pong-tcp-short-reads",
		.title = "-s 1000, each recv() and send() moving 1 to 7 bytes: "
		    "three messages come back whole",
		.hint = "recv_exactly() loops until SIZE bytes have come; "
		    "send_all() until all have gone.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-s", "1000",
		    "127.0.0.1", RUN_ARG_PORT }, .size = 1000, .shim = 1 },
		.rules = "P2",
	}, {
		.name = "pong-tcp-short-reads-together",
		.title = "-s 1000, three messages in one send(), each recv() "
		    "moving 1 to 7 bytes: 3000 bytes back, in order",
		.hint = "recv_exactly() asks for what is missing of this message "
		    "(n - got), never more: the rest is the next message's.",
		.scenario = pong_tcp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-s", "1000",
		    "127.0.0.1", RUN_ARG_PORT }, .size = 1000, .together = 1,
		    .shim = 1 },
		.rules = "P2",
	}, {
		.name = "pong-udp-defaults",
		.title = "-u alone: UDP on 127.0.0.1:50007",
		.hint = "Options first: -u alone is a good command line.",
		.scenario = pong_udp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-u",
		    RUN_ARG_ADDRESS }, .udp = 1, .sizes = { 32 } },
		.rules = "P1 P4",
	}, {
		.name = "pong-accept-fails",
		.title = "with 4 descriptors, accept() fails (EMFILE): a message "
		    "naming accept, exit status 1",
		.hint = "Check accept(): on -1, perror(\"pong: accept\"), "
		    "close(s), return 1.",
		.scenario = run_scenario_setup_fails,
		.diagnose = diagnose_common,
		.arg = &(const struct run_setup_fails){ "pong", 4, "accept" },
		.rules = "P6",
	}, {
		.name = "pong-port-taken",
		.title = "its TCP port already taken: bind() fails, a message "
		    "naming bind, exit status 1",
		.hint = "Check bind(): on -1, perror(\"pong: bind\"), close(s), "
		    "return 1.",
		.scenario = port_taken, .diagnose = diagnose_measure,
		.arg = &(const struct taken_case){ "pong", { "127.0.0.1",
		    RUN_ARG_PORT }, .udp = 0 },
		.rules = "P6",
	}, {
		.name = "pong-udp-port-taken",
		.title = "-u, its UDP port already taken: bind() fails, a "
		    "message naming bind, exit status 1",
		.hint = "Check bind(): on -1, perror(\"pong: bind\"), close(s), "
		    "return 1.",
		.scenario = port_taken, .diagnose = diagnose_measure,
		.arg = &(const struct taken_case){ "pong", { "-u", "127.0.0.1",
		    RUN_ARG_PORT }, .udp = 1 },
		.rules = "P6",
	}, {
		.name = "pong-udp-echo",
		.title = "-u: datagrams of 2, 32, 1000 and 65507 bytes each "
		    "come back whole to their sender",
		.hint = "recvfrom() into a buffer of at least 65507 bytes, "
		    "then sendto() the same bytes to the address it filled in.",
		.scenario = pong_udp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-u", "127.0.0.1",
		    RUN_ARG_PORT }, .udp = 1, .sizes = { 2, 32, 1000,
		    MAX_SIZE } },
		.rules = "P1 P4",
	}, {
		.name = "pong-udp-two-peers",
		.title = "-u: two clients in turn: each answer goes to the one "
		    "who asked",
		.hint = "Answer to the address recvfrom() gave for that "
		    "datagram, not to the first client's.",
		.scenario = pong_udp, .diagnose = diagnose_measure,
		.arg = &(const struct pong_case){ .args = { "-u", "127.0.0.1",
		    RUN_ARG_PORT }, .udp = 1, .sizes = { 32, 32, 7, 9 },
		    .two_peers = 1 },
		.rules = "P4",
	}, {
		.name = "pong-bad-arguments",
		.title = "ports 0, 65536, abc; -s 1, -s 65508, -s x; -x; "
		    "three operands: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "pong", {
		    RUN_BAD_PORTS, { "-s", "1", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "65508", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "x", "127.0.0.1", RUN_ARG_PORT },
		    { "-x", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A1",
	}, {
		.name = "pong-bad-numbers",
		.title = "-s 5x, -s '', a lone -s, port 5x, address xyz, -u with "
		    "three operands: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "pong", {
		    { "-s", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "", "127.0.0.1", RUN_ARG_PORT }, { "-s" },
		    { "127.0.0.1", "5x" }, { "xyz", RUN_ARG_PORT },
		    { "-u", "127.0.0.1", RUN_ARG_PORT, "x" } } },
		.rules = "A1",
	}, {
		.name = "ping-tcp-figures",
		.title = "TCP, 100 messages: " SPREAD_TITLE,
		.hint = FIGURES_HINT,
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "127.0.0.1",
		    RUN_ARG_PORT }, .size = DEFAULT_SIZE, .hold = HOLD_SPREAD,
		    .judge_times = 1 },
		.rules = "I1 I2 I3 I4",
	}, {
		.name = "ping-udp-figures",
		.title = "-u alone (the default ADDRESS and PORT), 100 "
		    "datagrams: " SPREAD_TITLE,
		.hint = FIGURES_HINT,
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-u",
		    RUN_ARG_ADDRESS }, .udp = 1, .size = DEFAULT_SIZE,
		    .hold = HOLD_SPREAD, .judge_times = 1 },
		.rules = "I1 I2 I3 I4 I7",
	}, {
		.name = "ping-tcp-size-count",
		.title = "-n 30 -s 1000 alone (the default ADDRESS and PORT): "
		    "30 messages of 1000 bytes, the 27th made of 'a' again; "
		    "n=30 lost=0",
		.hint = "Every byte of message i is 'a' + (i - 1) % 26; -n and "
		    "-s set COUNT and SIZE.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "30", "-s",
		    "1000", RUN_ARG_ADDRESS }, .size = 1000 },
		.rules = "I1 I3",
	}, {
		.name = "ping-udp-largest",
		.title = "-u -n 2 -s 65507: two datagrams of the largest size",
		.hint = "One datagram per message, and a receive buffer of at "
		    "least 65507 bytes (65508 tells a longer one apart).",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-u", "-n", "2",
		    "-s", "65507", "127.0.0.1", RUN_ARG_PORT }, .udp = 1,
		    .size = MAX_SIZE },
		.rules = "I1 I7",
	}, {
		.name = "ping-tcp-short-io",
		.title = "-n 3 -s 1000, each send() and recv() moving 1 to 7 "
		    "bytes: n=3 lost=0",
		.hint = "send_all() and recv_exactly() loop until every byte has "
		    "gone, or come.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "3", "-s",
		    "1000", "127.0.0.1", RUN_ARG_PORT }, .size = 1000,
		    .shim = 1 },
		.rules = "I1",
	}, {
		.name = "ping-split-bytes",
		.title = "-2 -D -n 30 -s 7: every message, written in two "
		    "pieces, has the contract's bytes",
		.hint = "-2: send_all(msg, SIZE / 2), then send_all(msg + SIZE / "
		    "2, SIZE - SIZE / 2).",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-2", "-D", "-n",
		    "30", "-s", "7", "127.0.0.1", RUN_ARG_PORT }, .size = 7 },
		.rules = "I1 I5",
	}, {
		.name = "ping-address",
		.title = "127.0.0.2 PORT: the messages go to 127.0.0.2",
		.hint = "connect() to the ADDRESS parse_arguments() read.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "2",
		    "127.0.0.2", RUN_ARG_PORT }, .size = DEFAULT_SIZE,
		    .ip = "127.0.0.2" },
		.rules = "I1",
	}, {
		.name = "ping-address-only",
		.title = "-u -n 2 127.0.0.2: the datagrams go to 127.0.0.2, "
		    "PORT 50007",
		.hint = "With ADDRESS alone, ping sends to that ADDRESS and "
		    "DEFAULT_PORT: keep parse_arguments().",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-u", "-n", "2",
		    "127.0.0.2" }, .udp = 1, .size = DEFAULT_SIZE,
		    .address_only = 1, .ip = "127.0.0.2" },
		.rules = "I1",
	}, {
		.name = "ping-defaults",
		.title = "no arguments: 100 messages of 32 bytes over TCP to "
		    "127.0.0.1:50007",
		.hint = "The defaults: DEFAULT_COUNT, DEFAULT_SIZE, "
		    "DEFAULT_ADDRESS, DEFAULT_PORT.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { RUN_ARG_ADDRESS },
		    .size = DEFAULT_SIZE },
		.rules = "I1",
	}, {
		.name = "ping-count-1",
		.title = "-n 1 -s 2, answered after 1.1 s: one round trip of at "
		    "least 1.1 s; the median and the 99th percentile are that one",
		.hint = "With n = 1, rank ceil(p * 1 / 100) is 1 for every p; "
		    "microseconds are tv_sec * 1000000 + tv_nsec / 1000.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "1", "-s",
		    "2", "127.0.0.1", RUN_ARG_PORT }, .size = 2,
		    .hold = HOLD_LONG, .judge_times = 1 },
		.rules = "I3 I4",
	}, {
		.name = "ping-count-2",
		.title = "-n 2, the first answer held 50 ms: the median is rank "
		    "ceil(50 * 2 / 100) = 1, the quick one; the 99th percentile "
		    "rank 2",
		.hint = "Sort the n round trips; the p-th percentile is the one "
		    "at rank (p * n + 99) / 100, counting from 1.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "2",
		    "127.0.0.1", RUN_ARG_PORT }, .size = DEFAULT_SIZE,
		    .hold = HOLD_FIRST, .judge_times = 1 },
		.rules = "I4",
	}, {
		.name = "ping-count-51",
		.title = "-n 51: 25 answers at once, 26 after 20 ms: the median "
		    "is rank 26 (ceil(25.5)), the first held one",
		.hint = "Sort the n round trips; the p-th percentile is the one "
		    "at rank (p * n + 99) / 100, counting from 1.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "51",
		    "127.0.0.1", RUN_ARG_PORT }, .size = DEFAULT_SIZE,
		    .hold = HOLD_HALF, .judge_times = 1 },
		.rules = "I4",
	}, {
		.name = "ping-count-99",
		.title = "-n 99, one answer held 60 ms: the 99th percentile is "
		    "rank 99 (ceil(98.01)), the held one",
		.hint = "Sort the n round trips; the p-th percentile is the one "
		    "at rank (p * n + 99) / 100, counting from 1.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "99",
		    "127.0.0.1", RUN_ARG_PORT }, .size = DEFAULT_SIZE,
		    .hold = HOLD_ONE, .judge_times = 1 },
		.rules = "I4",
	}, {
		.name = "ping-udp-lost",
		.title = "-u -n 4 alone (the default ADDRESS and PORT): message "
		    "2 gets no answer, message 3 only a copy of message 2: n=2 "
		    "lost=2",
		.hint = "Wait at most 1000 ms for an echo (poll() with the time "
		    "left); ignore a datagram that is not this message's bytes.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-u", "-n", "4",
		    RUN_ARG_ADDRESS }, .udp = 1,
		    .size = DEFAULT_SIZE, .drop = 2, .stale = 3 },
		.rules = "I7",
		.timeout_ms = 20000,
	}, {
		.name = "ping-udp-nobody",
		.title = "-u -n 3 with nothing at PORT: 'n=0 lost=3', exit "
		    "status 1, at once",
		.hint = "On a connected UDP socket, ECONNREFUSED from send() or "
		    "recv() means nobody is there: that message is lost.",
		.scenario = nobody_there, .diagnose = diagnose_measure,
		.arg = &(const struct nobody_case){ "ping", { "-u", "-n", "3",
		    "127.0.0.1", RUN_ARG_PORT } },
		.rules = "I7 I8",
	}, {
		.name = "ping-tcp-refused",
		.title = "nothing listening: a message, exit status 1",
		.hint = "Check connect(): on -1, perror(\"ping: connect\") and "
		    "return 1.",
		.scenario = nobody_there, .diagnose = diagnose_measure,
		.arg = &(const struct nobody_case){ "ping", { "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "I9",
	}, {
		.name = "ping-tcp-closed",
		.title = "pong ends the stream after 2 answers of 5: a message, "
		    "exit status 1, no line",
		.hint = "recv() returning 0 before the echo is whole: pong is "
		    "gone; say so on stderr and return 1.",
		.scenario = ping_figures, .diagnose = diagnose_measure,
		.arg = &(const struct ping_case){ .args = { "-n", "5",
		    "127.0.0.1", RUN_ARG_PORT }, .size = DEFAULT_SIZE,
		    .close_after = 2 },
		.rules = "I9",
	}, {
		.name = "ping-nagle-stall",
		.title = "-2 -n 20 against the reference pong: the median shows "
		    "the 40 ms stall of Nagle meeting a delayed ACK",
		.hint = "-2: send SIZE / 2 bytes, then the rest, in two send()s, "
		    "then read the echo; without -D leave TCP_NODELAY off.",
		.scenario = nagle, .diagnose = diagnose_measure,
		.arg = &(const struct nagle_case){ .args = { "-2", "-n", "20",
		    "127.0.0.1", RUN_ARG_PORT }, .stall = 1 },
		.rules = "I5",
	}, {
		.name = "ping-nagle-nodelay",
		.title = "-2 -D -n 20 against the reference pong: no stall "
		    "(median under 10 ms)",
		.hint = "-D: setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, "
		    "sizeof on) before connect().",
		.scenario = nagle, .diagnose = diagnose_measure,
		.arg = &(const struct nagle_case){ .args = { "-D", "-2", "-n",
		    "20", "127.0.0.1", RUN_ARG_PORT } },
		.rules = "I5 I6",
	}, {
		.name = "ping-bad-arguments",
		.title = "-n 0, -n 100001, -s 1, -s 65508, -u -D, -u -2, -x, "
		    "three operands: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "ping", {
		    { "-n", "0", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "100001", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "1", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "65508", "127.0.0.1", RUN_ARG_PORT },
		    { "-u", "-D", "127.0.0.1", RUN_ARG_PORT },
		    { "-u", "-2", "127.0.0.1", RUN_ARG_PORT },
		    { "-x", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A2",
	}, {
		.name = "ping-limits",
		.title = "ports 0 and 65536 refused (status 2); ports 1 and "
		    "65535, and -n 100000, good: nothing there, connect() "
		    "fails (status 1)",
		.hint = "PORT runs from 1 to 65535 and COUNT from 1 to 100000, "
		    "both ends included: keep the given parse_arguments().",
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "ping", {
		    { "127.0.0.1", "0" }, { "127.0.0.1", "1" },
		    { "127.0.0.1", "65535" }, { "127.0.0.1", "65536" },
		    { "-n", "100000", "127.0.0.1", RUN_ARG_PORT } } },
		.rules = "A2 I9",
	}, {
		.name = "ping-bad-numbers",
		.title = "-n 5x, -s 5x, -n '', port 5x, -n without COUNT: exit "
		    "status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "ping", {
		    { "-n", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", "5x" }, { "-n" }, { "xyz", RUN_ARG_PORT },
		    { "-s" } } },
		.rules = "A2",
	}, {
		.name = "bulk-receiver-paced",
		.title = "-l: 4 MiB + 7 bytes in 8 chunks 40 ms apart: bytes "
		    "exact, elapsed_us from the first byte to the end, mbit_s "
		    "from them",
		.hint = "Start the clock when the first recv() returns data, "
		    "stop it when recv() returns 0; mbit_s = bytes * 8 / "
		    "elapsed_us.",
		.scenario = receiver_paced, .diagnose = diagnose_measure,
		.arg = (const char *const[]){ "-l", "127.0.0.1", RUN_ARG_PORT,
		    NULL },
		.rules = "B1 B2 B3",
	}, {
		.name = "bulk-receiver-empty",
		.title = "-l: a connection closed at once: 'bytes=0 "
		    "elapsed_us=0 mbit_s=0.0'",
		.hint = "No byte, no clock: elapsed_us is 0, and so is mbit_s "
		    "(do not divide by 0).",
		.scenario = receiver_counts, .diagnose = diagnose_measure,
		.arg = &(const struct receiver_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT } },
		.rules = "B2 B3",
	}, {
		.name = "bulk-receiver-short-reads",
		.title = "-l, each recv() moving 1 to 7 bytes: 100007 bytes "
		    "counted",
		.hint = "Add what each recv() returned, not the buffer's size.",
		.scenario = receiver_counts, .diagnose = diagnose_measure,
		.arg = &(const struct receiver_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT }, .bytes = 100007,
		    .shim = 1 },
		.rules = "B1",
	}, {
		.name = "bulk-receiver-accept-fails",
		.title = "-l with 4 descriptors: accept() fails (EMFILE): a "
		    "message naming accept, exit status 1",
		.hint = "Check accept(): on -1, perror(\"bulk: accept\"), "
		    "return 1.",
		.scenario = receiver_counts, .diagnose = diagnose_measure,
		.arg = &(const struct receiver_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT }, .bytes = 10,
		    .open_files = 4 },
		.rules = "B9",
	}, {
		.name = "bulk-receiver-port-taken",
		.title = "-l, its port already taken: bind() fails, a message "
		    "naming bind, exit status 1",
		.hint = "Check bind(): on -1, perror(\"bulk: bind\"), close(s), "
		    "return 1.",
		.scenario = port_taken, .diagnose = diagnose_measure,
		.arg = &(const struct taken_case){ "bulk", { "-l", "127.0.0.1",
		    RUN_ARG_PORT }, .udp = 0 },
		.rules = "B9",
	}, {
		.name = "bulk-receiver-buffer",
		.title = "-l -b 1 (the smallest) alone (the default ADDRESS and "
		    "PORT), paused: its socket holds at most 16 KiB unread",
		.hint = "-b: setsockopt(s, SOL_SOCKET, SO_RCVBUF, ...) on the "
		    "listening socket, before listen(): accept()ed sockets "
		    "inherit it.",
		.scenario = receiver_buffer, .diagnose = diagnose_measure,
		.arg = (const char *const[]){ "-l", "-b", "1",
		    RUN_ARG_ADDRESS, NULL },
		.rules = "B4",
	}, {
		.name = "bulk-receiver-default-buffer",
		.title = "-l alone (the default ADDRESS and PORT), paused: "
		    "without -b its socket holds more than 16 KiB unread",
		.hint = "Without -b, leave SO_RCVBUF alone.",
		.scenario = receiver_buffer, .diagnose = diagnose_measure,
		.arg = (const char *const[]){ "-l", RUN_ARG_ADDRESS, NULL },
		.rules = "B4",
	}, {
		.name = "bulk-sender-paced",
		.title = "-b 65536 -s 1000 -n 4194311 to a slow reader: every "
		    "byte, and elapsed_us no less than the reading allows",
		.hint = "Time from just before the first send() to just after "
		    "the last one returned; count what you sent.",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { "-b", "65536",
		    "-s", "1000", "-n", "4194311", "127.0.0.1",
		    RUN_ARG_PORT }, .total = 4194311, .paced = 1 },
		.rules = "B4 B5 B6 B3",
	}, {
		.name = "bulk-sender-defaults",
		.title = "no arguments: 16 MiB to 127.0.0.1:50007, counted by "
		    "the grader",
		.hint = "The defaults: DEFAULT_TOTAL bytes, in writes of "
		    "DEFAULT_WRITE, to DEFAULT_ADDRESS and DEFAULT_PORT.",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { RUN_ARG_ADDRESS },
		    .total = 16777216 },
		.rules = "B5",
	}, {
		.name = "bulk-sender-last-byte",
		.title = "-s 1000 -n 3001: three writes of 1000 bytes and one "
		    "of 1 byte",
		.hint = "The last write is what is left: min(WRITE, left).",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { "-s", "1000",
		    "-n", "3001", "127.0.0.1", RUN_ARG_PORT }, .total = 3001 },
		.rules = "B5",
	}, {
		.name = "bulk-sender-write-1",
		.title = "-s 1 -n 1000, the smallest write: 1000 bytes",
		.hint = "WRITE runs from 1 to 1048576, both included: keep "
		    "parse_arguments().",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { "-s", "1", "-n",
		    "1000", "127.0.0.1", RUN_ARG_PORT }, .total = 1000 },
		.rules = "B5",
	}, {
		.name = "bulk-sender-short-writes",
		.title = "-s 1000 -n 20011, each send() moving 1 to 7 bytes: "
		    "every byte arrives",
		.hint = "send() may take fewer bytes than asked: send the rest "
		    "of the write again.",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { "-s", "1000",
		    "-n", "20011", "127.0.0.1", RUN_ARG_PORT }, .total = 20011,
		    .shim = 1 },
		.rules = "B5",
	}, {
		.name = "bulk-sender-address-only",
		.title = "-n 100003 127.0.0.2: to 127.0.0.2, PORT 50007",
		.hint = "With ADDRESS alone, bulk connects to that ADDRESS and "
		    "DEFAULT_PORT: keep parse_arguments().",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { "-n", "100003",
		    "127.0.0.2" }, .total = 100003, .address_only = 1,
		    .ip = "127.0.0.2" },
		.rules = "B5",
	}, {
		.name = "bulk-sender-reset",
		.title = "the grader resets the connection after 64 KiB of "
		    "1 GiB: a message, exit status 1, no line",
		.hint = "Check send(): on -1 (ECONNRESET, EPIPE), perror("
		    "\"bulk: send\"), return 1; MSG_NOSIGNAL, so that SIGPIPE "
		    "does not kill the sender.",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { "-n",
		    "1073741824", "127.0.0.1", RUN_ARG_PORT },
		    .total = 1073741824, .reset_after = 65536 },
		.rules = "B8",
	}, {
		.name = "bulk-sender-zero",
		.title = "-n 0: a connection with no byte; 'bytes=0', mbit_s "
		    "0.0",
		.hint = "-n 0 is allowed: connect, send nothing, close.",
		.scenario = sender_to_grader, .diagnose = diagnose_measure,
		.arg = &(const struct sender_case){ .args = { "-n", "0",
		    "127.0.0.1", RUN_ARG_PORT } },
		.rules = "B5 B3",
	}, {
		.name = "bulk-sender-refused",
		.title = "nothing listening: a message, exit status 1",
		.hint = "Check connect(): on -1, perror(\"bulk: connect\") and "
		    "return 1.",
		.scenario = nobody_there, .diagnose = diagnose_measure,
		.arg = &(const struct nobody_case){ "bulk", { "127.0.0.1",
		    RUN_ARG_PORT } },
		.rules = "B7",
	}, {
		.name = "bulk-bad-arguments",
		.title = "-b 0, -b 16777217, -s 0, -s 1048577, -n -1, -n "
		    "1073741825, -l with -n, -x: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "bulk", {
		    { "-b", "0", "127.0.0.1", RUN_ARG_PORT },
		    { "-b", "16777217", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "0", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "1048577", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "-1", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "1073741825", "127.0.0.1", RUN_ARG_PORT },
		    { "-l", "-n", "5", "127.0.0.1", RUN_ARG_PORT },
		    { "-x", "127.0.0.1", RUN_ARG_PORT } } },
		.rules = "A3",
	}, {
		.name = "bulk-limits",
		.title = "ports 0 and 65536 refused (status 2); ports 1 and "
		    "65535, -b 16777216 and -s 1048576 good: nothing there, "
		    "connect() fails (status 1)",
		.hint = "PORT runs from 1 to 65535, BYTES from 1 to 16777216, "
		    "WRITE from 1 to 1048576, both ends included: keep the "
		    "given parse_arguments().",
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "bulk", {
		    { "127.0.0.1", "0" }, { "127.0.0.1", "1" },
		    { "127.0.0.1", "65535" }, { "127.0.0.1", "65536" },
		    { "-b", "16777216", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "1048576", "127.0.0.1", RUN_ARG_PORT } } },
		.rules = "A3 B7",
	}, {
		.name = "bulk-bad-numbers",
		.title = "-b 5x, -s 5x, -n 5x, port 5x, address xyz, a lone -b, "
		    "-s with -l: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "bulk", {
		    { "-b", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", "5x" }, { "xyz", RUN_ARG_PORT }, { "-b" },
		    { "-s", "10", "-l", "127.0.0.1", RUN_ARG_PORT },
		    { "-l", "127.0.0.1", RUN_ARG_PORT, "x" } } },
		.rules = "A3",
	}, {
		.name = "pace-receiver-counts",
		.title = "-l: after 200 ms, 200 datagrams numbered 0 to 199 but "
		    "7 never sent, with 0- and 7-byte datagrams among them: "
		    "'datagrams=193 lost=7 bytes=193000', at once after 199",
		.hint = "Count each datagram of at least 8 bytes; lost is "
		    "COUNT (its second number, ntohl) minus that count; stop "
		    "after the sequence number COUNT - 1.",
		.scenario = pace_receiver, .diagnose = diagnose_measure,
		.arg = &(const struct pace_rx_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT }, .count = 200, .size = 1000,
		    .skip = { 3, 50, 51, 99, 120, 150, 198 }, .runts = 1,
		    .gap_ms = 1, .wait_ms = 200 },
		.rules = "U1 U5 U6",
	}, {
		.name = "pace-receiver-last-lost",
		.title = "-l: datagrams 0 to 8 of 10 (the last never comes): "
		    "'lost=1' a second after the last one came, elapsed_us "
		    "without that second",
		.hint = "poll() with IDLE_MS before each recv(): when it "
		    "returns 0, the rest is not coming; stop the clock at the "
		    "last datagram read, not at the timeout.",
		.scenario = pace_receiver, .diagnose = diagnose_measure,
		.arg = &(const struct pace_rx_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT }, .count = 10, .size = 1472,
		    .skip = { 9 }, .gap_ms = 20 },
		.rules = "U5 U6",
	}, {
		.name = "pace-receiver-sizes",
		.title = "-l: 3 datagrams of 65507 bytes, the largest: "
		    "'datagrams=3 lost=0 bytes=196521'",
		.hint = "recv() into a buffer of at least 65507 bytes: a "
		    "smaller one cuts the datagram (and its length).",
		.scenario = pace_receiver, .diagnose = diagnose_measure,
		.arg = &(const struct pace_rx_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT }, .count = 3, .size = 65507 },
		.rules = "U5 U6",
	}, {
		.name = "pace-receiver-smallest",
		.title = "-l: 5 datagrams of 8 bytes, the smallest: "
		    "'datagrams=5 lost=0 bytes=40'",
		.hint = "A datagram of 8 bytes is one of ours; only shorter "
		    "ones are ignored.",
		.scenario = pace_receiver, .diagnose = diagnose_measure,
		.arg = &(const struct pace_rx_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT }, .count = 5, .size = 8 },
		.rules = "U5",
	}, {
		.name = "pace-receiver-one",
		.title = "-l: one datagram of 100 bytes, COUNT 1: 'datagrams=1 "
		    "lost=0 bytes=100 elapsed_us=0 mbit_s=0.0'",
		.hint = "One datagram is the first and the last: elapsed_us is "
		    "0, and so is mbit_s (do not divide by 0).",
		.scenario = pace_receiver, .diagnose = diagnose_measure,
		.arg = &(const struct pace_rx_case){ .args = { "-l",
		    "127.0.0.1", RUN_ARG_PORT }, .count = 1, .size = 100 },
		.rules = "U5 U6",
	}, {
		.name = "pace-receiver-buffer",
		.title = "-l -b 1, paused while 300 datagrams come: the kernel "
		    "drops all but a few, and lost= is exactly what it dropped",
		.hint = "-b: setsockopt(s, SOL_SOCKET, SO_RCVBUF, ...) before "
		    "bind(); lost is COUNT minus the datagrams read.",
		.scenario = pace_receiver_buffer, .diagnose = diagnose_measure,
		.arg = (const char *const[]){ "-l", "-b", "1", "127.0.0.1",
		    RUN_ARG_PORT, NULL },
		.rules = "U5 U6 U7",
	}, {
		.name = "pace-receiver-port-taken",
		.title = "-l, its UDP port already taken: bind() fails, a "
		    "message naming bind, exit status 1",
		.hint = "Check bind(): on -1, perror(\"pace: bind\"), close(s), "
		    "return 1.",
		.scenario = port_taken, .diagnose = diagnose_measure,
		.arg = &(const struct taken_case){ "pace", { "-l", "127.0.0.1",
		    RUN_ARG_PORT }, .udp = 1 },
		.rules = "U8",
	}, {
		.name = "udp-behind-slow-link",
		.title = "pace -l behind a 10 Mbit/s link, the reference "
		    "sending 400 datagrams at 20: lost= exactly what the link "
		    "dropped, mbit_s no more than the link's",
		.hint = "lost is COUNT minus the datagrams read, and elapsed_us "
		    "runs from the first datagram to the last read.",
		.scenario = behind_slow_link, .diagnose = diagnose_measure,
		.arg = "pace",
		.rules = "U5 U6",
		.timeout_ms = 15000,
	}, {
		.name = "tcp-behind-slow-link",
		.title = "bulk -l behind a 10 Mbit/s link, the reference "
		    "sending 500000 bytes: every byte, mbit_s no more than the "
		    "link's",
		.hint = "The receiver's clock runs from the first byte read to "
		    "the end of the stream.",
		.scenario = behind_slow_link, .diagnose = diagnose_measure,
		.arg = "bulk",
		.rules = "B1 B2 B3",
		.timeout_ms = 15000,
	}, {
		.name = "pace-sender-paced",
		.title = "-r 1 -s 12500 -n 8: 8 datagrams numbered 0 to 7, "
		    "datagram i no earlier than i * 100 ms after the sender "
		    "started (12500 bytes at 1 Mbit/s)",
		.hint = "Datagram i is due at start + i * SIZE * 8 / MBIT "
		    "microseconds: sleep until then (clock_nanosleep with "
		    "TIMER_ABSTIME, or nanosleep for what is left).",
		.scenario = pace_sender, .diagnose = diagnose_measure,
		/*
		 * Intervals of 100 ms, far above the kernel's and a busy
		 * machine's jitter: a sender one interval early (datagram 1
		 * right after datagram 0) shows against datagram 0's arrival
		 * (pace_early), however long pace took to start.
		 */
		.arg = &(const struct pace_tx_case){ .args = { "-r", "1", "-s",
		    "12500", "-n", "8", "127.0.0.1", RUN_ARG_PORT },
		    .count = 8, .size = 12500, .rate = 1 },
		.rules = "U1 U2 U3 U4",
	}, {
		.name = "pace-sender-fast",
		.title = "-r 100000 -s 1000 -n 2000: every datagram, numbered, "
		    "in order",
		.hint = "Send COUNT datagrams, the sequence number and COUNT "
		    "in their first 8 bytes, each with htonl().",
		.scenario = pace_sender, .diagnose = diagnose_measure,
		/* Datagrams due 0.08 us apart: their pacing is not judged. */
		.arg = &(const struct pace_tx_case){ .args = { "-r", "100000",
		    "-s", "1000", "-n", "2000", "127.0.0.1", RUN_ARG_PORT },
		    .count = 2000, .size = 1000 },
		.rules = "U1 U2 U3",
	}, {
		.name = "pace-sender-defaults",
		.title = "no options, ADDRESS alone: 1000 datagrams of 1472 "
		    "bytes to port 50007, unpaced",
		.hint = "DEFAULT_COUNT datagrams of DEFAULT_SIZE; without -r, "
		    "no sleeping.",
		.scenario = pace_sender, .diagnose = diagnose_measure,
		.arg = &(const struct pace_tx_case){ .args = { "127.0.0.1" },
		    .address_only = 1, .count = 1000, .size = 1472 },
		.rules = "U1 U2 U4",
	}, {
		.name = "pace-sender-no-operands",
		.title = "-s 100 -n 3, no ADDRESS: 3 datagrams to "
		    "127.0.0.1:50007",
		.hint = "Options may end the command line; then ADDRESS and "
		    "PORT are the defaults: keep parse_arguments().",
		.scenario = pace_sender, .diagnose = diagnose_measure,
		.arg = &(const struct pace_tx_case){ .args = { "-s", "100",
		    "-n", "3" }, .count = 3, .size = 100, .no_operands = 1 },
		.rules = "U2 A4",
	}, {
		.name = "pace-sender-address-only",
		.title = "-n 3 127.0.0.2: the datagrams go to 127.0.0.2, PORT "
		    "50007",
		.hint = "With ADDRESS alone, send there, to DEFAULT_PORT: keep "
		    "parse_arguments().",
		.scenario = pace_sender, .diagnose = diagnose_measure,
		.arg = &(const struct pace_tx_case){ .args = { "-n", "3",
		    "127.0.0.2" }, .count = 3, .size = 1472,
		    .address_only = 1, .ip = "127.0.0.2" },
		.rules = "U2",
	}, {
		.name = "pace-sender-limits",
		.title = "-s 65507 -n 1: the largest datagram, once",
		.hint = "SIZE runs from 8 to 65507 and COUNT from 1: keep "
		    "parse_arguments().",
		.scenario = pace_sender, .diagnose = diagnose_measure,
		.arg = &(const struct pace_tx_case){ .args = { "-s", "65507",
		    "-n", "1", "127.0.0.1", RUN_ARG_PORT }, .count = 1,
		    .size = 65507 },
		.rules = "U1 U2 U4",
	}, {
		.name = "pace-sender-smallest",
		.title = "-s 8 -n 50: datagrams of the header alone",
		.hint = "SIZE 8 is allowed: the two numbers and nothing else.",
		.scenario = pace_sender, .diagnose = diagnose_measure,
		.arg = &(const struct pace_tx_case){ .args = { "-s", "8", "-n",
		    "50", "127.0.0.1", RUN_ARG_PORT }, .count = 50,
		    .size = 8 },
		.rules = "U1 U2",
	}, {
		.name = "pace-sender-nobody",
		.title = "-n 5, nothing listening: UDP says nothing; "
		    "'datagrams=5 bytes=7360', exit status 0",
		.hint = "sendto() on a socket that is not connected: an ICMP "
		    "answer is not an error there. Fire and forget.",
		.scenario = pace_nobody, .diagnose = diagnose_measure,
		.arg = (const char *const[]){ "-n", "5", "127.0.0.1",
		    RUN_ARG_PORT, NULL },
		.rules = "U3 U4",
	}, {
		.name = "pace-sender-port-1",
		.title = "-n 2 127.0.0.1 1: PORT 1, the smallest, is good: "
		    "'datagrams=2 bytes=2944', exit status 0",
		.hint = "PORT runs from 1 to 65535, both included: keep "
		    "parse_arguments().",
		.scenario = pace_nobody, .diagnose = diagnose_measure,
		.arg = (const char *const[]){ "-n", "2", "127.0.0.1", "1",
		    NULL },
		.rules = "A4",
	}, {
		.name = "pace-sender-port-65535",
		.title = "-n 2 127.0.0.1 65535: PORT 65535, the largest, is "
		    "good: 'datagrams=2 bytes=2944', exit status 0",
		.hint = "PORT runs from 1 to 65535, both included: keep "
		    "parse_arguments().",
		.scenario = pace_nobody, .diagnose = diagnose_measure,
		.arg = (const char *const[]){ "-n", "2", "127.0.0.1", "65535",
		    NULL },
		.rules = "A4",
	}, {
		.name = "pace-sender-fails",
		.title = "-n 5 255.255.255.255: sendto() fails (EACCES, no "
		    "SO_BROADCAST): a message naming sendto, exit status 1, "
		    "no line",
		.hint = "Check sendto(): on -1 (but EINTR), perror(\"pace: "
		    "sendto\"), free(buf), return 1, before any printf().",
		.scenario = pace_send_fails, .diagnose = diagnose_measure,
		.rules = "U4",
	}, {
		.name = "pace-bad-arguments",
		.title = "-r 0, -r 100001, -s 7, -s 65508, -n 0, -n 1000001: "
		    "exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "pace", {
		    { "-r", "0", "127.0.0.1", RUN_ARG_PORT },
		    { "-r", "100001", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "7", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "65508", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "0", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "1000001", "127.0.0.1", RUN_ARG_PORT } } },
		.rules = "A4",
	}, {
		.name = "pace-bad-options",
		.title = "-l -b 0, port 0 and 65536, -x: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "pace", {
		    { "-l", "-b", "0", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", "0" }, { "127.0.0.1", "65536" },
		    { "-x", "127.0.0.1", RUN_ARG_PORT } } },
		.rules = "A4",
	}, {
		.name = "pace-bad-mixes",
		.title = "-l with -r, -s or -n (before or after it), -b 1 or "
		    "-b 5000 without -l: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "pace", {
		    { "-l", "-r", "5", "127.0.0.1", RUN_ARG_PORT },
		    { "-l", "-s", "100", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "5", "-l", "127.0.0.1", RUN_ARG_PORT },
		    { "-b", "1", "127.0.0.1", RUN_ARG_PORT },
		    { "-b", "5000", "127.0.0.1", RUN_ARG_PORT } } },
		.rules = "A4",
	}, {
		.name = "pace-bad-numbers",
		.title = "-r 5x, -s 5x, -n 5x, -b 5x, port 5x, address xyz, a "
		    "lone -r, three operands: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "pace", {
		    { "-r", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-s", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-n", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "-l", "-b", "5x", "127.0.0.1", RUN_ARG_PORT },
		    { "127.0.0.1", "5x" }, { "xyz", RUN_ARG_PORT }, { "-r" },
		    { "127.0.0.1", RUN_ARG_PORT, "x" } } },
		.rules = "A4",
	},
};

static const struct lesson lesson_12 = {
	.dir = "12-measure",
	.title = "Measuring TCP against UDP: round trips, Nagle, "
	    "throughput, honestly",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
	.shim = "shortio",	/* TCP's send() and recv() cut short */
	.needs_netns = 1,	/* a slow link (tbf) for TCP against UDP */
	.checks_per_job = 3,	/* they mostly wait: held answers, paced bytes */
	.lab = &lab_12,
};

LESSON_REGISTER(lesson_12)

/*
 * ==== The lab (grade --lab): measurements, never verdicts ====
 *
 * What the lesson's programs measure on this machine, the student's beside
 * the reference's (lab.h): round trips against message size, TCP in its
 * modes against UDP; throughput against write size; and two anchors, the
 * machine's own limits as tools made for measuring see them, in the same
 * sandbox: iperf3's TCP throughput against bulk's, and sockperf's TCP
 * round trip against ping's. A tool that is not installed is a remark
 * saying what to install; the rest still runs.
 *
 * To add a series: a row in lab_experiments[] (its scenario records
 * lab_point(r, "SERIES", x, y)), and its name (or a pattern "PREFIX*")
 * in a plot's series; to add a plot: a row in lab_plots[].
 */

/* Message sizes of the latency series, 0-ended. */
static const long lab_sizes[] = { 32, 256, 1024, 8192, 32768, 0 };
/* Write sizes of the throughput series, 0-ended. */
static const long lab_writes[] = { 64, 256, 1024, 4096, 16384, 65536,
	262144, 1048576, 0 };
/* How long each transfer of the throughput series should last, in ms. */
#define LAB_TRANSFER_MS 150
/* The first transfer's size, before a rate is known. */
#define LAB_FIRST_TOTAL (4L * 1024 * 1024)
/* The largest -n bulk takes. */
#define LAB_MAX_TOTAL 1073741824L
/* How long one program of an experiment may run (unscaled). */
#define LAB_WAIT_MS 5000
/*
 * How long a server of the lab may take to bind (unscaled): more than a
 * check's RUN_START_MS, since the lab runs at a low priority and a slow
 * start is the machine's, not a measurement.
 */
#define LAB_START_MS 20000
/*
 * How long an installed tool's run may last (unscaled): it ends by itself
 * after LAB_TOOL_SECONDS, so this bound is only a hang's; at the lab's low
 * priority on a busy machine sockperf's run took over LAB_WAIT_MS.
 */
#define LAB_TOOL_WAIT_MS 60000
/* iperf3's and sockperf's runs, in whole seconds (their unit). */
#define LAB_TOOL_SECONDS "1"
/* The anchors' targets, as the lesson's README states them. */
#define LAB_IPERF3_TARGET 0.9

/* A latency series: ping in one mode against pong, at each lab_sizes. */
struct latency_lab {
	const char *mode;	/* the series' name: "tcp -2" */
	const char *options[4];	/* ping's options for it */
	int udp;
	const char *count;	/* messages per size */
};

/* A throughput series: bulk -l, then bulk -s W, at each of writes. */
struct throughput_lab {
	const char *series;
	const long *writes;
};

/*
 * Start program (the side's own, or an installed tool when tool is set)
 * as label with args, and wait until it is bound to type at port. Returns
 * it, or NULL after a remark.
 */
static struct proc *
lab_server(struct run *r, const char *program, int tool, const char *label,
    const char *const args[], int type, int port)
{
	struct proc *p = tool ? lab_start_tool(r, program, label, args) :
	    run_start(r, program, label, args);
	char how[128];

	if (p != NULL &&
	    run_wait_bound_within(r, p, label, type, port, LAB_START_MS) == 0)
		return p;
	run_describe(p, how, sizeof how);
	lab_remark(r, "%s was not ready on port %d (%s)", label, port, how);
	run_collect_notes(r, p);
	return NULL;
}

/*
 * Let p end within ms (scaled), then read its standard output into out (at
 * most cap bytes) and collect it as notes. Returns 0 when it exited with
 * status 0, else -1 after a remark naming what.
 */
static int
lab_output(struct run *r, struct proc *p, const char *what,
    struct bytes *out, size_t cap, int ms)
{
	char how[128];
	int ok;

	(void)run_wait_exit(r, p, ms);
	ok = run_exit_code(p) == 0;
	run_describe(p, how, sizeof how);
	(void)run_read_output(p, RUN_STDOUT, out, cap);
	run_collect_notes(r, p);
	if (!ok)
		lab_remark(r, "%s: %s", what, how);
	return ok ? 0 : -1;
}

/*
 * Run ping with options, count and size against the pong at r->port, and
 * put its median and 99th percentile into f[2], f[3] (measure_fields with
 * ping_keys). Returns 0, or -1 after a remark.
 */
static int
lab_ping(struct run *r, const char *const options[], const char *count,
    long size, double f[4])
{
	const char *args[16];
	char label[24], sz[16], what[64];
	struct bytes out;
	struct proc *p;
	int n = 0, rc = -1;

	snprintf(sz, sizeof sz, "%ld", size);
	snprintf(label, sizeof label, "ping%ld", size);
	for (int i = 0; options[i] != NULL; i++)
		args[n++] = options[i];
	args[n++] = "-n";
	args[n++] = count;
	args[n++] = "-s";
	args[n++] = sz;
	args[n++] = "127.0.0.1";
	args[n++] = r->port_arg;
	args[n] = NULL;
	snprintf(what, sizeof what, "ping -s %ld", size);
	bytes_init(&out);
	p = run_start(r, "ping", label, args);
	if (lab_output(r, p, what, &out, 4096, LAB_WAIT_MS) == 0) {
		rc = measure_fields(out.data, out.len, ping_keys, f, 4);
		if (rc == -1) {
			struct bytes e;

			bytes_init(&e);
			escape_bytes(&e, out.data, out.len, 80);
			lab_remark(r, "%s printed '%s', not the line 'n=N "
			    "lost=L rtt_median_us=M rtt_p99_us=P'", what,
			    bytes_str(&e));
			bytes_free(&e);
		}
	}
	bytes_free(&out);
	return rc;
}

/*
 * A latency series (r->arg, struct latency_lab): at each size, pong and
 * ping, both the side's, on one CPU (lab_one_cpu: else the median jumps
 * between two levels from run to run); points "median MODE" and "p99
 * MODE" (us) against the size.
 */
static void
lab_latency(struct run *r)
{
	const struct latency_lab *c = r->arg;
	int type = c->udp ? SOCK_DGRAM : SOCK_STREAM;

	(void)lab_one_cpu(r);

	for (int i = 0; lab_sizes[i] != 0; i++) {
		char sz[16], label[24], series[48];
		const char *tcp_args[] = { "-s", sz, "127.0.0.1", r->port_arg,
		    NULL };
		const char *udp_args[] = { "-u", "127.0.0.1", r->port_arg,
		    NULL };
		struct proc *pong;
		double f[4];

		snprintf(sz, sizeof sz, "%ld", lab_sizes[i]);
		snprintf(label, sizeof label, "pong%ld", lab_sizes[i]);
		pong = lab_server(r, "pong", 0, label, c->udp ? udp_args :
		    tcp_args, type, r->port);
		if (pong == NULL)
			return;
		if (lab_ping(r, c->options, c->count, lab_sizes[i], f) == 0) {
			snprintf(series, sizeof series, "median %s", c->mode);
			lab_point(r, series, (double)lab_sizes[i], f[2]);
			snprintf(series, sizeof series, "p99 %s", c->mode);
			lab_point(r, series, (double)lab_sizes[i], f[3]);
		}
		run_collect_notes(r, pong);	/* and stops it */
	}
}

/*
 * One transfer: bulk -l at r->port, then bulk with sargs (labels end with
 * label). Returns the receiver's mbit_s, or -1 after a remark.
 */
static double
lab_bulk_args(struct run *r, const char *const sargs[], const char *label)
{
	const char *rargs[] = { "-l", "127.0.0.1", r->port_arg, NULL };
	char name[32];
	struct proc *receiver, *sender;
	struct bytes out;
	double f[3] = { 0, 0, -1 };

	snprintf(name, sizeof name, "receiver%s", label);
	receiver = lab_server(r, "bulk", 0, name, rargs, SOCK_STREAM,
	    r->port);
	if (receiver == NULL)
		return -1;
	snprintf(name, sizeof name, "sender%s", label);
	sender = run_start(r, "bulk", name, sargs);
	bytes_init(&out);
	(void)lab_output(r, sender, "bulk", &out, 4096, LAB_WAIT_MS);
	bytes_clear(&out);
	if (lab_output(r, receiver, "bulk -l", &out, 4096, LAB_WAIT_MS) == 0 &&
	    measure_fields(out.data, out.len, bulk_keys, f, 3) == -1) {
		lab_remark(r, "bulk -l: not the line 'bytes=N elapsed_us=T "
		    "mbit_s=R'");
		f[2] = -1;
	}
	bytes_free(&out);
	return f[2];
}

/*
 * One transfer: bulk -l at r->port, then bulk -s write -n total. Returns
 * the receiver's mbit_s, or -1 after a remark.
 */
static double
lab_bulk(struct run *r, long write, long total)
{
	char w[24], n[24];
	const char *sargs[] = { "-s", w, "-n", n, "127.0.0.1", r->port_arg,
	    NULL };

	snprintf(w, sizeof w, "%ld", write);
	snprintf(n, sizeof n, "%ld", total);
	return lab_bulk_args(r, sargs, w);
}

/* A transfer's size for about LAB_TRANSFER_MS at mbit_s, in writes. */
static long
lab_total(double mbit_s, long write)
{
	double bytes = mbit_s * 1e6 / 8 * LAB_TRANSFER_MS / 1000;
	long total = bytes > (double)LAB_MAX_TOTAL ? LAB_MAX_TOTAL :
	    (long)bytes;

	return total < write ? write : total;
}

/*
 * A throughput series (r->arg, struct throughput_lab): the receiver's
 * mbit_s against the write size, each transfer sized from the rate of
 * the one before to last about LAB_TRANSFER_MS.
 */
static void
lab_throughput(struct run *r)
{
	const struct throughput_lab *c = r->arg;
	long total = LAB_FIRST_TOTAL;

	for (int i = 0; c->writes[i] != 0; i++) {
		double mbit_s = lab_bulk(r, c->writes[i], total);

		if (mbit_s < 0)
			return;
		lab_point(r, c->series, (double)c->writes[i], mbit_s);
		if (mbit_s > 0 && c->writes[i + 1] != 0)
			total = lab_total(mbit_s, c->writes[i + 1]);
	}
}

/*
 * The number after "key": in text (iperf3's JSON: "\"bits_per_second\":"
 * after "\"sum_received\""; sockperf's "percentile 50.000 ="), or -1.
 */
static double
number_after(const char *text, const char *section, const char *key)
{
	const char *at = section != NULL ? strstr(text, section) : text;
	char *end;
	double v;

	if (at == NULL || (at = strstr(at, key)) == NULL)
		return -1;
	at += strlen(key);
	v = strtod(at, &end);
	return end == at ? -1 : v;
}

/* Run an installed tool as label to its end; its output into out. */
static int
lab_tool(struct run *r, const char *tool, const char *label,
    const char *const args[], struct bytes *out)
{
	struct proc *p = lab_start_tool(r, tool, label, args);

	if (p == NULL) {
		lab_remark(r, "%s could not start", tool);
		return -1;
	}
	return lab_output(r, p, tool, out, 256 * 1024, LAB_TOOL_WAIT_MS);
}

/* How many transfers of bulk the throughput anchor takes the median of. */
#define LAB_ANCHOR_RUNS 3

/*
 * The throughput anchor: iperf3's TCP throughput on this loopback (one
 * second), and the side's bulk with the largest writes and the largest
 * transfer, LAB_ANCHOR_RUNS times, once before iperf3 and the rest after
 * it, so that a machine whose load drifts weighs on both alike (their
 * median counts). Points "iperf3" and "bulk" (Mbit/s), and "bulk /
 * iperf3".
 */
static void
lab_anchor_iperf3(struct run *r)
{
	const char *server[] = { "-s", "-1", "-B", "127.0.0.1", "-p",
	    r->alt_port_arg, NULL };
	const char *client[] = { "-c", "127.0.0.1", "-p", r->alt_port_arg,
	    "-t", LAB_TOOL_SECONDS, "-J", NULL };
	const long write = 1048576;
	int64_t runs[LAB_ANCHOR_RUNS];
	char path[512];
	struct bytes out;
	double iperf3 = -1, bulk;

	if (lab_find_tool("iperf3", path, sizeof path) == -1) {
		lab_remark(r, "iperf3 is not installed, so there is no "
		    "throughput anchor: apt-get install iperf3");
		return;
	}
	for (int i = 0; i < LAB_ANCHOR_RUNS; i++) {
		if ((bulk = lab_bulk(r, write, LAB_MAX_TOTAL)) < 0)
			return;
		runs[i] = (int64_t)bulk;
		if (i > 0)
			continue;
		if (lab_server(r, "iperf3", 1, "iperf3-server", server,
		    SOCK_STREAM, r->alt_port) == NULL)
			return;
		bytes_init(&out);
		if (lab_tool(r, "iperf3", "iperf3", client, &out) == 0)
			iperf3 = number_after(bytes_str(&out),
			    "\"sum_received\"", "\"bits_per_second\":") / 1e6;
		bytes_free(&out);
		if (iperf3 <= 0) {
			lab_remark(r, "iperf3 gave no receiver's "
			    "bits_per_second");
			return;
		}
	}
	bulk = (double)measure_percentile(runs, LAB_ANCHOR_RUNS, 50);
	lab_point(r, "iperf3", 131072, iperf3);
	lab_point(r, "bulk", (double)write, bulk);
	lab_point(r, "bulk / iperf3", (double)write, bulk / iperf3);
	lab_remark(r, "bulk -s %ld reached %.2f x iperf3's %.0f Mbit/s, the "
	    "median of %lld, %lld and %lld (the reference's target: at least "
	    "%.1f)", write, bulk / iperf3, iperf3, (long long)runs[0],
	    (long long)runs[1], (long long)runs[2], LAB_IPERF3_TARGET);
}

/*
 * The latency anchor: sockperf's TCP ping-pong of 32-byte messages (one
 * second, round trips), then the side's ping and pong, TCP, 32 bytes, all
 * on one CPU as the latency series are. Points "sockperf" and "ping"
 * (median round trip, us), and "ping / sockperf".
 */
static void
lab_anchor_sockperf(struct run *r)
{
	const char *server[] = { "sr", "--tcp", "-i", "127.0.0.1", "-p",
	    r->alt_port_arg, NULL };
	const char *client[] = { "pp", "--tcp", "-i", "127.0.0.1", "-p",
	    r->alt_port_arg, "-t", LAB_TOOL_SECONDS, "-m", "32", "--full-rtt",
	    NULL };
	const char *pong_args[] = { "-s", "32", "127.0.0.1", r->port_arg,
	    NULL };
	const char *none[] = { NULL };
	char path[512];
	struct proc *sr, *pong;
	struct bytes out;
	double sockperf, f[4];

	if (lab_find_tool("sockperf", path, sizeof path) == -1) {
		lab_remark(r, "sockperf is not installed, so there is no "
		    "latency anchor: apt-get install sockperf");
		return;
	}
	(void)lab_one_cpu(r);
	sr = lab_server(r, "sockperf", 1, "sockperf-server", server,
	    SOCK_STREAM, r->alt_port);
	if (sr == NULL)
		return;
	bytes_init(&out);
	sockperf = lab_tool(r, "sockperf", "sockperf", client, &out) == -1 ?
	    -1 : number_after(bytes_str(&out), NULL, "percentile 50.000 =");
	bytes_free(&out);
	run_collect_notes(r, sr);	/* and stops it */
	if (sockperf <= 0) {
		lab_remark(r, "sockperf gave no median (percentile 50.000)");
		return;
	}
	lab_point(r, "sockperf", 32, sockperf);
	pong = lab_server(r, "pong", 0, "pong", pong_args, SOCK_STREAM,
	    r->port);
	if (pong == NULL)
		return;
	if (lab_ping(r, none, "1000", 32, f) == 0) {
		lab_point(r, "ping", 32, f[2]);
		lab_point(r, "ping / sockperf", 32, f[2] / sockperf);
	}
	run_collect_notes(r, pong);
}

/* Datagram sizes of the UDP throughput series, 0-ended. */
static const long lab_datagrams[] = { 64, 512, 1472, 8192, 65507, 0 };
/* Offered rates behind the slow link (Mbit/s), 0-ended. */
static const long lab_offered[] = { 2, 5, 10, 20, 40, 0 };

/*
 * One UDP transfer: pace -l at r->port, then pace with sender_args. Puts
 * the receiver's line into f (pace_rx_keys). Returns 0, or -1 after a
 * remark.
 */
static int
lab_pace(struct run *r, const char *const sender_args[], const char *label,
    double f[5])
{
	const char *rargs[] = { "-l", "127.0.0.1", r->port_arg, NULL };
	char name[32];
	struct proc *receiver, *sender;
	struct bytes out;
	int rc = -1;

	snprintf(name, sizeof name, "receiver-%s", label);
	receiver = lab_server(r, "pace", 0, name, rargs, SOCK_DGRAM, r->port);
	if (receiver == NULL)
		return -1;
	snprintf(name, sizeof name, "sender-%s", label);
	sender = run_start(r, "pace", name, sender_args);
	bytes_init(&out);
	(void)lab_output(r, sender, "pace", &out, 4096, LAB_WAIT_MS);
	bytes_clear(&out);
	if (lab_output(r, receiver, "pace -l", &out, 4096, LAB_WAIT_MS) == 0) {
		rc = measure_fields(out.data, out.len, pace_rx_keys, f, 5);
		if (rc == -1)
			lab_remark(r, "pace -l: not the line 'datagrams=R lost=L "
			    "bytes=N elapsed_us=T mbit_s=X'");
	}
	bytes_free(&out);
	return rc;
}

/* What share of count datagrams f (a receiver's line) says were lost. */
static double
lost_percent(const double f[5], long count)
{
	return 100.0 * f[1] / (double)count;
}

/*
 * UDP as fast as the kernel takes it, datagrams of each size (8 MiB, at
 * most 100000 datagrams): what the receiver got, and what it lost.
 */
static void
lab_udp_throughput(struct run *r)
{
	for (int i = 0; lab_datagrams[i] != 0; i++) {
		long size = lab_datagrams[i], count = (8L << 20) / size;
		char s[24], n[24];
		const char *args[] = { "-s", s, "-n", n, "127.0.0.1",
		    r->port_arg, NULL };
		double f[5];

		if (count > 100000)
			count = 100000;
		snprintf(s, sizeof s, "%ld", size);
		snprintf(n, sizeof n, "%ld", count);
		if (lab_pace(r, args, s, f) == -1)
			return;
		lab_point(r, "throughput udp", (double)size, f[4]);
		lab_point(r, "loss udp", (double)size, lost_percent(f, count));
	}
}

/*
 * Behind a 10 Mbit/s link (the checks' tbf): pace at each offered rate
 * for about 300 ms, and one bulk transfer of as long; what each receiver
 * got against what was offered (TCP offers what the link takes: its one
 * figure is drawn at every rate).
 */
static void
lab_slow_link(struct run *r)
{
	const char *tcp_args[] = { "-n", "375000", "127.0.0.1", r->port_arg,
	    NULL };
	double tcp;

	if (netlab_rate(r, 0, "lo", LINK_RATE, LINK_BURST, LINK_QUEUE_MS) == -1) {
		lab_remark(r, "no slow link: %s", transcript_str(r->t,
		    "note.inconclusive"));
		return;
	}
	for (int i = 0; lab_offered[i] != 0; i++) {
		long count = lab_offered[i] * 1000000 / 8 * 3 / 10 / 1472;
		char rate[24], n[24];
		const char *args[] = { "-r", rate, "-n", n, "127.0.0.1",
		    r->port_arg, NULL };
		double f[5];

		snprintf(rate, sizeof rate, "%ld", lab_offered[i]);
		snprintf(n, sizeof n, "%ld", count);
		if (lab_pace(r, args, rate, f) == -1)
			return;
		lab_point(r, "link udp", (double)lab_offered[i], f[4]);
		lab_point(r, "link loss udp", (double)lab_offered[i],
		    lost_percent(f, count));
	}
	tcp = lab_bulk_args(r, tcp_args, "link");
	for (int i = 0; tcp >= 0 && lab_offered[i] != 0; i++)
		lab_point(r, "link tcp", (double)lab_offered[i], tcp);
}

/* The lab's experiments (grade --lab runs each alone: they measure time). */
static const struct check lab_experiments[] = {
	{
		.name = "latency-tcp",
		.title = "ping -n 200 against pong, TCP, at each message size",
		.scenario = lab_latency, .timeout_ms = 20000,
		.arg = &(const struct latency_lab){ "tcp", { NULL }, 0,
		    "200" },
	}, {
		.name = "latency-tcp-2",
		.title = "ping -2 -n 10: two writes, then a read (Nagle meets "
		    "the delayed ACK: 40 ms a round trip, hence so few)",
		.scenario = lab_latency, .timeout_ms = 20000,
		.arg = &(const struct latency_lab){ "tcp -2", { "-2", NULL },
		    0, "10" },
	}, {
		.name = "latency-tcp-2-D",
		.title = "ping -2 -D -n 200: the same with TCP_NODELAY",
		.scenario = lab_latency, .timeout_ms = 20000,
		.arg = &(const struct latency_lab){ "tcp -2 -D", { "-2", "-D",
		    NULL }, 0, "200" },
	}, {
		.name = "latency-udp",
		.title = "ping -u -n 200 against pong -u, at each message size",
		.scenario = lab_latency, .timeout_ms = 20000,
		.arg = &(const struct latency_lab){ "udp", { "-u", NULL }, 1,
		    "200" },
	}, {
		.name = "throughput-tcp",
		.title = "bulk -l, then bulk -s WRITE, at each write size",
		.scenario = lab_throughput, .timeout_ms = 20000,
		.arg = &(const struct throughput_lab){ "throughput tcp",
		    lab_writes },
	}, {
		.name = "throughput-udp",
		.title = "pace -l, then pace -s SIZE, unpaced, at each datagram "
		    "size: what the receiver got, and lost",
		.scenario = lab_udp_throughput, .timeout_ms = 30000,
	}, {
		.name = "slow-link",
		.title = "behind a 10 Mbit/s link: pace -r RATE at each offered "
		    "rate, and bulk: what each receiver got",
		.scenario = lab_slow_link, .timeout_ms = 30000,
	}, {
		.name = "anchor-iperf3",
		.title = "iperf3's TCP throughput on this loopback, against "
		    "bulk -s 1048576",
		.scenario = lab_anchor_iperf3, .timeout_ms = 20000,
	}, {
		.name = "anchor-sockperf",
		.title = "sockperf's TCP round trip (32 bytes), against ping",
		.scenario = lab_anchor_sockperf, .timeout_ms = 20000,
	},
};

static const struct lab_plot lab_plots[] = {
	{
		.name = "latency-median",
		.title = "Round trip against message size: median",
		.series = { "median *", NULL },
		.x_label = "message size (bytes)",
		.y_label = "round trip (us)", .log_x = 1, .log_y = 1,
		.x_bytes = 1,
	}, {
		.name = "latency-p99",
		.title = "Round trip against message size: 99th percentile",
		.series = { "p99 *", NULL },
		.x_label = "message size (bytes)",
		.y_label = "round trip (us)", .log_x = 1, .log_y = 1,
		.x_bytes = 1,
	}, {
		.name = "throughput",
		.title = "Throughput against write size",
		.series = { "throughput *", NULL },
		.x_label = "write size (bytes)",
		.y_label = "throughput (Mbit/s)", .log_x = 1, .log_y = 1,
		.x_bytes = 1,
	}, {
		.name = "udp-loss",
		.title = "UDP unpaced: share of the datagrams lost, against "
		    "their size",
		.series = { "loss udp", NULL },
		.x_label = "datagram size (bytes)",
		.y_label = "lost (%)", .log_x = 1, .x_bytes = 1,
	}, {
		.name = "slow-link",
		.title = "Behind a 10 Mbit/s link: received against offered",
		.series = { "link udp", "link tcp", NULL },
		.x_label = "offered (Mbit/s)",
		.y_label = "received (Mbit/s)",
	}, {
		.name = "slow-link-loss",
		.title = "Behind a 10 Mbit/s link: UDP's share lost",
		.series = { "link loss udp", NULL },
		.x_label = "offered (Mbit/s)",
		.y_label = "lost (%)",
	},
};

static const struct lesson_lab lab_12 = {
	.experiments = lab_experiments,
	.n_experiments = sizeof lab_experiments / sizeof lab_experiments[0],
	.plots = lab_plots,
	.n_plots = sizeof lab_plots / sizeof lab_plots[0],
};

/*
 * 09-reliable-udp: checks for the lesson on reliable transfer over UDP: a
 * sender that cuts a file into numbered DATA packets with a checksum and
 * sends them with a fixed window (1: stop-and-wait; more: go-back-N), a
 * retransmission timeout and a FIN, and a receiver that writes the file to
 * stdout, acknowledges cumulatively, ignores damaged packets, and lingers
 * after the FIN.
 *
 * Three kinds of experiments:
 * - transfers through the engine's seeded relay (relay.h), which drops,
 *   duplicates, reorders, corrupts and delays datagrams: both programs the
 *   student's, or one of them the reference's (the cross-checks that tell
 *   which side is wrong). Judged on what load cannot change: the file's
 *   bytes, exit statuses, the sender's report against the relay's own
 *   count of what it received, and the datagrams sent against a bound
 *   computed from the relay's counts of the impairments it caused;
 * - the grader's probe playing the receiver for the student's sender, or
 *   the sender for the student's receiver, with exact packets: the first
 *   header byte for byte, a damaged or old ACK, a window that is never
 *   answered, damaged DATA, duplicates, a repeated FIN;
 * - the window's speed-up on a delayed link, W = 1 against W = 8, measured
 *   in one run: a ratio, never an absolute time.
 * Every relay is seeded, and its plan and counts are in the report.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "relay.h"

/* The contract (README.md, "The contract"). */
#define HEADER_SIZE 10
#define MAX_PAYLOAD 1000
#define TYPE_DATA 1
#define TYPE_ACK 2
#define TYPE_FIN 3
#define TIMEOUT_MS 100		/* the sender's retransmission timeout */
#define MAX_TRIES 10		/* timeouts in a row before it gives up */
#define LINGER_MS 300		/* the receiver's quiet time after the FIN */
/* The bound on datagrams: needed + W * (impairments + COST_MARGIN). */
#define COST_MARGIN 4
/* The window's speed-up on the delayed link must be at least this. */
#define SPEEDUP 3
#define SPEED_DELAY_MS 15
#define SPEED_SIZE 24000
#define SPEED_WINDOW "8"
/* What a busy machine may add to a wait. */
#define SLACK_MS 225
/* How long a transfer may take at most, before it is stopped (unscaled). */
#define TRANSFER_MS 8000
/* The receiver's output cap, for the largest file. */
#define OUTPUT_CAP (3 * 1024 * 1024)
/* Datagrams shown one per line in a probe's list; more are counted. */
#define MAX_SHOWN 40

/* ---- Files ---- */

/*
 * A file's bytes. SUM_ZERO and SUM_CARRY are 4 bytes that make DATA 0's
 * checksum 0x0000 (its words add up to 0xffff) and 0xfffe (they add up to
 * 0x1ffff: the carry folded in makes 0x10000, folded again): the edges of
 * the one's complement sum.
 */
enum content { TEXT, EVERY_BYTE, RANDOM, SUM_ZERO, SUM_CARRY };
#define SUM_ZERO_BYTES "\xfe\xfb\x00\x00"
#define SUM_CARRY_BYTES "\xff\xff\xfe\xfc"

/* The file of size bytes a row sends. */
static void
make_file(struct bytes *b, enum content c, size_t size, unsigned seed)
{
	static const char text[] = "socklab lesson 09: reliable transfer "
	    "over UDP, one numbered packet at a time.\n";
	uint64_t x = 0x9e3779b97f4a7c15ull ^ seed;

	bytes_clear(b);
	for (size_t i = 0; i < size; i++) {
		unsigned char ch;

		if (c == SUM_ZERO || c == SUM_CARRY)
			ch = (unsigned char)(c == SUM_ZERO ? SUM_ZERO_BYTES :
			    SUM_CARRY_BYTES)[i % 4];
		else if (c == TEXT)
			ch = (unsigned char)text[i % (sizeof text - 1)];
		else if (c == EVERY_BYTE)
			ch = (unsigned char)(i + i / 256);
		else {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			ch = (unsigned char)(x >> 24);
		}
		bytes_append(b, &ch, 1);
	}
}

/* ---- Packets ---- */

/* The Internet checksum (RFC 1071) of len bytes. */
static uint16_t
checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (i < len)
		sum += (uint32_t)(p[i] << 8);
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A packet as the contract lays it out, into out (replacing it). */
static void
make_packet(struct bytes *out, int type, uint32_t seq, const void *payload,
    size_t len)
{
	unsigned char h[HEADER_SIZE];
	uint16_t sum;

	h[0] = (unsigned char)type;
	h[1] = 0;
	h[2] = (unsigned char)(len >> 8);
	h[3] = (unsigned char)len;
	h[4] = (unsigned char)(seq >> 24);
	h[5] = (unsigned char)(seq >> 16);
	h[6] = (unsigned char)(seq >> 8);
	h[7] = (unsigned char)seq;
	h[8] = h[9] = 0;
	bytes_clear(out);
	bytes_append(out, h, sizeof h);
	bytes_append(out, payload, len);
	sum = checksum((const unsigned char *)out->data, out->len);
	out->data[8] = (char)(sum >> 8);
	out->data[9] = (char)sum;
}

/* Set the checksum of the packet in b again, after a change. */
static void
reseal(struct bytes *b)
{
	uint16_t sum;

	b->data[8] = b->data[9] = 0;
	sum = checksum((const unsigned char *)b->data, b->len);
	b->data[8] = (char)(sum >> 8);
	b->data[9] = (char)sum;
}

struct packet {
	int whole;		/* a packet by the contract (P3) */
	int type;
	uint32_t seq;
	size_t len;
	const unsigned char *payload;
};

/* Read the datagram d as a packet. */
static struct packet
parse_packet(const struct bytes *d)
{
	const unsigned char *p = (const unsigned char *)d->data;
	struct packet k = { 0 };
	unsigned char copy[HEADER_SIZE + MAX_PAYLOAD];

	if (d->len < HEADER_SIZE)
		return k;
	k.type = p[0];
	k.len = (size_t)(p[2] << 8 | p[3]);
	k.seq = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
	    (uint32_t)p[6] << 8 | p[7];
	k.payload = p + HEADER_SIZE;
	/* Longer than any packet: its header is read, it is not whole. */
	if (d->len > sizeof copy)
		return k;
	memcpy(copy, p, d->len);
	copy[8] = copy[9] = 0;
	k.whole = p[1] == 0 && k.len <= MAX_PAYLOAD &&
	    d->len == HEADER_SIZE + k.len &&
	    checksum(copy, d->len) == (uint16_t)(p[8] << 8 | p[9]);
	return k;
}

/* The datagram d in words: "DATA 0 (1000 bytes)", "ACK 2", "FIN 3"... */
static void
describe_packet(struct bytes *out, const struct bytes *d)
{
	struct packet k = parse_packet(d);
	static const char *const names[] = { "?", "DATA", "ACK", "FIN" };
	const char *name = k.type >= 1 && k.type <= 3 ? names[k.type] : NULL;

	if (d->len < HEADER_SIZE) {
		bytes_printf(out, "a datagram of %zu bytes, shorter than a "
		    "header", d->len);
		return;
	}
	if (!k.whole)
		bytes_puts(out, "damaged: ");
	if (name != NULL)
		bytes_printf(out, "%s %lu", name, (unsigned long)k.seq);
	else
		bytes_printf(out, "type %d, seq %lu", k.type,
		    (unsigned long)k.seq);
	if (k.type == TYPE_DATA || k.len != 0)
		bytes_printf(out, " (%zu bytes)", k.len);
	if (!k.whole)
		bytes_printf(out, " [datagram of %zu bytes]", d->len);
}

/* The first bytes of d in hex, "01 00 00 10 ...", for a header fact. */
static void
hex_header(struct bytes *out, const struct bytes *d)
{
	for (size_t i = 0; i < d->len && i < HEADER_SIZE; i++)
		bytes_printf(out, "%s%02x", i ? " " : "",
		    (unsigned char)d->data[i]);
}

/* ---- Facts the checks judge ---- */

/*
 * Record at key how got compares with the file want: "the file, N bytes"
 * or where it first differs. Sets note.file.first-diff (-1: same) for
 * diagnoses.
 */
static void
record_file(struct run *r, const char *key, const struct bytes *want,
    const struct bytes *got)
{
	size_t i, n = want->len < got->len ? want->len : got->len;

	for (i = 0; i < n && want->data[i] == got->data[i]; i++)
		;
	transcript_note_setf(r->t, "file", "got-bytes", "%zu", got->len);
	if (i == n && want->len == got->len) {
		transcript_setf(r->t, key, "the file, byte for byte (%zu "
		    "bytes)", want->len);
		transcript_note_setf(r->t, "file", "first-diff", "-1");
		return;
	}
	transcript_note_setf(r->t, "file", "first-diff", "%zu", i);
	if (i == n && got->len < want->len)
		transcript_setf(r->t, key, "%zu bytes of %zu: the file's "
		    "first %zu bytes, then nothing", got->len, want->len,
		    got->len);
	else if (i == n)
		transcript_setf(r->t, key, "%zu bytes of %zu: the whole file, "
		    "then %zu bytes more", got->len, want->len, got->len -
		    want->len);
	else
		transcript_setf(r->t, key, "%zu bytes of %zu, differing from "
		    "byte %zu (packet %zu) on: 0x%02x where the file has "
		    "0x%02x", got->len, want->len, i, i / MAX_PAYLOAD,
		    (unsigned char)got->data[i], (unsigned char)want->data[i]);
}

/* How p ended, as LABEL.status, without collecting it. */
static void
record_status(struct run *r, struct proc *p, const char *label)
{
	char how[128], key[64];

	run_describe(p, how, sizeof how);
	snprintf(key, sizeof key, "%s.status", label);
	transcript_setf(r->t, key, "%s", how);
}

/*
 * The reference missed an outcome the contract promises (a timing on a
 * very busy machine): the host decided, not the code. Returns 1 then.
 */
static int
reference_missed(struct run *r, int missed, const char *what)
{
	if (!missed || !r->cfg->reference)
		return 0;
	run_inconclusive(r, "the reference %s: the machine is too busy", what);
	return 1;
}

/*
 * The sender's report "bytes B, packets N, datagrams D" in out against
 * the file (size bytes) and the relay's count of what it received
 * (relay_in; -1: no relay): sender.report, in words the same for every
 * correct sender. Returns D, or -1 when the line is not there.
 */
static long
record_report(struct run *r, const struct bytes *out, size_t size,
    long relay_in)
{
	long long b, d;
	unsigned long n;
	unsigned long want_n = (unsigned long)((size + MAX_PAYLOAD - 1) /
	    MAX_PAYLOAD);
	char tail;

	if (sscanf(bytes_str(out), "bytes %lld, packets %lu, datagrams "
	    "%lld%c", &b, &n, &d, &tail) != 4 || tail != '\n' ||
	    strchr(bytes_str(out), '\n')[1] != '\0') {
		transcript_setf(r->t, "sender.report", "not the line 'bytes "
		    "B, packets N, datagrams D'");
		return -1;
	}
	if (b != (long long)size || n != want_n)
		transcript_setf(r->t, "sender.report", "bytes %lld, packets "
		    "%lu: the file has %zu bytes, %lu packets", b, n, size,
		    want_n);
	else if (relay_in >= 0 && d != relay_in)
		transcript_setf(r->t, "sender.report", "datagrams %lld, but "
		    "%ld were counted on the way", d, relay_in);
	else
		transcript_setf(r->t, "sender.report", "bytes and packets "
		    "as the file has, datagrams as counted on the way");
	transcript_note_setf(r->t, "sender", "datagrams", "%lld", d);
	return (long)d;
}

/* ---- Transfers through the relay ---- */

enum side { BOTH, SENDER, RECEIVER };	/* whose programs are the student's */

struct transfer {
	enum side student;
	enum content content;
	size_t size;
	int window;
	struct relay_plan plan;	/* its ports are filled in */
};

/*
 * Start the receiver (the student's, unless driver) with args, and wait
 * until it is bound to port. Returns it, or NULL (collected).
 */
static struct proc *
start_receiver_args(struct run *r, int driver, int port,
    const char *const args[])
{
	struct run_extra x = { .output_bytes = OUTPUT_CAP, .driver = driver };
	struct proc *p;

	p = run_start_ext(r, "receiver", "receiver", args, &x);
	if (run_wait_bound(r, p, "receiver", SOCK_DGRAM, port) == 0)
		return p;
	run_collect(r, p);
	return NULL;
}

/*
 * Start the receiver on its default address, or with "127.0.0.1 PORT" for
 * another port, and wait until it is bound.
 */
static struct proc *
start_receiver(struct run *r, int driver, int port)
{
	char portarg[16];
	const char *args[] = { "127.0.0.1", portarg, NULL };

	snprintf(portarg, sizeof portarg, "%d", port);
	return start_receiver_args(r, driver, port, port == r->port ? NULL :
	    args);
}

/* Start the sender with -w window on path, to 127.0.0.1:port. */
static struct proc *
start_sender(struct run *r, int driver, int window, const char *path,
    int port)
{
	char w[16], portarg[16];
	const char *args[] = { "-w", w, path, "127.0.0.1", portarg, NULL };
	struct run_extra x = { .driver = driver };

	snprintf(w, sizeof w, "%d", window);
	snprintf(portarg, sizeof portarg, "%d", port);
	return run_start_ext(r, "sender", "sender", args, &x);
}

struct outcome {
	int64_t ms;		/* the sender's first datagram to its exit */
	long datagrams;		/* as the sender reported them; -1 */
	struct relay_counts c;
};

/*
 * One transfer of file through a relay with plan, window w: the sender
 * and receiver of t->student's side, the other the reference's. Records
 * sender.status, sender.report, sender.cost, receiver.status and
 * receiver.file (prefix: "" or "w8." for a second transfer). Returns 0,
 * or -1 when the grader could not run it.
 */
static int
transfer_once(struct run *r, const struct transfer *t, int w,
    const struct relay_plan *plan, const struct bytes *file,
    const char *path, const char *prefix, struct outcome *o)
{
	struct relay_plan p = *plan;
	struct proc *snd, *rcv;
	struct bytes out;
	char key[64];
	int64_t start;
	long needed = (long)((file->len + MAX_PAYLOAD - 1) / MAX_PAYLOAD) + 1,
	    events, bound;

	p.listen_port = r->alt_port;
	p.target_port = r->port;
	o->datagrams = -1;
	/* The receiver first: its socket is then the only one bound. */
	rcv = start_receiver(r, t->student == SENDER, r->port);
	if (rcv == NULL)
		return 0;
	if (relay_start(r, &p) == -1)
		return -1;
	start = clock_ms();
	snd = start_sender(r, t->student == RECEIVER, w, path, r->alt_port);
	(void)run_wait_exit(r, snd, TRANSFER_MS);
	o->ms = clock_ms() - start;
	(void)run_wait_exit(r, rcv, LINGER_MS + 4 * SLACK_MS);
	if (relay_stop(r, &o->c) == -1)
		return -1;
	/*
	 * Timed from the first datagram, not from the start: a program's
	 * start-up on a busy machine (hundreds of ms) is no part of how
	 * fast its window sends.
	 */
	if (o->c.first_forward_ms > start)
		o->ms -= o->c.first_forward_ms - start;

	/* The sender: how it ended, its report, what it cost. */
	snprintf(key, sizeof key, "%ssender", prefix);
	record_status(r, snd, key);
	bytes_init(&out);
	(void)run_read_output(snd, RUN_STDOUT, &out, 4096);
	if (run_exit_code(snd) == 0)
		o->datagrams = record_report(r, &out, file->len,
		    (long)o->c.in[RELAY_FORWARD]);
	events = (long)(o->c.dropped[0] + o->c.dropped[1] +
	    o->c.corrupted[0] + o->c.corrupted[1] + o->c.reordered[0] +
	    o->c.reordered[1]);
	bound = needed + w * (events + COST_MARGIN);
	transcript_note_setf(r->t, "cost", "sent", "%lld",
	    (long long)o->c.in[RELAY_FORWARD]);
	/*
	 * For diagnoses (note.PREFIXtransfer.WHAT): whose programs ran, what
	 * the relay carried each way, what it lost on the way to the
	 * receiver, and how long the sender ran.
	 */
	snprintf(key, sizeof key, "%stransfer", prefix);
	transcript_note_setf(r->t, key, "student", "%s", t->student ==
	    SENDER ? "sender" : t->student == RECEIVER ? "receiver" : "both");
	transcript_note_setf(r->t, key, "needed", "%ld", needed);
	transcript_note_setf(r->t, key, "sent", "%lld",
	    (long long)o->c.in[RELAY_FORWARD]);
	transcript_note_setf(r->t, key, "answers", "%lld",
	    (long long)o->c.in[RELAY_BACK]);
	transcript_note_setf(r->t, key, "lost", "%lld",
	    (long long)(o->c.dropped[RELAY_FORWARD] +
	    o->c.corrupted[RELAY_FORWARD]));
	transcript_note_setf(r->t, key, "ms", "%lld", (long long)o->ms);
	/* The relay's own counts, shown beside the sender's (note.sent). */
	run_note(r, "the relay counted, toward the receiver: %lld in, %lld "
	    "dropped, %lld duplicated, %lld reordered, %lld corrupted; "
	    "toward the sender: %lld in, %lld dropped, %lld duplicated, %lld "
	    "reordered, %lld corrupted", (long long)o->c.in[0],
	    (long long)o->c.dropped[0], (long long)o->c.duplicated[0],
	    (long long)o->c.reordered[0], (long long)o->c.corrupted[0],
	    (long long)o->c.in[1], (long long)o->c.dropped[1],
	    (long long)o->c.duplicated[1], (long long)o->c.reordered[1],
	    (long long)o->c.corrupted[1]);
	run_note(r, "-w %d: the sender sent %lld datagrams for the %ld packets "
	    "needed (DATA and FIN), %ld impairments; the bound is %ld + %d x "
	    "(%ld + %d) = %ld; its first datagram to its exit: %lld ms", w,
	    (long long)o->c.in[RELAY_FORWARD], needed, events, needed, w,
	    events, COST_MARGIN, bound, (long long)o->ms);
	snprintf(key, sizeof key, "%ssender.cost", prefix);
	if (o->c.in[RELAY_FORWARD] <= bound)
		transcript_setf(r->t, key, "within the bound: at most %ld + "
		    "%d x (impairments + %d)", needed, w, COST_MARGIN);
	else
		transcript_setf(r->t, key, "%lld datagrams, over the bound "
		    "%ld + %d x (%ld impairments + %d) = %ld",
		    (long long)o->c.in[RELAY_FORWARD], needed, w, events,
		    COST_MARGIN, bound);
	(void)reference_missed(r, o->c.in[RELAY_FORWARD] > bound,
	    "sender sent more datagrams than the bound");
	bytes_free(&out);
	run_collect_notes(r, snd);

	/* The receiver: how it ended, and the file it wrote. */
	snprintf(key, sizeof key, "%sreceiver", prefix);
	record_status(r, rcv, key);
	bytes_init(&out);
	(void)run_read_output(rcv, RUN_STDOUT, &out, OUTPUT_CAP);
	snprintf(key, sizeof key, "%sreceiver.file", prefix);
	record_file(r, key, file, &out);
	bytes_free(&out);
	run_collect_notes(r, rcv);
	return 0;
}

/* The file of the row, written for the sender; NULL when it cannot be. */
static const char *
write_file(struct run *r, struct bytes *file, enum content c, size_t size,
    unsigned seed)
{
	make_file(file, c, size, seed);
	run_note(r, "the file: %zu bytes (%s)", size, c == TEXT ? "text" :
	    c == EVERY_BYTE ? "every byte value, 0x00 to 0xff, in turn" :
	    c == SUM_ZERO ? "fe fb 00 00: DATA 0's checksum is 0x0000" :
	    c == SUM_CARRY ? "ff ff fe fc: DATA 0's words add up to "
	    "0x1ffff, its checksum is 0xfffe" : "random bytes");
	return run_write_file(r, "file", file->data, file->len);
}

/* A transfer of the row's file through the row's relay. */
static void
transfer(struct run *r)
{
	const struct transfer *t = r->arg;
	struct bytes file;
	struct outcome o;
	const char *path;

	bytes_init(&file);
	path = write_file(r, &file, t->content, t->size, t->plan.seed);
	if (path != NULL)
		(void)transfer_once(r, t, t->window, &t->plan, &file, path, "",
		    &o);
	bytes_free(&file);
}

/*
 * The window's speed-up: the same file over a link that delays every
 * datagram SPEED_DELAY_MS each way, with -w 1, then with -w 8. A ratio of
 * the two runs' times, never a time alone: a busy machine slows both.
 */
static void
window_speedup(struct run *r)
{
	const struct transfer *t = r->arg;
	struct bytes file;
	struct outcome one, eight;
	const char *path;

	bytes_init(&file);
	path = write_file(r, &file, t->content, t->size, t->plan.seed);
	if (path == NULL || transfer_once(r, t, 1, &t->plan, &file, path,
	    "", &one) == -1 || transfer_once(r, t, atoi(SPEED_WINDOW),
	    &t->plan, &file, path, "w8.", &eight) == -1)
		goto out;
	run_note(r, "first datagram to exit: -w 1 %lld ms, -w 8 %lld ms: "
	    "%.1f times as fast",
	    (long long)one.ms, (long long)eight.ms, (double)one.ms /
	    (double)(eight.ms ? eight.ms : 1));
	if (r->cfg->memcheck_grading)
		transcript_setf(r->t, "sender.speedup", "not judged under "
		    "valgrind");
	else if (one.ms >= SPEEDUP * eight.ms)
		transcript_setf(r->t, "sender.speedup", "-w 8 at least %d "
		    "times as fast as -w 1", SPEEDUP);
	else
		transcript_setf(r->t, "sender.speedup", "-w 8 only %.1f times "
		    "as fast as -w 1 (%lld ms against %lld ms)",
		    (double)one.ms / (double)(eight.ms ? eight.ms : 1),
		    (long long)eight.ms, (long long)one.ms);
	(void)reference_missed(r, !r->cfg->memcheck_grading &&
	    one.ms < SPEEDUP * eight.ms, "window was not fast enough");
out:
	bytes_free(&file);
}

/* ---- The grader plays the receiver ---- */

enum rplan {
	R_ANSWER,		/* a receiver by the contract */
	R_LOSE_FIRST,		/* datagram 1 unanswered: the retry is timed */
	R_NOISY,		/* ... and ACK 0 every NOISE_MS meanwhile */
	R_RESTART,		/* DATA 0 to 2 unanswered, then ACK 1 only,
				   RESTART_MS after DATA 0: the retry of 1
				   is timed from that ACK */
	R_LOSE_ODD,		/* datagrams 1, 3, 5... unanswered */
	R_DAMAGED_ACK,		/* DATA 0 answered by an ACK 1 that is damaged */
	R_LENGTH_ACK,		/* ... by an ACK 1 whose length field is 1 */
	R_LONG_ACK,		/* ... by an ACK 1 of 11 bytes */
	R_EMPTY_ACK,		/* ... by an empty datagram */
	R_NOT_ACK,		/* ... by a DATA 1, then an ACK 1 whose byte 1
				   is 1 (whole otherwise) */
	R_ALWAYS_OLD,		/* every datagram answered by ACK 0 */
	R_OLD_ACK,		/* DATA 0 answered by ACK 0 first */
	R_FUTURE_ACK,		/* DATA 0 answered by ACK 5 first */
	R_WINDOW,		/* 8 datagrams unanswered, then ACK 2 */
	R_CUMULATIVE,		/* the whole window, then one ACK for all */
	R_SILENT,		/* never answers */
};

struct sender_case {
	enum rplan plan;
	int window;		/* 0: no -w */
	int args;		/* 0: FILE ADDRESS PORT; 1: FILE; 2: FILE ADDRESS;
				   3: PORT 65535; 4: PORT 1; 5: ADDRESS
				   127.0.0.2 */
	enum content content;
	size_t size;
};

/* The grader's receiver: what it has, and what it saw. */
struct fake_receiver {
	const struct sender_case *c;
	int fd;
	uint32_t expected;	/* its next packet, by the contract */
	int count;		/* datagrams received */
	int silent_left;	/* R_WINDOW: datagrams still unanswered */
	int64_t first_at, second_at;
	struct bytes list;	/* what came and went, a line each */
	struct bytes data;	/* the file, as received in order */
	struct bytes first;	/* the first datagram */
	int done;		/* it acknowledged the FIN */
	int resent;		/* R_ANSWER: packets sent again unprovoked */
	int64_t window_acked;	/* R_CUMULATIVE: just before its one ACK */
	int64_t acked_at, retry_at;	/* R_RESTART: ACK 1 went, DATA 1 again */
	int fin_early;		/* R_CUMULATIVE: a FIN came before that */
};

/*
 * Send ACK ack, whole (R_ANSWER) or spoilt as the plan damage says (a bit
 * of its checksum flipped, a length field of 1, an 11th byte), and list it.
 */
static void
fake_ack(struct run *r, struct fake_receiver *f, const char *to,
    uint32_t ack, enum rplan damage)
{
	struct bytes d;

	bytes_init(&d);
	make_packet(&d, TYPE_ACK, ack, NULL, 0);
	if (damage == R_DAMAGED_ACK)
		d.data[9] ^= 0x01;
	if (damage == R_LENGTH_ACK) {
		/* 256 (its low byte 0), then 1 (its high byte 0). */
		d.data[f->count == 1 ? 2 : 3] = 1;
		reseal(&d);
	}
	if (damage == R_LONG_ACK) {
		bytes_append(&d, "", 1);
		reseal(&d);
	}
	if (damage == R_NOT_ACK) {
		/* A whole DATA 1 of no payload, then byte 1 set. */
		d.data[f->count == 1 ? 0 : 1] = f->count == 1 ? TYPE_DATA : 1;
		reseal(&d);
	}
	if (damage == R_EMPTY_ACK)
		d.len = 0;
	(void)run_udp_reply(r, f->fd, to, d.data, d.len, RUN_QUIET);
	if (f->count <= MAX_SHOWN)
		bytes_printf(&f->list, "  <- %sACK %lu\n",
		    damage == R_DAMAGED_ACK ? "damaged (checksum) " :
		    damage == R_LENGTH_ACK && f->count == 1 ?
		    "damaged (length 256) " :
		    damage == R_LENGTH_ACK ? "damaged (length 1) " :
		    damage == R_LONG_ACK ? "damaged (11 bytes) " :
		    damage == R_NOT_ACK && f->count == 1 ?
		    "not an ACK: a whole DATA, numbered like " :
		    damage == R_NOT_ACK ? "damaged (byte 1 is 1) " : "",
		    (unsigned long)ack);
	if (damage == R_EMPTY_ACK && f->count <= MAX_SHOWN)
		bytes_puts(&f->list, "  (that one: an empty datagram)\n");
	bytes_free(&d);
}

/* When R_RESTART's ACK 1 goes, after DATA 0. */
#define RESTART_MS 60

/*
 * R_RESTART's first three datagrams (DATA 0 to 2, all at once with -w 4):
 * DATA 0 is kept, the others are lost; after the third, ACK 1 goes
 * RESTART_MS after DATA 0 came. The timer must restart then: the retry of
 * DATA 1 comes TIMEOUT_MS after this ACK, not after DATA 0.
 */
static void
restart_take(struct run *r, struct fake_receiver *f, const struct packet *k,
    const char *from)
{
	int64_t wait;

	if (f->count == 1 && k->whole && k->type == TYPE_DATA && k->seq == 0) {
		bytes_append(&f->data, k->payload, k->len);
		f->expected = 1;
	}
	if (f->count < 3)
		return;
	wait = f->first_at + RESTART_MS - clock_ms();
	if (wait > 0)
		usleep((useconds_t)wait * 1000);
	f->acked_at = clock_ms();
	fake_ack(r, f, from, f->expected, R_ANSWER);
}

/* Take datagram d from the sender at from, as f's plan says. */
static void
fake_take(struct run *r, struct fake_receiver *f, const struct bytes *d,
    const char *from)
{
	struct packet k = parse_packet(d);
	enum rplan plan = f->c->plan;
	int answer = 1;

	if (++f->count == 1) {
		f->first_at = run_udp_arrival(f->fd);
		bytes_append(&f->first, d->data, d->len);
	} else if (f->count == 2)
		f->second_at = run_udp_arrival(f->fd);
	if (f->count <= MAX_SHOWN) {
		describe_packet(&f->list, d);
		bytes_puts(&f->list, "\n");
	} else if (f->count == MAX_SHOWN + 1)
		bytes_puts(&f->list, "[... more]\n");

	if (plan == R_RESTART && f->count <= 3) {
		restart_take(r, f, &k, from);
		return;
	}
	if (plan == R_RESTART && f->count == 4)
		f->retry_at = run_udp_arrival(f->fd);
	if (plan == R_SILENT || ((plan == R_LOSE_FIRST || plan == R_NOISY) &&
	    f->count == 1) ||
	    (plan == R_LOSE_ODD && f->count % 2 == 1))
		return;
	if (plan == R_ALWAYS_OLD) {
		fake_ack(r, f, from, 0, R_ANSWER);
		return;
	}
	if (plan == R_WINDOW && f->silent_left > 0) {
		/* Silent for 8 datagrams; then it has 0 and 1 only. */
		if (--f->silent_left == 0) {
			f->expected = 2;
			fake_ack(r, f, from, 2, R_ANSWER);
		}
		if (k.whole && k.type == TYPE_DATA && k.seq < 2 &&
		    f->data.len == k.seq * MAX_PAYLOAD)
			bytes_append(&f->data, k.payload, k.len);
		return;
	}
	if (plan == R_CUMULATIVE && f->count <= f->c->window) {
		answer = f->count == f->c->window;
		/* Keep it as a receiver would; answer the last only. */
	} else if ((f->count == 1 && (plan == R_DAMAGED_ACK ||
	    plan == R_LENGTH_ACK || plan == R_LONG_ACK ||
	    plan == R_EMPTY_ACK || plan == R_NOT_ACK)) || (f->count == 2 &&
	    (plan == R_LENGTH_ACK || plan == R_NOT_ACK))) {
		fake_ack(r, f, from, 1, plan);
		return;
	} else if (f->count == 1 && (plan == R_OLD_ACK ||
	    plan == R_FUTURE_ACK)) {
		fake_ack(r, f, from, plan == R_OLD_ACK ? 0 : 5, R_ANSWER);
		return;
	}

	/* A receiver by the contract: go-back-N, cumulative ACKs. */
	if (!k.whole || (k.type != TYPE_DATA && k.type != TYPE_FIN))
		return;
	/* The kernel's stamp: sent before the window's ACK existed? */
	if (plan == R_CUMULATIVE && k.type == TYPE_FIN &&
	    (f->window_acked == 0 || run_udp_arrival(f->fd) <
	    f->window_acked))
		f->fin_early = 1;
	if (plan == R_CUMULATIVE && answer && f->count == f->c->window) {
		/* Late enough that a FIN sent too soon arrives before it. */
		usleep(20000);
		f->window_acked = clock_ms();
	}
	f->resent += plan == R_ANSWER && k.seq < f->expected;
	if (!f->done && k.seq == f->expected) {
		if (k.type == TYPE_DATA)
			bytes_append(&f->data, k.payload, k.len);
		else
			f->done = 1;
		f->expected++;
	}
	if (answer)
		fake_ack(r, f, from, f->expected, R_ANSWER);
}

/* How often R_NOISY's ACK 0 comes while DATA 0 waits for its retry. */
#define NOISE_MS 30

/*
 * Take each datagram from the sender until it has ended or deadline
 * passes. R_NOISY: while only the first has come, an ACK 0 every NOISE_MS
 * (not listed), for TIMEOUT_MS + 2 * SLACK_MS after it at most: a sender
 * whose timer they restart retries late, rather than never.
 */
static void
receive_all(struct run *r, struct fake_receiver *f, struct proc *snd,
    int64_t deadline)
{
	struct bytes d, ack;
	char from[64], sender[64] = "";
	int64_t until;
	int noisy;

	bytes_init(&d);
	bytes_init(&ack);
	make_packet(&ack, TYPE_ACK, 0, NULL, 0);
	for (;;) {
		noisy = f->c->plan == R_NOISY && f->count == 1 &&
		    clock_ms() < f->first_at + run_ms(r, TIMEOUT_MS +
		    2 * SLACK_MS);
		until = noisy && clock_ms() + NOISE_MS < deadline ?
		    clock_ms() + NOISE_MS : deadline;
		if (run_udp_recv_while(r, f->fd, snd, until, &d, from,
		    sizeof from) == 0) {
			if (f->count == 0)
				snprintf(sender, sizeof sender, "%s", from);
			fake_take(r, f, &d, from);
			continue;
		}
		if (!noisy || until >= deadline || !run_running(snd))
			break;
		(void)run_udp_reply(r, f->fd, sender, ack.data, ack.len,
		    RUN_QUIET);
	}
	bytes_free(&d);
	bytes_free(&ack);
}

/*
 * Record probe.retry: whether the retry came (seen), gap ms after what
 * (the datagram or the ACK that started the timer), within the timeout.
 */
static void
record_retry(struct run *r, int seen, int64_t gap, const char *what)
{
	if (!seen)
		transcript_setf(r->t, "probe.retry", "never sent");
	else if (gap < TIMEOUT_MS * 3 / 4)
		transcript_setf(r->t, "probe.retry", "too soon: %lld ms after "
		    "%s (the timeout is %d ms)", (long long)gap, what,
		    TIMEOUT_MS);
	else if (gap > run_ms(r, TIMEOUT_MS + SLACK_MS))
		transcript_setf(r->t, "probe.retry", "too late: %lld ms after "
		    "%s (the timeout is %d ms)", (long long)gap, what,
		    TIMEOUT_MS);
	else
		transcript_setf(r->t, "probe.retry", "after the timeout (%d "
		    "to %d ms after %s)", TIMEOUT_MS * 3 / 4, TIMEOUT_MS +
		    SLACK_MS, what);
	(void)reference_missed(r, seen && gap > run_ms(r, TIMEOUT_MS +
	    SLACK_MS), "retried late");
}

/*
 * The student's sender against the grader's receiver, which answers as
 * the row's plan says. Records probe.datagrams (each datagram and each
 * answer), probe.first-header, probe.file, sender.status, sender.report
 * and, where the plan times them, probe.retry or probe.gave-up.
 */
static void
sender_against_grader(struct run *r)
{
	const struct sender_case *c = r->arg;
	struct fake_receiver f = { .c = c, .silent_left = 8 };
	struct bytes file, d, out;
	const char *path, *ip = c->args == 5 ? "127.0.0.2" : "127.0.0.1";
	char w[16], portarg[16];
	const char *args[8];
	struct proc *snd;
	int n = 0, port;
	int64_t deadline, ended_at;

	bytes_init(&file);
	bytes_init(&d);
	bytes_init(&out);
	bytes_init(&f.list);
	bytes_init(&f.data);
	bytes_init(&f.first);
	path = write_file(r, &file, c->content, c->size, 1);
	port = c->args == 3 ? 65535 : c->args == 4 ? 1 : r->port;
	snprintf(portarg, sizeof portarg, "%d", port);
	f.fd = run_udp_probe(r, ip, port);
	if (path == NULL || f.fd == -1)
		goto out;
	run_note(r, "the grader's receiver on %s:%d: %s", ip, port,
	    c->plan == R_SILENT ? "never answers" :
	    c->plan == R_LOSE_FIRST ? "the first datagram is not answered" :
	    c->plan == R_NOISY ? "the first datagram is not answered, but "
	    "ACK 0 (which changes nothing) comes every 30 ms while it waits "
	    "for its retry" :
	    c->plan == R_RESTART ? "DATA 0 to 2 come; 1 and 2 are lost, "
	    "and ACK 1 goes 60 ms after DATA 0" :
	    c->plan == R_NOT_ACK ? "DATA 0 is answered by a whole DATA 1 "
	    "of no payload, then by an ACK 1 whose byte 1 is 1" :
	    c->plan == R_DAMAGED_ACK ? "DATA 0 is answered by an ACK 1 "
	    "whose checksum is wrong" :
	    c->plan == R_LENGTH_ACK ? "DATA 0 is answered by an ACK 1 "
	    "whose length field says 256, then by one whose length says 1 "
	    "(their checksums match)" :
	    c->plan == R_LOSE_ODD ? "the 1st, 3rd, 5th... datagrams are not "
	    "answered: every packet needs one timeout, never two in a row" :
	    c->plan == R_LONG_ACK ? "DATA 0 is answered by an ACK 1 of 11 "
	    "bytes (its checksum matches)" :
	    c->plan == R_EMPTY_ACK ? "DATA 0 is answered by an empty "
	    "datagram" :
	    c->plan == R_ALWAYS_OLD ? "every datagram is answered by ACK 0, "
	    "which acknowledges nothing" :
	    c->plan == R_OLD_ACK ? "DATA 0 is answered by ACK 0 first" :
	    c->plan == R_FUTURE_ACK ? "DATA 0 is answered by ACK 5 first "
	    "(a packet never sent)" :
	    c->plan == R_WINDOW ? "the first 8 datagrams are not answered; "
	    "then ACK 2, as if only 0 and 1 had come" :
	    c->plan == R_CUMULATIVE ? "the window's packets are answered "
	    "by one ACK, after the last" : "answers by the contract");
	snprintf(w, sizeof w, "%d", c->window);
	if (c->window > 0) {
		args[n++] = "-w";
		args[n++] = w;
	}
	args[n++] = path;
	if (c->args != 1)
		args[n++] = ip;
	if (c->args == 0 || c->args >= 3)
		args[n++] = portarg;
	args[n] = NULL;
	snd = run_start(r, "sender", "sender", args);
	deadline = clock_ms() + run_ms(r, c->plan == R_SILENT ||
	    c->plan == R_ALWAYS_OLD ?
	    MAX_TRIES * TIMEOUT_MS + 4 * SLACK_MS : TRANSFER_MS / 2);
	receive_all(r, &f, snd, deadline);
	(void)run_wait_exit(r, snd, 2 * SLACK_MS);
	ended_at = clock_ms();

	/* The timing first: it names the cause of a list that differs. */
	if (c->plan == R_SILENT || c->plan == R_ALWAYS_OLD) {
		int64_t took = ended_at - f.first_at;
		int64_t most = run_ms(r, MAX_TRIES * TIMEOUT_MS + 2 * SLACK_MS);

		if (run_running(snd) || f.count == 0)
			transcript_setf(r->t, "probe.gave-up", "not within %d "
			    "ms", MAX_TRIES * TIMEOUT_MS + 4 * SLACK_MS);
		else if (took < MAX_TRIES * TIMEOUT_MS * 3 / 4 &&
		    f.count >= 2 &&
		    f.second_at - f.first_at >= TIMEOUT_MS * 3 / 4)
			transcript_setf(r->t, "probe.gave-up", "too soon: %lld "
			    "ms after its first datagram, though its first "
			    "retry waited the timeout: the later timeouts came "
			    "back to back", (long long)took);
		else if (took < MAX_TRIES * TIMEOUT_MS * 3 / 4)
			transcript_setf(r->t, "probe.gave-up", "too soon: %lld "
			    "ms after its first datagram (%d timeouts of %d "
			    "ms)", (long long)took, MAX_TRIES, TIMEOUT_MS);
		else if (took > most)
			transcript_setf(r->t, "probe.gave-up", "too late: %lld "
			    "ms after its first datagram (%d timeouts of %d "
			    "ms)", (long long)took, MAX_TRIES, TIMEOUT_MS);
		else
			transcript_setf(r->t, "probe.gave-up", "after its %d "
			    "timeouts (%d to %d ms after its first datagram)",
			    MAX_TRIES, MAX_TRIES * TIMEOUT_MS * 3 / 4,
			    MAX_TRIES * TIMEOUT_MS + 2 * SLACK_MS);
		(void)reference_missed(r, !run_running(snd) && took > most,
		    "gave up late");
	}
	if (c->plan == R_LOSE_FIRST || c->plan == R_NOISY)
		record_retry(r, f.count >= 2, f.second_at - f.first_at,
		    "the first");
	if (c->plan == R_RESTART)
		record_retry(r, f.count >= 4, f.retry_at - f.acked_at,
		    "the new ACK 1");
	/*
	 * An ACK 1 that left later than 3/4 of a timeout after DATA 0 came may
	 * reach the sender after its first timer ran out: then a retry before
	 * it, or just after it, is what a correct sender does too.
	 */
	if (c->plan == R_RESTART && f.acked_at != 0 &&
	    f.acked_at - f.first_at > TIMEOUT_MS * 3 / 4)
		run_inconclusive(r, "the grader's ACK 1 left %lld ms after DATA "
		    "0 came, not %d: the machine was too busy to time the "
		    "sender's timer", (long long)(f.acked_at - f.first_at),
		    RESTART_MS);
	if (c->plan == R_CUMULATIVE)
		transcript_setf(r->t, "probe.fin", "%s", f.fin_early ?
		    "sent before its last DATA packet was acknowledged" :
		    "sent once every DATA packet was acknowledged");
	transcript_set(r->t, "probe.datagrams", f.list.data, f.list.len);
	/* Every packet answered at once: a retry means a stalled machine. */
	(void)reference_missed(r, f.resent > 0, "sender timed out although "
	    "every packet was answered at once");
	bytes_clear(&d);
	hex_header(&d, &f.first);
	transcript_setf(r->t, "probe.first-header", "%s", f.first.len ?
	    bytes_str(&d) : "nothing: no datagram came");
	if (c->plan != R_SILENT && c->plan != R_ALWAYS_OLD) {
		transcript_setf(r->t, "probe.file", "%s",
		    bytes_equal(&f.data, file.data, file.len) ?
		    "the file, byte for byte" : "not the file");
	}
	record_status(r, snd, "sender");
	(void)run_read_output(snd, RUN_STDOUT, &out, 4096);
	if (c->plan == R_SILENT || c->plan == R_ALWAYS_OLD)
		transcript_setf(r->t, "sender.stdout", "%s", out.len ?
		    "a line" : "nothing");
	else if (run_exit_code(snd) == 0)
		(void)record_report(r, &out, file.len, f.count);
	run_collect_notes(r, snd);
out:
	if (f.fd != -1)
		close(f.fd);
	bytes_free(&file);
	bytes_free(&d);
	bytes_free(&out);
	bytes_free(&f.list);
	bytes_free(&f.data);
	bytes_free(&f.first);
}

/* ---- The grader plays the sender ---- */

enum damage {
	D_NONE,
	D_PAYLOAD_BIT,		/* a bit of the payload flipped */
	D_SEQ_BIT,		/* a bit of the sequence number flipped */
	D_SHORT,		/* 6 bytes: less than a header */
	D_EMPTY,		/* 0 bytes */
	D_LONGER,		/* its length says 1 byte more than it has */
	D_SHORTER,		/* its length says 1 byte less than it has */
	D_NONZERO,		/* byte 1 is 1 (the checksum made to match) */
	D_TOO_BIG,		/* 1001 bytes of payload (checksum matching) */
	D_TRAILING,		/* a whole DATA of 1000 bytes, and a 0 byte */
	D_TYPE,			/* type 7 (checksum matching) */
	D_ACK,			/* an ACK 1, whole */
	/* Not damage: whole packets at the checksum's edges (SUM_ZERO). */
	D_SUM_ZERO,		/* the payload fe fb 00 00: checksum 0x0000 */
	D_SUM_CARRY,		/* the payload ff ff fe fc: checksum 0xfffe */
};

/* Is a step's datagram a whole DATA or FIN packet, to be answered? */
#define WHOLE(dmg) ((dmg) == D_NONE || (dmg) >= D_SUM_ZERO)

/* One datagram the grader sends the receiver. */
struct step {
	int type;		/* 0: the end of the steps */
	uint32_t seq;
	const char *payload;	/* NULL: MAX_PAYLOAD bytes of every value */
	enum damage damage;
	int pause_ms;		/* wait this long before sending it */
};

#define RECEIVER_STEPS 6

struct receiver_case {
	struct step steps[RECEIVER_STEPS];
	int timed;		/* time the linger after the last FIN */
	int elsewhere;		/* 1: "127.0.0.1 ALT-PORT"; 2: "... 65535";
				   3: "127.0.0.1" alone (the default port) */
};

/*
 * The payload of a step: its text, or MAX_PAYLOAD bytes of every value
 * (D_TOO_BIG and D_TRAILING: those, and make_step adds one more).
 */
static void
step_payload(const struct step *s, struct bytes *b)
{
	bytes_clear(b);
	if (s->damage >= D_SUM_ZERO)
		bytes_append(b, s->damage == D_SUM_ZERO ? SUM_ZERO_BYTES :
		    SUM_CARRY_BYTES, 4);
	else if (s->payload != NULL && s->damage != D_TOO_BIG &&
	    s->damage != D_TRAILING)
		bytes_puts(b, s->payload);
	else
		for (int i = 0; i < MAX_PAYLOAD; i++) {
			unsigned char ch = (unsigned char)(255 - i % 256);

			bytes_append(b, &ch, 1);
		}
}

/*
 * Make the 4-byte payload of the packet in d bring its words' sum to
 * 0xffff (checksum 0x0000) or, carry set, to 0x1ffff (0xfffe, after two
 * folds), whatever its header holds.
 */
static void
sum_edge(struct bytes *d, int carry)
{
	const unsigned char *p = (const unsigned char *)d->data;
	uint32_t h = 0, w1, w2;

	for (int i = 0; i < 8; i += 2)
		h += (uint32_t)(p[i] << 8 | p[i + 1]);
	w1 = carry ? 0xffff : 0xffff - h;
	w2 = carry ? 0x10000 - h : 0;
	d->data[HEADER_SIZE] = (char)(w1 >> 8);
	d->data[HEADER_SIZE + 1] = (char)w1;
	d->data[HEADER_SIZE + 2] = (char)(w2 >> 8);
	d->data[HEADER_SIZE + 3] = (char)w2;
	reseal(d);
}

/* The datagram of step s (damaged as it says) into d. */
static void
make_step(const struct step *s, struct bytes *d)
{
	struct bytes pl;

	bytes_init(&pl);
	step_payload(s, &pl);
	if (s->damage == D_TOO_BIG)
		bytes_puts(&pl, "!");
	make_packet(d, s->damage == D_TYPE ? 7 : s->damage == D_ACK ?
	    TYPE_ACK : s->type, s->seq, pl.data, pl.len);
	bytes_free(&pl);
	switch (s->damage) {
	case D_PAYLOAD_BIT:
		d->data[HEADER_SIZE] ^= 0x04;
		break;
	case D_SEQ_BIT:
		d->data[7] ^= 0x01;
		break;
	case D_SHORT:
		d->len = 6;
		break;
	case D_EMPTY:
		d->len = 0;
		break;
	case D_LONGER:
		d->data[3]++;
		reseal(d);
		break;
	case D_SHORTER:
		d->data[3]--;
		reseal(d);
		break;
	case D_NONZERO:
		d->data[1] = 1;
		reseal(d);
		break;
	case D_TRAILING:
		/*
		 * An odd length's checksum pads with a 0 byte: the sum still
		 * matches, and only the datagram's size tells it is too long.
		 * Cut to 1010 bytes by a buffer of that size, it looks whole.
		 */
		bytes_append(d, "", 1);
		break;
	case D_SUM_ZERO:
	case D_SUM_CARRY:
		sum_edge(d, s->damage == D_SUM_CARRY);
		break;
	default:
		break;
	}
}

/*
 * The grader's steps to the student's receiver, from probe port 1; then
 * every ACK that comes back until the one that answers the last step.
 * Records probe.acks, receiver.status, receiver.stdout and, when timed,
 * receiver.linger.
 */
static void
receiver_against_grader(struct run *r)
{
	const struct receiver_case *c = r->arg;
	const char *const address_only[] = { "127.0.0.1", NULL };
	struct bytes d, shown, acks;
	struct proc *rcv;
	char from[64];
	int64_t last_sent = 0, deadline;
	int fd, port, answers = 0, got = 0;

	bytes_init(&d);
	bytes_init(&shown);
	bytes_init(&acks);
	fd = run_udp_probe(r, "127.0.0.1", r->probe_port[0]);
	port = c->elsewhere == 1 ? r->alt_port : c->elsewhere == 2 ? 65535 :
	    r->port;
	if (fd == -1)
		rcv = NULL;
	else if (c->elsewhere == 3)
		rcv = start_receiver_args(r, 0, port, address_only);
	else
		rcv = start_receiver(r, 0, port);
	if (rcv == NULL)
		goto out;
	for (const struct step *s = c->steps; s->type != 0; s++) {
		if (s->pause_ms > 0)
			usleep((useconds_t)s->pause_ms * 1000);
		make_step(s, &d);
		bytes_clear(&shown);
		describe_packet(&shown, &d);
		if (s->damage == D_SHORT)
			bytes_puts(&shown, " (the start of a DATA packet)");
		(void)run_udp_send(r, fd, port, d.data, d.len,
		    bytes_str(&shown));
		last_sent = clock_ms();
		answers += WHOLE(s->damage);
	}

	/*
	 * Every ACK, until the receiver has ended (it lingers LINGER_MS after
	 * the last datagram): it sends them all before it ends, so the list
	 * is the same however busy the machine.
	 */
	deadline = last_sent + run_ms(r, LINGER_MS + 4 * SLACK_MS);
	while (run_udp_recv_while(r, fd, rcv, deadline, &d, from,
	    sizeof from) == 0) {
		if (got++ < MAX_SHOWN) {
			describe_packet(&acks, &d);
			bytes_puts(&acks, "\n");
		}
	}
	transcript_set(r->t, "probe.acks", acks.data, acks.len);
	if (got > MAX_SHOWN)
		transcript_addf(r->t, "probe.acks", "[%d in all]", got);
	/* A grader stalled past the linger: the reference had gone. */
	(void)reference_missed(r, got != answers, "receiver did not answer "
	    "every whole packet");

	/* After the FIN: it lingers LINGER_MS, then ends by itself. */
	if (c->timed) {
		int64_t ended = clock_ms() - last_sent;

		if (run_running(rcv))
			transcript_setf(r->t, "receiver.linger", "still "
			    "running %d ms after the last FIN",
			    LINGER_MS + 4 * SLACK_MS);
		else if (ended < LINGER_MS * 3 / 4)
			transcript_setf(r->t, "receiver.linger", "ended %lld "
			    "ms after the last FIN: too soon (it lingers %d "
			    "ms)", (long long)ended, LINGER_MS);
		else
			transcript_setf(r->t, "receiver.linger", "ended by "
			    "itself, %d ms or more after the last FIN",
			    LINGER_MS * 3 / 4);
	}
	run_collect(r, rcv);
out:
	if (fd != -1)
		close(fd);
	bytes_free(&d);
	bytes_free(&shown);
	bytes_free(&acks);
}

/* ---- Errors ---- */

/* Does p's stderr name what (a call, a file)? Recorded at key. */
static void
record_names(struct run *r, struct proc *p, const char *key,
    const char *what)
{
	struct bytes err;

	bytes_init(&err);
	(void)run_read_output(p, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, key, "%s '%s'", strstr(bytes_str(&err), what) !=
	    NULL ? "names" : "does not name", what);
	bytes_free(&err);
}

/* The receiver's port is held by the grader: bind() fails, status 1. */
static void
receiver_port_taken(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	int fd = run_udp_probe(r, "127.0.0.1", r->port);
	struct proc *p;

	if (fd == -1)
		return;
	run_note(r, "the grader holds 127.0.0.1:%d (a bound UDP socket)",
	    r->port);
	p = run_start(r, "receiver", "receiver", args);
	run_record_reaction(r, p, "receiver.reaction", 1000);
	record_names(r, p, "receiver.message", "bind");
	run_collect(r, p);
	close(fd);
}

/* FILE does not exist: a message, status 1, and nothing sent. */
static void
sender_missing_file(struct run *r)
{
	const char *args[] = { "no-such-file", "127.0.0.1", r->port_arg,
	    NULL };
	int fd = run_udp_probe(r, "127.0.0.1", r->port);
	struct bytes d;
	char from[64];
	struct proc *p;
	int count = 0;

	if (fd == -1)
		return;
	bytes_init(&d);
	p = run_start(r, "sender", "sender", args);
	run_record_reaction(r, p, "sender.reaction", 1000);
	record_names(r, p, "sender.message", "no-such-file");
	while (run_udp_recv_while(r, fd, p, clock_ms(), &d, from,
	    sizeof from) == 0)
		count++;
	transcript_setf(r->t, "probe.datagrams", "%d", count);
	run_collect(r, p);
	bytes_free(&d);
	close(fd);
}

/* No arguments at all: the usage line, status 2. */
static void
sender_no_arguments(struct run *r)
{
	struct proc *p = run_start(r, "sender", "sender", NULL);

	run_record_reaction(r, p, "sender.reaction", 1000);
	transcript_note_setf(r->t, "sender", "refusal", "arguments");
	run_collect(r, p);
}

/* ---- Diagnoses ---- */

/* The sentence for a receiver.file that differs, from the facts. */
static void
diagnose_file(const struct transcript *got, struct bytes *why)
{
	long diff = transcript_note_number(got, "file", "first-diff");
	long have = transcript_note_number(got, "file", "got-bytes");

	if (diff < 0)
		return;
	if (have == 0)
		bytes_printf(why, "Nothing reached stdout: write each DATA "
		    "packet's payload with fwrite(), and fflush(stdout) "
		    "before exiting.");
	else if (diff % MAX_PAYLOAD == 0 && diff == have)
		bytes_printf(why, "The file stops after %ld bytes: a packet "
		    "was lost and never sent again, or the FIN was accepted "
		    "before every DATA packet.", have);
	else if (diff % MAX_PAYLOAD == 0)
		bytes_printf(why, "The bytes go wrong at the start of packet "
		    "%ld: a duplicate or out-of-order packet was written "
		    "(write only the packet whose number is the one "
		    "expected), or a packet was skipped.", diff /
		    MAX_PAYLOAD);
	else
		bytes_printf(why, "The bytes go wrong inside packet %ld, at "
		    "byte %ld of it: a damaged packet was accepted (check "
		    "the checksum over the whole datagram), or the payload "
		    "was cut or read at the wrong offset.", diff /
		    MAX_PAYLOAD, diff % MAX_PAYLOAD);
}

/*
 * A transfer's sender.status or receiver.status that differs, told from
 * what the relay and the sender's run recorded (note.transfer.*, with the
 * prefix "w8." for a second transfer): a sender none of whose datagrams
 * the reference receiver answered; a sender that gave up far sooner than
 * its timeouts allow; a receiver still waiting although the reference
 * sender had every packet acknowledged. Returns 1 when it explained d.
 */
static int
diagnose_transfer_status(const struct transcript *ref,
    const struct transcript *got, const struct difference *d,
    struct bytes *why)
{
	const char *key = d->key, *status;
	const char *name = strncmp(key, "w8.", 3) == 0 ? "w8.transfer" :
	    "transfer";
	const char *student = transcript_note_str(got, name, "student");
	const char *rest = strncmp(key, "w8.", 3) == 0 ? key + 3 : key;
	long sent = transcript_note_number(got, name, "sent");
	long answers = transcript_note_number(got, name, "answers");
	long needed = transcript_note_number(got, name, "needed");
	long lost = transcript_note_number(got, name, "lost");
	long ms = transcript_note_number(got, name, "ms");
	long ref_sent = transcript_note_number(ref, name, "sent");
	long ref_answers = transcript_note_number(ref, name, "answers");
	char skey[64];

	if (student[0] == '\0' || sent < 0 || answers < 0)
		return 0;
	status = transcript_str(got, key);
	if (strcmp(rest, "sender.status") == 0 &&
	    strcmp(student, "sender") == 0 && sent > 0 && answers == 0) {
		bytes_printf(why, "The reference receiver acknowledged none of "
		    "the sender's %ld datagrams: the relay carried %ld toward "
		    "the receiver and 0 back toward the sender", sent, sent);
		if (ref_answers > 0)
			bytes_printf(why, " (it answered the reference "
			    "sender %ld times)", ref_answers);
		bytes_printf(why, ". The reference receiver ignores a packet "
		    "whose size, byte 1, length field or checksum is wrong, "
		    "so the sender's DATA packets are not whole by the "
		    "contract: look at the first one's bytes: type 1, a zero "
		    "byte, the length and the number in network byte order "
		    "(htons, htonl), then the Internet checksum over the whole "
		    "datagram, header and payload, computed with its field "
		    "set to 0.");
		return 1;
	}
	if (strcmp(rest, "sender.status") == 0 &&
	    strcmp(student, "receiver") != 0 &&
	    strncmp(status, "exited with status ", 19) == 0 &&
	    strcmp(status + 19, "0") != 0 && ms >= 0 &&
	    ms < MAX_TRIES * TIMEOUT_MS * 3 / 4 && sent >= MAX_TRIES) {
		bytes_printf(why, "The sender ended (%s) %ld ms after it "
		    "started, having sent %ld datagrams for the %ld packets "
		    "needed, DATA and FIN (the relay lost or damaged %ld on "
		    "the way, and the receiver answered %ld): giving up "
		    "takes %d timeouts in a row of %d ms, at least %d ms, so "
		    "its timeouts came back to back, a resend storm. Restart "
		    "the timer after every retransmission (deadline = now + "
		    "%d ms), as after a new ACK: a deadline left in the past "
		    "makes every later poll() return at once.", status, ms,
		    sent, needed, lost, answers, MAX_TRIES, TIMEOUT_MS,
		    MAX_TRIES * TIMEOUT_MS, TIMEOUT_MS);
		return 1;
	}
	snprintf(skey, sizeof skey, "%ssender.status", key == rest ? "" :
	    "w8.");
	if (strcmp(rest, "receiver.status") == 0 &&
	    strcmp(student, "receiver") == 0 && strstr(status, "still") !=
	    NULL && strcmp(transcript_str(got, skey), "exited with status "
	    "0") == 0 && transcript_note_number(got, "file",
	    "first-diff") >= 0) {
		long diff = transcript_note_number(got, "file", "first-diff");
		long have = transcript_note_number(got, "file", "got-bytes");

		bytes_printf(why, "The reference sender had every packet "
		    "acknowledged, the FIN too, and exited with status 0 "
		    "after %ld datagrams for %ld packets%s", sent, needed,
		    sent == needed ? ", each sent once" : "");
		if (ref_sent >= 0)
			bytes_printf(why, " (with the reference receiver it "
			    "sent %ld)", ref_sent);
		bytes_printf(why, ", although the relay lost or damaged %ld "
		    "on the way to the receiver; ", lost);
		if (diff == have)
			bytes_printf(why, "yet the receiver had written only "
			    "the file's first %ld bytes, and still waits for "
			    "packets that will never come again. ", have);
		else
			bytes_printf(why, "yet the file the receiver wrote "
			    "differs from byte %ld on, and it still waits. ",
			    diff);
		bytes_printf(why, "Its ACKs acknowledged packets it had not "
		    "received: ACK n is the next packet number expected "
		    "(every packet below n arrived in order), not the number "
		    "of the packet just received plus one; after a gap it "
		    "repeats the ACK of the packet missing.");
		return 1;
	}
	return 0;
}

static void
diagnose_transfer(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *key = d->key;

	if (diagnose_transfer_status(ref, got, d, why))
		return;
	if (strstr(key, "receiver.file") != NULL)
		diagnose_file(got, why);
	else if (strstr(key, "sender.cost") != NULL)
		bytes_printf(why, "The sender sent more datagrams than the "
		    "losses explain: a timeout far shorter than %d ms, a "
		    "resend on every duplicate ACK, or a timer not restarted "
		    "when a new ACK arrives.", TIMEOUT_MS);
	else if (strstr(key, "sender.report") != NULL &&
	    strncmp(d->got.data != NULL ? d->got.data : "", "bytes ", 6) == 0)
		bytes_printf(why, "The sender's bytes or packets differ from "
		    "the file's: packet k holds bytes 1000k to 1000k + 999, a "
		    "read of 0 bytes is no packet (a file of 1000 bytes is one "
		    "DATA packet, an empty file none).");
	else if (strstr(key, "sender.report") != NULL)
		bytes_printf(why, "Count every sendto() of a DATA or FIN "
		    "packet, retries included, and print 'bytes B, packets N, "
		    "datagrams D' once, at the end.");
	else if (strstr(key, "sender.speedup") != NULL)
		bytes_printf(why, "With -w 8 the sender must keep up to 8 "
		    "packets out before waiting for an ACK: each round trip "
		    "then carries 8 packets instead of 1.");
	else if (strstr(key, "sender.status") != NULL &&
	    strstr(d->got.data != NULL ? d->got.data : "", "still") != NULL)
		bytes_printf(why, "The sender did not finish: a lost or "
		    "damaged packet never sent again (no timeout), or a FIN "
		    "whose ACK it never recognised.");
	else if (strstr(key, "receiver.status") != NULL &&
	    strstr(d->got.data != NULL ? d->got.data : "", "still") != NULL)
		bytes_printf(why, "The receiver did not end by itself: after "
		    "the FIN it lingers %d ms, then exits 0 once nothing "
		    "comes (poll() with a timeout).", LINGER_MS);
	else
		diagnose_common(ref, got, d, why);
}

/* Does a list of packets show a number of 2^24 or more (htonl)? */
static int
byte_swapped(const struct bytes *list)
{
	const char *p = bytes_str(list);

	while ((p = strpbrk(p, "0123456789")) != NULL) {
		char *end;
		unsigned long v = strtoul(p, &end, 10);

		if (v >= 1ul << 24 && (p == bytes_str(list) || p[-1] == ' '))
			return 1;
		p = end;
	}
	return 0;
}

static void
diagnose_sender(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *key = d->key;

	if (strcmp(key, "probe.first-header") == 0)
		bytes_printf(why, "The first packet's header differs byte "
		    "for byte: type, a zero byte, the length and the "
		    "sequence number in network byte order (htons, htonl), "
		    "then the Internet checksum.");
	else if (strcmp(key, "probe.gave-up") == 0 &&
	    strstr(bytes_str(&d->got), "back to back") != NULL)
		bytes_printf(why, "Restart the timer after every "
		    "retransmission (deadline = now + %d ms), as after a new "
		    "ACK: a deadline left in the past makes every later "
		    "poll() return at once, and the %d tries go in a burst.",
		    TIMEOUT_MS, MAX_TRIES);
	else if (strcmp(key, "probe.gave-up") == 0)
		bytes_printf(why, "The sender must give up after %d timeouts "
		    "in a row without a new ACK (about %d ms): count them, and "
		    "reset the count only when an ACK moves base.", MAX_TRIES,
		    MAX_TRIES * TIMEOUT_MS);
	else if (strcmp(key, "probe.fin") == 0)
		bytes_printf(why, "The FIN went out while a DATA packet was "
		    "still unacknowledged: once the file is over, send the "
		    "FIN only when base == next (the window may hold DATA "
		    "packets only until then).");
	else if (strcmp(key, "probe.retry") == 0 &&
	    strstr(bytes_str(&d->got), "too soon") != NULL &&
	    strstr(bytes_str(&d->got), "new ACK") != NULL)
		bytes_printf(why, "Restart the timer at each new ACK (deadline "
		    "= now + %d ms when base moves): the packets still out "
		    "get a whole timeout from it, not what was left of the "
		    "oldest packet's.", TIMEOUT_MS);
	else if (strcmp(key, "probe.retry") == 0)
		bytes_printf(why, "Send an unacknowledged packet again %d ms "
		    "after it went (or after the last new ACK), not before "
		    "and not much later.", TIMEOUT_MS);
	else if (strcmp(key, "probe.datagrams") == 0 &&
	    byte_swapped(&d->got))
		bytes_printf(why, "A sequence number came in host byte order "
		    "(packet 1 read as 16777216): put it in the header with "
		    "htonl(), and read ACKs with ntohl().");
	else if (strcmp(key, "probe.datagrams") == 0)
		bytes_printf(why, "The sender's packets, or their order, "
		    "differ from what the contract asks after these ACKs "
		    "(listed under got: '<-' is the grader's answer).");
	else
		diagnose_transfer(ref, got, d, why);
}

/* How many lines text holds. */
static int
count_lines(const struct bytes *b)
{
	int n = 0;

	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

static void
diagnose_receiver(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	int want = count_lines(&d->expected), have = count_lines(&d->got);

	if (strcmp(d->key, "probe.acks") == 0 && have > want)
		bytes_printf(why, "The receiver answered a datagram it must "
		    "ignore: check its size, byte 1, its length field and its "
		    "checksum before anything else; a damaged datagram, an "
		    "ACK or an unknown type gets no ACK.");
	else if (strcmp(d->key, "probe.acks") == 0 && have < want &&
	    strstr(transcript_str(got, "receiver.linger"), "too soon") !=
	    NULL)
		bytes_printf(why, "The receiver had exited before the last "
		    "datagrams: after the FIN it lingers, answering every "
		    "repeated FIN, until %d ms pass with nothing received.",
		    LINGER_MS);
	else if (strcmp(d->key, "probe.acks") == 0 && have < want)
		bytes_printf(why, "The receiver left a whole DATA or FIN "
		    "unanswered: every one gets an ACK, a duplicate or one out "
		    "of order too (its first ACK may have been lost). If even "
		    "new packets go unanswered, check that the checksum "
		    "covers the whole datagram, header and payload, with its "
		    "field set to 0.");
	else if (strcmp(d->key, "probe.acks") == 0)
		bytes_printf(why, "The receiver's ACK numbers differ: ACK n "
		    "is the next packet number expected (every packet below "
		    "n arrived in order), not the number of the packet just "
		    "received.");
	else if (strcmp(d->key, "receiver.linger") == 0)
		bytes_printf(why, "After the FIN the receiver lingers: it "
		    "answers a repeated FIN, and exits once %d ms pass with "
		    "nothing received.", LINGER_MS);
	else if (strcmp(d->key, "receiver.stdout") == 0 &&
	    d->got.len > d->expected.len)
		bytes_printf(why, "The receiver wrote a packet that was not "
		    "the one expected (a duplicate, or one out of order): "
		    "write only a whole DATA packet whose seq is the number "
		    "expected.");
	else
		diagnose_common(ref, got, d, why);
}

/* ---- The checks ---- */

#define PLAN(...) { .seed = 1, __VA_ARGS__ }
#define LOSSY(s) { .seed = (s), .drop = 50, .duplicate = 50, \
    .reorder = 30, .corrupt = 50 }

static const struct check checks[] = {
	{
		.name = "transfer-empty-file",
		.title = "an empty file: no DATA, a FIN, an empty stdout",
		.hint = "An empty file makes no DATA packet: the FIN, "
		    "numbered 0, comes first; the receiver exits with "
		    "nothing written.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, TEXT, 0, 1,
		    PLAN(0) },
		.rules = "S1 S5 S6 R5",
	}, {
		.name = "transfer-one-byte",
		.title = "a file of 1 byte",
		.hint = "The last packet is as long as what is left: here 1 "
		    "byte.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, TEXT, 1, 1,
		    PLAN(0) },
		.rules = "S1 R2",
	}, {
		.name = "transfer-one-packet",
		.title = "a file of exactly 1000 bytes: one full packet",
		.hint = "A read that returns 0 bytes ends the file: no empty "
		    "DATA packet after a full one.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, TEXT, MAX_PAYLOAD, 1,
		    PLAN(0) },
		.rules = "S1 S6 R2",
	}, {
		.name = "transfer-one-byte-over",
		.title = "a file of 1001 bytes: a full packet and one of 1 byte",
		.hint = "Packet k holds bytes 1000k to 1000k + 999.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, TEXT, MAX_PAYLOAD + 1,
		    1, PLAN(0) },
		.rules = "S1 S6 R2",
	}, {
		.name = "transfer-every-byte",
		.title = "every byte value, zero bytes too, with -w 4",
		.hint = "Binary data: fread()/fwrite() with lengths, never "
		    "string functions.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, EVERY_BYTE, 5120, 4,
		    PLAN(0) },
		.rules = "S1 S2 R2",
	}, {
		.name = "transfer-1mib",
		.title = "1 MiB of random bytes with -w 32, the largest window, "
		    "through a clean relay",
		.hint = "1049 packets: the sequence numbers go past 255 and "
		    "65535 bytes; keep them in uint32_t, in network order.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, RANDOM, 1048576, 32,
		    PLAN(0) },
		.rules = "P1 S1 S2 S3 S6 S9 R2 R3 A4",
	}, {
		.name = "sender-lossy-seed-1",
		.title = "the sender against the reference receiver: loss, "
		    "duplicates, reordering, corruption (seed 1)",
		.hint = "Each timeout sends again every packet not yet "
		    "acknowledged; damaged ACKs are ignored.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ SENDER, RANDOM, 20000, 1,
		    LOSSY(1) },
		.rules = "P2 S3 S4 S5 S6 S9",
	}, {
		.name = "sender-lossy-window-seed-2",
		.title = "with -w 4, against the reference receiver, through "
		    "the lossy relay (seed 2)",
		.hint = "Go-back-N: on a timeout resend every packet from the "
		    "oldest unacknowledged one on.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ SENDER, RANDOM, 20000, 4,
		    LOSSY(2) },
		.rules = "S2 S3 S4 S9",
	}, {
		.name = "receiver-lossy-seed-3",
		.title = "the reference sender against the receiver, through "
		    "the lossy relay (seed 3)",
		.hint = "Write only the packet whose number is the one "
		    "expected; acknowledge every whole packet; ignore "
		    "damaged ones.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ RECEIVER, RANDOM, 20000, 4,
		    LOSSY(3) },
		.rules = "P2 R2 R3 R4 R5",
	}, {
		.name = "transfer-lossy-seed-4",
		.title = "both programs, through the lossy relay (seed 4)",
		.hint = "Stop-and-wait: one packet out, wait for its ACK or "
		    "the timeout.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, RANDOM, 10000, 1,
		    LOSSY(4) },
		.rules = "S4 S9 R2 R3 R4",
	}, {
		.name = "transfer-lossy-window-seed-5",
		.title = "both programs with -w 8, through the lossy relay "
		    "(seed 5)",
		.hint = "A FIN goes only once every DATA packet is "
		    "acknowledged; the receiver lingers for a repeated FIN.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, RANDOM, 30000, 8,
		    LOSSY(5) },
		.rules = "S2 S4 S5 S9 R5",
	}, {
		.name = "transfer-duplicates-reorder",
		.title = "many duplicates and reorderings, no loss (seed 6)",
		.hint = "A duplicate or out-of-order packet is not written, "
		    "only acknowledged again with the number expected.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, RANDOM, 20000, 4,
		    { .seed = 6, .duplicate = 200, .reorder = 150 } },
		.rules = "R2 R3 S3",
	}, {
		.name = "transfer-corruption",
		.title = "1 datagram in 10 corrupted, both ways (seed 7)",
		.hint = "Compute the Internet checksum over the whole "
		    "datagram with its field zeroed; drop a packet whose "
		    "checksum does not match.",
		.scenario = transfer, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ BOTH, RANDOM, 10000, 1,
		    { .seed = 7, .corrupt = 100 } },
		.rules = "P2 P3 R4 S3",
	}, {
		.name = "window-speedup",
		.title = "on a link of " "15 ms each way, -w 8 is at least 3 "
		    "times as fast as -w 1",
		.hint = "Fill the window before waiting: send while next < "
		    "base + window.",
		.scenario = window_speedup, .diagnose = diagnose_transfer,
		.arg = &(const struct transfer){ SENDER, RANDOM, SPEED_SIZE,
		    1, { .seed = 1, .delay_ms = SPEED_DELAY_MS } },
		.rules = "S2 S10 S9",
		.timeout_ms = 15000,
	}, {
		.name = "sender-first-packet",
		.title = "FILE alone: to 127.0.0.1:50007, the first header "
		    "byte for byte, then the FIN",
		.hint = "Header: type 1, 0, length (htons), seq (htonl), the "
		    "checksum (htons) of the whole packet computed with its "
		    "field 0.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 0, 1, TEXT, 16 },
		.rules = "P1 P2 S1 S5 S6 A1",
	}, {
		.name = "sender-address-only",
		.title = "FILE and ADDRESS alone: PORT is 50007",
		.hint = "With FILE and ADDRESS only, PORT keeps its default: "
		    "read argv[3] only when there is one.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 2, TEXT, 16 },
		.rules = "A1 S2",
	}, {
		.name = "sender-address",
		.title = "ADDRESS 127.0.0.2: the packets go there, not to "
		    "127.0.0.1",
		.hint = "Send to the ADDRESS parse_arguments() read: set "
		    "sin_addr from it (and sin_family to AF_INET).",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 5, TEXT, 16 },
		.rules = "A1 S1",
	}, {
		.name = "sender-port-65535",
		.title = "PORT 65535, the last one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 3, TEXT, 16 },
		.rules = "A1",
	}, {
		.name = "sender-port-1",
		.title = "PORT 1, the first one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 4, TEXT, 16 },
		.rules = "A1",
	}, {
		.name = "sender-checksum-zero",
		.title = "a packet whose checksum is 0x0000",
		.hint = "Fold the carries while sum > 0xffff, then take ~sum "
		    "& 0xffff: 0 is a checksum like any other.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 0, SUM_ZERO,
		    4 },
		.rules = "P2",
	}, {
		.name = "sender-checksum-carry",
		.title = "a packet whose words add up to 0x1ffff: two folds",
		.hint = "Fold with while (sum > 0xffff), not once: a fold can "
		    "carry again.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 0, SUM_CARRY,
		    4 },
		.rules = "P2",
	}, {
		.name = "sender-empty-file",
		.title = "an empty file: the first and only packet is FIN 0",
		.hint = "No DATA for an empty file: FIN, length 0, seq 0.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 0, TEXT, 0 },
		.rules = "P1 S1 S5",
	}, {
		.name = "sender-three-packets",
		.title = "2500 bytes: DATA 0 and 1 of 1000 bytes, DATA 2 of "
		    "500, FIN 3",
		.hint = "Each packet waits for its ACK (-w 1); the last is "
		    "shorter.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ANSWER, 1, 0, TEXT,
		    2500 },
		.rules = "S1 S2 S5 S6",
	}, {
		.name = "sender-retransmits",
		.title = "the first DATA is lost: it goes again after the "
		    "100 ms timeout",
		.hint = "poll() (or SO_RCVTIMEO) until the timer of the oldest "
		    "packet runs out, then send it again.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_LOSE_FIRST, 1, 0, TEXT,
		    1500 },
		.rules = "S4",
	}, {
		.name = "sender-retransmits-despite-noise",
		.title = "the first DATA is lost and ACK 0 comes every 30 ms: "
		    "it still goes again 100 ms after it was sent",
		.hint = "Only a new ACK restarts the timer: after an ignored "
		    "datagram, wait only what is left of the 100 ms (keep a "
		    "deadline; poll() for deadline - now), not 100 ms again.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_NOISY, 1, 0, TEXT,
		    1500 },
		.rules = "S3 S4",
	}, {
		.name = "sender-timer-restarts",
		.title = "-w 4, 3 packets: ACK 1 comes 60 ms after DATA 0, then "
		    "nothing: DATA 1 goes again 100 ms after that ACK",
		.hint = "Each new ACK restarts the timer: deadline = now + "
		    "TIMEOUT_MS when base moves.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_RESTART, 4, 0, TEXT,
		    3000 },
		.rules = "S3 S4",
	}, {
		.name = "sender-default-window",
		.title = "no -w, 3 packets, the first lost: one packet at a "
		    "time (WINDOW is 1)",
		.hint = "Without -w, WINDOW is 1: stop-and-wait, one packet "
		    "out at a time.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_LOSE_FIRST, 0, 0, TEXT,
		    2500 },
		.rules = "S2",
	}, {
		.name = "sender-tries-reset",
		.title = "12 packets, each lost once: 12 timeouts, never 2 in a "
		    "row: no giving up",
		.hint = "MAX_TRIES counts timeouts in a row: set tries = 0 "
		    "whenever an ACK moves base.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_LOSE_ODD, 1, 0, TEXT,
		    11000 },
		.rules = "S4 S7",
	}, {
		.name = "sender-ignores-damaged-ack",
		.title = "an ACK with a wrong checksum is ignored",
		.hint = "Check the ACK's checksum as the receiver checks "
		    "DATA: a damaged ACK changes nothing.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_DAMAGED_ACK, 1, 0, TEXT,
		    1500 },
		.rules = "P2 P3 S3",
	}, {
		.name = "sender-ignores-ack-bad-length",
		.title = "ACKs whose length field is 256 or 1, not 0, are "
		    "ignored",
		.hint = "An ACK carries no payload: its length field is 0 and "
		    "it has 10 bytes; anything else is not a whole ACK.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_LENGTH_ACK, 1, 0, TEXT,
		    1500 },
		.rules = "P3 S3",
	}, {
		.name = "sender-ignores-long-ack",
		.title = "an ACK of 11 bytes is ignored",
		.hint = "Receive into HEADER_SIZE + 1 bytes: a datagram of "
		    "more than 10 bytes is no ACK.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_LONG_ACK, 1, 0, TEXT,
		    1500 },
		.rules = "P3 S3",
	}, {
		.name = "sender-ignores-not-ack",
		.title = "a whole DATA packet, and an ACK whose byte 1 is 1, "
		    "are no ACKs",
		.hint = "An ACK is 10 bytes of type 2 with byte 1 equal to 0, "
		    "length 0 and a matching checksum: test every one of "
		    "these.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_NOT_ACK, 1, 0, TEXT,
		    1500 },
		.rules = "P3 S3",
	}, {
		.name = "sender-ignores-empty-datagram",
		.title = "an empty datagram is no ACK, and no error",
		.hint = "recv() returns 0 for an empty datagram: that is no "
		    "error (only -1 is), and no ACK either.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_EMPTY_ACK, 1, 0, TEXT,
		    1500 },
		.rules = "P3 S3",
	}, {
		.name = "sender-ignores-old-ack",
		.title = "ACK 0 (nothing new) does not move the window",
		.hint = "Only an ACK n with base < n moves base; ACK 0 for "
		    "DATA 0 says it is still missing.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_OLD_ACK, 1, 0, TEXT,
		    1500 },
		.rules = "P4 S3",
	}, {
		.name = "sender-ignores-future-ack",
		.title = "ACK 5, for packets never sent, is ignored",
		.hint = "An ACK n with n > next (the next number to send) is "
		    "nonsense: ignore it.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_FUTURE_ACK, 1, 0, TEXT,
		    1500 },
		.rules = "S3",
	}, {
		.name = "sender-window",
		.title = "-w 4 unanswered: 4 packets, then the same 4 again; "
		    "ACK 2 lets 2 more go",
		.hint = "At most WINDOW packets out; on a timeout resend them "
		    "all, oldest first; a new ACK slides the window.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_WINDOW, 4, 0, TEXT,
		    10000 },
		.rules = "S2 S3 S4",
	}, {
		.name = "sender-cumulative-ack",
		.title = "-w 4: one ACK 4 acknowledges the whole window",
		.hint = "ACK n acknowledges every packet below n, not only "
		    "packet n - 1.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_CUMULATIVE, 4, 0, TEXT,
		    4000 },
		.rules = "P4 S3 S5",
	}, {
		.name = "sender-fin-waits",
		.title = "-w 4, 2 packets: the FIN waits until both are "
		    "acknowledged",
		.hint = "Once the file is over, send the FIN only when base == "
		    "next: every DATA packet acknowledged.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_CUMULATIVE, 4, 0, TEXT,
		    2000 },
		.rules = "S5",
	}, {
		.name = "sender-gives-up",
		.title = "nobody answers: 10 tries of DATA 0, then a message "
		    "and exit status 1",
		.hint = "Count the timeouts in a row without a new ACK; at "
		    "MAX_TRIES, print a line on stderr and return 1.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_SILENT, 1, 0, TEXT,
		    1000 },
		.rules = "S7",
		.timeout_ms = 10000,
	}, {
		.name = "sender-old-acks-give-up",
		.title = "only ACK 0 comes back, again and again: 10 tries, "
		    "then status 1",
		.hint = "An old ACK is no new acknowledgement: it must not "
		    "reset the tries, nor restart the timer.",
		.scenario = sender_against_grader, .diagnose = diagnose_sender,
		.arg = &(const struct sender_case){ R_ALWAYS_OLD, 1, 0, TEXT,
		    1000 },
		.rules = "S3 S7",
		.timeout_ms = 10000,
	}, {
		.name = "sender-missing-file",
		.title = "a FILE that does not exist: a message, status 1, "
		    "nothing sent",
		.hint = "fopen() first; on NULL print the file's name and "
		    "strerror(errno) on stderr, return 1.",
		.scenario = sender_missing_file, .diagnose = diagnose_common,
		.rules = "S8",
	}, {
		.name = "receiver-first-ack",
		.title = "DATA 0 is answered by ACK 1, byte for byte; FIN 1 by "
		    "ACK 2",
		.hint = "ACK: type 2, 0, length 0, the next number expected "
		    "(htonl), the checksum; send it to the address "
		    "recvfrom() gave.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "hello, receiver\n", D_NONE, 0 },
		    { TYPE_FIN, 1, "", D_NONE, 0 } }, 0, 0 },
		.rules = "P1 P4 R1 R2 R3 R5",
	}, {
		.name = "receiver-address-port",
		.title = "with ADDRESS and PORT (127.0.0.1 50008), it is bound "
		    "there and answers",
		.hint = "Bind to the ADDRESS and PORT parse_arguments() read, "
		    "with htons(port).",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "elsewhere", D_NONE, 0 },
		    { TYPE_FIN, 1, "", D_NONE, 0 } }, 0, 1 },
		.rules = "R1 A1",
	}, {
		.name = "receiver-address-only",
		.title = "with ADDRESS alone (127.0.0.1), it is bound to "
		    "127.0.0.1:50007 and answers",
		.hint = "With ADDRESS only, PORT keeps its default: read "
		    "argv[2] only when there is one (argc > 2).",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "default port", D_NONE, 0 },
		    { TYPE_FIN, 1, "", D_NONE, 0 } }, 0, 3 },
		.rules = "A1",
	}, {
		.name = "receiver-port-65535",
		.title = "PORT 65535, the last one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "last port", D_NONE, 0 },
		    { TYPE_FIN, 1, "", D_NONE, 0 } }, 0, 2 },
		.rules = "A1",
	}, {
		.name = "receiver-port-1",
		.title = "PORT 1 is good: the kernel may refuse to bind it "
		    "(status 1), parse_arguments() may not (2)",
		.hint = "Ports run from 1 to 65535, both ends good; keep the "
		    "given parse_arguments().",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "receiver",
		    { { "127.0.0.1", "1" } } },
		.rules = "A1 R6",
	}, {
		.name = "receiver-checksum-edges",
		.title = "whole packets whose checksum is 0x0000, and 0xfffe "
		    "after two folds",
		.hint = "Fold with while (sum > 0xffff): a fold can carry "
		    "again; a checksum of 0 is a checksum like any other.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "", D_SUM_ZERO, 0 },
		    { TYPE_DATA, 1, "", D_SUM_CARRY, 0 },
		    { TYPE_FIN, 2, "", D_NONE, 0 } }, 0, 0 },
		.rules = "P2 R2",
	}, {
		.name = "receiver-full-packet",
		.title = "DATA 0 of 1000 bytes of every value, then 1 byte, "
		    "then the FIN",
		.hint = "Receive into HEADER_SIZE + MAX_PAYLOAD bytes (one "
		    "more to see a longer datagram); write len bytes.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, NULL, D_NONE, 0 },
		    { TYPE_DATA, 1, "!", D_NONE, 0 },
		    { TYPE_FIN, 2, "", D_NONE, 0 } }, 0, 0 },
		.rules = "P1 R2",
	}, {
		.name = "receiver-empty-file",
		.title = "FIN 0 at once: ACK 1, an empty stdout, status 0",
		.hint = "The FIN numbered as expected ends the file, even "
		    "when no DATA came.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_FIN, 0, "", D_NONE, 0 } }, 0, 0 },
		.rules = "R5",
	}, {
		.name = "receiver-duplicate",
		.title = "DATA 0 twice: ACK 1 twice, its bytes written once",
		.hint = "A packet already received is acknowledged again "
		    "(its ACK may have been lost), never written again.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "once", D_NONE, 0 },
		    { TYPE_DATA, 0, "once", D_NONE, 0 },
		    { TYPE_FIN, 1, "", D_NONE, 0 } }, 0, 0 },
		.rules = "R2 R3",
	}, {
		.name = "receiver-out-of-order",
		.title = "DATA 1 before DATA 0: ACK 0, and DATA 1 is not kept",
		.hint = "Go-back-N: write only seq == expected; answer any "
		    "other with ACK expected.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 1, "world\n", D_NONE, 0 },
		    { TYPE_DATA, 0, "hello ", D_NONE, 0 },
		    { TYPE_DATA, 1, "world\n", D_NONE, 0 },
		    { TYPE_FIN, 2, "", D_NONE, 0 } }, 0, 0 },
		.rules = "P4 R2 R3",
	}, {
		.name = "receiver-fin-linger",
		.title = "a repeated FIN is answered; then it ends by itself "
		    "300 ms later",
		.hint = "After the FIN, poll() with a 300 ms timeout: answer "
		    "what comes, exit 0 when nothing does.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "bye", D_NONE, 0 },
		    { TYPE_FIN, 1, "", D_NONE, 0 },
		    { TYPE_FIN, 1, "", D_NONE, 0 },
		    { TYPE_DATA, 0, "bye", D_NONE, 50 },
		    { TYPE_FIN, 1, "", D_NONE, 100 } }, 1, 0 },
		.rules = "R5 R3",
	},
/*
 * A damaged DATA 1 between two whole packets: one before it, so that a
 * receiver that half-reads it and uses what the last packet left behind
 * shows it, one after it, so that its ACKs show what it made of it.
 */
#define DAMAGED(nm, what, dmg, rule)					\
	{								\
		.name = "receiver-ignores-" nm,				\
		.title = "ignores " what ": no ACK, nothing written",	\
		.hint = "Check a datagram whole before anything else: "	\
		    "its size, byte 1, its length field, its checksum.",\
		.scenario = receiver_against_grader,			\
		.diagnose = diagnose_receiver,				\
		.arg = &(const struct receiver_case){ {			\
		    { TYPE_DATA, 0, "whole ", D_NONE, 0 },		\
		    { TYPE_DATA, 1, "damaged", dmg, 0 },		\
		    { TYPE_DATA, 1, "again", D_NONE, 0 },		\
		    { TYPE_FIN, 2, "", D_NONE, 0 } }, 0, 0 },		\
		.rules = rule,						\
	}
	DAMAGED("flipped-payload", "DATA 1 with a payload bit flipped",
	    D_PAYLOAD_BIT, "P2 R4"),
	DAMAGED("flipped-seq", "DATA 1 with a bit of its number flipped",
	    D_SEQ_BIT, "P2 R4"),
	DAMAGED("short", "a datagram of 6 bytes", D_SHORT, "P3 R4"),
	DAMAGED("empty", "an empty datagram", D_EMPTY, "P3 R4"),
	DAMAGED("length-over", "DATA whose length says 1 byte more than "
	    "it has", D_LONGER, "P3 R4"),
	DAMAGED("length-under", "DATA whose length says 1 byte less than "
	    "it has", D_SHORTER, "P3 R4"),
	DAMAGED("nonzero", "DATA whose byte 1 is not 0", D_NONZERO,
	    "P1 P3 R4"),
	DAMAGED("too-big", "DATA of 1001 bytes", D_TOO_BIG, "P3 R4"),
	{
		.name = "receiver-ignores-trailing-byte",
		.title = "ignores a whole DATA of 1000 bytes with a 0 byte "
		    "after it (1011 in all): no ACK, nothing written",
		.hint = "A buffer of exactly 1010 bytes cuts this datagram "
		    "to a whole-looking packet: make it at least 1 byte "
		    "larger, and compare what recvfrom() returned with 10 "
		    "+ the length field.",
		.scenario = receiver_against_grader,
		.diagnose = diagnose_receiver,
		.arg = &(const struct receiver_case){ {
		    { TYPE_DATA, 0, "whole ", D_NONE, 0 },
		    { TYPE_DATA, 1, "damaged", D_TRAILING, 0 },
		    { TYPE_DATA, 1, "again", D_NONE, 0 },
		    { TYPE_FIN, 2, "", D_NONE, 0 } }, 0, 0 },
		.rules = "P3 R4",
	},
	DAMAGED("unknown-type", "a packet of type 7", D_TYPE, "P3 R4"),
	DAMAGED("ack", "an ACK", D_ACK, "R4"),
	{
		.name = "receiver-port-taken",
		.title = "the grader holds its port: bind() fails, exit "
		    "status 1",
		.hint = "if (bind(s, ...) == -1) { perror(\"receiver: "
		    "bind\"); close(s); return 1; }",
		.scenario = receiver_port_taken, .diagnose = diagnose_common,
		.rules = "R6",
	}, {
		.name = "receiver-bad-arguments",
		.title = "ports abc, 0, 65536, address xyz, three arguments: "
		    "exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "receiver", {
		    RUN_BAD_PORTS, { "127.0.0.1", "5x" }, { "xyz" },
		    { "127.0.0.256" },
		    { "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A1 A2 A3",
	}, {
		.name = "sender-bad-windows",
		.title = "-w 0, -w 33, -w abc, -w 5x, a lone -w, -w without "
		    "FILE: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "sender", {
		    { "-w", "0", "f" }, { "-w", "33", "f" },
		    { "-w", "abc", "f" }, { "-w", "5x", "f" }, { "-w" },
		    { "-w", "2" } } },
		.rules = "A3 A4",
	}, {
		.name = "sender-bad-arguments",
		.title = "ports 0, 65536 and abc, address xyz, an unknown "
		    "option, too many arguments: exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "sender", {
		    { "f", "127.0.0.1", "0" }, { "f", "127.0.0.1", "65536" },
		    { "f", "127.0.0.1", "abc" }, { "f", "127.0.0.1", "5x" },
		    { "f", "xyz" },
		    { "f", "127.0.0.256" }, { "-x" },
		    { "f", "127.0.0.1", RUN_ARG_PORT, "extra" } } },
		.rules = "A1 A2 A3",
	}, {
		.name = "sender-no-arguments",
		.title = "no arguments at all: the usage line, exit status 2",
		.hint = RUN_BAD_ARGS_HINT,
		.scenario = sender_no_arguments, .diagnose = diagnose_common,
		.rules = "A3",
	},
};

static const char *const programs[] = { "sender", "receiver", NULL };

static const struct lesson lesson_09 = {
	.dir = "09-reliable-udp",
	.title = "Reliable transfer over UDP: stop-and-wait, a sliding window",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
	.needs_netns = 1,
	.checks_per_job = 6,	/* they mostly wait: timeouts and relays */
};

LESSON_REGISTER(lesson_09)

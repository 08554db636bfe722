/*
 * 05-framing: checks for the framing lesson (length-prefixed messages over
 * TCP: a server that answers every frame with a frame, a client that sends
 * each line of its input as a frame and prints the replies).
 *
 * For the student's server the grader plays clients: some write frames cut
 * in different ways (in one write, a byte per write, headers split across
 * writes, each frame alone) and read the replies, others break off. For the
 * student's client it plays the server, answering whole or in pieces.
 *
 * Every frame the grader reads is recorded at its key (probe.reply1,
 * probe.frame1) for people: "length 5 (00 00 00 05): HELLO", or what came
 * instead. The diagnoses read facts, recorded as notes: note.KEY.length,
 * .payload, .end (end_names[]) and .previous-length for a frame,
 * note.grader.writes (cut_names[]), and note.LABEL.lines and
 * .swapped-length for a program (see collect()).
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"

#define MAX_MESSAGE 65536	/* the lesson's limit on a payload */
#define HEADER_SIZE 4		/* the length prefix */
#define WAIT_MS 1000		/* for a reply, a close, a piece to be read */
#define CLIENT_MS 2000		/* for the client under test to connect, send */
#define MAX_FRAMES 8		/* frames read from a client at most */
#define SHOWN_PAYLOAD 200	/* longer payloads are summarised */
#define LOCKSTEP_MS 250		/* a client that does not wait sends by then */

/* What the reference's other program is given, driving the one under test. */
#define ELSEWHERE_INPUT "to another address\n\nand port, or in pieces of 1 " \
    "to 7 bytes: the read and write loops go on until every byte of the " \
    "frame has moved\na\nbb\nccc\ndddd\neeeee\nffffff\nggggggg\n"
#define ELSEWHERE_LINES 10	/* the lines of ELSEWHERE_INPUT */

/* A check of a program started with ADDRESS and PORT, or in short I/O. */
struct elsewhere {
	int server;		/* the server is under test, else the client */
	int address_only;	/* ADDRESS alone, where the default port is
				   ours */
	const char *port;	/* this PORT, else the second port */
	int short_io;		/* 127.0.0.1 and the short-I/O library */
};

/* How the server ended a connection (probe.after-close, ...). */
#define SERVER_CLOSED "the server closed the connection"
#define STILL_OPEN "the connection stayed open"
/* Why the grader stopped reading a client's frames (probe.end). */
#define TOO_MANY "more than 8 frames came: the grader stopped reading"

/* Bytes with their length, zero bytes included; data NULL: a...z. */
struct payload {
	const char *data;
	size_t len;
};
#define PAYLOAD(s) { s, sizeof s - 1 }

/* How the grader cuts the byte stream of its frames into writes. */
enum cut { CUT_ONE_WRITE, CUT_ALONE, CUT_BYTES, CUT_HEADERS, CUT_PIECES };
static const char *const cut_names[] = {
	[CUT_ONE_WRITE] = "all in one write",
	[CUT_ALONE] = "each alone, the next only after the reply to the one "
	    "before",
	[CUT_BYTES] = "one byte per write, waiting each time until the "
	    "program had read it",
	[CUT_HEADERS] = "in writes that end inside the length headers, "
	    "waiting after each write until the program had read it",
	[CUT_PIECES] = "in pieces: 1 length byte, 3 length bytes, half the "
	    "payload, the rest, each read by the client before the next is "
	    "sent",
};

/* A server check: the frames the grader sends, and how. */
struct exchange {
	enum cut cut;
	int defaults;		/* start the server with no arguments */
	size_t n;
	struct payload p[5];
};

/* A client that breaks off: it sends bytes, then closes or waits. */
struct bad_client {
	const char *who;	/* for the report: "a new client (...)" */
	int frame_first;	/* first a whole frame, and its reply */
	struct payload sent;	/* then these bytes */
	int vanish;		/* then close (else wait for the server to) */
};

/* How the grader playing the server answers the client's first frame. */
enum answer {
	ANSWER_ALL,		/* every frame: its payload in upper case */
	ANSWER_NONE,		/* none: it reads one frame and closes */
	ANSWER_TOO_LONG,	/* a header announcing MAX_MESSAGE + 1 bytes */
	ANSWER_CUT,		/* a header announcing 10 bytes, 3 of them */
	ANSWER_RESET,		/* the reply, then an end and a reset */
	ANSWER_RESET_NOW,	/* no reply: a reset at once */
	ANSWER_CUT_RESET,	/* a header announcing 10 bytes, 3 of them,
				   then a reset */
	ANSWER_HEADER_CUT,	/* the first frame answered; the second
				   with 2 of the 4 length bytes, then a
				   close */
};
static const char *const answer_names[] = {
	[ANSWER_ALL] = "answers every frame with its payload in upper case, ",
	[ANSWER_NONE] = "reads one frame, and closes the connection without "
	    "replying",
	[ANSWER_TOO_LONG] = "answers the first frame with a header announcing "
	    "65537 bytes, and nothing more",
	[ANSWER_CUT] = "answers the first frame with a header announcing 10 "
	    "bytes and 3 of them, then closes the connection",
	[ANSWER_RESET] = "answers the first frame, then (the client stopped "
	    "meanwhile) closes the connection and resets it (SO_LINGER 0)",
	[ANSWER_RESET_NOW] = "reads the first frame and resets the "
	    "connection (SO_LINGER 0) without replying",
	[ANSWER_CUT_RESET] = "answers the first frame with a header "
	    "announcing 10 bytes and 3 of them, then resets the connection",
	[ANSWER_HEADER_CUT] = "answers the first frame, then the second with "
	    "2 of its 4 length bytes, then closes the connection",
};

/* A client check: its input, and how the grader answers. */
struct conversation {
	struct payload input;	/* data NULL: a line of MAX_MESSAGE letters,
				   then one of MAX_MESSAGE + 1 */
	int defaults;		/* start the client with no arguments */
	enum answer answer;
	enum cut cut;		/* the replies: CUT_ONE_WRITE or CUT_PIECES */
	int lockstep;		/* check that nothing follows frame 1 before
				   its reply */
};

/* How reading a frame ended (note.KEY.end); END_NONE: it was not read. */
enum frame_end {
	END_WHOLE, END_TOO_LONG, END_CUT, END_CLOSED, END_TIMEOUT, END_ERROR,
	END_NONE
};
static const char *const end_names[] = {
	[END_WHOLE] = "whole", [END_TOO_LONG] = "over the limit",
	[END_CUT] = "cut short", [END_CLOSED] = "nothing, closed",
	[END_TIMEOUT] = "nothing, timeout", [END_ERROR] = "nothing, error",
};
#define NOTHING(end) ((end) >= END_CLOSED)

/* The length in the 4 bytes at h (network byte order). */
static uint32_t
get_length(const char *h)
{
	uint32_t n;

	memcpy(&n, h, sizeof n);
	return ntohl(n);
}

#define swap32(v) __builtin_bswap32((uint32_t)(v))

/* Append the frame of p: 4 length bytes, big end first, then p's bytes. */
static void
append_frame(struct bytes *out, const struct payload *p)
{
	uint32_t n = htonl((uint32_t)p->len);

	bytes_append(out, &n, sizeof n);
	for (size_t i = 0; p->data == NULL && i < p->len; i++)
		bytes_printf(out, "%c", 'a' + (int)(i % 26));
	if (p->data != NULL)
		bytes_append(out, p->data, p->len);
}

/* Bytes as they are recorded: as they are, or a summary of many. */
static void
describe_payload(struct bytes *out, const char *data, size_t len)
{
	uint32_t hash = 2166136261u;	/* FNV-1a */

	if (len <= SHOWN_PAYLOAD) {
		bytes_append(out, data, len);
		return;
	}
	for (size_t i = 0; i < len; i++)
		hash = (hash ^ (unsigned char)data[i]) * 16777619u;
	bytes_puts(out, "[");
	bytes_append(out, data, 24);
	bytes_puts(out, " ... ");
	bytes_append(out, data + len - 24, 24);
	bytes_printf(out, "] (%zu bytes, FNV-1a hash %08lx)", len,
	    (unsigned long)hash);
}

/* Append n bytes in hex: "00 00 00 05". */
static void
append_hex(struct bytes *out, const char *data, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bytes_printf(out, i ? " %02x" : "%02x", (unsigned char)data[i]);
}

/*
 * Read one frame from fd within timeout_ms (each part) and record it as
 * key, with its notes; a length over MAX_MESSAGE is recorded and its
 * payload not read. The payload also goes to payload (when not NULL).
 * Returns how reading it ended.
 */
static enum frame_end
record_frame(struct run *r, int fd, const char *key, int timeout_ms,
    struct bytes *payload)
{
	struct bytes got, desc;
	enum frame_end end = END_WHOLE;
	enum run_recv rr;
	uint32_t len;

	bytes_init(&got);
	bytes_init(&desc);
	rr = run_tcp_recv_exactly(r, fd, &got, HEADER_SIZE, timeout_ms);
	if (rr != RUN_RECV_ALL) {
		end = got.len > 0 ? END_CUT : rr == RUN_RECV_CLOSED ?
		    END_CLOSED : rr == RUN_RECV_TIMEOUT ? END_TIMEOUT :
		    END_ERROR;
		if (got.len > 0) {
			bytes_printf(&desc, "only %zu of the 4 length bytes (",
			    got.len);
			append_hex(&desc, got.data, got.len);
			bytes_puts(&desc, ") ");
		}
		run_describe_recv(r, &desc, rr, got.len, timeout_ms);
		goto done;
	}
	len = get_length(got.data);
	bytes_printf(&desc, "length %lu (", (unsigned long)len);
	append_hex(&desc, got.data, HEADER_SIZE);
	bytes_puts(&desc, ")");
	transcript_note_setf(r->t, key, "length", "%lu", (unsigned long)len);
	bytes_clear(&got);
	if (len > MAX_MESSAGE) {
		end = END_TOO_LONG;
		bytes_printf(&desc, ": over the limit of %d, payload not read",
		    MAX_MESSAGE);
	} else if ((rr = run_tcp_recv_exactly(r, fd, &got, len,
	    timeout_ms)) != RUN_RECV_ALL) {
		end = END_CUT;
		bytes_printf(&desc, ", only %zu payload bytes (", got.len);
		describe_payload(&desc, got.data, got.len);
		bytes_puts(&desc, ") ");
		run_describe_recv(r, &desc, rr, got.len, timeout_ms);
	} else {
		bytes_puts(&desc, ": ");
		describe_payload(&desc, got.data, got.len);
		transcript_note_set(r->t, key, "payload", got.data, got.len);
	}
done:
	transcript_set(r->t, key, desc.data, desc.len);
	transcript_note_setf(r->t, key, "end", "%s", end_names[end]);
	if (payload != NULL) {
		bytes_clear(payload);
		bytes_append(payload, got.data, got.len);
	}
	bytes_free(&got);
	bytes_free(&desc);
	return end;
}

/*
 * Where the writes of the frames of p[0..n) (len bytes in all) end, cut as
 * cut says. CUT_HEADERS: after 2 bytes of the first header, then after 1
 * and 3 bytes or after 3 bytes of the next ones, so that the first piece of
 * a header is glued to the payload before it. Fills cuts (room for len +
 * 2 * n + 1) and returns how many.
 */
static size_t
make_cuts(enum cut cut, const struct payload *p, size_t n, size_t len,
    size_t *cuts)
{
	size_t k = 0, offset = 0;

	for (size_t i = 1; cut == CUT_BYTES && i < len; i++)
		cuts[k++] = i;
	if (cut == CUT_PIECES) {
		cuts[k++] = 1;
		if (p[0].len > 0)
			cuts[k++] = HEADER_SIZE;
		if (p[0].len >= 2)
			cuts[k++] = HEADER_SIZE + p[0].len / 2;
	}
	for (size_t i = 0; cut == CUT_HEADERS && i < n; i++) {
		size_t first = i == 0 ? 2 : i % 2 ? 1 : 3;

		cuts[k++] = offset + first;
		if (first == 1)
			cuts[k++] = offset + 3;	/* then 2 more, then the rest */
		offset += HEADER_SIZE + p[i].len;
	}
	cuts[k++] = len;
	return k;
}

/* Note "sent N frames ('hello' 5 bytes, ...) HOW (N writes)". */
static void
note_frames(struct run *r, const struct payload *p, size_t n, enum cut cut,
    size_t writes)
{
	struct bytes line;

	bytes_init(&line);
	bytes_printf(&line, n == 1 ? "sent one frame (" : "sent %zu frames (",
	    n);
	for (size_t i = 0; i < n; i++) {
		bytes_puts(&line, i ? ", '" : "'");
		escape_bytes(&line, p[i].data != NULL ? p[i].data :
		    "abc...z repeated", p[i].data != NULL ? p[i].len : 16, 60);
		bytes_printf(&line, "' %zu bytes", p[i].len);
	}
	bytes_printf(&line, ") %s", cut_names[cut]);
	if (writes > 1)
		bytes_printf(&line, " (%zu writes)", writes);
	run_note(r, "%s", bytes_str(&line));
	bytes_free(&line);
}

/*
 * Send the frames of p[0..n) on fd, cut into writes as cut says, and note
 * them when noted is set; after each write, while *patient is set, wait
 * until the program has read everything. The first wait that runs out
 * clears *patient: a program that does not read would make every later
 * wait run out too. Returns 0, or -1 when a write failed (noted).
 */
static int
send_frames(struct run *r, int fd, const struct payload *p, size_t n,
    enum cut cut, int noted, int *patient)
{
	struct bytes stream;
	size_t *cuts, ncuts, from = 0;
	int rc = 0;

	bytes_init(&stream);
	for (size_t i = 0; i < n; i++)
		append_frame(&stream, &p[i]);
	cuts = xmalloc((stream.len + 2 * n + 1) * sizeof *cuts);
	ncuts = make_cuts(cut, p, n, stream.len, cuts);
	if (noted)
		note_frames(r, p, n, cut, ncuts);
	for (size_t i = 0; i < ncuts && rc == 0; i++) {
		rc = run_tcp_send(r, fd, NULL, stream.data + from,
		    cuts[i] - from);
		from = cuts[i];
		if (rc == 0 && *patient &&
		    run_wait_peer_read(r, fd, WAIT_MS) == -1) {
			run_note(r, "the program did not read write %zu within "
			    "%d ms; the rest was sent without waiting", i + 1,
			    WAIT_MS);
			*patient = 0;
		}
	}
	free(cuts);
	bytes_free(&stream);
	return rc;
}

/*
 * Record as key how the server ended the connection fd within WAIT_MS
 * (SERVER_CLOSED, STILL_OPEN, or the bytes it sent), and close fd.
 */
static void
record_close(struct run *r, int fd, const char *key)
{
	struct bytes rest, v;
	enum run_recv end;

	bytes_init(&rest);
	bytes_init(&v);
	end = run_tcp_recv(r, fd, &rest, 0, WAIT_MS);
	if (rest.len > 0) {
		bytes_printf(&v, "the server sent %zu bytes more: ", rest.len);
		describe_payload(&v, rest.data, rest.len);
	} else
		bytes_puts(&v, end == RUN_RECV_CLOSED ? SERVER_CLOSED :
		    end == RUN_RECV_TIMEOUT ? STILL_OPEN : "receiving failed");
	transcript_set(r->t, key, v.data, v.len);
	bytes_free(&rest);
	bytes_free(&v);
	close(fd);
}

/* Close our side of fd (the server reads end of file), record its end. */
static void
finish_connection(struct run *r, int fd)
{
	(void)shutdown(fd, SHUT_WR);
	run_note(r, "closed the connection (shutdown for writing) and waited "
	    "up to %d ms for the server to close its side", WAIT_MS);
	record_close(r, fd, "probe.after-close");
}

/*
 * Collect p, then record as facts how many lines it printed
 * (note.LABEL.lines) and, when its stderr names a length that is one up to
 * MAX_MESSAGE with its four bytes swapped (what a missing ntohl(), or a
 * read loop that puts every piece at the start of the buffer, reads), the
 * length meant (note.LABEL.swapped-length). Its stderr also goes to text.
 */
static void
collect(struct run *r, struct proc *p, const char *label, struct bytes *text)
{
	struct bytes err;

	run_collect(r, p);
	transcript_note_setf(r->t, label, "lines", "%d", run_lines_printed(p));
	transcript_note_setf(r->t, label, "code", "%d", run_exit_code(p));
	bytes_init(&err);
	(void)run_read_output(p, RUN_STDERR, &err, 64 * 1024);
	for (const char *s = bytes_str(&err); *s != '\0'; s++) {
		unsigned long v = strtoul(s, NULL, 10);

		if (!isdigit((unsigned char)*s) || (s > err.data &&
		    isdigit((unsigned char)s[-1])) || v <= MAX_MESSAGE ||
		    v > 0xFFFFFFFFul || swap32(v) > MAX_MESSAGE)
			continue;
		transcript_note_setf(r->t, label, "swapped-length", "%lu",
		    (unsigned long)swap32(v));
		break;
	}
	if (text != NULL)
		bytes_append(text, err.data, err.len);
	bytes_free(&err);
}

/*
 * Wait up to WAIT_MS for p's standard error to grow past had bytes, and
 * add to verdict a line saying whether it did, after what happened.
 */
static void
record_stderr(struct run *r, struct proc *p, size_t had, const char *after,
    struct bytes *verdict)
{
	int64_t deadline = clock_ms() + run_ms(r, WAIT_MS);
	struct bytes err;

	bytes_init(&err);
	for (;;) {
		bytes_clear(&err);
		(void)run_read_output(p, RUN_STDERR, &err, 64 * 1024);
		if (err.len > had || clock_ms() >= deadline || !run_running(p))
			break;
		clock_sleep_ms(2);
	}
	bytes_printf(verdict, "after %s: %s\n", after, err.len > had ?
	    "a message on stderr" : "nothing on stderr");
	bytes_free(&err);
}

/* How many bytes p has written to its standard error so far. */
static size_t
stderr_size(struct proc *p)
{
	struct bytes err;
	size_t n;

	bytes_init(&err);
	(void)run_read_output(p, RUN_STDERR, &err, 64 * 1024);
	n = err.len;
	bytes_free(&err);
	return n;
}

/*
 * The server checks' experiment: connect, send the frames as the row says,
 * read one reply per frame, close, and record what the server printed and
 * whether it is still running.
 */
static void
server_exchange(struct run *r)
{
	const struct exchange *x = r->arg;
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM,
	    x->defaults);
	int fd, patient = x->cut != CUT_ONE_WRITE && x->cut != CUT_ALONE;
	char key[32];

	if (srv == NULL)
		return;
	transcript_note_setf(r->t, "grader", "writes", "%s", cut_names[x->cut]);
	fd = run_tcp_connect(r, r->port, WAIT_MS, "probe.connect");
	if (fd == -1)
		(void)run_wait_exit(r, srv, WAIT_MS);
	else {
		if (x->cut == CUT_ALONE)
			note_frames(r, x->p, x->n, x->cut, 1);
		else
			(void)send_frames(r, fd, x->p, x->n, x->cut, 1,
			    &patient);
		for (size_t i = 0; i < x->n; i++) {
			snprintf(key, sizeof key, "probe.reply%zu", i + 1);
			if (x->cut == CUT_ALONE)
				(void)send_frames(r, fd, &x->p[i], 1,
				    CUT_ONE_WRITE, 0, &patient);
			if (record_frame(r, fd, key, WAIT_MS, NULL) !=
			    END_WHOLE)
				break;
		}
		finish_connection(r, fd);
		/* The listening line, one per message, the closing line. */
		(void)run_wait_lines(r, srv, (int)x->n + 2, WAIT_MS);
	}
	collect(r, srv, "server", NULL);
}

/* Does text mention the number n: 65537, 0x10001 or 0x00010001? */
static int
mentions_number(const char *text, unsigned long n)
{
	static const char *const forms[] = { "%lu", "0x%lx", "0x%08lx" };
	char num[24];

	for (int f = 0; f < 3; f++) {
		size_t len = (size_t)snprintf(num, sizeof num, forms[f], n);

		for (const char *p = text; *p != '\0'; p++)
			if (strncasecmp(p, num, len) == 0 && (p == text ||
			    !isdigit((unsigned char)p[-1])) &&
			    !isdigit((unsigned char)p[len]))
				return 1;
	}
	return 0;
}

/*
 * Two clients break off as the row says; then an ordinary client must
 * still be served. Clients that wait for the server to close send a length
 * over the limit, which stderr must name with the limit
 * (server.stderr-explains); clients that vanish must be reported on stderr
 * (server.stderr-reports).
 */
static void
server_bad_clients(struct run *r)
{
	const struct bad_client *c = r->arg;
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	struct bytes err, verdict;
	int fd, patient = 0;
	char key[48];

	if (srv == NULL)
		return;
	bytes_init(&err);
	bytes_init(&verdict);
	for (int i = 0; i < 2; i++) {
		if (c[i].vanish)
			snprintf(key, sizeof key, "probe.connect");
		else
			snprintf(key, sizeof key, "probe.length-%lu",
			    (unsigned long)get_length(c[i].sent.data));
		if ((fd = run_tcp_connect(r, r->port, WAIT_MS, key)) == -1)
			continue;
		/* Empty: its reply leaves 00 00 00 00 in a reused buffer. */
		if (c[i].frame_first && (send_frames(r, fd, &(struct payload)
		    PAYLOAD(""), 1, CUT_ONE_WRITE, 1, &patient) == -1 ||
		    record_frame(r, fd, "probe.reply-complete", WAIT_MS,
		    NULL) != END_WHOLE)) {
			close(fd);
			continue;
		}
		(void)run_tcp_send(r, fd, c[i].who, c[i].sent.data,
		    c[i].sent.len);
		if (!c[i].vanish) {
			record_close(r, fd, key);
			continue;
		}
		(void)run_wait_peer_read(r, fd, WAIT_MS);
		close(fd);
		run_note(r, "and closed the connection once the server had "
		    "read them");
	}
	/* Refused: the server closed its socket, and is ending. */
	if ((fd = run_tcp_connect(r, r->port, WAIT_MS,
	    "probe.next-client")) == -1)
		(void)run_wait_exit(r, srv, WAIT_MS);
	else {
		run_note(r, "a new client:");
		(void)send_frames(r, fd, &(struct payload)PAYLOAD("still "
		    "serving?"), 1, CUT_ONE_WRITE, 1, &patient);
		(void)record_frame(r, fd, "probe.next-client", WAIT_MS, NULL);
		finish_connection(r, fd);
		(void)run_wait_lines(r, srv, c[0].frame_first ? 4 : 3, WAIT_MS);
	}
	collect(r, srv, "server", &err);
	for (int i = 0; i < 2 && !c[0].vanish; i++) {
		unsigned long n = get_length(c[i].sent.data);

		bytes_printf(&verdict, "length %lu: %s\n", n,
		    !mentions_number(bytes_str(&err), n) ?
		    "not named on stderr" :
		    !mentions_number(bytes_str(&err), MAX_MESSAGE) ?
		    "named on stderr, but not the limit 65536" :
		    "named on stderr with the limit 65536");
	}
	if (c[0].vanish)
		bytes_puts(&verdict, err.len > 0 ? "a message on stderr" :
		    "nothing on stderr");
	transcript_set(r->t, c[0].vanish ? "server.stderr-reports" :
	    "server.stderr-explains", verdict.data, verdict.len);
	bytes_free(&verdict);
	bytes_free(&err);
}

/*
 * Answer the client's first frame on conn as c->answer says, when it is not
 * ANSWER_ALL: a header over the limit, a reply cut short, or the reply and
 * then an end of file and a reset that the client (cli, stopped meanwhile)
 * finds all at once when it sends its next frame. Returns 1 when conn is
 * closed, 0 when it is still to close.
 */
static int
answer_badly(struct run *r, int conn, const struct conversation *c,
    struct proc *cli, const struct bytes *payload)
{
	static const char too_long[] = "\0\x01\0\x01";
	static const char cut[] = "\0\0\0\x0a" "ABC";
	struct payload up = { bytes_str(payload), payload->len };
	int patient = 0;

	if (c->answer == ANSWER_RESET_NOW) {
		run_tcp_reset(conn);
		run_note(r, "reset the connection (SO_LINGER 0)");
		return 1;
	}
	if (c->answer == ANSWER_HEADER_CUT) {
		(void)run_tcp_send(r, conn, "the grader", cut, 2);
		return 0;
	}
	if (c->answer != ANSWER_RESET) {
		(void)run_tcp_send(r, conn, "the grader", c->answer ==
		    ANSWER_TOO_LONG ? too_long : cut, c->answer ==
		    ANSWER_TOO_LONG ? 4 : 7);
		if (c->answer != ANSWER_CUT_RESET)
			return 0;
		(void)run_wait_peer_read(r, conn, WAIT_MS);
		run_tcp_reset(conn);
		run_note(r, "reset the connection (SO_LINGER 0) once the "
		    "client had read them");
		return 1;
	}
	for (size_t k = 0; k < payload->len; k++)
		payload->data[k] = (char)toupper((unsigned char)
		    payload->data[k]);
	if (run_pause(cli) == -1)
		return 0;
	(void)send_frames(r, conn, &up, 1, CUT_ONE_WRITE, 1, &patient);
	(void)shutdown(conn, SHUT_WR);
	run_tcp_reset(conn);
	run_note(r, "closed the connection (shutdown for writing), then reset "
	    "it, the client being stopped meanwhile; then let it go on");
	run_resume(cli);
	return 1;
}

/*
 * Play the server for the student's client cli on conn: record each frame
 * it sends and answer it with the payload in upper case, cut as c says,
 * until the client closes at a frame boundary; or answer the first as
 * c->answer says. Returns 1 when conn is closed, 0 when it is still to
 * close.
 */
static int
serve_client(struct run *r, int conn, const struct conversation *c,
    struct proc *cli)
{
	struct bytes payload, more;
	enum frame_end end;
	int patient = c->cut != CUT_ONE_WRITE, closed = 0;
	char key[32];
	size_t i;

	bytes_init(&payload);
	bytes_init(&more);
	for (i = 1; i <= MAX_FRAMES; i++) {
		snprintf(key, sizeof key, "probe.frame%zu", i);
		if (i > 1)	/* for the diagnoses */
			transcript_note_setf(r->t, key, "previous-length",
			    "%zu", payload.len);
		end = record_frame(r, conn, key, CLIENT_MS, &payload);
		if (c->answer == ANSWER_NONE)
			break;
		if (end != END_WHOLE) {
			transcript_setf(r->t, "probe.end", "the %s closed the "
			    "connection after frame %zu", end == END_CLOSED ?
			    "client" : "grader", i - (end == END_CLOSED));
			break;
		}
		/* A reply is due: the client must wait for it. */
		if (c->lockstep && i == 1) {
			(void)run_tcp_recv(r, conn, &more, 0, LOCKSTEP_MS);
			transcript_setf(r->t, "probe.before-reply", more.len ==
			    0 ? "nothing: the client waited for the reply" :
			    "%zu bytes more, sent before the reply to frame 1",
			    more.len);
			/* The next line's frame, or more bytes of this one? */
			if (more.len >= HEADER_SIZE)
				transcript_note_setf(r->t, "probe.before-reply",
				    "length", "%lu", (unsigned long)get_length(
				    more.data));
			if (more.len > 0)
				break;
		}
		if (c->answer != ANSWER_ALL && (c->answer !=
		    ANSWER_HEADER_CUT || i == 2)) {
			closed = answer_badly(r, conn, c, cli, &payload);
			break;
		}
		for (size_t k = 0; k < payload.len; k++)
			payload.data[k] = (char)toupper(
			    (unsigned char)payload.data[k]);
		if (send_frames(r, conn, &(struct payload){ bytes_str(&payload),
		    payload.len }, 1, c->cut, 0, &patient) == -1)
			break;
	}
	if (i > MAX_FRAMES)
		transcript_setf(r->t, "probe.end", TOO_MANY);
	bytes_free(&payload);
	bytes_free(&more);
	return closed;
}

/*
 * The input of c: its bytes, or a line of MAX_MESSAGE letters and one of
 * MAX_MESSAGE + 1, into in.
 */
static void
make_input(struct bytes *in, const struct conversation *c)
{
	if (c->input.data != NULL) {
		bytes_append(in, c->input.data, c->input.len);
		return;
	}
	for (size_t n = MAX_MESSAGE; n <= MAX_MESSAGE + 1; n++) {
		for (size_t i = 0; i < n; i++)
			bytes_printf(in, "%c", 'a' + (int)(i % 26));
		bytes_puts(in, "\n");
	}
}

/*
 * The client checks' experiment: listen (on the port and on its
 * byte-swapped twin), run the student's client with the row's input,
 * play the server, then record how the client ended and what it printed.
 */
static void
client_exchange(struct run *r)
{
	const struct conversation *c = r->arg;
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_twin tw;
	struct bytes in;
	struct proc *cli;
	int conn;

	if (run_twin_open(r, &tw, SOCK_STREAM, r->port) == -1)
		return;
	transcript_note_setf(r->t, "grader", "writes", "%s", cut_names[c->cut]);
	transcript_note_setf(r->t, "grader", "answer", "%d", (int)c->answer);
	run_note(r, "the grader listens on 127.0.0.1:%d and %s%s", r->port,
	    answer_names[c->answer], c->answer == ANSWER_ALL ?
	    cut_names[c->cut] : "");
	bytes_init(&in);
	make_input(&in, c);
	cli = run_start_input(r, "client", "client", c->defaults &&
	    run_defaults_usable(r) ? NULL : args, in.data, in.len);
	bytes_free(&in);
	if (cli != NULL && (conn = run_twin_accept(r, &tw, CLIENT_MS,
	    "client.connected-to")) != -1) {
		if (!serve_client(r, conn, c, cli))
			close(conn);
	}
	run_twin_close(&tw);
	if (cli != NULL && c->answer == ANSWER_NONE) {
		run_note(r, "closed the connection");
		run_record_reaction(r, cli, "client.reaction", CLIENT_MS);
	} else if (cli != NULL && run_wait_exit(r, cli, CLIENT_MS) == -1)
		run_note(r, "the client was still running %d ms later",
		    CLIENT_MS);
	if (cli != NULL)
		collect(r, cli, "client", NULL);
	/* Where the contract wants an error, a line on stderr says it. */
	if (cli != NULL && (c->answer > ANSWER_NONE || c->input.data == NULL))
		transcript_setf(r->t, "client.message", "%s",
		    stderr_size(cli) > 0 ? "a message on stderr" :
		    "nothing on stderr");
}

/*
 * The client's standard input is a pipe that the grader fills one line at
 * a time, each only once the reply to the line before has been printed;
 * the grader, playing the server, answers each frame at once.
 */
static void
client_slow(struct run *r)
{
	static const char *const lines[] = {
		"first\n", "\n", "third, after an empty one\n",
	};
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { 0 };
	struct run_twin tw;
	struct bytes payload, verdict;
	struct proc *cli = NULL;
	int conn = -1, in, patient = 0;
	char key[32];

	if (run_twin_open(r, &tw, SOCK_STREAM, r->port) == -1)
		return;
	bytes_init(&payload);
	bytes_init(&verdict);
	if ((in = run_input_pipe(r, "client.in", &x.input)) != -1 &&
	    (cli = run_start_ext(r, "client", "client", args, &x)) != NULL)
		conn = run_twin_accept(r, &tw, CLIENT_MS,
		    "client.connected-to");
	for (size_t i = 0; conn != -1 && i < 3; i++) {
		size_t len = strlen(lines[i]);

		if (write(in, lines[i], len) != (ssize_t)len)
			break;
		run_note(r, "wrote line %zu to the client's standard input, "
		    "a pipe", i + 1);
		snprintf(key, sizeof key, "probe.frame%zu", i + 1);
		if (record_frame(r, conn, key, CLIENT_MS, &payload) !=
		    END_WHOLE)
			break;
		for (size_t k = 0; k < payload.len; k++)
			payload.data[k] = (char)toupper((unsigned char)
			    payload.data[k]);
		(void)send_frames(r, conn, &(struct payload){ bytes_str(
		    &payload), payload.len }, 1, CUT_ONE_WRITE, 0, &patient);
		bytes_printf(&verdict, "reply %zu: %s\n", i + 1,
		    run_wait_lines(r, cli, (int)i + 1, WAIT_MS) == 0 ?
		    "printed before the next line came" :
		    "not printed within 1000 ms");
	}
	if (in != -1)
		close(in);
	run_note(r, "closed the pipe: the end of the client's input");
	if (cli != NULL && run_wait_exit(r, cli, CLIENT_MS) == -1)
		run_note(r, "the client was still running %d ms later",
		    CLIENT_MS);
	if (conn != -1)
		close(conn);
	run_twin_close(&tw);
	transcript_set(r->t, "client.line-by-line", verdict.data,
	    verdict.len);
	if (cli != NULL)
		collect(r, cli, "client", NULL);
	bytes_free(&payload);
	bytes_free(&verdict);
}

/* PORT 1, where nothing listens: a good port, so connect() is refused. */
static void
client_port_one(struct run *r)
{
	static const char *const args[] = { "127.0.0.1", "1", NULL };
	struct proc *cli;

	run_note(r, "nothing listens on 127.0.0.1:1");
	cli = run_start_input(r, "client", "client", args, "hello\n", 6);
	(void)run_wait_exit(r, cli, CLIENT_MS);
	collect(r, cli, "client", NULL);
}

/*
 * The reference's other program drives the one under test (e->server:
 * the server), both given ADDRESS, 127.0.0.2 where every 127.x.y.z is ours,
 * and PORT (e->port, else the second port; with e->address_only no PORT;
 * both only where every port is ours); or under the short-I/O library.
 */
static void
elsewhere(struct run *r)
{
	const struct elsewhere *e = r->arg;
	int defaults = run_defaults_usable(r), only = e->address_only &&
	    defaults, fixed = e->port != NULL && defaults;
	int port = fixed ? atoi(e->port) : only ? r->port : r->alt_port;
	const char *ip = defaults && !e->short_io ? "127.0.0.2" : "127.0.0.1";
	const char *args[] = { ip, fixed ? e->port : only ? NULL :
	    r->alt_port_arg, NULL };
	const char *shim = e->short_io ? "shortio" : NULL;
	const struct run_extra sx = { .driver = !e->server,
	    .shim = e->server ? shim : NULL }, cx = { .driver = e->server,
	    .shim = e->server ? NULL : shim };
	struct proc *srv, *cli;

	srv = run_start_ext(r, "server", "server", args, &sx);
	(void)run_wait_bound(r, srv, "server", SOCK_STREAM, port);
	if (e->short_io)
		transcript_note_setf(r->t, "grader", "short-io", "yes");
	if (e->short_io)
		run_note(r, "the %s ran under the short-I/O library: each "
		    "send() and recv() on its TCP sockets moved 1 to 7 bytes "
		    "at most", e->server ? "server" : "client");
	cli = run_start_input_ext(r, "client", "client", args,
	    ELSEWHERE_INPUT, strlen(ELSEWHERE_INPUT), &cx);
	(void)run_wait_exit(r, cli, CLIENT_MS);
	collect(r, cli, "client", NULL);
	/* The listening line, one per line of input, the closing line. */
	(void)run_wait_lines(r, srv, ELSEWHERE_LINES + 2, WAIT_MS);
	collect(r, srv, "server", NULL);
}

/*
 * A server whose connection closed first (a length over the limit) leaves
 * it in TIME_WAIT on its port; stopped and started again at once, it must
 * bind that port again (SO_REUSEADDR).
 */
static void
server_restarts(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "first", SOCK_STREAM, 0);
	int fd;

	if (srv == NULL)
		return;
	if ((fd = run_tcp_connect(r, r->port, WAIT_MS, "probe.connect")) !=
	    -1) {
		(void)run_tcp_send(r, fd, "a client", "\xff\xff\xff\xff", 4);
		record_close(r, fd, "probe.length-4294967295");
	}
	if (run_wait_tcp_state(r, r->port, SOCK_STATE_TIME_WAIT, WAIT_MS) == 0)
		run_note(r, "the server's side of that connection is in "
		    "TIME_WAIT on port %d", r->port);
	run_collect_notes(r, srv);	/* stops it */
	run_note(r, "stopped the server, and started it again at once:");
	if ((srv = run_start_ready_server(r, "server", SOCK_STREAM, 0)) ==
	    NULL)
		return;
	(void)run_wait_lines(r, srv, 1, WAIT_MS);
	collect(r, srv, "server", NULL);
}

/*
 * Clients that reset the connection: one in the middle of a payload (the
 * server's recv() fails), one whose frames, end of file and reset all wait
 * while the server is stopped (its send() of the first reply fails: EPIPE,
 * and SIGPIPE unless it is ignored). Then a new client must be served.
 */
static void
server_resets(struct run *r)
{
	struct proc *srv = run_start_ready_server(r, "server", SOCK_STREAM, 0);
	struct bytes verdict;
	int fd, patient = 0;
	size_t had;

	if (srv == NULL)
		return;
	bytes_init(&verdict);
	if ((fd = run_tcp_connect(r, r->port, WAIT_MS, "probe.connect")) !=
	    -1) {
		run_note(r, "a client:");
		(void)send_frames(r, fd, &(struct payload)PAYLOAD("complete"),
		    1, CUT_ONE_WRITE, 1, &patient);
		(void)record_frame(r, fd, "probe.reply-complete", WAIT_MS,
		    NULL);
		had = stderr_size(srv);
		run_tcp_reset(fd);
		run_note(r, "and reset the connection (SO_LINGER 0) after the "
		    "reply");
		record_stderr(r, srv, had, "the reset between two frames",
		    &verdict);
	}
	if ((fd = run_tcp_connect(r, r->port, WAIT_MS, "probe.connect2")) !=
	    -1) {
		(void)run_tcp_send(r, fd, "a client", "\0\0\0\x0a" "abc", 7);
		(void)run_wait_peer_read(r, fd, WAIT_MS);
		had = stderr_size(srv);
		run_tcp_reset(fd);
		run_note(r, "and reset the connection (SO_LINGER 0) once the "
		    "server had read them");
		record_stderr(r, srv, had, "the reset in the middle of a "
		    "payload", &verdict);
	}
	if ((fd = run_tcp_connect(r, r->port, WAIT_MS, "probe.connect3")) !=
	    -1 && run_wait_accepted(r, r->port, WAIT_MS) == 0 &&
	    run_pause(srv) == 0) {
		run_note(r, "a new client, the server stopped meanwhile:");
		(void)send_frames(r, fd, (const struct payload[]){
		    PAYLOAD("gone"), PAYLOAD("before"), PAYLOAD("the reply") },
		    3, CUT_ONE_WRITE, 1, &patient);
		(void)shutdown(fd, SHUT_WR);
		run_tcp_reset(fd);
		run_note(r, "closed the connection (shutdown for writing) and "
		    "reset it (SO_LINGER 0); then let the server go on");
		had = stderr_size(srv);
		run_resume(srv);
		record_stderr(r, srv, had, "the reply to a client gone",
		    &verdict);
	} else if (fd != -1)
		close(fd);
	/* Refused: the server closed its socket, and is ending. */
	if ((fd = run_tcp_connect(r, r->port, WAIT_MS, "probe.next-client")) ==
	    -1)
		(void)run_wait_exit(r, srv, WAIT_MS);
	else {
		run_note(r, "a new client:");
		(void)send_frames(r, fd, &(struct payload)PAYLOAD("still "
		    "serving?"), 1, CUT_ONE_WRITE, 1, &patient);
		(void)record_frame(r, fd, "probe.next-client", WAIT_MS, NULL);
		finish_connection(r, fd);
		(void)run_wait_lines(r, srv, 5, WAIT_MS);
	}
	collect(r, srv, "server", NULL);
	transcript_set(r->t, "server.stderr-reports", verdict.data,
	    verdict.len);
	bytes_free(&verdict);
}

/* The grader holds the server's port: its bind() must fail. */
static void
server_port_taken(struct run *r)
{
	run_scenario_port_taken(r, SOCK_STREAM);
}

/* ---- Diagnoses: from the facts the scenarios recorded ---- */

/* The index of note.KEY.WHAT's text in names[0..n), or n. */
static int
note_index(const struct transcript *t, const char *key, const char *what,
    const char *const *names, int n)
{
	const char *v = transcript_note_str(t, key, what);
	int i = 0;

	while (i < n && strcmp(v, names[i]) != 0)
		i++;
	return i;
}

/* How reading the frame at key ended; how the grader cut what it sent. */
#define frame_end(t, key) \
	((enum frame_end)note_index(t, key, "end", end_names, END_NONE))
#define cut_of(t) \
	((enum cut)note_index(t, "grader", "writes", cut_names, CUT_PIECES + 1))

/* Lesson-specific recognisers shared by every check; 1 when one spoke. */
static int
diagnose_framing(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *who = transcript_fact(ref, "client", KEY_COMMAND) != NULL ?
	    "client" : "server";
	long long el = transcript_note_number(ref, d->key, "length");
	long long gl = transcript_note_number(got, d->key, "length");
	long long meant = transcript_note_number(got, who, "swapped-length");
	int whole = cut_of(ref) != CUT_BYTES && cut_of(ref) != CUT_HEADERS;
	struct key_info ki;

	transcript_key_info(d->key, &ki);
	if (el >= 0 && gl >= 0 && el != gl && gl == swap32(el))
		bytes_printf(why, "The length arrived as %lld, not %lld: the "
		    "%s wrote it in host byte order. Send htonl(length) (and "
		    "ntohl() what you receive).", gl, el, who);
	/*
	 * A length with swapped bytes in an error message: ntohl() is
	 * missing, or a read loop put every piece of the header at the start
	 * of the buffer (its last byte lands first). Where headers arrive in
	 * pieces, only the first frame's, complained about before any reply:
	 * a header read with one recv() and finished with stale bytes can
	 * look swapped too, after replies made of those stale bytes.
	 */
	else if (ki.kind == KEY_PROBE && meant >= 0 && (whole ||
	    (NOTHING(frame_end(got, "probe.reply1")) &&
	    transcript_note_number(ref, "probe.reply1", "length") == meant)))
		bytes_printf(why, "The %s complained about a length of %lu "
		    "(0x%08lx): %lld with its bytes swapped. Either ntohl() "
		    "is missing, or a read loop put every piece at the start "
		    "of the buffer (recv(fd, buf, ...), not recv(fd, buf + "
		    "got, ...)), its last byte landing first.%s", who,
		    (unsigned long)swap32(meant), (unsigned long)swap32(meant),
		    meant, whole ? " Headers came whole: no ntohl()." : "");
	else if (strcmp(d->key, "probe.after-close") == 0 &&
	    strcmp(transcript_str(got, d->key), STILL_OPEN) == 0)
		bytes_puts(why, "The grader closed after the last reply, and "
		    "the server did not: recv() returning 0 before a frame "
		    "means the client is done. Print the 'closed by' line and "
		    "leave the loop (ignoring the 0 spins forever).");
	else
		return 0;
	return 1;
}

/* Replies to frames sent whole, alone, in pieces, or of the largest size. */
static void
diagnose_server(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	long long el = transcript_note_number(ref, d->key, "length");
	enum frame_end end = frame_end(got, d->key);
	enum cut cut = cut_of(ref);
	const struct bytes *ep = transcript_note_get(ref, d->key, "payload");

	if (diagnose_framing(ref, got, d, why))
		return;
	if ((cut == CUT_BYTES || cut == CUT_HEADERS) && (el >= 0 ||
	    strcmp(d->key, "probe.after-close") == 0))
		bytes_printf(why, "%s, and the replies went wrong: one recv() "
		    "returns what has arrived so far, even when you ask for "
		    "more. Read the header and the payload each with a loop, "
		    "recv(fd, buf + got, length - got, 0) until got == length "
		    "(recv_exactly()).", cut == CUT_BYTES ? "The frames "
		    "arrived one byte at a time" : "Each length header "
		    "arrived in two or three pieces, the first glued to the "
		    "payload before it");
	else if (el == 0 && cut == CUT_ALONE && end == END_TIMEOUT)
		bytes_puts(why, "The server did not answer an empty frame sent "
		    "alone: it is stuck reading its payload. recv() asked for "
		    "0 bytes waits on Linux until some data arrives (none does "
		    "before the reply). Call recv() only while bytes are "
		    "missing: while (got < length), not do { } while.");
	else if (el == 0 && cut == CUT_ALONE && NOTHING(end))
		bytes_puts(why, "The server closed the connection at an empty "
		    "frame instead of answering it: recv() asked for 0 bytes "
		    "returns 0, which is not a closed connection. For length 0 "
		    "do not call recv(); answer with the frame 00 00 00 00.");
	else if (el == MAX_MESSAGE && NOTHING(end))
		bytes_puts(why, "A message of exactly MAX_MESSAGE (65536) "
		    "bytes is allowed: reject only length > MAX_MESSAGE, and "
		    "make the buffer hold MAX_MESSAGE bytes.");
	else if (el >= 0 && cut == CUT_ONE_WRITE && NOTHING(end) &&
	    strcmp(d->key, "probe.reply1") != 0)
		bytes_puts(why, "The server answered the first message but not "
		    "the next ones, which came in the same recv(): one recv() "
		    "is not one message. Read exactly 4 length bytes, then "
		    "exactly LENGTH payload bytes, nothing more.");
	else if (el == 0)
		bytes_puts(why, "A message of length 0 is allowed (its reply "
		    "has length 0): do not call recv() for 0 bytes.");
	else if (ep != NULL && memchr(ep->data, '\0', ep->len) != NULL)
		bytes_puts(why, "The payload 'zero\\0byte' holds a zero byte: "
		    "it is LENGTH bytes, not a C string (no strlen(), no %s).");
	else
		diagnose_common(ref, got, d, why);
}

/* Clients that break off: only their connection ends, with a message. */
static void
diagnose_bad_clients(const struct transcript *ref,
    const struct transcript *got, const struct difference *d,
    struct bytes *why)
{
	const char *status = transcript_fact_str(got, "server", KEY_STATUS);
	int lengths = transcript_get(ref, "server.stderr-explains") != NULL;
	struct key_info ki;

	transcript_key_info(d->key, &ki);
	if (ki.kind == KEY_PROBE && status[0] != '\0' &&
	    strcmp(status, "still running") != 0)
		bytes_printf(why, "The server %s after %s: such a client ends "
		    "only its own connection (print the error, close it, go "
		    "back to accept()), never the server.", status, lengths ?
		    "a bad length" : "a client gone in the middle of a frame");
	else if (ki.kind == KEY_PROBE && strcmp(d->key,
	    "probe.after-close") != 0 &&
	    strcmp(transcript_str(got, d->key), STILL_OPEN) == 0)
		bytes_puts(why, "The server trusted the length and waits for "
		    "that many bytes. Check it against MAX_MESSAGE right after "
		    "the header, and close the connection when it is over.");
	else if (ki.kind == KEY_STDOUT && !lengths &&
	    transcript_note_number(got, "server", "lines") >
	    transcript_note_number(ref, "server", "lines"))
		bytes_puts(why, "The server printed a message for a frame cut "
		    "short. recv() returning 0 before the frame is complete "
		    "means the client has gone: print an error on stderr, "
		    "close the connection and serve the next client.");
	else if (strcmp(d->key, "probe.next-client") == 0 && !lengths &&
	    NOTHING(frame_end(got, d->key)))
		bytes_puts(why, "After a client vanished mid-frame, the server "
		    "did not serve the next one. recv() returning 0 means the "
		    "client closed: stop reading (a loop that ignores the 0 "
		    "spins forever), close it and go back to accept().");
	else if (strcmp(d->key, "server.stderr-explains") == 0)
		bytes_puts(why, "For a length over the limit, print a line on "
		    "stderr naming the length and the limit, e.g. 'server: "
		    "127.0.0.1:41822: message 1 announces 4294967295 bytes, "
		    "over the limit of 65536: closing the connection'.");
	else if (strcmp(d->key, "server.stderr-reports") == 0)
		bytes_puts(why, "A client that closes mid-frame deserves a "
		    "line on stderr, e.g. 'server: 127.0.0.1:41822 closed the "
		    "connection in the middle of message 2'.");
	else if (!diagnose_framing(ref, got, d, why))
		diagnose_common(ref, got, d, why);
}

/* How many times text occurs in the server's output. */
static int
count_of(const struct transcript *t, const char *text)
{
	const char *p = transcript_str(t, "server.stdout");
	int n = 0;

	while ((p = strstr(p, text)) != NULL) {
		n++;
		p += strlen(text);
	}
	return n;
}

/* Clients that reset: only their own connection ends. */
static void
diagnose_resets(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	int running = strcmp(transcript_fact_str(got, "server", KEY_STATUS),
	    "still running") == 0;

	if (diagnose_sigpipe((int)transcript_note_number(got, "server",
	    "code"), why))
		return;
	if (strcmp(d->key, "server.stdout") == 0 && count_of(got, "closed by") >
	    count_of(ref, "closed by"))
		bytes_puts(why, "The server took a reset for a normal close "
		    "and printed its 'closed by' line: when recv() returns -1, "
		    "recv_exactly() must return -1 too (not 0 or the count so "
		    "far), and serve_client() call perror(\"server: recv\").");
	else if (strcmp(d->key, "server.stdout") == 0 &&
	    transcript_note_number(got, "server", "lines") >
	    transcript_note_number(ref, "server", "lines"))
		bytes_puts(why, "The server printed a message for a frame "
		    "whose client reset the connection: recv() returned -1 "
		    "(ECONNRESET), which is not a byte count. On -1: "
		    "perror(\"server: recv\"), close, accept the next client.");
	else if (!running)
		bytes_printf(why, "The server %s after a client reset the "
		    "connection: a failed recv() or send() ends only that "
		    "connection (perror(), close it, go back to accept()).",
		    transcript_fact_str(got, "server", KEY_STATUS));
	else if (strcmp(d->key, "server.stderr-reports") == 0)
		bytes_puts(why, "A recv() or send() that fails deserves a line "
		    "on stderr: perror(\"server: recv\") or perror(\"server: "
		    "send\"), then close that connection.");
	else if (strcmp(d->key, "probe.next-client") == 0)
		bytes_puts(why, "After a client reset the connection, the "
		    "server did not serve the next one: on -1 from recv() or "
		    "send(), stop reading that connection (a loop that goes on "
		    "spins forever), close it and go back to accept().");
	else
		diagnose_common(ref, got, d, why);
}

/* ADDRESS and PORT given: the program must use them. */
static void
diagnose_elsewhere(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *bound = transcript_str(got, "server.bound");
	char def[32];

	snprintf(def, sizeof def, "127.0.0.1:%d", run_port_named(got,
	    "server"));
	if (transcript_note_get(ref, "grader", "short-io") != NULL)
		bytes_puts(why, "With every send() and recv() moving 1 to 7 "
		    "bytes, the frames went wrong: each call may move only "
		    "part of what you ask. Loop until all has moved, each time "
		    "from where the last call stopped: recv(fd, buf + got, "
		    "length - got, 0); send(fd, buf, left, ...), then buf += n "
		    "and left -= n.");
	else if (strcmp(d->key, "server.bound") == 0 &&
	    strcmp(bound, def) == 0)
		bytes_printf(why, "Given ADDRESS and PORT, the server listened "
		    "on the default %s: bind to the address and port "
		    "parse_arguments() read.", def);
	else if (strcmp(transcript_fact_str(ref, "client", KEY_COMMAND),
	    transcript_fact_str(got, "client", KEY_COMMAND)) == 0 &&
	    strstr(transcript_fact_str(got, "client", KEY_STDERR),
	    "refused") != NULL && strcmp(transcript_fact_str(ref, "server",
	    KEY_STATUS), "still running") == 0 && strcmp(d->key,
	    "server.bound") != 0)
		bytes_puts(why, "Given ADDRESS and PORT, the client's "
		    "connection was refused: it did not connect to them. Use "
		    "the address and htons(port) from parse_arguments().");
	else
		diagnose_common(ref, got, d, why);
}

/*
 * Started again on a port with a connection in TIME_WAIT. Only a bind()
 * that failed says so: a server not bound in time was slow, not refused.
 */
static void
diagnose_restarts(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (strcmp(d->key, "server.bound") == 0 && strcmp(transcript_str(ref,
	    "first.bound"), transcript_str(got, "first.bound")) == 0 &&
	    strstr(transcript_fact_str(got, "server", KEY_STDERR),
	    strerror(EADDRINUSE)) != NULL)
		bytes_puts(why, "Started again at once, the server could not "
		    "bind its port, which a connection it had closed still "
		    "held (TIME_WAIT): setsockopt(SO_REUSEADDR) before bind() "
		    "allows it.");
	else
		diagnose_common(ref, got, d, why);
}

/* The end of the two sentences about a reply printed as a C string. */
#define AS_C_STRING "The reply was printed as a C string (%%s, puts()), " \
    "but a payload has no '\\0' and may be empty: fwrite() its LENGTH " \
    "bytes, then putchar('\\n')."

/* What the student's client sent, printed, and how it ended. */
static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *status = transcript_fact_str(got, "client", KEY_STATUS);
	int running = strcmp(status, "still running") == 0;
	int stdout_key = strcmp(d->key, "client.stdout") == 0;
	const struct bytes *ep = transcript_note_get(ref, d->key, "payload");
	const struct bytes *gp = transcript_note_get(got, d->key, "payload");
	long long before = transcript_note_number(ref, d->key,
	    "previous-length");
	int frame = frame_end(ref, d->key) != END_NONE;
	enum frame_end end = frame_end(got, d->key);
	struct line_diff at;
	enum line_kind lines = compare_lines(transcript_str(ref,
	    "client.stdout"), transcript_str(got, "client.stdout"), &at);
	int shown = (int)(at.expected_len < 60 ? at.expected_len : 60);
	long long el = transcript_note_number(ref, d->key, "length");
	enum answer answer = (enum answer)transcript_note_number(ref,
	    "grader", "answer");
	struct key_info ki;

	transcript_key_info(d->key, &ki);
	if (transcript_note_number(got, "client", "code") == 128 + SIGPIPE)
		bytes_puts(why, "The client was killed by SIGPIPE: it sent on "
		    "a connection the server had closed and reset, and SIGPIPE "
		    "kills a program by default. Pass MSG_NOSIGNAL to send() "
		    "(or call signal(SIGPIPE, SIG_IGN)); send() then fails "
		    "with EPIPE: perror(\"client: send\") and exit 1.");
	else if (strcmp(d->key, "probe.before-reply") == 0 &&
	    (transcript_note_number(got, d->key, "length") <= 0 ||
	    transcript_note_number(got, d->key, "length") > MAX_MESSAGE))
		bytes_puts(why, "After the first frame came bytes that do not "
		    "start a frame: the client sent more than 4 + LENGTH bytes "
		    "per message (sizeof a struct or a buffer?). Send exactly "
		    "the 4 length bytes and the LENGTH bytes of the line.");
	else if (strcmp(d->key, "probe.before-reply") == 0)
		bytes_puts(why, "The client sent its next frame before the "
		    "reply to its first had come: after each frame, wait for "
		    "its reply and print it, then read the next line.");
	else if (strcmp(d->key, "probe.frame2") == 0 && transcript_note_number(
	    got, d->key, "length") == MAX_MESSAGE + 1)
		bytes_puts(why, "The client sent a line of 65537 bytes: over "
		    "MAX_MESSAGE, print an error on stderr, send nothing, and "
		    "exit with status 1.");
	else if (strcmp(d->key, "probe.frame1") == 0 && el == MAX_MESSAGE &&
	    NOTHING(end))
		bytes_puts(why, "The client refused a line of exactly 65536 "
		    "bytes: MAX_MESSAGE itself is allowed. Refuse only length "
		    "> MAX_MESSAGE.");
	else if (stdout_key && transcript_note_number(ref, "probe.frame1",
	    "length") == MAX_MESSAGE && transcript_str(got,
	    "client.stdout")[0] == '\0')
		bytes_puts(why, "The client did not print the reply of exactly "
		    "65536 bytes: MAX_MESSAGE itself is allowed. Refuse only a "
		    "length > MAX_MESSAGE, and keep room for MAX_MESSAGE "
		    "bytes.");
	else if (answer == ANSWER_TOO_LONG && (stdout_key || running ||
	    ki.kind == KEY_STATUS))
		bytes_puts(why, "The reply announced 65537 bytes and the "
		    "client did not refuse it: check the length against "
		    "MAX_MESSAGE before reading the payload; over it, print an "
		    "error on stderr and exit with status 1.");
	else if (answer == ANSWER_CUT && (stdout_key || running ||
	    ki.kind == KEY_STATUS))
		bytes_puts(why, "The server closed in the middle of a reply (3 "
		    "of 10 bytes) and the client did not report it: when "
		    "recv_exactly() returns fewer bytes than the length, print "
		    "an error on stderr, print no reply, exit with status 1.");
	else if (answer == ANSWER_CUT_RESET && stdout_key)
		bytes_puts(why, "The client printed a reply that a reset cut "
		    "short: recv() returned -1 (ECONNRESET) and the client "
		    "went on. Check n == -1 before comparing n with the "
		    "length: perror(\"client: recv\"), exit 1, print nothing.");
	else if (strcmp(d->key, "client.line-by-line") == 0)
		bytes_puts(why, "A reply was not on stdout yet when the next "
		    "line was due: stdout to a pipe or file is kept in stdio's "
		    "buffer. Call setvbuf(stdout, NULL, _IOLBF, 0) at the "
		    "start of main() (or fflush(stdout) after each reply).");
	else if (strcmp(d->key, "client.message") == 0)
		bytes_puts(why, "The client failed without a line on stderr: "
		    "say why before exiting with status 1 (perror(\"client: "
		    "send\"), perror(\"client: recv\"), or a sentence).");
	else if (strcmp(d->key, "client.reaction") == 0)
		bytes_printf(why, "The server closed the connection without "
		    "replying%s: print an error on stderr and exit with status "
		    "1.", running ? ", and the client is still running: once "
		    "the peer has closed, recv() returns 0 every time. Stop "
		    "reading then" : "");
	else if (diagnose_framing(ref, got, d, why))
		return;
	else if (stdout_key && lines == LINE_LONGER)
		bytes_printf(why, "Line %d of the output is the reply '%.*s' "
		    "and more bytes ('%.*s'), left by an older, longer reply. "
		    AS_C_STRING, at.n + 1, shown, at.expected, (int)(at.got_len
		    - at.expected_len < 60 ? at.got_len - at.expected_len :
		    60), at.got + at.expected_len);
	else if (stdout_key && lines == LINE_REPEATED)
		bytes_printf(why, "Line %d of the output repeats the reply "
		    "before it, where '%.*s' was due: %s. " AS_C_STRING,
		    at.n + 1, shown, at.expected, shown == 0 ? "an empty reply "
		    "leaves the buffer as it was" : "the buffer still held it");
	else if (frame && end == END_TIMEOUT && before == 0)
		bytes_puts(why, "The client got stuck after the empty line: "
		    "its reply has length 0, and on Linux recv() asked for 0 "
		    "bytes waits for data. Loop while (got < length) only.");
	else if (frame && ep != NULL && gp != NULL && gp->len < ep->len &&
	    memchr(ep->data, '\0', ep->len) == ep->data + gp->len &&
	    memcmp(gp->data, ep->data, gp->len) == 0)
		bytes_puts(why, "The message stops at the line's first zero "
		    "byte: its length came from strlen(). Use the count "
		    "getline() returned (less the '\\n'), not strlen(line).");
	else if (frame && ep != NULL && gp != NULL &&
	    gp->len == ep->len + 1 && memcmp(gp->data, ep->data,
	    ep->len) == 0 && gp->data[ep->len] == '\n')
		bytes_puts(why, "The frame holds the line with its newline: "
		    "the newline is not part of the message. Remove it before "
		    "sending (the last line may have none).");
	else if (frame && before >= 0 && (strcmp(transcript_str(got,
	    "probe.end"), TOO_MANY) == 0 || end == END_TOO_LONG ||
	    transcript_note_number(got, d->key, "length") == 0))
		bytes_puts(why, "After the first frame came bytes that do not "
		    "start a frame: the client sent more than 4 + LENGTH bytes "
		    "per message (sizeof a struct or a buffer?). Send exactly "
		    "the 4 length bytes and the LENGTH bytes of the line.");
	/*
	 * Replies in pieces: blame their reading only for what it does,
	 * lines cut short (or missing), or a client stuck waiting for bytes.
	 */
	else if (cut_of(ref) == CUT_PIECES && (ki.kind == KEY_PROBE ||
	    strcmp(ki.label, "client") == 0) && (running ||
	    end == END_TIMEOUT || lines == LINE_SHORTER))
		bytes_puts(why, "The replies came in pieces (1 length byte, 3, "
		    "then the payload in two parts) and the client went wrong: "
		    "one recv() returns what has arrived so far. Read the "
		    "header, then the payload, each with a recv_exactly() "
		    "loop, recv(fd, buf + got, length - got, 0).");
	else
		diagnose_common(ref, got, d, why);
}

/* The input of two client checks: the last line has no newline. */
#define CLIENT_INPUT "hello\nFraming keeps messages apart.\n\n" \
    "last line, no newline"

static const struct check checks[] = {
	{
		.name = "server-one-write",
		.title = "five frames in one write get five replies, in order",
		.hint = "Read exactly 4 length bytes, ntohl() them, then "
		    "exactly that many payload bytes; answer; repeat until "
		    "recv() returns 0.",
		.scenario = server_exchange, .diagnose = diagnose_server,
		.arg = &(const struct exchange){ CUT_ONE_WRITE, 1, 5, {
			PAYLOAD("hello"),
			PAYLOAD(""),	/* a zero length is a message too */
			PAYLOAD("Framing keeps messages apart."),
			PAYLOAD("zero\0byte"),	/* bytes, not a C string */
			/* Bytes from 0x80 up stay as they are. */
			PAYLOAD("new\nline, caf\xc3\xa9, \xe9t\xe9 \xff\x80"),
		} },
		.rules = "S1 S2 S3.1 S3.3 S3.4 S3.5 S5 S6",
	}, {
		.name = "server-empty-frame",
		.title = "an empty frame sent alone is answered at once",
		.hint = "A length of 0 means no payload: do not call recv() "
		    "for 0 bytes (a while (got < length) loop never does); "
		    "reply 00 00 00 00.",
		.scenario = server_exchange, .diagnose = diagnose_server,
		/*
		 * Nothing follows the empty frame until its reply is back:
		 * a server whose read loop calls recv() for 0 bytes waits
		 * there (on Linux, until some data arrives), or takes the 0
		 * it returns for a closed connection.
		 */
		.arg = &(const struct exchange){ CUT_ALONE, 0, 2, {
			PAYLOAD(""), PAYLOAD("after the empty one"),
		} },
		.rules = "S3.3 S3.5",
	}, {
		.name = "server-byte-by-byte",
		.title = "frames sent one byte per write are read whole",
		.hint = "recv() may return 1 byte: read the header and the "
		    "payload with a read-exactly loop.",
		.scenario = server_exchange, .diagnose = diagnose_server,
		.arg = &(const struct exchange){ CUT_BYTES, 0, 3, {
			PAYLOAD("one"), PAYLOAD(""), PAYLOAD("byte at a time"),
		} },
		.rules = "S3.1 S3.3",
	}, {
		.name = "server-split-header",
		.title = "length headers split across writes are put together",
		.hint = "The 4 length bytes can arrive in several pieces, "
		    "glued to the previous payload: loop until all 4 are "
		    "there.",
		.scenario = server_exchange, .diagnose = diagnose_server,
		.arg = &(const struct exchange){ CUT_HEADERS, 0, 4, {
			PAYLOAD("split"), PAYLOAD("header"),
			PAYLOAD("across writes"),
			PAYLOAD("and glued to the payload before"),
		} },
		.rules = "S3.1 S3.3",
	}, {
		.name = "server-max-message",
		.title = "a message of exactly 65536 bytes is accepted and "
		    "answered",
		.hint = "Reject only length > MAX_MESSAGE, and keep room for "
		    "MAX_MESSAGE payload bytes.",
		.scenario = server_exchange, .diagnose = diagnose_server,
		/* Lower-case letters: the reply is visibly upper case. */
		.arg = &(const struct exchange){ CUT_ONE_WRITE, 0, 1, {
			{ NULL, MAX_MESSAGE },
		} },
		.rules = "S3.2 S3.3 S3.5",
	}, {
		.name = "server-rejects-oversize",
		.title = "lengths 0xFFFFFFFF and 65537 are refused; the "
		    "server goes on",
		.hint = "Check the length against MAX_MESSAGE right after the "
		    "header; on failure print it and the limit on stderr, "
		    "close that connection, keep serving.",
		.scenario = server_bad_clients,
		.diagnose = diagnose_bad_clients,
		/* Only a header each: the server must close at once. */
		.arg = (const struct bad_client[]){
			{ "a new client (only a header)", 0,
			    PAYLOAD("\xff\xff\xff\xff"), 0 },
			{ "a new client (only a header)", 0,
			    PAYLOAD("\0\x01\0\x01"), 0 },
		},
		.rules = "S3.2 S2 S6",
	}, {
		.name = "server-partial-frame",
		.title = "a client vanishing mid-frame is reported; the "
		    "server goes on",
		.hint = "recv() returning 0 in the middle of a frame: print "
		    "an error on stderr, close the connection, accept the "
		    "next client.",
		.scenario = server_bad_clients,
		.diagnose = diagnose_bad_clients,
		.arg = (const struct bad_client[]){
			{ "then (2 of the 4 length bytes of a second frame) "
			    "it", 1, PAYLOAD("\0\0"), 1 },
			{ "a new client (a header announcing 10 bytes, and 3 "
			    "of them)", 0, PAYLOAD("\0\0\0\x0a" "abc"), 1 },
		},
		.rules = "S3.1a S3.3a S2 S6",
	}, {
		.name = "server-client-resets",
		.title = "clients that reset the connection end only their "
		    "own; the server goes on",
		.hint = "A recv() or send() returning -1: perror(), close that "
		    "connection, accept the next client; send() with "
		    "MSG_NOSIGNAL, or SIGPIPE kills the server.",
		.scenario = server_resets, .diagnose = diagnose_resets,
		.rules = "S4 S4a S2",
	}, {
		.name = "server-address-port",
		.title = "with ADDRESS and PORT, listens there and serves the "
		    "reference client",
		.hint = "Bind to the ADDRESS and PORT parse_arguments() read "
		    "(htons(port)), and print them in the listening line.",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 1, 0, NULL, 0 },
		.rules = "S1 S3.4",
	}, {
		.name = "server-address-only",
		.title = "with ADDRESS alone, listens there on port 50007",
		.hint = "With one argument, PORT keeps its default: read "
		    "argv[2] only when argc > 2.",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 1, 1, NULL, 0 },
		.rules = "S1 A1",
	}, {
		.name = "server-port-65535",
		.title = "port 65535, the last one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 1, 0, "65535", 0 },
		.rules = "S1 A1",
	}, {
		.name = "server-port-1", .rules = "A1 S7",
		.title = "port 1 is a good port: only bind() may refuse it "
		    "(exit status 1, not 2)",
		.hint = "A port is a number from 1 to 65535, both included: "
		    "parse_arguments() accepts 1; bind() decides.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "server", {
		    { "127.0.0.1", "1" } } },
	}, {
		.name = "server-short-io",
		.title = "every recv() and send() moving 1 to 7 bytes, frames "
		    "still come and go whole",
		.hint = "Loop: recv(fd, buf + got, length - got, 0) until got "
		    "== length; send(fd, buf, left, ...) moving buf on by what "
		    "each call took.",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 1, 0, NULL, 1 },
		.rules = "S3.1 S3.3 S3.5",
	}, {
		.name = "server-restarts",
		.title = "started again at once on its port, it binds it "
		    "(SO_REUSEADDR)",
		.hint = "setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, "
		    "sizeof yes) before bind().",
		.scenario = server_restarts, .diagnose = diagnose_restarts,
		.rules = "S1a",
	}, {
		.name = "server-port-taken",
		.title = "exits with status 1 when its port is taken",
		.hint = "Check bind(): on -1, perror(\"server: bind\"), close "
		    "the socket, return 1.",
		.scenario = server_port_taken, .diagnose = diagnose_common,
		.rules = "S7",
	}, {
		.name = "server-bad-arguments",
		.title = "refuses bad arguments with status 2",
		.hint = "parse_arguments() (given code) must still run first, "
		    "and main() return 2 when it fails.",
		.scenario = run_scenario_bad_args,
		.diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "server", {
			{ "127.0.0.1", "abc" }, { "127.0.0.1", "0" },
			{ "127.0.0.1", "65536" }, { "xyz" }, { "127.0.0.256" },
			{ "127.0.0.1", RUN_ARG_PORT, "extra" },
			{ "127.0.0.1", "5x" },
		} },
		.rules = "A1 A2 A3",
	}, {
		.name = "client-sends-frames",
		.title = "sends each input line as one exact frame and prints "
		    "the replies",
		.hint = "Per line: htonl(length) as 4 bytes, then the line "
		    "without its newline: exactly 4 + length bytes.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD(CLIENT_INPUT), 1,
		    ANSWER_ALL, CUT_ONE_WRITE, 1 },
		.rules = "C1 C2.1 C2.2 C2.3 C2.4 C3",
	}, {
		.name = "client-reads-pieces",
		.title = "reads replies that arrive in pieces",
		.hint = "Read the reply's 4 length bytes and its payload each "
		    "with a read-exactly loop.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD(CLIENT_INPUT), 0,
		    ANSWER_ALL, CUT_PIECES, 0 },
		.rules = "C2.3",
	}, {
		.name = "client-server-closes",
		.title = "reports a server that closes without replying and "
		    "exits non-zero",
		.hint = "recv() returning 0 before the reply is complete: "
		    "print an error on stderr and exit with status 1.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("hello\nworld\n"),
		    0, ANSWER_NONE, CUT_ONE_WRITE, 0 },
		.rules = "C4",
	}, {
		.name = "client-reply-cut",
		.title = "reports a reply cut short by a close and exits "
		    "non-zero",
		.hint = "recv_exactly() returning fewer bytes than the reply's "
		    "length: print an error on stderr and exit with status 1, "
		    "printing nothing.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("hello\nworld\n"),
		    0, ANSWER_CUT, CUT_ONE_WRITE, 0 },
		.rules = "C4",
	}, {
		.name = "client-reply-too-long",
		.title = "refuses a reply announcing 65537 bytes",
		.hint = "Check the reply's length against MAX_MESSAGE before "
		    "reading its payload: over it, an error on stderr and exit "
		    "status 1.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("hello\nworld\n"),
		    0, ANSWER_TOO_LONG, CUT_ONE_WRITE, 0 },
		.rules = "C4a",
	}, {
		.name = "client-server-resets",
		.title = "survives a server that closed and reset the "
		    "connection: exits 1",
		.hint = "send() with MSG_NOSIGNAL (or signal(SIGPIPE, "
		    "SIG_IGN)): it then fails with EPIPE; perror(\"client: "
		    "send\") and exit with status 1.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("hello\nworld\n"),
		    0, ANSWER_RESET, CUT_ONE_WRITE, 0 },
		.rules = "C4b",
	}, {
		.name = "client-reset-waiting",
		.title = "a reset while it waits for a reply: a message, "
		    "exit 1",
		.hint = "recv() returning -1 (ECONNRESET): perror(\"client: "
		    "recv\") and exit with status 1; retry only on EINTR.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("hello\nworld\n"),
		    0, ANSWER_RESET_NOW, CUT_ONE_WRITE, 0 },
		.rules = "C4b",
	}, {
		.name = "client-reply-reset",
		.title = "a reset in the middle of a reply: nothing printed, "
		    "exit 1",
		.hint = "recv_exactly() returning -1 is an error, not a count: "
		    "check it before comparing with the length.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("hello\nworld\n"),
		    0, ANSWER_CUT_RESET, CUT_ONE_WRITE, 0 },
		.rules = "C4b",
	}, {
		.name = "client-header-cut",
		.title = "a close after 2 of the 4 length bytes: an error, "
		    "exit 1",
		.hint = "Fewer than 4 length bytes: the server closed without "
		    "replying; print nothing for it.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("\nworld\n"), 0,
		    ANSWER_HEADER_CUT, CUT_ONE_WRITE, 0 },
		.rules = "C4",
	}, {
		.name = "client-bytes",
		.title = "sends zero bytes, '\\r' and bytes from 0x80 up as "
		    "they are",
		.hint = "The message is the got bytes getline() returned, less "
		    "the '\\n': not strlen(line); print replies with fwrite().",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD("z\0ro\n"
		    "caf\xc3\xa9 \xe9t\xe9\r\n\xff\x80\n"), 0, ANSWER_ALL,
		    CUT_ONE_WRITE, 0 },
		.rules = "C2.1 C2.3",
	}, {
		.name = "client-longest-line",
		.title = "sends a line of 65536 bytes, refuses one of 65537",
		.hint = "A line of up to MAX_MESSAGE bytes is a message; over "
		    "it: an error on stderr, nothing sent, exit status 1.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ { NULL, 0 }, 0,
		    ANSWER_ALL, CUT_ONE_WRITE, 0 },
		.rules = "C2.1a C4a",
		.timeout_ms = 8000,
	}, {
		.name = "client-no-input",
		.title = "with no input, connects, closes and exits 0",
		.hint = "At the end of the input (at once, here) close the "
		    "socket and return 0.",
		.scenario = client_exchange, .diagnose = diagnose_client,
		.arg = &(const struct conversation){ PAYLOAD(""), 0,
		    ANSWER_ALL, CUT_ONE_WRITE, 0 },
		.rules = "C3a",
	}, {
		.name = "client-address-port",
		.title = "with ADDRESS and PORT, connects there",
		.hint = "Connect to the ADDRESS and PORT parse_arguments() "
		    "read, with htons(port).",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 0, 0, NULL, 0 },
		.rules = "C1",
	}, {
		.name = "client-address-only",
		.title = "with ADDRESS alone, connects there on port 50007",
		.hint = "With one argument, PORT keeps its default: read "
		    "argv[2] only when argc > 2.",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 0, 1, NULL, 0 },
		.rules = "C1 A1",
	}, {
		.name = "client-port-65535",
		.title = "port 65535, the last one, is good",
		.hint = "A port is a number from 1 to 65535, both included.",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 0, 0, "65535", 0 },
		.rules = "C1 A1",
	}, {
		.name = "client-port-1",
		.title = "port 1, the first one, is good: connect() is refused "
		    "there, exit status 1",
		.hint = "A port is a number from 1 to 65535, both included: "
		    "1 is not a bad argument.",
		.scenario = client_port_one, .diagnose = diagnose_client,
		.rules = "C1a A1",
	}, {
		.name = "client-short-io",
		.title = "every recv() and send() moving 1 to 7 bytes, frames "
		    "still come and go whole",
		.hint = "Loop: recv(fd, buf + got, length - got, 0) until got "
		    "== length; send(fd, buf, left, ...) moving buf on by what "
		    "each call took.",
		.scenario = elsewhere, .diagnose = diagnose_elsewhere,
		.arg = &(const struct elsewhere){ 0, 0, NULL, 1 },
		.rules = "C2.2 C2.3",
	}, {
		.name = "client-slow-input",
		.title = "input fed a line at a time: each reply is printed "
		    "before the next line comes",
		.hint = "Print each reply as it comes, one line each, and "
		    "flush it: setvbuf(stdout, NULL, _IOLBF, 0) at the start "
		    "of main().",
		.scenario = client_slow, .diagnose = diagnose_client,
		.rules = "C2.3 C2.4",
	}, {
		.name = "client-connection-refused", .rules = "C1a",
		.title = "with nothing listening, fails with a message",
		.scenario = run_scenario_client_refused,
		.diagnose = diagnose_client,
		.hint = "Check connect(): on -1, perror(\"client: connect\") "
		    "and return 1.",
	}, {
		.name = "client-bad-arguments", .rules = "A1 A2 A3",
		.title = "exits with status 2 for ports 0, 65536, 5x, an "
		    "address 1.2.3.4.5 or a third argument",
		.hint = "Keep the given parse_arguments() and its return 2: a "
		    "client must not connect() with arguments it refuses.",
		.scenario = run_scenario_bad_args, .diagnose = diagnose_common,
		.arg = &(const struct run_bad_args){ "client", {
		    { "127.0.0.1", "0" }, { "127.0.0.1", "65536" },
		    { "127.0.0.1", "5x" }, { "1.2.3.4.5", RUN_ARG_PORT },
		    { "127.0.0.1", RUN_ARG_PORT, "more" } } },
	},
};

LESSON_SERVER_CLIENT(lesson_05, .dir = "05-framing",
    .title = "Framing: length-prefixed messages over a TCP byte stream",
    .shim = "shortio")

/*
 * 05-framing: checks for the framing lesson (length-prefixed messages over
 * TCP: a server that answers every frame with a frame, a client that sends
 * each line of its input as a frame and prints the replies).
 *
 * For the student's server the grader plays the client: it writes the same
 * kind of frames cut in different ways (all in one write, one byte per
 * write, length headers split across writes), then reads the reply frames
 * itself and records each one, its four length bytes included. For the
 * student's client it plays the server: it records every frame it receives
 * and sends the replies whole or in pieces.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "diagnose.h"
#include "lesson.h"
#include "netprobe.h"

#define MAX_MESSAGE 65536	/* the lesson's limit on a payload */
#define HEADER_SIZE 4		/* the length prefix */
#define WAIT_MS 1000		/* for a reply, a close, a piece to be read */
#define CLIENT_MS 2000		/* for the student's client to connect or send */
#define MAX_FRAMES 8		/* frames the grader reads from a client at most */
#define SHOWN_PAYLOAD 200	/* longer payloads are summarised */

/* A payload given as a literal with its length, zero bytes included. */
struct payload {
	const char *data;
	size_t len;
};
#define PAYLOAD(s) { s, sizeof s - 1 }

/* How the grader cuts the byte stream of its frames into writes. */
enum cut { CUT_ONE_WRITE, CUT_BYTES, CUT_HEADERS };

/* Write len as 4 bytes in network byte order (big end first). */
static void
put_length(unsigned char h[HEADER_SIZE], uint32_t len)
{
	h[0] = (unsigned char)(len >> 24);
	h[1] = (unsigned char)(len >> 16);
	h[2] = (unsigned char)(len >> 8);
	h[3] = (unsigned char)len;
}

static uint32_t
get_length(const unsigned char h[HEADER_SIZE])
{
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | (uint32_t)h[3];
}

/* Append one frame (header, then payload) to out. */
static void
append_frame(struct bytes *out, const char *data, size_t len)
{
	unsigned char h[HEADER_SIZE];

	put_length(h, (uint32_t)len);
	bytes_append(out, h, sizeof h);
	bytes_append(out, data, len);
}

/* "length 5 (00 00 00 05)" */
static void
describe_length(struct bytes *out, const unsigned char h[HEADER_SIZE])
{
	bytes_printf(out, "length %lu (%02x %02x %02x %02x)",
	    (unsigned long)get_length(h), h[0], h[1], h[2], h[3]);
}

/* A payload as it is recorded: its bytes, or a summary of a long one. */
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

/* A probe connection to the server under test, with Nagle off. */
static int
probe_connect(struct run *r, const char *key)
{
	char err[NET_ERR_LEN];
	int one = 1;
	int fd = net_tcp_connect("127.0.0.1", r->port, clock_ms() +
	    run_ms(r, WAIT_MS), err);

	if (fd == -1) {
		transcript_setf(r->t, key, "failed: %s", err);
		return -1;
	}
	/* Each write of ours must leave at once, however small. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* How reading ended. READ_CLOSED: end of file before a frame's first byte. */
enum read_result { READ_OK, READ_CLOSED, READ_EOF, READ_TIMEOUT, READ_ERROR };

/*
 * Read exactly n bytes from fd into buf before deadline. *got says how many
 * arrived. Returns READ_OK, READ_EOF (the peer closed first), READ_TIMEOUT,
 * or READ_ERROR with the reason in err (a reset connection, for one).
 */
static enum read_result
read_exactly(int fd, char *buf, size_t n, size_t *got, int64_t deadline,
    char *err)
{
	*got = 0;
	while (*got < n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int ready = poll(&pfd, 1, clock_left_ms(deadline));
		ssize_t k;

		if (ready == -1 && errno == EINTR)
			continue;
		if (ready == -1) {
			snprintf(err, NET_ERR_LEN, "poll: %s", strerror(errno));
			return READ_ERROR;
		}
		if (ready == 0)
			return READ_TIMEOUT;
		k = recv(fd, buf + *got, n - *got, 0);
		if (k == -1 && errno == EINTR)
			continue;
		if (k == -1) {
			snprintf(err, NET_ERR_LEN, "recv: %s", strerror(errno));
			return READ_ERROR;
		}
		if (k == 0)
			return READ_EOF;
		*got += (size_t)k;
	}
	return READ_OK;
}

/* What came instead of the rest of a frame, appended to out. */
static void
describe_shortfall(struct bytes *out, enum read_result rr, const char *err,
    int timeout_ms)
{
	if (rr == READ_EOF)
		bytes_puts(out, "then the connection was closed");
	else if (rr == READ_TIMEOUT)
		bytes_printf(out, "then nothing more within %d ms", timeout_ms);
	else
		bytes_printf(out, "then an error: %s", err);
}

/*
 * Read one frame from fd within timeout_ms and describe it in desc:
 * "length 5 (00 00 00 05): HELLO", or what arrived instead. A length over
 * MAX_MESSAGE is described and its payload not read. The payload, when
 * complete, is put in payload. Returns READ_OK for a whole frame; otherwise
 * how it ended.
 */
static enum read_result
read_frame(struct run *r, int fd, struct bytes *payload, struct bytes *desc,
    int timeout_ms)
{
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	unsigned char h[HEADER_SIZE];
	char err[NET_ERR_LEN];
	enum read_result rr;
	uint32_t len;
	size_t got;

	bytes_clear(payload);
	rr = read_exactly(fd, (char *)h, sizeof h, &got, deadline, err);
	if (rr != READ_OK) {
		if (got == 0 && rr == READ_EOF) {
			bytes_puts(desc, "nothing: the connection was closed");
			return READ_CLOSED;
		}
		if (got == 0 && rr == READ_TIMEOUT)
			bytes_printf(desc, "nothing within %d ms", timeout_ms);
		else if (got == 0)
			bytes_printf(desc, "nothing: %s", err);
		else {
			bytes_printf(desc, "only %zu of the 4 length bytes (",
			    got);
			for (size_t i = 0; i < got; i++)
				bytes_printf(desc, i ? " %02x" : "%02x", h[i]);
			bytes_puts(desc, "), ");
			describe_shortfall(desc, rr, err, timeout_ms);
		}
		return rr;
	}
	describe_length(desc, h);
	len = get_length(h);
	if (len > MAX_MESSAGE) {
		bytes_printf(desc, ": over the limit of %d, payload not read",
		    MAX_MESSAGE);
		return READ_ERROR;
	}
	payload->len = 0;
	if (len > 0) {
		char *buf = xmalloc(len);

		rr = read_exactly(fd, buf, len, &got, deadline, err);
		if (rr != READ_OK) {
			bytes_printf(desc, ", only %zu payload bytes (", got);
			describe_payload(desc, buf, got);
			bytes_puts(desc, "), ");
			describe_shortfall(desc, rr, err, timeout_ms);
			free(buf);
			return rr;
		}
		bytes_append(payload, buf, len);
		free(buf);
	}
	bytes_puts(desc, ": ");
	describe_payload(desc, payload->data, payload->len);
	return READ_OK;
}

/*
 * Send data on fd in writes that end at the offsets in cuts (the last one
 * is data's length); after each write, while *patient is set, wait until
 * the program at the other end has read everything. The first wait that
 * runs out clears *patient: a program that does not read would make every
 * later wait run out too. Returns 0, or -1 when a write failed (noted).
 */
static int
send_in_writes(struct run *r, int fd, const struct bytes *data,
    const size_t *cuts, size_t ncuts, int *patient)
{
	char err[NET_ERR_LEN];
	size_t from = 0;

	for (size_t i = 0; i < ncuts; i++) {
		if (net_send_all(fd, data->data + from, cuts[i] - from,
		    err) == -1) {
			run_note(r, "write %zu of %zu failed: %s", i + 1, ncuts,
			    err);
			return -1;
		}
		from = cuts[i];
		if (*patient && run_wait_peer_read(r, fd, WAIT_MS) == -1) {
			run_note(r, "the program did not read write %zu within "
			    "%d ms; the rest was sent without waiting", i + 1,
			    WAIT_MS);
			*patient = 0;
		}
	}
	return 0;
}

/* Note the frames of payloads and how they are cut, for the report. */
static void
note_frames(struct run *r, const struct payload *p, size_t n, enum cut cut,
    size_t nwrites)
{
	static const char *const how[] = {
		[CUT_ONE_WRITE] = "all in one write",
		[CUT_BYTES] = "one byte per write, waiting each time until the "
		    "server had read it",
		[CUT_HEADERS] = "in writes that end inside the length "
		    "headers, waiting after each write until the server had "
		    "read it",
	};
	struct bytes line;

	bytes_init(&line);
	if (n == 1)
		bytes_puts(&line, "sent one frame (");
	else
		bytes_printf(&line, "sent %zu frames (", n);
	for (size_t i = 0; i < n; i++) {
		bytes_puts(&line, i ? ", '" : "'");
		escape_bytes(&line, p[i].data, p[i].len, 60);
		bytes_printf(&line, "' %zu bytes", p[i].len);
	}
	bytes_printf(&line, ") %s", how[cut]);
	if (nwrites > 1)
		bytes_printf(&line, " (%zu writes)", nwrites);
	run_note(r, "%s", bytes_str(&line));
	bytes_free(&line);
}

/*
 * Where the writes of a stream of frames end: at the end (one write), after
 * every byte, or inside every header: after 2 bytes of the first header,
 * then after 1 and 3 bytes or after 3 bytes of the next ones, so that the
 * first piece of a header is glued to the payload before it. Fills cuts
 * (room for len + 2 * n + 1 entries) and returns how many.
 */
static size_t
make_cuts(enum cut cut, const struct payload *p, size_t n, size_t len,
    size_t *cuts)
{
	size_t k = 0, offset = 0;

	if (cut == CUT_ONE_WRITE) {
		cuts[k++] = len;
		return k;
	}
	if (cut == CUT_BYTES) {
		for (size_t i = 1; i <= len; i++)
			cuts[k++] = i;
		return k;
	}
	for (size_t i = 0; i < n; i++) {
		/* Frame i starts at offset: end a write inside its header. */
		size_t first = i == 0 ? 2 : i % 2 ? 1 : 3;

		cuts[k++] = offset + first;
		if (first == 1)
			cuts[k++] = offset + 3;	/* then 2 more, then the rest */
		offset += HEADER_SIZE + p[i].len;
	}
	cuts[k++] = len;
	return k;
}

/*
 * Read a reply frame and record it as key. Returns 0 for a whole frame,
 * -1 otherwise.
 */
static int
record_reply(struct run *r, int fd, const char *key)
{
	struct bytes payload, desc;
	enum read_result rr;

	bytes_init(&payload);
	bytes_init(&desc);
	rr = read_frame(r, fd, &payload, &desc, WAIT_MS);
	transcript_set(r->t, key, desc.data, desc.len);
	bytes_free(&payload);
	bytes_free(&desc);
	return rr == READ_OK ? 0 : -1;
}

/*
 * End the grader's side of a conversation: shut down writing (the server
 * reads end of file between two frames), then record as key how the server
 * ended its side, and close fd.
 */
static void
finish_connection(struct run *r, int fd, const char *key)
{
	char err[NET_ERR_LEN];
	struct bytes rest;
	int rc;

	(void)shutdown(fd, SHUT_WR);
	run_note(r, "closed the connection (shutdown for writing)");
	bytes_init(&rest);
	rc = net_read_all(fd, &rest, 4096, clock_ms() + run_ms(r, WAIT_MS),
	    err);
	if (rest.len > 0) {
		struct bytes v;

		bytes_init(&v);
		bytes_printf(&v, "%zu more bytes after the replies: ",
		    rest.len);
		describe_payload(&v, rest.data, rest.len);
		transcript_set(r->t, key, v.data, v.len);
		bytes_free(&v);
	} else if (rc == 0)
		transcript_setf(r->t, key, "the server closed the connection");
	else if (rc == NET_TIMEOUT)
		transcript_setf(r->t, key, "the connection was still open "
		    "after %d ms", WAIT_MS);
	else
		transcript_setf(r->t, key, "%s", err);
	bytes_free(&rest);
	close(fd);
}

/* Start the server and wait until it listens on our port. */
static struct proc *
start_listening_server(struct run *r, int defaults)
{
	return run_start_ready_server(r, "server", SOCK_STREAM, defaults);
}

/*
 * The server scenarios' common part: connect, send the frames of payloads
 * cut as cut says, read one reply per frame, close, and record what the
 * server printed and whether it is still running.
 */
static void
exchange_frames(struct run *r, int defaults, const struct payload *p,
    size_t n, enum cut cut)
{
	struct proc *srv = start_listening_server(r, defaults);
	struct bytes stream;
	size_t *cuts, ncuts;
	char key[32];
	int fd, patient = cut != CUT_ONE_WRITE;

	if (srv == NULL)
		return;
	fd = probe_connect(r, "probe.connect");
	if (fd == -1) {
		run_collect(r, srv);
		return;
	}
	bytes_init(&stream);
	for (size_t i = 0; i < n; i++)
		append_frame(&stream, p[i].data, p[i].len);
	cuts = xmalloc((stream.len + 2 * n + 1) * sizeof *cuts);
	ncuts = make_cuts(cut, p, n, stream.len, cuts);
	note_frames(r, p, n, cut, ncuts);
	(void)send_in_writes(r, fd, &stream, cuts, ncuts, &patient);
	free(cuts);
	bytes_free(&stream);

	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "probe.reply%zu", i + 1);
		if (record_reply(r, fd, key) == -1)
			break;
	}
	finish_connection(r, fd, "probe.after-close");
	/* The listening line, one per message, and the closing line. */
	(void)run_wait_lines(r, srv, (int)n + 2, WAIT_MS);
	run_collect(r, srv);
}

static void
server_one_write(struct run *r)
{
	static const struct payload p[] = {
		PAYLOAD("hello"),
		PAYLOAD(""),		/* a zero length is a message too */
		PAYLOAD("Framing keeps messages apart."),
		PAYLOAD("zero\0byte"),	/* bytes, not a C string */
	};

	exchange_frames(r, 1, p, sizeof p / sizeof p[0], CUT_ONE_WRITE);
}

static void
server_byte_by_byte(struct run *r)
{
	static const struct payload p[] = {
		PAYLOAD("one"),
		PAYLOAD(""),
		PAYLOAD("byte at a time"),
	};

	exchange_frames(r, 0, p, sizeof p / sizeof p[0], CUT_BYTES);
}

static void
server_split_header(struct run *r)
{
	static const struct payload p[] = {
		PAYLOAD("split"),
		PAYLOAD("header"),
		PAYLOAD("across writes"),
		PAYLOAD("and glued to the payload before"),
	};

	exchange_frames(r, 0, p, sizeof p / sizeof p[0], CUT_HEADERS);
}

/*
 * An empty frame ALONE: nothing follows it until its reply has come back.
 * A server whose read-exactly loop calls recv() for 0 bytes waits there
 * (on Linux, recv() asked for 0 bytes blocks until some data arrives), or
 * takes the 0 it returns for a closed connection. Then one more frame, to
 * see that the server goes on, and the close.
 */
static void
server_empty_frame(struct run *r)
{
	static const struct payload p[] = {
		PAYLOAD(""),
		PAYLOAD("after the empty one"),
	};
	struct proc *srv = start_listening_server(r, 0);
	struct bytes frame;
	char err[NET_ERR_LEN], key[32];
	int fd;

	if (srv == NULL)
		return;
	fd = probe_connect(r, "probe.connect");
	if (fd == -1) {
		run_collect(r, srv);
		return;
	}
	bytes_init(&frame);
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
		bytes_clear(&frame);
		append_frame(&frame, p[i].data, p[i].len);
		if (net_send_all(fd, frame.data, frame.len, err) == -1) {
			run_note(r, "sending frame %zu failed: %s", i + 1, err);
			break;
		}
		if (p[i].len == 0)
			run_note(r, "sent one empty frame (00 00 00 00) alone, "
			    "and nothing more until its reply came back");
		else
			run_note(r, "then sent one frame ('%s' %zu bytes)",
			    p[i].data, p[i].len);
		snprintf(key, sizeof key, "probe.reply%zu", i + 1);
		if (record_reply(r, fd, key) == -1)
			break;
	}
	bytes_free(&frame);
	finish_connection(r, fd, "probe.after-close");
	(void)run_wait_lines(r, srv, (int)(sizeof p / sizeof p[0]) + 2,
	    WAIT_MS);
	run_collect(r, srv);
}

static void
server_max_message(struct run *r)
{
	struct payload p;
	char *big = xmalloc(MAX_MESSAGE);

	/* Lower-case letters, so that the reply is visibly upper case. */
	for (size_t i = 0; i < MAX_MESSAGE; i++)
		big[i] = (char)('a' + i % 26);
	p.data = big;
	p.len = MAX_MESSAGE;
	exchange_frames(r, 0, &p, 1, CUT_ONE_WRITE);
	free(big);
}

/*
 * Send only a header announcing len bytes, and record as key how the
 * server reacted: it must close the connection without waiting for the
 * payload and without sending anything.
 */
static void
send_oversize(struct run *r, uint32_t len, const char *key)
{
	unsigned char h[HEADER_SIZE];
	char err[NET_ERR_LEN];
	struct bytes got;
	int fd, rc;

	fd = probe_connect(r, key);
	if (fd == -1)
		return;
	put_length(h, len);
	if (net_send_all(fd, h, sizeof h, err) == -1) {
		transcript_setf(r->t, key, "sending the header failed: %s",
		    err);
		close(fd);
		return;
	}
	run_note(r, "connected and sent only a header: length %lu (%02x %02x "
	    "%02x %02x), no payload", (unsigned long)len, h[0], h[1], h[2],
	    h[3]);
	bytes_init(&got);
	rc = net_read_all(fd, &got, 4096, clock_ms() + run_ms(r, WAIT_MS),
	    err);
	if (got.len > 0) {
		struct bytes v;

		bytes_init(&v);
		bytes_printf(&v, "the server sent %zu bytes back: ", got.len);
		describe_payload(&v, got.data, got.len);
		transcript_set(r->t, key, v.data, v.len);
		bytes_free(&v);
	} else if (rc == 0 || (rc == -1 && errno == ECONNRESET))
		transcript_setf(r->t, key, "the server closed the connection "
		    "without reading a payload");
	else if (rc == NET_TIMEOUT)
		transcript_setf(r->t, key, "the connection was still open "
		    "after %d ms: the server is waiting for the payload",
		    WAIT_MS);
	else
		transcript_setf(r->t, key, "%s", err);
	bytes_free(&got);
	close(fd);
}

/* Does text mention the number n in decimal, or in hex written 0x...? */
static int
mentions_number(const char *text, unsigned long n)
{
	char dec[24], hex[24], hex8[24];

	snprintf(dec, sizeof dec, "%lu", n);
	snprintf(hex, sizeof hex, "0x%lx", n);
	snprintf(hex8, sizeof hex8, "0x%08lx", n);
	for (const char *p = text; (p = strstr(p, dec)) != NULL; p++)
		if ((p == text || !isdigit((unsigned char)p[-1])) &&
		    !isdigit((unsigned char)p[strlen(dec)]))
			return 1;
	for (const char *p = text; *p != '\0'; p++)
		if (strncasecmp(p, hex, strlen(hex)) == 0 ||
		    strncasecmp(p, hex8, strlen(hex8)) == 0)
			return 1;
	return 0;
}

static void
server_rejects_oversize(struct run *r)
{
	static const uint32_t lengths[] = { 0xFFFFFFFFu, MAX_MESSAGE + 1 };
	struct proc *srv = start_listening_server(r, 0);
	struct bytes err, verdict;
	char key[48];
	int fd;

	if (srv == NULL)
		return;
	for (size_t i = 0; i < 2; i++) {
		snprintf(key, sizeof key, "probe.length-%lu",
		    (unsigned long)lengths[i]);
		send_oversize(r, lengths[i], key);
	}
	/* Then an ordinary client must still be served. */
	fd = probe_connect(r, "probe.next-client");
	if (fd != -1) {
		struct bytes frame;
		char neterr[NET_ERR_LEN];

		bytes_init(&frame);
		append_frame(&frame, "still serving?", 14);
		run_note(r, "connected again and sent one frame: 'still "
		    "serving?' (14 bytes)");
		if (net_send_all(fd, frame.data, frame.len, neterr) == -1)
			run_note(r, "sending it failed: %s", neterr);
		bytes_free(&frame);
		(void)record_reply(r, fd, "probe.next-client");
		finish_connection(r, fd, "probe.after-close");
		(void)run_wait_lines(r, srv, 3, WAIT_MS);
	}
	run_collect(r, srv);

	/* Each rejection must be explained on stderr: the length, the limit. */
	bytes_init(&err);
	bytes_init(&verdict);
	(void)run_read_output(srv, RUN_STDERR, &err, 64 * 1024);
	for (size_t i = 0; i < 2; i++)
		bytes_printf(&verdict, "length %lu: %s\n",
		    (unsigned long)lengths[i],
		    !mentions_number(bytes_str(&err), lengths[i]) ?
		    "not named on stderr" :
		    !mentions_number(bytes_str(&err), MAX_MESSAGE) ?
		    "named on stderr, but not the limit 65536" :
		    "named on stderr with the limit 65536");
	transcript_set(r->t, "server.stderr-explains", verdict.data,
	    verdict.len);
	bytes_free(&verdict);
	bytes_free(&err);
}

/*
 * Send raw bytes on a new connection, wait until the server read them,
 * close, and note it.
 */
static void
send_and_vanish(struct run *r, const char *data, size_t len, const char *what)
{
	char err[NET_ERR_LEN];
	int fd = probe_connect(r, "probe.connect");

	if (fd == -1)
		return;
	if (net_send_all(fd, data, len, err) == -1)
		run_note(r, "sending failed: %s", err);
	else if (run_wait_peer_read(r, fd, WAIT_MS) == -1)
		run_note(r, "the server did not read %s within %d ms", what,
		    WAIT_MS);
	close(fd);
	run_note(r, "connected, sent %s, waited until the server read it, "
	    "and closed the connection", what);
}

static void
server_partial_frame(struct run *r)
{
	struct proc *srv = start_listening_server(r, 0);
	struct bytes frame;
	char err[NET_ERR_LEN];
	int fd;

	if (srv == NULL)
		return;
	/* A whole frame and its reply, then half a header, then gone. */
	fd = probe_connect(r, "probe.connect");
	if (fd == -1) {
		run_collect(r, srv);
		return;
	}
	bytes_init(&frame);
	append_frame(&frame, "complete", 8);
	if (net_send_all(fd, frame.data, frame.len, err) == -1)
		run_note(r, "sending failed: %s", err);
	run_note(r, "connected and sent one frame: 'complete' (8 bytes)");
	if (record_reply(r, fd, "probe.reply-complete") == 0) {
		(void)net_send_all(fd, "\0\0", 2, err);
		(void)run_wait_peer_read(r, fd, WAIT_MS);
		run_note(r, "then sent 2 of the 4 length bytes of a second "
		    "frame (00 00), waited until the server read them, and "
		    "closed the connection");
	}
	close(fd);

	/* A whole header announcing 10 bytes, 3 of them, then gone. */
	send_and_vanish(r, "\0\0\0\x0a" "abc", 7, "a header announcing 10 "
	    "bytes (00 00 00 0a) and only 3 of them ('abc')");

	/* The server must still serve the next client. */
	fd = probe_connect(r, "probe.next-client");
	if (fd != -1) {
		bytes_clear(&frame);
		append_frame(&frame, "still serving?", 14);
		if (net_send_all(fd, frame.data, frame.len, err) == -1)
			run_note(r, "sending failed: %s", err);
		run_note(r, "connected again and sent one frame: 'still "
		    "serving?' (14 bytes)");
		(void)record_reply(r, fd, "probe.next-client");
		finish_connection(r, fd, "probe.after-close");
		(void)run_wait_lines(r, srv, 4, WAIT_MS);
	}
	bytes_free(&frame);
	run_collect(r, srv);
	{
		struct bytes text;

		bytes_init(&text);
		(void)run_read_output(srv, RUN_STDERR, &text, 64 * 1024);
		transcript_setf(r->t, "server.stderr-reports", "%s",
		    text.len > 0 ? "a message on stderr" :
		    "nothing on stderr");
		bytes_free(&text);
	}
}

/*
 * Play the server for the student's client on fd: read its frames, record
 * each, answer each with the payload in upper case, whole or in pieces
 * (header split, payload split, each piece read by the client before the
 * next is sent), until the client closes at a frame boundary.
 */
static void
serve_client_frames(struct run *r, int conn, int pieces)
{
	struct bytes payload, desc, reply;
	char key[32], err[NET_ERR_LEN];
	int patient = 1;
	size_t i;

	bytes_init(&payload);
	bytes_init(&desc);
	bytes_init(&reply);
	for (i = 1; i <= MAX_FRAMES; i++) {
		enum read_result rr;

		bytes_clear(&desc);
		rr = read_frame(r, conn, &payload, &desc, CLIENT_MS);
		if (rr == READ_CLOSED) {
			transcript_setf(r->t, "probe.end", "the client closed "
			    "the connection; frames received: %zu", i - 1);
			break;
		}
		snprintf(key, sizeof key, "probe.frame%zu", i);
		transcript_set(r->t, key, desc.data, desc.len);
		if (rr != READ_OK) {
			transcript_setf(r->t, "probe.end", "the grader closed "
			    "the connection after frame %zu", i);
			break;
		}

		for (size_t k = 0; k < payload.len; k++)
			payload.data[k] = (char)toupper(
			    (unsigned char)payload.data[k]);
		bytes_clear(&reply);
		append_frame(&reply, payload.data, payload.len);
		if (!pieces) {
			if (net_send_all(conn, reply.data, reply.len,
			    err) == -1) {
				run_note(r, "sending reply %zu failed: %s", i,
				    err);
				break;
			}
			continue;
		}
		{
			/* 1 length byte, 3 more, half the payload, the rest. */
			size_t cuts[4], n = 0;

			cuts[n++] = 1;
			cuts[n++] = HEADER_SIZE;
			if (payload.len >= 2)
				cuts[n++] = HEADER_SIZE + payload.len / 2;
			if (payload.len > 0)
				cuts[n++] = reply.len;
			if (send_in_writes(r, conn, &reply, cuts, n,
			    &patient) == -1)
				break;
		}
	}
	if (i > MAX_FRAMES)
		transcript_setf(r->t, "probe.end", "more than %d frames came: "
		    "the grader stopped reading", MAX_FRAMES);
	bytes_free(&payload);
	bytes_free(&desc);
	bytes_free(&reply);
}

/* The input every client check feeds the client. */
static const char client_input[] =
    "hello\n"
    "Framing keeps messages apart.\n"
    "\n"
    "last line, no newline";

/*
 * Listen, run the student's client with client_input, accept its
 * connection and play the server (pieces: replies in pieces), then record
 * how the client ended and what it printed.
 */
static void
talk_to_client(struct run *r, int defaults, int pieces)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	char err[NET_ERR_LEN];
	struct proc *cli;
	int lfd, conn, one = 1;

	lfd = net_tcp_listen("127.0.0.1", r->port, err);
	if (lfd == -1) {
		transcript_setf(r->t, "note.error", "grader listen: %s", err);
		return;
	}
	run_note(r, "the grader listens on 127.0.0.1:%d and answers every "
	    "frame with its payload in upper case%s", r->port, pieces ?
	    ", in pieces: 1 length byte, 3 length bytes, half the payload, "
	    "the rest, each read by the client before the next is sent" :
	    ", in one write");
	cli = run_start_input(r, "client", "client",
	    defaults && run_defaults_usable(r) ? NULL : args, client_input,
	    sizeof client_input - 1);
	if (cli == NULL) {
		close(lfd);
		return;
	}
	conn = net_tcp_accept(lfd, clock_ms() + run_ms(r, CLIENT_MS), NULL, 0,
	    err);
	if (conn < 0) {
		transcript_setf(r->t, "client.connected", "no: %s", err);
	} else {
		transcript_setf(r->t, "client.connected", "yes");
		(void)setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof one);
		serve_client_frames(r, conn, pieces);
		close(conn);
	}
	close(lfd);
	if (run_wait_exit(r, cli, CLIENT_MS) == -1)
		run_note(r, "the client was still running %d ms later",
		    CLIENT_MS);
	run_collect(r, cli);
}

static void
client_sends_frames(struct run *r)
{
	talk_to_client(r, 1, 0);
}

static void
client_reads_pieces(struct run *r)
{
	talk_to_client(r, 0, 1);
}

/* The server reads one frame and closes without replying. */
static void
client_server_closes(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	static const char input[] = "hello\nworld\n";
	char err[NET_ERR_LEN];
	struct bytes payload, desc;
	struct proc *cli;
	int lfd, conn;

	lfd = net_tcp_listen("127.0.0.1", r->port, err);
	if (lfd == -1) {
		transcript_setf(r->t, "note.error", "grader listen: %s", err);
		return;
	}
	run_note(r, "the grader listens on 127.0.0.1:%d, reads one frame, "
	    "and closes the connection without replying", r->port);
	cli = run_start_input(r, "client", "client", args, input,
	    sizeof input - 1);
	if (cli == NULL) {
		close(lfd);
		return;
	}
	conn = net_tcp_accept(lfd, clock_ms() + run_ms(r, CLIENT_MS), NULL, 0,
	    err);
	if (conn >= 0) {
		bytes_init(&payload);
		bytes_init(&desc);
		(void)read_frame(r, conn, &payload, &desc, CLIENT_MS);
		transcript_set(r->t, "probe.frame1", desc.data, desc.len);
		bytes_free(&payload);
		bytes_free(&desc);
		close(conn);
	} else
		transcript_setf(r->t, "client.connected", "no: %s", err);
	close(lfd);

	run_note(r, "closed the connection");
	run_record_reaction(r, cli, "client.reaction", CLIENT_MS);
	run_collect(r, cli);
}

/* ---- Diagnoses ---- */

/* The four length bytes recorded in a frame description, or -1. */
static int
recorded_header(const char *desc, unsigned char h[HEADER_SIZE])
{
	const char *p = strstr(desc, "length ");
	unsigned int b[HEADER_SIZE];

	if (p == NULL || (p = strchr(p, '(')) == NULL ||
	    sscanf(p, "(%2x %2x %2x %2x)", &b[0], &b[1], &b[2], &b[3]) != 4)
		return -1;
	for (int i = 0; i < HEADER_SIZE; i++)
		h[i] = (unsigned char)b[i];
	return 0;
}

/* Is got's header expected's with its bytes in the opposite order? */
static int
reversed_header(const char *expected, const char *got, unsigned long *e,
    unsigned long *g)
{
	unsigned char he[HEADER_SIZE], hg[HEADER_SIZE];

	if (recorded_header(expected, he) == -1 ||
	    recorded_header(got, hg) == -1 || memcmp(he, hg, sizeof he) == 0)
		return 0;
	for (int i = 0; i < HEADER_SIZE; i++)
		if (he[i] != hg[HEADER_SIZE - 1 - i])
			return 0;
	*e = get_length(he);
	*g = get_length(hg);
	return 1;
}

/*
 * Does the server's stderr name a length that is a small length with its
 * bytes swapped (what a missing ntohl() reads)? Stores both.
 */
static int
stderr_has_swapped_length(const char *text, unsigned long *seen,
    unsigned long *meant)
{
	for (const char *p = text; *p != '\0'; p++) {
		unsigned long v, s;
		char *end;

		if (!isdigit((unsigned char)*p) ||
		    (p > text && isdigit((unsigned char)p[-1])))
			continue;
		v = strtoul(p, &end, 10);
		if (v <= MAX_MESSAGE || v > 0xFFFFFFFFul)
			continue;
		s = (v & 0xff) << 24 | (v & 0xff00) << 8 | (v >> 8 & 0xff00) |
		    v >> 24;
		if (s <= MAX_MESSAGE) {
			*seen = v;
			*meant = s;
			return 1;
		}
	}
	return 0;
}

/* How many lines of s start with prefix. */
static int
count_prefixed(const char *s, const char *prefix)
{
	int n = 0;

	for (const char *line = s; line != NULL && *line != '\0';) {
		if (strncmp(line, prefix, strlen(prefix)) == 0)
			n++;
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return n;
}

/* Lesson-specific recognisers shared by every check; 1 when one spoke. */
static int
diagnose_framing(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why, int whole_headers)
{
	const char *e = transcript_str(ref, d->key);
	const char *g = transcript_str(got, d->key);
	unsigned long el, gl;

	if (reversed_header(e, g, &el, &gl)) {
		bytes_printf(why, "The length arrived as %lu instead of %lu: "
		    "its four bytes are in the wrong order. The %s wrote the "
		    "number in host byte order; convert it with htonl() "
		    "before sending (and with ntohl() after receiving).", gl,
		    el, strncmp(d->key, "probe.frame", 11) == 0 ? "client" :
		    "server");
		return 1;
	}
	/*
	 * A length with swapped bytes in an error message: ntohl() is
	 * missing, or a read loop put every piece of the header at the start
	 * of the buffer (its last byte lands first). Where headers arrive in
	 * pieces, only when the complaint came before any reply: a header
	 * read with one recv() and finished with stale bytes can look
	 * swapped too, after replies made of those stale bytes.
	 */
	for (int i = 0; i < 2 && strncmp(d->key, "probe.", 6) == 0 &&
	    (whole_headers || strncmp(transcript_str(got, "probe.reply1"),
	    "nothing", 7) == 0); i++) {
		const char *who = i == 0 ? "server" : "client";
		char key[32];

		snprintf(key, sizeof key, "note.%s.stderr", who);
		if (!stderr_has_swapped_length(transcript_str(got, key), &gl,
		    &el))
			continue;
		/* In pieces: only the swapped length of the first frame. */
		if (!whole_headers && strtoul(transcript_str(ref,
		    "probe.reply1") + 7, NULL, 10) != el)
			continue;
		bytes_printf(why, "The %s complained about a length of %lu "
		    "(0x%08lx), which is %lu with its four bytes swapped. ",
		    who, gl, gl, el);
		if (whole_headers)
			bytes_puts(why, "Here each header arrived whole, so it "
			    "most likely used the header without ntohl(): the "
			    "length arrives in network byte order, and ntohl() "
			    "turns it into a number this machine understands. "
			    "(A read loop that puts every piece at the start of "
			    "the buffer, recv(fd, buf, ...) instead of "
			    "recv(fd, buf + got, length - got, 0), reads the "
			    "same when a header comes in pieces.)");
		else
			bytes_puts(why, "Two bugs read a length like this: the "
			    "header used without ntohl() (the length arrives in "
			    "network byte order; ntohl() turns it into a number "
			    "this machine understands), or a read loop that "
			    "puts every piece at the start of the buffer, "
			    "recv(fd, buf, ...) instead of recv(fd, buf + got, "
			    "length - got, 0), so that the header's last byte "
			    "lands first.");
		return 1;
	}
	if (strcmp(d->key, "probe.after-close") == 0 &&
	    strstr(g, "still open") != NULL) {
		bytes_puts(why, "The grader closed the connection after the "
		    "last reply, and the server did not close its side: "
		    "recv() returning 0 before a frame's first byte means the "
		    "client is done. Print the 'closed by' line and leave the "
		    "frame loop (a read loop that ignores the 0 spins "
		    "forever).");
		return 1;
	}
	if (strcmp(d->key, "server.stderr-explains") == 0) {
		bytes_puts(why, "When a length is over the limit, print one "
		    "line on stderr that names the length and the limit, for "
		    "example 'server: 127.0.0.1:41822: message 1 announces "
		    "4294967295 bytes, over the limit of 65536: closing the "
		    "connection'.");
		return 1;
	}
	return 0;
}

/* Replies to frames that were all sent in one write. */
static void
diagnose_one_write(const struct transcript *ref,
    const struct transcript *got, const struct difference *d,
    struct bytes *why)
{
	const char *g = transcript_str(got, d->key);

	if (diagnose_framing(ref, got, d, why, 1))
		return;
	if (strcmp(d->key, "probe.reply1") != 0 &&
	    strncmp(d->key, "probe.reply", 11) == 0 &&
	    (d->missing || strncmp(g, "nothing", 7) == 0)) {
		bytes_puts(why, "The server answered the first message but not "
		    "the next ones, which arrived in the same recv(): one "
		    "recv() is not one message. Read exactly 4 length bytes, "
		    "then exactly LENGTH payload bytes, and keep what comes "
		    "after them for the next frame (read only what the frame "
		    "needs).");
		return;
	}
	if (strncmp(d->key, "probe.reply", 11) == 0 &&
	    strstr(transcript_str(ref, d->key), "length 0 ") != NULL) {
		bytes_puts(why, "A message of length 0 is allowed: its reply "
		    "is a frame of length 0. Do not call recv() for 0 bytes "
		    "(it returns 0, which looks like a closed connection).");
		return;
	}
	if (strncmp(d->key, "probe.reply", 11) == 0 &&
	    strstr(transcript_str(ref, d->key), "ZERO") != NULL) {
		bytes_puts(why, "The payload 'zero\\0byte' holds a zero byte: "
		    "treat the payload as LENGTH bytes, not as a C string "
		    "(no strlen(), no %s).");
		return;
	}
	diagnose_common(ref, got, d, why);
}

/*
 * Replies to frames that arrived in small pieces, as how describes them:
 * whatever went wrong, the reads were not loops.
 */
static void
diagnose_pieces(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why, const char *how)
{
	if (diagnose_framing(ref, got, d, why, 0))
		return;
	if (strncmp(d->key, "probe.reply", 11) == 0 ||
	    strcmp(d->key, "probe.after-close") == 0) {
		bytes_printf(why, "%s, and the replies went wrong: one recv() "
		    "returns whatever has arrived so far, even when you ask "
		    "for more. Read the header and the payload each with a "
		    "loop, recv(fd, buf + got, length - got, 0) until got == "
		    "length, each piece going after the ones before it "
		    "(recv_exactly()).", how);
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_bytes(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	diagnose_pieces(ref, got, d, why, "The frames arrived one byte at a "
	    "time");
}

static void
diagnose_split(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	diagnose_pieces(ref, got, d, why, "Each length header arrived in "
	    "two or three pieces, the first glued to the payload before it");
}

static void
diagnose_empty(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *g = transcript_str(got, d->key);

	if (diagnose_framing(ref, got, d, why, 1))
		return;
	if (strcmp(d->key, "probe.reply1") == 0 &&
	    strncmp(g, "nothing within", 14) == 0) {
		bytes_puts(why, "The server did not answer an empty frame that "
		    "came alone: it is stuck reading its payload. With length "
		    "0 there is nothing to read, but recv() asked for 0 bytes "
		    "waits on Linux until some data arrives (here: none until "
		    "the reply comes). Call recv() only while bytes are "
		    "missing: a while (got < length) loop never calls it for "
		    "0 bytes, a do { } while loop does.");
		return;
	}
	if (strcmp(d->key, "probe.reply1") == 0 &&
	    strncmp(g, "nothing", 7) == 0) {
		bytes_puts(why, "The server closed the connection at an empty "
		    "frame instead of answering it: a 0 from reading 0 payload "
		    "bytes is not a closed connection. Only recv() returning 0 "
		    "while bytes are still missing means the client has gone; "
		    "for length 0 do not call recv() at all, and answer with "
		    "the frame 00 00 00 00.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_max(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (diagnose_framing(ref, got, d, why, 1))
		return;
	if (strcmp(d->key, "probe.reply1") == 0 &&
	    strncmp(transcript_str(got, d->key), "nothing", 7) == 0) {
		bytes_puts(why, "A message of exactly MAX_MESSAGE (65536) "
		    "bytes is allowed: reject only a length greater than "
		    "MAX_MESSAGE (>, not >=), and make the buffer hold "
		    "MAX_MESSAGE bytes of payload.");
		return;
	}
	diagnose_common(ref, got, d, why);
}

static void
diagnose_oversize(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *g = transcript_str(got, d->key);
	const char *status = transcript_str(got, "server.status");

	if (strncmp(d->key, "probe.", 6) == 0 &&
	    strstr(g, "Connection refused") != NULL) {
		bytes_puts(why, "Nothing listens any more: the server stopped "
		    "after a bad length. A bad length must end only that "
		    "connection (print the error, close the connection, go "
		    "back to accept()), never the whole server.");
		return;
	}
	if (strncmp(d->key, "probe.", 6) == 0 &&
	    strncmp(status, "still running", 13) != 0 &&
	    strstr(status, "could not") == NULL) {
		bytes_printf(why, "The server %s: a bad length must end only "
		    "that connection (print the error, close the connection, "
		    "go back to accept()), never the whole server.", status);
		return;
	}
	if (strncmp(d->key, "probe.length-", 13) == 0 &&
	    strstr(g, "still open") != NULL) {
		bytes_puts(why, "The server trusted the length and is waiting "
		    "for that many bytes. Check the length against "
		    "MAX_MESSAGE as soon as the header is read, before "
		    "reading or allocating anything, and close the connection "
		    "when it is over.");
		return;
	}
	if (diagnose_framing(ref, got, d, why, 1))
		return;
	diagnose_common(ref, got, d, why);
}

static void
diagnose_partial(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const char *e = transcript_str(ref, d->key);
	const char *g = transcript_str(got, d->key);

	if (strcmp(d->key, "server.stdout") == 0 &&
	    count_prefixed(g, "message ") > count_prefixed(e, "message ")) {
		bytes_puts(why, "The server printed a message for a frame that "
		    "was cut short. When recv() returns 0 before all the bytes "
		    "of a frame have arrived, the client has gone in the "
		    "middle of a frame: print an error on stderr, close the "
		    "connection and serve the next client.");
		return;
	}
	if (strcmp(d->key, "probe.next-client") == 0 &&
	    strncmp(g, "nothing", 7) == 0) {
		bytes_puts(why, "After a client vanished in the middle of a "
		    "frame, the server did not serve the next one. recv() "
		    "returning 0 means the client closed: stop reading from "
		    "that connection (a loop that ignores the 0 spins "
		    "forever), close it and go back to accept().");
		return;
	}
	if (strcmp(d->key, "server.stderr-reports") == 0) {
		bytes_puts(why, "A client that closes in the middle of a frame "
		    "deserves a line on stderr (for example 'server: "
		    "127.0.0.1:41822 closed the connection in the middle of "
		    "message 2').");
		return;
	}
	if (diagnose_framing(ref, got, d, why, 1))
		return;
	diagnose_common(ref, got, d, why);
}

/* The payload part of a frame description ("length 5 (...): hello"). */
static const char *
payload_of(const char *desc)
{
	const char *p = strstr(desc, "): ");

	return p == NULL ? NULL : p + 3;
}

/* How the first line of a client's stdout that differs is wrong. */
enum line_diff {
	LINE_SAME,	/* no line differs */
	LINE_SHORTER,	/* a start of the expected line, or no line at all */
	LINE_LONGER,	/* the expected line, then more bytes */
	LINE_REPEATED,	/* the line before it again, where another was due */
	LINE_OTHER
};

/* Line n (from 0) of s: its start in *line and length in *len; -1: none. */
static int
line_at(const char *s, int n, const char **line, size_t *len)
{
	const char *end;

	for (; n > 0; n--) {
		s = strchr(s, '\n');
		if (s == NULL)
			return -1;
		s++;
	}
	if (*s == '\0')
		return -1;
	end = strchr(s, '\n');
	*line = s;
	*len = end != NULL ? (size_t)(end - s) : strlen(s);
	return 0;
}

/*
 * Compare the client's stdout got with the expected e line by line; the
 * first line that differs is *n (from 0), its lines in el/elen, gl/glen.
 */
static enum line_diff
compare_lines(const char *e, const char *g, int *n, const char **el,
    size_t *elen, const char **gl, size_t *glen)
{
	for (*n = 0;; (*n)++) {
		int he = line_at(e, *n, el, elen) == 0;
		int hg = line_at(g, *n, gl, glen) == 0;
		const char *pl;
		size_t plen;

		if (!he && !hg)
			return LINE_SAME;
		if (!hg)
			return LINE_SHORTER;
		if (!he)
			return LINE_OTHER;
		if (*elen == *glen && memcmp(*el, *gl, *elen) == 0)
			continue;
		if (*n > 0 && line_at(g, *n - 1, &pl, &plen) == 0 &&
		    plen == *glen && memcmp(pl, *gl, plen) == 0)
			return LINE_REPEATED;
		if (*glen < *elen && memcmp(*el, *gl, *glen) == 0)
			return LINE_SHORTER;
		if (*glen > *elen && memcmp(*el, *gl, *elen) == 0)
			return LINE_LONGER;
		return LINE_OTHER;
	}
}

/*
 * The client's stdout holds a reply followed by stale bytes, or the
 * previous reply again: it printed the payload as a C string.
 */
static int
diagnose_c_string(const struct transcript *ref, const struct transcript *got,
    struct bytes *why)
{
	const char *el, *gl;
	size_t elen, glen;
	int n;
	enum line_diff ld = compare_lines(transcript_str(ref, "client.stdout"),
	    transcript_str(got, "client.stdout"), &n, &el, &elen, &gl, &glen);

	if (ld == LINE_LONGER)
		bytes_printf(why, "Line %d of the output is the reply '%.*s' "
		    "followed by more bytes ('%.*s'), left in the buffer by an "
		    "older, longer reply. ", n + 1, (int)(elen < 60 ? elen :
		    60), el, (int)(glen - elen < 60 ? glen - elen : 60),
		    gl + elen);
	else if (ld == LINE_REPEATED)
		bytes_printf(why, "Line %d of the output repeats the reply "
		    "before it, where '%.*s' was due: %s. ", n + 1,
		    (int)(elen < 60 ? elen : 60), el, elen == 0 ? "an empty "
		    "reply leaves the buffer as the previous reply left it" :
		    "the buffer still held the previous reply");
	else
		return 0;
	bytes_puts(why, "The reply was printed as a C string (printf(\"%s\"), "
	    "puts()), but a payload has no '\\0' at its end and may be "
	    "empty. Print exactly its LENGTH bytes: fwrite(reply, 1, length, "
	    "stdout), then putchar('\\n').");
	return 1;
}

/* What the student's client sent; how it ended. */
static int
diagnose_client_common(const struct transcript *ref,
    const struct transcript *got, const struct difference *d,
    struct bytes *why, int whole_headers)
{
	const char *e = transcript_str(ref, d->key);
	const char *g = transcript_str(got, d->key);
	const char *end = transcript_str(got, "probe.end");
	const char *ep = payload_of(e), *gp = payload_of(g);

	if (diagnose_framing(ref, got, d, why, whole_headers))
		return 1;
	if (strcmp(d->key, "client.stdout") == 0 &&
	    diagnose_c_string(ref, got, why))
		return 1;
	if (strncmp(d->key, "probe.frame", 11) != 0)
		return 0;
	if (strncmp(g, "nothing within", 14) == 0 &&
	    strcmp(d->key, "probe.frame1") != 0) {
		char prev[32];

		snprintf(prev, sizeof prev, "probe.frame%d",
		    atoi(d->key + 11) - 1);
		if (strncmp(transcript_str(ref, prev), "length 0 ", 9) == 0) {
			bytes_puts(why, "The client got stuck after the empty "
			    "line: the reply to it has length 0, and on Linux "
			    "recv() asked for 0 bytes waits until some data "
			    "arrives. Do not call recv() when no bytes are "
			    "needed (a while (got < length) loop never does).");
			return 1;
		}
	}
	if (ep != NULL && gp != NULL && strlen(gp) == strlen(ep) + 1 &&
	    strncmp(gp, ep, strlen(ep)) == 0 && gp[strlen(ep)] == '\n') {
		bytes_puts(why, "The frame holds the line with its newline "
		    "character at the end: the newline only ends the line and "
		    "is not part of the message. Remove it before sending (the "
		    "last line may have none).");
		return 1;
	}
	if (strcmp(d->key, "probe.frame1") != 0 &&
	    (strstr(end, "more than") != NULL ||
	    strstr(g, "over the limit") != NULL ||
	    strncmp(g, "length 0 ", 9) == 0)) {
		bytes_puts(why, "After the first frame came bytes that do not "
		    "start the next frame: the client sent more than 4 + "
		    "LENGTH bytes per message (sizeof a struct, or of a whole "
		    "buffer?). Send exactly the 4 length bytes and the LENGTH "
		    "bytes of the line.");
		return 1;
	}
	return 0;
}

static void
diagnose_client(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	if (diagnose_client_common(ref, got, d, why, 1))
		return;
	diagnose_common(ref, got, d, why);
}

/* Replies sent in pieces. */
static void
diagnose_client_pieces(const struct transcript *ref,
    const struct transcript *got, const struct difference *d,
    struct bytes *why)
{
	const char *el, *gl;
	size_t elen, glen;
	int n, hung;
	enum line_diff ld;

	if (diagnose_client_common(ref, got, d, why, 1))
		return;
	/*
	 * Blame the reading of pieces only for what it does: lines cut
	 * short (or missing), or a client stuck waiting for bytes.
	 */
	ld = compare_lines(transcript_str(ref, "client.stdout"),
	    transcript_str(got, "client.stdout"), &n, &el, &elen, &gl, &glen);
	hung = strcmp(transcript_str(got, "client.status"), "still running") ==
	    0 || strncmp(transcript_str(got, d->key), "nothing within", 14) == 0;
	if ((ld == LINE_SHORTER || hung) &&
	    (strncmp(d->key, "probe.", 6) == 0 ||
	    strncmp(d->key, "client.", 7) == 0)) {
		bytes_puts(why, "The replies came in pieces (1 length byte, "
		    "then 3, then the payload in two parts) and the client "
		    "went wrong: one recv() returns whatever has arrived so "
		    "far, even when you ask for more. Read exactly 4 length "
		    "bytes, then exactly LENGTH payload bytes, each with a "
		    "loop, recv(fd, buf + got, length - got, 0) until got == "
		    "length (recv_exactly()).");
		return;
	}
	diagnose_common(ref, got, d, why);
}

/* A server that closes without replying. */
static void
diagnose_client_closed(const struct transcript *ref,
    const struct transcript *got, const struct difference *d,
    struct bytes *why)
{
	const char *g = transcript_str(got, d->key);

	if (strcmp(d->key, "client.reaction") == 0 &&
	    strstr(g, "still running") != NULL) {
		bytes_puts(why, "The server closed the connection without "
		    "replying, and the client is still running: once the peer "
		    "has closed, recv() returns 0 every time. Stop reading when "
		    "it returns 0, print an error on stderr and exit with "
		    "status 1.");
		return;
	}
	if (strcmp(d->key, "client.reaction") == 0) {
		bytes_puts(why, "When the server closes the connection without "
		    "replying, print an error on stderr and exit with status "
		    "1: the reply never came.");
		return;
	}
	diagnose_client(ref, got, d, why);
}

static const struct check checks[] = {
	{
		.name = "server-one-write",
		.title = "four frames in one write get four replies, in order",
		.hint = "Read exactly 4 length bytes, ntohl() them, then "
		    "exactly that many payload bytes; answer; repeat until "
		    "recv() returns 0.",
		.scenario = server_one_write,
		.diagnose = diagnose_one_write,
	},
	{
		.name = "server-empty-frame",
		.title = "an empty frame sent alone is answered at once",
		.hint = "A length of 0 means no payload: do not call recv() "
		    "for 0 bytes (a while (got < length) loop never does); "
		    "reply 00 00 00 00.",
		.scenario = server_empty_frame,
		.diagnose = diagnose_empty,
	},
	{
		.name = "server-byte-by-byte",
		.title = "frames sent one byte per write are read whole",
		.hint = "recv() may return 1 byte: read the header and the "
		    "payload with a read-exactly loop.",
		.scenario = server_byte_by_byte,
		.diagnose = diagnose_bytes,
	},
	{
		.name = "server-split-header",
		.title = "length headers split across writes are put together",
		.hint = "The 4 length bytes can arrive in several pieces, "
		    "glued to the previous payload: loop until all 4 are "
		    "there.",
		.scenario = server_split_header,
		.diagnose = diagnose_split,
	},
	{
		.name = "server-max-message",
		.title = "a message of exactly 65536 bytes is accepted and "
		    "answered",
		.hint = "Reject only length > MAX_MESSAGE, and keep room for "
		    "MAX_MESSAGE payload bytes.",
		.scenario = server_max_message,
		.diagnose = diagnose_max,
	},
	{
		.name = "server-rejects-oversize",
		.title = "lengths 0xFFFFFFFF and 65537 are refused; the "
		    "server goes on",
		.hint = "Check the length against MAX_MESSAGE right after the "
		    "header; on failure print it and the limit on stderr, "
		    "close that connection, keep serving.",
		.scenario = server_rejects_oversize,
		.diagnose = diagnose_oversize,
	},
	{
		.name = "server-partial-frame",
		.title = "a client vanishing mid-frame is reported; the "
		    "server goes on",
		.hint = "recv() returning 0 in the middle of a frame: print "
		    "an error on stderr, close the connection, accept the "
		    "next client.",
		.scenario = server_partial_frame,
		.diagnose = diagnose_partial,
	},
	{
		.name = "client-sends-frames",
		.title = "sends each input line as one exact frame and prints "
		    "the replies",
		.hint = "Per line: htonl(length) as 4 bytes, then the line "
		    "without its newline: exactly 4 + length bytes.",
		.scenario = client_sends_frames,
		.diagnose = diagnose_client,
	},
	{
		.name = "client-reads-pieces",
		.title = "reads replies that arrive in pieces",
		.hint = "Read the reply's 4 length bytes and its payload each "
		    "with a read-exactly loop.",
		.scenario = client_reads_pieces,
		.diagnose = diagnose_client_pieces,
	},
	{
		.name = "client-server-closes",
		.title = "reports a server that closes without replying and "
		    "exits non-zero",
		.hint = "recv() returning 0 before the reply is complete: "
		    "print an error on stderr and exit with status 1.",
		.scenario = client_server_closes,
		.diagnose = diagnose_client_closed,
	},
};

static const char *const programs[] = { "server", "client", NULL };

static const struct lesson lesson_05 = {
	.dir = "05-framing",
	.title = "Framing: length-prefixed messages over a TCP byte stream",
	.programs = programs,
	.checks = checks,
	.n_checks = sizeof checks / sizeof checks[0],
};

LESSON_REGISTER(lesson_05)

/*
 * memcheck.c: valgrind's memcheck log, read as blocks of lines.
 *
 * Every line of the log starts with "==PID== ". Reports are blocks separated
 * by empty lines: a headline at the left margin ("Invalid read of size 4"),
 * stack frames indented by three spaces ("   at 0x10923B: main (server.c:15)")
 * and sub-headlines indented by one (" Address 0x4a4204c is 12 bytes inside
 * a block of size 40 free'd"), each with frames of its own. --track-fds=yes
 * adds a "FILE DESCRIPTORS: 6 open (3 std) at exit." line, then one block per
 * descriptor ("Open AF_INET socket 4: 127.0.0.1:50999 <-> unbound"); those
 * the program got from its parent say "<inherited from parent>".
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "memcheck.h"

/* The most lines of one block looked at (a block has ~12 frames per part). */
#define MAX_BLOCK_LINES 128
/* The most of an unreadable log shown instead of a report. */
#define RAW_LOG_SHOWN 4000
/* Addresses below this are a NULL pointer (plus an offset). */
#define NULL_PAGE 4096
/* What follows a descriptor the program did not open itself. */
#define INHERITED "   <inherited from parent>"
/* Said when a report has no frame in the student's files. */
#define NO_OWN_FRAME "   (no line of your own files here)\n"

struct line {
	const char *s;		/* the text after valgrind's "==PID== " */
	size_t len;
};

struct block {
	struct line lines[MAX_BLOCK_LINES];
	size_t n;
};

enum block_kind { BLOCK_OTHER, BLOCK_ERROR, BLOCK_FD_LEAK, BLOCK_FD_INHERITED };

/* A cursor over the log's lines. */
struct reader {
	const char *p;
	struct line pending;	/* a line read ahead, when has_pending */
	int has_pending;
};

static int
starts_with(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && memcmp(l->s, prefix, n) == 0;
}

/* Skip a "==123== " or "--123-- " prefix; returns the text after it. */
static const char *
skip_prefix(const char *s, const char *end)
{
	const char *q = s + 2;

	if (end - s < 5 || (s[0] != '=' && s[0] != '-') || s[1] != s[0])
		return s;
	while (q < end && isdigit((unsigned char)*q))
		q++;
	if (q == s + 2 || end - q < 2 || q[0] != s[0] || q[1] != s[0])
		return s;
	q += 2;
	return q < end && *q == ' ' ? q + 1 : q;
}

/* The next line of the log, prefix removed. Returns 0 at the end. */
static int
next_line(struct reader *rd, struct line *l)
{
	const char *end;

	if (rd->has_pending) {
		*l = rd->pending;
		rd->has_pending = 0;
		return 1;
	}
	if (*rd->p == '\0')
		return 0;
	end = strchr(rd->p, '\n');
	if (end == NULL)
		end = rd->p + strlen(rd->p);
	l->s = skip_prefix(rd->p, end);
	l->len = (size_t)(end - l->s);
	while (l->len > 0 && (l->s[l->len - 1] == ' ' ||
	    l->s[l->len - 1] == '\r'))
		l->len--;
	rd->p = *end == '\n' ? end + 1 : end;
	return 1;
}

/*
 * The next block: lines up to an empty one. "FILE DESCRIPTORS:" stands
 * alone, and "Open ..." always starts a block, as valgrind runs them on
 * without empty lines between. Returns 0 at the end of the log.
 */
static int
next_block(struct reader *rd, struct block *b)
{
	struct line l;

	b->n = 0;
	while (next_line(rd, &l)) {
		if (l.len == 0) {
			if (b->n > 0)
				return 1;
			continue;
		}
		if (b->n > 0 && (starts_with(&l, "Open ") ||
		    starts_with(&l, "FILE DESCRIPTORS:"))) {
			rd->pending = l;
			rd->has_pending = 1;
			return 1;
		}
		if (b->n < MAX_BLOCK_LINES)
			b->lines[b->n++] = l;
		if (starts_with(&l, "FILE DESCRIPTORS:"))
			return 1;
	}
	return b->n > 0;
}

/* Is l a stack frame ("   at 0x...: f (file.c:3)" or "   by ...")? */
static int
is_frame(const struct line *l)
{
	return starts_with(l, "   at ") || starts_with(l, "   by ");
}

static enum block_kind
classify(const struct block *b)
{
	const struct line *head = &b->lines[0];
	static const char *const not_errors[] = {
		"Process terminating", "FILE DESCRIPTORS", "HEAP SUMMARY",
		"LEAK SUMMARY", "Warning", "Memcheck,", NULL,
	};

	if (starts_with(head, "Open ")) {
		for (size_t i = 1; i < b->n; i++)
			if (starts_with(&b->lines[i], INHERITED) &&
			    b->lines[i].len == strlen(INHERITED))
				return BLOCK_FD_INHERITED;
		return BLOCK_FD_LEAK;
	}
	if (head->len == 0 || head->s[0] == ' ')
		return BLOCK_OTHER;
	for (int i = 0; not_errors[i] != NULL; i++)
		if (starts_with(head, not_errors[i]))
			return BLOCK_OTHER;
	/* An error or a leak always shows where it happened. */
	for (size_t i = 1; i < b->n; i++)
		if (is_frame(&b->lines[i]))
			return BLOCK_ERROR;
	return BLOCK_OTHER;
}

/*
 * The sum of the numbers after each marker in log, or -1 when there is no
 * marker. A program that fork()s has one summary per process in the log.
 */
static int
sum_after(const char *log, const char *marker)
{
	const char *hit = log;
	int sum = -1;

	while ((hit = strstr(hit, marker)) != NULL) {
		hit += strlen(marker);
		sum = (sum == -1 ? 0 : sum) + atoi(hit);
	}
	return sum;
}

void
memcheck_parse(const char *log, struct memcheck_summary *s)
{
	struct reader rd = { .p = log };
	struct block *b = xmalloc(sizeof *b);
	int blocks = 0;

	memset(s, 0, sizeof *s);
	while (next_block(&rd, b)) {
		enum block_kind k = classify(b);

		blocks += k == BLOCK_ERROR;
		s->open_fds += k == BLOCK_FD_LEAK;
	}
	s->errors = sum_after(log, "ERROR SUMMARY: ");
	s->complete = s->errors != -1;
	if (!s->complete)
		s->errors = blocks;
	free(b);
}

/*
 * Is the file of frame l ("... (file.c:12)") one of files? A frame in a
 * library reads "(in /usr/lib/libc.so.6)".
 */
static int
in_student_file(const struct line *l, const char *const files[])
{
	const char *open = NULL, *end = l->s + l->len, *colon, *base;

	for (const char *q = l->s; q < end; q++)
		if (*q == '(')
			open = q;
	if (open == NULL || end[-1] != ')')
		return 0;
	colon = memchr(open, ':', (size_t)(end - open));
	if (colon == NULL)
		return 0;
	base = open + 1;
	for (const char *q = open + 1; q < colon; q++)
		if (*q == '/')
			base = q + 1;
	for (int i = 0; files[i] != NULL; i++)
		if (strlen(files[i]) == (size_t)(colon - base) &&
		    memcmp(files[i], base, (size_t)(colon - base)) == 0)
			return 1;
	return 0;
}

/* "   at 0x10923B: main (server.c:15)" as "   at main (server.c:15)". */
static void
put_frame(struct bytes *out, const struct line *l)
{
	const char *text = l->s + 6, *end = l->s + l->len;
	const char *colon = memchr(text, ':', (size_t)(end - text));

	bytes_append(out, l->s, 6);
	if (strncmp(text, "0x", 2) == 0 && colon != NULL && colon + 2 <= end)
		text = colon + 2;
	bytes_append(out, text, (size_t)(end - text));
	bytes_puts(out, "\n");
}

/*
 * A sub-headline, with the address after "Address " left out: it changes
 * from run to run and says nothing to a student. A tiny one stays: "Address
 * 0x0" is a NULL pointer.
 */
static void
put_subheadline(struct bytes *out, const struct line *l)
{
	const char *end = l->s + l->len;
	const char *hex = l->s + strlen(" Address ");

	if (starts_with(l, " Address 0x") &&
	    strtoull(hex, NULL, 16) >= NULL_PAGE) {
		const char *q = hex + 2;

		while (q < end && isxdigit((unsigned char)*q))
			q++;
		bytes_append(out, l->s, (size_t)(hex - l->s));
		if (q < end && *q == ' ')
			q++;
		bytes_append(out, q, (size_t)(end - q));
	} else {
		bytes_append(out, l->s, l->len);
	}
	bytes_puts(out, "\n");
}

/*
 * Append block b trimmed to the frames in files. The headline's part says so
 * when none of its frames is the student's; a sub-headline's part may have
 * none (a block freed by the C library) and is then shown without frames.
 */
static void
put_trimmed(struct bytes *out, const struct block *b, const char *const files[])
{
	int in_headline = 1, frames = 0;

	bytes_append(out, b->lines[0].s, b->lines[0].len);
	bytes_puts(out, "\n");
	for (size_t i = 1; i < b->n; i++) {
		const struct line *l = &b->lines[i];

		if (is_frame(l)) {
			if (in_student_file(l, files)) {
				put_frame(out, l);
				frames++;
			}
		} else if (l->s[0] == ' ' && l->s[1] != ' ') {
			if (in_headline && frames == 0)
				bytes_puts(out, NO_OWN_FRAME);
			in_headline = 0;
			put_subheadline(out, l);
		}
	}
	if (in_headline && frames == 0)
		bytes_puts(out, NO_OWN_FRAME);
}

/* Is b a leak of blocks only reachable from another lost block? */
static int
indirect_leak(const struct block *b)
{
	const struct line *head = &b->lines[0];

	return memmem(head->s, head->len, "are indirectly lost", 19) != NULL;
}

/* Does b report a value never set? */
static int
uninitialised(const struct block *b)
{
	const struct line *head = &b->lines[0];

	return memmem(head->s, head->len, "uninitialised", 13) != NULL;
}

/*
 * The first report is the first error or (with_fds) leaked descriptor, but
 * an indirect leak only when no other report follows: the definite leak of
 * the block that pointed to it is the bug to fix.
 */
int
memcheck_first_report(const char *log, const char *const files[],
    int with_fds, struct bytes *out)
{
	struct reader rd = { .p = log };
	struct block *b = xmalloc(sizeof *b);
	struct bytes indirect;
	int found = 0;

	bytes_init(&indirect);
	while (!found && next_block(&rd, b)) {
		enum block_kind k = classify(b);

		if (k != BLOCK_ERROR && !(with_fds && k == BLOCK_FD_LEAK))
			continue;
		if (k == BLOCK_ERROR && indirect_leak(b)) {
			if (indirect.len == 0)
				put_trimmed(&indirect, b, files);
			continue;
		}
		put_trimmed(out, b, files);
		if (uninitialised(b))
			bytes_puts(out, "(valgrind --track-origins=yes also "
			    "shows where the value was created)\n");
		found = 1;
	}
	if (!found && indirect.len > 0) {
		bytes_append(out, indirect.data, indirect.len);
		found = 1;
	}
	bytes_free(&indirect);
	free(b);
	return found;
}

/* The log without valgrind's prefixes, at most max bytes of it. */
static void
put_plain_log(struct bytes *out, const char *log, size_t max)
{
	struct reader rd = { .p = log };
	size_t start = out->len;
	struct line l;

	while (next_line(&rd, &l) && out->len - start < max) {
		bytes_append(out, l.s, l.len);
		bytes_puts(out, "\n");
	}
}

void
memcheck_verdict(const char *log, const char *const files[], int exited,
    struct bytes *out)
{
	struct memcheck_summary s;
	int fds;

	memcheck_parse(log, &s);
	fds = exited ? s.open_fds : 0;
	if (s.errors == 0 && fds == 0) {
		bytes_puts(out, MEMCHECK_CLEAN);
		if (!s.complete)
			bytes_puts(out, " before it was killed (valgrind's log "
			    "ends before its summary: leaks were not checked)");
		return;
	}
	if (!memcheck_first_report(log, files, exited, out)) {
		bytes_puts(out, "valgrind reported errors; its log:\n");
		put_plain_log(out, log, RAW_LOG_SHOWN);
	}
	if (s.errors + fds > 1) {
		bytes_printf(out, "In all: %d error%s", s.errors,
		    s.errors == 1 ? "" : "s");
		if (fds > 0)
			bytes_printf(out, ", %d descriptor%s left open at exit",
			    fds, fds == 1 ? "" : "s");
		bytes_puts(out, ".\n");
	}
	/* No trailing newline: the report ends with its last line. */
	if (out->len > 0 && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
}

enum memcheck_outcome
memcheck_outcome(const char *verdict)
{
	if (strncmp(verdict, MEMCHECK_CLEAN, strlen(MEMCHECK_CLEAN)) == 0)
		return MEMCHECK_OK;
	if (strncmp(verdict, MEMCHECK_UNCHECKED,
	    strlen(MEMCHECK_UNCHECKED)) == 0)
		return MEMCHECK_NOT_RUN;
	return MEMCHECK_FOUND;
}

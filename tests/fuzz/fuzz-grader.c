/*
 * fuzz-grader.c: a libFuzzer target for what the grader reads from
 * untrusted sources: a student program's output (escaping, port
 * normalisation, comparison, every lesson's diagnoses and the three report
 * formats), the transcript wire format a sandbox sends back, compiler output,
 * a submitted source file and a lesson's .skeleton-sums file.
 *
 * The first input byte, modulo 7, chooses the target; the rest is its input
 * (the seeds in tests/fuzz/corpus/ are named after their target):
 *   0 escape      a byte M (>= 0x80: show all, else at most M bytes), bytes
 *   1 ports       a flags byte, a note.ports line, text to normalise
 *   2 transcript  wire format (u32 key length, key, u32 value length, value)
 *   3 judge       lesson and check numbers (one byte each), the reference's
 *                 wire length (u16, big-endian), its wire, the student's wire
 *   4 compiler    compiler output
 *   5 source      a submitted server.c
 *   6 skeleton    a .skeleton-sums file
 * Each target asserts the contract of the code it drives; a broken invariant
 * aborts, which libFuzzer reports as a crash with the input that caused it.
 * Built by make check (tests/fuzz/run-fuzz) with clang's
 * -fsanitize=fuzzer,address,undefined.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "bytes.h"
#include "compare.h"
#include "judge.h"
#include "lesson.h"
#include "report.h"
#include "transcript.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A scratch directory for the targets that read files. */
static char scratch[256];

#define check(cond, what)						\
	do {								\
		if (!(cond))						\
			broken(__LINE__, (what));			\
	} while (0)

static void
broken(int line, const char *what)
{
	fprintf(stderr, "fuzz-grader.c:%d: invariant broken: %s\n", line, what);
	abort();
}

/* Is every byte of s[0..n) printable ASCII or one of the bytes in also? */
static int
only_printable(const char *s, size_t n, const char *also)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 || c >= 0x7f) && (c == '\0' ||
		    strchr(also, c) == NULL))
			return 0;
	}
	return 1;
}

/*
 * Has s[0..n) a byte that drives a terminal (C0 but newline, DEL)? Text
 * reports pass bytes from 0x80 through for UTF-8 paths in messages.
 */
static int
no_control_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return 0;
	}
	return 1;
}

static int
same_bytes(const struct bytes *b, const void *p, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, p, n) == 0);
}

static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Undo escape_bytes (and escape_text, whose raw newlines and tabs stay as
 * they are) into out. Returns 0, or -1 when s is not something they write.
 */
static int
unescape(const char *s, size_t n, struct bytes *out)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c != '\\') {
			bytes_append(out, &c, 1);
			continue;
		}
		if (++i == n)
			return -1;
		switch (s[i]) {
		case '\\': c = '\\'; break;
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case '0': c = '\0'; break;
		case 'x':
			if (n - i < 3 || hex_digit(s[i + 1]) < 0 ||
			    hex_digit(s[i + 2]) < 0)
				return -1;
			c = (char)(hex_digit(s[i + 1]) << 4 |
			    hex_digit(s[i + 2]));
			i += 2;
			break;
		default:
			return -1;
		}
		bytes_append(out, &c, 1);
	}
	return 0;
}

/*
 * escape_bytes and escape_text: nothing but printable ASCII comes out
 * (escape_text keeps newlines and tabs), what is shown can be read back
 * exactly, and a cut is announced with the number of bytes left out.
 */
static void
fuzz_escape(const char *d, size_t n)
{
	struct bytes out, back, part;
	size_t max;
	char tail[64];

	if (n == 0)
		return;
	/* The first byte: show everything, or at most that many bytes. */
	max = (unsigned char)d[0];
	d++;
	n--;
	if (max >= 0x80)
		max = n;
	snprintf(tail, sizeof tail, " ... (%zu more bytes)",
	    max < n ? n - max : 0);
	for (int text = 0; text < 2; text++) {
		bytes_init(&out);
		bytes_init(&back);
		bytes_init(&part);
		if (text)
			escape_text(&out, d, n, max);
		else
			escape_bytes(&out, d, n, max);
		check(only_printable(out.data, out.len, text ? "\n\t" : ""),
		    "an escaped byte is not printable");
		if (max >= n) {
			check(unescape(out.data, out.len, &back) == 0,
			    "escaped text cannot be read back");
			check(same_bytes(&back, d, n),
			    "escaped text does not read back as the input");
		} else {
			if (text)
				escape_text(&part, d, max, max);
			else
				escape_bytes(&part, d, max, max);
			check(out.len == part.len + strlen(tail) &&
			    memcmp(out.data, bytes_str(&part), part.len) == 0 &&
			    strcmp(out.data + part.len, tail) == 0,
			    "a cut output is not the shown part and its count");
		}
		bytes_free(&out);
		bytes_free(&back);
		bytes_free(&part);
	}
}

/* Write pn back as a "note.ports" value. */
static void
ports_text(const struct port_names *pn, struct bytes *out)
{
	for (int i = 0; i < pn->n; i++)
		bytes_printf(out, "%s%s=%d", i ? " " : "", pn->name[i],
		    pn->port[i]);
}

/*
 * Port normalisation: the first line is a note.ports value, the rest the
 * output to normalise. Parsing a value written from a parse gives the same
 * names; normalising twice changes nothing more than once; with no names
 * and an empty ephemeral range, nothing changes at all.
 */
static void
fuzz_ports(const char *d, size_t n)
{
	struct port_names pn, again;
	struct bytes line, text, once, twice;
	const char *nl;
	unsigned flags;

	if (n == 0)
		return;
	flags = (unsigned char)d[0];
	d++;
	n--;
	nl = memchr(d, '\n', n);
	bytes_init(&line);
	bytes_init(&text);
	bytes_init(&once);
	bytes_init(&twice);
	bytes_append(&line, d, nl != NULL ? (size_t)(nl - d) : n);
	if (nl != NULL) {
		n -= (size_t)(nl - d) + 1;
		d = nl + 1;
	} else {
		n = 0;
	}
	if (port_names_parse(&pn, bytes_str(&line)) == -1) {
		pn.n = 0;
	} else {
		check(pn.n >= 0 && pn.n <= MAX_NAMED_PORTS, "too many names");
		ports_text(&pn, &text);
		check(port_names_parse(&again, bytes_str(&text)) == 0 &&
		    again.n == pn.n && memcmp(again.port, pn.port,
		    sizeof pn.port[0] * (size_t)pn.n) == 0,
		    "named ports do not parse back");
		for (int i = 0; i < pn.n; i++)
			check(strcmp(again.name[i], pn.name[i]) == 0,
			    "port names do not parse back");
	}
	pn.rename_named = flags & 1;
	pn.eph_lo = flags & 2 ? 32768 : 1024;
	pn.eph_hi = flags & 4 ? 60999 : 65535;

	normalize_ports(&once, d, n, &pn);
	normalize_ports(&twice, once.data ? once.data : "", once.len, &pn);
	check(same_bytes(&twice, once.data, once.len),
	    "normalising again changes the output");

	bytes_clear(&once);
	pn.n = 0;
	pn.eph_lo = 1;
	pn.eph_hi = 0;
	normalize_ports(&once, d, n, &pn);
	check(same_bytes(&once, d, n),
	    "nothing to rename, yet the output changed");
	bytes_free(&line);
	bytes_free(&text);
	bytes_free(&once);
	bytes_free(&twice);
}

static int
same_transcript(const struct transcript *a, const struct transcript *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->entries[i].key, b->entries[i].key) != 0 ||
		    !same_bytes(&b->entries[i].value, a->entries[i].value.data,
		    a->entries[i].value.len))
			return 0;
	return 1;
}

/*
 * The wire format: what parses (entirely or in part) serializes into bytes
 * that parse into the same transcript, keys are non-empty strings, and a
 * transcript compares equal to itself.
 */
static void
fuzz_transcript(const char *d, size_t n)
{
	struct transcript t, again;
	struct bytes wire, rewire;
	struct difference diff;

	transcript_init(&t);
	transcript_init(&again);
	bytes_init(&wire);
	bytes_init(&rewire);
	(void)transcript_parse(&t, d, n);
	for (size_t i = 0; i < t.n; i++) {
		const char *key = t.entries[i].key;

		check(key[0] != '\0' && only_printable(key, strlen(key), "") &&
		    strchr(key, ' ') == NULL, "a key is empty or unprintable");
		check(transcript_get(&t, key) == &t.entries[i].value,
		    "a key is not found, or twice");
	}
	transcript_serialize(&t, &wire);
	check(transcript_parse(&again, wire.data, wire.len) == 0,
	    "a serialized transcript does not parse");
	check(same_transcript(&t, &again), "parse(serialize(t)) is not t");
	transcript_serialize(&again, &rewire);
	check(same_bytes(&rewire, wire.data, wire.len),
	    "serializing again gives other bytes");
	check(transcript_compare(&t, &t, &diff) == 0,
	    "a transcript differs from itself");
	difference_free(&diff);
	transcript_free(&t);
	transcript_free(&again);
	bytes_free(&wire);
	bytes_free(&rewire);
}

/* Has t a valgrind result (which judge_check may fail on its own)? */
static int
has_memcheck(const struct transcript *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (strstr(t->entries[i].key, "memcheck") != NULL)
			return 1;
	return 0;
}

/* A report print into memory: what a terminal or a CI log would get. */
static void
print_report(const struct report *r, enum report_format fmt, struct bytes *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL) {
		perror("fuzz-grader: open_memstream");
		abort();
	}
	report_print(f, r, fmt, 0);
	if (fclose(f) != 0) {
		perror("fuzz-grader: fclose");
		abort();
	}
	bytes_append(out, buf, len);
	free(buf);
}

/*
 * A check judged on two transcripts (as a sandbox would send them back for
 * the reference and the student), with the lesson's own diagnose(), and the
 * verdict printed in every format: no byte of either transcript reaches
 * the output unescaped, whatever the transcripts hold.
 */
static void
fuzz_judge(const char *d, size_t n)
{
	static const enum report_format formats[] = {
		FORMAT_TEXT, FORMAT_TAP, FORMAT_JSON,
	};
	struct transcript ref, got;
	struct check_report c;
	struct lesson_report lr;
	struct report r;
	const struct lesson *l;
	const struct check *ck;
	size_t split;

	if (n < 4 || lesson_count() == 0)
		return;
	l = lesson_at((unsigned char)d[0] % lesson_count());
	ck = &l->checks[(unsigned char)d[1] % l->n_checks];
	split = (size_t)(unsigned char)d[2] << 8 | (unsigned char)d[3];
	d += 4;
	n -= 4;
	if (split > n)
		split = n;
	transcript_init(&ref);
	transcript_init(&got);
	(void)transcript_parse(&ref, d, split);
	(void)transcript_parse(&got, d + split, n - split);

	check_report_init(&c);
	c.name = ck->name;
	c.title = ck->title;
	c.hint = ck->hint;
	judge_check(&c, ck, &ref, &got);
	/* A passed check's evidence: one escaped fact per line. */
	check(only_printable(c.expected.data, c.expected.len, "\n"),
	    "expected is not escaped");
	check(only_printable(c.got.data, c.got.len, "\n"),
	    "got is not escaped");
	check(only_printable(c.details.data, c.details.len, "\n"),
	    "stderr is not escaped");

	memset(&lr, 0, sizeof lr);
	lr.dir = l->dir;
	lr.title = l->title;
	lr.state = LESSON_GRADED;
	lr.checks = &c;
	lr.n_checks = 1;
	memset(&r, 0, sizeof r);
	r.sandbox = "fuzz";
	r.lessons = &lr;
	r.n_lessons = 1;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct bytes out;

		bytes_init(&out);
		print_report(&r, formats[i], &out);
		if (formats[i] == FORMAT_TEXT)
			check(no_control_bytes(out.data, out.len),
			    "a text report shows a control byte");
		else
			check(only_printable(out.data, out.len, "\n"),
			    "a TAP or JSON report shows a raw byte");
		bytes_free(&out);
	}
	check_report_free(&c);

	/*
	 * A student's run identical to the reference's passes, unless the
	 * reference could not run: that is the host's failure, inconclusive.
	 */
	check_report_init(&c);
	judge_check(&c, ck, &ref, &ref);
	if (transcript_get(&ref, "note.unavailable") != NULL)
		check(c.outcome == OUTCOME_INCONCLUSIVE,
		    "a reference that could not run is not inconclusive");
	else
		check(c.outcome == OUTCOME_PASS || has_memcheck(&ref),
		    "identical runs do not pass");
	check_report_free(&c);
	transcript_free(&ref);
	transcript_free(&got);
}

/* Every occurrence of from in d[0..n) replaced by to: the simple way. */
static void
replace_all(const char *d, size_t n, const char *from, const char *to,
    struct bytes *out)
{
	size_t m = strlen(from);

	for (size_t i = 0; i < n;) {
		if (n - i >= m && memcmp(d + i, from, m) == 0) {
			bytes_puts(out, to);
			i += m;
		} else {
			bytes_append(out, &d[i++], 1);
		}
	}
}

/*
 * Compiler output: escaped like any text (newlines and tabs kept), with the
 * grader's private copy of the sources shown as the student's directory,
 * everything the compiler said kept.
 */
static void
fuzz_compiler_output(const char *d, size_t n)
{
	static const char copy[] = "/tmp/g/01-x", dir[] = "lessons/01-x";
	struct bytes diag, out, plain, want;

	bytes_init(&diag);
	bytes_init(&out);
	bytes_init(&plain);
	bytes_init(&want);
	bytes_append(&diag, d, n);
	escape_compiler_output(&out, &diag, copy, dir);
	check(only_printable(out.data, out.len, "\n\t"),
	    "compiler output is not escaped");
	replace_all(d, n, copy, dir, &plain);
	escape_text(&want, plain.data ? plain.data : "", plain.len,
	    COMPILER_OUTPUT_SHOWN);
	check(same_bytes(&out, want.data, want.len),
	    "compiler output is not shown as the compiler wrote it");
	bytes_free(&diag);
	bytes_free(&out);
	bytes_free(&plain);
	bytes_free(&want);
}

/* Write d[0..n) to path (created or truncated); aborts on failure. */
static void
write_file(const char *path, const char *d, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd == -1) {
		perror(path);
		abort();
	}
	while (n > 0) {
		ssize_t w = write(fd, d, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			perror(path);
			abort();
		}
		d += w;
		n -= (size_t)w;
	}
	if (close(fd) == -1) {
		perror(path);
		abort();
	}
}

/*
 * A submitted source: accepted exactly when it is text (no NUL byte), not
 * too large and includes no file by path (a refusal of its own, only for
 * a source with a directive in it), and then copied byte for byte; refused
 * with a message.
 */
static void
fuzz_source(const char *d, size_t n)
{
	char src[300], dest[300], msg[512] = "";
	struct bytes copied;
	int truncated, accepted;

	snprintf(src, sizeof src, "%s/server.c", scratch);
	snprintf(dest, sizeof dest, "%s/copy.c", scratch);
	write_file(src, d, n);
	accepted = memchr(d, '\0', n) == NULL && n <= BUILD_MAX_SOURCE;
	if (build_take_source(scratch, "server.c", dest, msg, sizeof msg) == 0) {
		check(accepted, "a binary or oversized source was accepted");
		bytes_init(&copied);
		check(bytes_read_file(&copied, dest, BUILD_MAX_SOURCE + 1,
		    &truncated) == 0 && same_bytes(&copied, d, n),
		    "the copy is not the source");
		bytes_free(&copied);
	} else if (strstr(msg, "include only headers by name") != NULL) {
		check(accepted, "an include refused a binary or huge source");
		check(memchr(d, '#', n) != NULL || memmem(d, n, "%:", 2) ||
		    memmem(d, n, "?\?=", 3), "an include refused without '#'");
	} else {
		check(!accepted, "a text source was refused");
		check(msg[0] != '\0', "a refusal without a message");
	}
}

/*
 * A .skeleton-sums file: whatever it holds, the answer is 0 or 1; a first
 * line with the file's hash makes it a skeleton, one with another hash
 * does not.
 */
static void
fuzz_skeleton_sums(const char *d, size_t n)
{
	static const char source[] = "int main(void) { return 1; }\n";
	char sums[300], src[300];
	struct bytes text;
	uint64_t hash;

	snprintf(sums, sizeof sums, "%s/.skeleton-sums", scratch);
	snprintf(src, sizeof src, "%s/server.c", scratch);
	write_file(src, source, strlen(source));
	check(build_hash_code(src, &hash) == 0, "the source cannot be hashed");

	write_file(sums, d, n);
	int rc = build_is_skeleton(sums, scratch, "server.c");
	check(rc == 0 || rc == 1, "an answer other than 0 or 1");

	for (int right = 0; right < 2; right++) {
		bytes_init(&text);
		bytes_printf(&text, "%016" PRIx64 "  server.c\n",
		    right ? hash : hash + 1);
		bytes_append(&text, d, n);
		write_file(sums, text.data, text.len);
		check(build_is_skeleton(sums, scratch, "server.c") == right,
		    "the first line with the file's name is not the one used");
		bytes_free(&text);
	}
}

static void
remove_scratch(void)
{
	char path[300];
	static const char *const files[] = {
		"server.c", "copy.c", ".skeleton-sums",
	};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", scratch, files[i]);
		(void)unlink(path);
	}
	(void)rmdir(scratch);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(scratch, sizeof scratch, "%s/socklab-fuzz.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL) {
		perror("fuzz-grader: mkdtemp");
		exit(1);
	}
	atexit(remove_scratch);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void (*const targets[])(const char *, size_t) = {
		fuzz_escape, fuzz_ports, fuzz_transcript, fuzz_judge,
		fuzz_compiler_output, fuzz_source, fuzz_skeleton_sums,
	};
	const char *d = (const char *)data;

	if (size == 0)
		return 0;
	targets[data[0] % (sizeof targets / sizeof targets[0])](d + 1,
	    size - 1);
	return 0;
}

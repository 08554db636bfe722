/* test-report.c: text, TAP and JSON reports and the exit status. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "bytes.h"
#include "compare.h"
#include "judge.h"
#include "lesson.h"
#include "report.h"
#include "transcript.h"

/*
 * A report as the grader builds it: lesson 01 graded (one pass, one fail
 * whose output held an ESC and a newline), 02 not started, 03 broken (a
 * compiler message quoting an ESC from the source).
 */
static struct lesson_report lessons[3];
static struct report rep;

static const char student_out[] = "hel\x1b[2Jlo\n";
static const char student_err[] = "oops\x1b]0;title\x07\n";
static const char compiler[] = "server.c:1:12: error: expected ';'\n"
    "    1 | char *s = \"\x1b[31m\"\n";

static void
report_setup(void)
{
	struct check_report *c;

	memset(lessons, 0, sizeof lessons);
	for (size_t i = 0; i < 3; i++) {
		bytes_init(&lessons[i].problem);
		bytes_init(&lessons[i].warnings);
	}

	lessons[0].dir = "01-tcp-hello";
	lessons[0].title = "TCP hello";
	lessons[0].state = LESSON_GRADED;
	lessons[0].n_checks = 2;
	lessons[0].checks = c = xmalloc(2 * sizeof *c);
	escape_text(&lessons[0].warnings, "server.c:3:9: warning: unused\n",
	    30, 4096);
	check_report_init(&c[0]);
	c[0].name = "server-listens";
	c[0].title = "the server listens on 127.0.0.1:50007";
	c[0].outcome = OUTCOME_PASS;
	check_report_init(&c[1]);
	c[1].name = "client-prints";
	c[1].title = "the client prints the greeting";
	c[1].hint = "print exactly what was received";
	c[1].outcome = OUTCOME_FAIL;
	bytes_puts(&c[1].why, "client.stdout differs from the reference "
	    "solution's");
	bytes_puts(&c[1].sent, "ran: client 127.0.0.1 50007");
	bytes_puts(&c[1].expected, "client.stdout = ");
	escape_bytes(&c[1].expected, "hello\n", 6, 4096);
	bytes_puts(&c[1].got, "client.stdout = ");
	escape_bytes(&c[1].got, student_out, sizeof student_out - 1, 4096);
	bytes_puts(&c[1].details, "(client) ");
	escape_bytes(&c[1].details, student_err, sizeof student_err - 1, 4096);

	lessons[1].dir = "02-udp-hello";
	lessons[1].title = "UDP hello";
	lessons[1].state = LESSON_NOT_STARTED;

	lessons[2].dir = "03-broken";
	lessons[2].title = "Broken";
	lessons[2].state = LESSON_BROKEN;
	bytes_puts(&lessons[2].problem, "server.c does not compile; fix the "
	    "first error the compiler reports:\n");
	escape_text(&lessons[2].problem, compiler, sizeof compiler - 1, 4096);

	memset(&rep, 0, sizeof rep);
	rep.sandbox = "private network namespace (loopback only)";
	rep.lessons = lessons;
	rep.n_lessons = 3;
}

static void
report_teardown(void)
{
	for (size_t i = 0; i < 3; i++)
		lesson_report_free(&lessons[i]);
}

/* The report as printed; the caller frees it. */
static char *
render(const struct report *r, enum report_format fmt, int color,
    size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	ck_assert_ptr_nonnull(f);
	report_print(f, r, fmt, color);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_uint_eq(strlen(buf), *len);
	return buf;
}

static void
assert_has(const char *text, const char *words)
{
	ck_assert_msg(strstr(text, words) != NULL, "\"%s\" not in:\n%s", words,
	    text);
}

static void
assert_lacks(const char *text, const char *words)
{
	ck_assert_msg(strstr(text, words) == NULL, "\"%s\" in:\n%s", words,
	    text);
}

/* No control byte but newlines (and tabs, which compilers use). */
static void
assert_no_control_bytes(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		ck_assert_msg(c >= 0x20 || c == '\n' || c == '\t',
		    "control byte 0x%02x at offset %zu", c, i);
	}
}

/*
 * A light JSON check: strings hold no raw control byte and only valid
 * escapes, brackets balance, and the one top-level value ends the text.
 */
static void
assert_one_json_object(const char *s, size_t len)
{
	int depth = 0, in_string = 0;
	size_t i = 0;

	ck_assert_uint_gt(len, 2);
	ck_assert_int_eq(s[0], '{');
	ck_assert_int_eq(s[len - 1], '\n');
	for (i = 0; i < len - 1; i++) {
		unsigned char c = (unsigned char)s[i];

		ck_assert_msg(c >= 0x20, "raw 0x%02x at %zu", c, i);
		if (in_string) {
			if (c == '"') {
				in_string = 0;
			} else if (c == '\\') {
				c = (unsigned char)s[++i];
				ck_assert_msg(strchr("\"\\/bfnrtu", c) != NULL,
				    "bad escape \\%c at %zu", c, i);
				if (c == 'u')
					for (int k = 0; k < 4; k++)
						ck_assert(strchr(
						    "0123456789abcdefABCDEF",
						    s[++i]) != NULL);
			}
			continue;
		}
		if (c == '"')
			in_string = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			depth--;
			ck_assert_int_ge(depth, 0);
			if (depth == 0)
				ck_assert_msg(i == len - 2,
				    "text after the object at %zu", i);
		}
	}
	ck_assert_int_eq(in_string, 0);
	ck_assert_int_eq(depth, 0);
}

START_TEST(test_text_shows_outcomes)
{
	size_t len;
	char *out = render(&rep, FORMAT_TEXT, 0, &len);

	assert_has(out, "PASS  server-listens");
	assert_has(out, "FAIL  client-prints");
	assert_has(out, "not started");
	assert_has(out, "01-tcp-hello");
	assert_has(out, "02-udp-hello");
	assert_has(out, "03-broken");
	assert_has(out, "expected ';'");
	assert_has(out, "print exactly what was received");
	assert_has(out, "warning: unused");
	assert_has(out, "1/2 checks");
	assert_has(out, rep.sandbox);
	/* Details are for failures only: one why, one hint. */
	ck_assert_ptr_null(strstr(strstr(out, "why:") + 1, "why:"));
	ck_assert_ptr_null(strstr(strstr(out, "hint:") + 1, "hint:"));
	free(out);
}
END_TEST

START_TEST(test_text_without_color_has_no_escape_byte)
{
	size_t len;
	char *out = render(&rep, FORMAT_TEXT, 0, &len);

	ck_assert_msg(memchr(out, 0x1b, len) == NULL, "raw ESC in:\n%s", out);
	assert_no_control_bytes(out, len);
	/* The student's bytes are there, escaped. */
	assert_has(out, "hel\\x1b[2Jlo\\n");
	assert_has(out, "oops\\x1b]0;title\\x07");
	assert_has(out, "\\x1b[31m");
	free(out);
}
END_TEST

/*
 * why and sent hold text the grader wrote, but it may quote what a program
 * did (a status, a command's argument): a raw byte there is shown escaped.
 */
START_TEST(test_text_shows_raw_bytes_of_any_field_escaped)
{
	struct check_report *c = &lessons[0].checks[1];
	size_t len;
	char *out;

	bytes_puts(&c->why, " The program was killed by \x1b[2J.");
	bytes_puts(&c->sent, "\nran: client \x7f\x08 caf\xc3\xa9");
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_no_control_bytes(out, len);
	assert_has(out, "killed by \\x1b[2J.");
	/* UTF-8 (in a path, say) is shown as it is. */
	assert_has(out, "ran: client \\x7f\\x08 caf\xc3\xa9");
	free(out);
}
END_TEST

START_TEST(test_text_with_color_paints_only_outcomes)
{
	size_t len;
	char *out = render(&rep, FORMAT_TEXT, 1, &len);

	ck_assert_ptr_nonnull(memchr(out, 0x1b, len));
	assert_has(out, "\x1b[32mPASS\x1b[0m");
	assert_has(out, "\x1b[31mFAIL\x1b[0m");
	/* Never the student's own sequences. */
	assert_lacks(out, "\x1b[2J");
	assert_lacks(out, "\x1b]0;");
	free(out);
}
END_TEST

START_TEST(test_text_hint_only_without_diagnosis)
{
	size_t len;
	char *out;

	lessons[0].checks[1].diagnosed = 1;
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_has(out, "why:");
	assert_lacks(out, "hint:");
	free(out);
}
END_TEST

START_TEST(test_text_repeated_failure_shown_once)
{
	struct lesson_report *l = &lessons[0];
	struct check_report *c;
	size_t len;
	char *out;

	/* A third check that fails exactly like the second. */
	l->checks = xrealloc(l->checks, 3 * sizeof *l->checks);
	c = &l->checks[2];
	check_report_init(c);
	c->name = "client-again";
	c->title = "the client prints it again";
	c->outcome = OUTCOME_FAIL;
	bytes_puts(&c->why, bytes_str(&l->checks[1].why));
	bytes_puts(&c->expected, bytes_str(&l->checks[1].expected));
	bytes_puts(&c->got, bytes_str(&l->checks[1].got));
	l->n_checks = 3;
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_has(out, "FAIL  client-again");
	assert_has(out, "same failure as client-prints");
	ck_assert_ptr_null(strstr(strstr(out, "got:") + 1, "got:"));
	free(out);

	/* A different got is a different failure, of the same cause. */
	bytes_puts(&c->got, "!");
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_lacks(out, "same failure");
	assert_has(out, "why:      same cause as client-prints");
	ck_assert_ptr_null(strstr(strstr(out, "differs from") + 1,
	    "differs from"));
	free(out);

	/* Another why is its own cause. */
	bytes_puts(&c->why, " (again)");
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_lacks(out, "same cause");
	free(out);
}
END_TEST

/* expected and got of several lines: the first that differs is marked. */
START_TEST(test_text_marks_first_different_line)
{
	struct check_report *c = &lessons[0].checks[1];
	const char *mark = "   <- first difference";
	char *out, *e, *g;
	size_t len;

	bytes_free(&c->expected);
	bytes_free(&c->got);
	bytes_puts(&c->expected, "server.stdout = ");
	escape_bytes(&c->expected, "one\ntwo\nthree\n", 14, 4096);
	bytes_puts(&c->got, "server.stdout = ");
	escape_bytes(&c->got, "one\nTWO\nthree\n", 14, 4096);
	out = render(&rep, FORMAT_TEXT, 0, &len);
	e = strstr(out, "expected:");
	g = strstr(out, "got:");
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(g);
	/* On the second line of each, and only there. */
	ck_assert_ptr_nonnull(strstr(e, "two\\n   <- first difference\n"));
	ck_assert_ptr_nonnull(strstr(g, "TWO\\n   <- first difference\n"));
	ck_assert_ptr_null(strstr(strstr(g, mark) + 1, mark));
	free(out);

	/* One line each: nothing to point at. */
	bytes_free(&c->expected);
	bytes_free(&c->got);
	bytes_puts(&c->expected, "server.stdout = a");
	bytes_puts(&c->got, "server.stdout = b");
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_lacks(out, mark);
	free(out);
}
END_TEST

/*
 * Check that report_first_difference finds line no, with texts ew and gw
 * (NULL: that output has ended) in expected e and got g, both escaped.
 */
static void
assert_first_difference(const char *e, const char *g, int no, const char *ew,
    const char *gw)
{
	struct bytes eb, gb;
	struct shown_line el, gl;

	bytes_init(&eb);
	bytes_init(&gb);
	escape_bytes(&eb, e, strlen(e), 4096);
	escape_bytes(&gb, g, strlen(g), 4096);
	ck_assert_int_eq(report_first_difference(&eb, &gb, &el, &gl), no);
	if (no >= 0) {
		ck_assert_int_eq(el.start == NULL, ew == NULL);
		ck_assert_int_eq(gl.start == NULL, gw == NULL);
		if (ew != NULL) {
			ck_assert_uint_eq(el.len, strlen(ew));
			ck_assert(memcmp(el.start, ew, el.len) == 0);
		}
		if (gw != NULL) {
			ck_assert_uint_eq(gl.len, strlen(gw));
			ck_assert(memcmp(gl.start, gw, gl.len) == 0);
		}
	}
	bytes_free(&eb);
	bytes_free(&gb);
}

/* The first different line, as both the marker and the hint find it. */
START_TEST(test_first_difference)
{
	assert_first_difference("one\ntwo\n", "one\ntwo\n", -1, NULL, NULL);
	assert_first_difference("a", "b", 0, "a", "b");
	assert_first_difference("one\ntwo\nthree", "one\nTWO\nthree", 1,
	    "two\\n", "TWO\\n");
	/* got goes on where expected ends: got's next line differs. */
	assert_first_difference("one\n", "one\nmore\n", 1, NULL, "more\\n");
	assert_first_difference("one\nmore", "one\n", 1, "more", NULL);
	/* Nothing expected at all. */
	assert_first_difference("", "x", 0, NULL, "x");
}
END_TEST

/* --show: a passed check's evidence; without it, only its line. */
START_TEST(test_text_show_evidence_of_passes)
{
	struct check_report *c = &lessons[0].checks[0];
	size_t len;
	char *out;

	bytes_puts(&c->sent, "ran: server");
	bytes_puts(&c->expected, "server.bound = 127.0.0.1:50007");
	bytes_puts(&c->got, "server.bound = 127.0.0.1:50008");
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_lacks(out, "50008");
	free(out);
	rep.show = 1;
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_has(out, "ran: server");
	assert_has(out, "got:      server.bound = 127.0.0.1:50008");
	free(out);
	out = render(&rep, FORMAT_JSON, 0, &len);
	assert_has(out, "\"got\": \"server.bound = 127.0.0.1:50008\"");
	free(out);
}
END_TEST

/* A graded lesson with a program that did not build shows the problem. */
START_TEST(test_text_graded_lesson_shows_problem)
{
	size_t len;
	char *out;

	bytes_puts(&lessons[0].problem, "client.c does not compile");
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_has(out, "problem:  client.c does not compile");
	assert_has(out, "PASS  server-listens");
	free(out);
}
END_TEST

START_TEST(test_text_field_lines_are_indented)
{
	size_t len;
	char *out = render(&rep, FORMAT_TEXT, 0, &len);

	/* An escaped newline in got starts a new line, indented. */
	assert_has(out, "        got:      client.stdout = hel\\x1b[2Jlo\\n\n");
	/* A real newline in a problem starts a new indented line. */
	assert_has(out, "reports:\n            server.c:1:12: error");
	free(out);
}
END_TEST

/* The "1..N" plan and the number of test lines, numbered from 1. */
static void
assert_tap_plan_matches(const char *out)
{
	const char *p = strstr(out, "\n1..");
	size_t plan, count = 0;

	ck_assert_ptr_nonnull(p);
	plan = strtoul(p + 4, NULL, 10);
	for (p = out; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ?
	    p + 1 : NULL) {
		size_t num = 0;

		if (strncmp(p, "ok ", 3) == 0)
			num = strtoul(p + 3, NULL, 10);
		else if (strncmp(p, "not ok ", 7) == 0)
			num = strtoul(p + 7, NULL, 10);
		else
			continue;
		ck_assert_uint_eq(num, ++count);
	}
	ck_assert_uint_eq(count, plan);
}

START_TEST(test_tap_plan_and_lines)
{
	size_t len;
	char *out = render(&rep, FORMAT_TAP, 0, &len);

	assert_has(out, "TAP version 13\n1..4\n");
	assert_tap_plan_matches(out);
	assert_has(out, "\nok 1 - 01-tcp-hello: server-listens\n");
	assert_has(out, "\nnot ok 2 - 01-tcp-hello: client-prints\n");
	assert_has(out, "\nok 3 - 02-udp-hello # SKIP");
	assert_has(out, "\nnot ok 4 - 03-broken");
	ck_assert(memchr(out, 0x1b, len) == NULL);
	assert_no_control_bytes(out, len);
	free(out);
}
END_TEST

START_TEST(test_tap_failure_has_yaml_block)
{
	size_t len;
	char *out = render(&rep, FORMAT_TAP, 0, &len);

	assert_has(out, "client-prints\n  ---\n");
	assert_has(out, "  got: \"client.stdout = hel\\\\x1b[2Jlo\\\\n\"\n");
	assert_has(out, "  hint: \"print exactly what was received\"\n");
	assert_has(out, "  ...\n");
	free(out);
}
END_TEST

START_TEST(test_tap_strict_fails_not_started)
{
	size_t len;
	char *out;

	rep.strict = 1;
	out = render(&rep, FORMAT_TAP, 0, &len);
	/* A failure, not a skip: "not ok # SKIP" would hide it. */
	assert_has(out, "\nnot ok 3 - 02-udp-hello: not started\n");
	assert_lacks(out, "SKIP");
	assert_tap_plan_matches(out);
	free(out);
}
END_TEST

START_TEST(test_json_is_one_object)
{
	size_t len;
	char *out = render(&rep, FORMAT_JSON, 0, &len);

	assert_one_json_object(out, len);
	assert_has(out, "\"outcome\": \"pass\"");
	assert_has(out, "\"outcome\": \"fail\"");
	assert_has(out, "\"state\": \"not-started\"");
	assert_has(out, "\"state\": \"broken\"");
	assert_has(out, "\"name\": \"client-prints\"");
	assert_has(out, "\"passed\": 1, \"total\": 2");
	assert_has(out, "\"exit_status\": 1}");
	/* Escaped once for display, then for JSON. */
	assert_has(out, "hel\\\\x1b[2Jlo\\\\n");
	free(out);
}
END_TEST

START_TEST(test_json_escapes_control_bytes)
{
	struct check_report *c = &lessons[0].checks[1];
	size_t len;
	char *out;

	/* Even a raw ESC, quote or newline in a sentence stays valid JSON. */
	bytes_puts(&c->why, " \"quoted\"\x1b[1m\tand\nmore\\");
	out = render(&rep, FORMAT_JSON, 0, &len);
	assert_one_json_object(out, len);
	ck_assert(memchr(out, 0x1b, len) == NULL);
	assert_has(out, "\\\"quoted\\\"\\u001b[1m\\u0009and\\nmore\\\\\"");
	free(out);
}
END_TEST

START_TEST(test_json_string)
{
	struct bytes b;

	bytes_init(&b);
	json_string(&b, "");
	ck_assert_str_eq(bytes_str(&b), "\"\"");
	bytes_clear(&b);
	json_string(&b, "a\"b\\c\nd\x1b\x7f");
	ck_assert_str_eq(bytes_str(&b), "\"a\\\"b\\\\c\\nd\\u001b\\u007f\"");
	bytes_free(&b);
}
END_TEST

START_TEST(test_exit_status_fails_on_failure)
{
	ck_assert_int_eq(report_exit_status(&rep), 1);
	lessons[2].state = LESSON_NOT_STARTED;
	ck_assert_int_eq(report_exit_status(&rep), 1);
	ck_assert_int_eq(lesson_passed(&lessons[0]), 0);
}
END_TEST

START_TEST(test_exit_status_passes_and_not_started)
{
	lessons[0].checks[1].outcome = OUTCOME_PASS;
	lessons[2].state = LESSON_NOT_STARTED;
	ck_assert_int_eq(lesson_passed(&lessons[0]), 1);
	ck_assert_int_eq(report_exit_status(&rep), 0);
	rep.strict = 1;
	ck_assert_int_eq(report_exit_status(&rep), 1);
}
END_TEST

START_TEST(test_exit_status_broken_fails)
{
	lessons[0].checks[1].outcome = OUTCOME_PASS;
	ck_assert_int_eq(lesson_passed(&lessons[2]), 0);
	ck_assert_int_eq(report_exit_status(&rep), 1);
}
END_TEST

START_TEST(test_exit_status_empty_report)
{
	struct report empty;

	memset(&empty, 0, sizeof empty);
	ck_assert_int_eq(report_exit_status(&empty), 0);
	empty.strict = 1;
	ck_assert_int_eq(report_exit_status(&empty), 0);
}
END_TEST

/* Make lesson 01's failed check inconclusive, as jobs.c does. */
static void
make_inconclusive(void)
{
	struct check_report *c = &lessons[0].checks[1];

	c->outcome = OUTCOME_INCONCLUSIVE;
	bytes_clear(&c->why);
	bytes_puts(&c->why, "The grader could not run the reference solution "
	    "(tried twice): the reference server crashed. This says nothing "
	    "about your code.");
}

START_TEST(test_inconclusive_text)
{
	size_t len;
	char *out;

	make_inconclusive();
	out = render(&rep, FORMAT_TEXT, 0, &len);
	assert_has(out, "INCONCLUSIVE  client-prints");
	assert_has(out, "why:      The grader could not run the reference");
	/* Nothing for the student to fix: no hint, no expected or got. */
	assert_lacks(out, "print exactly what was received");
	assert_lacks(out, "expected:");
	assert_has(out, "1/2 checks, 1 inconclusive");
	assert_has(out, "1 check was inconclusive: the grader, not your code");
	free(out);
}
END_TEST

START_TEST(test_inconclusive_tap_is_no_pass)
{
	size_t len;
	char *out;

	make_inconclusive();
	out = render(&rep, FORMAT_TAP, 0, &len);
	assert_has(out, "\nnot ok 2 - 01-tcp-hello: client-prints # "
	    "inconclusive: ");
	assert_has(out, "  why: \"The grader could not run the reference");
	assert_lacks(out, "hint:");
	/* Neither a SKIP nor a TODO directive, which would count as passed. */
	assert_lacks(out, "client-prints # SKIP");
	assert_lacks(out, "client-prints # TODO");
	assert_tap_plan_matches(out);
	free(out);
}
END_TEST

START_TEST(test_inconclusive_json)
{
	size_t len;
	char *out;

	make_inconclusive();
	lessons[2].state = LESSON_NOT_STARTED;
	out = render(&rep, FORMAT_JSON, 0, &len);
	assert_one_json_object(out, len);
	assert_has(out, "\"name\": \"client-prints\", \"outcome\": "
	    "\"inconclusive\"");
	assert_has(out, "\"passed\": 1, \"total\": 2, \"inconclusive\": 1");
	assert_has(out, "\"exit_status\": 3}");
	free(out);
}
END_TEST

START_TEST(test_exit_status_inconclusive)
{
	make_inconclusive();
	lessons[2].state = LESSON_NOT_STARTED;
	ck_assert_int_eq(lesson_passed(&lessons[0]), 0);
	ck_assert_uint_eq(report_inconclusive(&rep), 1);
	ck_assert_int_eq(report_exit_status(&rep), REPORT_INCONCLUSIVE);
	/* A failure anywhere wins: it is the student's to fix. */
	rep.strict = 1;
	ck_assert_int_eq(report_exit_status(&rep), 1);
	rep.strict = 0;
	lessons[2].state = LESSON_BROKEN;
	ck_assert_int_eq(report_exit_status(&rep), 1);
	lessons[2].state = LESSON_NOT_STARTED;
	lessons[0].checks[0].outcome = OUTCOME_FAIL;
	ck_assert_int_eq(report_exit_status(&rep), 1);
}
END_TEST

START_TEST(test_check_report_starts_skipped_and_empty)
{
	struct check_report c;

	check_report_init(&c);
	ck_assert_int_eq(c.outcome, OUTCOME_SKIP);
	ck_assert_uint_eq(c.why.len + c.sent.len + c.expected.len +
	    c.got.len + c.details.len, 0);
	bytes_puts(&c.why, "something");
	check_report_free(&c);
	ck_assert_ptr_null(c.why.data);
}
END_TEST

/*
 * A failing check's "wire:" shows what each run put on the wire and what
 * the relay between its programs did, the reference's then the student's.
 */
START_TEST(test_judge_shows_wire_and_relay)
{
	static const struct check check = { .name = "relayed",
	    .title = "a check through the relay" };
	struct transcript ref, got;
	struct check_report c;
	const char *w;

	transcript_init(&ref);
	transcript_init(&got);
	transcript_setf(&ref, "receiver.stdout", "all");
	transcript_setf(&got, "receiver.stdout", "part");
	transcript_addf(&ref, "note.wire", "lo: 10 packets, 500 bytes");
	transcript_addf(&ref, "note.relay", "toward the receiver: 6 in");
	transcript_addf(&got, "note.relay", "toward the receiver: 2 in");
	check_report_init(&c);
	judge_check(&c, &check, &ref, &got);
	w = bytes_str(&c.wire);
	ck_assert_int_eq(c.outcome, OUTCOME_FAIL);
	ck_assert_str_eq(w, "reference  lo: 10 packets, 500 bytes\n"
	    "reference  relay, toward the receiver: 6 in\n"
	    "yours      relay, toward the receiver: 2 in");
	check_report_free(&c);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc;

	tc = tcase_create("text");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_text_shows_outcomes);
	tcase_add_test(tc, test_text_without_color_has_no_escape_byte);
	tcase_add_test(tc, test_text_shows_raw_bytes_of_any_field_escaped);
	tcase_add_test(tc, test_text_with_color_paints_only_outcomes);
	tcase_add_test(tc, test_text_hint_only_without_diagnosis);
	tcase_add_test(tc, test_text_repeated_failure_shown_once);
	tcase_add_test(tc, test_text_marks_first_different_line);
	tcase_add_test(tc, test_first_difference);
	tcase_add_test(tc, test_text_show_evidence_of_passes);
	tcase_add_test(tc, test_text_graded_lesson_shows_problem);
	tcase_add_test(tc, test_text_field_lines_are_indented);
	suite_add_tcase(s, tc);

	tc = tcase_create("tap");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_tap_plan_and_lines);
	tcase_add_test(tc, test_tap_failure_has_yaml_block);
	tcase_add_test(tc, test_tap_strict_fails_not_started);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_json_is_one_object);
	tcase_add_test(tc, test_json_escapes_control_bytes);
	tcase_add_test(tc, test_json_string);
	suite_add_tcase(s, tc);

	tc = tcase_create("exit_status");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_exit_status_fails_on_failure);
	tcase_add_test(tc, test_exit_status_passes_and_not_started);
	tcase_add_test(tc, test_exit_status_broken_fails);
	tcase_add_test(tc, test_exit_status_empty_report);
	tcase_add_test(tc, test_check_report_starts_skipped_and_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("judge");
	tcase_add_test(tc, test_judge_shows_wire_and_relay);
	suite_add_tcase(s, tc);

	tc = tcase_create("inconclusive");
	tcase_add_checked_fixture(tc, report_setup, report_teardown);
	tcase_add_test(tc, test_inconclusive_text);
	tcase_add_test(tc, test_inconclusive_tap_is_no_pass);
	tcase_add_test(tc, test_inconclusive_json);
	tcase_add_test(tc, test_exit_status_inconclusive);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* report.c: text, TAP and JSON reports. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "points.h"
#include "report.h"

#define GREEN "\033[32m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

void
check_report_init(struct check_report *c)
{
	memset(c, 0, sizeof *c);
	c->outcome = OUTCOME_SKIP;	/* until a check has run and been judged */
	bytes_init(&c->why);
	bytes_init(&c->sent);
	bytes_init(&c->expected);
	bytes_init(&c->got);
	bytes_init(&c->details);
	bytes_init(&c->wire);
	bytes_init(&c->capture);
}

void
check_report_free(struct check_report *c)
{
	bytes_free(&c->why);
	bytes_free(&c->sent);
	bytes_free(&c->expected);
	bytes_free(&c->got);
	bytes_free(&c->details);
	bytes_free(&c->wire);
	bytes_free(&c->capture);
}

void
lesson_report_free(struct lesson_report *l)
{
	for (size_t i = 0; i < l->n_checks; i++)
		check_report_free(&l->checks[i]);
	free(l->checks);
	bytes_free(&l->problem);
	bytes_free(&l->warnings);
}

static size_t
count_passed(const struct lesson_report *l)
{
	size_t n = 0;

	if (l->state != LESSON_GRADED)
		return 0;
	for (size_t i = 0; i < l->n_checks; i++)
		n += l->checks[i].outcome == OUTCOME_PASS;
	return n;
}

int
lesson_passed(const struct lesson_report *l)
{
	return l->state == LESSON_GRADED && count_passed(l) == l->n_checks;
}

/* How many checks of l have outcome o. */
static size_t
count_outcome(const struct lesson_report *l, enum outcome o)
{
	size_t n = 0;

	if (l->state != LESSON_GRADED)
		return 0;
	for (size_t i = 0; i < l->n_checks; i++)
		n += l->checks[i].outcome == o;
	return n;
}

size_t
report_inconclusive(const struct report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_lessons; i++)
		n += count_outcome(&r->lessons[i], OUTCOME_INCONCLUSIVE);
	return n;
}

double
report_points(const struct report *r, int max)
{
	double sum = 0;

	for (size_t i = 0; i < r->n_lessons; i++)
		sum += points_lesson(&r->lessons[i], max);
	return sum;
}

int
report_exit_status(const struct report *r)
{
	for (size_t i = 0; i < r->n_lessons; i++) {
		const struct lesson_report *l = &r->lessons[i];

		if ((l->state == LESSON_NOT_STARTED && !r->strict) ||
		    l->state == LESSON_SKIPPED)
			continue;
		if (l->state != LESSON_GRADED)
			return 1;
		/* An inconclusive check is not the student's failure. */
		if (count_passed(l) + count_outcome(l, OUTCOME_INCONCLUSIVE) <
		    l->n_checks)
			return 1;
	}
	return report_inconclusive(r) > 0 ? REPORT_INCONCLUSIVE : 0;
}

/*
 * Print c, or \xNN when it is a control byte: fields hold text the grader
 * wrote or escaped, but a byte a program chose that slipped into one still
 * never drives a terminal. Bytes from 0x80 pass: paths in messages may be
 * UTF-8 (a student's home directory).
 */
static void
put_visible(FILE *out, char c)
{
	unsigned char u = (unsigned char)c;

	if (u >= 0x20 && u != 0x7f)
		fputc(u, out);
	else
		fprintf(out, "\\x%02x", u);
}

/*
 * End the shown line *line of a field (marking it when it is mark, the
 * first that differs) and, unless last, start the next one.
 */
static void
end_line(FILE *out, const char *indent, int *line, int mark, int last)
{
	if (*line == mark)
		fputs("   <- first difference", out);
	(*line)++;
	if (!last)
		fprintf(out, "\n%s%-9s ", indent, "");
}

/*
 * Print text (already escaped) under a label, starting a new indented line
 * after each escaped newline so that multi-line output stays readable. The
 * shown line mark (from 0; -1: none) is marked as the first that differs.
 */
static void
print_field_marked(FILE *out, const char *label, const struct bytes *b,
    const char *indent, int mark)
{
	const char *s = bytes_str(b);
	int line = 0;

	if (b->len == 0)
		return;
	fprintf(out, "%s%-9s ", indent, label);
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\n' && s[i + 1] == '\0')
			break;
		if (s[i] == '\n') {
			end_line(out, indent, &line, mark, 0);
			continue;
		}
		put_visible(out, s[i]);
		if (s[i] == '\\' && s[i + 1] != '\0') {
			put_visible(out, s[++i]);
			if (s[i] == 'n' && s[i + 1] != '\0') {
				end_line(out, indent, &line, mark, 0);
				/* The line break is already shown. */
				if (s[i + 1] == '\n')
					i++;
			}
		}
	}
	end_line(out, indent, &line, mark, 1);
	fputc('\n', out);
}

static void
print_field(FILE *out, const char *label, const struct bytes *b,
    const char *indent)
{
	print_field_marked(out, label, b, indent, -1);
}

/*
 * The shown lines of s (as print_field breaks them) before its byte at
 * end: 0 on the first line.
 */
static int
shown_lines_before(const char *s, size_t end)
{
	int lines = 0;

	for (size_t i = 0; i < end && s[i] != '\0'; i++) {
		if (s[i] == '\n' && s[i + 1] != '\0') {
			lines++;
		} else if (s[i] == '\\' && s[i + 1] != '\0') {
			i++;
			if (s[i] == 'n' && s[i + 1] != '\0') {
				lines++;
				if (s[i + 1] == '\n')
					i++;
			}
		}
	}
	return lines;
}

/*
 * The end (exclusive) of the shown line of s that starts at start into *end;
 * 1 and the next line's start into *next, or 0 when the line is the last.
 */
static int
line_break(const char *s, size_t start, size_t *end, size_t *next)
{
	size_t i;

	for (i = start; s[i] != '\0'; i++) {
		if (s[i] == '\n') {
			*end = i;
			*next = i + 1;
			return s[i + 1] != '\0';
		}
		if (s[i] == '\\' && s[i + 1] != '\0' && s[++i] == 'n' &&
		    s[i + 1] != '\0') {
			*end = i + 1;
			*next = i + 1 + (s[i + 1] == '\n');
			return 1;
		}
	}
	*end = i;
	return 0;
}

/*
 * Shown line no (from 0) of s into *line: its start and length (an escaped
 * \n kept, a newline not); start NULL when s ends before it.
 */
static void
line_at(const char *s, int no, struct shown_line *line)
{
	size_t start = 0, end, next = 0;
	int more = 1;

	for (int k = 0; k < no && more; k++) {
		more = line_break(s, start, &end, &next);
		start = next;
	}
	line->start = NULL;
	line->len = 0;
	if (!more || s[start] == '\0')
		return;
	line_break(s, start, &end, &next);
	line->start = s + start;
	line->len = end - start;
}

int
report_first_difference(const struct bytes *expected, const struct bytes *got,
    struct shown_line *e, struct shown_line *g)
{
	const char *es = bytes_str(expected), *gs = bytes_str(got);
	size_t at = 0;
	int le, lg, no;

	while (es[at] != '\0' && es[at] == gs[at])
		at++;
	if (es[at] == gs[at])
		return -1;
	/* Where one text ends, the other's next line is the first to differ. */
	le = shown_lines_before(es, at);
	lg = shown_lines_before(gs, at);
	no = le > lg ? le : lg;
	line_at(es, no, e);
	line_at(gs, no, g);
	return no;
}

/*
 * The shown line of expected and got that differs first, when either has
 * more than one (a whole output); -1 when there is nothing to mark.
 */
static int
first_different_line(const struct bytes *expected, const struct bytes *got)
{
	struct shown_line e, g;

	if (shown_lines_before(bytes_str(expected), expected->len) == 0 &&
	    shown_lines_before(bytes_str(got), got->len) == 0)
		return -1;
	return report_first_difference(expected, got, &e, &g);
}

/* Print plain text (no escapes to interpret) under a label. */
static void
print_text(FILE *out, const char *label, const char *s, const char *indent)
{
	if (s == NULL || s[0] == '\0')
		return;
	fprintf(out, "%s%-9s ", indent, label);
	for (; *s != '\0'; s++) {
		if (*s == '\n' && s[1] != '\0')
			fprintf(out, "\n%s%-9s ", indent, "");
		else if (*s != '\n')
			put_visible(out, *s);
	}
	fputc('\n', out);
}

static const char *
paint(int color, const char *code)
{
	return color ? code : "";
}

/* Did an earlier failed check of l fail exactly like c? Its index, or -1. */
static int
same_failure(const struct lesson_report *l, size_t k)
{
	const struct check_report *c = &l->checks[k];

	for (size_t i = 0; i < k; i++) {
		const struct check_report *e = &l->checks[i];

		if (e->outcome == OUTCOME_FAIL &&
		    strcmp(bytes_str(&e->why), bytes_str(&c->why)) == 0 &&
		    strcmp(bytes_str(&e->got), bytes_str(&c->got)) == 0 &&
		    strcmp(bytes_str(&e->expected),
		    bytes_str(&c->expected)) == 0)
			return (int)i;
	}
	return -1;
}

/* Did an earlier failed check of l give c's why, word for word? Or -1. */
static int
same_cause(const struct lesson_report *l, size_t k)
{
	const struct check_report *c = &l->checks[k];

	if (c->why.len == 0)
		return -1;
	for (size_t i = 0; i < k; i++)
		if (l->checks[i].outcome == OUTCOME_FAIL &&
		    strcmp(bytes_str(&l->checks[i].why),
		    bytes_str(&c->why)) == 0)
			return (int)i;
	return -1;
}

static void
text_check(FILE *out, const struct lesson_report *l, size_t k, int color,
    int show)
{
	const struct check_report *c = &l->checks[k];
	const char *word = c->outcome == OUTCOME_PASS ? "PASS" :
	    c->outcome == OUTCOME_FAIL ? "FAIL" :
	    c->outcome == OUTCOME_INCONCLUSIVE ? "INCONCLUSIVE" : "SKIP";
	const char *code = c->outcome == OUTCOME_PASS ? GREEN :
	    c->outcome == OUTCOME_FAIL ? RED : YELLOW;
	int same, mark;

	fprintf(out, "  %s%s%s  %-26s %s\n", paint(color, code), word,
	    paint(color, RESET), c->name, c->title);
	/* The grader's problem: what it could not do, nothing to fix. */
	if (c->outcome == OUTCOME_INCONCLUSIVE) {
		print_text(out, "why:", bytes_str(&c->why), "        ");
		return;
	}
	if (c->outcome == OUTCOME_PASS && show) {
		print_field(out, "sent:", &c->sent, "        ");
		print_field(out, "wire:", &c->wire, "        ");
		print_field(out, "expected:", &c->expected, "        ");
		print_field(out, "got:", &c->got, "        ");
	}
	if (c->outcome != OUTCOME_FAIL)
		return;
	if ((same = same_failure(l, k)) != -1) {
		fprintf(out, "        same failure as %s\n",
		    l->checks[same].name);
		return;
	}
	if ((same = same_cause(l, k)) != -1)
		fprintf(out, "        %-9s same cause as %s\n", "why:",
		    l->checks[same].name);
	else
		print_text(out, "why:", bytes_str(&c->why), "        ");
	print_field(out, "sent:", &c->sent, "        ");
	print_field(out, "wire:", &c->wire, "        ");
	print_field(out, "capture:", &c->capture, "        ");
	mark = first_different_line(&c->expected, &c->got);
	print_field_marked(out, "expected:", &c->expected, "        ", mark);
	print_field_marked(out, "got:", &c->got, "        ", mark);
	print_field(out, "stderr:", &c->details, "        ");
	/* The check's general hint, when no specific bug was recognised. */
	if (!c->diagnosed)
		print_text(out, "hint:", c->hint, "        ");
}

static void
text_lesson(FILE *out, const struct lesson_report *l, int color, int show)
{
	fprintf(out, "\n%s%s%s  %s\n", paint(color, BOLD), l->dir,
	    paint(color, RESET), l->title);
	if (l->state == LESSON_NOT_STARTED) {
		fprintf(out, "  not started: its files are still the "
		    "skeletons; fill in their TODOs to begin\n");
		return;
	}
	if (l->state == LESSON_BROKEN) {
		print_field(out, "problem:", &l->problem, "  ");
		return;
	}
	if (l->state == LESSON_SKIPPED) {
		print_field(out, "skipped:", &l->problem, "  ");
		return;
	}
	/* A program that did not build: the checks of the others ran. */
	print_field(out, "problem:", &l->problem, "  ");
	print_field(out, "warnings:", &l->warnings, "  ");
	for (size_t i = 0; i < l->n_checks; i++)
		text_check(out, l, i, color, show);
}

static void
text_progress(FILE *out, const struct report *r, int color)
{
	size_t passed = 0, total = 0, started = 0, done = 0, inconclusive = 0;

	fprintf(out, "\nProgress\n");
	for (size_t i = 0; i < r->n_lessons; i++) {
		const struct lesson_report *l = &r->lessons[i];
		size_t p = count_passed(l), n = l->n_checks;
		char bar[21];
		size_t fill = n ? p * 20 / n : 0;

		memset(bar, '#', fill);
		memset(bar + fill, '.', 20 - fill);
		bar[20] = '\0';
		if (l->state == LESSON_NOT_STARTED) {
			fprintf(out, "  %-16s %-22s not started\n", l->dir, "");
			continue;
		}
		if (l->state == LESSON_SKIPPED) {
			fprintf(out, "  %-16s %-22s skipped (see above)\n",
			    l->dir, "");
			continue;
		}
		started++;
		passed += p;
		total += n;
		if (l->state == LESSON_BROKEN) {
			fprintf(out, "  %-16s %-22s %scannot be graded (see "
			    "above)%s\n",
			    l->dir, "", paint(color, RED), paint(color, RESET));
			continue;
		}
		done += p == n;
		inconclusive += count_outcome(l, OUTCOME_INCONCLUSIVE);
		fprintf(out, "  %-16s [%s] %zu/%zu checks%s", l->dir, bar, p,
		    n, p == n ? "  done" : "");
		if (r->show_points)
			fprintf(out, ", %g/%g points", points_lesson(l, 0),
			    points_lesson(l, 1));
		if (count_outcome(l, OUTCOME_INCONCLUSIVE) > 0)
			fprintf(out, ", %s%zu inconclusive%s", paint(color,
			    YELLOW), count_outcome(l, OUTCOME_INCONCLUSIVE),
			    paint(color, RESET));
		fputc('\n', out);
	}
	if (started == 0 && r->n_lessons > 0) {
		const struct lesson_report *first = NULL;

		for (size_t i = 0; i < r->n_lessons && first == NULL; i++)
			if (r->lessons[i].state == LESSON_NOT_STARTED)
				first = &r->lessons[i];
		if (first == NULL)
			fprintf(out, "  No lesson could be graded here.\n");
		else {
			fprintf(out, "  No lesson started yet: begin with ");
			report_next_step(out, first->dir, r->here);
			fprintf(out, ".\n");
		}
		return;
	}
	fprintf(out, "  %zu of %zu lessons done; %zu of %zu checks pass in the "
	    "%zu lesson%s started.\n", done, r->n_lessons, passed, total,
	    started, started == 1 ? "" : "s");
	if (r->show_points)
		fprintf(out, "  Points: %g of %g.\n", report_points(r, 0),
		    report_points(r, 1));
	if (inconclusive > 0)
		fprintf(out, "  %zu check%s inconclusive: the grader, not your "
		    "code, could not finish %s; grade again.\n", inconclusive,
		    inconclusive == 1 ? " was" : "s were",
		    inconclusive == 1 ? "it" : "them");
}

void
report_next_step(FILE *out, const char *dir, const char *here)
{
	if (here == NULL)
		fprintf(out, "lessons/%s/README.md, then make grade "
		    "LESSON=%.2s", dir, dir);
	else if (strcmp(here, dir) == 0)
		fprintf(out, "README.md, then make grade");
	else
		fprintf(out, "../%s/README.md, then cd ../%s && make grade",
		    dir, dir);
}

static void
report_text(FILE *out, const struct report *r, int color)
{
	fprintf(out, "socklab grader: sandbox: %s\n", r->sandbox);
	for (size_t i = 0; i < r->n_lessons; i++)
		text_lesson(out, &r->lessons[i], color, r->show);
	text_progress(out, r, color);
}

void
json_string(struct bytes *out, const char *s)
{
	bytes_puts(out, "\"");
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			bytes_printf(out, "\\%c", c);
		else if (c == '\n')
			bytes_puts(out, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			bytes_printf(out, "\\u%04x", c);
		else
			bytes_append(out, &c, 1);
	}
	bytes_puts(out, "\"");
}

static void
json_field(struct bytes *j, const char *name, const char *value, int comma)
{
	bytes_printf(j, "%s\"%s\": ", comma ? ", " : "", name);
	json_string(j, value ? value : "");
}

static const char *
state_word(enum lesson_state s)
{
	return s == LESSON_GRADED ? "graded" :
	    s == LESSON_NOT_STARTED ? "not-started" :
	    s == LESSON_SKIPPED ? "skipped" : "broken";
}

static const char *
outcome_word(enum outcome o)
{
	return o == OUTCOME_PASS ? "pass" : o == OUTCOME_FAIL ? "fail" :
	    o == OUTCOME_INCONCLUSIVE ? "inconclusive" : "skip";
}

static void
report_json(FILE *out, const struct report *r)
{
	struct bytes j;

	bytes_init(&j);
	bytes_puts(&j, "{");
	json_field(&j, "sandbox", r->sandbox, 0);
	bytes_puts(&j, ", \"lessons\": [");
	for (size_t i = 0; i < r->n_lessons; i++) {
		const struct lesson_report *l = &r->lessons[i];

		bytes_puts(&j, i ? ", {" : "{");
		json_field(&j, "lesson", l->dir, 0);
		json_field(&j, "title", l->title, 1);
		json_field(&j, "state", state_word(l->state), 1);
		json_field(&j, "problem", bytes_str(&l->problem), 1);
		json_field(&j, "warnings", bytes_str(&l->warnings), 1);
		bytes_printf(&j, ", \"passed\": %zu, \"total\": %zu, "
		    "\"inconclusive\": %zu", count_passed(l), l->n_checks,
		    count_outcome(l, OUTCOME_INCONCLUSIVE));
		bytes_printf(&j, ", \"points\": %.10g, \"max_points\": %.10g",
		    points_lesson(l, 0), points_lesson(l, 1));
		bytes_puts(&j, ", \"checks\": [");
		for (size_t k = 0; k < l->n_checks; k++) {
			const struct check_report *c = &l->checks[k];

			bytes_puts(&j, k ? ", {" : "{");
			json_field(&j, "name", c->name, 0);
			json_field(&j, "outcome", outcome_word(c->outcome), 1);
			json_field(&j, "title", c->title, 1);
			json_field(&j, "why", bytes_str(&c->why), 1);
			json_field(&j, "sent", bytes_str(&c->sent), 1);
			json_field(&j, "expected", bytes_str(&c->expected), 1);
			json_field(&j, "got", bytes_str(&c->got), 1);
			json_field(&j, "stderr", bytes_str(&c->details), 1);
			json_field(&j, "wire", bytes_str(&c->wire), 1);
			json_field(&j, "capture", bytes_str(&c->capture), 1);
			json_field(&j, "hint", c->hint, 1);
			bytes_printf(&j, ", \"points\": %.10g, \"max_points\": "
			    "%.10g}", c->points, c->max_points);
		}
		bytes_puts(&j, "]}");
	}
	bytes_printf(&j, "], \"points\": %.10g, \"max_points\": %.10g",
	    report_points(r, 0), report_points(r, 1));
	bytes_printf(&j, ", \"exit_status\": %d}\n", report_exit_status(r));
	fwrite(j.data, 1, j.len, out);
	bytes_free(&j);
}

/* A YAML block for a failed TAP test; values are JSON strings (valid YAML). */
static void
tap_diagnostics(FILE *out, const struct check_report *c)
{
	struct bytes y;

	bytes_init(&y);
	bytes_puts(&y, "  ---\n");
	const char *names[] = { "why", "sent", "expected", "got", "stderr",
	    "hint" };
	const char *values[] = { bytes_str(&c->why), bytes_str(&c->sent),
	    bytes_str(&c->expected), bytes_str(&c->got),
	    bytes_str(&c->details),
	    c->hint && c->outcome == OUTCOME_FAIL ? c->hint : "" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (values[i][0] == '\0')
			continue;
		bytes_printf(&y, "  %s: ", names[i]);
		json_string(&y, values[i]);
		bytes_puts(&y, "\n");
	}
	bytes_puts(&y, "  ...\n");
	fwrite(y.data, 1, y.len, out);
	bytes_free(&y);
}

static void
report_tap(FILE *out, const struct report *r)
{
	size_t n = 0, t = 0;

	for (size_t i = 0; i < r->n_lessons; i++)
		n += r->lessons[i].state == LESSON_GRADED ?
		    r->lessons[i].n_checks : 1;
	fprintf(out, "TAP version 13\n1..%zu\n# sandbox: %s\n", n, r->sandbox);
	for (size_t i = 0; i < r->n_lessons; i++) {
		const struct lesson_report *l = &r->lessons[i];

		if (l->state == LESSON_NOT_STARTED) {
			/* With --strict, not started is a failure, not a skip. */
			fprintf(out, "%s %zu - %s%s\n", r->strict ? "not ok" : "ok",
			    ++t, l->dir, r->strict ? ": not started" :
			    " # SKIP not started");
			continue;
		}
		if (l->state == LESSON_SKIPPED) {
			fprintf(out, "ok %zu - %s # SKIP %s", ++t, l->dir,
			    bytes_str(&l->problem));
			continue;
		}
		if (l->state == LESSON_BROKEN) {
			struct bytes p;

			bytes_init(&p);
			json_string(&p, bytes_str(&l->problem));
			fprintf(out, "not ok %zu - %s: build\n  ---\n  problem: "
			    "%s\n  ...\n", ++t, l->dir, bytes_str(&p));
			bytes_free(&p);
			continue;
		}
		for (size_t k = 0; k < l->n_checks; k++) {
			const struct check_report *c = &l->checks[k];
			int pass = c->outcome == OUTCOME_PASS ||
			    c->outcome == OUTCOME_SKIP;

			/*
			 * Inconclusive is no pass: "not ok", with a comment
			 * after the name that TAP readers ignore (not a SKIP
			 * or TODO directive) and the reason below.
			 */
			fprintf(out, "%s %zu - %s: %s%s\n", pass ? "ok" : "not ok",
			    ++t, l->dir, c->name,
			    c->outcome == OUTCOME_SKIP ? " # SKIP" :
			    c->outcome == OUTCOME_INCONCLUSIVE ?
			    " # inconclusive: the grader's problem, not the "
			    "code's" : "");
			if (!pass)
				tap_diagnostics(out, c);
		}
	}
}

void
report_print(FILE *out, const struct report *r, enum report_format fmt,
    int color)
{
	if (fmt == FORMAT_JSON)
		report_json(out, r);
	else if (fmt == FORMAT_TAP)
		report_tap(out, r);
	else
		report_text(out, r, color);
	fflush(out);
}

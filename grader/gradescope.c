/*
 * gradescope.c: results.json for Gradescope (gradescope.h). Every check of
 * every lesson graded is a test, even when its lesson was not started or did
 * not build: such tests score 0 and their output says why, so that a student
 * sees what there was to earn.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gradescope.h"
#include "points.h"

/* Append "LABEL\n  TEXT" to out when text is not empty. */
static void
section(struct bytes *out, const char *label, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	if (out->len > 0)
		bytes_puts(out, "\n");
	bytes_printf(out, "%s\n", label);
	for (const char *s = text; *s != '\0'; s++) {
		if (s == text || s[-1] == '\n')
			bytes_puts(out, "  ");
		bytes_append(out, s, 1);
	}
	if (text[strlen(text) - 1] != '\n')
		bytes_puts(out, "\n");
}

/* What a test's reader needs: the check's verdict and the evidence. */
static void
check_output(struct bytes *out, const struct lesson_report *l,
    const struct check_report *c)
{
	section(out, "Checks:", c->title);
	if (l->state == LESSON_NOT_STARTED) {
		section(out, "Not graded:", "Lesson not started: its files "
		    "are still the skeletons (or were not in the submission).");
		return;
	}
	if (l->state == LESSON_BROKEN) {
		section(out, "Not graded: the lesson could not be built:",
		    bytes_str(&l->problem));
		return;
	}
	if (l->state == LESSON_SKIPPED) {
		section(out, "Not graded: the lesson cannot run here:",
		    bytes_str(&l->problem));
		return;
	}
	if (c->outcome == OUTCOME_PASS)
		return;
	if (c->outcome == OUTCOME_INCONCLUSIVE) {
		section(out, "Inconclusive: the grader, not the code, could "
		    "not finish it; ask for a regrade:", bytes_str(&c->why));
		return;
	}
	if (c->outcome == OUTCOME_SKIP) {
		section(out, "Not run:", bytes_str(&c->why));
		return;
	}
	section(out, "Why:", bytes_str(&c->why));
	section(out, "Sent:", bytes_str(&c->sent));
	section(out, "Expected:", bytes_str(&c->expected));
	section(out, "Got:", bytes_str(&c->got));
	section(out, "Stderr:", bytes_str(&c->details));
	if (!c->diagnosed)
		section(out, "Hint:", c->hint);
}

static void
test_json(struct bytes *j, const struct lesson_report *l,
    const struct check_report *c, int first)
{
	struct bytes text;

	bytes_init(&text);
	bytes_printf(&text, "%s: %s", l->dir, c->name);
	bytes_puts(j, first ? "{\"name\": " : ", {\"name\": ");
	json_string(j, bytes_str(&text));
	bytes_printf(j, ", \"score\": %.10g, \"max_score\": %.10g, "
	    "\"status\": \"%s\", \"visibility\": \"visible\", "
	    "\"output\": ", c->points, c->max_points,
	    l->state == LESSON_GRADED && c->outcome == OUTCOME_PASS ?
	    "passed" : "failed");
	bytes_free(&text);
	bytes_init(&text);
	check_output(&text, l, c);
	json_string(j, bytes_str(&text));
	bytes_puts(j, "}");
	bytes_free(&text);
}

/* The summary above the tests: the sandbox, and each lesson's points. */
static void
summary(struct bytes *out, const struct report *r)
{
	bytes_printf(out, "socklab grader (sandbox: %s)\n", r->sandbox);
	for (size_t i = 0; i < r->n_lessons; i++) {
		const struct lesson_report *l = &r->lessons[i];
		const char *state = l->state == LESSON_NOT_STARTED ?
		    "not started" : l->state == LESSON_BROKEN ?
		    "cannot be built" : l->state == LESSON_SKIPPED ?
		    "cannot run here" : "graded";

		bytes_printf(out, "%s: %g/%g points (%s)\n", l->dir,
		    points_lesson(l, 0), points_lesson(l, 1), state);
	}
	bytes_printf(out, "Total: %g/%g points\n", report_points(r, 0),
	    report_points(r, 1));
}

void
gradescope_print(FILE *out, const struct report *r, double seconds)
{
	struct bytes j, text;
	int first = 1;

	bytes_init(&j);
	bytes_init(&text);
	summary(&text, r);
	bytes_printf(&j, "{\"score\": %.10g, \"execution_time\": %.0f, "
	    "\"output\": ", report_points(r, 0), seconds);
	json_string(&j, bytes_str(&text));
	bytes_puts(&j, ", \"output_format\": \"text\", "
	    "\"test_output_format\": \"text\", \"visibility\": \"visible\", "
	    "\"stdout_visibility\": \"hidden\", \"tests\": [");
	for (size_t i = 0; i < r->n_lessons; i++)
		for (size_t k = 0; k < r->lessons[i].n_checks; k++) {
			test_json(&j, &r->lessons[i],
			    &r->lessons[i].checks[k], first);
			first = 0;
		}
	bytes_puts(&j, "]}\n");
	fwrite(j.data, 1, j.len, out);
	bytes_free(&j);
	bytes_free(&text);
}

/*
 * report.h: the grader's verdicts and the three ways to print them: text for
 * people (colour only on a terminal, NO_COLOR respected), TAP and JSON for
 * machines. Every byte that came from a student's program reaches the output
 * escaped.
 */
#ifndef SOCKLAB_REPORT_H
#define SOCKLAB_REPORT_H

#include <stdio.h>

#include "bytes.h"

enum outcome {
	OUTCOME_PASS,
	OUTCOME_FAIL,
	OUTCOME_SKIP,		/* not run (the lesson could not be built) */
	/*
	 * The host, not the student, failed, twice: a program could not
	 * start, or the reference missed its own outcome. Neither a pass nor
	 * a failure; why says what the grader could not do.
	 */
	OUTCOME_INCONCLUSIVE,
};

struct check_report {
	const char *name;
	const char *title;
	const char *hint;
	enum outcome outcome;
	struct bytes why;	/* one or more sentences: what went wrong */
	struct bytes sent;	/* what the grader did */
	struct bytes expected;	/* escaped for display */
	struct bytes got;	/* escaped for display */
	struct bytes details;	/* stderr and the like, escaped */
	struct bytes wire;	/* packets on the wire, both runs */
	struct bytes capture;	/* where its packet captures were saved */
	int diagnosed;		/* why names a specific bug (no hint needed) */
	double points, max_points;	/* earned, and worth (points.h) */
};

enum lesson_state {
	LESSON_GRADED,		/* checks ran */
	LESSON_NOT_STARTED,	/* files identical to the skeletons */
	LESSON_BROKEN,		/* bad files or a compile error: no checks */
	LESSON_SKIPPED,		/* cannot run here: problem says why */
};

struct lesson_report {
	const char *dir;
	const char *title;
	enum lesson_state state;
	struct bytes problem;	/* for BROKEN: one-line messages, diagnostics */
	struct bytes warnings;	/* compiler warnings of a lesson that built */
	struct check_report *checks;
	size_t n_checks;
};

struct report {
	const char *sandbox;	/* which isolation ran */
	struct lesson_report *lessons;
	size_t n_lessons;
	int strict;		/* not started counts as failed */
	int show;		/* text: the evidence of passed checks too */
	int show_points;	/* the text report shows points (--points) */
	const char *here;	/* the lesson directory make grade runs in
				   (--from-lesson); NULL: the top */
};

/* Gradescope's results.json is gradescope.h's, not report_print()'s. */
enum report_format { FORMAT_TEXT, FORMAT_TAP, FORMAT_JSON, FORMAT_GRADESCOPE };

void check_report_init(struct check_report *c);
void check_report_free(struct check_report *c);
void lesson_report_free(struct lesson_report *l);

/* Does the lesson count as passed (every check passed)? */
int lesson_passed(const struct lesson_report *l);

void report_print(FILE *out, const struct report *r, enum report_format fmt,
    int color);

/*
 * 0 when everything graded passed; 1 when something failed (a check, a
 * build, a lesson not started with strict); else REPORT_INCONCLUSIVE when
 * some check was inconclusive.
 */
#define REPORT_INCONCLUSIVE 3
int report_exit_status(const struct report *r);

/* How many checks of r were inconclusive. */
size_t report_inconclusive(const struct report *r);

/* The points r's lessons earned (max 0), or could earn (max 1). */
double report_points(const struct report *r, int max);

/*
 * Print to out the README to read and the command that grades lesson dir,
 * as they work where the student is: here is the lesson directory make runs
 * in (grade --from-lesson), NULL for the top ("lessons/03-x/README.md, then
 * make grade LESSON=03").
 */
void report_next_step(FILE *out, const char *dir, const char *here);

/* One line of an escaped field, pointing into it. */
struct shown_line {
	const char *start;	/* NULL: the field ends before this line */
	size_t len;
};

/*
 * Where expected and got (escaped, as a check_report holds them) first
 * differ, in the lines the text report shows: broken at newlines and at
 * escaped \n. Returns that line (from 0), with its text in each into *e and
 * *g; -1 when they are equal.
 */
int report_first_difference(const struct bytes *expected,
    const struct bytes *got, struct shown_line *e, struct shown_line *g);

/* Append s to out as a JSON string literal (quotes included). */
void json_string(struct bytes *out, const char *s);

#endif

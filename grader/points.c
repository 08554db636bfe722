/*
 * points.c: lesson totals and check weights, from the defaults or an
 * instructor's points file (points.h), and the points a report's checks earn.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "points.h"

#define POINTS_MAX 1e6

struct weight {
	const struct lesson *lesson;
	char check[64];
	double weight;
	int line;
};

struct points {
	const struct lesson **lessons;	/* whose totals are set */
	double *totals;
	int *total_lines;
	size_t n_totals;
	struct weight *weights;
	size_t n_weights;
};

/* p, grown to hold n + 1 elements of size bytes. */
static void *
grow(void *p, size_t n, size_t size)
{
	return xrealloc(p, (n + 1) * size);
}

void
points_free(struct points *p)
{
	if (p == NULL)
		return;
	free(p->lessons);
	free(p->totals);
	free(p->total_lines);
	free(p->weights);
	free(p);
}

/* Is name one of l's checks, or memcheck-PROGRAM of one of its programs? */
static int
has_check(const struct lesson *l, const char *name)
{
	for (size_t c = 0; c < l->n_checks; c++)
		if (strcmp(l->checks[c].name, name) == 0)
			return 1;
	if (strncmp(name, "memcheck-", 9) != 0)
		return 0;
	for (int p = 0; l->programs[p] != NULL; p++)
		if (strcmp(l->programs[p], name + 9) == 0)
			return 1;
	return 0;
}

/* Parse s as a number of points into *v. Returns 0, or -1 if it is none. */
static int
parse_number(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(*v) ||
	    *v < 0 || *v > POINTS_MAX)
		return -1;
	return 0;
}

/* Split line into at most 5 words (comments cut). Returns how many. */
static int
split_words(char *line, char **w)
{
	char *save = NULL, *hash = strchr(line, '#');
	int n = 0;

	if (hash != NULL)
		*hash = '\0';
	for (char *t = strtok_r(line, " \t\r\n", &save); t != NULL && n < 5;
	    t = strtok_r(NULL, " \t\r\n", &save))
		w[n++] = t;
	return n;
}

/* The line a total or weight of l was set on before, or 0. */
static int
set_before(const struct points *p, const struct lesson *l, const char *check)
{
	if (check == NULL) {
		for (size_t i = 0; i < p->n_totals; i++)
			if (p->lessons[i] == l)
				return p->total_lines[i];
		return 0;
	}
	for (size_t i = 0; i < p->n_weights; i++)
		if (p->weights[i].lesson == l &&
		    strcmp(p->weights[i].check, check) == 0)
			return p->weights[i].line;
	return 0;
}

/* Record l's total, set on line. */
static void
add_total(struct points *p, const struct lesson *l, double total, int line)
{
	p->lessons = grow(p->lessons, p->n_totals, sizeof *p->lessons);
	p->totals = grow(p->totals, p->n_totals, sizeof *p->totals);
	p->total_lines = grow(p->total_lines, p->n_totals,
	    sizeof *p->total_lines);
	p->lessons[p->n_totals] = l;
	p->totals[p->n_totals] = total;
	p->total_lines[p->n_totals++] = line;
}

/* Record the weight of l's check (a name shorter than 64), set on line. */
static void
add_weight(struct points *p, const struct lesson *l, const char *check,
    double weight, int line)
{
	struct weight *w;

	p->weights = grow(p->weights, p->n_weights, sizeof *p->weights);
	w = &p->weights[p->n_weights++];
	w->lesson = l;
	snprintf(w->check, sizeof w->check, "%s", check);
	w->weight = weight;
	w->line = line;
}

/*
 * Apply one line's words to p. Returns 0, or -1 with err holding what is
 * wrong and what to write (without the FILE:LINE: prefix).
 */
static int
parse_line(struct points *p, char **w, int n, int line, char *err,
    size_t errlen)
{
	const struct lesson *l;
	double v;
	int before;

	for (int i = 0; i < n; i++)
		for (const char *c = w[i]; *c != '\0'; c++)
			if (!isprint((unsigned char)*c)) {
				snprintf(err, errlen, "not text: write lines "
				    "like '01-tcp-hello total 20'");
				return -1;
			}
	if (!((n == 3 && strcmp(w[1], "total") == 0) ||
	    (n == 4 && strcmp(w[2], "weight") == 0))) {
		snprintf(err, errlen, "expected 'LESSON total POINTS' or "
		    "'LESSON CHECK weight WEIGHT', e.g. '01-tcp-hello total 20' "
		    "or '01-tcp-hello server-listens weight 3'");
		return -1;
	}
	if ((l = lesson_find(w[0])) == NULL) {
		snprintf(err, errlen, "no lesson '%.64s': write its number or "
		    "directory name, e.g. 01-tcp-hello (grade --list shows "
		    "them)", w[0]);
		return -1;
	}
	if (parse_number(w[n - 1], &v) == -1) {
		snprintf(err, errlen, "'%.64s' is not a number of points: write "
		    "a number from 0 to %g, e.g. 2.5", w[n - 1], POINTS_MAX);
		return -1;
	}
	if (n == 4 && (!has_check(l, w[1]) || strlen(w[1]) >= 64)) {
		snprintf(err, errlen, "lesson %s has no check '%.64s': write one "
		    "of the names grade --list shows under it", l->dir, w[1]);
		return -1;
	}
	if ((before = set_before(p, l, n == 4 ? w[1] : NULL)) != 0) {
		snprintf(err, errlen, "%s%s%s's %s is already set on line %d: "
		    "keep one of the two lines", l->dir, n == 4 ? " " : "",
		    n == 4 ? w[1] : "", n == 4 ? "weight" : "total", before);
		return -1;
	}
	if (n == 3)
		add_total(p, l, v, line);
	else
		add_weight(p, l, w[1], v, line);
	return 0;
}

/* The total of lesson dir: the file's, or the default. */
static double
lesson_total(const struct points *p, const char *dir)
{
	for (size_t i = 0; p != NULL && i < p->n_totals; i++)
		if (strcmp(p->lessons[i]->dir, dir) == 0)
			return p->totals[i];
	return POINTS_DEFAULT_TOTAL;
}

/* The weight of dir's check: the file's, or 1. */
static double
check_weight(const struct points *p, const char *dir, const char *check)
{
	for (size_t i = 0; p != NULL && i < p->n_weights; i++)
		if (strcmp(p->weights[i].lesson->dir, dir) == 0 &&
		    strcmp(p->weights[i].check, check) == 0)
			return p->weights[i].weight;
	return 1;
}

/*
 * A lesson worth points whose every check weighs 0 could not give them:
 * the line of the last weight that made it so, or 0 when none did.
 */
static int
all_weights_zero(const struct points *p)
{
	for (size_t i = 0; i < lesson_count(); i++) {
		const struct lesson *l = lesson_at(i);
		double sum = 0;
		int last = 0;

		if (lesson_total(p, l->dir) == 0)
			continue;
		for (size_t c = 0; c < l->n_checks; c++)
			sum += check_weight(p, l->dir, l->checks[c].name);
		for (size_t k = 0; k < p->n_weights; k++)
			if (p->weights[k].lesson == l && p->weights[k].line > last)
				last = p->weights[k].line;
		if (sum == 0)
			return last;
	}
	return 0;
}

struct points *
points_load(const char *path, char *err, size_t errlen)
{
	struct points *p = xmalloc(sizeof *p);
	char line[1024], why[512], *w[5];
	FILE *f = NULL;
	int n, lineno = 0;

	memset(p, 0, sizeof *p);
	if (path == NULL)
		return p;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s: give --points a file of lines "
		    "like '01-tcp-hello total 20'", path, strerror(errno));
		goto err;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long: write one "
			    "'LESSON total POINTS' or 'LESSON CHECK weight "
			    "WEIGHT' per line", path, lineno);
			goto err;
		}
		if ((n = split_words(line, w)) == 0)
			continue;
		if (parse_line(p, w, n, lineno, why, sizeof why) == -1) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			goto err;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s: give --points a readable text "
		    "file", path, strerror(errno));
		goto err;
	}
	if ((lineno = all_weights_zero(p)) != 0) {
		snprintf(err, errlen, "%s:%d: every check of this lesson now "
		    "weighs 0, so its total cannot be earned: give a check a "
		    "weight above 0, or the lesson 'total 0'", path, lineno);
		goto err;
	}
	fclose(f);
	return p;
err:
	if (f != NULL)
		fclose(f);
	points_free(p);
	return NULL;
}

void
points_assign(const struct points *p, struct lesson_report *l)
{
	double total = lesson_total(p, l->dir), sum = 0;

	for (size_t c = 0; c < l->n_checks; c++)
		sum += check_weight(p, l->dir, l->checks[c].name);
	for (size_t c = 0; c < l->n_checks; c++) {
		struct check_report *k = &l->checks[c];

		k->max_points = sum > 0 ?
		    total * check_weight(p, l->dir, k->name) / sum : 0;
		k->points = l->state == LESSON_GRADED &&
		    k->outcome == OUTCOME_PASS ? k->max_points : 0;
	}
}

double
points_lesson(const struct lesson_report *l, int max)
{
	double sum = 0;

	for (size_t c = 0; c < l->n_checks; c++)
		sum += max ? l->checks[c].max_points : l->checks[c].points;
	return sum;
}

/*
 * classreport.c: a class's results, from the child graders' JSON (jansson):
 * grades.csv, students/NAME.txt, summary.txt (classreport.h).
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "classreport.h"

/* The summary names this many of the checks failed most. */
#define TOP_CHECKS 15

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* key's number in o, real or integer (points are real), or dflt. */
static double
real(json_t *o, const char *key, double dflt)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : dflt;
}

static long
num(json_t *o, const char *key, long dflt)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_real(v))
		return (long)json_real_value(v);
	return dflt;
}

/* The grader's JSON in path, or NULL when it is not that. */
static json_t *
load(const char *path)
{
	json_error_t e;
	json_t *root = json_load_file(path, 0, &e);

	if (root != NULL && !json_is_array(json_object_get(root, "lessons"))) {
		json_decref(root);
		root = NULL;
	}
	return root;
}

int
classreport_inconclusive(const char *path, char *checks, char *lessons,
    size_t n, int *memcheck)
{
	json_t *root = load(path), *lesson, *check;
	size_t i, j;
	int count = 0;

	checks[0] = lessons[0] = '\0';
	*memcheck = 0;
	if (root == NULL)
		return -1;
	json_array_foreach(json_object_get(root, "lessons"), i, lesson) {
		int here = 0;

		json_array_foreach(json_object_get(lesson, "checks"), j,
		    check) {
			const char *name = str(check, "name");

			if (strcmp(str(check, "outcome"), "inconclusive") != 0)
				continue;
			count++;
			here = 1;
			*memcheck |= strncmp(name, "memcheck-", 9) == 0;
			if (strlen(checks) + strlen(name) + 2 < n)
				snprintf(checks + strlen(checks),
				    n - strlen(checks), "%s%s",
				    checks[0] ? " " : "", name);
		}
		if (here && strlen(lessons) + 80 < n)
			snprintf(lessons + strlen(lessons), n - strlen(lessons),
			    "%s%s", lessons[0] ? " " : "", str(lesson, "lesson"));
	}
	json_decref(root);
	return count;
}

/* The lesson named name in the lessons array, or NULL. */
static json_t *
find_by(json_t *array, const char *key, const char *name)
{
	size_t i;
	json_t *o;

	json_array_foreach(array, i, o)
		if (strcmp(str(o, key), name) == 0)
			return o;
	return NULL;
}

/* Recount a lesson's passed, inconclusive and points from its checks. */
static void
recount(json_t *lesson)
{
	long passed = 0, inconclusive = 0;
	double points = 0;
	int has_points = 0;
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(lesson, "checks"), i, c) {
		const char *outcome = str(c, "outcome");

		passed += strcmp(outcome, "pass") == 0;
		inconclusive += strcmp(outcome, "inconclusive") == 0;
		if (json_object_get(c, "points") != NULL) {
			has_points = 1;
			points += real(c, "points", 0);
		}
	}
	json_object_set_new(lesson, "passed", json_integer(passed));
	json_object_set_new(lesson, "inconclusive", json_integer(inconclusive));
	/* A check's points are what it earned (0 unless it passed). */
	if (has_points && json_is_number(json_object_get(lesson, "points")))
		json_object_set_new(lesson, "points", json_real(points));
}

int
classreport_merge(const char *first, const char *retry, const char *out,
    char *err, size_t errlen)
{
	json_t *a = load(first), *b = load(retry), *lb;
	size_t i, j;
	int rc = -1;

	if (a == NULL || b == NULL) {
		snprintf(err, errlen, "%s is not the grader's JSON",
		    a == NULL ? first : retry);
		goto done;
	}
	json_array_foreach(json_object_get(b, "lessons"), i, lb) {
		json_t *la = find_by(json_object_get(a, "lessons"), "lesson",
		    str(lb, "lesson")), *cb;

		if (la == NULL)
			continue;
		json_array_foreach(json_object_get(lb, "checks"), j, cb) {
			json_t *checks = json_object_get(la, "checks");

			for (size_t k = 0; k < json_array_size(checks); k++)
				if (strcmp(str(json_array_get(checks, k),
				    "name"), str(cb, "name")) == 0)
					json_array_set(checks, k, cb);
		}
		recount(la);
	}
	if (json_dump_file(a, out, JSON_INDENT(0) | JSON_PRESERVE_ORDER) == -1)
		snprintf(err, errlen, "cannot write %s", out);
	else
		rc = 0;
done:
	json_decref(a);
	json_decref(b);
	return rc;
}

/* A lesson's points and maximum: the grader's, else checks passed/total. */
static void
points_of(json_t *lesson, double *points, double *max)
{
	*points = real(lesson, "points", (double)num(lesson, "passed", 0));
	*max = real(lesson, "max_points", (double)num(lesson, "total", 0));
}

/* The lesson's first failing check's name, or "". */
static const char *
first_failing(json_t *lesson)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(lesson, "checks"), i, c)
		if (strcmp(str(c, "outcome"), "fail") == 0)
			return str(c, "name");
	return "";
}

void
classreport_brief(const char *path, char *buf, size_t n)
{
	json_t *root = load(path), *l;
	size_t i, len = 0;

	buf[0] = '\0';
	if (root == NULL) {
		snprintf(buf, n, "(no report)");
		return;
	}
	json_array_foreach(json_object_get(root, "lessons"), i, l) {
		const char *state = str(l, "state");
		int w;

		if (strcmp(state, "graded") == 0)
			w = snprintf(buf + len, n - len, "%s%.2s %ld/%ld",
			    len ? ", " : "", str(l, "lesson"),
			    num(l, "passed", 0), num(l, "total", 0));
		else
			w = snprintf(buf + len, n - len, "%s%.2s %s",
			    len ? ", " : "", str(l, "lesson"), state);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	json_decref(root);
}

/* Write s as a CSV field: quoted when it holds a comma, quote or newline. */
static void
csv_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n") == NULL)
		fputs(s, f);
	else {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	}
	fputc(last ? '\n' : ',', f);
}

/* A row of ten fields; the last (a note) without its trailing newlines. */
static void
csv_row(FILE *f, const char *const fields[10])
{
	char note[1024];
	size_t len;

	for (int i = 0; i < 9; i++)
		csv_field(f, fields[i], 0);
	snprintf(note, sizeof note, "%s", fields[9]);
	len = strlen(note);
	while (len > 0 && (note[len - 1] == '\n' || note[len - 1] == ' '))
		note[--len] = '\0';
	csv_field(f, note, 1);
}

/* The rows of one graded student. */
static void
csv_student(FILE *f, const char *name, json_t *root)
{
	size_t i;
	json_t *l;

	json_array_foreach(json_object_get(root, "lessons"), i, l) {
		char passed[24], total[24], inc[24], pts[24], max[24];
		double p, m;

		points_of(l, &p, &m);
		snprintf(passed, sizeof passed, "%ld", num(l, "passed", 0));
		snprintf(total, sizeof total, "%ld", num(l, "total", 0));
		snprintf(inc, sizeof inc, "%ld", num(l, "inconclusive", 0));
		/* As the grader's JSON writes them. */
		snprintf(pts, sizeof pts, "%.10g", p);
		snprintf(max, sizeof max, "%.10g", m);
		const char *row[10] = { name, str(l, "lesson"), str(l, "state"),
			passed, total, inc, pts, max, first_failing(l),
			str(l, "problem") };
		csv_row(f, row);
	}
}

/* One student's readable report. */
static void
text_student(FILE *f, const struct submission *s, json_t *root)
{
	size_t i, j;
	json_t *l, *c;

	fprintf(f, "%s (%s%s%s)\n", s->name, s->path, s->commit[0] ?
	    ", commit " : "", s->commit);
	if (root == NULL) {
		fprintf(f, "%s: %s\n", s->state == SUB_REFUSED ? "refused" :
		    "not graded", s->reason);
		return;
	}
	json_array_foreach(json_object_get(root, "lessons"), i, l) {
		double p, m;

		points_of(l, &p, &m);
		fprintf(f, "\n%s  %s: %ld/%ld checks passed, %g/%g points\n",
		    str(l, "lesson"), str(l, "state"), num(l, "passed", 0),
		    num(l, "total", 0), p, m);
		if (str(l, "problem")[0] != '\0')
			fprintf(f, "  %s\n", str(l, "problem"));
		json_array_foreach(json_object_get(l, "checks"), j, c) {
			const char *o = str(c, "outcome");

			fprintf(f, "  %-12s %s\n", strcmp(o, "pass") == 0 ?
			    "pass" : strcmp(o, "fail") == 0 ? "FAIL" : o,
			    str(c, "name"));
			if (strcmp(o, "pass") != 0 && str(c, "why")[0] != '\0')
				fprintf(f, "               why: %s\n",
				    str(c, "why"));
		}
	}
}

/* One check the class fails, and its most common whys. */
struct failed_check {
	char lesson[64], name[64];
	long fails;
	char **whys;
	long *counts;
	size_t n_whys;
};

/* One lesson's tally. */
struct lesson_tally {
	char lesson[64];
	long all_passed, graded, not_started, broken;
	double points, max;
};

struct tally {
	struct failed_check *checks;
	size_t n_checks;
	struct lesson_tally *lessons;
	size_t n_lessons;
	long inconclusive;
};

static struct lesson_tally *
lesson_tally(struct tally *t, const char *lesson)
{
	for (size_t i = 0; i < t->n_lessons; i++)
		if (strcmp(t->lessons[i].lesson, lesson) == 0)
			return &t->lessons[i];
	t->lessons = xrealloc(t->lessons, (t->n_lessons + 1) *
	    sizeof *t->lessons);
	memset(&t->lessons[t->n_lessons], 0, sizeof *t->lessons);
	snprintf(t->lessons[t->n_lessons].lesson, 64, "%s", lesson);
	return &t->lessons[t->n_lessons++];
}

/* Count one failure of lesson's check with why (its first line). */
static void
count_failure(struct tally *t, const char *lesson, const char *name,
    const char *why)
{
	struct failed_check *fc = NULL;
	char line[256];
	size_t i, len = strcspn(why, "\n");

	/* The first line, cut at a word with "..." when too long. */
	if (len < 200)
		snprintf(line, sizeof line, "%.*s", (int)len, why);
	else {
		for (len = 200; len > 150 && why[len] != ' '; len--)
			;
		snprintf(line, sizeof line, "%.*s ...", (int)len, why);
	}
	for (i = 0; i < t->n_checks && fc == NULL; i++)
		if (strcmp(t->checks[i].lesson, lesson) == 0 &&
		    strcmp(t->checks[i].name, name) == 0)
			fc = &t->checks[i];
	if (fc == NULL) {
		t->checks = xrealloc(t->checks, (t->n_checks + 1) *
		    sizeof *t->checks);
		fc = &t->checks[t->n_checks++];
		memset(fc, 0, sizeof *fc);
		snprintf(fc->lesson, sizeof fc->lesson, "%s", lesson);
		snprintf(fc->name, sizeof fc->name, "%s", name);
	}
	fc->fails++;
	for (i = 0; i < fc->n_whys; i++)
		if (strcmp(fc->whys[i], line) == 0) {
			fc->counts[i]++;
			return;
		}
	fc->whys = xrealloc(fc->whys, (fc->n_whys + 1) * sizeof *fc->whys);
	fc->counts = xrealloc(fc->counts, (fc->n_whys + 1) *
	    sizeof *fc->counts);
	fc->whys[fc->n_whys] = xstrdup(line);
	fc->counts[fc->n_whys++] = 1;
}

static void
tally_student(struct tally *t, json_t *root)
{
	size_t i, j;
	json_t *l, *c;

	json_array_foreach(json_object_get(root, "lessons"), i, l) {
		struct lesson_tally *lt = lesson_tally(t, str(l, "lesson"));
		const char *state = str(l, "state");
		double p, m;

		points_of(l, &p, &m);
		lt->not_started += strcmp(state, "not-started") == 0;
		lt->broken += strcmp(state, "broken") == 0;
		if (strcmp(state, "graded") != 0)
			continue;
		lt->graded++;
		lt->points += p;
		lt->max += m;
		lt->all_passed += num(l, "passed", 0) == num(l, "total", -1);
		json_array_foreach(json_object_get(l, "checks"), j, c) {
			t->inconclusive += strcmp(str(c, "outcome"),
			    "inconclusive") == 0;
			if (strcmp(str(c, "outcome"), "fail") == 0)
				count_failure(t, str(l, "lesson"),
				    str(c, "name"), str(c, "why"));
		}
	}
}

static int
by_fails(const void *a, const void *b)
{
	const struct failed_check *x = a, *y = b;

	return (y->fails > x->fails) - (y->fails < x->fails);
}

static void
write_summary(FILE *f, struct tally *t, const char *classdir,
    const struct submission *subs, size_t n)
{
	size_t graded = 0, refused = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		graded += subs[i].state == SUB_DONE;
		refused += subs[i].state == SUB_REFUSED;
		failed += subs[i].state == SUB_FAILED;
	}
	fprintf(f, "Class %s: %zu submissions, %zu graded, %zu refused, "
	    "%zu not graded (the grader failed)\n\n", classdir, n, graded,
	    refused, failed);
	fprintf(f, "Lessons: students who passed every check, of those "
	    "graded\n");
	for (size_t i = 0; i < t->n_lessons; i++) {
		struct lesson_tally *l = &t->lessons[i];

		fprintf(f, "  %-28s %3ld of %3ld passed", l->lesson,
		    l->all_passed, l->graded);
		if (l->max > 0)
			fprintf(f, "  (%.0f%% of the points)",
			    100.0 * l->points / l->max);
		if (l->not_started > 0)
			fprintf(f, "  %ld not started", l->not_started);
		if (l->broken > 0)
			fprintf(f, "  %ld cannot be graded", l->broken);
		fputc('\n', f);
	}
	qsort(t->checks, t->n_checks, sizeof *t->checks, by_fails);
	fprintf(f, "\nChecks the class fails most (students failing; the "
	    "most common why, and how many share it)\n");
	if (t->n_checks == 0)
		fprintf(f, "  none\n");
	for (size_t i = 0; i < t->n_checks && i < TOP_CHECKS; i++) {
		struct failed_check *c = &t->checks[i];
		size_t best = 0;

		for (size_t w = 1; w < c->n_whys; w++)
			if (c->counts[w] > c->counts[best])
				best = w;
		fprintf(f, "  %3ld  %.2s %s\n       %ld of them: %s\n", c->fails,
		    c->lesson, c->name, c->counts[best], c->whys[best][0] ?
		    c->whys[best] : "(no why)");
	}
	if (t->inconclusive > 0)
		fprintf(f, "\n%ld checks stayed inconclusive after a retry "
		    "(students/NAME.txt names them): grade those students "
		    "again\n", t->inconclusive);
	if (refused + failed > 0)
		fprintf(f, "\nNot graded\n");
	for (size_t i = 0; i < n; i++)
		if (subs[i].state != SUB_DONE)
			fprintf(f, "  %s: %s: %s\n", subs[i].name,
			    subs[i].state == SUB_REFUSED ? "refused" :
			    "not graded", subs[i].reason);
}

static void
free_tally(struct tally *t)
{
	for (size_t i = 0; i < t->n_checks; i++) {
		for (size_t w = 0; w < t->checks[i].n_whys; w++)
			free(t->checks[i].whys[w]);
		free(t->checks[i].whys);
		free(t->checks[i].counts);
	}
	free(t->checks);
	free(t->lessons);
}

/* One student's rows, report and tally. Returns 0 or -1. */
static int
report_student(FILE *csv, struct tally *t, const char *outdir,
    const struct submission *s, const char *const *lessons)
{
	char json[PATH_MAX + 128], txt[PATH_MAX + 128];
	json_t *root = NULL;
	FILE *f;

	snprintf(json, sizeof json, "%s/students/%s.json", outdir, s->name);
	snprintf(txt, sizeof txt, "%s/students/%s.txt", outdir, s->name);
	if (s->state == SUB_DONE)
		root = load(json);
	else
		unlink(json);
	if (root != NULL) {
		csv_student(csv, s->name, root);
		tally_student(t, root);
	} else
		for (size_t i = 0; lessons[i] != NULL; i++) {
			const char *row[10] = { s->name, lessons[i],
				s->state == SUB_REFUSED ? "refused" : "error",
				"0", "", "", "0", "", "", s->state == SUB_DONE ?
				"its report is missing" : s->reason };
			csv_row(csv, row);
		}
	f = fopen(txt, "w");
	if (f != NULL) {
		text_student(f, s, root);
		if (fclose(f) == EOF)
			f = NULL;
	}
	json_decref(root);
	return f == NULL ? -1 : 0;
}

int
classreport_write(const char *outdir, const char *classdir,
    const struct submission *subs, size_t n, const char *const *lessons,
    char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	struct tally t = { 0 };
	FILE *csv, *sum;
	int rc = 0;

	snprintf(path, sizeof path, "%s/grades.csv", outdir);
	csv = fopen(path, "w");
	if (csv == NULL) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		return -1;
	}
	const char *head[10] = { "student", "lesson", "state", "passed",
		"total", "inconclusive", "points", "max_points",
		"first_failing_check", "note" };
	csv_row(csv, head);
	for (size_t i = 0; i < n; i++)
		if (report_student(csv, &t, outdir, &subs[i], lessons) == -1) {
			snprintf(err, errlen, "cannot write %s/students/%s.txt",
			    outdir, subs[i].name);
			rc = -1;
		}
	if (fclose(csv) == EOF) {
		snprintf(err, errlen, "cannot write %s", path);
		rc = -1;
	}
	snprintf(path, sizeof path, "%s/summary.txt", outdir);
	sum = fopen(path, "w");
	if (sum == NULL || (write_summary(sum, &t, classdir, subs, n),
	    fclose(sum) == EOF)) {
		snprintf(err, errlen, "cannot write %s", path);
		rc = -1;
	}
	free_tally(&t);
	return rc;
}

/* lab.c: a lab's points, both sides' results, and their files (lab.h). */
#include "config.h"

#include <errno.h>
#include <math.h>	/* isfinite() */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab.h"
#include "run.h"

#define POINTS_KEY "note.lab.points"
#define REMARKS_KEY "note.lab.remarks"

/* The table's column widths. */
#define COL_EXPERIMENT 20
#define COL_SERIES 20
#define COL_NUMBER 12

/* ---- Inside the sandbox ---- */

/* Copy src into dst (n bytes), newlines and tabs made spaces. */
static void
one_line(char *dst, size_t n, const char *src)
{
	if (dst != src)
		snprintf(dst, n, "%s", src);
	for (char *p = dst; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

void
lab_point(struct run *r, const char *series, double x, double y)
{
	char name[LAB_NAME_MAX];

	one_line(name, sizeof name, series);
	if (!isfinite(x) || !isfinite(y)) {
		lab_remark(r, "%s: a point that is not a number, left out",
		    name);
		return;
	}
	transcript_addf(r->t, POINTS_KEY, "%.17g %.17g %s", x, y, name);
}

void
lab_remark(struct run *r, const char *fmt, ...)
{
	char text[400], line[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	one_line(line, sizeof line, text);
	transcript_addf(r->t, REMARKS_KEY, "%s", line);
}

int
lab_one_cpu(struct run *r)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	CPU_ZERO(&set);
	if (cpu >= 0)
		CPU_SET(cpu, &set);
	if (cpu < 0 || sched_setaffinity(0, sizeof set, &set) == -1) {
		lab_remark(r, "its programs could not be kept on one CPU "
		    "(sched_setaffinity: %s): its times may jump between two "
		    "levels", strerror(errno));
		return -1;
	}
	return 0;
}

int
lab_find_tool(const char *name, char *path, size_t n)
{
	const char *dirs = getenv("PATH");
	char copy[4096], *save = NULL;

	snprintf(copy, sizeof copy, "%s", dirs != NULL && dirs[0] != '\0' ?
	    dirs : "/usr/bin:/bin");
	for (char *d = strtok_r(copy, ":", &save); d != NULL;
	    d = strtok_r(NULL, ":", &save)) {
		snprintf(path, n, "%s/%s", d[0] != '\0' ? d : ".", name);
		if (access(path, X_OK) == 0)
			return 0;
	}
	return -1;
}

struct proc *
lab_start_tool(struct run *r, const char *name, const char *label,
    const char *const args[])
{
	const struct run_extra x = { .tool = 1 };
	char path[512];

	if (lab_find_tool(name, path, sizeof path) == -1)
		return NULL;
	return run_start_ext(r, path, label, args, &x);
}

/* ---- Out here: results ---- */

void
lab_results_init(struct lab_results *res)
{
	memset(res, 0, sizeof *res);
	bytes_init(&res->remarks);
}

void
lab_results_free(struct lab_results *res)
{
	free(res->rows);
	bytes_free(&res->remarks);
	memset(res, 0, sizeof *res);
}

/* The row of (experiment, series, x), added when missing. */
static struct lab_row *
row_for(struct lab_results *res, const char *experiment, const char *series,
    double x)
{
	struct lab_row *row;

	for (size_t i = 0; i < res->n; i++)
		if (res->rows[i].x == x &&
		    strcmp(res->rows[i].series, series) == 0 &&
		    strcmp(res->rows[i].experiment, experiment) == 0)
			return &res->rows[i];
	if (res->n == res->cap) {
		res->cap = res->cap ? 2 * res->cap : 32;
		res->rows = xrealloc(res->rows, res->cap * sizeof *res->rows);
	}
	row = &res->rows[res->n++];
	memset(row, 0, sizeof *row);
	snprintf(row->experiment, sizeof row->experiment, "%s", experiment);
	snprintf(row->series, sizeof row->series, "%s", series);
	row->x = x;
	return row;
}

/*
 * Parse one line "X Y SERIES" (len bytes, no newline). Returns 0, or -1
 * when it is not one.
 */
static int
parse_point(const char *line, size_t len, double *x, double *y,
    char *series, size_t n)
{
	char buf[256], *end, *p;

	if (len >= sizeof buf)
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	*x = strtod(buf, &end);
	if (end == buf || *end != ' ')
		return -1;
	p = end + 1;
	*y = strtod(p, &end);
	if (end == p || *end != ' ' || end[1] == '\0')
		return -1;
	if (!isfinite(*x) || !isfinite(*y))
		return -1;
	snprintf(series, n, "%s", end + 1);
	return 0;
}

/*
 * Add remark line (len bytes) of experiment from side: once, marked with
 * the side, or "both" when the other side made the same remark.
 */
static void
add_remark(struct lab_results *res, const char *experiment, const char *line,
    size_t len, enum lab_side side)
{
	static const char *const names[2] = { "yours", "reference" };
	char mine[512], other[512], both[512], text[400];
	const char *all = bytes_str(&res->remarks);
	char *at;

	snprintf(text, sizeof text, "%.*s", (int)len, line);
	one_line(text, sizeof text, text);
	snprintf(mine, sizeof mine, "%s (%s): %s\n", experiment, names[side],
	    text);
	snprintf(other, sizeof other, "%s (%s): %s\n", experiment,
	    names[!side], text);
	snprintf(both, sizeof both, "%s (both): %s\n", experiment, text);
	if (strstr(all, mine) != NULL || strstr(all, both) != NULL)
		return;
	at = strstr(all, other);
	if (at == NULL) {
		bytes_puts(&res->remarks, mine);
		return;
	}
	/* Replace the other side's line with one for both. */
	{
		struct bytes b;
		size_t before = (size_t)(at - all);

		bytes_init(&b);
		bytes_append(&b, all, before);
		bytes_puts(&b, both);
		bytes_puts(&b, at + strlen(other));
		bytes_free(&res->remarks);
		res->remarks = b;
	}
}

/* Call fn for each line of key's value in t. */
static int
each_line(const struct transcript *t, const char *key,
    int (*fn)(void *ctx, const char *line, size_t len), void *ctx)
{
	const struct bytes *b = transcript_get(t, key);
	size_t start = 0;
	int count = 0;

	if (b == NULL)
		return 0;
	while (start < b->len) {
		const char *nl = memchr(b->data + start, '\n', b->len - start);
		size_t len = nl != NULL ? (size_t)(nl - (b->data + start)) :
		    b->len - start;

		if (len > 0) {
			if (fn(ctx, b->data + start, len) == -1)
				return -1;
			count++;
		}
		start += len + 1;
	}
	return count;
}

struct adding {
	struct lab_results *res;
	const char *experiment;
	enum lab_side side;
};

static int
add_point_line(void *ctx, const char *line, size_t len)
{
	struct adding *a = ctx;
	char series[LAB_NAME_MAX];
	struct lab_row *row;
	double x, y;

	if (parse_point(line, len, &x, &y, series, sizeof series) == -1)
		return -1;
	row = row_for(a->res, a->experiment, series, x);
	row->y[a->side] = y;
	row->has[a->side] = 1;
	return 0;
}

static int
add_remark_line(void *ctx, const char *line, size_t len)
{
	struct adding *a = ctx;

	add_remark(a->res, a->experiment, line, len, a->side);
	return 0;
}

int
lab_results_add(struct lab_results *res, const char *experiment,
    const struct transcript *t, enum lab_side side)
{
	struct adding a = { res, experiment, side };
	char line[400];
	int len;

	/* What kept the run from measuring, when something did. */
	if (transcript_get(t, "note.error") != NULL) {
		len = snprintf(line, sizeof line, "could not run: %s",
		    transcript_str(t, "note.error"));
		add_remark(res, experiment, line, (size_t)len < sizeof line ?
		    (size_t)len : sizeof line - 1, side);
	}
	if (transcript_get(t, "note.inconclusive") != NULL) {
		len = snprintf(line, sizeof line, "the host disturbed it: %s",
		    transcript_str(t, "note.inconclusive"));
		add_remark(res, experiment, line, (size_t)len < sizeof line ?
		    (size_t)len : sizeof line - 1, side);
	}
	(void)each_line(t, REMARKS_KEY, add_remark_line, &a);
	return each_line(t, POINTS_KEY, add_point_line, &a);
}

/* ---- The table and the CSV file ---- */

/*
 * v for people: whole numbers and large ones without decimals, others
 * with three significant digits.
 */
static void
format_number(char *buf, size_t n, double v)
{
	if (v >= 1000 || v <= -1000 || v == (double)(long)v)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%.3g", v);
}

/* yours / reference into buf, or "-" when either is missing or 0. */
static void
format_ratio(char *buf, size_t n, const struct lab_row *row)
{
	if (!row->has[LAB_YOURS] || !row->has[LAB_REFERENCE] ||
	    row->y[LAB_REFERENCE] == 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.2f", row->y[LAB_YOURS] /
		    row->y[LAB_REFERENCE]);
}

void
lab_write_table(FILE *out, const struct lab_results *res)
{
	fprintf(out, "%-*s %-*s %*s %*s %*s %*s\n", COL_EXPERIMENT,
	    "experiment", COL_SERIES, "series", COL_NUMBER, "x", COL_NUMBER,
	    "yours", COL_NUMBER, "reference", COL_NUMBER, "yours/ref");
	for (size_t i = 0; i < res->n; i++) {
		const struct lab_row *row = &res->rows[i];
		char x[32], yours[32] = "-", ref[32] = "-", ratio[32];

		format_number(x, sizeof x, row->x);
		if (row->has[LAB_YOURS])
			format_number(yours, sizeof yours, row->y[LAB_YOURS]);
		if (row->has[LAB_REFERENCE])
			format_number(ref, sizeof ref, row->y[LAB_REFERENCE]);
		format_ratio(ratio, sizeof ratio, row);
		fprintf(out, "%-*s %-*s %*s %*s %*s %*s\n", COL_EXPERIMENT,
		    row->experiment, COL_SERIES, row->series, COL_NUMBER, x,
		    COL_NUMBER, yours, COL_NUMBER, ref, COL_NUMBER, ratio);
	}
	if (res->remarks.len > 0)
		fprintf(out, "\nRemarks:\n%s", bytes_str(&res->remarks));
}

/* s as one CSV field: quoted when it holds a comma, a quote or a space. */
static void
csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\" ") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void
lab_write_csv(FILE *out, const struct lab_results *res)
{
	fputs("experiment,series,x,yours,reference,ratio\r\n", out);
	for (size_t i = 0; i < res->n; i++) {
		const struct lab_row *row = &res->rows[i];
		char ratio[32];

		csv_field(out, row->experiment);
		fputc(',', out);
		csv_field(out, row->series);
		fprintf(out, ",%.10g,", row->x);
		if (row->has[LAB_YOURS])
			fprintf(out, "%.10g", row->y[LAB_YOURS]);
		fputc(',', out);
		if (row->has[LAB_REFERENCE])
			fprintf(out, "%.10g", row->y[LAB_REFERENCE]);
		fputc(',', out);
		format_ratio(ratio, sizeof ratio, row);
		if (strcmp(ratio, "-") != 0)
			fputs(ratio, out);
		fputs("\r\n", out);
	}
}

/* ---- Plots ---- */

int
lab_series_matches(const char *pattern, const char *series)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, series, n - 1) == 0;
	return strcmp(pattern, series) == 0;
}

/* Does p draw series? */
static int
plot_draws(const struct lab_plot *p, const char *series)
{
	for (int i = 0; i < LAB_PLOT_SERIES && p->series[i] != NULL; i++)
		if (lab_series_matches(p->series[i], series))
			return 1;
	return 0;
}

static int
compare_rows_by_x(const void *a, const void *b)
{
	const struct lab_row *const *x = a, *const *y = b;

	return ((*x)->x > (*y)->x) - ((*x)->x < (*y)->x);
}

/*
 * Write one block: side's points of series, sorted by x. Returns 1 when
 * it had any (then its title went to titles), else 0.
 */
static int
write_block(FILE *out, const struct lab_results *res, const char *series,
    enum lab_side side, int first, struct bytes *titles)
{
	static const char *const names[2] = { "yours", "reference" };
	const struct lab_row **pick = xmalloc((res->n ? res->n : 1) *
	    sizeof *pick);
	size_t n = 0;

	for (size_t i = 0; i < res->n; i++)
		if (res->rows[i].has[side] &&
		    strcmp(res->rows[i].series, series) == 0)
			pick[n++] = &res->rows[i];
	if (n > 0) {
		qsort(pick, n, sizeof *pick, compare_rows_by_x);
		fprintf(out, "%s# %s (%s)\n", first ? "" : "\n\n", series,
		    names[side]);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%.10g %.10g\n", pick[i]->x,
			    pick[i]->y[side]);
		bytes_printf(titles, "%s (%s)\n", series, names[side]);
	}
	free(pick);
	return n > 0;
}

size_t
lab_write_plot_data(FILE *out, const struct lab_results *res,
    const struct lab_plot *p, struct bytes *titles)
{
	size_t blocks = 0;

	for (size_t i = 0; i < res->n; i++) {
		const char *series = res->rows[i].series;
		size_t k;

		if (!plot_draws(p, series))
			continue;
		/* Each series once, where it first appears. */
		for (k = 0; k < i && strcmp(res->rows[k].series, series) != 0;
		    k++)
			;
		if (k < i)
			continue;
		for (int side = LAB_REFERENCE; side >= LAB_YOURS; side--)
			blocks += (size_t)write_block(out, res, series,
			    (enum lab_side)side, blocks == 0, titles);
	}
	return blocks;
}

/* s inside a gnuplot string in double quotes. */
static void
gp_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void
lab_write_plot_script(FILE *out, const struct lab_plot *p,
    const char *titles, const char *data_file, const char *image,
    const char *terminal)
{
	char series[160] = "";
	int index = 0, colour = 0;

	fprintf(out, "# %s: gnuplot %s.gp draws %s\n", p->name, p->name,
	    image);
	fprintf(out, "set terminal %s size 900,560%s\n", terminal,
	    strcmp(terminal, "svg") == 0 ? " dynamic" : "");
	fputs("set output ", out);
	gp_string(out, image);
	fputs("\nset title ", out);
	gp_string(out, p->title);
	fputs("\nset xlabel ", out);
	gp_string(out, p->x_label);
	fputs("\nset ylabel ", out);
	gp_string(out, p->y_label);
	fputs("\nset key outside right top\nset grid\n", out);
	if (p->log_x)
		fputs("set logscale x 2\n", out);
	if (p->x_bytes)
		fputs("set format x \"%.0b%B\"\n", out);
	if (p->log_y)
		fputs("set logscale y 10\n", out);
	fputs("plot", out);
	while (*titles != '\0') {
		size_t len = strcspn(titles, "\n");
		const char *side = NULL;
		char title[160];
		size_t name_len;
		int yours;

		/* The side is the last parenthesis: "tcp -2 (yours)". */
		for (const char *q = titles; q < titles + len; q++)
			if (*q == '(')
				side = q;
		yours = side != NULL && strncmp(side, "(yours)", 7) == 0;
		name_len = side != NULL && side > titles ?
		    (size_t)(side - titles - 1) : len;
		/* A colour a series; yours dashed, the reference's solid. */
		if (index == 0 || strlen(series) != name_len ||
		    strncmp(series, titles, name_len) != 0)
			colour++;
		snprintf(series, sizeof series, "%.*s", (int)name_len, titles);
		snprintf(title, sizeof title, "%.*s", (int)len, titles);
		fprintf(out, "%s ", index == 0 ? "" : ", \\\n    ");
		gp_string(out, data_file);
		fprintf(out, " index %d using 1:2 with linespoints "
		    "linecolor %d dashtype %d title ", index, colour,
		    yours ? 2 : 1);
		gp_string(out, title);
		index++;
		titles += len;
		if (*titles == '\n')
			titles++;
	}
	fputc('\n', out);
}

/*
 * lab.h: a lesson's lab (grade --lab): experiments that measure instead of
 * being judged, their points, and the files that show them.
 *
 * An experiment is a check (lesson.h) in the lesson's lab table: its
 * scenario runs in a sandbox with the toolkit of run.h, once with the
 * student's programs and once with the reference's, and records what it
 * measured with lab_point(): a point (x, y) of a named series. Points
 * travel back in the transcript (note.lab.points, a line each); out here
 * lab_results_add() gathers both sides' points into rows (experiment,
 * series, x, yours, reference), which the writers below turn into a text
 * table, a CSV file, and a gnuplot data file and script per plot. Nothing
 * here judges: a lab shows, the checks judge.
 */
#ifndef SOCKLAB_LAB_H
#define SOCKLAB_LAB_H

#include <stddef.h>
#include <stdio.h>

#include "bytes.h"
#include "run.h"
#include "transcript.h"

struct check;

/* The most series a plot draws (each twice: yours and the reference's). */
#define LAB_PLOT_SERIES 8

/*
 * A plot of a lesson's lab: the named series of its experiments (a name
 * ending in '*' takes every series it begins), against x.
 */
struct lab_plot {
	const char *name;	/* "latency-median": NAME.dat, .gp, .png */
	const char *title;	/* above the plot */
	const char *series[LAB_PLOT_SERIES];	/* NULL-ended */
	const char *x_label, *y_label;
	int log_x, log_y;	/* logarithmic axes */
	int x_bytes;		/* x counts bytes: ticks read 64, 1ki, 1Mi */
};

/*
 * A lesson's lab (lesson.h): its experiments, checks whose scenarios call
 * lab_point() (grade --lab runs each alone: they measure time), and its
 * plots.
 */
struct lesson_lab {
	const struct check *experiments;
	size_t n_experiments;
	const struct lab_plot *plots;
	size_t n_plots;
};

/* ---- Inside the sandbox: what an experiment's scenario records ---- */

/*
 * Record the point (x, y) of series (a short name without newlines:
 * "median tcp"). A y that is not a finite number is noted as a remark
 * instead.
 */
void lab_point(struct run *r, const char *series, double x, double y);

/* Record a remark: what could not be measured, and why ("iperf3 ..."). */
void lab_remark(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Run the programs the experiment starts from now on (and the scenario)
 * on one CPU, the one the scenario is on: two programs passing a message
 * to and fro on two CPUs of a virtual machine take one of two times (13
 * or 45 us here), by where the scheduler put them; on one CPU, one time.
 * Returns 0, or -1 after a remark (they then run where they may).
 */
int lab_one_cpu(struct run *r);

/*
 * Find the installed tool name (iperf3) in PATH, into path (n bytes).
 * Returns 0, or -1 when it is not there.
 */
int lab_find_tool(const char *name, char *path, size_t n);

/*
 * Start the installed tool name (found in PATH) with args as label, as
 * the lesson's programs run (same user, same limits; never under
 * valgrind). Returns it, or NULL when it is not installed (nothing is
 * recorded then: say what to install with lab_remark) or could not start
 * (LABEL.status says why).
 */
struct proc *lab_start_tool(struct run *r, const char *name,
    const char *label, const char *const args[]);

/* ---- Out here: both sides' points, and the files ---- */

#define LAB_NAME_MAX 64

/* One measurement, on both sides. */
struct lab_row {
	char experiment[LAB_NAME_MAX];
	char series[LAB_NAME_MAX];
	double x;
	double y[2];		/* [LAB_YOURS], [LAB_REFERENCE] */
	int has[2];		/* whether that side measured it */
};

enum lab_side { LAB_YOURS, LAB_REFERENCE };

struct lab_results {
	struct lab_row *rows;	/* in the order measured */
	size_t n, cap;
	struct bytes remarks;	/* "experiment (side): remark" lines */
};

void lab_results_init(struct lab_results *res);
void lab_results_free(struct lab_results *res);

/*
 * Add the points and remarks experiment recorded in t on side to res:
 * a point of an (experiment, series, x) already there fills that row's
 * side (the side's last such point wins). Returns how many points were
 * read, or -1 when a line of note.lab.points is malformed (those before
 * it are kept).
 */
int lab_results_add(struct lab_results *res, const char *experiment,
    const struct transcript *t, enum lab_side side);

/*
 * The table (experiment, series, x, yours, reference, yours/reference),
 * columns aligned, a missing figure as "-", then the remarks.
 */
void lab_write_table(FILE *out, const struct lab_results *res);

/* The same as CSV (RFC 4180), a header line first, missing fields empty. */
void lab_write_csv(FILE *out, const struct lab_results *res);

/* Does series match pattern (a name, or a prefix ending in '*')? */
int lab_series_matches(const char *pattern, const char *series);

/*
 * Plot p's data for gnuplot: one block per series and side that has
 * points ("# SERIES (yours)", then "X Y" lines sorted by x), blocks
 * separated by two blank lines (gnuplot's index). Returns how many blocks
 * were written; their titles, in order, go to titles (a line each).
 */
size_t lab_write_plot_data(FILE *out, const struct lab_results *res,
    const struct lab_plot *p, struct bytes *titles);

/*
 * A gnuplot script drawing the blocks whose titles (lab_write_plot_data's)
 * are in titles, from data_file into image (terminal: "pngcairo", "png"
 * or "svg"); both file names are written as given (relative to where
 * gnuplot runs).
 */
void lab_write_plot_script(FILE *out, const struct lab_plot *p,
    const char *titles, const char *data_file, const char *image,
    const char *terminal);

#endif

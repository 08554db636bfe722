/*
 * labgrade.c: grade --lab (labgrade.h). A lesson's lab experiments are run
 * as its checks are (prepare.c builds both sides' programs, jobs.c runs
 * each experiment in two sandboxes, the reference's then the student's),
 * but their transcripts are kept rather than judged: lab.c turns their
 * points into a table and plots, and gnuplot, where it is installed,
 * draws them.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "jobs.h"
#include "lab.h"
#include "labgrade.h"
#include "prepare.h"
#include "spawn.h"
#include "workspace.h"

/*
 * What gnuplot may take for one plot (it takes a tenth of a second): 10 s
 * of processor time, and 120 s in all. The processor time is its work; on
 * a busy machine, or under nice, it may wait far longer than that for a
 * processor (seen: over 10 s at nice 19 beside two tests), which is no
 * fault of gnuplot's.
 */
#define GNUPLOT_CPU_SECONDS 10
#define GNUPLOT_TIMEOUT_MS 120000
#define GNUPLOT_INSTALL "apt-get install gnuplot-nox"

/* What a lab wrote, for the report: a file name a line. */
struct written {
	char dir[PATH_MAX];
	struct bytes files;
	struct bytes problems;	/* a line each */
	int plots_drawn;
};

/* mkdir -p path. Returns 0, or -1 with errno set. */
static int
make_dirs(const char *path)
{
	char dir[PATH_MAX];

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(dir, 0755) == -1 && errno != EEXIST ? -1 : 0;
}

/*
 * Open w->dir/name for writing. Returns it, or NULL with the problem
 * added to w.
 */
static FILE *
open_output(struct written *w, const char *name)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", w->dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		bytes_printf(&w->problems, "cannot write %s: %s\n", path,
		    strerror(errno));
	return f;
}

/* Close f, written as name: listed in w, or a problem. Returns 0 or -1. */
static int
close_output(struct written *w, FILE *f, const char *name)
{
	int failed = ferror(f);

	if (fclose(f) == EOF || failed) {
		bytes_printf(&w->problems, "cannot write %s/%s: %s\n", w->dir,
		    name, strerror(errno));
		return -1;
	}
	bytes_printf(&w->files, "%s\n", name);
	return 0;
}

/*
 * Run gnuplot with args in dir, within GNUPLOT_TIMEOUT_MS. Returns 0 when
 * it succeeded, else -1 with its first words of complaint in why.
 */
static int
run_gnuplot(const char *gnuplot, const char *dir, const char *const args[],
    char *why, size_t n)
{
	const struct limits lim = { .cpu_seconds = GNUPLOT_CPU_SECONDS };
	char *argv[8], out[PATH_MAX], err[PATH_MAX], msg[256];
	struct proc p;
	struct bytes e;
	int k = 0, rc = -1, truncated;

	argv[k++] = (char *)gnuplot;
	for (int i = 0; args[i] != NULL && k < 7; i++)
		argv[k++] = (char *)args[i];
	argv[k] = NULL;
	snprintf(out, sizeof out, "%s/gnuplot.out", workspace_root());
	snprintf(err, sizeof err, "%s/gnuplot.err", workspace_root());
	if (proc_start(&p, argv, dir, NULL, out, err, &lim, msg,
	    sizeof msg) == -1) {
		snprintf(why, n, "%s", msg);
		return -1;
	}
	if (proc_wait(&p, clock_ms() + GNUPLOT_TIMEOUT_MS) == -1) {
		snprintf(why, n, "gnuplot did not finish in %d s",
		    GNUPLOT_TIMEOUT_MS / 1000);
		proc_stop(&p, 100);
		return -1;
	}
	proc_stop(&p, 100);
	bytes_init(&e);
	(void)bytes_read_file(&e, err, 300, &truncated);
	if (WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0)
		rc = 0;
	else if (WIFSIGNALED(p.status) && WTERMSIG(p.status) == SIGXCPU)
		snprintf(why, n, "gnuplot used %d s of processor time and was "
		    "stopped", GNUPLOT_CPU_SECONDS);
	else
		proc_describe(&p, why, n);
	if (rc == -1 && e.len > 0) {
		size_t len = strlen(why);

		snprintf(why + len, n - len, ": %s", bytes_str(&e));
		for (char *c = why; *c != '\0'; c++)
			if (*c == '\n')
				*c = ' ';
	}
	bytes_free(&e);
	return rc;
}

/* The best terminal gnuplot has here: pngcairo, png, else svg. */
static const char *
choose_terminal(const char *gnuplot, const char *dir)
{
	static const char *const terms[] = { "pngcairo", "png" };
	char why[256];

	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		char cmd[64];
		const char *args[] = { "-e", cmd, NULL };

		snprintf(cmd, sizeof cmd, "set terminal %s", terms[i]);
		if (run_gnuplot(gnuplot, dir, args, why, sizeof why) == 0)
			return terms[i];
	}
	return "svg";
}

/*
 * Write plot p's data and script into w (and draw it with gnuplot, when
 * not NULL, in terminal).
 */
static void
write_plot(struct written *w, const struct lab_results *res,
    const struct lab_plot *p, const char *gnuplot, const char *terminal)
{
	char dat[LAB_NAME_MAX + 8], gp[LAB_NAME_MAX + 8];
	char image[LAB_NAME_MAX + 8], why[512];
	const char *args[] = { gp, NULL };
	struct bytes titles;
	size_t blocks;
	FILE *f;

	snprintf(dat, sizeof dat, "%s.dat", p->name);
	snprintf(gp, sizeof gp, "%s.gp", p->name);
	snprintf(image, sizeof image, "%s.%s", p->name,
	    strcmp(terminal, "svg") == 0 ? "svg" : "png");
	bytes_init(&titles);
	if ((f = open_output(w, dat)) == NULL)
		goto out;
	blocks = lab_write_plot_data(f, res, p, &titles);
	if (close_output(w, f, dat) == -1)
		goto out;
	if (blocks == 0) {
		bytes_printf(&w->problems, "%s: nothing measured to draw\n",
		    p->name);
		goto out;
	}
	if ((f = open_output(w, gp)) == NULL)
		goto out;
	lab_write_plot_script(f, p, bytes_str(&titles), dat, image, terminal);
	if (close_output(w, f, gp) == -1 || gnuplot == NULL)
		goto out;
	if (run_gnuplot(gnuplot, w->dir, args, why, sizeof why) == 0) {
		bytes_printf(&w->files, "%s\n", image);
		w->plots_drawn++;
	} else {
		bytes_printf(&w->problems, "gnuplot %s: %s\n", gp, why);
	}
out:
	bytes_free(&titles);
}

/* Write the table and the CSV file of res into w. */
static void
write_tables(struct written *w, const struct lab_results *res)
{
	FILE *f;

	if ((f = open_output(w, "results.txt")) != NULL) {
		lab_write_table(f, res);
		(void)close_output(w, f, "results.txt");
	}
	if ((f = open_output(w, "results.csv")) != NULL) {
		lab_write_csv(f, res);
		(void)close_output(w, f, "results.csv");
	}
}

/* Gather the points of lesson l's lab from its runs (2 per experiment). */
static void
gather(struct lab_results *res, const struct lesson *l,
    const struct transcript *runs)
{
	for (size_t c = 0; c < l->lab->n_experiments; c++) {
		const char *name = l->lab->experiments[c].name;

		if (lab_results_add(res, name, &runs[2 * c],
		    LAB_REFERENCE) == -1 ||
		    lab_results_add(res, name, &runs[2 * c + 1],
		    LAB_YOURS) == -1)
			bytes_printf(&res->remarks, "%s: a malformed point "
			    "(a bug in the grader: please report it)\n", name);
	}
}

/* Print the report of lesson l's lab: the table, the files, the problems. */
static void
print_report(const struct lesson *l, const struct lab_results *res,
    const struct written *w, const char *gnuplot)
{
	printf("Lab of %s (%s)\n\n", l->dir, l->title);
	lab_write_table(stdout, res);
	printf("\nFiles written in %s:\n", w->dir);
	for (const char *s = bytes_str(&w->files); *s != '\0';) {
		size_t len = strcspn(s, "\n");

		printf("  %.*s\n", (int)len, s);
		s += len + (s[len] == '\n');
	}
	if (w->problems.len > 0)
		printf("Problems:\n%s", bytes_str(&w->problems));
	if (gnuplot == NULL)
		printf("No plots: gnuplot is not installed. For them: %s, then "
		    "grade --lab again (or run gnuplot NAME.gp in %s).\n",
		    GNUPLOT_INSTALL, w->dir);
	else
		printf("%d plot%s drawn by %s.\n", w->plots_drawn,
		    w->plots_drawn == 1 ? "" : "s", gnuplot);
	printf("These are measurements, not verdicts: nothing here passes or "
	    "fails.\n");
}

/*
 * Write lesson l's lab results from runs into o->lab_dir/LESSON and print
 * the report. Returns 0, or -1 when a file could not be written.
 */
static int
write_lab(const struct lesson *l, const struct transcript *runs,
    const struct options *o)
{
	char gnuplot_path[PATH_MAX];
	const char *gnuplot = NULL, *terminal = "svg";
	struct lab_results res;
	struct written w;
	int rc = 0;

	lab_results_init(&res);
	bytes_init(&w.files);
	bytes_init(&w.problems);
	w.plots_drawn = 0;
	snprintf(w.dir, sizeof w.dir, "%s/%s", o->lab_dir, l->dir);
	gather(&res, l, runs);
	if (make_dirs(w.dir) == -1) {
		fprintf(stderr, "grade: --lab-dir: cannot create %s: %s\n",
		    w.dir, strerror(errno));
		rc = -1;
		goto out;
	}
	if (lab_find_tool("gnuplot", gnuplot_path, sizeof gnuplot_path) == 0) {
		gnuplot = gnuplot_path;
		terminal = choose_terminal(gnuplot, w.dir);
	}
	write_tables(&w, &res);
	for (size_t i = 0; i < l->lab->n_plots; i++)
		write_plot(&w, &res, &l->lab->plots[i], gnuplot, terminal);
	print_report(l, &res, &w, gnuplot);
	if (strstr(bytes_str(&w.problems), "cannot write") != NULL)
		rc = -1;
out:
	lab_results_free(&res);
	bytes_free(&w.files);
	bytes_free(&w.problems);
	return rc;
}

/* The lessons of sel with a lab, into labs. Returns how many, or -1. */
static long
lessons_with_labs(const struct lesson **sel, size_t n, int named,
    const struct lesson **labs)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (sel[i]->lab != NULL) {
			labs[k++] = sel[i];
			continue;
		}
		if (!named)
			continue;
		fprintf(stderr, "grade: --lab: %s has no lab; the lessons with "
		    "one are:", sel[i]->dir);
		for (size_t j = 0; j < lesson_count(); j++)
			if (lesson_at(j)->lab != NULL)
				fprintf(stderr, " %s", lesson_at(j)->dir);
		fprintf(stderr, "\n");
		return -1;
	}
	if (k == 0)
		fprintf(stderr, "grade: --lab: none of these lessons has a "
		    "lab\n");
	return k == 0 ? -1 : (long)k;
}

/*
 * Create o->lab_dir before any experiment runs (its LESSON directories come
 * with the results). Returns 0, or -1 after a message.
 */
static int
make_lab_dir(const struct options *o)
{
	if (make_dirs(o->lab_dir) == 0)
		return 0;
	fprintf(stderr, "grade: --lab-dir: cannot create %s: %s; choose "
	    "another with --lab-dir DIR\n", o->lab_dir, strerror(errno));
	return -1;
}

/*
 * A copy of l whose checks are its lab's experiments, each to run alone
 * (they measure time). Free it with free_view().
 */
static struct lesson *
lab_view(const struct lesson *l)
{
	struct lesson *v = xmalloc(sizeof *v);
	size_t n = l->lab->n_experiments;
	struct check *checks = xmalloc(n * sizeof *checks);

	for (size_t i = 0; i < n; i++) {
		checks[i] = l->lab->experiments[i];
		checks[i].alone = 1;
	}
	*v = *l;
	v->checks = checks;
	v->n_checks = n;
	return v;
}

static void
free_view(const struct lesson *v)
{
	/* Ours (lab_view), only const to the rest of grade. */
	free((void *)v->checks);
	free((void *)v);
}

/* Why lesson w's lab could not run, on stderr. */
static void
say_not_run(const struct work *w)
{
	const struct lesson_report *r = w->report;

	fprintf(stderr, "grade: --lab: %s: %s", w->lesson->dir,
	    r->state == LESSON_NOT_STARTED ? "not started: write its programs "
	    "first (or try --solutions)\n" : r->state == LESSON_SKIPPED ?
	    "cannot run here: " : "its programs do not build: ");
	if (r->state != LESSON_NOT_STARTED)
		fprintf(stderr, "%s%s", r->problem.len > 0 ?
		    bytes_str(&r->problem) : "see grade's report\n",
		    r->problem.len > 0 && bytes_str(&r->problem)[r->problem.len
		    - 1] != '\n' ? "\n" : "");
}

int
lab_grade(const struct lesson **sel, size_t n, int named,
    const struct options *o, enum sandbox_mode mode)
{
	const struct lesson **labs = xmalloc((n ? n : 1) * sizeof *labs);
	struct lesson_report *reports = NULL;
	struct work *works = NULL;
	long k = lessons_with_labs(sel, n, named, labs);
	int status = 0;

	if (k < 0 || make_lab_dir(o) == -1) {
		free(labs);
		return 2;
	}
	reports = calloc((size_t)k, sizeof *reports);
	works = calloc((size_t)k, sizeof *works);
	if (reports == NULL || works == NULL) {
		fprintf(stderr, "grade: out of memory\n");
		exit(2);
	}
	for (long i = 0; i < k; i++) {
		struct lesson *v = lab_view(labs[i]);

		works[i].lesson = v;
		works[i].report = &reports[i];
		works[i].lab_runs = xmalloc(2 * v->n_checks *
		    sizeof *works[i].lab_runs);
		reports[i].dir = v->dir;
		reports[i].title = v->title;
		bytes_init(&reports[i].problem);
		bytes_init(&reports[i].warnings);
		prepare_lesson(&works[i], o);
	}
	if (run_checks(works, (size_t)k, o, mode) == -1) {
		fprintf(stderr, "grade: %s\n", sandbox_stop ? "interrupted" :
		    "out of resources while starting the lab");
		exit(sandbox_stop ? 130 : 2);
	}
	for (long i = 0; i < k; i++) {
		if (reports[i].state != LESSON_GRADED) {
			say_not_run(&works[i]);
			status = 1;
		} else {
			if (write_lab(labs[i], works[i].lab_runs, o) == -1)
				status = 1;
			for (size_t j = 0; j < 2 * works[i].lesson->n_checks;
			    j++)
				transcript_free(&works[i].lab_runs[j]);
		}
		free(works[i].lab_runs);
		free_view(works[i].lesson);
		lesson_report_free(&reports[i]);
	}
	free(works);
	free(reports);
	free(labs);
	return status;
}

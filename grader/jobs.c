/*
 * jobs.c: run every check of every lesson and judge it.
 *
 * Theory of operation. A check is a scenario (lesson.h). Each check runs
 * twice, in two fresh sandboxes (sandbox.h): once with the reference
 * solution's programs, once with the student's, each as its own guest uid.
 * Inside, the scenario drives the programs with the toolkit of run.h and
 * records what it observed in a transcript (transcript.h), which crosses
 * back serialized through a pipe. Out here, the two transcripts of a check
 * meet: the reference's is what is expected, and judge.c compares them,
 * diagnose.c explains the first difference, report.c prints the verdicts.
 * Nothing a student wrote runs in this process.
 *
 * A check whose outcome the host decided rather than the student is
 * inconclusive, never a failure: the reference missed its own outcome (it
 * is what is expected, so it must not miss), or a program could not start
 * for want of processes, memory or descriptors (run.h's note.inconclusive,
 * host_failure() below). Such a check runs once more, both sides, in fresh
 * sandboxes; if the host fails it again, it is reported as inconclusive.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "grade.h"
#include "jobs.h"
#include "judge.h"
#include "run.h"
#include "sandbox.h"
#include "workspace.h"

/* One side (reference or student) of one check, run in a sandbox. */
struct side {
	const struct check *check;
	struct run_config cfg;
	char work_dir[PATH_MAX];
	int attempt;		/* 1, or 2 when run again (retry_inconclusive) */
};

/* Runs inside the sandbox: the scenario, then its transcript to fd. */
static int
run_side(void *arg, int fd)
{
	struct side *s = arg;
	struct transcript t;
	struct bytes wire;
	struct run r;
	char err[256];
	size_t off = 0;
	const char *fault = getenv("SOCKLAB_TEST_FAULT");

	/* A test's fault that strikes only the first try (run.c). */
	if (s->attempt > 1 && fault != NULL &&
	    strstr(fault, ":first-try") != NULL)
		(void)unsetenv("SOCKLAB_TEST_FAULT");
	transcript_init(&t);
	if (run_init(&r, &s->cfg, &t, err, sizeof err) == -1) {
		transcript_setf(&t, "note.error", "%s", err);
	} else {
		int64_t start = clock_ms();

		r.arg = s->check->arg;
		s->check->scenario(&r);
		run_finish(&r);
		/* For tuning: how long each scenario took. */
		if (getenv("SOCKLAB_TRACE") != NULL)
			fprintf(stderr, "grade: %s (%s): %lld ms%s\n",
			    s->check->name, s->cfg.bin_dir,
			    (long long)(clock_ms() - start),
			    s->attempt > 1 ? " (second try)" : "");
	}
	bytes_init(&wire);
	transcript_serialize(&t, &wire);
	while (off < wire.len) {
		ssize_t n = write(fd, wire.data + off, wire.len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		off += (size_t)n;
	}
	bytes_free(&wire);
	transcript_free(&t);
	return 0;
}

/* Why a sandbox produced no usable transcript, or NULL if it did. */
static const char *
side_failure(const struct sandbox_job *job, struct transcript *t, char *buf,
    size_t n)
{
	if (job->error[0] != '\0')
		snprintf(buf, n, "the sandbox could not start: %s", job->error);
	else if (job->timed_out)
		snprintf(buf, n, "the check did not finish in %d s and was "
		    "stopped", CHECK_TIMEOUT_MS / 1000);
	else if (WIFEXITED(job->status) && WEXITSTATUS(job->status) == 126)
		snprintf(buf, n, "the sandbox could not start: %.*s",
		    (int)job->result.len, bytes_str(&job->result));
	else if (transcript_parse(t, job->result.data, job->result.len) == -1)
		snprintf(buf, n, "the check's report was cut short");
	else if (transcript_get(t, "note.error") != NULL)
		snprintf(buf, n, "%s", transcript_str(t, "note.error"));
	else
		return NULL;
	return buf;
}

/* Did the sandbox itself fail to start (fork, namespaces, mounts)? */
static int
sandbox_failed(const struct sandbox_job *job)
{
	return job->error[0] != '\0' || (!job->timed_out &&
	    WIFEXITED(job->status) && WEXITSTATUS(job->status) == 126);
}

/*
 * Did the host, not the student, decide this side of a check? Then the
 * reason, completing "the grader could not ...", is written into buf and
 * returned; else NULL. The reference's side: any failure to deliver a
 * usable transcript (its sandbox timed out, note.error...), or a miss the
 * run noted (note.inconclusive). The student's side: a sandbox that could
 * not start, or a program that could not start for the host's want.
 */
static const char *
host_failure(const struct sandbox_job *job, int reference, char *buf,
    size_t n)
{
	struct transcript t;
	char why[512];
	const char *failed, *whose = reference ? "run the reference solution" :
	    "run your programs";

	transcript_init(&t);
	failed = side_failure(job, &t, why, sizeof why);
	if (transcript_get(&t, "note.inconclusive") != NULL)
		snprintf(buf, n, "%s (tried twice): %s", whose,
		    transcript_str(&t, "note.inconclusive"));
	else if (failed != NULL && (reference || sandbox_failed(job)))
		snprintf(buf, n, "%s (tried twice): %s", whose, why);
	else
		buf = NULL;
	transcript_free(&t);
	return buf;
}

/* Was the check of this pair of jobs decided by the host? Reason in buf. */
static const char *
check_inconclusive(const struct sandbox_job *ref_job,
    const struct sandbox_job *got_job, char *buf, size_t n)
{
	const char *why = host_failure(ref_job, 1, buf, n);

	return why != NULL ? why : host_failure(got_job, 0, buf, n);
}

/*
 * Judge one check from its two sandbox jobs (reference, student). The
 * student's transcript is left in got (initialised by the caller), for the
 * memcheck checks; returns 0 when it holds one, -1 when there was none.
 */
static int
judge(struct check_report *c, const struct check *check,
    struct sandbox_job *ref_job, struct sandbox_job *got_job,
    struct transcript *got)
{
	struct transcript ref;
	char ref_why[512], got_why[512], host_why[600];
	int got_failed;

	transcript_init(&ref);
	c->outcome = OUTCOME_FAIL;
	/* A reference side that failed is the host's: check_inconclusive. */
	(void)side_failure(ref_job, &ref, ref_why, sizeof ref_why);
	got_failed = side_failure(got_job, got, got_why, sizeof got_why) != NULL;
	if (check_inconclusive(ref_job, got_job, host_why,
	    sizeof host_why) != NULL) {
		c->outcome = OUTCOME_INCONCLUSIVE;
		bytes_printf(&c->why, "The grader could not %s. This says "
		    "nothing about your code: grade again, or try "
		    "--time-scale 3 on a busy machine.", host_why);
	} else if (got_failed)
		bytes_puts(&c->why, got_why);
	else
		judge_check(c, check, &ref, got);
	transcript_free(&ref);
	return got_failed ? -1 : 0;
}

/* How many programs l has (at most MAX_MEMCHECKED). */
size_t
program_count(const struct lesson *l)
{
	size_t n = 0;

	while (l->programs[n] != NULL && n < MAX_MEMCHECKED)
		n++;
	return n;
}

/*
 * Judge lesson w's checks from its jobs (reference and student for each
 * check, in turn), then, with --valgrind, its memcheck checks.
 */
static void
judge_lesson(struct work *w, struct sandbox_job *jobs, int valgrind)
{
	const struct lesson *l = w->lesson;
	struct transcript *gots = calloc(l->n_checks, sizeof *gots);
	const struct transcript **runs = calloc(l->n_checks, sizeof *runs);

	if (gots == NULL || runs == NULL) {
		fprintf(stderr, "grade: out of memory\n");
		exit(2);
	}
	for (size_t c = 0; c < l->n_checks; c++) {
		transcript_init(&gots[c]);
		if (judge(&w->report->checks[c], &l->checks[c], &jobs[2 * c],
		    &jobs[2 * c + 1], &gots[c]) == 0)
			runs[c] = &gots[c];
	}
	for (size_t p = 0; valgrind && p < program_count(l); p++)
		judge_memcheck(&w->report->checks[l->n_checks + p],
		    l->programs[p], l->checks, runs, l->n_checks);
	for (size_t c = 0; c < l->n_checks; c++)
		transcript_free(&gots[c]);
	free(gots);
	free(runs);
}

/*
 * Run again, both sides, in fresh sandboxes with fresh uids, every check of
 * works[0..n) that the host decided (check_inconclusive), in place of its
 * first run: a busy moment seldom strikes twice. jobs and sides are laid out
 * as judge_lesson reads them. Returns 0, or -1 when interrupted or out of
 * resources.
 */
static int
retry_inconclusive(struct work *works, size_t n, struct sandbox_job *jobs,
    struct side *sides, size_t total, const struct options *o,
    enum sandbox_mode mode)
{
	struct sandbox_job *again;
	size_t *from, count = 0, k = 0;
	char why[600];
	int rc = -1;

	again = calloc(total ? total : 1, sizeof *again);
	from = calloc(total ? total : 1, sizeof *from);
	if (again == NULL || from == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (works[i].report->state != LESSON_GRADED)
			continue;
		for (size_t c = 0; c < works[i].lesson->n_checks; c++, k += 2) {
			if (check_inconclusive(&jobs[k], &jobs[k + 1], why,
			    sizeof why) == NULL)
				continue;
			for (size_t j = k; j < k + 2; j++) {
				struct side *s = &sides[j];

				s->attempt = 2;
				snprintf(s->work_dir, sizeof s->work_dir,
				    "%s/again%zu", workspace_root(), j);
				s->cfg.guest = privilege_sandbox_guest(
				    (int)(total + j));
				if (workspace_make_check_dir(s->work_dir,
				    &s->cfg.guest) == -1)
					goto out;
				again[count] = jobs[j];
				bytes_init(&again[count].result);
				from[count++] = j;
			}
		}
	}
	if (count > 0 && sandbox_run_all(again, count, o->jobs, mode) == -1)
		goto out;
	for (size_t j = 0; j < count; j++) {
		bytes_free(&jobs[from[j]].result);
		jobs[from[j]] = again[j];
		bytes_init(&again[j].result);
	}
	rc = 0;
out:
	for (size_t j = 0; again != NULL && j < count; j++)
		bytes_free(&again[j].result);
	free(again);
	free(from);
	return rc;
}

/* Run every check of every graded lesson, then judge them. */
int
run_checks(struct work *works, size_t n, const struct options *o,
    enum sandbox_mode mode)
{
	size_t total = 0, k = 0;
	struct sandbox_job *jobs;
	struct side *sides;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		if (works[i].report->state == LESSON_GRADED)
			total += 2 * works[i].lesson->n_checks;
	jobs = calloc(total ? total : 1, sizeof *jobs);
	sides = calloc(total ? total : 1, sizeof *sides);
	if (jobs == NULL || sides == NULL) {
		free(jobs);
		free(sides);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (works[i].report->state != LESSON_GRADED)
			continue;
		for (size_t c = 0; c < works[i].lesson->n_checks; c++) {
			for (int student = 0; student < 2; student++, k++) {
				struct side *s = &sides[k];

				s->check = &works[i].lesson->checks[c];
				snprintf(s->work_dir, sizeof s->work_dir,
				    "%s/run%zu", workspace_root(), k);
				bytes_init(&jobs[k].result);
				s->cfg.guest = privilege_sandbox_guest((int)k);
				if (workspace_make_check_dir(s->work_dir,
				    &s->cfg.guest) == -1)
					goto out;
				s->cfg.bin_dir = student ?
				    works[i].student_bin : works[i].ref_bin;
				s->cfg.ref_bin_dir = works[i].ref_bin;
				s->cfg.shim_path = works[i].shim;
				s->cfg.work_dir = s->work_dir;
				s->cfg.mode = mode;
				s->cfg.valgrind = student && o->valgrind;
				s->cfg.valgrind_path = o->valgrind_path;
				s->cfg.time_scale = o->time_scale;
				s->cfg.reference = !student;
				s->attempt = 1;
				jobs[k].scratch_dir = s->work_dir;
				jobs[k].fn = run_side;
				jobs[k].arg = s;
				jobs[k].timeout_ms =
				    (int)(CHECK_TIMEOUT_MS * o->time_scale);
			}
		}
	}
	if (sandbox_run_all(jobs, total, o->jobs, mode) == -1 ||
	    retry_inconclusive(works, n, jobs, sides, total, o, mode) == -1)
		goto out;

	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (works[i].report->state != LESSON_GRADED)
			continue;
		judge_lesson(&works[i], &jobs[k], o->valgrind);
		k += 2 * works[i].lesson->n_checks;
	}
	rc = 0;
out:
	for (size_t j = 0; j < total; j++)
		bytes_free(&jobs[j].result);
	free(jobs);
	free(sides);
	return rc;
}

/* The title of the check memcheck-PROGRAM. */
void
memcheck_title(char *buf, size_t n, const char *program)
{
	snprintf(buf, n, "%s: no memory error, leak or descriptor left open, "
	    "in any check (valgrind)", program);
}

/* Give report r of w's lesson its memcheck checks, after the lesson's own. */
void
add_memcheck_checks(struct lesson_report *r, struct work *w)
{
	const struct lesson *l = w->lesson;

	for (size_t p = 0; p < program_count(l); p++) {
		struct check_report *c = &r->checks[l->n_checks + p];

		snprintf(w->memcheck_names[p], sizeof w->memcheck_names[p],
		    "memcheck-%s", l->programs[p]);
		memcheck_title(w->memcheck_titles[p],
		    sizeof w->memcheck_titles[p], l->programs[p]);
		snprintf(w->memcheck_hints[p], sizeof w->memcheck_hints[p],
		    "Run it under valgrind yourself, as the check did: "
		    "valgrind --leak-check=full --track-fds=yes ./%s (and the "
		    "arguments shown). Its report names the problem, then the "
		    "calls that led to it, innermost first (file.c:LINE).",
		    l->programs[p]);
		c->name = w->memcheck_names[p];
		c->title = w->memcheck_titles[p];
		c->hint = w->memcheck_hints[p];
	}
}

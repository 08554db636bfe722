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

#include "cache.h"
#include "clock.h"
#include "grade.h"
#include "history.h"
#include "capture.h"
#include "jobs.h"
#include "netlab.h"
#include "judge.h"
#include "prepare.h"
#include "refruns.h"
#include "run.h"
#include "sandbox.h"
#include "workspace.h"

/* One side (reference or student) of one check, run in a sandbox. */
struct side {
	const struct check *check;
	const struct work *work;
	int student;
	struct run_config cfg;
	char work_dir[PATH_MAX];
	int attempt;		/* 1, or 2 when run again (retry_checks) */
	int capture;		/* keep its packets (capture.h) */
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
	const char *fault = getenv("SOCKLAB_TEST_FAULT");

	/* A test's fault that strikes only the first try (run.c). */
	if (s->attempt > 1 && fault != NULL &&
	    strstr(fault, ":first-try") != NULL)
		(void)unsetenv("SOCKLAB_TEST_FAULT");
	/* Only now are the lesson's programs built (prepare.c). */
	s->cfg.bin_dir = s->student ? s->work->student_bin : s->work->ref_bin;
	s->cfg.ref_bin_dir = s->work->ref_bin;
	s->cfg.shim_path = s->work->shim;
	s->cfg.shim_name = s->work->lesson->shim;
	s->cfg.unavailable = s->student ? s->work->unavailable : NULL;
	transcript_init(&t);
	if (run_init(&r, &s->cfg, &t, err, sizeof err) == -1) {
		transcript_setf(&t, "note.error", "%s", err);
	} else {
		int64_t start = clock_ms();
		struct netlab_wire wire_before;
		int capture = s->capture && s->cfg.mode == SANDBOX_NETNS ?
		    capture_open() : -1;

		r.arg = s->check->arg;
		netlab_wire_begin(&wire_before);
		s->check->scenario(&r);
		run_finish(&r);
		netlab_wire_note(&r, &wire_before);
		netlab_close();
		capture_collect(capture, &t);
		/* For tuning: how long each scenario took. */
		if (getenv("SOCKLAB_TRACE") != NULL)
			fprintf(stderr, "grade: %s (%s): %lld ms%s\n",
			    s->check->name, s->cfg.bin_dir,
			    (long long)(clock_ms() - start),
			    s->attempt > 1 ? " (second try)" : "");
	}
	/* A test's fault: the scenario's own code crashes (tests/inconclusive). */
	if (fault != NULL && strcmp(fault, s->student ? "abort:student" :
	    "abort:reference") == 0)
		abort();
	bytes_init(&wire);
	transcript_serialize(&t, &wire);
	(void)bytes_write_fd(&wire, fd);
	bytes_free(&wire);
	transcript_free(&t);
	return 0;
}

/*
 * Did the scenario's own process (grader code, not the student's) end
 * other than by returning? Its transcript is then empty or cut short, and
 * two such empty transcripts must never compare equal.
 */
static int
scenario_crashed(const struct sandbox_job *job)
{
	return !job->timed_out && job->error[0] == '\0' &&
	    (!WIFEXITED(job->status) || WEXITSTATUS(job->status) != 0);
}

/* Why a sandbox produced no usable transcript, or NULL if it did. */
static const char *
side_failure(const struct sandbox_job *job, struct transcript *t, char *buf,
    size_t n)
{
	if (job->error[0] != '\0')
		snprintf(buf, n, "the sandbox could not start: %s", job->error);
	else if (job->timed_out)
		snprintf(buf, n, "the check did not finish in %.1f s and was "
		    "stopped", job->timeout_ms / 1000.0);
	else if (WIFEXITED(job->status) && WEXITSTATUS(job->status) == 126)
		snprintf(buf, n, "the sandbox could not start: %.*s",
		    (int)job->result.len, bytes_str(&job->result));
	else if (scenario_crashed(job))
		snprintf(buf, n, "the check's own code stopped with status %d "
		    "before its report (a bug in the grader: please report "
		    "it)", WIFEXITED(job->status) ? WEXITSTATUS(job->status) :
		    128 + WTERMSIG(job->status));
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
	else if (failed != NULL && (reference || sandbox_failed(job) ||
	    scenario_crashed(job)))
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

/* Where a lesson's captures go, and whether every check keeps them. */
struct capture_place {
	const char *dir;	/* --pcap-dir */
	const char *lesson;	/* the lesson's directory name */
	int every;		/* --pcap: passing checks too */
};

/*
 * Write the two runs' captures of check name as DIR/LESSON/NAME.reference.pcap
 * and .yours.pcap, and name them in c's report.
 */
static void
save_captures(struct check_report *c, const struct capture_place *place,
    const char *name, const struct transcript *ref,
    const struct transcript *got)
{
	static const char *const side[2] = { "reference", "yours" };
	const struct transcript *runs[2] = { ref, got };

	for (int i = 0; i < 2; i++) {
		char path[PATH_MAX];
		int rc;

		snprintf(path, sizeof path, "%s/%s/%s.%s.pcap", place->dir,
		    place->lesson, name, side[i]);
		rc = capture_save(runs[i], path);
		if (rc == 0)
			bytes_printf(&c->capture, "%s%s", c->capture.len ? "\n" :
			    "", path);
		else
			bytes_printf(&c->capture, "%s%s: %s", c->capture.len ?
			    "\n" : "", side[i], rc == 1 ? "no packet crossed "
			    "its network" : strerror(errno));
	}
	if (c->capture.len > 0)
		bytes_puts(&c->capture, "\n(open them in Wireshark, or read "
		    "them with tcpdump -nr FILE)");
}

/*
 * Judge one check from its two sandbox jobs (reference, student). The
 * student's transcript is left in got (initialised by the caller), for the
 * memcheck checks; returns 0 when it holds one, -1 when there was none.
 * The runs' captures are saved at place (NULL: nowhere).
 */
static int
judge(struct check_report *c, const struct check *check,
    struct sandbox_job *ref_job, struct sandbox_job *got_job,
    struct transcript *got, const struct capture_place *place)
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
	/* No capture of a run that could not start the program it tests. */
	if (place != NULL && (place->every || c->outcome == OUTCOME_FAIL) &&
	    transcript_get(got, "note.unavailable") == NULL)
		save_captures(c, place, check->name, &ref, got);
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
judge_lesson(struct work *w, struct sandbox_job *jobs, const int64_t *started,
    const struct options *o)
{
	const struct lesson *l = w->lesson;
	const struct capture_place place = { o->pcap_dir, l->dir, o->pcap == 1 };
	/* Captures were taken only where they are read (build_check_jobs). */
	const struct capture_place *where = o->pcap == 1 || (o->pcap == 0 &&
	    o->format == FORMAT_TEXT) ? &place : NULL;
	int valgrind = o->valgrind;
	struct transcript *gots = calloc(l->n_checks, sizeof *gots);
	const struct transcript **runs = calloc(l->n_checks, sizeof *runs);

	if (gots == NULL || runs == NULL) {
		fprintf(stderr, "grade: out of memory\n");
		exit(2);
	}
	for (size_t c = 0; c < l->n_checks; c++) {
		transcript_init(&gots[c]);
		/* Not started (--fail-fast): left a SKIP. */
		if (started != NULL && (started[2 * c] == 0 ||
		    started[2 * c + 1] == 0)) {
			bytes_puts(&w->report->checks[c].why, "Not run: "
			    "--fail-fast stopped at the first failure.");
			continue;
		}
		if (judge(&w->report->checks[c], &l->checks[c], &jobs[2 * c],
		    &jobs[2 * c + 1], &gots[c], where) == 0)
			runs[c] = &gots[c];
	}
	for (size_t p = 0; valgrind && p < program_count(l); p++) {
		struct check_report *mc = &w->report->checks[l->n_checks + p];
		char why[400];

		/* A program that could not run: its checks say why. */
		if (run_unavailable(w->unavailable, l->programs[p], why,
		    sizeof why) != NULL) {
			mc->outcome = OUTCOME_FAIL;
			bytes_puts(&mc->why, why);
		} else
			judge_memcheck(mc, l->programs[p], l->checks, runs,
			    l->n_checks);
	}
	for (size_t c = 0; c < l->n_checks; c++)
		transcript_free(&gots[c]);
	free(gots);
	free(runs);
}

/*
 * grade --lab: keep lesson w's transcripts in w->lab_runs (reference, then
 * student, for each check) instead of judging them. A side that gave no
 * usable transcript keeps why in its note.error.
 */
static void
keep_lab_runs(struct work *w, struct sandbox_job *jobs)
{
	char why[512];

	for (size_t j = 0; j < 2 * w->lesson->n_checks; j++) {
		struct transcript *t = &w->lab_runs[j];

		transcript_init(t);
		if (side_failure(&jobs[j], t, why, sizeof why) != NULL)
			transcript_setf(t, "note.error", "%s", why);
	}
}

/*
 * The order of the work. Every program of every lesson is built by a job of
 * its own (prepare.c), in the same loop as the checks, up to o->jobs builds
 * and o->jobs checks at once: builds keep the processors busy, checks mostly
 * wait (for timeouts, for peers). A lesson's checks become ready once its
 * programs are built, and the longest ready check starts first, so that the
 * last to end is a short one. Builds start in the order of the longest
 * check they unblock (BUILD_ESTIMATE_MS and that check's time: the way to go
 * until the end), so that the longest checks can start soonest. How long a
 * check takes is what its reference side took in earlier runs (history.h:
 * measured, since checks differ by two orders of magnitude and their
 * scenarios say nothing of it); a check never measured counts as 0 and keeps
 * its table order. Both sides of a check have the same estimate, so the
 * student's starts right after the reference's, under the same conditions.
 */
#define BUILD_ESTIMATE_MS 200

/*
 * A check's place among the o->jobs that run at once, in shares: a job is
 * JOB_SHARES, and a check of a lesson with checks_per_job k takes JOB_SHARES
 * / k of it (lesson.h), so that checks which mostly wait run k at a time.
 */
#define JOB_SHARES 60

struct schedule {
	struct work *works;
	size_t n;
	const struct options *o;
	struct sandbox_job *jobs;	/* 2 per check of each lesson, in order */
	size_t *first;			/* works[i]'s first job */
	long *estimate;			/* per job, ms */
	int64_t *started, *ended;	/* per job, clock_ms() */
	char *kept;			/* per job: a kept reference run reused */
	size_t *ready;			/* jobs ready, longest first from head */
	size_t n_ready, head;
	struct sandbox_job *builds;	/* every build job */
	size_t *build_work;		/* which work each is for */
	size_t *first_build;		/* works[i]'s first build */
	size_t *build_order;		/* builds, longest way to go first */
	long *build_priority;		/* per build, ms */
	size_t n_builds, next_build;
	int builds_running, checks_running;
	int shares_running;		/* of the checks running */
	int alone_running;		/* a check that runs alone is running */
	int failed;			/* --fail-fast: a check failed */
	int64_t t0;			/* when the loop started */
};

/* Work i's programs are built: queue its checks by their estimates. */
static void
queue_checks(struct schedule *s, size_t i)
{
	size_t n = 2 * s->works[i].lesson->n_checks;

	if (s->works[i].report->state != LESSON_GRADED)
		return;
	for (size_t j = s->first[i]; j < s->first[i] + n; j++) {
		size_t k;

		if (s->kept[j])
			continue;
		k = s->n_ready++;
		/* Insertion: longest first; equals stay in table order. */
		while (k > s->head && s->estimate[s->ready[k - 1]] <
		    s->estimate[j]) {
			s->ready[k] = s->ready[k - 1];
			k--;
		}
		s->ready[k] = j;
	}
}

/* For tuning (SOCKLAB_TRACE): when each job starts, and its estimate. */
static void
trace_start(const struct schedule *s, const char *what, const char *name,
    long estimate)
{
	if (getenv("SOCKLAB_TRACE") != NULL)
		fprintf(stderr, "grade: +%lld ms: start %s %s (%ld ms to go)\n",
		    (long long)(clock_ms() - s->t0), what, name, estimate);
}

/* The check that job j (one side of it) belongs to. */
static const struct check *
check_of(const struct schedule *s, size_t j)
{
	return ((const struct side *)s->jobs[j].arg)->check;
}

/* The shares of a job's place that job j's check takes (JOB_SHARES). */
static int
check_shares(const struct schedule *s, size_t j)
{
	int k = ((const struct side *)s->jobs[j].arg)->work->lesson->
	    checks_per_job;

	/* Under memcheck, every program keeps a processor busy. */
	if (k <= 1 || s->o->valgrind || k > JOB_SHARES)
		return JOB_SHARES;
	return JOB_SHARES / k;
}

/* The fewest shares any check to run takes: how many fit in a place. */
static int
fewest_shares(const struct schedule *s)
{
	int fewest = JOB_SHARES;

	for (size_t j = 0; j < s->first[s->n]; j++)
		if (check_shares(s, j) < fewest)
			fewest = check_shares(s, j);
	return fewest;
}

/*
 * The feed's next(): the next build while fewer than o->jobs run, else the
 * longest ready check while its shares fit in o->jobs places, else none for
 * now. A check that runs alone (it measures time) waits until nothing else
 * runs, and nothing starts beside it.
 */
static struct sandbox_job *
next_job(void *ctx)
{
	struct schedule *s = ctx;
	size_t j;

	if (s->alone_running)
		return NULL;
	if (s->next_build < s->n_builds && s->builds_running < s->o->jobs) {
		size_t b = s->build_order[s->next_build++];

		s->builds_running++;
		trace_start(s, "build", s->works[s->build_work[b]].lesson->dir,
		    s->build_priority[b]);
		return &s->builds[b];
	}
	if (s->failed || s->head == s->n_ready)
		return NULL;
	j = s->ready[s->head];
	if (s->shares_running + check_shares(s, j) > s->o->jobs * JOB_SHARES)
		return NULL;
	if (check_of(s, j)->alone) {
		if (s->checks_running > 0 || s->builds_running > 0)
			return NULL;
		s->alone_running = 1;
	}
	s->head++;
	s->checks_running++;
	s->shares_running += check_shares(s, j);
	s->started[j] = clock_ms();
	trace_start(s, j % 2 ? "student" : "reference", check_of(s, j)->name,
	    s->estimate[j]);
	return &s->jobs[j];
}

/*
 * --fail-fast: when job j ends the second side of its check, judge the
 * check now; a failure (not an inconclusive run) starts no other check.
 * Jobs come in pairs, reference then student, from an even index.
 */
static void
note_failure(struct schedule *s, size_t j)
{
	size_t k = j - j % 2;
	struct check_report c;
	struct transcript got;

	if (!s->o->fail_fast || s->failed || s->ended[k] == 0 ||
	    s->ended[k + 1] == 0)
		return;
	check_report_init(&c);
	transcript_init(&got);
	(void)judge(&c, check_of(s, k), &s->jobs[k], &s->jobs[k + 1], &got,
	    NULL);
	/* Against a kept run, a failure is not yet sure (run_again). */
	s->failed = c.outcome == OUTCOME_FAIL && !s->kept[k];
	transcript_free(&got);
	check_report_free(&c);
}

/*
 * The feed's done(): a check's end is noted (for the history); a build's
 * outcome goes to prepare.c, and the lesson's checks become ready when it
 * was the last of the lesson's builds.
 */
static void
job_done(void *ctx, struct sandbox_job *job)
{
	struct schedule *s = ctx;
	size_t b, i;

	if (job >= s->jobs && job < s->jobs + s->first[s->n]) {
		s->ended[job - s->jobs] = clock_ms();
		s->checks_running--;
		s->shares_running -= check_shares(s, (size_t)(job - s->jobs));
		s->alone_running = 0;
		note_failure(s, (size_t)(job - s->jobs));
		return;
	}
	s->builds_running--;
	b = (size_t)(job - s->builds);
	i = s->build_work[b];
	if (prepare_build_done(&s->works[i], b - s->first_build[i], job, s->o))
		queue_checks(s, i);
}

/*
 * Remember how long each reference side took that ran to its end (a side
 * that failed or was stopped says nothing of the check).
 */
static void
record_durations(struct schedule *s, struct history *h)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < s->n; i++) {
		const struct lesson *l = s->works[i].lesson;

		if (s->works[i].report->state != LESSON_GRADED)
			continue;
		for (size_t c = 0; c < l->n_checks; c++) {
			size_t j = s->first[i] + 2 * c;
			const struct sandbox_job *job = &s->jobs[j];

			if (job->error[0] == '\0' && !job->timed_out &&
			    !s->kept[j] && s->ended[j] >= s->started[j] &&
			    s->started[j] > 0)
				history_put(h, l->dir, l->checks[c].name,
				    (long)(s->ended[j] - s->started[j]));
		}
	}
	if (cache_path(path, sizeof path, HISTORY_FILE) == 0)
		(void)history_save(h, path);
}

/*
 * Side k's scratch directory, its job's scratch_dir, named prefix and k.
 * Where each job mounts a private tmpfs there, one directory serves them
 * all: no directory to make and remove per check (half a millisecond
 * each on a disk, all before the first check could start).
 * Returns 0 or -1 with a message.
 */
static int
make_work_dir(struct side *sd, const char *prefix, size_t k,
    enum sandbox_mode mode)
{
	if (!sandbox_private_scratch(mode)) {
		snprintf(sd->work_dir, sizeof sd->work_dir, "%s/%s%zu",
		    workspace_root(), prefix, k);
		return workspace_make_check_dir(sd->work_dir, &sd->cfg.guest);
	}
	snprintf(sd->work_dir, sizeof sd->work_dir, "%s/check",
	    workspace_root());
	/* Already there but for the first: mkdir fails at once (EEXIST). */
	return workspace_make_check_dir(sd->work_dir, NULL);
}

/*
 * --reference-runs: may check's reference side come from a kept run? Not
 * when it measures time (it runs alone, and its pair must share the
 * moment), not a lab's (its runs are measurements), not under a test's
 * injected fault.
 */
static int
may_keep(const struct schedule *s, const struct side *sd)
{
	return s->o->reference_runs != NULL && !sd->check->alone &&
	    sd->work->lab_runs == NULL && getenv("SOCKLAB_TEST_FAULT") == NULL;
}

/* Reference side k from its kept run, when there is one (refruns.h). */
static void
reuse_kept_run(struct schedule *s, size_t k, enum sandbox_mode mode)
{
	const struct side *sd = s->jobs[k].arg;
	struct sandbox_job *job = &s->jobs[k];
	char path[PATH_MAX];

	if (!may_keep(s, sd) || refruns_path(path, sizeof path, sd->work,
	    sd->check, s->o, (int)mode) == -1)
		return;
	bytes_free(&job->result);
	if (refruns_load(path, &job->result) == -1)
		return;
	job->status = 0;
	job->timed_out = 0;
	job->error[0] = '\0';
	s->kept[k] = 1;
	/* Not run, yet not skipped either (--fail-fast reads started). */
	s->started[k] = s->ended[k] = 1;
}

/* How many reference sides come from kept runs. */
static size_t
count_kept(const struct schedule *s)
{
	size_t n = 0;

	for (size_t k = 0; k < s->first[s->n]; k++)
		n += s->kept[k] != 0;
	return n;
}

/* Keep every reference side that ran cleanly, for later graders. */
static void
keep_reference_runs(struct schedule *s, enum sandbox_mode mode)
{
	char path[PATH_MAX], why[600];

	for (size_t k = 0; k < s->first[s->n]; k += 2) {
		const struct side *sd = s->jobs[k].arg;

		if (sd == NULL || s->kept[k] || s->started[k] == 0 ||
		    !may_keep(s, sd) || host_failure(&s->jobs[k], 1, why,
		    sizeof why) != NULL)
			continue;
		if (refruns_path(path, sizeof path, sd->work, sd->check,
		    s->o, (int)mode) == 0)
			(void)refruns_save(path, &s->jobs[k].result);
	}
}

/* Fill the jobs of works[i]'s checks, s->jobs[s->first[i]...]. */
static int
build_check_jobs(struct schedule *s, struct side *sides, size_t i,
    enum sandbox_mode mode, const struct history *h)
{
	struct work *w = &s->works[i];
	const struct options *o = s->o;
	size_t k = s->first[i];

	for (size_t c = 0; c < w->lesson->n_checks; c++) {
		const struct check *check = &w->lesson->checks[c];
		long ms = h != NULL ? history_get(h, w->lesson->dir,
		    check->name) : -1;

		for (int student = 0; student < 2; student++, k++) {
			struct side *sd = &sides[k];
			struct sandbox_job *job = &s->jobs[k];

			s->estimate[k] = ms > 0 ? ms : 0;
			sd->check = check;
			/* Unique beside other graders too (privilege.h). */
			sd->cfg.guest = privilege_sandbox_guest((int)k);
			if (make_work_dir(sd, "run", k, mode) == -1)
				return -1;
			/* Its programs: run_side, once they are built. */
			sd->work = w;
			sd->student = student;
			sd->cfg.work_dir = sd->work_dir;
			sd->cfg.mode = mode;
			sd->cfg.valgrind = student && o->valgrind;
			sd->cfg.memcheck_grading = o->valgrind;
			sd->cfg.valgrind_path = o->valgrind_path;
			sd->cfg.time_scale = o->time_scale;
			sd->cfg.reference = !student;
			sd->attempt = 1;
			/* Captures for the report only where they are read. */
			sd->capture = o->pcap == 1 || (o->pcap == 0 &&
			    o->format == FORMAT_TEXT);
			job->scratch_dir = sd->work_dir;
			job->fn = run_side;
			job->arg = sd;
			job->timeout_ms = (int)((check->timeout_ms > 0 ?
			    check->timeout_ms : CHECK_TIMEOUT_MS) *
			    o->time_scale);
			if (!student)
				reuse_kept_run(s, k, mode);
		}
	}
	return 0;
}

/* Order the builds by their way to go: their lesson's longest check. */
static void
order_builds(struct schedule *s)
{
	for (size_t b = 0; b < s->n_builds; b++) {
		size_t i = s->build_work[b], k = b;
		long longest = 0;

		for (size_t j = s->first[i]; j < s->first[i + 1]; j++)
			if (s->estimate[j] > longest)
				longest = s->estimate[j];
		s->build_priority[b] = BUILD_ESTIMATE_MS + longest;
		/* Insertion: equals stay in table order. */
		while (k > 0 && s->build_priority[s->build_order[k - 1]] <
		    s->build_priority[b]) {
			s->build_order[k] = s->build_order[k - 1];
			k--;
		}
		s->build_order[k] = b;
	}
}

/*
 * Must the check of jobs k, k + 1 run again? When the host decided it
 * (check_inconclusive), or when the student's side failed against a kept
 * reference run: a failure is judged only on a pair that ran at once, so
 * that a moment too busy for both shows as the reference's miss.
 */
static int
run_again(struct schedule *s, size_t k)
{
	struct check_report c;
	struct transcript got;
	char why[600];
	int again;

	if (check_inconclusive(&s->jobs[k], &s->jobs[k + 1], why,
	    sizeof why) != NULL)
		return 1;
	if (!s->kept[k])
		return 0;
	check_report_init(&c);
	transcript_init(&got);
	(void)judge(&c, check_of(s, k), &s->jobs[k], &s->jobs[k + 1], &got,
	    NULL);
	/* A program that could not run fails whatever the reference did. */
	again = c.outcome == OUTCOME_FAIL &&
	    transcript_get(&got, "note.unavailable") == NULL;
	transcript_free(&got);
	check_report_free(&c);
	return again;
}

/*
 * Run again, both sides, in fresh sandboxes with fresh uids, every check of
 * the graded lessons that must (run_again), in place of its first run: a
 * busy moment seldom strikes twice. The jobs keep their places in s->jobs,
 * where judge_lesson reads them. Returns 0, or -1 when interrupted or out
 * of resources.
 */
static int
retry_checks(struct schedule *s, struct side *sides, size_t total,
    enum sandbox_mode mode)
{
	struct sandbox_job *again;
	size_t *from, count = 0;
	int rc = -1;

	again = calloc(total ? total : 1, sizeof *again);
	from = calloc(total ? total : 1, sizeof *from);
	if (again == NULL || from == NULL)
		goto out;
	for (size_t i = 0; i < s->n; i++) {
		if (s->works[i].report->state != LESSON_GRADED)
			continue;
		for (size_t k = s->first[i]; k < s->first[i + 1]; k += 2) {
			/* --fail-fast: never started, not retried */
			if (s->o->fail_fast && (s->started[k] == 0 ||
			    s->started[k + 1] == 0))
				continue;
			if (!run_again(s, k))
				continue;
			if (getenv("SOCKLAB_TRACE") != NULL)
				fprintf(stderr, "grade: run again %s%s\n",
				    check_of(s, k)->name, s->kept[k] ? " (it "
				    "failed against a kept reference run)" : "");
			s->kept[k] = 0;
			for (size_t j = k; j < k + 2; j++) {
				struct side *sd = &sides[j];

				sd->attempt = 2;
				sd->cfg.guest = privilege_sandbox_guest(
				    (int)(total + j));
				if (make_work_dir(sd, "again", j, mode) == -1)
					goto out;
				again[count] = s->jobs[j];
				bytes_init(&again[count].result);
				from[count++] = j;
			}
		}
	}
	if (count > 0 && sandbox_run_all(again, count, s->o->jobs, mode) == -1)
		goto out;
	for (size_t j = 0; j < count; j++) {
		bytes_free(&s->jobs[from[j]].result);
		s->jobs[from[j]] = again[j];
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

/* Build the lessons' programs, run every check of the graded ones, judge. */
int
run_checks(struct work *works, size_t n, const struct options *o,
    enum sandbox_mode mode)
{
	struct schedule s = { .works = works, .n = n, .o = o };
	struct sandbox_feed feed = { next_job, job_done, &s };
	struct history *h = NULL;
	size_t total = 0, nb = 0;
	struct side *sides;
	char path[PATH_MAX];
	int rc = -1;

	s.first = calloc(n + 1, sizeof *s.first);
	s.first_build = calloc(n + 1, sizeof *s.first_build);
	if (s.first == NULL || s.first_build == NULL) {
		free(s.first);
		free(s.first_build);
		return -1;
	}
	/* Jobs for every lesson that is graded or may be once built. */
	for (size_t i = 0; i < n; i++) {
		s.first[i] = total;
		if (works[i].report->state == LESSON_GRADED ||
		    works[i].builds_left > 0)
			total += 2 * works[i].lesson->n_checks;
		nb += works[i].n_builds;
	}
	s.first[n] = total;
	s.jobs = calloc(total ? total : 1, sizeof *s.jobs);
	sides = calloc(total ? total : 1, sizeof *sides);
	s.estimate = calloc(total ? total : 1, sizeof *s.estimate);
	s.started = calloc(total ? total : 1, sizeof *s.started);
	s.ended = calloc(total ? total : 1, sizeof *s.ended);
	s.kept = calloc(total ? total : 1, sizeof *s.kept);
	s.ready = calloc(total ? total : 1, sizeof *s.ready);
	s.builds = calloc(nb ? nb : 1, sizeof *s.builds);
	s.build_work = calloc(nb ? nb : 1, sizeof *s.build_work);
	s.build_order = calloc(nb ? nb : 1, sizeof *s.build_order);
	s.build_priority = calloc(nb ? nb : 1, sizeof *s.build_priority);
	if (s.build_order == NULL || s.build_priority == NULL)
		goto out;
	if (s.jobs == NULL || sides == NULL || s.estimate == NULL ||
	    s.started == NULL || s.ended == NULL || s.ready == NULL ||
	    s.kept == NULL ||
	    s.builds == NULL || s.build_work == NULL)
		goto out;
	for (size_t j = 0; j < total; j++)
		bytes_init(&s.jobs[j].result);
	if (cache_path(path, sizeof path, HISTORY_FILE) == 0)
		h = history_load(path);
	for (size_t i = 0; i < n; i++) {
		if (s.first[i + 1] > s.first[i] &&
		    build_check_jobs(&s, sides, i, mode, h) == -1)
			goto out;
		s.first_build[i] = s.n_builds;
		for (size_t b = 0; b < works[i].n_builds; b++) {
			prepare_build_job(&works[i], b, &s.builds[s.n_builds]);
			s.build_work[s.n_builds++] = i;
		}
		queue_checks(&s, i);
	}
	order_builds(&s);
	if (o->reference_runs != NULL && getenv("SOCKLAB_TRACE") != NULL)
		fprintf(stderr, "grade: %zu reference runs kept in %s\n",
		    count_kept(&s), o->reference_runs);
	s.t0 = clock_ms();
	/* Up to o->jobs builds, and as many checks' places beside them. */
	if (sandbox_run_feed(&feed, o->jobs + o->jobs * JOB_SHARES /
	    fewest_shares(&s), mode) == -1)
		goto out;
	if (h != NULL)
		record_durations(&s, h);
	if (retry_checks(&s, sides, total, mode) == -1)
		goto out;
	/* Those run again too: a kept run that misled is replaced. */
	if (o->reference_runs != NULL)
		keep_reference_runs(&s, mode);

	for (size_t i = 0; i < n; i++)
		if (works[i].report->state == LESSON_GRADED &&
		    works[i].lab_runs != NULL)
			keep_lab_runs(&works[i], &s.jobs[s.first[i]]);
		else if (works[i].report->state == LESSON_GRADED)
			judge_lesson(&works[i], &s.jobs[s.first[i]],
			    o->fail_fast ? &s.started[s.first[i]] : NULL, o);
	rc = 0;
out:
	for (size_t j = 0; s.jobs != NULL && j < total; j++)
		bytes_free(&s.jobs[j].result);
	for (size_t b = 0; s.builds != NULL && b < nb; b++)
		bytes_free(&s.builds[b].result);
	history_free(h);
	free(s.jobs);
	free(sides);
	free(s.estimate);
	free(s.started);
	free(s.ended);
	free(s.kept);
	free(s.ready);
	free(s.builds);
	free(s.build_work);
	free(s.build_order);
	free(s.build_priority);
	free(s.first);
	free(s.first_build);
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

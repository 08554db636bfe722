/*
 * prepare.h: make one lesson ready for its checks: its state, its sources,
 * the reference's and the student's programs built (through the cache),
 * each program by a job of its own that jobs.c runs beside the checks.
 */
#ifndef SOCKLAB_PREPARE_H
#define SOCKLAB_PREPARE_H

#include <stddef.h>

#include "grade.h"
#include "sandbox.h"

/*
 * Fill w->report's state (not started, or broken with a problem) and plan
 * w's builds: w->n_builds jobs to run (prepare_build_job), after which
 * prepare_build_done decides the state. With no builds left to run
 * (w->builds_left == 0), the state is final at once.
 */
void prepare_lesson(struct work *w, const struct options *o);

/* Make job (overwritten) the on-host sandbox job that runs w's build i. */
void prepare_build_job(struct work *w, size_t i, struct sandbox_job *job);

/*
 * Take the outcome of w's build i from its ended job, and free the job's
 * result. Returns 1 when that was w's last build: w's state is then final
 * (graded, with w's program directories and shim, or broken), else 0.
 */
int prepare_build_done(struct work *w, size_t i, struct sandbox_job *job,
    const struct options *o);

#endif

/*
 * jobs.h: every check of the graded lessons, run in sandboxes (reference and
 * student side by side) and judged into their reports. The theory of
 * operation is at the top of jobs.c.
 */
#ifndef SOCKLAB_JOBS_H
#define SOCKLAB_JOBS_H

#include <stddef.h>

#include "grade.h"
#include "sandbox.h"

/*
 * Run and judge the checks of works[0..n) whose lessons are graded.
 * Returns 0, or -1 when interrupted or out of resources.
 */
int run_checks(struct work *works, size_t n, const struct options *o,
    enum sandbox_mode mode);

/* How many programs l has (at most MAX_MEMCHECKED). */
size_t program_count(const struct lesson *l);


/* The title of the check memcheck-PROGRAM. */
void memcheck_title(char *buf, size_t n, const char *program);

/* Give report r of w's lesson its memcheck checks, after the lesson's own. */
void add_memcheck_checks(struct lesson_report *r, struct work *w);

#endif

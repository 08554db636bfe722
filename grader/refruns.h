/*
 * refruns.h: the reference solution's runs of checks, kept for reuse.
 *
 * Grading a class runs the same reference programs through the same checks
 * once per submission. With grade --reference-runs DIR (grade --class gives
 * its graders OUTDIR/reference-runs), the transcript of a reference side
 * that ran cleanly is kept in DIR, and later graders reuse it instead of
 * running the reference again. A kept run stands only for what produced it:
 * it is found by the lesson's reference build (sources and compiler), the
 * check, the grader's own program and shim, and every option that changes a
 * run (sandbox, time scale, captures, memcheck). jobs.c reuses kept runs
 * only for checks whose reference runs beside nothing it measures, and runs
 * a check again, both sides at once, when the student's side fails against a
 * kept run: a failure is always judged on a pair run under the same load.
 */
#ifndef SOCKLAB_REFRUNS_H
#define SOCKLAB_REFRUNS_H

#include <stddef.h>

#include "bytes.h"
#include "grade.h"
#include "lesson.h"

/*
 * Where check's reference run of work w under options o, in sandbox mode
 * (sandbox.h), is kept, into path (n bytes). Returns 0, or -1 (errno) when the grader's program or the
 * lesson's shim cannot be read.
 */
int refruns_path(char *path, size_t n, const struct work *w,
    const struct check *check, const struct options *o, int mode);

/*
 * Read the run kept at path into out (a serialized transcript). Returns 0,
 * or -1 when there is none, or one that does not parse (then ignored).
 */
int refruns_load(const char *path, struct bytes *out);

/*
 * Keep the run in (a serialized transcript) at path, written whole or not
 * at all (a temporary file renamed), beside other graders doing the same.
 * Returns 0 or -1 (errno); a run not kept is only a lost saving.
 */
int refruns_save(const char *path, const struct bytes *run);

#endif

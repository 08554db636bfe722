/*
 * hint.h: grade --hint, the next hint for a lesson's first failing check, in
 * three stages on successive calls: what differs, the likely bug (the
 * check's hint), the README rules to reread. The stage reached is remembered
 * per lesson in a small file ("LESSON CHECK STAGE" lines); another first
 * failing check starts again at stage 1.
 */
#ifndef SOCKLAB_HINT_H
#define SOCKLAB_HINT_H

#include <stdio.h>

#include "lesson.h"
#include "report.h"

/*
 * Print to out the next hint for l's graded report r: for the check named
 * want (NULL: the first that failed), read its rules from
 * readme_dir/l->dir/README.md, and remember the stage in state_path.
 * Returns the grader's exit status: 0 when the check (or the lesson) passes,
 * 1 when a hint was given, 3 when only inconclusive checks are left.
 */
int hint_print(FILE *out, const struct lesson *l,
    const struct lesson_report *r, const char *want, const char *readme_dir,
    const char *state_path);

#endif

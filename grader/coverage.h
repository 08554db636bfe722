/*
 * coverage.h: grade --coverage, each contract rule of a lesson's README
 * against the checks that name it.
 */
#ifndef SOCKLAB_COVERAGE_H
#define SOCKLAB_COVERAGE_H

#include <stddef.h>

#include "lesson.h"

/*
 * Print, for each of the n lessons, its rules (read from
 * readme_dir/DIR/README.md) and the checks that test each one; on stderr, one
 * line per problem: a rule no check names and the README does not mark "not
 * checked", a check naming no rule or a rule the README lacks. Returns 0 when
 * there is none, 1 when there is, 2 when a README cannot be read.
 */
int coverage_report(const struct lesson *const *sel, size_t n,
    const char *readme_dir);

#endif

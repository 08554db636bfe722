/*
 * points.h: what each check and lesson is worth. By default every lesson is
 * worth POINTS_DEFAULT_TOTAL, split equally over the checks graded (memcheck
 * ones included); an instructor's points file overrides lesson totals and
 * check weights:
 *
 *	# comment
 *	01-tcp-hello total 20
 *	01-tcp-hello server-listens weight 3
 *
 * A check's points are its lesson's total times its weight over the sum of
 * the weights of the lesson's checks graded.
 */
#ifndef SOCKLAB_POINTS_H
#define SOCKLAB_POINTS_H

#include <stddef.h>

#include "report.h"

#define POINTS_DEFAULT_TOTAL 10.0

struct points;

/*
 * Read the points file path, naming lessons and checks of the registered
 * lessons (a check may also be memcheck-PROGRAM). Returns the table, or NULL
 * with err set to one line, "FILE:LINE: what is wrong and what to write".
 * path NULL: the defaults. The caller frees the table with points_free().
 */
struct points *points_load(const char *path, char *err, size_t errlen);
void points_free(struct points *p);

/*
 * Fill max_points and points of each check of l (a check earns its points
 * only when it passed); p NULL: the defaults.
 */
void points_assign(const struct points *p, struct lesson_report *l);

/* The points l earned (max 0), or the most it could earn (max 1). */
double points_lesson(const struct lesson_report *l, int max);

#endif

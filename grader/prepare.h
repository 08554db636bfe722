/*
 * prepare.h: make one lesson ready for its checks: its state, its sources,
 * the reference's and the student's programs built (through the cache).
 */
#ifndef SOCKLAB_PREPARE_H
#define SOCKLAB_PREPARE_H

#include "grade.h"

/*
 * Fill w->report's state (not started, broken with a problem, or graded),
 * and for a graded lesson w's program directories and shim.
 */
void prepare_lesson(struct work *w, const struct options *o);

#endif

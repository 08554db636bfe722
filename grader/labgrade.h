/*
 * labgrade.h: grade --lab: run the labs (lab.h) of the lessons asked for
 * with the student's programs and the reference's, in the sandboxes of
 * the checks (jobs.c), and write what they measured under --lab-dir.
 */
#ifndef SOCKLAB_LABGRADE_H
#define SOCKLAB_LABGRADE_H

#include <stddef.h>

#include "grade.h"
#include "sandbox.h"

/*
 * Run the labs of sel[0..n) (named: the lessons were named on the command
 * line; else every lesson with a lab is meant) and write, for each, under
 * o->lab_dir/LESSON/: results.txt, results.csv, and NAME.dat and NAME.gp
 * per plot, and NAME.png (or .svg) where gnuplot is installed. Prints the
 * report on stdout, problems on stderr. Returns the exit status: 0, 1
 * when a lab could not run (a lesson not started, or broken) or a file
 * could not be written, 2 when a lesson named has no lab.
 */
int lab_grade(const struct lesson **sel, size_t n, int named,
    const struct options *o, enum sandbox_mode mode);

#endif

/*
 * gradescope.h: a report as Gradescope's results.json (its autograder
 * specification): one test per check, worth its points (points.h), with
 * the why, what was sent, expected and got, and the hint as its output.
 */
#ifndef SOCKLAB_GRADESCOPE_H
#define SOCKLAB_GRADESCOPE_H

#include <stdio.h>

#include "report.h"

/* Print r as results.json; seconds is how long the grading took. */
void gradescope_print(FILE *out, const struct report *r, double seconds);

#endif

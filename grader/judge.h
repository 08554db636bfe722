/*
 * judge.h: the verdict on one check. The reference's transcript is what is
 * expected; the student's must match it. On the first difference the report
 * gets the key, both values (normalised, escaped), what the grader did, the
 * student's stderr and, from the lesson's diagnose(), the likely bug.
 */
#ifndef SOCKLAB_JUDGE_H
#define SOCKLAB_JUDGE_H

#include "lesson.h"
#include "report.h"
#include "transcript.h"

/* Fill c (initialised by check_report_init) from the two transcripts. */
void judge_check(struct check_report *c, const struct check *check,
    const struct transcript *ref, const struct transcript *got);

#endif

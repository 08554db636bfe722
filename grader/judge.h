/*
 * judge.h: the verdict on one check. The reference's transcript is what is
 * expected; the student's must match it. On the first difference the report
 * gets the key, both values (normalised, escaped), what the grader did, the
 * student's stderr and, from the lesson's diagnose(), the likely bug.
 * Under --valgrind, each program also gets a check of its own: memcheck's
 * findings across every check that ran it.
 */
#ifndef SOCKLAB_JUDGE_H
#define SOCKLAB_JUDGE_H

#include "lesson.h"
#include "report.h"
#include "transcript.h"

/* Fill c (initialised by check_report_init) from the two transcripts. */
void judge_check(struct check_report *c, const struct check *check,
    const struct transcript *ref, const struct transcript *got);

/*
 * Fill c (initialised), the check memcheck-PROGRAM that --valgrind adds, from
 * the student's transcripts of a lesson's n checks (gots[i] is checks[i]'s,
 * NULL when that run left none). It fails on the first run of program, in
 * check order, where memcheck found something, showing the trimmed report
 * and in which check it happened, and when program never ran under
 * valgrind at all.
 */
void judge_memcheck(struct check_report *c, const char *program,
    const struct check *checks, const struct transcript *const gots[],
    size_t n);

#endif

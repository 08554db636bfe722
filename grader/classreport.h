/*
 * classreport.h: what a class's grading leaves in OUTDIR, from the child
 * graders' JSON: grades.csv, students/NAME.txt, summary.txt; and the JSON
 * work between (the checks to retry, a retry's verdicts merged in).
 *
 * Library code: no printing; errors go into the caller's err buffer.
 */
#ifndef SOCKLAB_CLASSREPORT_H
#define SOCKLAB_CLASSREPORT_H

#include <stddef.h>

#include "class.h"

/*
 * Read the grader's JSON in path. Into checks (space-separated, at most n
 * bytes), the names of its inconclusive checks; *memcheck is set when one
 * of them is a memcheck check (retried by whole lesson), and lessons gets
 * their lessons. Returns how many, or -1 when path is not the grader's JSON.
 */
int classreport_inconclusive(const char *path, char *checks, char *lessons,
    size_t n, int *memcheck);

/*
 * Put the checks of the JSON in retry in place of the same checks in first,
 * recounting each lesson's passed, inconclusive and points; write the result
 * to out. Returns 0, or -1 with the reason in err.
 */
int classreport_merge(const char *first, const char *retry, const char *out,
    char *err, size_t errlen);

/* One line for a graded student: "01 8/8, 02 3/5". */
void classreport_brief(const char *path, char *buf, size_t n);

/*
 * Write OUTDIR's grades.csv, students/NAME.txt and summary.txt for subs.
 * lessons (NULL-ended) are the lessons graded, for the refused students'
 * rows. Returns 0, or -1 with the reason in err.
 */
int classreport_write(const char *outdir, const char *classdir,
    const struct submission *subs, size_t n, const char *const *lessons,
    char *err, size_t errlen);

#endif

/*
 * memcheck.h: reading a log of valgrind's memcheck (3.19, run with
 * --leak-check=full --track-fds=yes): did it find errors or descriptors left
 * open, and what is its first report, trimmed to the student's own files.
 *
 * Pure functions over the log's text: no I/O, nothing printed.
 */
#ifndef SOCKLAB_MEMCHECK_H
#define SOCKLAB_MEMCHECK_H

#include "bytes.h"

/* How a verdict starts when memcheck found nothing to report. */
#define MEMCHECK_CLEAN "no errors"
/* How it starts when there was nothing to judge (no log). */
#define MEMCHECK_UNCHECKED "not checked"

struct memcheck_summary {
	int complete;	/* the log reaches valgrind's ERROR SUMMARY */
	int errors;	/* errors counted there, or error reports seen */
	int open_fds;	/* descriptors open at exit, not inherited */
};

/* Count what log reports into s. */
void memcheck_parse(const char *log, struct memcheck_summary *s);

/*
 * Append to out the first report of log (in the log's order), trimmed: its
 * headline, its sub-headlines ("Address ... is 12 bytes inside a block of
 * size 40 free'd") and, under each, only the stack frames in the files named
 * by files (NULL-terminated basenames: "server.c"), without valgrind's
 * "==PID==" prefixes and code addresses. Leaked descriptors count as reports
 * only when with_fds is set; an indirect leak only when nothing else is
 * reported. Returns 1 when there was a report, else 0.
 */
int memcheck_first_report(const char *log, const char *const files[],
    int with_fds, struct bytes *out);

/*
 * The verdict on one program's run, as the transcript records it: MEMCHECK_CLEAN
 * (and a remark, e.g. when the log ends early), or the first report, trimmed,
 * then a line counting every error and descriptor left open. Descriptors
 * count only when exited is set: the program ended by itself, rather than
 * being stopped by the grader while it still legitimately held them.
 */
void memcheck_verdict(const char *log, const char *const files[], int exited,
    struct bytes *out);

enum memcheck_outcome { MEMCHECK_OK, MEMCHECK_FOUND, MEMCHECK_NOT_RUN };

/* What a verdict (from memcheck_verdict, or MEMCHECK_UNCHECKED...) says. */
enum memcheck_outcome memcheck_outcome(const char *verdict);

#endif

/*
 * class.h: grading a whole class (grade --class DIR). class.c finds the
 * submissions, copies each safely (unpack.c, gitsub.c) and grades it with a
 * child grader, several at once; classreport.c reads the children's JSON and
 * writes the CSV, the students' reports and the summary.
 */
#ifndef SOCKLAB_CLASS_H
#define SOCKLAB_CLASS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "spawn.h"

enum sub_kind { SUB_DIR, SUB_ARCHIVE, SUB_GIT, SUB_OTHER };

enum sub_state {
	SUB_REFUSED,	/* not graded: reason says why */
	SUB_PENDING,	/* copied, waiting for a grader */
	SUB_GRADING,	/* a grader runs */
	SUB_DONE,	/* graded; students/NAME.json written */
	SUB_FAILED,	/* the grader crashed or hung: reason says how */
};

/* One student's submission. */
struct submission {
	char name[96];		/* sanitized, unique in the class */
	char path[PATH_MAX];	/* as found in the class directory */
	enum sub_kind kind;
	enum sub_state state;
	char work[PATH_MAX];	/* OUTDIR/work/NAME */
	char root[PATH_MAX];	/* the lessons, in the copy */
	char commit[80];	/* git: the commit graded */
	char reason[512];
	uint64_t key;		/* content, grader and options */
	int cached;		/* graded by an earlier run with the same key */
	long leader;		/* graded as submission leader (same key), or -1 */
	int retry;		/* 1 while its inconclusive checks run again */
	struct proc proc;
	int64_t started_ms;
	double seconds;		/* grading time */
};

/* grade --class ...: the whole command. Returns the exit status. */
int class_main(int argc, char **argv);

#endif

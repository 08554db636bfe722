/*
 * grade.h: what the grader's command-line modules share (grade.c, prepare.c,
 * jobs.c): the options, and one lesson's work on its way from sources to
 * verdicts.
 */
#ifndef SOCKLAB_GRADE_H
#define SOCKLAB_GRADE_H

#include <limits.h>

#include "lesson.h"
#include "report.h"

#ifndef SOCKLAB_SRCDIR
#define SOCKLAB_SRCDIR "."
#endif
#ifndef SOCKLAB_CACHEDIR
#define SOCKLAB_CACHEDIR ""
#endif
#ifndef SOCKLAB_CC
#define SOCKLAB_CC "cc"
#endif

/* The most programs a lesson has memcheck checks for. */
#define MAX_MEMCHECKED 8

/* A check's sandbox is killed after this long (scaled). */
#define CHECK_TIMEOUT_MS 15000

struct options {
	const char *dir;	/* the lessons to grade */
	const char *ref_dir;	/* reference solutions */
	const char *skel_dir;	/* shipped lessons, with .skeleton-sums */
	const char *cc;
	const char *points_file;	/* --points: what checks are worth */
	enum report_format format;
	int strict, automake, valgrind, jobs, solutions, list, write_sums;
	int coverage;
	int time_scale_set;
	int fail_fast;		/* start no check after a failed one */
	int show;		/* --show: the evidence of passed checks too */
	int no_netns;		/* no network namespaces: skip lessons needing them */
	int pcap;		/* 1: captures of every check; -1: of none */
	const char *pcap_dir;	/* where captures go */
	const char *sandbox;
	const char *reference_runs;	/* reuse kept reference runs (refruns.h) */
	int cached_runs;	/* --cached-reference-runs: in the cache */
	const char **only;	/* --check: the only checks to run */
	size_t n_only;
	double time_scale;
	int lab;		/* --lab: run the lessons' labs, judge nothing */
	const char *lab_dir;	/* --lab-dir: where their results go */
	int hint;		/* --hint: LESSON [CHECK], a hint, no report */
	int progress_first;	/* the progress line before the report */
	const char *here;	/* --from-lesson: make runs in this lesson */
	int hash;		/* --hash FILE...: print their hashes */
	long quick_ms;		/* --quick: leave out checks slower than it */
	char valgrind_path[PATH_MAX];	/* found in PATH for --valgrind */
};

struct build_task;

/* One lesson on its way through build, checks and judging. */
struct work {
	const struct lesson *lesson;
	struct lesson_report *report;
	char student_bin[PATH_MAX];
	char ref_bin[PATH_MAX];
	const char *shim;	/* the lesson's shim library, if it names one */
	uint64_t shim_key;	/* its source and compiler, hashed (0: none) */
	/* Programs to build (prepare.c): n_builds, of which some left. */
	struct build_task *builds;
	size_t n_builds, builds_left;
	char ref_cache[PATH_MAX];	/* where a fresh reference build goes */
	/* memcheck-PROGRAM, with --valgrind */
	char memcheck_names[MAX_MEMCHECKED][48];
	char memcheck_titles[MAX_MEMCHECKED][160];
	char memcheck_hints[MAX_MEMCHECKED][320];
	/*
	 * grade --lab (labgrade.c): each check's two transcripts, the
	 * reference's then the student's, kept instead of judged.
	 */
	struct transcript *lab_runs;
	/*
	 * The student's programs that cannot run, a "PROGRAM REASON" line
	 * each (still the skeleton, missing, not compiling): a check that
	 * starts one fails with its reason (run.c), the others are graded.
	 */
	char unavailable[2048];
};

#endif

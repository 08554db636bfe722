/*
 * progress.h: which lessons are done, remembered between runs of the grader
 * in a small text file (the build cache, or SOCKLAB_STATE_DIR), so that a
 * report that graded one lesson can still say which are done and which one
 * is next. Each line is "LESSON HASH STATE": HASH is the lesson's files'
 * (progress_hash()), so a result is only believed while the files are the
 * ones graded; editing a lesson makes its result stale. A missing or damaged
 * file only costs the memory.
 */
#ifndef SOCKLAB_PROGRESS_H
#define SOCKLAB_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

#include "lesson.h"
#include "report.h"

struct progress;

/* The progress file in the state directory, into path (n bytes). */
void progress_path(char *path, size_t n, const char *name);

/* The file at path (empty if there is none); NULL: out of memory. */
struct progress *progress_load(const char *path);

/*
 * The hash of lesson l's program files in lessons_dir/l->dir into *hash.
 * Returns 0, or -1 when one of them cannot be read (no result can match).
 */
int progress_hash(const struct lesson *l, const char *lessons_dir,
    uint64_t *hash);

/* Remember r's verdict for the files hashed hash (inconclusive: nothing). */
void progress_put(struct progress *p, const struct lesson_report *r,
    uint64_t hash);

/* Write p to path (through a temporary file). Returns 0, or -1 with errno. */
int progress_save(const struct progress *p, const char *path);

/*
 * Print, for every registered lesson, what is remembered of its files in
 * lessons_dir (skeletons per skel_dir's .skeleton-sums): the lessons done,
 * those changed since graded, and the next one to work on. One line when
 * brief (grade --watch's top line), else a short section whose next step
 * works in here (report_next_step()).
 */
void progress_print(FILE *out, const struct progress *p,
    const char *lessons_dir, const char *skel_dir, const char *here,
    int brief);

void progress_free(struct progress *p);

#endif

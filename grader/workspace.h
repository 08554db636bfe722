/*
 * workspace.h: the grader's temporary tree, and who student code runs as.
 * Functions that can fail print a one-line message on stderr (this is the
 * command line's module) and return -1.
 */
#ifndef SOCKLAB_WORKSPACE_H
#define SOCKLAB_WORKSPACE_H

#include <stddef.h>
#include <sys/types.h>

#include "bytes.h"
#include "lesson.h"
#include "privilege.h"

/*
 * Create the tree under $TMPDIR (removed at exit) and choose the guest;
 * as root, make sure the guest can reach the tree. Returns 0 or -1.
 */
int workspace_init(void);

/* The tree's root directory. */
const char *workspace_root(void);

/* Who student code runs as (uid -1: ourselves). */
const struct identity *workspace_guest(void);

/* mkdir path, 0700; an existing one is fine. */
int workspace_make_dir(const char *path);

/* mkdir path with mode; an existing one is fine. 0, or -1 after a message. */
int workspace_make_dir_mode(const char *path, mode_t mode);

/* Hand path to the guest, when there is one. */
int workspace_give(const char *path);

/* A check's scratch directory and its home for the programs (id's). */
int workspace_make_check_dir(const char *path, const struct identity *id);

/* Copy the file from to to, executable. */
int workspace_copy_program(const char *from, const char *to);

/*
 * For the guest: copy l's programs from directory dir into a fresh
 * directory of the tree named after l and tag, and point dir there.
 */
int workspace_copy_for_guest(const struct lesson *l, const char *tag,
    char *dir, size_t n);

#endif

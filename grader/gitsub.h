/*
 * gitsub.h: a submission that is a git repository, exported at one commit
 * into a fresh directory (unpack.h's rules and limits).
 *
 * The repository is only read, with plumbing (rev-list, ls-tree, cat-file):
 * no checkout, so no filter, hook or attribute of the student's runs. git
 * runs with an empty HOME, no system or global config, hooks and fsmonitor
 * turned off on its command line, and every directory safe.
 */
#ifndef SOCKLAB_GITSUB_H
#define SOCKLAB_GITSUB_H

#include <stddef.h>

#include "unpack.h"

/*
 * Is path a git repository? Returns 1 and its git directory in gitdir
 * (path/.git, or path itself when bare), else 0.
 */
int gitsub_find(const char *path, char *gitdir, size_t n);

/*
 * Read text, a deadline as an instructor writes it in ISO 8601:
 * YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] (T or a space between), optionally
 * ending in Z or +HH:MM / -HH:MM. Without a zone it is local time (git
 * reads it so); a date alone means the end of that day, 23:59:59. Writes
 * the form git's --before reads into out (32 bytes suffice). Returns 0, or
 * -1 when text is not such a date.
 */
int gitsub_deadline(const char *text, char *out, size_t n);

/*
 * Export gitdir's HEAD, or with deadline (gitsub_deadline()'s form, NULL for
 * none) the last commit before it, into dst, which must not exist. scratch
 * is an existing directory of ours for git's outputs. The commit's id goes
 * into commit (41 bytes or more). Returns 0, or -1 with the reason in err.
 */
int gitsub_export(const char *gitdir, const char *deadline, const char *dst,
    const char *scratch, const struct unpack_limits *lim, char *commit,
    size_t commitlen, char *err, size_t errlen);

#endif

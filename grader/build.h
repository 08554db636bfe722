/*
 * build.h: from a lesson directory's sources to programs the checks can run.
 *
 * A student's source is validated first (present, a regular file inside the
 * submission, text, not huge, including headers only by name), then copied
 * and compiled from the copy, so what is compiled is what was validated.
 */
#ifndef SOCKLAB_BUILD_H
#define SOCKLAB_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "privilege.h"

/* How the grader compiles every lesson program (shown in reports). */
#define BUILD_CFLAGS "-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -g"

/* The largest source file accepted. */
#define BUILD_MAX_SOURCE (256 * 1024)

/*
 * Check dir/file and copy it to dest. Returns 0, or -1 with a one-line
 * message in msg that names the file and says what to do.
 */
int build_take_source(const char *dir, const char *file, const char *dest,
    char *msg, size_t msglen);

/*
 * Compile src into out with cc. Diagnostics (warnings or errors) go to diag.
 * Returns 0 when it compiled, 1 when the compiler rejected it, -1 when the
 * compiler could not be run (message in err).
 */
int build_compile(const char *cc, const char *src, const char *out,
    const char *work_dir, struct bytes *diag, char *err, size_t errlen);

/* build_compile, with the compiler running as id (privilege.h; NULL: us). */
int build_compile_as(const struct identity *id, const char *cc,
    const char *src, const char *out, const char *work_dir, struct bytes *diag,
    char *err, size_t errlen);

/* Compile src into the shared library out (for LD_PRELOAD); as above. */
int build_shared_library(const char *cc, const char *src, const char *out,
    const char *work_dir, struct bytes *diag, char *err, size_t errlen);

/* FNV-1a 64 of a file's bytes. Returns 0, or -1 with errno set. */
int build_hash_file(const char *path, uint64_t *hash);
/*
 * FNV-1a 64 of a C source's code: comments and white space dropped, but
 * for one space where they part two words or two operators ("int x",
 * "a + +b"). Files that differ in layout and comments only have the same
 * one. Returns 0, or -1 with errno set.
 */
int build_hash_code(const char *path, uint64_t *hash);
/* FNV-1a 64 of a string, continuing from h (start with BUILD_HASH_INIT). */
uint64_t build_hash_str(uint64_t h, const char *s);
#define BUILD_HASH_INIT 0xcbf29ce484222325ULL

/*
 * Is dir/file's code the shipped skeleton's (build_hash_code: a comment
 * added or the spacing changed is still the skeleton)? sums is the
 * lesson's .skeleton-sums file ("HASH  file" lines, build_hash_code's).
 * Returns 1, 0, or -1 when the sums file cannot be read.
 */
int build_is_skeleton(const char *sums, const char *dir, const char *file);

#endif

/*
 * unpack.h: a submission's files, copied into a fresh directory that holds
 * only regular files and directories, within size and count limits: from a
 * directory, from a .tar.gz/.tgz/.zip (libarchive, streamed), from the one
 * archive such a copy holds instead of lessons (one level only), or one file
 * at a time (gitsub.c). A path that leaves the submission (absolute, "..", a
 * symbolic link pointing out), a file or a whole larger than the limits
 * refuses the submission; links that stay inside and special files are left
 * out. Nothing is ever created outside the destination: every file is made
 * relative to its directory's descriptor, with O_NOFOLLOW, and no link is
 * ever created.
 *
 * Library code: no printing; the reason goes into the caller's err buffer.
 */
#ifndef SOCKLAB_UNPACK_H
#define SOCKLAB_UNPACK_H

#include <stddef.h>
#include <stdint.h>

struct unpack_limits {
	long file_bytes;	/* the largest file */
	long total_bytes;	/* all files together */
	long files;		/* files and directories */
	int depth;		/* directories deep */
};

/* 4 MiB a file, 64 MiB in all, 4000 entries, 24 directories deep. */
extern const struct unpack_limits unpack_default_limits;

/* A destination being filled. */
struct unpack {
	int root;		/* the destination directory */
	const struct unpack_limits *lim;
	long files, bytes;
	char *err;
	size_t errlen;
};

/*
 * Normalize an archive's entry name into out ("./a//b/" becomes "a/b").
 * Returns 0, 1 when nothing is left (the top itself), or -1 with the reason
 * in err (absolute, "..", too deep, too long).
 */
int unpack_clean_path(const char *name, char *out, size_t n,
    const struct unpack_limits *lim, char *err, size_t errlen);

/*
 * Does a symbolic link at path (clean, relative) to target stay inside the
 * tree? Returns 1 when it does, 0 when it points out.
 */
int unpack_link_inside(const char *path, const char *target);

/*
 * Create the directory dst (which must not exist) and start filling it.
 * Returns 0, or -1 with the reason in err. unpack_close() ends it.
 */
int unpack_open(struct unpack *u, const char *dst,
    const struct unpack_limits *lim, char *err, size_t errlen);
void unpack_close(struct unpack *u);

/*
 * Create the file at the clean path name, size bytes long as far as the
 * source knows (-1: unknown), its parents as needed. Returns a descriptor to
 * write it through unpack_write(), or -1 with the reason in u->err.
 */
int unpack_create(struct unpack *u, const char *name, long size);

/* Write n bytes to fd, counting them. Returns 0, or -1 (limits, I/O). */
int unpack_write(struct unpack *u, int fd, const char *name,
    const void *buf, size_t n);

/* A symbolic link: refused when it points out, else left out. 0 or -1. */
int unpack_symlink(struct unpack *u, const char *name, const char *target);

/* Copy the directory src. Returns 0, or -1 with the reason in err. */
int unpack_copy_dir(const char *src, const char *dst,
    const struct unpack_limits *lim, char *err, size_t errlen);

/* Extract the archive file src. Returns 0, or -1 with the reason in err. */
int unpack_archive(const char *src, const char *dst,
    const struct unpack_limits *lim, char *err, size_t errlen);

/* Is name an archive's, by its ending (.tar.gz, .tgz, .tar, .zip)? */
int unpack_is_archive(const char *name);

/*
 * The copy dir holds no lessons: when it holds one archive, within two
 * folders of its top, and no other file that counts (hidden ones and
 * __MACOSX/ do not), extract that archive into inner (which must not
 * exist), the limits counting dir's files and bytes too, so that a bomb in
 * an archive is stopped as one in the submission would be. Returns 1 when
 * extracted, 0 when there is nothing to extract, -1 with the reason in err
 * (several archives; the limits; a damaged archive).
 */
int unpack_inner_archive(const char *dir, const char *inner,
    const struct unpack_limits *lim, char *err, size_t errlen);

/* Does the tree dir hold an archive within two folders of its top? */
int unpack_holds_archive(const char *dir);

/*
 * FNV-1a 64 of a tree's names and contents, in name order, continuing from
 * *h. Returns 0, or -1 with errno set.
 */
int unpack_hash_tree(const char *dir, uint64_t *h);

/* Remove the tree dir, never following a link. Returns 0 or -1. */
int unpack_remove_tree(const char *dir);

#endif

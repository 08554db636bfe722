/*
 * unpack.c: a submission's files into a fresh directory, safely (unpack.h).
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "unpack.h"

const struct unpack_limits unpack_default_limits = {
	.file_bytes = 4L << 20,
	.total_bytes = 64L << 20,
	.files = 4000,
	.depth = 24,
};

static void
human(char *buf, size_t n, long long bytes)
{
	if (bytes >= 1LL << 30)
		snprintf(buf, n, "%.1f GiB", (double)bytes / (1 << 30));
	else if (bytes >= 1LL << 20)
		snprintf(buf, n, "%.1f MiB", (double)bytes / (1 << 20));
	else
		snprintf(buf, n, "%lld bytes", bytes);
}

int
unpack_clean_path(const char *name, char *out, size_t n,
    const struct unpack_limits *lim, char *err, size_t errlen)
{
	size_t len = 0;
	int depth = 0;
	const char *p = name;

	if (name[0] == '/') {
		snprintf(err, errlen, "'%s' is an absolute path", name);
		return -1;
	}
	out[0] = '\0';
	while (*p != '\0') {
		size_t c = strcspn(p, "/");

		if (c == 2 && strncmp(p, "..", 2) == 0) {
			snprintf(err, errlen, "'%s' leaves the submission (..)",
			    name);
			return -1;
		}
		if (c > 0 && !(c == 1 && p[0] == '.')) {
			if (len + c + 2 > n || ++depth > lim->depth) {
				snprintf(err, errlen, "'%.200s' is too deep "
				    "or too long", name);
				return -1;
			}
			if (len > 0)
				out[len++] = '/';
			memcpy(out + len, p, c);
			len += c;
			out[len] = '\0';
		}
		p += c;
		if (*p == '/')
			p++;
	}
	return len == 0 ? 1 : 0;
}

int
unpack_link_inside(const char *path, const char *target)
{
	int depth = 0;
	const char *p;

	if (target[0] == '/' || target[0] == '\0')
		return 0;
	/* The link's own directory: one level per '/' in its path. */
	for (p = path; *p != '\0'; p++)
		depth += *p == '/';
	for (p = target; *p != '\0';) {
		size_t c = strcspn(p, "/");

		if (c == 2 && strncmp(p, "..", 2) == 0) {
			if (--depth < 0)
				return 0;
		} else if (c > 0 && !(c == 1 && p[0] == '.'))
			depth++;
		p += c;
		if (*p == '/')
			p++;
	}
	return 1;
}

int
unpack_open(struct unpack *u, const char *dst,
    const struct unpack_limits *lim, char *err, size_t errlen)
{
	memset(u, 0, sizeof *u);
	u->lim = lim;
	u->err = err;
	u->errlen = errlen;
	if (mkdir(dst, 0755) == -1) {
		snprintf(err, errlen, "cannot create %s: %s", dst,
		    strerror(errno));
		return -1;
	}
	u->root = open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (u->root == -1) {
		snprintf(err, errlen, "cannot open %s: %s", dst,
		    strerror(errno));
		return -1;
	}
	return 0;
}

void
unpack_close(struct unpack *u)
{
	if (u->root > 0)
		close(u->root);
	u->root = -1;
}

/* One more entry; 0, or -1 past the limit. */
static int
count_entry(struct unpack *u)
{
	if (++u->files > u->lim->files) {
		snprintf(u->err, u->errlen, "more than %ld files",
		    u->lim->files);
		return -1;
	}
	return 0;
}

/*
 * Open (creating) the directory holding the clean path name, and point *base
 * at its last component. Returns a descriptor the caller closes, or -1.
 */
static int
open_parent(struct unpack *u, const char *name, const char **base)
{
	char part[NAME_MAX + 1];
	const char *p = name;
	int fd = dup(u->root);

	if (fd == -1)
		goto err;
	for (;;) {
		size_t c = strcspn(p, "/");
		int next;

		if (p[c] == '\0')
			break;
		if (c > NAME_MAX) {
			errno = ENAMETOOLONG;
			goto err;
		}
		memcpy(part, p, c);
		part[c] = '\0';
		if (mkdirat(fd, part, 0755) == -1 && errno != EEXIST)
			goto err;
		next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (next == -1)
			goto err;
		close(fd);
		fd = next;
		p += c + 1;
	}
	*base = p;
	return fd;
err:
	snprintf(u->err, u->errlen, "cannot create '%s': %s", name,
	    strerror(errno));
	if (fd != -1)
		close(fd);
	return -1;
}

/* Create the directory at the clean path name. Returns 0 or -1. */
static int
unpack_mkdir(struct unpack *u, const char *name)
{
	const char *base;
	int fd, rc = 0;

	if (count_entry(u) == -1)
		return -1;
	fd = open_parent(u, name, &base);
	if (fd == -1)
		return -1;
	if (mkdirat(fd, base, 0755) == -1 && errno != EEXIST) {
		snprintf(u->err, u->errlen, "cannot create '%s': %s", name,
		    strerror(errno));
		rc = -1;
	}
	close(fd);
	return rc;
}

static int
too_big(struct unpack *u, const char *name, long long size)
{
	char a[32], b[32];

	human(a, sizeof a, size);
	human(b, sizeof b, u->lim->file_bytes);
	snprintf(u->err, u->errlen, "'%s' is %s%s, more than the %s a file "
	    "may hold", name, size > u->lim->file_bytes ? "" : "at least ",
	    a, b);
	return -1;
}

int
unpack_create(struct unpack *u, const char *name, long size)
{
	const char *base;
	int dir, fd;

	if (size > u->lim->file_bytes)
		return too_big(u, name, size);
	if (count_entry(u) == -1)
		return -1;
	dir = open_parent(u, name, &base);
	if (dir == -1)
		return -1;
	fd = openat(dir, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd == -1)
		snprintf(u->err, u->errlen, "cannot create '%s': %s", name,
		    strerror(errno));
	close(dir);
	return fd;
}

int
unpack_write(struct unpack *u, int fd, const char *name, const void *buf,
    size_t n)
{
	const char *p = buf;
	off_t at = lseek(fd, 0, SEEK_CUR);

	if (at == -1) {
		snprintf(u->err, u->errlen, "'%s': %s", name, strerror(errno));
		return -1;
	}
	if ((long long)at + (long long)n > u->lim->file_bytes)
		return too_big(u, name, (long long)at + (long long)n);
	u->bytes += (long)n;
	if (u->bytes > u->lim->total_bytes) {
		char b[32];

		human(b, sizeof b, u->lim->total_bytes);
		snprintf(u->err, u->errlen, "more than %s in all (a zip "
		    "bomb?), at '%s'", b, name);
		return -1;
	}
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			snprintf(u->err, u->errlen, "cannot write '%s': %s",
			    name, strerror(errno));
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
unpack_symlink(struct unpack *u, const char *name, const char *target)
{
	if (unpack_link_inside(name, target))
		return 0;
	snprintf(u->err, u->errlen, "symbolic link '%s' points out of the "
	    "submission (-> %.200s)", name, target);
	return -1;
}

/* Copy the regular file name (in directory dir) to the clean path rel. */
static int
copy_file(struct unpack *u, int dir, const char *name, const char *rel,
    const struct stat *st)
{
	char buf[16384];
	int in, out, rc = -1;
	ssize_t n;

	if (st->st_size > u->lim->file_bytes)
		return too_big(u, rel, st->st_size);
	/* O_NONBLOCK: a FIFO put in its place must not hang us. */
	in = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (in == -1) {
		snprintf(u->err, u->errlen, "cannot read '%s': %s", rel,
		    strerror(errno));
		return -1;
	}
	out = unpack_create(u, rel, st->st_size);
	if (out == -1)
		goto done;
	for (;;) {
		n = read(in, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(u->err, u->errlen, "cannot read '%s': %s",
			    rel, strerror(errno));
			break;
		}
		if (n == 0) {
			rc = 0;
			break;
		}
		if (unpack_write(u, out, rel, buf, (size_t)n) == -1)
			break;
	}
	close(out);
done:
	close(in);
	return rc;
}

static int copy_entry(struct unpack *u, int dir, const char *name,
    const char *rel);

/* Copy the directory dir, known in the copy as rel ("" at the top). */
static int
copy_tree(struct unpack *u, int dir, const char *rel)
{
	DIR *d;
	struct dirent *e;
	int fd = dup(dir), rc = 0;

	if (fd == -1 || (d = fdopendir(fd)) == NULL) {
		snprintf(u->err, u->errlen, "cannot read '%s': %s",
		    rel[0] ? rel : ".", strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char path[PATH_MAX];

		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, ".git") == 0)
			continue;
		if (snprintf(path, sizeof path, "%s%s%s", rel,
		    rel[0] ? "/" : "", e->d_name) >= (int)sizeof path) {
			snprintf(u->err, u->errlen, "a path is too long");
			rc = -1;
			break;
		}
		rc = copy_entry(u, dir, e->d_name, path);
	}
	closedir(d);
	return rc;
}

/* Copy name (in directory dir) to the path rel: by its type. */
static int
copy_entry(struct unpack *u, int dir, const char *name, const char *rel)
{
	struct stat st;
	char target[PATH_MAX];
	ssize_t n;
	int sub, rc, depth = 1;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		snprintf(u->err, u->errlen, "cannot read '%s': %s", rel,
		    strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return copy_file(u, dir, name, rel, &st);
	if (S_ISLNK(st.st_mode)) {
		n = readlinkat(dir, name, target, sizeof target - 1);
		if (n == -1) {
			snprintf(u->err, u->errlen, "cannot read '%s': %s",
			    rel, strerror(errno));
			return -1;
		}
		target[n] = '\0';
		return unpack_symlink(u, rel, target);
	}
	if (!S_ISDIR(st.st_mode))
		return 0;	/* sockets, FIFOs, devices: left out */
	for (const char *p = rel; *p != '\0'; p++)
		depth += *p == '/';
	if (depth > u->lim->depth) {
		snprintf(u->err, u->errlen, "'%.200s' is too deep", rel);
		return -1;
	}
	if (unpack_mkdir(u, rel) == -1)
		return -1;
	sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (sub == -1) {
		snprintf(u->err, u->errlen, "cannot read '%s': %s", rel,
		    strerror(errno));
		return -1;
	}
	rc = copy_tree(u, sub, rel);
	close(sub);
	return rc;
}

int
unpack_copy_dir(const char *src, const char *dst,
    const struct unpack_limits *lim, char *err, size_t errlen)
{
	struct unpack u;
	int dir, rc = -1;

	dir = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir == -1) {
		snprintf(err, errlen, "cannot read %s: %s", src,
		    strerror(errno));
		return -1;
	}
	if (unpack_open(&u, dst, lim, err, errlen) == 0)
		rc = copy_tree(&u, dir, "");
	unpack_close(&u);
	close(dir);
	return rc;
}

/* Extract the current entry's data to the clean path name. */
static int
extract_data(struct unpack *u, struct archive *a, struct archive_entry *e,
    const char *name)
{
	char buf[16384];
	long size = archive_entry_size_is_set(e) ?
	    (long)archive_entry_size(e) : -1;
	int fd = unpack_create(u, name, size), rc = 0;
	la_ssize_t n;

	if (fd == -1)
		return -1;
	while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
		if (unpack_write(u, fd, name, buf, (size_t)n) == -1) {
			rc = -1;
			break;
		}
	if (rc == 0 && n < 0) {
		snprintf(u->err, u->errlen, "a damaged archive: %s",
		    archive_error_string(a));
		rc = -1;
	}
	close(fd);
	return rc;
}

/* One archive entry, by its type. Returns 0 or -1. */
static int
extract_entry(struct unpack *u, struct archive *a, struct archive_entry *e)
{
	const char *raw = archive_entry_pathname(e);
	char name[PATH_MAX];
	int clean;

	if (raw == NULL) {
		snprintf(u->err, u->errlen, "an entry without a name");
		return -1;
	}
	clean = unpack_clean_path(raw, name, sizeof name, u->lim, u->err,
	    u->errlen);
	if (clean == -1)
		return -1;
	if (archive_entry_hardlink(e) != NULL) {
		char to[PATH_MAX];

		/* A hard link names another entry: only its path matters. */
		return unpack_clean_path(archive_entry_hardlink(e), to,
		    sizeof to, u->lim, u->err, u->errlen) == -1 ? -1 : 0;
	}
	if (clean == 1)
		return 0;
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return extract_data(u, a, e, name);
	case AE_IFDIR:
		return unpack_mkdir(u, name);
	case AE_IFLNK:
		return unpack_symlink(u, name, archive_entry_symlink(e) ?
		    archive_entry_symlink(e) : "");
	default:
		return 0;
	}
}

/*
 * Extract the archive file src into dst, counting against lim from the files
 * and bytes an outer level already used. Returns 0, or -1 with the reason
 * in err.
 */
static int
extract_archive(const char *src, const char *dst,
    const struct unpack_limits *lim, long files, long bytes, char *err,
    size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct unpack u;
	int rc = -1, r;

	u.root = -1;
	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	archive_read_support_filter_gzip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, src, 16384) != ARCHIVE_OK) {
		snprintf(err, errlen, "not a .tar.gz or .zip archive: %s",
		    archive_error_string(a));
		goto done;
	}
	if (unpack_open(&u, dst, lim, err, errlen) == -1)
		goto done;
	u.files = files;
	u.bytes = bytes;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN)
		if (extract_entry(&u, a, e) == -1)
			goto done;
	if (r != ARCHIVE_EOF) {
		snprintf(err, errlen, "a damaged archive: %s",
		    archive_error_string(a));
		goto done;
	}
	rc = 0;
done:
	unpack_close(&u);
	archive_read_free(a);
	return rc;
}

int
unpack_archive(const char *src, const char *dst,
    const struct unpack_limits *lim, char *err, size_t errlen)
{
	return extract_archive(src, dst, lim, 0, 0, err, errlen);
}

int
unpack_is_archive(const char *name)
{
	static const char *const exts[] = { ".tar.gz", ".tgz", ".zip", ".tar",
		NULL };
	size_t len = strlen(name);

	for (size_t i = 0; exts[i] != NULL; i++)
		if (len > strlen(exts[i]) &&
		    strcmp(name + len - strlen(exts[i]), exts[i]) == 0)
			return 1;
	return 0;
}

/* What a tree holds, for unpack_inner_archive(). */
struct holdings {
	long files, bytes;	/* entries and bytes, all of them */
	int archives;		/* archives within NESTED_LEVELS folders */
	int others;		/* other files that count */
	char archive[PATH_MAX];	/* the first archive */
};

/* How many folders deep an archive inside a submission is looked for. */
#define NESTED_LEVELS 2

/*
 * Add what the directory path holds to *h; level is its depth (0: the top),
 * counted is 0 inside what does not count (hidden, __MACOSX). 0 or -1.
 */
static int
survey(const char *path, int level, int counted, struct holdings *h)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int rc = 0;

	if (d == NULL)
		return -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char full[PATH_MAX];
		struct stat st;
		int counts = counted && e->d_name[0] != '.' &&
		    strcmp(e->d_name, "__MACOSX") != 0;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(full, sizeof full, "%s/%s", path, e->d_name);
		if (lstat(full, &st) == -1) {
			rc = -1;
			break;
		}
		h->files++;
		if (S_ISDIR(st.st_mode)) {
			rc = survey(full, level + 1, counts, h);
			continue;
		}
		h->bytes += (long)st.st_size;
		if (!counts)
			continue;
		if (level <= NESTED_LEVELS && unpack_is_archive(e->d_name)) {
			if (h->archives++ == 0)
				snprintf(h->archive, sizeof h->archive, "%s",
				    full);
		} else
			h->others++;
	}
	closedir(d);
	return rc;
}

int
unpack_inner_archive(const char *dir, const char *inner,
    const struct unpack_limits *lim, char *err, size_t errlen)
{
	struct holdings h;

	memset(&h, 0, sizeof h);
	if (survey(dir, 0, 1, &h) == -1) {
		snprintf(err, errlen, "cannot read its copy back: %s",
		    strerror(errno));
		return -1;
	}
	if (h.archives > 1) {
		snprintf(err, errlen, "holds %d archives and no lessons: "
		    "submit one archive of the lessons folder", h.archives);
		return -1;
	}
	if (h.archives == 0 || h.others > 0)
		return 0;
	return extract_archive(h.archive, inner, lim, h.files, h.bytes, err,
	    errlen) == -1 ? -1 : 1;
}

int
unpack_holds_archive(const char *dir)
{
	struct holdings h;

	memset(&h, 0, sizeof h);
	return survey(dir, 0, 1, &h) == 0 && h.archives > 0;
}

/* Hash the tree at path (our own copy: no links) in name order into *h. */
static int
hash_sorted(const char *path, uint64_t *h)
{
	struct dirent **names = NULL;
	int n, rc = 0;

	n = scandir(path, &names, NULL, alphasort);
	if (n == -1)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char full[PATH_MAX], hex[24];
		struct stat st;
		uint64_t fh;

		if (rc == -1 || strcmp(name, ".") == 0 ||
		    strcmp(name, "..") == 0)
			goto next;
		*h = build_hash_str(build_hash_str(*h, name), "/");
		snprintf(full, sizeof full, "%s/%s", path, name);
		if (lstat(full, &st) == -1)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = hash_sorted(full, h);
		else if (S_ISREG(st.st_mode)) {
			rc = build_hash_file(full, &fh);
			snprintf(hex, sizeof hex, "%016llx\n",
			    (unsigned long long)fh);
			*h = build_hash_str(*h, hex);
		}
next:
		free(names[i]);
	}
	free(names);
	return rc;
}

int
unpack_hash_tree(const char *dir, uint64_t *h)
{
	return hash_sorted(dir, h);
}

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == -1 &&
	    errno != ENOENT ? -1 : 0;
}

int
unpack_remove_tree(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

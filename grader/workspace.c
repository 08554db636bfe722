/*
 * workspace.c: the grader's temporary tree and who student code runs as.
 *
 * Everything a run needs (sources, programs, each check's scratch directory)
 * lives under one directory made at start and removed at exit. As root,
 * student code runs as an unprivileged guest (privilege.h), so the tree is
 * made reachable for it and the files it must write are handed to it.
 */
#include "config.h"

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
#include "workspace.h"

static char tmp_root[PATH_MAX];

/*
 * Who student code runs as: nobody when we are root (privilege.h). Then
 * everything it needs lives in tmp_root, made reachable for it.
 */
static struct identity guest = { (uid_t)-1, (gid_t)-1 };

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	(void)remove(path);
	return 0;
}

static void
remove_tree(const char *path)
{
	if (path[0] != '\0')
		(void)nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
cleanup_tmp(void)
{
	remove_tree(tmp_root);
}

int
workspace_make_dir(const char *path)
{
	return workspace_make_dir_mode(path, 0700);
}

int
workspace_make_dir_mode(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == -1 && errno != EEXIST) {
		fprintf(stderr, "grade: cannot create %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Hand path to the guest, when there is one: it may then write there (the
 * compiler's output, valgrind's logs). Returns 0 or -1 with a message.
 */
static int
give_dir(const char *path, const struct identity *id)
{
	if (privilege_switches(id) && chown(path, id->uid, id->gid) == -1) {
		fprintf(stderr, "grade: cannot hand %s to uid %u: %s\n", path,
		    (unsigned)id->uid, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A check's scratch directory, and its home for the programs (the guest's):
 * used as they are without a mount namespace, hidden under private tmpfs
 * mounts with one. Returns 0 or -1 with a message.
 */
int
workspace_make_check_dir(const char *path, const struct identity *id)
{
	char home[PATH_MAX + 8];

	snprintf(home, sizeof home, "%s/" SANDBOX_HOME, path);
	if (workspace_make_dir(path) == -1 || workspace_make_dir(home) == -1 ||
	    give_dir(home, id) == -1)
		return -1;
	if (privilege_switches(id) && chmod(path, 0755) == -1) {
		fprintf(stderr, "grade: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* give_dir to the guest who compiles. */
int
workspace_give(const char *path)
{
	return give_dir(path, &guest);
}

/* Copy the file from to to, executable. Returns 0 or -1 with a message. */
int
workspace_copy_program(const char *from, const char *to)
{
	char buf[65536], tmp[PATH_MAX + 32];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n;

	/*
	 * Write a new file and rename it into place: to may be a hard link
	 * of a cached program (or of from itself), which truncating in place
	 * would empty for every grader that shares the cache.
	 */
	snprintf(tmp, sizeof tmp, "%s.copy-%ld", to, (long)getpid());
	if (in == -1 || (out = open(tmp, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0755)) == -1)
		goto out;
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || write(out, buf, (size_t)n) != n)
			goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		fprintf(stderr, "grade: cannot copy %s to %s: %s\n", from, to,
		    strerror(errno));
	if (in != -1)
		close(in);
	if (out != -1 && close(out) == -1 && rc == 0) {
		fprintf(stderr, "grade: %s: %s\n", tmp, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, to) == -1) {
		fprintf(stderr, "grade: %s: %s\n", to, strerror(errno));
		rc = -1;
	}
	if (rc == -1 && out != -1)
		(void)unlink(tmp);
	return rc;
}

/*
 * For the guest: copy the programs of l from the cache directory dir into
 * a fresh directory of tmp_root (the cache may be out of its reach), and
 * point dir there. Returns 0 or -1.
 */
int
workspace_copy_for_guest(const struct lesson *l, const char *tag, char *dir,
    size_t n)
{
	char to_dir[PATH_MAX];

	if (!privilege_switches(&guest))
		return 0;
	/* Not "LESSON.ref": that is where prepare.c builds the reference. */
	snprintf(to_dir, sizeof to_dir, "%s/%s.guest-%s", tmp_root, l->dir,
	    tag);
	if (workspace_make_dir(to_dir) == -1 || chmod(to_dir, 0755) == -1)
		return -1;
	for (int i = 0; l->programs[i] != NULL; i++) {
		char from[PATH_MAX * 2], to[PATH_MAX * 2];

		snprintf(from, sizeof from, "%s/%s", dir, l->programs[i]);
		snprintf(to, sizeof to, "%s/%s", to_dir, l->programs[i]);
		if (workspace_copy_program(from, to) == -1)
			return -1;
	}
	snprintf(dir, n, "%s", to_dir);
	return 0;
}

/*
 * As root, student programs run as nobody: tmp_root must be reachable for
 * it (TMPDIR under /root is not). Returns 0, or -1 after a message.
 */
static int
prepare_guest(const char *tmpdir)
{
	char err[PATH_MAX + 64];

	guest = privilege_guest();
	if (!privilege_switches(&guest))
		return 0;
	/* Our own sandbox uids, apart from any other grader's. */
	if (privilege_claim_slot(err, sizeof err) == -1)
		fprintf(stderr, "grade: warning: %s; a grader running at the "
		    "same time may share the sandboxes' uids and limits\n",
		    err);
	if (chmod(tmp_root, 0711) == -1 ||
	    privilege_can_reach(&guest, tmp_root, err, sizeof err) == -1) {
		fprintf(stderr, "grade: submissions run as uid %u, and %s is "
		    "out of its reach; set TMPDIR to a directory all can "
		    "enter (TMPDIR=/tmp)\n", (unsigned)guest.uid,
		    tmpdir && tmpdir[0] ? tmpdir : "/tmp");
		return -1;
	}
	return 0;
}

const char *
workspace_root(void)
{
	return tmp_root;
}

const struct identity *
workspace_guest(void)
{
	return &guest;
}

int
workspace_init(void)
{
	const char *tmpdir = getenv("TMPDIR");

	snprintf(tmp_root, sizeof tmp_root, "%s/socklab-grade.XXXXXX",
	    tmpdir && tmpdir[0] ? tmpdir : "/tmp");
	if (mkdtemp(tmp_root) == NULL) {
		fprintf(stderr, "grade: cannot create a directory in %s: %s; "
		    "set TMPDIR to a writable directory\n",
		    tmpdir && tmpdir[0] ? tmpdir : "/tmp", strerror(errno));
		tmp_root[0] = '\0';
		return -1;
	}
	atexit(cleanup_tmp);
	return prepare_guest(tmpdir);
}

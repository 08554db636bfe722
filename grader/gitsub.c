/*
 * gitsub.c: a git repository's commit, exported safely (gitsub.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "gitsub.h"
#include "lab.h"
#include "spawn.h"

/* Each git command gets this long. */
#define GIT_TIMEOUT_MS 60000

int
gitsub_find(const char *path, char *gitdir, size_t n)
{
	struct stat st;
	char p[PATH_MAX];

	snprintf(p, sizeof p, "%s/.git", path);
	if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(gitdir, n, "%s", p);
		return 1;
	}
	/* Bare: HEAD, objects/ and refs/ at the top. */
	snprintf(p, sizeof p, "%s/HEAD", path);
	if (lstat(p, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	snprintf(p, sizeof p, "%s/objects", path);
	if (lstat(p, &st) == -1 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(p, sizeof p, "%s/refs", path);
	if (lstat(p, &st) == -1 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(gitdir, n, "%s", path);
	return 1;
}

/*
 * Run git ARGS on gitdir with stdin from in (NULL: none), stdout into out,
 * stderr into err_path; out may grow to max_out bytes. Returns 0 when git
 * exited 0, else -1 with the reason in err.
 */
static int
run_git(const char *gitdir, const char *scratch, const char *const args[],
    const char *in, const char *out, long max_out, char *err, size_t errlen)
{
	char git[PATH_MAX], env_dir[PATH_MAX + 8], env_home[PATH_MAX + 8];
	char env_path[4200], errf[PATH_MAX], how[128];
	const char *argv[24];
	size_t n = 0;
	struct limits lim = { .cpu_seconds = 60, .file_bytes = max_out };
	struct proc p;
	int rc = -1;

	if (lab_find_tool("git", git, sizeof git) == -1) {
		snprintf(err, errlen, "a git repository, but git is not "
		    "installed: apt-get install git");
		return -1;
	}
	snprintf(env_dir, sizeof env_dir, "GIT_DIR=%s", gitdir);
	snprintf(env_home, sizeof env_home, "HOME=%s/home", scratch);
	snprintf(env_path, sizeof env_path, "PATH=%s", getenv("PATH") ?
	    getenv("PATH") : "/usr/bin:/bin");
	const char *envp[] = { env_dir, env_home, env_path,
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_ATTR_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0",
		"GIT_OPTIONAL_LOCKS=0", "GIT_PAGER=cat", "LC_ALL=C", NULL };
	const char *safety[] = { git, "--no-pager",
		"-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
		"-c", "safe.directory=*", "-c", "protocol.allow=never",
		"-c", "core.attributesFile=/dev/null", NULL };

	for (size_t i = 0; safety[i] != NULL; i++)
		argv[n++] = safety[i];
	for (size_t i = 0; args[i] != NULL && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	snprintf(errf, sizeof errf, "%s/git.err", scratch);
	if (mkdir(env_home + 5, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", env_home + 5,
		    strerror(errno));
		return -1;
	}
	if (proc_start_env(&p, (char *const *)argv, (char *const *)envp,
	    scratch, in, out, errf, &lim, err, errlen) == -1)
		return -1;
	if (proc_wait(&p, clock_ms() + GIT_TIMEOUT_MS) == -1) {
		snprintf(err, errlen, "git %s took more than %d s", args[0],
		    GIT_TIMEOUT_MS / 1000);
	} else if (WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0) {
		rc = 0;
	} else {
		FILE *f = fopen(errf, "r");
		char line[256] = "";

		if (f != NULL) {
			if (fgets(line, sizeof line, f) == NULL)
				line[0] = '\0';
			fclose(f);
		}
		line[strcspn(line, "\n")] = '\0';
		proc_describe(&p, how, sizeof how);
		snprintf(err, errlen, "git %s %s%s%s", args[0], how,
		    line[0] ? ": " : "", line);
	}
	proc_stop(&p, 100);
	return rc;
}

/* Read exactly n digits at *p into *v, advancing *p. Returns 0 or -1. */
static int
digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		*v = *v * 10 + (**p - '0');
	}
	return 0;
}

/* Is the character at *p c? Then skip it. */
static int
skip(const char **p, char c)
{
	if (**p != c)
		return 0;
	(*p)++;
	return 1;
}

/* The days of month mo (1 to 12) of year y. */
static int
month_days(int y, int mo)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[mo - 1] + (mo == 2 && leap);
}

int
gitsub_deadline(const char *text, char *out, size_t n)
{
	const char *p = text;
	int y, mo, d, h = 23, mi = 59, s = 59, zh = 0, zm = 0;
	char sign = 0;

	if (digits(&p, 4, &y) || !skip(&p, '-') || digits(&p, 2, &mo) ||
	    !skip(&p, '-') || digits(&p, 2, &d))
		return -1;
	if (skip(&p, 'T') || skip(&p, ' ')) {
		s = 0;
		if (digits(&p, 2, &h) || !skip(&p, ':') || digits(&p, 2, &mi) ||
		    (skip(&p, ':') && digits(&p, 2, &s)))
			return -1;
		if (skip(&p, 'Z'))
			sign = '+';
		else if (*p == '+' || *p == '-') {
			sign = *p++;
			if (digits(&p, 2, &zh) || !skip(&p, ':') ||
			    digits(&p, 2, &zm) || zh > 14 || zm > 59)
				return -1;
		}
	}
	if (*p != '\0' || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > month_days(y, mo) || h > 23 || mi > 59 || s > 59)
		return -1;
	if (sign)
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d %c%02d%02d", y,
		    mo, d, h, mi, s, sign, zh, zm);
	else
		snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h,
		    mi, s);
	return 0;
}

/* The commit to export into commit. Returns 0 or -1. */
static int
pick_commit(const char *gitdir, const char *deadline, const char *scratch,
    char *commit, size_t n, char *err, size_t errlen)
{
	char out[PATH_MAX], before[256];
	FILE *f;
	const char *head[] = { "rev-parse", "--verify", "-q", "HEAD^{commit}",
		NULL };
	const char *last[] = { "rev-list", "-1", before, "HEAD", NULL };

	snprintf(out, sizeof out, "%s/git.commit", scratch);
	snprintf(before, sizeof before, "--before=%s", deadline ? deadline :
	    "");
	if (run_git(gitdir, scratch, deadline ? last : head, NULL, out, 4096,
	    err, errlen) == -1)
		return -1;
	f = fopen(out, "r");
	if (f == NULL || fgets(commit, (int)n, f) == NULL)
		commit[0] = '\0';
	if (f != NULL)
		fclose(f);
	commit[strcspn(commit, "\n")] = '\0';
	if (strspn(commit, "0123456789abcdef") < 40) {
		snprintf(err, errlen, deadline ? "no commit before the deadline"
		    : "no commit at HEAD");
		return -1;
	}
	return 0;
}

/* One tree entry to export. */
struct blob {
	char sha[72];
	char path[PATH_MAX];
	int link;
};

/*
 * Read ls-tree -r -l -z's output: the blobs to export, checked against the
 * limits, into *blobs. Returns their count, or -1 with the reason in err.
 */
static long
read_tree(const char *listing, const struct unpack_limits *lim,
    struct blob **blobs, char *err, size_t errlen)
{
	FILE *f = fopen(listing, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0, total = 0;
	ssize_t len;

	*blobs = NULL;
	if (f == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", listing,
		    strerror(errno));
		return -1;
	}
	while ((len = getdelim(&line, &cap, '\0', f)) > 0) {
		char mode[16], type[16], sha[72], size[32], clean[PATH_MAX];
		char *tab = strchr(line, '\t');
		struct blob *b;

		if (tab == NULL || sscanf(line, "%15s %15s %71s %31s", mode,
		    type, sha, size) != 4)
			continue;
		if (strcmp(type, "blob") != 0)
			continue;	/* submodules */
		if (unpack_clean_path(tab + 1, clean, sizeof clean, lim, err,
		    errlen) != 0 || ++n > lim->files || (atol(size) >
		    lim->file_bytes) || (total += atol(size)) >
		    lim->total_bytes) {
			if (n > lim->files)
				snprintf(err, errlen, "more than %ld files",
				    lim->files);
			else if (atol(size) > lim->file_bytes)
				snprintf(err, errlen, "'%s' is %ld bytes, more "
				    "than the %ld a file may hold", clean,
				    atol(size), lim->file_bytes);
			else if (total > lim->total_bytes)
				snprintf(err, errlen, "more than %ld bytes in "
				    "all", lim->total_bytes);
			n = -1;
			break;
		}
		*blobs = xrealloc(*blobs, (size_t)n * sizeof **blobs);
		b = &(*blobs)[n - 1];
		snprintf(b->sha, sizeof b->sha, "%s", sha);
		snprintf(b->path, sizeof b->path, "%s", clean);
		b->link = strcmp(mode, "120000") == 0;
	}
	free(line);
	fclose(f);
	return n;
}

/* Copy blob b's size bytes from the batch output f into u. 0 or -1. */
static int
write_blob(struct unpack *u, FILE *f, const struct blob *b, long size)
{
	char buf[16384], target[PATH_MAX];
	int fd = -1, rc = 0;
	long left = size;

	if (b->link) {
		if (size >= (long)sizeof target ||
		    fread(target, 1, (size_t)size, f) != (size_t)size)
			return -1;
		target[size] = '\0';
		return unpack_symlink(u, b->path, target);
	}
	fd = unpack_create(u, b->path, size);
	if (fd == -1)
		return -1;
	while (rc == 0 && left > 0) {
		size_t want = left < (long)sizeof buf ? (size_t)left :
		    sizeof buf;

		if (fread(buf, 1, want, f) != want) {
			snprintf(u->err, u->errlen, "git cat-file ended early");
			rc = -1;
		} else {
			rc = unpack_write(u, fd, b->path, buf, want);
			left -= (long)want;
		}
	}
	close(fd);
	return rc;
}

/* Write the blobs from cat-file --batch's output into dst. 0 or -1. */
static int
write_blobs(const char *batch, const struct blob *blobs, long n,
    const char *dst, const struct unpack_limits *lim, char *err,
    size_t errlen)
{
	struct unpack u;
	FILE *f = NULL;
	int rc = -1;

	if (unpack_open(&u, dst, lim, err, errlen) == -1)
		goto done;
	f = fopen(batch, "r");
	if (f == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", batch,
		    strerror(errno));
		goto done;
	}
	for (long i = 0; i < n; i++) {
		char head[256], sha[72], type[16];
		long size;

		if (fgets(head, sizeof head, f) == NULL ||
		    sscanf(head, "%71s %15s %ld", sha, type, &size) != 3 ||
		    strcmp(type, "blob") != 0 || size > lim->file_bytes) {
			snprintf(err, errlen, "git cat-file: unexpected "
			    "output for '%s'", blobs[i].path);
			goto done;
		}
		if (write_blob(&u, f, &blobs[i], size) == -1 ||
		    fgetc(f) != '\n')
			goto done;
	}
	rc = 0;
done:
	if (f != NULL)
		fclose(f);
	unpack_close(&u);
	return rc;
}

int
gitsub_export(const char *gitdir, const char *deadline, const char *dst,
    const char *scratch, const struct unpack_limits *lim, char *commit,
    size_t commitlen, char *err, size_t errlen)
{
	char listing[PATH_MAX], shas[PATH_MAX], batch[PATH_MAX];
	char abs[PATH_MAX];
	struct blob *blobs = NULL;
	long n;
	FILE *f;
	int rc = -1;

	/* git runs in scratch: the repository by its absolute path. */
	if (realpath(gitdir, abs) == NULL) {
		snprintf(err, errlen, "%s: %s", gitdir, strerror(errno));
		return -1;
	}
	gitdir = abs;
	if (pick_commit(gitdir, deadline, scratch, commit, commitlen, err,
	    errlen) == -1)
		return -1;
	snprintf(listing, sizeof listing, "%s/git.tree", scratch);
	snprintf(shas, sizeof shas, "%s/git.blobs", scratch);
	snprintf(batch, sizeof batch, "%s/git.batch", scratch);
	const char *ls[] = { "ls-tree", "-r", "-l", "-z", "--full-tree",
		commit, NULL };
	const char *cat[] = { "cat-file", "--batch", NULL };

	if (run_git(gitdir, scratch, ls, NULL, listing, 16L << 20, err,
	    errlen) == -1)
		return -1;
	n = read_tree(listing, lim, &blobs, err, errlen);
	if (n == -1)
		goto done;
	f = fopen(shas, "w");
	if (f == NULL) {
		snprintf(err, errlen, "cannot create %s: %s", shas,
		    strerror(errno));
		goto done;
	}
	for (long i = 0; i < n; i++)
		fprintf(f, "%s\n", blobs[i].sha);
	if (fclose(f) == EOF) {
		snprintf(err, errlen, "cannot write %s", shas);
		goto done;
	}
	if (run_git(gitdir, scratch, cat, shas, batch, lim->total_bytes +
	    (n + 1) * 128, err, errlen) == -1)
		goto done;
	rc = write_blobs(batch, blobs, n, dst, lim, err, errlen);
done:
	free(blobs);
	return rc;
}

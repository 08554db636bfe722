/* build.c: source validation, compilation and skeleton detection. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "clock.h"
#include "spawn.h"

#define COMPILE_TIMEOUT_MS 60000
#define DIAG_CAP (32 * 1024)

/* Is the resolved path inside the resolved directory? */
static int
inside(const char *dir_real, const char *path_real)
{
	size_t n = strlen(dir_real);

	return strncmp(dir_real, path_real, n) == 0 &&
	    (path_real[n] == '/' || path_real[n] == '\0');
}

/* Copy from fd to dest, refusing NUL bytes and files over the limit. */
static int
copy_text(int fd, const char *shown, const char *dest, char *msg,
    size_t msglen)
{
	char buf[8192];
	size_t total = 0;
	ssize_t n;
	int out = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int rc = -1;

	if (out == -1) {
		snprintf(msg, msglen, "%s: cannot copy: %s", shown,
		    strerror(errno));
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(msg, msglen, "%s: cannot read it: %s", shown,
			    strerror(errno));
			goto out;
		}
		total += (size_t)n;
		if (total > BUILD_MAX_SOURCE) {
			snprintf(msg, msglen, "%s: larger than %d KiB; a lesson "
			    "program is far smaller: restore the skeleton",
			    shown, BUILD_MAX_SOURCE / 1024);
			goto out;
		}
		if (memchr(buf, '\0', (size_t)n) != NULL) {
			snprintf(msg, msglen, "%s: not a C source file (it "
			    "holds binary data); put your C code back in it",
			    shown);
			goto out;
		}
		if (write(out, buf, (size_t)n) != n) {
			snprintf(msg, msglen, "%s: cannot copy: %s", shown,
			    strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	close(out);
	return rc;
}

int
build_take_source(const char *dir, const char *file, const char *dest,
    char *msg, size_t msglen)
{
	char path[PATH_MAX], shown[PATH_MAX + 8];
	char dir_real[PATH_MAX], path_real[PATH_MAX];
	struct stat st;
	int fd, rc;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	snprintf(shown, sizeof shown, "%s", path);
	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			snprintf(msg, msglen, "%s: missing; restore it from the "
			    "skeleton (git checkout -- %s) and start again",
			    shown, shown);
		else
			snprintf(msg, msglen, "%s: %s; check the permissions",
			    shown, strerror(errno));
		return -1;
	}
	if (realpath(dir, dir_real) == NULL ||
	    realpath(path, path_real) == NULL) {
		snprintf(msg, msglen, "%s: cannot resolve it (%s); replace "
		    "it with a regular file", shown, strerror(errno));
		return -1;
	}
	if (!inside(dir_real, path_real)) {
		snprintf(msg, msglen, "%s: a link to a file outside the "
		    "lesson; replace it with a regular file", shown);
		return -1;
	}
	fd = open(path_real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd == -1) {
		snprintf(msg, msglen, "%s: cannot open it: %s; check the "
		    "permissions (chmod u+r)", shown, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(msg, msglen, "%s: not a regular file; replace it "
		    "with your C source", shown);
		close(fd);
		return -1;
	}
	rc = copy_text(fd, shown, dest, msg, msglen);
	close(fd);
	return rc;
}

/* Run cc FLAGS -o out src LIBS in work_dir; build_compile's contract. */
static int
run_compiler(const char *cc, const char *cflags, const char *src,
    const char *out, const char *libs, const char *work_dir,
    struct bytes *diag, char *err, size_t errlen)
{
	static const struct limits cc_limits = {
		.cpu_seconds = 60, .file_bytes = 64L << 20,
		.memory_bytes = 2048L << 20,
	};
	char *argv[26], *flags, *save = NULL, outp[600], errp[600];
	struct proc p;
	int argc = 0, truncated, rc;

	/* cc may carry options ("gcc -m32"): split it on spaces. */
	char *ccbuf = xstrdup(cc);
	for (char *w = strtok_r(ccbuf, " ", &save); w && argc < 8;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	flags = xstrdup(cflags);
	for (char *w = strtok_r(flags, " ", &save); w && argc < 18;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc++] = "-o";
	argv[argc++] = (char *)out;
	argv[argc++] = (char *)src;
	if (libs != NULL)
		argv[argc++] = (char *)libs;
	argv[argc] = NULL;

	/* execv wants a path: resolve a bare compiler name through PATH. */
	char *resolved = NULL;
	if (strchr(argv[0], '/') == NULL) {
		const char *path = getenv("PATH");
		char *dirs = xstrdup(path ? path : "/usr/bin:/bin"), *s2 = NULL;

		for (char *d = strtok_r(dirs, ":", &s2); d;
		    d = strtok_r(NULL, ":", &s2)) {
			char cand[PATH_MAX];

			snprintf(cand, sizeof cand, "%s/%s", d, argv[0]);
			if (access(cand, X_OK) == 0) {
				resolved = xstrdup(cand);
				break;
			}
		}
		free(dirs);
		if (resolved != NULL)
			argv[0] = resolved;
	}

	snprintf(outp, sizeof outp, "%s/cc.out", work_dir);
	snprintf(errp, sizeof errp, "%s/cc.err", work_dir);
	rc = -1;
	if (proc_start(&p, argv, work_dir, NULL, outp, errp, &cc_limits, err,
	    errlen) == -1)
		goto out;
	if (proc_wait(&p, clock_ms() + COMPILE_TIMEOUT_MS) == -1) {
		proc_stop(&p, 0);
		snprintf(err, errlen, "the compiler ran for more than %d s",
		    COMPILE_TIMEOUT_MS / 1000);
		goto out;
	}
	(void)bytes_read_file(diag, outp, DIAG_CAP, &truncated);
	(void)bytes_read_file(diag, errp, DIAG_CAP, &truncated);
	rc = WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0 ? 0 : 1;
out:
	free(resolved);
	free(ccbuf);
	free(flags);
	return rc;
}

int
build_compile(const char *cc, const char *src, const char *out,
    const char *work_dir, struct bytes *diag, char *err, size_t errlen)
{
	return run_compiler(cc, BUILD_CFLAGS, src, out, NULL, work_dir, diag,
	    err, errlen);
}

int
build_shared_library(const char *cc, const char *src, const char *out,
    const char *work_dir, struct bytes *diag, char *err, size_t errlen)
{
	return run_compiler(cc, "-shared -fPIC -O2 -Wall", src, out, "-ldl",
	    work_dir, diag, err, errlen);
}

uint64_t
build_hash_str(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int
build_hash_file(const char *path, uint64_t *hash)
{
	unsigned char buf[8192];
	uint64_t h = BUILD_HASH_INIT;
	struct stat st;
	ssize_t n;
	/* O_NONBLOCK: a FIFO must not hang us; only regular files are hashed. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		for (ssize_t i = 0; i < n; i++) {
			h ^= buf[i];
			h *= 0x100000001b3ULL;
		}
	}
	close(fd);
	*hash = h;
	return 0;
}

int
build_is_skeleton(const char *sums, const char *dir, const char *file)
{
	char line[512], name[256], path[PATH_MAX];
	uint64_t want, have;
	FILE *f = fopen(sums, "re");
	int found = 0;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "%" SCNx64 " %255s", &want, name) == 2 &&
		    strcmp(name, file) == 0) {
			found = 1;
			break;
		}
	fclose(f);
	if (!found)
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (build_hash_file(path, &have) == -1)
		return 0;
	return have == want;
}

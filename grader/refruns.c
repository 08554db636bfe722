/*
 * refruns.c: the reference solution's runs of checks, kept for reuse
 * (refruns.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "refruns.h"
#include "transcript.h"

/* A kept transcript larger than this is not one the grader wrote. */
#define REFRUN_MAX (16 * 1024 * 1024)

/* What changes a run besides the reference's programs and the check. */
static int
runs_key(const struct work *w, const struct options *o, int mode,
    uint64_t *key)
{
	static uint64_t grader;
	static int have_grader;
	char opts[128];

	/* The checks' scenarios are the grader's code: a rebuild is new. */
	if (!have_grader) {
		if (build_hash_file("/proc/self/exe", &grader) == -1)
			return -1;
		have_grader = 1;
	}
	snprintf(opts, sizeof opts, "%016" PRIx64 " %016" PRIx64 " %d %g "
	    "%d %d %d", grader, w->shim_key, mode, o->time_scale, o->valgrind,
	    o->pcap, o->format == FORMAT_TEXT);
	*key = build_hash_str(BUILD_HASH_INIT, opts);
	return 0;
}

int
refruns_path(char *path, size_t n, const struct work *w,
    const struct check *check, const struct options *o, int mode)
{
	char build[PATH_MAX];
	uint64_t key;

	if (runs_key(w, o, mode, &key) == -1)
		return -1;
	/* The reference build's cache name: LESSON-KEY (prepare.c). */
	snprintf(build, sizeof build, "%s", w->ref_cache);
	snprintf(path, n, "%s/%s.%s.%016" PRIx64, o->reference_runs,
	    basename(build), check->name, key);
	return 0;
}

int
refruns_load(const char *path, struct bytes *out)
{
	struct transcript t;
	int truncated = 0, ok;

	bytes_init(out);
	if (bytes_read_file(out, path, REFRUN_MAX, &truncated) == -1 ||
	    truncated) {
		bytes_free(out);
		bytes_init(out);
		return -1;
	}
	transcript_init(&t);
	/* Not empty: an empty expectation would let anything pass. */
	ok = transcript_parse(&t, out->data, out->len) == 0 && t.n > 0 &&
	    transcript_get(&t, "note.error") == NULL &&
	    transcript_get(&t, "note.inconclusive") == NULL;
	transcript_free(&t);
	if (!ok) {
		bytes_free(out);
		bytes_init(out);
		return -1;
	}
	return 0;
}

int
refruns_save(const char *path, const struct bytes *run)
{
	char tmp[PATH_MAX + 32];
	int fd, saved;

	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	if (bytes_write_fd(run, fd) == -1) {
		saved = errno;
		(void)close(fd);
		(void)unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		(void)unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

/*
 * prepare.c: make a lesson ready for its checks. Decide its state (not
 * started while its files are the shipped skeletons, broken when a file is
 * missing or does not compile), take the student's sources into the
 * workspace, and build the reference's and the student's programs (and the
 * short-I/O library), reusing clean builds from the cache.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "compare.h"
#include "grade.h"
#include "prepare.h"
#include "workspace.h"

/*
 * build_compile (as id: NULL for ourselves), reusing an earlier build of the
 * same source with the same compiler and flags: out becomes a link to the
 * cached program (a copy for a guest, who may not reach the cache). Only
 * clean builds (no diagnostics) are cached, so warnings are always shown
 * afresh; what a guest built is copied in, never linked, so that no program
 * of the guest's can change the cache later.
 */
static int
compile_cached(const struct identity *id, const char *cc, const char *src,
    const char *out, const char *work_dir, struct bytes *diag, char *err,
    size_t errlen)
{
	char cached[PATH_MAX], tmp[PATH_MAX + 32];
	size_t before = diag->len;
	int as_guest = privilege_switches(id);
	uint64_t key;
	int rc;

	if (SOCKLAB_CACHEDIR[0] == '\0' || build_hash_file(src, &key) == -1)
		return build_compile_as(id, cc, src, out, work_dir, diag, err,
		    errlen);
	key = build_hash_str(build_hash_str(key, cc), BUILD_CFLAGS);
	snprintf(cached, sizeof cached, "%s/program-%016" PRIx64,
	    SOCKLAB_CACHEDIR, key);
	if (access(cached, X_OK) == 0 && (as_guest ?
	    workspace_copy_program(cached, out) : symlink(cached, out)) == 0)
		return 0;
	rc = build_compile_as(id, cc, src, out, work_dir, diag, err, errlen);
	if (rc != 0 || diag->len != before)
		return rc;
	/* Publish a copy atomically; a failure only costs the next run time. */
	snprintf(tmp, sizeof tmp, "%s.%d", cached, (int)getpid());
	if ((mkdir(SOCKLAB_CACHEDIR, 0755) == 0 || errno == EEXIST) &&
	    (as_guest ? workspace_copy_program(out, tmp) : link(out, tmp)) == 0 &&
	    rename(tmp, cached) == -1)
		(void)unlink(tmp);
	return rc;
}

/*
 * Compile every program of l from src_dir into bin_dir, as id (NULL: us).
 * Diagnostics go to diag; returns 0, or -1 with a summary in problem.
 */
static int
compile_lesson(const struct lesson *l, const struct identity *id,
    const char *cc, const char *src_dir, const char *bin_dir,
    struct bytes *diag, struct bytes *problem)
{
	int rc = 0;

	for (int i = 0; l->programs[i] != NULL; i++) {
		char src[PATH_MAX], out[PATH_MAX], err[256];
		int r;

		snprintf(src, sizeof src, "%s/%s.c", src_dir, l->programs[i]);
		snprintf(out, sizeof out, "%s/%s", bin_dir, l->programs[i]);
		r = compile_cached(id, cc, src, out, bin_dir, diag, err,
		    sizeof err);
		if (r == -1) {
			bytes_printf(problem, "%s.c: %s\n", l->programs[i], err);
			rc = -1;
		} else if (r == 1) {
			bytes_printf(problem, "%s.c does not compile; fix the "
			    "first error the compiler reports:\n",
			    l->programs[i]);
			rc = -1;
		}
	}
	return rc;
}

/* A key for the reference build: compiler, flags and every source. */
static int
reference_key(const struct lesson *l, const char *src_dir, const char *cc,
    uint64_t *key)
{
	uint64_t h = build_hash_str(BUILD_HASH_INIT, cc);

	h = build_hash_str(h, BUILD_CFLAGS);
	for (int i = 0; l->programs[i] != NULL; i++) {
		char path[PATH_MAX];
		uint64_t fh;

		snprintf(path, sizeof path, "%s/%s.c", src_dir, l->programs[i]);
		if (build_hash_file(path, &fh) == -1)
			return -1;
		h ^= fh;
		h *= 0x100000001b3ULL;
	}
	*key = h;
	return 0;
}

/*
 * Build the reference programs into w->ref_bin, reusing a cached build of
 * the same sources when there is one. Returns 0 or -1 (problem says why).
 */
static int
build_reference(struct work *w, const struct options *o, struct bytes *problem)
{
	const struct lesson *l = w->lesson;
	char src[PATH_MAX], tmp[PATH_MAX + 16], cache[PATH_MAX];
	struct bytes diag;
	uint64_t key;
	int rc;

	snprintf(src, sizeof src, "%s/%s", o->ref_dir, l->dir);
	if (reference_key(l, src, o->cc, &key) == -1) {
		bytes_printf(problem, "%s: the reference solution is missing; "
		    "reinstall socklab\n", src);
		return -1;
	}
	snprintf(cache, sizeof cache, "%s/%s-%016" PRIx64, SOCKLAB_CACHEDIR,
	    l->dir, key);
	snprintf(w->ref_bin, sizeof w->ref_bin, "%s", cache);
	if (SOCKLAB_CACHEDIR[0] != '\0' && access(cache, X_OK) == 0)
		return 0;

	snprintf(tmp, sizeof tmp, "%s/%s.ref", workspace_root(), l->dir);
	if (workspace_make_dir(tmp) == -1)
		return -1;
	bytes_init(&diag);
	rc = compile_lesson(l, NULL, o->cc, src, tmp, &diag, problem);
	if (rc == -1)
		bytes_printf(problem, "the reference solution failed to "
		    "build:\n%s", bytes_str(&diag));
	bytes_free(&diag);
	if (rc == -1)
		return -1;
	/* Publish into the cache; if that fails, use the temporary build. */
	if (SOCKLAB_CACHEDIR[0] == '\0' ||
	    (mkdir(SOCKLAB_CACHEDIR, 0755) == -1 && errno != EEXIST) ||
	    (rename(tmp, cache) == -1 && access(cache, X_OK) == -1))
		snprintf(w->ref_bin, sizeof w->ref_bin, "%s", tmp);
	return 0;
}

/* The short-I/O library at path, copied where the guest can load it. */
static const char *
shim_for_guest(const char *path)
{
	static char copy[PATH_MAX];

	if (!privilege_switches(workspace_guest()))
		return path;
	snprintf(copy, sizeof copy, "%s/shortio-guest.so", workspace_root());
	if (access(copy, R_OK) == 0 || workspace_copy_program(path, copy) == 0)
		return copy;
	return NULL;
}

/*
 * Build the short-I/O library (grader/shim/shortio.c) into the cache, or
 * reuse it. Returns its path (static storage) or NULL with a message.
 */
static const char *
build_shim(const struct options *o, struct bytes *problem)
{
	static char path[PATH_MAX];
	char src[PATH_MAX], tmp[PATH_MAX + 16], err[256];
	struct bytes diag;
	uint64_t key;
	int rc;

	snprintf(src, sizeof src, "%s/grader/shim/shortio.c", SOCKLAB_SRCDIR);
	if (build_hash_file(src, &key) == -1) {
		bytes_printf(problem, "%s: %s; reinstall socklab\n", src,
		    strerror(errno));
		return NULL;
	}
	key = build_hash_str(key, o->cc);
	snprintf(path, sizeof path, "%s/shortio-%016" PRIx64 ".so",
	    SOCKLAB_CACHEDIR, key);
	if (SOCKLAB_CACHEDIR[0] != '\0' && access(path, R_OK) == 0)
		return shim_for_guest(path);
	snprintf(tmp, sizeof tmp, "%s/shortio.so", workspace_root());
	bytes_init(&diag);
	rc = build_shared_library(o->cc, src, tmp, workspace_root(), &diag, err,
	    sizeof err);
	if (rc != 0)
		bytes_printf(problem, "the short-I/O library failed to build: "
		    "%s\n%s", rc == -1 ? err : "", bytes_str(&diag));
	bytes_free(&diag);
	if (rc != 0)
		return NULL;
	if (SOCKLAB_CACHEDIR[0] == '\0' ||
	    (mkdir(SOCKLAB_CACHEDIR, 0755) == -1 && errno != EEXIST) ||
	    rename(tmp, path) == -1)
		snprintf(path, sizeof path, "%s", tmp);
	return shim_for_guest(path);
}

/* Are all the lesson's files still the shipped skeletons? */
static int
not_started(const struct lesson *l, const struct options *o, const char *dir)
{
	char sums[PATH_MAX];

	if (o->solutions)
		return 0;
	snprintf(sums, sizeof sums, "%s/%s/.skeleton-sums", o->skel_dir,
	    l->dir);
	for (int i = 0; l->programs[i] != NULL; i++) {
		char file[64];

		snprintf(file, sizeof file, "%s.c", l->programs[i]);
		if (build_is_skeleton(sums, dir, file) != 1)
			return 0;
	}
	return 1;
}

/* Prepare one lesson: state, sources, builds. */
void
prepare_lesson(struct work *w, const struct options *o)
{
	struct lesson_report *lr = w->report;
	const struct lesson *l = w->lesson;
	char dir[PATH_MAX], copy[PATH_MAX + 8];
	struct bytes diag;

	snprintf(dir, sizeof dir, "%s/%s", o->dir, l->dir);
	lr->state = LESSON_BROKEN;
	if (access(dir, R_OK | X_OK) == -1) {
		bytes_printf(&lr->problem, "%s: %s; %s\n", dir, strerror(errno),
		    errno == ENOENT ? "copy the lesson's directory back" :
		    "check its permissions (chmod u+rx)");
		return;
	}
	if (not_started(l, o, dir)) {
		lr->state = LESSON_NOT_STARTED;
		return;
	}
	snprintf(copy, sizeof copy, "%s/%s", workspace_root(), l->dir);
	if (workspace_make_dir(copy) == -1 || workspace_give(copy) == -1 ||
	    workspace_take_sources(l, dir, copy, &lr->problem) == -1 ||
	    build_reference(w, o, &lr->problem) == -1 ||
	    workspace_copy_for_guest(l, "ref", w->ref_bin, sizeof w->ref_bin) == -1)
		return;
	if (l->short_io && (w->shim = build_shim(o, &lr->problem)) == NULL)
		return;
	bytes_init(&diag);
	if (compile_lesson(l, workspace_guest(), o->cc, copy, copy, &diag,
	    &lr->problem) == -1) {
		escape_compiler_output(&lr->problem, &diag, copy, dir);
		bytes_free(&diag);
		return;
	}
	/* Every sandbox's own guest runs these programs. */
	if (privilege_switches(workspace_guest()) && chmod(copy, 0755) == -1) {
		bytes_printf(&lr->problem, "%s: %s\n", copy, strerror(errno));
		bytes_free(&diag);
		return;
	}
	/* Warnings do not fail a lesson, but the student should see them. */
	escape_compiler_output(&lr->warnings, &diag, copy, dir);
	bytes_free(&diag);
	snprintf(w->student_bin, sizeof w->student_bin, "%s", copy);
	lr->state = LESSON_GRADED;
}

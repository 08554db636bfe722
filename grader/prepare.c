/*
 * prepare.c: make a lesson ready for its checks. Decide its state (not
 * started while its files are the shipped skeletons, broken when none of
 * its programs can run), take the student's sources into the workspace, and
 * build the reference's and the student's programs (and the short-I/O
 * library), reusing clean builds from the cache. A program still the
 * skeleton, missing or not compiling is marked unavailable: the checks that
 * start it fail with that reason (run.c), the others run.
 *
 * Each program is built by a job of its own (struct build_task), run by
 * jobs.c in the same bounded loop as the checks: every program of every
 * lesson compiles at once, and a lesson's checks start as soon as its own
 * programs are built. The job is a child process of ours (an on_host
 * sandbox job) that compiles through the cache and sends back what the
 * compiler said; this process then puts the lesson together.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "compare.h"
#include "grade.h"
#include "jobs.h"
#include "prepare.h"
#include "sandbox.h"
#include "workspace.h"

/*
 * The compiler's messages about a cached program live beside it
 * (cached.diag): the directory its source was in, a newline, then the
 * messages as they were. A program built without any has no such file.
 * Room for both of the compiler's outputs (build.c keeps 32 KiB of each).
 */
#define CACHED_DIAG_CAP (96 * 1024)

/* The directory part of path (".": none), into dir. */
static void
dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, len, ".");
	else
		snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/*
 * Append to diag what the compiler said when it built the cached program,
 * the source's old directory written as src's. Returns 0 (nothing to add
 * when it said nothing), or -1 when the messages cannot be read.
 */
static int
load_cached_diag(const char *cached, const char *src, struct bytes *diag)
{
	char path[PATH_MAX + 8], dir[PATH_MAX];
	struct bytes saved;
	const char *nl;
	int truncated, rc = -1;

	snprintf(path, sizeof path, "%s.diag", cached);
	bytes_init(&saved);
	if (bytes_read_file(&saved, path, CACHED_DIAG_CAP, &truncated) == -1) {
		bytes_free(&saved);
		return errno == ENOENT ? 0 : -1;
	}
	nl = memchr(saved.data, '\n', saved.len);
	if (nl != NULL && nl != saved.data && !truncated) {
		size_t head = (size_t)(nl - saved.data) + 1;

		dir_of(src, dir, sizeof dir);
		saved.data[head - 1] = '\0';
		bytes_append_replacing(diag, nl + 1, saved.len - head,
		    saved.data, dir);
		rc = 0;
	}
	bytes_free(&saved);
	return rc;
}

/*
 * Keep the compiler's messages (msg, len bytes) about src for the program
 * about to be published as cached. Returns 0, or -1: then the program is
 * not published either, or a later hit would show no warnings.
 */
static int
save_cached_diag(const char *cached, const char *src, const char *msg,
    size_t len)
{
	char path[PATH_MAX + 8], tmp[PATH_MAX + 32], dir[PATH_MAX];
	struct bytes saved;
	int fd, rc;

	if (len == 0)
		return 0;
	snprintf(path, sizeof path, "%s.diag", cached);
	snprintf(tmp, sizeof tmp, "%s.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	dir_of(src, dir, sizeof dir);
	bytes_init(&saved);
	bytes_printf(&saved, "%s\n", dir);
	bytes_append(&saved, msg, len);
	rc = bytes_write_fd(&saved, fd);
	bytes_free(&saved);
	if (close(fd) == -1)
		rc = -1;
	if (rc == 0 && rename(tmp, path) == 0)
		return 0;
	(void)unlink(tmp);
	return -1;
}

/*
 * build_compile (as id: NULL for ourselves), reusing an earlier build of the
 * same source with the same compiler and flags: out becomes a link to the
 * cached program (a copy for a guest, who may not reach the cache), and
 * diag gets what the compiler said then. A build with warnings is cached
 * with them, so a second grading (a class's retry, a watch's first look
 * and whole report) shows them without compiling again; a build that
 * failed is not. What a guest built is copied in, never linked, so that
 * no program of the guest's can change the cache later.
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
	if (access(cached, X_OK) == 0) {
		struct bytes then;

		bytes_init(&then);
		rc = load_cached_diag(cached, src, &then) == 0 &&
		    (as_guest ? workspace_copy_program(cached, out) :
		    symlink(cached, out)) == 0;
		if (rc)
			bytes_append(diag, then.data, then.len);
		bytes_free(&then);
		if (rc)
			return 0;
	}
	rc = build_compile_as(id, cc, src, out, work_dir, diag, err, errlen);
	if (rc != 0)
		return rc;
	/*
	 * Publish a copy atomically, its messages first (a grader that finds
	 * the program finds them); a failure only costs the next run time.
	 */
	snprintf(tmp, sizeof tmp, "%s.%d", cached, (int)getpid());
	if ((mkdir(SOCKLAB_CACHEDIR, 0755) == 0 || errno == EEXIST) &&
	    save_cached_diag(cached, src, bytes_str(diag) + before,
	    diag->len - before) == 0 &&
	    (as_guest ? workspace_copy_program(out, tmp) : link(out, tmp)) == 0 &&
	    rename(tmp, cached) == -1)
		(void)unlink(tmp);
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

/* The shim library name at path, copied where the guest can load it. */
static const char *
shim_for_guest(const char *name, const char *path)
{
	static char copy[PATH_MAX];

	if (!privilege_switches(workspace_guest()))
		return path;
	snprintf(copy, sizeof copy, "%s/%s-guest.so", workspace_root(), name);
	if (access(copy, R_OK) == 0 || workspace_copy_program(path, copy) == 0)
		return copy;
	return NULL;
}

/*
 * Build the shim library name (grader/shim/NAME.c) into the cache, or reuse
 * it; *key_out gets its key (source and compiler). Returns its path
 * (static storage) or NULL with a message.
 */
static const char *
build_shim(const char *name, const struct options *o, uint64_t *key_out,
    struct bytes *problem)
{
	static char path[PATH_MAX];
	char src[PATH_MAX], tmp[PATH_MAX + 16], err[256];
	struct bytes diag;
	uint64_t key;
	int rc;

	snprintf(src, sizeof src, "%s/grader/shim/%s.c", SOCKLAB_SRCDIR, name);
	if (build_hash_file(src, &key) == -1) {
		bytes_printf(problem, "%s: %s; reinstall socklab\n", src,
		    strerror(errno));
		return NULL;
	}
	key = build_hash_str(key, o->cc);
	*key_out = key;
	snprintf(path, sizeof path, "%s/%s-%016" PRIx64 ".so",
	    SOCKLAB_CACHEDIR, name, key);
	if (SOCKLAB_CACHEDIR[0] != '\0' && access(path, R_OK) == 0)
		return shim_for_guest(name, path);
	snprintf(tmp, sizeof tmp, "%s/%s.so", workspace_root(), name);
	bytes_init(&diag);
	rc = build_shared_library(o->cc, src, tmp, workspace_root(), &diag, err,
	    sizeof err);
	if (rc != 0)
		bytes_printf(problem, "the shim %s failed to build: %s\n%s",
		    name, rc == -1 ? err : "", bytes_str(&diag));
	bytes_free(&diag);
	if (rc != 0)
		return NULL;
	if (SOCKLAB_CACHEDIR[0] == '\0' ||
	    (mkdir(SOCKLAB_CACHEDIR, 0755) == -1 && errno != EEXIST) ||
	    rename(tmp, path) == -1)
		snprintf(path, sizeof path, "%s", tmp);
	return shim_for_guest(name, path);
}

/* Is dir's program still the shipped skeleton? */
static int
is_skeleton(const struct lesson *l, const struct options *o, const char *dir,
    const char *program)
{
	char sums[PATH_MAX], file[64];

	if (o->solutions)
		return 0;
	snprintf(sums, sizeof sums, "%s/%s/.skeleton-sums", o->skel_dir,
	    l->dir);
	snprintf(file, sizeof file, "%s.c", program);
	return build_is_skeleton(sums, dir, file) == 1;
}

/* Are all the lesson's files still the shipped skeletons? */
static int
not_started(const struct lesson *l, const struct options *o, const char *dir)
{
	for (int i = 0; l->programs[i] != NULL; i++)
		if (!is_skeleton(l, o, dir, l->programs[i]))
			return 0;
	return 1;
}

/* The checks that start w's program will fail with reason (run.c). */
static void
mark_unavailable(struct work *w, const char *program, const char *reason)
{
	size_t len = strlen(w->unavailable);

	snprintf(w->unavailable + len, sizeof w->unavailable - len, "%s %s\n",
	    program, reason);
}

/* How long a build job may take: the compiler's own limit, and some. */
#define BUILD_JOB_TIMEOUT_MS 90000

/* One program to build: the reference's or the student's. */
struct build_task {
	const char *cc;
	const char *program;
	int student;			/* built as the guest, from its copy */
	char src[PATH_MAX];
	char out[PATH_MAX];
	char work_dir[PATH_MAX];	/* the compiler's, TMPDIR too */
	/* The outcome, back from the job: compile_cached's. */
	int rc;
	char err[256];
	struct bytes diag;
};

/* What a build job sends back ahead of the compiler's messages. */
struct build_result {
	int rc;
	char err[256];
};

/* Runs in the build job's child: compile, then the outcome to fd. */
static int
build_run(void *arg, int fd)
{
	struct build_task *t = arg;
	struct build_result res;
	struct bytes wire, diag;

	memset(&res, 0, sizeof res);
	bytes_init(&diag);
	res.rc = compile_cached(t->student ? workspace_guest() : NULL, t->cc,
	    t->src, t->out, t->work_dir, &diag, res.err, sizeof res.err);
	bytes_init(&wire);
	bytes_append(&wire, &res, sizeof res);
	bytes_append(&wire, diag.data, diag.len);
	(void)bytes_write_fd(&wire, fd);
	bytes_free(&wire);
	bytes_free(&diag);
	return 0;
}

/*
 * Add a task building program of w's lesson from src_dir into bin_dir, its
 * compiler working in a directory of its own (the guest's, for a student
 * build). Returns 0, or -1 after a message.
 */
static int
add_task(struct work *w, const struct options *o, int student,
    const char *program, const char *src_dir, const char *bin_dir)
{
	struct build_task *t = &w->builds[w->n_builds];

	memset(t, 0, sizeof *t);
	t->cc = o->cc;
	t->program = program;
	t->student = student;
	snprintf(t->src, sizeof t->src, "%s/%s.c", src_dir, program);
	snprintf(t->out, sizeof t->out, "%s/%s", bin_dir, program);
	snprintf(t->work_dir, sizeof t->work_dir, "%s/%s.cc-%s-%s",
	    workspace_root(), w->lesson->dir, student ? "student" : "ref",
	    program);
	bytes_init(&t->diag);
	if (workspace_make_dir(t->work_dir) == -1 ||
	    (student && workspace_give(t->work_dir) == -1))
		return -1;
	w->n_builds++;
	w->builds_left++;
	return 0;
}

/*
 * Find w's reference programs in the cache, or add the tasks that build
 * them into a temporary directory (finish_reference publishes it). Returns
 * 0 or -1 (problem says why).
 */
static int
plan_reference(struct work *w, const struct options *o, struct bytes *problem)
{
	const struct lesson *l = w->lesson;
	char src[PATH_MAX];
	uint64_t key;

	snprintf(src, sizeof src, "%s/%s", o->ref_dir, l->dir);
	if (reference_key(l, src, o->cc, &key) == -1) {
		bytes_printf(problem, "%s: the reference solution is missing; "
		    "reinstall socklab\n", src);
		return -1;
	}
	snprintf(w->ref_cache, sizeof w->ref_cache, "%s/%s-%016" PRIx64,
	    SOCKLAB_CACHEDIR, l->dir, key);
	snprintf(w->ref_bin, sizeof w->ref_bin, "%s", w->ref_cache);
	if (SOCKLAB_CACHEDIR[0] != '\0' && access(w->ref_cache, X_OK) == 0)
		return 0;
	/* Not "DIR.ref": that is where the guest's copy goes. */
	snprintf(w->ref_bin, sizeof w->ref_bin, "%s/%s.refbuild",
	    workspace_root(), l->dir);
	if (workspace_make_dir(w->ref_bin) == -1)
		return -1;
	for (int i = 0; l->programs[i] != NULL; i++)
		if (add_task(w, o, 0, l->programs[i], src, w->ref_bin) == -1)
			return -1;
	return 0;
}

/*
 * The tasks from..to of w have ended: say in problem what failed, gather
 * what the compiler said into diag. Returns 0, or -1 when any failed.
 */
static int
gather(struct work *w, size_t from, size_t to, struct bytes *diag,
    struct bytes *problem)
{
	int rc = 0;

	for (size_t i = from; i < to; i++) {
		struct build_task *t = &w->builds[i];

		bytes_append(diag, t->diag.data, t->diag.len);
		if (t->rc == -1) {
			bytes_printf(problem, "%s.c: %s\n", t->program, t->err);
			rc = -1;
		} else if (t->rc == 1) {
			bytes_printf(problem, "%s.c does not compile; fix the "
			    "first error the compiler reports:\n", t->program);
			rc = -1;
		}
	}
	return rc;
}

/*
 * The reference is built (tasks 0..n of w, none if it came from the
 * cache): publish a fresh build into the cache, and give the guest a copy.
 * Returns 0 or -1 (problem says why).
 */
static int
finish_reference(struct work *w, size_t n, struct bytes *problem)
{
	struct bytes diag;
	int rc;

	if (n > 0) {
		bytes_init(&diag);
		rc = gather(w, 0, n, &diag, problem);
		if (rc == -1)
			bytes_printf(problem, "the reference solution failed "
			    "to build:\n%s", bytes_str(&diag));
		bytes_free(&diag);
		if (rc == -1)
			return -1;
		/* Publish; if that fails, use the temporary build. */
		if (SOCKLAB_CACHEDIR[0] != '\0' &&
		    (mkdir(SOCKLAB_CACHEDIR, 0755) == 0 || errno == EEXIST) &&
		    (rename(w->ref_bin, w->ref_cache) == 0 ||
		    access(w->ref_cache, X_OK) == 0))
			snprintf(w->ref_bin, sizeof w->ref_bin, "%s",
			    w->ref_cache);
	}
	return workspace_copy_for_guest(w->lesson, "ref", w->ref_bin,
	    sizeof w->ref_bin);
}

/*
 * The student's programs are built (tasks from..n_builds of w): a lesson
 * with one of them built is graded, with the compiler's warnings to show;
 * the checks that start a program that did not build fail (run.c).
 */
static void
finish_student(struct work *w, size_t from, const struct options *o)
{
	struct lesson_report *lr = w->report;
	char dir[PATH_MAX], copy[PATH_MAX + 8], reason[400];
	struct bytes diag;
	size_t built = 0;

	snprintf(dir, sizeof dir, "%s/%s", o->dir, w->lesson->dir);
	snprintf(copy, sizeof copy, "%s/%s", workspace_root(), w->lesson->dir);
	for (size_t i = from; i < w->n_builds; i++) {
		const struct build_task *t = &w->builds[i];

		built += t->rc == 0;
		if (t->rc == 1)
			snprintf(reason, sizeof reason, "%s.c does not compile, "
			    "and this check runs it: fix the first error the "
			    "compiler reports (under problem, above)",
			    t->program);
		else
			snprintf(reason, sizeof reason, "%s.c: %s", t->program,
			    t->err);
		if (t->rc != 0)
			mark_unavailable(w, t->program, reason);
	}
	bytes_init(&diag);
	if (gather(w, from, w->n_builds, &diag, &lr->problem) == -1 ||
	    built == 0) {
		escape_compiler_output(&lr->problem, &diag, copy, dir);
		bytes_free(&diag);
		if (built == 0)
			return;
		/* Its other programs are graded: problem is shown beside. */
		bytes_init(&diag);
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

/* Every build of w has ended: decide its state, free its tasks. */
static void
finish_lesson(struct work *w, const struct options *o)
{
	size_t n_ref = 0;

	while (n_ref < w->n_builds && !w->builds[n_ref].student)
		n_ref++;
	if (finish_reference(w, n_ref, &w->report->problem) == 0)
		finish_student(w, n_ref, o);
	for (size_t i = 0; i < w->n_builds; i++)
		bytes_free(&w->builds[i].diag);
	free(w->builds);
	w->builds = NULL;
	w->n_builds = 0;
}

/*
 * Take the student's program from dir into copy and add the task that
 * builds it; or, when it is still the skeleton or a file the grader
 * refuses, mark it unavailable to the checks. Returns 0, or -1 when the
 * workspace failed.
 */
static int
take_program(struct work *w, const struct options *o, const char *dir,
    const char *copy, const char *program)
{
	char file[64], to[PATH_MAX], msg[PATH_MAX + 200];

	snprintf(file, sizeof file, "%s.c", program);
	if (is_skeleton(w->lesson, o, dir, program)) {
		snprintf(msg, sizeof msg, "%s is still the skeleton, and this "
		    "check runs the %s: it fails until you write %s "
		    "(lessons/%s/README.md)", file, program, file,
		    w->lesson->dir);
		mark_unavailable(w, program, msg);
		return 0;
	}
	snprintf(to, sizeof to, "%s/%s", copy, file);
	if (build_take_source(dir, file, to, msg, sizeof msg) == -1) {
		bytes_printf(&w->report->problem, "%s\n", msg);
		mark_unavailable(w, program, msg);
		return 0;
	}
	if (workspace_give(to) == -1)
		return -1;
	return add_task(w, o, 1, program, copy, copy);
}

/* Prepare one lesson: state, sources, and the builds it needs. */
void
prepare_lesson(struct work *w, const struct options *o)
{
	struct lesson_report *lr = w->report;
	const struct lesson *l = w->lesson;
	char dir[PATH_MAX], copy[PATH_MAX + 8];
	size_t n = program_count(l);

	snprintf(dir, sizeof dir, "%s/%s", o->dir, l->dir);
	lr->state = LESSON_BROKEN;
	w->n_builds = w->builds_left = 0;
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
	if (l->needs_netns && o->no_netns) {
		lr->state = LESSON_SKIPPED;
		bytes_printf(&lr->problem, "this lesson builds networks in a "
		    "network namespace of its own, and this grader runs "
		    "without them (the sandbox line above says why)\n");
		return;
	}
	w->builds = calloc(2 * (n ? n : 1), sizeof *w->builds);
	if (w->builds == NULL) {
		bytes_printf(&lr->problem, "out of memory\n");
		return;
	}
	snprintf(copy, sizeof copy, "%s/%s", workspace_root(), l->dir);
	if (workspace_make_dir(copy) == -1 || workspace_give(copy) == -1 ||
	    plan_reference(w, o, &lr->problem) == -1)
		goto fail;
	if (l->shim != NULL &&
	    (w->shim = build_shim(l->shim, o, &w->shim_key,
	    &lr->problem)) == NULL)
		goto fail;
	for (int i = 0; l->programs[i] != NULL; i++)
		if (take_program(w, o, dir, copy, l->programs[i]) == -1)
			goto fail;
	if (w->builds_left == 0)
		finish_lesson(w, o);
	return;
fail:
	w->builds_left = 0;
	for (size_t i = 0; i < w->n_builds; i++)
		bytes_free(&w->builds[i].diag);
	free(w->builds);
	w->builds = NULL;
	w->n_builds = 0;
}

/* Make job the sandbox job of w's build i. */
void
prepare_build_job(struct work *w, size_t i, struct sandbox_job *job)
{
	memset(job, 0, sizeof *job);
	bytes_init(&job->result);
	job->fn = build_run;
	job->arg = &w->builds[i];
	job->on_host = 1;
	job->timeout_ms = BUILD_JOB_TIMEOUT_MS;
}

/*
 * Take the outcome of w's build i from its ended job (whose result is then
 * freed). Returns 1 once w's last build has ended and w's state is final.
 */
int
prepare_build_done(struct work *w, size_t i, struct sandbox_job *job,
    const struct options *o)
{
	struct build_task *t = &w->builds[i];
	struct build_result res;

	if (job->error[0] != '\0' || job->timed_out ||
	    job->result.len < sizeof res) {
		t->rc = -1;
		snprintf(t->err, sizeof t->err, "%s", job->error[0] != '\0' ?
		    job->error : job->timed_out ? "the compiler ran for too "
		    "long and was stopped" : "the compiler's job failed");
	} else {
		memcpy(&res, job->result.data, sizeof res);
		t->rc = res.rc;
		res.err[sizeof res.err - 1] = '\0';
		snprintf(t->err, sizeof t->err, "%s", res.err);
		bytes_append(&t->diag, job->result.data + sizeof res,
		    job->result.len - sizeof res);
	}
	bytes_free(&job->result);
	if (--w->builds_left > 0)
		return 0;
	finish_lesson(w, o);
	return 1;
}

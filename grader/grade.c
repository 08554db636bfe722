/*
 * grade.c: the grader's command line. Finds the lessons to grade, builds the
 * student's programs and the reference's, runs every check of every lesson
 * in sandboxes (reference and student side by side), judges the transcripts
 * and prints the report.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "clock.h"
#include "bytes.h"
#include "compare.h"
#include "judge.h"
#include "lesson.h"
#include "privilege.h"
#include "report.h"
#include "run.h"
#include "sandbox.h"

#ifndef SOCKLAB_SRCDIR
#define SOCKLAB_SRCDIR "."
#endif
#ifndef SOCKLAB_CACHEDIR
#define SOCKLAB_CACHEDIR ""
#endif
#ifndef SOCKLAB_CC
#define SOCKLAB_CC "cc"
#endif

/* The most programs a lesson has memcheck checks for. */
#define MAX_MEMCHECKED 8

/* A check's sandbox is killed after this long (scaled). */
#define CHECK_TIMEOUT_MS 15000

struct options {
	const char *dir;	/* the lessons to grade */
	const char *ref_dir;	/* reference solutions */
	const char *skel_dir;	/* shipped lessons, with .skeleton-sums */
	const char *cc;
	enum report_format format;
	int strict, automake, valgrind, jobs, solutions, list, write_sums;
	int time_scale_set;
	const char *sandbox;
	double time_scale;
	char valgrind_path[PATH_MAX];	/* found in PATH for --valgrind */
};

/* One lesson on its way through build, checks and judging. */
struct work {
	const struct lesson *lesson;
	struct lesson_report *report;
	char student_bin[PATH_MAX];
	char ref_bin[PATH_MAX];
	const char *shim;	/* the short-I/O library, if the lesson needs it */
	/* memcheck-PROGRAM, with --valgrind */
	char memcheck_names[MAX_MEMCHECKED][48];
	char memcheck_titles[MAX_MEMCHECKED][160];
	char memcheck_hints[MAX_MEMCHECKED][320];
};

/* One side (reference or student) of one check, run in a sandbox. */
struct side {
	const struct check *check;
	struct run_config cfg;
	char work_dir[PATH_MAX];
};

static char tmp_root[PATH_MAX];

/*
 * Who student code runs as: nobody when we are root (privilege.h). Then
 * everything it needs lives in tmp_root, made reachable for it.
 */
static struct identity guest = { (uid_t)-1, (gid_t)-1 };

static void
usage(FILE *out)
{
	fprintf(out,
"usage: grade [OPTIONS] [LESSON...]\n"
"Grade socklab lessons: build each lesson's programs and run its checks.\n"
"LESSON is a number (02), a directory name (02-udp-hello) or a name\n"
"(udp-hello); with none, every lesson is graded.\n"
"\n"
"  --dir PATH        grade the lessons in PATH (a tree laid out like lessons/)\n"
"  --solutions       grade the reference solutions themselves\n"
"  --format FORMAT   text (default), tap or json\n"
"  --strict          count lessons not started as failed\n"
"  --automake        exit 77 (skip) when no graded lesson was started\n"
"  --valgrind        run the programs under valgrind's memcheck, adding a\n"
"                    check per program (memcheck-server, ...)\n"
"  --sandbox MODE    auto (default), netns or ports (or SOCKLAB_SANDBOX)\n"
"  -j, --jobs N      run N checks at once (default: CPUs + 1)\n"
"  --time-scale X    multiply every timeout by X (default 1; 10 with --valgrind)\n"
"  --list            list the lessons and their checks\n"
"  --write-skeleton-sums  record the lessons' files as the shipped skeletons\n"
"  -h, --help        show this help\n"
"\n"
"Exit status: 0 when everything graded passed, 1 when something failed,\n"
"2 for bad usage or an unknown lesson.\n");
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "solutions", no_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "strict", no_argument, NULL, 's' },
		{ "automake", no_argument, NULL, 'a' },
		{ "valgrind", no_argument, NULL, 'v' },
		{ "sandbox", required_argument, NULL, 'x' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "time-scale", required_argument, NULL, 't' },
		{ "list", no_argument, NULL, 'l' },
		{ "write-skeleton-sums", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "j:h", longs, NULL)) != -1) {
		switch (c) {
		case 'd': o->dir = optarg; break;
		case 'S': o->solutions = 1; break;
		case 's': o->strict = 1; break;
		case 'a': o->automake = 1; break;
		case 'v': o->valgrind = 1; break;
		case 'x': o->sandbox = optarg; break;
		case 'l': o->list = 1; break;
		case 'W': o->write_sums = 1; break;
		case 'h': usage(stdout); exit(0);
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o->format = FORMAT_TEXT;
			else if (strcmp(optarg, "tap") == 0)
				o->format = FORMAT_TAP;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else {
				fprintf(stderr, "grade: unknown format '%s': "
				    "use text, tap or json\n", optarg);
				return -1;
			}
			break;
		case 'j':
			o->jobs = atoi(optarg);
			if (o->jobs < 1 || o->jobs > 256) {
				fprintf(stderr, "grade: -j wants a number from "
				    "1 to 256, not '%s'\n", optarg);
				return -1;
			}
			break;
		case 't':
			o->time_scale_set = 1;
			o->time_scale = atof(optarg);
			if (o->time_scale < 0.1 || o->time_scale > 100) {
				fprintf(stderr, "grade: --time-scale wants a "
				    "number from 0.1 to 100, not '%s'\n",
				    optarg);
				return -1;
			}
			break;
		default:
			fprintf(stderr, "grade: try 'grade --help'\n");
			return -1;
		}
	}
	if (strcmp(o->sandbox, "auto") != 0 &&
	    strcmp(o->sandbox, "netns") != 0 &&
	    strcmp(o->sandbox, "ports") != 0) {
		fprintf(stderr, "grade: unknown sandbox '%s': use auto, netns "
		    "or ports\n", o->sandbox);
		return -1;
	}
	return 0;
}

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

static void
on_stop_signal(int sig)
{
	(void)sig;
	sandbox_stop = 1;
}

static int
make_dir(const char *path)
{
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
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
static int
make_work_dir(const char *path, const struct identity *id)
{
	char home[PATH_MAX + 8];

	snprintf(home, sizeof home, "%s/" SANDBOX_HOME, path);
	if (make_dir(path) == -1 || make_dir(home) == -1 ||
	    give_dir(home, id) == -1)
		return -1;
	if (privilege_switches(id) && chmod(path, 0755) == -1) {
		fprintf(stderr, "grade: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* give_dir to the guest who compiles. */
static int
give_to_guest(const char *path)
{
	return give_dir(path, &guest);
}

/* Copy the file from to to, executable. Returns 0 or -1 with a message. */
static int
copy_program(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;
	ssize_t n;

	if (in == -1 || (out = open(to, O_WRONLY | O_CREAT | O_TRUNC |
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
		fprintf(stderr, "grade: %s: %s\n", to, strerror(errno));
		rc = -1;
	}
	return rc;
}

/*
 * For the guest: copy the programs of l from the cache directory dir into
 * a fresh directory of tmp_root (the cache may be out of its reach), and
 * point dir there. Returns 0 or -1.
 */
static int
copy_for_guest(const struct lesson *l, const char *tag, char *dir, size_t n)
{
	char to_dir[PATH_MAX];

	if (!privilege_switches(&guest))
		return 0;
	snprintf(to_dir, sizeof to_dir, "%s/%s.%s", tmp_root, l->dir, tag);
	if (make_dir(to_dir) == -1 || chmod(to_dir, 0755) == -1)
		return -1;
	for (int i = 0; l->programs[i] != NULL; i++) {
		char from[PATH_MAX * 2], to[PATH_MAX * 2];

		snprintf(from, sizeof from, "%s/%s", dir, l->programs[i]);
		snprintf(to, sizeof to, "%s/%s", to_dir, l->programs[i]);
		if (copy_program(from, to) == -1)
			return -1;
	}
	snprintf(dir, n, "%s", to_dir);
	return 0;
}

/* Copy a lesson's sources from dir into dest; -1 with messages in problem. */
static int
take_sources(const struct lesson *l, const char *dir, const char *dest,
    struct bytes *problem)
{
	int rc = 0;

	for (int i = 0; l->programs[i] != NULL; i++) {
		char file[64], to[PATH_MAX], msg[PATH_MAX + 200];

		snprintf(file, sizeof file, "%s.c", l->programs[i]);
		snprintf(to, sizeof to, "%s/%s", dest, file);
		if (build_take_source(dir, file, to, msg, sizeof msg) == -1) {
			bytes_printf(problem, "%s\n", msg);
			rc = -1;
		} else if (give_to_guest(to) == -1) {
			rc = -1;
		}
	}
	return rc;
}

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
	    copy_program(cached, out) : symlink(cached, out)) == 0)
		return 0;
	rc = build_compile_as(id, cc, src, out, work_dir, diag, err, errlen);
	if (rc != 0 || diag->len != before)
		return rc;
	/* Publish a copy atomically; a failure only costs the next run time. */
	snprintf(tmp, sizeof tmp, "%s.%d", cached, (int)getpid());
	if ((mkdir(SOCKLAB_CACHEDIR, 0755) == 0 || errno == EEXIST) &&
	    (as_guest ? copy_program(out, tmp) : link(out, tmp)) == 0 &&
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

	snprintf(tmp, sizeof tmp, "%s/%s.ref", tmp_root, l->dir);
	if (make_dir(tmp) == -1)
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

	if (!privilege_switches(&guest))
		return path;
	snprintf(copy, sizeof copy, "%s/shortio-guest.so", tmp_root);
	if (access(copy, R_OK) == 0 || copy_program(path, copy) == 0)
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
	snprintf(tmp, sizeof tmp, "%s/shortio.so", tmp_root);
	bytes_init(&diag);
	rc = build_shared_library(o->cc, src, tmp, tmp_root, &diag, err,
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
static void
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
	snprintf(copy, sizeof copy, "%s/%s", tmp_root, l->dir);
	if (make_dir(copy) == -1 || give_to_guest(copy) == -1 ||
	    take_sources(l, dir, copy, &lr->problem) == -1 ||
	    build_reference(w, o, &lr->problem) == -1 ||
	    copy_for_guest(l, "ref", w->ref_bin, sizeof w->ref_bin) == -1)
		return;
	if (l->short_io && (w->shim = build_shim(o, &lr->problem)) == NULL)
		return;
	bytes_init(&diag);
	if (compile_lesson(l, &guest, o->cc, copy, copy, &diag,
	    &lr->problem) == -1) {
		escape_compiler_output(&lr->problem, &diag, copy, dir);
		bytes_free(&diag);
		return;
	}
	/* Every sandbox's own guest runs these programs. */
	if (privilege_switches(&guest) && chmod(copy, 0755) == -1) {
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

/* Runs inside the sandbox: the scenario, then its transcript to fd. */
static int
run_side(void *arg, int fd)
{
	struct side *s = arg;
	struct transcript t;
	struct bytes wire;
	struct run r;
	char err[256];
	size_t off = 0;

	transcript_init(&t);
	if (run_init(&r, &s->cfg, &t, err, sizeof err) == -1) {
		transcript_setf(&t, "note.error", "%s", err);
	} else {
		int64_t start = clock_ms();

		s->check->scenario(&r);
		run_finish(&r);
		/* For tuning: how long each scenario took. */
		if (getenv("SOCKLAB_TRACE") != NULL)
			fprintf(stderr, "grade: %s (%s): %lld ms\n",
			    s->check->name, s->cfg.bin_dir,
			    (long long)(clock_ms() - start));
	}
	bytes_init(&wire);
	transcript_serialize(&t, &wire);
	while (off < wire.len) {
		ssize_t n = write(fd, wire.data + off, wire.len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		off += (size_t)n;
	}
	bytes_free(&wire);
	transcript_free(&t);
	return 0;
}

/* Why a sandbox produced no usable transcript, or NULL if it did. */
static const char *
side_failure(const struct sandbox_job *job, struct transcript *t, char *buf,
    size_t n)
{
	if (job->error[0] != '\0')
		snprintf(buf, n, "the sandbox could not start: %s", job->error);
	else if (job->timed_out)
		snprintf(buf, n, "the check did not finish in %d s and was "
		    "stopped", CHECK_TIMEOUT_MS / 1000);
	else if (WIFEXITED(job->status) && WEXITSTATUS(job->status) == 126)
		snprintf(buf, n, "the sandbox could not start: %.*s",
		    (int)job->result.len, bytes_str(&job->result));
	else if (transcript_parse(t, job->result.data, job->result.len) == -1)
		snprintf(buf, n, "the check's report was cut short");
	else if (transcript_get(t, "note.error") != NULL)
		snprintf(buf, n, "%s", transcript_str(t, "note.error"));
	else
		return NULL;
	return buf;
}

/*
 * Judge one check from its two sandbox jobs (reference, student). The
 * student's transcript is left in got (initialised by the caller), for the
 * memcheck checks; returns 0 when it holds one, -1 when there was none.
 */
static int
judge(struct check_report *c, const struct check *check,
    struct sandbox_job *ref_job, struct sandbox_job *got_job,
    struct transcript *got)
{
	struct transcript ref;
	char ref_why[512], got_why[512];
	int ref_failed, got_failed;

	transcript_init(&ref);
	c->outcome = OUTCOME_FAIL;
	ref_failed = side_failure(ref_job, &ref, ref_why, sizeof ref_why) != NULL;
	got_failed = side_failure(got_job, got, got_why, sizeof got_why) != NULL;
	if (ref_failed)
		bytes_printf(&c->why, "the grader could not run the reference "
		    "solution: %s", ref_why);
	else if (got_failed)
		bytes_puts(&c->why, got_why);
	else
		judge_check(c, check, &ref, got);
	transcript_free(&ref);
	return got_failed ? -1 : 0;
}

/* How many programs l has (at most MAX_MEMCHECKED). */
static size_t
program_count(const struct lesson *l)
{
	size_t n = 0;

	while (l->programs[n] != NULL && n < MAX_MEMCHECKED)
		n++;
	return n;
}

/*
 * Judge lesson w's checks from its jobs (reference and student for each
 * check, in turn), then, with --valgrind, its memcheck checks.
 */
static void
judge_lesson(struct work *w, struct sandbox_job *jobs, int valgrind)
{
	const struct lesson *l = w->lesson;
	struct transcript *gots = calloc(l->n_checks, sizeof *gots);
	const struct transcript **runs = calloc(l->n_checks, sizeof *runs);

	if (gots == NULL || runs == NULL) {
		fprintf(stderr, "grade: out of memory\n");
		exit(2);
	}
	for (size_t c = 0; c < l->n_checks; c++) {
		transcript_init(&gots[c]);
		if (judge(&w->report->checks[c], &l->checks[c], &jobs[2 * c],
		    &jobs[2 * c + 1], &gots[c]) == 0)
			runs[c] = &gots[c];
	}
	for (size_t p = 0; valgrind && p < program_count(l); p++)
		judge_memcheck(&w->report->checks[l->n_checks + p],
		    l->programs[p], l->checks, runs, l->n_checks);
	for (size_t c = 0; c < l->n_checks; c++)
		transcript_free(&gots[c]);
	free(gots);
	free(runs);
}

/* Run every check of every graded lesson, then judge them. */
static int
run_checks(struct work *works, size_t n, const struct options *o,
    enum sandbox_mode mode)
{
	size_t total = 0, k = 0;
	struct sandbox_job *jobs;
	struct side *sides;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		if (works[i].report->state == LESSON_GRADED)
			total += 2 * works[i].lesson->n_checks;
	jobs = calloc(total ? total : 1, sizeof *jobs);
	sides = calloc(total ? total : 1, sizeof *sides);
	if (jobs == NULL || sides == NULL) {
		free(jobs);
		free(sides);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (works[i].report->state != LESSON_GRADED)
			continue;
		for (size_t c = 0; c < works[i].lesson->n_checks; c++) {
			for (int student = 0; student < 2; student++, k++) {
				struct side *s = &sides[k];

				s->check = &works[i].lesson->checks[c];
				snprintf(s->work_dir, sizeof s->work_dir,
				    "%s/run%zu", tmp_root, k);
				bytes_init(&jobs[k].result);
				s->cfg.guest = privilege_sandbox_guest((int)k);
				if (make_work_dir(s->work_dir,
				    &s->cfg.guest) == -1)
					goto out;
				s->cfg.bin_dir = student ?
				    works[i].student_bin : works[i].ref_bin;
				s->cfg.ref_bin_dir = works[i].ref_bin;
				s->cfg.shim_path = works[i].shim;
				s->cfg.work_dir = s->work_dir;
				s->cfg.mode = mode;
				s->cfg.valgrind = student && o->valgrind;
				s->cfg.valgrind_path = o->valgrind_path;
				s->cfg.time_scale = o->time_scale;
				jobs[k].scratch_dir = s->work_dir;
				jobs[k].fn = run_side;
				jobs[k].arg = s;
				jobs[k].timeout_ms =
				    (int)(CHECK_TIMEOUT_MS * o->time_scale);
			}
		}
	}
	if (sandbox_run_all(jobs, total, o->jobs, mode) == -1)
		goto out;

	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (works[i].report->state != LESSON_GRADED)
			continue;
		judge_lesson(&works[i], &jobs[k], o->valgrind);
		k += 2 * works[i].lesson->n_checks;
	}
	rc = 0;
out:
	for (size_t j = 0; j < total; j++)
		bytes_free(&jobs[j].result);
	free(jobs);
	free(sides);
	return rc;
}

/* The title of the check memcheck-PROGRAM. */
static void
memcheck_title(char *buf, size_t n, const char *program)
{
	snprintf(buf, n, "%s: no memory error, leak or descriptor left open, "
	    "in any check (valgrind)", program);
}

static void
list_lessons(void)
{
	for (size_t i = 0; i < lesson_count(); i++) {
		const struct lesson *l = lesson_at(i);

		printf("%s  %s\n", l->dir, l->title);
		for (size_t c = 0; c < l->n_checks; c++)
			printf("  %-26s %s\n", l->checks[c].name,
			    l->checks[c].title);
		for (int p = 0; l->programs[p] != NULL; p++) {
			char name[48], title[160];

			snprintf(name, sizeof name, "memcheck-%s",
			    l->programs[p]);
			memcheck_title(title, sizeof title, l->programs[p]);
			printf("  %-26s [with --valgrind] %s\n", name, title);
		}
	}
}

/*
 * Find valgrind in PATH, into path. Returns 0, or -1 after saying on stderr
 * what to install.
 */
static int
find_valgrind(char *path, size_t n)
{
	const char *dirs = getenv("PATH");
	char copy[4096], *save = NULL;

	snprintf(copy, sizeof copy, "%s", dirs && dirs[0] ? dirs :
	    "/usr/bin:/bin");
	for (char *d = strtok_r(copy, ":", &save); d != NULL;
	    d = strtok_r(NULL, ":", &save)) {
		snprintf(path, n, "%s/valgrind", d[0] ? d : ".");
		if (access(path, X_OK) == 0)
			return 0;
	}
	fprintf(stderr, "grade: --valgrind needs valgrind, which is not "
	    "installed: sudo apt-get install valgrind\n");
	return -1;
}

/* Give report r of w's lesson its memcheck checks, after the lesson's own. */
static void
add_memcheck_checks(struct lesson_report *r, struct work *w)
{
	const struct lesson *l = w->lesson;

	for (size_t p = 0; p < program_count(l); p++) {
		struct check_report *c = &r->checks[l->n_checks + p];

		snprintf(w->memcheck_names[p], sizeof w->memcheck_names[p],
		    "memcheck-%s", l->programs[p]);
		memcheck_title(w->memcheck_titles[p],
		    sizeof w->memcheck_titles[p], l->programs[p]);
		snprintf(w->memcheck_hints[p], sizeof w->memcheck_hints[p],
		    "Run it under valgrind yourself, as the check did: "
		    "valgrind --leak-check=full --track-fds=yes ./%s (and the "
		    "arguments shown). Its report names the problem, then the "
		    "calls that led to it, innermost first (file.c:LINE).",
		    l->programs[p]);
		c->name = w->memcheck_names[p];
		c->title = w->memcheck_titles[p];
		c->hint = w->memcheck_hints[p];
	}
}

/* Record the lessons' current files as the shipped skeletons. */
static int
write_skeleton_sums(const struct lesson **sel, size_t n, const char *dir)
{
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX], file[PATH_MAX];
		FILE *f;

		snprintf(path, sizeof path, "%s/%s/.skeleton-sums", dir,
		    sel[i]->dir);
		f = fopen(path, "w");
		if (f == NULL) {
			fprintf(stderr, "grade: %s: %s\n", path,
			    strerror(errno));
			return 1;
		}
		for (int p = 0; sel[i]->programs[p] != NULL; p++) {
			uint64_t h;

			snprintf(file, sizeof file, "%s/%s/%s.c", dir,
			    sel[i]->dir, sel[i]->programs[p]);
			if (build_hash_file(file, &h) == -1) {
				fprintf(stderr, "grade: %s: %s\n", file,
				    strerror(errno));
				fclose(f);
				return 1;
			}
			fprintf(f, "%016" PRIx64 "  %s.c\n", h,
			    sel[i]->programs[p]);
		}
		if (fclose(f) == EOF) {
			fprintf(stderr, "grade: %s: %s\n", path,
			    strerror(errno));
			return 1;
		}
		printf("wrote %s\n", path);
	}
	return 0;
}

/* Resolve the LESSON arguments; unknown ones are reported and skipped. */
static size_t
select_lessons(char **args, int nargs, const struct lesson **sel, int *bad)
{
	size_t n = 0;

	if (nargs == 0) {
		for (size_t i = 0; i < lesson_count(); i++)
			sel[n++] = lesson_at(i);
		return n;
	}
	for (int i = 0; i < nargs; i++) {
		const struct lesson *l = lesson_find(args[i]);

		if (l == NULL) {
			fprintf(stderr, "grade: unknown lesson '%s'; the lessons "
			    "are:", args[i]);
			for (size_t k = 0; k < lesson_count(); k++)
				fprintf(stderr, " %s", lesson_at(k)->dir);
			fprintf(stderr, " (grade --list shows them)\n");
			*bad = 1;
			continue;
		}
		sel[n++] = l;
	}
	return n;
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

static enum sandbox_mode
choose_sandbox(const struct options *o, char *desc, size_t n)
{
	char why[256] = "";
	enum sandbox_mode mode;

	if (strcmp(o->sandbox, "ports") == 0) {
		snprintf(desc, n, "%s", sandbox_mode_describe(SANDBOX_PORTS));
		return SANDBOX_PORTS;
	}
	mode = sandbox_detect(why, sizeof why);
	if (mode == SANDBOX_PORTS && strcmp(o->sandbox, "netns") == 0) {
		fprintf(stderr, "grade: --sandbox netns: %s\n", why);
		exit(2);
	}
	if (mode == SANDBOX_PORTS)
		snprintf(desc, n, "%s; %s", sandbox_mode_describe(mode), why);
	else
		snprintf(desc, n, "%s", sandbox_mode_describe(mode));
	return mode;
}

static int
final_status(const struct report *r, const struct options *o, int bad_args)
{
	int started = 0;

	for (size_t i = 0; i < r->n_lessons; i++)
		started |= r->lessons[i].state != LESSON_NOT_STARTED;
	if (bad_args)
		return 2;
	if (o->automake && !started && !o->strict)
		return 77;
	return report_exit_status(r);
}

int
main(int argc, char **argv)
{
	struct options o = {
		.dir = SOCKLAB_SRCDIR "/lessons",
		.ref_dir = SOCKLAB_SRCDIR "/solutions",
		.skel_dir = SOCKLAB_SRCDIR "/lessons",
		.sandbox = "auto",
		.time_scale = 1,
	};
	const struct lesson *sel[64];
	struct lesson_report *reports;
	struct work works[64];
	struct report rep;
	char desc[512];
	const char *tmpdir = getenv("TMPDIR");
	int bad = 0, status;
	size_t n;

	o.cc = getenv("SOCKLAB_CC") ? getenv("SOCKLAB_CC") : SOCKLAB_CC;
	if (getenv("SOCKLAB_SANDBOX") != NULL)
		o.sandbox = getenv("SOCKLAB_SANDBOX");
	o.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN) + 1;
	if (parse_options(argc, argv, &o) == -1)
		return 2;
	if (o.solutions)
		o.dir = o.ref_dir;
	/* Programs under memcheck run many times slower. */
	if (o.valgrind && !o.time_scale_set)
		o.time_scale = 10;
	if (o.list) {
		list_lessons();
		return 0;
	}
	if (o.valgrind && find_valgrind(o.valgrind_path,
	    sizeof o.valgrind_path) == -1)
		return 2;
	n = select_lessons(argv + optind, argc - optind, sel, &bad);
	if (o.write_sums)
		return write_skeleton_sums(sel, n, o.dir) || bad ? 2 : 0;
	signal(SIGPIPE, SIG_IGN);
	/* Ctrl-C stops the checks, kills what they started, cleans up. */
	signal(SIGINT, on_stop_signal);
	signal(SIGTERM, on_stop_signal);
	/* English, ASCII messages from the compiler and from perror(). */
	setenv("LC_ALL", "C", 1);

	snprintf(tmp_root, sizeof tmp_root, "%s/socklab-grade.XXXXXX",
	    tmpdir && tmpdir[0] ? tmpdir : "/tmp");
	if (mkdtemp(tmp_root) == NULL) {
		fprintf(stderr, "grade: cannot create a directory in %s: %s; "
		    "set TMPDIR to a writable directory\n",
		    tmpdir && tmpdir[0] ? tmpdir : "/tmp", strerror(errno));
		return 2;
	}
	atexit(cleanup_tmp);
	if (prepare_guest(tmpdir) == -1)
		return 2;

	rep.sandbox = desc;
	rep.strict = o.strict;
	enum sandbox_mode mode = choose_sandbox(&o, desc, sizeof desc);
	reports = calloc(n ? n : 1, sizeof *reports);
	if (reports == NULL)
		return 2;
	for (size_t i = 0; i < n; i++) {
		memset(&works[i], 0, sizeof works[i]);
		works[i].lesson = sel[i];
		works[i].report = &reports[i];
		reports[i].dir = sel[i]->dir;
		reports[i].title = sel[i]->title;
		reports[i].n_checks = sel[i]->n_checks +
		    (o.valgrind ? program_count(sel[i]) : 0);
		reports[i].checks = calloc(reports[i].n_checks,
		    sizeof *reports[i].checks);
		if (reports[i].checks == NULL)
			return 2;
		for (size_t c = 0; c < reports[i].n_checks; c++)
			check_report_init(&reports[i].checks[c]);
		if (o.valgrind)
			add_memcheck_checks(&reports[i], &works[i]);
		for (size_t c = 0; c < sel[i]->n_checks; c++) {
			reports[i].checks[c].name = sel[i]->checks[c].name;
			reports[i].checks[c].title = sel[i]->checks[c].title;
			reports[i].checks[c].hint = sel[i]->checks[c].hint;
		}
		prepare_lesson(&works[i], &o);
	}
	if (run_checks(works, n, &o, mode) == -1) {
		fprintf(stderr, "grade: %s\n", sandbox_stop ? "interrupted" :
		    "out of resources while starting checks");
		return sandbox_stop ? 130 : 2;
	}
	rep.lessons = reports;
	rep.n_lessons = n;
	report_print(stdout, &rep, o.format, o.format == FORMAT_TEXT &&
	    isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL);
	status = final_status(&rep, &o, bad);
	for (size_t i = 0; i < n; i++)
		lesson_report_free(&reports[i]);
	free(reports);
	return status;
}

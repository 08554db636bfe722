/*
 * class.c: grade --class DIR. Finds the submissions in DIR (directories,
 * archives, git repositories), copies each into OUTDIR/work/NAME/src with
 * unpack.c's rules, and grades every copy with a child grader (grade --dir
 * COPY --format json), several at once, each in its own process group under
 * a timeout: a crash or a hang costs one submission, never the batch.
 * Inconclusive checks run once more. A submission whose copy, grader and
 * options are those of the last run keeps its grades (resume); identical
 * submissions share one grading. classreport.c writes the results.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "bytes.h"
#include "class.h"
#include "classreport.h"
#include "clock.h"
#include "gitsub.h"
#include "lesson.h"
#include "sandbox.h"
#include "unpack.h"
#include "workspace.h"

/* A child grader is stopped after this long (--class-timeout). */
#define CLASS_TIMEOUT_S 1200

struct class_opts {
	const char *dir;
	char out[PATH_MAX];
	const char *deadline;	/* NULL, or deadline_git */
	char deadline_git[40];	/* --deadline as git reads it */
	int jobs;
	int timeout_s;
	int live_reference;	/* --live-reference: no kept reference runs */
	const char **pass;	/* options for each child grader */
	size_t n_pass;
	const char **lessons;	/* NULL-ended */
	size_t n_lessons;
	const char *points;	/* --points FILE, hashed into the key */
	char self[PATH_MAX];	/* this grader's executable */
};

static void
class_usage(FILE *out)
{
	fprintf(out,
"usage: grade --class DIR [--out OUTDIR] [--deadline DATE]\n"
"             [--class-jobs N] [--class-timeout SECONDS] [GRADE OPTIONS] [LESSON...]\n"
"Grade every submission in DIR: each directory (a copy of lessons/, or a\n"
"folder holding one), each .tar.gz, .tgz or .zip, each git repository (at\n"
"HEAD, or with --deadline at the last commit before it). Writes grades.csv,\n"
"summary.txt and students/NAME.{json,txt} into OUTDIR (default: DIR-grades\n"
"beside DIR). A second run re-grades only what changed. GRADE OPTIONS\n"
"(--points, --valgrind, --time-scale, --check, -j, --sandbox) go to each\n"
"submission's grading. --class-jobs: graders at once (default: three times\n"
"the CPUs); --class-timeout: a grader is stopped after SECONDS (default\n"
"1200).\n"
"--deadline DATE, in ISO 8601: 2026-12-04 23:59, 2026-12-04T23:59:00 or\n"
"2026-12-04 (the end of that day, 23:59:59), optionally ending in Z or\n"
"+HH:MM / -HH:MM; without one, it is this machine's local time (TZ).\n"
"The reference solution runs each check once for the class (kept in\n"
"OUTDIR/reference-runs), and again beside any submission that fails the\n"
"check; --live-reference runs it beside every submission (slower).\n"
"Exit status: 0 when every submission was graded, 1 when some were refused\n"
"or could not be graded, 2 for bad usage.\n");
}

/* Grade options that take a value, passed on to the child graders. */
static int
takes_value(const char *opt)
{
	static const char *const with[] = { "--points", "--time-scale",
		"--sandbox", "--check", "--jobs", "-j", "--pcap-dir", NULL };

	for (size_t i = 0; with[i] != NULL; i++)
		if (strcmp(opt, with[i]) == 0)
			return 1;
	return 0;
}

/* Options that make no sense for a class. */
static int
refused_option(const char *opt)
{
	static const char *const no[] = { "--dir", "--format", "--solutions",
		"--list", "--lab", "--lab-dir", "--coverage", "--automake",
		"--write-skeleton-sums", "--reference", NULL };
	size_t len = strcspn(opt, "=");

	for (size_t i = 0; no[i] != NULL; i++)
		if (strlen(no[i]) == len && strncmp(opt, no[i], len) == 0)
			return 1;
	return 0;
}

/* The value of --NAME V or --NAME=V at argv[*i], advancing *i. */
static const char *
value_of(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) == 0 && argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (*i + 1 >= argc) {
		fprintf(stderr, "grade: %s wants a value\n", name);
		return NULL;
	}
	return argv[++*i];
}

static int
is_opt(const char *arg, const char *name)
{
	size_t len = strlen(name);

	return strncmp(arg, name, len) == 0 &&
	    (arg[len] == '\0' || arg[len] == '=');
}

/* Parse the command line. Returns 0, or -1 after a message. */
static int
parse_class_options(int argc, char **argv, struct class_opts *o)
{
	const char *out = NULL, *v;

	o->pass = xmalloc((size_t)argc * 2 * sizeof *o->pass);
	o->lessons = xmalloc(((size_t)argc + 1) * sizeof *o->lessons);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (is_opt(a, "--class")) {
			if ((o->dir = value_of(argc, argv, &i, "--class")) ==
			    NULL)
				return -1;
		} else if (is_opt(a, "--out")) {
			if ((out = value_of(argc, argv, &i, "--out")) == NULL)
				return -1;
		} else if (is_opt(a, "--deadline")) {
			if ((v = value_of(argc, argv, &i, "--deadline")) ==
			    NULL)
				return -1;
			if (gitsub_deadline(v, o->deadline_git,
			    sizeof o->deadline_git) == -1) {
				fprintf(stderr, "grade: --deadline '%s': not a "
				    "date; write it as 2026-12-04 23:59 or "
				    "2026-12-04T23:59:00+01:00\n", v);
				return -1;
			}
			o->deadline = o->deadline_git;
		} else if (is_opt(a, "--class-jobs") ||
		    is_opt(a, "--class-timeout")) {
			int cj = is_opt(a, "--class-jobs");

			v = value_of(argc, argv, &i, cj ? "--class-jobs" :
			    "--class-timeout");
			if (v == NULL)
				return -1;
			if (atoi(v) < 1 || atoi(v) > (cj ? 64 : 86400)) {
				fprintf(stderr, "grade: %s wants a number from 1 "
				    "to %d, not '%s'\n", cj ? "--class-jobs" :
				    "--class-timeout", cj ? 64 : 86400, v);
				return -1;
			}
			*(cj ? &o->jobs : &o->timeout_s) = atoi(v);
		} else if (strcmp(a, "--live-reference") == 0) {
			o->live_reference = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			class_usage(stdout);
			exit(0);
		} else if (refused_option(a)) {
			fprintf(stderr, "grade: %s does not go with --class\n",
			    a);
			return -1;
		} else if (a[0] == '-') {
			o->pass[o->n_pass++] = a;
			if (takes_value(a) && i + 1 < argc) {
				o->pass[o->n_pass++] = argv[++i];
				if (strcmp(a, "--points") == 0)
					o->points = argv[i];
			} else if (strncmp(a, "--points=", 9) == 0)
				o->points = a + 9;
		} else
			o->lessons[o->n_lessons++] = a;
	}
	o->lessons[o->n_lessons] = NULL;
	if (o->dir == NULL || o->dir[0] == '\0') {
		fprintf(stderr, "grade: --class wants the directory of the "
		    "submissions\n");
		return -1;
	}
	if (out != NULL)
		snprintf(o->out, sizeof o->out, "%s", out);
	else {
		size_t len = strlen(o->dir);

		while (len > 1 && o->dir[len - 1] == '/')
			len--;
		/* "." has no name to put -grades after: class-grades in it. */
		if ((len == 1 && o->dir[0] == '.') || (len >= 2 &&
		    strncmp(o->dir + len - 2, "..", 2) == 0) || (len >= 2 &&
		    strncmp(o->dir + len - 2, "/.", 2) == 0))
			snprintf(o->out, sizeof o->out, "%.*s/class-grades",
			    (int)len, o->dir);
		else
			snprintf(o->out, sizeof o->out, "%.*s-grades",
			    (int)len, o->dir);
	}
	return 0;
}

/*
 * Check the options and lessons by asking a child grader to list them
 * (grade's own parser says what is wrong). Returns 0 or -1.
 */
static int
check_pass_options(const struct class_opts *o)
{
	const char **argv = xmalloc((o->n_pass + o->n_lessons + 4) *
	    sizeof *argv);
	char err[256];
	struct proc p;
	size_t n = 0;
	int rc = -1;

	argv[n++] = o->self;
	for (size_t i = 0; i < o->n_pass; i++)
		argv[n++] = o->pass[i];
	argv[n++] = "--list";
	argv[n] = NULL;
	if (proc_start(&p, (char *const *)argv, ".", NULL, "/dev/null",
	    "/dev/stderr", NULL, err, sizeof err) == -1)
		fprintf(stderr, "grade: %s\n", err);
	else if (proc_wait(&p, clock_ms() + 30000) == 0 &&
	    WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0)
		rc = 0;
	if (rc == 0)
		for (size_t i = 0; i < o->n_lessons; i++)
			if (lesson_find(o->lessons[i]) == NULL) {
				fprintf(stderr, "grade: unknown lesson '%s' "
				    "(grade --list shows them)\n",
				    o->lessons[i]);
				rc = -1;
			}
	proc_stop(&p, 100);
	free(argv);
	return rc;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The student's name: the entry without extension, sanitized, unique. */
static void
name_submission(struct submission *subs, size_t n, const char *entry)
{
	static const char *const exts[] = { ".tar.gz", ".tgz", ".zip", ".tar",
		".git", NULL };
	char base[80];
	size_t len = strlen(entry), k = 0;
	int same = 1;

	for (size_t i = 0; exts[i] != NULL; i++)
		if (has_suffix(entry, exts[i]) && len > strlen(exts[i])) {
			len -= strlen(exts[i]);
			break;
		}
	for (size_t i = 0; i < len && k < 60; i++) {
		char c = entry[i];
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && k > 0);

		base[k++] = keep ? c : '_';
	}
	base[k] = '\0';
	if (k == 0)
		snprintf(base, sizeof base, "student");
	snprintf(subs[n].name, sizeof subs[n].name, "%s", base);
	for (int suffix = 2; same; suffix++) {
		same = 0;
		for (size_t i = 0; i < n; i++)
			if (strcmp(subs[i].name, subs[n].name) == 0)
				same = 1;
		if (same)
			snprintf(subs[n].name, sizeof subs[n].name, "%s-%d",
			    base, suffix);
	}
}

/* Is dir a directory holding at least one lesson directory? */
static int
holds_lessons(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	for (size_t i = 0; i < lesson_count(); i++) {
		snprintf(p, sizeof p, "%s/%s", dir, lesson_at(i)->dir);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			return 1;
	}
	return 0;
}

/*
 * Find the lessons in the copy dir: the top, its lessons/, then its folders
 * in name order, depth levels down. Returns 1 with the path in root, or 0.
 */
static int
find_root(const char *dir, int depth, char *root, size_t n)
{
	struct dirent **names;
	char p[PATH_MAX];
	int count, found = 0;

	snprintf(p, sizeof p, "%s/lessons", dir);
	if (holds_lessons(dir) || holds_lessons(p)) {
		snprintf(root, n, "%s", holds_lessons(dir) ? dir : p);
		return 1;
	}
	if (depth == 0 || (count = scandir(dir, &names, NULL, alphasort)) < 0)
		return 0;
	for (int i = 0; i < count; i++) {
		struct stat st;

		snprintf(p, sizeof p, "%s/%s", dir, names[i]->d_name);
		if (!found && names[i]->d_name[0] != '.' &&
		    lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			found = find_root(p, depth - 1, root, n);
		free(names[i]);
	}
	free(names);
	return found;
}

/* Is the directory dir empty? */
static int
is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return 1;
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* Refuse s, saying why on stderr. */
static void
refuse(struct submission *s, const char *why)
{
	if (why != s->reason)
		snprintf(s->reason, sizeof s->reason, "%s", why);
	s->state = SUB_REFUSED;
	fprintf(stderr, "grade: %s: refused: %s\n", s->path, s->reason);
}

/*
 * s's copy src holds no lessons: find them in the one archive it holds
 * instead (in src/.inner, which the next prepare() removes with src), or
 * refuse s.
 */
static void
find_inner_root(struct submission *s, const char *src,
    const struct unpack_limits *lim)
{
	char inner[PATH_MAX + 16];
	int rc;

	snprintf(inner, sizeof inner, "%s/.inner", src);
	rc = unpack_inner_archive(src, inner, lim, s->reason,
	    sizeof s->reason);
	if (rc == -1)
		refuse(s, s->reason);
	else if (rc == 1 && find_root(inner, 3, s->root, sizeof s->root))
		return;
	else if (rc == 1 && unpack_holds_archive(inner))
		refuse(s, "holds an archive in an archive and no lessons: "
		    "submit one archive of the lessons folder");
	else
		refuse(s, "no lessons in it: looked for the lesson directories "
		    "(01-tcp-hello/, ...) at its top, in lessons/ and in "
		    "folders below");
}

/* Copy s into its work directory and find its lessons there. */
static void
prepare(struct submission *s, const struct class_opts *o)
{
	char src[PATH_MAX + 8], gitdir[PATH_MAX];
	const struct unpack_limits *lim = &unpack_default_limits;
	int rc;

	snprintf(src, sizeof src, "%s/src", s->work);
	if (workspace_make_dir_mode(s->work, 0755) == -1 ||
	    unpack_remove_tree(src) == -1) {
		refuse(s, "cannot prepare its work directory");
		return;
	}
	switch (s->kind) {
	case SUB_GIT:
		rc = gitsub_find(s->path, gitdir, sizeof gitdir) ?
		    gitsub_export(gitdir, o->deadline, src, s->work, lim,
		    s->commit, sizeof s->commit, s->reason,
		    sizeof s->reason) : -1;
		break;
	case SUB_ARCHIVE:
		rc = unpack_archive(s->path, src, lim, s->reason,
		    sizeof s->reason);
		break;
	case SUB_DIR:
		rc = unpack_copy_dir(s->path, src, lim, s->reason,
		    sizeof s->reason);
		break;
	default:
		snprintf(s->reason, sizeof s->reason, "not a directory, a "
		    ".tar.gz, .tgz or .zip archive, or a git repository");
		rc = -1;
	}
	if (rc == -1) {
		refuse(s, s->reason);
		unpack_remove_tree(src);
	} else if (is_empty(src))
		refuse(s, "empty: no files");
	else if (!find_root(src, 3, s->root, sizeof s->root))
		find_inner_root(s, src, lim);
}

/* What kind of submission the entry at path is. */
static enum sub_kind
kind_of(const char *path, const char *name)
{
	struct stat st;
	char gitdir[PATH_MAX];

	if (lstat(path, &st) == -1)
		return SUB_OTHER;
	if (S_ISDIR(st.st_mode))
		return gitsub_find(path, gitdir, sizeof gitdir) ? SUB_GIT :
		    SUB_DIR;
	if (S_ISREG(st.st_mode) && unpack_is_archive(name))
		return SUB_ARCHIVE;
	return SUB_OTHER;
}

/*
 * The submissions in o->dir, in name order, OUTDIR left out. Returns them
 * (count in *n), or NULL after a message.
 */
static struct submission *
find_submissions(const struct class_opts *o, size_t *n)
{
	struct dirent **names;
	struct submission *subs;
	struct stat out_st, st;
	int count, have_out = stat(o->out, &out_st) == 0;

	count = scandir(o->dir, &names, NULL, alphasort);
	if (count < 0) {
		fprintf(stderr, "grade: --class %s: %s\n", o->dir,
		    strerror(errno));
		return NULL;
	}
	subs = xmalloc(((size_t)count + 1) * sizeof *subs);
	*n = 0;
	for (int i = 0; i < count; i++) {
		struct submission *s = &subs[*n];
		const char *e = names[i]->d_name;

		memset(s, 0, sizeof *s);
		snprintf(s->path, sizeof s->path, "%s/%s", o->dir, e);
		if (e[0] == '.' || (have_out && stat(s->path, &st) == 0 &&
		    st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino)) {
			free(names[i]);
			continue;
		}
		name_submission(subs, *n, e);
		s->kind = kind_of(s->path, e);
		s->state = SUB_PENDING;
		s->leader = -1;
		s->proc.pid = -1;
		snprintf(s->work, sizeof s->work, "%s/work/%s", o->out,
		    s->name);
		free(names[i]);
		(*n)++;
	}
	free(names);
	return subs;
}

/* The options' and the grader's share of every key. */
static uint64_t
options_key(const struct class_opts *o)
{
	uint64_t h = BUILD_HASH_INIT, fh = 0;
	char hex[24];

	if (build_hash_file(o->self, &fh) == 0) {
		snprintf(hex, sizeof hex, "%016" PRIx64, fh);
		h = build_hash_str(h, hex);
	}
	for (size_t i = 0; i < o->n_pass; i++)
		h = build_hash_str(build_hash_str(h, o->pass[i]), "\n");
	h = build_hash_str(h, "lessons\n");
	for (size_t i = 0; i < o->n_lessons; i++)
		h = build_hash_str(build_hash_str(h, o->lessons[i]), "\n");
	if (o->points != NULL && build_hash_file(o->points, &fh) == 0) {
		snprintf(hex, sizeof hex, "%016" PRIx64, fh);
		h = build_hash_str(h, hex);
	}
	return h;
}

/* Read a file's first line into buf. Returns 0 or -1. */
static int
read_line(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	int rc = -1;

	if (f == NULL)
		return -1;
	if (fgets(buf, (int)n, f) != NULL) {
		buf[strcspn(buf, "\n")] = '\0';
		rc = 0;
	}
	fclose(f);
	return rc;
}

/* Write text to path. Returns 0 or -1. */
static int
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f) == EOF ? -1 : 0;
}

/* Copy the file from to to. Returns 0 or -1. */
static int
copy_file(const char *from, const char *to)
{
	FILE *f = fopen(from, "r"), *t;
	char buf[16384];
	size_t n;
	int rc = 0;

	if (f == NULL)
		return -1;
	t = fopen(to, "w");
	if (t == NULL) {
		fclose(f);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, t) != n)
			rc = -1;
	fclose(f);
	if (fclose(t) == EOF)
		rc = -1;
	return rc;
}

/*
 * Key each prepared submission; keep the grades of those the last run
 * graded with the same key; make later twins followers of the first.
 */
static void
key_submissions(struct submission *subs, size_t n, const struct class_opts *o)
{
	uint64_t opts = options_key(o);

	for (size_t i = 0; i < n; i++) {
		struct submission *s = &subs[i];
		char path[PATH_MAX + 16], json[PATH_MAX], old[64], hex[24];
		struct stat st;

		if (s->state != SUB_PENDING)
			continue;
		s->key = opts;
		if (unpack_hash_tree(s->root, &s->key) == -1) {
			refuse(s, "cannot read its copy back");
			continue;
		}
		s->key = build_hash_str(s->key, s->root + strlen(s->work));
		snprintf(hex, sizeof hex, "%016" PRIx64, s->key);
		snprintf(path, sizeof path, "%s/key", s->work);
		snprintf(json, sizeof json, "%s/students/%s.json", o->out,
		    s->name);
		if (read_line(path, old, sizeof old) == 0 &&
		    strcmp(old, hex) == 0 && stat(json, &st) == 0) {
			s->state = SUB_DONE;
			s->cached = 1;
			continue;
		}
		unlink(path);
		for (size_t j = 0; j < i; j++)
			if (subs[j].key == s->key && subs[j].state ==
			    SUB_PENDING && subs[j].leader == -1) {
				s->leader = (long)j;
				break;
			}
	}
}

/* Start the child grader for s (again for its inconclusive checks). */
static int
start_grading(struct submission *s, const struct class_opts *o)
{
	const char **argv = xmalloc((o->n_pass + o->n_lessons + 64) *
	    sizeof *argv);
	char out[PATH_MAX + 16], err[PATH_MAX + 16], msg[256];
	char checks[2048], lessons[2048], runs[PATH_MAX + 32];
	size_t n = 0;
	int memcheck = 0, rc;

	argv[n++] = o->self;
	argv[n++] = "--dir";
	argv[n++] = s->root;
	argv[n++] = "--format";
	argv[n++] = "json";
	/* The reference runs once per check for the whole class (refruns.h). */
	snprintf(runs, sizeof runs, "%s/reference-runs", o->out);
	if (!o->live_reference) {
		argv[n++] = "--reference-runs";
		argv[n++] = runs;
	}
	for (size_t i = 0; i < o->n_pass; i++)
		argv[n++] = o->pass[i];
	snprintf(out, sizeof out, "%s/grade.json", s->work);
	if (s->retry) {
		classreport_inconclusive(out, checks, lessons, sizeof checks,
		    &memcheck);
		snprintf(out, sizeof out, "%s/retry.json", s->work);
		if (!memcheck)
			for (char *c = strtok(checks, " "); c != NULL && n < 40;
			    c = strtok(NULL, " ")) {
				argv[n++] = "--check";
				argv[n++] = c;
			}
		for (char *l = strtok(lessons, " "); l != NULL && n < 60;
		    l = strtok(NULL, " "))
			argv[n++] = l;
	} else
		for (size_t i = 0; i < o->n_lessons; i++)
			argv[n++] = o->lessons[i];
	argv[n] = NULL;
	snprintf(err, sizeof err, "%s/grade.err", s->work);
	rc = proc_start(&s->proc, (char *const *)argv, s->work, NULL, out, err,
	    NULL, msg, sizeof msg);
	if (rc == -1)
		snprintf(s->reason, sizeof s->reason, "cannot start a grader: "
		    "%s", msg);
	else {
		s->state = SUB_GRADING;
		s->started_ms = clock_ms();
	}
	free(argv);
	return rc;
}

/*
 * Keep the report json as s's result, OUTDIR/students/NAME.json, and mark s
 * done, its key written last (the next run reuses only a result with one);
 * or mark s failed, saying why.
 */
static void
keep_result(struct submission *s, const char *json,
    const struct class_opts *o)
{
	char final[PATH_MAX + 64], key[PATH_MAX + 8], hex[24];

	snprintf(final, sizeof final, "%s/students/%s.json", o->out, s->name);
	if (copy_file(json, final) == -1) {
		snprintf(s->reason, sizeof s->reason, "cannot write %s: %s",
		    final, strerror(errno));
		s->state = SUB_FAILED;
		return;
	}
	snprintf(key, sizeof key, "%s/key", s->work);
	snprintf(hex, sizeof hex, "%016" PRIx64 "\n", s->key);
	write_text(key, hex);
	s->state = SUB_DONE;
}

/*
 * s's grader has ended: keep its JSON, or start the retry of its
 * inconclusive checks, or note how it failed.
 */
static void
finish_grading(struct submission *s, const struct class_opts *o)
{
	char json[PATH_MAX + 16], retry[PATH_MAX + 16];
	char how[128], checks[2048], lessons[2048], key[PATH_MAX + 8];
	char hex[24], err[256];
	int memcheck, code = WIFEXITED(s->proc.status) ?
	    WEXITSTATUS(s->proc.status) : -1;

	proc_describe(&s->proc, how, sizeof how);
	proc_stop(&s->proc, 100);
	s->seconds += (double)(clock_ms() - s->started_ms) / 1000;
	snprintf(json, sizeof json, "%s/grade.json", s->work);
	snprintf(retry, sizeof retry, "%s/retry.json", s->work);
	if (s->retry) {
		s->retry = 0;
		if (classreport_merge(json, retry, json, err, sizeof err) == -1)
			fprintf(stderr, "grade: %s: the retry's verdicts are "
			    "lost: %s\n", s->name, err);
	} else if (code == -1 || code > 3 ||
	    classreport_inconclusive(json, checks, lessons, sizeof checks,
	    &memcheck) == -1) {
		snprintf(s->reason, sizeof s->reason, "its grader %s (see %s/"
		    "grade.err)", how, s->work);
		s->state = SUB_FAILED;
		return;
	} else if (classreport_inconclusive(json, checks, lessons,
	    sizeof checks, &memcheck) > 0) {
		s->retry = 1;
		s->state = SUB_PENDING;
		return;
	}
	snprintf(key, sizeof key, "%s/seconds", s->work);
	snprintf(hex, sizeof hex, "%.2f\n", s->seconds);
	write_text(key, hex);
	keep_result(s, json, o);
}

static void
format_time(char *buf, size_t n, double s)
{
	if (s >= 60)
		snprintf(buf, n, "%dm%02ds", (int)s / 60, (int)s % 60);
	else
		snprintf(buf, n, "%.1fs", s);
}

/* The progress bar (terminal) or the line for s (not a terminal). */
static void
progress(const struct class_opts *o, const struct submission *s,
    size_t done, size_t total, int64_t start, int tty)
{
	double el = (double)(clock_ms() - start) / 1000;
	char elapsed[32], eta[32], brief[512], json[PATH_MAX + 64];

	format_time(elapsed, sizeof elapsed, el);
	if (tty) {
		int width = 30, fill = total ? (int)(done * 30 / total) : 30;

		if (done > 0 && done < total)
			format_time(eta, sizeof eta, el / (double)done *
			    (double)(total - done));
		else
			snprintf(eta, sizeof eta, "--");
		printf("\r[%.*s%*s] %zu/%zu  elapsed %s  left ~%s   ", fill,
		    "##############################", width - fill, "", done,
		    total, elapsed, eta);
		fflush(stdout);
		return;
	}
	if (s == NULL)
		return;
	if (s->state == SUB_DONE) {
		snprintf(json, sizeof json, "%s/students/%s.json", o->out,
		    s->name);
		classreport_brief(json, brief, sizeof brief);
	} else
		snprintf(brief, sizeof brief, "%s: %s", s->state ==
		    SUB_REFUSED ? "refused" : "not graded", s->reason);
	printf("[%zu/%zu %s] %s: %s%s\n", done, total, elapsed, s->name, brief,
	    s->cached ? " (unchanged)" : "");
	fflush(stdout);
}

/* Are all of them done, refused or failed? */
static int
settled(const struct submission *s)
{
	return s->state == SUB_DONE || s->state == SUB_REFUSED ||
	    s->state == SUB_FAILED;
}

/* A follower takes its leader's results. */
static void
follow(struct submission *s, const struct submission *leader,
    const struct class_opts *o)
{
	char from[PATH_MAX + 64];

	if (leader->state != SUB_DONE) {
		s->state = leader->state;
		snprintf(s->reason, sizeof s->reason, "%s", leader->reason);
		return;
	}
	snprintf(from, sizeof from, "%s/students/%s.json", o->out,
	    leader->name);
	keep_result(s, from, o);
}

/*
 * Grade the pending submissions, o->jobs at once, until all have settled or
 * a signal stops us (then everything started is stopped). Returns 0 or -1.
 */
static int
grade_all(struct submission *subs, size_t n, const struct class_opts *o)
{
	int tty = isatty(STDOUT_FILENO);
	int64_t start = clock_ms(), drawn = 0;
	size_t done = 0, running = 0;
	int64_t limit = (int64_t)o->timeout_s * 1000;

	for (size_t i = 0; i < n; i++)
		if (settled(&subs[i])) {
			done++;
			progress(o, &subs[i], done, n, start, tty);
		}
	while (done < n && !sandbox_stop) {
		for (size_t i = 0; i < n && running < (size_t)o->jobs; i++) {
			struct submission *s = &subs[i];

			if (s->state != SUB_PENDING || s->leader != -1)
				continue;
			if (start_grading(s, o) == 0)
				running++;
			else
				s->state = SUB_FAILED;
		}
		for (size_t i = 0; i < n; i++) {
			struct submission *s = &subs[i];
			int was = s->state;

			if (s->state == SUB_GRADING && (proc_poll(&s->proc) ||
			    clock_ms() - s->started_ms > limit)) {
				if (s->proc.running && !proc_poll(&s->proc)) {
					proc_stop(&s->proc, 5000);
					s->state = SUB_FAILED;
					snprintf(s->reason, sizeof s->reason,
					    "its grader took more than %d s",
					    o->timeout_s);
				} else
					finish_grading(s, o);
				running--;
			}
			if (s->state == SUB_PENDING && s->leader != -1 &&
			    settled(&subs[s->leader]))
				follow(s, &subs[s->leader], o);
			if (!settled(s) || was == SUB_DONE ||
			    was == SUB_REFUSED || was == SUB_FAILED)
				continue;
			done++;
			if (s->state == SUB_FAILED)
				fprintf(stderr, "%sgrade: %s: not graded: %s\n",
				    tty ? "\n" : "", s->path, s->reason);
			progress(o, s, done, n, start, tty);
		}
		if (tty && clock_ms() - drawn >= 500) {
			progress(o, NULL, done, n, start, tty);
			drawn = clock_ms();
		}
		clock_sleep_ms(50);
	}
	if (tty)
		printf("\n");
	if (!sandbox_stop)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (subs[i].state == SUB_GRADING)
			proc_stop(&subs[i].proc, 5000);
	return -1;
}

static void
on_signal(int sig)
{
	(void)sig;
	sandbox_stop = 1;
}

/* Make OUTDIR, its work/ and students/. Returns 0 or -1. */
static int
make_outdir(const char *out)
{
	char p[PATH_MAX + 16];

	if (workspace_make_dir_mode(out, 0755) == -1)
		return -1;
	snprintf(p, sizeof p, "%s/work", out);
	if (workspace_make_dir_mode(p, 0755) == -1)
		return -1;
	snprintf(p, sizeof p, "%s/students", out);
	return workspace_make_dir_mode(p, 0755);
}

/* The lessons graded, for the refused students' rows. */
static const char **
lesson_names(const struct class_opts *o)
{
	const char **names = xmalloc((lesson_count() + 1) * sizeof *names);
	size_t k = 0;

	if (o->n_lessons == 0)
		for (size_t i = 0; i < lesson_count(); i++)
			names[k++] = lesson_at(i)->dir;
	for (size_t i = 0; i < o->n_lessons && k < lesson_count(); i++)
		names[k++] = lesson_find(o->lessons[i])->dir;
	names[k] = NULL;
	return names;
}

int
class_main(int argc, char **argv)
{
	struct class_opts o = { .timeout_s = CLASS_TIMEOUT_S };
	struct submission *subs;
	const char **names;
	char err[512], when[32], outdir[PATH_MAX];
	size_t n, graded = 0, bad = 0;
	ssize_t len;
	int64_t start = clock_ms();
	struct stat st;
	int status;

	/*
	 * Graders mostly wait, the more so on kept reference runs: three
	 * times the CPUs was the fastest measured (README).
	 */
	o.jobs = 3 * (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o.jobs < 3)
		o.jobs = 3;
	if (parse_class_options(argc, argv, &o) == -1)
		return 2;
	len = readlink("/proc/self/exe", o.self, sizeof o.self - 1);
	if (len < 0) {
		fprintf(stderr, "grade: /proc/self/exe: %s\n", strerror(errno));
		return 2;
	}
	o.self[len] = '\0';
	/* For tests/class: a stand-in grader that crashes, hangs, or wavers. */
	if (getenv("SOCKLAB_CLASS_GRADER") != NULL)
		snprintf(o.self, sizeof o.self, "%s",
		    getenv("SOCKLAB_CLASS_GRADER"));
	if (stat(o.dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "grade: --class %s: %s\n", o.dir, stat(o.dir,
		    &st) == -1 ? strerror(errno) : "not a directory");
		return 2;
	}
	if (check_pass_options(&o) == -1 || make_outdir(o.out) == -1)
		return 2;
	/* The child graders run in their work directories: absolute paths. */
	if (realpath(o.out, outdir) == NULL) {
		fprintf(stderr, "grade: %s: %s\n", o.out, strerror(errno));
		return 2;
	}
	snprintf(o.out, sizeof o.out, "%s", outdir);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	subs = find_submissions(&o, &n);
	if (subs == NULL)
		return 2;
	for (size_t i = 0; i < n && !sandbox_stop; i++)
		if (subs[i].state == SUB_PENDING)
			prepare(&subs[i], &o);
	key_submissions(subs, n, &o);
	if (grade_all(subs, n, &o) == -1) {
		fprintf(stderr, "grade: interrupted\n");
		free(subs);
		return 130;
	}
	names = lesson_names(&o);
	status = classreport_write(o.out, o.dir, subs, n, names, err,
	    sizeof err);
	if (status == -1)
		fprintf(stderr, "grade: %s\n", err);
	for (size_t i = 0; i < n; i++)
		if (subs[i].state == SUB_DONE)
			graded++;
		else
			bad++;
	format_time(when, sizeof when, (double)(clock_ms() - start) / 1000);
	printf("graded %zu of %zu submissions in %s (%zu refused or not "
	    "graded): %s/grades.csv, %s/summary.txt\n", graded, n, when, bad,
	    o.out, o.out);
	free(names);
	free(subs);
	free(o.pass);
	free(o.lessons);
	return status == -1 ? 2 : bad > 0 ? 1 : 0;
}

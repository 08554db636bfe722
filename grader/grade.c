/*
 * grade.c: the grader's command line. Reads the options, finds the lessons
 * to grade, hands them to prepare.c (sources and builds) and jobs.c (checks
 * and verdicts), and prints the report. workspace.c holds the temporary tree
 * and who student code runs as.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
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
#include "cache.h"
#include "clock.h"
#include "class.h"
#include "coverage.h"
#include "gradescope.h"
#include "grade.h"
#include "hint.h"
#include "history.h"
#include "jobs.h"
#include "lab.h"
#include "labgrade.h"
#include "lesson.h"
#include "points.h"
#include "prepare.h"
#include "progress.h"
#include "report.h"
#include "sandbox.h"
#include "workspace.h"

static void
usage(FILE *out)
{
	fprintf(out,
"usage: grade [OPTIONS] [LESSON [CHECK...]...]\n"
"Grade socklab lessons: build each lesson's programs and run its checks.\n"
"LESSON is a number (02), a directory name (02-udp-hello) or a name\n"
"(udp-hello); with none, every lesson is graded. A CHECK after its\n"
"LESSON grades only that check (grade 01 server-listens).\n"
"\n"
"  --dir PATH        grade the lessons in PATH (a tree laid out like lessons/)\n"
"  --solutions       grade the reference solutions themselves\n"
"  --format FORMAT   text (default), tap, json, or gradescope (its\n"
"                    autograder's results.json: a test per check)\n"
"  --points FILE     what the lessons and checks are worth (a file of\n"
"                    lines '01-tcp-hello total 20' and '01-tcp-hello\n"
"                    server-listens weight 3'); the text report shows\n"
"                    points. By default each lesson is worth 10, split\n"
"                    equally over its checks; json and gradescope always\n"
"                    give points\n"
"  --strict          count lessons not started as failed\n"
"  --automake        exit 77 (skip) when no graded lesson was started, and\n"
"                    99 (error) instead of 3\n"
"  --valgrind        run the programs under valgrind's memcheck, adding a\n"
"                    check per program (memcheck-server, ...)\n"
"  --check NAME      run only the check NAME (repeat for more; grade --list\n"
"                    names them); lessons without it are left out, and the\n"
"                    memcheck checks judge only the checks that ran\n"
"  --fail-fast       start no check once one has failed (checks already\n"
"                    running finish); those never started are reported\n"
"                    as skipped: for tools that want only pass or fail\n"
"                    (tests/mutate/run)\n"
"  --show            show what passed checks saw too: what the grader did,\n"
"                    the packets, and what the reference's and your programs\n"
"                    did (the JSON has it always)\n"
"  --pcap            keep a packet capture of every check's two runs (by\n"
"                    default, with text output, of each failing check's)\n"
"  --no-pcap         keep no packet captures\n"
"  --pcap-dir DIR    where captures go (default: captures)\n"
"  --sandbox MODE    auto (default), netns or ports (or SOCKLAB_SANDBOX)\n"
"  -j, --jobs N      run N checks at once, and build N programs beside\n"
"                    them (default: CPUs + 1)\n"
"  --time-scale X    multiply every timeout by X (default 1; 10 with --valgrind)\n"
"  --reference-runs DIR  keep the reference solution's runs of the checks\n"
"                    in DIR, and reuse those kept by earlier graders\n"
"                    instead of running the reference again (grade --class\n"
"                    does); a check that fails against a kept run is run\n"
"                    again, both sides at once, before it counts\n"
"  --cached-reference-runs  the same, in the grader's cache (make watch\n"
"                    does); nothing is kept when it cannot be written\n"
"  --lab             run the lessons' lab experiments instead of their\n"
"                    checks (lesson 12: round trips, throughput, against\n"
"                    iperf3 and sockperf), with your programs and the\n"
"                    reference's, and write a table and plots of what they\n"
"                    measured: judges nothing\n"
"  --lab-dir DIR     where --lab writes, DIR/LESSON/ (default: lab)\n"
"  --list            list the lessons and their checks\n"
"  --coverage        print each contract rule of the lessons' READMEs and the\n"
"                    checks that test it; exit 1 if a rule has none\n"
"  --hint            grade one lesson (LESSON [CHECK]) and give the next hint\n"
"                    for its first failing check (or CHECK), in stages on\n"
"                    successive calls: what differs, the likely bug, the\n"
"                    README rules to reread\n"
"  --quick MS        for make watch's first look: grade only the checks that\n"
"                    took less than MS last time, and name the others at\n"
"                    the end; exit 4 when some were left out\n"
"  --progress-first  print the one-line summary of the lessons done before\n"
"                    the report (make watch)\n"
"  --from-lesson DIR  make grade runs in lesson directory DIR (lesson.mk):\n"
"                    the next steps printed say what to type there\n"
"  --write-skeleton-sums  record the lessons' files as the shipped skeletons\n"
"  --hash FILE...    print FILE's hash as .skeleton-sums records it (of its\n"
"                    code: comments and spacing left out)\n"
"  --class DIR       grade every submission in DIR (grade --class DIR --help)\n"
"  -h, --help        show this help\n"
"\n"
"Exit status: 0 when everything graded passed, 1 when something failed,\n"
"2 for bad usage or an unknown lesson, 3 when nothing failed but some check\n"
"was inconclusive: the grader, not the code, could not finish it (a busy\n"
"machine; grade again, or try --time-scale 3).\n");
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	static char cached_runs[PATH_MAX];
	static const struct option longs[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "solutions", no_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "points", required_argument, NULL, 'p' },
		{ "strict", no_argument, NULL, 's' },
		{ "automake", no_argument, NULL, 'a' },
		{ "valgrind", no_argument, NULL, 'v' },
		{ "sandbox", required_argument, NULL, 'x' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "time-scale", required_argument, NULL, 't' },
		{ "check", required_argument, NULL, 'c' },
		{ "fail-fast", no_argument, NULL, 'F' },
		{ "show", no_argument, NULL, 'O' },
		{ "pcap", no_argument, NULL, 'P' },
		{ "no-pcap", no_argument, NULL, 'N' },
		{ "pcap-dir", required_argument, NULL, 'D' },
		{ "list", no_argument, NULL, 'l' },
		{ "lab", no_argument, NULL, 'L' },
		{ "lab-dir", required_argument, NULL, 'B' },
		{ "coverage", no_argument, NULL, 'C' },
		{ "write-skeleton-sums", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "hint", no_argument, NULL, 'H' },
		{ "progress-first", no_argument, NULL, 'G' },
		{ "from-lesson", required_argument, NULL, 'I' },
		{ "hash", no_argument, NULL, 'X' },
		{ "reference-runs", required_argument, NULL, 'K' },
		{ "cached-reference-runs", no_argument, NULL, 'k' },
		{ "quick", required_argument, NULL, 'Q' },
		/*
		 * For the grader's own tests, not in --help: grade against
		 * the reference solutions in another tree (a "reference"
		 * that misses its own outcome, tests/inconclusive).
		 */
		{ "reference", required_argument, NULL, 'R' },
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
		case 'L': o->lab = 1; break;
		case 'B': o->lab_dir = optarg; break;
		case 'C': o->coverage = 1; break;
		case 'F': o->fail_fast = 1; break;
		case 'O': o->show = 1; break;
		case 'P': o->pcap = 1; break;
		case 'N': o->pcap = -1; break;
		case 'D': o->pcap_dir = optarg; break;
		case 'c':
			if (strncmp(optarg, "memcheck-", 9) == 0) {
				fprintf(stderr, "grade: --check %s: the memcheck "
				    "checks judge the others; use --valgrind\n",
				    optarg);
				return -1;
			}
			o->only = xrealloc(o->only,
			    (o->n_only + 1) * sizeof *o->only);
			o->only[o->n_only++] = optarg;
			break;
		case 'W': o->write_sums = 1; break;
		case 'p': o->points_file = optarg; break;
		case 'H': o->hint = 1; break;
		case 'G': o->progress_first = 1; break;
		case 'I': o->here = optarg; break;
		case 'X': o->hash = 1; break;
		case 'R': o->ref_dir = optarg; break;
		case 'K': o->reference_runs = optarg; break;
		case 'k': o->cached_runs = 1; break;
		case 'Q':
			o->quick_ms = atol(optarg);
			if (o->quick_ms < 1 || o->quick_ms > 3600000) {
				fprintf(stderr, "grade: --quick wants "
				    "milliseconds, from 1 to 3600000, not "
				    "'%s'\n", optarg);
				return -1;
			}
			break;
		case 'h': usage(stdout); exit(0);
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o->format = FORMAT_TEXT;
			else if (strcmp(optarg, "tap") == 0)
				o->format = FORMAT_TAP;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else if (strcmp(optarg, "gradescope") == 0)
				o->format = FORMAT_GRADESCOPE;
			else {
				fprintf(stderr, "grade: unknown format '%s': "
				    "use text, tap, json or gradescope\n", optarg);
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
	if (o->lab && (o->valgrind || o->n_only > 0 || o->fail_fast)) {
		fprintf(stderr, "grade: --lab runs every experiment of a lab, "
		    "at full speed: not with --valgrind, --check or "
		    "--fail-fast\n");
		return -1;
	}
	if (o->lab_dir != NULL && (!o->lab || o->lab_dir[0] == '\0')) {
		fprintf(stderr, "grade: --lab-dir wants a directory, and "
		    "--lab\n");
		return -1;
	}
	if (o->cached_runs && o->reference_runs == NULL && cache_writable() &&
	    cache_path(cached_runs, sizeof cached_runs, "reference-runs") == 0)
		o->reference_runs = cached_runs;
	/* Made here, so that graders sharing it can start at once. */
	if (o->reference_runs != NULL && mkdir(o->reference_runs, 0755) == -1 &&
	    errno != EEXIST) {
		fprintf(stderr, "grade: --reference-runs %s: %s; give it a "
		    "directory the grader can write\n", o->reference_runs,
		    strerror(errno));
		return -1;
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

static void
on_stop_signal(int sig)
{
	(void)sig;
	sandbox_stop = 1;
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
	if (lab_find_tool("valgrind", path, n) == 0)
		return 0;
	fprintf(stderr, "grade: --valgrind needs valgrind, which is not "
	    "installed: sudo apt-get install valgrind\n");
	return -1;
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
			if (build_hash_code(file, &h) == -1) {
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

/* grade --hash FILE...: each file's hash, as .skeleton-sums records it. */
static int
print_hashes(char **files, int n)
{
	int status = n > 0 ? 0 : 2;

	if (n == 0)
		fprintf(stderr, "grade: --hash wants one file or more\n");
	for (int i = 0; i < n; i++) {
		uint64_t h;

		if (build_hash_code(files[i], &h) == -1) {
			fprintf(stderr, "grade: %s: %s\n", files[i],
			    strerror(errno));
			status = 2;
			continue;
		}
		printf("%016" PRIx64 "  %s\n", h, files[i]);
	}
	return status;
}

/*
 * grade --hint LESSON [CHECK]: CHECK becomes the only check to run. Returns
 * the number of LESSON arguments left (1), or -1 after a message.
 */
static int
hint_arguments(char **args, int nargs, struct options *o)
{
	if (nargs < 1 || nargs > 2 || o->format != FORMAT_TEXT ||
	    o->n_only > 0) {
		fprintf(stderr, "grade: --hint wants one lesson and at most "
		    "one check: grade --hint 01 [server-listens]\n");
		return -1;
	}
	if (nargs == 2) {
		o->only = xrealloc(o->only, sizeof *o->only);
		o->only[o->n_only++] = args[1];
	}
	/* A hint keeps no packet capture. */
	o->pcap = -1;
	return 1;
}

/*
 * Remember this run's verdicts of the n lessons sel (not those of a partial
 * or reference run) and return what is remembered; NULL: out of memory.
 */
static struct progress *
remember_progress(const struct report *r, const struct lesson **sel,
    size_t n, const struct options *o)
{
	char path[PATH_MAX];
	struct progress *p;

	progress_path(path, sizeof path, "progress");
	p = progress_load(path);
	if (p == NULL || o->solutions || o->n_only > 0 || o->fail_fast)
		return p;
	for (size_t i = 0; i < n; i++) {
		uint64_t h;

		if (progress_hash(sel[i], o->dir, &h) == 0)
			progress_put(p, &r->lessons[i], h);
	}
	if (progress_save(p, path) == -1)
		fprintf(stderr, "grade: %s: %s (progress not remembered)\n",
		    path, strerror(errno));
	return p;
}

/* Is name one of lesson l's checks? */
static int
has_check(const struct lesson *l, const char *name)
{
	for (size_t c = 0; c < l->n_checks; c++)
		if (strcmp(l->checks[c].name, name) == 0)
			return 1;
	return 0;
}

/*
 * Resolve the LESSON arguments; unknown ones are reported and skipped. A
 * check's name after its lesson ("grade 01 server-listens") is taken as
 * --check NAME.
 */
static size_t
select_lessons(char **args, int nargs, const struct lesson **sel, int *bad,
    struct options *o)
{
	size_t n = 0;

	if (nargs == 0) {
		for (size_t i = 0; i < lesson_count(); i++)
			sel[n++] = lesson_at(i);
		return n;
	}
	for (int i = 0; i < nargs; i++) {
		const struct lesson *l = lesson_find(args[i]);

		if (l == NULL && n > 0 && has_check(sel[n - 1], args[i])) {
			o->only = xrealloc(o->only,
			    (o->n_only + 1) * sizeof *o->only);
			o->only[o->n_only++] = args[i];
			continue;
		}
		if (l == NULL && n > 0) {
			fprintf(stderr, "grade: '%s' is neither a lesson nor a "
			    "check of %s (grade --list shows them)\n", args[i],
			    sel[n - 1]->dir);
			*bad = 1;
			continue;
		}
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
 * With --check: replace each selected lesson by a copy holding only the
 * checks named, dropping lessons left without any. Every name must match a
 * check of some selected lesson. Returns the new count, or -1 after a
 * message.
 */
static long
select_checks(const struct lesson **sel, size_t n, const struct options *o)
{
	size_t kept = 0;

	for (size_t k = 0; k < o->n_only; k++) {
		size_t i, c;

		for (i = 0; i < n; i++) {
			for (c = 0; c < sel[i]->n_checks; c++)
				if (strcmp(sel[i]->checks[c].name,
				    o->only[k]) == 0)
					break;
			if (c < sel[i]->n_checks)
				break;
		}
		if (i == n) {
			fprintf(stderr, "grade: --check %s: no such check in "
			    "the lessons graded (grade --list shows them)\n",
			    o->only[k]);
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct lesson *view = xmalloc(sizeof *view);
		struct check *checks = xmalloc(sel[i]->n_checks *
		    sizeof *checks);
		size_t m = 0;

		*view = *sel[i];
		for (size_t c = 0; c < sel[i]->n_checks; c++)
			for (size_t k = 0; k < o->n_only; k++)
				if (strcmp(sel[i]->checks[c].name,
				    o->only[k]) == 0) {
					checks[m++] = sel[i]->checks[c];
					break;
				}
		if (m == 0) {
			free(checks);
			free(view);
			continue;
		}
		view->checks = checks;
		view->n_checks = m;
		sel[kept++] = view;
	}
	return (long)kept;
}

/*
 * --quick: select (as --check would) the checks of the lessons that took
 * less than o->quick_ms when they last ran, or were never measured; name
 * the others in left ("NAME (1.0 s), ..."). Leaves o as it is when none is
 * slower.
 */
static void
leave_out_slow(const struct lesson **sel, size_t n, struct options *o,
    struct bytes *left)
{
	char path[PATH_MAX];
	struct history *h = cache_path(path, sizeof path, HISTORY_FILE) == 0 ?
	    history_load(path) : NULL;

	for (size_t i = 0; h != NULL && i < n; i++)
		for (size_t c = 0; c < sel[i]->n_checks; c++) {
			const char *name = sel[i]->checks[c].name;
			long ms = history_get(h, sel[i]->dir, name);

			if (ms >= o->quick_ms) {
				bytes_printf(left, "%s%s (%.1f s)",
				    left->len ? ", " : "", name, ms / 1000.0);
				continue;
			}
			o->only = xrealloc(o->only,
			    (o->n_only + 1) * sizeof *o->only);
			o->only[o->n_only++] = name;
		}
	history_free(h);
	if (left->len == 0) {
		free(o->only);
		o->only = NULL;
		o->n_only = 0;
	}
}

/* Frees what select_checks() made: the lesson views and the --check names. */
static void
free_selection(const struct lesson **sel, size_t n, struct options *o)
{
	/* The views are ours (xmalloc'd), only const to the rest of grade. */
	if (o->n_only > 0 && !o->write_sums)
		for (size_t i = 0; i < n; i++) {
			free((void *)sel[i]->checks);
			free((void *)sel[i]);
		}
	free(o->only);
	o->only = NULL;
	o->n_only = 0;
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

/* Does dir hold the directory of any of the n lessons of sel? */
static int
holds_lessons(const char *dir, const struct lesson **sel, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX];
		struct stat st;

		snprintf(path, sizeof path, "%s/%s", dir, sel[i]->dir);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 1;
	}
	return 0;
}

/*
 * Look for the lessons one or two folders below dir (a copy unpacked one
 * folder too deep), into found. Returns 1 if found.
 */
static int
find_lessons_below(const char *dir, const struct lesson **sel, size_t n,
    int depth, char *found, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int hit = 0;

	if (d == NULL)
		return 0;
	while (!hit && (e = readdir(d)) != NULL) {
		char sub[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
		if (lstat(sub, &st) == -1 || !S_ISDIR(st.st_mode))
			continue;
		if (holds_lessons(sub, sel, n)) {
			snprintf(found, len, "%s", sub);
			hit = 1;
		} else if (depth > 1) {
			hit = find_lessons_below(sub, sel, n, depth - 1, found,
			    len);
		}
	}
	closedir(d);
	return hit;
}

/*
 * The lessons must be in o->dir: when none is, say in one line where they
 * were looked for (and where they are, if one folder deeper). Returns 0, or
 * -1 after the message.
 */
static int
check_lessons_dir(const struct options *o, const struct lesson **sel,
    size_t n)
{
	char found[PATH_MAX];
	struct stat st;

	if (n == 0 || holds_lessons(o->dir, sel, n))
		return 0;
	if (stat(o->dir, &st) == -1)
		fprintf(stderr, "grade: %s: %s; give --dir the folder that "
		    "holds the lesson folders (%s, ...)\n", o->dir,
		    strerror(errno), sel[0]->dir);
	else if (find_lessons_below(o->dir, sel, n, 2, found, sizeof found))
		fprintf(stderr, "grade: no lesson folder (%s, ...) in %s, but "
		    "there are some in %s: grade --dir '%s'\n", sel[0]->dir,
		    o->dir, found, found);
	else
		fprintf(stderr, "grade: no lesson folder (%s, ...) in %s; "
		    "give --dir the folder that holds them\n", sel[0]->dir,
		    o->dir);
	return -1;
}

/* Were all of r's lessons skipped (they cannot run here)? */
static int
all_skipped(const struct report *r)
{
	for (size_t i = 0; i < r->n_lessons; i++)
		if (r->lessons[i].state != LESSON_SKIPPED)
			return 0;
	return r->n_lessons > 0;
}

static int
final_status(const struct report *r, const struct options *o, int bad_args)
{
	int started = 0, status;

	for (size_t i = 0; i < r->n_lessons; i++)
		started |= r->lessons[i].state != LESSON_NOT_STARTED &&
		    r->lessons[i].state != LESSON_SKIPPED;
	if (bad_args)
		return 2;
	if (o->automake && !started && (!o->strict || all_skipped(r)))
		return 77;
	status = report_exit_status(r);
	/* To Automake, 99 is a hard error: the harness's, not the test's. */
	if (o->automake && status == REPORT_INCONCLUSIVE)
		return 99;
	return status;
}

/*
 * Print the report of the n lessons sel, and (as text) what is remembered of
 * every lesson. Returns the exit status.
 */
static int
print_report(const struct report *rep, const struct lesson **sel, size_t n,
    const struct options *o, int bad, double seconds)
{
	struct progress *p = remember_progress(rep, sel, n, o);
	/* A first look (--quick that left checks out) remembers nothing. */
	int text = o->format == FORMAT_TEXT && !o->solutions && p != NULL &&
	    !(o->quick_ms > 0 && o->n_only > 0);

	if (text && o->progress_first)
		progress_print(stdout, p, o->dir, o->skel_dir, o->here, 1);
	if (o->format == FORMAT_GRADESCOPE)
		gradescope_print(stdout, rep, seconds);
	else
		report_print(stdout, rep, o->format, o->format == FORMAT_TEXT &&
		    (isatty(STDOUT_FILENO) || getenv("SOCKLAB_COLOR") !=
		    NULL) && getenv("NO_COLOR") == NULL);
	if (text)
		progress_print(stdout, p, o->dir, o->skel_dir, o->here, 0);
	progress_free(p);
	return final_status(rep, o, bad);
}

int
main(int argc, char **argv)
{
	struct options o = {
		.dir = SOCKLAB_SRCDIR "/lessons",
		.ref_dir = SOCKLAB_SRCDIR "/solutions",
		.skel_dir = SOCKLAB_SRCDIR "/lessons",
		.sandbox = "auto",
		.pcap_dir = "captures",
		.lab_dir = NULL,
		.time_scale = 1,
	};
	const struct lesson **sel;
	struct lesson_report *reports;
	struct work *works;
	struct report rep;
	struct points *points;
	int64_t started = clock_ms();
	char desc[512], perr[1024];
	int bad = 0, unknown_check = 0, status;
	/* --quick: the checks left out (static: reachable on early exits) */
	static struct bytes left_out;
	size_t n;

	/* grade --class DIR: a whole class, by class.c. */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--class") == 0 ||
		    strncmp(argv[i], "--class=", 8) == 0)
			return class_main(argc, argv);
	o.cc = getenv("SOCKLAB_CC") ? getenv("SOCKLAB_CC") : SOCKLAB_CC;
	if (getenv("SOCKLAB_SANDBOX") != NULL)
		o.sandbox = getenv("SOCKLAB_SANDBOX");
	o.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN) + 1;
	if (parse_options(argc, argv, &o) == -1)
		return 2;
	if (o.hash)
		return print_hashes(argv + optind, argc - optind);
	if (o.hint) {
		int left = hint_arguments(argv + optind, argc - optind, &o);

		if (left == -1)
			return 2;
		argc = optind + left;
	}
	if (o.solutions)
		o.dir = SOCKLAB_SRCDIR "/solutions";
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
	/* As many lessons as arguments, or every lesson. */
	n = argc > optind ? (size_t)(argc - optind) : lesson_count();
	sel = calloc(n ? n : 1, sizeof *sel);
	works = calloc(n ? n : 1, sizeof *works);
	if (sel == NULL || works == NULL) {
		fprintf(stderr, "grade: out of memory\n");
		return 2;
	}
	n = select_lessons(argv + optind, argc - optind, sel, &bad, &o);
	if (o.quick_ms > 0 && o.n_only == 0 && !o.lab && !o.write_sums &&
	    !o.coverage && !o.hint)
		leave_out_slow(sel, n, &o, &left_out);
	if (o.n_only > 0 && !o.write_sums) {
		long kept = select_checks(sel, n, &o);

		n = kept == -1 ? 0 : (size_t)kept;
		if (kept == -1)
			unknown_check = bad = 1;
	}
	/* The commands that only read the lesson table end here. */
	if (unknown_check || o.coverage || o.write_sums) {
		status = 2;
		if (!bad && o.coverage)
			status = coverage_report(sel, n, o.skel_dir);
		else if (!bad && o.write_sums)
			status = write_skeleton_sums(sel, n, o.dir) ? 2 : 0;
		free_selection(sel, n, &o);
		free(sel);
		free(works);
		return status;
	}
	if (!bad && !o.solutions && check_lessons_dir(&o, sel, n) == -1) {
		free_selection(sel, n, &o);
		free(sel);
		free(works);
		return 2;
	}
	if ((points = points_load(o.points_file, perr, sizeof perr)) == NULL) {
		fprintf(stderr, "grade: %s\n", perr);
		free_selection(sel, n, &o);
		free(sel);
		free(works);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* Ctrl-C stops the checks, kills what they started, cleans up. */
	signal(SIGINT, on_stop_signal);
	signal(SIGTERM, on_stop_signal);
	/* English, ASCII messages from the compiler and from perror(). */
	setenv("LC_ALL", "C", 1);

	if (workspace_init() == -1)
		return 2;

	rep.sandbox = desc;
	rep.strict = o.strict;
	rep.show = o.show;
	rep.here = o.here;
	enum sandbox_mode mode = choose_sandbox(&o, desc, sizeof desc);
	o.no_netns = mode == SANDBOX_PORTS;
	if (o.lab) {
		if (o.lab_dir == NULL)
			o.lab_dir = "lab";
		/* Measurements keep no captures. */
		o.pcap = -1;
		status = bad ? 2 : lab_grade(sel, n, argc > optind, &o, mode);
		points_free(points);
		free_selection(sel, n, &o);
		free(sel);
		free(works);
		return status;
	}
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
	rep.show_points = o.points_file != NULL;
	for (size_t i = 0; i < n; i++)
		points_assign(points, &reports[i]);
	if (o.hint) {
		char path[PATH_MAX];

		progress_path(path, sizeof path, "hints");
		status = n == 1 && !bad ? hint_print(stdout, sel[0],
		    &reports[0], o.n_only ? o.only[0] : NULL, o.skel_dir,
		    path) : 2;
	} else
		status = print_report(&rep, sel, n, &o, bad,
		    (double)(clock_ms() - started) / 1000);
	if (left_out.len > 0) {
		if (o.format == FORMAT_TEXT)
			printf("\nLeft out, slower than %ld ms last time: %s\n",
			    o.quick_ms, bytes_str(&left_out));
		status = 4;
	}
	bytes_free(&left_out);
	for (size_t i = 0; i < n; i++)
		lesson_report_free(&reports[i]);
	free(reports);
	free(works);
	free_selection(sel, n, &o);
	free(sel);
	points_free(points);
	return status;
}

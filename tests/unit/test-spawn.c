/* test-spawn.c: starting, waiting for, limiting and stopping programs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "bytes.h"
#include "clock.h"
#include "spawn.h"

static char root[64];		/* this run's, removed even if tests fail */
static char tmp[96];		/* this test's, inside root */
static char out_path[128], err_path[128];

static int
remove_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
tmp_setup(void)
{
	snprintf(tmp, sizeof tmp, "%s/test.XXXXXX", root);
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(out_path, sizeof out_path, "%s/out", tmp);
	snprintf(err_path, sizeof err_path, "%s/err", tmp);
}

static void
tmp_teardown(void)
{
	(void)nftw(tmp, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Orphaned grandchildren come back to us, so we can reap and count them. */
static void
subreaper_setup(void)
{
	tmp_setup();
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL), 0);
}

static int
start_sh(struct proc *p, const char *script, const struct limits *lim)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	char err[256] = "";
	int rc;

	rc = proc_start(p, argv, tmp, NULL, out_path, err_path, lim, err,
	    sizeof err);
	if (rc == -1)
		fprintf(stderr, "proc_start: %s\n", err);
	return rc;
}

/* The whole file as a string; the caller frees it with bytes_free. */
static void
slurp(struct bytes *b, const char *path)
{
	int truncated;

	bytes_init(b);
	ck_assert_int_eq(bytes_read_file(b, path, 1 << 22, &truncated), 0);
	ck_assert_int_eq(truncated, 0);
}

static void
assert_file_is(const char *path, const char *want)
{
	struct bytes b;

	slurp(&b, path);
	ck_assert_str_eq(bytes_str(&b), want);
	bytes_free(&b);
}

/* Wait until path holds a complete line with a pid; 0 on timeout. */
static pid_t
read_pid_file(const char *path, int64_t deadline)
{
	for (;;) {
		struct bytes b;
		int truncated;
		pid_t pid = 0;

		bytes_init(&b);
		if (bytes_read_file(&b, path, 64, &truncated) == 0 &&
		    b.len > 0 && b.data[b.len - 1] == '\n')
			pid = (pid_t)atoi(b.data);
		bytes_free(&b);
		if (pid > 0 || clock_left_ms(deadline) == 0)
			return pid;
		clock_sleep_ms(1);
	}
}

/* Is pid gone (reaped if it was ours) before the deadline? */
static int
process_gone(pid_t pid, int64_t deadline)
{
	for (;;) {
		(void)waitpid(pid, NULL, WNOHANG);
		if (kill(pid, 0) == -1 && errno == ESRCH)
			return 1;
		if (clock_left_ms(deadline) == 0)
			return 0;
		clock_sleep_ms(1);
	}
}

static void
describe(int status, char *buf, size_t n)
{
	memset(buf, 0, n);
	describe_status(status, buf, n);
}

START_TEST(test_start_captures_stdout_and_stderr)
{
	struct proc p;

	ck_assert_int_eq(start_sh(&p, "echo out; echo err >&2; exit 3", NULL),
	    0);
	ck_assert_int_gt(p.pid, 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	ck_assert_int_eq(p.running, 0);
	ck_assert(WIFEXITED(p.status));
	ck_assert_int_eq(WEXITSTATUS(p.status), 3);
	ck_assert_str_eq(p.out_path, out_path);
	ck_assert_str_eq(p.err_path, err_path);
	assert_file_is(out_path, "out\n");
	assert_file_is(err_path, "err\n");
}
END_TEST

START_TEST(test_start_runs_in_cwd_with_stdin)
{
	char *argv[] = { "/bin/sh", "-c", "pwd -P; cat", NULL };
	char in_path[128], real[4096], want[4200], err[256];
	struct proc p;
	FILE *f;

	snprintf(in_path, sizeof in_path, "%s/in", tmp);
	ck_assert_ptr_nonnull(f = fopen(in_path, "w"));
	fputs("from stdin\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ptr_nonnull(realpath(tmp, real));

	ck_assert_int_eq(proc_start(&p, argv, tmp, in_path, out_path,
	    err_path, NULL, err, sizeof err), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	snprintf(want, sizeof want, "%s\nfrom stdin\n", real);
	assert_file_is(out_path, want);
}
END_TEST

START_TEST(test_start_truncates_output_files)
{
	struct proc p;
	FILE *f;

	ck_assert_ptr_nonnull(f = fopen(out_path, "w"));
	fputs("old output that must go away\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(start_sh(&p, "echo new", NULL), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	assert_file_is(out_path, "new\n");
}
END_TEST

START_TEST(test_start_reports_missing_program)
{
	char *argv[] = { "/nonexistent/socklab-no-such-program", NULL };
	char err[256] = "";
	struct proc p;

	ck_assert_int_eq(proc_start(&p, argv, tmp, NULL, out_path, err_path,
	    NULL, err, sizeof err), -1);
	/* The child's errno, for callers that tell the host's faults apart. */
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_nonnull(strstr(err,
	    "/nonexistent/socklab-no-such-program"));
	ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
	ck_assert_int_eq(p.running, 0);
}
END_TEST

START_TEST(test_start_reports_unexecutable_file)
{
	char prog[128], err[256] = "";
	char *argv[] = { prog, NULL };
	struct proc p;
	FILE *f;

	snprintf(prog, sizeof prog, "%s/not-executable", tmp);
	ck_assert_ptr_nonnull(f = fopen(prog, "w"));
	fputs("#!/bin/sh\necho ran\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(prog, 0600), 0);

	ck_assert_int_eq(proc_start(&p, argv, tmp, NULL, out_path, err_path,
	    NULL, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, prog));
	ck_assert_ptr_nonnull(strstr(err, strerror(EACCES)));
	ck_assert_int_eq(p.running, 0);
	assert_file_is(out_path, "");
}
END_TEST

START_TEST(test_start_reports_missing_cwd)
{
	char *argv[] = { "/bin/sh", "-c", "echo ran", NULL };
	char cwd[128], err[256] = "";
	struct proc p;

	snprintf(cwd, sizeof cwd, "%s/no-such-dir", tmp);
	ck_assert_int_eq(proc_start(&p, argv, cwd, NULL, out_path, err_path,
	    NULL, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
	ck_assert_int_eq(p.running, 0);
	assert_file_is(out_path, "");
}
END_TEST

START_TEST(test_start_reports_uncreatable_output)
{
	char *argv[] = { "/bin/sh", "-c", "echo ran", NULL };
	char bad[128], err[256] = "";
	struct proc p;

	snprintf(bad, sizeof bad, "%s/no-such-dir/out", tmp);
	ck_assert_int_eq(proc_start(&p, argv, tmp, NULL, bad, err_path, NULL,
	    err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, bad));
	ck_assert_int_eq(p.running, 0);
	ck_assert_int_eq(p.pid, -1);
}
END_TEST

/*
 * The file holds only "SigBlk: X" and "SigIgn: Y" lines, both 0 but for
 * glibc's reserved signals 32 and 33, which no program can change through
 * libc, so an ignored disposition inherited from our own parent stays.
 */
static void
assert_no_blocked_or_ignored_signals(const char *path)
{
	unsigned long long blocked = 1, ignored = 1;
	const unsigned long long reserved = 3ULL << 31;
	struct bytes b;
	int truncated, fields;

	bytes_init(&b);
	ck_assert_int_eq(bytes_read_file(&b, path, 4096, &truncated), 0);
	fields = sscanf(bytes_str(&b), "SigBlk:\t%llx\nSigIgn:\t%llx\n",
	    &blocked, &ignored);
	bytes_free(&b);
	ck_assert_int_eq(fields, 2);
	ck_assert_msg(blocked == 0, "blocked signals: %llx", blocked);
	ck_assert_msg((ignored & ~reserved) == 0, "ignored signals: %llx",
	    ignored);
}

START_TEST(test_child_gets_default_signals_and_no_extra_fds)
{
	sigset_t usr1, old;
	char script[256];
	int fd, extra, started, waited = -1;
	struct proc p;

	/* Our own odd state, which the child must not inherit. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &usr1, &old), 0);
	ck_assert(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	extra = fcntl(fd, F_DUPFD, 100);	/* not close-on-exec */
	ck_assert_int_ge(extra, 100);
	close(fd);

	snprintf(script, sizeof script, "if [ -e /proc/$$/fd/%d ]; then "
	    "echo fd %d is open; fi; "
	    "exec grep -E '^Sig(Blk|Ign):' /proc/self/status", extra, extra);
	if ((started = start_sh(&p, script, NULL)) == 0)
		waited = proc_wait(&p, clock_ms() + 5000);

	close(extra);
	signal(SIGUSR2, SIG_DFL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	ck_assert_int_eq(started, 0);
	ck_assert_int_eq(waited, 0);
	assert_no_blocked_or_ignored_signals(out_path);
}
END_TEST

START_TEST(test_poll_reports_running_then_ended)
{
	char *argv[] = { "/bin/sh", "-c", "read line", NULL };
	char fifo[128], err[256];
	struct proc p;
	int wfd;

	/* The child blocks on a FIFO until we let it go: no timing guess. */
	snprintf(fifo, sizeof fifo, "%s/fifo", tmp);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	wfd = open(fifo, O_RDWR);
	ck_assert_int_ge(wfd, 0);
	ck_assert_int_eq(proc_start(&p, argv, tmp, fifo, out_path, err_path,
	    NULL, err, sizeof err), 0);
	ck_assert_int_eq(proc_poll(&p), 0);
	ck_assert_int_eq(p.running, 1);
	ck_assert_int_eq(write(wfd, "go\n", 3), 3);
	close(wfd);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	ck_assert_int_eq(proc_poll(&p), 1);
	ck_assert_int_eq(p.running, 0);
	ck_assert(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0);
}
END_TEST

/*
 * A child reaped behind proc_poll()'s back (waitpid: ECHILD) ended, but
 * how is unknown: it must never read as "exited with status 0".
 */
START_TEST(test_poll_lost_status_is_not_exit_0)
{
	char *argv[] = { "/bin/sh", "-c", "exit 3", NULL };
	char err[256], how[128];
	struct proc p;
	int status;

	ck_assert_int_eq(proc_start(&p, argv, tmp, NULL, out_path, err_path,
	    NULL, err, sizeof err), 0);
	ck_assert_int_eq(waitpid(p.pid, &status, 0), p.pid);
	ck_assert_int_eq(proc_poll(&p), 1);
	ck_assert_int_eq(p.running, 0);
	ck_assert_int_eq(p.lost, 1);
	proc_describe(&p, how, sizeof how);
	ck_assert_ptr_null(strstr(how, "exited"));
	ck_assert_ptr_nonnull(strstr(how, "lost"));
}
END_TEST

/*
 * An ended leader stays a zombie until proc_stop(): its pid, its group's
 * id, goes to no other process while proc_stop() may still signal the
 * group. Reaped, its group is never signalled again.
 */
START_TEST(test_ended_leader_held_until_stop)
{
	char *argv[] = { "/bin/sh", "-c", "exit 3", NULL };
	char err[256];
	struct proc p;

	ck_assert_int_eq(proc_start(&p, argv, tmp, NULL, out_path, err_path,
	    NULL, err, sizeof err), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	ck_assert(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 3);
	ck_assert_int_eq(kill(p.pid, 0), 0);
	proc_stop(&p, 0);
	ck_assert(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 3);
	ck_assert_int_eq(waitpid(p.pid, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}
END_TEST

START_TEST(test_wait_times_out_at_deadline)
{
	char *argv[] = { "/bin/sleep", "10", NULL };
	char err[256], buf[64];
	struct proc p;
	int64_t t0, waited, stopped;

	ck_assert_int_eq(proc_start(&p, argv, tmp, NULL, out_path, err_path,
	    NULL, err, sizeof err), 0);
	t0 = clock_ms();
	ck_assert_int_eq(proc_wait(&p, t0 + 200), -1);
	waited = clock_ms() - t0;
	ck_assert_int_ge(waited, 200);
	ck_assert_int_lt(waited, 1500);
	ck_assert_int_eq(p.running, 1);
	proc_describe(&p, buf, sizeof buf);
	ck_assert_str_eq(buf, "still running");

	t0 = clock_ms();
	proc_stop(&p, 1000);
	stopped = clock_ms() - t0;
	ck_assert_int_lt(stopped, 1000);
	ck_assert_int_eq(p.running, 0);
	ck_assert(WIFSIGNALED(p.status) && WTERMSIG(p.status) == SIGTERM);
	ck_assert(process_gone(p.pid, clock_ms() + 1000));
}
END_TEST

START_TEST(test_stop_kills_background_child)
{
	char pidfile[128], script[256];
	struct proc p;
	pid_t child;

	snprintf(pidfile, sizeof pidfile, "%s/pid", tmp);
	snprintf(script, sizeof script, "sleep 100 & echo $! > %s; wait",
	    pidfile);
	ck_assert_int_eq(start_sh(&p, script, NULL), 0);
	child = read_pid_file(pidfile, clock_ms() + 5000);
	ck_assert_int_gt(child, 0);
	ck_assert_int_ne(child, p.pid);
	ck_assert_int_eq(kill(child, 0), 0);

	proc_stop(&p, 1000);
	ck_assert_int_eq(p.running, 0);
	ck_assert_msg(process_gone(child, clock_ms() + 2000),
	    "the shell's background child %d outlived proc_stop", (int)child);
}
END_TEST

START_TEST(test_stop_kills_group_that_ignores_sigterm)
{
	char pidfile[128], script[256];
	struct proc p;
	pid_t child;
	int64_t t0, took;

	snprintf(pidfile, sizeof pidfile, "%s/pid", tmp);
	snprintf(script, sizeof script,
	    "trap '' TERM; sleep 100 & echo $! > %s; wait", pidfile);
	ck_assert_int_eq(start_sh(&p, script, NULL), 0);
	child = read_pid_file(pidfile, clock_ms() + 5000);
	ck_assert_int_gt(child, 0);

	t0 = clock_ms();
	proc_stop(&p, 150);
	took = clock_ms() - t0;
	ck_assert_int_ge(took, 150);
	ck_assert_int_lt(took, 3000);	/* far from the 5 s or more of waiting */
	ck_assert_int_eq(p.running, 0);
	ck_assert(WIFSIGNALED(p.status) && WTERMSIG(p.status) == SIGKILL);
	ck_assert_msg(process_gone(child, clock_ms() + 2000),
	    "the shell's background child %d outlived proc_stop", (int)child);
}
END_TEST

START_TEST(test_stop_is_safe_when_ended_or_not_started)
{
	struct proc p, never;
	char buf[64];

	ck_assert_int_eq(start_sh(&p, "exit 7", NULL), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	proc_stop(&p, 100);
	proc_stop(&p, 100);
	ck_assert_int_eq(p.running, 0);
	ck_assert(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 7);

	memset(&never, 0, sizeof never);
	never.pid = -1;
	proc_stop(&never, 100);
	proc_describe(&never, buf, sizeof buf);
	ck_assert_str_eq(buf, "not started");
}
END_TEST

START_TEST(test_file_size_limit_kills_big_writer)
{
	struct proc p;
	struct stat st;
	char buf[128];

	ck_assert_int_eq(start_sh(&p, "exec head -c 2097152 /dev/zero",
	    &spawn_student_limits), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	ck_assert(WIFSIGNALED(p.status));
	ck_assert_int_eq(WTERMSIG(p.status), SIGXFSZ);
	proc_describe(&p, buf, sizeof buf);
	ck_assert_str_eq(buf, "killed: printed more than 1 MiB");
	ck_assert_int_eq(stat(out_path, &st), 0);
	ck_assert_int_eq(st.st_size, 1L << 20);
}
END_TEST

START_TEST(test_file_size_limit_allows_small_output)
{
	struct proc p;
	struct stat st;
	char buf[128];

	ck_assert_int_eq(start_sh(&p, "exec head -c 102400 /dev/zero",
	    &spawn_student_limits), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	proc_describe(&p, buf, sizeof buf);
	ck_assert_str_eq(buf, "exited with status 0");
	ck_assert_int_eq(stat(out_path, &st), 0);
	ck_assert_int_eq(st.st_size, 102400);
}
END_TEST

START_TEST(test_file_size_limit_names_a_file_that_is_not_output)
{
	struct proc p;
	char buf[128];

	ck_assert_int_eq(start_sh(&p, "exec head -c 2097152 /dev/zero >big",
	    &spawn_student_limits), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	proc_describe(&p, buf, sizeof buf);
	ck_assert_str_eq(buf, "killed: wrote a file larger than 1 MiB");
}
END_TEST

START_TEST(test_file_size_limit_words_follow_the_limit)
{
	struct limits lim = spawn_student_limits;
	struct proc p;
	char buf[128];

	lim.file_bytes = 4L << 20;
	ck_assert_int_eq(start_sh(&p, "exec head -c 5000000 /dev/zero",
	    &lim), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	proc_describe(&p, buf, sizeof buf);
	ck_assert_str_eq(buf, "killed: printed more than 4 MiB");
}
END_TEST

/*
 * As root, a program started with run_as runs as nobody, with no groups and
 * no way back; anybody else keeps their identity.
 */
START_TEST(test_run_as_drops_root)
{
	struct identity guest = privilege_guest();
	struct limits lim = spawn_student_limits;
	struct proc p;
	char want[128];
	struct bytes out;

	lim.run_as = &guest;
	ck_assert_int_eq(start_sh(&p, "id -u; id -g; id -G; "
	    "cat /proc/self/status | grep NoNewPrivs", &lim), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	slurp(&out, out_path);
	if (geteuid() == 0) {
		ck_assert_int_ne(guest.uid, 0);
		snprintf(want, sizeof want, "%u\n%u\n%u\nNoNewPrivs:\t1\n",
		    (unsigned)guest.uid, (unsigned)guest.gid,
		    (unsigned)guest.gid);
	} else {
		ck_assert(!privilege_switches(&guest));
		snprintf(want, sizeof want, "%u\n", (unsigned)getuid());
		out.len = strcspn(bytes_str(&out), "\n") + 1;
		out.data[out.len] = '\0';
	}
	ck_assert_str_eq(bytes_str(&out), want);
	bytes_free(&out);
}
END_TEST

/* proc_environment replaces what it sets and keeps the rest. */
START_TEST(test_environment_replaces_and_keeps)
{
	const char *set[] = { "SOCKLAB_T1=new", "SOCKLAB_T3=added", NULL };
	int t1 = 0, t2 = 0, t3 = 0;
	char **env;

	ck_assert_int_eq(setenv("SOCKLAB_T1", "old", 1), 0);
	ck_assert_int_eq(setenv("SOCKLAB_T2", "kept", 1), 0);
	ck_assert_int_eq(setenv("SOCKLAB_T10", "other", 1), 0);
	env = proc_environment(set);
	for (char **e = env; *e != NULL; e++) {
		t1 += strncmp(*e, "SOCKLAB_T1=", 11) == 0;
		t2 += strcmp(*e, "SOCKLAB_T2=kept") == 0;
		t3 += strcmp(*e, "SOCKLAB_T3=added") == 0;
		ck_assert_str_ne(*e, "SOCKLAB_T1=old");
	}
	ck_assert_int_eq(t1, 1);
	ck_assert_int_eq(t2, 1);
	ck_assert_int_eq(t3, 1);
	unsetenv("SOCKLAB_T1");
	unsetenv("SOCKLAB_T2");
	unsetenv("SOCKLAB_T10");
}
END_TEST

START_TEST(test_describe_exit_codes)
{
	char buf[128];

	describe(0, buf, sizeof buf);
	ck_assert_str_eq(buf, "exited with status 0");
	describe(1 << 8, buf, sizeof buf);
	ck_assert_str_eq(buf, "exited with status 1");
	describe(255 << 8, buf, sizeof buf);
	ck_assert_str_eq(buf, "exited with status 255");
}
END_TEST

START_TEST(test_describe_signals)
{
	char buf[128];

	describe(SIGSEGV, buf, sizeof buf);
	ck_assert_str_eq(buf, "crashed: segmentation fault (signal 11)");
	describe(SIGABRT, buf, sizeof buf);
	ck_assert_str_eq(buf, "crashed: aborted (signal 6)");
	describe(SIGKILL, buf, sizeof buf);
	ck_assert_str_eq(buf, "killed by signal 9 (SIGKILL)");
	describe(SIGXFSZ, buf, sizeof buf);
	ck_assert_str_eq(buf, "killed: wrote more than 1 MiB");
	describe(SIGXCPU, buf, sizeof buf);
	ck_assert_str_eq(buf, "killed: used too much CPU time");
	describe(SIGPIPE, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "broken pipe"));
	/* A core dump flag does not change the words. */
	describe(SIGSEGV | 0x80, buf, sizeof buf);
	ck_assert_str_eq(buf, "crashed: segmentation fault (signal 11)");
}
END_TEST

START_TEST(test_describe_short_buffer_is_terminated)
{
	char buf[8];

	describe_status(SIGSEGV, buf, sizeof buf);
	ck_assert_uint_eq(strlen(buf), sizeof buf - 1);
	ck_assert_str_eq(buf, "crashed");
}
END_TEST

START_TEST(test_describe_real_segfault)
{
	struct proc p;
	char buf[128];

	ck_assert_int_eq(start_sh(&p, "kill -SEGV $$", NULL), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	proc_describe(&p, buf, sizeof buf);
	ck_assert_str_eq(buf, "crashed: segmentation fault (signal 11)");
}
END_TEST

static Suite *
spawn_suite(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc;

	tc = tcase_create("start");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_start_captures_stdout_and_stderr);
	tcase_add_test(tc, test_start_runs_in_cwd_with_stdin);
	tcase_add_test(tc, test_start_truncates_output_files);
	tcase_add_test(tc, test_start_reports_missing_program);
	tcase_add_test(tc, test_start_reports_unexecutable_file);
	tcase_add_test(tc, test_start_reports_missing_cwd);
	tcase_add_test(tc, test_start_reports_uncreatable_output);
	tcase_add_test(tc, test_child_gets_default_signals_and_no_extra_fds);
	suite_add_tcase(s, tc);

	tc = tcase_create("wait");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_poll_reports_running_then_ended);
	tcase_add_test(tc, test_poll_lost_status_is_not_exit_0);
	tcase_add_test(tc, test_ended_leader_held_until_stop);
	tcase_add_test(tc, test_wait_times_out_at_deadline);
	suite_add_tcase(s, tc);

	tc = tcase_create("stop");
	tcase_add_checked_fixture(tc, subreaper_setup, tmp_teardown);
	tcase_add_test(tc, test_stop_kills_background_child);
	tcase_add_test(tc, test_stop_kills_group_that_ignores_sigterm);
	tcase_add_test(tc, test_stop_is_safe_when_ended_or_not_started);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_file_size_limit_kills_big_writer);
	tcase_add_test(tc, test_file_size_limit_allows_small_output);
	tcase_add_test(tc,
	    test_file_size_limit_names_a_file_that_is_not_output);
	tcase_add_test(tc, test_file_size_limit_words_follow_the_limit);
	tcase_add_test(tc, test_run_as_drops_root);
	tcase_add_test(tc, test_environment_replaces_and_keeps);
	suite_add_tcase(s, tc);

	tc = tcase_create("describe");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_describe_exit_codes);
	tcase_add_test(tc, test_describe_signals);
	tcase_add_test(tc, test_describe_short_buffer_is_terminated);
	tcase_add_test(tc, test_describe_real_segfault);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	snprintf(root, sizeof root, "/tmp/socklab-spawn.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	sr = srunner_create(spawn_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	(void)nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * test-run.c: what the scenario toolkit records when the host, not the code
 * under test, fails a run (note.inconclusive, run.h), and when it must not.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "run.h"
#include "sandbox.h"
#include "transcript.h"

static char tmp[PATH_MAX], bin[PATH_MAX + 8], home[PATH_MAX + 8];
static struct run_config cfg;
static struct transcript t;
static struct run r;

/* Write an executable shell script bin/name running body. */
static void
program(const char *name, const char *body)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", bin, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "#!/bin/sh\n%s\n", body);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

static void
run_setup(void)
{
	const char *dir = getenv("TMPDIR");
	char err[256];

	snprintf(tmp, sizeof tmp, "%s/socklab-run.XXXXXX",
	    dir != NULL && dir[0] != '\0' ? dir : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(bin, sizeof bin, "%s/bin", tmp);
	snprintf(home, sizeof home, "%s/" SANDBOX_HOME, tmp);
	ck_assert_int_eq(mkdir(bin, 0755), 0);
	ck_assert_int_eq(mkdir(home, 0755), 0);
	program("server", "exec sleep 30");
	program("crasher", "kill -SEGV $$");
	memset(&cfg, 0, sizeof cfg);
	cfg.bin_dir = cfg.ref_bin_dir = bin;
	cfg.work_dir = tmp;
	cfg.mode = SANDBOX_NETNS;	/* fixed ports: no namespace needed */
	cfg.time_scale = 1;
	cfg.guest.uid = (uid_t)-1;
	cfg.guest.gid = (gid_t)-1;
	transcript_init(&t);
	(void)unsetenv("SOCKLAB_TEST_FAULT");
	ck_assert_int_eq(run_init(&r, &cfg, &t, err, sizeof err), 0);
}

static void
run_teardown(void)
{
	char cmd[PATH_MAX + 16];

	run_finish(&r);
	transcript_free(&t);
	(void)unsetenv("SOCKLAB_TEST_FAULT");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *
inconclusive(void)
{
	return transcript_get(&t, "note.inconclusive") != NULL ?
	    transcript_str(&t, "note.inconclusive") : NULL;
}

START_TEST(test_reference_that_cannot_start)
{
	cfg.reference = 1;
	ck_assert_ptr_null(run_start(&r, "missing", "server", NULL));
	ck_assert_ptr_nonnull(inconclusive());
	ck_assert_ptr_nonnull(strstr(inconclusive(),
	    "the reference server could not start"));
}
END_TEST

START_TEST(test_student_program_missing_is_not_the_host)
{
	ck_assert_ptr_null(run_start(&r, "missing", "server", NULL));
	ck_assert_ptr_null(inconclusive());
	ck_assert_ptr_nonnull(strstr(transcript_str(&t, "server.status"),
	    "could not start"));
}
END_TEST

START_TEST(test_host_out_of_processes)
{
	ck_assert_int_eq(setenv("SOCKLAB_TEST_FAULT", "eagain:student:server",
	    1), 0);
	ck_assert_ptr_null(run_start(&r, "server", "server", NULL));
	ck_assert_ptr_nonnull(inconclusive());
	ck_assert_ptr_nonnull(strstr(inconclusive(), "for want of system "
	    "resources"));
	ck_assert_ptr_nonnull(strstr(inconclusive(), strerror(EAGAIN)));
}
END_TEST

START_TEST(test_fault_spares_the_other_side_and_program)
{
	ck_assert_int_eq(setenv("SOCKLAB_TEST_FAULT",
	    "eagain:reference:server", 1), 0);
	ck_assert_ptr_nonnull(run_start(&r, "server", "server", NULL));
	ck_assert_int_eq(setenv("SOCKLAB_TEST_FAULT",
	    "eagain:student:serverx", 1), 0);
	ck_assert_ptr_nonnull(run_start(&r, "server", "server2", NULL));
	ck_assert_ptr_null(inconclusive());
}
END_TEST

START_TEST(test_reference_that_does_not_end)
{
	struct proc *p;

	cfg.reference = 1;
	ck_assert_ptr_nonnull(p = run_start(&r, "server", "client", NULL));
	ck_assert_int_eq(run_wait_exit(&r, p, 50), -1);
	ck_assert_ptr_nonnull(inconclusive());
	ck_assert_ptr_nonnull(strstr(inconclusive(), "the reference client "
	    "did not end within 50 ms"));
}
END_TEST

START_TEST(test_student_that_does_not_end_is_a_failure)
{
	struct proc *p;

	ck_assert_ptr_nonnull(p = run_start(&r, "server", "client", NULL));
	ck_assert_int_eq(run_wait_exit(&r, p, 50), -1);
	ck_assert_int_eq(run_wait_lines(&r, p, 1, 50), -1);
	ck_assert_ptr_null(inconclusive());
}
END_TEST

/*
 * Start the program "starved" (SCHED_IDLE on CPU 0, beside a hog of
 * normal priority there), under valgrind or not, and wait for its end in
 * vain. Returns the run's inconclusive note, or NULL.
 */
static const char *
starve(int valgrind)
{
	struct proc *p;
	pid_t hog;
	cpu_set_t cpu0;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	hog = fork();
	ck_assert_int_ne(hog, -1);
	if (hog == 0) {
		if (sched_setaffinity(0, sizeof cpu0, &cpu0) == -1)
			_exit(1);
		for (;;)
			;
	}
	cfg.valgrind = valgrind;
	/*
	 * SCHED_IDLE only after its line: an idle-class process beside a
	 * hog gets a fraction of a percent of the CPU, too little to start
	 * within 10 s when the machine is busy too.
	 */
	program("starved", "exec taskset -c 0 sh -c 'echo starved; exec "
	    "chrt --idle 0 sh -c \"while :; do :; done\"'");
	ck_assert_ptr_nonnull(p = run_start(&r, "starved", "client", NULL));
	/* Its line says it runs on CPU 0, now as SCHED_IDLE: it starves. */
	ck_assert_int_eq(run_wait_lines(&r, p, 1, 10000), 0);
	ck_assert_int_eq(run_wait_exit(&r, p, 1000), -1);
	ck_assert_int_eq(kill(hog, SIGKILL), 0);
	ck_assert_int_eq(waitpid(hog, NULL, 0), hog);
	return inconclusive();
}

/*
 * A program under valgrind that could not end because it never got a CPU
 * (it waits for one nearly all the time): the machine, not the program,
 * kept it from ending: inconclusive, not a failure. (Valgrind runs the
 * shell; the programs it starts run without.)
 */
START_TEST(test_student_starved_of_cpu_is_inconclusive)
{
	const char *why = starve(1);

	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "waiting for a CPU"));
}
END_TEST

/*
 * Without valgrind the same program fails: on a busy machine a program
 * that spins forever also waits for a CPU most of the time.
 */
START_TEST(test_student_spinning_without_valgrind_is_a_failure)
{
	ck_assert_ptr_null(starve(0));
}
END_TEST

START_TEST(test_reference_that_crashes)
{
	struct proc *p;

	cfg.reference = 1;
	ck_assert_ptr_nonnull(p = run_start(&r, "crasher", "server", NULL));
	ck_assert_int_eq(run_wait_exit(&r, p, 5000), 0);
	run_collect(&r, p);
	ck_assert_ptr_nonnull(inconclusive());
	ck_assert_ptr_nonnull(strstr(inconclusive(), "the reference server "
	    "crashed"));
}
END_TEST

START_TEST(test_student_that_crashes_is_a_failure)
{
	struct proc *p;

	ck_assert_ptr_nonnull(p = run_start(&r, "crasher", "server", NULL));
	ck_assert_int_eq(run_wait_exit(&r, p, 5000), 0);
	run_collect(&r, p);
	ck_assert_ptr_null(inconclusive());
	ck_assert_ptr_nonnull(strstr(transcript_str(&t, "server.status"),
	    "crashed"));
}
END_TEST

START_TEST(test_first_reason_is_kept)
{
	struct proc *p;

	cfg.reference = 1;
	ck_assert_ptr_null(run_start(&r, "missing", "first", NULL));
	ck_assert_ptr_nonnull(p = run_start(&r, "server", "second", NULL));
	ck_assert_int_eq(run_wait_exit(&r, p, 10), -1);
	ck_assert_ptr_nonnull(strstr(inconclusive(), "first"));
	ck_assert_ptr_null(strstr(inconclusive(), "second"));
}
END_TEST

START_TEST(test_ephemeral_range_recorded)
{
	int lo = 0, hi = 0;

	ck_assert_int_eq(sscanf(transcript_str(&t, "note.ephemeral"), "%d %d",
	    &lo, &hi), 2);
	ck_assert_int_gt(lo, 0);
	ck_assert_int_ge(hi, lo);
}
END_TEST

static Suite *
run_suite(void)
{
	Suite *s = suite_create("run");
	TCase *tc = tcase_create("inconclusive");

	tcase_add_checked_fixture(tc, run_setup, run_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_reference_that_cannot_start);
	tcase_add_test(tc, test_student_program_missing_is_not_the_host);
	tcase_add_test(tc, test_host_out_of_processes);
	tcase_add_test(tc, test_fault_spares_the_other_side_and_program);
	tcase_add_test(tc, test_reference_that_does_not_end);
	tcase_add_test(tc, test_student_that_does_not_end_is_a_failure);
	tcase_add_test(tc, test_student_starved_of_cpu_is_inconclusive);
	tcase_add_test(tc, test_student_spinning_without_valgrind_is_a_failure);
	tcase_add_test(tc, test_reference_that_crashes);
	tcase_add_test(tc, test_student_that_crashes_is_a_failure);
	tcase_add_test(tc, test_first_reason_is_kept);
	tcase_add_test(tc, test_ephemeral_range_recorded);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(run_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * test-memcheck.c: reading valgrind 3.19 logs (memcheck.c) and judging the
 * memcheck-PROGRAM checks (judge_memcheck). The logs in data/memcheck/ are
 * real, captured by capture.sh from the bugs of server.c and fork.c there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "bytes.h"
#include "judge.h"
#include "lesson.h"
#include "memcheck.h"
#include "report.h"
#include "transcript.h"

#ifndef TEST_DATA_DIR
#define TEST_DATA_DIR "tests/unit/data"
#endif

static const char *const server_files[] = { "server.c", NULL };

/* The sample log NAME.vg, as a string the caller frees. */
static char *
sample(const char *name)
{
	char path[512];
	struct bytes b;
	int truncated;

	snprintf(path, sizeof path, "%s/memcheck/%s.vg", TEST_DATA_DIR, name);
	bytes_init(&b);
	ck_assert_msg(bytes_read_file(&b, path, 1 << 20, &truncated) == 0,
	    "cannot read %s", path);
	bytes_puts(&b, "");	/* an empty file is still a string */
	return b.data;
}

static void
assert_summary(const char *name, int complete, int errors, int open_fds)
{
	char *log = sample(name);
	struct memcheck_summary s;

	memcheck_parse(log, &s);
	ck_assert_msg(s.complete == complete, "%s: complete %d", name,
	    s.complete);
	ck_assert_msg(s.errors == errors, "%s: errors %d", name, s.errors);
	ck_assert_msg(s.open_fds == open_fds, "%s: open_fds %d", name,
	    s.open_fds);
	free(log);
}

/* memcheck_verdict on a text log, compared with want. */
static void
assert_verdict_text(const char *log, const char *const files[], int exited,
    const char *want)
{
	struct bytes v;

	bytes_init(&v);
	memcheck_verdict(log, files, exited, &v);
	ck_assert_str_eq(bytes_str(&v), want);
	bytes_free(&v);
}

static void
assert_verdict(const char *name, int exited, const char *want)
{
	char *log = sample(name);

	assert_verdict_text(log, server_files, exited, want);
	free(log);
}

START_TEST(test_parse_clean)
{
	assert_summary("clean", 1, 0, 0);
}
END_TEST

START_TEST(test_parse_counts_errors_from_the_summary)
{
	assert_summary("leak", 1, 1, 0);
	assert_summary("indirect", 1, 2, 0);
	assert_summary("uaf", 1, 1, 0);
	assert_summary("uninit", 1, 2, 0);
	assert_summary("overflow", 1, 1, 0);
}
END_TEST

START_TEST(test_parse_inherited_descriptors_are_not_leaks)
{
	/* fd.log lists four descriptors; three came from valgrind's parent. */
	assert_summary("fd", 1, 0, 1);
}
END_TEST

START_TEST(test_parse_sigterm_still_has_a_summary)
{
	/* Stopped by SIGTERM: valgrind lists descriptors and leaks anyway. */
	assert_summary("TERM", 1, 1, 1);
}
END_TEST

START_TEST(test_parse_sigkill_log_is_incomplete)
{
	assert_summary("KILL", 0, 0, 0);
}
END_TEST

START_TEST(test_parse_cut_log_counts_reports)
{
	char *log = sample("uaf");
	struct memcheck_summary s;

	/* A log cut before its summary: the reports seen are the errors. */
	*strstr(log, "FILE DESCRIPTORS") = '\0';
	memcheck_parse(log, &s);
	ck_assert_int_eq(s.complete, 0);
	ck_assert_int_eq(s.errors, 1);
	free(log);
}
END_TEST

START_TEST(test_parse_forked_program_sums_its_processes)
{
	static const char *const files[] = { "fork.c", NULL };
	char *log = sample("fork");

	/* The child's clean summary comes first; the parent's leak counts. */
	assert_summary("fork", 1, 1, 0);
	assert_verdict_text(log, files, 1,
	    "32 bytes in 1 blocks are definitely lost in loss record 1 of 1\n"
	    "   by main (fork.c:24)");
	free(log);
}
END_TEST

START_TEST(test_parse_empty_log)
{
	struct memcheck_summary s;

	memcheck_parse("", &s);
	ck_assert_int_eq(s.complete, 0);
	ck_assert_int_eq(s.errors, 0);
	ck_assert_int_eq(s.open_fds, 0);
}
END_TEST

START_TEST(test_verdict_clean)
{
	assert_verdict("clean", 1, MEMCHECK_CLEAN);
	assert_verdict("clean", 0, MEMCHECK_CLEAN);
}
END_TEST

START_TEST(test_verdict_use_after_free)
{
	assert_verdict("uaf", 1,
	    "Invalid read of size 1\n"
	    "   at shout (server.c:28)\n"
	    "   by main (server.c:53)\n"
	    " Address is 10 bytes inside a block of size 22 free'd\n"
	    "   by shout (server.c:27)\n"
	    "   by main (server.c:53)\n"
	    " Block was alloc'd at\n"
	    "   by copy_message (server.c:16)\n"
	    "   by main (server.c:53)");
}
END_TEST

START_TEST(test_verdict_definite_leak)
{
	assert_verdict("leak", 1,
	    "13 bytes in 1 blocks are definitely lost in loss record 1 of 1\n"
	    "   by copy_message (server.c:16)\n"
	    "   by main (server.c:43)");
}
END_TEST

START_TEST(test_verdict_indirect_leak_shows_the_definite_one)
{
	/* The indirect leak comes first in the log; its owner is the bug. */
	assert_verdict("indirect", 1,
	    "15 (8 direct, 7 indirect) bytes in 1 blocks are definitely lost "
	    "in loss record 2 of 2\n"
	    "   by main (server.c:47)\n"
	    "In all: 2 errors.");
}
END_TEST

START_TEST(test_verdict_uninitialised_bytes)
{
	assert_verdict("uninit", 1,
	    "Syscall param socketcall.sendto(msg) points to uninitialised "
	    "byte(s)\n"
	    "   by main (server.c:60)\n"
	    " Address is on thread 1's stack\n"
	    " in frame #1, created by main (server.c:37)\n"
	    "(valgrind --track-origins=yes also shows where the value was "
	    "created)\n"
	    "In all: 2 errors.");
}
END_TEST

START_TEST(test_verdict_overflow)
{
	assert_verdict("overflow", 1,
	    "Invalid write of size 1\n"
	    "   at main (server.c:65)\n"
	    " Address is 0 bytes after a block of size 8 alloc'd\n"
	    "   by main (server.c:64)");
}
END_TEST

START_TEST(test_verdict_descriptor_left_open_at_exit)
{
	assert_verdict("fd", 1,
	    "Open AF_INET socket 4: 127.0.0.1:50998 <-> unbound\n"
	    "   by main (server.c:68)");
}
END_TEST

START_TEST(test_verdict_descriptors_of_a_stopped_program_do_not_count)
{
	assert_verdict("fd", 0, MEMCHECK_CLEAN);
	/* Stopped by the grader: its listener is open, its leak still counts. */
	assert_verdict("TERM", 0,
	    "5 bytes in 1 blocks are definitely lost in loss record 2 of 3\n"
	    "   by copy_message (server.c:16)\n"
	    "   by main (server.c:77)");
}
END_TEST

START_TEST(test_verdict_reports_in_log_order)
{
	/* Had it exited, the descriptor (listed first) is the first report. */
	assert_verdict("TERM", 1,
	    "Open AF_INET socket 4: 127.0.0.1:50998 <-> unbound\n"
	    "   by main (server.c:68)\n"
	    "In all: 1 error, 1 descriptor left open at exit.");
}
END_TEST

START_TEST(test_verdict_killed_before_the_summary)
{
	char *log = sample("KILL");
	struct bytes v;

	bytes_init(&v);
	memcheck_verdict(log, server_files, 0, &v);
	ck_assert_int_eq(memcheck_outcome(bytes_str(&v)), MEMCHECK_OK);
	ck_assert_ptr_nonnull(strstr(bytes_str(&v), "leaks were not checked"));
	bytes_free(&v);
	free(log);
}
END_TEST

START_TEST(test_verdict_null_pointer_keeps_its_address)
{
	static const char *const client_files[] = { "client.c", NULL };

	/* Captured from strlen(NULL) in client.c, which then died of SIGSEGV. */
	assert_verdict_text(
	    "==5891== Invalid read of size 1\n"
	    "==5891==    at 0x4847782: strlen (in /usr/libexec/valgrind/"
	    "vgpreload_memcheck-amd64-linux.so)\n"
	    "==5891==    by 0x10917C: main (client.c:9)\n"
	    "==5891==  Address 0x0 is not stack'd, malloc'd or (recently) "
	    "free'd\n"
	    "==5891== \n"
	    "==5891== \n"
	    "==5891== Process terminating with default action of signal 11 "
	    "(SIGSEGV)\n"
	    "==5891==  Access not within mapped region at address 0x0\n"
	    "==5891==    at 0x4847782: strlen (in /usr/libexec/valgrind/"
	    "vgpreload_memcheck-amd64-linux.so)\n"
	    "==5891==    by 0x10917C: main (client.c:9)\n"
	    "==5891== \n"
	    "==5891== ERROR SUMMARY: 1 errors from 1 contexts (suppressed: 0 "
	    "from 0)\n", client_files, 0,
	    "Invalid read of size 1\n"
	    "   by main (client.c:9)\n"
	    " Address 0x0 is not stack'd, malloc'd or (recently) free'd");
}
END_TEST

START_TEST(test_verdict_without_own_frames)
{
	static const char *const client_files[] = { "client.c", NULL };
	char *log = sample("overflow");

	/* None of the frames is in client.c: say so rather than show none. */
	assert_verdict_text(log, client_files, 1,
	    "Invalid write of size 1\n"
	    "   (no line of your own files here)\n"
	    " Address is 0 bytes after a block of size 8 alloc'd");
	free(log);
}
END_TEST

START_TEST(test_verdict_matches_file_names_exactly)
{
	static const char *const files[] = { "erver.c", "server", NULL };
	char *log = sample("fd");

	assert_verdict_text(log, files, 1,
	    "Open AF_INET socket 4: 127.0.0.1:50998 <-> unbound\n"
	    "   (no line of your own files here)");
	free(log);
}
END_TEST

START_TEST(test_verdict_unreadable_log_is_shown_plain)
{
	/* Errors counted, but no report valgrind's way: show the log. */
	assert_verdict_text("==7== something odd\n"
	    "==7== ERROR SUMMARY: 3 errors from 1 contexts\n", server_files, 1,
	    "valgrind reported errors; its log:\n"
	    "something odd\n"
	    "ERROR SUMMARY: 3 errors from 1 contexts\n"
	    "In all: 3 errors.");
}
END_TEST

START_TEST(test_first_report_none_in_clean_log)
{
	char *log = sample("clean");
	struct bytes out;

	bytes_init(&out);
	ck_assert_int_eq(memcheck_first_report(log, server_files, 1, &out), 0);
	ck_assert_uint_eq(out.len, 0);
	bytes_free(&out);
	free(log);
}
END_TEST

START_TEST(test_outcome_words)
{
	ck_assert_int_eq(memcheck_outcome(MEMCHECK_CLEAN), MEMCHECK_OK);
	ck_assert_int_eq(memcheck_outcome(MEMCHECK_UNCHECKED ": no log"),
	    MEMCHECK_NOT_RUN);
	ck_assert_int_eq(memcheck_outcome("Invalid read of size 4"),
	    MEMCHECK_FOUND);
}
END_TEST

/* judge_memcheck over three checks' transcripts. */

static const struct check checks[] = {
	{ .name = "first-check" },
	{ .name = "second-check" },
	{ .name = "third-check" },
};

static struct transcript runs[3];
static const struct transcript *run_ptrs[3];
static struct check_report report;

static void
judge_setup(void)
{
	for (int i = 0; i < 3; i++) {
		transcript_init(&runs[i]);
		run_ptrs[i] = &runs[i];
	}
	check_report_init(&report);
}

static void
judge_teardown(void)
{
	for (int i = 0; i < 3; i++)
		transcript_free(&runs[i]);
	check_report_free(&report);
}

static void
note(int run, const char *key, const char *value)
{
	transcript_set(&runs[run], key, value, strlen(value));
}

START_TEST(test_judge_passes_when_every_run_is_clean)
{
	note(0, "note.memcheck.server.server", MEMCHECK_CLEAN);
	note(2, "note.memcheck.server.server2", MEMCHECK_CLEAN);
	judge_memcheck(&report, "server", checks, run_ptrs, 3);
	ck_assert_int_eq(report.outcome, OUTCOME_PASS);
}
END_TEST

START_TEST(test_judge_first_finding_in_check_order)
{
	note(0, "note.memcheck.server.server", MEMCHECK_CLEAN);
	note(1, "note.memcheck.client.client", "Invalid read of size 4");
	note(1, "note.sent", "sent 5 bytes");
	note(2, "note.memcheck.client.client", "Invalid write of size 1");
	judge_memcheck(&report, "client", checks, run_ptrs, 3);
	ck_assert_int_eq(report.outcome, OUTCOME_FAIL);
	ck_assert_str_eq(bytes_str(&report.got), "Invalid read of size 4");
	ck_assert_ptr_nonnull(strstr(bytes_str(&report.why), "second-check"));
	ck_assert_ptr_null(strstr(bytes_str(&report.why), "run named"));
	ck_assert_str_eq(bytes_str(&report.sent), "sent 5 bytes");
}
END_TEST

START_TEST(test_judge_names_the_run_and_ignores_other_programs)
{
	note(0, "note.memcheck.client.client", "Invalid read of size 4");
	note(0, "note.memcheck.server.server", MEMCHECK_CLEAN);
	note(0, "note.memcheck.server.server2", "Open AF_INET socket 4: x");
	judge_memcheck(&report, "server", checks, run_ptrs, 3);
	ck_assert_int_eq(report.outcome, OUTCOME_FAIL);
	ck_assert_str_eq(bytes_str(&report.got), "Open AF_INET socket 4: x");
	ck_assert_ptr_nonnull(strstr(bytes_str(&report.why),
	    "first-check (the run named server2)"));
}
END_TEST

START_TEST(test_judge_fails_when_never_run)
{
	/* Runs without a transcript, runs without a log, other programs. */
	run_ptrs[0] = NULL;
	note(1, "note.memcheck.server.server", MEMCHECK_UNCHECKED ": no log");
	note(2, "note.memcheck.client.client", MEMCHECK_CLEAN);
	judge_memcheck(&report, "server", checks, run_ptrs, 3);
	ck_assert_int_eq(report.outcome, OUTCOME_FAIL);
	ck_assert_ptr_nonnull(strstr(bytes_str(&report.why),
	    "server never ran under valgrind"));
}
END_TEST

START_TEST(test_judge_program_name_is_a_whole_word)
{
	/* udpserver's findings are not server's. */
	note(0, "note.memcheck.udpserver.udpserver", "Invalid read of size 4");
	note(1, "note.memcheck.server.server", MEMCHECK_CLEAN);
	judge_memcheck(&report, "server", checks, run_ptrs, 3);
	ck_assert_int_eq(report.outcome, OUTCOME_PASS);
}
END_TEST

static Suite *
memcheck_suite(void)
{
	Suite *s = suite_create("memcheck");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_clean);
	tcase_add_test(tc, test_parse_counts_errors_from_the_summary);
	tcase_add_test(tc, test_parse_inherited_descriptors_are_not_leaks);
	tcase_add_test(tc, test_parse_sigterm_still_has_a_summary);
	tcase_add_test(tc, test_parse_sigkill_log_is_incomplete);
	tcase_add_test(tc, test_parse_cut_log_counts_reports);
	tcase_add_test(tc, test_parse_forked_program_sums_its_processes);
	tcase_add_test(tc, test_parse_empty_log);
	suite_add_tcase(s, tc);

	tc = tcase_create("verdict");
	tcase_add_test(tc, test_verdict_clean);
	tcase_add_test(tc, test_verdict_use_after_free);
	tcase_add_test(tc, test_verdict_definite_leak);
	tcase_add_test(tc, test_verdict_indirect_leak_shows_the_definite_one);
	tcase_add_test(tc, test_verdict_uninitialised_bytes);
	tcase_add_test(tc, test_verdict_overflow);
	tcase_add_test(tc, test_verdict_descriptor_left_open_at_exit);
	tcase_add_test(tc,
	    test_verdict_descriptors_of_a_stopped_program_do_not_count);
	tcase_add_test(tc, test_verdict_reports_in_log_order);
	tcase_add_test(tc, test_verdict_killed_before_the_summary);
	tcase_add_test(tc, test_verdict_null_pointer_keeps_its_address);
	tcase_add_test(tc, test_verdict_without_own_frames);
	tcase_add_test(tc, test_verdict_matches_file_names_exactly);
	tcase_add_test(tc, test_verdict_unreadable_log_is_shown_plain);
	tcase_add_test(tc, test_first_report_none_in_clean_log);
	tcase_add_test(tc, test_outcome_words);
	suite_add_tcase(s, tc);

	tc = tcase_create("judge");
	tcase_add_checked_fixture(tc, judge_setup, judge_teardown);
	tcase_add_test(tc, test_judge_passes_when_every_run_is_clean);
	tcase_add_test(tc, test_judge_first_finding_in_check_order);
	tcase_add_test(tc, test_judge_names_the_run_and_ignores_other_programs);
	tcase_add_test(tc, test_judge_fails_when_never_run);
	tcase_add_test(tc, test_judge_program_name_is_a_whole_word);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(memcheck_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

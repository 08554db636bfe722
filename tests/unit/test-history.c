/* test-history.c: the durations of past checks, in a shared file. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "history.h"

static char dir[64], path[128];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/test-history.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/durations", dir);
}

static void
teardown(void)
{
	(void)unlink(path);
	(void)rmdir(dir);
}

static void
write_text(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_missing_file_is_empty)
{
	struct history *h = history_load(path);

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(history_get(h, "01-tcp-hello", "server-listens"), -1);
	history_free(h);
}
END_TEST

START_TEST(test_put_smooths_and_round_trips)
{
	struct history *h = history_load(path);

	history_put(h, "03-udp-echo", "client-no-echo", 1000);
	ck_assert_int_eq(history_get(h, "03-udp-echo", "client-no-echo"), 1000);
	history_put(h, "03-udp-echo", "client-no-echo", 2000);
	ck_assert_int_eq(history_get(h, "03-udp-echo", "client-no-echo"), 1500);
	ck_assert_int_eq(history_save(h, path), 0);
	history_free(h);

	h = history_load(path);
	ck_assert_int_eq(history_get(h, "03-udp-echo", "client-no-echo"), 1500);
	ck_assert_int_eq(history_get(h, "03-udp-echo", "other"), -1);
	history_free(h);
}
END_TEST

START_TEST(test_save_keeps_what_others_wrote)
{
	struct history *h = history_load(path);

	history_put(h, "01-tcp-hello", "server-listens", 20);
	/* Another grader saves meanwhile: its checks and one of ours. */
	write_text("05-framing server-partial-frame 70\n"
	    "01-tcp-hello server-listens 999\n");
	ck_assert_int_eq(history_save(h, path), 0);
	history_free(h);

	h = history_load(path);
	ck_assert_int_eq(history_get(h, "05-framing", "server-partial-frame"),
	    70);
	/* What we measured wins. */
	ck_assert_int_eq(history_get(h, "01-tcp-hello", "server-listens"), 20);
	history_free(h);
}
END_TEST

START_TEST(test_damaged_lines_are_skipped)
{
	struct history *h;

	write_text("garbage\n01-tcp-hello server-listens -5\n"
	    "02-udp-hello server-binds 11\n\n01-tcp-hello only-two\n"
	    "02-udp-hello server-prints-datagram 9 extra\n");
	h = history_load(path);
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(history_get(h, "01-tcp-hello", "server-listens"), -1);
	ck_assert_int_eq(history_get(h, "02-udp-hello", "server-binds"), 11);
	ck_assert_int_eq(history_get(h, "02-udp-hello",
	    "server-prints-datagram"), 9);
	history_free(h);
}
END_TEST

START_TEST(test_save_to_missing_directory_fails)
{
	struct history *h = history_load(path);

	history_put(h, "01-tcp-hello", "server-listens", 20);
	ck_assert_int_eq(history_save(h, "/nonexistent/dir/durations"), -1);
	history_free(h);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("file");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_missing_file_is_empty);
	tcase_add_test(tc, test_put_smooths_and_round_trips);
	tcase_add_test(tc, test_save_keeps_what_others_wrote);
	tcase_add_test(tc, test_damaged_lines_are_skipped);
	tcase_add_test(tc, test_save_to_missing_directory_fails);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(history_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * test-measure.c: nearest-rank percentiles and KEY=NUMBER lines
 * (measure.h), and clock_us() against clock_ms().
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "clock.h"
#include "measure.h"

static const char *const ping_keys[] = {
	"n", "lost", "rtt_median_us", "rtt_p99_us"
};

START_TEST(test_percentile_hundred)
{
	int64_t v[100];

	/* 100 values 100, 99, ..., 1: rank 50 is 50, rank 99 is 99. */
	for (int i = 0; i < 100; i++)
		v[i] = 100 - i;
	ck_assert_int_eq(measure_percentile(v, 100, 50), 50);
	ck_assert_int_eq(measure_percentile(v, 100, 99), 99);
	ck_assert_int_eq(measure_percentile(v, 100, 100), 100);
	ck_assert_int_eq(measure_percentile(v, 100, 1), 1);
	ck_assert_int_eq(v[0], 1);	/* sorted in place */
}
END_TEST

START_TEST(test_percentile_small)
{
	int64_t one[] = { 7 }, three[] = { 30, 10, 20 }, two[] = { 5, 9 };

	ck_assert_int_eq(measure_percentile(one, 1, 50), 7);
	ck_assert_int_eq(measure_percentile(one, 1, 99), 7);
	/* ceil(1.5) = 2: the middle one; ceil(2.97) = 3: the largest. */
	ck_assert_int_eq(measure_percentile(three, 3, 50), 20);
	ck_assert_int_eq(measure_percentile(three, 3, 99), 30);
	/* ceil(1.0) = 1: the lower of two. */
	ck_assert_int_eq(measure_percentile(two, 2, 50), 5);
}
END_TEST

START_TEST(test_fields_good)
{
	static const char *const bulk[] = { "bytes", "elapsed_us", "mbit_s" };
	const char *line = "n=100 lost=0 rtt_median_us=31 rtt_p99_us=87\n";
	double v[4];

	ck_assert_int_eq(measure_fields(line, strlen(line), ping_keys, v, 4),
	    0);
	ck_assert(v[0] == 100 && v[1] == 0 && v[2] == 31 && v[3] == 87);
	line = "bytes=16777216 elapsed_us=5210 mbit_s=25760.6\n";
	ck_assert_int_eq(measure_fields(line, strlen(line), bulk, v, 3), 0);
	ck_assert(v[0] == 16777216 && v[1] == 5210);
	ck_assert(v[2] > 25760.59 && v[2] < 25760.61);
	line = "n=0 lost=3\n";
	ck_assert_int_eq(measure_fields(line, strlen(line), ping_keys, v, 2),
	    0);
	ck_assert(v[0] == 0 && v[1] == 3);
}
END_TEST

START_TEST(test_fields_bad)
{
	static const char *const bad[] = {
		"",
		"n=100 lost=0 rtt_median_us=31 rtt_p99_us=87",	/* no \n */
		"n=100 lost=0 rtt_median_us=31 rtt_p99_us=87\n\n",
		"n=100 lost=0 rtt_median_us=31 rtt_p99_us=87\nmore\n",
		"n=100  lost=0 rtt_median_us=31 rtt_p99_us=87\n",
		"n=100 lost=0 rtt_p99_us=87 rtt_median_us=31\n",
		"n=100 lost=0 rtt_median_us=31\n",
		"n=100 lost=0 rtt_median_us=-31 rtt_p99_us=87\n",
		"n=100 lost=0 rtt_median_us=31. rtt_p99_us=87\n",
		"n=100 lost=0 rtt_median_us=31ms rtt_p99_us=87\n",
		"n=100 lost=0 rtt_median_us= rtt_p99_us=87\n",
		"N=100 lost=0 rtt_median_us=31 rtt_p99_us=87\n",
		"n=100 lost=0 rtt_median_us=31 rtt_p99_us=87 \n",
	};
	double v[4];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(measure_fields(bad[i], strlen(bad[i]),
		    ping_keys, v, 4) == -1, "accepted '%s'", bad[i]);
	/* A NUL inside the line is not a space. */
	ck_assert_int_eq(measure_fields("n=1\0lost=0 rtt_median_us=1 "
	    "rtt_p99_us=1\n", 40, ping_keys, v, 4), -1);
}
END_TEST

START_TEST(test_clock_us)
{
	int64_t ms = clock_ms(), us = clock_us();

	/* The same clock: microseconds / 1000 is the millisecond count. */
	ck_assert(us / 1000 >= ms && us / 1000 <= ms + 1000);
	clock_sleep_ms(20);
	ck_assert(clock_us() - us >= 20000);
}
END_TEST

static Suite *
measure_suite(void)
{
	Suite *s = suite_create("measure");
	TCase *tc = tcase_create("measure");

	tcase_add_test(tc, test_percentile_hundred);
	tcase_add_test(tc, test_percentile_small);
	tcase_add_test(tc, test_fields_good);
	tcase_add_test(tc, test_fields_bad);
	tcase_add_test(tc, test_clock_us);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(measure_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

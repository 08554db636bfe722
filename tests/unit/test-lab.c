/*
 * test-lab.c: a lab's points (lab.h): recorded in a transcript, gathered
 * from both sides into rows, and written as the table, the CSV file, and
 * gnuplot's data and script, from fixed inputs.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "lab.h"
#include "run.h"
#include "transcript.h"

/* What fn wrote to a memory stream, as a string the caller frees. */
#define CAPTURE(text, call)						\
	do {								\
		size_t size_;						\
		FILE *f_ = open_memstream(&(text), &size_);		\
		ck_assert_ptr_nonnull(f_);				\
		call;							\
		ck_assert_int_eq(fclose(f_), 0);			\
	} while (0)

static const struct lab_plot median_plot = {
	.name = "latency-median",
	.title = "Round trip: \"median\"",
	.series = { "median *", NULL },
	.x_label = "size (bytes)",
	.y_label = "round trip (us)",
	.log_x = 1,
	.x_bytes = 1,
};

/* Both sides' transcripts of an experiment, as a scenario records them. */
static void
record(struct transcript *ref, struct transcript *got)
{
	struct run r;

	memset(&r, 0, sizeof r);
	transcript_init(ref);
	transcript_init(got);
	r.t = ref;
	lab_point(&r, "median tcp", 1024, 15);
	lab_point(&r, "median tcp", 32, 12.5);
	lab_point(&r, "p99 tcp", 32, 40);
	lab_remark(&r, "iperf3 is not installed");
	r.t = got;
	lab_point(&r, "median tcp", 32, 25);
	lab_point(&r, "median udp", 32, 10);
	lab_remark(&r, "iperf3 is not installed");
	lab_remark(&r, "only yours\nsaid this");
}

static void
gather(struct lab_results *res)
{
	struct transcript ref, got;

	record(&ref, &got);
	lab_results_init(res);
	ck_assert_int_eq(lab_results_add(res, "latency", &ref, LAB_REFERENCE),
	    3);
	ck_assert_int_eq(lab_results_add(res, "latency", &got, LAB_YOURS), 2);
	transcript_free(&ref);
	transcript_free(&got);
}

START_TEST(test_points_in_transcript)
{
	struct transcript t;
	struct run r;

	memset(&r, 0, sizeof r);
	transcript_init(&t);
	r.t = &t;
	lab_point(&r, "median\ttcp", 32, 12.5);
	lab_point(&r, "bad", 64, NAN);
	ck_assert_str_eq(transcript_str(&t, "note.lab.points"),
	    "32 12.5 median tcp\n");
	ck_assert_str_eq(transcript_str(&t, "note.lab.remarks"),
	    "bad: a point that is not a number, left out\n");
	transcript_free(&t);
}
END_TEST

START_TEST(test_rows_merge_both_sides)
{
	struct lab_results res;

	gather(&res);
	/* In the order measured, one row per (experiment, series, x). */
	ck_assert_uint_eq(res.n, 4);
	ck_assert_str_eq(res.rows[0].series, "median tcp");
	ck_assert(res.rows[0].x == 1024);
	ck_assert(res.rows[0].has[LAB_REFERENCE] && !res.rows[0].has[LAB_YOURS]);
	ck_assert(res.rows[1].x == 32);
	ck_assert(res.rows[1].y[LAB_REFERENCE] == 12.5);
	ck_assert(res.rows[1].y[LAB_YOURS] == 25);
	ck_assert_str_eq(res.rows[3].series, "median udp");
	ck_assert(!res.rows[3].has[LAB_REFERENCE]);
	/* The same remark from both sides once; one side's marked so. */
	ck_assert_str_eq(bytes_str(&res.remarks),
	    "latency (both): iperf3 is not installed\n"
	    "latency (yours): only yours said this\n");
	lab_results_free(&res);
}
END_TEST

START_TEST(test_malformed_points)
{
	static const char *const bad[] = {
		"32 12.5\n", "x 1 s\n", "1 y s\n", "1 2 \n", "1 nan s\n",
	};
	struct lab_results res;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct transcript t;

		transcript_init(&t);
		transcript_set(&t, "note.lab.points", bad[i], strlen(bad[i]));
		lab_results_init(&res);
		ck_assert_msg(lab_results_add(&res, "e", &t, LAB_YOURS) == -1,
		    "accepted '%s'", bad[i]);
		ck_assert_uint_eq(res.n, 0);
		lab_results_free(&res);
		transcript_free(&t);
	}
}
END_TEST

START_TEST(test_errors_become_remarks)
{
	struct lab_results res;
	struct transcript t;

	transcript_init(&t);
	transcript_setf(&t, "note.error", "the sandbox could not start:\nno");
	lab_results_init(&res);
	ck_assert_int_eq(lab_results_add(&res, "e", &t, LAB_REFERENCE), 0);
	ck_assert_str_eq(bytes_str(&res.remarks), "e (reference): could not "
	    "run: the sandbox could not start: no\n");
	lab_results_free(&res);
	transcript_free(&t);
}
END_TEST

START_TEST(test_table)
{
	struct lab_results res;
	char *text = NULL;

	gather(&res);
	CAPTURE(text, lab_write_table(f_, &res));
	ck_assert_str_eq(text,
	    "experiment           series                          x        "
	    "yours    reference    yours/ref\n"
	    "latency              median tcp                   1024        "
	    "    -           15            -\n"
	    "latency              median tcp                     32        "
	    "   25         12.5         2.00\n"
	    "latency              p99 tcp                        32        "
	    "    -           40            -\n"
	    "latency              median udp                     32        "
	    "   10            -            -\n"
	    "\nRemarks:\n"
	    "latency (both): iperf3 is not installed\n"
	    "latency (yours): only yours said this\n");
	free(text);
	lab_results_free(&res);
}
END_TEST

START_TEST(test_csv)
{
	struct lab_results res;
	char *text = NULL;

	gather(&res);
	snprintf(res.rows[0].experiment, sizeof res.rows[0].experiment,
	    "a,\"b\"");
	CAPTURE(text, lab_write_csv(f_, &res));
	ck_assert_str_eq(text,
	    "experiment,series,x,yours,reference,ratio\r\n"
	    "\"a,\"\"b\"\"\",\"median tcp\",1024,,15,\r\n"
	    "latency,\"median tcp\",32,25,12.5,2.00\r\n"
	    "latency,\"p99 tcp\",32,,40,\r\n"
	    "latency,\"median udp\",32,10,,\r\n");
	free(text);
	lab_results_free(&res);
}
END_TEST

START_TEST(test_series_patterns)
{
	ck_assert(lab_series_matches("median *", "median tcp -2"));
	ck_assert(!lab_series_matches("median *", "p99 tcp"));
	ck_assert(lab_series_matches("tcp", "tcp"));
	ck_assert(!lab_series_matches("tcp", "tcp -2"));
	ck_assert(lab_series_matches("*", "anything"));
}
END_TEST

START_TEST(test_plot_data)
{
	struct lab_results res;
	struct bytes titles;
	char *text = NULL;
	size_t blocks = 0;

	gather(&res);
	bytes_init(&titles);
	CAPTURE(text, blocks = lab_write_plot_data(f_, &res, &median_plot,
	    &titles));
	/* Sorted by x; the reference first; a side with no point left out. */
	ck_assert_uint_eq(blocks, 3);
	ck_assert_str_eq(text,
	    "# median tcp (reference)\n32 12.5\n1024 15\n"
	    "\n\n# median tcp (yours)\n32 25\n"
	    "\n\n# median udp (yours)\n32 10\n");
	ck_assert_str_eq(bytes_str(&titles), "median tcp (reference)\n"
	    "median tcp (yours)\nmedian udp (yours)\n");
	free(text);
	bytes_free(&titles);
	lab_results_free(&res);
}
END_TEST

START_TEST(test_plot_script)
{
	char *text = NULL;

	CAPTURE(text, lab_write_plot_script(f_, &median_plot,
	    "median tcp (reference)\nmedian tcp (yours)\nmedian udp (yours)\n",
	    "latency-median.dat", "latency-median.png", "pngcairo"));
	ck_assert_ptr_nonnull(strstr(text, "set terminal pngcairo size"));
	ck_assert_ptr_nonnull(strstr(text,
	    "set output \"latency-median.png\"\n"));
	/* Quotes in a title escaped for gnuplot. */
	ck_assert_ptr_nonnull(strstr(text,
	    "set title \"Round trip: \\\"median\\\"\"\n"));
	ck_assert_ptr_nonnull(strstr(text, "set logscale x 2\n"));
	ck_assert_ptr_null(strstr(text, "logscale y"));
	/* Bytes on x: ticks in binary prefixes (1ki, 1Mi). */
	ck_assert_ptr_nonnull(strstr(text, "set format x \"%.0b%B\"\n"));
	/* One colour a series, yours dashed. */
	ck_assert_ptr_nonnull(strstr(text, "plot \"latency-median.dat\" index 0 "
	    "using 1:2 with linespoints linecolor 1 dashtype 1 title \"median "
	    "tcp (reference)\", \\\n"));
	ck_assert_ptr_nonnull(strstr(text, "\"latency-median.dat\" index 1 "
	    "using 1:2 with linespoints linecolor 1 dashtype 2 title \"median "
	    "tcp (yours)\", \\\n"));
	ck_assert_ptr_nonnull(strstr(text, "\"latency-median.dat\" index 2 "
	    "using 1:2 with linespoints linecolor 2 dashtype 2 title \"median "
	    "udp (yours)\"\n"));
	free(text);
}
END_TEST

START_TEST(test_plot_script_svg)
{
	char *text = NULL;

	CAPTURE(text, lab_write_plot_script(f_, &median_plot, "a (yours)\n",
	    "p.dat", "p.svg", "svg"));
	ck_assert_ptr_nonnull(strstr(text, "set terminal svg size 900,560 "
	    "dynamic\n"));
	ck_assert_ptr_nonnull(strstr(text, "set output \"p.svg\"\n"));
	free(text);
}
END_TEST

START_TEST(test_find_tool)
{
	char path[512];

	ck_assert_int_eq(lab_find_tool("sh", path, sizeof path), 0);
	ck_assert_ptr_nonnull(strstr(path, "/sh"));
	ck_assert_int_eq(lab_find_tool("no-such-tool-socklab", path,
	    sizeof path), -1);
}
END_TEST

static Suite *
lab_suite(void)
{
	Suite *s = suite_create("lab");
	TCase *tc = tcase_create("lab");

	tcase_add_test(tc, test_points_in_transcript);
	tcase_add_test(tc, test_rows_merge_both_sides);
	tcase_add_test(tc, test_malformed_points);
	tcase_add_test(tc, test_errors_become_remarks);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_series_patterns);
	tcase_add_test(tc, test_plot_data);
	tcase_add_test(tc, test_plot_script);
	tcase_add_test(tc, test_plot_script_svg);
	tcase_add_test(tc, test_find_tool);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lab_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* test-progress.c: the lessons done, remembered by their files' hashes. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "build.h"
#include "bytes.h"
#include "lesson.h"
#include "progress.h"
#include "report.h"

static const char *const one_programs[] = { "prog", NULL };
static const struct lesson one = { .dir = "91-one", .title = "one",
	.programs = one_programs };
static const struct lesson two = { .dir = "92-two", .title = "two",
	.programs = one_programs };

LESSON_REGISTER(one)
LESSON_REGISTER(two)

static char dir[64], path[160], src[160];

/* Write text to the lesson 91's program. */
static void
write_source(const char *text)
{
	FILE *f = fopen(src, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
setup(void)
{
	char sub[128];

	snprintf(dir, sizeof dir, "/tmp/test-progress.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/progress", dir);
	snprintf(sub, sizeof sub, "%s/91-one", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(src, sizeof src, "%s/prog.c", sub);
	write_source("int main(void) { return 0; }\n");
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/*
 * What progress_print() says of p, brief or not, for make run in lesson
 * directory here (NULL: the top), into a malloc'd string.
 */
static char *
printed_here(const struct progress *p, const char *here, int brief)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	progress_print(f, p, dir, dir, here, brief);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

static char *
printed(const struct progress *p, int brief)
{
	return printed_here(p, NULL, brief);
}

/* Record lesson 91's current files with one check of outcome o. */
static void
record(struct progress *p, enum outcome o)
{
	struct check_report c = { .name = "c", .outcome = o };
	struct lesson_report r = { .dir = one.dir, .state = LESSON_GRADED,
		.checks = &c, .n_checks = 1 };
	uint64_t h;

	ck_assert_int_eq(progress_hash(&one, dir, &h), 0);
	progress_put(p, &r, h);
}

START_TEST(test_done_survives_a_reload)
{
	struct progress *p = progress_load(path);
	char *out;

	record(p, OUTCOME_PASS);
	ck_assert_int_eq(progress_save(p, path), 0);
	progress_free(p);
	p = progress_load(path);
	out = printed(p, 1);
	ck_assert_str_eq(out, "Done 1 of 2 lessons: 91 | next: 92-two "
	    "(not graded yet)\n");
	free(out);
	progress_free(p);
}
END_TEST

START_TEST(test_an_edit_makes_it_stale)
{
	struct progress *p = progress_load(path);
	char *out;

	record(p, OUTCOME_PASS);
	write_source("int main(void) { return 1; }\n");
	out = printed(p, 0);
	ck_assert_ptr_nonnull(strstr(out, "done: 0 of 2 lessons\n"));
	ck_assert_ptr_nonnull(strstr(out, "changed since last graded: "
	    "91-one\n"));
	ck_assert_ptr_nonnull(strstr(out, "next: 91-one (changed since last "
	    "graded)"));
	free(out);
	/* Back to the version graded: done again. */
	write_source("int main(void) { return 0; }\n");
	out = printed(p, 1);
	ck_assert_ptr_nonnull(strstr(out, "Done 1 of 2 lessons: 91 |"));
	free(out);
	progress_free(p);
}
END_TEST

/* The next step says what to type where make grade ran. */
START_TEST(test_next_step_where_the_student_is)
{
	struct progress *p = progress_load(path);
	char *out;

	out = printed_here(p, NULL, 0);
	ck_assert_ptr_nonnull(strstr(out, "next: 91-one (not graded yet): "
	    "lessons/91-one/README.md, then make grade LESSON=91\n"));
	free(out);
	out = printed_here(p, "91-one", 0);
	ck_assert_ptr_nonnull(strstr(out, "next: 91-one (not graded yet): "
	    "README.md, then make grade\n"));
	free(out);
	out = printed_here(p, "92-two", 0);
	ck_assert_ptr_nonnull(strstr(out, "next: 91-one (not graded yet): "
	    "../91-one/README.md, then cd ../91-one && make grade\n"));
	free(out);
	progress_free(p);
}
END_TEST

/* array_grow(), progress's (and history's) array growth. */
START_TEST(test_array_grow)
{
	size_t cap = 0, n;
	int *v = NULL, *w;

	for (n = 0; n < 100; n++) {
		v = array_grow(v, n, &cap, sizeof *v, 4);
		ck_assert_ptr_nonnull(v);
		ck_assert_uint_gt(cap, n);
		v[n] = (int)n;
	}
	/* 4, then doubled: 128 holds the 100. */
	ck_assert_uint_eq(cap, 128);
	for (n = 0; n < 100; n++)
		ck_assert_int_eq(v[n], (int)n);
	/* Room left: the same array back, cap unchanged. */
	w = array_grow(v, 100, &cap, sizeof *v, 4);
	ck_assert_ptr_eq(w, v);
	ck_assert_uint_eq(cap, 128);
	/* A size that cannot be allocated: NULL, v and cap kept. */
	ck_assert_ptr_null(array_grow(v, 128, &cap, SIZE_MAX / 2, 4));
	ck_assert_uint_eq(cap, 128);
	ck_assert_int_eq(v[99], 99);
	free(v);
}
END_TEST

START_TEST(test_failing_and_inconclusive)
{
	struct progress *p = progress_load(path);
	char *out;

	record(p, OUTCOME_INCONCLUSIVE);
	out = printed(p, 1);
	ck_assert_ptr_nonnull(strstr(out, "next: 91-one (not graded yet)"));
	free(out);
	record(p, OUTCOME_FAIL);
	out = printed(p, 1);
	ck_assert_ptr_nonnull(strstr(out, "next: 91-one (failing)"));
	free(out);
	progress_free(p);
}
END_TEST

START_TEST(test_skeleton_is_not_started)
{
	struct progress *p = progress_load(path);
	char sums[160];
	uint64_t h;
	FILE *f;
	char *out;

	snprintf(sums, sizeof sums, "%s/91-one/.skeleton-sums", dir);
	ck_assert_int_eq(build_hash_code(src, &h), 0);
	f = fopen(sums, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%016" PRIx64 "  prog.c\n", h);
	ck_assert_int_eq(fclose(f), 0);
	out = printed(p, 1);
	ck_assert_str_eq(out, "Done 0 of 2 lessons | next: 91-one (not "
	    "started)\n");
	free(out);
	progress_free(p);
}
END_TEST

START_TEST(test_damaged_lines_are_skipped)
{
	FILE *f = fopen(path, "w");
	struct progress *p;
	char *out;

	ck_assert_ptr_nonnull(f);
	fputs("garbage\n91-one zz done\n91-one 0000000000000001 dne\n", f);
	ck_assert_int_eq(fclose(f), 0);
	p = progress_load(path);
	ck_assert_ptr_nonnull(p);
	out = printed(p, 1);
	ck_assert_ptr_nonnull(strstr(out, "next: 91-one (not graded yet)"));
	free(out);
	progress_free(p);
}
END_TEST

static Suite *
progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("file");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_done_survives_a_reload);
	tcase_add_test(tc, test_an_edit_makes_it_stale);
	tcase_add_test(tc, test_failing_and_inconclusive);
	tcase_add_test(tc, test_next_step_where_the_student_is);
	tcase_add_test(tc, test_array_grow);
	tcase_add_test(tc, test_skeleton_is_not_started);
	tcase_add_test(tc, test_damaged_lines_are_skipped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(progress_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* test-mutate.c: tests/mutate's lexer, operators and stable ids. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mutate.h"

static char out[65536];

/* Every mutant of TEXT, one "KIND LINE: AFTER" per line, in OUT. */
static const char *
mutants_of(const char *text)
{
	struct src f;
	size_t n = 0;

	ck_assert_int_eq(src_load_text(&f, "t.c", text, strlen(text)), 0);
	src_mutants(&f);
	out[0] = '\0';
	for (size_t i = 0; i < f.ml.n; i++) {
		char *after = mutant_line(&f, &f.ml.v[i]);

		ck_assert_ptr_nonnull(after);
		n += (size_t)snprintf(out + n, sizeof out - n, "%s %d: %s\n",
		    f.ml.v[i].kind, f.ml.v[i].line, after);
		free(after);
		ck_assert_uint_lt(n, sizeof out);
	}
	src_free(&f);
	return out;
}

static int
count(const char *hay, const char *needle)
{
	int c = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		c++;
	return c;
}

START_TEST(test_comments_strings_preprocessor_left_alone)
{
	const char *m = mutants_of(
	    "#include <stdio.h>\n"
	    "#define N (1 + 2) \\\n"
	    "    * 3\n"
	    "/* a < b\n"
	    "   c == d */\n"
	    "// x && y\n"
	    "char *s = \"a < b + 1\";\n"
	    "char c = '<';\n");

	ck_assert_str_eq(m, "");
}
END_TEST

START_TEST(test_code_after_comment_is_mutated)
{
	const char *m = mutants_of("/* < */ x = a < b; /* > */\n");

	ck_assert_int_eq(count(m, "rel 1: /* < */ x = a <= b; /* > */"), 1);
	ck_assert_int_eq(count(m, "rel 1: /* < */ x = a > b; /* > */"), 1);
	ck_assert_int_eq(count(m, "rel "), 2);
}
END_TEST

START_TEST(test_arrow_increment_shift_are_not_relations)
{
	const char *m = mutants_of(
	    "p->n++;\n"
	    "x = y << z;\n"
	    "x >>= 2;\n"
	    "i--;\n");

	ck_assert_int_eq(count(m, "rel "), 0);
	ck_assert_int_eq(count(m, "arith "), 0);
	ck_assert_int_eq(count(m, "stmt "), 4);
}
END_TEST

START_TEST(test_relations)
{
	const char *m = mutants_of("if (a <= b && c >= d || e != f) x = g == h;\n");

	ck_assert_int_eq(count(m, "rel 1: if (a < b &&"), 1);
	ck_assert_int_eq(count(m, "c > d ||"), 1);
	ck_assert_int_eq(count(m, "e == f)"), 1);
	ck_assert_int_eq(count(m, "x = g != h;"), 1);
	ck_assert_int_eq(count(m, "rel "), 4);
	ck_assert_int_eq(count(m, "logic "), 2);
}
END_TEST

START_TEST(test_arith_binary_only)
{
	const char *m = mutants_of(
	    "n = a + b * c - d;\n"
	    "v = *p + -1;\n"
	    "struct sockaddr *sa = (struct sockaddr *)&x;\n"
	    "k += 2;\n");

	ck_assert_int_eq(count(m, "arith 1: n = a - b * c - d;"), 1);
	ck_assert_int_eq(count(m, "arith 1: n = a + b / c - d;"), 1);
	ck_assert_int_eq(count(m, "arith 1: n = a + b * c + d;"), 1);
	ck_assert_int_eq(count(m, "arith 2: v = *p - -1;"), 1);
	ck_assert_int_eq(count(m, "arith 2"), 1);
	ck_assert_int_eq(count(m, "arith 3"), 0);
	ck_assert_int_eq(count(m, "arith 4: k -= 2;"), 1);
}
END_TEST

START_TEST(test_constants)
{
	const char *m = mutants_of("x = f(0, 9, -1, 0x10, 5u, 1.5, a1);\n");

	ck_assert_int_eq(count(m, "const 1: x = f(1, 9"), 1);
	ck_assert_int_eq(count(m, "(0, 10,"), 1);
	ck_assert_int_eq(count(m, "(0, 8,"), 1);
	ck_assert_int_eq(count(m, "9, -2, 0x"), 1);
	ck_assert_int_eq(count(m, "9, 0, 0x"), 1);
	ck_assert_int_eq(count(m, "0x11"), 1);
	ck_assert_int_eq(count(m, "0xf,"), 1);
	ck_assert_int_eq(count(m, "6u"), 1);
	ck_assert_int_eq(count(m, "4u"), 1);
	ck_assert_int_eq(count(m, "const "), 9);
}
END_TEST

START_TEST(test_statements)
{
	const char *m = mutants_of(
	    "int n = 0;\n"
	    "close(fd);\n"
	    "return -1;\n"
	    "foo(a,\n"
	    "    b);\n"
	    "x = y;\n");

	ck_assert_int_eq(count(m, "stmt 2: ;"), 1);
	ck_assert_int_eq(count(m, "stmt 6: ;"), 1);
	ck_assert_int_eq(count(m, "stmt "), 2);
}
END_TEST

START_TEST(test_error_checks_order_flags_swap)
{
	const char *m = mutants_of(
	    "if (send(fd, buf, n, MSG_NOSIGNAL) < 0) {\n"
	    "a.sin_port = htons(port);\n"
	    "fds[0].events = POLLIN | POLLOUT;\n");

	ck_assert_int_eq(count(m, "errchk 1: if (0) {"), 1);
	ck_assert_int_eq(count(m, "flag 1: if (send(fd, buf, n, 0) < 0) {"), 1);
	ck_assert_int_eq(count(m, "swap 1: if (send(buf, fd, n,"), 1);
	ck_assert_int_eq(count(m, "order 2: a.sin_port = (port);"), 1);
	ck_assert_int_eq(count(m, "flag 3: fds[0].events = 0 | POLLOUT;"), 1);
	ck_assert_int_eq(count(m, "flag 3: fds[0].events = POLLIN | 0;"), 1);
}
END_TEST

START_TEST(test_ids_stable_across_unrelated_edits)
{
	struct src a, b;
	const char *t1 = "x = a < b;\ny = c + d;\n";
	const char *t2 = "/* new */\nz = 1;\nx = a < b;\n\ny = c + d;\n";
	size_t found = 0;

	ck_assert_int_eq(src_load_text(&a, "dir/s.c", t1, strlen(t1)), 0);
	ck_assert_int_eq(src_load_text(&b, "s.c", t2, strlen(t2)), 0);
	src_mutants(&a);
	src_mutants(&b);
	ck_assert_str_eq(a.base, "s.c");
	for (size_t i = 0; i < a.ml.n; i++)
		for (size_t j = 0; j < b.ml.n; j++)
			if (strcmp(a.ml.v[i].id, b.ml.v[j].id) == 0)
				found++;
	ck_assert_uint_eq(found, a.ml.n);
	ck_assert_str_eq(a.ml.v[0].id, "s.c:0b4cf7ba:rel:0");
	src_free(&a);
	src_free(&b);
}
END_TEST

START_TEST(test_duplicate_lines_get_distinct_ids)
{
	struct src f;
	const char *t = "close(fd);\n  close(fd);\n";

	ck_assert_int_eq(src_load_text(&f, "s.c", t, strlen(t)), 0);
	src_mutants(&f);
	ck_assert_uint_eq(f.ml.n, 2);
	ck_assert_str_ne(f.ml.v[0].id, f.ml.v[1].id);
	ck_assert_ptr_nonnull(strstr(f.ml.v[1].id, ".2:stmt:0"));
	src_free(&f);
}
END_TEST

static Suite *
mutate_suite(void)
{
	Suite *s = suite_create("mutate");
	TCase *tc = tcase_create("lexer");

	tcase_add_test(tc, test_comments_strings_preprocessor_left_alone);
	tcase_add_test(tc, test_code_after_comment_is_mutated);
	tcase_add_test(tc, test_arrow_increment_shift_are_not_relations);
	tcase_add_test(tc, test_relations);
	tcase_add_test(tc, test_arith_binary_only);
	tcase_add_test(tc, test_constants);
	tcase_add_test(tc, test_statements);
	tcase_add_test(tc, test_error_checks_order_flags_swap);
	tcase_add_test(tc, test_ids_stable_across_unrelated_edits);
	tcase_add_test(tc, test_duplicate_lines_get_distinct_ids);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mutate_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

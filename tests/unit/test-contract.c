/* test-contract.c: rule tags read from a lesson README's contract. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "contract.h"

static char err[256];

START_TEST(test_tags_only_in_the_contract_section)
{
	const char *text =
	    "# Lesson\n[S7] is not in the contract.\n"
	    "## The contract\n"
	    "    ./server [ADDRESS [PORT]]\n"
	    "1. [S1] Creates a socket.\n"
	    "   - [S1.2a] If recv fails, a line [C9] inside a sentence.\n"
	    "buf[N1] and x[S2] are not tags.\n"
	    "## How to do it\n[S8] is after it.\n";
	struct contract c;

	ck_assert_int_eq(contract_parse(text, &c, err, sizeof err), 0);
	ck_assert_uint_eq(c.n_rules, 3);
	ck_assert_str_eq(c.rules[0].id, "S1");
	ck_assert_int_eq(c.rules[0].line, 5);
	ck_assert_str_eq(c.rules[1].id, "S1.2a");
	ck_assert_str_eq(c.rules[2].id, "C9");
	ck_assert_int_eq(c.rules[2].line, 6);
	ck_assert_ptr_null(c.rules[0].unchecked);
	ck_assert_ptr_null(contract_find(&c, "S7"));
	ck_assert_ptr_null(contract_find(&c, "S2"));
	contract_free(&c);
}
END_TEST

START_TEST(test_not_checked_reason_over_lines)
{
	const char *text =
	    "## The contract\n"
	    "1. [S4 not checked: the grader cannot\n   make socket() fail] It "
	    "exits.\n2. [S5] Later.\n";
	struct contract c;

	ck_assert_int_eq(contract_parse(text, &c, err, sizeof err), 0);
	ck_assert_uint_eq(c.n_rules, 2);
	ck_assert_str_eq(c.rules[0].unchecked,
	    "the grader cannot make socket() fail");
	ck_assert_int_eq(c.rules[1].line, 4);
	contract_free(&c);
}
END_TEST

START_TEST(test_bad_tags_are_errors)
{
	struct contract c;

	ck_assert_int_eq(contract_parse("## The contract\n[S1] a\n[S1] b\n",
	    &c, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "tagged twice"));
	ck_assert_int_eq(contract_parse("## The contract\n[S1 not checked: ]\n",
	    &c, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "no reason"));
	ck_assert_int_eq(contract_parse("## The contract\n[S1 not checked: x",
	    &c, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "closing"));
	ck_assert_int_eq(contract_parse("# No contract\n[S1]\n", &c, err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "no section"));
}
END_TEST

START_TEST(test_rules_lists)
{
	const char *p = " S1 S3.2,C1b, server ";
	char id[CONTRACT_ID_MAX];

	ck_assert_int_eq(contract_next_id(&p, id, sizeof id), 1);
	ck_assert_str_eq(id, "S1");
	ck_assert_int_eq(contract_next_id(&p, id, sizeof id), 1);
	ck_assert_str_eq(id, "S3.2");
	ck_assert_int_eq(contract_next_id(&p, id, sizeof id), 1);
	ck_assert_str_eq(id, "C1b");
	ck_assert_int_eq(contract_next_id(&p, id, sizeof id), -1);
	ck_assert_str_eq(id, "server");
	ck_assert_int_eq(contract_next_id(&p, id, sizeof id), 0);
}
END_TEST

START_TEST(test_read_names_the_file)
{
	struct contract c;

	ck_assert_int_eq(contract_read("/nonexistent/README.md", &c, err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/README.md"));
}
END_TEST

static Suite *
contract_suite(void)
{
	Suite *s = suite_create("contract");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_tags_only_in_the_contract_section);
	tcase_add_test(tc, test_not_checked_reason_over_lines);
	tcase_add_test(tc, test_bad_tags_are_errors);
	tcase_add_test(tc, test_rules_lists);
	tcase_add_test(tc, test_read_names_the_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(contract_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

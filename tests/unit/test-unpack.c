/*
 * test-unpack.c: the path rules of a submission's copy (unpack.h): archive
 * entry names normalized or refused, symbolic links inside or out, and a
 * copy that refuses a link out, leaves special files out and keeps within
 * its limits.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "unpack.h"

static const struct unpack_limits *lim = &unpack_default_limits;

/* Normalize name; returns what unpack_clean_path() did, out in out. */
static int
clean(const char *name, char *out)
{
	char err[256];

	return unpack_clean_path(name, out, PATH_MAX, lim, err, sizeof err);
}

START_TEST(test_clean_normalizes)
{
	char out[PATH_MAX];

	ck_assert_int_eq(clean("./a//b/./c.c", out), 0);
	ck_assert_str_eq(out, "a/b/c.c");
	ck_assert_int_eq(clean("01-tcp-hello/", out), 0);
	ck_assert_str_eq(out, "01-tcp-hello");
	ck_assert_int_eq(clean("./", out), 1);
	ck_assert_int_eq(clean("a..b/..c", out), 0);
	ck_assert_str_eq(out, "a..b/..c");
}
END_TEST

START_TEST(test_clean_refuses_escapes)
{
	char out[PATH_MAX], deep[PATH_MAX] = "";

	ck_assert_int_eq(clean("/etc/passwd", out), -1);
	ck_assert_int_eq(clean("../x", out), -1);
	ck_assert_int_eq(clean("a/../b", out), -1);
	ck_assert_int_eq(clean("a/..", out), -1);
	for (int i = 0; i <= lim->depth; i++)
		strcat(deep, "d/");
	ck_assert_int_eq(clean(deep, out), -1);
}
END_TEST

START_TEST(test_links)
{
	ck_assert_int_eq(unpack_link_inside("a/link", "b.c"), 1);
	ck_assert_int_eq(unpack_link_inside("a/link", "../a/b.c"), 1);
	ck_assert_int_eq(unpack_link_inside("a/link", "../../x"), 0);
	ck_assert_int_eq(unpack_link_inside("link", "../x"), 0);
	ck_assert_int_eq(unpack_link_inside("link", "/etc/passwd"), 0);
	ck_assert_int_eq(unpack_link_inside("a/b/link", "./../.././x"), 1);
	ck_assert_int_eq(unpack_link_inside("link", ""), 0);
}
END_TEST

/* A scratch tree: returns its path (static). */
static const char *
scratch(void)
{
	static char dir[64];

	snprintf(dir, sizeof dir, "/tmp/test-unpack.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

START_TEST(test_copy_dir)
{
	const char *top = scratch();
	char src[PATH_MAX], dst[PATH_MAX], p[PATH_MAX], err[256];
	struct unpack_limits small = *lim;
	struct stat st;
	FILE *f;

	snprintf(src, sizeof src, "%s/src", top);
	snprintf(dst, sizeof dst, "%s/dst", top);
	ck_assert_int_eq(mkdir(src, 0755), 0);
	snprintf(p, sizeof p, "%s/a.c", src);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs("int x;\n", f);
	fclose(f);
	snprintf(p, sizeof p, "%s/fifo", src);
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	snprintf(p, sizeof p, "%s/inside", src);
	ck_assert_int_eq(symlink("a.c", p), 0);
	/* A FIFO and a link inside are left out; the file is copied. */
	ck_assert_int_eq(unpack_copy_dir(src, dst, lim, err, sizeof err), 0);
	snprintf(p, sizeof p, "%s/a.c", dst);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_size, 7);
	snprintf(p, sizeof p, "%s/fifo", dst);
	ck_assert_int_eq(lstat(p, &st), -1);
	snprintf(p, sizeof p, "%s/inside", dst);
	ck_assert_int_eq(lstat(p, &st), -1);
	/* Too small a limit refuses it. */
	ck_assert_int_eq(unpack_remove_tree(dst), 0);
	small.file_bytes = 3;
	ck_assert_int_eq(unpack_copy_dir(src, dst, &small, err, sizeof err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "a.c"));
	/* A link out refuses it. */
	ck_assert_int_eq(unpack_remove_tree(dst), 0);
	snprintf(p, sizeof p, "%s/out", src);
	ck_assert_int_eq(symlink("../../etc", p), 0);
	ck_assert_int_eq(unpack_copy_dir(src, dst, lim, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "points out"));
	ck_assert_int_eq(unpack_remove_tree(top), 0);
}
END_TEST

START_TEST(test_hash_tree)
{
	const char *top = scratch();
	char p[PATH_MAX];
	uint64_t a = 1, b = 1, c = 1;
	FILE *f;

	snprintf(p, sizeof p, "%s/x", top);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs("one", f);
	fclose(f);
	ck_assert_int_eq(unpack_hash_tree(top, &a), 0);
	ck_assert_int_eq(unpack_hash_tree(top, &b), 0);
	ck_assert(a == b);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs("two", f);
	fclose(f);
	ck_assert_int_eq(unpack_hash_tree(top, &c), 0);
	ck_assert(a != c);
	ck_assert_int_eq(unpack_remove_tree(top), 0);
}
END_TEST

/* Run the shell command cmd in directory dir; it must succeed. */
static void
shell(const char *dir, const char *cmd)
{
	char line[PATH_MAX + 512];

	snprintf(line, sizeof line, "cd '%s' && %s", dir, cmd);
	ck_assert_int_eq(system(line), 0);
}

/*
 * One archive instead of lessons: extracted, one level, with the limits of
 * both levels together; several archives, or one beside other files, not.
 */
START_TEST(test_inner_archive)
{
	const char *top = scratch();
	char dir[PATH_MAX], inner[PATH_MAX], p[PATH_MAX], err[256];
	struct unpack_limits small = *lim;
	struct stat st;

	snprintf(dir, sizeof dir, "%s/dir", top);
	snprintf(inner, sizeof inner, "%s/inner", top);
	/* dir/sub/l.tar.gz holds lessons/x.c, 3000 bytes; dir a dotfile. */
	shell(top, "mkdir -p l/lessons dir/sub && "
	    "head -c 3000 /dev/zero >l/lessons/x.c && "
	    "tar czf dir/sub/l.tar.gz -C l lessons && touch dir/.DS_Store");
	ck_assert_int_eq(unpack_inner_archive(dir, inner, lim, err,
	    sizeof err), 1);
	snprintf(p, sizeof p, "%s/lessons/x.c", inner);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_size, 3000);
	ck_assert_int_eq(unpack_holds_archive(inner), 0);
	ck_assert_int_eq(unpack_holds_archive(dir), 1);
	/* A total enough for the inner files, not with the archive too. */
	snprintf(p, sizeof p, "%s/sub/l.tar.gz", dir);
	ck_assert_int_eq(stat(p, &st), 0);
	small.total_bytes = 3000 + (long)st.st_size - 1;
	ck_assert_int_eq(unpack_remove_tree(inner), 0);
	ck_assert_int_eq(unpack_archive(p, inner, &small, err, sizeof err),
	    0);
	ck_assert_int_eq(unpack_remove_tree(inner), 0);
	ck_assert_int_eq(unpack_inner_archive(dir, inner, &small, err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "in all"));
	/* Another file that counts: nothing to extract. */
	ck_assert_int_eq(unpack_remove_tree(inner), 0);
	shell(top, "echo notes >dir/notes.txt");
	ck_assert_int_eq(unpack_inner_archive(dir, inner, lim, err,
	    sizeof err), 0);
	/* Several archives: refused, saying how many. */
	shell(top, "rm dir/notes.txt && cp dir/sub/l.tar.gz dir/m.zip && "
	    "cp dir/m.zip dir/sub/n.tgz");
	ck_assert_int_eq(unpack_inner_archive(dir, inner, lim, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "holds 3 archives and no lessons: submit one "
	    "archive of the lessons folder");
	/* Three folders down, an "archive" is a file like any other. */
	shell(top, "rm -r dir/m.zip dir/sub && mkdir -p dir/a/b/c && "
	    "cp l/lessons/x.c dir/a/b/c/x.zip");
	ck_assert_int_eq(unpack_inner_archive(dir, inner, lim, err,
	    sizeof err), 0);
	ck_assert_int_eq(unpack_remove_tree(top), 0);
}
END_TEST

static Suite *
unpack_suite(void)
{
	Suite *s = suite_create("unpack");
	TCase *tc = tcase_create("paths");

	tcase_add_test(tc, test_clean_normalizes);
	tcase_add_test(tc, test_clean_refuses_escapes);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_copy_dir);
	tcase_add_test(tc, test_hash_tree);
	tcase_add_test(tc, test_inner_archive);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(unpack_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* test-build.c: taking a student's sources, compiling, skeleton sums. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "build.h"
#include "bytes.h"
#include "clock.h"
#include "spawn.h"

#define SECRET "TOP-SECRET-4f1d2c"

static char root[64];		/* this run's, removed even if tests fail */
static char tmp[96];		/* this test's: everything it creates */
static char lesson[128];	/* the student's lesson directory */
static char work[128];		/* the grader's private copy */
static char dest[160];		/* where server.c is copied to */

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
	snprintf(lesson, sizeof lesson, "%s/lesson", tmp);
	snprintf(work, sizeof work, "%s/work", tmp);
	snprintf(dest, sizeof dest, "%s/server.c", work);
	ck_assert_int_eq(mkdir(lesson, 0700), 0);
	ck_assert_int_eq(mkdir(work, 0700), 0);
}

static void
tmp_teardown(void)
{
	(void)nftw(tmp, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static void
write_text(const char *dir, const char *name, const char *text)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	write_file(path, text, strlen(text));
}

static void
assert_file_is(const char *path, const char *want)
{
	struct bytes b;
	int truncated;

	bytes_init(&b);
	ck_assert_int_eq(bytes_read_file(&b, path, 1 << 20, &truncated), 0);
	ck_assert_str_eq(bytes_str(&b), want);
	bytes_free(&b);
}

/* Take lesson/server.c; expect it refused with a message naming it. */
static void
assert_refused(const char *words, char *msg, size_t msglen)
{
	char shown[160];

	msg[0] = '\0';
	ck_assert_int_eq(build_take_source(lesson, "server.c", dest, msg,
	    msglen), -1);
	snprintf(shown, sizeof shown, "%s/server.c", lesson);
	ck_assert_msg(strstr(msg, shown) != NULL, "no file name in \"%s\"",
	    msg);
	ck_assert_msg(strstr(msg, words) != NULL, "\"%s\" not in \"%s\"",
	    words, msg);
}

/* ---- build_take_source ---- */

START_TEST(test_take_accepts_regular_file)
{
	static const char src[] = "#include <stdio.h>\nint main(void) "
	    "{ puts(\"hi\"); return 0; }\n";
	char msg[512] = "";

	write_text(lesson, "server.c", src);
	ck_assert_int_eq(build_take_source(lesson, "server.c", dest, msg,
	    sizeof msg), 0);
	assert_file_is(dest, src);
}
END_TEST

START_TEST(test_take_accepts_file_of_max_size)
{
	char *big = xmalloc(BUILD_MAX_SOURCE);
	char path[256], msg[512] = "";
	struct stat st;

	memset(big, '/', BUILD_MAX_SOURCE);
	snprintf(path, sizeof path, "%s/server.c", lesson);
	write_file(path, big, BUILD_MAX_SOURCE);
	free(big);
	ck_assert_int_eq(build_take_source(lesson, "server.c", dest, msg,
	    sizeof msg), 0);
	ck_assert_int_eq(stat(dest, &st), 0);
	ck_assert_int_eq(st.st_size, BUILD_MAX_SOURCE);
}
END_TEST

START_TEST(test_take_accepts_link_inside_lesson)
{
	char link[256], msg[512] = "";

	write_text(lesson, "real.c", "int x;\n");
	snprintf(link, sizeof link, "%s/server.c", lesson);
	ck_assert_int_eq(symlink("real.c", link), 0);
	ck_assert_int_eq(build_take_source(lesson, "server.c", dest, msg,
	    sizeof msg), 0);
	assert_file_is(dest, "int x;\n");
}
END_TEST

START_TEST(test_take_refuses_missing_file)
{
	char msg[512];

	assert_refused("restore", msg, sizeof msg);
	ck_assert_ptr_nonnull(strstr(msg, "missing"));
	ck_assert_int_eq(access(dest, F_OK), -1);
}
END_TEST

START_TEST(test_take_refuses_link_outside_lesson)
{
	char secret[256], link[256], msg[512];

	write_text(tmp, "secret", SECRET "\n");
	snprintf(secret, sizeof secret, "%s/secret", tmp);
	snprintf(link, sizeof link, "%s/server.c", lesson);
	ck_assert_int_eq(symlink(secret, link), 0);
	assert_refused("outside", msg, sizeof msg);
	ck_assert_ptr_null(strstr(msg, SECRET));
	ck_assert_int_eq(access(dest, F_OK), -1);

	/* A relative link that climbs out is no better. */
	ck_assert_int_eq(unlink(link), 0);
	ck_assert_int_eq(symlink("../secret", link), 0);
	assert_refused("outside", msg, sizeof msg);
	ck_assert_ptr_null(strstr(msg, SECRET));
	ck_assert_int_eq(access(dest, F_OK), -1);
}
END_TEST

START_TEST(test_take_refuses_dangling_link)
{
	char link[256], msg[512];

	snprintf(link, sizeof link, "%s/server.c", lesson);
	ck_assert_int_eq(symlink("nowhere.c", link), 0);
	assert_refused("regular file", msg, sizeof msg);
}
END_TEST

START_TEST(test_take_refuses_binary_content)
{
	static const char bin[] = "int main(void) { return 0; }\n\0\1\2\3";
	char path[256], msg[512];

	snprintf(path, sizeof path, "%s/server.c", lesson);
	write_file(path, bin, sizeof bin - 1);
	assert_refused("binary", msg, sizeof msg);
}
END_TEST

START_TEST(test_take_refuses_binary_content_past_first_block)
{
	char *data = xmalloc(20000);
	char path[256], msg[512];

	memset(data, ' ', 20000);
	data[19000] = '\0';
	snprintf(path, sizeof path, "%s/server.c", lesson);
	write_file(path, data, 20000);
	free(data);
	assert_refused("binary", msg, sizeof msg);
}
END_TEST

START_TEST(test_take_refuses_oversize_file)
{
	char *big = xmalloc(BUILD_MAX_SOURCE + 1);
	char path[256], msg[512];

	memset(big, '/', BUILD_MAX_SOURCE + 1);
	snprintf(path, sizeof path, "%s/server.c", lesson);
	write_file(path, big, BUILD_MAX_SOURCE + 1);
	free(big);
	assert_refused("larger than 256 KiB", msg, sizeof msg);
}
END_TEST

START_TEST(test_take_refuses_directory)
{
	char path[256], msg[512];

	snprintf(path, sizeof path, "%s/server.c", lesson);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	assert_refused("not a regular file", msg, sizeof msg);
}
END_TEST

START_TEST(test_take_refuses_fifo_without_hanging)
{
	char path[256], msg[512];
	int64_t t0 = clock_ms();

	snprintf(path, sizeof path, "%s/server.c", lesson);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	assert_refused("not a regular file", msg, sizeof msg);
	ck_assert_int_lt(clock_ms() - t0, 1000);
}
END_TEST

/* Includes that could read a file outside the submission are refused. */
static const char *const bad_includes[] = {
	"#include \"/dev/zero\"\n",
	"#include </etc/shadow>\n",
	"  #  include \"../../secret.h\"\n",
	"#include <sys/../../../etc/passwd>\n",
	"#define F \"/dev/stdin\"\n#include F\n",
	"%:include \"/dev/stdin\"\n",
	"?\?=include \"/dev/zero\"\n",
	"#inc\\\nlude \"/dev/zero\"\n",
	"#/* hidden */include \"/dev/zero\"\n",
	"#include_next </etc/shadow>\n",
	"#import \"/etc/shadow\"\n",
	"#include \"/dev/zero", /* no closing quote, no newline */
};

START_TEST(test_take_refuses_include_by_path)
{
	char msg[512];

	write_text(lesson, "server.c", bad_includes[_i]);
	assert_refused("include only headers by name", msg, sizeof msg);
}
END_TEST

START_TEST(test_take_accepts_plain_includes)
{
	static const char src[] = "#include <stdio.h>\n"
	    "#include <sys/socket.h>\n#include \"local.h\"\n#  include <netinet/in.h>\n"
	    "// #include \"/dev/zero\" in a comment\n"
	    "/* #include </etc/shadow> */\n"
	    "static const char *s = \"#include </etc/shadow>\";\n"
	    "int main(void) { return s[0] == 0; }\n";
	char msg[512] = "";

	write_text(lesson, "server.c", src);
	ck_assert_msg(build_take_source(lesson, "server.c", dest, msg,
	    sizeof msg) == 0, "refused: %s", msg);
}
END_TEST

START_TEST(test_take_message_is_cut_to_fit)
{
	char msg[16];

	memset(msg, 'x', sizeof msg);
	ck_assert_int_eq(build_take_source(lesson, "server.c", dest, msg,
	    sizeof msg), -1);
	ck_assert_uint_eq(strlen(msg), sizeof msg - 1);
}
END_TEST

/* ---- build_compile ---- */

static int
compile(const char *cc, const char *name, const char *src,
    struct bytes *diag, char *err, size_t errlen)
{
	char path[256], out[256];

	write_text(work, name, src);
	snprintf(path, sizeof path, "%s/%s", work, name);
	snprintf(out, sizeof out, "%s/prog", work);
	err[0] = '\0';
	return build_compile(cc, path, out, work, diag, err, errlen);
}

START_TEST(test_compile_hello_and_run_it)
{
	char err[256], prog[256], out[256], errp[256];
	char *argv[] = { prog, NULL };
	struct bytes diag;
	struct proc p;

	bytes_init(&diag);
	ck_assert_int_eq(compile("gcc", "hello.c", "#include <stdio.h>\n"
	    "int main(void) { puts(\"hello\"); return 0; }\n", &diag, err,
	    sizeof err), 0);
	ck_assert_msg(diag.len == 0, "diagnostics: %s", bytes_str(&diag));
	bytes_free(&diag);

	snprintf(prog, sizeof prog, "%s/prog", work);
	snprintf(out, sizeof out, "%s/run.out", work);
	snprintf(errp, sizeof errp, "%s/run.err", work);
	ck_assert_int_eq(access(prog, X_OK), 0);
	ck_assert_int_eq(proc_start(&p, argv, work, NULL, out, errp, NULL, err,
	    sizeof err), 0);
	ck_assert_int_eq(proc_wait(&p, clock_ms() + 5000), 0);
	ck_assert(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0);
	assert_file_is(out, "hello\n");
}
END_TEST

START_TEST(test_compile_syntax_error)
{
	char err[256];
	struct bytes diag;

	bytes_init(&diag);
	ck_assert_int_eq(compile("gcc", "broken.c",
	    "int main(void) { return 0 }\n", &diag, err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(bytes_str(&diag), "broken.c:1"));
	ck_assert_ptr_nonnull(strstr(bytes_str(&diag), "error"));
	bytes_free(&diag);
}
END_TEST

START_TEST(test_compile_warning_is_not_an_error)
{
	char err[256];
	struct bytes diag;

	bytes_init(&diag);
	ck_assert_int_eq(compile("gcc", "warn.c",
	    "int main(void) { int unused; return 0; }\n", &diag, err,
	    sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(bytes_str(&diag), "warning"));
	ck_assert_ptr_nonnull(strstr(bytes_str(&diag), "unused"));
	bytes_free(&diag);
}
END_TEST

START_TEST(test_compile_passes_compiler_options)
{
	char err[256];
	struct bytes diag;

	bytes_init(&diag);
	ck_assert_int_eq(compile("gcc -DVALUE=42", "opt.c",
	    "_Static_assert(VALUE == 42, \"VALUE\");\n"
	    "int main(void) { return 0; }\n", &diag, err, sizeof err), 0);
	bytes_free(&diag);
}
END_TEST

START_TEST(test_compile_missing_compiler)
{
	char err[256];
	struct bytes diag;

	bytes_init(&diag);
	ck_assert_int_eq(compile("/nonexistent/socklab-cc", "hello.c",
	    "int main(void) { return 0; }\n", &diag, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/socklab-cc"));
	ck_assert_int_eq(compile("socklab-no-such-cc", "hello.c",
	    "int main(void) { return 0; }\n", &diag, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "socklab-no-such-cc"));
	bytes_free(&diag);
}
END_TEST

/* ---- hashes and skeletons ---- */

START_TEST(test_hash_str_known_values)
{
	/* FNV-1a 64 test vectors. */
	ck_assert_uint_eq(build_hash_str(BUILD_HASH_INIT, ""),
	    0xcbf29ce484222325ULL);
	ck_assert_uint_eq(build_hash_str(BUILD_HASH_INIT, "a"),
	    0xaf63dc4c8601ec8cULL);
	ck_assert_uint_eq(build_hash_str(BUILD_HASH_INIT, "foobar"),
	    0x85944171f73967e8ULL);
	ck_assert_uint_eq(build_hash_str(build_hash_str(BUILD_HASH_INIT,
	    "foo"), "bar"), 0x85944171f73967e8ULL);
}
END_TEST

START_TEST(test_hash_file)
{
	char path[256];
	uint64_t h = 0;

	write_text(tmp, "f", "foobar");
	snprintf(path, sizeof path, "%s/f", tmp);
	ck_assert_int_eq(build_hash_file(path, &h), 0);
	ck_assert_uint_eq(h, 0x85944171f73967e8ULL);
	write_text(tmp, "f", "");
	ck_assert_int_eq(build_hash_file(path, &h), 0);
	ck_assert_uint_eq(h, BUILD_HASH_INIT);
}
END_TEST

START_TEST(test_hash_file_refuses_missing_and_special)
{
	char path[256];
	uint64_t h = 7;

	snprintf(path, sizeof path, "%s/absent", tmp);
	errno = 0;
	ck_assert_int_eq(build_hash_file(path, &h), -1);
	ck_assert_int_eq(errno, ENOENT);
	snprintf(path, sizeof path, "%s/fifo", tmp);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(build_hash_file(path, &h), -1);
	ck_assert_int_eq(build_hash_file(lesson, &h), -1);
	ck_assert_uint_eq(h, 7);
}
END_TEST

/* Write lesson/.skeleton-sums the way the grader does, for these files. */
static void
write_sums(const char *const files[], size_t n, char *sums, size_t len)
{
	FILE *f;

	snprintf(sums, len, "%s/.skeleton-sums", lesson);
	ck_assert_ptr_nonnull(f = fopen(sums, "w"));
	for (size_t i = 0; i < n; i++) {
		char path[256];
		uint64_t h;

		snprintf(path, sizeof path, "%s/%s", lesson, files[i]);
		ck_assert_int_eq(build_hash_code(path, &h), 0);
		fprintf(f, "%016" PRIx64 "  %s\n", h, files[i]);
	}
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_skeleton_match_and_mismatch)
{
	static const char *const files[] = { "client.c", "server.c" };
	char sums[256];

	write_text(lesson, "server.c", "/* TODO: the server */\n");
	write_text(lesson, "client.c", "/* TODO: the client */\n");
	write_sums(files, 2, sums, sizeof sums);
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "server.c"), 1);
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "client.c"), 1);

	write_text(lesson, "server.c", "/* TODO: the server */\nint x;\n");
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "server.c"), 0);
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "client.c"), 1);
}
END_TEST

/* Comments and spacing are not code: the skeleton with them is still it. */
START_TEST(test_skeleton_comments_and_spacing)
{
	static const char *const files[] = { "server.c" };
	static const char skeleton[] =
	    "/* TODO: the server */\nint main(void)\n{\n\treturn 1; // no\n}\n";
	static const char *const still[] = {
		"/* TODO */\nint main(void)\n{\n\treturn 1; // no\n}\n/* x */\n",
		"// mine\nint main(void) {\n    return 1;\n}",
		"int  main(void)/* x */{ return 1; }\n\n",
		"int main(void)\n{\n\treturn 1; /* a // b */\n}\n",
		"int main (void) { return 1 ; }\n",
	};
	static const char *const changed[] = {
		"int main(void) { return 2; }\n",
		"int main(void) { return 1; } int x;\n",
		"intmain(void) { return 1; }\n",
		"int main(void) { return 1/2; }\n",
		"int main(void) { puts(\"/* x */\"); return 1; }\n",
	};
	char sums[256];

	write_text(lesson, "server.c", skeleton);
	write_sums(files, 1, sums, sizeof sums);
	for (size_t i = 0; i < sizeof still / sizeof still[0]; i++) {
		write_text(lesson, "server.c", still[i]);
		ck_assert_msg(build_is_skeleton(sums, lesson, "server.c") == 1,
		    "not the skeleton: %s", still[i]);
	}
	for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++) {
		write_text(lesson, "server.c", changed[i]);
		ck_assert_msg(build_is_skeleton(sums, lesson, "server.c") == 0,
		    "the skeleton: %s", changed[i]);
	}
}
END_TEST

/* A string or character keeps its spaces and what looks like comments. */
START_TEST(test_code_hash_literals)
{
	uint64_t a, b;
	char path[256];

	snprintf(path, sizeof path, "%s/a.c", lesson);
	write_text(lesson, "a.c", "char *s = \"a  b\"; char c = '/';\n");
	ck_assert_int_eq(build_hash_code(path, &a), 0);
	write_text(lesson, "a.c", "char *s = \"a b\"; char c = '/';\n");
	ck_assert_int_eq(build_hash_code(path, &b), 0);
	ck_assert_uint_ne(a, b);
	write_text(lesson, "a.c", "char *s = \"a\\\"//\"; int x = 1 / 2;\n");
	ck_assert_int_eq(build_hash_code(path, &a), 0);
	write_text(lesson, "a.c", "char *s = \"a\\\"//\";  int x = 1 / 2;");
	ck_assert_int_eq(build_hash_code(path, &b), 0);
	ck_assert_uint_eq(a, b);
	/* Operators that would merge keep their space. */
	write_text(lesson, "a.c", "int y = x - -1;\n");
	ck_assert_int_eq(build_hash_code(path, &a), 0);
	write_text(lesson, "a.c", "int y = x--1;\n");
	ck_assert_int_eq(build_hash_code(path, &b), 0);
	ck_assert_uint_ne(a, b);
}
END_TEST

START_TEST(test_skeleton_unlisted_or_missing_file)
{
	static const char *const files[] = { "server.c" };
	char sums[256], path[256];

	write_text(lesson, "server.c", "skeleton\n");
	write_text(lesson, "other.c", "skeleton\n");
	write_sums(files, 1, sums, sizeof sums);
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "other.c"), 0);
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "server"), 0);
	snprintf(path, sizeof path, "%s/server.c", lesson);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "server.c"), 0);
}
END_TEST

START_TEST(test_skeleton_without_sums)
{
	char sums[256];

	write_text(lesson, "server.c", "skeleton\n");
	snprintf(sums, sizeof sums, "%s/.skeleton-sums", lesson);
	ck_assert_int_eq(build_is_skeleton(sums, lesson, "server.c"), -1);
}
END_TEST

static Suite *
build_suite(void)
{
	Suite *s = suite_create("build");
	TCase *tc;

	tc = tcase_create("take_source");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_take_accepts_regular_file);
	tcase_add_test(tc, test_take_accepts_file_of_max_size);
	tcase_add_test(tc, test_take_accepts_link_inside_lesson);
	tcase_add_test(tc, test_take_refuses_missing_file);
	tcase_add_test(tc, test_take_refuses_link_outside_lesson);
	tcase_add_test(tc, test_take_refuses_dangling_link);
	tcase_add_test(tc, test_take_refuses_binary_content);
	tcase_add_test(tc, test_take_refuses_binary_content_past_first_block);
	tcase_add_test(tc, test_take_refuses_oversize_file);
	tcase_add_test(tc, test_take_refuses_directory);
	tcase_add_test(tc, test_take_refuses_fifo_without_hanging);
	tcase_add_test(tc, test_take_message_is_cut_to_fit);
	tcase_add_loop_test(tc, test_take_refuses_include_by_path, 0,
	    sizeof bad_includes / sizeof bad_includes[0]);
	tcase_add_test(tc, test_take_accepts_plain_includes);
	suite_add_tcase(s, tc);

	tc = tcase_create("compile");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_compile_hello_and_run_it);
	tcase_add_test(tc, test_compile_syntax_error);
	tcase_add_test(tc, test_compile_warning_is_not_an_error);
	tcase_add_test(tc, test_compile_passes_compiler_options);
	tcase_add_test(tc, test_compile_missing_compiler);
	suite_add_tcase(s, tc);

	tc = tcase_create("skeleton");
	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_hash_str_known_values);
	tcase_add_test(tc, test_hash_file);
	tcase_add_test(tc, test_hash_file_refuses_missing_and_special);
	tcase_add_test(tc, test_skeleton_match_and_mismatch);
	tcase_add_test(tc, test_skeleton_unlisted_or_missing_file);
	tcase_add_test(tc, test_skeleton_comments_and_spacing);
	tcase_add_test(tc, test_code_hash_literals);
	tcase_add_test(tc, test_skeleton_without_sums);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	snprintf(root, sizeof root, "/tmp/socklab-build.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	sr = srunner_create(build_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	(void)nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

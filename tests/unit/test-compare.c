/* test-compare.c: escaping, port normalisation, comparison, diagnoses. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "bytes.h"
#include "compare.h"
#include "diagnose.h"
#include "netprobe.h"
#include "transcript.h"

/* The port range the tests give normalize_ports (Linux's default). */
#define EPH_LO 32768
#define EPH_HI 60999

static void
assert_escaped(const char *data, size_t len, size_t max, const char *want)
{
	struct bytes b;

	bytes_init(&b);
	escape_bytes(&b, data, len, max);
	ck_assert_str_eq(bytes_str(&b), want);
	ck_assert_uint_eq(b.len, strlen(want));
	bytes_free(&b);
}

static void
names(struct port_names *pn, const char *text, int rename)
{
	memset(pn, 0, sizeof *pn);
	ck_assert_int_eq(port_names_parse(pn, text), 0);
	pn->rename_named = rename;
	pn->eph_lo = EPH_LO;
	pn->eph_hi = EPH_HI;
}

static void
assert_normalized(const char *data, const struct port_names *pn,
    const char *want)
{
	struct bytes b;

	bytes_init(&b);
	normalize_ports(&b, data, strlen(data), pn);
	ck_assert_str_eq(bytes_str(&b), want);
	bytes_free(&b);
}

static void
set(struct transcript *t, const char *key, const char *value)
{
	transcript_set(t, key, value, strlen(value));
}

/* A port surely inside the kernel's ephemeral range. */
static int
ephemeral_port(int offset)
{
	int lo, hi;

	ephemeral_range(&lo, &hi);
	ck_assert_int_le(lo + offset, hi);
	return lo + offset;
}

/* ---- escape_bytes ---- */

START_TEST(test_escape_keeps_printable_ascii)
{
	assert_escaped("Hello, world! ~{}", 17, 100, "Hello, world! ~{}");
}
END_TEST

START_TEST(test_escape_control_characters)
{
	assert_escaped("a\nb\tc\rd", 7, 100, "a\\nb\\tc\\rd");
	assert_escaped("x\0y", 3, 100, "x\\0y");
	assert_escaped("\x1b[31mred", 8, 100, "\\x1b[31mred");
	assert_escaped("\x7f\x01", 2, 100, "\\x7f\\x01");
	assert_escaped("back\\slash", 10, 100, "back\\\\slash");
}
END_TEST

START_TEST(test_escape_high_bytes)
{
	assert_escaped("\xff\x80\xc3\xa9", 4, 100, "\\xff\\x80\\xc3\\xa9");
}
END_TEST

START_TEST(test_escape_truncates_with_count)
{
	assert_escaped("abcdefghij", 10, 4, "abcd ... (6 more bytes)");
	assert_escaped("abcd", 4, 4, "abcd");
	assert_escaped("abc", 3, 0, " ... (3 more bytes)");
	/* The limit counts input bytes, not escaped ones. */
	assert_escaped("\n\n\n\n", 4, 2, "\\n\\n ... (2 more bytes)");
}
END_TEST

START_TEST(test_escape_appends)
{
	struct bytes b;

	bytes_init(&b);
	bytes_puts(&b, "got = ");
	escape_bytes(&b, "\x1b", 1, 10);
	ck_assert_str_eq(bytes_str(&b), "got = \\x1b");
	bytes_free(&b);
}
END_TEST

static void
assert_escaped_text(const char *data, size_t len, size_t max,
    const char *want)
{
	struct bytes b;

	bytes_init(&b);
	escape_text(&b, data, len, max);
	ck_assert_str_eq(bytes_str(&b), want);
	bytes_free(&b);
}

START_TEST(test_escape_text_keeps_lines_and_tabs)
{
	assert_escaped_text("a.c:1: error\n\tint x\n", 20, 100,
	    "a.c:1: error\n\tint x\n");
	assert_escaped_text("\n\n", 2, 100, "\n\n");
	assert_escaped_text("", 0, 100, "");
}
END_TEST

START_TEST(test_escape_text_escapes_other_control_bytes)
{
	assert_escaped_text("x = \"\x1b[2J\";\r\n", 13, 100,
	    "x = \"\\x1b[2J\";\\r\n");
	assert_escaped_text("nul\0\x7f\xff\n", 7, 100,
	    "nul\\0\\x7f\\xff\n");
}
END_TEST

START_TEST(test_escape_text_truncates_with_count)
{
	assert_escaped_text("ab\ncd\nef", 8, 4, "ab\nc ... (4 more bytes)");
	assert_escaped_text("ab\n", 3, 3, "ab\n");
}
END_TEST

/* escape_compiler_output on len bytes of diag gives want. */
static void
assert_compiler_output(const char *diag, size_t len, const char *want)
{
	struct bytes in, out;

	bytes_init(&in);
	bytes_init(&out);
	bytes_append(&in, diag, len);
	escape_compiler_output(&out, &in, "/tmp/g/01-x", "lessons/01-x");
	ck_assert_uint_eq(out.len, strlen(want));
	ck_assert_str_eq(bytes_str(&out), want);
	bytes_free(&in);
	bytes_free(&out);
}

START_TEST(test_compiler_output_shows_the_students_directory)
{
	assert_compiler_output("/tmp/g/01-x/server.c:3:9: warning: x\n"
	    "/tmp/g/01-x/server.c: /tmp/g/01-x\n", 71,
	    "lessons/01-x/server.c:3:9: warning: x\n"
	    "lessons/01-x/server.c: lessons/01-x\n");
	assert_compiler_output("/tmp/g/01-", 10, "/tmp/g/01-");
	assert_compiler_output("", 0, "");
}
END_TEST

/* No output at all (a build without warnings: nothing ever appended). */
START_TEST(test_compiler_output_of_nothing)
{
	struct bytes in, out;

	bytes_init(&in);
	bytes_init(&out);
	escape_compiler_output(&out, &in, "/tmp/g/01-x", "lessons/01-x");
	ck_assert_uint_eq(out.len, 0);
	bytes_free(&in);
	bytes_free(&out);
}
END_TEST

/* A NUL byte in the compiler's output (a quoted source line) hides nothing. */
START_TEST(test_compiler_output_goes_on_after_a_nul)
{
	assert_compiler_output("a.c:1: error\n\0 x\n/tmp/g/01-x/a.c:2: y\n",
	    38, "a.c:1: error\n\\0 x\nlessons/01-x/a.c:2: y\n");
}
END_TEST

/* ---- port_names_parse ---- */

START_TEST(test_port_names_parse_good)
{
	struct port_names pn;

	ck_assert_int_eq(port_names_parse(&pn, "server=50007 probe1=40001"), 0);
	ck_assert_int_eq(pn.n, 2);
	ck_assert_str_eq(pn.name[0], "server");
	ck_assert_int_eq(pn.port[0], 50007);
	ck_assert_str_eq(pn.name[1], "probe1");
	ck_assert_int_eq(pn.port[1], 40001);

	ck_assert_int_eq(port_names_parse(&pn, "  alt-port=50008  "), 0);
	ck_assert_int_eq(pn.n, 1);
	ck_assert_str_eq(pn.name[0], "alt-port");
	ck_assert_int_eq(pn.port[0], 50008);

	pn.n = 5;
	ck_assert_int_eq(port_names_parse(&pn, ""), 0);
	ck_assert_int_eq(pn.n, 0);
}
END_TEST

START_TEST(test_port_names_parse_rejects_malformed)
{
	static const char *bad[] = {
		"server",
		"server=",
		"=50007",
		"server=abc",
		"Server=50007",
		"server=50007,probe=1",
		"server=50007 junk",
		"a-name-far-too-long-for-it=1",
		"a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9",
	};
	struct port_names pn;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(port_names_parse(&pn, bad[i]) == -1,
		    "accepted \"%s\"", bad[i]);
	ck_assert_int_eq(port_names_parse(&pn,
	    "a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8"), 0);
	ck_assert_int_eq(pn.n, MAX_NAMED_PORTS);
}
END_TEST

/* ---- normalize_ports ---- */

START_TEST(test_normalize_renames_named_ports_when_asked)
{
	struct port_names pn;

	names(&pn, "server=50007", 1);
	assert_normalized("bound 127.0.0.1:50007\n", &pn,
	    "bound 127.0.0.1:<server>\n");
	names(&pn, "server=50007", 0);
	/* Named, so kept although 50007 is in the ephemeral range. */
	assert_normalized("bound 127.0.0.1:50007\n", &pn,
	    "bound 127.0.0.1:50007\n");
}
END_TEST

START_TEST(test_normalize_replaces_ephemeral_ports)
{
	struct port_names pn;

	names(&pn, "", 0);
	assert_normalized("from 127.0.0.1:40001: hi", &pn,
	    "from 127.0.0.1:<ephemeral>: hi");
	assert_normalized("10.0.0.1:32768 10.0.0.1:60999", &pn,
	    "10.0.0.1:<ephemeral> 10.0.0.1:<ephemeral>");
}
END_TEST

START_TEST(test_normalize_keeps_ports_outside_range)
{
	struct port_names pn;

	names(&pn, "", 1);
	assert_normalized("127.0.0.1:32767 127.0.0.1:61000 127.0.0.1:80",
	    &pn, "127.0.0.1:32767 127.0.0.1:61000 127.0.0.1:80");
}
END_TEST

START_TEST(test_normalize_ignores_numbers_not_after_an_address)
{
	struct port_names pn;

	names(&pn, "server=50007", 1);
	assert_normalized("at 12:40001, port :40001, host:50007", &pn,
	    "at 12:40001, port :40001, host:50007");
	assert_normalized("1.2.3:40001 1.2.3.4.5:40001", &pn,
	    "1.2.3:40001 1.2.3.4.5:40001");
	assert_normalized("wait...:40001 1...:40001", &pn,
	    "wait...:40001 1...:40001");
	/* Six digits are no port. */
	assert_normalized("1.2.3.4:400011", &pn, "1.2.3.4:400011");
}
END_TEST

START_TEST(test_normalize_handles_colon_at_end)
{
	struct port_names pn;

	names(&pn, "", 1);
	assert_normalized("1.2.3.4:", &pn, "1.2.3.4:");
	assert_normalized("1.2.3.4:x", &pn, "1.2.3.4:x");
	assert_normalized("1.2.3.4:40001", &pn, "1.2.3.4:<ephemeral>");
}
END_TEST

START_TEST(test_normalize_mixed_and_binary)
{
	static const char data[] = "a\0" "127.0.0.1:40001 -> 127.0.0.1:50007\0";
	static const char want[] = "a\0" "127.0.0.1:<ephemeral> -> "
	    "127.0.0.1:<server>\0";
	struct port_names pn;
	struct bytes b;

	names(&pn, "server=50007", 1);
	bytes_init(&b);
	normalize_ports(&b, data, sizeof data - 1, &pn);
	ck_assert_uint_eq(b.len, sizeof want - 1);
	ck_assert_mem_eq(b.data, want, sizeof want - 1);
	bytes_free(&b);
}
END_TEST

/* ---- transcript_compare ---- */

START_TEST(test_compare_equal_transcripts)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "server.bound", "127.0.0.1:50007");
	set(&ref, "client.stdout", "hello\n");
	set(&got, "client.stdout", "hello\n");
	set(&got, "server.bound", "127.0.0.1:50007");
	/* Keys only the student's run has are not judged. */
	set(&got, "client.extra", "anything");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 0);
	ck_assert_ptr_null(d.key);
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

START_TEST(test_compare_reports_first_difference_normalized)
{
	struct transcript ref, got;
	struct difference d;
	char r[64], g[64];

	snprintf(r, sizeof r, "hello from 127.0.0.1:%d\n", ephemeral_port(7));
	snprintf(g, sizeof g, "bye from 127.0.0.1:%d\n", ephemeral_port(8));
	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "server.bound", "127.0.0.1:50007");
	set(&ref, "server.stdout", r);
	set(&ref, "client.stdout", "a");
	set(&got, "server.bound", "127.0.0.1:50007");
	set(&got, "server.stdout", g);
	set(&got, "client.stdout", "b");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 1);
	ck_assert_str_eq(d.key, "server.stdout");
	ck_assert_int_eq(d.missing, 0);
	ck_assert_str_eq(bytes_str(&d.expected),
	    "hello from 127.0.0.1:<ephemeral>\n");
	ck_assert_str_eq(bytes_str(&d.got), "bye from 127.0.0.1:<ephemeral>\n");
	difference_free(&d);
	ck_assert_ptr_null(d.key);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

START_TEST(test_compare_ephemeral_ports_may_differ)
{
	struct transcript ref, got;
	struct difference d;
	char r[64], g[64];

	snprintf(r, sizeof r, "from 127.0.0.1:%d\n", ephemeral_port(1));
	snprintf(g, sizeof g, "from 127.0.0.1:%d\n", ephemeral_port(2));
	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "server.stdout", r);
	set(&got, "server.stdout", g);
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 0);
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

/*
 * A run says which ports its kernel drew from (a sandbox's own range): those
 * are <ephemeral>, and a port below it, which that run could not draw, is
 * compared as it is, whatever the host's range.
 */
START_TEST(test_compare_uses_the_runs_ephemeral_range)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "note.ephemeral", "50100 60999");
	set(&got, "note.ephemeral", "50100 60999");
	set(&ref, "client.stdout", "from 127.0.0.1:50100\n");
	set(&got, "client.stdout", "from 127.0.0.1:60999\n");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 0);
	difference_free(&d);
	set(&got, "client.stdout", "from 127.0.0.1:40003\n");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 1);
	ck_assert_ptr_nonnull(strstr(bytes_str(&d.got), ":40003"));
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

START_TEST(test_compare_binary_values_in_full)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	transcript_set(&ref, "probe.payload", "a\0b", 3);
	transcript_set(&got, "probe.payload", "a\0c", 3);
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 1);
	ck_assert_str_eq(d.key, "probe.payload");
	difference_free(&d);

	transcript_set(&got, "probe.payload", "a\0b\0", 4);
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 1);
	difference_free(&d);

	transcript_set(&got, "probe.payload", "a\0b", 3);
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 0);
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

START_TEST(test_compare_missing_key)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "server.bound", "127.0.0.1:50007");
	set(&ref, "client.stdout", "hello\n");
	set(&got, "server.bound", "127.0.0.1:50007");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 1);
	ck_assert_str_eq(d.key, "client.stdout");
	ck_assert_int_eq(d.missing, 1);
	ck_assert_str_eq(bytes_str(&d.expected), "hello\n");
	ck_assert_uint_eq(d.got.len, 0);
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

START_TEST(test_compare_ignores_notes)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "note.server.stderr", "reference's stderr");
	set(&ref, "note.sent", "only the reference has this");
	set(&ref, "server.status", "still running");
	set(&got, "note.server.stderr", "something else entirely");
	set(&got, "server.status", "still running");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 0);
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

START_TEST(test_compare_named_ports_may_differ_between_sides)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "note.ports", "server=50007");
	set(&ref, "server.bound", "127.0.0.1:50007");
	set(&got, "note.ports", "server=2000");
	set(&got, "server.bound", "127.0.0.1:2000");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 0);
	difference_free(&d);

	/* Another port than the named one still differs. */
	set(&got, "server.bound", "127.0.0.1:2001");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 1);
	ck_assert_str_eq(d.key, "server.bound");
	ck_assert_str_eq(bytes_str(&d.expected), "127.0.0.1:<server>");
	ck_assert_str_eq(bytes_str(&d.got), "127.0.0.1:2001");
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

START_TEST(test_compare_same_named_ports_are_not_renamed)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	set(&ref, "note.ports", "server=50007");
	set(&ref, "server.bound", "127.0.0.1:50007");
	set(&got, "note.ports", "server=50007");
	set(&got, "server.bound", "127.0.0.1:50008");
	ck_assert_int_eq(transcript_compare(&ref, &got, &d), 1);
	ck_assert_str_eq(d.key, "server.bound");
	ck_assert_str_eq(bytes_str(&d.expected), "127.0.0.1:50007");
	difference_free(&d);
	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

/* ---- diagnose ---- */

/* The sentences under test; freed by the fixture even when a test fails. */
static struct bytes why;

static void
why_setup(void)
{
	bytes_init(&why);
}

static void
why_teardown(void)
{
	bytes_free(&why);
}

static void
assert_diagnosis(int rc, struct bytes *w, const char *words)
{
	ck_assert_msg(rc == 1, "no diagnosis; why = \"%s\"", bytes_str(w));
	ck_assert_msg(strstr(bytes_str(w), words) != NULL,
	    "\"%s\" not in \"%s\"", words, bytes_str(w));
	bytes_clear(w);
}

static void
assert_no_diagnosis(int rc, struct bytes *w)
{
	ck_assert_msg(rc == 0, "unexpected diagnosis \"%s\"", bytes_str(w));
	ck_assert_uint_eq(w->len, 0);
}

START_TEST(test_diagnose_address_swapped_port)
{
	char got[32];

	ck_assert_int_eq(net_swap_port(50007), 22467);
	snprintf(got, sizeof got, "127.0.0.1:%d", net_swap_port(50007));
	assert_diagnosis(diagnose_address("127.0.0.1:50007", got, "", &why),
	    &why, "htons");
}
END_TEST

START_TEST(test_diagnose_address_any_interface)
{
	assert_diagnosis(diagnose_address("127.0.0.1:50007", "0.0.0.0:50007",
	    "", &why), &why, "0.0.0.0");
	assert_diagnosis(diagnose_address("127.0.0.1:50007", "0.0.0.0:50007",
	    "", &why), &why, "inet_pton");
}
END_TEST

START_TEST(test_diagnose_address_from_stderr)
{
	assert_diagnosis(diagnose_address("127.0.0.1:50007",
	    "nothing: no socket bound", "bind: Address already in use\n",
	    &why), &why, "SO_REUSEADDR");
	assert_diagnosis(diagnose_address("127.0.0.1:50007",
	    "nothing: no socket bound", "bind: Invalid argument\n", &why),
	    &why, "sizeof addr");
	assert_diagnosis(diagnose_address("127.0.0.1:50007",
	    "nothing: crashed: segmentation fault (signal 11)", "", &why),
	    &why, "crashed");
}
END_TEST

START_TEST(test_diagnose_address_other_port_or_ip)
{
	assert_diagnosis(diagnose_address("127.0.0.1:50007",
	    "127.0.0.1:50008", "", &why), &why, "port 50008 instead of 50007");
	assert_diagnosis(diagnose_address("127.0.0.2:50008",
	    "127.0.0.1:50008", "", &why), &why,
	    "127.0.0.1 instead of 127.0.0.2");
}
END_TEST

START_TEST(test_diagnose_address_unrecognised)
{
	assert_no_diagnosis(diagnose_address("127.0.0.1:50007",
	    "nothing: no socket bound", "", &why), &why);
	assert_no_diagnosis(diagnose_address("nothing: none", "127.0.0.1:1",
	    "Address already in use", &why), &why);
}
END_TEST

static int
output(const char *expected, const char *got, const char *status,
    struct bytes *w)
{
	struct bytes e, g;
	int rc;

	bytes_init(&e);
	bytes_init(&g);
	bytes_puts(&e, expected);
	bytes_puts(&g, got);
	rc = diagnose_output(&e, &g, status, w);
	bytes_free(&e);
	bytes_free(&g);
	return rc;
}

START_TEST(test_diagnose_output_nothing_printed)
{
	assert_diagnosis(output("hello\n", "", "was still running", &why),
	    &why, "setvbuf");
	ck_assert_int_eq(output("hello\n", "", "was still running", &why), 1);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "was still running"));
}
END_TEST

START_TEST(test_diagnose_output_unfilled_sender)
{
	assert_diagnosis(output("data: hi, addr: 127.0.0.1:40001\n",
	    "data: hi, addr: 0.0.0.0:0\n", "", &why), &why,
	    "set it to sizeof the address structure");
}
END_TEST

START_TEST(test_diagnose_output_swapped_port)
{
	assert_diagnosis(output("connected to 127.0.0.1:50007\n",
	    "connected to 127.0.0.1:22467\n", "", &why), &why, "ntohs");
}
END_TEST

START_TEST(test_diagnose_output_stale_tail)
{
	assert_diagnosis(output("data: hi, addr: 127.0.0.1:40001\n",
	    "data: hillo world, addr: 127.0.0.1:40001\n", "", &why), &why,
	    "%s");
}
END_TEST

START_TEST(test_diagnose_output_missing_address_is_no_stale_tail)
{
	/* The line stops where the address should be: nothing extra. */
	assert_no_diagnosis(output("data: hi, addr: 127.0.0.1:40001\n",
	    "data: hi\n", "", &why), &why);
}
END_TEST

START_TEST(test_diagnose_output_unrecognised)
{
	assert_no_diagnosis(output("hello\n", "goodbye\n", "", &why), &why);
	assert_no_diagnosis(output("", "", "", &why), &why);
}
END_TEST

static int
payload(const char *expected, size_t elen, const char *got, size_t glen,
    struct bytes *w)
{
	struct bytes e, g;
	int rc;

	bytes_init(&e);
	bytes_init(&g);
	bytes_append(&e, expected, elen);
	bytes_append(&g, got, glen);
	rc = diagnose_payload(&e, &g, w);
	bytes_free(&e);
	bytes_free(&g);
	return rc;
}

START_TEST(test_diagnose_payload_strlen_plus_one)
{
	assert_diagnosis(payload("hello", 5, "hello", 6, &why), &why,
	    "strlen()+1");
}
END_TEST

START_TEST(test_diagnose_payload_sizeof_pointer)
{
	char words[32];

	snprintf(words, sizeof words, "Exactly %zu bytes", sizeof(char *));
	assert_diagnosis(payload("hello, world", 12, "hello, world",
	    sizeof(char *), &why), &why, words);
	ck_assert_int_eq(payload("hello, world", 12, "hello, world",
	    sizeof(char *), &why), 1);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "pointer"));
}
END_TEST

START_TEST(test_diagnose_payload_cut_and_unrecognised)
{
	assert_diagnosis(payload("hello", 5, "hel", 3, &why), &why,
	    "first 3 of 5 bytes");
	assert_no_diagnosis(payload("hello", 5, "world", 5, &why), &why);
	assert_no_diagnosis(payload("hello", 5, "", 0, &why), &why);
	assert_diagnosis(payload("hello", 5, "hello!", 6, &why), &why,
	    "1 more byte after it ('!')");
}
END_TEST

START_TEST(test_diagnose_status)
{
	assert_diagnosis(diagnose_status("still running",
	    "exited with status 0", "", &why), &why, "loop");
	assert_diagnosis(diagnose_status("still running",
	    "exited with status 1", "recv: Connection reset\n", &why), &why,
	    "under stderr");
	assert_diagnosis(diagnose_status("exited with status 0",
	    "still running", "", &why), &why, "still running");
	assert_diagnosis(diagnose_status("still running",
	    "exited with status 1", "accept: Bad file descriptor\n", &why),
	    &why, "already closed");
	assert_no_diagnosis(diagnose_status("still running",
	    "killed by signal 15 (SIGTERM)", "", &why), &why);
	assert_diagnosis(diagnose_status("exited with status 0",
	    "exited with status 1", "", &why), &why,
	    "exited with status 1 where the contract gives status 0");
}
END_TEST

START_TEST(test_diagnose_address_listen_and_early_exit)
{
	assert_diagnosis(diagnose_address("127.0.0.1:50007",
	    "nothing: no socket bound", "accept: Invalid argument\n", &why),
	    &why, "listen()");
	assert_diagnosis(diagnose_address("127.0.0.1:50007",
	    "nothing: the program exited with status 1",
	    "socket: Permission denied\n", &why), &why, "under stderr");
	assert_no_diagnosis(diagnose_address("127.0.0.1:50007",
	    "nothing: the program exited with status 1", "", &why), &why);
}
END_TEST

START_TEST(test_diagnose_output_partial_message)
{
	/* Not knowing the socket's type, it says only what differs. */
	assert_diagnosis(output("data: hello world, addr: 127.0.0.1:40001\n",
	    "data: hello, addr: 127.0.0.1:40001\n", "", &why), &why,
	    "Only the first 5 of the 11 bytes of the message were printed.");
	ck_assert_ptr_null(strstr(bytes_str(&why), "recv"));
	assert_no_diagnosis(output("data: hello world, addr: 127.0.0.1:40001\n",
	    "data: world, addr: 127.0.0.1:40001\n", "", &why), &why);
	assert_no_diagnosis(output("data: hello, addr: 127.0.0.1:40001\n",
	    "data: howdy, addr: 127.0.0.1:40001\n", "", &why), &why);
}
END_TEST

START_TEST(test_diagnose_output_first_line_only)
{
	assert_diagnosis(output("listening\ndata: hi\n", "listening\n",
	    "still running", &why), &why, "first line");
	assert_no_diagnosis(output("listening\ndata: hi\n", "listening\n",
	    "exited with status 0", &why), &why);
}
END_TEST

/* How bytes differ from the expected ones, in words and as a kind. */
START_TEST(test_describe_bytes_diff)
{
	struct bytes out;

	bytes_init(&out);
	ck_assert_int_eq(describe_bytes_diff(&out, "abc", 3, "abc", 3, "it"),
	    BYTES_SAME);
	ck_assert_str_eq(bytes_str(&out), "it");
	bytes_clear(&out);
	ck_assert_int_eq(describe_bytes_diff(&out, "abc", 3, "ab", 2, "it"),
	    BYTES_SHORTER);
	ck_assert_str_eq(bytes_str(&out), "the first 2 of the 3 bytes of it");
	bytes_clear(&out);
	ck_assert_int_eq(describe_bytes_diff(&out, "abc", 3, "abcd!", 5,
	    "it"), BYTES_LONGER);
	ck_assert_str_eq(bytes_str(&out), "it and 2 more bytes");
	bytes_clear(&out);
	ck_assert_int_eq(describe_bytes_diff(&out, "abc", 3, "aXc", 3, "it"),
	    BYTES_OTHER);
	ck_assert_str_eq(bytes_str(&out), "differs from it at byte 1");
	bytes_clear(&out);
	ck_assert_int_eq(describe_bytes_diff(&out, "abc", 3, "aX", 2, "it"),
	    BYTES_OTHER);
	ck_assert_str_eq(bytes_str(&out), "differs from it at byte 1");
	bytes_free(&out);
}
END_TEST

START_TEST(test_diagnose_common_dispatches_on_key)
{
	struct transcript ref, got;
	struct difference d;

	transcript_init(&ref);
	transcript_init(&got);
	memset(&d, 0, sizeof d);

	set(&ref, "server.bound", "127.0.0.1:50007");
	set(&got, "server.bound", "nothing: no socket");
	set(&got, "note.server.stderr", "bind: Address already in use\n");
	d.key = "server.bound";
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "SO_REUSEADDR"));
	bytes_clear(&why);

	set(&ref, "client.stdout", "hello\n");
	set(&got, "client.status", "exited with status 0");
	d.key = "client.stdout";
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "setvbuf"));
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "exited with status 0"));
	bytes_clear(&why);

	transcript_set(&ref, "probe.payload", "hi", 2);
	transcript_set(&got, "probe.payload", "hi", 3);
	d.key = "probe.payload";
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "strlen()+1"));
	bytes_clear(&why);

	/* A message cut short: a TCP stream read once, a UDP datagram cut. */
	set(&ref, "server.stdout", "data: hello world, addr: 127.0.0.1:1\n");
	set(&got, "server.stdout", "data: hello, addr: 127.0.0.1:1\n");
	set(&got, "note.server.socket", "tcp");
	d.key = "server.stdout";
	/* The recognisers compare the normalised values. */
	bytes_init(&d.expected);
	bytes_init(&d.got);
	bytes_puts(&d.expected, "data: hello world, addr: 127.0.0.1:1\n");
	bytes_puts(&d.got, "data: hello, addr: 127.0.0.1:1\n");
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "until it returns 0"));
	bytes_clear(&why);
	set(&got, "note.server.socket", "udp");
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "discards the rest"));
	ck_assert_ptr_null(strstr(bytes_str(&why), "recv()"));
	bytes_clear(&why);
	difference_free(&d);
	memset(&d, 0, sizeof d);

	/* A swapped port printed: stored without htons, or printed raw. */
	set(&ref, "client.sent-to", "127.0.0.1:50007");
	set(&got, "client.sent-to", "127.0.0.1:22467");
	set(&ref, "client.stdout", "sent 2 bytes to 127.0.0.1:50007\n");
	set(&got, "client.stdout", "sent 2 bytes to 127.0.0.1:22467\n");
	d.key = "client.stdout";
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "without htons()"));
	bytes_clear(&why);
	set(&got, "client.sent-to", "127.0.0.1:50007");
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_ptr_nonnull(strstr(bytes_str(&why), "right one"));
	bytes_clear(&why);

	/* A key the student's run never reached: nothing to go on. */
	set(&ref, "server.status", "still running");
	d.key = "server.status";
	diagnose_common(&ref, &got, &d, &why);
	ck_assert_uint_eq(why.len, 0);

	transcript_free(&ref);
	transcript_free(&got);
}
END_TEST

static Suite *
compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *tc;

	tc = tcase_create("escape");
	tcase_add_test(tc, test_escape_keeps_printable_ascii);
	tcase_add_test(tc, test_escape_control_characters);
	tcase_add_test(tc, test_escape_high_bytes);
	tcase_add_test(tc, test_escape_truncates_with_count);
	tcase_add_test(tc, test_escape_appends);
	tcase_add_test(tc, test_escape_text_keeps_lines_and_tabs);
	tcase_add_test(tc, test_escape_text_escapes_other_control_bytes);
	tcase_add_test(tc, test_escape_text_truncates_with_count);
	tcase_add_test(tc, test_compiler_output_shows_the_students_directory);
	tcase_add_test(tc, test_compiler_output_goes_on_after_a_nul);
	tcase_add_test(tc, test_compiler_output_of_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("ports");
	tcase_add_test(tc, test_port_names_parse_good);
	tcase_add_test(tc, test_port_names_parse_rejects_malformed);
	tcase_add_test(tc, test_normalize_renames_named_ports_when_asked);
	tcase_add_test(tc, test_normalize_replaces_ephemeral_ports);
	tcase_add_test(tc, test_normalize_keeps_ports_outside_range);
	tcase_add_test(tc, test_normalize_ignores_numbers_not_after_an_address);
	tcase_add_test(tc, test_normalize_handles_colon_at_end);
	tcase_add_test(tc, test_normalize_mixed_and_binary);
	suite_add_tcase(s, tc);

	tc = tcase_create("transcript_compare");
	tcase_add_test(tc, test_compare_equal_transcripts);
	tcase_add_test(tc, test_compare_reports_first_difference_normalized);
	tcase_add_test(tc, test_compare_ephemeral_ports_may_differ);
	tcase_add_test(tc, test_compare_uses_the_runs_ephemeral_range);
	tcase_add_test(tc, test_compare_binary_values_in_full);
	tcase_add_test(tc, test_compare_missing_key);
	tcase_add_test(tc, test_compare_ignores_notes);
	tcase_add_test(tc, test_compare_named_ports_may_differ_between_sides);
	tcase_add_test(tc, test_compare_same_named_ports_are_not_renamed);
	suite_add_tcase(s, tc);

	tc = tcase_create("diagnose");
	tcase_add_checked_fixture(tc, why_setup, why_teardown);
	tcase_add_test(tc, test_diagnose_address_swapped_port);
	tcase_add_test(tc, test_diagnose_address_any_interface);
	tcase_add_test(tc, test_diagnose_address_from_stderr);
	tcase_add_test(tc, test_diagnose_address_other_port_or_ip);
	tcase_add_test(tc, test_diagnose_address_unrecognised);
	tcase_add_test(tc, test_diagnose_address_listen_and_early_exit);
	tcase_add_test(tc, test_diagnose_output_nothing_printed);
	tcase_add_test(tc, test_diagnose_output_unfilled_sender);
	tcase_add_test(tc, test_diagnose_output_swapped_port);
	tcase_add_test(tc, test_diagnose_output_stale_tail);
	tcase_add_test(tc, test_diagnose_output_missing_address_is_no_stale_tail);
	tcase_add_test(tc, test_diagnose_output_partial_message);
	tcase_add_test(tc, test_diagnose_output_first_line_only);
	tcase_add_test(tc, test_diagnose_output_unrecognised);
	tcase_add_test(tc, test_diagnose_payload_strlen_plus_one);
	tcase_add_test(tc, test_diagnose_payload_sizeof_pointer);
	tcase_add_test(tc, test_diagnose_payload_cut_and_unrecognised);
	tcase_add_test(tc, test_diagnose_status);
	tcase_add_test(tc, test_diagnose_common_dispatches_on_key);
	tcase_add_test(tc, test_describe_bytes_diff);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(compare_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

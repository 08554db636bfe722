/* test-transcript.c: ordered key/value pairs and their wire format. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "bytes.h"
#include "transcript.h"

static void
set(struct transcript *t, const char *key, const char *value)
{
	transcript_set(t, key, value, strlen(value));
}

static void
assert_value(const struct transcript *t, const char *key, const void *want,
    size_t len)
{
	const struct bytes *b = transcript_get(t, key);

	ck_assert_msg(b != NULL, "no key %s", key);
	ck_assert_uint_eq(b->len, len);
	if (len > 0)
		ck_assert_mem_eq(b->data, want, len);
}

/* Parse data from a buffer of exactly len bytes, so overreads show. */
static int
parse_exact(struct transcript *t, const void *data, size_t len)
{
	char *copy = xmalloc(len);
	int rc;

	memcpy(copy, data, len);
	rc = transcript_parse(t, copy, len);
	free(copy);
	return rc;
}

static const char binary[] = "\0\1\2 middle \0\xff\x1b end";

/* Three entries, one with NUL bytes and one empty. */
static void
sample(struct transcript *t)
{
	transcript_init(t);
	set(t, "server.bound", "127.0.0.1:50007");
	transcript_set(t, "probe.payload", binary, sizeof binary);
	transcript_set(t, "client.stdout", "", 0);
}

START_TEST(test_get_absent_key)
{
	struct transcript t;

	transcript_init(&t);
	ck_assert_ptr_null(transcript_get(&t, "nothing"));
	ck_assert_str_eq(transcript_str(&t, "nothing"), "");
	set(&t, "something", "x");
	ck_assert_ptr_null(transcript_get(&t, "nothing"));
	ck_assert_ptr_null(transcript_get(&t, "some"));
	transcript_free(&t);
}
END_TEST

START_TEST(test_set_replaces_in_place)
{
	struct transcript t;

	transcript_init(&t);
	set(&t, "a", "1");
	set(&t, "b", "2");
	set(&t, "c", "3");
	set(&t, "b", "two, longer than before");
	ck_assert_uint_eq(t.n, 3);
	ck_assert_str_eq(t.entries[0].key, "a");
	ck_assert_str_eq(t.entries[1].key, "b");
	ck_assert_str_eq(t.entries[2].key, "c");
	ck_assert_str_eq(transcript_str(&t, "b"), "two, longer than before");
	set(&t, "b", "");
	assert_value(&t, "b", "", 0);
	ck_assert_str_eq(transcript_str(&t, "b"), "");
	ck_assert_uint_eq(t.n, 3);
	transcript_free(&t);
}
END_TEST

START_TEST(test_set_keeps_binary_values)
{
	struct transcript t;

	transcript_init(&t);
	transcript_set(&t, "bin", binary, sizeof binary);
	assert_value(&t, "bin", binary, sizeof binary);
	transcript_free(&t);
}
END_TEST

START_TEST(test_setf_formats_and_replaces)
{
	struct transcript t;
	char big[1001];

	transcript_init(&t);
	transcript_setf(&t, "k", "%d-%s", 42, "x");
	ck_assert_str_eq(transcript_str(&t, "k"), "42-x");
	transcript_setf(&t, "k", "%s", "new");
	ck_assert_str_eq(transcript_str(&t, "k"), "new");

	/* Longer than any small buffer the formatting might start with. */
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	transcript_setf(&t, "big", "<%s>", big);
	ck_assert_uint_eq(transcript_get(&t, "big")->len, 1002);
	ck_assert_int_eq(transcript_str(&t, "big")[1000], 'z');
	ck_assert_int_eq(transcript_str(&t, "big")[1001], '>');
	ck_assert_uint_eq(t.n, 2);
	transcript_free(&t);
}
END_TEST

START_TEST(test_addf_appends_lines)
{
	struct transcript t;
	char big[600];

	transcript_init(&t);
	transcript_addf(&t, "log", "one");
	transcript_addf(&t, "log", "two %d", 2);
	ck_assert_str_eq(transcript_str(&t, "log"), "one\ntwo 2\n");
	memset(big, 'y', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	transcript_addf(&t, "log", "%s", big);
	ck_assert_uint_eq(transcript_get(&t, "log")->len, 10 + 599 + 1);
	ck_assert_uint_eq(t.n, 1);
	transcript_free(&t);
}
END_TEST

START_TEST(test_many_keys_stay_in_order)
{
	struct transcript t;
	char key[32], value[32];

	transcript_init(&t);
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "key%d", i);
		transcript_setf(&t, key, "value %d", i);
	}
	ck_assert_uint_eq(t.n, 100);
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "key%d", i);
		snprintf(value, sizeof value, "value %d", i);
		ck_assert_str_eq(t.entries[i].key, key);
		ck_assert_str_eq(transcript_str(&t, key), value);
	}
	transcript_free(&t);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_ptr_null(t.entries);
	/* Usable again after free. */
	set(&t, "again", "yes");
	ck_assert_str_eq(transcript_str(&t, "again"), "yes");
	transcript_free(&t);
}
END_TEST

START_TEST(test_serialize_format)
{
	static const char want[] = "\0\0\0\1k\0\0\0\3v\0w" "\0\0\0\2ab\0\0\0\0";
	struct transcript t;
	struct bytes wire;

	transcript_init(&t);
	transcript_set(&t, "k", "v\0w", 3);
	set(&t, "ab", "");
	bytes_init(&wire);
	transcript_serialize(&t, &wire);
	ck_assert_uint_eq(wire.len, sizeof want - 1);
	ck_assert_mem_eq(wire.data, want, sizeof want - 1);
	bytes_free(&wire);
	transcript_free(&t);
}
END_TEST

START_TEST(test_round_trip_with_binary_values)
{
	struct transcript t, back;
	struct bytes wire;

	sample(&t);
	bytes_init(&wire);
	transcript_serialize(&t, &wire);
	transcript_init(&back);
	ck_assert_int_eq(parse_exact(&back, wire.data, wire.len), 0);
	ck_assert_uint_eq(back.n, t.n);
	for (size_t i = 0; i < t.n; i++) {
		ck_assert_str_eq(back.entries[i].key, t.entries[i].key);
		assert_value(&back, t.entries[i].key, t.entries[i].value.data,
		    t.entries[i].value.len);
	}
	bytes_free(&wire);
	transcript_free(&t);
	transcript_free(&back);
}
END_TEST

START_TEST(test_round_trip_large_value)
{
	struct transcript t, back;
	struct bytes wire;
	size_t len = 300 * 1024;
	char *big = xmalloc(len);

	for (size_t i = 0; i < len; i++)
		big[i] = (char)(i * 7);
	transcript_init(&t);
	transcript_set(&t, "big", big, len);
	bytes_init(&wire);
	transcript_serialize(&t, &wire);
	transcript_init(&back);
	ck_assert_int_eq(transcript_parse(&back, wire.data, wire.len), 0);
	assert_value(&back, "big", big, len);
	free(big);
	bytes_free(&wire);
	transcript_free(&t);
	transcript_free(&back);
}
END_TEST

START_TEST(test_parse_empty_data)
{
	struct transcript t;

	transcript_init(&t);
	ck_assert_int_eq(transcript_parse(&t, "", 0), 0);
	ck_assert_uint_eq(t.n, 0);
	transcript_free(&t);
}
END_TEST

START_TEST(test_parse_appends_and_replaces)
{
	struct transcript t, in;
	struct bytes wire;

	transcript_init(&in);
	set(&in, "a", "new");
	set(&in, "b", "added");
	bytes_init(&wire);
	transcript_serialize(&in, &wire);

	transcript_init(&t);
	set(&t, "first", "kept");
	set(&t, "a", "old");
	ck_assert_int_eq(parse_exact(&t, wire.data, wire.len), 0);
	ck_assert_uint_eq(t.n, 3);
	ck_assert_str_eq(t.entries[0].key, "first");
	ck_assert_str_eq(t.entries[1].key, "a");
	ck_assert_str_eq(t.entries[2].key, "b");
	ck_assert_str_eq(transcript_str(&t, "a"), "new");
	ck_assert_str_eq(transcript_str(&t, "first"), "kept");
	bytes_free(&wire);
	transcript_free(&in);
	transcript_free(&t);
}
END_TEST

START_TEST(test_parse_rejects_every_truncation)
{
	struct transcript t, cut;
	struct bytes wire;
	size_t ends[3], pos = 0;

	sample(&t);
	bytes_init(&wire);
	transcript_serialize(&t, &wire);
	for (size_t i = 0; i < t.n; i++) {
		pos += 8 + strlen(t.entries[i].key) + t.entries[i].value.len;
		ends[i] = pos;
	}
	ck_assert_uint_eq(pos, wire.len);

	for (size_t len = 1; len < wire.len; len++) {
		size_t whole = 0;
		int at_end = 0;

		for (size_t i = 0; i < t.n; i++) {
			if (ends[i] <= len)
				whole = i + 1;
			if (ends[i] == len)
				at_end = 1;
		}
		transcript_init(&cut);
		ck_assert_msg(parse_exact(&cut, wire.data, len) ==
		    (at_end ? 0 : -1), "length %zu", len);
		/* What parsed is the entries that were whole. */
		ck_assert_uint_eq(cut.n, whole);
		for (size_t i = 0; i < whole; i++)
			ck_assert_str_eq(cut.entries[i].key, t.entries[i].key);
		transcript_free(&cut);
	}
	bytes_free(&wire);
	transcript_free(&t);
}
END_TEST

START_TEST(test_parse_rejects_absurd_lengths)
{
	static const char huge_key[] = "\xff\xff\xff\xff" "abc";
	static const char huge_value[] = "\0\0\0\1k" "\x7f\xff\xff\xff" "v";
	static const char over_limit[] = "\0\0\0\1k" "\x01\0\0\x01" "v";
	struct transcript t;

	transcript_init(&t);
	ck_assert_int_eq(parse_exact(&t, huge_key, sizeof huge_key - 1), -1);
	ck_assert_int_eq(parse_exact(&t, huge_value, sizeof huge_value - 1),
	    -1);
	ck_assert_int_eq(parse_exact(&t, over_limit, sizeof over_limit - 1),
	    -1);
	ck_assert_uint_eq(t.n, 0);
	transcript_free(&t);
}
END_TEST

START_TEST(test_parse_rejects_bad_keys)
{
	static const char empty_key[] = "\0\0\0\0" "\0\0\0\1x";
	static const char nul_in_key[] = "\0\0\0\3a\0b" "\0\0\0\1x";
	/* Keys reach reports unescaped: a terminal's control sequence, a
	 * space, a byte of UTF-8 are no key the grader writes. */
	static const char *const unprintable[] = {
		"a\x1b[2J", "a b", "caf\xc3\xa9", "del\x7f", "nl\n",
	};
	static const char good_then_empty[] = "\0\0\0\1k\0\0\0\0"
	    "\0\0\0\0\0\0\0\0";
	struct transcript t;

	transcript_init(&t);
	ck_assert_int_eq(parse_exact(&t, empty_key, sizeof empty_key - 1), -1);
	ck_assert_int_eq(parse_exact(&t, nul_in_key, sizeof nul_in_key - 1),
	    -1);
	ck_assert_uint_eq(t.n, 0);
	for (size_t i = 0; i < sizeof unprintable / sizeof unprintable[0];
	    i++) {
		struct transcript one;
		struct bytes wire;

		transcript_init(&one);
		bytes_init(&wire);
		set(&one, unprintable[i], "x");
		transcript_serialize(&one, &wire);
		ck_assert_msg(parse_exact(&t, wire.data, wire.len) == -1,
		    "key %zu accepted", i);
		transcript_free(&one);
		bytes_free(&wire);
	}
	ck_assert_uint_eq(t.n, 0);
	ck_assert_int_eq(parse_exact(&t, good_then_empty,
	    sizeof good_then_empty - 1), -1);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(t.entries[0].key, "k");
	transcript_free(&t);
}
END_TEST


/* Every kind of the schema (transcript.h), from the key alone. */
START_TEST(test_key_kinds)
{
	static const struct {
		const char *key;
		enum key_kind kind;
		int note;
		const char *label;
	} cases[] = {
		{ "server.status", KEY_STATUS, 0, "server" },
		{ "client2.stdout", KEY_STDOUT, 0, "client2" },
		{ "restarted.bound", KEY_ADDRESS, 0, "restarted" },
		{ "client.connected-to", KEY_ADDRESS, 0, "client" },
		{ "client.reaction", KEY_FACT, 0, "client" },
		{ "probe.received", KEY_PROBE, 0, "" },
		{ "probe.A.connect", KEY_PROBE, 0, "" },
		{ "note.client.stderr", KEY_STDERR, 1, "client" },
		{ "note.server.command", KEY_COMMAND, 1, "server" },
		{ "note.client.fate", KEY_FATE, 1, "client" },
		{ "note.driver.status", KEY_STATUS, 1, "driver" },
		{ "note.driver.stdout", KEY_STDOUT, 1, "driver" },
		{ "note.sent", KEY_SENT, 1, "" },
		{ "note.ports", KEY_PORTS, 1, "" },
		{ "note.error", KEY_ERROR, 1, "" },
		{ "note.time-wait", KEY_NOTE, 1, "" },
		{ "note.client.took", KEY_NOTE, 1, "client" },
		{ "status", KEY_NOTE, 0, "" },
		{ ".status", KEY_NOTE, 0, "" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct key_info ki;

		transcript_key_info(cases[i].key, &ki);
		ck_assert_msg(ki.kind == cases[i].kind, "%s: kind %d, not %d",
		    cases[i].key, (int)ki.kind, (int)cases[i].kind);
		ck_assert_int_eq(ki.note, cases[i].note);
		ck_assert_str_eq(ki.label, cases[i].label);
	}
}
END_TEST

START_TEST(test_key_memcheck)
{
	struct key_info ki;

	transcript_key_info("note.memcheck.udpserver.server2", &ki);
	ck_assert(ki.kind == KEY_MEMCHECK);
	ck_assert_str_eq(ki.program, "udpserver");
	ck_assert_str_eq(ki.label, "server2");
}
END_TEST

/* A label longer than the schema's bound is cut, never overflows. */
START_TEST(test_key_long_label)
{
	char key[200];
	struct key_info ki;

	memset(key, 'x', 150);
	strcpy(key + 150, ".status");
	transcript_key_info(key, &ki);
	ck_assert(ki.kind == KEY_STATUS);
	ck_assert_uint_eq(strlen(ki.label), KEY_LABEL_MAX - 1);
}
END_TEST

/* transcript_key writes what transcript_key_info reads back. */
START_TEST(test_key_round_trip)
{
	static const enum key_kind kinds[] = {
		KEY_STATUS, KEY_STDOUT, KEY_STDERR, KEY_COMMAND, KEY_FATE,
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		for (int note = 0; note < 2; note++) {
			struct key_info ki;
			char key[64];

			transcript_key(key, sizeof key, "client", kinds[i],
			    note);
			transcript_key_info(key, &ki);
			ck_assert_msg(ki.kind == kinds[i], "%s", key);
			ck_assert_str_eq(ki.label, "client");
		}
}
END_TEST

/* A program's fact: the compared key first, else its note. */
START_TEST(test_fact_prefers_compared_key)
{
	struct transcript t;

	transcript_init(&t);
	ck_assert_ptr_null(transcript_fact(&t, "server", KEY_STATUS));
	ck_assert_str_eq(transcript_fact_str(&t, "server", KEY_STATUS), "");
	set(&t, "note.server.status", "still running");
	ck_assert_str_eq(transcript_fact_str(&t, "server", KEY_STATUS),
	    "still running");
	set(&t, "server.status", "exited with status 1");
	ck_assert_str_eq(transcript_fact_str(&t, "server", KEY_STATUS),
	    "exited with status 1");
	set(&t, "note.server.stderr", "server: bind: in use");
	ck_assert_str_eq(transcript_fact_str(&t, "server", KEY_STDERR),
	    "server: bind: in use");
	transcript_free(&t);
}
END_TEST

/* Facts for diagnoses: note.NAME.WHAT, as a string or a number. */
START_TEST(test_note_facts)
{
	struct transcript t;

	transcript_init(&t);
	ck_assert_str_eq(transcript_note_str(&t, "client", "code"), "");
	ck_assert_int_eq(transcript_note_number(&t, "client", "code"), -1);
	transcript_note_setf(&t, "client", "code", "%d", 3);
	transcript_note_setf(&t, "client", "code", "%d", 0);
	ck_assert_str_eq(transcript_str(&t, "note.client.code"), "0");
	ck_assert_int_eq(transcript_note_number(&t, "client", "code"), 0);
	transcript_note_setf(&t, "probe.echo-of-0", "wrong", "%s", "missing");
	ck_assert_str_eq(transcript_note_str(&t, "probe.echo-of-0", "wrong"),
	    "missing");
	ck_assert_int_eq((long)t.n, 2);
	transcript_free(&t);
}
END_TEST

static Suite *
transcript_suite(void)
{
	Suite *s = suite_create("transcript");
	TCase *tc;

	tc = tcase_create("set_get");
	tcase_add_test(tc, test_get_absent_key);
	tcase_add_test(tc, test_set_replaces_in_place);
	tcase_add_test(tc, test_set_keeps_binary_values);
	tcase_add_test(tc, test_setf_formats_and_replaces);
	tcase_add_test(tc, test_addf_appends_lines);
	tcase_add_test(tc, test_many_keys_stay_in_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("wire");
	tcase_add_test(tc, test_serialize_format);
	tcase_add_test(tc, test_round_trip_with_binary_values);
	tcase_add_test(tc, test_round_trip_large_value);
	tcase_add_test(tc, test_parse_empty_data);
	tcase_add_test(tc, test_parse_appends_and_replaces);
	suite_add_tcase(s, tc);

	tc = tcase_create("schema");
	tcase_add_test(tc, test_key_kinds);
	tcase_add_test(tc, test_key_memcheck);
	tcase_add_test(tc, test_key_long_label);
	tcase_add_test(tc, test_key_round_trip);
	tcase_add_test(tc, test_fact_prefers_compared_key);
	tcase_add_test(tc, test_note_facts);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_test(tc, test_parse_rejects_every_truncation);
	tcase_add_test(tc, test_parse_rejects_absurd_lengths);
	tcase_add_test(tc, test_parse_rejects_bad_keys);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(transcript_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

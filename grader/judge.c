/*
 * judge.c: comparing a student's run with the reference's, in words, and
 * gathering memcheck's verdicts on each program across a lesson's checks.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compare.h"
#include "judge.h"
#include "memcheck.h"

static void
escape_value(struct bytes *out, const struct bytes *b)
{
	escape_bytes(out, b->data ? b->data : "", b->len, 4096);
}

/* Every program's stderr in the student's run, labelled and escaped. */
static void
collect_stderr(const struct transcript *got, struct bytes *out)
{
	for (size_t i = 0; i < got->n; i++) {
		const struct entry *e = &got->entries[i];
		struct key_info ki;

		transcript_key_info(e->key, &ki);
		if (ki.kind != KEY_STDERR || e->value.len == 0)
			continue;
		bytes_printf(out, "(%s) ", ki.label);
		escape_value(out, &e->value);
		bytes_puts(out, "\n");
	}
	if (out->len > 0)
		out->data[--out->len] = '\0';	/* no trailing newline */
}

/* What the grader did in the student's run: commands and probe actions. */
static void
collect_sent(const struct transcript *got, struct bytes *out)
{
	for (size_t i = 0; i < got->n; i++) {
		const struct entry *e = &got->entries[i];
		struct key_info ki;

		transcript_key_info(e->key, &ki);
		if (ki.kind == KEY_COMMAND) {
			/* Arguments may hold any byte (a MESSAGE with 0xff). */
			bytes_puts(out, "ran: ");
			escape_value(out, &e->value);
			bytes_puts(out, "\n");
		}
		else if (ki.kind == KEY_SENT)
			bytes_append(out, e->value.data, e->value.len);
	}
	while (out->len > 0 && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
}

/*
 * The first program of got that ended badly where the reference's did not,
 * in a sentence: "The client crashed: segmentation fault (signal 11)." Its
 * fate (KEY_FATE) says what happened. Returns 1 when there was one.
 */
static int
add_fate(const struct transcript *ref, const struct transcript *got,
    struct bytes *why)
{
	for (size_t i = 0; i < got->n; i++) {
		const struct entry *e = &got->entries[i];
		const struct bytes *want, *had;
		struct key_info ki;
		const char *fate;

		transcript_key_info(e->key, &ki);
		if (ki.kind != KEY_FATE)
			continue;
		want = transcript_fact(ref, ki.label, KEY_STATUS);
		had = transcript_fact(got, ki.label, KEY_STATUS);
		if (want != NULL && had != NULL &&
		    strcmp(bytes_str(want), bytes_str(had)) == 0)
			continue;
		fate = bytes_str(&e->value);
		bytes_printf(why, "The %s %s%s.", ki.label,
		    strncmp(fate, "killed", 6) == 0 ? "was " : "", fate);
		return 1;
	}
	return 0;
}

/* Add note's lines from run to out, each after side and prefix. */
static void
add_note_lines(struct bytes *out, const char *side, const char *prefix,
    const char *note)
{
	for (const char *line = note; line != NULL && *line != '\0';) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		bytes_printf(out, "%-10s %s%.*s\n", side, prefix, (int)len,
		    line);
		line = end ? end + 1 : line + len;
	}
}

/*
 * The packets each run put on the wire (note.wire), and what the relay
 * between the programs passed, dropped and changed (note.relay), side by
 * side.
 */
static void
collect_wire(const struct transcript *ref, const struct transcript *got,
    struct bytes *out)
{
	const char *sides[2] = { "reference", "yours" };
	const struct transcript *runs[2] = { ref, got };

	for (int i = 0; i < 2; i++) {
		add_note_lines(out, sides[i], "",
		    transcript_str(runs[i], "note.wire"));
		add_note_lines(out, sides[i], "relay, ",
		    transcript_str(runs[i], "note.relay"));
	}
	while (out->len > 0 && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
}

/*
 * What t observed, for a check that passed (the JSON's and grade --show's
 * expected and got): its compared facts, a line each, values cut short.
 */
static void
collect_evidence(const struct transcript *t, struct bytes *out)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct entry *e = &t->entries[i];
		struct key_info ki;

		transcript_key_info(e->key, &ki);
		if (ki.note)
			continue;
		escape_bytes(out, e->key, strlen(e->key), 120);
		bytes_puts(out, " = ");
		escape_bytes(out, e->value.data ? e->value.data : "",
		    e->value.len, 240);
		bytes_puts(out, "\n");
	}
	while (out->len > 0 && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
}

void
judge_check(struct check_report *c, const struct check *check,
    const struct transcript *ref, const struct transcript *got)
{
	struct difference d;

	c->outcome = OUTCOME_FAIL;
	collect_sent(got, &c->sent);
	/*
	 * The reference's programs are built before any check runs; one that
	 * could not run is the host's failure, not the student's.
	 */
	if (transcript_get(ref, "note.unavailable") != NULL) {
		c->outcome = OUTCOME_INCONCLUSIVE;
		bytes_printf(&c->why, "The reference solution could not run "
		    "(%s). This says nothing about your code: grade again.",
		    transcript_str(ref, "note.unavailable"));
		return;
	}
	/* It needed a program of the student's that cannot run (prepare.c). */
	if (transcript_get(got, "note.unavailable") != NULL) {
		bytes_puts(&c->why, transcript_str(got, "note.unavailable"));
		c->diagnosed = 1;
		return;
	}
	collect_stderr(got, &c->details);
	collect_wire(ref, got, &c->wire);
	if (transcript_compare(ref, got, &d)) {
		struct bytes diagnosis;

		/* What went wrong with a program first, then what it means. */
		bytes_init(&diagnosis);
		if (check->diagnose != NULL)
			check->diagnose(ref, got, &d, &diagnosis);
		c->diagnosed = diagnosis.len > 0;
		if (add_fate(ref, got, &c->why))
			bytes_puts(&c->why, " ");
		if (diagnosis.len > 0)
			bytes_append(&c->why, diagnosis.data, diagnosis.len);
		else
			bytes_printf(&c->why, "%s differs from the reference "
			    "solution's", d.key);
		bytes_free(&diagnosis);
		bytes_printf(&c->expected, "%s = ", d.key);
		escape_value(&c->expected, &d.expected);
		bytes_printf(&c->got, "%s = ", d.key);
		if (d.missing)
			bytes_puts(&c->got, "(nothing: the check stopped "
			    "before this point)");
		else
			escape_value(&c->got, &d.got);
		difference_free(&d);
		return;
	}
	difference_free(&d);
	c->outcome = OUTCOME_PASS;
	collect_evidence(ref, &c->expected);
	collect_evidence(got, &c->got);
}

/*
 * The first memcheck verdict on program in got that is not clean, or NULL;
 * label gets the run's label. *ran counts the verdicts seen.
 */
static const struct entry *
memcheck_finding(const struct transcript *got, const char *program, int *ran,
    char *label, size_t n)
{
	for (size_t i = 0; i < got->n; i++) {
		const struct entry *e = &got->entries[i];
		struct key_info ki;

		transcript_key_info(e->key, &ki);
		if (ki.kind != KEY_MEMCHECK || strcmp(ki.program, program) != 0)
			continue;
		switch (memcheck_outcome(bytes_str(&e->value))) {
		case MEMCHECK_OK:
			(*ran)++;
			break;
		case MEMCHECK_FOUND:
			(*ran)++;
			snprintf(label, n, "%s", ki.label);
			return e;
		case MEMCHECK_NOT_RUN:
			break;
		}
	}
	return NULL;
}

void
judge_memcheck(struct check_report *c, const char *program,
    const struct check *checks, const struct transcript *const gots[],
    size_t n)
{
	int ran = 0;

	c->outcome = OUTCOME_FAIL;
	c->diagnosed = 1;
	for (size_t i = 0; i < n; i++) {
		char label[KEY_LABEL_MAX];
		const struct entry *e;

		if (gots[i] == NULL || (e = memcheck_finding(gots[i], program,
		    &ran, label, sizeof label)) == NULL)
			continue;
		bytes_printf(&c->why, "valgrind found a problem in %s during the "
		    "check %s", program, checks[i].name);
		if (strcmp(label, program) != 0)
			bytes_printf(&c->why, " (the run named %s)", label);
		bytes_puts(&c->why, "; below, where it happened in your code, "
		    "innermost call first");
		/* The headline says what went wrong; name the usual fix. */
		if (e->value.len >= 5 && memcmp(e->value.data, "Open ", 5) == 0)
			bytes_puts(&c->why, ". A descriptor was still open when "
			    "the program ended: close() it on every path, "
			    "errors included.");
		else if (memmem(e->value.data, e->value.len, "lost in loss",
		    12) != NULL)
			bytes_puts(&c->why, ". Memory was never freed: free() "
			    "what you allocated once you are done with it.");
		collect_sent(gots[i], &c->sent);
		escape_text(&c->got, e->value.data, e->value.len, 8192);
		return;
	}
	if (ran == 0) {
		bytes_printf(&c->why, "%s never ran under valgrind: every check "
		    "stopped before starting it. Make the other checks pass "
		    "first.", program);
		return;
	}
	c->outcome = OUTCOME_PASS;
}

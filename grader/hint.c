/* hint.c: staged hints for the first failing check. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "contract.h"
#include "hint.h"

#define STAGES 3
/* The most lessons the state file remembers a stage for. */
#define MAX_LINES 256

/*
 * The stage last shown for lesson in the file at path, into check (n bytes)
 * and returned; 0 when none is remembered.
 */
static int
stage_load(const char *path, const char *lesson, char *check, size_t n)
{
	char line[256], les[64], chk[128];
	FILE *f = fopen(path, "re");
	int stage, found = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "%63s %127s %d", les, chk, &stage) == 3 &&
		    strcmp(les, lesson) == 0 && stage >= 1 && stage <= STAGES) {
			snprintf(check, n, "%s", chk);
			found = stage;
		}
	fclose(f);
	return found;
}

/*
 * Remember stage for lesson's check in path, keeping the other lessons'
 * lines. A file that cannot be written costs only the memory.
 */
static void
stage_save(const char *path, const char *lesson, const char *check, int stage)
{
	char tmp[PATH_MAX + 16], line[256], les[64];
	FILE *in = fopen(path, "re"), *out;
	int kept = 0;

	snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
	out = fopen(tmp, "we");
	if (out == NULL) {
		if (in != NULL)
			fclose(in);
		return;
	}
	while (in != NULL && fgets(line, sizeof line, in) != NULL &&
	    kept < MAX_LINES)
		if (sscanf(line, "%63s", les) == 1 && strcmp(les, lesson) != 0 &&
		    strchr(line, '\n') != NULL) {
			fputs(line, out);
			kept++;
		}
	if (in != NULL)
		fclose(in);
	fprintf(out, "%s %s %d\n", lesson, check, stage);
	if (fclose(out) == EOF || rename(tmp, path) == -1)
		unlink(tmp);
}

/* The index of the check to hint at in r, or -1 (none failed). */
static long
pick_check(const struct lesson_report *r, const char *want)
{
	for (size_t i = 0; i < r->n_checks; i++) {
		const struct check_report *c = &r->checks[i];

		if (want != NULL ? strcmp(c->name, want) == 0 :
		    c->outcome == OUTCOME_FAIL)
			return (long)i;
	}
	return -1;
}

/* Print text indented, each line prefixed by pad. */
static void
print_indented(FILE *out, const char *pad, const char *text)
{
	while (*text != '\0') {
		size_t len = strcspn(text, "\n");

		fprintf(out, "%s%.*s\n", pad, (int)len, text);
		text += len + (text[len] == '\n');
	}
}

/* Line no (from 1) of text: its start, its length in *len; NULL if none. */
static const char *
nth_line(const char *text, size_t no, size_t *len)
{
	for (size_t i = 1; i < no && *text != '\0'; i++) {
		text += strcspn(text, "\n");
		text += *text == '\n';
	}
	if (*text == '\0')
		return NULL;
	*len = strcspn(text, "\n");
	return text;
}

/* Stage 1: the why, what was sent, and the first line that differs. */
static void
stage_differs(FILE *out, const struct check_report *c)
{
	struct shown_line w, g;
	int no;

	print_indented(out, "  why: ", bytes_str(&c->why));
	if (c->sent.len > 0) {
		fprintf(out, "  what the grader did:\n");
		print_indented(out, "    ", bytes_str(&c->sent));
	}
	if ((no = report_first_difference(&c->expected, &c->got, &w,
	    &g)) == -1)
		return;
	fprintf(out, "  first difference, at line %d:\n", no + 1);
	fprintf(out, "    expected: %.*s\n", (int)w.len,
	    w.start ? w.start : "(nothing: the output ends before)");
	fprintf(out, "    got:      %.*s\n", (int)g.len,
	    g.start ? g.start : "(nothing: the output ends here)");
}

/*
 * Print rule's paragraph of the README text: from its tag's line to a
 * heading, the next list item, or a blank line not followed by an indented
 * one (the rule's own example).
 */
static void
print_rule(FILE *out, const char *text, const struct contract_rule *rule,
    const char *readme)
{
	size_t len, no = (size_t)rule->line;
	const char *line = nth_line(text, no, &len);

	fprintf(out, "  [%s] %s, line %d:\n", rule->id, readme, rule->line);
	while (line != NULL) {
		size_t lead, next_len;
		const char *next;
		char *end;

		fprintf(out, "%s%.*s\n", len ? "    " : "", (int)len, line);
		line = nth_line(text, ++no, &len);
		if (line == NULL)
			break;
		if (len == 0) {
			next = nth_line(text, no + 1, &next_len);
			if (next == NULL || next_len == 0 ||
			    (next[0] != ' ' && next[0] != '\t'))
				break;
			continue;
		}
		lead = strspn(line, " \t");
		if (line[lead] == '#' || line[lead] == '-' ||
		    (strtol(line + lead, &end, 10) > 0 && *end == '.'))
			break;
	}
}

/* Stage 3: the README rules the check tests. Returns 0, or -1. */
static int
stage_rules(FILE *out, const struct lesson *l, const char *check,
    const char *readme_dir)
{
	char readme[PATH_MAX], err[PATH_MAX + 256], id[CONTRACT_ID_MAX];
	const char *rules = NULL, *p;
	struct contract c;
	struct bytes text;
	int truncated, shown = 0;

	for (size_t i = 0; i < l->n_checks; i++)
		if (strcmp(l->checks[i].name, check) == 0)
			rules = l->checks[i].rules;
	snprintf(readme, sizeof readme, "%s/%s/README.md", readme_dir,
	    l->dir);
	bytes_init(&text);
	if (rules == NULL ||
	    contract_read(readme, &c, err, sizeof err) == -1)
		goto none;
	if (bytes_read_file(&text, readme, 1 << 20, &truncated) == -1) {
		contract_free(&c);
		goto none;
	}
	fprintf(out, "  reread the rule%s this check tests:\n",
	    strchr(rules, ' ') ? "s" : "");
	p = rules;
	while (contract_next_id(&p, id, sizeof id) == 1) {
		const struct contract_rule *rule = contract_find(&c, id);

		if (rule != NULL) {
			print_rule(out, bytes_str(&text), rule, readme);
			shown++;
		}
	}
	contract_free(&c);
	bytes_free(&text);
	return shown > 0 ? 0 : -1;
none:
	bytes_free(&text);
	fprintf(out, "  reread lessons/%s/README.md: the contract section\n",
	    l->dir);
	return -1;
}

/* A lesson that cannot give a hint yet: say why. Returns the status. */
static int
no_hint(FILE *out, const struct lesson_report *r)
{
	if (r->state == LESSON_NOT_STARTED)
		fprintf(out, "%s: not started: its files are still the "
		    "skeletons; fill in their TODOs first\n", r->dir);
	else if (r->state == LESSON_SKIPPED)
		fprintf(out, "%s: skipped here: %s\n", r->dir,
		    bytes_str(&r->problem));
	else {
		fprintf(out, "%s: cannot be graded yet; the first thing to "
		    "fix:\n", r->dir);
		print_indented(out, "  ", bytes_str(&r->problem));
	}
	return 1;
}

int
hint_print(FILE *out, const struct lesson *l, const struct lesson_report *r,
    const char *want, const char *readme_dir, const char *state_path)
{
	char last[128] = "";
	const struct check_report *c;
	long i;
	int stage;

	if (r->state != LESSON_GRADED)
		return no_hint(out, r);
	i = pick_check(r, want);
	if (i == -1 || r->checks[i].outcome == OUTCOME_PASS) {
		size_t inc = report_inconclusive(&(struct report){
		    .lessons = (struct lesson_report *)r, .n_lessons = 1 });

		if (want != NULL)
			fprintf(out, "%s: %s passes: no hint needed\n", r->dir,
			    want);
		else if (inc > 0)
			fprintf(out, "%s: no check failed, but %zu were "
			    "inconclusive: grade again\n", r->dir, inc);
		else
			fprintf(out, "%s: every check passes: the lesson is "
			    "done\n", r->dir);
		return want == NULL && inc > 0 ? 3 : 0;
	}
	c = &r->checks[i];
	if (c->outcome != OUTCOME_FAIL) {
		fprintf(out, "%s: %s was not judged (%s): grade again\n",
		    r->dir, c->name, c->outcome == OUTCOME_SKIP ? "skipped" :
		    "inconclusive");
		return 3;
	}
	stage = stage_load(state_path, r->dir, last, sizeof last);
	stage = strcmp(last, c->name) == 0 ? stage % STAGES + 1 : 1;
	fprintf(out, "%s: %s fails: %s\nhint %d of %d%s\n", r->dir, c->name,
	    c->title, stage, STAGES, stage < STAGES ?
	    " (ask again for the next)" : " (the last; the next starts over)");
	if (stage == 1)
		stage_differs(out, c);
	else if (stage == 2)
		print_indented(out, "  likely bug: ", c->hint && c->hint[0] ?
		    c->hint : "(this check names none: see the next hint)");
	else
		stage_rules(out, l, c->name, readme_dir);
	stage_save(state_path, r->dir, c->name, stage);
	return 1;
}

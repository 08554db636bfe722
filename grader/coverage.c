/*
 * coverage.c: grade --coverage. A contract rule with no check is a promise
 * the grader does not keep; this makes it visible, and make check fails on it.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "contract.h"
#include "coverage.h"

/* Does the check's rules list name id? */
static int
check_names(const struct check *k, const char *id)
{
	const char *p = k->rules != NULL ? k->rules : "";
	char word[CONTRACT_ID_MAX];

	while (contract_next_id(&p, word, sizeof word) != 0)
		if (strcmp(word, id) == 0)
			return 1;
	return 0;
}

/* Each check names rules, and only rules the README tags. */
static int
check_rules_known(const struct lesson *l, const struct contract *c,
    const char *readme)
{
	int problems = 0;

	for (size_t k = 0; k < l->n_checks; k++) {
		const struct check *ck = &l->checks[k];
		const char *p = ck->rules != NULL ? ck->rules : "";
		char word[CONTRACT_ID_MAX];
		int r, named = 0;

		while ((r = contract_next_id(&p, word, sizeof word)) != 0) {
			named++;
			if (r == 1 && contract_find(c, word) != NULL)
				continue;
			fprintf(stderr, "grade: %s: check %s names rule '%s', "
			    "which %s does not tag\n", l->dir, ck->name, word,
			    readme);
			problems++;
		}
		if (named == 0) {
			fprintf(stderr, "grade: %s: check %s names no rule: "
			    "list the rules it tests in its .rules\n", l->dir,
			    ck->name);
			problems++;
		}
	}
	return problems;
}

/* Print one lesson's rules and checks. Returns the number of problems. */
static int
report_lesson(const struct lesson *l, const struct contract *c,
    const char *readme)
{
	int problems = check_rules_known(l, c, readme);
	size_t checked = 0, unchecked = 0;

	for (size_t i = 0; i < c->n_rules; i++) {
		const struct contract_rule *rule = &c->rules[i];
		int count = 0;

		printf("  %-6s", rule->id);
		for (size_t k = 0; k < l->n_checks; k++)
			if (check_names(&l->checks[k], rule->id)) {
				printf(" %s", l->checks[k].name);
				count++;
			}
		if (count > 0)
			checked++;
		if (rule->unchecked != NULL) {
			printf(" (not checked: %s)", rule->unchecked);
			unchecked++;
		} else if (count == 0) {
			printf(" (NO CHECK)");
			fprintf(stderr, "grade: %s: rule [%s] (%s:%d) has no "
			    "check: name it in a check's .rules in "
			    "grader/checks/%s.c, or tag it [%s not checked: "
			    "WHY] in the README\n", l->dir, rule->id, readme,
			    rule->line, l->dir, rule->id);
			problems++;
		}
		printf("\n");
	}
	if (c->n_rules == 0) {
		fprintf(stderr, "grade: %s: %s tags no rule in its contract: "
		    "tag each rule [S1], [C1], ...\n", l->dir, readme);
		problems++;
	}
	printf("  %zu rules: %zu checked, %zu not checkable; %d problem%s\n",
	    c->n_rules, checked, unchecked, problems, problems == 1 ? "" : "s");
	return problems;
}

int
coverage_report(const struct lesson *const *sel, size_t n,
    const char *readme_dir)
{
	int status = 0;

	for (size_t i = 0; i < n; i++) {
		char readme[PATH_MAX], err[PATH_MAX + 256];
		struct contract c;

		snprintf(readme, sizeof readme, "%s/%s/README.md", readme_dir,
		    sel[i]->dir);
		printf("%s  %s\n", sel[i]->dir, sel[i]->title);
		if (contract_read(readme, &c, err, sizeof err) == -1) {
			fprintf(stderr, "grade: %s: fix the README's contract "
			    "tags\n", err);
			status = 2;
			continue;
		}
		if (report_lesson(sel[i], &c, readme) > 0 && status == 0)
			status = 1;
		contract_free(&c);
	}
	return status;
}

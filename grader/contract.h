/*
 * contract.h: the rules of a lesson's contract, by id, read from its README.
 *
 * A lesson README's section "## The contract" tags each rule where it starts:
 * "[S1]", "[C2.1]", "[A3b]" (1-3 upper-case letters naming the program, a
 * number, optional ".N" parts, an optional lower-case letter). A rule the
 * grader cannot check is tagged "[S9 not checked: REASON]". Each check names
 * the rules it tests in its .rules ("S1 S3.2"); grade --coverage matches the
 * two.
 */
#ifndef SOCKLAB_CONTRACT_H
#define SOCKLAB_CONTRACT_H

#include <stddef.h>

#define CONTRACT_ID_MAX 16

struct contract_rule {
	char id[CONTRACT_ID_MAX];
	int line;		/* in the README, from 1 */
	char *unchecked;	/* the reason it is not checked, or NULL */
};

struct contract {
	struct contract_rule *rules;	/* in the README's order */
	size_t n_rules;
};

/*
 * Read the rules tagged in the contract section of text. Returns 0, or -1
 * with err filled: no contract section, an id tagged twice, a "not checked"
 * tag without a reason or without its closing bracket. c is then empty.
 */
int contract_parse(const char *text, struct contract *c, char *err,
    size_t n);

/* contract_parse() on the file at path; err names the file. */
int contract_read(const char *path, struct contract *c, char *err, size_t n);

void contract_free(struct contract *c);

/* The rule with this id, or NULL. */
const struct contract_rule *contract_find(const struct contract *c,
    const char *id);

/*
 * The next id of a check's rules list ("S1 S3.2, C1") at *p into id, moving
 * *p past it. Returns 1, 0 at the end, or -1 for a word that is no id (its
 * text, cut to the size of id, is left in id).
 */
int contract_next_id(const char **p, char *id, size_t n);

#endif

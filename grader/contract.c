/*
 * contract.c: read the rule tags of a lesson README's contract section.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract.h"

#define SECTION "## The contract"
#define UNCHECKED " not checked:"

/* The length of the rule id that starts at s, or 0 if none does. */
static size_t
id_length(const char *s)
{
	size_t i = 0, letters;

	while (i < 4 && isupper((unsigned char)s[i]))
		i++;
	letters = i;
	if (letters < 1 || letters > 3 || !isdigit((unsigned char)s[i]))
		return 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	while (s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
		i++;
		while (isdigit((unsigned char)s[i]))
			i++;
	}
	if (islower((unsigned char)s[i]))
		i++;
	return i < CONTRACT_ID_MAX ? i : 0;
}

/* A copy of text[0..n) with each run of white space made one space. */
static char *
squeeze(const char *text, size_t n)
{
	char *out = malloc(n + 1);
	size_t k = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)text[i])) {
			if (k > 0 && out[k - 1] != ' ')
				out[k++] = ' ';
		} else
			out[k++] = text[i];
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return out;
}

static int
add_rule(struct contract *c, const char *id, size_t len, int line,
    char *unchecked, char *err, size_t n)
{
	struct contract_rule *grown;
	char want[CONTRACT_ID_MAX];

	memcpy(want, id, len);
	want[len] = '\0';
	if (contract_find(c, want) != NULL) {
		snprintf(err, n, "line %d: rule [%s] is tagged twice (line %d "
		    "too): give each rule its own id", line, want,
		    contract_find(c, want)->line);
		free(unchecked);
		return -1;
	}
	grown = realloc(c->rules, (c->n_rules + 1) * sizeof *grown);
	if (grown == NULL) {
		snprintf(err, n, "out of memory");
		free(unchecked);
		return -1;
	}
	c->rules = grown;
	memcpy(c->rules[c->n_rules].id, want, len + 1);
	c->rules[c->n_rules].line = line;
	c->rules[c->n_rules].unchecked = unchecked;
	c->n_rules++;
	return 0;
}

/*
 * The tag "[ID]" or "[ID not checked: REASON]" at s (s points at '['), if
 * any: added to c, *end set past it. Returns 1 for a tag, 0 for other text,
 * -1 after filling err.
 */
static int
read_tag(const char *s, int line, struct contract *c, const char **end,
    char *err, size_t n)
{
	size_t len = id_length(s + 1);
	const char *after = s + 1 + len, *close;
	char *reason;

	if (len == 0)
		return 0;
	if (*after == ']') {
		*end = after + 1;
		return add_rule(c, s + 1, len, line, NULL, err, n) == 0 ? 1 : -1;
	}
	if (strncmp(after, UNCHECKED, strlen(UNCHECKED)) != 0)
		return 0;
	after += strlen(UNCHECKED);
	close = strchr(after, ']');
	if (close == NULL) {
		snprintf(err, n, "line %d: the tag [%.*s not checked: ...] has "
		    "no closing ']'", line, (int)len, s + 1);
		return -1;
	}
	reason = squeeze(after, (size_t)(close - after));
	if (reason == NULL || reason[0] == '\0') {
		snprintf(err, n, "line %d: [%.*s not checked:] gives no reason: "
		    "say why the grader cannot check it", line, (int)len,
		    s + 1);
		free(reason);
		return -1;
	}
	*end = close + 1;
	return add_rule(c, s + 1, len, line, reason, err, n) == 0 ? 1 : -1;
}

int
contract_parse(const char *text, struct contract *c, char *err, size_t n)
{
	int line = 1, inside = 0, found = 0;

	c->rules = NULL;
	c->n_rules = 0;
	for (const char *p = text; *p != '\0'; p++) {
		int line_start = p == text || p[-1] == '\n';

		if (line_start && strncmp(p, "## ", 3) == 0) {
			/* The heading may be numbered: "## 4. The contract". */
			const char *h = p + 3 + strspn(p + 3, "0123456789");

			if (h > p + 3 && strncmp(h, ". ", 2) == 0)
				h += 2;
			else
				h = p + 3;
			inside = strncmp(h, &SECTION[3],
			    strlen(SECTION) - 3) == 0;
			found |= inside;
		} else if (inside && *p == '[' &&
		    (line_start || isspace((unsigned char)p[-1]))) {
			const char *end = p;
			int r = read_tag(p, line, c, &end, err, n);

			if (r == -1) {
				contract_free(c);
				return -1;
			}
			/* Past the tag; a reason may run over several lines. */
			for (; p < end - 1; p++)
				if (*p == '\n')
					line++;
		}
		if (*p == '\n')
			line++;
	}
	if (!found) {
		snprintf(err, n, "no section \"%s\"", SECTION);
		return -1;
	}
	return 0;
}

int
contract_read(const char *path, struct contract *c, char *err, size_t n)
{
	FILE *f = fopen(path, "r");
	char *text = NULL, why[256];
	size_t size = 0, len = 0, got;
	int r = -1;

	c->rules = NULL;
	c->n_rules = 0;
	if (f == NULL) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		char *grown;

		if (len + 4096 + 1 > size) {
			size = 2 * size + 4096 + 1;
			grown = realloc(text, size);
			if (grown == NULL) {
				snprintf(err, n, "%s: out of memory", path);
				goto out;
			}
			text = grown;
		}
		got = fread(text + len, 1, size - len - 1, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		goto out;
	}
	text[len] = '\0';
	if (contract_parse(text, c, why, sizeof why) == 0)
		r = 0;
	else
		snprintf(err, n, "%s: %s", path, why);
out:
	free(text);
	fclose(f);
	return r;
}

void
contract_free(struct contract *c)
{
	for (size_t i = 0; i < c->n_rules; i++)
		free(c->rules[i].unchecked);
	free(c->rules);
	c->rules = NULL;
	c->n_rules = 0;
}

const struct contract_rule *
contract_find(const struct contract *c, const char *id)
{
	for (size_t i = 0; i < c->n_rules; i++)
		if (strcmp(c->rules[i].id, id) == 0)
			return &c->rules[i];
	return NULL;
}

int
contract_next_id(const char **p, char *id, size_t n)
{
	const char *s = *p;
	size_t word, len;

	while (*s == ' ' || *s == ',' || *s == '\t')
		s++;
	if (*s == '\0') {
		*p = s;
		return 0;
	}
	word = strcspn(s, " ,\t");
	len = id_length(s);
	snprintf(id, n, "%.*s", (int)word, s);
	*p = s + word;
	return len == word ? 1 : -1;
}

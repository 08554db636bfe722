/* compare.c: escaping, port normalisation and transcript comparison. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

void
escape_bytes(struct bytes *out, const char *data, size_t len, size_t max)
{
	size_t shown = len < max ? len : max;

	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)data[i];

		switch (c) {
		case '\\': bytes_puts(out, "\\\\"); break;
		case '\n': bytes_puts(out, "\\n"); break;
		case '\t': bytes_puts(out, "\\t"); break;
		case '\r': bytes_puts(out, "\\r"); break;
		case '\0': bytes_puts(out, "\\0"); break;
		default:
			if (c >= 0x20 && c < 0x7f)
				bytes_append(out, &c, 1);
			else
				bytes_printf(out, "\\x%02x", c);
		}
	}
	if (shown < len)
		bytes_printf(out, " ... (%zu more bytes)", len - shown);
}

void
escape_text(struct bytes *out, const char *data, size_t len, size_t max)
{
	size_t shown = len < max ? len : max, start = 0;

	for (size_t i = 0; i <= shown; i++) {
		if (i < shown && data[i] != '\n' && data[i] != '\t')
			continue;
		escape_bytes(out, data + start, i - start, i - start);
		if (i < shown)
			bytes_append(out, &data[i], 1);
		start = i + 1;
	}
	if (shown < len)
		bytes_printf(out, " ... (%zu more bytes)", len - shown);
}

void
escape_compiler_output(struct bytes *out, const struct bytes *diag,
    const char *copy, const char *dir)
{
	struct bytes plain;

	bytes_init(&plain);
	bytes_append_replacing(&plain, diag->data, diag->len, copy, dir);
	escape_text(out, bytes_str(&plain), plain.len, COMPILER_OUTPUT_SHOWN);
	bytes_free(&plain);
}

int
port_names_parse(struct port_names *pn, const char *text)
{
	const char *p = text;

	pn->n = 0;
	while (*p != '\0') {
		char name[16];
		int port, used;

		if (*p == ' ') {
			p++;
			continue;
		}
		if (pn->n == MAX_NAMED_PORTS ||
		    sscanf(p, "%15[a-z0-9-]=%d%n", name, &port, &used) != 2)
			return -1;
		snprintf(pn->name[pn->n], sizeof pn->name[pn->n], "%s", name);
		pn->port[pn->n++] = port;
		p += used;
	}
	return 0;
}

void
ephemeral_range(int *lo, int *hi)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "re");

	*lo = 32768;
	*hi = 60999;
	if (f == NULL)
		return;
	if (fscanf(f, "%d %d", lo, hi) != 2) {
		*lo = 32768;
		*hi = 60999;
	}
	fclose(f);
}

/* Does data[0..end) end with a dotted quad (four numbers, three dots)? */
static int
ends_with_ipv4(const char *data, size_t end)
{
	size_t i = end;
	int dots = 0, digits = 0;

	while (i > 0 && (isdigit((unsigned char)data[i - 1]) ||
	    data[i - 1] == '.')) {
		if (data[i - 1] == '.')
			dots++;
		else
			digits++;
		i--;
	}
	return dots == 3 && digits >= 4;
}

static const char *
port_name(const struct port_names *pn, long port)
{
	for (int i = 0; i < pn->n; i++)
		if (pn->port[i] == port)
			return pn->name[i];
	return NULL;
}

void
normalize_ports(struct bytes *out, const char *data, size_t len,
    const struct port_names *pn)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i + 1;
		long port = 0;
		const char *name;

		if (data[i] != ':' || !ends_with_ipv4(data, i)) {
			bytes_append(out, &data[i++], 1);
			continue;
		}
		while (j < len && j - i <= 5 && isdigit((unsigned char)data[j]))
			port = port * 10 + (data[j++] - '0');
		if (j == i + 1 || (j < len && isdigit((unsigned char)data[j]))) {
			bytes_append(out, &data[i++], 1);
			continue;
		}
		name = port_name(pn, port);
		if (name != NULL && pn->rename_named)
			bytes_printf(out, ":<%s>", name);
		else if (name == NULL && port >= pn->eph_lo &&
		    port <= pn->eph_hi)
			bytes_puts(out, ":<ephemeral>");
		else
			bytes_append(out, &data[i], j - i);
		i = j;
	}
}

/*
 * The ephemeral ports of t's run (note.ephemeral, "LO HI", from the
 * sandbox's own network namespace), or the host's when t does not say.
 */
static void
run_ephemeral_range(const struct transcript *t, int *lo, int *hi)
{
	if (sscanf(transcript_str(t, "note.ephemeral"), "%d %d", lo,
	    hi) != 2 || *lo < 1 || *lo > *hi || *hi > 65535)
		ephemeral_range(lo, hi);
}

/* Do the two sides use the same numbers for the same port names? */
static int
same_ports(const struct port_names *a, const struct port_names *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (a->port[i] != b->port[i] ||
		    strcmp(a->name[i], b->name[i]) != 0)
			return 0;
	return 1;
}

void
difference_free(struct difference *d)
{
	bytes_free(&d->expected);
	bytes_free(&d->got);
	d->key = NULL;
}

int
transcript_compare(const struct transcript *ref,
    const struct transcript *got, struct difference *d)
{
	struct port_names pref, pgot;

	d->key = NULL;
	d->missing = 0;
	bytes_init(&d->expected);
	bytes_init(&d->got);
	if (port_names_parse(&pref, transcript_str(ref, "note.ports")) == -1)
		pref.n = 0;
	if (port_names_parse(&pgot, transcript_str(got, "note.ports")) == -1)
		pgot.n = 0;
	run_ephemeral_range(ref, &pref.eph_lo, &pref.eph_hi);
	run_ephemeral_range(got, &pgot.eph_lo, &pgot.eph_hi);
	pref.rename_named = pgot.rename_named = !same_ports(&pref, &pgot);

	for (size_t i = 0; i < ref->n; i++) {
		const struct entry *e = &ref->entries[i];
		const struct bytes *g;
		struct key_info ki;

		transcript_key_info(e->key, &ki);
		if (ki.note)
			continue;
		g = transcript_get(got, e->key);
		bytes_clear(&d->expected);
		bytes_clear(&d->got);
		normalize_ports(&d->expected, e->value.data, e->value.len,
		    &pref);
		if (g != NULL)
			normalize_ports(&d->got, g->data, g->len, &pgot);
		if (g == NULL || d->expected.len != d->got.len ||
		    memcmp(bytes_str(&d->expected), bytes_str(&d->got),
		    d->got.len) != 0) {
			d->key = e->key;
			d->missing = g == NULL;
			return 1;
		}
	}
	return 0;
}

/* Line n (from 0) of s: its start in *line and length in *len; -1: none. */
static int
line_at(const char *s, int n, const char **line, size_t *len)
{
	const char *end;

	for (; n > 0; n--) {
		s = strchr(s, '\n');
		if (s == NULL)
			return -1;
		s++;
	}
	if (*s == '\0')
		return -1;
	end = strchr(s, '\n');
	*line = s;
	*len = end != NULL ? (size_t)(end - s) : strlen(s);
	return 0;
}

/* Line by line until one differs: then how. */
enum line_kind
compare_lines(const char *expected, const char *got, struct line_diff *at)
{
	memset(at, 0, sizeof *at);
	for (;; at->n++) {
		int he = line_at(expected, at->n, &at->expected,
		    &at->expected_len) == 0;
		int hg = line_at(got, at->n, &at->got, &at->got_len) == 0;
		size_t el = at->expected_len, gl = at->got_len, pl;
		const char *prev;

		if (!he || !hg)
			return he ? LINE_SHORTER : hg ? LINE_OTHER : LINE_SAME;
		if (el == gl && memcmp(at->expected, at->got, el) == 0)
			continue;
		if (at->n > 0 && line_at(got, at->n - 1, &prev, &pl) == 0 &&
		    pl == gl && memcmp(prev, at->got, gl) == 0)
			return LINE_REPEATED;
		if (memcmp(at->expected, at->got, gl < el ? gl : el) != 0)
			return LINE_OTHER;
		return gl < el ? LINE_SHORTER : LINE_LONGER;
	}
}

/* The first byte that differs, or that got is a start of expected, etc. */
enum bytes_kind
describe_bytes_diff(struct bytes *out, const char *expected, size_t elen,
    const char *got, size_t glen, const char *what)
{
	size_t n = glen < elen ? glen : elen, at = 0;

	while (at < n && got[at] == expected[at])
		at++;
	if (at < n) {
		bytes_printf(out, "differs from %s at byte %zu", what, at);
		return BYTES_OTHER;
	}
	if (glen == elen) {
		bytes_puts(out, what);
		return BYTES_SAME;
	}
	if (glen < elen) {
		bytes_printf(out, "the first %zu of the %zu bytes of %s", glen,
		    elen, what);
		return BYTES_SHORTER;
	}
	bytes_printf(out, "%s and %zu more bytes", what, glen - elen);
	return BYTES_LONGER;
}

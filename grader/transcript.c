/* transcript.c: ordered key/value observations and their wire format. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transcript.h"

/* Wire format: for each entry, u32 key length, key, u32 value length, value. */
#define MAX_FIELD (16u << 20)

void
transcript_init(struct transcript *t)
{
	t->entries = NULL;
	t->n = 0;
	t->cap = 0;
}

void
transcript_free(struct transcript *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->entries[i].key);
		bytes_free(&t->entries[i].value);
	}
	free(t->entries);
	transcript_init(t);
}

static struct entry *
find(const struct transcript *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->entries[i].key, key) == 0)
			return &t->entries[i];
	return NULL;
}

/* The entry for key, created empty at the end if absent. */
static struct entry *
find_or_add(struct transcript *t, const char *key)
{
	struct entry *e = find(t, key);

	if (e != NULL)
		return e;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->entries = xrealloc(t->entries, t->cap * sizeof *t->entries);
	}
	e = &t->entries[t->n++];
	e->key = xstrdup(key);
	bytes_init(&e->value);
	return e;
}

void
transcript_set(struct transcript *t, const char *key, const void *data,
    size_t len)
{
	struct entry *e = find_or_add(t, key);

	bytes_clear(&e->value);
	bytes_append(&e->value, data, len);
}

static void
vformat(struct bytes *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		bytes_append(b, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	bytes_append(b, big, (size_t)n);
	free(big);
}

void
transcript_setf(struct transcript *t, const char *key, const char *fmt, ...)
{
	struct entry *e = find_or_add(t, key);
	va_list ap;

	bytes_clear(&e->value);
	va_start(ap, fmt);
	vformat(&e->value, fmt, ap);
	va_end(ap);
}

void
transcript_addf(struct transcript *t, const char *key, const char *fmt, ...)
{
	struct entry *e = find_or_add(t, key);
	va_list ap;

	va_start(ap, fmt);
	vformat(&e->value, fmt, ap);
	va_end(ap);
	bytes_append(&e->value, "\n", 1);
}

const struct bytes *
transcript_get(const struct transcript *t, const char *key)
{
	struct entry *e = find(t, key);

	return e != NULL ? &e->value : NULL;
}

const char *
transcript_str(const struct transcript *t, const char *key)
{
	const struct bytes *b = transcript_get(t, key);

	return b != NULL ? bytes_str(b) : "";
}

static void
put_u32(struct bytes *out, size_t v)
{
	unsigned char b[4] = {
		(unsigned char)(v >> 24), (unsigned char)(v >> 16),
		(unsigned char)(v >> 8), (unsigned char)v,
	};

	bytes_append(out, b, sizeof b);
}

void
transcript_serialize(const struct transcript *t, struct bytes *out)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct entry *e = &t->entries[i];
		size_t klen = strlen(e->key);

		put_u32(out, klen);
		bytes_append(out, e->key, klen);
		put_u32(out, e->value.len);
		bytes_append(out, e->value.data, e->value.len);
	}
}

/* Read a u32 length at *pos; -1 when it does not fit in what is left. */
static int
get_field(const char *data, size_t len, size_t *pos, const char **field,
    size_t *flen)
{
	const unsigned char *p = (const unsigned char *)data + *pos;
	uint32_t n;

	if (len - *pos < 4)
		return -1;
	n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	*pos += 4;
	if (n > MAX_FIELD || len - *pos < n)
		return -1;
	*field = data + *pos;
	*flen = n;
	*pos += n;
	return 0;
}

/*
 * Is k[0..klen) a key the grader could have written: a name of printable
 * ASCII without spaces? Keys reach reports as they are, values escaped.
 */
static int
valid_key(const char *k, size_t klen)
{
	if (klen == 0)
		return 0;
	for (size_t i = 0; i < klen; i++) {
		unsigned char c = (unsigned char)k[i];

		if (c <= ' ' || c >= 0x7f)
			return 0;
	}
	return 1;
}

int
transcript_parse(struct transcript *t, const char *data, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *k, *v;
		size_t klen, vlen;
		char *key;

		if (get_field(data, len, &pos, &k, &klen) == -1 ||
		    get_field(data, len, &pos, &v, &vlen) == -1 ||
		    !valid_key(k, klen))
			return -1;
		key = xmalloc(klen + 1);
		memcpy(key, k, klen);
		key[klen] = '\0';
		transcript_set(t, key, v, vlen);
		free(key);
	}
	return 0;
}

/* The suffix of each program kind's key. */
static const char *
kind_suffix(enum key_kind kind)
{
	switch (kind) {
	case KEY_STATUS: return "status";
	case KEY_STDOUT: return "stdout";
	case KEY_STDERR: return "stderr";
	case KEY_COMMAND: return "command";
	case KEY_FATE: return "fate";
	case KEY_ADDRESS: return "bound";
	default: return "";
	}
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ki->label from the part of key before its first dot. */
static void
take_label(struct key_info *ki, const char *key)
{
	const char *dot = strchr(key, '.');
	size_t len = dot != NULL ? (size_t)(dot - key) : 0;

	if (len >= sizeof ki->label)
		len = sizeof ki->label - 1;
	memcpy(ki->label, key, len);
	ki->label[len] = '\0';
}

void
transcript_key_info(const char *key, struct key_info *ki)
{
	static const enum key_kind program_kinds[] = {
		KEY_STATUS, KEY_STDOUT, KEY_STDERR, KEY_COMMAND, KEY_FATE,
	};
	const char *rest = key, *dot;

	memset(ki, 0, sizeof *ki);
	ki->kind = KEY_NOTE;
	if (strncmp(key, "note.", 5) == 0) {
		ki->note = 1;
		rest = key + 5;
		if (strcmp(rest, "sent") == 0)
			ki->kind = KEY_SENT;
		else if (strcmp(rest, "ports") == 0)
			ki->kind = KEY_PORTS;
		else if (strcmp(rest, "error") == 0)
			ki->kind = KEY_ERROR;
		if (ki->kind != KEY_NOTE)
			return;
		if (strncmp(rest, "memcheck.", 9) == 0 &&
		    (dot = strchr(rest + 9, '.')) != NULL) {
			ki->kind = KEY_MEMCHECK;
			take_label(ki, rest + 9);
			snprintf(ki->program, sizeof ki->program, "%s",
			    ki->label);
			snprintf(ki->label, sizeof ki->label, "%s", dot + 1);
			return;
		}
	} else if (strncmp(key, "probe.", 6) == 0) {
		ki->kind = KEY_PROBE;
		return;
	}
	if ((dot = strchr(rest, '.')) == NULL || dot == rest)
		return;
	take_label(ki, rest);
	for (size_t i = 0; i < sizeof program_kinds / sizeof *program_kinds;
	    i++)
		if (strcmp(dot + 1, kind_suffix(program_kinds[i])) == 0) {
			ki->kind = program_kinds[i];
			return;
		}
	if (strcmp(dot + 1, "bound") == 0 || ends_with(dot + 1, "-to"))
		ki->kind = KEY_ADDRESS;
	else if (!ki->note)
		ki->kind = KEY_FACT;
}

void
transcript_key(char *buf, size_t n, const char *label, enum key_kind kind,
    int note)
{
	int always_note = kind == KEY_STDERR || kind == KEY_COMMAND ||
	    kind == KEY_FATE;

	snprintf(buf, n, "%s%s.%s", note || always_note ? "note." : "", label,
	    kind_suffix(kind));
}

const struct bytes *
transcript_fact(const struct transcript *t, const char *label,
    enum key_kind kind)
{
	char key[KEY_LABEL_MAX + 32];
	const struct bytes *b;

	transcript_key(key, sizeof key, label, kind, 0);
	if ((b = transcript_get(t, key)) != NULL)
		return b;
	transcript_key(key, sizeof key, label, kind, 1);
	return transcript_get(t, key);
}

const char *
transcript_fact_str(const struct transcript *t, const char *label,
    enum key_kind kind)
{
	const struct bytes *b = transcript_fact(t, label, kind);

	return b != NULL ? bytes_str(b) : "";
}

/* The key note.NAME.WHAT into buf (n bytes). */
static void
note_key(char *buf, size_t n, const char *name, const char *what)
{
	snprintf(buf, n, "note.%s.%s", name, what);
}

void
transcript_note_setf(struct transcript *t, const char *name, const char *what,
    const char *fmt, ...)
{
	char key[128];
	struct entry *e;
	va_list ap;

	note_key(key, sizeof key, name, what);
	e = find_or_add(t, key);
	bytes_clear(&e->value);
	va_start(ap, fmt);
	vformat(&e->value, fmt, ap);
	va_end(ap);
}

const char *
transcript_note_str(const struct transcript *t, const char *name,
    const char *what)
{
	char key[128];

	note_key(key, sizeof key, name, what);
	return transcript_str(t, key);
}

long
transcript_note_number(const struct transcript *t, const char *name,
    const char *what)
{
	const char *s = transcript_note_str(t, name, what);

	return s[0] != '\0' ? strtol(s, NULL, 10) : -1;
}

void
transcript_note_set(struct transcript *t, const char *name, const char *what,
    const void *data, size_t len)
{
	char key[128];

	note_key(key, sizeof key, name, what);
	transcript_set(t, key, data, len);
}

const struct bytes *
transcript_note_get(const struct transcript *t, const char *name,
    const char *what)
{
	char key[128];

	note_key(key, sizeof key, name, what);
	return transcript_get(t, key);
}

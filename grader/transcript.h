/*
 * transcript.h: what a scenario observed, as ordered key/value pairs
 * ("server.stdout" -> bytes). A scenario runs in a sandbox; its transcript
 * crosses back to the grader serialized, and is judged there.
 *
 * Keys starting with "note." are context (commands run, stderr, ports) and
 * are shown in reports but never compared.
 */
#ifndef SOCKLAB_TRANSCRIPT_H
#define SOCKLAB_TRANSCRIPT_H

#include <stddef.h>

#include "bytes.h"

struct entry {
	char *key;
	struct bytes value;
};

struct transcript {
	struct entry *entries;
	size_t n;
	size_t cap;
};

void transcript_init(struct transcript *t);
void transcript_free(struct transcript *t);

/* Set key to the given bytes, replacing an earlier value in place. */
void transcript_set(struct transcript *t, const char *key, const void *data,
    size_t len);
void transcript_setf(struct transcript *t, const char *key, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
/* Append a line to key's value (creating it). */
void transcript_addf(struct transcript *t, const char *key, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* The value of key, or NULL. */
const struct bytes *transcript_get(const struct transcript *t, const char *key);
/* The value of key as a string, or "" when absent. */
const char *transcript_str(const struct transcript *t, const char *key);

/* Serialize t into out (appending). */
void transcript_serialize(const struct transcript *t, struct bytes *out);

/*
 * Parse data produced by transcript_serialize into t (appending entries).
 * Returns 0, or -1 when the data is malformed (a length past its end, a key
 * that is empty or not printable ASCII without spaces); t then holds what
 * parsed.
 */
int transcript_parse(struct transcript *t, const char *data, size_t len);

#endif

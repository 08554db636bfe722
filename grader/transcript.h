/*
 * transcript.h: what a scenario observed, as ordered key/value pairs
 * ("server.stdout" -> bytes). A scenario runs in a sandbox; its transcript
 * crosses back to the grader serialized, and is judged there.
 *
 * The keys' schema (the model is isolate's meta file). A key is a fact about
 * a program, named by the label the scenario gave it ("server", "client2"),
 * a probe's observation, or a note. Notes are shown in reports, never
 * compared; everything else is compared with the reference's run.
 *
 *   key                      kind          meaning
 *   LABEL.status             KEY_STATUS    how it ended: "exited with status
 *                                          0", "still running", "crashed: ..."
 *   LABEL.stdout             KEY_STDOUT    what it printed
 *   LABEL.bound, LABEL.*-to  KEY_ADDRESS   where it was bound, connected or
 *                                          sent to: "127.0.0.1:50007", or
 *                                          "nothing: WHY"
 *   LABEL.NAME               KEY_FACT      another fact ("client.reaction")
 *   probe.NAME               KEY_PROBE     what a grader probe saw
 *   note.LABEL.stderr        KEY_STDERR    its standard error
 *   note.LABEL.command       KEY_COMMAND   how it was started
 *   note.LABEL.fate          KEY_FATE      how it ended, when badly
 *   note.LABEL.status/stdout KEY_STATUS... a program the check only needs
 *                                          as a setting (not compared)
 *   note.memcheck.PROG.LABEL KEY_MEMCHECK  valgrind's verdict (memcheck.h)
 *   note.sent                KEY_SENT      what the grader did, a line each
 *   note.ports               KEY_PORTS     "server=50007 alt=50008 ..."
 *   note.error               KEY_ERROR     the grader could not run it
 *   note.lab.points          KEY_NOTE      a lab experiment's measurements,
 *                                          a line each (lab.h)
 *   note.lab.remarks         KEY_NOTE      what it could not measure, and why
 *   note.NAME                KEY_NOTE      other context
 *
 * Judging and diagnoses read keys through transcript_key_info() and
 * transcript_fact(), never by taking a key apart themselves.
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

enum key_kind {
	KEY_STATUS, KEY_STDOUT, KEY_ADDRESS, KEY_FACT, KEY_PROBE,
	KEY_STDERR, KEY_COMMAND, KEY_FATE, KEY_MEMCHECK,
	KEY_SENT, KEY_PORTS, KEY_ERROR, KEY_NOTE,
};

#define KEY_LABEL_MAX 48

struct key_info {
	enum key_kind kind;
	int note;			/* not compared */
	char label[KEY_LABEL_MAX];	/* the program's label, or "" */
	char program[KEY_LABEL_MAX];	/* KEY_MEMCHECK: which program */
};

/* What key is, by the schema above. */
void transcript_key_info(const char *key, struct key_info *ki);

/*
 * Write into buf (n bytes) the key of program label's kind (KEY_STATUS,
 * KEY_STDOUT, KEY_STDERR, KEY_COMMAND, KEY_FATE); note: as a note.
 */
void transcript_key(char *buf, size_t n, const char *label,
    enum key_kind kind, int note);

/*
 * Program label's fact of kind: the compared key, else its note (a
 * program recorded with run_collect_notes). NULL when neither is there.
 */
const struct bytes *transcript_fact(const struct transcript *t,
    const char *label, enum key_kind kind);
/* The same as a string, "" when absent. */
const char *transcript_fact_str(const struct transcript *t, const char *label,
    enum key_kind kind);

/* Serialize t into out (appending). */
void transcript_serialize(const struct transcript *t, struct bytes *out);

/*
 * Parse data produced by transcript_serialize into t (appending entries).
 * Returns 0, or -1 when the data is malformed (a length past its end, a key
 * that is empty or not printable ASCII without spaces); t then holds what
 * parsed.
 */
int transcript_parse(struct transcript *t, const char *data, size_t len);

/*
 * Facts a scenario records for its diagnoses, as notes (never compared):
 * note.NAME.WHAT ("note.client.code", "note.received.count"). Set one;
 * read it as a string ("" when absent) or as a number (-1 when absent).
 */
void transcript_note_setf(struct transcript *t, const char *name,
    const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *transcript_note_str(const struct transcript *t, const char *name,
    const char *what);
long transcript_note_number(const struct transcript *t, const char *name,
    const char *what);

/*
 * The same fact as bytes, zero bytes included (a payload): set it to len
 * bytes of data; get it, or NULL when absent.
 */
void transcript_note_set(struct transcript *t, const char *name,
    const char *what, const void *data, size_t len);
const struct bytes *transcript_note_get(const struct transcript *t,
    const char *name, const char *what);

#endif

/*
 * compare.h: turning observed bytes into something comparable and readable.
 * Ports that change from run to run are normalised; every byte a student
 * program produced is escaped before it reaches a report or a terminal.
 */
#ifndef SOCKLAB_COMPARE_H
#define SOCKLAB_COMPARE_H

#include <stddef.h>

#include "bytes.h"
#include "transcript.h"

/*
 * Append data to out escaped for display: printable ASCII as is; backslash,
 * \n, \t, \r, \0 and \xNN for everything else. At most max input bytes are
 * shown, then " ... (N more bytes)".
 */
void escape_bytes(struct bytes *out, const char *data, size_t len, size_t max);

/*
 * Like escape_bytes, but keeps newlines and tabs as they are: for text meant
 * to be read as lines (compiler messages), still with no control byte raw.
 */
void escape_text(struct bytes *out, const char *data, size_t len, size_t max);

/*
 * Append the compiler's output diag to out, escaped as by escape_text (at
 * most COMPILER_OUTPUT_SHOWN bytes), with every occurrence of the grader's
 * private copy of the sources (copy, not empty) shown as the student's
 * directory (dir).
 */
#define COMPILER_OUTPUT_SHOWN (16 * 1024)
void escape_compiler_output(struct bytes *out, const struct bytes *diag,
    const char *copy, const char *dir);

#define MAX_NAMED_PORTS 8

struct port_names {
	int n;
	int port[MAX_NAMED_PORTS];
	char name[MAX_NAMED_PORTS][16];
	int rename_named;	/* write named ports as <name> */
	int eph_lo, eph_hi;	/* the kernel's ephemeral port range */
};

/*
 * Fill pn from a "note.ports" value ("server=50007 probe1=40001"). Returns 0,
 * or -1 when the text is malformed.
 */
int port_names_parse(struct port_names *pn, const char *text);

/*
 * Append data to out with ports rewritten where they follow an IPv4 address
 * and a colon: a named port becomes <name> when pn->rename_named is set, any
 * other port in the ephemeral range becomes <ephemeral>.
 */
void normalize_ports(struct bytes *out, const char *data, size_t len,
    const struct port_names *pn);

/* The kernel's ephemeral port range (defaults when /proc cannot tell). */
void ephemeral_range(int *lo, int *hi);

struct difference {
	const char *key;	/* the first key that differs; NULL if none */
	struct bytes expected;	/* normalised values */
	struct bytes got;
	int missing;		/* the key is absent from got */
};

/*
 * Compare every non-note key of ref with got, in ref's order, after
 * normalising ports (each side with its own note.ports, and the ephemeral
 * range its run had, note.ephemeral "LO HI", else the host's; named ports
 * are renamed when the two sides' ports differ). Returns 1 and fills d on the
 * first difference, 0 when all agree. d must be freed with difference_free.
 */
int transcript_compare(const struct transcript *ref,
    const struct transcript *got, struct difference *d);
void difference_free(struct difference *d);

/* How the first line of a text that differs from the expected one differs. */
enum line_kind {
	LINE_SAME,	/* no line differs */
	LINE_SHORTER,	/* a start of the expected line, or no line at all */
	LINE_LONGER,	/* the expected line, then more bytes */
	LINE_REPEATED,	/* the line before it again, where another was due */
	LINE_OTHER
};

/* Where: the line's number (from 0), both lines (not NUL-terminated). */
struct line_diff {
	int n;
	const char *expected, *got;
	size_t expected_len, got_len;
};

/*
 * Compare got with expected line by line. Returns how the first line that
 * differs differs, and fills at with it (when not LINE_SAME).
 */
enum line_kind compare_lines(const char *expected, const char *got,
    struct line_diff *at);

/* How bytes compare with the expected ones (describe_bytes_diff). */
enum bytes_kind {
	BYTES_SAME,
	BYTES_SHORTER,	/* a start of the expected bytes */
	BYTES_LONGER,	/* the expected bytes, then more */
	BYTES_OTHER	/* a byte differs */
};

/*
 * Append to out how got (glen bytes) compares with expected (elen bytes),
 * which is named what: "WHAT", "the first N of the M bytes of WHAT", "WHAT
 * and N more bytes" or "differs from WHAT at byte N". Returns which it was.
 */
enum bytes_kind describe_bytes_diff(struct bytes *out, const char *expected,
    size_t elen, const char *got, size_t glen, const char *what);

#endif

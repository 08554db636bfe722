/*
 * diagnose.h: recognisers for the classic bugs of socket programs. Each looks
 * at what the reference produced and what the student's program produced,
 * and when it recognises a bug appends one plain sentence naming it to why.
 * They return 1 when they recognised something, 0 otherwise.
 */
#ifndef SOCKLAB_DIAGNOSE_H
#define SOCKLAB_DIAGNOSE_H

#include "bytes.h"
#include "transcript.h"

/*
 * A socket bound (or connected) to got instead of expected, both "IP:PORT"
 * or "nothing: ...": forgotten htons(), 0.0.0.0, a failed bind, a crash.
 */
int diagnose_address(const char *expected, const char *got,
    const char *stderr_text, struct bytes *why);

/*
 * A program's standard output differs: nothing printed (stdio buffering,
 * no newline), 0.0.0.0:0 addresses (address length), byte-swapped ports
 * (ntohs), stale bytes after a payload (%s), part of a TCP message (one
 * recv), the first line only (receiving on the wrong socket).
 */
int diagnose_output(const struct bytes *expected, const struct bytes *got,
    const char *status, struct bytes *why);

/* Payload bytes differ: strlen()+1, sizeof a pointer, a cut message. */
int diagnose_payload(const struct bytes *expected, const struct bytes *got,
    struct bytes *why);

/*
 * A program ended (or not) differently: a crash, an early exit, a closed
 * socket used again, a hang.
 */
int diagnose_status(const char *expected, const char *got,
    const char *stderr_text, struct bytes *why);

/*
 * The usual dispatch: by the suffix of d->key (.bound, .stdout, .status,
 * payload keys starting with "probe.") call the recognisers above with the
 * matching values of ref and got.
 */
struct difference;
void diagnose_common(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why);

/*
 * A server's exit code (run_exit_code) says SIGPIPE killed it: it sent on
 * a connection its client had reset or closed.
 */
int diagnose_sigpipe(int code, struct bytes *why);

/*
 * A UDP server's reply that found no sender (03, 06, 07): the advice,
 * without its final period.
 */
#define DIAGNOSE_SENDER_LEN "was the sender's address filled in? Set " \
    "sender_len = sizeof sender before every recvfrom(), and reply with " \
    "sendto() to that address and length"

/*
 * A difference in a check of run_scenario_bad_args or
 * run_scenario_port_taken (note.LABEL.refusal): a program that accepted a
 * command line the contract refuses, exited with another status, or said
 * nothing on stderr; a server that did not report a failed bind(). Quotes
 * the command. Returns 1 when it explained d.
 */
int diagnose_refusal(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why);

#endif

/*
 * run.h: the toolkit a check's scenario uses inside its sandbox: start the
 * lesson's programs, wait for them to be ready or to print, stop them, and
 * record what happened in the run's transcript.
 *
 * Every wait has a deadline (scaled by time_scale, e.g. under valgrind);
 * readiness is read from the kernel's socket tables, never guessed with a
 * fixed sleep. Processes still running when the scenario returns are stopped
 * by run_finish().
 */
#ifndef SOCKLAB_RUN_H
#define SOCKLAB_RUN_H

#include "sandbox.h"
#include "spawn.h"
#include "transcript.h"

#define RUN_MAX_PROCS 8

struct run_config {
	const char *bin_dir;	/* the programs under test: server, client */
	const char *ref_bin_dir; /* the reference's, used to drive them */
	const char *work_dir;	/* scratch directory, created by the caller */
	enum sandbox_mode mode;
	const char *shim_path;	/* the short-I/O library (LD_PRELOAD), or NULL */
	int valgrind;		/* run programs under memcheck */
	const char *valgrind_path; /* valgrind itself (NULL: /usr/bin/valgrind) */
	double time_scale;	/* multiplies every timeout */
	struct identity guest;	/* the programs run as (privilege.h) */
	int reference;		/* the reference's run: its misses are ours */
};

/*
 * note.inconclusive: set when the host, not the code under test, failed the
 * run, with the first reason in words ("the reference server was not ready
 * within 2000 ms"). A run whose programs could not start for want of
 * processes, memory or descriptors (while the run itself held few), and a
 * reference run whose program could not start, crashed, was killed, did not
 * end or was not ready while the scenario waited for it, are inconclusive:
 * what the reference does is what is expected, so it must not miss. jobs.c
 * runs such a check again, and never reports it as a failure.
 */

struct run {
	const struct run_config *cfg;
	struct transcript *t;
	int port;		/* the lesson's port: 50007 in a namespace */
	int alt_port;		/* a second port (50008 in a namespace) */
	int probe_port[2];	/* source ports for the grader's probes */
	char port_arg[8];	/* port as an argument string */
	char alt_port_arg[8];
	struct proc procs[RUN_MAX_PROCS];
	char labels[RUN_MAX_PROCS][32];
	int memcheck[RUN_MAX_PROCS];	/* under valgrind, verdict not recorded */
	char programs[RUN_MAX_PROCS][32];	/* which program each one runs */
	int nprocs;
};

/* Prepare r: choose ports (fixed in a namespace, free ones otherwise). */
int run_init(struct run *r, const struct run_config *cfg, struct transcript *t,
    char *err, size_t errlen);

/*
 * Stop every process still running. Only the memcheck verdicts of programs
 * under valgrind that were not collected are recorded.
 */
void run_finish(struct run *r);

/* Can programs run with no arguments (their default port is ours)? */
int run_defaults_usable(const struct run *r);

/* ms scaled by the configured time scale. */
int run_ms(const struct run *r, int ms);

/*
 * Start program (a name from the lesson, e.g. "server") with args (NULL-ended,
 * may be NULL). label names it in the transcript ("server", "client2").
 * Records note.LABEL.command. Returns the process or NULL (recorded as
 * LABEL.status "could not start: ...").
 */
struct proc *run_start(struct run *r, const char *program, const char *label,
    const char *const args[]);

/* What a program may need beyond its arguments. */
struct run_extra {
	const char *input;	/* a file for standard input (NULL: /dev/null) */
	int short_io;		/* run it under the short-I/O shim */
	long output_bytes;	/* output cap, if more than the default 1 MiB */
	int driver;		/* a reference program driving the one under test */
};

/* run_start or run_start_driver, with the extras x. */
struct proc *run_start_ext(struct run *r, const char *program,
    const char *label, const char *const args[], const struct run_extra *x);

/*
 * run_start, with standard input read from a file holding input (len
 * bytes), which the report shows under "sent".
 */
struct proc *run_start_input(struct run *r, const char *program,
    const char *label, const char *const args[], const char *input,
    size_t len);

/*
 * Write len bytes into the file name inside the run's scratch directory,
 * for a program's standard input. Returns its path (static storage, valid
 * until the next call) or NULL, with note.error set.
 */
const char *run_write_file(struct run *r, const char *name, const void *data,
    size_t len);

/*
 * How many descriptors p holds open right now (from /proc), or -1. Works
 * inside the sandbox's PID namespace too.
 */
int run_count_fds(struct run *r, struct proc *p);

/* Start a reference program as a driver ("the reference client"). */
struct proc *run_start_driver(struct run *r, const char *program,
    const char *label, const char *const args[]);

/*
 * Start the lesson's server: with no arguments when defaults is set and the
 * sandbox allows it, else with "127.0.0.1 PORT".
 */
struct proc *run_start_server(struct run *r, const char *label, int defaults);

/*
 * Start the lesson's server (as run_start_server) and wait until it is
 * bound (as run_wait_bound, type SOCK_STREAM or SOCK_DGRAM) on 127.0.0.1 at
 * r->port. When it is not, record how it ended and return NULL.
 */
struct proc *run_start_ready_server(struct run *r, const char *label,
    int type, int defaults);

/*
 * Most lessons' first check: the server, started with its defaults, becomes
 * ready on its default address and prints its first line.
 */
void run_scenario_server_ready(struct run *r, int type);

/*
 * Wait until p has a socket of type (SOCK_STREAM: listening; SOCK_DGRAM:
 * bound), then record LABEL.bound as "IP:PORT" (or why there is none).
 * Returns 0 when it is bound to 127.0.0.1:want_port, -1 otherwise.
 */
int run_wait_bound(struct run *r, struct proc *p, const char *label, int type,
    int want_port);

/*
 * Wait until p's standard output holds at least lines newlines, p has ended,
 * or the timeout passes. Returns 0 when the lines are there.
 */
int run_wait_lines(struct run *r, struct proc *p, int lines, int timeout_ms);

/* Wait for p to end. Returns 0, or -1 when it was still running. */
int run_wait_exit(struct run *r, struct proc *p, int timeout_ms);

/*
 * Record how p ended as LABEL.status ("still running" when it had not
 * ended), stop it if needed, then record its standard output as
 * LABEL.stdout, its standard error as note.LABEL.stderr and, under valgrind,
 * its memcheck verdict as note.memcheck.PROGRAM.LABEL (see memcheck.h).
 */
void run_collect(struct run *r, struct proc *p);

/*
 * Like run_collect, but its status and output are notes: shown, not
 * compared (for a program the check only needs as a setting).
 */
void run_collect_notes(struct run *r, struct proc *p);

/* Add a line to note.sent: what the grader did, for the report. */
void run_note(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Wait until the connections whose local port is port (the server's side)
 * have no unread bytes, or are gone. Returns 0, or -1 at the timeout.
 */
int run_wait_drained(struct run *r, int port, int timeout_ms);

/*
 * Wait until the program at the other end of our connected TCP socket fd has
 * read every byte we sent, or its socket is gone: one precise question to
 * the kernel (sock_diag), with run_wait_drained() as the fallback. Returns
 * 0, or -1 at the timeout.
 */
int run_wait_peer_read(struct run *r, int fd, int timeout_ms);

/* Wait until a program has accept()ed a connection on port. */
int run_wait_accepted(struct run *r, int port, int timeout_ms);

/* Wait until some TCP socket on port is in state (SOCK_STATE_*). */
int run_wait_tcp_state(struct run *r, int port, int state, int timeout_ms);

#endif

/*
 * run.h: the toolkit a check's scenario uses inside its sandbox: start the
 * lesson's programs, wait for them to be ready or to print, stop them, and
 * record what happened in the run's transcript.
 *
 * Every wait has a deadline (scaled by time_scale, e.g. under valgrind);
 * readiness is read from the kernel's socket tables, never guessed with a
 * fixed sleep. Processes still running when the scenario returns are stopped
 * by run_finish(). Beside it, for scenarios too: netlab.h (loss, slow
 * links, a LAN of hosts) and names.h (run_hosts: the check's own
 * /etc/hosts, names that never leave the sandbox).
 */
#ifndef SOCKLAB_RUN_H
#define SOCKLAB_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "netprobe.h"	/* NET_TIMEOUT, SOCK_STATE_*: taken and returned here */
#include "privilege.h"
#include "sandbox.h"
#include "transcript.h"

/* A lab experiment (lab.h) sweeps its programs over a table of sizes. */
#define RUN_MAX_PROCS 48

struct run_config {
	const char *bin_dir;	/* the programs under test: server, client */
	const char *ref_bin_dir; /* the reference's, used to drive them */
	const char *work_dir;	/* scratch directory, created by the caller */
	enum sandbox_mode mode;
	const char *shim_name;	/* the lesson's shim (lesson.h), or NULL */
	const char *shim_path;	/* its library (LD_PRELOAD), or NULL */
	int valgrind;		/* run programs under memcheck */
	int memcheck_grading;	/* --valgrind: set on both sides of a check */
	const char *valgrind_path; /* valgrind itself (NULL: /usr/bin/valgrind) */
	double time_scale;	/* multiplies every timeout */
	struct identity guest;	/* the programs run as (privilege.h) */
	int reference;		/* the reference's run: its misses are ours */
	/*
	 * Programs under test that cannot start, a "PROGRAM REASON" line
	 * each (grade.h's struct work), or NULL. Starting one records
	 * note.unavailable, the reason, and the check fails with it.
	 */
	const char *unavailable;
};

/*
 * note.inconclusive: set when the host, not the code under test, failed the
 * run, with the first reason in words ("the reference server was not ready
 * within 2000 ms"). A run whose programs could not start for want of
 * processes, memory or descriptors (while the run itself held few), and a
 * reference run whose program could not start, crashed, was killed, did not
 * end or was not ready while the scenario waited for it, are inconclusive:
 * what the reference does is what is expected, so it must not miss. So is
 * a run whose program under valgrind ended or was bound only in the one
 * extra wait a run may give (the machine was too slow). jobs.c
 * runs such a check again, and never reports it as a failure.
 */

struct run {
	const struct run_config *cfg;
	struct transcript *t;
	const void *arg;	/* the check's arg (lesson.h) */
	int port;		/* the lesson's port: 50007 in a namespace */
	int alt_port;		/* a second port (50008 in a namespace) */
	int probe_port[2];	/* source ports for the grader's probes */
	char port_arg[8];	/* port as an argument string */
	char alt_port_arg[8];
	struct run_programs *progs;	/* private to run.c */
};

/* A program a scenario started; opaque: use the functions below. */
struct proc;

/*
 * Why program cannot start, by list (run_config.unavailable), into buf;
 * NULL when it can.
 */
const char *run_unavailable(const char *list, const char *program, char *buf,
    size_t n);

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
 * What a scenario that waits for p's first move adds to its wait for p's
 * start: under valgrind, whose start a busy machine slows most, the time
 * run_wait_bound gives a program to bind (RUN_START_MS, scaled); else 0.
 */
#define RUN_START_MS 2000
int run_start_allowance_ms(const struct run *r, const struct proc *p);

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
	const char *shim;	/* run it under this shim (the lesson's), or NULL */
	long output_bytes;	/* output cap, if more than the default 1 MiB */
	int driver;		/* a reference program driving the one under test */
	int open_files;		/* its descriptor limit (RLIMIT_NOFILE), or 0 */
	int host;		/* run on this LAN host (netlab.h); 0: the sandbox */
	int tool;		/* program is an installed tool's path (lab.h:
				   iperf3), not the lesson's: never under
				   valgrind, and its misses are the host's */
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
 * bound), then record LABEL.bound as "IP:PORT" (or why there is none),
 * and note.LABEL.socket as "tcp" or "udp", for diagnoses. Under valgrind,
 * once per run, a program not bound in time gets as long again; bound then,
 * it was slowed by the machine, and the run is inconclusive.
 * Returns 0 when it is bound to 127.0.0.1:want_port, -1 otherwise.
 */
int run_wait_bound(struct run *r, struct proc *p, const char *label, int type,
    int want_port);

/* run_wait_bound with ms (scaled) in place of RUN_START_MS. */
int run_wait_bound_within(struct run *r, struct proc *p, const char *label,
    int type, int want_port, int ms);

/*
 * Wait until p's standard output holds at least lines newlines, p has ended,
 * or the timeout passes. Returns 0 when the lines are there.
 */
int run_wait_lines(struct run *r, struct proc *p, int lines, int timeout_ms);

/*
 * Wait for p to end. Returns 0, or -1 when it was still running. The run
 * is inconclusive when the machine, not p, kept it from ending: p spent a
 * quarter of the wait or more ready to run but waiting for a CPU; or,
 * under valgrind, p ended only in a second wait as long (once per run).
 */
int run_wait_exit(struct run *r, struct proc *p, int timeout_ms);

/*
 * The same, until deadline (clock_ms(), already scaled); inconclusive when
 * p was starved of CPU, or, under valgrind, ended only in a second wait as
 * long as from its start to deadline (once per run; run_wait_exit).
 */
int run_wait_exit_until(struct run *r, struct proc *p, int64_t deadline);

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

/* Wait until no TCP socket on port is in state any more. */
int run_wait_tcp_gone(struct run *r, int port, int state, int timeout_ms);

/* ---- A program, from the outside (struct proc is the engine's) ---- */

/* Stop p and everything it started now (SIGTERM, then SIGKILL). */
void run_stop(struct run *r, struct proc *p);

/* Is p running (NULL: it never started)? Reaps it once it has ended. */
int run_running(struct proc *p);

/*
 * How p ended, in words: "still running", "exited with status 1",
 * "crashed: segmentation fault (signal 11)", "did not start" (NULL) ...
 */
void run_describe(struct proc *p, char *buf, size_t n);

enum run_stream { RUN_STDOUT, RUN_STDERR };

/*
 * Append what p has written so far to which (at most cap bytes) to b.
 * Returns 0, or -1 (no such program, or the file cannot be read).
 */
int run_read_output(struct proc *p, enum run_stream which, struct bytes *b,
    size_t cap);

/* How many lines (newlines) p has printed so far. */
int run_lines_printed(struct proc *p);

/*
 * Stop p's whole process group (SIGSTOP) and wait until p is stopped, so
 * that it reads nothing and accepts nothing until run_resume(). Returns 0,
 * or -1 when p is not running (it has ended: run_collect tells how).
 */
int run_pause(struct proc *p);
void run_resume(struct proc *p);

/*
 * Wait until p holds exactly want descriptors (after opening or closing
 * some). Returns how many it holds at the end (want, or another count at
 * the timeout), or -1 when p has ended or /proc cannot tell.
 */
int run_wait_fd_count(struct run *r, struct proc *p, int want,
    int timeout_ms);

/*
 * Wait for p to end and record at key how it reacted: "still running after
 * N ms", "failed (non-zero exit status), with a message on stderr",
 * "exited with status 0 as if it had succeeded, without a message on
 * stderr", "crashed: ...".
 */
void run_record_reaction(struct run *r, struct proc *p, const char *key,
    int timeout_ms);

/* The port named name ("server", "probe1") in t's note.ports, or -1. */
int run_port_named(const struct transcript *t, const char *name);

/* ---- Probes: the grader's own sockets, playing peer (probe.c) ---- */

/*
 * A UDP socket bound to ip:port (port 0: any). On failure note.error says
 * why (the grader's problem, not the student's) and -1 is returned.
 */
int run_udp_probe(struct run *r, const char *ip, int port);

/*
 * Send len bytes from probe fd to 127.0.0.1:port as one datagram, and note
 * it ("from 127.0.0.1:40001 sent 'data' (4 bytes)", or what instead of the
 * data when it is not NULL; what RUN_QUIET: no note, for bulk sends that
 * the scenario notes at once). Returns 0, or -1 (a failure is always noted).
 */
#define RUN_QUIET ""
int run_udp_send(struct run *r, int fd, int port, const void *data,
    size_t len, const char *what);

/*
 * Receive one datagram on fd within timeout_ms into b (replacing it); from
 * gets its sender as "IP:PORT". Returns 0, NET_TIMEOUT, or -1 (noted).
 */
int run_udp_recv(struct run *r, int fd, struct bytes *b, int timeout_ms,
    char *from, size_t fromlen);

/*
 * Connect a TCP probe to 127.0.0.1:port within timeout_ms, TCP_NODELAY set.
 * On failure records key (when not NULL) as "failed: REASON"; returns -1.
 */
int run_tcp_connect(struct run *r, int port, int timeout_ms,
    const char *key);

/*
 * Send all len bytes on fd and note it ("WHO sent 'data' (N bytes)"; who
 * NULL: no note, for bulk sends that the scenario notes at once). Returns
 * 0, or -1 (a failure is always noted).
 */
int run_tcp_send(struct run *r, int fd, const char *who, const void *data,
    size_t len);

/*
 * A fake peer for a client: sockets on 127.0.0.1:port and on its
 * byte-swapped twin (where a client that forgot htons() goes), listening
 * (SOCK_STREAM) or bound (SOCK_DGRAM). fd[1] is -1 when the twin's port
 * cannot be had. run_twin_open returns 0, or -1 with note.error set.
 */
struct run_twin {
	int fd[2];
	int port[2];
};
int run_twin_open(struct run *r, struct run_twin *tw, int type, int port);
void run_twin_close(struct run_twin *tw);

/*
 * Accept the first connection on either of tw's listeners within
 * timeout_ms and record where it arrived at key ("127.0.0.1:PORT", or
 * "nothing: no connection within N ms"). Returns the connection or -1.
 */
int run_twin_accept(struct run *r, struct run_twin *tw, int timeout_ms,
    const char *key);

/* How a TCP probe's wait for bytes ended (run_tcp_recv). */
/* The most a TCP probe receives in one wait (run_tcp_recv). */
#define RUN_RECV_MAX (4 * 1024 * 1024)

enum run_recv {
	RUN_RECV_ALL,		/* all it waited for arrived */
	RUN_RECV_CLOSED,	/* the peer closed or reset the connection */
	RUN_RECV_TIMEOUT,	/* the time ran out first */
	RUN_RECV_ERROR,		/* receiving failed, or there was no socket */
};

/*
 * Receive on the connected TCP probe fd, appending to b, until b holds
 * lines newlines (lines 0: whatever arrives within the time; with a
 * timeout of 0, what is already waiting), the peer closes the connection,
 * or timeout_ms passes. Returns what ended the wait (a failure is noted).
 */
enum run_recv run_tcp_recv(struct run *r, int fd, struct bytes *b, int lines,
    int timeout_ms);

/*
 * run_tcp_recv on n probes at once, with one deadline: fds[i] into b[i],
 * what ended its wait in end[i] (RUN_RECV_ERROR when fds[i] is -1).
 */
void run_tcp_recv_many(struct run *r, const int *fds, int n, struct bytes *b,
    enum run_recv *end, int lines, int timeout_ms);

/*
 * Append to out, for a report, how a wait that received got_len bytes
 * ended: nothing for RUN_RECV_ALL, else "[nothing within 1000 ms]",
 * "[nothing more within 1000 ms]", "[nothing: the peer closed the
 * connection]", "[then the peer closed the connection]" or "[receiving
 * failed]".
 */
void run_describe_recv(struct run *r, struct bytes *out, enum run_recv end,
    size_t got_len, int timeout_ms);

/*
 * Connect n TCP probes to 127.0.0.1:port at once (non-blocking connects,
 * the way n clients arrive together), raising this process's descriptor
 * limit if n needs it, and wait at most timeout_ms for all of them. fds[i]
 * is a connected socket, or -1 (refused, or still waiting for room in a
 * full backlog). Returns how many connected.
 */
int run_tcp_connect_many(struct run *r, int port, int *fds, int n,
    int timeout_ms);

/*
 * When the last datagram the UDP probe fd received arrived, on clock_ms()'s
 * clock, from the kernel's own stamp: a grader slow to read it does not make
 * it later. clock_ms() when the kernel cannot tell.
 */
int64_t run_udp_arrival(int fd);
/* The same in microseconds, on clock_us()'s clock. */
int64_t run_udp_arrival_us(int fd);

/*
 * run_start_input with the extras x (its input field is ignored; NULL: no
 * extras): standard input from a file holding input, shown under "sent".
 */
struct proc *run_start_input_ext(struct run *r, const char *program,
    const char *label, const char *const args[], const void *input,
    size_t len, const struct run_extra *x);

/* Close the TCP probe fd with a reset (RST) instead of an end of file. */
void run_tcp_reset(int fd);

/*
 * How p ended, as a number for diagnoses: -1 while it runs (or when it
 * never started), its exit status once it has exited, 128+N when signal N
 * ended it (as a shell's $?).
 */
int run_exit_code(struct proc *p);

/*
 * Receive exactly n bytes on the connected TCP probe fd, appending them to
 * b, within timeout_ms; what follows them stays in the socket for the next
 * call (a message after a header, the next frame). Returns RUN_RECV_ALL
 * when all n came, else what ended the wait first (b then holds the bytes
 * that did come; a failure is noted).
 */
enum run_recv run_tcp_recv_exactly(struct run *r, int fd, struct bytes *b,
    size_t n, int timeout_ms);

/*
 * The TCP lessons' check of a refused connection: with nothing listening on
 * r->port, the client started with "127.0.0.1 PORT" must fail with a
 * message; how it reacted is recorded as client.reaction.
 */
void run_scenario_client_refused(struct run *r);

/*
 * run_udp_recv until deadline (clock_ms(), already scaled), but only while
 * p runs: once p has ended (or when it is NULL), only a datagram already
 * queued is taken, so that a program's end is seen at once. Returns 0,
 * NET_TIMEOUT, or -1 (noted).
 */
int run_udp_recv_while(struct run *r, int fd, struct proc *p,
    int64_t deadline, struct bytes *b, char *from, size_t fromlen);

/*
 * Send len bytes from probe fd as one datagram to to, an "IP:PORT" as
 * run_udp_recv()'s from gives it: a reply to the sender of the datagram
 * just received. Noted as run_udp_send() says; returns 0, or -1 (noted).
 */
int run_udp_reply(struct run *r, int fd, const char *to, const void *data,
    size_t len, const char *what);

/*
 * Placeholders in a table row's arguments (run_args): the lesson's port,
 * the second port, and "127.0.0.1 PORT" unless the defaults are ours.
 */
#define RUN_ARG_PORT "<port>"
#define RUN_ARG_ALT "<alt-port>"
#define RUN_ARG_ADDRESS "<127.0.0.1 port, unless the defaults do>"
/* Stands for no argument at all: { RUN_ARG_NONE } is an empty command line. */
#define RUN_ARG_NONE "<no arguments>"

/*
 * tmpl (NULL-ended) with its placeholders replaced, into out (n slots).
 * Returns out, or NULL when no argument is left (run_start takes both).
 */
const char *const *run_args(struct run *r, const char *const tmpl[],
    const char *out[], size_t n);

/*
 * A check's bad command lines (run_scenario_bad_args): the program, and up
 * to RUN_BAD_ARGS_MAX argument lists (NULL-ended, run_args placeholders
 * allowed); the first empty list ends them.
 */
#define RUN_BAD_ARGS_MAX 8
#define RUN_BAD_ARGS_LEN 40
/* Bad PORTs every lesson refuses: out of range at both ends, not a number. */
#define RUN_BAD_PORTS { "127.0.0.1", "0" }, { "127.0.0.1", "65536" }, \
    { "127.0.0.1", "abc" }
/* The hint of such a check, where the skeleton parses the arguments. */
#define RUN_BAD_ARGS_HINT "The given parse_arguments() does this: keep " \
    "it, and return 2 when it fails, before any socket() call."
struct run_bad_args {
	const char *program;
	const char *args[RUN_BAD_ARGS_MAX][RUN_BAD_ARGS_LEN];
};

/*
 * The bad-arguments check of any lesson, with r->arg a struct
 * run_bad_args: start the program with each command line in turn and
 * record how it ended as LABEL.status (one still running after 1 s is
 * stopped: "still running"), LABEL.stdout, and LABEL.message: "a message
 * on stderr" or "nothing on stderr"; note.LABEL.refusal is "arguments"
 * (diagnose_refusal reads it). Labels are the program's name, then NAME2,
 * NAME3...
 */
void run_scenario_bad_args(struct run *r);

/*
 * Let p end by itself within 1 s (else stop it), then record as
 * run_scenario_bad_args does: LABEL.status, LABEL.stdout, LABEL.message,
 * and note.LABEL.refusal what ("arguments", "port taken"), which
 * diagnose_refusal reads.
 */
void run_record_refusal(struct run *r, struct proc *p, const char *label,
    const char *what);

/*
 * The grader holds 127.0.0.1:PORT (a bound UDP socket, or a TCP listener,
 * by type, and the port's byte-swapped twin) and starts the server with
 * "127.0.0.1 PORT": its bind() must fail. Recorded as run_scenario_bad_args
 * does (server.status, server.stdout, server.message), with
 * note.server.refusal "port taken".
 */
void run_scenario_port_taken(struct run *r, int type);

/*
 * A named pipe called name in the run's scratch directory, for a program's
 * standard input (run_extra's input = *path), so that a scenario feeds it
 * slowly: write, wait for the answer, write more. Returns the grader's end,
 * open for writing, non-blocking and close-on-exec (closing it is the end
 * of the input), or -1 with note.error set.
 */
int run_input_pipe(struct run *r, const char *name, const char **path);

/*
 * run_tcp_connect from the fixed source port src_port (one of
 * r->probe_port): a server that prints its client's port prints a port
 * known in advance, whose byte swap never falls in the ephemeral range that
 * comparison normalises (0: one the kernel picks, as run_tcp_connect).
 * Returns the socket, or -1 (key set as run_tcp_connect does).
 */
int run_tcp_connect_from(struct run *r, int src_port, int port,
    int timeout_ms, const char *key);

/*
 * Start the lesson's server as "ip PORT", PORT being 65535 (the highest)
 * in a namespace and the second port without one, and wait until it is
 * bound there (type as run_wait_bound; server.bound is recorded). Writes
 * "ip:PORT" into where (n bytes). Returns the server, or NULL when it is
 * not bound there (then it has been collected).
 */
struct proc *run_start_server_at(struct run *r, const char *ip, int type,
    char *where, size_t n);

/*
 * The server started with the row's arguments (r->arg: NULL-ended, ADDRESS
 * alone, or ADDRESS and a PORT at a limit such as 65535) must be bound
 * there (a socket of type) and print its first line. Without namespaces
 * those ports are not ours: it gets "127.0.0.1 PORT" then. Records
 * server.bound, server.stdout and server.status.
 */
void run_scenario_server_args(struct run *r, int type);

/*
 * A set-up call that fails (run_scenario_setup_fails): the program, its
 * descriptor limit (4: a TCP server listens, then accept() fails with
 * EMFILE at once, since Linux takes the new descriptor before it waits;
 * with 3 the dynamic loader itself fails), and the call that must fail and
 * be named on stderr.
 */
struct run_setup_fails {
	const char *program;
	int open_files;
	const char *call;
};

/*
 * Start r->arg's program with "127.0.0.1 PORT" under its descriptor limit,
 * connect to it if it listens before it ends (a server in poll() accepts
 * only then), let it end within 1 s, and
 * record LABEL.status and LABEL.message: "a message naming CALL()", "a
 * message not naming CALL()" or "nothing on stderr" (and, for diagnoses,
 * note.LABEL.fails: CALL). Not judged under valgrind (grade --valgrind):
 * it records nothing there.
 */
void run_scenario_setup_fails(struct run *r);

/*
 * How long p has been busy so far, in ms: running on a CPU or ready to run
 * and waiting for one (/proc/PID/schedstat; CPU time alone where the
 * kernel keeps no such count), or -1 when p has ended or /proc cannot
 * tell. A program asleep in poll() or recvfrom() adds nothing, however
 * loaded the machine; one that spins adds the whole time.
 */
long run_busy_ms(struct proc *p);

/*
 * How busy p is in an idle RUN_IDLE_MS (run_busy_ms: running, or ready to
 * run), while the scenario sends it nothing: recorded at key as "sleeps"
 * (less than RUN_IDLE_BUSY_MS) or "busy: N ms ...", the count as
 * note.busy.ms. A program asleep in poll() counts 0 however loaded the
 * machine; one that spins counts the whole time.
 */
#define RUN_IDLE_MS 500
#define RUN_IDLE_BUSY_MS 100
void run_record_idle(struct run *r, struct proc *p, const char *key);

/*
 * How many threads p runs plus how many processes it started (its
 * descendants), or -1 when p has ended or /proc cannot tell: 1 for a
 * program with one thread that started nothing.
 */
int run_count_tasks(struct run *r, struct proc *p);

/*
 * run_tcp_connect to ip:port instead of 127.0.0.1:port (a server started
 * with another ADDRESS). Returns the socket, or -1 with key set as
 * run_tcp_connect does.
 */
int run_tcp_connect_to(struct run *r, const char *ip, int port, int timeout_ms,
    const char *key);

/*
 * Send len bytes (at most 56) to 127.0.0.1:port as a datagram that claims
 * to come from port 0, to which no reply can be sent: a server's sendto()
 * of its answer fails (EINVAL). It needs a raw socket (CAP_NET_RAW, which
 * the grader holds in its network namespace). Returns 0, or -1 when the
 * grader cannot forge it (noted).
 */
int run_udp_forge_port_zero(struct run *r, int port, const void *data,
    size_t len);

/*
 * run_udp_reply to the datagram fd received last, for a peer that waits
 * only wait_ms for the answer (a client's -t): when the grader itself
 * answers more than wait_ms / 2 after the datagram arrived (a starved
 * machine), the run is also marked inconclusive, since the peer may have
 * given up through no fault of its own.
 */
int run_udp_reply_within(struct run *r, int fd, const char *to,
    const void *data, size_t len, const char *what, int wait_ms);

/*
 * Record note.inconclusive: the host, not the code under test, failed the
 * run (the first reason is kept). For engine modules beside run.c.
 */
void run_inconclusive(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- IPv4 and IPv6 (lesson 11; addresses on lo: netlab.h) ---- */

/*
 * The grader's TCP listener on ip:port, ip IPv4 or IPv6 text (an IPv6
 * listener is IPv6 only), noted under "sent". Returns it, or -1 with the
 * run inconclusive.
 */
int run_tcp_listen_at(struct run *r, const char *ip, int port);

/*
 * Connect a TCP probe from src_ip:src_port (NULL: any address; 0: a port
 * the kernel picks) to ip:port within timeout_ms, TCP_NODELAY set. ip may
 * be IPv4, IPv6, or IPv4-mapped ("::ffff:127.0.0.1": an IPv6 socket, IPv4
 * on the wire). On failure records key (when not NULL) as "failed: ...";
 * returns -1.
 */
int run_tcp_connect_at(struct run *r, const char *src_ip, int src_port,
    const char *ip, int port, int timeout_ms, const char *key);

/*
 * Accept one connection on the listener fd within timeout_ms and record at
 * key the address it came from, without its port (the kernel's choice):
 * "from 192.0.2.12", "from 2001:db8::12", or "nothing: ...". Returns the
 * connection or -1.
 */
int run_tcp_accept(struct run *r, int fd, int timeout_ms, const char *key);

/*
 * Wait until p listens on port for IPv4 and IPv6 clients on any address
 * (one dual-stack IPv6 socket, or one socket per family), or has printed a
 * line while listening on port (it says it is ready: what it has is all),
 * or has ended, or 2 s have passed. Records LABEL.listening ("IPv4 and
 * IPv6 clients, on any address, port 50007", or what it reaches instead)
 * and, for diagnoses, note.LABEL.ipv4 and note.LABEL.ipv6 ("any", an
 * address, "none") and note.LABEL.sockets. Returns 0 when both families
 * are reached on any address, else -1 (a reference with no listener at
 * all: the run inconclusive).
 */
int run_wait_listening(struct run *r, struct proc *p, const char *label,
    int port);

#endif

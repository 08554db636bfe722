/*
 * sandbox.h: run a piece of the grader in a child process that is isolated
 * from the network and from every other check, and collect what it reports.
 *
 * In SANDBOX_NETNS mode the child gets new network, mount and (where
 * allowed) PID namespaces, inside a user namespace unless we are root: only
 * a loopback interface, so the fixed port 50007 never collides and student
 * code reaches no other network, and ephemeral ports of its own
 * (SANDBOX_EPHEMERAL_LO to _HI); the world-writable directories (/tmp,
 * /var/tmp, /dev/shm, /run/lock) are read-only, and the job's scratch
 * directory is a private tmpfs of bounded size, so nothing can fill a disk;
 * when the child ends, every process left in its PID namespace is killed.
 * Where namespaces are refused, SANDBOX_PORTS runs the child as a subreaper
 * on the host's loopback and the checks use free ports passed as arguments.
 */
#ifndef SOCKLAB_SANDBOX_H
#define SOCKLAB_SANDBOX_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "bytes.h"

/*
 * The ephemeral ports of a sandbox's network namespace (the kernel draws a
 * socket's port from them when it binds none): above the fixed ports of the
 * checks (50007, 50008) and of the grader's probes (40001, 40002), so that
 * no program is ever given one of those by chance.
 */
#define SANDBOX_EPHEMERAL_LO 50100
#define SANDBOX_EPHEMERAL_HI 60999

/* The programs' working directory, inside a job's scratch directory. */
#define SANDBOX_HOME "home"

enum sandbox_mode {
	SANDBOX_NETNS,		/* private network namespace */
	SANDBOX_PORTS,		/* host loopback, free ports */
};

/*
 * Find the best mode that works here by trying it in a throw-away child.
 * When it has to fall back, writes the reason into why.
 */
enum sandbox_mode sandbox_detect(char *why, size_t whylen);

/*
 * Is this process inside a mount namespace of its own, whose mounts no
 * other process outside it sees: a sandbox's (SANDBOX_NETNS with a mount
 * namespace) or one made by sandbox_private_mounts? Only then may the
 * grader mount over the system's files (names.h binds /etc/hosts).
 */
int sandbox_own_mounts(void);

/*
 * Does a job of this mode get private tmpfs mounts on its scratch_dir (a
 * mount namespace)? Then every job may name the same directory, each
 * seeing its own there. Elsewhere each job needs a directory of its own.
 */
int sandbox_private_scratch(enum sandbox_mode mode);

/*
 * Enter a mount namespace of our own whose mounts propagate nowhere, for
 * grader/netlab (which holds CAP_SYS_ADMIN in its namespaces). Returns 0,
 * or -1 with errno set.
 */
int sandbox_private_mounts(void);

/* The mode in a few words, for reports. */
const char *sandbox_mode_describe(enum sandbox_mode mode);

/*
 * The work done inside the sandbox: write the result to result_fd and return
 * an exit status (0: the work itself went fine).
 */
typedef int (*sandbox_fn)(void *arg, int result_fd);

struct sandbox_job {
	/* Filled by the caller. */
	sandbox_fn fn;
	void *arg;
	int timeout_ms;
	/*
	 * NULL, or where the job writes; its subdirectory SANDBOX_HOME is for
	 * the programs. In a mount namespace both become private tmpfs
	 * mounts; elsewhere the caller creates them.
	 */
	const char *scratch_dir;
	/*
	 * Run fn in a plain child process on the host, with no namespaces
	 * whatever the mode: for the grader's own work (compiling), not for
	 * student programs. Killed at its timeout all the same.
	 */
	int on_host;
	/* Filled by sandbox_run_all. */
	struct bytes result;	/* everything fn wrote */
	int status;		/* waitpid() status of the sandbox */
	int timed_out;		/* killed at its deadline */
	char error[256];	/* the sandbox could not be set up */
	/* Private. */
	pid_t pid;
	int fd;
	int64_t deadline;
};

/*
 * Set from a signal handler (SIGINT, SIGTERM) to make sandbox_run_all kill
 * its jobs and return -1 at once.
 */
extern volatile sig_atomic_t sandbox_stop;

/*
 * Run every job, at most parallel at once, each in a fresh sandbox of the
 * given mode, and wait for all of them. A job that passes its timeout is
 * killed with everything it started. Returns 0 (per-job outcomes are in the
 * jobs), or -1 when stopped by sandbox_stop. The caller initialises result
 * (bytes_init) and frees it.
 */
int sandbox_run_all(struct sandbox_job *jobs, size_t n, int parallel,
    enum sandbox_mode mode);

/*
 * Jobs handed out one at a time, for callers whose jobs depend on others
 * (checks wait for their programs to be built). next() returns the job to
 * start now, or NULL when none is ready; it is asked whenever a slot is free.
 * done() is told of every job handed out, once it has ended (or failed to
 * start, or was killed), and may make more jobs ready. The jobs stay the
 * caller's.
 */
struct sandbox_feed {
	struct sandbox_job *(*next)(void *ctx);
	void (*done)(void *ctx, struct sandbox_job *job);
	void *ctx;
};

/*
 * sandbox_run_all over a feed: returns once no job runs and next() has none
 * ready, 0, or -1 when stopped by sandbox_stop (or out of memory).
 */
int sandbox_run_feed(const struct sandbox_feed *feed, int parallel,
    enum sandbox_mode mode);

/*
 * Write text to the control file at path (/proc/self/uid_map...) in one
 * write(). Returns 0, or -1 with errno set.
 */
int sandbox_write_proc(const char *path, const char *text);

#endif

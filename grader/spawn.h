/*
 * spawn.h: run a program with limits, in its own process group, with its
 * output captured in files, and stop it together with everything it started.
 *
 * Output goes to regular files rather than pipes: nothing has to pump them, a
 * child never blocks on a full pipe, and RLIMIT_FSIZE caps their size (a
 * program that writes past it dies of SIGXFSZ, which proc_describe() names).
 */
#ifndef SOCKLAB_SPAWN_H
#define SOCKLAB_SPAWN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "privilege.h"

struct limits {
	int cpu_seconds;	/* RLIMIT_CPU */
	long file_bytes;	/* RLIMIT_FSIZE: output files and anything written */
	long processes;		/* RLIMIT_NPROC; 0 leaves it alone */
	long memory_bytes;	/* RLIMIT_AS; 0 leaves it alone */
	long open_files;	/* RLIMIT_NOFILE; 0 leaves it alone */
	const struct identity *run_as;	/* become it before exec, or NULL */
	int netns_fd;		/* > 0: enter this network namespace first */
};

/* Close every descriptor but 0-2 and keep (-1: none). */
void spawn_close_all_but(int keep);

/* Limits for student programs: 10 s of CPU, 1 MiB files, 512 MiB memory. */
extern const struct limits spawn_student_limits;

struct proc {
	pid_t pid;		/* also its process group id; -1 before start */
	int running;		/* 1 from start until reaped */
	int status;		/* waitpid() status once reaped */
	int lost;		/* ended, but reaped elsewhere: status unknown */
	int zombie;		/* ended, not reaped yet (until proc_stop) */
	int64_t started_ms;	/* clock_ms() at start */
	long file_limit;	/* RLIMIT_FSIZE it ran with; 0: none */
	char out_path[512];
	char err_path[512];
};

/*
 * Start argv[0] (a path) with argv in directory cwd. Standard input comes from
 * in_path (NULL: /dev/null); standard output and error go to out_path and
 * err_path, created or truncated. The child gets its own process group,
 * default signal dispositions, an empty signal mask, no descriptors but 0-2,
 * and the limits lim (NULL: none). Returns 0, or -1 with a message in err
 * and errno set (EAGAIN: no process could be made); a failed exec is
 * reported here too, with the child's errno.
 */
int proc_start(struct proc *p, char *const argv[], const char *cwd,
    const char *in_path, const char *out_path, const char *err_path,
    const struct limits *lim, char *err, size_t errlen);

/* proc_start with the environment envp (NULL: this process's). */
int proc_start_env(struct proc *p, char *const argv[], char *const envp[],
    const char *cwd, const char *in_path, const char *out_path,
    const char *err_path, const struct limits *lim, char *err, size_t errlen);

/*
 * This process's environment with the assignments of set ("NAME=value",
 * NULL-ended) in place of any same-named variables, for proc_start_env.
 * Static storage: valid until the next call; the strings are not copied.
 */
char **proc_environment(const char *const set[]);

/*
 * Has p ended? Returns 1 when it has (its status is then set), 0 while it
 * runs. p is left unreaped, a zombie holding its pid and so its process
 * group's id, until proc_stop().
 */
int proc_poll(struct proc *p);

/* Wait for p to end until deadline (clock_ms()). Returns 0 or -1 on timeout. */
int proc_wait(struct proc *p, int64_t deadline);

/*
 * Stop p's process group: SIGTERM, then SIGKILL once grace_ms have passed or
 * p has ended (whichever is first), then reap p. Safe on a stopped proc;
 * once p is reaped, its group is never signalled again.
 */
void proc_stop(struct proc *p, int grace_ms);

/*
 * How p ended, in words: "still running", "exited with status 1", "crashed:
 * segmentation fault (signal 11)", "killed: printed more than 1 MiB",
 * "killed: wrote a file larger than 1 MiB", "killed by signal 15 (SIGTERM)".
 */
void proc_describe(const struct proc *p, char *buf, size_t n);

/* Describe a waitpid() status the same way (without p's output sizes). */
void describe_status(int status, char *buf, size_t n);

#endif

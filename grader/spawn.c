/* spawn.c: start, watch and stop child programs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "spawn.h"

const struct limits spawn_student_limits = {
	.cpu_seconds = 10,
	.file_bytes = 1L << 20,
	.processes = 0,
	.memory_bytes = 512L << 20,
	.run_as = NULL,
};

static void
set_limit(int resource, rlim_t value)
{
	struct rlimit rl = { value, value };

	/* Lowering a limit cannot fail for a valid resource. */
	(void)setrlimit(resource, &rl);
}


void
spawn_close_all_but(int keep)
{
	unsigned after = keep >= 3 ? (unsigned)keep + 1 : 3U;

	/*
	 * Two calls, not a thousand: every program and every job's sandbox
	 * starts with this, and a system call is dear in a virtual machine.
	 */
	if ((keep <= 3 || syscall(SYS_close_range, 3U, (unsigned)keep - 1,
	    0) == 0) && syscall(SYS_close_range, after, ~0U, 0) == 0)
		return;
	/* A kernel older than close_range (5.9). */
	for (int fd = 3; fd < 1024; fd++)
		if (fd != keep)
			(void)close(fd);
}

/*
 * Between vfork and exec: system calls only (the child shares our memory),
 * and never a return.
 */
extern char **environ;

static _Noreturn void
child_setup_and_exec(char *const argv[], char *const envp[], const char *cwd,
    int in_fd, int out_fd, int err_fd, const struct limits *lim,
    int report_fd)
{
	struct sigaction sa;
	sigset_t none;
	int err, sig;

	setpgid(0, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* A LAN host's namespace (netlab.h), while its descriptor is open. */
	if (lim != NULL && lim->netns_fd > 0 &&
	    setns(lim->netns_fd, CLONE_NEWNET) == -1)
		goto fail;
	if (dup2(in_fd, 0) == -1 || dup2(out_fd, 1) == -1 ||
	    dup2(err_fd, 2) == -1)
		goto fail;
	/* Keep only 0-2 and the close-on-exec report pipe. */
	spawn_close_all_but(report_fd);

	if (lim != NULL) {
		set_limit(RLIMIT_CORE, 0);
		if (lim->cpu_seconds > 0)
			set_limit(RLIMIT_CPU, (rlim_t)lim->cpu_seconds);
		if (lim->file_bytes > 0)
			set_limit(RLIMIT_FSIZE, (rlim_t)lim->file_bytes);
		if (lim->processes > 0)
			set_limit(RLIMIT_NPROC, (rlim_t)lim->processes);
		if (lim->memory_bytes > 0)
			set_limit(RLIMIT_AS, (rlim_t)lim->memory_bytes);
		if (lim->open_files > 0)
			set_limit(RLIMIT_NOFILE, (rlim_t)lim->open_files);
	}
	if (cwd != NULL && chdir(cwd) == -1)
		goto fail;
	/* Last, so that the steps above still had our rights. */
	if (lim != NULL && privilege_become(lim->run_as) == -1)
		goto fail;
	execve(argv[0], argv, envp != NULL ? envp : environ);
fail:
	err = errno;
	(void)!write(report_fd, &err, sizeof err);
	_exit(127);
}

/*
 * vfork, not fork: the child shares our memory until it calls execve, so no
 * page table is copied and no page of ours is made copy-on-write; a virtual
 * machine's page tables are dear, and a check starts a dozen programs. The
 * child may only make system calls and must not return; every signal is
 * blocked meanwhile, so that none of our handlers runs in the child before
 * it has reset them all.
 */
static pid_t
start_child(char *const argv[], char *const envp[], const char *cwd,
    int in_fd, int out_fd, int err_fd, const struct limits *lim,
    int report_fd)
{
	sigset_t all, old;
	pid_t pid;
	int saved_errno;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = vfork();
	if (pid == 0)
		child_setup_and_exec(argv, envp, cwd, in_fd, out_fd, err_fd, lim,
		    report_fd);
	saved_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved_errno;
	return pid;
}

static int
open_output(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd == -1)
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(errno));
	return fd;
}

int
proc_start(struct proc *p, char *const argv[], const char *cwd,
    const char *in_path, const char *out_path, const char *err_path,
    const struct limits *lim, char *err, size_t errlen)
{
	return proc_start_env(p, argv, NULL, cwd, in_path, out_path, err_path,
	    lim, err, errlen);
}

int
proc_start_env(struct proc *p, char *const argv[], char *const envp[],
    const char *cwd, const char *in_path, const char *out_path,
    const char *err_path, const struct limits *lim, char *err, size_t errlen)
{
	int in_fd = -1, out_fd = -1, err_fd = -1, report[2] = { -1, -1 };
	int child_errno, rc = -1, saved_errno = 0;
	ssize_t n;
	pid_t pid;

	p->pid = -1;
	p->running = 0;
	p->status = 0;
	p->lost = 0;
	p->zombie = 0;
	p->started_ms = clock_ms();
	p->file_limit = lim != NULL ? lim->file_bytes : 0;
	snprintf(p->out_path, sizeof p->out_path, "%s", out_path);
	snprintf(p->err_path, sizeof p->err_path, "%s", err_path);

	in_fd = open(in_path ? in_path : "/dev/null", O_RDONLY | O_CLOEXEC);
	if (in_fd == -1) {
		saved_errno = errno;
		snprintf(err, errlen, "cannot open %s: %s",
		    in_path ? in_path : "/dev/null", strerror(errno));
		goto out;
	}
	if ((out_fd = open_output(out_path, err, errlen)) == -1 ||
	    (err_fd = open_output(err_path, err, errlen)) == -1) {
		saved_errno = errno;
		goto out;
	}
	if (pipe2(report, O_CLOEXEC) == -1) {
		saved_errno = errno;
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto out;
	}

	pid = start_child(argv, envp, cwd, in_fd, out_fd, err_fd, lim,
	    report[1]);
	if (pid == -1) {
		saved_errno = errno;
		snprintf(err, errlen, "vfork: %s", strerror(errno));
		goto out;
	}

	/* Also set it here, so the group exists before anyone signals it. */
	(void)setpgid(pid, pid);
	p->pid = pid;
	p->running = 1;
	close(report[1]);
	report[1] = -1;
	do
		n = read(report[0], &child_errno, sizeof child_errno);
	while (n == -1 && errno == EINTR);
	if (n == (ssize_t)sizeof child_errno) {
		saved_errno = child_errno;
		snprintf(err, errlen, "cannot run %s: %s", argv[0],
		    strerror(child_errno));
		proc_stop(p, 0);
		goto out;
	}
	rc = 0;
out:
	if (in_fd != -1)
		close(in_fd);
	if (out_fd != -1)
		close(out_fd);
	if (err_fd != -1)
		close(err_fd);
	if (report[0] != -1)
		close(report[0]);
	if (report[1] != -1)
		close(report[1]);
	/* What went wrong, for callers that tell the host's faults apart. */
	if (rc == -1)
		errno = saved_errno;
	return rc;
}

/* Does the assignment a ("NAME=value") set name=...? */
static int
assigns(const char *a, const char *name_eq)
{
	return strncmp(a, name_eq, strcspn(name_eq, "=") + 1) == 0;
}

char **
proc_environment(const char *const set[])
{
	static char *envp[512];
	size_t n = 0;

	for (size_t i = 0; set[i] != NULL && n < 64; i++)
		envp[n++] = (char *)set[i];
	for (char **e = environ; *e != NULL && n < 511; e++) {
		size_t i;

		for (i = 0; set[i] != NULL && !assigns(*e, set[i]); i++)
			;
		if (set[i] == NULL)
			envp[n++] = *e;
	}
	envp[n] = NULL;
	return envp;
}

/* The wait status (as waitpid() gives it) of the ended child in info. */
static int
status_of(const siginfo_t *info)
{
	if (info->si_code == CLD_EXITED)
		return (info->si_status & 0xff) << 8;
	return (info->si_status & 0x7f) |
	    (info->si_code == CLD_DUMPED ? 0x80 : 0);
}

int
proc_poll(struct proc *p)
{
	siginfo_t info;
	int r;

	if (!p->running)
		return 1;
	/*
	 * WNOWAIT: an ended leader stays a zombie until proc_stop() has
	 * signalled its group, so that its pid, the group's id, is given to
	 * no other process meanwhile (without a PID namespace it would be
	 * the host's next process to start, as pids wrap around).
	 */
	memset(&info, 0, sizeof info);
	do
		r = waitid(P_PID, (id_t)p->pid, &info, WEXITED | WNOHANG |
		    WNOWAIT);
	while (r == -1 && errno == EINTR);
	if (r == 0 && info.si_pid == 0)
		return 0;
	p->running = 0;
	if (r == -1) {
		/*
		 * ECHILD: someone else reaped it. It ended, but how is
		 * unknown: never read status as "exited with status 0".
		 */
		p->lost = 1;
		return 1;
	}
	p->status = status_of(&info);
	p->zombie = 1;
	return 1;
}

int
proc_wait(struct proc *p, int64_t deadline)
{
	int pause_ms = 1;

	while (!proc_poll(p)) {
		int left = clock_left_ms(deadline);

		if (left == 0)
			return -1;
		clock_sleep_ms(pause_ms < left ? pause_ms : left);
		if (pause_ms < 10)
			pause_ms++;
	}
	return 0;
}

void
proc_stop(struct proc *p, int grace_ms)
{
	if (p->pid <= 0)
		return;
	if (p->running) {
		(void)kill(-p->pid, SIGTERM);
		(void)proc_wait(p, clock_ms() + grace_ms);
	}
	/*
	 * The group may outlive its leader; SIGKILL whatever is left in it,
	 * while the leader (running, or a zombie) still holds the group's
	 * id. Once the leader is reaped, that id may be anyone's.
	 */
	if (!p->running && !p->zombie)
		return;
	(void)kill(-p->pid, SIGKILL);
	while (waitpid(p->pid, p->running ? &p->status : NULL, 0) == -1 &&
	    errno == EINTR)
		;
	p->running = 0;
	p->zombie = 0;
}

static const char *
signal_words(int sig)
{
	switch (sig) {
	case SIGSEGV: return "segmentation fault";
	case SIGBUS: return "bus error";
	case SIGABRT: return "aborted";
	case SIGFPE: return "arithmetic error";
	case SIGILL: return "illegal instruction";
	case SIGSYS: return "bad system call";
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	case SIGPIPE: return "broken pipe: wrote to a closed connection";
	default: return strsignal(sig);
	}
}

/* Signals that mean the program itself went wrong: a crash. */
static int
is_crash(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT ||
	    sig == SIGFPE || sig == SIGILL || sig == SIGSYS;
}

/* "1 MiB", "64 KiB" or "1000 bytes". */
static void
describe_size(long bytes, char *buf, size_t n)
{
	if (bytes >= 1L << 20 && bytes % (1L << 20) == 0)
		snprintf(buf, n, "%ld MiB", bytes >> 20);
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(buf, n, "%ld KiB", bytes >> 10);
	else
		snprintf(buf, n, "%ld bytes", bytes);
}

/*
 * SIGXFSZ in words: what reached the size limit. Output files at the limit
 * mean the program printed too much; otherwise it wrote some other file.
 */
static void
describe_file_limit(const struct proc *p, char *buf, size_t n)
{
	long limit = p != NULL && p->file_limit > 0 ? p->file_limit : 1L << 20;
	struct stat st;
	char size[32];

	describe_size(limit, size, sizeof size);
	if (p == NULL)
		snprintf(buf, n, "killed: wrote more than %s", size);
	else if (stat(p->out_path, &st) == 0 && st.st_size >= limit)
		snprintf(buf, n, "killed: printed more than %s", size);
	else if (stat(p->err_path, &st) == 0 && st.st_size >= limit)
		snprintf(buf, n, "killed: printed more than %s on stderr",
		    size);
	else
		snprintf(buf, n, "killed: wrote a file larger than %s", size);
}

static void
describe(const struct proc *p, int status, char *buf, size_t n)
{
	int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	if (WIFEXITED(status))
		snprintf(buf, n, "exited with status %d", WEXITSTATUS(status));
	else if (sig == SIGXFSZ)
		describe_file_limit(p, buf, n);
	else if (sig == SIGXCPU)
		snprintf(buf, n, "killed: used too much CPU time");
	else if (is_crash(sig))
		snprintf(buf, n, "crashed: %s (signal %d)", signal_words(sig),
		    sig);
	else if (sig != 0)
		snprintf(buf, n, "killed by signal %d (%s)", sig,
		    signal_words(sig));
	else
		snprintf(buf, n, "ended with status 0x%x", (unsigned)status);
}

void
describe_status(int status, char *buf, size_t n)
{
	describe(NULL, status, buf, n);
}

void
proc_describe(const struct proc *p, char *buf, size_t n)
{
	if (p->pid <= 0)
		snprintf(buf, n, "not started");
	else if (p->running)
		snprintf(buf, n, "still running");
	else if (p->lost)
		snprintf(buf, n, "ended, but its exit status was lost (the "
		    "grader could not wait for it: ECHILD)");
	else
		describe(p, p->status, buf, n);
}

/* sandbox.c: namespaces, subreaping, and a small job loop over sandboxes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "sandbox.h"
#include "spawn.h"

volatile sig_atomic_t sandbox_stop;

/* Set in a sandbox (or grader/netlab) once its mounts are its own. */
static int own_mounts;

/* Namespace flags that worked in sandbox_detect (NETNS mode). */
static int ns_flags = CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS |
    CLONE_NEWPID;

/*
 * A job's scratch directory: a tmpfs for the grader's files (the programs'
 * output), and inside it SANDBOX_HOME, a smaller one anyone may write to,
 * the programs' working directory: filling it leaves the output intact.
 */
#define SCRATCH_OPTIONS "size=64m,nr_inodes=4096,mode=0755"
#define HOME_OPTIONS "size=16m,nr_inodes=1024,mode=1777"

/*
 * How far ahead a sandbox's monotonic clock runs (offset_clocks): 11.6
 * days, less than what would overflow a millisecond count in an int.
 */
#define SANDBOX_CLOCK_OFFSET 1000000
/* Buckets in a sandbox's own TCP and UDP hash tables (own_hash_tables). */
#define CHILD_HASH_ENTRIES "1024\n"

int
sandbox_write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc = 0;
	size_t len = strlen(text);

	if (fd == -1)
		return -1;
	if (write(fd, text, len) != (ssize_t)len)
		rc = -1;
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/* Map our own uid and gid into the new user namespace, unchanged. */
static int
map_ids(uid_t uid, gid_t gid)
{
	char map[64];

	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if (sandbox_write_proc("/proc/self/uid_map", map) == -1)
		return -1;
	/* gid_map may only be written once setgroups is denied. */
	if (sandbox_write_proc("/proc/self/setgroups", "deny") == -1 && errno != ENOENT)
		return -1;
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	return sandbox_write_proc("/proc/self/gid_map", map);
}

static int
loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;

	if (fd == -1)
		return -1;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) == 0)
			rc = 0;
	}
	close(fd);
	return rc;
}

/*
 * Make dir read-only in our mount namespace (a bind mount of itself,
 * remounted read-only). The flags the kernel locks for a mount made in a
 * user namespace (nosuid, nodev, noexec, atime) must be kept, so they are
 * read back first. A directory that does not exist is skipped. (The kernel
 * ignores source and type here; "none" rather than NULL keeps valgrind
 * from calling them unaddressable.)
 */
static int
make_read_only(const char *dir)
{
	static const struct { unsigned long st, ms; } keep[] = {
		{ ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC }, { ST_NOATIME, MS_NOATIME },
		{ ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
	};
	unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
	struct statvfs sv;

	if (access(dir, F_OK) == -1)
		return 0;
	if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) == -1 ||
	    statvfs(dir, &sv) == -1)
		return -1;
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		if (sv.f_flag & keep[i].st)
			flags |= keep[i].ms;
	return mount("none", dir, "none", flags, NULL);
}

/*
 * In a fresh mount namespace: keep our mounts to ourselves, and close the
 * directories anyone may write to, where a submission could fill a disk.
 */
static int
seal_filesystem(char *why, size_t whylen)
{
	static const char *const open_dirs[] = { "/tmp", "/var/tmp", "/dev/shm",
	    "/run/lock" };

	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == -1) {
		snprintf(why, whylen, "private mounts: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof open_dirs / sizeof open_dirs[0]; i++)
		if (make_read_only(open_dirs[i]) == -1) {
			snprintf(why, whylen, "read-only %s: %s", open_dirs[i],
			    strerror(errno));
			return -1;
		}
	return 0;
}

/*
 * Mount the job's scratch tmpfs, and its home inside. Returns 0 or -1 with a
 * reason in why.
 */
static int
mount_scratch(const char *dir, char *why, size_t whylen)
{
	char home[4096];

	if (dir == NULL)
		return 0;
	snprintf(home, sizeof home, "%s/" SANDBOX_HOME, dir);
	if (mount("socklab", dir, "tmpfs", MS_NOSUID | MS_NODEV,
	    SCRATCH_OPTIONS) == -1 || mkdir(home, 0755) == -1 ||
	    mount("socklab", home, "tmpfs", MS_NOSUID | MS_NODEV,
	    HOME_OPTIONS) == -1) {
		snprintf(why, whylen, "tmpfs on %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Move the new network namespace's ephemeral ports clear of the fixed ones
 * (sandbox.h). The setting is the namespace's own: writing it takes
 * CAP_NET_ADMIN over the namespace, which its creator holds, root or not.
 */
static int
set_port_range(void)
{
	char range[32];

	snprintf(range, sizeof range, "%d %d\n", SANDBOX_EPHEMERAL_LO,
	    SANDBOX_EPHEMERAL_HI);
	return sandbox_write_proc("/proc/sys/net/ipv4/ip_local_port_range", range);
}

/*
 * Reading /proc/net/tcp (as the checks do, to see what a program bound)
 * walks every bucket of the TCP hash table, which all namespaces share
 * unless told otherwise: 256 Ki buckets on a machine of 24 GiB, 5 ms of
 * CPU a read. A namespace made from one whose tcp_child_ehash_entries is
 * set has a table of its own, that size (Linux 6.1; udp_child_hash_entries
 * for UDP, 6.2). Returns 0, or -1 where the kernel has no such setting.
 */
static int
set_child_hash_sizes(void)
{
	if (sandbox_write_proc("/proc/sys/net/ipv4/tcp_child_ehash_entries",
	    CHILD_HASH_ENTRIES) == -1)
		return -1;
	(void)sandbox_write_proc("/proc/sys/net/ipv4/udp_child_hash_entries",
	    CHILD_HASH_ENTRIES);
	return 0;
}

/*
 * Leave the fresh network namespace for one made from it, with hash tables
 * of its own, whose own children (the LAN's hosts, netlab.c) get theirs
 * too. Only a saving of time: where it cannot be done, the first namespace
 * serves as well.
 */
static void
own_hash_tables(void)
{
	if (set_child_hash_sizes() == -1 || unshare(CLONE_NEWNET) == -1)
		return;
	(void)set_child_hash_sizes();
}

/*
 * Give the sandbox's processes (all created after this) a monotonic clock
 * that reads SANDBOX_CLOCK_OFFSET seconds more than the host's, as on a
 * machine up for weeks: a program that does arithmetic on absolute clock
 * readings (a second that carries into the wrong field, a type too small)
 * meets the values a server meets, whatever the host's uptime. Durations
 * are the same. Where the kernel has no time namespaces, nothing changes.
 */
static void
offset_clocks(void)
{
	char offsets[96];

	if (unshare(CLONE_NEWTIME) == -1)
		return;
	snprintf(offsets, sizeof offsets, "monotonic %d 0\nboottime %d 0\n",
	    SANDBOX_CLOCK_OFFSET, SANDBOX_CLOCK_OFFSET);
	(void)sandbox_write_proc("/proc/self/timens_offsets", offsets);
}

/* Enter fresh namespaces. Returns 0 or -1 with a reason in why. */
static int
enter_namespaces(int flags, char *why, size_t whylen)
{
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(flags) == -1) {
		snprintf(why, whylen, "unshare: %s", strerror(errno));
		return -1;
	}
	if ((flags & CLONE_NEWUSER) && map_ids(uid, gid) == -1) {
		snprintf(why, whylen, "user namespace id map: %s",
		    strerror(errno));
		return -1;
	}
	if (flags & CLONE_NEWNET)
		own_hash_tables();
	offset_clocks();
	if (loopback_up() == -1) {
		snprintf(why, whylen, "loopback up: %s", strerror(errno));
		return -1;
	}
	if (set_port_range() == -1) {
		snprintf(why, whylen, "ephemeral ports: %s", strerror(errno));
		return -1;
	}
	if ((flags & CLONE_NEWNS) && seal_filesystem(why, whylen) == -1)
		return -1;
	own_mounts = (flags & CLONE_NEWNS) != 0;
	return 0;
}

int
sandbox_own_mounts(void)
{
	return own_mounts;
}

int
sandbox_private_mounts(void)
{
	if (unshare(CLONE_NEWNS) == -1 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == -1)
		return -1;
	own_mounts = 1;
	return 0;
}

/*
 * Kill every child of this process but those in keep (n pids), with their
 * process groups, and reap them. As a subreaper we inherit the orphans of
 * what we kill, so repeat until none is left (bounded: a fork bomb is
 * SIGKILLed a generation at a time). /proc/thread-self works inside a PID
 * namespace too, where our own PID does not name us in the host's /proc.
 */
static void
kill_children_but(const pid_t *keep, size_t n)
{
	for (int round = 0; round < 100; round++) {
		pid_t victims[256];
		size_t nv = 0;
		long pid;
		FILE *f = fopen("/proc/thread-self/children", "re");

		if (f == NULL)
			return;
		while (nv < 256 && fscanf(f, "%ld", &pid) == 1) {
			size_t i;

			for (i = 0; i < n && keep[i] != (pid_t)pid; i++)
				;
			if (i == n)
				victims[nv++] = (pid_t)pid;
		}
		fclose(f);
		if (nv == 0)
			return;
		for (size_t i = 0; i < nv; i++) {
			(void)kill(-victims[i], SIGKILL);
			(void)kill(victims[i], SIGKILL);
		}
		for (size_t i = 0; i < nv; i++)
			while (waitpid(victims[i], NULL, 0) == -1 &&
			    errno == EINTR)
				;
	}
}

/*
 * As init of a PID namespace: SIGKILL every other process in it (kill(-1)
 * spares only the caller) and reap what comes back to us, so that nothing
 * the programs started outlives the check, however they hid.
 */
static void
kill_namespace(void)
{
	(void)kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) != -1 || errno == EINTR)
		;
}

/* The process that runs fn (pid 1 of the PID namespace in NETNS mode). */
static void
run_inner(struct sandbox_job *job, int fd, enum sandbox_mode mode)
{
	int status;

	if (mode == SANDBOX_NETNS)
		(void)prctl(PR_SET_PDEATHSIG, (unsigned long)SIGKILL, 0UL,
		    0UL, 0UL);
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
	signal(SIGPIPE, SIG_IGN);
	status = job->fn(job->arg, fd);
	close(fd);
	if (getpid() == 1)
		kill_namespace();
	else
		kill_children_but(NULL, 0);
	_exit(status);
}

/* The sandbox's outer child: sets up namespaces, then runs or forks fn. */
static void
run_outer(struct sandbox_job *job, int fd, enum sandbox_mode mode)
{
	char why[200];
	pid_t inner;
	int status;

	spawn_close_all_but(fd);
	if (mode == SANDBOX_PORTS)
		run_inner(job, fd, mode);
	if (enter_namespaces(ns_flags, why, sizeof why) == -1 ||
	    ((ns_flags & CLONE_NEWNS) &&
	    mount_scratch(job->scratch_dir, why, sizeof why) == -1)) {
		(void)!write(fd, why, strlen(why));
		_exit(126);
	}
	/* A new PID namespace starts with the next child. */
	inner = fork();
	if (inner == -1) {
		snprintf(why, sizeof why, "fork: %s", strerror(errno));
		(void)!write(fd, why, strlen(why));
		_exit(126);
	}
	if (inner == 0)
		run_inner(job, fd, mode);
	close(fd);
	while (waitpid(inner, &status, 0) == -1)
		if (errno != EINTR)
			_exit(126);
	if (WIFSIGNALED(status))
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

static int
try_namespaces(int flags, char *why, size_t whylen)
{
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == -1) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		if (enter_namespaces(flags, why, whylen) == -1) {
			(void)!write(fds[1], why, strlen(why));
			_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], why, whylen - 1);
	why[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * Root needs no user namespace for network and PID namespaces, and inside
 * one it would keep root's identity on the host's files while losing the
 * right to hand programs to nobody (privilege.h): it tries without first.
 */
enum sandbox_mode
sandbox_detect(char *why, size_t whylen)
{
	static const int choices[] = {
		CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID,
		CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID,
		CLONE_NEWUSER | CLONE_NEWNET,
		CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID,
	};
	static const int root_choices[] = {
		CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID,
		CLONE_NEWNET | CLONE_NEWPID,
		CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID,
		CLONE_NEWUSER | CLONE_NEWNET,
	};
	const int *order = geteuid() == 0 ? root_choices : choices;
	char first[200] = "";

	for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++) {
		if (try_namespaces(order[i], why, whylen) == 0) {
			ns_flags = order[i];
			why[0] = '\0';
			return SANDBOX_NETNS;
		}
		if (i == 0)
			snprintf(first, sizeof first, "%s", why);
	}
	snprintf(why, whylen, "namespaces refused (%s)", first);
	return SANDBOX_PORTS;
}

int
sandbox_private_scratch(enum sandbox_mode mode)
{
	return mode == SANDBOX_NETNS && (ns_flags & CLONE_NEWNS) != 0;
}

const char *
sandbox_mode_describe(enum sandbox_mode mode)
{
	static char words[128];

	if (mode == SANDBOX_PORTS)
		return "host loopback with free ports (no namespaces)";
	snprintf(words, sizeof words, "private network namespace (loopback "
	    "only%s%s)", ns_flags & CLONE_NEWPID ? "" : ", shared PID space",
	    ns_flags & CLONE_NEWNS ? "" : ", shared /tmp");
	return words;
}

static void
job_start(struct sandbox_job *job, enum sandbox_mode mode)
{
	int fds[2];

	job->pid = -1;
	job->fd = -1;
	job->deadline = clock_ms() + job->timeout_ms;
	if (pipe2(fds, O_CLOEXEC) == -1) {
		snprintf(job->error, sizeof job->error, "pipe: %s",
		    strerror(errno));
		return;
	}
	job->pid = fork();
	if (job->pid == -1) {
		snprintf(job->error, sizeof job->error, "fork: %s",
		    strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (job->pid == 0) {
		close(fds[0]);
		run_outer(job, fds[1], mode);
	}
	close(fds[1]);
	job->fd = fds[0];
}

/* Read what the job has written; at end of file, reap it. */
static void
job_read(struct sandbox_job *job)
{
	char chunk[8192];
	ssize_t n = read(job->fd, chunk, sizeof chunk);

	if (n > 0) {
		bytes_append(&job->result, chunk, (size_t)n);
		return;
	}
	if (n == -1 && errno == EINTR)
		return;
	close(job->fd);
	job->fd = -1;
	while (waitpid(job->pid, &job->status, 0) == -1 && errno == EINTR)
		;
	job->pid = -1;
}

/*
 * sandbox_run_feed's arrays, also held here (not static, so that no store
 * to them is optimised away): every job's sandbox is a fork of that loop
 * which never returns to it, so the compiler need not keep their addresses
 * anywhere a child's memory checker (make check-valgrind) would find them,
 * and it would call them lost.
 */
struct sandbox_job **sandbox_feed_running;
struct pollfd *sandbox_feed_pfds;

/*
 * Kill a job at its deadline. Its sandbox dies at once; what the sandbox
 * started becomes our orphan (we are a subreaper), so kill every child of
 * ours that is not another running job (running[0..n), job among them).
 */
static void
job_kill(struct sandbox_job *job, struct sandbox_job *const *running, size_t n)
{
	pid_t keep[256];
	size_t nk = 0;

	job->timed_out = 1;
	(void)kill(job->pid, SIGKILL);
	while (waitpid(job->pid, &job->status, 0) == -1 && errno == EINTR)
		;
	job->pid = -1;
	close(job->fd);
	job->fd = -1;
	for (size_t i = 0; i < n && nk < 256; i++)
		if (running[i]->fd != -1 && running[i]->pid > 0)
			keep[nk++] = running[i]->pid;
	kill_children_but(keep, nk);
}

int
sandbox_run_feed(const struct sandbox_feed *feed, int parallel,
    enum sandbox_mode mode)
{
	struct sandbox_job **running;
	struct pollfd *pfds;
	size_t nrun = 0;

	if (parallel < 1)
		parallel = 1;
	running = calloc((size_t)parallel, sizeof *running);
	pfds = calloc((size_t)parallel, sizeof *pfds);
	sandbox_feed_running = running;
	sandbox_feed_pfds = pfds;
	if (running == NULL || pfds == NULL) {
		free(running);
		free(pfds);
		sandbox_feed_running = NULL;
		sandbox_feed_pfds = NULL;
		return -1;
	}
	/* Orphans of a killed job come to us, so that we can kill them. */
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
	for (;;) {
		struct sandbox_job *job;
		int64_t soonest = INT64_MAX;

		while (nrun < (size_t)parallel && !sandbox_stop &&
		    (job = feed->next(feed->ctx)) != NULL) {
			job->timed_out = 0;
			job->error[0] = '\0';
			job->status = 0;
			job_start(job, job->on_host ? SANDBOX_PORTS : mode);
			if (job->fd != -1)
				running[nrun++] = job;
			else
				feed->done(feed->ctx, job);
		}
		if (nrun == 0)
			break;
		for (size_t i = 0; i < nrun; i++) {
			job = running[i];
			if (!sandbox_stop && job->deadline > clock_ms()) {
				if (job->deadline < soonest)
					soonest = job->deadline;
				pfds[i].fd = job->fd;
				pfds[i].events = POLLIN;
				pfds[i].revents = 0;
				continue;
			}
			job_kill(job, running, nrun);
			running[i--] = running[--nrun];
			feed->done(feed->ctx, job);
		}
		if (nrun == 0)
			continue;
		if (poll(pfds, nrun, clock_left_ms(soonest)) == -1 &&
		    errno != EINTR)
			break;
		for (size_t i = nrun; i-- > 0;) {
			if (pfds[i].revents == 0)
				continue;
			job = running[i];
			job_read(job);
			if (job->fd != -1)
				continue;
			/* Ended: the last running job takes its place. */
			running[i] = running[--nrun];
			pfds[i] = pfds[nrun];
			feed->done(feed->ctx, job);
		}
	}
	free(running);
	free(pfds);
	sandbox_feed_running = NULL;
	sandbox_feed_pfds = NULL;
	return sandbox_stop ? -1 : 0;
}

/* sandbox_run_all's feed: the array in order. */
struct array_feed {
	struct sandbox_job *jobs;
	size_t n, next;
};

static struct sandbox_job *
array_next(void *ctx)
{
	struct array_feed *a = ctx;

	return a->next < a->n ? &a->jobs[a->next++] : NULL;
}

static void
array_done(void *ctx, struct sandbox_job *job)
{
	(void)ctx;
	(void)job;
}

int
sandbox_run_all(struct sandbox_job *jobs, size_t n, int parallel,
    enum sandbox_mode mode)
{
	struct array_feed a = { jobs, n, 0 };
	struct sandbox_feed feed = { array_next, array_done, &a };

	return sandbox_run_feed(&feed, parallel, mode);
}

/* run.c: starting, watching and recording a scenario's programs. */
#include "config.h"

#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "memcheck.h"
#include "netprobe.h"
#include "privilege.h"
#include "netlab.h"
#include "run.h"
#include "spawn.h"

/*
 * A program with this many descendants at once is a fork bomb: no lesson
 * forks, and RLIMIT_NPROC (64 in a namespace) stops it about here.
 */
#define FORK_BOMB_PROCESSES 32

/* How much of a program's output a transcript keeps. */
#define OUTPUT_CAP (64 * 1024)
#define MAX_SOCKETS 16384

static long proc_pid_in_proc(struct proc *p);

/* The programs a scenario started: private to run.c (run.h). */
struct run_programs {
	struct proc procs[RUN_MAX_PROCS];
	char labels[RUN_MAX_PROCS][32];
	int memcheck[RUN_MAX_PROCS];	/* under valgrind, verdict not recorded */
	char programs[RUN_MAX_PROCS][32];	/* which program each one runs */
	int n;
	int extended;	/* a late exit or bind was given extra time */
};

/* How much of a valgrind log is read: far more than any verdict shows. */
#define VALGRIND_LOG_CAP (1024 * 1024)
/* Descriptors valgrind keeps for itself above a program's limit. */
#define RUN_VALGRIND_FDS 16

/*
 * Memcheck, with leaks and descriptors left open reported. Uninitialised
 * values are reported without their origin (--track-origins=yes), which
 * would make every run slower.
 */
static const char *const valgrind_args[] = {
	"--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
	"--show-leak-kinds=definite,indirect", "--track-fds=yes",
	"--num-callers=12", "--vgdb=no", NULL,
};


/*
 * A port of type nobody holds now and unlike the n ports in taken: a TCP
 * and a UDP port may share a number, and two roles with one number would
 * make port normalisation ambiguous. both: free for UDP too (a lesson's
 * own ports, which its programs bind with TCP or UDP). Returns it, or -1
 * with err set.
 */
static int
free_port_unlike(int type, int both, int *const *taken, int n, char *err)
{
	for (int tries = 0; tries < 64; tries++) {
		int port = net_free_port(type, err), i;

		if (port < 0)
			return -1;
		for (i = 0; i < n && *taken[i] != port; i++)
			;
		if (i == n && (!both || net_port_free(SOCK_DGRAM, port)))
			return port;
	}
	snprintf(err, NET_ERR_LEN, "the kernel kept giving taken ports");
	return -1;
}
int
run_init(struct run *r, const struct run_config *cfg, struct transcript *t,
    char *err, size_t errlen)
{
	char neterr[NET_ERR_LEN];
	int lo, hi;

	memset(r, 0, sizeof *r);
	r->cfg = cfg;
	r->t = t;
	if (cfg->mode == SANDBOX_NETNS) {
		r->port = 50007;
		r->alt_port = 50008;
		r->probe_port[0] = 40001;
		r->probe_port[1] = 40002;
	} else {
		/* Shared loopback: take ports nobody holds right now. */
		int *want[] = { &r->port, &r->alt_port, &r->probe_port[0],
		    &r->probe_port[1] };

		for (int i = 0; i < 4; i++)
			if ((*want[i] = free_port_unlike(i < 2 ? SOCK_STREAM :
			    SOCK_DGRAM, i < 2, want, i, neterr)) < 0) {
				snprintf(err, errlen, "no free port: %s",
				    neterr);
				return -1;
			}
	}
	if ((r->progs = calloc(1, sizeof *r->progs)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(r->port_arg, sizeof r->port_arg, "%d", r->port);
	snprintf(r->alt_port_arg, sizeof r->alt_port_arg, "%d", r->alt_port);
	transcript_setf(t, "note.ports", "server=%d alt=%d probe1=%d probe2=%d",
	    r->port, r->alt_port, r->probe_port[0], r->probe_port[1]);
	/* The ports the kernel draws from here, for normalize_ports(). */
	ephemeral_range(&lo, &hi);
	transcript_setf(t, "note.ephemeral", "%d %d", lo, hi);
	return 0;
}

static void record_memcheck(struct run *r, struct proc *p, int ended);
static int count_descendants(long hostpid, int limit);

/* Record note.inconclusive (run.h), keeping the first reason. */
void
run_inconclusive(struct run *r, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	if (transcript_get(r->t, "note.inconclusive") != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	transcript_setf(r->t, "note.inconclusive", "%s", why);
}

/* Our own PID as /proc sees it (the host's, inside a PID namespace too). */
static long
self_in_proc(void)
{
	char link[32];
	ssize_t n = readlink("/proc/self", link, sizeof link - 1);

	if (n <= 0)
		return -1;
	link[n] = '\0';
	return atol(link);
}

/*
 * A program could not start (errno e, err in words). Whose fault is it? On
 * the reference's run, never the code under test's. Elsewhere, a shortage
 * of processes, memory or descriptors is the host's, unless this run's own
 * programs hold the processes (a fork bomb meets its own limit).
 */
static void
start_failed(struct run *r, const char *label, int driver, int e,
    const char *err)
{
	const char *whose = r->cfg->reference || driver ? "reference " : "";
	long self;

	if (r->cfg->reference) {
		run_inconclusive(r, "the reference %s could not start: %s", label,
		    err);
		return;
	}
	if (e != EAGAIN && e != ENOMEM && e != EMFILE && e != ENFILE)
		return;
	if ((self = self_in_proc()) > 0 && count_descendants(self,
	    FORK_BOMB_PROCESSES) >= FORK_BOMB_PROCESSES)
		return;
	run_inconclusive(r, "the %s%s could not start, for want of system "
	    "resources: %s", whose, label, err);
}

/*
 * For the grader's own tests only: SOCKLAB_TEST_FAULT=eagain:SIDE:PROGRAM
 * (SIDE reference or student) makes every start of that side's PROGRAM
 * under test fail as fork() does when the host runs out of processes
 * (jobs.c also reads a last field, :first-try). Returns -1 with errno
 * EAGAIN and err set when the fault applies, else 0.
 */
static int
test_fault(struct run *r, const char *program, int driver, char *err,
    size_t errlen)
{
	const char *f = getenv("SOCKLAB_TEST_FAULT"), *side, *name;
	size_t len;

	if (f == NULL || driver || strncmp(f, "eagain:", 7) != 0)
		return 0;
	side = r->cfg->reference ? "reference:" : "student:";
	if (strncmp(f + 7, side, strlen(side)) != 0)
		return 0;
	name = f + 7 + strlen(side);
	len = strcspn(name, ":");
	if (len != strlen(program) || strncmp(name, program, len) != 0)
		return 0;
	snprintf(err, errlen, "fork: %s (SOCKLAB_TEST_FAULT)",
	    strerror(EAGAIN));
	errno = EAGAIN;
	return -1;
}

void
run_finish(struct run *r)
{
	for (int i = 0; i < r->progs->n; i++) {
		int ended = proc_poll(&r->progs->procs[i]);

		/* What the run recorded of its end was not observed. */
		if (r->progs->procs[i].lost)
			run_inconclusive(r, "the grader lost the exit status of "
			    "the %s (waitpid: ECHILD)", r->progs->labels[i]);
		proc_stop(&r->progs->procs[i], run_ms(r, 200));
		if (r->progs->memcheck[i])
			record_memcheck(r, &r->progs->procs[i], ended);
	}
	free(r->progs);
	r->progs = NULL;
}

int
run_defaults_usable(const struct run *r)
{
	return r->cfg->mode == SANDBOX_NETNS;
}

int
run_ms(const struct run *r, int ms)
{
	return (int)(ms * (r->cfg->time_scale > 0 ? r->cfg->time_scale : 1));
}

static const char *
label_of(const struct run *r, const struct proc *p)
{
	return r->progs->labels[p - r->progs->procs];
}

static void
note_command(struct run *r, const char *label, const char *program,
    const char *const args[])
{
	struct bytes cmd;
	char key[64];

	bytes_init(&cmd);
	bytes_puts(&cmd, program);
	for (int i = 0; args != NULL && args[i] != NULL; i++) {
		/* Quote arguments with spaces so the line can be pasted. */
		if (strchr(args[i], ' ') != NULL)
			bytes_printf(&cmd, " '%s'", args[i]);
		else
			bytes_printf(&cmd, " %s", args[i]);
	}
	transcript_key(key, sizeof key, label, KEY_COMMAND, 0);
	transcript_set(r->t, key, cmd.data, cmd.len);
	bytes_free(&cmd);
}

/*
 * The environment for a program: ours, with TMPDIR set to its home (the
 * sandbox's /tmp is read-only; valgrind needs a place for its files) and,
 * with a shim, LD_PRELOAD set to it.
 */
static char **
program_environment(const char *home, const char *shim)
{
	static char preload[600], tmpdir[600];
	const char *set[] = { tmpdir, NULL, NULL };

	snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", home);
	if (shim != NULL) {
		snprintf(preload, sizeof preload, "LD_PRELOAD=%s", shim);
		set[1] = preload;
	}
	return proc_environment(set);
}

/*
 * valgrind writes LABEL.vg as the program's user: when that is a guest, the
 * file is created for it, since the scratch directory is ours. Returns 0,
 * or -1 with note.error set.
 */
static int
create_log_for(struct run *r, const char *label)
{
	char path[600];
	int fd;

	if (!privilege_switches(&r->cfg->guest))
		return 0;
	snprintf(path, sizeof path, "%s/%s.vg", r->cfg->work_dir, label);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || fchown(fd, r->cfg->guest.uid, r->cfg->guest.gid) == -1) {
		transcript_setf(r->t, "note.error", "cannot create %s: %s",
		    path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

const char *
run_unavailable(const char *list, const char *program, char *buf, size_t n)
{
	const char *s = list;
	size_t len = strlen(program);

	while (s != NULL && *s != '\0') {
		const char *end = strchr(s, '\n');

		if (end == NULL)
			end = s + strlen(s);
		if ((size_t)(end - s) > len && strncmp(s, program, len) == 0 &&
		    s[len] == ' ') {
			snprintf(buf, n, "%.*s", (int)(end - s - len - 1),
			    s + len + 1);
			return buf;
		}
		s = *end != '\0' ? end + 1 : end;
	}
	return NULL;
}

struct proc *
run_start_ext(struct run *r, const char *program, const char *label,
    const char *const args[], const struct run_extra *x)
{
	const char *bin_dir = x->driver ? r->cfg->ref_bin_dir : r->cfg->bin_dir;
	int under_test = !x->driver && !x->tool;
	char **envp = NULL;
	const char *argv[64];
	char path[512], out[512], errp[512], vglog[560], err[256], key[64];
	char home[600];
	struct limits lim = spawn_student_limits;
	struct proc *p;
	int n = 0;

	if (r->progs->n == RUN_MAX_PROCS)
		abort();
	p = &r->progs->procs[r->progs->n];
	snprintf(r->progs->labels[r->progs->n], sizeof r->progs->labels[0],
	    "%s", label);
	snprintf(r->progs->programs[r->progs->n],
	    sizeof r->progs->programs[0], "%s", program);
	if (x->tool)
		snprintf(path, sizeof path, "%s", program);
	else
		snprintf(path, sizeof path, "%s/%s", bin_dir, program);
	snprintf(out, sizeof out, "%s/%s.out", r->cfg->work_dir, label);
	snprintf(errp, sizeof errp, "%s/%s.err", r->cfg->work_dir, label);
	note_command(r, label, program, args);
	if (under_test && !r->cfg->reference &&
	    run_unavailable(r->cfg->unavailable, program, err,
	    sizeof err) != NULL) {
		if (transcript_get(r->t, "note.unavailable") == NULL)
			transcript_setf(r->t, "note.unavailable", "%s", err);
		transcript_key(key, sizeof key, label, KEY_STATUS, 0);
		transcript_setf(r->t, key, "could not start: %s", err);
		return NULL;
	}
	/*
	 * RLIMIT_NPROC counts every process of the uid: a small cap stops a
	 * fork bomb where the uid is the sandbox's own (a user namespace, or
	 * root's per-sandbox guest); a student's own uid on the shared host
	 * runs far more processes, so there it stays as it is.
	 */
	if (privilege_switches(&r->cfg->guest)) {
		lim.run_as = &r->cfg->guest;
		lim.processes = 64;
	} else if (r->cfg->mode == SANDBOX_NETNS) {
		lim.processes = 64;
	}
	if (x->output_bytes > lim.file_bytes)
		lim.file_bytes = x->output_bytes;
	if (x->shim != NULL && (r->cfg->shim_path == NULL ||
	    r->cfg->shim_name == NULL || strcmp(x->shim, r->cfg->shim_name) != 0)) {
		transcript_setf(r->t, "note.error", "the shim %s is not the "
		    "lesson's, or was not built", x->shim);
		return NULL;
	}
	snprintf(home, sizeof home, "%s/" SANDBOX_HOME, r->cfg->work_dir);
	envp = program_environment(home, x->shim != NULL ? r->cfg->shim_path :
	    NULL);

	if (r->cfg->valgrind && under_test) {
		if (create_log_for(r, label) == -1)
			return NULL;
		snprintf(vglog, sizeof vglog, "--log-file=%s/%s.vg",
		    r->cfg->work_dir, label);
		argv[n++] = r->cfg->valgrind_path != NULL ?
		    r->cfg->valgrind_path : "/usr/bin/valgrind";
		argv[n++] = vglog;
		for (int i = 0; valgrind_args[i] != NULL; i++)
			argv[n++] = valgrind_args[i];
		/* valgrind maps far more memory than the program itself. */
		lim.memory_bytes = 0;
		lim.cpu_seconds *= 4;
	}
	/* valgrind keeps descriptors of its own above the program's. */
	if (x->open_files > 0)
		lim.open_files = x->open_files + (r->cfg->valgrind ?
		    RUN_VALGRIND_FDS : 0);
	if (x->host > 0 && (lim.netns_fd = netlab_host_netns(x->host)) == -1) {
		transcript_key(key, sizeof key, label, KEY_STATUS, 0);
		transcript_setf(r->t, key, "could not start: no LAN host %d",
		    x->host);
		run_inconclusive(r, "LAN host %d was not built", x->host);
		return NULL;
	}
	argv[n++] = path;
	for (int i = 0; args != NULL && args[i] != NULL && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;

	if (test_fault(r, program, x->driver, err, sizeof err) == -1 ||
	    proc_start_env(p, (char *const *)argv, envp, home,
	    x->input, out, errp, &lim, err, sizeof err) == -1) {
		int e = errno;

		transcript_key(key, sizeof key, label, KEY_STATUS, 0);
		transcript_setf(r->t, key, "could not start: %s", err);
		start_failed(r, label, x->driver || x->tool, e, err);
		return NULL;
	}
	r->progs->memcheck[r->progs->n] = r->cfg->valgrind && under_test;
	r->progs->n++;
	return p;
}

struct proc *
run_start(struct run *r, const char *program, const char *label,
    const char *const args[])
{
	static const struct run_extra none;

	return run_start_ext(r, program, label, args, &none);
}

struct proc *
run_start_driver(struct run *r, const char *program, const char *label,
    const char *const args[])
{
	static const struct run_extra driver = { .driver = 1 };
	struct proc *p = run_start_ext(r, program, label, args, &driver);

	/* A driver that cannot start is the grader's problem, not the student's. */
	if (p == NULL)
		transcript_setf(r->t, "note.error", "cannot start the reference "
		    "%s", program);
	return p;
}

struct proc *
run_start_server(struct run *r, const char *label, int defaults)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };

	if (defaults && run_defaults_usable(r))
		return run_start(r, "server", label, NULL);
	return run_start(r, "server", label, args);
}

struct proc *
run_start_ready_server(struct run *r, const char *label, int type,
    int defaults)
{
	struct proc *srv = run_start_server(r, label, defaults);

	if (run_wait_bound(r, srv, label, type, r->port) == -1) {
		run_collect(r, srv);
		return NULL;
	}
	return srv;
}

void
run_scenario_server_ready(struct run *r, int type)
{
	struct proc *srv = run_start_ready_server(r, "server", type, 1);

	if (srv == NULL)
		return;
	(void)run_wait_lines(r, srv, 1, 1000);
	run_collect(r, srv);
}

/* Is inode one of the sockets in v? */
static int
holds(const unsigned long *v, int n, unsigned long inode)
{
	for (int i = 0; i < n; i++)
		if (v[i] == inode)
			return 1;
	return 0;
}

/*
 * Find a socket of type held by p. Inside our own PID namespace /proc shows
 * the host's PIDs, so there we take any socket that is not the grader's own:
 * the namespace holds nothing else.
 */
static int
find_bound(const struct proc *p, int type, int want_port,
    struct sock_entry *found)
{
	static struct sock_entry v[MAX_SOCKETS];
	static unsigned long inodes[MAX_SOCKETS];
	char err[NET_ERR_LEN];
	int in_pidns = getpid() == 1;
	int n = net_list_sockets(type, v, MAX_SOCKETS, err);
	int ni = net_process_sockets(in_pidns ? 0 : p->pid, inodes,
	    MAX_SOCKETS);
	int rc = -1;

	if (n <= 0)
		return -1;
	if (ni < 0)
		ni = 0;
	for (int i = 0; i < n; i++) {
		/*
		 * Port 0: a socket in the middle of bind() (or of a UDP
		 * connect()'s implicit bind), which the kernel has entered in
		 * its table before it set the port that /proc/net shows: on a
		 * busy machine the program may be preempted right there. No
		 * bound socket stays at port 0; look again.
		 */
		if (v[i].inode == 0 || v[i].port == 0)
			continue;
		if (type == SOCK_STREAM && v[i].state != SOCK_STATE_LISTEN)
			continue;
		/* In a PID namespace skip our own; else keep only p's. */
		if (in_pidns == holds(inodes, ni, v[i].inode))
			continue;
		/* Prefer the wanted port; else report the first we see. */
		if (v[i].port == want_port || rc == -1)
			*found = v[i];
		if (v[i].port == want_port)
			return 0;
		rc = 0;
	}
	return rc;
}

/*
 * Once per run, a wait that ran out may last as long again: a program that
 * gets there then was slowed by the machine, and the run is inconclusive.
 * Returns 1 when this wait gets the extra time, 0 when the run had it.
 */
static int
extend_once(struct run *r)
{
	if (r->progs->extended)
		return 0;
	r->progs->extended = 1;
	return 1;
}

static void note_starved(struct run *r, struct proc *p);

int
run_wait_bound(struct run *r, struct proc *p, const char *label, int type,
    int want_port)
{
	return run_wait_bound_within(r, p, label, type, want_port,
	    RUN_START_MS);
}

int
run_wait_bound_within(struct run *r, struct proc *p, const char *label,
    int type, int want_port, int ms)
{
	int64_t deadline = clock_ms() + run_ms(r, ms);
	struct sock_entry s;
	char key[64], how[128];
	int pause_ms = 1, late = 0;

	snprintf(key, sizeof key, "%s.bound", label);
	/* For diagnoses: a stream is read in pieces, a datagram is cut. */
	transcript_note_setf(r->t, label, "socket", "%s", type == SOCK_STREAM ?
	    "tcp" : "udp");
	if (p == NULL) {
		transcript_setf(r->t, key, "nothing: the program did not start");
		return -1;
	}
	for (;;) {
		if (find_bound(p, type, want_port, &s) == 0) {
			transcript_setf(r->t, key, "%s:%d", s.ip, s.port);
			/* Bound, but late: the machine decided the wait. */
			if (late)
				run_inconclusive(r, "the %s was bound only after "
				    "more than %d ms: the machine was too slow",
				    label, run_ms(r, ms));
			return strcmp(s.ip, "127.0.0.1") == 0 &&
			    s.port == want_port ? 0 : -1;
		}
		if (proc_poll(p)) {
			proc_describe(p, how, sizeof how);
			transcript_setf(r->t, key, "nothing: the program %s",
			    how);
			return -1;
		}
		if (clock_left_ms(deadline) == 0) {
			/* Under valgrind a busy machine slows a start most. */
			if (late || !r->progs->memcheck[p - r->progs->procs] ||
			    !(late = extend_once(r)))
				break;
			deadline = clock_ms() + run_ms(r, ms);
		}
		/* Each look at /proc/net costs the kernel a walk of its tables. */
		clock_sleep_ms(pause_ms);
		if (pause_ms < 32)
			pause_ms *= 2;
	}
	note_starved(r, p);
	transcript_setf(r->t, key, "nothing within %d ms (no %s)",
	    run_ms(r, ms) * (late + 1), type == SOCK_STREAM ?
	    "listening TCP socket: was listen() called?" : "bound UDP socket");
	if (r->cfg->reference)
		run_inconclusive(r, "the reference %s was not ready within %d ms",
		    label, run_ms(r, ms));
	return -1;
}

/* What p's listening TCP sockets on port reach (run_wait_listening). */
struct reach {
	char v4[48], v6[48];	/* "any", an address, or "" (none) */
	char sockets[256];	/* each socket, for the report */
	int n;
};

/* Fill w from the kernel's listeners on port that p holds. */
static void
find_listeners(const struct proc *p, int port, struct reach *w)
{
	static struct net_listener v[1024];
	static unsigned long inodes[MAX_SOCKETS];
	char err[NET_ERR_LEN];
	int in_pidns = getpid() == 1;
	int n = net_tcp_listeners(v, 1024, err);
	int ni = net_process_sockets(in_pidns ? 0 : p->pid, inodes,
	    MAX_SOCKETS);
	size_t len = 0;

	memset(w, 0, sizeof *w);
	if (ni < 0)
		ni = 0;
	for (int i = 0; i < n; i++) {
		const struct net_listener *l = &v[i];
		int any = strcmp(l->ip, "0.0.0.0") == 0 ||
		    strcmp(l->ip, "::") == 0;

		if (l->port != port || l->inode == 0 ||
		    in_pidns == holds(inodes, ni, l->inode))
			continue;
		w->n++;
		if (len < sizeof w->sockets)
			len += (size_t)snprintf(w->sockets + len,
			    sizeof w->sockets - len, "%s%s%s%s:%d%s",
			    len > 0 ? ", " : "", l->family == AF_INET6 ? "[" :
			    "", l->ip, l->family == AF_INET6 ? "]" : "", l->port,
			    l->family == AF_INET ? "" : l->v6only ?
			    " (IPV6_V6ONLY)" : " (dual-stack)");
		if (l->family == AF_INET6)
			snprintf(w->v6, sizeof w->v6, "%s", any ? "any" :
			    l->ip);
		if (l->family == AF_INET || (l->family == AF_INET6 &&
		    !l->v6only && any))
			snprintf(w->v4, sizeof w->v4, "%s", any ? "any" :
			    l->ip);
	}
}

int
run_wait_listening(struct run *r, struct proc *p, const char *label,
    int port)
{
	int64_t deadline = clock_ms() + run_ms(r, RUN_START_MS);
	struct reach w;
	char key[64], how[128];
	int pause_ms = 1;

	snprintf(key, sizeof key, "%s.listening", label);
	if (p == NULL) {
		transcript_setf(r->t, key, "nothing: the program did not start");
		return -1;
	}
	for (;;) {
		/* A line printed before this look: every socket listens. */
		int said_ready = run_lines_printed(p) > 0;

		find_listeners(p, port, &w);
		if ((strcmp(w.v4, "any") == 0 && strcmp(w.v6, "any") == 0) ||
		    (w.n > 0 && said_ready) || clock_left_ms(deadline) == 0)
			break;
		if (proc_poll(p)) {
			proc_describe(p, how, sizeof how);
			transcript_setf(r->t, key, "nothing: the program %s",
			    how);
			return -1;
		}
		clock_sleep_ms(pause_ms);
		if (pause_ms < 32)
			pause_ms *= 2;
	}
	transcript_note_setf(r->t, label, "ipv4", "%s", w.v4[0] != '\0' ?
	    w.v4 : "none");
	transcript_note_setf(r->t, label, "ipv6", "%s", w.v6[0] != '\0' ?
	    w.v6 : "none");
	if (w.n > 0)
		transcript_note_setf(r->t, label, "sockets", "%s", w.sockets);
	if (strcmp(w.v4, "any") == 0 && strcmp(w.v6, "any") == 0) {
		transcript_setf(r->t, key, "IPv4 and IPv6 clients, on any "
		    "address, port %d", port);
		return 0;
	}
	if (w.n == 0) {
		transcript_setf(r->t, key, "nothing within %d ms (no listening "
		    "TCP socket on port %d)", run_ms(r, RUN_START_MS), port);
		if (r->cfg->reference)
			run_inconclusive(r, "the reference %s was not listening "
			    "within %d ms", label, run_ms(r, RUN_START_MS));
		return -1;
	}
	transcript_setf(r->t, key, "IPv4 clients: %s; IPv6 clients: %s (%s)",
	    w.v4[0] == '\0' ? "none" : strcmp(w.v4, "any") == 0 ?
	    "any address" : w.v4, w.v6[0] == '\0' ? "none" :
	    strcmp(w.v6, "any") == 0 ? "any address" : w.v6, w.sockets);
	return -1;
}

static int
count_lines(const char *path)
{
	char buf[4096];
	int n = 0;
	ssize_t got;
	FILE *f = fopen(path, "re");

	if (f == NULL)
		return 0;
	while ((got = (ssize_t)fread(buf, 1, sizeof buf, f)) > 0)
		for (ssize_t i = 0; i < got; i++)
			n += buf[i] == '\n';
	fclose(f);
	return n;
}

int
run_wait_lines(struct run *r, struct proc *p, int lines, int timeout_ms)
{
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	int pause_ms = 1;

	if (p == NULL)
		return -1;
	for (;;) {
		if (count_lines(p->out_path) >= lines)
			return 0;
		if (proc_poll(p) || clock_left_ms(deadline) == 0) {
			if (count_lines(p->out_path) >= lines)
				return 0;
			if (r->cfg->reference && p->running)
				run_inconclusive(r, "the reference %s did not print "
				    "%d lines within %d ms", label_of(r, p),
				    lines, run_ms(r, timeout_ms));
			return -1;
		}
		clock_sleep_ms(pause_ms);
		if (pause_ms < 8)
			pause_ms *= 2;
	}
}

/*
 * The scheduler's counts for pid (/proc/PID/schedstat), in ms: time on a
 * CPU, and time ready to run but waiting for one. Returns 0, or -1 when
 * the kernel keeps no such counts.
 */
static int
read_schedstat(long pid, long *on_cpu_ms, long *waiting_ms)
{
	char path[64];
	unsigned long long on_cpu, waiting;
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%ld/schedstat", pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	ok = fscanf(f, "%llu %llu", &on_cpu, &waiting) == 2;
	fclose(f);
	if (!ok)
		return -1;
	*on_cpu_ms = (long)(on_cpu / 1000000);
	*waiting_ms = (long)(waiting / 1000000);
	return 0;
}

/*
 * pid's state letter ('R', 'S'...) and CPU time in ms (user and system),
 * from /proc/PID/stat. Returns 0 or -1.
 */
static int
read_stat(long pid, char *state, long *cpu_ms)
{
	char path[64], line[1024], *end;
	unsigned long utime, stime;
	long ticks = sysconf(_SC_CLK_TCK);
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (ticks <= 0 || (f = fopen(path, "re")) == NULL)
		return -1;
	ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	/* The name may hold spaces and parentheses: skip to the last ')'. */
	if (!ok || (end = strrchr(line, ')')) == NULL ||
	    sscanf(end + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	    "%lu %lu", state, &utime, &stime) != 3)
		return -1;
	*cpu_ms = (long)((utime + stime) * 1000 / (unsigned long)ticks);
	return 0;
}

/*
 * Is p starved of CPU now? Watched for STARVE_WATCH_MS: the time it is
 * seen ready to run (state R), less the CPU time it got, is its wait for
 * a CPU; starved when that is half the time or more. A program blocked in
 * recvfrom() is not ready to run; one that spins gets the CPU it waits
 * for, unless the machine is overloaded. (The kernel's own count of that
 * wait, in schedstat, grows only when the program next gets a CPU: too
 * late for one that gets none.)
 */
#define STARVE_WATCH_MS 100
static int
starved_now(struct proc *p)
{
	long pid = proc_pid_in_proc(p), cpu0, cpu1, waiting, unused, ready = 0;
	int64_t t0 = clock_ms(), last = t0, now;
	char state;

	if (pid <= 0 || read_schedstat(pid, &cpu0, &waiting) == -1)
		return 0;
	while ((now = clock_ms()) - t0 < STARVE_WATCH_MS) {
		if (read_stat(pid, &state, &unused) == 0 && state == 'R')
			ready += (long)(now - last);
		last = now;
		clock_sleep_ms(1);
	}
	if (read_schedstat(pid, &cpu1, &waiting) == -1)
		return 0;
	return ready - (cpu1 - cpu0) >= STARVE_WATCH_MS / 2;
}

/*
 * p, under valgrind, did not end by its deadline: if it is ready to run
 * but waits for a CPU (starved_now), the machine, not the program, keeps
 * it from ending (valgrind's start alone takes a second of CPU): the run
 * is inconclusive. Only under valgrind: on a busy machine a program that
 * spins forever (a classic bug: a loop on a read() that returns 0) is
 * also ready to run and waiting for a CPU most of the time, and must
 * fail; under valgrind the same bug gets its verdict from the run without
 * it. Not when p runs several threads or processes either: then it may
 * starve itself (a fork bomb's processes spin on every CPU).
 */
static void
note_starved(struct run *r, struct proc *p)
{
	if (r->progs->memcheck[p - r->progs->procs] && run_running(p) &&
	    run_count_tasks(r, p) == 1 && starved_now(p))
		run_inconclusive(r, "%s was still running at its deadline, "
		    "ready to run but waiting for a CPU: the machine was too "
		    "busy", label_of(r, p));
}

/*
 * p did not end within ms (scaled): once per run, wait as long again. A
 * program that ends then was slowed by the machine (a busy one slows a
 * start, valgrind's most of all): the run is inconclusive, and 0. One
 * still running is stuck: -1, and the run's other programs get no extra
 * time (unless it was starved: note_starved).
 */
static int
extra_wait(struct run *r, struct proc *p, int ms)
{
	if (!extend_once(r))
		return -1;
	if (proc_wait(p, clock_ms() + ms) == 0) {
		run_inconclusive(r, "%s ended only after more than %d ms: the "
		    "machine was too slow", label_of(r, p), ms);
		return 0;
	}
	note_starved(r, p);
	return -1;
}

int
run_wait_exit(struct run *r, struct proc *p, int timeout_ms)
{
	if (p == NULL)
		return -1;
	if (proc_wait(p, clock_ms() + run_ms(r, timeout_ms)) == 0)
		return 0;
	if (r->cfg->reference)
		run_inconclusive(r, "the reference %s did not end within %d ms",
		    label_of(r, p), run_ms(r, timeout_ms));
	/* Under valgrind on a busy machine even the scaled time may be short. */
	if (r->cfg->valgrind)
		return extra_wait(r, p, run_ms(r, timeout_ms));
	note_starved(r, p);
	return -1;
}

int
run_wait_exit_until(struct run *r, struct proc *p, int64_t deadline)
{
	if (p == NULL)
		return -1;
	if (proc_wait(p, deadline) == 0)
		return 0;
	/* As run_wait_exit: under valgrind, once, as long again. */
	if (r->progs->memcheck[p - r->progs->procs])
		return extra_wait(r, p, (int)(deadline - p->started_ms));
	note_starved(r, p);
	return -1;
}

static void
record_file(struct run *r, const char *key, const char *path)
{
	struct bytes b;
	int truncated;

	bytes_init(&b);
	if (bytes_read_file(&b, path, OUTPUT_CAP, &truncated) == 0 &&
	    truncated)
		bytes_puts(&b, "\n[... output cut]");
	transcript_set(r->t, key, b.data, b.len);
	bytes_free(&b);
}

/*
 * Record the memcheck verdict on p from its valgrind log as
 * note.memcheck.PROGRAM.LABEL, once. ended: p ended by itself, rather than
 * being stopped by the grader (only then do open descriptors count).
 */
static void
record_memcheck(struct run *r, struct proc *p, int ended)
{
	int i = (int)(p - r->progs->procs);
	char path[600], key[96], source[40];
	const char *label = label_of(r, p);
	const char *files[] = { source, NULL };
	struct bytes log, verdict;
	int truncated;

	r->progs->memcheck[i] = 0;
	snprintf(path, sizeof path, "%s/%s.vg", r->cfg->work_dir, label);
	snprintf(key, sizeof key, "note.memcheck.%s.%s", r->progs->programs[i],
	    label);
	snprintf(source, sizeof source, "%s.c", r->progs->programs[i]);
	bytes_init(&log);
	if (bytes_read_file(&log, path, VALGRIND_LOG_CAP, &truncated) == -1) {
		transcript_setf(r->t, key, MEMCHECK_UNCHECKED ": no valgrind "
		    "log: %s", strerror(errno));
		bytes_free(&log);
		return;
	}
	bytes_init(&verdict);
	memcheck_verdict(bytes_str(&log), files,
	    ended && WIFEXITED(p->status), &verdict);
	transcript_set(r->t, key, verdict.data, verdict.len);
	bytes_free(&verdict);
	bytes_free(&log);
}

/*
 * How many descendants the process hostpid has (pids as /proc shows them),
 * counting at most limit: a walk down the children files of its threads.
 */
static int
count_descendants(long hostpid, int limit)
{
	enum { QUEUE_LEN = 256 };
	long queue[QUEUE_LEN];
	int head = 0, tail = 0, count = 0;

	queue[tail++] = hostpid;
	while (head < tail && count < limit) {
		char path[64];
		struct dirent *d;
		DIR *tasks;

		snprintf(path, sizeof path, "/proc/%ld/task", queue[head++]);
		if ((tasks = opendir(path)) == NULL)
			continue;
		while ((d = readdir(tasks)) != NULL && count < limit) {
			char children[128];
			long child;
			FILE *f;

			if (d->d_name[0] == '.')
				continue;
			snprintf(children, sizeof children, "%s/%s/children",
			    path, d->d_name);
			if ((f = fopen(children, "re")) == NULL)
				continue;
			while (count < limit && fscanf(f, "%ld", &child) == 1) {
				count++;
				if (tail < QUEUE_LEN)
					queue[tail++] = child;
			}
			fclose(f);
		}
		closedir(tasks);
	}
	return count;
}

/*
 * How p ended, in words, as its status; a fork bomb still running is named
 * as such (before it is stopped, while its processes can be counted).
 */
static void
describe_end(struct proc *p, char *how, size_t n)
{
	long hostpid;

	(void)proc_poll(p);
	if (p->running && (hostpid = proc_pid_in_proc(p)) > 0 &&
	    count_descendants(hostpid, FORK_BOMB_PROCESSES) >=
	    FORK_BOMB_PROCESSES)
		snprintf(how, n, "tried to create too many processes");
	else
		proc_describe(p, how, n);
}

/*
 * The story of a program that did not end well, in plain words, for the
 * report: note.LABEL.fate. Judging decides whether it matters (a server
 * still running is what the reference does too).
 */
static void
record_fate(struct run *r, struct proc *p, const char *how)
{
	char key[80];
	const char *label = label_of(r, p);
	int64_t ran = clock_ms() - p->started_ms;

	transcript_key(key, sizeof key, label, KEY_FATE, 1);
	if (strcmp(how, "still running") == 0)
		transcript_setf(r->t, key, "timed out after %lld.%lld s: it "
		    "was still running, so the grader stopped it",
		    (long long)(ran / 1000), (long long)(ran % 1000 / 100));
	else if (strncmp(how, "exited", 6) != 0)
		transcript_setf(r->t, key, "%s", how);
}

/* run_collect; as_note: its status and output as notes. */
static void
collect(struct run *r, struct proc *p, int as_note)
{
	char key[80], how[128];
	const char *label;
	int ended;

	if (p == NULL)
		return;
	label = label_of(r, p);
	ended = proc_poll(p);
	describe_end(p, how, sizeof how);
	record_fate(r, p, how);
	if (r->cfg->reference && (strncmp(how, "crashed", 7) == 0 ||
	    strncmp(how, "killed", 6) == 0))
		run_inconclusive(r, "the reference %s %s%s", label,
		    how[0] == 'k' ? "was " : "", how);
	proc_stop(p, run_ms(r, 200));
	transcript_key(key, sizeof key, label, KEY_STATUS, as_note);
	transcript_setf(r->t, key, "%s", how);
	transcript_key(key, sizeof key, label, KEY_STDOUT, as_note);
	record_file(r, key, p->out_path);
	transcript_key(key, sizeof key, label, KEY_STDERR, 1);
	record_file(r, key, p->err_path);
	if (r->progs->memcheck[p - r->progs->procs])
		record_memcheck(r, p, ended);
}

void
run_collect(struct run *r, struct proc *p)
{
	collect(r, p, 0);
}

void
run_collect_notes(struct run *r, struct proc *p)
{
	collect(r, p, 1);
}

void
run_note(struct run *r, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	transcript_addf(r->t, "note.sent", "%s", line);
}

enum socket_wait { WAIT_DRAINED, WAIT_ACCEPTED, WAIT_STATE, WAIT_GONE };

/* Does the TCP table show what w waits for on port? */
static int
sockets_ready(enum socket_wait w, int port, int state)
{
	static struct sock_entry v[MAX_SOCKETS];
	char err[NET_ERR_LEN];
	int n = net_list_sockets(SOCK_STREAM, v, MAX_SOCKETS, err);

	for (int i = 0; i < n; i++) {
		if (v[i].port != port)
			continue;
		if (w == WAIT_STATE && v[i].state == state)
			return 1;
		if (w == WAIT_GONE && v[i].state == state)
			return 0;
		if (v[i].state != SOCK_STATE_ESTABLISHED)
			continue;
		/* A connection still in the accept queue has no inode. */
		if (w == WAIT_ACCEPTED && v[i].inode != 0)
			return 1;
		if (w == WAIT_DRAINED && v[i].rx_queue != 0)
			return 0;
	}
	return w == WAIT_DRAINED || w == WAIT_GONE;
}

/* Wait until the TCP table shows what w waits for, or until deadline. */
static int
wait_sockets(struct run *r, enum socket_wait w, int port, int state,
    int64_t deadline)
{
	int pause_ms = 1;

	while (!sockets_ready(w, port, state)) {
		if (clock_left_ms(deadline) == 0) {
			if (r->cfg->reference)
				run_inconclusive(r, "the reference's sockets on "
				    "port %d did not get there in time (%s)",
				    port, w == WAIT_DRAINED ? "read everything" :
				    w == WAIT_ACCEPTED ? "accepted" :
				    w == WAIT_GONE ? "gone" : "TCP state");
			return -1;
		}
		clock_sleep_ms(pause_ms);
		if (pause_ms < 32)
			pause_ms *= 2;
	}
	return 0;
}

int
run_wait_drained(struct run *r, int port, int timeout_ms)
{
	return wait_sockets(r, WAIT_DRAINED, port, 0,
	    clock_ms() + run_ms(r, timeout_ms));
}

int
run_wait_accepted(struct run *r, int port, int timeout_ms)
{
	return wait_sockets(r, WAIT_ACCEPTED, port, 0,
	    clock_ms() + run_ms(r, timeout_ms));
}

int
run_wait_tcp_state(struct run *r, int port, int state, int timeout_ms)
{
	return wait_sockets(r, WAIT_STATE, port, state,
	    clock_ms() + run_ms(r, timeout_ms));
}

int
run_wait_tcp_gone(struct run *r, int port, int state, int timeout_ms)
{
	return wait_sockets(r, WAIT_GONE, port, state,
	    clock_ms() + run_ms(r, timeout_ms));
}

struct proc *
run_start_input(struct run *r, const char *program, const char *label,
    const char *const args[], const char *input, size_t len)
{
	return run_start_input_ext(r, program, label, args, input, len, NULL);
}

const char *
run_write_file(struct run *r, const char *name, const void *data, size_t len)
{
	static char path[600];
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "%s/%s", r->cfg->work_dir, name);
	f = fopen(path, "we");
	if (f == NULL)
		goto fail;
	/* An empty file may come with data == NULL, which fwrite() must not see. */
	ok = len == 0 || fwrite(data, 1, len, f) == len;
	if (fclose(f) == EOF || !ok)
		goto fail;
	return path;
fail:
	transcript_setf(r->t, "note.error", "cannot write %s: %s", path,
	    strerror(errno));
	return NULL;
}

/*
 * p's PID as /proc sees it. Inside our own PID namespace /proc is the host's,
 * so look among our children for the one whose innermost PID is p's.
 */
static long
proc_pid_in_proc(struct proc *p)
{
	FILE *f;
	long pid, found = -1;

	if (getpid() != 1)
		return p->pid;
	f = fopen("/proc/thread-self/children", "re");
	if (f == NULL)
		return -1;
	while (found == -1 && fscanf(f, "%ld", &pid) == 1) {
		char path[64], line[256];
		FILE *st;

		snprintf(path, sizeof path, "/proc/%ld/status", pid);
		st = fopen(path, "re");
		if (st == NULL)
			continue;
		while (fgets(line, sizeof line, st) != NULL) {
			char *last;

			if (strncmp(line, "NSpid:", 6) != 0)
				continue;
			last = strrchr(line, '\t');
			if (last != NULL && atol(last + 1) == (long)p->pid)
				found = pid;
		}
		fclose(st);
	}
	fclose(f);
	return found;
}

int
run_count_fds(struct run *r, struct proc *p)
{
	char dir[64];
	struct dirent *d;
	long pid;
	DIR *dp;
	int n = 0;

	(void)r;
	if (p == NULL || (pid = proc_pid_in_proc(p)) <= 0)
		return -1;
	snprintf(dir, sizeof dir, "/proc/%ld/fd", pid);
	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((d = readdir(dp)) != NULL)
		n += d->d_name[0] != '.';
	closedir(dp);
	return n;
}

/*
 * Wait until the program at the other end of fd has read every byte we
 * sent, or its socket is gone. Falls back to run_wait_drained() where
 * sock_diag is refused. Returns 0, or -1 at the timeout.
 */
int
run_wait_peer_read(struct run *r, int fd, int timeout_ms)
{
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	struct sockaddr_in remote;
	socklen_t len = sizeof remote;
	long pause_us = 50;
	int nl = net_diag_socket();

	for (;;) {
		long unread = nl == -1 ? -1 : net_peer_unread(nl, fd);
		struct timespec ts;

		if (unread == -1) {
			if (nl != -1)
				close(nl);
			if (getpeername(fd, (struct sockaddr *)&remote,
			    &len) == -1)
				return 0;
			/* deadline is scaled already: not run_wait_drained. */
			return wait_sockets(r, WAIT_DRAINED,
			    ntohs(remote.sin_port), 0, deadline);
		}
		if (unread == 0 || clock_left_ms(deadline) == 0) {
			close(nl);
			if (unread != 0 && r->cfg->reference)
				run_inconclusive(r, "the reference's peer did not "
				    "read what it was sent within %d ms",
				    run_ms(r, timeout_ms));
			return unread == 0 ? 0 : -1;
		}
		ts.tv_sec = 0;
		ts.tv_nsec = pause_us * 1000;
		nanosleep(&ts, NULL);
		if (pause_us < 4000)
			pause_us *= 2;
	}
}

int
run_start_allowance_ms(const struct run *r, const struct proc *p)
{
	return p != NULL && r->progs->memcheck[p - r->progs->procs] ?
	    run_ms(r, RUN_START_MS) : 0;
}

void
run_stop(struct run *r, struct proc *p)
{
	if (p != NULL)
		proc_stop(p, run_ms(r, 200));
}

int
run_running(struct proc *p)
{
	return p != NULL && !proc_poll(p);
}

void
run_describe(struct proc *p, char *buf, size_t n)
{
	if (p == NULL) {
		snprintf(buf, n, "did not start");
		return;
	}
	(void)proc_poll(p);
	proc_describe(p, buf, n);
}

int
run_read_output(struct proc *p, enum run_stream which, struct bytes *b,
    size_t cap)
{
	int truncated;

	if (p == NULL)
		return -1;
	return bytes_read_file(b, which == RUN_STDERR ? p->err_path :
	    p->out_path, cap, &truncated);
}

int
run_lines_printed(struct proc *p)
{
	return p == NULL ? 0 : count_lines(p->out_path);
}

int
run_pause(struct proc *p)
{
	siginfo_t info;

	if (p == NULL || !run_running(p) || kill(-p->pid, SIGSTOP) == -1)
		return -1;
	/* WNOWAIT: an exit is left for proc_poll() to reap. */
	memset(&info, 0, sizeof info);
	while (waitid(P_PID, (id_t)p->pid, &info, WSTOPPED | WEXITED |
	    WNOWAIT) == -1)
		if (errno != EINTR)
			return -1;
	return info.si_code == CLD_STOPPED ? 0 : -1;
}

void
run_resume(struct proc *p)
{
	if (p != NULL && run_running(p))
		(void)kill(-p->pid, SIGCONT);
}

int
run_wait_fd_count(struct run *r, struct proc *p, int want, int timeout_ms)
{
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	int pause_ms = 1;

	for (;;) {
		int n = run_count_fds(r, p);

		if (n == -1 || !run_running(p))
			return -1;
		if (n == want || clock_left_ms(deadline) == 0)
			return n;
		clock_sleep_ms(pause_ms);
		if (pause_ms < 8)
			pause_ms *= 2;
	}
}

void
run_record_reaction(struct run *r, struct proc *p, const char *key,
    int timeout_ms)
{
	struct bytes err;
	char how[128];

	if (p == NULL)
		return;
	if (run_wait_exit(r, p, timeout_ms) == -1) {
		transcript_setf(r->t, key, "still running after %d ms",
		    run_ms(r, timeout_ms));
		return;
	}
	describe_status(p->status, how, sizeof how);
	if (WIFSIGNALED(p->status)) {
		transcript_setf(r->t, key, "%s%s", strncmp(how, "crashed",
		    7) == 0 ? "" : "was ", how);
		return;
	}
	bytes_init(&err);
	(void)run_read_output(p, RUN_STDERR, &err, 4096);
	transcript_setf(r->t, key, "%s, %s", WEXITSTATUS(p->status) != 0 ?
	    "failed (non-zero exit status)" :
	    "exited with status 0 as if it had succeeded", err.len > 0 ?
	    "with a message on stderr" : "without a message on stderr");
	bytes_free(&err);
}

int
run_port_named(const struct transcript *t, const char *name)
{
	struct port_names pn;

	if (port_names_parse(&pn, transcript_str(t, "note.ports")) == -1)
		return -1;
	for (int i = 0; i < pn.n; i++)
		if (strcmp(pn.name[i], name) == 0)
			return pn.port[i];
	return -1;
}

/* run_start_input with the extras x (run.h). */
struct proc *
run_start_input_ext(struct run *r, const char *program, const char *label,
    const char *const args[], const void *input, size_t len,
    const struct run_extra *x)
{
	struct run_extra xi = { 0 };
	char name[48], key[64], *command;
	struct bytes shown;
	struct proc *p;

	if (x != NULL)
		xi = *x;
	snprintf(name, sizeof name, "%s.in", label);
	if ((xi.input = run_write_file(r, name, input, len)) == NULL)
		return NULL;
	p = run_start_ext(r, program, label, args, &xi);
	transcript_key(key, sizeof key, label, KEY_COMMAND, 1);
	command = xstrdup(transcript_str(r->t, key));
	transcript_setf(r->t, key, "%s < %s", command, name);
	free(command);
	bytes_init(&shown);
	escape_bytes(&shown, input, len, 400);
	run_note(r, "%s's standard input: '%s'", label, bytes_str(&shown));
	bytes_free(&shown);
	return p;
}

/* -1 while p runs; its exit status; 128+N after signal N (run.h). */
int
run_exit_code(struct proc *p)
{
	if (!run_running(p) && p != NULL && p->pid > 0) {
		if (WIFEXITED(p->status))
			return WEXITSTATUS(p->status);
		if (WIFSIGNALED(p->status))
			return 128 + WTERMSIG(p->status);
	}
	return -1;
}

/* The TCP lessons' client-connection-refused check (run.h). */
void
run_scenario_client_refused(struct run *r)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct proc *cli;

	run_note(r, "nothing listens on 127.0.0.1:%d", r->port);
	cli = run_start(r, "client", "client", args);
	run_record_reaction(r, cli, "client.reaction", 2000);
	run_collect(r, cli);
}

const char *const *
run_args(struct run *r, const char *const tmpl[], const char *out[], size_t n)
{
	size_t k = 0;

	for (size_t i = 0; tmpl[i] != NULL && k + 2 < n; i++) {
		int address = strcmp(tmpl[i], RUN_ARG_ADDRESS) == 0;

		if (strcmp(tmpl[i], RUN_ARG_NONE) == 0)
			continue;

		if (address && run_defaults_usable(r))
			continue;
		if (address)
			out[k++] = "127.0.0.1";
		out[k++] = address || strcmp(tmpl[i], RUN_ARG_PORT) == 0 ?
		    r->port_arg : strcmp(tmpl[i], RUN_ARG_ALT) == 0 ?
		    r->alt_port_arg : tmpl[i];
	}
	out[k] = NULL;
	return k > 0 ? out : NULL;
}

/* A program that must refuse to run, recorded (run.h). */
void
run_record_refusal(struct run *r, struct proc *p, const char *label,
    const char *what)
{
	struct bytes err;
	char key[KEY_LABEL_MAX + 16];

	if (p == NULL)
		return;
	/* A refusal takes no time: late, it gets one extra wait too. */
	if (run_wait_exit(r, p, 1000) == -1 && extra_wait(r, p, 1000) == -1)
		run_note(r, "%s was still running after %d ms: stopped it",
		    label, run_ms(r, 1000));
	transcript_note_setf(r->t, label, "refusal", "%s", what);
	run_collect(r, p);
	bytes_init(&err);
	(void)run_read_output(p, RUN_STDERR, &err, 4096);
	snprintf(key, sizeof key, "%s.message", label);
	transcript_setf(r->t, key, "%s", err.len > 0 ? "a message on stderr" :
	    "nothing on stderr");
	bytes_free(&err);
}

/* A lesson's bad-arguments check (run.h). */
void
run_scenario_bad_args(struct run *r)
{
	const struct run_bad_args *b = r->arg;
	const char *args[RUN_BAD_ARGS_LEN + 2];
	char label[KEY_LABEL_MAX];

	for (int i = 0; i < RUN_BAD_ARGS_MAX && b->args[i][0] != NULL; i++) {
		if (i == 0)
			snprintf(label, sizeof label, "%s", b->program);
		else
			snprintf(label, sizeof label, "%s%d", b->program,
			    i + 1);
		run_record_refusal(r, run_start(r, b->program, label,
		    run_args(r, b->args[i], args, RUN_BAD_ARGS_LEN + 2)),
		    label, "arguments");
	}
}

/* A server whose port is taken (run.h). */
void
run_scenario_port_taken(struct run *r, int type)
{
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_twin tw;

	if (run_twin_open(r, &tw, type, r->port) == -1)
		return;
	run_note(r, "the grader holds 127.0.0.1:%d (a %s)", r->port,
	    type == SOCK_STREAM ? "listening TCP socket" : "bound UDP socket");
	run_record_refusal(r, run_start(r, "server", "server", args), "server",
	    "port taken");
	run_twin_close(&tw);
}

/* A named pipe for a program's standard input (run.h). */
int
run_input_pipe(struct run *r, const char *name, const char **path)
{
	static char fifo[600];
	int fd;

	snprintf(fifo, sizeof fifo, "%s/%s", r->cfg->work_dir, name);
	/*
	 * Read and write: opening does not wait for a reader, and the program
	 * opened later finds a writer. Only closing this end ends its input.
	 */
	if (mkfifo(fifo, 0600) == -1 ||
	    (fd = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC)) == -1) {
		transcript_setf(r->t, "note.error", "cannot make the pipe %s: "
		    "%s", fifo, strerror(errno));
		return -1;
	}
	*path = fifo;
	return fd;
}

/* The server on another address (run.h). */
struct proc *
run_start_server_at(struct run *r, const char *ip, int type, char *where,
    size_t n)
{
	/* The highest port; without a namespace both sides share the host. */
	const char *port = run_defaults_usable(r) ? "65535" : r->alt_port_arg;
	const char *const args[] = { ip, port, NULL };
	struct proc *srv = run_start(r, "server", "server", args);

	snprintf(where, n, "%s:%s", ip, port);
	if (run_wait_bound(r, srv, "server", type, atoi(port)) == -1 &&
	    strcmp(transcript_str(r->t, "server.bound"), where) != 0) {
		run_collect(r, srv);
		return NULL;
	}
	return srv;
}

/* A server started with a row's arguments (run.h). */
void
run_scenario_server_args(struct run *r, int type)
{
	const char *const *row = r->arg;
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	int port = row[1] != NULL ? atoi(row[1]) : r->port;
	struct proc *srv;

	if (!run_defaults_usable(r))
		port = r->port;
	srv = run_start(r, "server", "server", run_defaults_usable(r) ?
	    row : args);
	if (run_wait_bound(r, srv, "server", type, port) == 0)
		(void)run_wait_lines(r, srv, 1, 1000);
	run_collect(r, srv);
}

/*
 * Does text name call as a word ("socket" in "server: socket: Too many open
 * files", not in "setsockopt")?
 */
static int
named(const char *text, const char *call)
{
	size_t n = strlen(call);

	for (const char *p = text; (p = strstr(p, call)) != NULL; p++)
		if ((p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]))
			return 1;
	return 0;
}

/* A set-up call made to fail (run.h). */
void
run_scenario_setup_fails(struct run *r)
{
	const struct run_setup_fails *f = r->arg;
	const char *args[] = { "127.0.0.1", r->port_arg, NULL };
	struct run_extra x = { .open_files = f->open_files };
	char key[KEY_LABEL_MAX + 16];
	struct bytes err;
	struct proc *p;
	int fd = -1;

	/*
	 * Under valgrind a descriptor limit means another thing (valgrind
	 * keeps some below it), and the reference missed its own outcome
	 * there: both sides leave this check to the grading without it.
	 */
	if (r->cfg->memcheck_grading) {
		run_note(r, "not judged under valgrind");
		return;
	}
	run_note(r, "started %s with at most %d descriptors open", f->program,
	    f->open_files);
	transcript_note_setf(r->t, f->program, "fails", "%s", f->call);
	p = run_start_ext(r, f->program, f->program, args, &x);
	/*
	 * A server that waits in poll() or select() calls accept() only for
	 * a client: connect once it listens (or not at all if it has ended).
	 */
	for (int64_t end = clock_ms() + run_ms(r, RUN_START_MS); fd == -1 &&
	    run_running(p) && clock_left_ms(end) > 0;) {
		if ((fd = run_tcp_connect(r, r->port, 100, NULL)) == -1)
			clock_sleep_ms(10);
	}
	if (fd != -1)
		run_note(r, "connected to it");
	if (run_wait_exit(r, p, 1000) == -1)
		run_note(r, "%s was still running after %d ms: stopped it",
		    f->program, run_ms(r, 1000));
	bytes_init(&err);
	(void)run_read_output(p, RUN_STDERR, &err, 4096);
	snprintf(key, sizeof key, "%s.message", f->program);
	if (err.len == 0)
		transcript_setf(r->t, key, "nothing on stderr");
	else
		transcript_setf(r->t, key, "a message %snaming %s()",
		    named(bytes_str(&err), f->call) ? "" : "not ", f->call);
	bytes_free(&err);
	run_collect(r, p);
	if (fd != -1)
		close(fd);
}

/* How long p has run or waited to run, in ms, or -1 (run.h). */
long
run_busy_ms(struct proc *p)
{
	long pid, on_cpu, waiting;
	char state;

	if (p == NULL || !run_running(p) || (pid = proc_pid_in_proc(p)) <= 0)
		return -1;
	/* The scheduler's own count: on a CPU, and runnable but waiting. */
	if (read_schedstat(pid, &on_cpu, &waiting) == 0)
		return on_cpu + waiting;
	/* Without schedstats: CPU time only, from /proc/PID/stat. */
	return read_stat(pid, &state, &on_cpu) == 0 ? on_cpu : -1;
}

/* How busy p is while idle (run.h). */
void
run_record_idle(struct run *r, struct proc *p, const char *key)
{
	long before = run_busy_ms(p), after;

	clock_sleep_ms(run_ms(r, RUN_IDLE_MS));
	after = run_busy_ms(p);
	if (before == -1 || after == -1) {
		transcript_setf(r->t, key, "unknown: it ended");
		return;
	}
	run_note(r, "waited %d ms with nothing to do", run_ms(r, RUN_IDLE_MS));
	transcript_note_setf(r->t, "busy", "ms", "%ld", after - before);
	if (after - before < run_ms(r, RUN_IDLE_BUSY_MS))
		transcript_setf(r->t, key, "sleeps: busy less than %d ms in "
		    "%d ms", run_ms(r, RUN_IDLE_BUSY_MS), run_ms(r,
		    RUN_IDLE_MS));
	else
		transcript_setf(r->t, key, "busy: it ran or wanted to run "
		    "%ld ms of %d ms with nothing to do", after - before,
		    run_ms(r, RUN_IDLE_MS));
}

/* p's threads plus the processes it started, or -1 (run.h). */
int
run_count_tasks(struct run *r, struct proc *p)
{
	char path[64], line[256];
	long pid;
	int threads = -1;
	FILE *f;

	(void)r;
	if (p == NULL || !run_running(p) || (pid = proc_pid_in_proc(p)) <= 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (threads == -1 && fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "Threads: %d", &threads) != 1)
			threads = -1;
	fclose(f);
	return threads == -1 ? -1 : threads + count_descendants(pid, 64);
}

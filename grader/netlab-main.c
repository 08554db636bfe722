/*
 * netlab: run your own programs by hand under the conditions the grader
 * builds for lessons 08-11, in a network namespace of their own: loss on
 * arrival (nftables), a slow loopback (tbf), a seeded relay, a LAN of
 * hosts. Nothing it does reaches beyond that namespace.
 *
 *   grader/netlab --loss 30% --seed 7 -- ./receiver
 *   grader/netlab --drop-every 10 --rate 1mbit -- sh
 *   grader/netlab --relay drop=100,dup=50,delay=20 --relay-ports 50008:50007
 *   grader/netlab --hosts 3 -- sh      (then: grader/netlab --on 2 -- CMD)
 *   grader/netlab --hosts 2 --name server.lab=2001:db8::12,192.0.2.12 -- sh
 *
 * When the command ends, netlab prints what the kernel counted (packets
 * dropped by the loss rule, receive-buffer drops, the relay's counts, each
 * host's interface) and exits with the command's status.
 */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "names.h"
#include "netlab.h"
#include "relay.h"
#include "run.h"
#include "sandbox.h"
#include "transcript.h"

/* --name: at most this many /etc/hosts lines, each "ADDR NAME". */
#define NAME_LINES_MAX 32
#define NAME_LINE_LEN 320

struct lab_options {
	struct netlab_loss loss;
	int tcp_too;
	const char *rate;
	int relay;
	struct relay_plan plan;
	int hosts;
	int on_host;
	char name_lines[NAME_LINES_MAX][NAME_LINE_LEN];
	const char *names[NAME_LINES_MAX + 1];	/* NULL-ended, for run_hosts */
	int nnames;
};

static void
usage(FILE *out)
{
	fprintf(out,
"usage: grader/netlab [OPTIONS] [-- COMMAND [ARG...]]\n"
"Runs COMMAND (default: your $SHELL) in a network namespace of its own,\n"
"with only a loopback, under the conditions below; then prints what the\n"
"kernel counted. Try lessons 08-11 by hand with it.\n"
"  --loss N%%          drop N%% of the UDP packets that arrive, in a pattern\n"
"                     drawn from --seed (the same seed, the same packets)\n"
"  --drop-every N     drop every Nth UDP packet that arrives instead\n"
"  --port P           only packets to port P (default: any)\n"
"  --tcp              TCP packets too\n"
"  --seed S           the seed of --loss and --relay (default 1)\n"
"  --rate RATE        what leaves lo goes at RATE at most (tc's words:\n"
"                     1mbit, 200kbit), queued at most 100 ms; lo's MTU\n"
"                     becomes an Ethernet's (1500)\n"
"  --relay PLAN       a UDP relay: PLAN is drop=N,dup=N,reorder=N,\n"
"                     corrupt=N (per mille) and delay=MS, comma-separated\n"
"  --relay-ports L:T  the relay listens on 127.0.0.1:L and forwards to\n"
"                     127.0.0.1:T (default 50008:50007)\n"
"  --hosts N          a LAN of N hosts (192.0.2.11...) on a switch;\n"
"                     COMMAND runs on the switch's side, and\n"
"                     grader/netlab --on H -- CMD runs CMD on host H\n"
"  --on H             (inside a lab) run COMMAND on LAN host H\n"
"  --name NAME=ADDR[,ADDR...]\n"
"                     NAME resolves to these addresses, in an /etc/hosts\n"
"                     of the lab's own (on every host); names come from\n"
"                     that file alone, no DNS. Repeat it for more names:\n"
"                     --name server.lab=2001:db8::12,192.0.2.12\n");
}

/* A number in [lo, hi] from text, or -1. */
static long
number(const char *text, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || (*end != '\0' && *end != '%') ||
	    v < lo || v > hi)
		return -1;
	return v;
}

/* drop=N,dup=N,reorder=N,corrupt=N,delay=MS. Returns 0 or -1. */
static int
parse_plan(char *text, struct relay_plan *p)
{
	for (char *save, *item = strtok_r(text, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		long v;

		if (eq == NULL || (v = number(eq + 1, 0, 1000)) == -1)
			return -1;
		*eq = '\0';
		if (strcmp(item, "drop") == 0)
			p->drop = (int)v;
		else if (strcmp(item, "dup") == 0)
			p->duplicate = (int)v;
		else if (strcmp(item, "reorder") == 0)
			p->reorder = (int)v;
		else if (strcmp(item, "corrupt") == 0)
			p->corrupt = (int)v;
		else if (strcmp(item, "delay") == 0)
			p->delay_ms = (int)v;
		else
			return -1;
	}
	return 0;
}

/*
 * --name NAME=ADDR[,ADDR...]: one /etc/hosts line per address, in order.
 * NAME is one word; each ADDR a numeric IPv4 or IPv6 address. Returns 0,
 * or -1 when the text is not that, or there are too many lines.
 */
static int
parse_name(const char *arg, struct lab_options *o)
{
	char text[NAME_LINE_LEN], *eq, *save, *addr;
	int first = o->nnames;

	if (snprintf(text, sizeof text, "%s", arg) >= (int)sizeof text ||
	    (eq = strchr(text, '=')) == NULL || eq == text ||
	    strcspn(text, " \t\n") < (size_t)(eq - text))
		return -1;
	*eq = '\0';
	for (addr = strtok_r(eq + 1, ",", &save); addr != NULL;
	    addr = strtok_r(NULL, ",", &save)) {
		unsigned char bin[sizeof(struct in6_addr)];

		if (o->nnames == NAME_LINES_MAX || (inet_pton(AF_INET, addr,
		    bin) != 1 && inet_pton(AF_INET6, addr, bin) != 1))
			return -1;
		snprintf(o->name_lines[o->nnames], NAME_LINE_LEN, "%s %s", addr,
		    text);
		o->names[o->nnames] = o->name_lines[o->nnames];
		o->nnames++;
	}
	o->names[o->nnames] = NULL;
	return o->nnames > first ? 0 : -1;
}

/* Parse argv into o; returns optind, or -1 after a message. */
static int
parse_options(int argc, char **argv, struct lab_options *o)
{
	static const struct option longs[] = {
		{ "loss", required_argument, NULL, 'l' },
		{ "drop-every", required_argument, NULL, 'e' },
		{ "port", required_argument, NULL, 'p' },
		{ "tcp", no_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "rate", required_argument, NULL, 'r' },
		{ "relay", required_argument, NULL, 'R' },
		{ "relay-ports", required_argument, NULL, 'P' },
		{ "hosts", required_argument, NULL, 'H' },
		{ "on", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, bad = 0;
	long v = 0;

	o->loss.proto = IPPROTO_UDP;
	o->loss.seed = o->plan.seed = 1;
	o->plan.listen_port = 50008;
	o->plan.target_port = 50007;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		switch (c) {
		case 'l': bad = (v = number(optarg, 1, 100)) == -1;
			o->loss.percent = (int)v; break;
		case 'e': bad = (v = number(optarg, 2, 1000)) == -1;
			o->loss.every = (int)v; break;
		case 'p': bad = (v = number(optarg, 1, 65535)) == -1;
			o->loss.port = (int)v; break;
		case 't': o->tcp_too = 1; break;
		case 's': bad = (v = number(optarg, 0, 2147483647)) == -1;
			o->loss.seed = o->plan.seed = (unsigned)v; break;
		case 'r': o->rate = optarg; break;
		case 'R': o->relay = 1;
			bad = parse_plan(optarg, &o->plan) == -1; break;
		case 'P': bad = sscanf(optarg, "%d:%d", &o->plan.listen_port,
			    &o->plan.target_port) != 2; break;
		case 'H': bad = (v = number(optarg, 1, NETLAB_MAX_HOSTS)) == -1;
			o->hosts = (int)v; break;
		case 'o': bad = (v = number(optarg, 1, NETLAB_MAX_HOSTS)) == -1;
			o->on_host = (int)v; break;
		case 'n': bad = parse_name(optarg, o) == -1; break;
		case 'h': usage(stdout); exit(0);
		default: bad = 1;
		}
		if (bad) {
			fprintf(stderr, "netlab: bad option or value%s%s; try "
			    "grader/netlab --help\n", optarg ? ": " : "",
			    optarg ? optarg : "");
			return -1;
		}
	}
	return optind;
}

/* --on H: enter host H of the lab we run in, then become COMMAND. */
static int
run_on_host(int host, char **cmd)
{
	char name[32];
	const char *path;
	int fd;

	snprintf(name, sizeof name, "NETLAB_HOST%d", host);
	path = getenv(name);
	if (path == NULL) {
		fprintf(stderr, "netlab: --on %d: not inside a lab with that "
		    "host; start one with grader/netlab --hosts N -- sh\n",
		    host);
		return 2;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    setns(fd, CLONE_NEWNET) == -1) {
		fprintf(stderr, "netlab: --on %d: %s: %s\n", host, path,
		    strerror(errno));
		return 2;
	}
	close(fd);
	execvp(cmd[0], cmd);
	fprintf(stderr, "netlab: %s: %s\n", cmd[0], strerror(errno));
	return 127;
}

/* Build the conditions in this namespace. Returns 0 or -1. */
static int
build_lab(struct run *r, const struct lab_options *o)
{
	if (system("ip link set lo up") != 0) {
		fprintf(stderr, "netlab: cannot bring lo up (apt-get install "
		    "iproute2)\n");
		return -1;
	}
	if (o->loss.every > 0 || o->loss.percent > 0) {
		struct netlab_loss tcp = o->loss;

		if (netlab_loss(r, 0, &o->loss) == -1)
			return -1;
		tcp.proto = IPPROTO_TCP;
		if (o->tcp_too && netlab_loss(r, 0, &tcp) == -1)
			return -1;
	}
	if (o->rate != NULL && netlab_rate(r, 0, "lo", o->rate, 10000, 100)
	    == -1)
		return -1;
	if (o->hosts > 0 && netlab_lan(r, o->hosts) == -1)
		return -1;
	if (o->relay && relay_start(r, &o->plan) == -1)
		return -1;
	return 0;
}

/* What the kernel counted, to stderr. */
static void
print_counts(struct run *r, const struct lab_options *o)
{
	struct netlab_count dropped, matched;
	struct netlab_stats st;

	if ((o->loss.every > 0 || o->loss.percent > 0) &&
	    netlab_dropped(r, 0, &dropped, &matched) == 0)
		fprintf(stderr, "netlab: the loss rule matched %lld packets and "
		    "dropped %lld\n", (long long)matched.packets,
		    (long long)dropped.packets);
	fprintf(stderr, "netlab: UDP datagrams dropped for a full receive "
	    "buffer: %lld\n", (long long)netlab_rcvbuf_errors(0));
	if (o->relay && relay_stop(r, NULL) == 0)
		fprintf(stderr, "netlab: relay:\n%s\n",
		    transcript_str(r->t, "note.relay"));
	for (int h = 1; h <= o->hosts; h++)
		if (netlab_stats(h, "eth0", &st) == 0)
			fprintf(stderr, "netlab: host %d (%s) eth0: sent %lld "
			    "packets (%lld bytes), received %lld (%lld bytes)\n",
			    h, netlab_host_ip(h), (long long)st.tx_packets,
			    (long long)st.tx_bytes, (long long)st.rx_packets,
			    (long long)st.rx_bytes);
}

/*
 * For --name: a mount namespace of our own, and a scratch directory for
 * run_hosts's files, in $TMPDIR or /tmp (dir: PATH_MAX bytes). Returns 0,
 * or -1 after a message.
 */
static int
names_begin(char *dir)
{
	const char *tmp = getenv("TMPDIR");

	if (sandbox_private_mounts() == -1) {
		fprintf(stderr, "netlab: --name: cannot make a mount namespace: "
		    "%s\n", strerror(errno));
		return -1;
	}
	snprintf(dir, PATH_MAX, "%s/netlab-names.XXXXXX", tmp != NULL &&
	    tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "netlab: --name: %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Once run_hosts has bound its files, remove them and dir: a bound file
 * lives on as long as its mount, so nothing is left behind in /tmp, even
 * when netlab is killed. Returns 0, or -1 after a message.
 */
static int
names_end(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "netlab: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0
		    && unlinkat(dirfd(d), e->d_name, 0) == -1)
			rc = -1;
	closedir(d);
	if (rmdir(dir) == -1)
		rc = -1;
	if (rc == -1)
		fprintf(stderr, "netlab: cannot remove %s: %s\n", dir,
		    strerror(errno));
	return rc;
}

/* --name: run_hosts with the lines, then remove the scratch. 0 or -1. */
static int
bind_names(struct run *r, const struct lab_options *o, const char *dir)
{
	int rc = run_hosts(r, o->names);

	if (names_end(dir) == -1)
		rc = -1;
	return rc;
}

/* Run cmd (or a shell) with the hosts' namespaces named in NETLAB_HOSTn. */
static int
run_command(char **cmd, int hosts)
{
	char *shell[] = { getenv("SHELL") ? getenv("SHELL") : "/bin/sh", NULL };
	int status;
	pid_t pid;

	for (int h = 1; h <= hosts; h++) {
		char name[32], path[64];

		snprintf(name, sizeof name, "NETLAB_HOST%d", h);
		snprintf(path, sizeof path, "/proc/%ld/fd/%d", (long)getpid(),
		    netlab_host_netns(h));
		setenv(name, path, 1);
	}
	if (cmd[0] == NULL)
		cmd = shell;
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		execvp(cmd[0], cmd);
		fprintf(stderr, "netlab: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	if (pid == -1) {
		perror("netlab: fork");
		return 2;
	}
	/* Ctrl-C is for the command; we wait for it to end. */
	signal(SIGINT, SIG_IGN);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    WTERMSIG(status);
}

int
main(int argc, char **argv)
{
	struct lab_options o;
	struct run_config cfg;
	struct transcript t;
	struct run r;
	char err[256], names_dir[PATH_MAX] = "";
	int first, status;

	memset(&o, 0, sizeof o);
	if ((first = parse_options(argc, argv, &o)) == -1)
		return 2;
	if (o.on_host > 0)
		return argv[first] == NULL ? (usage(stderr), 2) :
		    run_on_host(o.on_host, argv + first);
	if (netlab_enter_private() == -1) {
		fprintf(stderr, "netlab: cannot make a network namespace: %s "
		    "(this kernel must allow unprivileged user namespaces: "
		    "sysctl kernel.unprivileged_userns_clone=1)\n",
		    strerror(errno));
		return 2;
	}
	if (o.nnames > 0 && names_begin(names_dir) == -1)
		return 2;
	memset(&cfg, 0, sizeof cfg);
	cfg.mode = SANDBOX_NETNS;
	cfg.time_scale = 1;
	cfg.work_dir = o.nnames > 0 ? names_dir : "/";
	transcript_init(&t);
	if (run_init(&r, &cfg, &t, err, sizeof err) == -1 ||
	    (o.nnames > 0 && bind_names(&r, &o, names_dir) == -1) ||
	    build_lab(&r, &o) == -1) {
		fprintf(stderr, "netlab: %s\n", transcript_str(&t,
		    "note.inconclusive") ? transcript_str(&t,
		    "note.inconclusive") : err);
		transcript_free(&t);
		return 2;
	}
	if (transcript_str(&t, "note.sent") != NULL)
		fprintf(stderr, "netlab: %s\n", transcript_str(&t,
		    "note.sent"));
	status = run_command(argv + first, o.hosts);
	print_counts(&r, &o);
	transcript_free(&t);
	return status;
}

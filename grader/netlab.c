/*
 * netlab.c: real network conditions inside a sandbox (netlab.h).
 *
 * Links, addresses and routes (rtnl.h) and nft scripts (nftables.h) are
 * made in this process, which enters a host's network namespace for a
 * moment and comes back (setns), as it does to read a namespace's /proc/net
 * files or make a socket there: a socket stays in the namespace it was made
 * in. Only tc runs as a command, in a child that has entered the host's
 * namespace. Host namespaces are kept alive by their descriptors alone, so
 * they vanish with the sandbox's process.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "netlab.h"
#include "nftables.h"
#include "rtnl.h"
#include "run.h"
#include "sandbox.h"

/* Descriptors of the namespaces: [0] the sandbox's own, [N] host N. */
static int ns_fd[NETLAB_MAX_HOSTS + 1] = { -1, -1, -1, -1, -1, -1, -1 };
static int lan_hosts;
/* Has host N's nft table been made yet (loss rules are added to it)? */
static int nft_table_made[NETLAB_MAX_HOSTS + 1];

/* The longest a command may take before it is killed. */
#define COMMAND_TIMEOUT_MS 5000
/* The longest a new LAN link may take to carry packets. */
#define LINK_TIMEOUT_MS 3000
/* Loss patterns repeat every LOSS_PERIOD matching packets. */
#define LOSS_PERIOD 1000

int
netlab_enter_private(void)
{
	char map[64];

	if (getuid() == 0)
		return unshare(CLONE_NEWNET);
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)getuid());
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) == -1 ||
	    sandbox_write_proc("/proc/self/uid_map", map) == -1)
		return -1;
	/* gid_map may only be written once setgroups is denied. */
	snprintf(map, sizeof map, "0 %u 1\n", (unsigned)getgid());
	if (sandbox_write_proc("/proc/self/setgroups", "deny") == -1 &&
	    errno != ENOENT)
		return -1;
	return sandbox_write_proc("/proc/self/gid_map", map);
}

int
netlab_usable(const struct run *r)
{
	return r->cfg->mode == SANDBOX_NETNS;
}

int
netlab_host_netns(int host)
{
	if (host < 0 || host > lan_hosts)
		return -1;
	if (host == 0 && ns_fd[0] == -1)
		ns_fd[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	return ns_fd[host];
}

/* Enter host's namespace in this process. Returns 0 or -1. */
static int
enter_host(int host)
{
	int fd = netlab_host_netns(host);

	if (fd == -1 || netlab_host_netns(0) == -1)
		return -1;
	return setns(fd, CLONE_NEWNET);
}

/* Come back to the sandbox's namespace: it must work, or nothing can. */
static void
leave_host(void)
{
	if (setns(ns_fd[0], CLONE_NEWNET) == -1)
		_exit(125);
}

/* Where the tool name is installed (Debian puts them in /usr/sbin). */
static const char *
tool_path(const char *name, char *buf, size_t n)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin",
	    "/bin" };

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(buf, n, "%s/%s", dirs[i], name);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

/* In the child of run_command: enter host, wire pipes, exec. */
static void __attribute__((noreturn))
command_child(int host, const char *path, char *const argv[], int in_fd,
    int out_fd)
{
	if (host > 0 && setns(ns_fd[host], CLONE_NEWNET) == -1)
		_exit(126);
	if (dup2(in_fd, 0) == -1 || dup2(out_fd, 1) == -1 ||
	    dup2(out_fd, 2) == -1)
		_exit(126);
	execv(path, argv);
	_exit(127);
}

/*
 * Read the child's output into out (n bytes, always ended) until it ends
 * or the deadline passes. Returns 0, or -1 at the deadline.
 */
static int
read_output(int fd, char *out, size_t n, int64_t deadline)
{
	size_t len = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - clock_ms();
		char buf[512];
		ssize_t got;

		if (left <= 0)
			return -1;
		if (poll(&pfd, 1, (int)left) == -1 && errno != EINTR)
			return -1;
		got = read(fd, buf, sizeof buf);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			break;
		for (ssize_t i = 0; i < got && len + 1 < n; i++)
			out[len++] = buf[i];
	}
	out[len] = '\0';
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' '))
		out[--len] = '\0';
	return 0;
}

/*
 * Run tool (tc) with args in host's namespace, input on its
 * standard input. out (n bytes) gets what it printed, or why it failed.
 * Returns 0 when it exited with status 0, else -1.
 */
static int
run_command(int host, const char *tool, const char *const args[],
    const char *input, char *out, size_t n)
{
	char path[64], *argv[16];
	int in[2], outp[2], status, argc = 0, timed_out;
	size_t len = input != NULL ? strlen(input) : 0;
	pid_t pid;

	out[0] = '\0';
	if (tool_path(tool, path, sizeof path) == NULL) {
		snprintf(out, n, "%s is not installed (Debian: apt-get install "
		    "iproute2)", tool);
		return -1;
	}
	argv[argc++] = path;
	for (int i = 0; args[i] != NULL && argc < 15; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	if (pipe2(in, O_CLOEXEC) == -1)
		goto fail;
	if (pipe2(outp, O_CLOEXEC) == -1) {
		close(in[0]);
		close(in[1]);
		goto fail;
	}
	pid = fork();
	if (pid == 0)
		command_child(host, path, argv, in[0], outp[1]);
	close(in[0]);
	close(outp[1]);
	/* The scripts are small: they fit in the pipe before it reads. */
	if (pid != -1 && len > 0 && write(in[1], input, len) != (ssize_t)len)
		snprintf(out, n, "writing to %s: %s", tool, strerror(errno));
	close(in[1]);
	if (pid == -1) {
		close(outp[0]);
		goto fail;
	}
	timed_out = read_output(outp[0], out, n, clock_ms() +
	    COMMAND_TIMEOUT_MS) == -1;
	close(outp[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (timed_out)
		snprintf(out, n, "%s did not end within %d ms", tool,
		    COMMAND_TIMEOUT_MS);
	return !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0 ?
	    0 : -1;
fail:
	snprintf(out, n, "cannot run %s: %s", tool, strerror(errno));
	return -1;
}

/* run_command, and on failure mark the run inconclusive with what. */
static int
must_run(struct run *r, int host, const char *what, const char *tool,
    const char *const args[], const char *input)
{
	char out[512];

	if (!netlab_usable(r)) {
		run_inconclusive(r, "%s needs a network namespace", what);
		return -1;
	}
	if (run_command(host, tool, args, input, out, sizeof out) == 0)
		return 0;
	run_inconclusive(r, "the grader could not %s on host %d: %s", what,
	    host, out);
	return -1;
}

/* Run an nft script in host's namespace; out gets why it failed. */
static int
nft_in_host(int host, const char *script, char *out, size_t n)
{
	int rc;

	if (enter_host(host) == -1) {
		snprintf(out, n, "no namespace for host %d: %s", host,
		    strerror(errno));
		return -1;
	}
	rc = nftables_run(script, out, n);
	leave_host();
	return rc;
}

/* nft_in_host, and on failure mark the run inconclusive with what. */
static int
must_nft(struct run *r, int host, const char *what, const char *script)
{
	char out[512];

	if (!netlab_usable(r)) {
		run_inconclusive(r, "%s needs a network namespace", what);
		return -1;
	}
	if (nft_in_host(host, script, out, sizeof out) == 0)
		return 0;
	run_inconclusive(r, "the grader could not %s on host %d: nft: %s",
	    what, host, out);
	return -1;
}

/* A small PRNG (xorshift32): the same seed, the same pattern anywhere. */
static uint32_t
next_random(uint32_t *state)
{
	uint32_t x = *state ? *state : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/*
 * Append to script the vmap of the packets to drop: each everyth, or
 * percent of each LOSS_PERIOD, chosen from seed (partial Fisher-Yates).
 * Returns the numgen modulus.
 */
static int
loss_pattern(const struct netlab_loss *loss, char *script, size_t n)
{
	static short order[LOSS_PERIOD];
	uint32_t state = loss->seed * 2654435761u + 1;
	int k = loss->percent * LOSS_PERIOD / 100;
	size_t len = strlen(script);

	if (loss->every > 0) {
		snprintf(script + len, n - len, "%d : jump lose",
		    loss->every - 1);
		return loss->every;
	}
	for (int i = 0; i < LOSS_PERIOD; i++)
		order[i] = (short)i;
	for (int i = 0; i < k; i++) {
		int j = i + (int)(next_random(&state) % (uint32_t)(LOSS_PERIOD -
		    i));
		short t = order[i];

		order[i] = order[j];
		order[j] = t;
		len += (size_t)snprintf(script + len, len < n ? n - len : 0,
		    "%s%d : jump lose", i ? ", " : "", order[i]);
	}
	return LOSS_PERIOD;
}

int
netlab_loss(struct run *r, int host, const struct netlab_loss *loss)
{
	static char script[32768], map[30000];
	const char *proto = loss->proto == IPPROTO_TCP ? "tcp" : "udp";
	char match[64], head[1024];
	int modulus;

	if (loss->port > 0)
		snprintf(match, sizeof match, "%s dport %d", proto, loss->port);
	else
		snprintf(match, sizeof match, "meta l4proto %s", proto);
	head[0] = '\0';
	if (!nft_table_made[host])
		snprintf(head, sizeof head,
		    "add table inet socklab\n"
		    "add counter inet socklab matched\n"
		    "add counter inet socklab dropped\n"
		    "add chain inet socklab lose\n"
		    "add rule inet socklab lose counter name dropped drop\n"
		    "add chain inet socklab input { type filter hook input "
		    "priority filter; policy accept; }\n");
	map[0] = '\0';
	modulus = loss_pattern(loss, map, sizeof map);
	snprintf(script, sizeof script, "%sadd rule inet socklab input %s "
	    "counter name matched numgen inc mod %d vmap { %s }\n", head,
	    match, modulus, map);
	if (must_nft(r, host, "add the loss rule", script) == -1)
		return -1;
	nft_table_made[host] = 1;
	if (loss->every > 0)
		run_note(r, "loss (host %d): every %dth %s packet to %s dropped "
		    "on arrival (nft: %s numgen inc mod %d)", host, loss->every,
		    proto, loss->port ? "its port" : "any port", match,
		    loss->every);
	else
		run_note(r, "loss (host %d): %d%% of %s packets to %s dropped on "
		    "arrival, pattern from seed %u (nft: %s numgen inc mod %d "
		    "vmap of %d)", host, loss->percent, proto,
		    loss->port ? "its port" : "any port", loss->seed, match,
		    LOSS_PERIOD, loss->percent * LOSS_PERIOD / 100);
	return 0;
}

/* Parse "packets N bytes M" out of nft's listing of a counter. */
static int
parse_counter(const char *text, struct netlab_count *c)
{
	const char *p = strstr(text, "packets ");

	if (p == NULL || sscanf(p, "packets %" SCNd64 " bytes %" SCNd64,
	    &c->packets, &c->bytes) != 2)
		return -1;
	return 0;
}

int
netlab_dropped(struct run *r, int host, struct netlab_count *dropped,
    struct netlab_count *matched)
{
	static const char *const which[2] = { "dropped", "matched" };
	struct netlab_count *into[2] = { dropped, matched };

	for (int i = 0; i < 2; i++) {
		char script[64], out[512];

		if (into[i] == NULL)
			continue;
		snprintf(script, sizeof script, "list counter inet socklab %s",
		    which[i]);
		if (nft_in_host(host, script, out, sizeof out) == -1 ||
		    parse_counter(out, into[i]) == -1) {
			run_inconclusive(r, "the grader could not read the nft "
			    "counter %s on host %d: %s", which[i], host, out);
			return -1;
		}
	}
	return 0;
}

/*
 * The value of field in a /proc/net/snmp-style file: a line of names
 * after prefix, then a line of values after the same prefix; or, for
 * snmp6 (prefix NULL), "NAME VALUE" lines. -1 when absent.
 */
static int64_t
snmp_field(const char *path, const char *prefix, const char *field)
{
	char names[2048], values[2048];
	int64_t v = -1;
	FILE *f = fopen(path, "re");

	if (f == NULL)
		return -1;
	while (fgets(names, sizeof names, f) != NULL) {
		char *save1, *save2, *a, *b;

		if (prefix == NULL) {
			char name[128];
			int64_t x;

			if (sscanf(names, "%127s %" SCNd64, name, &x) == 2 &&
			    strcmp(name, field) == 0)
				v = x;
			continue;
		}
		if (strncmp(names, prefix, strlen(prefix)) != 0 ||
		    fgets(values, sizeof values, f) == NULL)
			continue;
		a = strtok_r(names, " \n", &save1);
		b = strtok_r(values, " \n", &save2);
		while (a != NULL && b != NULL) {
			if (strcmp(a, field) == 0)
				v = strtoll(b, NULL, 10);
			a = strtok_r(NULL, " \n", &save1);
			b = strtok_r(NULL, " \n", &save2);
		}
	}
	fclose(f);
	return v;
}

int64_t
netlab_snmp(int host, const char *proto, const char *field)
{
	size_t n = strlen(proto);
	char name[128];
	int64_t v;

	if (enter_host(host) == -1)
		return -1;
	if (n > 0 && proto[n - 1] == '6') {
		snprintf(name, sizeof name, "%s%s", proto, field);
		v = snmp_field("/proc/self/net/snmp6", NULL, name);
	} else {
		snprintf(name, sizeof name, "%s: ", proto);
		v = snmp_field("/proc/self/net/snmp", name, field);
	}
	leave_host();
	return v;
}

int64_t
netlab_rcvbuf_errors(int host)
{
	int64_t v4 = netlab_snmp(host, "Udp", "RcvbufErrors");
	int64_t v6 = netlab_snmp(host, "Udp6", "RcvbufErrors");

	if (v4 == -1)
		return -1;
	return v4 + (v6 > 0 ? v6 : 0);
}

/* An Ethernet's MTU, for a link behind a rate limit (netlab_rate). */
#define ETHERNET_MTU 1500

/* Set dev's MTU on host; on failure mark the run inconclusive. */
static int
set_mtu(struct run *r, int host, const char *dev, unsigned mtu)
{
	struct rtnl rt;
	int rc, e;

	if (enter_host(host) == -1) {
		run_inconclusive(r, "the grader could not enter host %d: %s",
		    host, strerror(errno));
		return -1;
	}
	rc = rtnl_open(&rt);
	if (rc == 0)
		rc = rtnl_set_mtu(&rt, dev, mtu);
	e = errno;
	rtnl_close(&rt);
	leave_host();
	if (rc == -1)
		run_inconclusive(r, "the grader could not set %s's MTU on host "
		    "%d: %s: %s", dev, host, rt.what, strerror(e));
	return rc;
}

int
netlab_rate(struct run *r, int host, const char *dev, const char *rate,
    int burst_bytes, int latency_ms)
{
	char burst[32], latency[32];
	const char *args[] = { "qdisc", "replace", "dev", dev, "root", "tbf",
	    "rate", rate, "burst", burst, "latency", latency, NULL };

	snprintf(burst, sizeof burst, "%d", burst_bytes);
	snprintf(latency, sizeof latency, "%dms", latency_ms);
	if (set_mtu(r, host, dev, ETHERNET_MTU) == -1 ||
	    must_run(r, host, "limit the link's rate", "tc", args, NULL) == -1)
		return -1;
	run_note(r, "slow link (host %d): %s leaves at %s, burst %d bytes, "
	    "queue at most %d ms (tc qdisc tbf), MTU %d bytes", host, dev,
	    rate, burst_bytes, latency_ms, ETHERNET_MTU);
	return 0;
}

int
netlab_stats(int host, const char *dev, struct netlab_stats *st)
{
	char line[512];
	int found = -1;
	FILE *f;

	if (enter_host(host) == -1)
		return -1;
	f = fopen("/proc/self/net/dev", "re");
	leave_host();
	if (f == NULL)
		return -1;
	while (found == -1 && fgets(line, sizeof line, f) != NULL) {
		char *colon = strchr(line, ':'), *name = line;
		int64_t skip;

		if (colon == NULL)
			continue;
		*colon = '\0';
		while (*name == ' ')
			name++;
		if (strcmp(name, dev) != 0)
			continue;
		if (sscanf(colon + 1, "%" SCNd64 " %" SCNd64 " %" SCNd64
		    " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64
		    " %" SCNd64 " %" SCNd64, &st->rx_bytes, &st->rx_packets,
		    &skip, &skip, &skip, &skip, &skip, &skip, &st->tx_bytes,
		    &st->tx_packets) == 10)
			found = 0;
	}
	fclose(f);
	return found;
}

/* ---- The LAN ---- */

const char *
netlab_host_ip(int host)
{
	static char ip[NETLAB_MAX_HOSTS + 1][16];

	if (host < 1 || host > NETLAB_MAX_HOSTS)
		return "192.0.2.0";
	snprintf(ip[host], sizeof ip[host], "192.0.2.%d", 10 + host);
	return ip[host];
}

const char *
netlab_host_ip6(int host)
{
	static char ip[NETLAB_MAX_HOSTS + 1][24];

	if (host < 1 || host > NETLAB_MAX_HOSTS)
		return "2001:db8::";
	snprintf(ip[host], sizeof ip[host], "2001:db8::%d", 10 + host);
	return ip[host];
}

/* Write text into a /proc/sys file of host's namespace. */
static int
host_sysctl(int host, const char *path, const char *text)
{
	int fd, ok;

	if (enter_host(host) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	leave_host();
	if (fd == -1)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* Does dev carry frames yet in host's namespace (rtnl_link_ready)? */
static int
link_ready(int host, const char *dev)
{
	struct rtnl rt;
	int ready;

	if (enter_host(host) == -1)
		return 0;
	ready = rtnl_open(&rt) == 0 ? rtnl_link_ready(&rt, dev) : -1;
	rtnl_close(&rt);
	leave_host();
	return ready == 1;
}

/*
 * Wait until every link of the LAN carries packets: the kernel turns a
 * new veth's carrier on and its queue a little later (linkwatch), and until then what is sent there is dropped. Returns 0,
 * or -1 at the deadline.
 */
static int
wait_links(struct run *r, int hosts)
{
	int64_t deadline = clock_ms() + run_ms(r, LINK_TIMEOUT_MS);

	for (int h = 1; h <= hosts; h++) {
		char veth[16];

		snprintf(veth, sizeof veth, "veth%d", h);
		while (!link_ready(h, "eth0") || !link_ready(0, veth)) {
			if (clock_ms() > deadline) {
				run_inconclusive(r, "LAN host %d's link was not "
				    "up within %d ms", h, run_ms(r,
				    LINK_TIMEOUT_MS));
				return -1;
			}
			usleep(2000);
		}
	}
	return 0;
}

/* A fresh namespace for host, held by its descriptor. Returns 0 or -1. */
static int
make_host(int host)
{
	if (netlab_host_netns(0) == -1 || unshare(CLONE_NEWNET) == -1)
		return -1;
	ns_fd[host] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	leave_host();
	return ns_fd[host] == -1 ? -1 : 0;
}

/* Host h's eth0 address: 02:00 and its IPv4 address in hex (c0:00:02:0b). */
static void
host_mac(int host, unsigned char *mac)
{
	static const unsigned char base[6] = { 0x02, 0x00, 0xc0, 0x00, 0x02 };

	memcpy(mac, base, sizeof base);
	mac[5] = (unsigned char)(10 + host);
}

/*
 * Host h's port: frames that come in from h go out of the port of the
 * host they are for; a multicast or broadcast frame goes out of every
 * other port. Frames for no host go nowhere. Returns 0 or -1.
 */
static int
forward_from(struct rtnl *rt, int h, int hosts)
{
	static const unsigned char group_bit[6] = { 0x01 };
	static const unsigned char all[6] = { 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff };
	char veth[NETLAB_MAX_HOSTS + 1][16];
	const char *others[NETLAB_MAX_HOSTS];
	int n = 0;

	for (int o = 1; o <= hosts; o++) {
		snprintf(veth[o], sizeof veth[o], "veth%d", o);
		if (o != h)
			others[n++] = veth[o];
	}
	if (n > 0 && rtnl_add_forward(rt, veth[h], 1, group_bit, group_bit,
	    others, n) == -1)
		return -1;
	for (int o = 1; o <= hosts; o++) {
		unsigned char mac[6];
		const char *port = veth[o];

		host_mac(o, mac);
		if (o != h && rtnl_add_forward(rt, veth[h], 1 + o, mac, all,
		    &port, 1) == -1)
			return -1;
	}
	return 0;
}

/*
 * The switch's side, in the sandbox's namespace: each host's veth pair
 * with its eth0 end made in the host, and tc rules that forward between
 * them as a switch would. A Linux bridge would do the same, but the
 * kernel tears a bridge down waiting a whole RCU grace period under its
 * one lock over network devices: with dozens of checks building their
 * LANs at once, each waited for all the others'. No link-local IPv6
 * address anywhere: nothing but what the programs send crosses the LAN
 * (no router solicitations, no DAD). Returns 0, or -1 (errno, rt->what).
 */
static int
build_switch(struct rtnl *rt, int hosts)
{
	for (int h = 1; h <= hosts; h++) {
		char veth[16];
		unsigned char mac[6];

		snprintf(veth, sizeof veth, "veth%d", h);
		host_mac(h, mac);
		if (rtnl_add_veth(rt, veth, "eth0", mac, ns_fd[h]) == -1 ||
		    rtnl_no_addrgen(rt, veth) == -1 ||
		    rtnl_add_clsact(rt, veth) == -1)
			return -1;
	}
	for (int h = 1; h <= hosts; h++) {
		char veth[16];

		snprintf(veth, sizeof veth, "veth%d", h);
		if (forward_from(rt, h, hosts) == -1 ||
		    rtnl_set_up(rt, veth) == -1)
			return -1;
	}
	return 0;
}

/*
 * A host's side, in its namespace: loopback, its addresses, eth0 up, and
 * a route for multicast groups. Returns 0, or -1 (errno, rt->what).
 */
static int
build_host(struct rtnl *rt, int host)
{
	return rtnl_set_up(rt, "lo") == -1 ||
	    rtnl_no_addrgen(rt, "eth0") == -1 ||
	    rtnl_add_addr(rt, "eth0", netlab_host_ip(host), 24,
	    NETLAB_BROADCAST) == -1 ||
	    rtnl_add_addr(rt, "eth0", netlab_host_ip6(host), 64, NULL) == -1 ||
	    rtnl_set_up(rt, "eth0") == -1 ||
	    rtnl_add_route(rt, "eth0", "224.0.0.0", 4) == -1 ? -1 : 0;
}

/*
 * Build host's part of the LAN (host 0: the switch) in its namespace;
 * on failure mark the run inconclusive. Returns 0 or -1.
 */
static int
build_in_host(struct run *r, int host, int hosts)
{
	struct rtnl rt;
	int rc, e;

	if (enter_host(host) == -1) {
		run_inconclusive(r, "the grader could not enter LAN host %d: "
		    "%s", host, strerror(errno));
		return -1;
	}
	rc = rtnl_open(&rt);
	if (rc == 0)
		rc = host == 0 ? build_switch(&rt, hosts) : build_host(&rt, host);
	e = errno;
	rtnl_close(&rt);
	leave_host();
	if (rc == -1)
		run_inconclusive(r, "the grader could not build the LAN on host "
		    "%d: %s: %s", host, rt.what, strerror(e));
	return rc;
}

/*
 * The packets a host's kernel sends of itself (membership reports, router
 * solicitations) go nowhere: the switch floods multicast to every host
 * anyway, and each host's kernel keeps what its sockets joined. Then an
 * interface's counters count only what programs sent, and the same
 * programs give the same counts.
 */
static const char quiet_host[] =
    "add table inet socklab_lan\n"
    "add chain inet socklab_lan out { type filter hook output priority "
    "filter; policy accept; }\n"
    "add rule inet socklab_lan out meta l4proto igmp drop\n"
    "add rule inet socklab_lan out icmpv6 type { mld-listener-report, "
    "mld2-listener-report, mld-listener-done, nd-router-solicit } drop\n";

int
netlab_lan(struct run *r, int hosts)
{
	char range[32];

	if (hosts < 1 || hosts > NETLAB_MAX_HOSTS || lan_hosts > 0) {
		run_inconclusive(r, "a LAN of %d hosts cannot be built", hosts);
		return -1;
	}
	if (!netlab_usable(r)) {
		run_inconclusive(r, "a LAN needs a network namespace");
		return -1;
	}
	for (int h = 1; h <= hosts; h++)
		if (make_host(h) == -1) {
			run_inconclusive(r, "the grader could not make LAN host "
			    "%d: %s", h, strerror(errno));
			return -1;
		}
	lan_hosts = hosts;
	if (build_in_host(r, 0, hosts) == -1)
		return -1;
	snprintf(range, sizeof range, "%d %d\n", SANDBOX_EPHEMERAL_LO,
	    SANDBOX_EPHEMERAL_HI);
	for (int h = 1; h <= hosts; h++) {
		if (must_nft(r, h, "quieten a LAN host", quiet_host) == -1 ||
		    build_in_host(r, h, hosts) == -1)
			return -1;
		/* Ephemeral ports clear of the checks' fixed ports. */
		if (host_sysctl(h, "/proc/sys/net/ipv4/ip_local_port_range",
		    range) == -1) {
			run_inconclusive(r, "LAN host %d: ip_local_port_range: "
			    "%s", h, strerror(errno));
			return -1;
		}
	}
	if (wait_links(r, hosts) == -1)
		return -1;
	run_note(r, "LAN: %d hosts on a switch, %s to %s/24 (broadcast %s) "
	    "and %s to %s/64; hosts send no membership reports (the switch "
	    "floods multicast)", hosts, netlab_host_ip(1), netlab_host_ip(hosts),
	    NETLAB_BROADCAST, netlab_host_ip6(1), netlab_host_ip6(hosts));
	return 0;
}

int
netlab_socket(struct run *r, int host, int family, int type)
{
	int fd, e;

	if (enter_host(host) == -1) {
		run_inconclusive(r, "no LAN host %d for a probe", host);
		return -1;
	}
	fd = socket(family, type | SOCK_CLOEXEC, 0);
	e = errno;
	leave_host();
	if (fd == -1)
		run_inconclusive(r, "a probe on host %d: socket: %s", host,
		    strerror(e));
	return fd;
}

/* ---- Addresses on the sandbox's loopback ---- */

/*
 * Is addr routable now (a UDP socket can connect to it)? The kernel adds
 * an IPv6 address's local route a moment after the address itself (from
 * a work queue, even with nodad): until then a connect() there fails with
 * ENETUNREACH.
 */
static int
routable(const char *addr)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	int v6 = strchr(addr, ':') != NULL, fd, ok;

	a6.sin6_port = a4.sin_port = htons(9);
	if ((v6 ? inet_pton(AF_INET6, addr, &a6.sin6_addr) :
	    inet_pton(AF_INET, addr, &a4.sin_addr)) != 1)
		return 0;
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return 0;
	ok = (v6 ? connect(fd, (struct sockaddr *)&a6, sizeof a6) :
	    connect(fd, (struct sockaddr *)&a4, sizeof a4)) == 0;
	close(fd);
	return ok;
}

int
netlab_lo_addresses(struct run *r, const char *const addrs[])
{
	static const char *const batch[] = { "-batch", "-", NULL };
	char script[1024];
	size_t len = 0;

	for (size_t i = 0; addrs[i] != NULL && len < sizeof script; i++)
		len += (size_t)snprintf(script + len, sizeof script - len,
		    strchr(addrs[i], ':') != NULL ?
		    "addr add %s/128 dev lo nodad noprefixroute\n" :
		    "addr add %s/32 dev lo\n",
		    addrs[i]);
	if (len == 0 || len >= sizeof script) {
		run_inconclusive(r, "the check gave no address, or too many, "
		    "for the loopback");
		return -1;
	}
	if (must_run(r, 0, "add addresses to the loopback", "ip", batch,
	    script) == -1)
		return -1;
	for (size_t i = 0; addrs[i] != NULL; i++) {
		int64_t deadline = clock_ms() + run_ms(r, LINK_TIMEOUT_MS);

		while (!routable(addrs[i])) {
			if (clock_ms() > deadline) {
				run_inconclusive(r, "the address %s added to lo "
				    "had no route within %d ms", addrs[i],
				    run_ms(r, LINK_TIMEOUT_MS));
				return -1;
			}
			usleep(1000);
		}
		run_note(r, "address %s added to lo (ip addr add)", addrs[i]);
	}
	return 0;
}

int
netlab_tcp_unreachable(struct run *r, const char *addr, const char *src)
{
	int v6 = strchr(addr, ':') != NULL;
	const char *const batch[] = { v6 ? "-6" : "-4", "-batch", "-", NULL };
	const char *bits = v6 ? "128" : "32";
	char script[512];

	snprintf(script, sizeof script,
	    "route add %s/%s dev lo src %s\n"
	    "rule add ipproto tcp to %s/%s unreachable pref 100\n",
	    addr, bits, src, addr, bits);
	if (must_run(r, 0, "make an address unreachable", "ip", batch,
	    script) == -1)
		return -1;
	run_note(r, "a TCP connect() to %s fails at once with 'Network is "
	    "unreachable' (ip rule ... ipproto tcp unreachable), though a "
	    "route from %s makes getaddrinfo() rank it as reachable", addr,
	    src);
	return 0;
}

/* ---- Packets on the wire ---- */

void
netlab_wire_begin(struct netlab_wire *w)
{
	w->ok = netlab_stats(0, "lo", &w->lo) == 0;
}

void
netlab_wire_note(struct run *r, const struct netlab_wire *w)
{
	struct netlab_stats now;

	if (!netlab_usable(r) || !w->ok || netlab_stats(0, "lo", &now) == -1)
		return;
	/* On lo every packet is sent and received once: count it once. */
	long long packets = now.tx_packets - w->lo.tx_packets;

	transcript_addf(r->t, "note.wire", "lo: %lld packet%s, %lld bytes",
	    packets, packets == 1 ? "" : "s",
	    (long long)(now.tx_bytes - w->lo.tx_bytes));
	for (int h = 1; h <= lan_hosts; h++)
		if (netlab_stats(h, "eth0", &now) == 0)
			transcript_addf(r->t, "note.wire", "host %d (%s) eth0: "
			    "sent %lld packets (%lld bytes), received %lld "
			    "(%lld bytes)", h, netlab_host_ip(h),
			    (long long)now.tx_packets, (long long)now.tx_bytes,
			    (long long)now.rx_packets, (long long)now.rx_bytes);
}

void
netlab_close(void)
{
	for (int h = 0; h <= NETLAB_MAX_HOSTS; h++) {
		if (ns_fd[h] != -1)
			close(ns_fd[h]);
		ns_fd[h] = -1;
		nft_table_made[h] = 0;
	}
	lan_hosts = 0;
}

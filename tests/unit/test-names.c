/*
 * test-names.c: a check's own /etc/hosts (names.h). Inside a sandbox job,
 * after run_hosts, getaddrinfo() answers from the check's lines alone, in
 * the order glibc sorts them, and a program the check starts sees them;
 * outside a mount namespace of its own run_hosts refuses, and the host's
 * files are never touched. The glibc facts names.h states are the
 * test_order_*, test_addrconfig_* and test_unknown_name tests here.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "bytes.h"
#include "names.h"
#include "netlab.h"
#include "run.h"
#include "sandbox.h"
#include "transcript.h"

#define V6 "2001:db8::12 server.lab"
#define V4 "192.0.2.12 server.lab"

static enum sandbox_mode mode;
static char tmp[PATH_MAX], bin[PATH_MAX + 8], scratch[PATH_MAX + 16];

/* What a job does in its sandbox, and what it asks getaddrinfo(). */
struct names_case {
	const char *lines[4];	/* run_hosts's lines (NULL-ended) */
	const char *again[4];	/* a second call's, or none */
	const char *name;	/* the name looked up */
	int family;		/* hints.ai_family; NO_HINTS: hints NULL */
	int flags;		/* hints.ai_flags */
	int program;		/* also start a program that prints the file */
	/*
	 * Where the lookups run: LO_BOTH adds both addresses to lo; NSCD
	 * fakes an nscd socket (in a tmpfs over /run) for run_hosts to hide.
	 */
	enum { HERE, LAN, LAN_V4_ONLY, LO_BOTH, NSCD } where;
};

#define NO_HINTS (-1)

static int have_tools;	/* ip and nft work in a sandbox (netlab.h) */

/*
 * ms, stretched by SOCKLAB_TEST_TIME_SCALE (tests/check-valgrind sets 10):
 * under memcheck a sandbox starts many times slower.
 */
static int
slow(int ms)
{
	const char *scale = getenv("SOCKLAB_TEST_TIME_SCALE");

	return scale != NULL && atoi(scale) > 1 ? ms * atoi(scale) : ms;
}

/* Write an executable shell script bin/name running body. */
static void
program(const char *name, const char *body)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", bin, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "#!/bin/sh\n%s\n", body);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

static void
setup(void)
{
	const char *dir = getenv("TMPDIR");
	char why[256];

	mode = sandbox_detect(why, sizeof why);
	snprintf(tmp, sizeof tmp, "%s/socklab-names.XXXXXX",
	    dir != NULL && dir[0] != '\0' ? dir : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(bin, sizeof bin, "%s/bin", tmp);
	snprintf(scratch, sizeof scratch, "%s/scratch", tmp);
	ck_assert_int_eq(mkdir(bin, 0755), 0);
	ck_assert_int_eq(mkdir(scratch, 0755), 0);
	program("printer", "exec cat /etc/hosts");
	/* Sandboxes killed at a deadline come back to us to be reaped. */
	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL), 0);
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

/* A run of the engine in this process, in the given mode. */
static void
run_open(struct run *r, struct run_config *cfg, struct transcript *t,
    enum sandbox_mode m)
{
	char err[256];

	memset(cfg, 0, sizeof *cfg);
	cfg->bin_dir = cfg->ref_bin_dir = bin;
	cfg->work_dir = scratch;
	cfg->mode = m;
	cfg->time_scale = 1;
	cfg->guest.uid = (uid_t)-1;
	cfg->guest.gid = (gid_t)-1;
	transcript_init(t);
	ck_assert_int_eq(run_init(r, cfg, t, err, sizeof err), 0);
}

/* Append "gai=RC ADDR..." : what getaddrinfo() gave for c, in order. */
static void
resolve(const struct names_case *c, struct bytes *out)
{
	struct addrinfo hints, *res, *ai;
	int rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = c->family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = c->flags;
	rc = getaddrinfo(c->name, NULL, c->family == NO_HINTS ? NULL : &hints,
	    &res);
	bytes_printf(out, "gai=%d", rc);
	for (ai = rc == 0 ? res : NULL; ai != NULL; ai = ai->ai_next) {
		char ip[INET6_ADDRSTRLEN];
		const void *a = ai->ai_family == AF_INET6 ?
		    (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr
		    : (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr;

		bytes_printf(out, " %s", inet_ntop(ai->ai_family, a, ip,
		    sizeof ip));
	}
	bytes_puts(out, "\n");
	if (rc == 0)
		freeaddrinfo(res);
}

/* Append what the program the check started printed (the file it saw). */
static void
start_printer(struct run *r, int host, struct bytes *out)
{
	struct run_extra x = { .host = host };
	struct proc *p = run_start_ext(r, "printer", "printer", NULL, &x);

	bytes_puts(out, "program=");
	if (p != NULL && run_wait_exit(r, p, slow(5000)) == 0)
		(void)run_read_output(p, RUN_STDOUT, out, 4096);
	bytes_puts(out, "\n");
}

/*
 * For c->where LAN: build a LAN of one host (192.0.2.11, 2001:db8::11) and
 * move this process into its network namespace, where both families are
 * configured; LAN_V4_ONLY: then take its IPv6 address away. Returns the
 * host (0: here).
 */
static int
go_to_lan(struct run *r, const struct names_case *c, struct bytes *out)
{
	if (c->where == HERE)
		return 0;
	if (c->where == NSCD) {
		bytes_printf(out, "nscd=%d\n", mount("socklab", "/run", "tmpfs",
		    0, "size=64k") == -1 || mkdir("/run/nscd", 0755) == -1 ||
		    creat("/run/nscd/socket", 0644) == -1 ? -1 : 0);
		return 0;
	}
	if (c->where == LO_BOTH) {
		bytes_printf(out, "lo=%d\n", system("ip addr add 192.0.2.12/32 "
		    "dev lo && ip addr add 2001:db8::12/128 dev lo nodad"));
		return 0;
	}
	bytes_printf(out, "lan=%d\n", netlab_lan(r, 1));
	if (setns(netlab_host_netns(1), CLONE_NEWNET) == -1)
		bytes_puts(out, "setns failed\n");
	if (c->where == LAN_V4_ONLY)
		bytes_printf(out, "v4only=%d\n", system("ip -6 addr del "
		    "2001:db8::11/64 dev eth0"));
	return 1;
}

/* Append "nss=LINE" for each hosts line of /etc/nsswitch.conf. */
static void
nsswitch_hosts_lines(struct bytes *out)
{
	FILE *f = fopen("/etc/nsswitch.conf", "re");
	char line[1024];

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "hosts:", 6) == 0)
			bytes_printf(out, "nss=%s", line);
	fclose(f);
}

/*
 * Append "connect6=REFUSED" when a TCP connect to [2001:db8::12]:50007,
 * where nothing listens, is refused, else what happened (strerror).
 */
static void
connect_v6(struct bytes *out)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), rc;

	a.sin6_port = htons(50007);
	(void)inet_pton(AF_INET6, "2001:db8::12", &a.sin6_addr);
	rc = fd == -1 ? -1 : connect(fd, (struct sockaddr *)&a, sizeof a);
	bytes_printf(out, "connect6=%s\n", rc == 0 ? "connected" :
	    errno == ECONNREFUSED ? "REFUSED" : strerror(errno));
	if (fd != -1)
		close(fd);
}

/* The job: run_hosts (twice if asked), then look c's name up. */
static int
names_job(void *arg, int fd)
{
	const struct names_case *c = arg;
	struct run_config cfg;
	struct transcript t;
	struct run r;
	struct bytes out;
	const char *s;
	int host;

	bytes_init(&out);
	run_open(&r, &cfg, &t, SANDBOX_NETNS);
	host = go_to_lan(&r, c, &out);
	bytes_printf(&out, "hosts=%d\n", run_hosts(&r, c->lines));
	if (c->again[0] != NULL)
		bytes_printf(&out, "again=%d\n", run_hosts(&r, c->again));
	resolve(c, &out);
	if (c->where == NSCD)
		bytes_printf(&out, "socket=%s\n", access("/var/run/nscd/socket",
		    F_OK) == 0 ? "visible" : strerror(errno));
	connect_v6(&out);
	nsswitch_hosts_lines(&out);
	if (c->program)
		start_printer(&r, host, &out);
	s = transcript_str(&t, "note.sent");
	bytes_printf(&out, "sent=%s\n", s != NULL ? s : "");
	s = transcript_str(&t, "note.inconclusive");
	bytes_printf(&out, "inconclusive=%s\n", s != NULL ? s : "");
	run_finish(&r);
	netlab_close();
	transcript_free(&t);
	(void)bytes_write_fd(&out, fd);
	bytes_free(&out);
	return 0;
}

/*
 * Run c in a sandbox job and return what it wrote (the caller frees it),
 * or NULL when this system gives sandboxes no network namespace.
 */
static char *
in_sandbox(const struct names_case *c)
{
	struct sandbox_job job;
	char *text;

	if (mode != SANDBOX_NETNS) {
		fprintf(stderr, "test-names: no network namespace here: "
		    "sandbox tests skipped\n");
		return NULL;
	}
	memset(&job, 0, sizeof job);
	job.fn = names_job;
	job.arg = (void *)c;
	job.timeout_ms = slow(10000);
	job.scratch_dir = scratch;
	bytes_init(&job.result);
	ck_assert_int_eq(sandbox_run_all(&job, 1, 1, mode), 0);
	ck_assert_msg(!job.timed_out, "the job did not end");
	ck_assert_msg(job.error[0] == '\0', "sandbox: %s", job.error);
	ck_assert_int_eq(WIFEXITED(job.status) && WEXITSTATUS(job.status) ==
	    0, 1);
	text = xstrdup(bytes_str(&job.result));
	bytes_free(&job.result);
	return text;
}

/* Does the job's output hold line (a whole line)? */
static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' ||
		    p[n] == '\0'))
			return 1;
	return 0;
}

/* Run c and check that its lookup gave want ("gai=0 ADDR ADDR"). */
static void
expect_lookup(const struct names_case *c, const char *want)
{
	char *text = in_sandbox(c);

	if (text == NULL)
		return;
	ck_assert_msg(has_line(text, "hosts=0"), "run_hosts failed:\n%s",
	    text);
	ck_assert_msg(c->where == HERE || has_line(text, c->where == LO_BOTH ?
	    "lo=0" : c->where == NSCD ? "nscd=0" : "lan=0"), "%s", text);
	ck_assert_msg(c->where != LAN_V4_ONLY || has_line(text, "v4only=0"),
	    "%s", text);
	ck_assert_msg(has_line(text, want), "wanted %s, got:\n%s", want, text);
	free(text);
}

START_TEST(test_order_v6_listed_first)
{
	struct names_case c = { { V6, V4, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 0, HERE };

	expect_lookup(&c, "gai=0 2001:db8::12 192.0.2.12");
}
END_TEST

/* Without addresses of their own, the names lead nowhere: no route. */
START_TEST(test_unreachable_without_addresses)
{
	struct names_case c = { { V6, V4, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 0, HERE };
	char *text = in_sandbox(&c);

	if (text == NULL)
		return;
	ck_assert_msg(has_line(text, "connect6=Network is unreachable"), "%s",
	    text);
	free(text);
}
END_TEST

/*
 * Listed second, IPv6 still comes first: with only a loopback neither
 * address is reachable, and RFC 3484's precedence (rule 6) puts ::/0
 * (40) before IPv4 (10). The file's order does not decide.
 */
START_TEST(test_order_v4_listed_first)
{
	struct names_case c = { { V4, V6, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 0, HERE };

	expect_lookup(&c, "gai=0 2001:db8::12 192.0.2.12");
}
END_TEST

/* Two addresses of one family keep the file's order (no rule tells). */
START_TEST(test_order_same_family_as_listed)
{
	struct names_case c = { { "192.0.2.13 server.lab", V4, NULL },
	    { NULL }, "server.lab", AF_INET, 0, 0, HERE };

	expect_lookup(&c, "gai=0 192.0.2.13 192.0.2.12");
}
END_TEST

/* With AF_UNSPEC, AI_ADDRCONFIG hides nothing in a loopback-only net. */
START_TEST(test_addrconfig_unspec_keeps_both)
{
	struct names_case c = { { V4, V6, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, AI_ADDRCONFIG, 0, HERE };

	expect_lookup(&c, "gai=0 2001:db8::12 192.0.2.12");
}
END_TEST

/*
 * With AF_INET (or AF_INET6), AI_ADDRCONFIG finds no configured address
 * of the family (the loopback's do not count): EAI_NONAME, even for
 * localhost.
 */
START_TEST(test_addrconfig_one_family_finds_nothing)
{
	struct names_case c = { { V4, V6, NULL }, { NULL }, "server.lab",
	    AF_INET, AI_ADDRCONFIG, 0, HERE };
	char want[32];

	snprintf(want, sizeof want, "gai=%d", EAI_NONAME);
	expect_lookup(&c, want);
	c.family = AF_INET6;
	expect_lookup(&c, want);
	c.family = AF_INET;
	c.name = "localhost";
	expect_lookup(&c, want);
	c.name = "127.0.0.1";
	expect_lookup(&c, want);
	c.name = "localhost";
	/* Without it: both localhost lines, ::1 read as 127.0.0.1. */
	c.flags = 0;
	expect_lookup(&c, "gai=0 127.0.0.1 127.0.0.1");
}
END_TEST

/*
 * Hints NULL: AF_UNSPEC with AI_ADDRCONFIG (nothing filtered here), and
 * every socket type: each address three times (stream, datagram, raw).
 */
START_TEST(test_addrconfig_null_hints)
{
	struct names_case c = { { V4, V6, NULL }, { NULL }, "server.lab",
	    NO_HINTS, 0, 0, HERE };

	expect_lookup(&c, "gai=0 2001:db8::12 2001:db8::12 2001:db8::12 "
	    "192.0.2.12 192.0.2.12 192.0.2.12");
}
END_TEST

/*
 * A name in no line: EAI_NONAME, not EAI_AGAIN, at once (files is the
 * only source; the job's deadline is the bound, not a timing).
 */
START_TEST(test_unknown_name)
{
	struct names_case c = { { V6, V4, NULL }, { NULL }, "nosuch.lab",
	    AF_UNSPEC, 0, 0, HERE };
	char want[32];

	snprintf(want, sizeof want, "gai=%d", EAI_NONAME);
	expect_lookup(&c, want);
}
END_TEST

/* A second call replaces the lines; the localhost lines stay. */
START_TEST(test_second_call_replaces)
{
	struct names_case c = { { V6, V4, NULL },
	    { "192.0.2.99 server.lab", NULL }, "server.lab", AF_UNSPEC, 0, 1, HERE };
	char *text = in_sandbox(&c);

	if (text == NULL)
		return;
	ck_assert_msg(has_line(text, "again=0"), "%s", text);
	ck_assert_msg(has_line(text, "gai=0 192.0.2.99"), "%s", text);
	ck_assert_msg(strstr(text, "program=127.0.0.1\tlocalhost\n"
	    "::1\tlocalhost ip6-localhost ip6-loopback\n"
	    "192.0.2.99 server.lab\n\n") != NULL, "%s", text);
	free(text);
}
END_TEST

/* The program the check starts sees the lines; the report shows them. */
START_TEST(test_program_sees_lines_and_report_shows_them)
{
	struct names_case c = { { V6, V4, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 1, HERE };
	char *text = in_sandbox(&c);

	if (text == NULL)
		return;
	ck_assert_msg(strstr(text, "program=127.0.0.1\tlocalhost\n"
	    "::1\tlocalhost ip6-localhost ip6-loopback\n" V6 "\n" V4 "\n") !=
	    NULL, "%s", text);
	ck_assert_msg(strstr(text, "sent=/etc/hosts: " V6 "\n/etc/hosts: " V4
	    "\n") != NULL, "%s", text);
	ck_assert_msg(has_line(text, "inconclusive="), "%s", text);
	/* One hosts line, files alone: no lookup leaves the sandbox. */
	ck_assert_msg(has_line(text, "nss=hosts: files"), "%s", text);
	ck_assert_ptr_null(strstr(strstr(text, "nss=") + 1, "nss="));
	free(text);
}
END_TEST

/*
 * On a LAN host both families are configured and reachable: IPv6 still
 * comes first (rule 6), and AI_ADDRCONFIG keeps both families; a program
 * started on the host sees the check's lines too (one mount namespace).
 */
START_TEST(test_order_on_lan_host)
{
	struct names_case c = { { V4, V6, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 1, LAN };
	char *text;

	if (!have_tools)
		return;
	expect_lookup(&c, "gai=0 2001:db8::12 192.0.2.12");
	c.family = AF_INET;
	c.flags = AI_ADDRCONFIG;
	expect_lookup(&c, "gai=0 192.0.2.12");
	if ((text = in_sandbox(&c)) == NULL)
		return;
	ck_assert_msg(strstr(text, "\n" V4 "\n" V6 "\n") != NULL, "%s", text);
	free(text);
}
END_TEST

/*
 * On a host with an IPv4 address alone, the IPv6 destination has no
 * route: IPv4 comes first (rule 1), and AI_ADDRCONFIG drops IPv6.
 */
START_TEST(test_order_on_ipv4_only_host)
{
	struct names_case c = { { V6, V4, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 0, LAN_V4_ONLY };

	if (!have_tools)
		return;
	expect_lookup(&c, "gai=0 192.0.2.12 2001:db8::12");
	c.flags = AI_ADDRCONFIG;
	expect_lookup(&c, "gai=0 192.0.2.12");
}
END_TEST

/*
 * A check can put both addresses on the sandbox's own loopback: then both
 * families count for AI_ADDRCONFIG (only 127.0.0.1 and ::1 do not), IPv6
 * comes first, and a connect to it with nothing listening is refused at
 * once: "IPv6 first and refused, IPv4 second".
 */
START_TEST(test_order_addresses_on_lo)
{
	struct names_case c = { { V4, V6, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, AI_ADDRCONFIG, 0, LO_BOTH };
	char *text;

	if (!have_tools)
		return;
	expect_lookup(&c, "gai=0 2001:db8::12 192.0.2.12");
	c.family = AF_INET;
	expect_lookup(&c, "gai=0 192.0.2.12");
	if ((text = in_sandbox(&c)) == NULL)
		return;
	ck_assert_msg(has_line(text, "lo=0"), "%s", text);
	ck_assert_msg(has_line(text, "connect6=REFUSED"), "%s", text);
	free(text);
}
END_TEST

/* An nscd's socket is hidden: no daemon answers from the host's files. */
START_TEST(test_nscd_hidden)
{
	struct names_case c = { { V6, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 0, NSCD };

	expect_lookup(&c, "socket=No such file or directory");
}
END_TEST

/* The host's files are the same after a sandbox bound its own. */
START_TEST(test_host_files_untouched)
{
	static const char *const files[] = { "/etc/hosts",
	    "/etc/nsswitch.conf", "/etc/gai.conf" };
	struct names_case c = { { V6, V4, NULL }, { NULL }, "server.lab",
	    AF_UNSPEC, 0, 0, HERE };
	struct bytes before[3], after;
	int trunc;
	char *text;

	for (size_t i = 0; i < 3; i++) {
		bytes_init(&before[i]);
		(void)bytes_read_file(&before[i], files[i], 1 << 20, &trunc);
	}
	text = in_sandbox(&c);
	free(text);
	for (size_t i = 0; i < 3; i++) {
		bytes_init(&after);
		(void)bytes_read_file(&after, files[i], 1 << 20, &trunc);
		ck_assert_msg(bytes_equal(&after, before[i].data,
		    before[i].len), "%s changed", files[i]);
		bytes_free(&after);
		bytes_free(&before[i]);
	}
}
END_TEST

/*
 * Outside a sandbox's mount namespace (ports mode, or this very process)
 * run_hosts refuses: the run is inconclusive, and nothing is mounted.
 */
START_TEST(test_refused_without_own_mounts)
{
	static const char *const lines[] = { V6, NULL };
	static const enum sandbox_mode modes[] = { SANDBOX_PORTS,
	    SANDBOX_NETNS };
	struct run_config cfg;
	struct transcript t;
	struct run r;

	for (size_t i = 0; i < 2; i++) {
		run_open(&r, &cfg, &t, modes[i]);
		ck_assert_int_eq(run_hosts(&r, lines), -1);
		ck_assert_ptr_nonnull(strstr(transcript_str(&t,
		    "note.inconclusive"), "mount namespace"));
		ck_assert_ptr_nonnull(strstr(transcript_str(&t, "note.sent"),
		    "/etc/hosts: " V6));
		run_finish(&r);
		transcript_free(&t);
	}
	ck_assert_int_eq(access("/etc/hosts", F_OK), 0);
}
END_TEST

/* A line with a newline in it, or an empty one, is the check's mistake. */
START_TEST(test_bad_line_refused)
{
	static const char *const bad[][2] = { { "192.0.2.1 a\n192.0.2.2 b",
	    NULL }, { "", NULL } };
	struct run_config cfg;
	struct transcript t;
	struct run r;

	for (size_t i = 0; i < 2; i++) {
		run_open(&r, &cfg, &t, SANDBOX_NETNS);
		ck_assert_int_eq(run_hosts(&r, bad[i]), -1);
		ck_assert_ptr_nonnull(strstr(transcript_str(&t,
		    "note.inconclusive"), "bad line"));
		run_finish(&r);
		transcript_free(&t);
	}
}
END_TEST

static Suite *
names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("hosts");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, slow(60));
	tcase_add_test(tc, test_order_v6_listed_first);
	tcase_add_test(tc, test_order_v4_listed_first);
	tcase_add_test(tc, test_unreachable_without_addresses);
	tcase_add_test(tc, test_order_same_family_as_listed);
	tcase_add_test(tc, test_addrconfig_unspec_keeps_both);
	tcase_add_test(tc, test_addrconfig_one_family_finds_nothing);
	tcase_add_test(tc, test_addrconfig_null_hints);
	tcase_add_test(tc, test_unknown_name);
	tcase_add_test(tc, test_order_on_lan_host);
	tcase_add_test(tc, test_order_on_ipv4_only_host);
	tcase_add_test(tc, test_order_addresses_on_lo);
	tcase_add_test(tc, test_nscd_hidden);
	tcase_add_test(tc, test_second_call_replaces);
	tcase_add_test(tc, test_program_sees_lines_and_report_shows_them);
	tcase_add_test(tc, test_host_files_untouched);
	tcase_add_test(tc, test_refused_without_own_mounts);
	tcase_add_test(tc, test_bad_line_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	/*
	 * ip and nft run with the sandbox's privileges: none, unless we are
	 * root (a sandbox's user namespace maps us to ourselves: sandbox.c).
	 */
	have_tools = access("/usr/sbin/nft", X_OK) == 0 &&
	    access("/usr/sbin/ip", X_OK) == 0 && geteuid() == 0;
	if (!have_tools)
		fprintf(stderr, "test-names: nft or ip missing (apt-get install "
		    "nftables iproute2), or not root: the LAN and loopback "
		    "address tests do nothing\n");
	sr = srunner_create(names_suite());

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

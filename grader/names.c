/* names.c: a check's own /etc/hosts, and no name lookup that leaves it. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "names.h"
#include "run.h"
#include "sandbox.h"
#include "transcript.h"

/* What every check's /etc/hosts holds before its own lines (Debian's). */
static const char localhost_lines[] =
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n";

/* The line that keeps every name lookup inside (names.h says why). */
static const char nsswitch_hosts[] =
    "# socklab: names come from /etc/hosts alone (grader/names.h)\n"
    "hosts: files\n";

/* No policy: getaddrinfo() sorts by glibc's built-in RFC 3484 tables. */
static const char gai_text[] =
    "# socklab: glibc's default address sorting (grader/names.h)\n";

/* Where glibc looks for nscd's socket (_PATH_NSCDSOCKET's directory). */
#define NSCD_DIR "/var/run/nscd"

/* The system files replaced, and our files' names in the scratch dir. */
#define ETC_HOSTS "/etc/hosts"
#define ETC_NSSWITCH "/etc/nsswitch.conf"
#define ETC_GAI "/etc/gai.conf"

/* A line for /etc/hosts: not empty, and one line only. */
static int
line_ok(const char *line)
{
	return line[0] != '\0' && strchr(line, '\n') == NULL;
}

/*
 * Note each line under "sent", for the report. Returns 0, or -1 (the run
 * inconclusive: the check's own mistake, not the code under test's) when
 * one is not fit for the file.
 */
static int
note_lines(struct run *r, const char *const lines[])
{
	for (size_t i = 0; lines[i] != NULL; i++) {
		if (!line_ok(lines[i])) {
			run_inconclusive(r, "the check gave /etc/hosts a bad "
			    "line (empty, or more than one)");
			return -1;
		}
		run_note(r, ETC_HOSTS ": %s", lines[i]);
	}
	return 0;
}

/* Is target already the file at source (our bind mount)? */
static int
already_bound(const char *source, const char *target)
{
	struct stat a, b;

	return stat(source, &a) == 0 && stat(target, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * Write a file named name in the run's scratch directory, readable by the
 * programs (they run as another user: privilege.h), and copy its path into
 * path (PATH_MAX bytes). Returns 0, or -1 with the reason in err.
 */
static int
write_scratch(struct run *r, const char *name, const char *text,
    char *path, char *err, size_t errlen)
{
	const char *p = run_write_file(r, name, text, strlen(text)), *why;

	if (p == NULL) {
		/* run_write_file said why in note.error. */
		why = transcript_str(r->t, "note.error");
		snprintf(err, errlen, "%s", why != NULL ? why : name);
		return -1;
	}
	snprintf(path, PATH_MAX, "%s", p);
	if (chmod(path, 0644) == -1) {
		snprintf(err, errlen, "chmod %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Bind the file at source over target. Returns 0, or -1 with err set. */
static int
bind_over(const char *source, const char *target, char *err, size_t errlen)
{
	if (already_bound(source, target))
		return 0;
	if (mount(source, target, "none", MS_BIND, NULL) == -1) {
		snprintf(err, errlen, "cannot bind %s over %s: %s", source,
		    target, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A name service cache daemon would answer getaddrinfo() from the host's
 * files (glibc asks its socket before reading any file): an empty,
 * read-only tmpfs over its directory, when there is one, leaves glibc no
 * daemon to ask. Returns 0, or -1 with err set.
 */
static int
hide_nscd(char *err, size_t errlen)
{
	if (access(NSCD_DIR, F_OK) == -1)
		return 0;
	if (mount("socklab", NSCD_DIR, "tmpfs", MS_RDONLY | MS_NOSUID |
	    MS_NODEV | MS_NOEXEC, "size=4k,nr_inodes=4") == -1) {
		snprintf(err, errlen, "cannot hide " NSCD_DIR ": %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The host's /etc/nsswitch.conf with its hosts line replaced by ours, into
 * out: the other databases (users, services) stay as the host has them.
 * Returns 0, or -1 with err set (without the file glibc would ask DNS).
 */
static int
nsswitch_text(struct bytes *out, char *err, size_t errlen)
{
	FILE *f = fopen(ETC_NSSWITCH, "re");
	char line[1024];

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", ETC_NSSWITCH, strerror(errno));
		return -1;
	}
	bytes_puts(out, nsswitch_hosts);
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line + strspn(line, " \t"), "hosts:", 6) != 0)
			bytes_puts(out, line);
	fclose(f);
	return 0;
}

/*
 * The first call's work: lookups from files only before any name of ours
 * is visible, then the default sorting, then no nscd. /etc/nsswitch.conf
 * must exist (without it glibc asks DNS first); /etc/gai.conf need not
 * (without it glibc sorts by its defaults anyway). Returns 0, or -1 with
 * err set.
 */
static int
seal_lookups(struct run *r, char *err, size_t errlen)
{
	char nss[PATH_MAX], gai[PATH_MAX];
	struct bytes text;
	int rc;

	bytes_init(&text);
	rc = nsswitch_text(&text, err, errlen) == -1 ? -1 :
	    write_scratch(r, "etc-nsswitch.conf", bytes_str(&text), nss, err,
	    errlen);
	bytes_free(&text);
	if (rc == -1 || bind_over(nss, ETC_NSSWITCH, err, errlen) == -1)
		return -1;
	if (access(ETC_GAI, F_OK) == 0 && (write_scratch(r, "etc-gai.conf",
	    gai_text, gai, err, errlen) == -1 || bind_over(gai, ETC_GAI, err,
	    errlen) == -1))
		return -1;
	return hide_nscd(err, errlen);
}

/*
 * Write the lines (after the localhost ones) into the scratch directory's
 * etc-hosts, in place: a bound file keeps its inode, so a second call is
 * seen at once through /etc/hosts. Returns 0, or -1 with err set.
 */
static int
write_hosts(struct run *r, const char *const lines[], char *path, char *err,
    size_t errlen)
{
	struct bytes text;
	int rc;

	bytes_init(&text);
	bytes_puts(&text, localhost_lines);
	for (size_t i = 0; lines[i] != NULL; i++)
		bytes_printf(&text, "%s\n", lines[i]);
	rc = write_scratch(r, "etc-hosts", bytes_str(&text), path, err,
	    errlen);
	bytes_free(&text);
	return rc;
}

int
run_hosts(struct run *r, const char *const lines[])
{
	char hosts[PATH_MAX], err[PATH_MAX + 128];

	if (note_lines(r, lines) == -1)
		return -1;
	/* Never mount over a file that any process outside the check sees. */
	if (r->cfg->mode != SANDBOX_NETNS || !sandbox_own_mounts()) {
		run_inconclusive(r, "the check needs its own " ETC_HOSTS ", and "
		    "this sandbox has no mount namespace of its own");
		return -1;
	}
	if (write_hosts(r, lines, hosts, err, sizeof err) == -1)
		goto fail;
	if (already_bound(hosts, ETC_HOSTS))
		return 0;
	if (seal_lookups(r, err, sizeof err) == -1 ||
	    bind_over(hosts, ETC_HOSTS, err, sizeof err) == -1)
		goto fail;
	return 0;
fail:
	run_inconclusive(r, "the check's own " ETC_HOSTS ": %s", err);
	return -1;
}

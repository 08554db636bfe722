/* privilege.c: dropping root for the programs under test. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "privilege.h"

#define NOBODY 65534
/*
 * Sandbox uids: far above what Debian gives accounts (system below 1000,
 * people below 60000, subordinate ranges from 100000 in steps of 65536).
 */
#define SANDBOX_UID_BASE 1500000000u

/*
 * Graders running at once (two instructors, make -j check, a batch script)
 * must not share sandbox uids: RLIMIT_NPROC counts the processes of a uid
 * across the whole host, so a fork bomb graded by one would stop another's
 * programs, the reference's included, from starting. Each grader process
 * claims a slot, a lock file it holds with flock() in a directory only root
 * may write to; the kernel frees the slot when the process dies, however it
 * dies, so nothing is ever left to clean up. Its sandboxes then use the uids
 * SANDBOX_UID_BASE + (slot + 1) * SLOT_UIDS + job: the first range stays
 * with graders from before slots, which used it whoever else ran (a machine
 * may run both while it is upgraded). (A pids cgroup per run would
 * count processes as well, but needs cgroup v2 delegated to us, which
 * containers often lack; flock works wherever /run does.)
 *
 * Without root there is no uid switch and no slot: every sandbox is then a
 * user namespace of its own, and since Linux 5.14 RLIMIT_NPROC counts per
 * user namespace (ucounts), so sandboxes do not share a count either.
 * (Measured on 6.18: with 60 processes held in one user namespace, another
 * of the same real uid, limit 64, started 20; without namespaces, 3.) On
 * older kernels the count is the real uid's, host-wide.
 */
#define SLOT_DIR "/run/socklab"
#define SLOTS 256
#define SLOT_UIDS 65536u

static int slot = -1;

struct identity
privilege_guest(void)
{
	struct identity id = { (uid_t)-1, (gid_t)-1 };
	struct passwd *pw;

	if (geteuid() != 0)
		return id;
	pw = getpwnam("nobody");
	id.uid = pw != NULL ? pw->pw_uid : NOBODY;
	id.gid = pw != NULL ? pw->pw_gid : NOBODY;
	return id;
}

/* Is SLOT_DIR a real directory, root's, that nobody else may write to? */
static int
slot_dir_safe(char *err, size_t errlen)
{
	struct stat st;

	if (mkdir(SLOT_DIR, 0755) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "mkdir %s: %s", SLOT_DIR, strerror(errno));
		return -1;
	}
	if (lstat(SLOT_DIR, &st) == -1) {
		snprintf(err, errlen, "%s: %s", SLOT_DIR, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(err, errlen, "%s is not a directory that only root "
		    "may write to", SLOT_DIR);
		return -1;
	}
	return 0;
}

int
privilege_claim_slot(char *err, size_t errlen)
{
	char path[64];

	if (slot != -1 || geteuid() != 0) {
		if (slot == -1)
			slot = 0;
		return 0;
	}
	/* Until a slot is ours, one that is probably nobody else's. */
	slot = (int)(getpid() % SLOTS);
	if (slot_dir_safe(err, errlen) == -1)
		return -1;
	for (int i = 0; i < SLOTS; i++) {
		/* Held, never closed: the lock lasts as long as we do. */
		int fd;

		snprintf(path, sizeof path, SLOT_DIR "/slot.%d", i);
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
		    0600);
		if (fd == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			slot = i;
			return 0;
		}
		if (errno != EWOULDBLOCK) {
			snprintf(err, errlen, "flock %s: %s", path,
			    strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
	}
	snprintf(err, errlen, "all %d slots in %s are held by running "
	    "graders", SLOTS, SLOT_DIR);
	return -1;
}

struct identity
privilege_sandbox_guest(int job)
{
	struct identity id = privilege_guest();

	if (privilege_switches(&id))
		id.uid = (uid_t)(SANDBOX_UID_BASE +
		    ((unsigned)(slot > 0 ? slot : 0) + 1) * SLOT_UIDS +
		    (unsigned)job % SLOT_UIDS);
	return id;
}

int
privilege_switches(const struct identity *id)
{
	return id != NULL && id->uid != (uid_t)-1;
}

int
privilege_become(const struct identity *id)
{
	if (!privilege_switches(id))
		return 0;
	/*
	 * setgroups may be refused in a user namespace that denies it; then
	 * the namespace has no supplementary groups to keep anyway.
	 */
	if (setgroups(0, NULL) == -1 && errno != EPERM)
		return -1;
	if (setresgid(id->gid, id->gid, id->gid) == -1 ||
	    setresuid(id->uid, id->uid, id->uid) == -1)
		return -1;
	/* Paranoia: make sure root cannot be regained. */
	if (setuid(0) == 0) {
		errno = EPERM;
		return -1;
	}
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

int
privilege_can_reach(const struct identity *id, const char *path, char *err,
    size_t errlen)
{
	int status;
	pid_t pid;

	if (!privilege_switches(id))
		return 0;
	pid = fork();
	if (pid == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(privilege_become(id) == 0 && access(path, X_OK) == 0 ?
		    0 : 1);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(err, errlen, "waitpid: %s", strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	snprintf(err, errlen, "%s is not reachable for uid %u", path,
	    (unsigned)id->uid);
	return -1;
}

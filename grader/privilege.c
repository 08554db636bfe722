/* privilege.c: dropping root for the programs under test. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "privilege.h"

#define NOBODY 65534
/*
 * Sandbox uids: far above what Debian gives accounts (system below 1000,
 * people below 60000, subordinate ranges from 100000 in steps of 65536).
 */
#define SANDBOX_UID_BASE 1500000000u

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

struct identity
privilege_sandbox_guest(int slot)
{
	struct identity id = privilege_guest();

	if (privilege_switches(&id))
		id.uid = (uid_t)(SANDBOX_UID_BASE + (unsigned)slot);
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

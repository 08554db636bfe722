/*
 * privilege.h: who the programs under test run as.
 *
 * Instructors often grade as root. A submission must then not run as root:
 * every program the grader starts switches to an unprivileged account
 * (nobody) between fork and exec, and the files it needs are made reachable
 * for that account. Run as anybody else, the programs keep the caller's
 * identity, which grants them nothing the caller lacks.
 */
#ifndef SOCKLAB_PRIVILEGE_H
#define SOCKLAB_PRIVILEGE_H

#include <stddef.h>
#include <sys/types.h>

/* An identity to switch to; uid -1 means "stay as we are". */
struct identity {
	uid_t uid;
	gid_t gid;
};

/*
 * The identity programs should run as: nobody's when we are root (65534 if
 * the account is missing), else uid -1 (no switch).
 */
struct identity privilege_guest(void);

/*
 * Claim a slot for this grader process, so that two graders running at once
 * never hand their sandboxes the same uids (privilege_sandbox_guest). Only
 * root switches uids, so only root claims: anybody else gets 0 at once. The
 * slot is held until this process ends. Returns 0, or -1 with a reason in
 * err, when no slot could be claimed: the uids then come from a slot chosen
 * by process id, which another grader may share.
 */
int privilege_claim_slot(char *err, size_t errlen);

/*
 * The identity for the programs of one sandbox (job 0, 1, ...): when we are
 * root, a uid of its own, from a range no account uses and from this grader
 * process's slot, so that limits on processes (RLIMIT_NPROC counts per uid,
 * host-wide) hold per sandbox: a fork bomb in one cannot starve the others,
 * nor those of another grader; group nogroup. Else uid -1.
 */
struct identity privilege_sandbox_guest(int job);

/* Does id ask for a switch? */
int privilege_switches(const struct identity *id);

/*
 * Become id for good: no supplementary groups, gid, uid, and no way back
 * through set-user-ID programs. Async-signal-safe (for use between fork and
 * exec). Returns 0, or -1 with errno set; on -1 the caller must not exec.
 */
int privilege_become(const struct identity *id);

/*
 * Can id reach (search) every directory leading to path and path itself?
 * Asked of a child that becomes id. Returns 0, or -1 with a reason in err.
 */
int privilege_can_reach(const struct identity *id, const char *path,
    char *err, size_t errlen);

#endif

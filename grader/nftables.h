/*
 * nftables.h: nft scripts run by libnftables in the grader's own process,
 * in the network namespace the calling thread is in. What "nft -f -" does,
 * without starting nft each time (its start cost ten times the work).
 */
#ifndef SOCKLAB_NFTABLES_H
#define SOCKLAB_NFTABLES_H

#include <stddef.h>

/*
 * Run script (nft's language: "add table inet t\n..." or "list counter
 * ..."). out (n bytes, always ended) gets what nft printed, or its error
 * message. Returns 0, or -1 when nft refused the script or could not run.
 */
int nftables_run(const char *script, char *out, size_t n);

#endif

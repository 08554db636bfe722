/*
 * relay.h: a seeded UDP relay that drops, duplicates, reorders, corrupts
 * and delays datagrams, for what this kernel's qdiscs cannot do without
 * netem. It sits between a sender and a receiver: the sender sends to the
 * relay's port, the relay forwards to the receiver's port, and sends what
 * the receiver answers back to the sender's last address.
 *
 * Each datagram's fate is drawn from the seed and the datagram's number in
 * its direction, so the same seed and the same traffic give the same
 * fates. The relay runs in a child process of the scenario (in the sandbox)
 * and reports its counts when stopped.
 */
#ifndef SOCKLAB_RELAY_H
#define SOCKLAB_RELAY_H

#include <stdint.h>

struct run;

enum relay_dir { RELAY_FORWARD, RELAY_BACK };

struct relay_plan {
	unsigned seed;
	/* Per mille of the datagrams in each direction, each fate drawn apart. */
	int drop;		/* never forwarded */
	int duplicate;		/* forwarded twice */
	int reorder;		/* held back until the next one has gone */
	int corrupt;		/* one byte flipped (never the length) */
	int delay_ms;		/* every datagram held this long (a long link) */
	int forward_only;	/* impair only sender -> receiver */
	int listen_port;	/* where senders send, on 127.0.0.1 */
	int target_port;	/* where the receiver listens, on 127.0.0.1 */
};

struct relay_counts {
	int64_t in[2];		/* datagrams received, per direction */
	int64_t out[2];		/* datagrams sent on (duplicates count twice) */
	int64_t bytes_in[2];
	int64_t dropped[2], duplicated[2], reordered[2], corrupted[2];
	int64_t first_forward_ms;	/* clock_ms() of the first datagram
					   toward the receiver; 0: none */
};

/*
 * Start the relay in a child process; it is bound and ready when this
 * returns. Noted under "sent" with its seed. Returns 0, or -1 with
 * note.inconclusive set.
 */
int relay_start(struct run *r, const struct relay_plan *plan);

/*
 * Stop the relay and fill counts (may be NULL). Records note.relay, the
 * counts in words. Returns 0, or -1 when there was no relay or it failed.
 */
int relay_stop(struct run *r, struct relay_counts *counts);

/*
 * The relay's loop itself, for grader/netlab: forward between listen_fd
 * (bound at listen_port) and the target until stop is set or a signal
 * ends it; counts as above. Returns 0 or -1 (a socket failed: errno).
 */
int relay_loop(const struct relay_plan *plan, int listen_fd, int target_fd,
    struct relay_counts *counts, volatile int *stop);

#endif

/*
 * relay.c: a seeded UDP relay (relay.h).
 *
 * Datagrams wait in a queue ordered by the time they are due (arrival plus
 * the delay); a reordered one is due only after the next datagram of its
 * direction has gone (or after REORDER_HOLD_MS, so that a lone datagram is
 * not held for ever). A datagram's fate is a function of the seed, its
 * direction and its number in that direction, nothing else.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "relay.h"
#include "run.h"

#define RELAY_MAX_DATAGRAM 65536
#define RELAY_QUEUE 256
#define REORDER_HOLD_MS 100
#define RELAY_STOP_MS 5000

struct held {
	int64_t due;		/* clock_ms() when it may go */
	enum relay_dir dir;
	int after_next;		/* reordered: waits for the next one */
	uint64_t order;		/* arrival order: ties go in it */
	size_t len;
	unsigned char *data;
};

struct relay_state {
	const struct relay_plan *plan;
	int fd[2];		/* [FORWARD]: toward the receiver; [BACK]: sender */
	struct sockaddr_in to[2];
	int have_sender;
	struct held q[RELAY_QUEUE];
	size_t n;
	uint64_t queued;
	struct relay_counts *c;
};

/* The relay child's pid and its report pipe, between start and stop. */
static pid_t relay_pid = -1;
static int relay_pipe = -1;
static volatile sig_atomic_t relay_stopping;

/* A well-mixed 64-bit hash (splitmix64's finaliser). */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Draw fate (0 drop, 1 duplicate...) for datagram i of dir: per mille. */
static int
draw(const struct relay_plan *p, enum relay_dir dir, int64_t i, int fate,
    int per_mille)
{
	uint64_t h = mix(mix(((uint64_t)p->seed << 32) ^ (uint64_t)i) ^
	    ((uint64_t)dir << 8 | (uint64_t)fate));

	return per_mille > 0 && (int)(h % 1000) < per_mille;
}

static void
queue_add(struct relay_state *s, enum relay_dir dir, const void *data,
    size_t len, int64_t due, int after_next)
{
	struct held *h;

	if (s->n == RELAY_QUEUE)	/* a full queue drops, as a router's */
		return;
	h = &s->q[s->n];
	h->data = malloc(len ? len : 1);
	if (h->data == NULL)
		return;
	memcpy(h->data, data, len);
	h->len = len;
	h->dir = dir;
	h->due = due;
	h->after_next = after_next;
	h->order = s->queued++;
	s->n++;
}

/* Take one datagram that arrived on fd[from] and decide its fate. */
static void
take(struct relay_state *s, int from)
{
	static unsigned char buf[RELAY_MAX_DATAGRAM];
	enum relay_dir dir = from == RELAY_FORWARD ? RELAY_BACK :
	    RELAY_FORWARD;
	const struct relay_plan *p = s->plan;
	struct sockaddr_in src;
	socklen_t sl = sizeof src;
	ssize_t got;
	int64_t i, due = clock_ms() + p->delay_ms;
	int impair;

	/* fd[BACK] faces the sender: what comes in there goes forward. */
	got = recvfrom(s->fd[from], buf, sizeof buf, MSG_DONTWAIT,
	    (struct sockaddr *)&src, &sl);
	if (got < 0)
		return;
	if (dir == RELAY_FORWARD) {
		s->to[RELAY_BACK] = src;
		s->have_sender = 1;
		if (s->c->in[dir] == 0)
			s->c->first_forward_ms = clock_ms();
	}
	i = s->c->in[dir]++;
	s->c->bytes_in[dir] += got;
	impair = dir == RELAY_FORWARD || !p->forward_only;
	if (impair && draw(p, dir, i, 0, p->drop)) {
		s->c->dropped[dir]++;
		return;
	}
	if (impair && got > 0 && draw(p, dir, i, 3, p->corrupt)) {
		size_t at = (size_t)(mix((uint64_t)i ^ p->seed) % (uint64_t)got);

		buf[at] ^= (unsigned char)(1u << (mix((uint64_t)i) % 8));
		s->c->corrupted[dir]++;
	}
	if (impair && draw(p, dir, i, 2, p->reorder)) {
		s->c->reordered[dir]++;
		queue_add(s, dir, buf, (size_t)got, due + REORDER_HOLD_MS, 1);
	} else
		queue_add(s, dir, buf, (size_t)got, due, 0);
	if (impair && draw(p, dir, i, 1, p->duplicate)) {
		s->c->duplicated[dir]++;
		queue_add(s, dir, buf, (size_t)got, due, 0);
	}
}

/* Send h on; a reordered datagram held behind it may go now too. */
static void
send_on(struct relay_state *s, struct held *h)
{
	int out = h->dir == RELAY_FORWARD ? RELAY_FORWARD : RELAY_BACK;

	if (h->dir == RELAY_BACK && !s->have_sender)
		return;
	if (sendto(s->fd[out], h->data, h->len, 0,
	    (struct sockaddr *)&s->to[out], sizeof s->to[out]) >= 0)
		s->c->out[h->dir]++;
	if (h->after_next)
		return;
	for (size_t k = 0; k < s->n; k++)
		if (s->q[k].after_next && s->q[k].dir == h->dir) {
			s->q[k].after_next = 0;
			s->q[k].due = clock_ms();
		}
}

/*
 * Send every datagram now due, earliest first. Returns how long until the
 * next one is due (for poll), or -1 when none waits.
 */
static int
flush_due(struct relay_state *s)
{
	while (s->n > 0) {
		size_t best = 0;
		struct held h;

		for (size_t k = 1; k < s->n; k++)
			if (s->q[k].due < s->q[best].due ||
			    (s->q[k].due == s->q[best].due &&
			    s->q[k].order < s->q[best].order))
				best = k;
		if (s->q[best].due > clock_ms())
			return (int)(s->q[best].due - clock_ms());
		h = s->q[best];
		s->q[best] = s->q[--s->n];
		send_on(s, &h);
		free(h.data);
	}
	return -1;
}

int
relay_loop(const struct relay_plan *plan, int listen_fd, int target_fd,
    struct relay_counts *counts, volatile int *stop)
{
	struct relay_state s;

	memset(&s, 0, sizeof s);
	memset(counts, 0, sizeof *counts);
	s.plan = plan;
	s.c = counts;
	s.fd[RELAY_BACK] = listen_fd;
	s.fd[RELAY_FORWARD] = target_fd;
	s.to[RELAY_FORWARD].sin_family = AF_INET;
	s.to[RELAY_FORWARD].sin_port = htons((uint16_t)plan->target_port);
	s.to[RELAY_FORWARD].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/*
	 * SIGTERM is let in only inside ppoll(): one that comes while the
	 * loop runs waits for it, instead of being missed before a poll()
	 * that would then sleep for ever.
	 */
	sigset_t wait_mask;

	sigprocmask(SIG_SETMASK, NULL, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	while (!*stop && !relay_stopping) {
		struct pollfd pfd[2] = {
			{ .fd = listen_fd, .events = POLLIN },
			{ .fd = target_fd, .events = POLLIN },
		};
		int wait = flush_due(&s);
		struct timespec ts = { .tv_sec = wait / 1000,
		    .tv_nsec = (long)(wait % 1000) * 1000000 };

		if (ppoll(pfd, 2, wait < 0 ? NULL : &ts, &wait_mask) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int k = 0; k < 2; k++)
			if (pfd[k].revents & (POLLIN | POLLERR))
				take(&s, k == 0 ? RELAY_BACK : RELAY_FORWARD);
	}
	for (size_t k = 0; k < s.n; k++)
		free(s.q[k].data);
	return 0;
}

static void
on_term(int sig)
{
	(void)sig;
	relay_stopping = 1;
}

/* A UDP socket on 127.0.0.1:port (0: any). Returns it or -1. */
static int
relay_socket(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd != -1 && bind(fd, (struct sockaddr *)&a, sizeof a) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The child: relay until SIGTERM, then write the counts to report_fd. */
static void __attribute__((noreturn))
relay_child(const struct relay_plan *plan, int listen_fd, int target_fd,
    int report_fd)
{
	struct sigaction sa;
	struct relay_counts c;
	int never = 0, rc;

	/* SIGTERM came blocked from relay_start: relay_loop lets it in. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, (unsigned long)SIGKILL, 0UL, 0UL, 0UL);
	rc = relay_loop(plan, listen_fd, target_fd, &c, &never);
	if (write(report_fd, &c, sizeof c) != (ssize_t)sizeof c)
		_exit(1);
	_exit(rc == 0 ? 0 : 1);
}

int
relay_start(struct run *r, const struct relay_plan *plan)
{
	int listen_fd = relay_socket(plan->listen_port);
	int target_fd = relay_socket(0);
	int p[2] = { -1, -1 };
	sigset_t term, old_mask;

	if (listen_fd == -1 || target_fd == -1 || relay_pid != -1 ||
	    pipe2(p, O_CLOEXEC) == -1) {
		run_inconclusive(r, "the grader could not start its relay on "
		    "port %d: %s", plan->listen_port, strerror(errno));
		goto fail;
	}
	relay_stopping = 0;
	/* Blocked across fork: a stop sent early waits for the child's loop. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &old_mask);
	relay_pid = fork();
	if (relay_pid == 0) {
		close(p[0]);
		relay_child(plan, listen_fd, target_fd, p[1]);
	}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	if (relay_pid == -1) {
		run_inconclusive(r, "the grader could not start its relay: "
		    "fork: %s", strerror(errno));
		goto fail;
	}
	close(p[1]);
	close(listen_fd);
	close(target_fd);
	relay_pipe = p[0];
	run_note(r, "relay: 127.0.0.1:%d -> 127.0.0.1:%d, seed %u: drop %d, "
	    "duplicate %d, reorder %d, corrupt %d (per mille, %s), delay %d ms",
	    plan->listen_port, plan->target_port, plan->seed, plan->drop,
	    plan->duplicate, plan->reorder, plan->corrupt, plan->forward_only ?
	    "toward the receiver only" : "both ways", plan->delay_ms);
	return 0;
fail:
	if (listen_fd != -1)
		close(listen_fd);
	if (target_fd != -1)
		close(target_fd);
	if (p[0] != -1) {
		close(p[0]);
		close(p[1]);
	}
	relay_pid = -1;
	return -1;
}

int
relay_stop(struct run *r, struct relay_counts *counts)
{
	struct relay_counts c;
	ssize_t got;
	int status;

	if (relay_pid == -1)
		return -1;
	kill(relay_pid, SIGTERM);
	/* A relay that does not answer within RELAY_STOP_MS is killed. */
	{
		struct pollfd pfd = { .fd = relay_pipe, .events = POLLIN };

		got = -1;
		if (poll(&pfd, 1, RELAY_STOP_MS) == 1)
			do
				got = read(relay_pipe, &c, sizeof c);
			while (got == -1 && errno == EINTR);
		else
			kill(relay_pid, SIGKILL);
	}
	close(relay_pipe);
	while (waitpid(relay_pid, &status, 0) == -1 && errno == EINTR)
		;
	relay_pid = -1;
	relay_pipe = -1;
	if (got != (ssize_t)sizeof c) {
		run_inconclusive(r, "the grader's relay failed");
		return -1;
	}
	transcript_addf(r->t, "note.relay", "toward the receiver: %lld in, "
	    "%lld dropped, %lld duplicated, %lld reordered, %lld corrupted, "
	    "%lld out", (long long)c.in[0], (long long)c.dropped[0],
	    (long long)c.duplicated[0], (long long)c.reordered[0],
	    (long long)c.corrupted[0], (long long)c.out[0]);
	transcript_addf(r->t, "note.relay", "toward the sender: %lld in, "
	    "%lld dropped, %lld duplicated, %lld reordered, %lld corrupted, "
	    "%lld out", (long long)c.in[1], (long long)c.dropped[1],
	    (long long)c.duplicated[1], (long long)c.reordered[1],
	    (long long)c.corrupted[1], (long long)c.out[1]);
	if (counts != NULL)
		*counts = c;
	return 0;
}

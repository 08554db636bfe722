/*
 * probe.c: the grader's own sockets in a scenario (run.h, "Probes"): each
 * plays peer to a program under test on 127.0.0.1, and each thing it does
 * is noted in the transcript, so the report can say what the grader sent.
 * Failures of the grader's own sockets go to note.error: the check then
 * says the grader could not run it, not that the student failed.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compare.h"
#include "netprobe.h"
#include "run.h"

/* How many bytes of a payload a note shows. */
#define SHOWN_BYTES 200

/* Note "PREFIX 'escaped data' (N bytes)" in note.sent. */
static void
note_data(struct run *r, const char *prefix, const void *data, size_t len)
{
	struct bytes shown;

	bytes_init(&shown);
	escape_bytes(&shown, data, len, SHOWN_BYTES);
	run_note(r, "%s '%s' (%zu byte%s)", prefix, bytes_str(&shown), len,
	    len == 1 ? "" : "s");
	bytes_free(&shown);
}

/* The address fd is bound to, "IP:PORT", in buf (n bytes); returns buf. */
static const char *
source_of(int fd, char *buf, size_t n)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	char ip[INET_ADDRSTRLEN];

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1 ||
	    inet_ntop(AF_INET, &sa.sin_addr, ip, sizeof ip) == NULL)
		snprintf(buf, n, "127.0.0.1:%d", net_local_port(fd));
	else
		snprintf(buf, n, "%s:%d", ip, ntohs(sa.sin_port));
	return buf;
}

int
run_udp_probe(struct run *r, const char *ip, int port)
{
	char err[NET_ERR_LEN];
	int fd = net_udp_bind(ip, port, err);
	struct timeval stamp;

	if (fd == -1)
		transcript_setf(r->t, "note.error", "grader probe on %s:%d: %s",
		    ip, port, err);
	else	/* the kernel stamps what arrives from now on */
		(void)ioctl(fd, SIOCGSTAMP, &stamp);
	return fd;
}

/* Send a datagram from fd to ip:port, noted as run_udp_send() says. */
static int
udp_send_to(struct run *r, int fd, const char *ip, int port, const void *data,
    size_t len, const char *what)
{
	char err[NET_ERR_LEN], prefix[96], src[32];

	if (net_udp_send(fd, ip, port, data, len, err) == -1) {
		run_note(r, "sending a datagram to %s:%d failed: %s", ip, port,
		    err);
		return -1;
	}
	if (what != NULL && what[0] == '\0')
		return 0;
	if (what != NULL) {
		run_note(r, "from %s sent %s (%zu bytes)", source_of(fd, src,
		    sizeof src), what, len);
		return 0;
	}
	snprintf(prefix, sizeof prefix, "from %s sent", source_of(fd, src,
	    sizeof src));
	note_data(r, prefix, data, len);
	return 0;
}

int
run_udp_send(struct run *r, int fd, int port, const void *data, size_t len,
    const char *what)
{
	return udp_send_to(r, fd, "127.0.0.1", port, data, len, what);
}

int
run_udp_recv(struct run *r, int fd, struct bytes *b, int timeout_ms,
    char *from, size_t fromlen)
{
	char err[NET_ERR_LEN];
	int rc = net_udp_recv(fd, b, clock_ms() + run_ms(r, timeout_ms), from,
	    fromlen, err);

	if (rc == -1)
		run_note(r, "receiving a datagram failed: %s", err);
	return rc;
}

int
run_tcp_connect(struct run *r, int port, int timeout_ms, const char *key)
{
	return run_tcp_connect_from(r, 0, port, timeout_ms, key);
}

int
run_tcp_send(struct run *r, int fd, const char *who, const void *data,
    size_t len)
{
	char err[NET_ERR_LEN], prefix[96];

	if (net_send_all(fd, data, len, err) == -1) {
		snprintf(prefix, sizeof prefix, "%s: sending failed (%s):",
		    who != NULL ? who : "the grader", err);
		note_data(r, prefix, data, len);
		return -1;
	}
	if (who == NULL)
		return 0;
	snprintf(prefix, sizeof prefix, "%s sent", who);
	note_data(r, prefix, data, len);
	return 0;
}

int
run_twin_open(struct run *r, struct run_twin *tw, int type, int port)
{
	char err[NET_ERR_LEN];

	tw->port[0] = port;
	tw->port[1] = net_swap_port(port);
	for (int i = 0; i < 2; i++)
		tw->fd[i] = type == SOCK_STREAM ?
		    net_tcp_listen("127.0.0.1", tw->port[i], err) :
		    net_udp_bind("127.0.0.1", tw->port[i], err);
	/* The twin is a courtesy: the kernel may hold its port already. */
	if (tw->fd[0] == -1) {
		transcript_setf(r->t, "note.error", "grader %s on "
		    "127.0.0.1:%d: %s", type == SOCK_STREAM ? "listen" : "bind",
		    port, err);
		run_twin_close(tw);
		return -1;
	}
	return 0;
}

void
run_twin_close(struct run_twin *tw)
{
	for (int i = 0; i < 2; i++) {
		if (tw->fd[i] != -1)
			close(tw->fd[i]);
		tw->fd[i] = -1;
	}
}

int
run_twin_accept(struct run *r, struct run_twin *tw, int timeout_ms,
    const char *key)
{
	char err[NET_ERR_LEN], peer[64];
	int which = net_wait_readable(tw->fd, 2, clock_ms() +
	    run_ms(r, timeout_ms));
	int fd;

	if (which < 0) {
		transcript_setf(r->t, key, "nothing: no connection within "
		    "%d ms", run_ms(r, timeout_ms));
		return -1;
	}
	transcript_setf(r->t, key, "127.0.0.1:%d", tw->port[which]);
	fd = net_tcp_accept(tw->fd[which], clock_ms(), peer, sizeof peer, err);
	if (fd == -1)
		run_note(r, "accepting the connection failed: %s", err);
	return fd;
}

/* How many newlines b holds. */
static int
newlines_in(const struct bytes *b)
{
	int n = 0;

	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

/*
 * Receive what fd has for b without waiting: RUN_RECV_ALL once b holds
 * lines newlines (lines > 0), RUN_RECV_CLOSED at the end of the
 * connection, RUN_RECV_ERROR when recv() fails, else RUN_RECV_TIMEOUT
 * (nothing more yet).
 */
static enum run_recv
recv_waiting(struct run *r, int fd, struct bytes *b, int lines)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		if (lines > 0 && newlines_in(b) >= lines)
			return RUN_RECV_ALL;
		/* A program that floods a probe must not fill our memory. */
		if (b->len >= RUN_RECV_MAX) {
			run_note(r, "received more than %d bytes: stopped "
			    "reading", RUN_RECV_MAX);
			return RUN_RECV_ERROR;
		}
		n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
		if (n > 0) {
			bytes_append(b, chunk, (size_t)n);
			continue;
		}
		if (n == 0 || errno == ECONNRESET)
			return RUN_RECV_CLOSED;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return RUN_RECV_TIMEOUT;
		run_note(r, "receiving failed: %s", strerror(errno));
		return RUN_RECV_ERROR;
	}
}

/* Receive on the n probes until each is done or the time runs out. */
void
run_tcp_recv_many(struct run *r, const int *fds, int n, struct bytes *b,
    enum run_recv *end, int lines, int timeout_ms)
{
	struct pollfd *pfd = xmalloc((size_t)n * sizeof *pfd);
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	int waiting = 0;

	for (int i = 0; i < n; i++) {
		end[i] = fds[i] == -1 ? RUN_RECV_ERROR :
		    recv_waiting(r, fds[i], &b[i], lines);
		waiting += end[i] == RUN_RECV_TIMEOUT;
	}
	while (waiting > 0) {
		int ready;

		for (int i = 0; i < n; i++) {
			pfd[i].fd = end[i] == RUN_RECV_TIMEOUT ? fds[i] : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		ready = poll(pfd, (nfds_t)n, clock_left_ms(deadline));
		if (ready == -1 && errno == EINTR)
			continue;
		if (ready <= 0)
			break;
		for (int i = 0; i < n; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			end[i] = recv_waiting(r, fds[i], &b[i], lines);
			waiting -= end[i] != RUN_RECV_TIMEOUT;
		}
	}
	free(pfd);
}

/* One probe: run_tcp_recv_many with n = 1. */
enum run_recv
run_tcp_recv(struct run *r, int fd, struct bytes *b, int lines, int timeout_ms)
{
	enum run_recv end;

	run_tcp_recv_many(r, &fd, 1, b, &end, lines, timeout_ms);
	return end;
}

/* Append how a receive ended, for people (nothing when it got all). */
void
run_describe_recv(struct run *r, struct bytes *out, enum run_recv end,
    size_t got_len, int timeout_ms)
{
	switch (end) {
	case RUN_RECV_ALL:
		break;
	case RUN_RECV_CLOSED:
		bytes_printf(out, "[%s the peer closed the connection]",
		    got_len > 0 ? "then" : "nothing:");
		break;
	case RUN_RECV_TIMEOUT:
		bytes_printf(out, "[nothing%s within %d ms]", got_len > 0 ?
		    " more" : "", run_ms(r, timeout_ms));
		break;
	case RUN_RECV_ERROR:
		bytes_puts(out, "[receiving failed]");
		break;
	}
}

/* Let this process hold at least want descriptors, if the hard limit does. */
static void
ensure_descriptors(rlim_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Start n connects at once, then wait for them together. */
int
run_tcp_connect_many(struct run *r, int port, int *fds, int n, int timeout_ms)
{
	struct pollfd *pfd = xmalloc((size_t)n * sizeof *pfd);
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	int pending = 0, connected = 0;
	struct sockaddr_in sa;

	ensure_descriptors((rlim_t)n + 64);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < n; i++) {
		pfd[i].fd = -1;
		pfd[i].events = POLLOUT;
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
		if (fds[i] == -1)
			continue;
		if (connect(fds[i], (struct sockaddr *)&sa, sizeof sa) == 0) {
			connected++;
		} else if (errno == EINPROGRESS) {
			pfd[i].fd = fds[i];
			pending++;
		} else {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	while (pending > 0) {
		int ready = poll(pfd, (nfds_t)n, clock_left_ms(deadline));

		if (ready == -1 && errno == EINTR)
			continue;
		if (ready <= 0)
			break;
		for (int i = 0; i < n; i++) {
			int soerr = 0;
			socklen_t len = sizeof soerr;

			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			pfd[i].fd = -1;
			pending--;
			if (getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &soerr,
			    &len) == 0 && soerr == 0) {
				connected++;
			} else {
				close(fds[i]);
				fds[i] = -1;
			}
		}
	}
	/* Those still connecting wait for room in a full backlog: give up. */
	for (int i = 0; i < n; i++)
		if (pfd[i].fd != -1) {
			close(fds[i]);
			fds[i] = -1;
		}
	free(pfd);
	return connected;
}

/* SO_LINGER {1, 0}: close() then sends RST and drops unsent bytes. */
void
run_tcp_reset(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
}

/* Read no more than the n bytes asked for: the rest is the caller's. */
enum run_recv
run_tcp_recv_exactly(struct run *r, int fd, struct bytes *b, size_t n,
    int timeout_ms)
{
	int64_t deadline = clock_ms() + run_ms(r, timeout_ms);
	char chunk[4096];

	while (n > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int ready = poll(&pfd, 1, clock_left_ms(deadline));
		ssize_t k;

		if (ready == -1 && errno == EINTR)
			continue;
		if (ready == 0)
			return RUN_RECV_TIMEOUT;
		k = ready == -1 ? -1 :
		    recv(fd, chunk, n < sizeof chunk ? n : sizeof chunk, 0);
		if (k > 0) {
			bytes_append(b, chunk, (size_t)k);
			n -= (size_t)k;
		} else if (k == 0 || errno == ECONNRESET) {
			return RUN_RECV_CLOSED;
		} else if (errno != EINTR) {
			run_note(r, "receiving failed: %s", strerror(errno));
			return RUN_RECV_ERROR;
		}
	}
	return RUN_RECV_ALL;
}

/*
 * When the last datagram fd received arrived, on clock_us()'s clock: the
 * kernel's stamp, moved from the time of day to the monotonic clock, so that
 * a grader slow to read the datagram does not make it look later. Returns
 * clock_us() when the kernel cannot tell.
 */
int64_t
run_udp_arrival_us(int fd)
{
	struct timeval stamp;
	struct timespec now;
	int64_t now_us, age;

	/*
	 * The time of day first, the monotonic clock after: a grader
	 * descheduled between the two readings makes the arrival look later,
	 * never earlier (checks judge "no earlier than").
	 */
	if (ioctl(fd, SIOCGSTAMP, &stamp) == -1 ||
	    clock_gettime(CLOCK_REALTIME, &now) == -1)
		return clock_us();
	now_us = clock_us();
	age = (now.tv_sec - stamp.tv_sec) * 1000000LL +
	    (now.tv_nsec / 1000 - stamp.tv_usec);
	return age > 0 ? now_us - age : now_us;
}

int64_t
run_udp_arrival(int fd)
{
	return run_udp_arrival_us(fd) / 1000;
}

/* Short waits, so that p's end is seen within a few ms. */
int
run_udp_recv_while(struct run *r, int fd, struct proc *p, int64_t deadline,
    struct bytes *b, char *from, size_t fromlen)
{
	char err[NET_ERR_LEN];
	int rc;

	for (;;) {
		int64_t now = clock_ms(), slice = now + 5;
		int running = run_running(p);

		rc = net_udp_recv(fd, b, !running ? now : slice < deadline ?
		    slice : deadline, from, fromlen, err);
		if (rc != NET_TIMEOUT || !running || clock_left_ms(deadline) == 0)
			break;
	}
	if (rc == -1)
		run_note(r, "receiving a datagram failed: %s", err);
	return rc;
}

int
run_udp_reply(struct run *r, int fd, const char *to, const void *data,
    size_t len, const char *what)
{
	const char *colon = strrchr(to, ':');
	char ip[32];

	if (colon == NULL || (size_t)(colon - to) >= sizeof ip) {
		run_note(r, "cannot reply to '%s': not an IP:PORT", to);
		return -1;
	}
	snprintf(ip, sizeof ip, "%.*s", (int)(colon - to), to);
	return udp_send_to(r, fd, ip, atoi(colon + 1), data, len, what);
}


int
run_tcp_connect_from(struct run *r, int src_port, int port, int timeout_ms,
    const char *key)
{
	return run_tcp_connect_at(r, src_port != 0 ? "127.0.0.1" : NULL,
	    src_port, "127.0.0.1", port, timeout_ms, key);
}

/* run_tcp_connect to ip:port (run.h). */
int
run_tcp_connect_to(struct run *r, const char *ip, int port, int timeout_ms,
    const char *key)
{
	return run_tcp_connect_at(r, NULL, 0, ip, port, timeout_ms, key);
}

/* A datagram from 127.0.0.1:0, which no reply can reach (run.h). */
int
run_udp_forge_port_zero(struct run *r, int port, const void *data,
    size_t len)
{
	struct sockaddr_in to;
	unsigned char d[64];
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);

	if (fd == -1 || len + 8 > sizeof d) {
		run_note(r, "the grader cannot forge a datagram here (%s)",
		    fd == -1 ? strerror(errno) : "too long");
		if (fd != -1)
			close(fd);
		return -1;
	}
	/* The UDP header: source port 0, destination, length, no checksum. */
	memset(d, 0, 8);
	d[2] = (unsigned char)(port >> 8);
	d[3] = (unsigned char)port;
	d[4] = (unsigned char)((len + 8) >> 8);
	d[5] = (unsigned char)(len + 8);
	memcpy(d + 8, data, len);
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (sendto(fd, d, len + 8, 0, (struct sockaddr *)&to, sizeof to) ==
	    -1) {
		run_note(r, "the grader cannot forge a datagram here (%s)",
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	run_note(r, "a datagram of %zu bytes came from 127.0.0.1:0, a port no "
	    "reply can go to", len);
	return 0;
}

int
run_udp_reply_within(struct run *r, int fd, const char *to, const void *data,
    size_t len, const char *what, int wait_ms)
{
	int64_t late = clock_ms() - run_udp_arrival(fd);

	if (late > wait_ms / 2)
		run_inconclusive(r, "the grader answered a datagram %lld ms "
		    "after it arrived, and its peer waits only %d ms: the "
		    "machine is too busy", (long long)late, wait_ms);
	return run_udp_reply(r, fd, to, data, len, what);
}

int
run_tcp_listen_at(struct run *r, const char *ip, int port)
{
	char err[NET_ERR_LEN];
	int fd = net_tcp_listen_at(ip, port, err);

	if (fd == -1) {
		run_inconclusive(r, "the grader could not listen on %s port "
		    "%d: %s", ip, port, err);
		return -1;
	}
	run_note(r, "the grader listens on %s%s%s:%d", strchr(ip, ':') !=
	    NULL ? "[" : "", ip, strchr(ip, ':') != NULL ? "]" : "", port);
	return fd;
}

int
run_tcp_connect_at(struct run *r, const char *src_ip, int src_port,
    const char *ip, int port, int timeout_ms, const char *key)
{
	char err[NET_ERR_LEN];
	int one = 1;
	int fd = net_tcp_connect_at(src_ip, src_port, ip, port, clock_ms() +
	    run_ms(r, timeout_ms), err);

	if (fd == -1) {
		if (key != NULL)
			transcript_setf(r->t, key, "failed: %s", err);
		return -1;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

int
run_tcp_accept(struct run *r, int fd, int timeout_ms, const char *key)
{
	char err[NET_ERR_LEN], peer[80];
	int conn = net_tcp_accept(fd, clock_ms() + run_ms(r, timeout_ms), peer,
	    sizeof peer, err);

	if (conn >= 0) {
		/* "[ip6]:port" or "ip4:port": the address alone. */
		char *colon = strrchr(peer, ':');
		size_t len = colon != NULL ? (size_t)(colon - peer) : strlen(peer);

		if (peer[0] == '[' && len >= 2)
			transcript_setf(r->t, key, "from %.*s", (int)(len - 2),
			    peer + 1);
		else
			transcript_setf(r->t, key, "from %.*s", (int)len, peer);
	} else
		transcript_setf(r->t, key, "nothing: %s", conn == NET_TIMEOUT ?
		    "no connection arrived in time" : err);
	return conn >= 0 ? conn : -1;
}

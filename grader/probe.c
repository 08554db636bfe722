/*
 * probe.c: the grader's own sockets in a scenario (run.h, "Probes"): each
 * plays peer to a program under test on 127.0.0.1, and each thing it does
 * is noted in the transcript, so the report can say what the grader sent.
 * Failures of the grader's own sockets go to note.error: the check then
 * says the grader could not run it, not that the student failed.
 */
#include "config.h"

#include <arpa/inet.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
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

int
run_udp_send(struct run *r, int fd, int port, const void *data, size_t len,
    const char *what)
{
	char err[NET_ERR_LEN], prefix[96], src[32];

	if (net_udp_send(fd, "127.0.0.1", port, data, len, err) == -1) {
		run_note(r, "sending a datagram to 127.0.0.1:%d failed: %s",
		    port, err);
		return -1;
	}
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
	char err[NET_ERR_LEN];
	int one = 1;
	int fd = net_tcp_connect("127.0.0.1", port, clock_ms() +
	    run_ms(r, timeout_ms), err);

	if (fd == -1) {
		if (key != NULL)
			transcript_setf(r->t, key, "failed: %s", err);
		return -1;
	}
	/* Each write of ours leaves at once, however small. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

int
run_tcp_send(struct run *r, int fd, const char *who, const void *data,
    size_t len)
{
	char err[NET_ERR_LEN], prefix[96];

	if (net_send_all(fd, data, len, err) == -1) {
		snprintf(prefix, sizeof prefix, "%s: sending failed (%s):",
		    who, err);
		note_data(r, prefix, data, len);
		return -1;
	}
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

/*
 * When the last datagram fd received arrived, on clock_ms()'s clock: the
 * kernel's stamp, moved from the time of day to the monotonic clock, so that
 * a grader slow to read the datagram does not make it look later. Returns
 * clock_ms() when the kernel cannot tell.
 */
int64_t
run_udp_arrival(int fd)
{
	struct timeval stamp;
	struct timespec now;
	int64_t now_ms = clock_ms(), age;

	if (ioctl(fd, SIOCGSTAMP, &stamp) == -1 ||
	    clock_gettime(CLOCK_REALTIME, &now) == -1)
		return now_ms;
	age = (now.tv_sec - stamp.tv_sec) * 1000LL +
	    (now.tv_nsec / 1000 - stamp.tv_usec) / 1000;
	return age > 0 ? now_ms - age : now_ms;
}

/* SO_LINGER {1, 0}: close() then sends RST and drops unsent bytes. */
void
run_tcp_reset(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
}

/* netprobe.c: probe sockets and /proc/net readers. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "netprobe.h"

static int
set_error(char *err, const char *what)
{
	int saved = errno;

	snprintf(err, NET_ERR_LEN, "%s: %s", what, strerror(saved));
	errno = saved;
	return -1;
}

static int
make_addr(struct sockaddr_in *sa, const char *ip, int port, char *err)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1) {
		snprintf(err, NET_ERR_LEN, "bad IPv4 address '%s'", ip);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static void
format_addr(const struct sockaddr_in *sa, char *out, size_t outlen)
{
	char ip[INET_ADDRSTRLEN];

	if (inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip) == NULL)
		snprintf(ip, sizeof ip, "?");
	snprintf(out, outlen, "%s:%d", ip, ntohs(sa->sin_port));
}

/* Wait until fd is ready for events or the deadline passes: 1, 0 or -1. */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&pfd, 1, clock_left_ms(deadline));
	while (r == -1 && errno == EINTR && clock_left_ms(deadline) > 0);
	return r;
}

static int
bound_socket(int type, const char *ip, int port, char *err)
{
	struct sockaddr_in sa;
	int one = 1, fd;

	if (make_addr(&sa, ip, port, err) == -1)
		return -1;
	fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return set_error(err, "socket");
	/*
	 * A fixed TCP port must be reusable at once (TIME_WAIT). Never on UDP,
	 * which has no TIME_WAIT: there the option lets two sockets bind one
	 * port, and two checks sharing the host (ports mode) would read each
	 * other's datagrams.
	 */
	if ((port != 0 && type == SOCK_STREAM && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) == -1) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		set_error(err, "bind");
		close(fd);
		return -1;
	}
	return fd;
}

int
net_tcp_listen(const char *ip, int port, char *err)
{
	int fd = bound_socket(SOCK_STREAM, ip, port, err);

	if (fd == -1)
		return -1;
	if (listen(fd, 64) == -1) {
		set_error(err, "listen");
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Connect fd, a non-blocking TCP socket, to sa within the deadline, then
 * make it blocking. Returns fd, or -1 with fd closed and errno kept.
 */
static int
connect_socket(int fd, const struct sockaddr_in *sa, int64_t deadline,
    char *err)
{
	socklen_t len = sizeof(int);
	int soerr = 0, flags, r;

	if (connect(fd, (const struct sockaddr *)sa, sizeof *sa) == 0)
		goto connected;
	if (errno != EINPROGRESS) {
		set_error(err, "connect");
		goto fail;
	}
	r = wait_fd(fd, POLLOUT, deadline);
	if (r == 0) {
		errno = ETIMEDOUT;
		set_error(err, "connect");
		goto fail;
	}
	if (r == -1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1) {
		set_error(err, "connect");
		goto fail;
	}
	if (soerr != 0) {
		errno = soerr;
		set_error(err, "connect");
		goto fail;
	}
connected:
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		set_error(err, "fcntl");
		goto fail;
	}
	return fd;
fail:
	r = errno;
	close(fd);
	errno = r;
	return -1;
}

int
net_tcp_connect(const char *ip, int port, int64_t deadline, char *err)
{
	struct sockaddr_in sa;
	int fd;

	if (make_addr(&sa, ip, port, err) == -1)
		return -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return set_error(err, "socket");
	return connect_socket(fd, &sa, deadline, err);
}

int
net_tcp_accept(int listen_fd, int64_t deadline, char *peer, size_t peerlen,
    char *err)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int r = wait_fd(listen_fd, POLLIN, deadline), fd;

	if (r == 0) {
		snprintf(err, NET_ERR_LEN, "no connection arrived in time");
		return NET_TIMEOUT;
	}
	if (r == -1)
		return set_error(err, "poll");
	fd = accept4(listen_fd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC);
	if (fd == -1)
		return set_error(err, "accept");
	if (peer != NULL)
		format_addr(&sa, peer, peerlen);
	return fd;
}

int
net_read_all(int fd, struct bytes *b, size_t cap, int64_t deadline,
    char *err)
{
	char chunk[4096];

	while (b->len < cap) {
		size_t want = cap - b->len < sizeof chunk ?
		    cap - b->len : sizeof chunk;
		int r = wait_fd(fd, POLLIN, deadline);
		ssize_t n;

		if (r == 0) {
			snprintf(err, NET_ERR_LEN,
			    "the connection stayed open: no end of file in time");
			return NET_TIMEOUT;
		}
		if (r == -1)
			return set_error(err, "poll");
		n = recv(fd, chunk, want, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return set_error(err, "recv");
		if (n == 0)
			return 0;
		bytes_append(b, chunk, (size_t)n);
	}
	snprintf(err, NET_ERR_LEN, "more than %zu bytes arrived", cap);
	return -1;
}

int
net_send_all(int fd, const void *data, size_t len, char *err)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return set_error(err, "send");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
net_udp_bind(const char *ip, int port, char *err)
{
	return bound_socket(SOCK_DGRAM, ip, port, err);
}

int
net_udp_send(int fd, const char *ip, int port, const void *data, size_t len,
    char *err)
{
	struct sockaddr_in sa;
	ssize_t n;

	if (make_addr(&sa, ip, port, err) == -1)
		return -1;
	n = sendto(fd, data, len, 0, (struct sockaddr *)&sa, sizeof sa);
	if (n == -1)
		return set_error(err, "sendto");
	if ((size_t)n != len) {
		snprintf(err, NET_ERR_LEN, "sendto sent %zd of %zu bytes", n,
		    len);
		return -1;
	}
	return 0;
}

int
net_udp_recv(int fd, struct bytes *b, int64_t deadline, char *from,
    size_t fromlen, char *err)
{
	static char buf[65536];
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int r = wait_fd(fd, POLLIN, deadline);
	ssize_t n;

	if (r == 0) {
		snprintf(err, NET_ERR_LEN, "no datagram arrived in time");
		return NET_TIMEOUT;
	}
	if (r == -1)
		return set_error(err, "poll");
	n = recvfrom(fd, buf, sizeof buf, MSG_DONTWAIT,
	    (struct sockaddr *)&sa, &len);
	if (n == -1)
		return set_error(err, "recvfrom");
	bytes_clear(b);
	bytes_append(b, buf, (size_t)n);
	if (from != NULL)
		format_addr(&sa, from, fromlen);
	return 0;
}

int
net_wait_readable(const int *fds, int n, int64_t deadline)
{
	struct pollfd pfd[8];
	int r;

	if (n > 8)
		n = 8;
	for (int i = 0; i < n; i++) {
		pfd[i].fd = fds[i];
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	do
		r = poll(pfd, (nfds_t)n, clock_left_ms(deadline));
	while (r == -1 && errno == EINTR && clock_left_ms(deadline) > 0);
	if (r == -1)
		return -1;
	for (int i = 0; i < n; i++)
		if (pfd[i].revents != 0)
			return i;
	return NET_TIMEOUT;
}

int
net_local_port(int fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;

	if (getsockname(fd, (struct sockaddr *)&sa, &len) == -1)
		return -1;
	return ntohs(sa.sin_port);
}

int
net_free_port(int type, char *err)
{
	int fd = bound_socket(type, "127.0.0.1", 0, err), port;

	if (fd == -1)
		return -1;
	port = net_local_port(fd);
	if (port == -1)
		set_error(err, "getsockname");
	close(fd);
	return port;
}

int
net_port_free(int type, int port)
{
	char err[NET_ERR_LEN];
	int fd = bound_socket(type, "127.0.0.1", port, err);

	if (fd == -1)
		return 0;
	close(fd);
	return 1;
}

int
net_swap_port(int port)
{
	return ((port & 0xff) << 8) | ((port >> 8) & 0xff);
}

int
net_list_sockets(int type, struct sock_entry *v, int max, char *err)
{
	const char *path = type == SOCK_STREAM ? "/proc/net/tcp" :
	    "/proc/net/udp";
	char line[512];
	int n = 0;
	FILE *f = fopen(path, "re");

	if (f == NULL)
		return set_error(err, path);
	/* The first line is a header. */
	if (fgets(line, sizeof line, f) == NULL) {
		fclose(f);
		return 0;
	}
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		unsigned int ip, port, state;
		unsigned long txq, rxq, inode;
		struct in_addr a;

		if (sscanf(line, " %*d: %8X:%4X %*8X:%*4X %2X %lX:%lX %*X:%*X "
		    "%*X %*u %*d %lu", &ip, &port, &state, &txq, &rxq,
		    &inode) != 6)
			continue;
		/* The kernel prints the address as it lies in memory. */
		a.s_addr = ip;
		if (inet_ntop(AF_INET, &a, v[n].ip, sizeof v[n].ip) == NULL)
			continue;
		v[n].port = (int)port;
		v[n].state = (int)state;
		v[n].rx_queue = rxq;
		v[n].inode = inode;
		n++;
	}
	fclose(f);
	return n;
}

int
net_process_sockets(pid_t pid, unsigned long *v, int max)
{
	char dir[64], link[64], target[128];
	struct dirent *d;
	DIR *dp;
	int n = 0;

	if (pid == 0)
		snprintf(dir, sizeof dir, "/proc/self/fd");
	else
		snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	dp = opendir(dir);
	if (dp == NULL)
		return -1;
	while (n < max && (d = readdir(dp)) != NULL) {
		ssize_t len;
		unsigned long inode;

		if (snprintf(link, sizeof link, "%s/%s", dir, d->d_name) >=
		    (int)sizeof link)
			continue;
		len = readlink(link, target, sizeof target - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (sscanf(target, "socket:[%lu]", &inode) == 1)
			v[n++] = inode;
	}
	closedir(dp);
	return n;
}

/*
 * How many bytes the program at the other end of our connected TCP socket
 * fd has received but not read yet, asked from the kernel through the
 * netlink socket nl with one sock_diag request for exactly that socket.
 * (run_wait_drained() reads /proc/net/tcp, which walks every socket of the
 * machine: several milliseconds a call, too slow for a wait after every
 * byte.) Returns the count, 0 when that socket is gone, -1 when the kernel
 * cannot tell.
 */
int
net_diag_socket(void)
{
	return socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
}

long
net_peer_unread(int nl, int fd)
{
	struct sockaddr_in local, remote;
	socklen_t len = sizeof local, rlen = sizeof remote;
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	union {
		struct nlmsghdr nlh;
		char buf[1024];
	} answer;
	const struct nlmsghdr *h = &answer.nlh;
	ssize_t n;

	if (getsockname(fd, (struct sockaddr *)&local, &len) == -1 ||
	    getpeername(fd, (struct sockaddr *)&remote, &rlen) == -1)
		return errno == ENOTCONN ? 0 : -1;
	memset(&msg, 0, sizeof msg);
	msg.nlh.nlmsg_len = sizeof msg;
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST;
	msg.req.sdiag_family = AF_INET;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_states = ~0u;
	/* The peer's socket: its local end is our remote one. */
	msg.req.id.idiag_sport = remote.sin_port;
	msg.req.id.idiag_dport = local.sin_port;
	msg.req.id.idiag_src[0] = remote.sin_addr.s_addr;
	msg.req.id.idiag_dst[0] = local.sin_addr.s_addr;
	msg.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (send(nl, &msg, sizeof msg, 0) != (ssize_t)sizeof msg)
		return -1;
	n = recv(nl, answer.buf, sizeof answer.buf, 0);
	if (n < (ssize_t)sizeof *h || !NLMSG_OK(h, (size_t)n))
		return -1;
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(h);

		return e->error == -ENOENT ? 0 : -1;
	}
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
		return -1;
	return (long)((const struct inet_diag_msg *)NLMSG_DATA(h))->idiag_rqueue;
}

int
net_tcp_connect_from(const char *ip, int src_port, int port,
    int64_t deadline, char *err)
{
	struct sockaddr_in sa;
	int fd, flags;

	if (make_addr(&sa, ip, port, err) == -1)
		return -1;
	fd = bound_socket(SOCK_STREAM, "127.0.0.1", src_port, err);
	if (fd == -1)
		return -1;
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) {
		set_error(err, "fcntl");
		close(fd);
		return -1;
	}
	return connect_socket(fd, &sa, deadline, err);
}

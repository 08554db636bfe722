/* netprobe.c: probe sockets and /proc/net readers. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
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

/*
 * ip (IPv4 or IPv6 text: "192.0.2.12", "2001:db8::12", "::ffff:127.0.0.1")
 * and port into ss. Returns the address's length, or 0 with err set.
 */
static socklen_t
make_addr46(struct sockaddr_storage *ss, const char *ip, int port, char *err)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, ip, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		return sizeof *s4;
	}
	if (inet_pton(AF_INET6, ip, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		return sizeof *s6;
	}
	snprintf(err, NET_ERR_LEN, "bad IP address '%s'", ip);
	errno = EINVAL;
	return 0;
}

/* An IPv4 or IPv6 address as "192.0.2.12:40001" or "[::1]:40001". */
static void
format_addr46(const struct sockaddr_storage *ss, char *out, size_t outlen)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
	char ip[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		format_addr((const struct sockaddr_in *)ss, out, outlen);
		return;
	}
	if (inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof ip) == NULL)
		snprintf(ip, sizeof ip, "?");
	snprintf(out, outlen, "[%s]:%d", ip, ntohs(s6->sin6_port));
}

/*
 * A TCP socket of ip's family bound to ip:port (port 0: any), with
 * SO_REUSEADDR (a fixed port that TIME_WAIT may hold). An IPv6 one is
 * IPv6 only, unless ip is an IPv4-mapped address. Returns it, or -1.
 */
static int
bound_socket46(const char *ip, int port, int flags, char *err)
{
	struct sockaddr_storage ss;
	socklen_t len = make_addr46(&ss, ip, port, err);
	int one = 1, v6only, fd;

	if (len == 0)
		return -1;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
	if (fd == -1)
		return set_error(err, "socket");
	v6only = ss.ss_family == AF_INET6 && !IN6_IS_ADDR_V4MAPPED(
	    &((struct sockaddr_in6 *)&ss)->sin6_addr);
	if (ss.ss_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &v6only, sizeof v6only) == -1) {
		set_error(err, "setsockopt IPV6_V6ONLY");
		close(fd);
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1 ||
	    bind(fd, (struct sockaddr *)&ss, len) == -1) {
		set_error(err, "bind");
		close(fd);
		return -1;
	}
	return fd;
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
connect_socket(int fd, const void *sa, socklen_t salen, int64_t deadline,
    char *err)
{
	socklen_t len = sizeof(int);
	int soerr = 0, flags, r;

	if (connect(fd, (const struct sockaddr *)sa, salen) == 0)
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
	return net_tcp_connect_at(NULL, 0, ip, port, deadline, err);
}

int
net_tcp_accept(int listen_fd, int64_t deadline, char *peer, size_t peerlen,
    char *err)
{
	struct sockaddr_storage sa;
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
		format_addr46(&sa, peer, peerlen);
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
	return net_tcp_connect_at("127.0.0.1", src_port, ip, port, deadline, err);
}

int
net_tcp_listen_at(const char *ip, int port, char *err)
{
	int fd = bound_socket46(ip, port, 0, err);

	if (fd == -1)
		return -1;
	if (listen(fd, 64) == -1) {
		set_error(err, "listen");
		close(fd);
		return -1;
	}
	return fd;
}

int
net_tcp_connect_at(const char *src_ip, int src_port, const char *ip,
    int port, int64_t deadline, char *err)
{
	struct sockaddr_storage sa;
	socklen_t len = make_addr46(&sa, ip, port, err);
	int fd;

	if (len == 0)
		return -1;
	if (src_ip == NULL && src_port == 0)
		fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, 0);
	else
		fd = bound_socket46(src_ip != NULL ? src_ip :
		    sa.ss_family == AF_INET ? "0.0.0.0" : "::", src_port,
		    SOCK_NONBLOCK, err);
	if (fd == -1)
		return src_ip == NULL && src_port == 0 ? set_error(err,
		    "socket") : -1;
	return connect_socket(fd, &sa, len, deadline, err);
}

/*
 * Append to v (at most max in all, *n so far) the listening TCP sockets of
 * family that the kernel reports through nl. Returns 0 or -1 (errno set).
 */
static int
dump_listeners(int nl, int family, struct net_listener *v, int max, int *n)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg;
	static char buf[32768];

	memset(&msg, 0, sizeof msg);
	msg.nlh.nlmsg_len = sizeof msg;
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.req.sdiag_family = (unsigned char)family;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_states = 1u << SOCK_STATE_LISTEN;
	if (send(nl, &msg, sizeof msg, 0) != (ssize_t)sizeof msg)
		return -1;
	for (;;) {
		ssize_t got = recv(nl, buf, sizeof buf, 0);
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		size_t left = got > 0 ? (size_t)got : 0;

		if (got <= 0)
			return -1;
		for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			const struct inet_diag_msg *m = NLMSG_DATA(h);
			const struct rtattr *a;
			size_t alen;

			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				errno = EPROTO;
				return -1;
			}
			if (*n >= max)
				continue;
			v[*n].family = m->idiag_family;
			v[*n].port = ntohs(m->id.idiag_sport);
			v[*n].inode = m->idiag_inode;
			v[*n].v6only = 0;
			if (inet_ntop(m->idiag_family, m->id.idiag_src,
			    v[*n].ip, sizeof v[*n].ip) == NULL)
				continue;
			a = (const struct rtattr *)(m + 1);
			alen = h->nlmsg_len - NLMSG_LENGTH(sizeof *m);
			for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen))
				if (a->rta_type == INET_DIAG_SKV6ONLY &&
				    RTA_PAYLOAD(a) >= 1)
					v[*n].v6only = *(const unsigned char *)
					    RTA_DATA(a);
			(*n)++;
		}
	}
}

int
net_tcp_listeners(struct net_listener *v, int max, char *err)
{
	int nl = net_diag_socket(), n = 0;

	if (nl == -1)
		return set_error(err, "socket(NETLINK_SOCK_DIAG)");
	if (dump_listeners(nl, AF_INET, v, max, &n) == -1 ||
	    dump_listeners(nl, AF_INET6, v, max, &n) == -1) {
		set_error(err, "sock_diag");
		close(nl);
		return -1;
	}
	close(nl);
	return n;
}

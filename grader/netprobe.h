/*
 * netprobe.h: the grader's own sockets (probes that play client or server
 * against a student's program) and readers of the kernel's socket tables.
 *
 * Like Redis's anet: each function returns a descriptor, a count or 0 on
 * success and -1 on error with a message in err (NET_ERR_LEN bytes); nothing
 * here prints or exits. Waits take a deadline from clock_ms(); a wait that
 * runs out returns -2. Every descriptor is close-on-exec.
 */
#ifndef SOCKLAB_NETPROBE_H
#define SOCKLAB_NETPROBE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bytes.h"

#define NET_ERR_LEN 256
#define NET_TIMEOUT (-2)

int net_tcp_listen(const char *ip, int port, char *err);
/* Connect within the deadline; errno tells ECONNREFUSED from other errors. */
int net_tcp_connect(const char *ip, int port, int64_t deadline, char *err);
int net_tcp_accept(int listen_fd, int64_t deadline, char *peer,
    size_t peerlen, char *err);
/* Read until end of file, cap bytes or the deadline; 0 at end of file. */
int net_read_all(int fd, struct bytes *b, size_t cap, int64_t deadline,
    char *err);
int net_send_all(int fd, const void *data, size_t len, char *err);

/* A UDP socket bound to ip:port (port 0: the kernel picks). */
int net_udp_bind(const char *ip, int port, char *err);
int net_udp_send(int fd, const char *ip, int port, const void *data,
    size_t len, char *err);
/*
 * Receive one datagram within the deadline into b (replacing its contents).
 * Writes the sender as "a.b.c.d:port" into from. Returns 0, -1 or -2.
 */
int net_udp_recv(int fd, struct bytes *b, int64_t deadline, char *from,
    size_t fromlen, char *err);

/*
 * Wait until one of the n descriptors is readable (fds[i] == -1 are
 * skipped). Returns its index, NET_TIMEOUT, or -1 on error.
 */
int net_wait_readable(const int *fds, int n, int64_t deadline);

/*
 * How many bytes the program at the other end of our connected TCP socket fd
 * has received but not read yet, asked of the kernel through nl, a socket
 * from net_diag_socket(). Returns the count, 0 when that socket is gone, -1
 * when the kernel cannot tell.
 */
long net_peer_unread(int nl, int fd);

/* A netlink socket for net_peer_unread(), or -1. */
int net_diag_socket(void);

/* The local port of a bound socket, or -1. */
int net_local_port(int fd);
/*
 * A port that is free now on 127.0.0.1 for type (SOCK_STREAM or SOCK_DGRAM),
 * found by binding port 0. Returns the port or -1.
 */
int net_free_port(int type, char *err);

/* Can a socket of type bind 127.0.0.1:port right now? 1 or 0. */
int net_port_free(int type, int port);

/* The port with its two bytes swapped: what a forgotten htons() binds. */
int net_swap_port(int port);

/* One row of /proc/net/tcp or /proc/net/udp, in this network namespace. */
struct sock_entry {
	char ip[16];
	int port;
	int state;		/* TCP_LISTEN, TCP_TIME_WAIT, ... */
	unsigned long inode;	/* 0 for sockets no process holds */
	unsigned long rx_queue;	/* bytes received but not read yet */
};

#define SOCK_STATE_ESTABLISHED 0x01
#define SOCK_STATE_TIME_WAIT 0x06
#define SOCK_STATE_CLOSE 0x07
#define SOCK_STATE_CLOSE_WAIT 0x08	/* the peer's FIN is in */
#define SOCK_STATE_LISTEN 0x0A

/* Read up to max IPv4 sockets of type into v; returns how many, or -1. */
int net_list_sockets(int type, struct sock_entry *v, int max, char *err);

/*
 * Collect the socket inodes that process pid (0: this process) holds, from
 * /proc/PID/fd, into v; returns how many, or -1.
 */
int net_process_sockets(pid_t pid, unsigned long *v, int max);

/*
 * net_tcp_connect from 127.0.0.1:src_port, bound first with SO_REUSEADDR
 * (a fixed source port that TIME_WAIT may still hold). Returns the
 * connected socket, or -1 with err set.
 */
int net_tcp_connect_from(const char *ip, int src_port, int port,
    int64_t deadline, char *err);

/*
 * The same for IPv4 or IPv6 text addresses ("192.0.2.12", "2001:db8::12",
 * "::ffff:127.0.0.1"): a listener on ip:port (an IPv6 one is IPv6 only),
 * and a connection to ip:port from src_ip:src_port (src_ip NULL: any;
 * src_port 0: the kernel picks), the source bound with SO_REUSEADDR. An
 * IPv4-mapped address is reached from an IPv6 socket, as IPv4 on the wire.
 * net_tcp_accept writes an IPv6 peer as "[2001:db8::12]:40001".
 */
int net_tcp_listen_at(const char *ip, int port, char *err);
int net_tcp_connect_at(const char *src_ip, int src_port, const char *ip,
    int port, int64_t deadline, char *err);

/* A listening TCP socket of this network namespace (sock_diag). */
struct net_listener {
	int family;		/* AF_INET or AF_INET6 */
	char ip[46];		/* its address: "0.0.0.0", "::", "::1" ... */
	int port;
	int v6only;		/* IPV6_V6ONLY (AF_INET6 only) */
	unsigned long inode;
};

/* Read up to max listening TCP sockets, both families; how many, or -1. */
int net_tcp_listeners(struct net_listener *v, int max, char *err);

#endif

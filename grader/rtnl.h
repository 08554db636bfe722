/*
 * rtnl.h: the few rtnetlink requests that build a namespace LAN (netlab.c)
 * in the grader's own process: what "ip link add", "ip addr add", "ip
 * route add" and "tc filter add" would do, without starting ip or tc once
 * per host (a process start cost more than the requests themselves: most
 * of a LAN's time).
 *
 * A struct rtnl is one netlink socket, made in the network namespace the
 * calling thread is in: every request acts there (a socket stays in the
 * namespace it was made in). Interfaces are named, and their names looked
 * up in the thread's namespace: use a struct rtnl only while the thread is
 * in the namespace it was opened in. Every call returns 0, or -1 with
 * errno set (the kernel's answer when it refused) and rt->what naming the
 * request.
 */
#ifndef SOCKLAB_RTNL_H
#define SOCKLAB_RTNL_H

struct rtnl {
	int fd;
	unsigned seq;
	const char *what;	/* the request that failed, for messages */
};

int rtnl_open(struct rtnl *rt);
void rtnl_close(struct rtnl *rt);

/* ip link add NAME type veth peer name PEER address PEER_MAC netns NETNS_FD */
int rtnl_add_veth(struct rtnl *rt, const char *name, const char *peer,
    const unsigned char *peer_mac, int netns_fd);
/* tc qdisc add dev NAME clsact */
int rtnl_add_clsact(struct rtnl *rt, const char *name);
/*
 * tc filter add dev NAME ingress prio PRIO u32 match (destination MAC
 * under MASK is MAC) action mirred egress mirror dev TO[0] ... action
 * mirred egress redirect dev TO[N_TO - 1]: a frame that comes in on NAME
 * to such an address goes out of every link in TO, and no further. NAME
 * needs its clsact queue.
 */
int rtnl_add_forward(struct rtnl *rt, const char *name, int prio,
    const unsigned char *mac, const unsigned char *mask,
    const char *const *to, int n_to);
/* ip link set NAME addrgenmode none: no IPv6 link-local address. */
int rtnl_no_addrgen(struct rtnl *rt, const char *name);
/* ip link set NAME mtu MTU */
int rtnl_set_mtu(struct rtnl *rt, const char *name, unsigned mtu);
/* ip link set NAME up */
int rtnl_set_up(struct rtnl *rt, const char *name);
/*
 * ip addr add ADDR/PREFIX [broadcast BROADCAST] dev NAME nodad: an IPv4 or
 * IPv6 address (by its text), usable at once (no duplicate detection).
 */
int rtnl_add_addr(struct rtnl *rt, const char *name, const char *addr,
    int prefix, const char *broadcast);
/* ip route add DEST/PREFIX dev NAME (IPv4) */
int rtnl_add_route(struct rtnl *rt, const char *name, const char *dest,
    int prefix);

/*
 * Does the link carry frames yet: is its operstate up, and its queue no
 * longer the noop one that drops everything? The kernel does each a
 * little after the link goes up (linkwatch), one after the other. Returns
 * 1, 0 (not yet) or -1.
 */
int rtnl_link_ready(struct rtnl *rt, const char *name);

#endif

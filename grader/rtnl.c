/*
 * rtnl.c: rtnetlink requests for a namespace LAN (rtnl.h).
 *
 * Each request is one message (a header, a fixed part, attributes, some of
 * them nested) sent with NLM_F_ACK; the kernel's acknowledgement carries
 * 0 or the error number.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>		/* before linux/if.h: libc's names win */
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/tc_act/tc_mirred.h>
#include <linux/rtnetlink.h>
#include <linux/if_ether.h>
#include <linux/veth.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rtnl.h"

/* A request being built: room for the largest one (a veth with its peer). */
struct request {
	union {
		struct nlmsghdr h;
		char buf[1024];
	} u;
};

int
rtnl_open(struct rtnl *rt)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };

	rt->seq = 0;
	rt->what = "open a netlink socket";
	rt->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (rt->fd == -1)
		return -1;
	if (bind(rt->fd, (struct sockaddr *)&local, sizeof local) == -1) {
		int e = errno;

		close(rt->fd);
		rt->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

void
rtnl_close(struct rtnl *rt)
{
	if (rt->fd != -1)
		close(rt->fd);
	rt->fd = -1;
}

/* Start a request of type with flags, its fixed part len bytes (zeroed). */
static void *
begin(struct request *q, int type, int flags, size_t len)
{
	memset(q, 0, sizeof *q);
	q->u.h.nlmsg_type = (unsigned short)type;
	q->u.h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	q->u.h.nlmsg_len = (unsigned)NLMSG_LENGTH(len);
	return NLMSG_DATA(&q->u.h);
}

/* Append an attribute; returns it (to nest others in it), NULL when full. */
static struct rtattr *
add_attr(struct request *q, int type, const void *data, size_t len)
{
	size_t at = NLMSG_ALIGN(q->u.h.nlmsg_len);
	struct rtattr *a = (struct rtattr *)(q->u.buf + at);

	if (at + RTA_SPACE(len) > sizeof q->u.buf)
		return NULL;
	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len > 0)
		memcpy(RTA_DATA(a), data, len);
	q->u.h.nlmsg_len = (unsigned)(at + RTA_SPACE(len));
	return a;
}

static struct rtattr *
add_string(struct request *q, int type, const char *s)
{
	return add_attr(q, type, s, strlen(s) + 1);
}

/* A nested attribute ends where the message now ends. */
static void
end_nest(struct request *q, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)(q->u.buf + q->u.h.nlmsg_len -
	    (char *)nest);
}

/* Send the request and read the kernel's acknowledgement. */
static int
transact(struct rtnl *rt, struct request *q, const char *what)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr h;
		char buf[4096];
	} ack;
	ssize_t got;

	rt->what = what;
	q->u.h.nlmsg_seq = ++rt->seq;
	if (sendto(rt->fd, q->u.buf, q->u.h.nlmsg_len, 0,
	    (struct sockaddr *)&kernel, sizeof kernel) == -1)
		return -1;
	do
		got = recv(rt->fd, ack.buf, sizeof ack.buf, 0);
	while (got == -1 && errno == EINTR);
	if (got == -1)
		return -1;
	if (!NLMSG_OK(&ack.h, (size_t)got) || ack.h.nlmsg_type != NLMSG_ERROR ||
	    ack.h.nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		errno = EPROTO;
		return -1;
	}
	const struct nlmsgerr *err = NLMSG_DATA(&ack.h);

	if (err->error == 0)
		return 0;
	errno = -err->error;
	return -1;
}

/* The index of the interface called name, or 0 (errno set). */
static int
index_of(struct rtnl *rt, const char *name)
{
	unsigned i = if_nametoindex(name);

	if (i == 0)
		rt->what = "find the interface";
	return (int)i;
}

/*
 * One queue each way, from the start. A veth made without saying so gets
 * one per processor, then cut to one, and the cut waits for an RCU grace
 * period holding the kernel's one rtnl lock: every LAN being built waited.
 */
static void
add_one_queue(struct request *q)
{
	unsigned one = 1;

	add_attr(q, IFLA_NUM_TX_QUEUES, &one, sizeof one);
	add_attr(q, IFLA_NUM_RX_QUEUES, &one, sizeof one);
}

/*
 * Start "ip link add name type kind": returns the nest of kind's own
 * attributes; *info is the nest around it, to end after it.
 */
static struct rtattr *
begin_new_link(struct request *q, const char *name, const char *kind,
    struct rtattr **info)
{
	begin(q, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(struct ifinfomsg));
	add_string(q, IFLA_IFNAME, name);
	add_one_queue(q);
	*info = add_attr(q, IFLA_LINKINFO, NULL, 0);
	add_string(q, IFLA_INFO_KIND, kind);
	return add_attr(q, IFLA_INFO_DATA, NULL, 0);
}

int
rtnl_add_veth(struct rtnl *rt, const char *name, const char *peer,
    const unsigned char *peer_mac, int netns_fd)
{
	struct request q;
	struct rtattr *info, *data = begin_new_link(&q, name, "veth", &info);
	struct ifinfomsg peer_info = { .ifi_family = AF_UNSPEC };
	struct rtattr *peer_attr;
	unsigned fd = (unsigned)netns_fd;

	/* The peer is a link message of its own: its fixed part, then its
	 * name, its address, its queues and the namespace it is made in. */
	peer_attr = add_attr(&q, VETH_INFO_PEER, &peer_info, sizeof peer_info);
	add_string(&q, IFLA_IFNAME, peer);
	add_attr(&q, IFLA_ADDRESS, peer_mac, ETH_ALEN);
	add_one_queue(&q);
	add_attr(&q, IFLA_NET_NS_FD, &fd, sizeof fd);
	end_nest(&q, peer_attr);
	end_nest(&q, data);
	end_nest(&q, info);
	return transact(rt, &q, "add a veth pair");
}

int
rtnl_add_clsact(struct rtnl *rt, const char *name)
{
	struct request q;
	struct tcmsg *tcm = begin(&q, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof *tcm);

	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = index_of(rt, name);
	tcm->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	tcm->tcm_parent = TC_H_CLSACT;
	if (tcm->tcm_ifindex == 0)
		return -1;
	add_string(&q, TCA_KIND, "clsact");
	return transact(rt, &q, "add a clsact queue");
}

/*
 * u32's selector for "the destination MAC address, under mask, is mac":
 * two 32-bit keys. u32 reads words at offsets from the network header, the
 * Ethernet header being the 14 bytes before it: the word at -16 ends with
 * the address's first two bytes, the word at -12 holds the other four.
 */
static void
add_mac_selector(struct request *q, const unsigned char *mac,
    const unsigned char *mask)
{
	unsigned char sel[sizeof(struct tc_u32_sel) +
	    2 * sizeof(struct tc_u32_key)];
	struct tc_u32_sel head;
	struct tc_u32_key keys[2];
	unsigned char v[8] = { 0, 0, mac[0], mac[1], mac[2], mac[3], mac[4],
	    mac[5] };
	unsigned char m[8] = { 0, 0, mask[0], mask[1], mask[2], mask[3],
	    mask[4], mask[5] };

	/* Zeroed whole, padding too: every byte goes to the kernel. */
	memset(&head, 0, sizeof head);
	memset(keys, 0, sizeof keys);
	head.flags = TC_U32_TERMINAL;
	head.nkeys = 2;
	keys[0].off = -16;
	keys[1].off = -12;
	for (int k = 0; k < 2; k++) {
		memcpy(&keys[k].val, v + 4 * k, 4);
		memcpy(&keys[k].mask, m + 4 * k, 4);
		/* u32 compares the masked bits only. */
		keys[k].val &= keys[k].mask;
	}
	memcpy(sel, &head, sizeof head);
	memcpy(sel + sizeof head, keys, sizeof keys);
	add_attr(q, TCA_U32_SEL, sel, sizeof sel);
}

/*
 * Action number order: mirred sends a copy of the frame out of ifindex,
 * or, the last, the frame itself (it goes no further in).
 */
static int
add_mirred(struct request *q, int order, int ifindex, int last)
{
	struct tc_mirred parms = {
		.action = last ? TC_ACT_STOLEN : TC_ACT_PIPE,
		.eaction = last ? TCA_EGRESS_REDIR : TCA_EGRESS_MIRROR,
		.ifindex = (unsigned)ifindex,
	};
	struct rtattr *act = add_attr(q, order, NULL, 0), *opts;

	if (act == NULL || add_string(q, TCA_ACT_KIND, "mirred") == NULL ||
	    (opts = add_attr(q, TCA_ACT_OPTIONS, NULL, 0)) == NULL ||
	    add_attr(q, TCA_MIRRED_PARMS, &parms, sizeof parms) == NULL)
		return -1;
	end_nest(q, opts);
	end_nest(q, act);
	return 0;
}

int
rtnl_add_forward(struct rtnl *rt, const char *name, int prio,
    const unsigned char *mac, const unsigned char *mask,
    const char *const *to, int n_to)
{
	struct request q;
	struct tcmsg *tcm = begin(&q, RTM_NEWTFILTER, NLM_F_CREATE |
	    NLM_F_EXCL, sizeof *tcm);
	struct rtattr *opts, *acts;

	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = index_of(rt, name);
	tcm->tcm_parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS);
	tcm->tcm_info = TC_H_MAKE((unsigned)prio << 16, htons(ETH_P_ALL));
	if (tcm->tcm_ifindex == 0)
		return -1;
	add_string(&q, TCA_KIND, "u32");
	opts = add_attr(&q, TCA_OPTIONS, NULL, 0);
	add_mac_selector(&q, mac, mask);
	acts = add_attr(&q, TCA_U32_ACT, NULL, 0);
	for (int i = 0; i < n_to; i++) {
		int out = index_of(rt, to[i]);

		if (out == 0)
			return -1;
		if (add_mirred(&q, i + 1, out, i == n_to - 1) == -1) {
			rt->what = "add a forwarding rule (too many ports)";
			errno = E2BIG;
			return -1;
		}
	}
	end_nest(&q, acts);
	end_nest(&q, opts);
	return transact(rt, &q, "add a forwarding rule");
}

/* Start a request that changes the interface called name. */
static struct ifinfomsg *
begin_set(struct rtnl *rt, struct request *q, const char *name)
{
	struct ifinfomsg *ifi = begin(q, RTM_NEWLINK, 0, sizeof *ifi);

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index_of(rt, name);
	return ifi->ifi_index == 0 ? NULL : ifi;
}

int
rtnl_no_addrgen(struct rtnl *rt, const char *name)
{
	struct request q;
	struct rtattr *spec, *inet6;
	unsigned char mode = IN6_ADDR_GEN_MODE_NONE;

	if (begin_set(rt, &q, name) == NULL)
		return -1;
	spec = add_attr(&q, IFLA_AF_SPEC, NULL, 0);
	inet6 = add_attr(&q, AF_INET6, NULL, 0);
	add_attr(&q, IFLA_INET6_ADDR_GEN_MODE, &mode, sizeof mode);
	end_nest(&q, inet6);
	end_nest(&q, spec);
	return transact(rt, &q, "set addrgenmode none");
}

int
rtnl_set_mtu(struct rtnl *rt, const char *name, unsigned mtu)
{
	struct request q;

	if (begin_set(rt, &q, name) == NULL)
		return -1;
	add_attr(&q, IFLA_MTU, &mtu, sizeof mtu);
	return transact(rt, &q, "set a link's MTU");
}

int
rtnl_set_up(struct rtnl *rt, const char *name)
{
	struct request q;
	struct ifinfomsg *ifi = begin_set(rt, &q, name);

	if (ifi == NULL)
		return -1;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return transact(rt, &q, "set a link up");
}

int
rtnl_add_addr(struct rtnl *rt, const char *name, const char *addr,
    int prefix, const char *broadcast)
{
	struct request q;
	struct ifaddrmsg *ifa = begin(&q, RTM_NEWADDR, NLM_F_CREATE |
	    NLM_F_EXCL, sizeof *ifa);
	unsigned char a[16], b[4];
	int family = strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;
	size_t len = family == AF_INET6 ? 16 : 4;

	rt->what = "parse an address";
	if (inet_pton(family, addr, a) != 1 || (broadcast != NULL &&
	    inet_pton(AF_INET, broadcast, b) != 1)) {
		errno = EINVAL;
		return -1;
	}
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_flags = IFA_F_NODAD;
	ifa->ifa_index = (unsigned)index_of(rt, name);
	if (ifa->ifa_index == 0)
		return -1;
	add_attr(&q, IFA_LOCAL, a, len);
	add_attr(&q, IFA_ADDRESS, a, len);
	if (broadcast != NULL)
		add_attr(&q, IFA_BROADCAST, b, sizeof b);
	return transact(rt, &q, "add an address");
}

int
rtnl_add_route(struct rtnl *rt, const char *name, const char *dest,
    int prefix)
{
	struct request q;
	struct rtmsg *rtm = begin(&q, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
	    sizeof *rtm);
	unsigned char d[4];
	int oif = index_of(rt, name);

	rt->what = "parse a route";
	if (inet_pton(AF_INET, dest, d) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (oif == 0)
		return -1;
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = (unsigned char)prefix;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	add_attr(&q, RTA_DST, d, sizeof d);
	add_attr(&q, RTA_OIF, &oif, sizeof oif);
	return transact(rt, &q, "add a route");
}

/* ---- Is a link ready to carry frames? ---- */

/* The attribute of type in the list at attrs (len bytes), or NULL. */
static const struct rtattr *
find_attr(const struct rtattr *attrs, int len, int type)
{
	for (const struct rtattr *a = attrs; RTA_OK(a, len);
	    a = RTA_NEXT(a, len))
		if (a->rta_type == type)
			return a;
	return NULL;
}

/*
 * Send a GET request and read its answers (up to NLMSG_DONE for a dump);
 * each message of type want goes to take(arg, message). Returns 0 or -1.
 */
static int
query(struct rtnl *rt, struct request *q, int want,
    void (*take)(void *, const struct nlmsghdr *), void *arg)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int dump = q->u.h.nlmsg_flags & NLM_F_DUMP;
	union {
		struct nlmsghdr h;
		char buf[16384];
	} in;

	q->u.h.nlmsg_flags &= (unsigned short)~NLM_F_ACK;
	q->u.h.nlmsg_seq = ++rt->seq;
	if (sendto(rt->fd, q->u.buf, q->u.h.nlmsg_len, 0,
	    (struct sockaddr *)&kernel, sizeof kernel) == -1)
		return -1;
	for (;;) {
		ssize_t got = recv(rt->fd, in.buf, sizeof in.buf, 0);
		size_t left = got > 0 ? (size_t)got : 0;

		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		for (struct nlmsghdr *h = &in.h; NLMSG_OK(h, left);
		    h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				errno = e->error ? -e->error : EPROTO;
				return -1;
			}
			if (h->nlmsg_type == want)
				take(arg, h);
			if (!dump)
				return 0;
		}
	}
}

/* Is the link's operstate up (IFF_RUNNING)? */
static void
take_link(void *arg, const struct nlmsghdr *h)
{
	int *oper_up = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *oper = find_attr(IFLA_RTA(ifi),
	    (int)IFLA_PAYLOAD(h), IFLA_OPERSTATE);

	*oper_up = oper != NULL &&
	    *(const unsigned char *)RTA_DATA(oper) == IF_OPER_UP;
}

struct root_qdisc {
	int ifindex;
	int active;		/* a root qdisc other than noop */
};

static void
take_qdisc(void *arg, const struct nlmsghdr *h)
{
	struct root_qdisc *rq = arg;
	const struct tcmsg *tcm = NLMSG_DATA(h);
	const struct rtattr *kind = find_attr((const struct rtattr *)((const
	    char *)tcm + NLMSG_ALIGN(sizeof *tcm)), (int)(h->nlmsg_len -
	    NLMSG_LENGTH(sizeof *tcm)), TCA_KIND);

	if (tcm->tcm_ifindex == rq->ifindex && tcm->tcm_parent == TC_H_ROOT &&
	    kind != NULL && strcmp(RTA_DATA(kind), "noop") != 0)
		rq->active = 1;
}

int
rtnl_link_ready(struct rtnl *rt, const char *name)
{
	struct request q;
	int oper_up = 0;
	struct root_qdisc rq = { index_of(rt, name), 0 };
	struct ifinfomsg *ifi;
	struct tcmsg *tcm;

	if (rq.ifindex == 0)
		return -1;
	ifi = begin(&q, RTM_GETLINK, 0, sizeof *ifi);
	ifi->ifi_index = rq.ifindex;
	rt->what = "read a link's state";
	if (query(rt, &q, RTM_NEWLINK, take_link, &oper_up) == -1)
		return -1;
	tcm = begin(&q, RTM_GETQDISC, NLM_F_DUMP, sizeof *tcm);
	tcm->tcm_ifindex = rq.ifindex;
	rt->what = "read a link's queue";
	if (query(rt, &q, RTM_NEWQDISC, take_qdisc, &rq) == -1)
		return -1;
	return oper_up && rq.active;
}

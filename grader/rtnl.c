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
#include <linux/if_bridge.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
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
	*info = add_attr(q, IFLA_LINKINFO, NULL, 0);
	add_string(q, IFLA_INFO_KIND, kind);
	return add_attr(q, IFLA_INFO_DATA, NULL, 0);
}

int
rtnl_add_bridge(struct rtnl *rt, const char *name)
{
	struct request q;
	struct rtattr *info, *data = begin_new_link(&q, name, "bridge", &info);
	unsigned char off = 0;

	/* Flood multicast to every port: no IGMP snooping to warm up. */
	add_attr(&q, IFLA_BR_MCAST_SNOOPING, &off, sizeof off);
	end_nest(&q, data);
	end_nest(&q, info);
	return transact(rt, &q, "add a bridge");
}

int
rtnl_add_veth(struct rtnl *rt, const char *name, const char *peer,
    int netns_fd)
{
	struct request q;
	struct rtattr *info, *data = begin_new_link(&q, name, "veth", &info);
	struct ifinfomsg peer_info = { .ifi_family = AF_UNSPEC };
	struct rtattr *peer_attr;
	unsigned fd = (unsigned)netns_fd;

	/* The peer is a link message of its own: its fixed part, then its
	 * name and the namespace it is made in. */
	peer_attr = add_attr(&q, VETH_INFO_PEER, &peer_info, sizeof peer_info);
	add_string(&q, IFLA_IFNAME, peer);
	add_attr(&q, IFLA_NET_NS_FD, &fd, sizeof fd);
	end_nest(&q, peer_attr);
	end_nest(&q, data);
	end_nest(&q, info);
	return transact(rt, &q, "add a veth pair");
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
rtnl_set_master(struct rtnl *rt, const char *name, const char *master)
{
	struct request q;
	int m = index_of(rt, master);

	if (m == 0 || begin_set(rt, &q, name) == NULL)
		return -1;
	add_attr(&q, IFLA_MASTER, &m, sizeof m);
	return transact(rt, &q, "set a master");
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

/* The attribute of type nested in outer, or NULL (outer NULL too). */
static const struct rtattr *
find_nested(const struct rtattr *outer, int type)
{
	if (outer == NULL)
		return NULL;
	return find_attr(RTA_DATA(outer), (int)RTA_PAYLOAD(outer), type);
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

struct link_state {
	int oper_up;		/* operstate up (IFF_RUNNING) */
	int port;		/* a bridge port: 1 forwarding, 0 not; -1 none */
};

static void
take_link(void *arg, const struct nlmsghdr *h)
{
	struct link_state *st = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)IFLA_PAYLOAD(h);
	const struct rtattr *oper = find_attr(IFLA_RTA(ifi), len,
	    IFLA_OPERSTATE);
	const struct rtattr *info = find_attr(IFLA_RTA(ifi), len,
	    IFLA_LINKINFO);
	const struct rtattr *kind = find_nested(info, IFLA_INFO_SLAVE_KIND);
	const struct rtattr *state = find_nested(find_nested(info,
	    IFLA_INFO_SLAVE_DATA), IFLA_BRPORT_STATE);

	st->oper_up = oper != NULL &&
	    *(const unsigned char *)RTA_DATA(oper) == IF_OPER_UP;
	if (kind != NULL && strcmp(RTA_DATA(kind), "bridge") == 0)
		st->port = state != NULL && *(const unsigned char *)
		    RTA_DATA(state) == BR_STATE_FORWARDING;
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
	struct link_state st = { 0, -1 };
	struct root_qdisc rq = { index_of(rt, name), 0 };
	struct ifinfomsg *ifi;
	struct tcmsg *tcm;

	if (rq.ifindex == 0)
		return -1;
	ifi = begin(&q, RTM_GETLINK, 0, sizeof *ifi);
	ifi->ifi_index = rq.ifindex;
	rt->what = "read a link's state";
	if (query(rt, &q, RTM_NEWLINK, take_link, &st) == -1)
		return -1;
	tcm = begin(&q, RTM_GETQDISC, NLM_F_DUMP, sizeof *tcm);
	tcm->tcm_ifindex = rq.ifindex;
	rt->what = "read a link's queue";
	if (query(rt, &q, RTM_NEWQDISC, take_qdisc, &rq) == -1)
		return -1;
	return st.oper_up && st.port != 0 && rq.active;
}

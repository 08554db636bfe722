/*
 * netlab.h: real network conditions inside a check's sandbox, made with the
 * kernel's own machinery: loss (nftables rules on the input hook, so that a
 * sender sees no error), a slow link (a tbf qdisc), the kernel's counters
 * (nft counters, receive-buffer drops, interface statistics), and a LAN of
 * several hosts (network namespaces joined by veth pairs to a switch, tc
 * rules in the sandbox's own namespace, 192.0.2.0/24 and 2001:db8::/64).
 * Nothing here can reach beyond the sandbox's namespace.
 *
 * Everything is what Debian's nft, tc and ip commands would do, the way a
 * student repeats it by hand (grader/netlab), and every impairment is noted
 * in the transcript with its seed. It needs CAP_NET_ADMIN in the namespace:
 * a lesson that uses it sets needs_netns, and is skipped in SANDBOX_PORTS.
 *
 * These functions are for scenarios, like run.h's: they take the run, note
 * what they did under "sent", and on failure set note.inconclusive (the
 * host could not build the conditions: that says nothing of the student's
 * code) and return -1.
 */
#ifndef SOCKLAB_NETLAB_H
#define SOCKLAB_NETLAB_H

#include <stdint.h>

struct run;

/* ---- Loss: nftables rules on the input hook ---- */

struct netlab_loss {
	int every;		/* drop the Nth, 2Nth... matching packet; 0: no */
	int percent;		/* or this share, in a pattern drawn from seed */
	unsigned seed;
	int proto;		/* IPPROTO_UDP or IPPROTO_TCP */
	int port;		/* destination port matched; 0: any */
};

/*
 * Drop packets as loss says, on arrival in the sandbox's namespace (host 0)
 * or on LAN host host. The pattern repeats every 1,000 matching packets
 * and is the same for the same seed: both runs of a check lose the same
 * packets when they send the same ones. Returns 0 or -1 (noted).
 */
int netlab_loss(struct run *r, int host, const struct netlab_loss *loss);

/*
 * How many packets (and bytes) the loss rules of host have dropped so far,
 * and how many matched (dropped or not). Returns 0 or -1.
 */
struct netlab_count {
	int64_t packets;
	int64_t bytes;
};
int netlab_dropped(struct run *r, int host, struct netlab_count *dropped,
    struct netlab_count *matched);

/*
 * Datagrams the kernel dropped for want of room in a UDP socket's receive
 * buffer (Udp RcvbufErrors in /proc/net/snmp) in host's namespace, IPv4
 * and IPv6 together, so far; -1 when it cannot tell.
 */
int64_t netlab_rcvbuf_errors(int host);

/*
 * A counter of the kernel's SNMP tables in host's namespace: proto "Udp",
 * "Tcp", "Ip" (/proc/net/snmp) or "Udp6", "Ip6" (/proc/net/snmp6), field
 * "OutDatagrams", "ActiveOpens"...; -1 when it cannot tell.
 */
int64_t netlab_snmp(int host, const char *proto, const char *field);

/* ---- A slow link: a tbf qdisc ---- */

/*
 * Limit what leaves dev ("lo", or "eth0" on a LAN host) on host to rate
 * (tc's words: "1mbit", "200kbit"), with a burst of burst_bytes and a
 * queue of at most latency_ms. dev's MTU becomes an Ethernet's, 1500
 * bytes: tbf drops a packet larger than its burst, and lo's own MTU
 * (65536) would let TCP send nothing but such packets. Returns 0 or -1
 * (noted).
 */
int netlab_rate(struct run *r, int host, const char *dev, const char *rate,
    int burst_bytes, int latency_ms);

/* ---- Interface statistics (/proc/net/dev of the host's namespace) ---- */

struct netlab_stats {
	int64_t rx_packets, rx_bytes;
	int64_t tx_packets, tx_bytes;
};

/* dev's counters on host now. Returns 0 or -1 (no such device). */
int netlab_stats(int host, const char *dev, struct netlab_stats *st);

/* ---- A LAN of hosts ---- */

#define NETLAB_MAX_HOSTS 6

/*
 * Build a LAN of hosts hosts (1..hosts, at most NETLAB_MAX_HOSTS): each a
 * network namespace with its loopback up and an interface eth0 (MAC
 * address 02:00:c0:00:02:(10+N), the IPv4 address in hex) whose peer
 * vethN in the sandbox's namespace is a port of the switch there, at 192.0.2.(10+N)/24 and
 * 2001:db8::(10+N)/64 (see netlab_host_ip). The sandbox itself (host 0)
 * has no address on it: it only switches. Programs run on a host with
 * run_extra's host set; probes with netlab_udp_probe. Returns 0 or -1
 * (noted). The namespaces go when the sandbox ends.
 */
int netlab_lan(struct run *r, int hosts);

/* Host N's IPv4 ("192.0.2.11") or IPv6 ("2001:db8::11") address. */
const char *netlab_host_ip(int host);
const char *netlab_host_ip6(int host);
#define NETLAB_BROADCAST "192.0.2.255"

/*
 * A descriptor of host's network namespace (0: the sandbox's own), for
 * spawn; -1 when there is no such host.
 */
int netlab_host_netns(int host);

/*
 * A UDP socket (type SOCK_DGRAM) or TCP socket (SOCK_STREAM) of family
 * (AF_INET, AF_INET6) made in host's namespace, not bound. The grader's
 * probes on a LAN host: bind, join groups and send with the usual calls.
 * Returns the socket or -1 (noted).
 */
int netlab_socket(struct run *r, int host, int family, int type);

/* ---- Addresses on the sandbox's own loopback (host 0) ---- */

/*
 * Add each address of addrs (NULL-ended: "192.0.2.12", "2001:db8::12") to
 * the sandbox's lo, as /32 or /128 (IPv6 ones "nodad noprefixroute"),
 * and wait until each is routable (the kernel adds an IPv6 local route a
 * moment later: until then a SYN there is lost).
 * Then a program there can bind, listen and connect on them, and
 * getaddrinfo() counts both families as configured (names.h): a check of
 * names, IPv4 and IPv6 needs no LAN. Returns 0 or -1 (noted).
 */
int netlab_lo_addresses(struct run *r, const char *const addrs[]);

/*
 * Make a TCP connect() to addr (not an address of the sandbox) fail at
 * once with ENETUNREACH, "Network is unreachable", while getaddrinfo()
 * still ranks addr as reachable (RFC 3484 rule 1 asks a UDP socket: a
 * route through lo with source src, an address already on lo, answers
 * it); a policy rule for TCP alone refuses the route. So a name's first
 * address can be the unreachable one. Returns 0 or -1 (noted).
 */
int netlab_tcp_unreachable(struct run *r, const char *addr, const char *src);

/* ---- Packets on the wire, for every check's report ---- */

struct netlab_wire {
	int ok;
	struct netlab_stats lo;
};

/* Take the sandbox's loopback counters before a scenario. */
void netlab_wire_begin(struct netlab_wire *w);

/*
 * Record note.wire: what crossed the loopback since netlab_wire_begin
 * ("lo: 14 packets, 1032 bytes") and each LAN host's eth0. Only in a
 * network namespace of the sandbox's own (else the counts are the host's).
 */
void netlab_wire_note(struct run *r, const struct netlab_wire *w);

/*
 * Forget the LAN and the namespaces netlab holds (they go when nothing
 * else holds them), so that a next run in the same process starts afresh.
 */
void netlab_close(void);

/*
 * Enter a network namespace of our own, as root in it (through a user
 * namespace when we are not root), for grader/netlab and the unit tests.
 * Returns 0, or -1 with errno set.
 */
int netlab_enter_private(void);

/* ---- Checks ---- */

/* Is the sandbox a network namespace of its own (netlab works)? */
int netlab_usable(const struct run *r);

#endif

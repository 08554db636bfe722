/*
 * test-netlab.c: netlab's conditions are the kernel's, and do what they
 * say: loss rules drop exactly their pattern and count it, a full receive
 * buffer is counted, a LAN carries broadcast and multicast between its
 * hosts, a program started on a host runs there, addresses added to lo are
 * usable at once, an address made unreachable is so for TCP alone, and
 * sock_diag tells each listener's family and IPV6_V6ONLY. Each test runs in a
 * fresh network namespace of its own (Check forks one process per test).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "capture.h"
#include "clock.h"
#include "netlab.h"
#include "netprobe.h"
#include "relay.h"
#include "run.h"
#include "transcript.h"

static char tmp[PATH_MAX], bin[PATH_MAX + 8], home[PATH_MAX + 8];
static struct run_config cfg;
static struct transcript t;
static struct run r;
static int have_tools;

static void
setup(void)
{
	const char *dir = getenv("TMPDIR");
	char err[256];

	ck_assert_int_eq(netlab_enter_private(), 0);
	snprintf(tmp, sizeof tmp, "%s/socklab-netlab.XXXXXX",
	    dir != NULL && dir[0] != '\0' ? dir : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(bin, sizeof bin, "%s/bin", tmp);
	snprintf(home, sizeof home, "%s/home", tmp);
	ck_assert_int_eq(mkdir(bin, 0755), 0);
	ck_assert_int_eq(mkdir(home, 0755), 0);
	memset(&cfg, 0, sizeof cfg);
	cfg.bin_dir = cfg.ref_bin_dir = bin;
	cfg.work_dir = tmp;
	cfg.mode = SANDBOX_NETNS;
	cfg.time_scale = 1;
	cfg.guest.uid = (uid_t)-1;
	cfg.guest.gid = (gid_t)-1;
	transcript_init(&t);
	ck_assert_int_eq(run_init(&r, &cfg, &t, err, sizeof err), 0);
	ck_assert_int_eq(system("ip link set lo up"), 0);
}

static void
teardown(void)
{
	char cmd[PATH_MAX + 16];

	run_finish(&r);
	netlab_close();
	transcript_free(&t);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

/* A UDP socket bound to ip:port (port 0: any) with a receive timeout. */
static int
udp_bound(int host, const char *ip, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 0, .tv_usec = 300000 };
	int fd = netlab_socket(&r, host, AF_INET, SOCK_DGRAM);

	ck_assert_int_ge(fd, 0);
	a.sin_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET, ip, &a.sin_addr), 1);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof tv), 0);
	return fd;
}

static void
send_to(int fd, const char *ip, int port, const char *text)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_port = htons((uint16_t)port);
	ck_assert_int_eq(inet_pton(AF_INET, ip, &a.sin_addr), 1);
	ck_assert_int_eq(sendto(fd, text, strlen(text), 0,
	    (struct sockaddr *)&a, sizeof a), (ssize_t)strlen(text));
}

/* Send n datagrams one at a time, each drained: count what arrived. */
static int
count_arrivals(int n)
{
	int rx = udp_bound(0, "127.0.0.1", 9999);
	int tx = udp_bound(0, "127.0.0.1", 0);
	int got = 0;
	char buf[64];

	/* A short timeout: a lost datagram costs one wait. */
	struct timeval tv = { .tv_sec = 0, .tv_usec = 10000 };

	ck_assert_int_eq(setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof tv), 0);
	for (int i = 0; i < n; i++) {
		send_to(tx, "127.0.0.1", 9999, "x");
		if (recv(rx, buf, sizeof buf, 0) == 1)
			got++;
	}
	close(rx);
	close(tx);
	return got;
}

START_TEST(test_loss_every)
{
	struct netlab_loss loss = { .every = 10, .proto = IPPROTO_UDP,
	    .port = 9999 };
	struct netlab_count dropped, matched;

	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_loss(&r, 0, &loss), 0);
	ck_assert_int_eq(count_arrivals(100), 90);
	ck_assert_int_eq(netlab_dropped(&r, 0, &dropped, &matched), 0);
	ck_assert_int_eq(dropped.packets, 10);
	ck_assert_int_eq(matched.packets, 100);
	ck_assert_ptr_nonnull(strstr(transcript_str(&t, "note.sent"),
	    "every 10th udp packet"));
}
END_TEST

START_TEST(test_loss_percent_seeded)
{
	struct netlab_loss loss = { .percent = 30, .seed = 7,
	    .proto = IPPROTO_UDP, .port = 9999 };
	struct netlab_count dropped;

	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_loss(&r, 0, &loss), 0);
	/* A whole period: exactly 300 of 1000 are lost, whatever the seed. */
	ck_assert_int_eq(count_arrivals(1000), 700);
	ck_assert_int_eq(netlab_dropped(&r, 0, &dropped, NULL), 0);
	ck_assert_int_eq(dropped.packets, 300);
	ck_assert_ptr_nonnull(strstr(transcript_str(&t, "note.sent"),
	    "seed 7"));
}
END_TEST

START_TEST(test_rcvbuf_errors)
{
	int rx = udp_bound(0, "127.0.0.1", 9999);
	int tx = udp_bound(0, "127.0.0.1", 0);
	int small = 2048, got = 0;
	int64_t before = netlab_rcvbuf_errors(0);
	char buf[600] = { 0 };

	ck_assert_int_ge(before, 0);
	ck_assert_int_eq(setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &small,
	    sizeof small), 0);
	for (int i = 0; i < 50; i++)
		send_to(tx, "127.0.0.1", 9999, "0123456789012345678901234567");
	while (recv(rx, buf, sizeof buf, MSG_DONTWAIT) > 0)
		got++;
	ck_assert_int_gt(netlab_rcvbuf_errors(0) - before, 0);
	ck_assert_int_ge(netlab_snmp(0, "Udp", "OutDatagrams"), 50);
	ck_assert_int_eq(netlab_snmp(0, "Udp", "NoSuchField"), -1);
	ck_assert_int_eq(got + (int)(netlab_rcvbuf_errors(0) - before), 50);
	close(rx);
	close(tx);
}
END_TEST

START_TEST(test_lan_broadcast_multicast)
{
	struct netlab_stats before, after;
	struct ip_mreq mr;
	int on = 1, b2, m3, s1;
	char buf[64];
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	ssize_t n;

	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_lan(&r, 3), 0);
	b2 = udp_bound(2, "0.0.0.0", 7000);
	m3 = udp_bound(3, "0.0.0.0", 7001);
	inet_pton(AF_INET, "239.1.2.3", &mr.imr_multiaddr);
	inet_pton(AF_INET, netlab_host_ip(3), &mr.imr_interface);
	ck_assert_int_eq(setsockopt(m3, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
	    sizeof mr), 0);
	s1 = udp_bound(1, netlab_host_ip(1), 0);
	ck_assert_int_eq(setsockopt(s1, SOL_SOCKET, SO_BROADCAST, &on,
	    sizeof on), 0);
	ck_assert_int_eq(netlab_stats(1, "eth0", &before), 0);
	send_to(s1, NETLAB_BROADCAST, 7000, "everyone");
	send_to(s1, "239.1.2.3", 7001, "members");
	n = recvfrom(b2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
	ck_assert_int_eq(n, 8);
	ck_assert_str_eq(inet_ntoa(from.sin_addr), "192.0.2.11");
	ck_assert_int_eq(recv(m3, buf, sizeof buf, 0), 7);
	ck_assert_int_eq(netlab_stats(1, "eth0", &after), 0);
	ck_assert_int_eq(after.tx_packets - before.tx_packets, 2);
	close(b2);
	close(m3);
	close(s1);
}
END_TEST

/*
 * The switch sends a frame for one host to that host alone, and floods
 * the broadcast: host 3's eth0 counts the second, never the first.
 */
START_TEST(test_lan_switch_forwards_unicast_to_one_host)
{
	struct netlab_stats rx2[2], rx3[2];
	int on = 1, u2, s1;
	char buf[64];

	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_lan(&r, 3), 0);
	u2 = udp_bound(2, "0.0.0.0", 7000);
	s1 = udp_bound(1, netlab_host_ip(1), 0);
	ck_assert_int_eq(setsockopt(s1, SOL_SOCKET, SO_BROADCAST, &on,
	    sizeof on), 0);
	/* The first one asks for host 2's address (ARP, a broadcast). */
	send_to(s1, netlab_host_ip(2), 7000, "warm-up");
	ck_assert_int_eq(recv(u2, buf, sizeof buf, 0), 7);
	ck_assert_int_eq(netlab_stats(2, "eth0", &rx2[0]), 0);
	ck_assert_int_eq(netlab_stats(3, "eth0", &rx3[0]), 0);
	send_to(s1, netlab_host_ip(2), 7000, "for host 2");
	ck_assert_int_eq(recv(u2, buf, sizeof buf, 0), 10);
	ck_assert_int_eq(netlab_stats(2, "eth0", &rx2[1]), 0);
	ck_assert_int_eq(netlab_stats(3, "eth0", &rx3[1]), 0);
	ck_assert_int_eq(rx2[1].rx_packets - rx2[0].rx_packets, 1);
	ck_assert_int_eq(rx3[1].rx_packets - rx3[0].rx_packets, 0);
	send_to(s1, NETLAB_BROADCAST, 7000, "everyone");
	ck_assert_int_eq(recv(u2, buf, sizeof buf, 0), 8);
	ck_assert_int_eq(netlab_stats(3, "eth0", &rx3[0]), 0);
	ck_assert_int_eq(rx3[0].rx_packets - rx3[1].rx_packets, 1);
	close(u2);
	close(s1);
}
END_TEST

/*
 * A LAN carries frames as soon as netlab_lan returns: a broadcast sent at
 * once reaches every other host, LAN after LAN (each in a namespace of
 * its own). The kernel turns a link's carrier on and its queue later
 * (linkwatch): this is the test of the wait for them.
 */
START_TEST(test_lan_ready_at_once)
{
	int on = 1, missed = 0;

	if (!have_tools)
		return;
	for (int i = 0; i < 20; i++) {
		int rx[5], s1;
		char buf[64];

		ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
		ck_assert_int_eq(netlab_lan(&r, 4), 0);
		for (int h = 2; h <= 4; h++)
			rx[h] = udp_bound(h, "0.0.0.0", 7000);
		s1 = udp_bound(1, netlab_host_ip(1), 0);
		ck_assert_int_eq(setsockopt(s1, SOL_SOCKET, SO_BROADCAST, &on,
		    sizeof on), 0);
		send_to(s1, NETLAB_BROADCAST, 7000, "at once");
		for (int h = 2; h <= 4; h++) {
			if (recv(rx[h], buf, sizeof buf, 0) != 7)
				missed++;
			close(rx[h]);
		}
		close(s1);
		netlab_close();
	}
	ck_assert_int_eq(missed, 0);
}
END_TEST

START_TEST(test_program_on_host)
{
	struct run_extra x = { .host = 2 };
	struct bytes out;
	struct proc *p;
	FILE *f;
	char path[PATH_MAX + 16];

	if (!have_tools)
		return;
	snprintf(path, sizeof path, "%s/where", bin);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("#!/bin/sh\nexec cat /proc/self/net/if_inet6 /proc/net/fib_trie"
	    "\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, 0755), 0);
	ck_assert_int_eq(netlab_lan(&r, 2), 0);
	ck_assert_ptr_nonnull(p = run_start_ext(&r, "where", "where", NULL,
	    &x));
	ck_assert_int_eq(run_wait_exit(&r, p, 3000), 0);
	bytes_init(&out);
	ck_assert_int_eq(run_read_output(p, RUN_STDOUT, &out, 65536), 0);
	bytes_append(&out, "", 1);
	ck_assert_ptr_nonnull(strstr((char *)out.data, "192.0.2.12"));
	ck_assert_ptr_null(strstr((char *)out.data, "192.0.2.11"));
	bytes_free(&out);
}
END_TEST

START_TEST(test_rate)
{
	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_rate(&r, 0, "lo", "1mbit", 10000, 50), 0);
	ck_assert_ptr_nonnull(strstr(transcript_str(&t, "note.sent"),
	    "1mbit"));
	ck_assert_ptr_null(transcript_get(&t, "note.inconclusive"));
}
END_TEST

/*
 * Behind the rate limit, TCP on lo still flows: 200 kB at 10 Mbit/s take
 * 0.2 s. With lo's MTU of 65536, every segment was larger than the tbf's
 * burst and dropped: not one byte came through.
 */
START_TEST(test_rate_lets_tcp_through)
{
	static char buf[65536];
	const size_t total = 200000;
	char err[NET_ERR_LEN];
	size_t sent = 0, got = 0;
	int64_t deadline;
	int lfd, c, a;

	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_rate(&r, 0, "lo", "10mbit", 10000, 100), 0);
	ck_assert_int_ne(lfd = net_tcp_listen_at("127.0.0.1", 50007, err), -1);
	c = net_tcp_connect_at(NULL, 0, "127.0.0.1", 50007, clock_ms() + 1000,
	    err);
	ck_assert_msg(c != -1, "%s", err);
	ck_assert_int_ne(a = accept(lfd, NULL, NULL), -1);
	deadline = clock_ms() + 5000;
	while (got < total && clock_ms() < deadline) {
		size_t want = total - sent < sizeof buf ? total - sent :
		    sizeof buf;
		ssize_t n = want > 0 ? send(c, buf, want, MSG_DONTWAIT) : 0;

		if (n > 0)
			sent += (size_t)n;
		n = recv(a, buf, sizeof buf, MSG_DONTWAIT);
		if (n > 0)
			got += (size_t)n;
		else
			usleep(1000);
	}
	ck_assert_uint_eq(got, total);
	close(a);
	close(c);
	close(lfd);
}
END_TEST

/* Added addresses are usable at once: no SYN lost to a missing route. */
START_TEST(test_lo_addresses)
{
	static const char *const addrs[] = { "2001:db8::12", "192.0.2.12",
	    NULL };
	char err[NET_ERR_LEN];
	int lfd, fd;

	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_lo_addresses(&r, addrs), 0);
	ck_assert_int_ne(lfd = net_tcp_listen_at("2001:db8::12", 50007, err),
	    -1);
	fd = net_tcp_connect_at(NULL, 0, "2001:db8::12", 50007, clock_ms() +
	    200, err);
	ck_assert_msg(fd != -1, "%s", err);
	close(fd);
	close(lfd);
	/* Nothing listens on IPv4: refused at once, not unreachable. */
	ck_assert_int_eq(net_tcp_connect_at(NULL, 0, "192.0.2.12", 50007,
	    clock_ms() + 200, err), -1);
	ck_assert_int_eq(errno, ECONNREFUSED);
	ck_assert_ptr_nonnull(strstr(transcript_str(&t, "note.sent"),
	    "2001:db8::12 added to lo"));
}
END_TEST

/* TCP to the address is unreachable; a UDP socket still connects. */
START_TEST(test_tcp_unreachable)
{
	static const char *const addrs[] = { "2001:db8::12", NULL };
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	char err[NET_ERR_LEN];
	int fd;

	if (!have_tools)
		return;
	ck_assert_int_eq(netlab_lo_addresses(&r, addrs), 0);
	ck_assert_int_eq(netlab_tcp_unreachable(&r, "2001:db8::99",
	    "2001:db8::12"), 0);
	ck_assert_int_eq(net_tcp_connect_at(NULL, 0, "2001:db8::99", 50007,
	    clock_ms() + 200, err), -1);
	ck_assert_int_eq(errno, ENETUNREACH);
	a.sin6_port = htons(50007);
	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8::99", &a.sin6_addr), 1);
	ck_assert_int_ne(fd = socket(AF_INET6, SOCK_DGRAM, 0), -1);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	close(fd);
}
END_TEST

/* sock_diag's listeners: family, address, port and IPV6_V6ONLY. */
START_TEST(test_tcp_listeners)
{
	struct sockaddr_in6 any = { .sin6_family = AF_INET6 };
	struct net_listener v[16];
	char err[NET_ERR_LEN];
	int fds[3], off = 0, n, seen = 0;

	any.sin6_port = htons(50007);
	ck_assert_int_ne(fds[0] = socket(AF_INET6, SOCK_STREAM, 0), -1);
	ck_assert_int_eq(setsockopt(fds[0], IPPROTO_IPV6, IPV6_V6ONLY, &off,
	    sizeof off), 0);
	ck_assert_int_eq(bind(fds[0], (struct sockaddr *)&any, sizeof any), 0);
	ck_assert_int_eq(listen(fds[0], 1), 0);
	ck_assert_int_ne(fds[1] = net_tcp_listen_at("::1", 50008, err), -1);
	ck_assert_int_ne(fds[2] = net_tcp_listen_at("127.0.0.1", 50009, err),
	    -1);
	n = net_tcp_listeners(v, 16, err);
	ck_assert_msg(n == 3, "%d listeners: %s", n, err);
	for (int i = 0; i < n; i++) {
		if (v[i].port == 50007)
			seen += v[i].family == AF_INET6 && !v[i].v6only &&
			    strcmp(v[i].ip, "::") == 0;
		if (v[i].port == 50008)
			seen += v[i].family == AF_INET6 && v[i].v6only &&
			    strcmp(v[i].ip, "::1") == 0;
		if (v[i].port == 50009)
			seen += v[i].family == AF_INET &&
			    strcmp(v[i].ip, "127.0.0.1") == 0;
		ck_assert_int_ne(v[i].inode, 0);
	}
	ck_assert_int_eq(seen, 3);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
}
END_TEST

START_TEST(test_missing_host_is_inconclusive)
{
	ck_assert_int_eq(netlab_socket(&r, 4, AF_INET, SOCK_DGRAM), -1);
	ck_assert_ptr_nonnull(transcript_get(&t, "note.inconclusive"));
}
END_TEST

/* Send n datagrams through a relay with plan p; what came out. */
static int
through_relay(const struct relay_plan *p, int n, struct relay_counts *c)
{
	int rx = udp_bound(0, "127.0.0.1", 9200);
	int tx = udp_bound(0, "127.0.0.1", 0);
	int got = 0;
	char buf[64];
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };

	ck_assert_int_eq(relay_start(&r, p), 0);
	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "%d", i);
		send_to(tx, "127.0.0.1", 9100, buf);
	}
	ck_assert_int_eq(setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof tv), 0);
	struct sockaddr_in relay;
	socklen_t rl = sizeof relay;

	while (recvfrom(rx, buf, sizeof buf, 0, (struct sockaddr *)&relay,
	    &rl) > 0)
		got++;
	/* The receiver's answer goes back to the sender's address. */
	ck_assert_int_eq(sendto(rx, "ack", 3, 0, (struct sockaddr *)&relay,
	    rl), 3);
	ck_assert_int_eq(setsockopt(tx, SOL_SOCKET, SO_RCVTIMEO, &tv,
	    sizeof tv), 0);
	ck_assert_int_eq(recv(tx, buf, sizeof buf, 0), 3);
	ck_assert_int_eq(relay_stop(&r, c), 0);
	close(rx);
	close(tx);
	return got;
}

START_TEST(test_relay_seeded)
{
	struct relay_plan p = { .seed = 3, .drop = 300, .duplicate = 100,
	    .listen_port = 9100, .target_port = 9200, .forward_only = 1 };
	struct relay_counts a, b;
	int got_a = through_relay(&p, 200, &a);
	int got_b = through_relay(&p, 200, &b);

	ck_assert_int_eq(a.in[RELAY_FORWARD], 200);
	ck_assert_int_gt(a.dropped[RELAY_FORWARD], 30);
	ck_assert_int_lt(a.dropped[RELAY_FORWARD], 100);
	ck_assert_int_eq(got_a, 200 - a.dropped[RELAY_FORWARD] +
	    a.duplicated[RELAY_FORWARD]);
	ck_assert_int_eq(a.out[RELAY_FORWARD], got_a);
	/* The same seed, the same traffic: the same fates. */
	ck_assert_int_eq(got_a, got_b);
	ck_assert_int_eq(a.dropped[RELAY_FORWARD], b.dropped[RELAY_FORWARD]);
	ck_assert_int_eq(a.in[RELAY_BACK], 1);
	ck_assert_ptr_nonnull(strstr(transcript_str(&t, "note.sent"),
	    "seed 3"));
	ck_assert_ptr_nonnull(transcript_str(&t, "note.relay"));
}
END_TEST

START_TEST(test_relay_reorders_and_corrupts)
{
	struct relay_plan p = { .seed = 9, .reorder = 1000, .corrupt = 1000,
	    .listen_port = 9100, .target_port = 9200 };
	int rx = udp_bound(0, "127.0.0.1", 9200);
	int tx = udp_bound(0, "127.0.0.1", 0);
	struct relay_counts c;
	char buf[64];

	ck_assert_int_eq(relay_start(&r, &p), 0);
	send_to(tx, "127.0.0.1", 9100, "AAAA");
	/* Alone, a held datagram still goes, after the hold. */
	ck_assert_int_eq(recv(rx, buf, sizeof buf, 0), 4);
	ck_assert_int_ne(memcmp(buf, "AAAA", 4), 0);
	ck_assert_int_eq(relay_stop(&r, &c), 0);
	ck_assert_int_eq(c.reordered[RELAY_FORWARD], 1);
	ck_assert_int_eq(c.corrupted[RELAY_FORWARD], 1);
	close(rx);
	close(tx);
}
END_TEST

START_TEST(test_capture)
{
	int cap = capture_open();
	int rx = udp_bound(0, "127.0.0.1", 9999);
	int tx = udp_bound(0, "127.0.0.1", 0);
	char big[1000] = { 0 };
	const struct bytes *pcap;
	uint32_t magic, caplen, len;

	if (!capture_available())
		return;
	ck_assert_int_ge(cap, 0);
	ck_assert_int_eq(sendto(tx, big, sizeof big, 0, (struct sockaddr *)
	    &(struct sockaddr_in){ .sin_family = AF_INET,
	    .sin_port = htons(9999), .sin_addr.s_addr = htonl(0x7f000001) },
	    sizeof(struct sockaddr_in)), 1000);
	capture_collect(cap, &t);
	ck_assert_ptr_nonnull(pcap = transcript_get(&t, "note.pcap"));
	/* One packet, seen once: a 24-byte file header, one record. */
	ck_assert_int_eq(pcap->len, 24 + 16 + CAPTURE_SNAPLEN);
	memcpy(&magic, pcap->data, 4);
	memcpy(&caplen, pcap->data + 24 + 8, 4);
	memcpy(&len, pcap->data + 24 + 12, 4);
	ck_assert_uint_eq(magic, 0xa1b2c3d4);
	ck_assert_uint_eq(caplen, CAPTURE_SNAPLEN);
	ck_assert_uint_eq(len, 14 + 20 + 8 + 1000);
	close(rx);
	close(tx);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("netlab");
	TCase *tc = tcase_create("netlab");
	SRunner *sr;
	int failed;

	have_tools = access("/usr/sbin/nft", X_OK) == 0 &&
	    access("/usr/sbin/ip", X_OK) == 0 &&
	    access("/usr/sbin/tc", X_OK) == 0;
	if (!have_tools)
		fprintf(stderr, "test-netlab: nft, ip or tc missing (apt-get "
		    "install nftables iproute2): their tests do nothing\n");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_loss_every);
	tcase_add_test(tc, test_loss_percent_seeded);
	tcase_add_test(tc, test_rcvbuf_errors);
	tcase_add_test(tc, test_lan_broadcast_multicast);
	tcase_add_test(tc, test_lan_switch_forwards_unicast_to_one_host);
	tcase_add_test(tc, test_lan_ready_at_once);
	tcase_add_test(tc, test_program_on_host);
	tcase_add_test(tc, test_rate);
	tcase_add_test(tc, test_rate_lets_tcp_through);
	tcase_add_test(tc, test_missing_host_is_inconclusive);
	tcase_add_test(tc, test_lo_addresses);
	tcase_add_test(tc, test_tcp_unreachable);
	tcase_add_test(tc, test_tcp_listeners);
	tcase_add_test(tc, test_relay_seeded);
	tcase_add_test(tc, test_capture);
	tcase_add_test(tc, test_relay_reorders_and_corrupts);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}

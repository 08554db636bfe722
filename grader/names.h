/*
 * names.h: names a check resolves, with no DNS query ever leaving the
 * sandbox. A scenario gives the sandbox an /etc/hosts of its own
 * (run_hosts), so that "server.lab" resolves to exactly the addresses the
 * check wants, on the loopback or on the namespace LAN (netlab.h), for
 * every program it starts from then on, on any LAN host too (they share
 * the sandbox's mount namespace).
 *
 * The files are bound (mount --bind) over the system's in the sandbox's
 * own mount namespace, never the host's:
 *   /etc/hosts          the check's lines, after the usual localhost lines;
 *   /etc/nsswitch.conf  the host's, its hosts line made "hosts: files", so
 *                       that glibc never asks dns, mdns or myhostname (the
 *                       host's file usually says "files dns": a name
 *                       missing from our hosts would go out as a DNS
 *                       query, and take seconds to fail);
 *   /etc/gai.conf       empty, so getaddrinfo sorts by glibc's defaults
 *                       (RFC 3484) whatever the host's admin chose;
 *   /var/run/nscd       an empty directory, so that no name service cache
 *                       daemon answers from the host's files instead
 *                       (test_nscd_hidden).
 *
 * What glibc 2.36 (Debian 12) does with such a file, as tests/unit/
 * test-names.c shows (each fact is one of its tests):
 *
 * Order. getaddrinfo() sorts what it found (RFC 3484, rules 1 to 10), so
 *   the file's order decides only ties (two addresses of one family keep
 *   it). With "2001:db8::12 server.lab" and "192.0.2.12 server.lab",
 *   AF_UNSPEC gives the IPv6 address first, in whichever order the lines
 *   come: in a namespace with only a loopback (every sandbox; host 0 of a
 *   LAN, whose switch has no address) neither is reachable, rule 1 ties,
 *   and ::/0's precedence (40) beats IPv4's (::ffff:0:0/96, 10: rule 6);
 *   on a LAN host (eth0 holds both families) both are reachable and rule
 *   6 decides the same way. IPv4 comes first only where IPv4 is reachable
 *   and IPv6 is not: a host with an IPv4 address alone (rule 1).
 *   (test_order_*)
 *
 * AI_ADDRCONFIG. glibc counts a family as configured only when an
 *   address of it other than 127.0.0.1 and ::1 is up, on any interface,
 *   lo included (an IPv6 link-local one counts too, as seen by hand on a
 *   veth; LAN hosts have none). With only a loopback no family counts:
 *   with AF_UNSPEC nothing is filtered (both addresses come back, IPv6
 *   first), but with AF_INET or AF_INET6 getaddrinfo() fails with
 *   EAI_NONAME, even for "localhost" (and for "127.0.0.1"): a client
 *   asking for AF_INET with AI_ADDRCONFIG resolves nothing in a sandbox.
 *   On a LAN host both families count; on an IPv4-only host AF_UNSPEC
 *   loses the IPv6 address. Hints NULL mean AI_V4MAPPED | AI_ADDRCONFIG
 *   with AF_UNSPEC (and one result per socket type: three per address).
 *   With AF_INET, the "::1 localhost" line is read as 127.0.0.1: localhost
 *   comes back twice. (test_addrconfig_*, test_order_on_*)
 *
 * IPv6 first and refused, IPv4 second, in the sandbox itself: a check
 *   adds both addresses to lo ("ip addr add 2001:db8::12/128 dev lo
 *   nodad", and 192.0.2.12/32: netlab_lo_addresses, which also waits for
 *   the IPv6 address's local route, added a moment later); both families
 *   then count, IPv6 comes first, and a connect to it where nothing
 *   listens is refused at once.
 *   Without them, a connect to either fails with ENETUNREACH instead.
 *   (test_order_addresses_on_lo, test_unreachable_without_addresses)
 *
 * Unknown names. A name in no line fails at once with EAI_NONAME ("Name
 *   or service not known"), never EAI_AGAIN: files is the only source,
 *   and it answers "not found". (test_unknown_name)
 */
#ifndef SOCKLAB_NAMES_H
#define SOCKLAB_NAMES_H

struct run;

/*
 * From now on, the programs the check starts (on LAN hosts too) see an
 * /etc/hosts holding exactly lines (NULL-ended, e.g. "2001:db8::12
 * server.lab"), after the localhost lines, and resolve names from it
 * alone. The files are written in the run's scratch directory
 * (run_write_file: etc-hosts, etc-nsswitch.conf, etc-gai.conf) and bound
 * on the first call; a later call rewrites etc-hosts in place, replacing
 * the lines. Each line is noted under "sent" ("/etc/hosts: 2001:db8::12
 * server.lab"). Returns 0, or -1 with the run inconclusive when the
 * sandbox cannot: no mount namespace of its own (ports mode), a line empty
 * or holding a newline, a mount refused.
 */
int run_hosts(struct run *r, const char *const lines[]);

#endif

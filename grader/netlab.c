/* netlab.c: see netlab.h. (Being written: these stubs fail.) */
#include "config.h"

#include <stddef.h>

#include "netlab.h"
#include "run.h"

int netlab_loss(struct run *r, int host, const struct netlab_loss *loss)
{ (void)r; (void)host; (void)loss; return -1; }
int netlab_dropped(struct run *r, int host, struct netlab_count *d,
    struct netlab_count *m)
{ (void)r; (void)host; (void)d; (void)m; return -1; }
int64_t netlab_rcvbuf_errors(int host) { (void)host; return -1; }
int netlab_rate(struct run *r, int host, const char *dev, const char *rate,
    int burst_bytes, int latency_ms)
{ (void)r; (void)host; (void)dev; (void)rate; (void)burst_bytes; (void)latency_ms; return -1; }
int netlab_stats(int host, const char *dev, struct netlab_stats *st)
{ (void)host; (void)dev; (void)st; return -1; }
int netlab_lan(struct run *r, int hosts) { (void)r; (void)hosts; return -1; }
const char *netlab_host_ip(int host) { (void)host; return "192.0.2.0"; }
const char *netlab_host_ip6(int host) { (void)host; return "2001:db8::"; }
int netlab_host_netns(int host) { (void)host; return -1; }
int netlab_socket(struct run *r, int host, int family, int type)
{ (void)r; (void)host; (void)family; (void)type; return -1; }
int netlab_usable(const struct run *r) { return r->cfg->mode == SANDBOX_NETNS; }

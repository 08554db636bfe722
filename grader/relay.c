/* relay.c: see relay.h. (Being written: these stubs fail.) */
#include "config.h"

#include <stddef.h>

#include "relay.h"
#include "run.h"

int relay_start(struct run *r, const struct relay_plan *plan)
{ (void)r; (void)plan; return -1; }
int relay_stop(struct run *r, struct relay_counts *c) { (void)r; (void)c; return -1; }
int relay_loop(const struct relay_plan *plan, int listen_fd, int target_fd,
    struct relay_counts *counts, volatile int *stop)
{ (void)plan; (void)listen_fd; (void)target_fd; (void)counts; (void)stop; return -1; }

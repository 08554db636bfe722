/*
 * cache.c: where grade keeps what outlives one grading (cache.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"

int
cache_path(char *buf, size_t n, const char *name)
{
	if (SOCKLAB_CACHEDIR[0] == '\0' ||
	    (size_t)snprintf(buf, n, "%s/%s", SOCKLAB_CACHEDIR, name) >= n)
		return -1;
	return 0;
}

int
cache_writable(void)
{
	if (SOCKLAB_CACHEDIR[0] == '\0' ||
	    (mkdir(SOCKLAB_CACHEDIR, 0755) == -1 && errno != EEXIST))
		return 0;
	return access(SOCKLAB_CACHEDIR, W_OK) == 0;
}

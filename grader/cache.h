/*
 * cache.h: where grade keeps what outlives one grading, in its build
 * directory (SOCKLAB_CACHEDIR): built programs (prepare.c), the checks'
 * durations (history.h), the reference's kept runs (refruns.h). A grader
 * built without one keeps nothing.
 */
#ifndef SOCKLAB_CACHE_H
#define SOCKLAB_CACHE_H

#include <stddef.h>

/* The cache's entry name, into buf (n bytes). 0, or -1: no cache. */
int cache_path(char *buf, size_t n, const char *name);

/* 1 when the cache's directory exists (or was made now) and we may write it. */
int cache_writable(void);

#endif

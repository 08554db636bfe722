/*
 * measure.h: what a measurement lesson needs to judge figures honestly:
 * percentiles by nearest rank, and a program's line of KEY=NUMBER fields
 * read exactly as its contract prints it.
 */
#ifndef SOCKLAB_MEASURE_H
#define SOCKLAB_MEASURE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The p-th percentile (1 to 100) of the n values v (n > 0) by nearest
 * rank: the value at rank ceil(p * n / 100) once sorted, so that at least
 * p % of the values are at most it. Sorts v in place.
 */
int64_t measure_percentile(int64_t *v, size_t n, int p);

/*
 * Read text (len bytes) as one line "K1=V1 K2=V2 ...\n": the n keys
 * exactly, in order, one space between fields, a newline at the end and
 * nothing after it; each value a decimal number (digits, then optionally
 * a point and digits). Stores them in values. Returns 0, or -1 when text
 * is anything else (values then undefined).
 */
int measure_fields(const char *text, size_t len, const char *const keys[],
    double values[], size_t n);

#endif

/* measure.c: percentiles and KEY=NUMBER lines (measure.h). */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

static int
compare_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int64_t
measure_percentile(int64_t *v, size_t n, int p)
{
	size_t rank = ((size_t)p * n + 99) / 100;

	qsort(v, n, sizeof *v, compare_int64);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

/*
 * Read a number at *p (digits, then optionally '.' and digits), advancing
 * *p past it. Returns 0, or -1 when there is none.
 */
static int
read_number(const char **p, const char *end, double *value)
{
	const char *s = *p;
	double v = 0, scale = 1;

	if (s == end || !isdigit((unsigned char)*s))
		return -1;
	while (s < end && isdigit((unsigned char)*s))
		v = v * 10 + (*s++ - '0');
	if (s < end && *s == '.') {
		s++;
		if (s == end || !isdigit((unsigned char)*s))
			return -1;
		while (s < end && isdigit((unsigned char)*s)) {
			scale /= 10;
			v += (*s++ - '0') * scale;
		}
	}
	*value = v;
	*p = s;
	return 0;
}

int
measure_fields(const char *text, size_t len, const char *const keys[],
    double values[], size_t n)
{
	const char *p = text, *end = text + len;

	for (size_t i = 0; i < n; i++) {
		size_t klen = strlen(keys[i]);

		if ((size_t)(end - p) < klen + 1 ||
		    memcmp(p, keys[i], klen) != 0 || p[klen] != '=')
			return -1;
		p += klen + 1;
		if (read_number(&p, end, &values[i]) == -1)
			return -1;
		if (p == end || *p != (i + 1 < n ? ' ' : '\n'))
			return -1;
		p++;
	}
	return p == end ? 0 : -1;
}

/* clock.c: monotonic time helpers. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "clock.h"

int64_t
clock_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail on Linux with a valid pointer. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
clock_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int
clock_left_ms(int64_t deadline)
{
	int64_t left = deadline - clock_ms();

	if (left < 0)
		return 0;
	if (left > INT32_MAX)
		return INT32_MAX;
	return (int)left;
}

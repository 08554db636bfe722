/* clock.h: monotonic milliseconds, for deadlines that ignore wall-clock jumps. */
#ifndef SOCKLAB_CLOCK_H
#define SOCKLAB_CLOCK_H

#include <stdint.h>

/* Milliseconds since an arbitrary start (CLOCK_MONOTONIC). */
int64_t clock_ms(void);

/* Microseconds on the same clock, for measurements. */
int64_t clock_us(void);

/* Sleep for ms milliseconds, resuming after signals. */
void clock_sleep_ms(int ms);

/* Milliseconds left until deadline, at least 0 and at most INT32_MAX. */
int clock_left_ms(int64_t deadline);

#endif

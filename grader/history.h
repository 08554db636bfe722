/*
 * history.h: how long each check took when it last ran, remembered between
 * runs of the grader in a small text file (in the build cache), so that the
 * longest checks can start first. Lines are "LESSON CHECK MS"; a missing or
 * damaged file only costs the ordering. Several graders may share the file:
 * saving merges with what the others wrote meanwhile.
 */
#ifndef SOCKLAB_HISTORY_H
#define SOCKLAB_HISTORY_H

struct history;

/* The history's name in grade's cache (cache.h). */
#define HISTORY_FILE "durations"

/* The history in the file at path (empty if there is none); NULL: no memory. */
struct history *history_load(const char *path);

/* The remembered duration of lesson's check in ms, or -1 if unknown. */
long history_get(const struct history *h, const char *lesson,
    const char *check);

/* Call fn(check, ms, arg) for each of lesson's remembered checks. */
void history_each(const struct history *h, const char *lesson,
    void (*fn)(const char *check, long ms, void *arg), void *arg);

/* Remember a new measurement (smoothed with the one before). */
void history_put(struct history *h, const char *lesson, const char *check,
    long ms);

/*
 * Write the history back to path, over what other graders saved since it
 * was loaded (for the checks measured here). Returns 0, or -1 with errno.
 */
int history_save(struct history *h, const char *path);

void history_free(struct history *h);

#endif

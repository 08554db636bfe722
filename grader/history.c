/* history.c: the durations of past checks, in a small shared file. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "history.h"

/* A file longer than this is someone else's: stop reading. */
#define MAX_ENTRIES 4096

struct entry {
	char key[160];		/* "LESSON CHECK" */
	long ms;
	int measured;		/* put here, since the load */
};

struct history {
	struct entry *v;
	size_t n, cap;
};

static struct entry *
find(const struct history *h, const char *key)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->v[i].key, key) == 0)
			return &h->v[i];
	return NULL;
}

/* The entry for key, added if new; NULL when out of memory or full. */
static struct entry *
find_or_add(struct history *h, const char *key)
{
	struct entry *e = find(h, key);

	if (e != NULL)
		return e;
	if (h->n == MAX_ENTRIES)
		return NULL;
	if ((e = array_grow(h->v, h->n, &h->cap, sizeof *e, 64)) == NULL)
		return NULL;
	h->v = e;
	e = &h->v[h->n++];
	snprintf(e->key, sizeof e->key, "%s", key);
	e->ms = -1;
	e->measured = 0;
	return e;
}

/*
 * Read path's entries into h; those measured here since the load win.
 * A missing file is an empty one. Returns 0 or -1 (out of memory).
 */
static int
merge_file(struct history *h, const char *path)
{
	char line[256], lesson[80], check[80];
	FILE *f = fopen(path, "re");
	long ms;
	int rc = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL) {
		char key[sizeof ((struct entry *)0)->key];
		struct entry *e;

		if (sscanf(line, "%79s %79s %ld", lesson, check, &ms) != 3 ||
		    ms < 0)
			continue;
		snprintf(key, sizeof key, "%s %s", lesson, check);
		if ((e = find_or_add(h, key)) == NULL) {
			rc = -1;
			break;
		}
		if (!e->measured)
			e->ms = ms;
	}
	fclose(f);
	return rc;
}

struct history *
history_load(const char *path)
{
	struct history *h = calloc(1, sizeof *h);

	if (h != NULL && merge_file(h, path) == -1 && h->n == 0) {
		history_free(h);
		return NULL;
	}
	return h;
}

long
history_get(const struct history *h, const char *lesson, const char *check)
{
	char key[sizeof ((struct entry *)0)->key];
	const struct entry *e;

	snprintf(key, sizeof key, "%s %s", lesson, check);
	e = find(h, key);
	return e != NULL ? e->ms : -1;
}

void
history_each(const struct history *h, const char *lesson,
    void (*fn)(const char *check, long ms, void *arg), void *arg)
{
	size_t len = strlen(lesson);

	for (size_t i = 0; h != NULL && i < h->n; i++)
		if (strncmp(h->v[i].key, lesson, len) == 0 &&
		    h->v[i].key[len] == ' ' && h->v[i].ms >= 0)
			fn(h->v[i].key + len + 1, h->v[i].ms, arg);
}

void
history_put(struct history *h, const char *lesson, const char *check,
    long ms)
{
	char key[sizeof ((struct entry *)0)->key];
	struct entry *e;

	snprintf(key, sizeof key, "%s %s", lesson, check);
	if ((e = find_or_add(h, key)) == NULL)
		return;
	/* Half the old, half the new: one slow run on a busy machine fades. */
	e->ms = e->ms < 0 ? ms : (e->ms + ms + 1) / 2;
	e->measured = 1;
}

int
history_save(struct history *h, const char *path)
{
	char tmp[PATH_MAX];
	FILE *f;
	int saved;

	(void)merge_file(h, path);
	snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
	if ((f = fopen(tmp, "we")) == NULL)
		return -1;
	for (size_t i = 0; i < h->n; i++)
		fprintf(f, "%s %ld\n", h->v[i].key, h->v[i].ms);
	if (fclose(f) == EOF || rename(tmp, path) == -1) {
		saved = errno;
		(void)unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	free(h->v);
	free(h);
}

/* lesson.c: the registry of lessons. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lesson.h"

#define MAX_LESSONS 64

static const struct lesson *lessons[MAX_LESSONS];
static size_t n_lessons;

void
lesson_register(const struct lesson *lesson)
{
	size_t i;

	if (n_lessons == MAX_LESSONS)
		abort();
	/* Insertion sort: constructors run in no particular order. */
	for (i = n_lessons; i > 0 && strcmp(lessons[i - 1]->dir,
	    lesson->dir) > 0; i--)
		lessons[i] = lessons[i - 1];
	lessons[i] = lesson;
	n_lessons++;
}

size_t
lesson_count(void)
{
	return n_lessons;
}

const struct lesson *
lesson_at(size_t i)
{
	return i < n_lessons ? lessons[i] : NULL;
}

const struct lesson *
lesson_find(const char *arg)
{
	char *end;
	long number = strtol(arg, &end, 10);

	for (size_t i = 0; i < n_lessons; i++) {
		const char *dir = lessons[i]->dir;
		const char *dash = strchr(dir, '-');

		if (strcmp(dir, arg) == 0)
			return lessons[i];
		if (dash != NULL && strcmp(dash + 1, arg) == 0)
			return lessons[i];
		if (end != arg && *end == '\0' && strtol(dir, NULL, 10) == number)
			return lessons[i];
	}
	return NULL;
}

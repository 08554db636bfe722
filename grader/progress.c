/* progress.c: the lessons done, remembered by their files' hashes. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "bytes.h"
#include "grade.h"
#include "progress.h"

/* A file longer than this is someone else's: stop reading. */
#define MAX_ENTRIES 4096

enum state { ST_DONE, ST_FAILING, ST_BROKEN };
static const char *const state_words[] = { "done", "failing", "broken" };

struct result {
	char lesson[64];
	uint64_t hash;
	enum state state;
};

struct progress {
	struct result *v;
	size_t n, cap;
};

/* What a lesson's files are, for the summary. */
enum mark { M_NOT_STARTED, M_DONE, M_FAILING, M_BROKEN, M_STALE, M_UNGRADED };
static const char *const mark_words[] = {
	"not started", "done", "failing", "cannot be built",
	"changed since last graded", "not graded yet",
};

void
progress_path(char *path, size_t n, const char *name)
{
	const char *dir = getenv("SOCKLAB_STATE_DIR");

	if (dir == NULL || dir[0] == '\0')
		dir = SOCKLAB_CACHEDIR;
	if (dir[0] == '\0')
		dir = ".";
	/* The cache may not exist before the first build of a program. */
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		errno = 0;
	snprintf(path, n, "%s/%s", dir, name);
}

static struct result *
find(const struct progress *p, const char *lesson, uint64_t hash)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].hash == hash && strcmp(p->v[i].lesson, lesson) == 0)
			return &p->v[i];
	return NULL;
}

/* The entry for lesson and hash, added if new; NULL: out of memory. */
static struct result *
find_or_add(struct progress *p, const char *lesson, uint64_t hash)
{
	struct result *e = find(p, lesson, hash);

	if (e != NULL)
		return e;
	if (p->n == MAX_ENTRIES) {
		/* Full: forget the oldest result. */
		memmove(p->v, p->v + 1, (p->n - 1) * sizeof *p->v);
		p->n--;
	}
	if ((e = array_grow(p->v, p->n, &p->cap, sizeof *e, 32)) == NULL)
		return NULL;
	p->v = e;
	e = &p->v[p->n++];
	snprintf(e->lesson, sizeof e->lesson, "%s", lesson);
	e->hash = hash;
	e->state = ST_FAILING;
	return e;
}

struct progress *
progress_load(const char *path)
{
	struct progress *p = calloc(1, sizeof *p);
	char line[256], lesson[64], word[16];
	uint64_t hash;
	FILE *f;

	if (p == NULL)
		return NULL;
	f = fopen(path, "re");
	if (f == NULL)
		return p;
	while (fgets(line, sizeof line, f) != NULL) {
		struct result *e;
		int s;

		if (sscanf(line, "%63s %" SCNx64 " %15s", lesson, &hash,
		    word) != 3)
			continue;
		for (s = 0; s < 3 && strcmp(word, state_words[s]) != 0; s++)
			;
		if (s == 3 || (e = find_or_add(p, lesson, hash)) == NULL)
			continue;
		e->state = (enum state)s;
	}
	fclose(f);
	return p;
}

int
progress_hash(const struct lesson *l, const char *lessons_dir, uint64_t *hash)
{
	uint64_t h = BUILD_HASH_INIT;

	for (int i = 0; l->programs[i] != NULL; i++) {
		char path[PATH_MAX], hex[24];
		uint64_t fh;

		snprintf(path, sizeof path, "%s/%s/%s.c", lessons_dir, l->dir,
		    l->programs[i]);
		if (build_hash_file(path, &fh) == -1)
			return -1;
		snprintf(hex, sizeof hex, "%016" PRIx64 " ", fh);
		h = build_hash_str(h, hex);
	}
	*hash = h;
	return 0;
}

void
progress_put(struct progress *p, const struct lesson_report *r, uint64_t hash)
{
	enum state s;
	struct result *e;

	if (r->state == LESSON_BROKEN)
		s = ST_BROKEN;
	else if (r->state != LESSON_GRADED ||
	    report_inconclusive(&(struct report){ .lessons =
	    (struct lesson_report *)r, .n_lessons = 1 }) > 0)
		return;
	else
		s = lesson_passed(r) ? ST_DONE : ST_FAILING;
	e = find_or_add(p, r->dir, hash);
	if (e != NULL)
		e->state = s;
}

int
progress_save(const struct progress *p, const char *path)
{
	char tmp[PATH_MAX + 16];
	FILE *f;
	int saved;

	snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
	f = fopen(tmp, "we");
	if (f == NULL)
		return -1;
	for (size_t i = 0; i < p->n; i++)
		fprintf(f, "%s %016" PRIx64 " %s\n", p->v[i].lesson,
		    p->v[i].hash, state_words[p->v[i].state]);
	if (fclose(f) == EOF || rename(tmp, path) == -1)
		goto err;
	return 0;
err:
	saved = errno;
	unlink(tmp);
	errno = saved;
	return -1;
}

/* What is known of lesson l's files in lessons_dir. */
static enum mark
mark_of(const struct progress *p, const struct lesson *l,
    const char *lessons_dir, const char *skel_dir)
{
	char sums[PATH_MAX], dir[PATH_MAX];
	const struct result *e;
	int skeleton = 1;
	uint64_t h;

	snprintf(sums, sizeof sums, "%s/%s/.skeleton-sums", skel_dir, l->dir);
	snprintf(dir, sizeof dir, "%s/%s", lessons_dir, l->dir);
	for (int i = 0; l->programs[i] != NULL && skeleton; i++) {
		char file[64];

		snprintf(file, sizeof file, "%s.c", l->programs[i]);
		skeleton = build_is_skeleton(sums, dir, file) == 1;
	}
	if (skeleton)
		return M_NOT_STARTED;
	if (progress_hash(l, lessons_dir, &h) == 0 &&
	    (e = find(p, l->dir, h)) != NULL)
		return e->state == ST_DONE ? M_DONE :
		    e->state == ST_BROKEN ? M_BROKEN : M_FAILING;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].lesson, l->dir) == 0)
			return M_STALE;
	return M_UNGRADED;
}

void
progress_print(FILE *out, const struct progress *p, const char *lessons_dir,
    const char *skel_dir, const char *here, int brief)
{
	size_t n = lesson_count(), done = 0, stale = 0;
	const struct lesson *next = NULL;
	enum mark next_mark = M_UNGRADED;
	char done_list[1024] = "", stale_list[1024] = "";

	for (size_t i = 0; i < n; i++) {
		const struct lesson *l = lesson_at(i);
		enum mark m = mark_of(p, l, lessons_dir, skel_dir);
		char *list = m == M_DONE ? done_list : stale_list;
		size_t len = strlen(list);

		if (m == M_DONE || m == M_STALE)
			snprintf(list + len, sizeof done_list - len, " %s",
			    brief ? (char[3]){ l->dir[0], l->dir[1], 0 } :
			    l->dir);
		done += m == M_DONE;
		stale += m == M_STALE;
		if (m != M_DONE && next == NULL) {
			next = l;
			next_mark = m;
		}
	}
	if (brief) {
		fprintf(out, "Done %zu of %zu lessons%s%s", done, n,
		    done ? ":" : "", done_list);
		if (next != NULL)
			fprintf(out, " | next: %s (%s)", next->dir,
			    mark_words[next_mark]);
		fputc('\n', out);
		return;
	}
	fprintf(out, "\nRemembered (this run and earlier ones, while the "
	    "files stay as graded)\n");
	fprintf(out, "  done: %zu of %zu lessons%s%s\n", done, n,
	    done ? ":" : "", done_list);
	if (stale > 0)
		fprintf(out, "  changed since last graded:%s\n", stale_list);
	if (next == NULL)
		fprintf(out, "  every lesson is done.\n");
	else {
		fprintf(out, "  next: %s (%s): ", next->dir,
		    mark_words[next_mark]);
		report_next_step(out, next->dir, here);
		fputc('\n', out);
	}
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	free(p->v);
	free(p);
}

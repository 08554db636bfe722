/*
 * bytes.h: a growable byte buffer, always NUL-terminated past its length so it
 * can be printed as a string when the data has no NUL of its own.
 *
 * Allocation failure is fatal (the grader cannot do anything useful without
 * memory): bytes_* functions never return an error for it.
 */
#ifndef SOCKLAB_BYTES_H
#define SOCKLAB_BYTES_H

#include <stddef.h>

struct bytes {
	char *data;	/* NULL until something is appended */
	size_t len;
	size_t cap;
};

void bytes_init(struct bytes *b);
void bytes_free(struct bytes *b);
void bytes_clear(struct bytes *b);
void bytes_append(struct bytes *b, const void *p, size_t n);
void bytes_puts(struct bytes *b, const char *s);
void bytes_printf(struct bytes *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty). */
const char *bytes_str(const struct bytes *b);
/* 1 when b holds exactly the n bytes at p (an empty b, even unallocated, equals n == 0). */
int bytes_equal(const struct bytes *b, const void *p, size_t n);

/*
 * Read at most cap bytes of the file at path into b (appending). Sets
 * *truncated to 1 when the file was longer. Returns 0, or -1 with errno set.
 */
int bytes_read_file(struct bytes *b, const char *path, size_t cap, int *truncated);

/* malloc/realloc/strdup that abort with a message when memory runs out. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/*
 * The array v of n elements of size bytes with room for one more: grown
 * (to first elements, then doubled) when n has reached *cap, which is then
 * updated. Returns the array, or NULL when out of memory (v and *cap are
 * left as they were): for callers that can live without the element.
 */
void *array_grow(void *v, size_t n, size_t *cap, size_t size, size_t first);

/* Append the n bytes at p to b, with every from in them written as to. */
void bytes_append_replacing(struct bytes *b, const void *p, size_t n,
    const char *from, const char *to);

/* Write all of b to fd, through short writes and EINTR. 0, or -1 (errno). */
int bytes_write_fd(const struct bytes *b, int fd);

#endif

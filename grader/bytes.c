/* bytes.c: growable byte buffers and arrays. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"

static void
out_of_memory(void)
{
	static const char msg[] = "grade: out of memory\n";

	/* Nothing sensible can follow; write() because stdio may need memory. */
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* Nothing more to do. */
	}
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		out_of_memory();
	return p;
}

void *
array_grow(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
	size_t want = *cap ? 2 * *cap : first;

	if (n < *cap)
		return v;
	if (want > SIZE_MAX / size)
		return NULL;
	v = realloc(v, want * size);
	if (v != NULL)
		*cap = want;
	return v;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void
bytes_init(struct bytes *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
bytes_free(struct bytes *b)
{
	free(b->data);
	bytes_init(b);
}

void
bytes_clear(struct bytes *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the terminating NUL. */
static void
reserve(struct bytes *b, size_t n)
{
	size_t need = b->len + n + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void
bytes_append(struct bytes *b, const void *p, size_t n)
{
	reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
bytes_puts(struct bytes *b, const char *s)
{
	bytes_append(b, s, strlen(s));
}

void
bytes_printf(struct bytes *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *
bytes_str(const struct bytes *b)
{
	return b->data != NULL ? b->data : "";
}

int
bytes_equal(const struct bytes *b, const void *p, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, p, n) == 0);
}

void
bytes_append_replacing(struct bytes *b, const void *p, size_t n,
    const char *from, const char *to)
{
	const char *at = p, *end, *hit;
	size_t len = strlen(from);

	/* Nothing to replace in (an empty buffer's data may be NULL). */
	if (n == 0)
		return;
	end = at + n;
	/* By length, not as a string: a NUL byte must not hide what follows. */
	while (len > 0 && (hit = memmem(at, (size_t)(end - at), from, len))
	    != NULL) {
		bytes_append(b, at, (size_t)(hit - at));
		bytes_puts(b, to);
		at = hit + len;
	}
	bytes_append(b, at, (size_t)(end - at));
}

int
bytes_read_file(struct bytes *b, const char *path, size_t cap, int *truncated)
{
	char chunk[8192];
	size_t total = 0;
	int fd;

	*truncated = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1)
		return -1;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		if (total + (size_t)n > cap) {
			bytes_append(b, chunk, cap - total);
			*truncated = 1;
			break;
		}
		bytes_append(b, chunk, (size_t)n);
		total += (size_t)n;
	}
	close(fd);
	return 0;
}

int
bytes_write_fd(const struct bytes *b, int fd)
{
	size_t off = 0;

	while (off < b->len) {
		ssize_t n = write(fd, b->data + off, b->len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

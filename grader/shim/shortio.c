/*
 * shortio.c: an LD_PRELOAD library that makes every send(), recv(), read()
 * and write() on a TCP socket move at most a few bytes (1 to 7), as a slow
 * or congested network may. A program that assumes one call moves a whole
 * message breaks under it; a correct program only gets slower.
 *
 * The grader builds it (cc -shared -fPIC) and preloads it into the programs
 * of checks that test short I/O. The sizes follow a fixed pseudo-random
 * sequence, so a run can be repeated.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int
is_stream_socket(int fd)
{
	struct stat st;
	socklen_t len;
	int type;

	if (fstat(fd, &st) == -1 || !S_ISSOCK(st.st_mode))
		return 0;
	len = sizeof type;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return 0;
	return type == SOCK_STREAM;
}

/* n, or less: 1 to 7 bytes, from a repeatable sequence. */
static size_t
cap(size_t n)
{
	static unsigned int state = 12345;
	size_t most;

	state = state * 1103515245u + 12345u;
	most = 1 + (state >> 16) % 7;
	return n < most ? n : most;
}

/* The next definition of name after ours (libc's). */
static void *
real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

ssize_t
send(int fd, const void *buf, size_t n, int flags)
{
	static ssize_t (*next)(int, const void *, size_t, int);

	if (next == NULL)
		*(void **)&next = real("send");
	return next(fd, buf, is_stream_socket(fd) ? cap(n) : n, flags);
}

ssize_t
recv(int fd, void *buf, size_t n, int flags)
{
	static ssize_t (*next)(int, void *, size_t, int);

	if (next == NULL)
		*(void **)&next = real("recv");
	/* MSG_WAITALL promises the whole count: leave it alone. */
	if (!(flags & MSG_WAITALL) && is_stream_socket(fd))
		n = cap(n);
	return next(fd, buf, n, flags);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*next)(int, const void *, size_t);

	if (next == NULL)
		*(void **)&next = real("write");
	return next(fd, buf, is_stream_socket(fd) ? cap(n) : n);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	static ssize_t (*next)(int, void *, size_t);

	if (next == NULL)
		*(void **)&next = real("read");
	return next(fd, buf, is_stream_socket(fd) ? cap(n) : n);
}

/*
 * hostile: says who it runs as, and tries to read a secret it must not
 * (the test writes SECRET_PATH, readable by its owner only) and to write
 * outside its own directory
 * replaces: 01-tcp-hello/server.c
 * expect: uid=
 * modes: netns ports
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char buf[256];
	int fd = open("SECRET_PATH", O_RDONLY);
	ssize_t n = fd == -1 ? -1 : read(fd, buf, sizeof buf - 1);

	fprintf(stderr, "uid=%u gid=%u.\n", (unsigned)getuid(),
	    (unsigned)getgid());
	if (n >= 0) {
		buf[n] = '\0';
		fprintf(stderr, "secret: %s\n", buf);
	} else {
		fprintf(stderr, "secret: %s.\n", strerror(errno));
	}
	return 1;
}

/*
 * hostile: tries to fill the disk with files of 1 MiB (the most one file
 * may hold) in its own directory and in every directory anyone may write
 * to, then says how far it got in each (on stderr) and stops
 * replaces: 01-tcp-hello/server.c
 * expect: /tmp: 0 files, then Read-only file system.
 * modes: netns
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char block[65536];

/* Write files of 1 MiB in dir until something fails; say how many. */
static void
fill(const char *dir)
{
	char path[256];
	int files, err = 0;

	for (files = 0; files < 100000 && err == 0; files++) {
		int fd;

		snprintf(path, sizeof path, "%s/fill.%d", dir, files);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd == -1) {
			err = errno;
			break;
		}
		for (int i = 0; i < 15 && err == 0; i++)
			if (write(fd, block, sizeof block) == -1)
				err = errno;
		close(fd);
	}
	fprintf(stderr, "%s: %d files, then %s.\n", dir, files,
	    err != 0 ? strerror(err) : "stopped");
}

int
main(void)
{
	memset(block, 'F', sizeof block);
	fill(".");
	fill("/tmp");
	fill("/var/tmp");
	fill("/dev/shm");
	return 1;
}

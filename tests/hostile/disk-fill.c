/*
 * hostile: writes a file until the disk is full
 * replaces: 01-tcp-hello/client.c
 * expect: The client was killed: wrote a file larger than 1 MiB
 * modes: netns
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	static char block[65536];
	int fd = open("fill", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd == -1)
		return 1;
	memset(block, 'F', sizeof block);
	for (;;)
		if (write(fd, block, sizeof block) == -1)
			return 1;
}

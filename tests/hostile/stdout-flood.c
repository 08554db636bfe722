/*
 * hostile: prints without end (gigabytes if it could)
 * replaces: 01-tcp-hello/client.c
 * expect: The client was killed: printed more than 1 MiB
 * modes: netns
 */
#include <string.h>
#include <unistd.h>

int
main(void)
{
	static char block[65536];

	memset(block, 'A', sizeof block);
	for (;;)
		if (write(1, block, sizeof block) == -1)
			return 1;
}

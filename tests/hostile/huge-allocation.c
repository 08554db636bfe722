/*
 * hostile: allocates and touches memory without end, never checking malloc
 * replaces: 01-tcp-hello/client.c
 * expect: The client crashed: segmentation fault
 * expect: The client timed out after
 * modes: netns
 * alone: yes (touching 448 MiB takes a processor for a second or more: with
 * other cases beside it, its client would time out before it crashes)
 *
 * At 512 MiB malloc() returns NULL and memset() crashes; on a busy machine
 * touching the 448 MiB before that can outlast the check's wait for the
 * client instead. Either way it was contained.
 */
#include <stdlib.h>
#include <string.h>

int
main(void)
{
	for (;;) {
		char *p = malloc(64 << 20);

		memset(p, 1, 64 << 20);
	}
}

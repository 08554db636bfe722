/*
 * hostile: allocates and touches memory without end, never checking malloc
 * replaces: 01-tcp-hello/client.c
 * expect: The client crashed: segmentation fault
 * modes: netns
 * alone: yes (touching 448 MiB takes a processor for a second or more: with
 * other cases beside it, its client would time out before it crashes)
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

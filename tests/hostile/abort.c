/*
 * hostile: aborts (as a failed assert() does)
 * replaces: 01-tcp-hello/client.c
 * expect: The client crashed: aborted (signal 6)
 * modes: netns
 */
#include <stdlib.h>

int
main(void)
{
	abort();
}

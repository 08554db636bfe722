/*
 * hostile: sleeps forever
 * replaces: 01-tcp-hello/client.c
 * expect: The client timed out after
 * modes: netns
 */
#include <unistd.h>

int
main(void)
{
	for (;;)
		pause();
}

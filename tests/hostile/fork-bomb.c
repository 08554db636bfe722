/*
 * hostile: a fork bomb
 * replaces: 01-tcp-hello/server.c
 * expect: The server tried to create too many processes
 * modes: netns
 */
#include <unistd.h>

int
main(void)
{
	for (;;)
		(void)fork();
}

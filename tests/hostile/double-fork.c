/*
 * hostile: forks twice and calls setsid() to leave the process group, then
 * the grandchild lingers while the server itself exits
 * replaces: 01-tcp-hello/server.c
 * expect: exited with status 0
 * modes: netns ports
 */
#include <stdlib.h>
#include <unistd.h>

int
main(void)
{
	pid_t pid = fork();

	if (pid == -1)
		return 1;
	if (pid > 0)
		return 0;
	if (setsid() == -1)
		return 1;
	pid = fork();
	if (pid == -1)
		return 1;
	if (pid > 0)
		_exit(0);
	for (;;)
		pause();
}

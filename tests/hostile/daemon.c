/*
 * hostile: becomes a daemon: closes its standard streams, leaves its
 * session, and lingers in the background while the server itself exits
 * replaces: 01-tcp-hello/server.c
 * expect: exited with status 0
 * modes: netns ports
 */
#include <signal.h>
#include <unistd.h>

int
main(void)
{
	pid_t pid = fork();

	if (pid == -1)
		return 1;
	if (pid > 0)
		return 0;
	(void)setsid();
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	close(0);
	close(1);
	close(2);
	for (;;)
		sleep(1);
}

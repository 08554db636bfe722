/*
 * hostile: ignores SIGTERM (and SIGINT, SIGHUP) and waits forever
 * replaces: 01-tcp-hello/client.c
 * expect: The client timed out after
 * modes: netns ports
 */
#include <signal.h>
#include <unistd.h>

int
main(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	for (;;)
		pause();
}

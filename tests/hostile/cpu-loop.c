/*
 * hostile: an endless loop that burns the CPU
 * replaces: 01-tcp-hello/client.c
 * expect: The client timed out after
 * modes: netns ports
 */
int
main(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}

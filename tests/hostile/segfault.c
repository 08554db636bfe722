/*
 * hostile: dereferences a null pointer
 * replaces: 01-tcp-hello/client.c
 * expect: The client crashed: segmentation fault (signal 11)
 * modes: netns
 */
int
main(void)
{
	*(volatile int *)0 = 1;
	return 0;
}

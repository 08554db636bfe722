/*
 * hostile: recurses without end until the stack overflows
 * replaces: 01-tcp-hello/client.c
 * expect: The client crashed: segmentation fault
 * modes: netns
 */
static int
deeper(volatile char *above)
{
	volatile char frame[256];

	frame[0] = above != 0 ? above[0] : 0;
	return deeper(frame) + frame[0];
}

int
main(void)
{
	return deeper(0);
}

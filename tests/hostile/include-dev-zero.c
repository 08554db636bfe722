/*
 * hostile: includes /dev/zero, which never ends
 * replaces: 01-tcp-hello/client.c
 * expect: an #include names a file by path
 * modes: netns
 */
#include "/dev/zero"

int
main(void)
{
	return 0;
}

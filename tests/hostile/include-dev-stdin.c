/*
 * hostile: includes /dev/stdin, hoping to read the grader's input
 * replaces: 01-tcp-hello/client.c
 * expect: an #include names a file by path
 * modes: netns
 */
%:include "/dev/stdin"

int
main(void)
{
	return 0;
}

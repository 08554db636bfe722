/*
 * hostile: includes a secret outside the submission through a macro and a
 * path with "..", so that the compiler's errors would quote it
 * replaces: 01-tcp-hello/client.c
 * expect: an #include names a file by path
 * modes: netns
 */
#define SECRET <../../../../../../../../../../SECRET_PATH>
#include SECRET

int
main(void)
{
	return 0;
}

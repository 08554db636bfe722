/*
 * A server that fork()s, for the sample log fork.vg of
 * tests/unit/test-memcheck.c: under valgrind the child runs under memcheck
 * too and writes into the same log. The child ends first, clean; the parent
 * then leaks its copy of the message.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t child = fork();
	char *copy;

	if (child == -1)
		return 1;
	if (child == 0)
		return 0;
	if (waitpid(child, NULL, 0) == -1)
		return 1;
	copy = malloc(32);
	strcpy(copy, "kept by the parent");
	copy = NULL;	/* lost */
	return 0;
}

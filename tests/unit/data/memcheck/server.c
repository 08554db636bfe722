/*
 * A beginner's bugs, one per argument, for the sample valgrind logs of
 * tests/unit/test-memcheck.c (capture.sh runs it). Compiled as the grader
 * compiles students' programs; its own bugs are on purpose.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char *
copy_message(const char *text)
{
	char *copy = malloc(strlen(text) + 1);

	strcpy(copy, text);
	return copy;
}

static int
shout(char *msg)
{
	size_t n = strlen(msg);

	free(msg);
	return msg[n / 2];	/* used after free */
}

struct node {
	char *text;
};

int
main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	char buf[64];
	int s;

	if (strcmp(what, "leak") == 0) {
		char *m = copy_message("hello, world");
		printf("%s\n", m);
	}
	if (strcmp(what, "indirect") == 0) {
		struct node *n = malloc(sizeof *n);

		n->text = copy_message("inside");
		n = NULL;	/* the node is lost, and the text with it */
	}
	if (strcmp(what, "uaf") == 0)
		printf("%d\n", shout(copy_message("hello, world and more")));
	if (strcmp(what, "uninit") == 0) {
		struct sockaddr_in a;
		int u = socket(AF_INET, SOCK_DGRAM, 0);
		a.sin_family = AF_INET;
		a.sin_addr.s_addr = htonl(0x7f000001);
		/* sin_port and sin_zero never set */
		sendto(u, buf, 8, 0, (struct sockaddr *)&a, sizeof a);
		close(u);
	}
	if (strcmp(what, "overflow") == 0) {
		char *p = malloc(8);
		p[8] = 'x';
		free(p);
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (strcmp(what, "fd") == 0 || strcmp(what, "term") == 0) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(50998),
		    .sin_addr.s_addr = htonl(0x7f000001) };
		int yes = 1;
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
		bind(s, (struct sockaddr *)&a, sizeof a);
		listen(s, 5);
		if (strcmp(what, "term") == 0) {
			char *m = copy_message("held");
			m = copy_message("lost");	/* the first is lost */
			puts(m);
			pause();
		}
		return 0;
	}
	close(s);
	return 0;
}

/*
 * hostile: lists the network interfaces it can see (on stderr) and stops:
 * in the grader's private namespace there must be only the loopback
 * replaces: 01-tcp-hello/server.c
 * expect: interfaces: lo.
 * modes: netns
 */
#include <net/if.h>
#include <stdio.h>

int
main(void)
{
	struct if_nameindex *all = if_nameindex();

	if (all == NULL) {
		perror("if_nameindex");
		return 1;
	}
	fprintf(stderr, "interfaces:");
	for (struct if_nameindex *i = all; i->if_index != 0; i++)
		fprintf(stderr, "%s %s", i == all ? "" : ",", i->if_name);
	fprintf(stderr, ".\n");
	if_freenameindex(all);
	return 1;
}

/* lesson 11 client: every address of HOST until one answers. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

static int
parse_port(const char *text, unsigned short *port)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < 1 || value > 65535)
		return -1;
	*port = (unsigned short)value;
	return 0;
}

static void
addr_text(const struct addrinfo *ai, char *out, size_t n)
{
	char h[INET6_ADDRSTRLEN];
	const void *where;
	int port;

	if (ai->ai_family == AF_INET6) {
		const struct sockaddr_in6 *a6 = (const void *)ai->ai_addr;
		where = &a6->sin6_addr;
		port = ntohs(a6->sin6_port);
	} else {
		const struct sockaddr_in *a4 = (const void *)ai->ai_addr;
		where = &a4->sin_addr;
		port = ntohs(a4->sin_port);
	}
	inet_ntop(ai->ai_family, where, h, sizeof h);
	snprintf(out, n, "%s:%d", h, port);
}

int
main(int argc, char **argv)
{
	struct addrinfo hints = { 0 }, *res, *ai;
	unsigned short port;
	char where[120], buf[8192];
	int fd = -1, rc;
	ssize_t got;

	if (argc != 3 || parse_port(argv[2], &port) == -1) {
		fprintf(stderr, "usage: client HOST PORT\n");
		return 2;
	}
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(argv[1], argv[2], &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], gai_strerror(rc));
		return 3;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		addr_text(ai, where, sizeof where);
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		fprintf(stderr, "%s: %s\n", where, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return 1;
	printf("connected to %s\n", where);
	fflush(stdout);
	while ((got = read(fd, buf, sizeof buf)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			perror("client: recv");
			close(fd);
			return 1;
		}
		if (fwrite(buf, 1, (size_t)got, stdout) != (size_t)got) {
			perror("client: write");
			close(fd);
			return 1;
		}
	}
	close(fd);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* lesson 11 server: one socket per address family, poll() over them. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_SOCKETS 4

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

/* "[host]:port" or "host:port", mapped IPv4 written as plain IPv4. */
static int
peer_text(struct sockaddr_storage *ss, socklen_t len, char *out, size_t n)
{
	char host[100], serv[20];
	struct sockaddr_in plain;
	struct sockaddr *sa = (struct sockaddr *)ss;
	int rc;

	if (ss->ss_family == AF_INET6) {
		struct sockaddr_in6 *six = (struct sockaddr_in6 *)ss;

		if (IN6_IS_ADDR_V4MAPPED(&six->sin6_addr)) {
			memset(&plain, 0, sizeof plain);
			plain.sin_family = AF_INET;
			plain.sin_port = six->sin6_port;
			memcpy(&plain.sin_addr, six->sin6_addr.s6_addr + 12, 4);
			sa = (struct sockaddr *)&plain;
			len = sizeof plain;
		}
	}
	rc = getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
	    NI_NUMERICHOST | NI_NUMERICSERV);
	if (rc != 0) {
		fprintf(stderr, "server: getnameinfo: %s\n", gai_strerror(rc));
		return -1;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(out, n, "[%s]:%s", host, serv);
	else
		snprintf(out, n, "%s:%s", host, serv);
	return 0;
}

static void
handle(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char who[160], line[200];
	int c = accept(fd, (struct sockaddr *)&ss, &len);
	size_t done = 0, total;

	if (c < 0) {
		perror("server: accept");
		return;
	}
	if (peer_text(&ss, len, who, sizeof who) == 0) {
		printf("connection from %s\n", who);
		fflush(stdout);
		total = (size_t)snprintf(line, sizeof line, "you are %s\n", who);
		while (done < total) {
			ssize_t k = send(c, line + done, total - done, MSG_NOSIGNAL);
			if (k < 0) {
				if (errno == EINTR)
					continue;
				perror("server: send");
				break;
			}
			done += (size_t)k;
		}
	}
	close(c);
}

int
main(int argc, char **argv)
{
	struct addrinfo hints, *res, *p;
	struct pollfd fds[MAX_SOCKETS];
	unsigned short port;
	int n = 0, on = 1, rc;

	if (argc != 2) {
		fprintf(stderr, "usage: server PORT\n");
		return 2;
	}
	if (parse_port(argv[1], &port) == -1) {
		fprintf(stderr, "server: bad port %s\n", argv[1]);
		return 2;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(NULL, argv[1], &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "server: getaddrinfo: %s\n", gai_strerror(rc));
		return 1;
	}
	/* Every entry: 0.0.0.0 and [::]. The IPv6 one must stay IPv6 only. */
	for (p = res; p != NULL && n < MAX_SOCKETS; p = p->ai_next) {
		int s = socket(p->ai_family, p->ai_socktype, p->ai_protocol);

		if (s < 0) {
			perror("server: socket");
			goto fail;
		}
		fds[n].fd = s;
		fds[n].events = POLLIN;
		n++;
		if (p->ai_family == AF_INET6 && setsockopt(s, IPPROTO_IPV6,
		    IPV6_V6ONLY, &on, sizeof on) < 0) {
			perror("server: setsockopt IPV6_V6ONLY");
			goto fail;
		}
		if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) {
			perror("server: setsockopt SO_REUSEADDR");
			goto fail;
		}
		if (bind(s, p->ai_addr, p->ai_addrlen) < 0) {
			perror("server: bind");
			goto fail;
		}
		if (listen(s, 10) < 0) {
			perror("server: listen");
			goto fail;
		}
	}
	freeaddrinfo(res);
	res = NULL;
	printf("listening on port %u\n", (unsigned)port);
	fflush(stdout);

	for (;;) {
		if (poll(fds, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("server: poll");
			goto fail;
		}
		for (int i = 0; i < n; i++)
			if (fds[i].revents & POLLIN)
				handle(fds[i].fd);
	}
fail:
	if (res != NULL)
		freeaddrinfo(res);
	for (int i = 0; i < n; i++)
		close(fds[i].fd);
	return 1;
}

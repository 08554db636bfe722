/* diagnose.c: recognising the classic bugs from what programs did. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "diagnose.h"
#include "netprobe.h"

/* Split "a.b.c.d:port"; returns 0 or -1 when s is not of that form. */
static int
split_address(const char *s, char *ip, size_t iplen, int *port)
{
	const char *colon = strrchr(s, ':');

	if (colon == NULL || (size_t)(colon - s) >= iplen ||
	    strncmp(s, "nothing", 7) == 0)
		return -1;
	memcpy(ip, s, (size_t)(colon - s));
	ip[colon - s] = '\0';
	*port = atoi(colon + 1);
	return 0;
}

/* How run_wait_bound records a program that ended before binding. */
#define EXITED_EARLY "nothing: the program exited"

int
diagnose_address(const char *expected, const char *got,
    const char *stderr_text, struct bytes *why)
{
	char eip[32], gip[32];
	int eport, gport;

	if (split_address(expected, eip, sizeof eip, &eport) == -1)
		return 0;
	if (split_address(got, gip, sizeof gip, &gport) == 0) {
		if (gport == net_swap_port(eport) && gport != eport) {
			bytes_printf(why, "Port %d is %d with its two bytes "
			    "swapped: the port was stored without htons(), "
			    "which turns it into network byte order.", gport,
			    eport);
			return 1;
		}
		if (strcmp(gip, "0.0.0.0") == 0) {
			bytes_printf(why, "The socket is bound to 0.0.0.0 (every "
			    "interface) instead of %s: set sin_addr from the "
			    "ADDRESS argument with inet_pton().", eip);
			return 1;
		}
		return 0;
	}
	if (strstr(stderr_text, "Address already in use") != NULL) {
		bytes_puts(why, "bind() failed with 'Address already in use': "
		    "the old server's connection is still in TIME_WAIT on "
		    "that port. Set SO_REUSEADDR with setsockopt() before "
		    "bind() so a restarted server can bind at once.");
		return 1;
	}
	if (strstr(stderr_text, "accept: Invalid argument") != NULL) {
		bytes_puts(why, "accept() failed with 'Invalid argument': the "
		    "socket is not listening. Call listen() after bind() and "
		    "before accept().");
		return 1;
	}
	if (strstr(stderr_text, "bind: Invalid argument") != NULL) {
		bytes_puts(why, "bind() failed with 'Invalid argument' "
		    "(EINVAL): its last argument must be the size of the "
		    "address structure (sizeof addr), not the size of a pointer "
		    "to it.");
		return 1;
	}
	if (stderr_text[0] != '\0' &&
	    strncmp(got, EXITED_EARLY, strlen(EXITED_EARLY)) == 0) {
		bytes_puts(why, "The program stopped with an error before it "
		    "was ready: its message is under stderr below.");
		return 1;
	}
	if (strstr(got, "did not start") == NULL &&
	    strstr(got, "crashed: ") != NULL) {
		bytes_puts(why, "The program crashed before it was ready; run "
		    "it by hand (or under gdb) to see where.");
		return 1;
	}
	return 0;
}

/* Does got hold a byte-swapped version of a port that expected shows? */
static int
has_swapped_port(const char *expected, const char *got)
{
	const char *p = expected;

	while ((p = strstr(p, "127.0.0.1:")) != NULL) {
		char pattern[32];
		int port = atoi(p + 10), swapped = net_swap_port(port);

		p += 10;
		if (swapped == port)
			continue;
		snprintf(pattern, sizeof pattern, "127.0.0.1:%d", swapped);
		if (strstr(got, pattern) != NULL)
			return 1;
	}
	return 0;
}

/* Does got start like the data line e (up to its ", addr: ") but go on? */
static int
line_has_stale_tail(const char *e, const char *got)
{
	const char *comma = strstr(e, ", addr: ");
	const char *nl = strchr(e, '\n');
	size_t n;

	if (strncmp(e, "data: ", 6) != 0 || comma == NULL ||
	    (nl != NULL && comma > nl))
		return 0;
	n = (size_t)(comma - e);
	for (const char *g = got; g != NULL && *g != '\0';) {
		/* Same start, then more bytes where ", addr: " should be. */
		if (strncmp(g, e, n) == 0 && g[n] != ',' && g[n] != '\n' &&
		    g[n] != '\0')
			return 1;
		g = strchr(g, '\n');
		if (g != NULL)
			g++;
	}
	return 0;
}

/* Does some line of got start with a data line of expected but go on? */
static int
has_stale_tail(const char *expected, const char *got)
{
	for (const char *e = expected; e != NULL && *e != '\0';) {
		if (line_has_stale_tail(e, got))
			return 1;
		e = strchr(e, '\n');
		if (e != NULL)
			e++;
	}
	return 0;
}

/* The message of the first "data: MESSAGE, addr: " line of s, or NULL. */
static const char *
first_message(const char *s, size_t *len)
{
	const char *d = strstr(s, "data: "), *end;

	if (d == NULL || (d != s && d[-1] != '\n'))
		return NULL;
	d += 6;
	end = strstr(d, ", addr: ");
	if (end == NULL)
		return NULL;
	*len = (size_t)(end - d);
	return d;
}

/* A TCP message printed in part: only its start, or only its end. */
static int
diagnose_partial(const char *e, const char *g, struct bytes *why)
{
	size_t elen, glen;
	const char *em = first_message(e, &elen), *gm = first_message(g, &glen);

	if (em == NULL || gm == NULL || glen == 0 || glen >= elen)
		return 0;
	if (memcmp(em, gm, glen) == 0) {
		bytes_puts(why, "Only the start of the message was printed: "
		    "one recv() returns whatever has arrived so far, not a "
		    "whole message. Keep calling recv() until it returns 0 "
		    "(the peer closed).");
		return 1;
	}
	if (memcmp(em + elen - glen, gm, glen) == 0) {
		bytes_puts(why, "Only the end of the message was printed: each "
		    "recv() wrote over the previous bytes. Receive into "
		    "buf + kept, with sizeof buf - kept as the length.");
		return 1;
	}
	return 0;
}

/* Count the lines of s. */
static int
lines_in(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

int
diagnose_output(const struct bytes *expected, const struct bytes *got,
    const char *status, struct bytes *why)
{
	const char *e = bytes_str(expected), *g = bytes_str(got);

	if (got->len == 0 && expected->len > 0) {
		bytes_printf(why, "Nothing reached standard output (the "
		    "program: %s). If it does call printf(), either the line "
		    "has no '\\n' at its end, or the text is stuck in stdio's "
		    "buffer: when output goes to a file, C keeps it until "
		    "exit, and a server is stopped by a signal. End every line "
		    "with \\n and call setvbuf(stdout, NULL, _IOLBF, 0) at the "
		    "start of main().", status);
		return 1;
	}
	if (strstr(g, "0.0.0.0:0") != NULL && strstr(e, "0.0.0.0:0") == NULL) {
		bytes_puts(why, "An address printed as 0.0.0.0:0 means the call "
		    "that should fill it in (recvfrom() or accept()) filled in "
		    "nothing: its address-length argument is both input and "
		    "output, so set it to sizeof the address structure before "
		    "every call.");
		return 1;
	}
	if (has_swapped_port(e, g)) {
		bytes_puts(why, "A port is printed with its two bytes swapped: "
		    "sin_port is in network byte order; print ntohs(sin_port).");
		return 1;
	}
	if (has_stale_tail(e, g)) {
		bytes_puts(why, "A message is followed by extra bytes: the "
		    "buffer was printed as a C string (%s) although recv() and "
		    "recvfrom() add no '\\0'; print exactly the n bytes they "
		    "returned (fwrite, or printf(\"%.*s\", (int)n, buf)).");
		return 1;
	}
	if (diagnose_partial(e, g, why))
		return 1;
	if (lines_in(g) == 1 && lines_in(e) > 1 &&
	    strcmp(status, "still running") == 0) {
		bytes_puts(why, "Only the first line was printed, and the "
		    "program is still running: it is waiting for something "
		    "that never arrives. Does it receive on the right socket "
		    "(the one it bound; for TCP, the one accept() returned)?");
		return 1;
	}
	return 0;
}

int
diagnose_payload(const struct bytes *expected, const struct bytes *got,
    struct bytes *why)
{
	if (got->len == expected->len + 1 && got->data[got->len - 1] == '\0' &&
	    memcmp(got->data, expected->data, expected->len) == 0) {
		bytes_puts(why, "One byte too many, and it is a '\\0': the "
		    "length was strlen()+1 (or sizeof of an array). Send "
		    "strlen(message) bytes: the terminator is not part of the "
		    "message.");
		return 1;
	}
	if (got->len == sizeof(char *) && expected->len > got->len &&
	    memcmp(got->data, expected->data, got->len) == 0) {
		bytes_printf(why, "Exactly %zu bytes arrived: the length was "
		    "sizeof of a pointer (char *), not the length of the "
		    "message. Use strlen(message).", got->len);
		return 1;
	}
	if (got->len < expected->len && got->len > 0 &&
	    memcmp(got->data, expected->data, got->len) == 0) {
		bytes_printf(why, "Only the first %zu of %zu bytes arrived.",
		    got->len, expected->len);
		return 1;
	}
	return 0;
}

int
diagnose_status(const char *expected, const char *got, const char *stderr_text,
    struct bytes *why)
{
	if (strstr(stderr_text, "Bad file descriptor") != NULL) {
		bytes_puts(why, "A call used a socket that was already closed "
		    "('Bad file descriptor'). In a server, close the "
		    "connection's socket after each client, never the "
		    "listening one inside the loop.");
		return 1;
	}
	if (strcmp(expected, "still running") == 0 &&
	    strncmp(got, "exited", 6) == 0) {
		if (stderr_text[0] != '\0')
			bytes_printf(why, "The server %s after an error: its "
			    "message is under stderr below.", got);
		else
			bytes_printf(why, "The server %s while it should have "
			    "kept serving: put the receiving part in a loop "
			    "that never ends.", got);
		return 1;
	}
	if (strcmp(got, "still running") == 0 &&
	    strcmp(expected, "still running") != 0) {
		bytes_puts(why, "The program was still running when it should "
		    "have finished: is it waiting for something that never "
		    "comes (a reply, or input)?");
		return 1;
	}
	return 0;
}

void
diagnose_common(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	const struct bytes *e = transcript_get(ref, d->key);
	const struct bytes *g = transcript_get(got, d->key);
	/* Its data is "", never NULL: the diagnoses memcmp() it. */
	char nothing[1] = "";
	struct bytes empty = { nothing, 0, 0 };

	struct key_info ki;
	const char *err;

	if (g == NULL)
		g = &empty;
	transcript_key_info(d->key, &ki);
	err = transcript_fact_str(got, ki.label, KEY_STDERR);
	switch (ki.kind) {
	case KEY_ADDRESS:
		diagnose_address(bytes_str(e), bytes_str(g), err, why);
		break;
	case KEY_STDOUT:
		diagnose_output(e, g, transcript_fact_str(got, ki.label,
		    KEY_STATUS), why);
		break;
	case KEY_STATUS:
		diagnose_status(bytes_str(e), bytes_str(g), err, why);
		break;
	case KEY_PROBE:
		diagnose_payload(e, g, why);
		break;
	default:
		break;
	}
}

int
diagnose_sigpipe(int code, struct bytes *why)
{
	if (code != 128 + SIGPIPE)
		return 0;
	bytes_puts(why, "The server was killed by SIGPIPE: send() on a "
	    "connection that the client has reset or left raises SIGPIPE, "
	    "which kills a program by default. Pass MSG_NOSIGNAL to send() "
	    "(or call signal(SIGPIPE, SIG_IGN) at the start of main()); send() "
	    "then fails with EPIPE: close that client's connection and keep "
	    "serving the others.");
	return 1;
}

/* A bad command line, or a port taken (diagnose.h). */
void
diagnose_bad_args(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	struct key_info ki;
	const char *cmd, *want, *did;

	transcript_key_info(d->key, &ki);
	cmd = transcript_fact_str(got, ki.label, KEY_COMMAND);
	want = transcript_fact_str(ref, ki.label, KEY_STATUS);
	did = transcript_fact_str(got, ki.label, KEY_STATUS);
	if (ki.kind == KEY_STATUS && strcmp(did, "still running") == 0)
		bytes_printf(why, "Started as '%s', the program was still "
		    "running 1 s later: it took that command line as good. It "
		    "must stop at once: %s, with a line on stderr.", cmd, want);
	else if (ki.kind == KEY_STATUS)
		bytes_printf(why, "Started as '%s', the program %s; the "
		    "contract wants it %s, with a line on stderr.", cmd, did,
		    want);
	else if (ki.kind == KEY_STDOUT)
		bytes_printf(why, "Started as '%s', the program printed on "
		    "stdout; a program that refuses its command line, or "
		    "cannot bind, prints only on stderr.", cmd);
	else if (strcmp(d->key + strlen(ki.label), ".message") == 0)
		bytes_printf(why, "Started as '%s', the program %s without a "
		    "line on stderr: say what is wrong there (the words are "
		    "free).", cmd, did);
	else
		diagnose_common(ref, got, d, why);
}

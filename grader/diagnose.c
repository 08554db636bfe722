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
		if (strcmp(gip, eip) != 0) {
			bytes_printf(why, "The socket went to %s instead of %s, "
			    "the ADDRESS given: set sin_addr from the address "
			    "parse_arguments() read (inet_pton()), not from a "
			    "constant.", gip, eip);
			return 1;
		}
		if (gport != eport) {
			bytes_printf(why, "The socket went to port %d instead of "
			    "%d: set sin_port = htons(port) from the port "
			    "parse_arguments() read, not from a constant.",
			    gport, eport);
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

/*
 * A port that expected shows (after a loopback address, 127.0.0.N:) and
 * got shows byte-swapped instead, or 0 when there is none.
 */
static int
swapped_port(const char *expected, const char *got)
{
	const char *p = expected;

	while ((p = strstr(p, "127.0.0.")) != NULL) {
		const char *colon = p + strspn(p + 8, "0123456789") + 8;
		char pattern[40];
		int port, swapped;

		p += 8;
		if (*colon != ':' || colon - p > 3)
			continue;
		port = atoi(colon + 1);
		swapped = net_swap_port(port);
		if (swapped == port)
			continue;
		snprintf(pattern, sizeof pattern, "%.*s:%d", (int)(colon - p + 8),
		    p - 8, swapped);
		if (strstr(got, pattern) != NULL)
			return port;
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

/*
 * Did got stop at a zero byte of a data line of expected, going on with
 * ", addr: " where the zero byte was?
 */
static int
stopped_at_zero(const struct bytes *expected, const struct bytes *got)
{
	size_t i = 0;

	while (i < expected->len && i < got->len &&
	    expected->data[i] == got->data[i])
		i++;
	return i < expected->len && expected->data[i] == '\0' &&
	    got->len - i >= 8 && memcmp(got->data + i, ", addr: ", 8) == 0;
}

/*
 * Does got go on with other bytes where a data line of expected ends its
 * message (", addr: " follows it), zero bytes counted as bytes?
 */
static int
stale_tail(const struct bytes *expected, const struct bytes *got)
{
	size_t i = 0, start;

	while (i < expected->len && i < got->len &&
	    expected->data[i] == got->data[i])
		i++;
	if (i == got->len || got->data[i] == '\n' || expected->len - i < 8 ||
	    memcmp(expected->data + i, ", addr: ", 8) != 0)
		return 0;
	for (start = i; start > 0 && expected->data[start - 1] != '\n';
	    start--)
		continue;
	return expected->len - start >= 6 &&
	    memcmp(expected->data + start, "data: ", 6) == 0;
}

/* Is n a power of two, as a buffer's size often is? */
static int
power_of_two(size_t n)
{
	return n >= 16 && (n & (n - 1)) == 0;
}

/*
 * The message of the data line where got first differs from expected,
 * zero bytes counted as bytes: *em, *elen in expected, *gm, *glen in got.
 * Returns 0, or -1 when that line is no data line in both.
 */
static int
differing_messages(const struct bytes *expected, const struct bytes *got,
    const char **em, size_t *elen, const char **gm, size_t *glen)
{
	size_t i = 0, start;
	const char *ee, *ge;

	while (i < expected->len && i < got->len &&
	    expected->data[i] == got->data[i])
		i++;
	for (start = i; start > 0 && expected->data[start - 1] != '\n';
	    start--)
		continue;
	if (expected->len - start < 6 || got->len - start < 6 ||
	    memcmp(expected->data + start, "data: ", 6) != 0 ||
	    memcmp(got->data + start, "data: ", 6) != 0)
		return -1;
	*em = expected->data + start + 6;
	*gm = got->data + start + 6;
	ee = memmem(*em, expected->len - start - 6, ", addr: ", 8);
	ge = memmem(*gm, got->len - start - 6, ", addr: ", 8);
	if (ee == NULL || ge == NULL)
		return -1;
	*elen = (size_t)(ee - *em);
	*glen = (size_t)(ge - *gm);
	return 0;
}

/*
 * A message printed in part: only its start, or its end first. socket
 * says how it came ("tcp", "udp" or "" when unknown): a TCP stream is read
 * in pieces, while a UDP datagram longer than the buffer is cut.
 */
static int
diagnose_partial(const struct bytes *e, const struct bytes *g,
    const char *socket, struct bytes *why)
{
	size_t elen, glen, tail;
	const char *em, *gm;

	if (differing_messages(e, g, &em, &elen, &gm, &glen) == -1 ||
	    glen == 0)
		return 0;
	if (glen < elen && memcmp(em, gm, glen) == 0) {
		bytes_printf(why, "Only the first %zu of the %zu bytes of the "
		    "message were printed", glen, elen);
		if (strcmp(socket, "udp") == 0)
			bytes_puts(why, ": recvfrom() stores at most the "
			    "buffer's size and discards the rest of the "
			    "datagram. Receive into a buffer of the size the "
			    "contract gives.");
		else if (strcmp(socket, "tcp") == 0 && power_of_two(glen))
			bytes_printf(why, ": the buffer keeps only %zu bytes. "
			    "Give it the size the contract gives.", glen);
		else if (strcmp(socket, "tcp") == 0)
			bytes_puts(why, ": one recv() returns whatever has "
			    "arrived so far, not a whole message. Keep calling "
			    "recv() until it returns 0 (the peer closed).");
		else
			bytes_puts(why, ".");
		return 1;
	}
	if (strcmp(socket, "tcp") != 0)
		return 0;
	/* The message's last piece (4 bytes or more) where it starts. */
	for (tail = elen - 1; tail >= 4 && tail <= glen; tail--)
		if (memcmp(em + elen - tail, gm, tail) == 0) {
			bytes_puts(why, "The line starts with the end of the "
			    "message: each recv() wrote over the previous "
			    "bytes. Receive into buf + kept, with sizeof buf - "
			    "kept as the length.");
			return 1;
		}
	return 0;
}

/* Count the lines of b. */
static int
lines_in(const struct bytes *b)
{
	int n = 0;

	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

/*
 * diagnose_output, knowing more: socket as diagnose_partial takes it; own,
 * the port the program's own socket should have had in the reference's
 * run (-1: unknown), and stored, where it went: 1 to that port
 * byte-swapped, 0 to that port, -1 when unknown.
 */
static int
output_diagnosis(const struct bytes *expected, const struct bytes *got,
    const char *status, const char *socket, int own, int stored,
    struct bytes *why)
{
	const char *e = bytes_str(expected), *g = bytes_str(got);
	int port;

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
	if ((port = swapped_port(e, g)) != 0) {
		/* A peer's port, filled in by the kernel, is never stored. */
		if (port != own)
			stored = 0;
		if (stored == 1)
			bytes_puts(why, "A port is printed with its two bytes "
			    "swapped, and the socket used that swapped port "
			    "too: sin_port was stored without htons(). Set "
			    "sin_port = htons(port), and print "
			    "ntohs(sin_port).");
		else if (stored == 0)
			bytes_puts(why, "A port is printed with its two bytes "
			    "swapped, although the socket used the right one: "
			    "sin_port is in network byte order; print "
			    "ntohs(sin_port).");
		else
			bytes_puts(why, "A port is printed with its two bytes "
			    "swapped: sin_port holds it in network byte order. "
			    "Store it with htons(port) and print "
			    "ntohs(sin_port); one of the two is missing.");
		return 1;
	}
	if (stopped_at_zero(expected, got)) {
		bytes_puts(why, "Printing stopped at a zero byte inside the "
		    "message: %s and %.*s stop at a '\\0'. Print the n bytes "
		    "received with fwrite(buf, 1, n, stdout).");
		return 1;
	}
	if (stale_tail(expected, got) || has_stale_tail(e, g)) {
		bytes_puts(why, "A message is followed by extra bytes: more "
		    "than the n bytes received were printed, as when the "
		    "buffer is printed as a C string (%s; recv() and "
		    "recvfrom() add no '\\0') or whole (sizeof buf). Print "
		    "exactly the n bytes with fwrite(buf, 1, n, stdout).");
		return 1;
	}
	if (diagnose_partial(expected, got, socket, why))
		return 1;
	if (lines_in(got) == 1 && lines_in(expected) > 1 &&
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
diagnose_output(const struct bytes *expected, const struct bytes *got,
    const char *status, struct bytes *why)
{
	return output_diagnosis(expected, got, status, "", -1, -1, why);
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
	if (got->len > expected->len &&
	    memcmp(got->data, expected->data, expected->len) == 0) {
		struct bytes extra;

		bytes_init(&extra);
		escape_bytes(&extra, got->data + expected->len,
		    got->len - expected->len, 16);
		bytes_printf(why, "The message arrived with %zu more byte%s "
		    "after it ('%s'): send exactly strlen(message) bytes of "
		    "the message, nothing added.", got->len - expected->len,
		    got->len - expected->len == 1 ? "" : "s",
		    bytes_str(&extra));
		bytes_free(&extra);
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
	if (strstr(stderr_text, "accept: Bad file descriptor") != NULL) {
		bytes_puts(why, "accept() used a listening socket that was "
		    "already closed ('Bad file descriptor'): close the "
		    "connection's socket after each client, never the "
		    "listening one inside the loop.");
		return 1;
	}
	if (strstr(stderr_text, "Bad file descriptor") != NULL) {
		bytes_puts(why, "A call used a descriptor that is not open "
		    "('Bad file descriptor'; stderr below names the call): a "
		    "socket already closed, or a variable that never held "
		    "one.");
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
	if (strncmp(expected, "exited with status ", 19) == 0 &&
	    strncmp(got, "exited with status ", 19) == 0) {
		bytes_printf(why, "The program %s where the contract gives "
		    "status %s here: return that value from main().", got,
		    expected + 19);
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

/*
 * The port of got's run that plays the part port plays in ref's (each run
 * names its ports in note.ports; they differ without a namespace).
 */
static int
same_port(const struct transcript *ref, const struct transcript *got,
    int port)
{
	struct port_names pref, pgot;

	if (port_names_parse(&pref, transcript_str(ref, "note.ports")) == -1 ||
	    port_names_parse(&pgot, transcript_str(got, "note.ports")) == -1)
		return port;
	for (int i = 0; i < pref.n; i++) {
		if (pref.port[i] != port)
			continue;
		for (int j = 0; j < pgot.n; j++)
			if (strcmp(pref.name[i], pgot.name[j]) == 0)
				return pgot.port[j];
	}
	return port;
}

/*
 * Where program label's socket went, from the address its run recorded
 * (LABEL.bound, .sent-to or .connected-to): 1 when to the byte-swap of the
 * reference's port, 0 when to the reference's own, -1 when unknown.
 */
static int
port_stored_swapped(const struct transcript *ref, const struct transcript *got,
    const char *label, int *own)
{
	static const char *const fact[] = { "bound", "sent-to",
	    "connected-to" };
	char key[KEY_LABEL_MAX + 16], eip[32], gip[32];
	int eport, gport;

	for (size_t i = 0; i < sizeof fact / sizeof fact[0]; i++) {
		snprintf(key, sizeof key, "%s.%s", label, fact[i]);
		if (split_address(transcript_str(ref, key), eip, sizeof eip,
		    &eport) == -1 || split_address(transcript_str(got, key),
		    gip, sizeof gip, &gport) == -1)
			continue;
		*own = eport;
		eport = same_port(ref, got, eport);
		if (gport == eport)
			return 0;
		if (gport == net_swap_port(eport))
			return 1;
	}
	*own = -1;
	return -1;
}

/* The name ref's note.ports gives port (in t), or "". */
static const char *
port_name(const struct transcript *t, int port, struct port_names *pn)
{
	if (port_names_parse(pn, transcript_str(t, "note.ports")) == -1)
		return "";
	for (int i = 0; i < pn->n; i++)
		if (pn->port[i] == port)
			return pn->name[i];
	return "";
}

/*
 * An address with the lesson's default port where the reference used the
 * second port, given as PORT: the argument was ignored.
 */
static int
diagnose_default_port(const struct transcript *ref,
    const struct transcript *got, const char *expected, const char *gaddr,
    struct bytes *why)
{
	struct port_names pref, pgot;
	char eip[32], gip[32];
	int eport, gport;

	if (split_address(expected, eip, sizeof eip, &eport) == -1 ||
	    split_address(gaddr, gip, sizeof gip, &gport) == -1 ||
	    strcmp(port_name(ref, eport, &pref), "alt") != 0 ||
	    strcmp(port_name(got, gport, &pgot), "server") != 0)
		return 0;
	bytes_printf(why, "The program used port %d, the default, instead "
	    "of the PORT given on its command line: use the port that "
	    "parse_arguments() read.", gport);
	return 1;
}

/*
 * A command line the contract accepts, refused (status 2) where the
 * reference did something else with it.
 */
static int
diagnose_accepted(const struct transcript *got, const char *label,
    const char *expected, const char *gstatus, struct bytes *why)
{
	if (strcmp(gstatus, "exited with status 2") != 0 ||
	    strcmp(expected, gstatus) == 0)
		return 0;
	bytes_printf(why, "The command line '%s' is one the contract accepts, "
	    "but the program refused it (status 2): check the limits in "
	    "parse_arguments().", transcript_fact_str(got, label, KEY_COMMAND));
	return 1;
}

/*
 * Data lines that name the program's own address (its LABEL.bound) as
 * their sender, where the reference's named another: the address printed
 * is the one bound, not the one recvfrom() or accept() filled in.
 */
static int
diagnose_own_address(const struct transcript *ref,
    const struct transcript *got, const char *label, const struct bytes *g,
    struct bytes *why)
{
	char key[KEY_LABEL_MAX + 16], own[80], ref_own[80];
	const char *bound;

	snprintf(key, sizeof key, "%s.bound", label);
	bound = transcript_str(got, key);
	if (strncmp(bound, "127.", 4) != 0)
		return 0;
	snprintf(own, sizeof own, ", addr: %s\n", bound);
	snprintf(ref_own, sizeof ref_own, ", addr: %s\n",
	    transcript_str(ref, key));
	if (memmem(g->data, g->len, own, strlen(own)) == NULL ||
	    strstr(transcript_fact_str(ref, label, KEY_STDOUT), ref_own) !=
	    NULL)
		return 0;
	bytes_printf(why, "A line names the program's own address (%s) "
	    "as the sender: print the address that recvfrom() or accept() "
	    "filled in, not the one it bound.", bound);
	return 1;
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
	int own, stored;

	if (g == NULL)
		g = &empty;
	transcript_key_info(d->key, &ki);
	/* A command line refused, or a bind() that had to fail. */
	if ((ki.kind == KEY_STATUS && diagnose_accepted(got, ki.label,
	    bytes_str(e), bytes_str(g), why)) ||
	    diagnose_refusal(ref, got, d, why))
		return;
	err = transcript_fact_str(got, ki.label, KEY_STDERR);
	switch (ki.kind) {
	case KEY_ADDRESS:
		if (!diagnose_default_port(ref, got, bytes_str(e), bytes_str(g),
		    why))
			diagnose_address(bytes_str(e), bytes_str(g), err, why);
		break;
	case KEY_STDOUT:
		if (diagnose_own_address(ref, got, ki.label, g, why))
			break;
		stored = port_stored_swapped(ref, got, ki.label, &own);
		output_diagnosis(e, g, transcript_fact_str(got, ki.label,
		    KEY_STATUS), transcript_note_str(got, ki.label, "socket"),
		    own, stored, why);
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

/* A refused command line or a failed bind() (diagnose.h). */
int
diagnose_refusal(const struct transcript *ref, const struct transcript *got,
    const struct difference *d, struct bytes *why)
{
	struct key_info ki;
	char key[KEY_LABEL_MAX + 16];
	const char *what, *status, *want, *command;
	int taken, running, ok;

	transcript_key_info(d->key, &ki);
	what = transcript_note_str(ref, ki.label, "refusal");
	if (what[0] == '\0')
		return 0;
	taken = strcmp(what, "port taken") == 0;
	status = transcript_fact_str(got, ki.label, KEY_STATUS);
	want = transcript_fact_str(ref, ki.label, KEY_STATUS);
	transcript_key(key, sizeof key, ki.label, KEY_COMMAND, 1);
	command = transcript_str(got, key);
	running = strcmp(status, "still running") == 0;
	ok = strcmp(status, "exited with status 0") == 0;
	if (taken && (running || ok))
		bytes_printf(why, "The grader held the port, so bind() failed, "
		    "yet the server %s: check bind()'s return value; on -1, "
		    "perror(\"server: bind\") and exit with status 1.",
		    running ? "kept running" : "exited with status 0");
	else if (taken && ki.kind == KEY_STATUS)
		bytes_printf(why, "bind() failed as it should (the grader held "
		    "the port), but the server %s: the contract says exit "
		    "status 1 for a setup step that fails.", status);
	else if (running || ok)
		bytes_printf(why, "Started as '%s', the %s accepted arguments "
		    "the contract refuses (it %s): a port is a number from 1 "
		    "to 65535 with nothing after it, an address must be "
		    "IPv4 (inet_pton()), and extra arguments are an error. "
		    "Print a message on stderr and exit with status 2, as the "
		    "given parse_arguments() does.", command, ki.label,
		    running ? "kept running" : "exited with status 0");
	else if (ki.kind == KEY_STATUS)
		bytes_printf(why, "Started as '%s', the %s %s; for bad "
		    "arguments the contract says %s.", command, ki.label,
		    status, want);
	else if (strcmp(transcript_str(got, d->key), "nothing on stderr") == 0)
		bytes_printf(why, "Started as '%s', the %s exited as it should "
		    "but said nothing on stderr: print what is wrong (%s).",
		    command, ki.label, taken ? "perror(\"server: bind\")" :
		    "the given code's message");
	else if (ki.kind == KEY_STDOUT)
		bytes_printf(why, "Started as '%s', the %s printed on stdout: "
		    "an error goes to stderr only.", command, ki.label);
	else
		return 0;
	return 1;
}

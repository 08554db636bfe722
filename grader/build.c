/* build.c: source validation, compilation and skeleton detection. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "clock.h"
#include "spawn.h"

#define COMPILE_TIMEOUT_MS 60000
#define DIAG_CAP (32 * 1024)

/* Is the resolved path inside the resolved directory? */
static int
inside(const char *dir_real, const char *path_real)
{
	size_t n = strlen(dir_real);

	return strncmp(dir_real, path_real, n) == 0 &&
	    (path_real[n] == '/' || path_real[n] == '\0');
}

/* Copy from fd to dest, refusing NUL bytes and files over the limit. */
static int
copy_text(int fd, const char *shown, const char *dest, char *msg,
    size_t msglen)
{
	char buf[8192];
	size_t total = 0;
	ssize_t n;
	int out = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int rc = -1;

	if (out == -1) {
		snprintf(msg, msglen, "%s: cannot copy: %s", shown,
		    strerror(errno));
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(msg, msglen, "%s: cannot read it: %s", shown,
			    strerror(errno));
			goto out;
		}
		total += (size_t)n;
		if (total > BUILD_MAX_SOURCE) {
			snprintf(msg, msglen, "%s: larger than %d KiB; a lesson "
			    "program is far smaller: restore the skeleton",
			    shown, BUILD_MAX_SOURCE / 1024);
			goto out;
		}
		if (memchr(buf, '\0', (size_t)n) != NULL) {
			snprintf(msg, msglen, "%s: not a C source file (it "
			    "holds binary data); put your C code back in it",
			    shown);
			goto out;
		}
		if (write(out, buf, (size_t)n) != n) {
			snprintf(msg, msglen, "%s: cannot copy: %s", shown,
			    strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	close(out);
	return rc;
}

/*
 * The source as the preprocessor's first phases see it: trigraphs for '#'
 * and '\' replaced, lines spliced at backslash-newline, comments turned
 * into a space (string literals are not special here: good enough to find
 * directives, and a quote only hides code from us by breaking the build).
 */
static void
directive_text(const char *src, size_t len, struct bytes *out)
{
	size_t i = 0;

	while (i < len) {
		char c = src[i];

		if (c == '?' && i + 2 < len && src[i + 1] == '?' &&
		    (src[i + 2] == '=' || src[i + 2] == '/')) {
			c = src[i + 2] == '=' ? '#' : '\\';
			i += 2;
		}
		if (c == '\\' && i + 1 < len && src[i + 1] == '\n') {
			i += 2;
		} else if (c == '/' && i + 1 < len && src[i + 1] == '*') {
			const char *end;

			end = memmem(src + i + 2, len - i - 2, "*/", 2);
			i = end != NULL ? (size_t)(end - src) + 2 : len;
			bytes_puts(out, " ");
		} else if (c == '/' && i + 1 < len && src[i + 1] == '/') {
			while (i < len && src[i] != '\n')
				i++;
		} else {
			bytes_append(out, &c, 1);
			i++;
		}
	}
}

/* Is the name between the include's delimiters a plain header name? */
static int
plain_header(const char *name, size_t n)
{
	if (n == 0 || name[0] == '/')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '-' &&
		    c != '.' && c != '/')
			return 0;
		if (c == '.' && i + 1 < n && name[i + 1] == '.')
			return 0;
	}
	return 1;
}

/*
 * If line is an include directive (#include, #include_next, #import, also
 * spelled %: or ??=) that names anything but a plain header ("x.h" or
 * <sys/x.h>: no absolute path, no "..", no macro), return 1.
 */
static int
bad_include(const char *line, size_t n)
{
	static const char *const words[] = { "include_next", "include",
	    "import" };
	const char *end;
	size_t i = 0, w;
	char closer;

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < n && line[i] == '#')
		i++;
	else if (i + 1 < n && line[i] == '%' && line[i + 1] == ':')
		i += 2;
	else
		return 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	for (w = 0; w < 3; w++) {
		size_t k = strlen(words[w]);

		if (n - i >= k && strncmp(line + i, words[w], k) == 0) {
			i += k;
			break;
		}
	}
	if (w == 3)
		return 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == n || (line[i] != '"' && line[i] != '<'))
		return 1;
	closer = line[i] == '"' ? '"' : '>';
	end = memchr(line + i + 1, closer, n - i - 1);
	return end == NULL || !plain_header(line + i + 1,
	    (size_t)(end - line - i - 1));
}

/*
 * Refuse a source whose includes could read files outside the submission
 * (a secret, /dev/zero, /dev/stdin). Returns 0, or -1 with a message.
 */
static int
check_includes(const char *path, const char *shown, char *msg, size_t msglen)
{
	struct bytes src, text;
	int truncated, rc = 0;
	const char *p, *end;

	bytes_init(&src);
	bytes_init(&text);
	if (bytes_read_file(&src, path, BUILD_MAX_SOURCE, &truncated) == -1) {
		snprintf(msg, msglen, "%s: cannot read it back: %s", shown,
		    strerror(errno));
		bytes_free(&src);
		return -1;
	}
	directive_text(bytes_str(&src), src.len, &text);
	for (p = bytes_str(&text); *p != '\0' && rc == 0; p = end) {
		end = strchr(p, '\n');
		end = end != NULL ? end + 1 : p + strlen(p);
		if (bad_include(p, (size_t)(end - p))) {
			snprintf(msg, msglen, "%s: an #include names a file by "
			    "path or through a macro; include only headers by "
			    "name (#include <stdio.h>)", shown);
			rc = -1;
		}
	}
	bytes_free(&src);
	bytes_free(&text);
	return rc;
}

int
build_take_source(const char *dir, const char *file, const char *dest,
    char *msg, size_t msglen)
{
	char path[PATH_MAX], shown[PATH_MAX + 8];
	char dir_real[PATH_MAX], path_real[PATH_MAX];
	struct stat st;
	int fd, rc;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	snprintf(shown, sizeof shown, "%s", path);
	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			snprintf(msg, msglen, "%s: missing; restore it from the "
			    "skeleton (git checkout -- %s) and start again",
			    shown, shown);
		else
			snprintf(msg, msglen, "%s: %s; check the permissions",
			    shown, strerror(errno));
		return -1;
	}
	if (realpath(dir, dir_real) == NULL ||
	    realpath(path, path_real) == NULL) {
		snprintf(msg, msglen, "%s: cannot resolve it (%s); replace "
		    "it with a regular file", shown, strerror(errno));
		return -1;
	}
	if (!inside(dir_real, path_real)) {
		snprintf(msg, msglen, "%s: a link to a file outside the "
		    "lesson; replace it with a regular file", shown);
		return -1;
	}
	fd = open(path_real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd == -1) {
		snprintf(msg, msglen, "%s: cannot open it: %s; check the "
		    "permissions (chmod u+r)", shown, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(msg, msglen, "%s: not a regular file; replace it "
		    "with your C source", shown);
		close(fd);
		return -1;
	}
	rc = copy_text(fd, shown, dest, msg, msglen);
	close(fd);
	if (rc == 0)
		rc = check_includes(dest, shown, msg, msglen);
	return rc;
}

/* Run cc FLAGS -o out src LIBS in work_dir; build_compile's contract. */
static int
run_compiler(const struct identity *id, const char *cc, const char *cflags,
    const char *src, const char *out, const char *libs, const char *work_dir,
    struct bytes *diag, char *err, size_t errlen)
{
	struct limits cc_limits = {
		.cpu_seconds = 60, .file_bytes = 64L << 20,
		.memory_bytes = 2048L << 20, .run_as = id,
	};
	char *argv[26], *flags, *save = NULL, outp[600], errp[600];
	char tmpdir[600];
	const char *env[] = { tmpdir, NULL };
	struct proc p;
	int argc = 0, truncated, rc;

	/* cc may carry options ("gcc -m32"): split it on spaces. */
	char *ccbuf = xstrdup(cc);
	for (char *w = strtok_r(ccbuf, " ", &save); w && argc < 8;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	flags = xstrdup(cflags);
	for (char *w = strtok_r(flags, " ", &save); w && argc < 18;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc++] = "-o";
	argv[argc++] = (char *)out;
	argv[argc++] = (char *)src;
	if (libs != NULL)
		argv[argc++] = (char *)libs;
	argv[argc] = NULL;

	/* execv wants a path: resolve a bare compiler name through PATH. */
	char *resolved = NULL;
	if (strchr(argv[0], '/') == NULL) {
		const char *path = getenv("PATH");
		char *dirs = xstrdup(path ? path : "/usr/bin:/bin"), *s2 = NULL;

		for (char *d = strtok_r(dirs, ":", &s2); d;
		    d = strtok_r(NULL, ":", &s2)) {
			char cand[PATH_MAX];

			snprintf(cand, sizeof cand, "%s/%s", d, argv[0]);
			if (access(cand, X_OK) == 0) {
				resolved = xstrdup(cand);
				break;
			}
		}
		free(dirs);
		if (resolved != NULL)
			argv[0] = resolved;
	}

	snprintf(outp, sizeof outp, "%s/cc.out", work_dir);
	snprintf(errp, sizeof errp, "%s/cc.err", work_dir);
	/* The compiler's temporary files go where it may write, as any id. */
	snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", work_dir);
	rc = -1;
	if (proc_start_env(&p, argv, proc_environment(env), work_dir, NULL,
	    outp, errp, &cc_limits, err, errlen) == -1)
		goto out;
	if (proc_wait(&p, clock_ms() + COMPILE_TIMEOUT_MS) == -1) {
		proc_stop(&p, 0);
		snprintf(err, errlen, "the compiler ran for more than %d s",
		    COMPILE_TIMEOUT_MS / 1000);
		goto out;
	}
	/* Reaps it, with anything it left in its group. */
	proc_stop(&p, 0);
	(void)bytes_read_file(diag, outp, DIAG_CAP, &truncated);
	(void)bytes_read_file(diag, errp, DIAG_CAP, &truncated);
	rc = WIFEXITED(p.status) && WEXITSTATUS(p.status) == 0 ? 0 : 1;
out:
	free(resolved);
	free(ccbuf);
	free(flags);
	return rc;
}

int
build_compile(const char *cc, const char *src, const char *out,
    const char *work_dir, struct bytes *diag, char *err, size_t errlen)
{
	return run_compiler(NULL, cc, BUILD_CFLAGS, src, out, NULL, work_dir,
	    diag, err, errlen);
}

int
build_compile_as(const struct identity *id, const char *cc,
    const char *src, const char *out, const char *work_dir, struct bytes *diag,
    char *err, size_t errlen)
{
	return run_compiler(id, cc, BUILD_CFLAGS, src, out, NULL, work_dir,
	    diag, err, errlen);
}

int
build_shared_library(const char *cc, const char *src, const char *out,
    const char *work_dir, struct bytes *diag, char *err, size_t errlen)
{
	return run_compiler(NULL, cc, "-shared -fPIC -O2 -Wall", src, out,
	    "-ldl",
	    work_dir, diag, err, errlen);
}

uint64_t
build_hash_str(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Feed every byte of the regular file at path to feed(state, byte). */
static int
feed_file(const char *path, void (*feed)(void *, unsigned char), void *state)
{
	unsigned char buf[8192];
	struct stat st;
	ssize_t n;
	/* O_NONBLOCK: a FIFO must not hang us; only regular files are hashed. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		for (ssize_t i = 0; i < n; i++)
			feed(state, buf[i]);
	}
	close(fd);
	return 0;
}

static void
feed_fnv(void *state, unsigned char c)
{
	uint64_t *h = state;

	*h ^= c;
	*h *= 0x100000001b3ULL;
}

int
build_hash_file(const char *path, uint64_t *hash)
{
	uint64_t h = BUILD_HASH_INIT;

	if (feed_file(path, feed_fnv, &h) == -1)
		return -1;
	*hash = h;
	return 0;
}

/* Where build_hash_code's reading is in the C source. */
enum code_state {
	IN_CODE, AFTER_SLASH, IN_LINE_COMMENT, IN_BLOCK, IN_BLOCK_STAR,
	IN_STRING, IN_STRING_ESCAPE, IN_CHAR, IN_CHAR_ESCAPE,
};

struct code_hash {
	enum code_state state;
	int space;		/* white space or a comment since the last byte */
	unsigned char last;	/* the last byte hashed, or 0 */
	uint64_t h;
};

/* 1 for a byte of a word (name, number), 2 of an operator, 0 else. */
static int
byte_class(unsigned char c)
{
	if (c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
	    (c | 0x20) <= 'z') || c >= 0x80)
		return 1;
	return strchr("+-*/%<>=&|!^.:#~?", c) != NULL && c != '\0' ? 2 : 0;
}

/*
 * Hash byte c of the code. Space before it counts only where it parts two
 * words or two operators ("a b", "+ +"); elsewhere ("main (void)") it is
 * layout.
 */
static void
code_byte(struct code_hash *ch, unsigned char c)
{
	if (ch->space && ch->last != 0 && byte_class(ch->last) != 0 &&
	    byte_class(ch->last) == byte_class(c))
		feed_fnv(&ch->h, ' ');
	ch->space = 0;
	ch->last = c;
	feed_fnv(&ch->h, c);
}

/* Hash the code's next byte, c (build_hash_code). */
static void
feed_code(void *state, unsigned char c)
{
	struct code_hash *ch = state;

	switch (ch->state) {
	case AFTER_SLASH:
		ch->state = IN_CODE;
		if (c == '/' || c == '*') {
			ch->state = c == '/' ? IN_LINE_COMMENT : IN_BLOCK;
			ch->space = 1;
			return;
		}
		/* A lone slash, and c is code of its own. */
		code_byte(ch, '/');
		feed_code(ch, c);
		return;
	case IN_CODE:
		if (c == '/')
			ch->state = AFTER_SLASH;
		else if (c == ' ' || (c >= '\t' && c <= '\r'))
			ch->space = 1;
		else {
			code_byte(ch, c);
			if (c == '"' || c == '\'')
				ch->state = c == '"' ? IN_STRING : IN_CHAR;
		}
		return;
	case IN_LINE_COMMENT:
		if (c == '\n')
			ch->state = IN_CODE;
		return;
	case IN_BLOCK:
	case IN_BLOCK_STAR:
		ch->state = c == '/' && ch->state == IN_BLOCK_STAR ? IN_CODE :
		    c == '*' ? IN_BLOCK_STAR : IN_BLOCK;
		return;
	case IN_STRING:
	case IN_CHAR:
		feed_fnv(&ch->h, c);
		ch->last = c;
		if (c == '\\')
			ch->state = ch->state == IN_STRING ? IN_STRING_ESCAPE :
			    IN_CHAR_ESCAPE;
		else if (c == '\n' || c == (ch->state == IN_STRING ? '"' :
		    '\''))
			ch->state = IN_CODE;
		return;
	case IN_STRING_ESCAPE:
	case IN_CHAR_ESCAPE:
		feed_fnv(&ch->h, c);
		ch->last = c;
		ch->state = ch->state == IN_STRING_ESCAPE ? IN_STRING : IN_CHAR;
		return;
	}
}

int
build_hash_code(const char *path, uint64_t *hash)
{
	struct code_hash ch = { IN_CODE, 0, 0, BUILD_HASH_INIT };

	if (feed_file(path, feed_code, &ch) == -1)
		return -1;
	if (ch.state == AFTER_SLASH)
		code_byte(&ch, '/');
	*hash = ch.h;
	return 0;
}

int
build_is_skeleton(const char *sums, const char *dir, const char *file)
{
	char line[512], name[256], path[PATH_MAX];
	uint64_t want, have;
	FILE *f = fopen(sums, "re");
	int found = 0;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "%" SCNx64 " %255s", &want, name) == 2 &&
		    strcmp(name, file) == 0) {
			found = 1;
			break;
		}
	fclose(f);
	if (!found)
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (build_hash_code(path, &have) == -1)
		return 0;
	return have == want;
}

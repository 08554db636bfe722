/*
 * watch.c: make watch. Watches the lessons' directories with inotify (no
 * polling) and, once a saved C file has been quiet for DEBOUNCE_MS (editors
 * write a file in several steps), clears the screen and grades its lesson
 * again, a fresh grade each time: first the checks that were quick last
 * time (grade --quick), then, if some were left out, the whole lesson
 * (grade --progress-first), whose report replaces the first. SIGINT or
 * SIGTERM stop the grading under way (grade cleans up its own sandboxes)
 * and end the watch with nothing left running.
 *
 *   watch --grade PATH --dir LESSONS [LESSON]
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"

#define DEBOUNCE_MS 150
/*
 * The first look grades the checks quicker than this last time, so that a
 * verdict comes soon after the save; the slower ones (an idle second, a
 * timeout waited out) follow in the whole report.
 */
#define QUICK_MS 400
#define MAX_LESSONS 64
/* How long grade has to clean up after SIGTERM before SIGKILL. */
#define STOP_GRACE_MS 10000

struct watched {
	char dir[NAME_MAX + 1];	/* "01-tcp-hello" */
	int wd;
	int pending;		/* a file of it was saved */
};

static struct watched lessons[MAX_LESSONS];
static size_t n_lessons;
static volatile sig_atomic_t stop_sig;
static int sig_pipe[2] = { -1, -1 };

/* SIGINT, SIGTERM (stop) and SIGCHLD wake the loop through the pipe. */
static void
on_signal(int sig)
{
	int saved = errno;

	if (sig != SIGCHLD)
		stop_sig = sig;
	(void)!write(sig_pipe[1], "", 1);
	errno = saved;
}

/* Does the directory name dir match the LESSON argument (01, 1, name)? */
static int
lesson_matches(const char *dir, const char *arg)
{
	char *end;
	long num = strtol(arg, &end, 10);

	if (*end == '\0' && end != arg)
		return num == strtol(dir, NULL, 10);
	return strcmp(dir, arg) == 0 || strcmp(dir + 3, arg) == 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct watched *)a)->dir,
	    ((const struct watched *)b)->dir);
}

/*
 * Fill lessons[] with root's lesson directories (NN-name), only those
 * matching arg when not NULL. Returns 0, or -1 after a message.
 */
static int
find_lessons(const char *root, const char *arg)
{
	DIR *d = opendir(root);
	struct dirent *e;

	if (d == NULL) {
		fprintf(stderr, "watch: %s: %s: give the lessons' directory "
		    "with --dir\n", root, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL && n_lessons < MAX_LESSONS) {
		const char *s = e->d_name;

		if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
		    s[2] != '-' || strchr(s, '.') != NULL ||
		    (arg != NULL && !lesson_matches(s, arg)))
			continue;
		snprintf(lessons[n_lessons].dir, sizeof lessons[0].dir, "%s",
		    s);
		lessons[n_lessons++].wd = -1;
	}
	closedir(d);
	qsort(lessons, n_lessons, sizeof *lessons, by_name);
	if (n_lessons == 0) {
		fprintf(stderr, "watch: no lesson %s in %s (make watch "
		    "LESSON=01)\n", arg ? arg : "directory", root);
		return -1;
	}
	return 0;
}

/* Watch each lesson's directory on fd. Returns 0, or -1 after a message. */
static int
add_watches(int fd, const char *root)
{
	for (size_t i = 0; i < n_lessons; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof path, "%s/%s", root, lessons[i].dir);
		lessons[i].wd = inotify_add_watch(fd, path, IN_CLOSE_WRITE |
		    IN_MOVED_TO | IN_DELETE | IN_ONLYDIR);
		if (lessons[i].wd == -1) {
			fprintf(stderr, "watch: %s: %s\n", path,
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Is name a file that grading reads (C source or header)? */
static int
is_source(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 2 && name[len - 2] == '.' &&
	    (name[len - 1] == 'c' || name[len - 1] == 'h');
}

/*
 * Read the pending inotify events of fd, marking the lessons whose sources
 * changed. Returns how many were marked, or -1 on a read error.
 */
static int
read_events(int fd)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n = read(fd, buf, sizeof buf);
	int marked = 0;

	if (n == -1)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	for (char *p = buf; p < buf + n;) {
		const struct inotify_event *ev = (const void *)p;

		p += sizeof *ev + ev->len;
		if (ev->len == 0 || !is_source(ev->name))
			continue;
		for (size_t i = 0; i < n_lessons; i++)
			if (lessons[i].wd == ev->wd) {
				lessons[i].pending = 1;
				marked++;
			}
	}
	return marked;
}

/* Empty the signal pipe. */
static void
drain(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
}

/*
 * Run argv (a grade) with its output to out (-1: ours), and wait for it; on
 * a stop signal, SIGTERM it, then SIGKILL after STOP_GRACE_MS. Returns its
 * exit status, -1 when it could not start, or -2 when it was stopped.
 */
static int
run_child(char *const argv[], int out)
{
	int64_t deadline = -1;
	int status = 0;
	pid_t pid = fork();

	if (pid == -1) {
		fprintf(stderr, "watch: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		sigset_t none;

		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (out != -1 && dup2(out, STDOUT_FILENO) == -1)
			_exit(127);
		execv(argv[0], argv);
		fprintf(stderr, "watch: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		struct pollfd pfd = { .fd = sig_pipe[0], .events = POLLIN };
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid || (r == -1 && errno != EINTR))
			break;
		if (stop_sig && deadline == -1) {
			kill(pid, SIGTERM);
			deadline = clock_ms() + STOP_GRACE_MS;
		} else if (deadline != -1 && clock_ms() >= deadline)
			kill(pid, SIGKILL);
		if (poll(&pfd, 1, deadline == -1 ? -1 :
		    (int)(deadline - clock_ms() > 0 ? deadline - clock_ms() : 0))
		    > 0)
			drain(sig_pipe[0]);
	}
	if (stop_sig || !WIFEXITED(status))
		return -2;
	return WEXITSTATUS(status);
}

/* Clear the screen, or on a pipe say what comes. */
static void
new_screen(const char *what, const char *lesson)
{
	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout);
	else
		printf("==== %s %s\n", what, lesson);
	fflush(stdout);
}

/* Copy what fd holds, from its start, to our output. */
static void
show_file(int fd)
{
	char buf[8192];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return;
	while ((n = read(fd, buf, sizeof buf)) > 0 || (n == -1 &&
	    errno == EINTR))
		if (n > 0 && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			break;
	fflush(stdout);
}

/*
 * The whole grading of lesson, into a file while the first look stays on
 * screen, then shown in its place. Returns 0, or -1 when grade could not
 * run.
 */
static int
whole_report(const char *grade, const char *root, const char *lesson)
{
	char *argv[] = { (char *)grade, "--progress-first", "--dir",
		(char *)root, "--cached-reference-runs", (char *)lesson, NULL };
	char path[] = "/tmp/socklab-watch.XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd == -1) {
		fprintf(stderr, "watch: %s: %s\n", path, strerror(errno));
		return -1;
	}
	(void)unlink(path);
	/* Colours as on the terminal it ends up on. */
	if (isatty(STDOUT_FILENO))
		(void)setenv("SOCKLAB_COLOR", "1", 1);
	rc = run_child(argv, fd);
	(void)unsetenv("SOCKLAB_COLOR");
	if (rc >= 0) {
		new_screen("the whole report of", lesson);
		show_file(fd);
	}
	close(fd);
	return rc == -1 || rc == 127 ? -1 : 0;
}

/*
 * Grade one lesson: first the checks that were quick last time (grade
 * --quick, which exits 4 when it left slower ones out), then, if it did,
 * the whole lesson. Both keep the reference's runs in the grader's cache,
 * so that a save runs only the student's side of the checks that pass (a
 * failure still runs as a pair: refruns.h). Returns 0, or -1 when grade could not run (a stop
 * signal ends it early, and the loop sees stop_sig).
 */
static int
run_grade(const char *grade, const char *root, const char *lesson)
{
	char ms[16];
	char *argv[] = { (char *)grade, "--quick", ms, "--progress-first",
		"--dir", (char *)root, "--cached-reference-runs",
		(char *)lesson, NULL };
	int rc;

	new_screen("grading", lesson);
	snprintf(ms, sizeof ms, "%d", QUICK_MS);
	rc = run_child(argv, -1);
	if (rc != 4)
		return rc == -1 || rc == 127 ? -1 : 0;
	if (stop_sig)
		return 0;
	printf("\nThose run now; the whole report replaces this one.\n");
	fflush(stdout);
	return whole_report(grade, root, lesson);
}

/* Set up the signal pipe and handlers. Returns 0 or -1. */
static int
setup_signals(void)
{
	struct sigaction sa;

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGCHLD, &sa, NULL) == -1)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static void
say_watching(const char *root, const char *arg)
{
	if (arg != NULL)
		printf("\nwatching %s/%s: save a file to grade it again; "
		    "Ctrl-C ends\n", root, lessons[0].dir);
	else
		printf("\nwatching the %zu lessons in %s: save a lesson's "
		    "file to grade it; Ctrl-C ends\n", n_lessons, root);
	fflush(stdout);
}

/*
 * The loop: wait for a save, then for DEBOUNCE_MS of quiet, then grade
 * every lesson saved meanwhile. Returns the exit status.
 */
static int
watch_loop(int fd, const char *grade, const char *root, const char *arg)
{
	int64_t quiet_at = -1;

	while (!stop_sig) {
		struct pollfd pfd[2] = {
			{ .fd = fd, .events = POLLIN },
			{ .fd = sig_pipe[0], .events = POLLIN },
		};
		int timeout = quiet_at == -1 ? -1 :
		    (int)(quiet_at - clock_ms() > 0 ? quiet_at - clock_ms() : 0);
		int r = poll(pfd, 2, timeout);

		if (r == -1 && errno != EINTR) {
			fprintf(stderr, "watch: poll: %s\n", strerror(errno));
			return 1;
		}
		if (pfd[1].revents & POLLIN)
			drain(sig_pipe[0]);
		if (pfd[0].revents & POLLIN) {
			int m = read_events(fd);

			if (m == -1) {
				fprintf(stderr, "watch: inotify: %s\n",
				    strerror(errno));
				return 1;
			}
			if (m > 0)
				quiet_at = clock_ms() + DEBOUNCE_MS;
			continue;
		}
		if (quiet_at == -1 || clock_ms() < quiet_at)
			continue;
		quiet_at = -1;
		for (size_t i = 0; i < n_lessons && !stop_sig; i++)
			if (lessons[i].pending) {
				lessons[i].pending = 0;
				if (run_grade(grade, root, lessons[i].dir) == -1)
					return 1;
			}
		say_watching(root, arg);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *grade = "grader/grade", *root = "lessons", *arg = NULL;
	int fd, status;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--grade") == 0 && i + 1 < argc)
			grade = argv[++i];
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			root = argv[++i];
		else if (argv[i][0] != '-' && arg == NULL)
			arg = argv[i];
		else {
			fprintf(stderr, "usage: watch [--grade PATH] [--dir "
			    "LESSONS] [LESSON]\n");
			return 2;
		}
	}
	if (find_lessons(root, arg) == -1)
		return 2;
	if (setup_signals() == -1) {
		fprintf(stderr, "watch: signals: %s\n", strerror(errno));
		return 2;
	}
	fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (fd == -1) {
		fprintf(stderr, "watch: inotify: %s\n", strerror(errno));
		return 2;
	}
	if (add_watches(fd, root) == -1) {
		close(fd);
		return 2;
	}
	if (arg != NULL && run_grade(grade, root, lessons[0].dir) == -1)
		status = 1;
	else {
		say_watching(root, arg);
		status = watch_loop(fd, grade, root, arg);
	}
	close(fd);
	if (stop_sig)
		printf("watch: stopped\n");
	return status;
}

/*
 * lesson.h: what a lesson is to the grader: its programs and its checks.
 *
 * Each file in grader/checks/ defines one struct lesson and registers it with
 * LESSON_REGISTER, so adding a lesson adds a file here and touches nothing
 * else in the engine.
 *
 * A check is a scenario and, optionally, a diagnosis. The grader runs the
 * scenario twice, in two fresh sandboxes: once with the reference solution's
 * programs and once with the student's. Each run fills a transcript of what it
 * observed; the student's must match the reference's (ports normalised), and
 * on the first difference diagnose() may explain it in terms of a classic bug.
 */
#ifndef SOCKLAB_LESSON_H
#define SOCKLAB_LESSON_H

#include <stddef.h>

#include "bytes.h"
#include "compare.h"
#include "run.h"
#include "transcript.h"

struct lesson_lab;

struct check {
	const char *name;	/* "server-listens": stable, used by tests */
	const char *title;	/* what it verifies, one line */
	const char *hint;	/* what to look at when it fails */
	void (*scenario)(struct run *r);
	/*
	 * Optional. Given both transcripts and their first difference, append
	 * a sentence naming the likely bug to why (or nothing).
	 */
	void (*diagnose)(const struct transcript *ref,
	    const struct transcript *got, const struct difference *d,
	    struct bytes *why);
	/*
	 * Optional. The scenario's data (r->arg): checks that differ only in
	 * data are rows of one table sharing one scenario.
	 */
	const void *arg;
	/* The contract rules it tests, by their ids in the lesson's README. */
	const char *rules;
	/* Its sandbox's time limit (before --time-scale); 0: the default. */
	int timeout_ms;
	/* It measures time: no other check runs beside it. */
	int alone;
};

struct lesson {
	const char *dir;		/* "01-tcp-hello" */
	const char *title;		/* "TCP hello" */
	const char *const *programs;	/* { "server", "client", NULL } */
	const struct check *checks;
	size_t n_checks;
	/*
	 * Its checks' LD_PRELOAD library, by name: grader/shim/NAME.c ("shortio"
	 * cuts socket I/O into 1-7 byte pieces), or NULL. A program runs under
	 * it when started with run_extra's shim set to the same name.
	 */
	const char *shim;
	/*
	 * Its checks build networks (netlab.h, relay.h): they need a network
	 * namespace of their own, and are skipped, with the reason, without.
	 */
	int needs_netns;
	/*
	 * How many of its checks run in the place of one (0: one). For lessons
	 * whose checks mostly wait (paced senders, timeouts, relays, delayed
	 * links) and use a fraction of a processor; not under --valgrind.
	 */
	int checks_per_job;
	/*
	 * Optional: its lab (grade --lab, lab.h): experiments that measure
	 * instead of being judged, and plots of what they measured.
	 */
	const struct lesson_lab *lab;
};

void lesson_register(const struct lesson *lesson);

/* Registered lessons, sorted by directory name. */
size_t lesson_count(void);
const struct lesson *lesson_at(size_t i);

/*
 * The lesson named by arg: its number ("1", "01"), its directory name
 * ("01-tcp-hello") or its name without the number ("tcp-hello"). NULL if none.
 */
const struct lesson *lesson_find(const char *arg);

#define LESSON_REGISTER(var)						\
	static void __attribute__((constructor))			\
	register_##var(void)						\
	{								\
		lesson_register(&var);					\
	}

/*
 * Define the lesson var, whose programs are a server and a client and whose
 * checks are the file's table checks[], and register it. The arguments
 * after var set its other fields: .dir, .title, .shim.
 */
#define LESSON_SERVER_CLIENT(var, ...)					\
	static const char *const var##_programs[] = {			\
		"server", "client", NULL				\
	};								\
	static const struct lesson var = {				\
		.programs = var##_programs,				\
		.checks = checks,					\
		.n_checks = sizeof checks / sizeof checks[0],		\
		__VA_ARGS__						\
	};								\
	LESSON_REGISTER(var)

#endif

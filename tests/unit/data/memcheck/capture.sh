#!/bin/sh
# Capture the sample logs of tests/unit/test-memcheck.c from server.c, with
# valgrind 3.19 and the grader's options (grader/run.c). Run it here.
set -u
cc -std=c11 -D_POSIX_C_SOURCE=200809L -g -o server server.c || exit 1
vg="valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-fds=yes --num-callers=12"
for bug in clean leak indirect uaf uninit overflow fd; do
	$vg --log-file=$bug.vg ./server $bug >/dev/null </dev/null
done
# A server that forks: two processes, one log.
cc -std=c11 -D_POSIX_C_SOURCE=200809L -g -o fork fork.c || exit 1
$vg --log-file=fork.vg ./fork </dev/null
rm -f fork
# A server stopped by the grader: SIGTERM (valgrind still writes its
# summary), and SIGKILL (the log ends early).
for sig in TERM KILL; do
	$vg --log-file=$sig.vg ./server term >/dev/null </dev/null &
	pid=$!
	sleep 2
	kill -$sig $pid
	wait $pid
done
# valgrind names its log by its full path: keep the samples independent of it.
sed -i "s|$PWD/||" ./*.vg
rm -f server

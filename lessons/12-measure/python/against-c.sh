#!/bin/sh
# against-c.sh BINDIR NETLAB: lesson 12's Python versions against the C
# reference programs in BINDIR, each in a fresh namespace of NETLAB
# (grader/netlab): the C ping against the Python pong (and the stall of
# -2), the Python ping against the C pong, over TCP and UDP, and a
# transfer from each bulk (and each pace) to the other. Only counts and
# bytes are compared, and the stall's presence: times are the machine's.
# Run by tests/python-versions; exits 77 where namespaces are refused.
set -u
bin=$(cd "$1" && pwd)
netlab=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
"$netlab" -- true >/dev/null 2>&1 || exit 77
# The receivers write their line to ./got: a directory of our own.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# lab SERVER CLIENT: CLIENT's output, SERVER running in the background,
# once the port 50007 (C357) is bound.
lab() {
	"$netlab" -- sh -c '
		$1 >/dev/null 2>&1 &
		server=$!
		i=0
		until grep -q ":C357" /proc/net/udp /proc/net/tcp; do
			i=$((i + 1)); [ $i -gt 100 ] && exit 1; sleep 0.05
		done
		$2
		kill $server' sh "$1" "$2" 2>/dev/null
}
py="python3 $here"
fail=0
expect() {	# expect WHAT PATTERN TEXT
	case "$3" in
	$2) ;;
	*) echo "against-c: $1: got '$3'"; fail=1 ;;
	esac
}
expect "C ping, Python pong" "n=100 lost=0 rtt_median_us=* rtt_p99_us=*" \
    "$(lab "$py/pong.py" "$bin/ping")"
expect "C ping -u, Python pong -u" "n=100 lost=0 rtt_median_us=* rtt_p99_us=*" \
    "$(lab "$py/pong.py -u" "$bin/ping -u")"
expect "Python ping, C pong" "n=100 lost=0 rtt_median_us=* rtt_p99_us=*" \
    "$(lab "$bin/pong" "$py/ping.py")"
expect "Python ping -u -s 1000, C pong -u" "n=100 lost=0 rtt_median_us=* rtt_p99_us=*" \
    "$(lab "$bin/pong -u" "$py/ping.py -u -s 1000")"
out=$(lab "$py/pong.py" "$bin/ping -2 -n 10")
median=$(printf '%s\n' "$out" | sed -n 's/.*rtt_median_us=\([0-9]*\).*/\1/p')
[ -n "$median" ] && [ "$median" -ge 30000 ] ||
    { echo "against-c: C ping -2, Python pong: no stall: '$out'"; fail=1; }
out=$("$netlab" -- sh -c '
	$1 -l >got 2>/dev/null &
	i=0
	until grep -q ":C357" /proc/net/tcp; do
		i=$((i + 1)); [ $i -gt 100 ] && exit 1; sleep 0.05
	done
	$2 -n 3000007 -s 1000 >/dev/null && wait && cat got' sh "$py/bulk.py" \
    "$bin/bulk" 2>/dev/null)
expect "C bulk to Python bulk -l" "bytes=3000007 elapsed_us=* mbit_s=*" "$out"
out=$("$netlab" -- sh -c '
	$1 -l >got 2>/dev/null &
	i=0
	until grep -q ":C357" /proc/net/tcp; do
		i=$((i + 1)); [ $i -gt 100 ] && exit 1; sleep 0.05
	done
	$2 -n 3000007 -s 1000 >/dev/null && wait && cat got' sh "$bin/bulk" \
    "$py/bulk.py" 2>/dev/null)
expect "Python bulk to C bulk -l" "bytes=3000007 elapsed_us=* mbit_s=*" "$out"
out=$("$netlab" -- sh -c '
	$1 -l >got 2>/dev/null &
	i=0
	until grep -q ":C357" /proc/net/udp; do
		i=$((i + 1)); [ $i -gt 100 ] && exit 1; sleep 0.05
	done
	$2 -r 50 -n 300 -s 1000 >/dev/null && wait && cat got' sh "$py/pace.py" \
    "$bin/pace" 2>/dev/null)
expect "C pace to Python pace -l" \
    "datagrams=300 lost=0 bytes=300000 elapsed_us=* mbit_s=*" "$out"
out=$("$netlab" -- sh -c '
	$1 -l >got 2>/dev/null &
	i=0
	until grep -q ":C357" /proc/net/udp; do
		i=$((i + 1)); [ $i -gt 100 ] && exit 1; sleep 0.05
	done
	$2 -r 50 -n 300 -s 1000 >/dev/null && wait && cat got' sh "$bin/pace" \
    "$py/pace.py" 2>/dev/null)
expect "Python pace to C pace -l" \
    "datagrams=300 lost=0 bytes=300000 elapsed_us=* mbit_s=*" "$out"
exit $fail

#!/bin/sh
# against-c.sh BINDIR NETLAB: lesson 08's Python versions against the C
# reference programs in BINDIR, under NETLAB (grader/netlab) dropping every
# 10th packet to port 50007: the Python receiver counts what the C sender
# sent, the C receiver what the Python sender sent, over UDP and TCP.
# Run by tests/python-versions; exits 77 where namespaces are refused.
set -u
bin=$1
netlab=$2
here=$(cd "$(dirname "$0")" && pwd)
"$netlab" -- true >/dev/null 2>&1 || exit 77

# The report of 100 records, every 10th lost (UDP) or none lost (TCP).
udp_report='received 90 of 100
lost 10
duplicated 0
out of order 0
ignored 0
gaps: 10 20 30 40 50 60 70 80 90 100'
tcp_report='received 100 of 100
lost 0
duplicated 0
out of order 0
ignored 0
gaps: none'

# pair RECEIVER SENDER [-t]: the receiver's report in a fresh namespace.
pair() {
	"$netlab" --drop-every 10 --port 50007 ${3:+--tcp} -- sh -c '
		$1 $3 >report 2>/dev/null &
		hex=:C357
		i=0
		until grep -q "$hex" /proc/net/udp /proc/net/tcp; do
			i=$((i + 1)); [ $i -gt 100 ] && exit 1; sleep 0.05
		done
		$2 $3 -n 100 >/dev/null || exit 1
		wait
		cat report' sh "$1" "$2" "${3:-}" 2>/dev/null
}

work=$(mktemp -d "${TMPDIR:-/tmp}/socklab-08py.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 99
status=0
for t in "" -t; do
	want=$udp_report
	[ -n "$t" ] && want=$tcp_report
	for combo in "python3 $here/receiver.py|$bin/sender" \
	    "$bin/receiver|python3 $here/sender.py"; do
		got=$(pair "${combo%|*}" "${combo#*|}" "$t")
		if [ "$got" != "$want" ]; then
			echo "08 python ${t:-UDP}: ${combo} gave:"
			echo "$got"
			status=1
		fi
	done
done
exit $status

#!/bin/sh
# against-c.sh BINDIR NETLAB: lesson 09's Python versions against the C
# reference programs in BINDIR, through NETLAB's seeded relay (grader/netlab
# --relay: 127.0.0.1:50008 -> 127.0.0.1:50007) that drops, duplicates,
# reorders and corrupts: the Python receiver gets a file from the C sender,
# the C receiver one from the Python sender, byte for byte, with -w 1 and
# -w 4. Run by tests/python-versions; exits 77 where namespaces are refused.
set -u
bin=$1
netlab=$2
here=$(cd "$(dirname "$0")" && pwd)
"$netlab" -- true >/dev/null 2>&1 || exit 77

work=$(mktemp -d "${TMPDIR:-/tmp}/socklab-09py.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 99
# 20,500 bytes of every value: 21 packets, the last one short.
python3 -c 'import sys; sys.stdout.buffer.write(bytes(i * 7 % 256 for i in range(20500)))' >file

# pair RECEIVER SENDER WINDOW: copy's bytes, in a fresh namespace.
pair() {
	rm -f copy
	"$netlab" --seed 3 --relay drop=50,dup=50,reorder=30,corrupt=50 -- sh -c '
		$1 >copy 2>/dev/null &
		i=0
		until grep -q ":C357 " /proc/net/udp; do
			i=$((i + 1)); [ $i -gt 100 ] && exit 1; sleep 0.05
		done
		$2 -w $3 file 127.0.0.1 50008 >/dev/null 2>&1 || exit 1
		wait' sh "$1" "$2" "$3" >/dev/null 2>&1
}

status=0
for w in 1 4; do
	for combo in "python3 $here/receiver.py|$bin/sender" \
	    "$bin/receiver|python3 $here/sender.py"; do
		if ! pair "${combo%|*}" "${combo#*|}" "$w" || ! cmp -s file copy
		then
			echo "09 python -w $w: ${combo}: the copy differs"
			status=1
		fi
	done
done
exit $status

#!/bin/sh
# The Python versions against the C reference programs, on netlab's LAN
# (tests/python-versions runs this as: against-c.sh BINDIR NETLAB).
# Python and C listeners hear Python and C announcers: a group, a
# broadcast, the TCP way; the Python listener leaves the group and hears it
# no more. Exits 0 when every listener printed what it must, 77 when no LAN
# can be built here, 1 otherwise.
set -u
bin=$1
netlab=$2
py=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/socklab-10.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
if ! "$netlab" --hosts 1 -- true >/dev/null 2>&1; then
	echo "against-c.sh: no LAN here (network namespaces refused)"
	exit 77
fi
cat > "$work/lab.sh" <<LAB
set -u
on() { h=\$1; shift; "$netlab" --on "\$h" -- "\$@"; }
# Wait until file \$1 holds \$2 lines: 30 s at most, for a busy machine
# starts python3 slowly; done as soon as they are there. A file the
# background job has not made yet holds 0 lines (read by wc, it would end
# the wait at once: the announcer then sent before the listener joined).
lines() {
	i=0
	while [ "\$(cat "\$1" 2>/dev/null | wc -l)" -lt "\$2" ] && [ \$i -lt 3000 ]; do
		sleep 0.01; i=\$((i + 1))
	done
}
cd "$work"
mkfifo in2 in3 in4
exec 3<>in2 4<>in3 5<>in4
"$netlab" --on 2 -- python3 "$py/listener.py" -g 239.1.2.3 -i 192.0.2.12 50007 <in2 >py2 2>&1 3>&- 4>&- 5>&- &
"$netlab" --on 3 -- "$bin/listener" -g 239.1.2.3 -i 192.0.2.13 50007 <in3 >c3 2>&1 3>&- 4>&- 5>&- &
"$netlab" --on 4 -- python3 "$py/listener.py" -t 50007 <in4 >py4 2>&1 3>&- 4>&- 5>&- &
lines py2 2; lines c3 2; lines py4 1
on 1 "$bin/announcer" 50007 "C to the group" 239.1.2.3 >>out
lines py2 3; lines c3 3
on 1 python3 "$py/announcer.py" -i 192.0.2.11 50007 "Python to the group" 239.1.2.3 >>out
lines py2 4; lines c3 4
on 1 python3 "$py/announcer.py" 50007 "no -b" 192.0.2.255 >>out 2>>err
on 1 python3 "$py/announcer.py" -b 50007 "Python to everyone" 192.0.2.255 >>out
lines py2 5; lines c3 5
echo leave >&3
lines py2 6
on 1 "$bin/announcer" 50007 "after the leave" 239.1.2.3 >>out
on 1 "$bin/announcer" -b 50007 "C to everyone" 192.0.2.255 >>out
lines py2 7; lines c3 7
on 1 "$bin/announcer" -t 50007 "C over TCP" 192.0.2.14 >>out
lines py4 2
on 1 python3 "$py/announcer.py" -t 50007 "Python over TCP" 192.0.2.14 >>out
lines py4 3
sleep 0.2
exec 3>&- 4>&- 5>&-
wait
LAB
"$netlab" --hosts 4 -- sh "$work/lab.sh" >"$work/lab.out" 2>&1
# The senders' ports are the kernel's choice: left out.
for f in py2 c3 py4; do
	sed 's/^from \([0-9.]*\):[0-9]*: /from \1: /' "$work/$f" > "$work/$f.seen"
done
cat > "$work/py2.want" <<'E'
bound to 0.0.0.0:50007
joined 239.1.2.3
from 192.0.2.11: C to the group
from 192.0.2.11: Python to the group
from 192.0.2.11: Python to everyone
left 239.1.2.3
from 192.0.2.11: C to everyone
E
cat > "$work/c3.want" <<'E'
bound to 0.0.0.0:50007
joined 239.1.2.3
from 192.0.2.11: C to the group
from 192.0.2.11: Python to the group
from 192.0.2.11: Python to everyone
from 192.0.2.11: after the leave
from 192.0.2.11: C to everyone
E
cat > "$work/py4.want" <<'E'
listening on 0.0.0.0:50007
from 192.0.2.11: C over TCP
from 192.0.2.11: Python over TCP
E
cat > "$work/out.want" <<'E'
sent 14 bytes to 239.1.2.3:50007
sent 19 bytes to 239.1.2.3:50007
sent 18 bytes to 192.0.2.255:50007
sent 15 bytes to 239.1.2.3:50007
sent 13 bytes to 192.0.2.255:50007
sent 10 bytes to 192.0.2.14:50007
sent 15 bytes to 192.0.2.14:50007
E
cp "$work/out" "$work/out.seen"
status=0
for f in py2 c3 py4 out; do
	if ! diff -u "$work/$f.want" "$work/$f.seen"; then
		echo "against-c.sh: $f is not what it must be"
		status=1
	fi
done
if ! grep -q "sendto: Permission denied" "$work/err"; then
	echo "against-c.sh: announcer.py without -b was not refused"
	status=1
fi
# What the kernels counted, to tell a lost datagram from a missed one.
[ "$status" -eq 0 ] || grep '^netlab: ' "$work/lab.out"
exit $status

#!/bin/sh
# The Python versions against the C reference programs, in a netlab lab
# where server.lab is 2001:db8::12 and 192.0.2.12, both on its loopback
# (tests/python-versions runs this as: against-c.sh BINDIR NETLAB).
# The Python client talks to the C server and the C client to the Python
# server, over IPv6, IPv4 and IPv4-mapped; where nothing listens and for a
# name that does not resolve, both clients print the same lines and exit
# with the same status. Exits 0 when all is as it must be, 77 when no lab
# can be built here, 1 otherwise.
set -u
bin=$1
netlab=$2
py=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/socklab-11.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
if ! "$netlab" --name x.lab=192.0.2.1 -- true >/dev/null 2>&1; then
	echo "against-c.sh: no lab here (namespaces refused)"
	exit 77
fi
cat > "$work/lab.sh" <<LAB
set -u
cd "$work"
ip addr add 2001:db8::12/128 dev lo nodad noprefixroute
ip addr add 192.0.2.12/32 dev lo
# The IPv6 address's local route comes a moment later (grader/netlab.h).
i=0
while ! ip -6 route show table local | grep -q "2001:db8::12" && [ \$i -lt 300 ]; do
	sleep 0.01; i=\$((i + 1))
done
# Wait until file \$1 holds \$2 lines: 30 s at most (python3 starts slowly
# on a busy machine); done as soon as they are there. The file may not
# exist yet: the shell of a program in the background makes it.
lines() {
	i=0
	while [ "\$(cat "\$1" 2>/dev/null | wc -l)" -lt "\$2" ] && [ \$i -lt 3000 ]; do
		sleep 0.01; i=\$((i + 1))
	done
}
"$bin/server" 50007 > cserver 2>&1 &
lines cserver 1
python3 "$py/client.py" server.lab 50007 >> pyclient 2>&1
python3 "$py/client.py" 127.0.0.1 50007 >> pyclient 2>&1
python3 "$py/client.py" ::ffff:127.0.0.1 50007 >> pyclient 2>&1
lines cserver 4
kill \$!
wait
python3 "$py/server.py" 50007 > pyserver 2>&1 &
lines pyserver 1
"$bin/client" server.lab 50007 >> cclient 2>&1
"$bin/client" 127.0.0.1 50007 >> cclient 2>&1
"$bin/client" ::1 50007 >> cclient 2>&1
lines pyserver 4
kill \$!
wait
for prog in "$bin/client" "python3 $py/client.py"; do
	\$prog server.lab 50008 >> refused 2>&1; echo "status \$?" >> refused
	\$prog nosuch.lab 50007 >> unknown 2>&1; echo "status \$?" >> unknown
done
LAB
"$netlab" --name server.lab=2001:db8::12,192.0.2.12 -- sh "$work/lab.sh" \
    >/dev/null 2>&1
# The clients' ports are the kernel's choice: left out.
for f in cserver pyclient pyserver cclient refused unknown; do
	sed 's/\(from\|are\) \(.*\):[0-9]*$/\1 \2:P/' "$work/$f" > "$work/$f.seen" 2>/dev/null
done
cat > "$work/cserver.want" <<'E'
listening on port 50007
connection from [2001:db8::12]:P
connection from 127.0.0.1:P
connection from 127.0.0.1:P
E
cat > "$work/pyclient.want" <<'E'
connected to [2001:db8::12]:50007
you are [2001:db8::12]:P
connected to 127.0.0.1:50007
you are 127.0.0.1:P
connected to [::ffff:127.0.0.1]:50007
you are 127.0.0.1:P
E
cat > "$work/pyserver.want" <<'E'
listening on port 50007
connection from [2001:db8::12]:P
connection from 127.0.0.1:P
connection from [::1]:P
E
cat > "$work/cclient.want" <<'E'
connected to [2001:db8::12]:50007
you are [2001:db8::12]:P
connected to 127.0.0.1:50007
you are 127.0.0.1:P
connected to [::1]:50007
you are [::1]:P
E
cat > "$work/refused.want" <<'E'
[2001:db8::12]:50008: Connection refused
192.0.2.12:50008: Connection refused
status 1
[2001:db8::12]:50008: Connection refused
192.0.2.12:50008: Connection refused
status 1
E
cat > "$work/unknown.want" <<'E'
nosuch.lab: Name or service not known
status 3
nosuch.lab: Name or service not known
status 3
E
status=0
for f in cserver pyclient pyserver cclient refused unknown; do
	if ! diff -u "$work/$f.want" "$work/$f.seen"; then
		echo "against-c.sh: $f is not what it must be"
		status=1
	fi
done
exit $status

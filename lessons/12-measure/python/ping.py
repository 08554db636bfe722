#!/usr/bin/env python3
"""ping.py -- lesson 12's ping in Python: the same arguments, the same line.

usage: ping.py [-u] [-D] [-2] [-n COUNT] [-s SIZE] [ADDRESS [PORT]]

Prints n=N lost=L rtt_median_us=M rtt_p99_us=P (nearest-rank percentiles
of the N round trips, in microseconds, on the monotonic clock).
"""
import select
import socket
import sys
import time

DEFAULT_ADDRESS, DEFAULT_PORT = "127.0.0.1", 50007
REPLY_WAIT_US = 1000 * 1000


def usage(msg):
    print("ping: " + msg, file=sys.stderr)
    sys.exit(2)


def number(text, what, lo, hi):
    if not text.isdigit() or not lo <= int(text) <= hi:
        usage("invalid %s '%s' (%d to %d)" % (what, text, lo, hi))
    return int(text)


def parse(argv):
    o = {"udp": False, "nodelay": False, "split": False, "count": 100, "size": 32}
    while argv and argv[0].startswith("-"):
        flag = {"-u": "udp", "-D": "nodelay", "-2": "split"}.get(argv[0])
        if flag:
            o[flag], argv = True, argv[1:]
        elif argv[0] == "-n" and len(argv) > 1:
            o["count"], argv = number(argv[1], "COUNT", 1, 100000), argv[2:]
        elif argv[0] == "-s" and len(argv) > 1:
            o["size"], argv = number(argv[1], "SIZE", 2, 65507), argv[2:]
        else:
            usage("usage: ping [-u] [-D] [-2] [-n COUNT] [-s SIZE] [ADDRESS [PORT]]")
    if len(argv) > 2 or (o["udp"] and (o["nodelay"] or o["split"])):
        usage("usage: ping [-u] [-D] [-2] [-n COUNT] [-s SIZE] [ADDRESS [PORT]]")
    o["address"] = argv[0] if argv else DEFAULT_ADDRESS
    try:
        socket.inet_pton(socket.AF_INET, o["address"])
    except OSError:
        usage("invalid address '%s'" % o["address"])
    o["port"] = number(argv[1], "PORT", 1, 65535) if len(argv) > 1 else DEFAULT_PORT
    return o


def now_us():
    return time.monotonic_ns() // 1000


def tcp_trip(s, o, msg):
    first = o["size"] // 2 if o["split"] else o["size"]
    s.sendall(msg[:first])
    if first < len(msg):
        s.sendall(msg[first:])
    got = b""
    while len(got) < o["size"]:
        piece = s.recv(o["size"] - len(got))
        if not piece:
            print("ping: pong closed the connection", file=sys.stderr)
            sys.exit(1)
        got += piece
    return True


def udp_trip(s, o, msg):
    deadline = now_us() + REPLY_WAIT_US
    try:
        s.send(msg)
    except ConnectionRefusedError:
        return False
    while True:
        left = deadline - now_us()
        if left <= 0:
            return False
        ready, _, _ = select.select([s], [], [], left / 1e6)
        if not ready:
            return False
        try:
            data = s.recv(65508)
        except ConnectionRefusedError:
            return False
        if data == msg:     # a late echo of an earlier message is not ours
            return True


def percentile(v, p):
    """Nearest rank: the value at rank ceil(p * n / 100) of sorted v."""
    return v[(p * len(v) + 99) // 100 - 1]


def main():
    o = parse(sys.argv[1:])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if o["udp"] else socket.SOCK_STREAM)
    if o["nodelay"]:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        s.connect((o["address"], o["port"]))
    except OSError as e:
        print("ping: connect: %s" % e.strerror, file=sys.stderr)
        sys.exit(1)
    rtt, lost = [], 0
    for i in range(1, o["count"] + 1):
        msg = bytes([ord("a") + (i - 1) % 26]) * o["size"]
        start = now_us()
        ok = udp_trip(s, o, msg) if o["udp"] else tcp_trip(s, o, msg)
        if not ok:
            lost += 1
            continue
        rtt.append(now_us() - start)
    s.close()
    if not rtt:
        print("n=0 lost=%d" % lost)
        sys.exit(1)
    rtt.sort()
    print("n=%d lost=%d rtt_median_us=%d rtt_p99_us=%d"
          % (len(rtt), lost, percentile(rtt, 50), percentile(rtt, 99)))


if __name__ == "__main__":
    main()

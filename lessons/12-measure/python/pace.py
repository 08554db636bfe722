#!/usr/bin/env python3
"""pace.py -- lesson 12's pace in Python: the same arguments, the same lines.

usage: pace.py -l [-b BYTES] [ADDRESS [PORT]]                  (receiver)
       pace.py [-r MBIT] [-s SIZE] [-n COUNT] [ADDRESS [PORT]] (sender)

Each datagram starts with its sequence number and COUNT, 4 bytes each in
network byte order. The sender prints datagrams=C bytes=N elapsed_us=T
mbit_s=R; the receiver datagrams=R lost=L bytes=N elapsed_us=T mbit_s=X.
"""
import select
import socket
import struct
import sys
import time

USAGE = ("usage: pace -l [-b BYTES] [ADDRESS [PORT]]\n"
         "       pace [-r MBIT] [-s SIZE] [-n COUNT] [ADDRESS [PORT]]")
IDLE_MS = 1000


def usage(msg):
    print("pace: " + msg, file=sys.stderr)
    sys.exit(2)


def number(text, what, lo, hi):
    if not text.isdigit() or not lo <= int(text) <= hi:
        usage("invalid %s '%s' (%d to %d)" % (what, text, lo, hi))
    return int(text)


def now_us():
    return time.monotonic_ns() // 1000


def mbit(nbytes, elapsed):
    return nbytes * 8 / elapsed if elapsed > 0 else 0.0


def receive(s):
    datagrams = nbytes = first = last = count = 0
    poller = select.poll()
    poller.register(s, select.POLLIN)
    while True:
        # No limit before the first datagram; IDLE_MS of silence after.
        if not poller.poll(-1 if datagrams == 0 else IDLE_MS):
            break
        data = s.recv(65507)
        if len(data) < 8:
            continue                    # not one of ours
        last = now_us()
        if datagrams == 0:
            first = last
        datagrams += 1
        nbytes += len(data)
        seq, count = struct.unpack("!II", data[:8])
        if seq + 1 >= count:
            break                       # the last one
    elapsed = last - first
    print("datagrams=%d lost=%d bytes=%d elapsed_us=%d mbit_s=%.1f" %
          (datagrams, count - datagrams, nbytes, elapsed, mbit(nbytes, elapsed)))


def send_paced(s, to, rate, size, count):
    body = b"x" * (size - 8)
    start = now_us()
    for i in range(count):
        if rate:
            # Datagram i is due i * size * 8 / rate microseconds in.
            wait = start + i * size * 8 // rate - now_us()
            if wait > 0:
                time.sleep(wait / 1e6)
        s.sendto(struct.pack("!II", i, count) + body, to)
    elapsed = now_us() - start
    print("datagrams=%d bytes=%d elapsed_us=%d mbit_s=%.1f" %
          (count, count * size, elapsed, mbit(count * size, elapsed)))


def main():
    argv = sys.argv[1:]
    listen, buf, rate, size, count, sender_opt = False, 0, 0, 1472, 1000, False
    while argv and argv[0].startswith("-"):
        if argv[0] == "-l":
            listen, argv = True, argv[1:]
            continue
        if len(argv) < 2:
            usage(USAGE)
        if argv[0] == "-b":
            buf = number(argv[1], "BYTES", 1, 16777216)
        elif argv[0] == "-r":
            rate, sender_opt = number(argv[1], "MBIT", 1, 100000), True
        elif argv[0] == "-s":
            size, sender_opt = number(argv[1], "SIZE", 8, 65507), True
        elif argv[0] == "-n":
            count, sender_opt = number(argv[1], "COUNT", 1, 1000000), True
        else:
            usage(USAGE)
        argv = argv[2:]
    if len(argv) > 2 or (listen and sender_opt) or (buf and not listen):
        usage(USAGE)
    address = argv[0] if argv else "127.0.0.1"
    try:
        socket.inet_aton(address)
    except OSError:
        usage("invalid address '%s'" % address)
    port = number(argv[1], "PORT", 1, 65535) if len(argv) > 1 else 50007
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if listen:
        if buf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buf)
        try:
            s.bind((address, port))
        except OSError as e:
            print("pace: bind: %s" % e.strerror, file=sys.stderr)
            sys.exit(1)
        receive(s)
    else:
        send_paced(s, (address, port), rate, size, count)
    s.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bulk.py -- lesson 12's bulk in Python: the same arguments, the same line.

usage: bulk.py -l [-b BYTES] [ADDRESS [PORT]]                  (receiver)
       bulk.py [-b BYTES] [-s WRITE] [-n TOTAL] [ADDRESS [PORT]] (sender)

Each end prints bytes=N elapsed_us=T mbit_s=R.
"""
import socket
import sys
import time


def usage(msg):
    print("bulk: " + msg, file=sys.stderr)
    sys.exit(2)


def number(text, what, lo, hi):
    if not text.isdigit() or not lo <= int(text) <= hi:
        usage("invalid %s '%s' (%d to %d)" % (what, text, lo, hi))
    return int(text)


def now_us():
    return time.monotonic_ns() // 1000


def figures(nbytes, elapsed):
    mbit = nbytes * 8 / elapsed if elapsed > 0 else 0.0
    print("bytes=%d elapsed_us=%d mbit_s=%.1f" % (nbytes, elapsed, mbit))


def main():
    argv = sys.argv[1:]
    listen, buf, write, total, sender_opt = False, 0, 65536, 16777216, False
    while argv and argv[0].startswith("-"):
        if argv[0] == "-l":
            listen, argv = True, argv[1:]
            continue
        if len(argv) < 2:
            usage("usage: bulk -l [-b BYTES] [ADDRESS [PORT]]")
        if argv[0] == "-b":
            buf = number(argv[1], "BYTES", 1, 16777216)
        elif argv[0] == "-s":
            write, sender_opt = number(argv[1], "WRITE", 1, 1048576), True
        elif argv[0] == "-n":
            total, sender_opt = number(argv[1], "TOTAL", 0, 1073741824), True
        else:
            usage("usage: bulk -l [-b BYTES] [ADDRESS [PORT]]")
        argv = argv[2:]
    if len(argv) > 2 or (listen and sender_opt):
        usage("usage: bulk -l [-b BYTES] [ADDRESS [PORT]]")
    address = argv[0] if argv else "127.0.0.1"
    port = number(argv[1], "PORT", 1, 65535) if len(argv) > 1 else 50007
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if buf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF if listen else socket.SO_SNDBUF, buf)
    if listen:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((address, port))
        s.listen(1)
        c, _ = s.accept()
        nbytes, first = 0, 0
        while True:
            piece = c.recv(65536)
            if not piece:
                break
            if nbytes == 0:
                first = now_us()        # the clock starts at the first byte
            nbytes += len(piece)
        figures(nbytes, now_us() - first if nbytes else 0)
        c.close()
    else:
        try:
            s.connect((address, port))
        except OSError as e:
            print("bulk: connect: %s" % e.strerror, file=sys.stderr)
            sys.exit(1)
        chunk, left = b"x" * write, total
        start = now_us()
        while left > 0:
            s.sendall(chunk[:min(left, write)])
            left -= min(left, write)
        figures(total, now_us() - start)
    s.close()


if __name__ == "__main__":
    main()

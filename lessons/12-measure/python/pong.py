#!/usr/bin/env python3
"""pong.py -- lesson 12's pong in Python: the same arguments, the same bytes.

usage: pong.py [-u] [-s SIZE] [ADDRESS [PORT]]   (defaults: 127.0.0.1 50007)

TCP: one connection after the other; each whole message of SIZE bytes is
sent back in one go. UDP (-u): each datagram back to its sender, whole.
"""
import socket
import sys

DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_SIZE = "127.0.0.1", 50007, 32
MIN_SIZE, MAX_SIZE = 2, 65507


def usage(msg):
    print("pong: " + msg, file=sys.stderr)
    sys.exit(2)


def parse(argv):
    udp, size = False, DEFAULT_SIZE
    while argv and argv[0].startswith("-"):
        if argv[0] == "-u":
            udp, argv = True, argv[1:]
        elif argv[0] == "-s" and len(argv) > 1:
            if not argv[1].isdigit() or not MIN_SIZE <= int(argv[1]) <= MAX_SIZE:
                usage("invalid SIZE '%s'" % argv[1])
            size, argv = int(argv[1]), argv[2:]
        else:
            usage("usage: pong [-u] [-s SIZE] [ADDRESS [PORT]]")
    if len(argv) > 2:
        usage("usage: pong [-u] [-s SIZE] [ADDRESS [PORT]]")
    address = argv[0] if argv else DEFAULT_ADDRESS
    try:
        socket.inet_pton(socket.AF_INET, address)
    except OSError:
        usage("invalid address '%s'" % address)
    port = DEFAULT_PORT
    if len(argv) > 1:
        if not argv[1].isdigit() or not 1 <= int(argv[1]) <= 65535:
            usage("invalid port '%s'" % argv[1])
        port = int(argv[1])
    return udp, size, address, port


def recv_exactly(c, n):
    """n bytes from c, or fewer when the client closed first."""
    buf = b""
    while len(buf) < n:
        piece = c.recv(n - len(buf))
        if not piece:
            break
        buf += piece
    return buf


def main():
    udp, size, address, port = parse(sys.argv[1:])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
    if not udp:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    if udp:
        while True:
            data, peer = s.recvfrom(65536)
            s.sendto(data, peer)
    s.listen(8)
    while True:
        c, _ = s.accept()
        with c:
            while True:
                # The whole request first: this is what meets Nagle.
                msg = recv_exactly(c, size)
                if len(msg) < size:
                    break
                c.sendall(msg)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass

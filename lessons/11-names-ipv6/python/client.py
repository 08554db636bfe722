#!/usr/bin/env python3
"""client.py -- lesson 11 in Python: a TCP client that finds its server by name.

Usage: client.py HOST PORT

The same contract as client.c (README.md, section 4): each address of the
name in turn, one line on stderr for each that fails, the first that
answers said on stdout, then what the server sends.
"""
import socket
import sys

BUFFER_SIZE = 4096
EXIT_NO_NAME = 3


def parse_arguments(argv):
    """(HOST, PORT) from the command line, or None after a message."""
    if len(argv) != 3:
        print("usage: client HOST PORT", file=sys.stderr)
        return None
    text = argv[2]
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        print(f"client: invalid port '{text}'", file=sys.stderr)
        return None
    return argv[1], int(text)


def format_peer(sockaddr):
    """'192.0.2.12:50007' or '[2001:db8::12]:50007'."""
    host, port = socket.getnameinfo(
        sockaddr, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def main():
    args = parse_arguments(sys.argv)
    if args is None:
        return 2
    host, port = args
    # 1. The name's addresses, both families, for TCP.
    try:
        entries = socket.getaddrinfo(host, port, socket.AF_UNSPEC,
                                     socket.SOCK_STREAM)
    except socket.gaierror as e:
        print(f"{host}: {e.strerror}", file=sys.stderr)
        return EXIT_NO_NAME
    # 2. Each address in turn (socket.create_connection would say nothing).
    sock = None
    for family, socktype, proto, _, addr in entries:
        peer = format_peer(addr)
        try:
            s = socket.socket(family, socktype, proto)
        except OSError as e:
            print(f"{peer}: {e.strerror}", file=sys.stderr)
            continue
        try:
            s.connect(addr)
        except OSError as e:
            print(f"{peer}: {e.strerror}", file=sys.stderr)
            s.close()
            continue
        sock = s
        break
    if sock is None:
        return 1
    print(f"connected to {peer}", flush=True)
    # 3. What the server says, byte for byte, until it hangs up.
    out = sys.stdout.buffer
    with sock:
        while True:
            try:
                data = sock.recv(BUFFER_SIZE)
            except OSError as e:
                out.flush()
                print(f"client: recv: {e.strerror}", file=sys.stderr)
                return 1
            if not data:
                break
            out.write(data)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

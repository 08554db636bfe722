#!/usr/bin/env python3
"""server.py -- lesson 11 in Python: one TCP server for IPv4 and IPv6 clients.

Usage: server.py PORT

The same contract as server.c (README.md, section 4): one dual-stack IPv6
socket, each client told its address, an IPv4-mapped client written as the
IPv4 address it is.
"""
import ipaddress
import socket
import sys

BACKLOG = 16


def parse_arguments(argv):
    """The port from the command line, or None after a message."""
    if len(argv) != 2:
        print("usage: server PORT", file=sys.stderr)
        return None
    text = argv[1]
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        print(f"server: invalid port '{text}'", file=sys.stderr)
        return None
    return int(text)


def format_peer(sockaddr):
    """'192.0.2.12:40001' or '[2001:db8::12]:40001' for an accept() address."""
    host, port = socket.getnameinfo(
        sockaddr, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)
    if ":" in host:
        mapped = ipaddress.IPv6Address(host.split("%")[0]).ipv4_mapped
        if mapped is not None:          # ::ffff:127.0.0.1 is 127.0.0.1
            return f"{mapped}:{port}"
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def main():
    port = parse_arguments(sys.argv)
    if port is None:
        return 2
    # 1. Where to listen: no host, AI_PASSIVE, IPv6 (IPv4 comes through it).
    try:
        family, socktype, proto, _, addr = socket.getaddrinfo(
            None, port, socket.AF_INET6, socket.SOCK_STREAM, 0,
            socket.AI_PASSIVE)[0]
    except socket.gaierror as e:
        print(f"server: getaddrinfo: {e.strerror}", file=sys.stderr)
        return 1
    # 2. and 3. The socket, both families on it, bind, listen.
    listener = socket.socket(family, socktype, proto)
    try:
        step = "setsockopt IPV6_V6ONLY"
        listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        step = "setsockopt SO_REUSEADDR"
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        step = "bind"
        listener.bind(addr)
        step = "listen"
        listener.listen(BACKLOG)
    except OSError as e:
        print(f"server: {step}: {e.strerror}", file=sys.stderr)
        listener.close()
        return 1
    print(f"listening on port {port}", flush=True)
    # 4. One client after another, until we are stopped.
    while True:
        conn, peer = listener.accept()
        with conn:
            who = format_peer(peer)
            print(f"connection from {who}", flush=True)
            try:
                conn.sendall(f"you are {who}\n".encode())
            except OSError as e:
                print(f"server: send: {e.strerror}", file=sys.stderr)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)

#!/usr/bin/env python3
"""announcer.py -- socklab lesson 10's announcer, in Python.

usage: announcer.py [-b] [-L] [-i IFADDR] [-T TTL] PORT MESSAGE ADDRESS
       announcer.py -t PORT MESSAGE ADDRESS...

The same contract as announcer.c (README.md, section 4).
"""
import os
import socket
import sys

MAX_MESSAGE = 1000
MAX_ADDRESSES = 8


def usage():
    sys.stderr.write('usage: announcer [-b] [-L] [-i IFADDR] [-T TTL] '
                     'PORT MESSAGE ADDRESS\n'
                     '       announcer -t PORT MESSAGE ADDRESS...\n')
    sys.exit(2)


def check_address(text):
    try:
        if text.count('.') != 3:
            raise OSError
        socket.inet_aton(text)
    except OSError:
        sys.stderr.write("announcer: invalid address '%s'\n" % text)
        sys.exit(2)
    return text


def main():
    args = [os.fsencode(a) for a in sys.argv[1:]]
    tcp = broadcast = loop = False
    ifaddr, ttl, udp_options = None, 1, False
    while args and args[0].startswith(b'-') and len(args[0]) > 1:
        opt = args[0]
        if opt in (b'-t', b'-b', b'-L'):
            tcp |= opt == b'-t'
            broadcast |= opt == b'-b'
            loop |= opt == b'-L'
            udp_options |= opt != b'-t'
            args = args[1:]
            continue
        if opt not in (b'-i', b'-T') or len(args) < 2:
            usage()
        if opt == b'-i':
            ifaddr = check_address(args[1].decode('latin-1'))
        elif not args[1].isdigit() or int(args[1]) > 255:
            sys.stderr.write("announcer: invalid TTL '%s' (0 to 255)\n"
                             % args[1].decode('latin-1'))
            sys.exit(2)
        else:
            ttl = int(args[1])
        udp_options = True
        args = args[2:]
    n = len(args) - 2
    if n < 1 or (not tcp and n != 1) or n > MAX_ADDRESSES or \
            (tcp and udp_options):
        usage()
    if not args[0].isdigit() or not 1 <= int(args[0]) <= 65535:
        sys.stderr.write("announcer: invalid port '%s'\n"
                         % args[0].decode('latin-1'))
        sys.exit(2)
    port, message = int(args[0]), args[1]
    if len(message) > MAX_MESSAGE:
        sys.stderr.write('announcer: message too long (at most %d bytes)\n'
                         % MAX_MESSAGE)
        sys.exit(2)
    addresses = [check_address(a.decode('latin-1')) for a in args[2:]]

    if tcp:                                     # one connection per listener
        status = 0
        for address in addresses:
            try:
                with socket.create_connection((address, port)) as c:
                    c.sendall(message)
            except OSError as e:
                sys.stderr.write('announcer: connect: %s\n' % e.strerror)
                status = 1
                continue
            print('sent %d bytes to %s:%d' % (len(message), address, port),
                  flush=True)
        return status

    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if broadcast:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, int(loop))
    call = 'setsockopt IP_MULTICAST_IF'
    try:
        if ifaddr is not None:
            s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                         socket.inet_aton(ifaddr))
        call = 'sendto'
        sent = s.sendto(message, (addresses[0], port))  # one datagram
    except OSError as e:                    # PermissionError: no -b
        sys.stderr.write('announcer: %s: %s\n' % (call, e.strerror))
        return 1
    print('sent %d bytes to %s:%d' % (sent, addresses[0], port), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())

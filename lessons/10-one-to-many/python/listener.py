#!/usr/bin/env python3
"""listener.py -- socklab lesson 10's listener, in Python.

usage: listener.py [-g GROUP] [-i IFADDR] PORT      (UDP)
       listener.py -t PORT                          (TCP)

The same contract as listener.c (README.md, section 4): the same lines on
stdout, "leave" on stdin leaves the group, the end of stdin ends it.
"""
import os
import select
import socket
import sys

BUFFER_SIZE = 1024
IP_MULTICAST_ALL = getattr(socket, 'IP_MULTICAST_ALL', 49)   # Linux's number


def usage():
    sys.stderr.write('usage: listener [-g GROUP] [-i IFADDR] PORT\n'
                     '       listener -t PORT\n')
    sys.exit(2)


def parse_arguments(argv):
    tcp, group, ifaddr = False, None, '0.0.0.0'
    args = argv[1:]
    while args and args[0].startswith('-'):
        if args[0] == '-t':
            tcp = True
            args = args[1:]
            continue
        if args[0] not in ('-g', '-i') or len(args) < 2:
            usage()
        try:
            packed = socket.inet_aton(args[1])
            if args[1].count('.') != 3:
                raise OSError
        except OSError:
            sys.stderr.write("listener: invalid address '%s'\n" % args[1])
            sys.exit(2)
        if args[0] == '-g':
            if not 224 <= packed[0] <= 239:
                sys.stderr.write("listener: invalid group '%s' "
                                 "(224.0.0.0 to 239.255.255.255)\n" % args[1])
                sys.exit(2)
            group = args[1]
        else:
            ifaddr = args[1]
            if group is None and '-g' not in args:
                usage()
        args = args[2:]
    if len(args) != 1 or (tcp and group is not None):
        usage()
    if not args[0].isdigit() or not 1 <= int(args[0]) <= 65535:
        sys.stderr.write("listener: invalid port '%s'\n" % args[0])
        sys.exit(2)
    return tcp, group, ifaddr, int(args[0])


def print_message(sender, data):
    out = sys.stdout.buffer
    out.write(('from %s:%d: ' % sender).encode() + data + b'\n')
    out.flush()


def main():
    tcp, group, ifaddr, port = parse_arguments(sys.argv)
    s = socket.socket(socket.AF_INET,
                      socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if not tcp:
        s.setsockopt(socket.IPPROTO_IP, IP_MULTICAST_ALL, 0)
    try:
        s.bind(('0.0.0.0', port))
        if tcp:
            s.listen(8)
    except OSError as e:
        sys.stderr.write('listener: bind: %s\n' % e.strerror)
        sys.exit(1)
    print('%s 0.0.0.0:%d' % ('listening on' if tcp else 'bound to', port),
          flush=True)
    mreq = None
    if group is not None:
        mreq = socket.inet_aton(group) + socket.inet_aton(ifaddr)
        try:
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
        except OSError as e:
            sys.stderr.write('listener: setsockopt IP_ADD_MEMBERSHIP: %s\n'
                             % e.strerror)
            sys.exit(1)
        print('joined %s' % group, flush=True)

    p = select.poll()
    p.register(0, select.POLLIN)
    p.register(s.fileno(), select.POLLIN)
    pending = b''
    while True:
        for fd, _ in p.poll():
            if fd == 0:
                chunk = os.read(0, 64)
                if not chunk:                   # the end of the input
                    s.close()
                    return 0
                pending += chunk
                while b'\n' in pending:
                    line, pending = pending.split(b'\n', 1)
                    if line == b'leave' and mreq is not None:
                        s.setsockopt(socket.IPPROTO_IP,
                                     socket.IP_DROP_MEMBERSHIP, mreq)
                        mreq = None
                        print('left %s' % group, flush=True)
                    else:
                        sys.stderr.write('listener: ignored the line %r\n'
                                         % line)
            elif tcp:
                conn, sender = s.accept()
                data = b''
                while True:                     # a stream: read to the end
                    chunk = conn.recv(BUFFER_SIZE)
                    if not chunk:
                        break
                    data += chunk
                conn.close()
                print_message(sender, data[:BUFFER_SIZE])
            else:
                data, sender = s.recvfrom(BUFFER_SIZE)
                print_message(sender, data)


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""sender.py -- lesson 08's sender in Python: the same records, the same contract.

usage: python3 sender.py [-t] [-n COUNT] [-r RATE] [ADDRESS [PORT]]
"""
import argparse
import socket
import sys
import time

RECORD_SIZE = 64
END_COPIES = 3


def record(text):
    """'17' -> b'17 .....\\n', RECORD_SIZE bytes."""
    return (text + ' ').ljust(RECORD_SIZE - 1, '.').encode() + b'\n'


def main():
    p = argparse.ArgumentParser(prog='sender')
    p.add_argument('-t', action='store_true', help='TCP instead of UDP')
    p.add_argument('-n', type=int, default=100, choices=range(0, 10001),
                   metavar='COUNT')
    p.add_argument('-r', type=int, default=0, choices=range(0, 1000001),
                   metavar='RATE')
    p.add_argument('address', nargs='?', default='127.0.0.1')
    p.add_argument('port', nargs='?', type=int, default=50007,
                   choices=range(1, 65536), metavar='PORT')
    a = p.parse_args()
    receiver = (a.address, a.port)
    sent = 0

    kind = socket.SOCK_STREAM if a.t else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET, kind) as s:
        if a.t:
            try:
                s.connect(receiver)
            except OSError as e:
                print('sender: connect:', e.strerror, file=sys.stderr)
                return 1
        try:
            for seq in range(1, a.n + 1):
                if seq > 1 and a.r > 0:
                    time.sleep(1 / a.r)
                if a.t:
                    s.sendall(record(str(seq)))   # Python ignores SIGPIPE
                else:
                    s.sendto(record(str(seq)), receiver)
                sent += 1
            end = record('end {}'.format(a.n))
            if a.t:
                s.sendall(end)
            else:
                for _ in range(END_COPIES):
                    s.sendto(end, receiver)
        except OSError as e:
            print('sender: send:', e.strerror, file=sys.stderr)
            print('sent', sent)
            return 1
    print('sent', sent)
    return 0


if __name__ == '__main__':
    sys.exit(main())

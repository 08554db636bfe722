#!/usr/bin/env python3
"""receiver.py -- lesson 08's receiver in Python: the same counts, the same report.

usage: python3 receiver.py [-t] [-b BYTES] [ADDRESS [PORT]]
"""
import argparse
import re
import socket
import sys

RECORD_SIZE = 64
MAX_COUNT = 10000
# A data record: SEQ (no leading zero) and a space; the end: "end COUNT ".
DATA = re.compile(rb'([1-9][0-9]{0,4}) ')
END = re.compile(rb'end (0|[1-9][0-9]{0,4}) ')


def recv_exactly(c, n):
    """n bytes from the stream c, or fewer if it ends first."""
    buf = b''
    while len(buf) < n:
        part = c.recv(n - len(buf))
        if not part:
            break
        buf += part
    return buf


def main():
    p = argparse.ArgumentParser(prog='receiver')
    p.add_argument('-t', action='store_true', help='TCP instead of UDP')
    p.add_argument('-b', type=int, default=0, choices=range(1, 1048577),
                   metavar='BYTES')
    p.add_argument('address', nargs='?', default='127.0.0.1')
    p.add_argument('port', nargs='?', type=int, default=50007,
                   choices=range(1, 65536), metavar='PORT')
    a = p.parse_args()

    seen = set()
    highest = duplicated = out_of_order = ignored = 0
    kind = socket.SOCK_STREAM if a.t else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET, kind) as s:
        if a.b:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, a.b)
        if a.t:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((a.address, a.port))
        if a.t:
            s.listen(1)
            c, _ = s.accept()
        while True:
            if a.t:
                data = recv_exactly(c, RECORD_SIZE)
                if len(data) < RECORD_SIZE:
                    print('receiver: the connection ended before the end '
                          'record', file=sys.stderr)
                    return 1
            else:
                data = s.recv(RECORD_SIZE)
            m = END.match(data)
            if m and int(m.group(1)) <= MAX_COUNT:
                count = int(m.group(1))
                break
            m = DATA.match(data)
            if not m or int(m.group(1)) > MAX_COUNT:
                ignored += 1
                continue
            seq = int(m.group(1))
            if seq in seen:
                duplicated += 1
                continue
            seen.add(seq)
            if seq < highest:
                out_of_order += 1
            else:
                highest = seq
        if a.t:
            c.close()

    missing = [seq for seq in range(1, count + 1) if seq not in seen]
    print('received {} of {}'.format(count - len(missing), count))
    print('lost', len(missing))
    print('duplicated', duplicated)
    print('out of order', out_of_order)
    print('ignored', ignored)
    ranges = []
    for seq in missing:
        if ranges and ranges[-1][1] == seq - 1:
            ranges[-1][1] = seq
        else:
            ranges.append([seq, seq])
    print('gaps:', ' '.join(str(f) if f == l else '{}-{}'.format(f, l)
                            for f, l in ranges) or 'none')
    return 0


if __name__ == '__main__':
    sys.exit(main())

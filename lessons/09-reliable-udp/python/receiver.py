# receiver.py -- socklab lesson 09 in Python: receive one file over UDP
#
# usage: python3 receiver.py [ADDRESS [PORT]]     (defaults: 127.0.0.1 50007)
#
# The same contract as receiver.c (README.md, section 4): the file's bytes
# on stdout, a cumulative ACK for every whole DATA or FIN, damaged packets
# ignored, and a linger of 300 ms after the FIN.
import select
import socket
import struct
import sys

HEADER = struct.Struct('!BBHIH')    # type, zero, length, seq, checksum
MAX_PAYLOAD = 1000
LINGER = 0.300                      # seconds
DATA, ACK, FIN = 1, 2, 3


def checksum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b'\0'
    total = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while total > 0xffff:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def parse(d):
    """(type, seq, payload) of a whole packet, or None."""
    if len(d) < HEADER.size:
        return None
    typ, zero, length, seq, csum = HEADER.unpack(d[:HEADER.size])
    if zero != 0 or length > MAX_PAYLOAD or len(d) != HEADER.size + length:
        return None
    if checksum(d[:8] + b'\0\0' + d[10:]) != csum:
        return None
    return typ, seq, d[HEADER.size:]


def packet(typ, seq, payload=b''):
    head = HEADER.pack(typ, 0, len(payload), seq, 0)
    csum = checksum(head + payload)
    return HEADER.pack(typ, 0, len(payload), seq, csum) + payload


def main():
    args = sys.argv[1:]
    if len(args) > 2:
        print('usage: receiver.py [ADDRESS [PORT]]', file=sys.stderr)
        sys.exit(2)
    address = args[0] if args else '127.0.0.1'
    port = int(args[1]) if len(args) > 1 else 50007
    out = sys.stdout.buffer
    expected, finished = 0, False
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((address, port))
        while True:
            if finished:
                ready, _, _ = select.select([s], [], [], LINGER)
                if not ready:
                    break
            d, sender = s.recvfrom(HEADER.size + MAX_PAYLOAD + 1)
            p = parse(d)
            if p is None or p[0] not in (DATA, FIN):
                continue
            typ, seq, payload = p
            if not finished and seq == expected:
                if typ == DATA:
                    out.write(payload)
                else:
                    out.flush()
                    finished = True
                expected += 1
            s.sendto(packet(ACK, expected), sender)


if __name__ == '__main__':
    main()

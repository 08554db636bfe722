# sender.py -- socklab lesson 09 in Python: send one file over UDP
#
# usage: python3 sender.py [-w WINDOW] FILE [ADDRESS [PORT]]
#        (defaults: WINDOW 1, 127.0.0.1 50007)
#
# The same contract as sender.c (README.md, section 4): DATA packets of
# 1000 bytes, at most WINDOW unacknowledged, go-back-N after a 100 ms
# timeout, then a FIN; prints "bytes B, packets N, datagrams D".
import socket
import sys
import time

from receiver import ACK, DATA, FIN, HEADER, MAX_PAYLOAD, packet, parse

TIMEOUT = 0.100                     # seconds
MAX_TRIES = 10


def main():
    args = sys.argv[1:]
    window = 1
    if args[:1] == ['-w'] and len(args) > 1:
        window = int(args[1])
        args = args[2:]
    if not 1 <= len(args) <= 3 or not 1 <= window <= 32:
        print('usage: sender.py [-w WINDOW] FILE [ADDRESS [PORT]]',
              file=sys.stderr)
        sys.exit(2)
    receiver = (args[1] if len(args) > 1 else '127.0.0.1',
                int(args[2]) if len(args) > 2 else 50007)
    with open(args[0], 'rb') as f:
        data = f.read()
    # Packet k: the DATA packets, then the FIN.
    chunks = [data[i:i + MAX_PAYLOAD] for i in range(0, len(data), MAX_PAYLOAD)]
    packets = [packet(DATA, k, c) for k, c in enumerate(chunks)]
    packets.append(packet(FIN, len(chunks)))
    base = nxt = tries = datagrams = 0
    deadline = 0.0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        while base < len(packets):
            # Fill the window; the FIN only once all data is acknowledged.
            while nxt < min(base + window, len(packets)) and \
                    (nxt < len(chunks) or base == nxt):
                s.sendto(packets[nxt], receiver)
                datagrams += 1
                if base == nxt:
                    deadline = time.monotonic() + TIMEOUT
                nxt += 1
            s.settimeout(max(deadline - time.monotonic(), 0) or 1e-6)
            try:
                d = s.recv(HEADER.size + 1)
            except socket.timeout:
                tries += 1
                if tries == MAX_TRIES:
                    print('sender: no acknowledgement after %d tries'
                          % MAX_TRIES, file=sys.stderr)
                    sys.exit(1)
                for k in range(base, nxt):    # go back N
                    s.sendto(packets[k], receiver)
                    datagrams += 1
                deadline = time.monotonic() + TIMEOUT
                continue
            p = parse(d)
            if p is None or p[0] != ACK or not base < p[1] <= nxt:
                continue
            base, tries = p[1], 0
            deadline = time.monotonic() + TIMEOUT
    print('bytes %d, packets %d, datagrams %d'
          % (len(data), len(chunks), datagrams))


if __name__ == '__main__':
    main()

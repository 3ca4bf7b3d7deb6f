#!/usr/bin/env python3
"""A legacy ntpd for the probe tests: answers NTP mode 7 MON_GETLIST_1 with ENTRIES monitor entries (six to a
packet), as ntpd before 4.2.7p26 did; no Debian daemon answers mode 7 any more. Loopback only, bounded.

Usage: monlist-double.py PORT ENTRIES OUT   (binds 127.0.0.1:PORT; OUT/ready appears when it listens; every datagram
received is counted in OUT/received)
"""
import os, socket, struct, sys

port, entries, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
open(os.path.join(out, "ready"), "w").write(str(port))
received = 0
while received < 500:
    data, peer = sock.recvfrom(4096)
    received += 1
    with open(os.path.join(out, "received"), "w") as f:
        f.write(str(received))
    if len(data) < 8 or data[0] & 0x80 or data[0] & 0x07 != 7 or data[3] != 42:
        continue
    items = []
    for i in range(entries):
        # info_monitor_1, network order: last, first, restrict, count, src v4, dst v4, flags, port, mode, version,
        # v6 flag, unused, src v6, dst v6 (72 bytes).
        items.append(struct.pack(">IIII4s4sIHBBII16s16s", i, i + 30, 0, i + 1, bytes([192, 0, 2, 1 + i % 200]),
                                 bytes([192, 0, 2, 254]), 1, 123, 3, 2, 0, 0, bytes(16), bytes(16)))
    packets = [items[k:k + 6] for k in range(0, len(items), 6)] or [[]]
    for seq, chunk in enumerate(packets):
        first = 0x80 | (0x40 if seq < len(packets) - 1 else 0) | (data[0] & 0x38) | 7
        sock.sendto(bytes([first, seq & 0x7F, data[2], 42]) + struct.pack(">HH", len(chunk), 72) + b"".join(chunk), peer)

#!/usr/bin/env python3
"""A UPnP device for the probe tests: answers an SSDP M-SEARCH sent to 127.0.0.1:PORT with two 200 OK answers (the root
device and its service), as home routers do; nothing in Debian answers SSDP without a WAN interface. Loopback only,
bounded.

Usage: ssdp-double.py PORT OUT   (OUT/ready appears when it listens; datagrams received are counted in OUT/received)
"""
import os, socket, sys

port, out = int(sys.argv[1]), sys.argv[2]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
open(os.path.join(out, "ready"), "w").write(str(port))
received = 0
while received < 200:
    data, peer = sock.recvfrom(4096)
    received += 1
    with open(os.path.join(out, "received"), "w") as f:
        f.write(str(received))
    if not data.startswith(b"M-SEARCH * HTTP/1.1\r\n") or b"ssdp:discover" not in data:
        continue
    for st, usn in (("upnp:rootdevice", "uuid:lab-gw-1::upnp:rootdevice"),
                    ("urn:schemas-upnp-org:service:WANIPConnection:1", "uuid:lab-gw-1::urn:schemas-upnp-org:service:WANIPConnection:1")):
        sock.sendto(("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: %s\r\nUSN: %s\r\nEXT:\r\n"
                     "SERVER: Linux/3.4 UPnP/1.0 LabGateway/2.1\r\nLOCATION: http://127.0.0.1:%d/rootDesc.xml\r\n\r\n"
                     % (st, usn, port)).encode(), peer)

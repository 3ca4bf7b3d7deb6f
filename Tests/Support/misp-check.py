#!/usr/bin/env python3
"""Loads a MISP event with pymisp, as a MISP instance or a partner's script would, and reports its attributes.

Usage: misp-check.py EVENT.json   prints {"attributes": N, "types": {...}, "values": [...]}; exit 1 when pymisp refuses it
"""
import json, sys
from pymisp import MISPEvent

event = MISPEvent()
try:
    event.load_file(sys.argv[1], validate=True)
except Exception as e:  # noqa: BLE001 - report what pymisp refuses
    print(json.dumps({"error": str(e)[:500]}))
    sys.exit(1)
types = {}
for a in event.attributes:
    types[a.type] = types.get(a.type, 0) + 1
print(json.dumps({"attributes": len(event.attributes), "types": types, "values": sorted(a.value for a in event.attributes),
                  "info": event.info, "tags": sorted(t.name for t in event.tags)}, sort_keys=True))

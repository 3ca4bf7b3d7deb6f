#!/usr/bin/env python3
"""Reads Vigil's TAXII 2.1 server as a partner would, with the `taxii2-client` library: discovery, the API root, the
collections, every object page by page (`as_pages`), the manifest page by page, `added_after`, one object by id, and
STIX parsing of every object with the `stix2` library.

Usage: taxii-check.py BASE_URL TOKEN PER_PAGE
Prints one JSON object with what it saw; a refusal is {"refused": STATUS}. Exit 0 unless the client itself failed.
"""
import json, sys

import requests
import stix2
from taxii2client.exceptions import TAXIIServiceException
from taxii2client.v21 import Server, as_pages


class Bearer(requests.auth.AuthBase):
    def __init__(self, token):
        self.token = token

    def __call__(self, r):
        r.headers["Authorization"] = "Bearer " + self.token
        return r


base, token, per_page = sys.argv[1], sys.argv[2], int(sys.argv[3])
auth = Bearer(token)
out = {}
try:
    server = Server(base.rstrip("/") + "/taxii2/", auth=auth)
    out["title"] = server.title
    roots = server.api_roots
    out["api_roots"] = len(roots)
    root = server.default
    out["versions"] = root.versions
    collections = root.collections
    out["collections"] = [c.id for c in collections]
    collection = collections[0]
    out["can_read"], out["can_write"] = collection.can_read, collection.can_write

    ids, pages, parse_errors, types = [], 0, [], {}
    for envelope in as_pages(collection.get_objects, per_request=per_page):
        pages += 1
        for o in envelope.get("objects", []):
            ids.append(o["id"])
            types[o["type"]] = types.get(o["type"], 0) + 1
            try:
                stix2.parse(o, allow_custom=False)
            except Exception as e:  # noqa: BLE001 - report what stix2 refuses
                parse_errors.append("%s: %s" % (o["id"], e))
    out["pages"], out["objects"], out["distinct"], out["types"], out["parse_errors"] = pages, len(ids), len(set(ids)), types, parse_errors[:5]

    manifest, dates = [], []
    for envelope in as_pages(collection.get_manifest, per_request=per_page):
        for m in envelope.get("objects", []):
            manifest.append(m["id"])
            dates.append(m["date_added"])
    out["manifest"], out["manifest_in_order"] = len(manifest), manifest == ids and dates == sorted(dates)

    # added_after the first object's date_added: exactly the objects added later.
    middle = dates[0]
    after = [o["id"] for e in as_pages(collection.get_objects, per_request=per_page, added_after=middle) for o in e.get("objects", [])]
    out["added_after"], out["expected_after"] = len(after), sum(1 for d in dates if d > middle)

    indicator = next((i for i in ids if i.startswith("indicator--")), None)
    if indicator:
        got = collection.get_object(indicator)
        out["get_object"] = [o["id"] for o in got.get("objects", [])] == [indicator]
        out["indicators_only"] = sum(len(e.get("objects", [])) for e in as_pages(collection.get_objects, per_request=per_page, type="indicator"))
except requests.exceptions.HTTPError as e:
    out["refused"] = e.response.status_code
except TAXIIServiceException as e:
    out["refused"] = str(e)
print(json.dumps(out))

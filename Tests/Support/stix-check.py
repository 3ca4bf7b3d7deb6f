#!/usr/bin/env python3
"""Checks a STIX 2.1 bundle as partners' tools read it: Python's stix2 library parses every object (strict: no custom
properties), and, with a schema directory (the OASIS cti-stix2-json-schemas), every object validates against its
type's JSON schema.

Usage: stix-check.py BUNDLE.json [SCHEMA_DIR]   prints {"objects": N, "types": {...}, "errors": [...]} ; exit 1 on errors
"""
import json, os, sys

bundle_path = sys.argv[1]
schema_dir = sys.argv[2] if len(sys.argv) > 2 else None
errors = []
with open(bundle_path, encoding="utf-8") as f:
    text = f.read()
doc = json.loads(text)

import stix2
try:
    parsed = stix2.parse(text, allow_custom=False)
    count = len(parsed.objects)
except Exception as e:  # noqa: BLE001 - report whatever the library refuses
    errors.append("stix2: %s" % e)
    count = 0

types = {}
for o in doc.get("objects", []):
    types[o["type"]] = types.get(o["type"], 0) + 1

if schema_dir:
    import jsonschema
    from referencing import Registry, Resource
    resources = []
    for root, _, files in os.walk(schema_dir):
        for name in files:
            if name.endswith(".json"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    schema = json.load(f)
                resources.append((schema["$id"], Resource.from_contents(schema)))
    registry = Registry().with_resources(resources)
    base = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/"
    folders = {"relationship": "sros", "sighting": "sros", "bundle": "common"}
    observables = {"ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file", "network-traffic"}
    for o in [doc] + doc.get("objects", []):
        folder = folders.get(o["type"], "observables" if o["type"] in observables else "sdos")
        schema = registry.get_or_retrieve(base + "%s/%s.json" % (folder, o["type"])).value.contents
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
        for error in validator.iter_errors(o):
            errors.append("%s %s: %s" % (o["type"], o.get("id"), error.message[:200]))

print(json.dumps({"objects": count, "types": types, "errors": errors[:20]}, sort_keys=True))
sys.exit(1 if errors else 0)

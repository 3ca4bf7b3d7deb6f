#!/usr/bin/env python3
"""An independent HTTP client for Vigil's API tests, checking answers against the served OpenAPI document.

Usage: api-client.py BASE_URL REQUESTS.json OUT.json

REQUESTS is a JSON list of {"method", "path", "operation" (the OpenAPI path template, optional), "token" (optional),
"query" (optional dict; list values repeat), "json" (optional body), "data" (optional raw text body), "headers"
(optional dict)}. OUT receives one result per request: {"status", "headers", "json" (parsed body or null), "text",
"problems"}. "problems" lists every way the answer differs from the document: an undocumented status, a body that
does not match the documented schema (jsonschema, draft 2020-12), a wrong content type. With VALIDATE_SPEC=1 the
document itself is first checked with openapi-spec-validator.
"""
import json, os, sys, urllib.error, urllib.parse, urllib.request

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def fetch(base, req):
    url = base + req["path"]
    query = req.get("query") or {}
    if query:
        url += "?" + urllib.parse.urlencode(query, doseq=True)
    data = None
    headers = dict(req.get("headers") or {})
    if "json" in req:
        data = json.dumps(req["json"]).encode()
        headers.setdefault("Content-Type", "application/json")
    elif "data" in req:
        data = req["data"].encode()
        headers.setdefault("Content-Type", "application/octet-stream")
    if req.get("token"):
        headers["Authorization"] = "Bearer " + req["token"]
    r = urllib.request.Request(url, data=data, headers=headers, method=req.get("method", "GET"))
    try:
        with urllib.request.urlopen(r, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


def main():
    base, requests_path, out_path = sys.argv[1:4]
    _, _, doc_text = fetch(base, {"path": "/openapi.json"})
    doc = json.loads(doc_text)
    if os.environ.get("VALIDATE_SPEC") == "1":
        from openapi_spec_validator import validate
        validate(doc)
    registry = Registry().with_resource("urn:vigil-openapi", Resource(contents=doc, specification=DRAFT202012))
    results = []
    for req in json.load(open(requests_path, encoding="utf-8")):
        status, headers, text = fetch(base, req)
        body = None
        try:
            body = json.loads(text)
        except ValueError:
            pass
        problems = []
        op = req.get("operation")
        if op is not None:
            operation = doc["paths"].get(op, {}).get(req.get("method", "GET").lower())
            if operation is None:
                problems.append(f"{req.get('method', 'GET')} {op} is not in the document")
            else:
                responses = operation["responses"]
                documented = responses.get(str(status))
                if documented is None:
                    problems.append(f"status {status} is not documented for {op} (documented: {sorted(responses)})")
                else:
                    if "$ref" in documented:
                        documented = doc["components"]["responses"][documented["$ref"].split("/")[-1]]
                    content = documented.get("content", {})
                    if "application/json" in content:
                        ctype = headers.get("Content-Type", "")
                        if not ctype.startswith("application/json"):
                            problems.append(f"content type {ctype!r}, documented application/json")
                        schema = dict(content["application/json"]["schema"])
                        if "$ref" in schema:
                            schema = {"$ref": "urn:vigil-openapi" + schema["$ref"]}
                        validator = jsonschema.Draft202012Validator(
                            {"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [fix_refs(schema)]},
                            registry=registry)
                        for error in validator.iter_errors(body):
                            problems.append(f"body at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:300]}")
        results.append({"status": status, "headers": {k.lower(): v for k, v in headers.items()}, "json": body, "text": text[:20000], "problems": problems})
    json.dump(results, open(out_path, "w", encoding="utf-8"), ensure_ascii=False)


def fix_refs(node):
    """Point the document's local references (#/components/...) at the registered document."""
    if isinstance(node, dict):
        return {k: ("urn:vigil-openapi" + v if k == "$ref" and v.startswith("#") else fix_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [fix_refs(v) for v in node]
    return node


if __name__ == "__main__":
    main()

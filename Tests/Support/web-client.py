#!/usr/bin/env python3
"""A browser-like HTTP client for Vigil's dashboard tests: keeps cookies (Secure ones too, on loopback, as browsers
do), does not follow redirects, posts forms, and carries values from one answer into later requests.

Usage: web-client.py BASE_URL STEPS.json OUT.json

STEPS is a JSON list of {"method", "path", "form" (dict, sent urlencoded), "data" (raw text body), "headers" (dict),
"cookies" (false: send none), "extract" ({"NAME": "regex with one group"}, read from the body)}. "{{NAME}}" in a
path, a form value or a header is replaced by an extracted value. OUT receives one result per step: {"status",
"headers", "set_cookies" (raw Set-Cookie lines), "location", "body"}.
"""
import json, re, sys, urllib.error, urllib.parse, urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    base, steps_path, out_path = sys.argv[1:4]
    opener = urllib.request.build_opener(NoRedirect)
    cookies, values, results = {}, {}, []

    def fill(text):
        return re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), ""), text) if isinstance(text, str) else text

    for step in json.load(open(steps_path, encoding="utf-8")):
        headers = {k: fill(v) for k, v in (step.get("headers") or {}).items()}
        data = None
        if "form" in step:
            data = urllib.parse.urlencode({k: fill(v) for k, v in step["form"].items()}).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif "data" in step:
            data = step["data"].encode()
        if cookies and step.get("cookies", True):
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        req = urllib.request.Request(base + fill(step["path"]), data=data, headers=headers, method=step.get("method", "GET"))
        try:
            resp = opener.open(req, timeout=60)
            status, hdrs, body = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            status, hdrs, body = e.code, e.headers, e.read()
        set_cookies = hdrs.get_all("Set-Cookie") or []
        for line in set_cookies:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in line or value == "":
                cookies.pop(name.strip(), None)
            else:
                cookies[name.strip()] = value
        text = body.decode("utf-8", "replace")
        for name, pattern in (step.get("extract") or {}).items():
            m = re.search(pattern, text)
            if m:
                values[name] = m.group(1)
        results.append({"status": status, "headers": {k.lower(): v for k, v in hdrs.items()}, "set_cookies": set_cookies,
                        "location": hdrs.get("Location"), "body": text})
    json.dump(results, open(out_path, "w", encoding="utf-8"), ensure_ascii=False)


if __name__ == "__main__":
    main()

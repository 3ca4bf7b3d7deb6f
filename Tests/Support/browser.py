#!/usr/bin/env python3
"""Drives headless Chromium through Vigil's dashboard for the tests and the screenshots.

Usage: browser.py BASE_URL USER PASSWORD OUT_DIR NAME=PATH ...

Logs in through the real login form (Chrome DevTools Protocol over a websocket, websocket-client from PyPI), then for
each NAME=PATH saves OUT_DIR/NAME.png (a full-page screenshot, 1400 px wide) and OUT_DIR/NAME.html (the DOM after
scripts ran). Then it closes the browser, whose profile keeps the session cookie, and loads each page again with
`chromium --headless --dump-dom`, saving OUT_DIR/NAME.dom.html. Prints a JSON summary; exits non-zero on failure.
"""
import base64, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

import websocket


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no chromium on PATH: apt-get install chromium")


FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900", "--lang=zh-CN"]


class Tab:
    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.next = 0

    def call(self, method, **params):
        self.next += 1
        self.ws.send(json.dumps({"id": self.next, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def wait_load(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            state = self.call("Runtime.evaluate", expression="document.readyState", returnByValue=True)["result"].get("value")
            if state == "complete":
                return
            time.sleep(0.1)
        raise RuntimeError("the page did not finish loading")

    def goto(self, url):
        self.call("Page.navigate", url=url)
        time.sleep(0.3)
        self.wait_load()

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)["result"].get("value")


def main():
    base, user, password, out = sys.argv[1:5]
    pages = [arg.split("=", 1) for arg in sys.argv[5:]]
    os.makedirs(out, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="vigil-chromium-")
    proc = subprocess.Popen([chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    summary = {"pages": {}}
    try:
        port = None
        deadline = time.time() + 60
        while port is None and time.time() < deadline:
            line = proc.stderr.readline()
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        if port is None:
            sys.exit("chromium did not start its DevTools endpoint")
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        tab = Tab(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        tab.call("Page.enable")
        tab.goto(base + "/login")
        tab.evaluate(f"document.getElementById('name').value = {json.dumps(user)};"
                     f"document.getElementById('password').value = {json.dumps(password)};"
                     "document.querySelector('form').submit(); true")
        time.sleep(0.5)
        tab.wait_load()
        summary["after_login"] = tab.evaluate("location.pathname")
        for name, path in pages:
            tab.goto(base + path)
            height = tab.evaluate("Math.min(document.documentElement.scrollHeight, 6000)") or 900
            tab.call("Emulation.setDeviceMetricsOverride", width=1400, height=int(height), deviceScaleFactor=1, mobile=False)
            shot = tab.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            with open(os.path.join(out, name + ".png"), "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            with open(os.path.join(out, name + ".html"), "w", encoding="utf-8") as f:
                f.write(tab.evaluate("document.documentElement.outerHTML") or "")
            tab.call("Emulation.clearDeviceMetricsOverride")
            summary["pages"][name] = {"path": tab.evaluate("location.pathname + location.search"), "title": tab.evaluate("document.title")}
        tab.call("Browser.close")
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    # The profile now holds the session cookie: plain --dump-dom loads the pages as the same user.
    for name, path in pages:
        dom = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", base + path],
                             capture_output=True, text=True, timeout=120)
        with open(os.path.join(out, name + ".dom.html"), "w", encoding="utf-8") as f:
            f.write(dom.stdout)
        summary["pages"].setdefault(name, {})["dump_dom_bytes"] = len(dom.stdout)
    shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()

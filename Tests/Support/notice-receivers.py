#!/usr/bin/env python3
"""Local notice receivers for Vigil's tests: a real SMTP server (aiosmtpd, with STARTTLS when given a certificate)
and an HTTP webhook receiver, both on 127.0.0.1 only.

Every message is written to OUT as mail-N.json ({"mail_from", "rcpt_tos", "tls", "data"}) and every webhook request as
hook-N.json ({"path", "headers", "body"}); OUT/ready holds {"smtp": port, "http": port} once both listen.
--http-fail N answers the first N webhook requests with 503, to exercise retries. Stops on SIGTERM or SIGINT.
"""
import argparse, json, os, signal, ssl, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def write(out, prefix, record, counter=[0], lock=threading.Lock()):
    with lock:
        counter[0] += 1
        n = counter[0]
    tmp = os.path.join(out, f".{prefix}-{n}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(record, f, ensure_ascii=False)
    os.replace(tmp, os.path.join(out, f"{prefix}-{n}.json"))


class MailHandler:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        write(self.out, "mail", {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": session.ssl is not None,
            "data": envelope.content.decode("utf-8", "replace") if isinstance(envelope.content, bytes) else envelope.content,
        })
        return "250 OK queued"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--http-fail", type=int, default=0)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)

    context = None
    if a.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.tls_cert, a.tls_key)
    # Port 0: the system picks a free one; aiosmtpd's controller needs it known, so bind a probe socket first.
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    smtp_port = s.getsockname()[1]
    s.close()
    controller = Controller(MailHandler(a.out), hostname="127.0.0.1", port=smtp_port, tls_context=context,
                            require_starttls=False, data_size_limit=None)
    controller.start()

    failures = {"left": a.http_fail}
    lock = threading.Lock()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace")
            with lock:
                fail = failures["left"] > 0
                if fail:
                    failures["left"] -= 1
            if fail:
                self.send_response(503)
                self.end_headers()
                self.wfile.write(b"try later")
                return
            write(a.out, "hook", {"path": self.path, "headers": dict(self.headers.items()), "body": body})
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    with open(os.path.join(a.out, ".ready.tmp"), "w") as f:
        json.dump({"smtp": smtp_port, "http": http.server_address[1]}, f)
    os.replace(os.path.join(a.out, ".ready.tmp"), os.path.join(a.out, "ready"))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.is_set():
        time.sleep(0.1)
    http.shutdown()
    controller.stop()


if __name__ == "__main__":
    main()

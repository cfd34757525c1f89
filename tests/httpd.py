#!/usr/bin/env python3
# tests/httpd.py: a scripted HTTP server on 127.0.0.1 for the network tests.
#
#   python3 tests/httpd.py SCRIPT LOG
#
# Binds 127.0.0.1 on a free port (port 0), prints the port on stdout and
# serves until killed, or for 120 s at most. SCRIPT is a JSON array of
# canned responses, each taken by the first request whose target matches:
#   path     regular expression the request target must match (re.search;
#            default: any)
#   times    how many requests it answers (default 1; 0 = every one)
#   status   HTTP status (default 200); headers: {"Name": "value"}
#   body     text, or body_file: a file whose bytes are sent
#   repeat   send the body this many times over (big bodies; default 1)
#   delay    seconds to wait before answering
#   hang     never answer: hold the connection open until the server ends
#   truncate send the Content-Length of the whole body but only this many
#            bytes, then close
#   chunks   a list of texts sent with chunked encoding, chunk_delay seconds
#            apart
# A request no response matches gets 599 "no canned response". Every request
# is logged to LOG as "METHOD TARGET" and to LOG.json as an object with its
# time, method, target, headers and body.
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

script = json.load(open(sys.argv[1]))
logpath = sys.argv[2]
lock = threading.Lock()
for r in script:
    r.setdefault("times", 1)
    r["used"] = 0


def take(target):
    with lock:
        for r in script:
            if r["times"] and r["used"] >= r["times"]:
                continue
            if re.search(r.get("path", ""), target):
                r["used"] += 1
                return r
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        with lock:
            with open(logpath, "a") as f:
                f.write("%s %s\n" % (self.command, self.path))
            with open(logpath + ".json", "a") as f:
                f.write(json.dumps({"t": time.time(), "method": self.command,
                                    "target": self.path,
                                    "headers": dict(self.headers.items()),
                                    "body": body.decode("utf-8", "replace")}) + "\n")
        r = take(self.path)
        if r is None:
            r = {"status": 599, "body": "no canned response\n"}
        if r.get("delay"):
            time.sleep(r["delay"])
        if r.get("hang"):
            time.sleep(120)
            self.close_connection = True
            return
        if "body_file" in r:
            data = open(r["body_file"], "rb").read()
        else:
            data = r.get("body", "").encode()
        data = data * r.get("repeat", 1)
        self.send_response_only(r.get("status", 200))
        for k, v in r.get("headers", {}).items():
            self.send_header(k, v)
        if "chunks" in r:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for c in r["chunks"]:
                b = c.encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
                self.wfile.flush()
                time.sleep(r.get("chunk_delay", 0))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if "truncate" in r:
            self.wfile.write(data[: r["truncate"]])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hung up early (a size cap, a timeout)


srv = Server(("127.0.0.1", 0), Handler)
print(srv.server_address[1], flush=True)
threading.Timer(120, lambda: threading.Thread(target=srv.shutdown).start()).start()
srv.serve_forever()

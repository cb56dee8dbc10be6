#!/usr/bin/env python3
"""A tiny client of baresip's ctrl_tcp module, for the session interop tests.

ctrl_tcp speaks netstrings ("LEN:PAYLOAD,") over TCP, each payload a JSON object: commands
{"command":"dial","params":"sip:...","token":"..."} get {"response":true,"ok":...,"data":...,
"token":"..."}; events come as {"event":true,"class":"call","type":"CALL_ESTABLISHED",...}.
baresip 1.0 sends events to one connection only and serves commands on it too, so one process
holds the connection and the test talks to it through files in a directory:

  baresip_ctrl.py PORT run DIR              connects, appends every event and response (a
                                            JSON line each) to DIR/events, sends each line
                                            appended to DIR/commands; runs until baresip closes
  baresip_ctrl.py DIR send NAME [PARAMS]    queues a command and waits (10 s) for its response;
                                            exit 1 when it says "ok": false or never comes
  baresip_ctrl.py DIR wait TYPE [SECONDS]   waits (default 10 s) until DIR/events holds an
                                            event of TYPE; exit 1 on timeout
Everything on 127.0.0.1. The "run" process writes {"type":"CONNECTED"} first.
"""
import json
import os
import socket
import sys
import time

HOST = "127.0.0.1"


def netstring(payload):
    data = json.dumps(payload).encode()
    return str(len(data)).encode() + b":" + data + b","


class Reader:
    """Splits a byte stream into netstring payloads."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def next(self):
        while True:
            colon = self.buffer.find(b":")
            if colon > 0:
                length = int(self.buffer[:colon])
                end = colon + 1 + length
                if len(self.buffer) > end:
                    payload = self.buffer[colon + 1:end]
                    if self.buffer[end:end + 1] != b",":
                        raise ValueError("netstring without its comma")
                    self.buffer = self.buffer[end + 1:]
                    return json.loads(payload)
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk


def connect(port, seconds=10):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return socket.create_connection((HOST, port), timeout=seconds)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def read_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def run(port, folder):
    sock = connect(port)
    sock.settimeout(0.05)
    reader = Reader(sock)
    sent = 0
    with open(os.path.join(folder, "events"), "a", encoding="utf-8") as out:
        out.write(json.dumps({"event": True, "type": "CONNECTED"}) + "\n")
        out.flush()
        while True:
            commands = read_lines(os.path.join(folder, "commands"))
            for request in commands[sent:]:
                sock.sendall(netstring(request))
            sent = len(commands)
            try:
                message = reader.next()
            except socket.timeout:
                continue
            if message is None:
                return 0
            out.write(json.dumps(message) + "\n")
            out.flush()


def send(folder, name, params):
    token = f"sc-{name}-{time.monotonic_ns()}"
    request = {"command": name, "token": token}
    if params is not None:
        request["params"] = params
    with open(os.path.join(folder, "commands"), "a", encoding="utf-8") as f:
        f.write(json.dumps(request) + "\n")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for message in read_lines(os.path.join(folder, "events")):
            if message.get("response") and message.get("token") == token:
                print(json.dumps(message))
                return 0 if message.get("ok") else 1
        time.sleep(0.05)
    print(f"baresip_ctrl: no response to {name} after 10 s", file=sys.stderr)
    return 1


def wait(folder, event_type, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        events = read_lines(os.path.join(folder, "events"))
        if any(e.get("type") == event_type for e in events):
            return 0
        time.sleep(0.05)
    print(f"baresip_ctrl: no {event_type} in {folder}/events after {seconds} s", file=sys.stderr)
    return 1


def main(argv):
    if len(argv) >= 4 and argv[2] == "run":
        return run(int(argv[1]), argv[3])
    if len(argv) >= 4 and argv[2] == "send":
        return send(argv[1], argv[3], argv[4] if len(argv) > 4 else None)
    if len(argv) >= 4 and argv[2] == "wait":
        return wait(argv[1], argv[3], float(argv[4]) if len(argv) > 4 else 10.0)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

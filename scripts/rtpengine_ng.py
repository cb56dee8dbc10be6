#!/usr/bin/env python3
"""A minimal client of rtpengine's ng control protocol for scripts/bench-media.sh.

The ng protocol is one UDP datagram per message: a cookie, a space, and a bencoded dictionary
(bencode: integers i<n>e, strings <len>:<bytes>, lists l...e, dictionaries d...e with sorted
keys). Replies carry the same cookie. We use four commands:

  ping                              is the daemon up (result "pong")
  setup  N BASE OUT                 offer + answer for calls 0..N-1; call i's phones are at
                                    127.0.0.1:BASE+4i (caller) and BASE+4i+2 (callee); writes
                                    "i a_port b_port" per call to OUT: a_port is where the
                                    caller sends (rtpengine's port in the answer's SDP), b_port
                                    where the callee sends (the port in the offer's SDP)
  teardown N                        delete every call

Usage: rtpengine_ng.py HOST:PORT COMMAND [ARGS...]
"""

import os
import re
import socket
import sys

TIMEOUT_S = 2.0
RETRIES = 3


def bencode(value):
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    if isinstance(value, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in items) + b"e"
    raise TypeError("cannot bencode %r" % type(value))


def bdecode(data, at=0):
    """Returns (value, next offset); strings stay bytes."""
    kind = data[at:at + 1]
    if kind == b"i":
        end = data.index(b"e", at)
        return int(data[at + 1:end]), end + 1
    if kind in (b"l", b"d"):
        at += 1
        items = []
        while data[at:at + 1] != b"e":
            value, at = bdecode(data, at)
            items.append(value)
        if kind == b"l":
            return items, at + 1
        return dict(zip(items[0::2], items[1::2])), at + 1
    colon = data.index(b":", at)
    length = int(data[at:colon])
    return data[colon + 1:colon + 1 + length], colon + 1 + length


class NgClient:
    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.target = (host, int(port))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(TIMEOUT_S)
        self.serial = 0

    def call(self, message):
        """Sends one command and returns the reply dictionary; retries on a lost datagram."""
        self.serial += 1
        cookie = b"%d_%d" % (os.getpid(), self.serial)
        datagram = cookie + b" " + bencode(message)
        for _ in range(RETRIES):
            self.sock.sendto(datagram, self.target)
            try:
                while True:
                    reply, _ = self.sock.recvfrom(65535)
                    got, _, body = reply.partition(b" ")
                    if got == cookie:
                        value, _ = bdecode(body)
                        return value
            except socket.timeout:
                continue
        raise RuntimeError("no reply from rtpengine at %s:%d" % self.target)


def sdp(port, session):
    return ("v=0\r\n"
            "o=- %d 1 IN IP4 127.0.0.1\r\n"
            "s=bench\r\n"
            "c=IN IP4 127.0.0.1\r\n"
            "t=0 0\r\n"
            "m=audio %d RTP/AVP 8\r\n"
            "a=rtpmap:8 PCMA/8000\r\n"
            "a=sendrecv\r\n") % (session, port)


def media_port(reply, what):
    if reply.get(b"result") != b"ok":
        raise RuntimeError("%s failed: %r" % (what, reply))
    found = re.search(rb"^m=audio (\d+) ", reply[b"sdp"], re.M)
    if not found:
        raise RuntimeError("%s: no m=audio line in %r" % (what, reply[b"sdp"]))
    return int(found.group(1))


def setup(client, calls, base, out_path):
    lines = []
    for i in range(calls):
        call_id = "bench-%d" % i
        offer = client.call({"command": "offer", "call-id": call_id, "from-tag": "a%d" % i,
                             "sdp": sdp(base + 4 * i, i)})
        b_port = media_port(offer, "offer " + call_id)
        answer = client.call({"command": "answer", "call-id": call_id, "from-tag": "a%d" % i,
                              "to-tag": "b%d" % i, "sdp": sdp(base + 4 * i + 2, i)})
        a_port = media_port(answer, "answer " + call_id)
        lines.append("%d %d %d\n" % (i, a_port, b_port))
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        f.writelines(lines)
    os.rename(tmp, out_path)


def teardown(client, calls):
    failed = 0
    for i in range(calls):
        reply = client.call({"command": "delete", "call-id": "bench-%d" % i,
                             "from-tag": "a%d" % i})
        failed += reply.get(b"result") != b"ok"
    if failed:
        raise RuntimeError("delete failed for %d call(s)" % failed)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    client = NgClient(argv[1])
    command = argv[2]
    try:
        if command == "ping":
            return 0 if client.call({"command": "ping"}).get(b"result") == b"pong" else 1
        if command == "setup" and len(argv) == 6:
            setup(client, int(argv[3]), int(argv[4]), argv[5])
            return 0
        if command == "teardown" and len(argv) == 4:
            teardown(client, int(argv[3]))
            return 0
    except (RuntimeError, OSError) as error:
        sys.stderr.write("rtpengine_ng: %s\n" % error)
        return 1
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

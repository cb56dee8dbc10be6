#!/usr/bin/env python3
"""Checks the RTP and RTCP of one call in a loopback capture, with tshark's own dissectors.

  rtp_capture_check.py FILE.pcapng --payload-type PT|dyn --step N --ours LOW-HIGH
                       --theirs LOW-HIGH

Packets from a source port in --ours are our stream, from --theirs the peer's. Our audio
(packets of PT; "dyn": one dynamic type 96-127) must start with the marker bit set and have it
nowhere else, and each packet's timestamp must be the previous one's + N (20 ms frames; the
sequence numbers consecutive). The peer's audio must use PT too. Both sides must send at least
one RTCP sender report (PT 200) carrying a report block. Prints what it found; exit 1 when a
check fails, 2 when the capture cannot be read.
"""
import argparse
import subprocess
import sys

FIELDS = ["udp.srcport", "rtp.ssrc", "rtp.p_type", "rtp.seq", "rtp.timestamp", "rtp.marker",
          "rtcp.pt", "rtcp.rc"]


def packets(path):
    command = ["tshark", "-r", path, "-o", "rtp.heuristic_rtp:TRUE", "-o",
               "rtcp.heuristic_rtcp:TRUE", "-T", "fields", "-E", "separator=;"]
    for field in FIELDS:
        command += ["-e", field]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if run.returncode != 0:
        raise SystemExit(f"rtp_capture_check: tshark failed: {run.stderr.strip()}")
    for line in run.stdout.splitlines():
        values = line.split(";")
        yield dict(zip(FIELDS, values))


def in_range(port, text):
    low, high = (int(x) for x in text.split("-"))
    return low <= port <= high


def audio_type(pt, wanted):
    return pt == int(wanted) if wanted != "dyn" else 96 <= pt <= 127 and pt != 101


def check_our_audio(audio, step):
    problems = []
    if not audio:
        return ["no audio packets from us"]
    if audio[0]["rtp.marker"] not in ("1", "True"):
        problems.append("our first audio packet has no marker bit")
    later_marks = sum(1 for p in audio[1:] if p["rtp.marker"] in ("1", "True"))
    if later_marks:
        problems.append(f"{later_marks} later audio packets have the marker bit")
    bad_steps = []
    for before, after in zip(audio, audio[1:]):
        seq_gap = (int(after["rtp.seq"]) - int(before["rtp.seq"])) % 65536
        ts_gap = (int(after["rtp.timestamp"]) - int(before["rtp.timestamp"])) % 2**32
        if seq_gap != 1 or ts_gap != step:
            bad_steps.append((seq_gap, ts_gap))
    if bad_steps:
        problems.append(f"{len(bad_steps)} of {len(audio) - 1} steps are not (1, {step}): "
                        f"{bad_steps[:5]}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--payload-type", required=True)
    parser.add_argument("--step", type=int, required=True)
    parser.add_argument("--ours", required=True)
    parser.add_argument("--theirs", required=True)
    args = parser.parse_args()
    ours, theirs, reports = [], [], {"ours": 0, "theirs": 0}
    types = {"ours": set(), "theirs": set()}
    for p in packets(args.file):
        if not p.get("udp.srcport"):
            continue
        port = int(p["udp.srcport"])
        side = "ours" if in_range(port, args.ours) else "theirs" if in_range(port, args.theirs) else None
        if side is None:
            continue
        if p.get("rtcp.pt"):
            pts, counts = p["rtcp.pt"].split(","), (p.get("rtcp.rc") or "0").split(",")
            if pts[0] == "200" and int(counts[0] or 0) >= 1:
                reports[side] += 1
            continue
        if not p.get("rtp.p_type"):
            continue
        pt = int(p["rtp.p_type"])
        types[side].add(pt)
        if audio_type(pt, args.payload_type):
            (ours if side == "ours" else theirs).append(p)
    problems = check_our_audio(ours, args.step)
    if not theirs:
        problems.append(f"no audio packets of type {args.payload_type} from the peer "
                        f"(types seen: {sorted(types['theirs'])})")
    for side in ("ours", "theirs"):
        if reports[side] == 0:
            problems.append(f"no RTCP sender report with a report block from {side}")
    print(f"rtp_capture_check: our audio {len(ours)} packets, theirs {len(theirs)}, "
          f"types ours {sorted(types['ours'])} theirs {sorted(types['theirs'])}, "
          f"sender reports ours {reports['ours']} theirs {reports['theirs']}", file=sys.stderr)
    for problem in problems:
        print(f"rtp_capture_check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

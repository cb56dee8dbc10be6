#!/usr/bin/env python3
"""Compares what sc-phone measured on an impaired stream with what the relay did to it.

  impairment_check.py PHONE_OUT RELAY_REPORT [--max-mos M]

PHONE_OUT holds sc-phone's JSON lines; its one MediaStopped gives the receiver's figures.
RELAY_REPORT is udp_impair_relay's JSON: the peer's RTP came in as its "forward" direction.
Checks, with the tolerances the relay's own variance needs:
  - packets lost: what an RFC 3550 A.1 receiver counts over the RTP packets the relay let
    through, in its order, up to as many as sc-phone received (probation of two packets in
    sequence, then expected minus received), within 1 packet (a packet reordered across the
    end); the relay's drops are also shown as a whole and within the receiver's window;
  - loss %: within 1.5 points of drops / packets the peer sent;
  - jitter: RFC 3550 A.8's estimator run over the delays the relay applied, within 35 % or
    2.5 ms (the peer's own send timing adds a little, and an ASan build on a loaded machine
    was seen to add 2.1 ms on a clean path);
  - MOS below --max-mos, when given (the next milder level's MOS).
Prints the figures as one JSON line (for the log and the next level's --max-mos); exit 1 when
a check fails.
"""
import argparse
import json
import sys


def media_stopped(path):
    stops = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                event = json.loads(line)
                if event.get("event") == "MediaStopped":
                    stops.append(event)
    if len(stops) != 1:
        raise SystemExit(f"impairment_check: {len(stops)} MediaStopped events in {path}")
    return stops[0]


def rfc3550_jitter_ms(delays):
    jitter = 0.0
    for before, after in zip(delays, delays[1:]):
        jitter += (abs(after - before) - jitter) / 16.0
    return jitter


def rfc3550_lost(sequences, dropped, received):
    """Packets an RFC 3550 A.1 receiver counts lost (expected - received, §A.3) once it has
    taken `received` of the RTP packets the relay delivered, in the relay's order. The source
    is valid at the second of two packets in sequence; counting starts there."""
    dropped = set(dropped)
    delivered = [seq for i, seq in enumerate(sequences) if i not in dropped and seq >= 0]
    run_last = base = None
    highest = counted = 0
    for seq in delivered[:received]:
        if base is None:
            if run_last is not None and seq == (run_last + 1) % 65536:
                base = highest = seq
                counted = 1
            else:
                run_last = seq
            continue
        ahead = (seq - highest) % 65536
        if ahead < 3000:  # forward (MAX_DROPOUT); otherwise a late or duplicate packet
            highest += ahead
        counted += 1
    return 0 if base is None else highest - base + 1 - counted


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phone_out")
    parser.add_argument("relay_report")
    parser.add_argument("--max-mos", type=float)
    args = parser.parse_args()
    got = media_stopped(args.phone_out)
    with open(args.relay_report, encoding="utf-8") as f:
        relay = json.load(f)
    delays = relay["delays_forward_ms"]
    dropped = relay["dropped_forward"]
    sent = len(delays) + len(dropped)
    delivered = set(range(sent)) - set(dropped)
    # RFC 3550 A.1: a source is valid after two packets in sequence, and counting starts at
    # the second of them; drops before it, or after the last packet that arrived, are not
    # losses a receiver can see.
    base = next((i for i in range(1, sent) if i in delivered and i - 1 in delivered), sent)
    last_delivered = max(delivered, default=-1)
    countable = sum(1 for i in dropped if base < i < last_delivered)
    sequences = relay["sequences_forward"]
    want_lost = rfc3550_lost(sequences, dropped, got["packets_received"])
    dropped_rtp = sum(1 for i in dropped if sequences[i] >= 0)
    want_jitter = rfc3550_jitter_ms(delays)
    figures = {"sent": sent, "relay_dropped": len(dropped), "relay_countable": countable,
               "relay_dropped_rtp": dropped_rtp, "receiver_should_count": want_lost,
               "lost": got["packets_lost"], "loss_percent": got["loss_percent"],
               "relay_loss_percent": round(100.0 * len(dropped) / max(sent, 1), 3),
               "jitter_ms": got["jitter_ms"], "relay_jitter_ms": round(want_jitter, 3),
               "mos": got["mos"]}
    print(json.dumps(figures))
    problems = []
    if abs(got["packets_lost"] - want_lost) > 1:
        problems.append(f"lost {got['packets_lost']}, an RFC 3550 receiver of what the relay "
                        f"delivered counts {want_lost}")
    if abs(got["loss_percent"] - figures["relay_loss_percent"]) > 1.5:
        problems.append(f"loss {got['loss_percent']} %, relay {figures['relay_loss_percent']} %")
    if abs(got["jitter_ms"] - want_jitter) > max(2.5, 0.35 * want_jitter):
        problems.append(f"jitter {got['jitter_ms']} ms, the relay's delays give {want_jitter:.3f}")
    if args.max_mos is not None and not got["mos"] < args.max_mos:
        problems.append(f"MOS {got['mos']} is not below the milder level's {args.max_mos}")
    for problem in problems:
        print(f"impairment_check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks the JSON lines sc-phone printed (its stdout) for the session interop tests.

  phone_events.py FILE [--states Ringing,Connected,Terminated] [--reason RemoteHangup]
                       [--status 486] [--calls N] [--connected K] [--failed F]
                       [--events MediaStarted,MediaStopped] [--dtmf 1234#*]
                       [--min-received N] [--max-loss PCT]

Always: every line is a JSON object with "event"; the last line is the Summary, with
live_sessions, live_dialogs, live_transactions and events_dropped all 0; every session that
appears has exactly one CallTerminated, followed by nothing but a StateChanged to Terminated.
--states: the "to" states of each session's StateChanged events contain these, in this order
(other states may come between). --reason / --status: every CallTerminated has them.
--calls / --connected / --failed: the Summary's counts. --events: each session has at least one
event of each name. --dtmf: the digits of the DtmfReceived events, in order, are these.
--min-received / --max-loss: each session's MediaStopped reports at least N packets received
and at most PCT % loss. Prints what is wrong; exit 1 if any.
"""
import argparse
import json
import sys


def load(path):
    events = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{number}: not JSON ({e}): {line}")
            if not isinstance(event, dict) or "event" not in event:
                raise SystemExit(f"{path}:{number}: not an event object: {line}")
            events.append(event)
    return events


def is_subsequence(wanted, got):
    it = iter(got)
    return all(any(state == w for state in it) for w in wanted)


def check(events, args):
    problems = []
    if not events or events[-1]["event"] != "Summary":
        return ["the last line is not the Summary"]
    summary = events[-1]
    for key in ("live_sessions", "live_dialogs", "live_transactions", "events_dropped"):
        if summary.get(key) != 0:
            problems.append(f"Summary {key} = {summary.get(key)}, expected 0")
    for key in ("calls", "connected", "failed"):
        want = getattr(args, key)
        if want is not None and summary.get(key) != want:
            problems.append(f"Summary {key} = {summary.get(key)}, expected {want}")
    sessions = {}
    for event in events[:-1]:
        sessions.setdefault(event["session"], []).append(event)
    for session, own in sorted(sessions.items()):
        ends = [e for e in own if e["event"] == "CallTerminated"]
        if len(ends) != 1:
            problems.append(f"session {session}: {len(ends)} CallTerminated events, expected 1")
        else:
            after = own[own.index(ends[0]) + 1:]
            if any(e["event"] != "StateChanged" or e["to"] != "Terminated" for e in after):
                problems.append(f"session {session}: events after its CallTerminated: {after}")
        states = [e["to"] for e in own if e["event"] == "StateChanged"]
        if args.states and not is_subsequence(args.states.split(","), states):
            problems.append(f"session {session}: states {states}, expected {args.states} in order")
        problems += media_problems(session, own, args)
        for end in ends:
            if args.reason and end["reason"] != args.reason:
                problems.append(f"session {session}: reason {end['reason']}, expected {args.reason}")
            if args.status is not None and end["status"] != args.status:
                problems.append(f"session {session}: status {end['status']}, expected {args.status}")
    return problems


def media_problems(session, own, args):
    problems = []
    names = {e["event"] for e in own}
    for wanted in (args.events.split(",") if args.events else []):
        if wanted not in names:
            problems.append(f"session {session}: no {wanted} event")
    if args.dtmf is not None:
        digits = "".join(e["digit"] for e in own if e["event"] == "DtmfReceived")
        if digits != args.dtmf:
            problems.append(f"session {session}: DTMF '{digits}', expected '{args.dtmf}'")
    stops = [e for e in own if e["event"] == "MediaStopped"]
    if (args.min_received is not None or args.max_loss is not None) and len(stops) != 1:
        problems.append(f"session {session}: {len(stops)} MediaStopped events, expected 1")
    for stop in stops:
        if args.min_received is not None and stop["packets_received"] < args.min_received:
            problems.append(f"session {session}: {stop['packets_received']} packets received, "
                            f"expected at least {args.min_received}")
        if args.max_loss is not None and stop["loss_percent"] > args.max_loss:
            problems.append(f"session {session}: loss {stop['loss_percent']} %, "
                            f"expected at most {args.max_loss}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--states")
    parser.add_argument("--reason")
    parser.add_argument("--status", type=int)
    parser.add_argument("--calls", type=int)
    parser.add_argument("--connected", type=int)
    parser.add_argument("--failed", type=int)
    parser.add_argument("--events")
    parser.add_argument("--dtmf")
    parser.add_argument("--min-received", type=int)
    parser.add_argument("--max-loss", type=float)
    args = parser.parse_args()
    problems = check(load(args.file), args)
    for problem in problems:
        print(f"phone_events: {args.file}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

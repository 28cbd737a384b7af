#!/usr/bin/env python3
"""An example seat program in plain Python 3 (standard library only), speaking the JSON-lines protocol of docs/seats.md.

    communique simulate --scenario new-delhi-fmm-2023 --seed 1 --seat RU=exec:python3 examples/agent.py

The same policy as examples/agent.mjs, line for line, so both give the same game for the same seed: on
the seat's most salient open paragraphs, consult a few holdouts, table its preferred wording (one nobody
it consulted has a red line against), lobby those who object to a text it can live with, and end the
slot when nothing is left worth the minutes.
"""
import json
import sys

# Minutes each command takes (docs/seats.md).
COST = {"consult": 10, "lobby": 15, "propose": 5}
# How far a stance keeps a paragraph from consensus: objecting and blocking do.
SEVERITY = {"support": 0, "accept": 1, "reserve": 2, "object": 3, "block": 4}
# How many holdouts on a paragraph the seat consults before it acts on what it learnt.
CONSULTS = 2
# How many of its paragraphs the seat works on: those it cares about most.
FOCUS = 4
# A wording is worth tabling when the seat gains this much over the text on the table.
WORTH_PROPOSING = 20


def candidates(obs):
    """The commands worth giving now, best first."""
    me = obs["me"]
    done = set(me["done"])
    present = {d["id"] for d in obs["delegations"] if d["present"]}
    clouts = {d["id"]: d["clout"] for d in obs["delegations"]}

    def utility(pid, variant):
        return me["positions"].get(pid, {}).get("utilities", {}).get(variant, 0) + me["flex"].get(pid, 0)

    open_paragraphs = [p for p in obs["paragraphs"] if p["draft"]["status"] == "open" and p["id"] in me["positions"]]
    open_paragraphs.sort(key=lambda p: -me["positions"][p["id"]]["salience"])
    out = []
    for p in open_paragraphs[:FOCUS]:
        pid = p["id"]
        mine = me["positions"][pid]
        table = p["draft"]["variant"]
        # Those keeping the text on the table from consensus, the weightiest first.
        holdouts = [i for i, stance in p["stances"].items() if i != me["id"] and i in present and SEVERITY[stance] >= SEVERITY["object"]]
        holdouts.sort(key=lambda i: -clouts.get(i, 0))
        # Consult a few of them: what they can live with decides which wording is worth tabling.
        unknown = [i for i in holdouts if pid not in obs["known"].get(i, {})]
        if len(holdouts) - len(unknown) < CONSULTS and unknown:
            out.append({"type": "consult", "actor": me["id"], "target": unknown[0], "paragraph": pid})
        # Table its preferred wording: no red line of its own, none of those it consulted, if it can.
        if obs["clock"]["kind"] != "informal":
            allowed = [v for v in p["variants"] if v not in mine["redLines"]]
            acceptable = [v for v in allowed if not any(v in by_paragraph.get(pid, {}).get("redLines", []) for by_paragraph in obs["known"].values())]
            best = None
            for v in acceptable if acceptable else allowed:
                if best is None or utility(pid, v) > utility(pid, best):
                    best = v
            tabled = any(a["by"] == me["id"] and a["variant"] == best for a in p["draft"]["amendments"])
            if best is not None and best != table and not tabled and utility(pid, best) - utility(pid, table) >= WORTH_PROPOSING and f"propose:{pid}:{best}" not in done:
                out.append({"type": "propose", "actor": me["id"], "paragraph": pid, "variant": best})
        # Lobby those who object to a text it can live with.
        if table not in mine["redLines"] and utility(pid, table) >= 0:
            for i in holdouts:
                if f"lobby:{i}:{pid}" not in done:
                    out.append({"type": "lobby", "actor": me["id"], "target": i, "paragraph": pid, "approach": approach_for(obs, i)})
    return [c for c in out if obs["minutesLeft"] >= COST[c["type"]]]


def approach_for(obs, target):
    """The appeal most likely to move a delegation: its known motives, or principle before it has been consulted."""
    them = next((d for d in obs["delegations"] if d["id"] == target), None)
    options = ["principle", "interest", "reciprocity"]
    if them and any(b in obs["me"]["blocs"] for b in them["blocs"]):
        options.append("bloc-pressure")
    motives = obs["motives"].get(target)
    if not motives:
        return "principle"
    best = options[0]
    for a in options:
        if motives[a] > motives[best]:
            best = a
    return best


# A refused command is not tried again on the same observation: the next candidate is, or the slot ends.
last_step = -1
last_command = None
refused_here = set()


def policy(obs, refused):
    """The best candidate not refused at this step, or None to end the slot."""
    global last_step, last_command
    if obs["step"] != last_step or not refused:
        refused_here.clear()
    if refused and last_command:
        refused_here.add(json.dumps(last_command, sort_keys=True))
    last_step = obs["step"]
    last_command = next((c for c in candidates(obs) if json.dumps(c, sort_keys=True) not in refused_here), None)
    return last_command


def main():
    # One observation per line in, one command (or null) per line out, flushed at once: the engine waits.
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        if not line.strip():
            continue
        message = json.loads(line)
        if message.get("type") == "closed":
            return
        # Other message types may come in later versions: a program ignores what it does not know.
        if message.get("type") != "observation":
            continue
        print(json.dumps(policy(message["observation"], message.get("refused"))), flush=True)


if __name__ == "__main__":
    main()

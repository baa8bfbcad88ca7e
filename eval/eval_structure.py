#!/usr/bin/env python3
"""The structure stage on generated music with known sections, scored with mir_eval.

    python3 eval/eval_structure.py --tool build/structure_eval [--first 1 --count 100]
                                   [--work /tmp/structure_eval] [--param NAME=VALUE ...]

Tracks are `minidj gen --arrangement k` for k in [first, first + count): five styles, their
usual tempi, some in 3/4, sections of 4-32 bars, intros and breakdowns with and without drums
(eval/structure_eval.cpp draws them). Prints, overall, per style and for the tracks whose
lead is mixed 3 dB or more under the pads ("quiet lead"):
  - boundary F at +-0.5 s (mir_eval.segment.detection, trim=True), with P and R;
  - per-bar label accuracy (the label at each true bar's middle);
  - outro start found within a bar (share of the tracks that have an outro);
  - the naive baselines: a boundary every 8 and every 16 bars from the first true downbeat;
  - the share of cues on phrase starts, and of tracks read as songs (a verse or chorus found).
The development range is arrangements 1-100 (the options' defaults were chosen there); the
held-out ranges are 1001-1100, 2001-2100 and 3001-3100 (docs/structure.md says which was looked
at for what).
"""
import argparse
import json
import subprocess
import sys
from collections import defaultdict

import numpy as np
import mir_eval


def intervals(sections, start_key="start", end_key="end"):
    return np.array([[s[start_key], s[end_key]] for s in sections], dtype=float)


def boundary_f(ref, est):
    if len(ref) < 1 or len(est) < 1:
        return 0.0, 0.0, 0.0
    p, r, f = mir_eval.segment.detection(ref, est, window=0.5, trim=True)
    return p, r, f


def label_at(sections, t, key="label"):
    for s in sections:
        if s["start"] <= t < s["end"]:
            return s[key]
    return None


def bar_accuracy(track):
    downbeats = track["downbeats"]
    ends = downbeats[1:] + [track["sections"][-1]["end"]]
    hits = 0
    for start, end in zip(downbeats, ends):
        middle = 0.5 * (start + end)
        hits += label_at(track["sections"], middle, "name") == label_at(track["estimate"]["sections"], middle)
    return hits / len(downbeats)


def outro_found(track):
    """None when the truth has no outro; else whether the estimate's outro starts within a bar."""
    truth = [s for s in track["sections"] if s["name"] == "outro"]
    if not truth:
        return None
    bar = truth[0]["end"] - truth[0]["start"]
    bar /= max(truth[0]["bars"], 1)
    est = [s for s in track["estimate"]["sections"] if s["label"] == "outro"]
    return bool(est) and abs(est[0]["start"] - truth[0]["start"]) < bar * 0.5 + 1e-3


def baseline(track, every):
    downbeats = track["downbeats"]
    end = track["sections"][-1]["end"]
    starts = downbeats[::every]
    return np.array([[s, e] for s, e in zip(starts, starts[1:] + [end])], dtype=float)


def cues_on_phrases(track):
    phrases = track["estimate"]["phrases"]
    ok = True
    for cue in ("mix_in", "mix_out"):
        if cue in track["estimate"]:
            t = track["estimate"][cue]["time"]
            ok = ok and any(abs(t - p) < 1e-6 for p in phrases)
    return ok


QUIET_LEAD = "quiet lead"


def read_as_song(track):
    """The estimate labels a verse or a chorus (a song's labels, never a dance track's)."""
    return any(s["label"] in ("verse", "chorus") for s in track["estimate"]["sections"])


def quiet_lead(track):
    """The production mixed the lead 3 dB or more under the pads (the truth's "mix"): the outro's
    first stage, where the lead stops, is hardest to hear there."""
    mix = track.get("mix")
    return bool(mix) and mix["lead_db"] <= mix["pad_db"] - 3.0


def score(tracks):
    rows = defaultdict(lambda: defaultdict(list))
    for t in tracks:
        ref = intervals(t["sections"])
        est = intervals(t["estimate"]["sections"])
        groups = ["all", t["style"] + (" 3/4" if t["meter"] == 3 else "")]
        if quiet_lead(t):
            groups.append(QUIET_LEAD)
        for group in groups:
            r = rows[group]
            p, rec, f = boundary_f(ref, est)
            r["P"].append(p)
            r["R"].append(rec)
            r["F"].append(f)
            r["labels"].append(bar_accuracy(t))
            found = outro_found(t)
            if found is not None:
                r["outro"].append(float(found))
            r["every 8"].append(boundary_f(ref, baseline(t, 8))[2])
            r["every 16"].append(boundary_f(ref, baseline(t, 16))[2])
            r["cues on phrases"].append(float(cues_on_phrases(t)))
            r["read as songs"].append(float(read_as_song(t)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", default="build/structure_eval")
    ap.add_argument("--work", default="/tmp/structure_eval")
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--param", action="append", default=[])
    ap.add_argument("--songs", action="store_true", help="songs' arrangements (verse, chorus, bridge)")
    ap.add_argument("--dump", help="write the tracks' JSON here")
    args = ap.parse_args()
    cmd = [args.tool, "--work", args.work, "--first", str(args.first), "--count", str(args.count)]
    if args.songs:
        cmd.append("--songs")
    for p in args.param:
        cmd += ["--param", p]
    tracks = json.loads(subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout)
    if args.dump:
        with open(args.dump, "w") as f:
            json.dump(tracks, f)
    rows = score(tracks)
    cols = ["F", "P", "R", "labels", "outro", "every 8", "every 16", "cues on phrases", "read as songs"]
    print(f"arrangements {args.first}..{args.first + args.count - 1}")
    print(f"{'group':<14}{'n':>4}" + "".join(f"{c:>16}" for c in cols))
    for group in ["all"] + sorted(g for g in rows if g != "all"):
        r = rows[group]
        cells = "".join(f"{np.mean(r[c]) if r[c] else float('nan'):>16.3f}" for c in cols)
        print(f"{group:<14}{len(r['F']):>4}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

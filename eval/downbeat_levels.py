#!/usr/bin/python3
"""How much of the downbeat F-measure is lost to the bar's length alone (docs/beat-network.md,
"Where it falls short").

DownF (score.py) counts a downbeat only where the labels put one. A 2/4 tune read in bars of four
beats, or a tune read at half its written tempo in bars of four, finds every other labelled
downbeat and no wrong one: F 0.67, though every bar line it reports is one. This script prints,
for a predictions file, DownF as score.py counts it and DownF at the bar level where each item
scores best: the labelled downbeats as they are, every other one (either phase: bars twice as
long), or with one added half-way through each bar (bars half as long), like AMLt for beats.
Per package too, and the items that the tolerance moves by more than 0.2. A diagnostic: the
issue's bar is the strict figure.

usage: downbeat_levels.py PREDICTIONS.json   (e.g. WORK/cross_validated.json of eval/train_beats.py)
"""
import argparse
import json
import os

import mir_eval
import numpy as np

import corpus
from beat_confidence import metrical_levels


def downbeat_f(labelled, predicted):
    """(strict, best over bar levels) F-measures, mir_eval at +-70 ms, first 5 s dropped."""
    ref = mir_eval.beat.trim_beats(np.array(labelled))
    est = mir_eval.beat.trim_beats(np.array(predicted or []))
    if len(ref) < 2 or len(est) < 2:
        return 0.0, 0.0
    strict = mir_eval.beat.f_measure(ref, est)
    return strict, max(mir_eval.beat.f_measure(level, est) for level in metrical_levels(ref))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    corpus.add_arguments(ap)
    ap.add_argument('predictions')
    args = ap.parse_args()
    items = [i for i in json.load(open(os.path.join(args.eval, 'labels_dev.json'))) if i.get('downbeats')]
    preds = json.load(open(args.predictions))
    scores = {i['id']: downbeat_f(i['downbeats'], preds.get(i['id'], {}).get('downbeats')) for i in items}
    print(f'{len(items)} items with downbeats: DownF {np.mean([s for s, _ in scores.values()]):.3f}, '
          f'at the best bar level {np.mean([t for _, t in scores.values()]):.3f}\n')
    print('| package | items | DownF | at the best bar level |\n|---|---|---|---|')
    for pkg in sorted({i['source_pkg'] for i in items}):
        got = [scores[i['id']] for i in items if i['source_pkg'] == pkg]
        print(f'| {pkg} | {len(got)} | {np.mean([s for s, _ in got]):.3f} | {np.mean([t for _, t in got]):.3f} |')
    print('\nmoved by more than 0.2:')
    for i in items:
        strict, best = scores[i['id']]
        if best - strict > 0.2:
            print(f'  {i["id"]}: {strict:.2f} -> {best:.2f}')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Does `beat_confidence` mean something? How well it tells a usable beat grid from a guessed one
on the development corpus (docs/beat-network.md, "Confidence").

A grid is usable when it can be beat-matched: its beats land on the labelled beats at the written
rate, at twice it, or on every other labelled beat (either phase); BeatF >= 0.8 against the best
of those levels (mir_eval, +-70 ms, the first 5 s dropped). Off-beat grids, 3:2 readings and lost
beats are not usable. The script prints, for each predictions file (score.py's format with
`beat_confidence` per item, as eval/corpus.py writes it):
  - the AUC: the chance that a usable grid has a higher confidence than an unusable one;
  - the same confidences dealt to other items at random, mean of 100 deals (a negative control:
    about 0.5);
  - at the renderer's beat-match threshold, the usable grids refused and the unusable accepted.

usage: beat_confidence.py PREDICTIONS.json [...] [--threshold 0.35]
  the cross-validated predictions: eval/train_beats.py writes WORK/cross_validated.json
  the shipped network's: eval/eval_corpus.py --save FILE (tuning-set figures)
"""
import argparse
import json
import os
import random
import sys

import mir_eval
import numpy as np

import corpus


def metrical_levels(ref):
    """`ref` as it is, every other one (either phase) and with one added half-way between each
    two: the levels a reading may take and still land on what the labels mark."""
    halves = np.sort(np.concatenate([ref, 0.5 * (ref[1:] + ref[:-1])]))
    return ref, ref[0::2], ref[1::2], halves


def usable_f(labelled, predicted):
    """BeatF of `predicted` against the labelled beats at the level where it is best: as they
    are, twice as many, or every other one (either phase); 0.8 and more is a usable grid."""
    ref = mir_eval.beat.trim_beats(np.array(labelled))
    est = mir_eval.beat.trim_beats(np.array(predicted or []))
    if len(ref) < 2 or len(est) < 2:
        return 0.0
    return max(mir_eval.beat.f_measure(level, est) for level in metrical_levels(ref))


def auc(scores, good):
    """P(score of a good item > score of a bad one), ties counted half."""
    pos = [s for s, g in zip(scores, good) if g]
    neg = [s for s, g in zip(scores, good) if not g]
    if not pos or not neg:
        return float('nan')
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    corpus.add_arguments(ap)
    ap.add_argument('predictions', nargs='+')
    ap.add_argument('--threshold', type=float, default=0.35, help="the renderer's kMinBeatMatchConfidence")
    args = ap.parse_args()
    items = [i for i in json.load(open(os.path.join(args.eval, 'labels_dev.json'))) if i.get('beats')]
    print('| predictions | items | usable / not | AUC | AUC, confidences shuffled (mean of 100) | usable refused | unusable accepted |')
    print('|---|---|---|---|---|---|---|')
    for path in args.predictions:
        preds = json.load(open(path))
        rows = [(preds[i['id']].get('beat_confidence'), usable_f(i['beats'], preds[i['id']].get('beats')))
                for i in items if i['id'] in preds]
        if any(c is None for c, _ in rows):
            sys.exit(f'beat_confidence: {path} has items without beat_confidence')
        conf = [c for c, _ in rows]
        good = [f >= 0.8 for _, f in rows]
        shuffled = []
        dealer = random.Random(17)
        for _ in range(100):
            dealt = conf[:]
            dealer.shuffle(dealt)
            shuffled.append(auc(dealt, good))
        refused = sum(g and c < args.threshold for c, g in zip(conf, good))
        accepted = sum(not g and c >= args.threshold for c, g in zip(conf, good))
        print(f'| {os.path.basename(path)} | {len(rows)} | {sum(good)} / {len(good) - sum(good)} | {auc(conf, good):.3f} '
              f'| {sum(shuffled) / len(shuffled):.3f} | {refused} | {accepted} |')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Which source packages a change made better or worse: two score.py per-item tables compared.

usage: eval/package_diff.py BEFORE.tsv AFTER.tsv [--predictions cross_validated] [--margin 0.005]

BEFORE and AFTER are score.py --per-item tables of the same items, e.g. the cross_validated.tsv
that eval/train_beats.py writes into --work, read before and after a change (with --reuse, so
the fold networks are the same). For each metric, the packages whose mean moved by more than
--margin either way, and every item that moved by more than it. A change to the analysis is
taken only if it holds across packages (README, "Accuracy").
"""
import argparse
import collections
import csv
import json
import os

import corpus

METRICS = ('acc1', 'acc2', 'beat_f', 'amlt', 'down_f')


def read_rows(path, predictions):
    with open(path) as f:
        return {r['id']: r for r in csv.DictReader(f, delimiter='\t') if r['predictions'] == predictions}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus.add_arguments(ap)
    ap.add_argument('before')
    ap.add_argument('after')
    ap.add_argument('--predictions', default='cross_validated', help="score.py's name of the predictions compared")
    ap.add_argument('--margin', type=float, default=0.005)
    args = ap.parse_args()
    with open(os.path.join(args.eval, 'labels_dev.json')) as f:
        package_of = {item['id']: item['source_pkg'] for item in json.load(f)}
    before, after = read_rows(args.before, args.predictions), read_rows(args.after, args.predictions)
    print('| metric | packages better | packages worse | items moved |\n|---|---|---|---|')
    for metric in METRICS:
        moves, items = collections.defaultdict(list), []
        for id_, row in before.items():
            old, new = row.get(metric, ''), after.get(id_, {}).get(metric, '')
            if old in ('', '-') or new in ('', '-'):
                continue
            delta = float(new) - float(old)
            moves[package_of[id_]].append(delta)
            if abs(delta) > args.margin:
                items.append(f'{id_} {float(old):.3f} → {float(new):.3f}')
        mean = {pkg: sum(d) / len(d) for pkg, d in moves.items()}
        better = sorted(p for p, d in mean.items() if d > args.margin)
        worse = sorted(f'{p} ({d:+.3f})' for p, d in mean.items() if d < -args.margin)
        print(f"| {metric} | {len(better)}: {', '.join(better)} | {len(worse)}: {', '.join(worse)} | {'; '.join(items)} |")


if __name__ == '__main__':
    main()

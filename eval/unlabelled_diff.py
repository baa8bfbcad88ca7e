#!/usr/bin/python3
"""Tempo and key readings on the shared corpus's unlabelled files, and what a change did to them.

usage: eval/unlabelled_diff.py [--minidj build/minidj] [--eval ../shared/eval] [--jobs 2]
                               [--out eval/results/unlabelled_readings.json] [--before FILE]
                               [--essentia FILE]

Runs `minidj analyze --json` on every file of unlabeled.json and writes {id: {bpm, key}} to
--out. With --before (an --out of an earlier build), prints every reading that changed (for a
tempo, the ratio names the metrical relation: 2:1 is an octave, 3:2 a dotted reading). With
--essentia (predictions in score.py's format, e.g. the shared anchors' run_anchor.py run on
unlabeled.json), prints essentia's reading beside each change and counts agreement. There is
no ground truth on these files: this shows what a change moves on music the analyser was not
tuned on, not accuracy.
"""
import argparse
import json
import os
import subprocess
from fractions import Fraction

import corpus


def read_all(minidj, paths, ids, jobs):
    run = subprocess.run([minidj, 'analyze', '--json', '-j', str(jobs)] + paths, capture_output=True, text=True)
    by_path = {}
    for line in run.stdout.splitlines():
        obj = json.loads(line)
        by_path[obj['path']] = {'bpm': obj.get('bpm'), 'key': obj.get('key')}
    return {i: by_path.get(p, {}) for i, p in zip(ids, paths)}


def relation(a, b):
    """The simple ratio (up to 4:3 and the like) nearest b/a, or '' when none is within 2 %."""
    if not a or not b:
        return ''
    r = Fraction(b / a).limit_denominator(4)
    return f'{r.numerator}:{r.denominator}' if abs(float(r) - b / a) < 0.02 * b / a else ''


def agrees(field, reference, reading):
    """Tempo: within 4 % (mir_eval's Accuracy1 tolerance); key: the same name."""
    if field == 'bpm':
        return bool(reference and reading) and abs(reading / reference - 1) <= 0.04
    return reference is not None and reference == reading


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--out', default=os.path.join(corpus.HERE, 'results', 'unlabelled_readings.json'))
    ap.add_argument('--before', default=None)
    ap.add_argument('--essentia', default=None)
    args = ap.parse_args()

    items, paths = (list(x) for x in zip(*corpus.entries(args, 'unlabeled.json', 'unlabelled_diff')))
    ids = [item['id'] for item in items]

    now = read_all(args.minidj, paths, ids, args.jobs)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(now, f, indent=1, sort_keys=True)
    print(f'{len(now)} unlabelled files read, readings written to {args.out}')
    if not args.before:
        return
    before = json.load(open(args.before))
    essentia = json.load(open(args.essentia)) if args.essentia else {}
    fmt = lambda v: f'{v:.2f}' if isinstance(v, float) else (v or '-')
    for field in ('bpm', 'key'):
        changed = [i for i in ids if before.get(i, {}).get(field) != now[i].get(field)]
        print(f'\n{field}: {len(changed)} of {len(ids)} readings changed')
        if essentia:
            same = lambda r: sum(1 for i in ids if agrees(field, essentia.get(i, {}).get(field), r.get(i, {}).get(field)))
            what = 'within 4 % of essentia\'s' if field == 'bpm' else 'equal to essentia\'s'
            print(f'{what}: {same(before)} before, {same(now)} now')
        if not changed:
            continue
        print(f'{"id":48} {"before":>12} {"now":>12} {"now/before":>10} {"essentia":>12} {"now/essentia":>12}')
        for i in changed:
            b, n, e = before.get(i, {}).get(field), now[i].get(field), essentia.get(i, {}).get(field)
            rb, re_ = (relation(b, n), relation(e, n)) if field == 'bpm' else ('', '')
            print(f'{i:48} {fmt(b):>12} {fmt(n):>12} {rb:>10} {fmt(e):>12} {re_:>12}')


if __name__ == '__main__':
    main()

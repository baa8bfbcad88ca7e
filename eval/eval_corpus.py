#!/usr/bin/python3
"""Score minidj's analysis on the shared labelled corpus, beside the reference analysers.

usage: eval/eval_corpus.py [--minidj build/minidj] [--eval ../shared/eval] [--jobs 1]
                           [--out eval/results/minidj_dev.json] [--per-item FILE.tsv]

Runs `minidj analyze --json` on every labelled file (one at a time by default, so `seconds`
is per-core time), writes a prediction file in score.py's format, then prints score.py's
table for minidj, aubio and essentia.js on the same files.
"""
import argparse
import json
import os
import subprocess
import sys

import corpus


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap)
    ap.add_argument('--jobs', type=int, default=1)
    ap.add_argument('--out', default=os.path.join(corpus.HERE, 'results', 'minidj_dev.json'))
    ap.add_argument('--per-item', default=None)
    args = ap.parse_args()

    labels_path = os.path.join(args.eval, 'labels_dev.json')
    labels, paths = zip(*corpus.entries(args, 'labels_dev.json', 'eval'))

    run = subprocess.run([args.minidj, 'analyze', '--json', '-j', str(args.jobs)] + list(paths),
                         capture_output=True, text=True)
    by_path = {}
    for line in run.stdout.splitlines():
        obj = json.loads(line)
        by_path[obj['path']] = obj
    predictions = {}
    for item, path in zip(labels, paths):
        obj = by_path.get(path)
        if obj is None or 'error' in obj:
            print(f"eval: {item['id']}: {obj.get('error') if obj else 'no output'}", file=sys.stderr)
            continue
        predictions[item['id']] = corpus.prediction(obj)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(predictions, f)

    results = os.path.join(args.eval, 'results')
    cmd = ['/usr/bin/python3', os.path.join(args.eval, 'score.py'), labels_path, args.out,
           os.path.join(results, 'aubio_dev.json'), os.path.join(results, 'essentia-edma_dev.json')]
    if args.per_item:
        cmd += ['--per-item', args.per_item]
    sys.exit(subprocess.run(cmd).returncode)


if __name__ == '__main__':
    main()

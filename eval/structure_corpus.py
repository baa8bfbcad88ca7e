#!/usr/bin/env python3
"""The structure stage on the shared corpus's real music (no section labels there).

    EVAL_DATA=... python3 eval/structure_corpus.py --minidj build/minidj [--json-out FILE]

Analyses the 139 development items with `minidj analyze --json` and prints:
  - how often an inner section boundary falls on a labelled downbeat (within 70 ms, the
    downbeat F window) -- minidj puts every boundary on one of its own downbeats, so this reads
    how right those downbeats are where the sections change;
  - section lengths: sections per track, median bars, the share of sections a whole number of
    4 and of 8 bars long, and how the labels are spread;
  - the same per kind of item (recording, MIDI render, ABC tune, tracker module).
With --bench TOOL (build/structure_eval): the structure's share of the analysis time on the
same files, both timed in one process (analysis with decode, then the structure alone).
"""
import argparse
import collections
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

WINDOW_S = 0.07


def analyse(minidj, paths):
    out = subprocess.run([minidj, 'analyze', '--json', *paths], check=True, stdout=subprocess.PIPE).stdout
    by_path = {}
    for line in out.decode().splitlines():
        a = json.loads(line)
        by_path[a['path']] = a
    return by_path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    corpus.add_arguments(ap)
    ap.add_argument('--json-out', help='write every item\'s sections here')
    ap.add_argument('--bench', metavar='TOOL', help='structure_eval: time the structure against the analysis')
    args = ap.parse_args()
    items = corpus.entries(args, 'labels_dev.json', 'structure_corpus')
    if args.bench:
        return subprocess.run([args.bench, '--bench', *[p for _, p in items]]).returncode
    analyses = analyse(args.minidj, [p for _, p in items])
    groups = collections.defaultdict(lambda: collections.defaultdict(list))
    dump = []
    for item, path in items:
        a = analyses.get(os.path.abspath(path)) or analyses.get(path)
        if a is None or 'error' in a:
            continue
        sections = a['structure']['sections']
        dump.append({'id': item['id'], 'kind': item['kind'], 'sections': sections})
        for g in ('all', item['kind']):
            r = groups[g]
            r['tracks'].append(1)
            r['sections'].append(len(sections))
            for s in sections:
                r['bars'].append(s['bars'])
                r['labels'].append(s['label'])
            truth = np.array(item.get('downbeats') or [])
            if len(truth):
                for s in sections[1:]:
                    r['on downbeat'].append(float(np.min(np.abs(truth - s['start'])) <= WINDOW_S))
    if args.json_out:
        with open(args.json_out, 'w') as f:
            json.dump(dump, f)
    print(f"{'group':<12}{'tracks':>7}{'sections':>9}{'on a labelled downbeat':>24}{'median bars':>12}"
          f"{'x4 bars':>8}{'x8 bars':>8}  labels")
    for g in ['all'] + sorted(k for k in groups if k != 'all'):
        r = groups[g]
        bars = np.array(r['bars']) if r['bars'] else np.array([0])
        on = f"{np.mean(r['on downbeat']):.3f} of {len(r['on downbeat'])}" if r['on downbeat'] else '-'
        labels = collections.Counter(r['labels'])
        spread = ' '.join(f'{k} {v / max(len(r["labels"]), 1):.2f}' for k, v in labels.most_common())
        print(f"{g:<12}{len(r['tracks']):>7}{np.mean(r['sections']):>9.1f}{on:>24}{np.median(bars):>12.0f}"
              f"{np.mean(bars % 4 == 0):>8.2f}{np.mean(bars % 8 == 0):>8.2f}  {spread}")
    return 0


if __name__ == '__main__':
    sys.exit(main())

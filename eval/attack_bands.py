#!/usr/bin/python3
"""Which band shows the beat, per source package of the shared corpus.

usage: eval/attack_bands.py [--bin build/attack_bands] [--eval ../shared/eval]

For every labelled file, in windows of 64 labelled beats (a transition's overlap), counts the
beats whose attack lines up with the others (within 8 ms of their median offset): in the full
band alone (the renderer's beat fit before it chose a band) and in the band beat_attacks()
picks (full, or above 8 kHz). Prints per package: beats, lined up full / chosen, the windows
that took the high band, and the median spread of the lined-up attacks (ms).
"""
import argparse
import collections
import os
import subprocess

import corpus


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap, corpus=True)
    ap.add_argument('--bin', default=os.path.join(corpus.HERE, '..', 'build', 'attack_bands'))
    args = ap.parse_args()
    rows = collections.defaultdict(lambda: [0, 0, 0, 0, 0, [], []])
    for item, path in corpus.entries(args, 'labels_dev.json', 'attack_bands'):
        beats = '\n'.join(str(b) for b in item['beats'])
        r = subprocess.run([args.bin, path], input=beats, capture_output=True, text=True)
        if r.returncode != 0:
            print(f'{item["id"]}: {r.stderr.strip()}')
            continue
        row = rows[item['source_pkg']]
        for line in r.stdout.splitlines():
            n, full, chosen, band, spread_full, spread_chosen = line.split()
            row[0] += int(n)
            row[1] += int(full)
            row[2] += int(chosen)
            row[3] += 1
            row[4] += band == 'high'
            row[5].append(float(spread_full))
            row[6].append(float(spread_chosen))
    print(f'{"package":<28} {"beats":>6} {"full":>6} {"chosen":>6} {"windows":>7} {"high":>5} '
          f'{"spread full":>11} {"chosen":>6}')
    total = [0, 0, 0, 0, 0]
    for pkg in sorted(rows):
        b, f, c, w, h, sf, sc = rows[pkg]
        total = [t + x for t, x in zip(total, (b, f, c, w, h))]
        med = lambda v: sorted(v)[len(v) // 2] if v else 0.0
        print(f'{pkg:<28} {b:>6} {f / b:>6.1%} {c / b:>6.1%} {w:>7} {h:>5} {med(sf):>9.2f}ms {med(sc):>6.2f}')
    b, f, c, w, h = total
    print(f'{"all":<28} {b:>6} {f / b:>6.1%} {c / b:>6.1%} {w:>7} {h:>5}')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""The analyser against generated music with ground truth, over more songs than the unit suite.

usage: eval/generated_check.py keys [--bars 0] [--seed-base 100 ...] [--minidj build/minidj]
       eval/generated_check.py downbeats --style ambient --bpm 80 [--seeds 1-20]
       eval/generated_check.py meters [--signatures 6/8 12/8]
       eval/generated_check.py confidence [--seeds 1-8]

`keys`: all 24 keys, styles rotating and seeds base+index as in GeneratedKey (tests/analysis/
generated_music_test.cpp); one line per miss and the count per seed base. `--bars 0` is each
style's whole arrangement; 16 the excerpts without a breakdown.
`downbeats`: one song per seed; a song counts when at least 90 % of its estimated downbeats are
within 20 ms of a true one.
`meters`: 32-bar songs in each time signature, five styles at 70, 95, 120 and 140 BPM (the
dotted quarter in 6/8 and 12/8): one line per song (tempo, beat F at 70 ms, the meter read, the
share of estimated downbeats inside the music on a true one, the share of true downbeats found) and a count per
signature of songs whose tempo is right within 0.5 %, beat F >= 0.95, and downbeats all true.
`confidence`: per style, one song per seed (tempi spread over the style's range, seeds apart from
the beat network's generated training tracks): the beat confidence of each, whether its beats are
usable (beat F >= 0.8 against the true beats at their own rate, twice it or every other one), and
per style the lowest and median confidence.
Songs are written with `minidj gen` to a temporary folder and read
back with `minidj analyze --json`, so this measures the product as a user runs it.
"""
import argparse
import json
import os
import subprocess
import tempfile

import mir_eval
import numpy as np

import corpus
from beat_confidence import usable_f

STYLES = ['house', 'techno', 'dnb', 'hiphop', 'ambient']
BPM = {'dnb': 172, 'hiphop': 92}
NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B']
PITCH = {'C': 0, 'C#': 1, 'Db': 1, 'D': 2, 'D#': 3, 'Eb': 3, 'E': 4, 'F': 5, 'F#': 6, 'Gb': 6, 'G': 7,
         'G#': 8, 'Ab': 8, 'A': 9, 'A#': 10, 'Bb': 10, 'B': 11}


def same_key(a, b):
    """Equal keys, whatever the spelling ("C# major" is "Db major")."""
    if not a or not b:
        return False
    (ta, ma), (tb, mb) = a.split(), b.split()
    return PITCH.get(ta) == PITCH.get(tb) and ma == mb


def generate_and_analyse(minidj, folder, style, bpm, key, bars, seed, meter='4/4'):
    """(analysis, truth) of one generated song."""
    audio = os.path.join(folder, f'{style}-{seed}.flac')
    subprocess.run([minidj, 'gen', '-o', audio, '--style', style, '--bpm', str(bpm), '--key', key,
                    '--bars', str(bars), '--seed', str(seed), '--meter', meter], check=True, capture_output=True)
    run = subprocess.run([minidj, 'analyze', '--json', audio], check=True, capture_output=True, text=True)
    truth = json.load(open(os.path.join(folder, f'{style}-{seed}.truth.json')))
    return json.loads(run.stdout), truth


def on_one_of(times, targets, tolerance=0.02):
    """How many of `times` lie within `tolerance` s of one of `targets`."""
    return sum(any(abs(t - u) < tolerance for u in targets) for t in times)


def check_keys(args, folder):
    for base in args.seed_base:
        exact = 0
        for index in range(24):
            key = f'{NAMES[index % 12]} {"minor" if index >= 12 else "major"}'
            style = STYLES[index % 5]
            got, _ = generate_and_analyse(args.minidj, folder, style, BPM.get(style, 124), key, args.bars,
                                          base + index)
            hit = same_key(got.get('key'), key)
            exact += hit
            if not hit:
                print(f'  miss: {key} ({style}, seed {base + index}) read as {got.get("key")}')
        print(f'seeds {base}..{base + 23}, {args.bars} bars: {exact}/24 keys exact')


def check_downbeats(args, folder):
    first, last = (int(x) for x in args.seeds.split('-'))
    right = 0
    for seed in range(first, last + 1):
        got, truth = generate_and_analyse(args.minidj, folder, args.style, args.bpm, 'G major', 0, seed)
        found = got.get('downbeats') or []
        hits = on_one_of(found, truth['downbeats'])
        ok = bool(found) and hits >= 0.9 * len(found)
        right += ok
        if not ok:
            print(f'  seed {seed}: {hits} of {len(found)} downbeats on a true one')
    print(f'{args.style} at {args.bpm} BPM: downbeats right in {right}/{last - first + 1} seeds')


def check_meters(args, folder):
    for signature in args.signatures:
        right, meters, total = 0, {}, 0
        for style in STYLES:
            for bpm in (70, 95, 120, 140):
                got, truth = generate_and_analyse(args.minidj, folder, style, bpm, 'A minor', 32, bpm, signature)
                beat_f = mir_eval.beat.f_measure(np.array(truth['beats']), np.array(got['beats']))
                # Inside the music: a downbeat read in the last notes' ring-out is not a wrong bar.
                found = [d for d in got['downbeats'] if d < truth['beats'][-1] + 0.02]
                on_true = on_one_of(found, truth['downbeats']) / max(1, len(found))
                recall = on_one_of(truth['downbeats'], found) / len(truth['downbeats'])
                tempo_ok = abs(got['bpm'] - truth['mean_bpm']) <= 0.005 * truth['mean_bpm']
                ok = tempo_ok and beat_f >= 0.95 and on_true >= 0.99
                right += ok
                total += 1
                meters[got['meter']] = meters.get(got['meter'], 0) + 1
                print(f'  {signature} {style:8} {bpm:3} BPM: read {got["bpm"]:.2f} BPM, beat F {beat_f:.2f}, '
                      f'meter {got["meter"]}, downbeats on a true one {on_true:.2f}, true ones found {recall:.2f}')
        read = ', '.join(f'{m}: {n}' for m, n in sorted(meters.items()))
        print(f'{signature}: tempo, beats and bar phase right in {right}/{total} songs; meters read ({read})')


CONFIDENCE_BPM = {'house': (118, 130), 'techno': (125, 150), 'dnb': (160, 176), 'hiphop': (80, 100), 'ambient': (70, 110)}


def check_confidence(args, folder):
    first, last = (int(x) for x in args.seeds.split('-'))
    for style in STYLES:
        low, high = CONFIDENCE_BPM[style]
        confidences = []
        for seed in range(first, last + 1):
            bpm = low + (high - low) * (seed - first) / max(1, last - first)
            got, truth = generate_and_analyse(args.minidj, folder, style, round(bpm), NAMES[seed % 12] + ' minor', 32,
                                              7000 + seed)
            beat_f = usable_f(truth['beats'], got.get('beats') or [])
            confidences.append(got.get('beat_confidence', 0.0))
            print(f'  {style:8} {round(bpm):3} BPM seed {7000 + seed}: confidence {confidences[-1]:.2f}, '
                  f'beats {"usable" if beat_f >= 0.8 else "NOT usable"} (F {beat_f:.2f})')
        print(f'{style}: confidence lowest {min(confidences):.2f}, median {float(np.median(confidences)):.2f} '
              f'over {len(confidences)} songs')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('what', choices=['keys', 'downbeats', 'meters', 'confidence'])
    corpus.add_arguments(ap, corpus=False)
    ap.add_argument('--bars', type=int, default=0)
    ap.add_argument('--seed-base', type=int, nargs='+', default=[100])
    ap.add_argument('--style', default='ambient')
    ap.add_argument('--bpm', type=float, default=80)
    ap.add_argument('--seeds', default='1-20')
    ap.add_argument('--signatures', nargs='+', default=['6/8', '12/8'])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix='minidj-gen-check-') as folder:
        {'keys': check_keys, 'downbeats': check_downbeats, 'meters': check_meters,
         'confidence': check_confidence}[args.what](args, folder)


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Transitions between real tracks of the shared corpus, measured on the rendered audio.

usage: eval/mix_real.py [--minidj build/minidj] [--eval ../shared/eval] [--out DIR] [--fast]

Renders each pair below with `minidj mix A B --report --json` (16 bars, bass-swap, R3 unless
--fast) and prints the report's figures in one table: beat-phase error (median / max over the
beats where it could be measured), B's median offset from A (signed, ms; positive: B late), B's one nudge (ms), downbeats aligned, loudness dip/bump across the transition,
true peak, clipped samples. The bars from the issue: median <= 5 ms, max <= 15 ms, downbeats
aligned, dip/bump <= 2 LU, true peak <= -1 dBTP, no clipping.
"""
import argparse
import json
import os
import subprocess
import tempfile

import corpus

# 4/4 pieces with a steady tempo, within 8 % of each other (labels_dev.json).
PAIRS = [
    ('audio/fof-sectoid/escape-from-chaosland.flac', 'audio/fof-sectoid/war-of-freedom.flac'),
    ('audio/planetblupi/music000.flac', 'audio/planetblupi/music009.flac'),
    ('audio/planetblupi/music004.flac', 'audio/planetblupi/music006.flac'),
    ('audio/planetblupi/music005.flac', 'audio/fof-sectoid/escape-from-chaosland.flac'),
    ('audio/freedink/18.flac', 'audio/fof-sectoid/war-of-freedom.flac'),
]


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap)
    ap.add_argument('--out', default=None, help='keep the mixes (and their plots) here')
    ap.add_argument('--fast', action='store_true', help='R2 instead of R3')
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix='minidj-mix-real-')
    os.makedirs(out, exist_ok=True)
    print(f'{"A -> B":<52} {"BPM":>13} {"style":<9} {"phase ms":>13} {"beats":>5} {"offset":>6} {"nudge":>6} {"downb":>5} '
          f'{"dip/bump LU":>11} {"dBTP":>6} {"clip":>4}')
    for i, (a, b) in enumerate(PAIRS):
        pa, pb = corpus.audio_path(args, a), corpus.audio_path(args, b)
        corpus.require(args, [pa, pb], 'mix_real')
        cmd = [args.minidj, 'mix', pa, pb, '-o', os.path.join(out, f'mix{i}.flac'), '--report', '--json', '--no-db',
               '--plot', os.path.join(out, f'mix{i}.png')] + (['--fast'] if args.fast else [])
        r = subprocess.run(cmd, capture_output=True, text=True)
        name = f'{os.path.basename(a)} -> {os.path.basename(b)}'
        if r.returncode != 0:
            print(f'{name:<52} failed: {r.stderr.strip()}')
            continue
        j = json.loads(r.stdout)
        phase = j['beat_phase_error_ms']
        ph = f'{phase["median"]:.2f} / {phase["max"]:.2f}' if phase else '-'
        beats = phase['beats'] if phase else '-'
        nudge = f'{phase["nudge"]:+.2f}' if phase else '-'
        offset = f'{phase["offset"]:+.2f}' if phase else '-'
        db = {True: 'yes', False: 'NO', None: '-'}[j['downbeats_aligned']]
        print(f'{name:<52} {j["bpm_a"]:>6.1f}->{j["bpm_b"]:<6.1f} {j["style"]:<9} {ph:>13} {beats:>5} {offset:>6} {nudge:>6} {db:>5} '
              f'{j["loudness_dip_lu"]:>5.2f}/{j["loudness_bump_lu"]:<5.2f} {j["true_peak_dbtp"]:>6.2f} '
              f'{j["clipped_samples"]:>4}')
        for note in j['notes']:
            print(f'    note: {note}')
    print(f'mixes and plots in {out}')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Offline key experiments on the labelled development items (stdlib only).

usage: eval/key_experiments.py --key-peaks build/key_peaks [--eval ../shared/eval]
                               [--cache /tmp/minidj_key_peaks] [--generated DIR --minidj build/minidj]

Reads every key-labelled item's spectral peaks (eval/key_peaks.cpp; cached per item), builds
the chromas the estimator can use (tonal peaks above the bass, the bass register alone, the
opening and closing seconds), and scores candidate estimators with the MIREX weighted score
(1 same, 0.5 fifth above, 0.3 relative, 0.2 parallel), per source package and with every free
constant chosen leave-one-package-out. --generated adds `minidj gen` songs (DIR holds *.flac
with *.truth.json beside them; --minidj makes the 48 missing ones) as a second set, reported
apart and not used to choose anything.
"""
import argparse
import glob
import json
import math
import os
import subprocess
import sys
from collections import defaultdict

NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B']
FLATS = {'Db': 'C#', 'D#': 'Eb', 'Gb': 'F#', 'G#': 'Ab', 'A#': 'Bb'}


def parse_key(text):
    tonic, mode = text.split()
    return NAMES.index(FLATS.get(tonic, tonic)), mode == 'minor'


def key_name(key):
    return f"{NAMES[key[0]]} {'minor' if key[1] else 'major'}"


def mirex(ref, est):
    """mir_eval.key.weighted_score on (tonic, minor) pairs."""
    if est is None:
        return 0.0
    (rt, rm), (et, em) = ref, est
    if rt == et and rm == em:
        return 1.0
    if rm == em and (et - rt) % 12 == 7:
        return 0.5
    if rm != em:
        if not rm and (rt - et) % 12 == 3:  # reference major, estimate its relative minor
            return 0.3
        if rm and (et - rt) % 12 == 3:
            return 0.3
        if rt == et:
            return 0.2
    return 0.0


def error_class(ref, est):
    s = mirex(ref, est)
    if s == 1.0:
        return 'ok'
    if s == 0.5:
        return 'fifth-above'
    if s == 0.3:
        return 'relative'
    if s == 0.2:
        return 'parallel'
    if est and ref[1] == est[1] and (ref[0] - est[0]) % 12 == 7:
        return 'fifth-below'
    return 'other'


# ---------------------------------------------------------------- peaks and chromas

def load_peaks(path):
    """[(midi, magnitude, contrast_db), ...] per frame."""
    frames = []
    with open(path) as f:
        for line in f:
            if line[0] == 'F':
                frames.append([])
            else:
                m, a, c = line.split()
                frames[-1].append((float(m), float(a), float(c)))
    return frames


def peaks_for(audio, key_peaks, cache):
    os.makedirs(cache, exist_ok=True)
    out = os.path.join(cache, audio.replace('/', '_') + '.txt')
    if not os.path.exists(out):
        with open(out + '.tmp', 'w') as f:
            subprocess.run([key_peaks, audio], stdout=f, check=True)
        os.rename(out + '.tmp', out)
    return load_peaks(out)


def tonality(contrast_db, lo=30.0, hi=40.0):
    return min(1.0, max(0.0, (contrast_db - lo) / (hi - lo)))


def tuning_of(frames, min_hz=200.0, by_count=True):
    """Global deviation from A440 in semitones (-0.5..0.5), as ChromaAnalyzer estimates it: the
    circular mean of the tonal peaks' deviations from equal temperament, from min_hz up, each
    peak one vote weighted by its tonality (by_count) or also by its magnitude."""
    min_midi = 69 + 12 * math.log2(min_hz / 440)
    re = im = 0.0
    for peaks in frames:
        for m, a, c in peaks:
            if m < min_midi:
                continue
            w = tonality(c) * (1.0 if by_count else a)
            d = m - round(m)
            re += w * math.cos(2 * math.pi * d)
            im += w * math.sin(2 * math.pi * d)
    return math.atan2(im, re) / (2 * math.pi) if re or im else 0.0


def add_frame(total, notes, compression):
    """Adds one frame's chroma of (midi note, weight) pairs to `total`: normalised to its peak
    and raised to `compression`, or raw when `compression` is None. Silent frames add nothing."""
    c = [0.0] * 12
    for n, w in notes:
        c[n % 12] += w
    peak = max(c)
    if peak <= 0:
        return
    for i in range(12):
        total[i] += c[i] if compression is None else (c[i] / peak) ** compression


class Track:
    """Per-frame note evidence of one item: (midi rounded after tuning, weight) per peak."""

    def __init__(self, ident, pkg, ref, frames, seconds_per_frame=2048 / 22050, tuning=tuning_of,
                 min_hz=80.0, overtones=()):
        """Peaks from min_hz up, 40 dB under the frame's loudest at most; `overtones`: harmonic
        numbers (3, 5, ...) at which a peak is dropped when a louder peak below min_hz has it
        as an overtone (the odd harmonics of a driven kick drum, or of a low bass note)."""
        self.id, self.pkg, self.ref = ident, pkg, ref
        self.tuning = tuning(frames)
        self.spf = seconds_per_frame
        self.notes = []
        min_midi = 69 + 12 * math.log2(min_hz / 440)
        offsets = [12 * math.log2(h) for h in overtones]
        for peaks in frames:
            low = [(m, a) for m, a, c in peaks if m < min_midi and tonality(c) > 0]
            peaks = [(m, a, c) for m, a, c in peaks if m >= min_midi]
            loudest = max((a for _, a, _ in peaks), default=0.0)
            row = []
            for m, a, c in peaks:
                w = a * tonality(c)
                if w <= 0 or a < loudest * 1e-2:  # 40 dB under the loudest (power 1e-4)
                    continue
                if any(la > a and abs(m - lm - o) < 0.3 for lm, la in low for o in offsets):
                    continue
                row.append((round(m - self.tuning), w))
            self.notes.append(row)

    def chroma(self, lo_midi, hi_midi, first=0, last=None, frame_norm=True, lowest_only=False):
        """Summed chroma of notes in [lo_midi, hi_midi) over frames [first, last)."""
        total = [0.0] * 12
        for row in self.notes[first:last]:
            sel = [(n, w) for n, w in row if lo_midi <= n < hi_midi]
            if not sel:
                continue
            if lowest_only:
                lowest = min(n for n, _ in sel)
                strongest = max(w for _, w in sel)
                sel = [(n, w) for n, w in sel if n == lowest and w >= 0.1 * strongest]
            add_frame(total, sel, 1.0 if frame_norm else None)
        return total

    def sounding(self):
        """First and last frame with notes."""
        idx = [i for i, r in enumerate(self.notes) if r]
        return (idx[0], idx[-1] + 1) if idx else (0, 0)


# ---------------------------------------------------------------- profiles and scoring

PROFILES = {
    # Krumhansl & Kessler (1982) probe-tone ratings
    'kk': ([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
           [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]),
    # Temperley (1999/2001), Kostka-Payne-derived
    'temperley': ([5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0],
                  [5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0]),
    # Albrecht & Shanahan (2013)
    'albrecht': ([0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.080, 0.008, 0.081],
                 [0.220, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052]),
    # Faraldo et al. (2016) 'edma', from electronic dance music
    'edma': ([1.0000, 0.2875, 0.5020, 0.4048, 0.6050, 0.5614, 0.3205, 0.7966, 0.3159, 0.4506, 0.4202, 0.3889],
             [1.0000, 0.3096, 0.4415, 0.5827, 0.3262, 0.4948, 0.2889, 0.7804, 0.4328, 0.2903, 0.5331, 0.3217]),
    # Bellman-Budge (2005)
    'bellman': ([16.80, 0.86, 12.95, 1.41, 13.49, 11.93, 1.25, 20.28, 1.80, 8.04, 0.62, 10.57],
                [18.16, 0.69, 12.99, 13.34, 1.07, 11.15, 1.38, 21.07, 7.49, 1.53, 0.92, 10.21]),
    # Aarden-Essen (2003)
    'aarden': ([17.7661, 0.145624, 14.9265, 0.160186, 19.8049, 11.3587, 0.291248, 22.062, 0.145624, 8.15494,
                0.232998, 4.95122],
               [18.2648, 0.737619, 14.0499, 16.8599, 0.702494, 14.4362, 0.702494, 18.6161, 4.56621, 1.93186,
                7.37619, 1.75623]),
}


def pearson(x, profile, tonic):
    mx = sum(x) / 12
    mp = sum(profile) / 12
    xy = xx = pp = 0.0
    for pc in range(12):
        a = x[pc] - mx
        b = profile[(pc - tonic) % 12] - mp
        xy += a * b
        xx += a * a
        pp += b * b
    return xy / math.sqrt(xx * pp) if xx > 0 else 0.0


def key_scores(chroma, profiles):
    major, minor = PROFILES[profiles] if isinstance(profiles, str) else profiles
    return {(t, m): pearson(chroma, minor if m else major, t) for t in range(12) for m in (False, True)}


def argmax(scores):
    return max(scores, key=scores.get)


TRIADS = ([1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0])


class Estimator:
    """src/analysis/key_estimator.cpp in Python: the mean correlation of the compressed chroma
    with each profile in `profiles`, plus cadence_weight times the opening and closing
    cadence_s seconds' (at most a quarter of what sounds, each) correlation with the tonic
    triads."""

    def __init__(self, profiles=('temperley', 'albrecht'), compression=0.5, cadence_weight=0.1,
                 cadence_s=8.0):
        self.profiles, self.compression = profiles, compression
        self.cadence_weight, self.cadence_s = cadence_weight, cadence_s
        self.cache = {}

    def __repr__(self):
        return (f"{'+'.join(self.profiles)} c={self.compression} "
                f"cadence={self.cadence_weight}x{self.cadence_s:g}s")

    def chroma(self, track, first=0, last=None):
        total = [0.0] * 12
        for row in track.notes[first:last]:
            add_frame(total, row, self.compression)
        return total

    def scores(self, track):
        whole = self.chroma(track)
        per_profile = [key_scores(whole, p) for p in self.profiles]
        s = {k: sum(x[k] for x in per_profile) / len(per_profile) for k in per_profile[0]}
        if self.cadence_weight:
            a, b = track.sounding()
            n = min(int(self.cadence_s / track.spf), (b - a) // 4)  # at most a quarter each
            opening = key_scores(self.chroma(track, a, min(b, a + n)), TRIADS)
            closing = key_scores(self.chroma(track, max(a, b - n), b), TRIADS)
            s = {k: s[k] + self.cadence_weight * (opening[k] + closing[k]) for k in s}
        return s

    def __call__(self, track):
        if track.id not in self.cache:
            s = self.scores(track)
            self.cache[track.id] = argmax(s) if max(s.values()) > -1 else None
        return self.cache[track.id]


# ---------------------------------------------------------------- evaluation

def load_tracks(args):
    labels = json.load(open(os.path.join(args.eval, 'labels_dev.json')))
    tracks = []
    for item in labels:
        if not item.get('key'):
            continue
        audio = os.path.join(args.eval, 'data', item['audio'])
        if not os.path.exists(audio):
            print(f'missing {audio}', file=sys.stderr)
            continue
        tracks.append(Track(item['id'], item['source_pkg'], parse_key(item['key']),
                            peaks_for(audio, args.key_peaks, args.cache)))
    return tracks


STYLES = {'house': 124, 'techno': 132, 'dnb': 172, 'hiphop': 92, 'ambient': 100}


def make_generated(minidj, folder, count=48, seed=1):
    """`count` songs with `minidj gen` (31 of 48 minor, as the unseen EDM set): random keys and
    seeds, styles in turn, tempo near the style's, whole arrangements or 32/64 bars."""
    import random
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    styles = list(STYLES)
    for i in range(count):
        minor = i < count * 31 // 48
        key = f"{NAMES[rng.randrange(12)]} {'minor' if minor else 'major'}"
        style = styles[i % len(styles)]
        song_seed = rng.randrange(1, 10**6)
        bars = rng.choice([0, 0, 32, 64])
        bpm = STYLES[style] + rng.randrange(-6, 7)
        audio = os.path.join(folder, f'g{i:02d}-{style}-{song_seed}.flac')
        if os.path.exists(audio):
            continue
        cmd = [minidj, 'gen', '-o', audio, '--style', style, '--bpm', str(bpm), '--key', key,
               '--seed', str(song_seed)] + (['--bars', str(bars)] if bars else [])
        subprocess.run(cmd, check=True, capture_output=True)


def load_generated(args):
    if args.minidj:
        make_generated(args.minidj, args.generated)
    tracks = []
    for audio in sorted(glob.glob(os.path.join(args.generated, '*.flac'))):
        truth = json.load(open(audio[:-len('.flac')] + '.truth.json'))
        tracks.append(Track(os.path.basename(audio), 'gen-' + truth['style'], parse_key(truth['key']),
                            peaks_for(audio, args.key_peaks, args.cache)))
    return tracks


def report(name, tracks, estimate, verbose=False):
    """Mean weighted score, overall and per package; estimate(track) -> (tonic, minor) or None."""
    per_pkg = defaultdict(list)
    lines = []
    for t in tracks:
        est = estimate(t)
        s = mirex(t.ref, est)
        per_pkg[t.pkg].append(s)
        if s < 1.0:
            lines.append(f'    {t.id}: {key_name(t.ref)} read as {key_name(est) if est else "none"} '
                         f'({error_class(t.ref, est)})')
    total = sum(sum(v) for v in per_pkg.values()) / max(1, len(tracks))
    pkgs = ' '.join(f'{p}={sum(v) / len(v):.2f}' for p, v in sorted(per_pkg.items()))
    print(f'{name:40s} {total:.3f}  {pkgs}')
    if verbose:
        print('\n'.join(lines))
    return total


def leave_one_package_out(tracks, make_estimator, grid):
    """For each package: choose the grid point best on the other packages, score the held-out one."""
    pkgs = sorted({t.pkg for t in tracks})
    cache = {}

    def score_of(params, subset):
        est = make_estimator(params)
        return sum(mirex(t.ref, est(t)) for t in subset)

    total = expected = 0.0
    chosen = {}
    for p in pkgs:
        train = [t for t in tracks if t.pkg != p]
        test = [t for t in tracks if t.pkg == p]
        on_train = {id(g): score_of(g, train) for g in grid}
        top = max(on_train.values())
        tied = [g for g in grid if on_train[id(g)] == top]
        chosen[p] = tied
        total += score_of(tied[0], test)  # ties broken toward the grid's first point
        expected += sum(score_of(g, test) for g in tied) / len(tied)  # or at random
    return total / len(tracks), expected / len(tracks), chosen


def reference_scores(args, tracks):
    """{reference name: {item id: weighted score}} from the shared results (essentia.js)."""
    out = {}
    for path in sorted(glob.glob(os.path.join(args.eval, 'results', 'essentia-*_dev.json'))):
        preds = json.load(open(path))
        name = os.path.basename(path)[:-len('_dev.json')]
        out[name] = {t.id: mirex(t.ref, parse_key(preds[t.id]['key']) if preds.get(t.id, {}).get('key') else None)
                     for t in tracks}
    return out


def per_package_table(tracks, estimate, references):
    pkgs = sorted({t.pkg for t in tracks})
    names = ['minidj'] + list(references)
    print('| package | items | ' + ' | '.join(names) + ' |')
    print('|---|---|' + '---|' * len(names))
    rows = pkgs + ['all']
    for p in rows:
        sel = [t for t in tracks if p == 'all' or t.pkg == p]
        cells = [sum(mirex(t.ref, estimate(t)) for t in sel) / len(sel)]
        cells += [sum(references[r][t.id] for t in sel) / len(sel) for r in references]
        print(f'| {p} | {len(sel)} | ' + ' | '.join(f'{c:.3f}' for c in cells) + ' |')


GRID = [Estimator(profiles, compression, cadence)
        for profiles in (('temperley', 'albrecht'), ('kk',), ('temperley',), ('albrecht',), ('edma',),
                         ('kk', 'temperley', 'albrecht', 'edma'))
        for compression in (0.5, 1.0)
        for cadence in (0.1, 0.0, 0.2)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--key-peaks', required=True)
    ap.add_argument('--eval', default=os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'eval'))
    ap.add_argument('--cache', default='/tmp/minidj_key_peaks')
    ap.add_argument('--generated', default=None, help='folder of generated songs (made first with --minidj)')
    ap.add_argument('--minidj', default=None, help='minidj binary that makes the generated songs')
    args = ap.parse_args()

    tracks = load_tracks(args)
    chosen = Estimator()  # key_estimator.cpp's constants
    print(f'# {len(tracks)} key-labelled development items; minidj = {chosen}\n')
    per_package_table(tracks, chosen, reference_scores(args, tracks))
    print('\n# every grid point on all items (the tuning set)')
    for e in GRID:
        report(str(e), tracks, e)
    score, expected, picks = leave_one_package_out(tracks, lambda e: e, GRID)
    print(f'\n# leave-one-package-out over the grid: {score:.3f} (ties toward the first grid point), '
          f'{expected:.3f} (ties at random)')
    for pkg, tied in sorted(picks.items()):
        print(f'  held out {pkg}: {len(tied)} grid points tie on the rest, first {tied[0]}')
    print('\n# misses of minidj')
    report(str(chosen), tracks, chosen, verbose=True)
    if args.generated:
        print('\n# generated songs (not used to choose anything)')
        generated = load_generated(args)
        for e in (chosen, Estimator(('kk',), 1.0, 0.0)):
            report(str(e), generated, e, verbose=e is chosen)


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""A set of real electronic tracks from the shared corpus, checked against the set's own rules.

usage: eval/set_real.py [--minidj build/minidj] [--eval ../shared/eval] [--out DIR] [--tracks 6]
                        [--packages nexuiz-music,...] [--harmonic loose] [--min-play 60]
                        [--min-seam 0.2] [--max-tempo-change 6] [--fast]

Runs `minidj set --tracks N -o OUT/set.flac --report --json --plot OUT/set.png` on the unlabelled
tracks of the shared corpus (unlabeled.json: nexuiz-music, openarena-088-data, singularity-music,
asc-music) with a temporary library, then prints per track its start and play time in the mix,
BPM, key (Camelot) and the seam into it (the Brain's score, the tempo change, the key move, the
transition's style and its beat sync as the set's report measured it on the audio),
and checks the rules the set promises:
  - every seam within the tempo limit and a key move the --harmonic rule allows,
  - no seam scored under the floor unless the notes say no order avoids it,
  - every track plays at least --min-play seconds (or 3/4 of its length, when that is less),
  - the CUE sheet's start times are the report's, and the plays add up to the mix's length.
Exit status 1 when a rule is broken.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import corpus

PACKAGES = 'nexuiz-music,openarena-088-data,singularity-music,asc-music'
# Camelot moves per --harmonic rule (steps clockwise on the wheel, same letter); the relative
# major/minor (same number, other letter) is allowed by every rule.
MOVES = {'strict': {0, 1, 11}, 'loose': {0, 1, 11, 2, 7}}


def key_move_ok(a, b, rule):
    if rule == 'off' or not a or not b:
        return True
    na, nb = int(a[:-1]), int(b[:-1])
    if a[-1] != b[-1]:
        return na == nb
    return (nb - na) % 12 in MOVES[rule]


def tempo_change(a, b):
    """|B / A - 1| after half/double-time matching; 0 when either has no beat."""
    if a <= 0 or b <= 0:
        return 0.0
    return min(abs(b / a / r - 1) for r in (1.0, 2.0, 0.5))


def cue_starts(text):
    return [int(m) * 60 + int(s) + int(f) / 75 for m, s, f in re.findall(r'INDEX 01 (\d+):(\d+):(\d+)', text)]


def mmss(s):
    return f'{int(s) // 60}:{int(s) % 60:02d}'


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap)
    ap.add_argument('--out', default=None, help='keep the set, its CUE sheet, plan and plot here')
    ap.add_argument('--tracks', type=int, default=6)
    ap.add_argument('--packages', default=PACKAGES, help='comma-separated source packages of unlabeled.json')
    ap.add_argument('--harmonic', default='loose')
    ap.add_argument('--min-play', type=float, default=60.0)
    ap.add_argument('--min-seam', type=float, default=0.2)
    ap.add_argument('--max-tempo-change', type=float, default=6.0)
    ap.add_argument('--fast', action='store_true', help='R2 instead of R3 (short window)')
    args = ap.parse_args()
    wanted = set(args.packages.split(','))
    items = [(e, p) for e, p in corpus.entries(args, 'unlabeled.json', 'set_real') if e['source_pkg'] in wanted]
    durations = {p: e['duration_s'] for e, p in items}
    out = args.out or tempfile.mkdtemp(prefix='minidj-set-real-')
    os.makedirs(out, exist_ok=True)
    mix = os.path.join(out, 'set.flac')
    cmd = [args.minidj, 'set', '--tracks', str(args.tracks), '-o', mix, '--report', '--json',
           '--plot', os.path.join(out, 'set.png'), '--db', os.path.join(out, 'library.sqlite'),
           '--harmonic', args.harmonic, '--min-play', str(args.min_play), '--min-seam', str(args.min_seam),
           '--max-tempo-change', str(args.max_tempo_change)] + (['--fast'] if args.fast else [])
    cmd += [p for _, p in items]
    print('$ minidj ' + ' '.join(cmd[1:cmd.index('--tracks') + 2]) + ' ... ' +
          f'({len(items)} tracks of {args.packages})')
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f'set_real: minidj set failed ({r.returncode}): {r.stderr.strip()[-2000:]}')
    j = json.loads(r.stdout)
    notes = j['notes']
    tracks = j['tracklist']
    cue = cue_starts(open(os.path.join(out, 'set.cue')).read())
    broken = []
    print(f'{"start":>6} {"plays":>6} {"track":<34} {"BPM":>6} {"key":>4}  {"seam":>5} {"tempo":>7} {"key move":<18} '
          f'{"style":<9} {"sync median / max ms (beats), offset":<36}')
    for i, t in enumerate(tracks):
        name = os.path.basename(t['path'])
        seam = tempo = move = ''
        if i > 0:
            before = tracks[i - 1]
            change = tempo_change(before['bpm'], t['bpm'])
            seam = f'{t["seam_score"]:.2f}'
            tempo = f'{100 * change:.1f} %'
            move = f'{before["camelot"] or "-"}->{t["camelot"] or "-"} {t["key_move"]}'
            if change > args.max_tempo_change / 100 + 1e-9:
                broken.append(f'seam {i}: tempo change {100 * change:.1f} % over {args.max_tempo_change} %')
            if not key_move_ok(before['camelot'], t['camelot'], args.harmonic):
                broken.append(f'seam {i}: key move {move} not allowed by --harmonic {args.harmonic}')
            if t['seam_score'] < args.min_seam and not any('under the floor' in n for n in notes):
                broken.append(f'seam {i}: score {t["seam_score"]:.2f} under the floor {args.min_seam}, no note')
        length = durations.get(t['path'], 0.0)
        need = min(args.min_play, 0.75 * length)
        if t['play'] < need - 1e-6:
            broken.append(f'{name} plays {t["play"]:.1f} s, under its minimum {need:.0f} s')
        if i >= len(cue) or abs(cue[i] - t['start']) > 1 / 75 + 1e-9:
            broken.append(f'{name}: CUE start differs from the report\'s {t["start"]:.2f} s')
        style = sync = ''
        if 0 < i <= len(j['seams']):
            report = j['seams'][i - 1]
            style, phase = report['style'], report['beat_phase_error_ms']
            sync = (f'{phase["median"]:.2f} / {phase["max"]:.2f} ({phase["beats"]}), {phase["offset"]:+.2f}'
                    if phase else 'not beat-matched')
        print(f'{mmss(t["start"]):>6} {mmss(t["play"]):>6} {name[:34]:<34} {t["bpm"]:>6.1f} {t["camelot"] or "-":>4}  '
              f'{seam:>5} {tempo:>7} {move:<18} {style:<9} {sync:<36}')
    if abs(sum(t['play'] for t in tracks) - j['duration']) > 1e-3:
        broken.append('the plays do not add up to the mix\'s length')
    print(f'mix {mmss(j["duration"])} ({j["duration"]:.1f} s), {len(tracks)} tracks, mean seam '
          f'{j["objective"]["seam"]:.2f}; render {j["render_seconds"]:.1f} s')
    for n in notes:
        print(f'  note: {n}')
    print(f'rules: tempo <= {args.max_tempo_change} %, keys --harmonic {args.harmonic}, seams >= {args.min_seam}, '
          f'plays >= {args.min_play:.0f} s: ' + ('all kept' if not broken else f'{len(broken)} broken'))
    for b in broken:
        print(f'  BROKEN: {b}')
    sys.exit(1 if broken else 0)


if __name__ == '__main__':
    main()

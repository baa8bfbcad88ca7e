#!/usr/bin/python3
"""Set rendering speed and memory: a 60-minute set of generated tracks, beside FFmpeg.

usage: eval/bench_set.py [--minidj build/minidj] [--minutes 60] [--work /tmp/minidj-bench-set] [--fast | --fine]

Generates tracks (house/techno, 116-132 BPM, 3.2 minutes each) until they add up to the
length, analyses them, plans a set of all of them (--plan-only), then times rendering that
plan (`minidj set --plan ... -o mix.flac`, both cores) and FFmpeg decoding the same tracks and
encoding them to one FLAC end to end. Prints seconds, x real time and minidj's peak memory.
"""
import argparse
import os
import subprocess
import sys
import time

import corpus


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])}...: {r.stderr.strip()[-500:]}")
    return r


# Runs cmd through a fresh Python so that the peak resident memory reported is cmd's alone.
PEAK = ("import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(r.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(r.returncode)")


def timed(cmd):
    t0 = time.monotonic()
    r = run([sys.executable, '-c', PEAK] + cmd)
    return time.monotonic() - t0, int(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap, corpus=False)
    ap.add_argument('--minutes', type=float, default=60.0)
    ap.add_argument('--work', default='/tmp/minidj-bench-set')
    ap.add_argument('--fast', action='store_true', help='Rubber Band R2 instead of R3 with a short window')
    ap.add_argument('--fine', action='store_true', help='Rubber Band R3 with its full window')
    args = ap.parse_args()
    music = os.path.join(args.work, 'music')
    os.makedirs(music, exist_ok=True)
    styles = ['house', 'techno']
    keys = ['A minor', 'E minor', 'C major', 'D minor', 'G major', 'F major']
    tracks, total = [], 0.0
    i = 0
    # Each 16-bar transition overlaps two tracks by about half a minute: more audio than the set.
    while total - 32.0 * max(0, i - 1) < args.minutes * 60:
        path = os.path.join(music, f'{i:02d}.flac')
        if not os.path.exists(path):
            run([args.minidj, 'gen', '--style', styles[i % 2], '--bpm', str(116 + (i * 7) % 17), '--key',
                 keys[i % len(keys)], '--seed', str(100 + i), '--bars', '96', '-o', path])
        tracks.append(path)
        total += 96 * 4 * 60.0 / (116 + (i * 7) % 17)
        i += 1
    db = os.path.join(args.work, 'library.sqlite')
    run([args.minidj, 'analyze', '--db', db, music])
    out = os.path.join(args.work, 'set.flac')
    plan = os.path.join(args.work, 'set.plan.json')
    run([args.minidj, 'set', music, '--db', db, '--tracks', str(len(tracks)), '--harmonic', 'off', '--plan-only',
         '-o', out])
    engine = ['--fast'] if args.fast else ['--fine'] if args.fine else []
    engine_name = 'R2, --fast' if args.fast else 'R3, --fine' if args.fine else 'R3 short window, the default'
    render_s, peak_kib = timed([args.minidj, 'set', '--plan', plan, '--db', db, '-o', out] + engine)
    length = float(run(['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out]).stdout)
    listing = os.path.join(args.work, 'tracks.txt')
    with open(listing, 'w') as f:
        for t in tracks:
            f.write(f"file '{t}'\n")
    ffmpeg_s, _ = timed(['ffmpeg', '-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', listing, '-c:a', 'flac',
                         os.path.join(args.work, 'ffmpeg.flac')])
    audio = total
    print(f'set of {len(tracks)} generated tracks, {length / 60:.1f} min of mix ({audio / 60:.1f} min of tracks), '
          f'{os.cpu_count()} cores\n')
    print('| run | seconds | x real time (mix length) |\n|---|---|---|')
    print(f'| `minidj set --plan` ({engine_name}: decode, stretch, EQ, limiter, FLAC encode, '
          f'measure) | {render_s:.1f} | {length / render_s:.0f}x |')
    print(f'| `ffmpeg` decode the same tracks + FLAC encode, end to end | {ffmpeg_s:.1f} | {length / ffmpeg_s:.0f}x |')
    print(f'\nminidj takes {render_s / ffmpeg_s:.1f}x the time FFmpeg needs; peak memory of the render: '
          f'{peak_kib / 1024:.0f} MiB' if peak_kib else '')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Transition rendering speed (R3 and R2) beside the rubberband CLI, and peak memory.

usage: eval/bench_mix.py [--minidj build/minidj] [--repeat 2] [--skip-memory]

On one core (taskset -c 0), for two generated tracks (124 -> 128 BPM) and a 32-bar overlap
(about 61 s, both decks stretched):
  minidj mix A B --bars 32            R3 (default) and --fast (R2): the render alone (its
                                      report's render_seconds: stretch, EQ, mix, limiter, encode;
                                      analysis and the report's measurements excluded)
  rubberband -3 / -2                  the library's own CLI stretching the same two 61 s
                                      segments (A's and B's overlap) by the same overall ratios
printed together as x real time (seconds of audio per second of work). Then peak resident memory
of `minidj mix --full --fast` on 2-minute and 16-minute tracks: rendering streams, so memory
must not grow with track length.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import wave

import corpus


def run_timed(cmd):
    start = time.perf_counter()
    out = subprocess.run(['taskset', '-c', '0'] + cmd, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, out.stdout


def peak_rss_mib(cmd):
    probe = ('import resource, subprocess, sys; '
             'subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); '
             'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
    out = subprocess.run([sys.executable, '-c', probe] + cmd, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024.0


def cut_wav(src, dst, start_s, end_s):
    with wave.open(src) as w:
        rate, ch, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        w.setpos(int(start_s * rate))
        frames = w.readframes(int((end_s - start_s) * rate))
    with wave.open(dst, 'wb') as o:
        o.setnchannels(ch)
        o.setsampwidth(width)
        o.setframerate(rate)
        o.writeframes(frames)
    return (end_s - start_s)


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap, corpus=False)
    ap.add_argument('--repeat', type=int, default=2, help='best of N runs')
    ap.add_argument('--skip-memory', action='store_true')
    args = ap.parse_args()
    if not shutil.which('rubberband'):
        sys.exit('bench: rubberband not found (apt-get install rubberband-cli)')
    minidj = os.path.abspath(args.minidj)
    tmp = tempfile.mkdtemp(prefix='minidj-bench-mix-')
    a, b, db = os.path.join(tmp, 'a.wav'), os.path.join(tmp, 'b.wav'), os.path.join(tmp, 'lib.sqlite')
    subprocess.run([minidj, 'gen', '--bpm', '124', '--style', 'house', '--bars', '96', '--seed', '3', '-o', a],
                   check=True, capture_output=True)
    subprocess.run([minidj, 'gen', '--bpm', '128', '--style', 'techno', '--bars', '96', '--seed', '4', '-o', b],
                   check=True, capture_output=True)
    subprocess.run([minidj, 'analyze', '--db', db, a, b], check=True, capture_output=True)
    plan = json.loads(subprocess.run([minidj, 'mix', a, b, '--bars', '32', '--plan-only', '--json', '--db', db],
                                     check=True, capture_output=True, text=True).stdout)
    beats = plan['bars'] * plan['meter']
    overlap_out = sum(60.0 / p[1] for p in plan['tempo'][:-1])  # master seconds (beats at their tempo)
    seg_a = beats * 60.0 / plan['bpm_a']
    seg_b = beats * 60.0 / plan['bpm_b']

    rows = []
    for name, flag in (('minidj mix, R3 (finer)', []), ('minidj mix --fast, R2 (faster)', ['--fast'])):
        best = None
        for _ in range(args.repeat):
            _, out = run_timed([minidj, 'mix', a, b, '--bars', '32', '--db', db, '--json', '-o',
                                os.path.join(tmp, 'mix.wav')] + flag)
            report = json.loads(out)
            best = report if best is None or report['render_seconds'] < best['render_seconds'] else best
        rows.append((name, best['duration'], best['render_seconds'],
                     f"{best['duration']:.0f} s out, overlap {best['transition_end'] - best['transition_start']:.1f} s"))
    # The CLI stretches the same two overlap segments by the same overall ratios.
    ca, cb = os.path.join(tmp, 'seg_a.wav'), os.path.join(tmp, 'seg_b.wav')
    cut_wav(a, ca, plan['cue_out'], plan['cue_out'] + seg_a)
    cut_wav(b, cb, plan['cue_in'], plan['cue_in'] + seg_b)
    # minidj's R2 runs with Rubber Band's short window, so the CLI does too.
    for name, flags in (('rubberband -3 (R3), 2 segments', ['-3']),
                        ('rubberband -2 --window-short (R2), 2 segments', ['-2', '--window-short'])):
        total = min(sum(run_timed(['rubberband'] + flags + ['-q', '-t', f'{overlap_out / seg:.6f}', src,
                                   os.path.join(tmp, 'rb.wav')])[0] for src, seg in ((ca, seg_a), (cb, seg_b)))
                    for _ in range(args.repeat))
        rows.append((name, seg_a + seg_b, total, f'{seg_a:.1f} s + {seg_b:.1f} s in'))

    print(f'one core, best of {args.repeat}; overlap {plan["bars"]} bars = {overlap_out:.1f} s, '
          f'{plan["bpm_a"]:.1f} -> {plan["bpm_b"]:.1f} BPM')
    print(f'{"run":<34} {"audio s":>8} {"seconds":>8} {"x real time":>12}  note')
    for name, audio, secs, note in rows:
        print(f'{name:<34} {audio:>8.1f} {secs:>8.2f} {audio / secs:>12.1f}  {note}')
    print('(minidj: seconds of output per second of render, both decks stretched through the overlap, '
          'EQ, limiter and encoding included; rubberband: seconds of input per second)')

    if not args.skip_memory:
        print('\npeak resident memory, minidj mix --full --fast (analysis stored beforehand):')
        for bars, label in ((64, '2-minute'), (512, '16-minute')):
            la, lb = os.path.join(tmp, f'la{bars}.wav'), os.path.join(tmp, f'lb{bars}.wav')
            subprocess.run([minidj, 'gen', '--bpm', '124', '--bars', str(bars), '--seed', '5', '-o', la],
                           check=True, capture_output=True)
            subprocess.run([minidj, 'gen', '--bpm', '127', '--bars', str(bars), '--seed', '6', '-o', lb],
                           check=True, capture_output=True)
            subprocess.run([minidj, 'analyze', '--db', db, la, lb], check=True, capture_output=True)
            rss = peak_rss_mib([minidj, 'mix', la, lb, '--full', '--fast', '--db', db, '-o',
                                os.path.join(tmp, 'full.flac')])
            print(f'  two {label} tracks: {rss:.0f} MiB')
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()

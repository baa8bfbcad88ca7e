#!/usr/bin/python3
"""A DJ's whole library: how long recommend and set take on 100,000 tracks, and how much memory.

usage: eval/bench_library.py [--minidj build/minidj] [--rows 100000] [--work /tmp/minidj-bench-library]
                             [--source LIBRARY.sqlite] [--index] [--no-set]

1. A source library of real minidj analyses: --source, else 18 tracks `minidj gen` renders
   (six styles, three tempos each, the styles' full arrangements) analysed by `minidj analyze`.
2. The big library: `make_big_library` (built beside minidj) stores ROWS rows through minidj's
   own Library API, each a source analysis perturbed (tempo +-8 %, transposed key, +-6 dB,
   timbre and chroma jitter), 2 % of them the same audio as an earlier row under another path;
   every path gets a small stand-in file whose identity its row is stored with (`set` leaves out
   rows whose file is gone, and re-analyses a file that is not the one analysed).
   Built once per --work folder and ROWS.
3. Timings, one process per command as a user runs it, on one core (taskset):
   `minidj --version` (the process start: the reference every command pays), `recommend -k 10`
   cold (the page cache dropped when this user may, else said so) and warm (median of 5),
   `set --plan-only --tracks 20` (median of 3); the peak resident memory of each; the library
   file's size per track.
4. `analyze -j 1` and `-j 2` on the source music (generated only), each into a fresh library:
   tracks a second and x real time, best of 2.
With --index (a library of millions): `minidj library index` is timed, then recommend (from
the seam cells) cold and warm as above, `recommend --exact` warm, and `seam_cells_recall`
(built beside minidj) prints recall@10 against the exact answer on 200 seeds, a random-cells
control and the recall when 2, 5 and 20 % of the tracks are read. --no-set leaves out `set`.
5. What compact storage does to the scores (`compact_effect` on the source music, when it is
   the generated one or --source-audio names files): the largest and mean change of a pair's
   score, and how many of each track's top-5 next tracks stay.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

STYLES = ['house', 'techno', 'dnb', 'hiphop', 'ambient', 'house']


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd):
    """Wall seconds and peak resident MiB of one command on core 0 (a fresh Python per run:
    RUSAGE_CHILDREN keeps the maximum over every child it ever waited for)."""
    probe = ('import resource, subprocess, sys, time; t = time.perf_counter(); '
             'subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); '
             'print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
    out = run(['taskset', '-c', '0', sys.executable, '-c', probe] + cmd, capture_output=True, text=True)
    seconds, kib = out.stdout.split()
    return float(seconds), int(kib) / 1024.0


def drop_page_cache():
    try:
        os.sync()
        with open('/proc/sys/vm/drop_caches', 'w') as f:
            f.write('3\n')
        return True
    except OSError:
        return False


def source_library(args):
    if args.source:
        return args.source
    db = os.path.join(args.work, 'source.sqlite')
    if os.path.exists(db):
        return db
    music = os.path.join(args.work, 'source')
    os.makedirs(music, exist_ok=True)
    for i in range(18):
        style = STYLES[i % 6]
        bpm = {'dnb': 172, 'hiphop': 92, 'ambient': 80}.get(style, 120) + 3 * (i // 6)
        out = os.path.join(music, f'{i:02d}-{style}.flac')
        if not os.path.exists(out):
            run([args.minidj, 'gen', '--style', style, '--bpm', str(bpm), '--seed', str(100 + i), '--key',
                 ['A minor', 'C major', 'F# minor', 'Eb major', 'G minor', 'D major'][i % 6], '-o', out,
                 '--db', db], stdout=subprocess.DEVNULL)
    run([args.minidj, 'analyze', '-j', '2', '--db', db, music], stdout=subprocess.DEVNULL)
    return db


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--minidj', default='build/minidj')
    ap.add_argument('--rows', type=int, default=100000)
    ap.add_argument('--work', default='/tmp/minidj-bench-library')
    ap.add_argument('--source', help='a library of real analyses to build from (default: generated music)')
    ap.add_argument('--index', action='store_true', help='build the seam cells and measure recommend through them')
    ap.add_argument('--no-set', action='store_true', help='do not time set --plan-only')
    ap.add_argument('--source-audio', nargs='*', help='audio files for the compact-storage check (default: the '
                    'generated source music)')
    args = ap.parse_args()
    args.minidj = os.path.abspath(args.minidj)
    os.makedirs(args.work, exist_ok=True)
    source = source_library(args)
    big = os.path.join(args.work, f'big-{args.rows}.sqlite')
    builder = os.path.join(os.path.dirname(args.minidj), 'make_big_library')
    start = time.perf_counter()
    run([builder, source, big, str(args.rows), os.path.join(args.work, f'files-{args.rows}'), '--duplicates', '0.02'])
    print(f'library of {args.rows} rows ready in {time.perf_counter() - start:.0f} s')
    seed = os.path.join(args.work, f'files-{args.rows}', 'artist0007', 'track000007.flac')

    start_s, start_mib = min(timed([args.minidj, '--version']) for _ in range(5))
    if args.index:
        index_s, index_mib = timed([args.minidj, 'library', 'index', '--db', big])
    dropped = drop_page_cache()
    cold_s, cold_mib = timed([args.minidj, 'recommend', '--db', big, '-k', '10', seed])
    warm = [timed([args.minidj, 'recommend', '--db', big, '-k', '10', seed]) for _ in range(5)]
    warm_s, warm_mib = statistics.median(w[0] for w in warm), max(w[1] for w in warm)
    if args.index:
        exact = [timed([args.minidj, 'recommend', '--exact', '--db', big, '-k', '10', seed]) for _ in range(5)]
        exact_s, exact_mib = statistics.median(w[0] for w in exact), max(w[1] for w in exact)
    if not args.no_set:
        sets = [timed([args.minidj, 'set', '--db', big, '--tracks', '20', '--plan-only', '-o',
                       os.path.join(args.work, 'set.json')]) for _ in range(3)]
        set_s, set_mib = statistics.median(s[0] for s in sets), max(s[1] for s in sets)
    size = sum(os.path.getsize(p) for p in (big, big + '-wal') if os.path.exists(p))

    print(f'{args.rows} tracks, one core, one process per command (process start included)')
    print('| command | seconds | x process start | peak memory |')
    print('|---|---|---|---|')
    print(f'| minidj --version (reference) | {start_s:.3f} | 1 | {start_mib:.0f} MiB |')
    cold_note = '' if dropped else ' (page cache not dropped: no permission)'
    if args.index:
        print(f'| library index | {index_s:.3f} | {index_s / start_s:.0f} | {index_mib:.0f} MiB |')
    how = ' (seam cells)' if args.index else ''
    print(f'| recommend -k 10{how}, cold{cold_note} | {cold_s:.3f} | {cold_s / start_s:.0f} | {cold_mib:.0f} MiB |')
    print(f'| recommend -k 10{how}, warm (median of 5) | {warm_s:.3f} | {warm_s / start_s:.0f} | {warm_mib:.0f} MiB |')
    if args.index:
        print(f'| recommend -k 10 --exact, warm (median of 5) | {exact_s:.3f} | {exact_s / start_s:.0f} | {exact_mib:.0f} MiB |')
    if not args.no_set:
        print(f'| set --plan-only --tracks 20 (median of 3) | {set_s:.3f} | {set_s / start_s:.0f} | {set_mib:.0f} MiB |')
    print(f'library file: {size / 2**20:.0f} MiB, {size / args.rows / 1024:.1f} KiB per track')
    if args.index:
        recall = os.path.join(os.path.dirname(args.minidj), 'seam_cells_recall')
        print(run([recall, big, '200', '0.02', '0.05', '0.2'], capture_output=True, text=True).stdout.strip())
    audio = args.source_audio
    if audio is None and not args.source:
        music = os.path.join(args.work, 'source')
        audio = sorted(os.path.join(music, f) for f in os.listdir(music) if f.endswith('.flac'))
        stats = run([args.minidj, 'library', 'stats', '--json', '--db', source], capture_output=True, text=True)
        seconds_of_audio = json.loads(stats.stdout)['duration_s']
        for jobs in (1, 2):
            best = None
            for _ in range(2):
                db = os.path.join(args.work, f'throughput-{jobs}.sqlite')
                for p in (db, db + '-wal', db + '-shm'):
                    if os.path.exists(p):
                        os.remove(p)
                start = time.perf_counter()
                run([args.minidj, 'analyze', '-j', str(jobs), '--db', db, music], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
                best = min(best or 1e9, time.perf_counter() - start)
            print(f'analyze -j {jobs}: {len(audio)} tracks ({seconds_of_audio / 60:.1f} min) in {best:.2f} s: '
                  f'{len(audio) / best:.1f} tracks/s, {seconds_of_audio / best:.0f}x real time')
    if audio:
        checker = os.path.join(os.path.dirname(args.minidj), 'compact_effect')
        print('compact storage:', run([checker] + audio, capture_output=True, text=True).stdout.strip())


if __name__ == '__main__':
    main()

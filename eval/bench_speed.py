#!/usr/bin/python3
"""Analysis speed beside FFmpeg decoding, and peak memory on a 60-minute file.

usage: eval/bench_speed.py [--minidj build/minidj] [--eval ../shared/eval] [--repeat 2]

For every labelled file of the shared corpus, on one core (taskset), times
  ffmpeg -threads 1 -i FILE -f null -      (decode only: the floor no analyser can beat)
  minidj analyze --json -j 1 FILE          (decode + full analysis, process start included)
and prints both throughputs (x real time) and their ratio. Then concatenates the corpus into
one 60-minute FLAC and reports minidj's peak resident memory analysing it. Last, the cost of
starting each binary (`--help`): `minidj`, which every analysis pays, and `minidj-brain`, which
links LibTorch and runs only the Brain's verbs.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

import corpus


def run_timed(cmd):
    """Wall seconds of one command, on core 0."""
    start = time.perf_counter()
    subprocess.run(['taskset', '-c', '0'] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def peak_rss_mib(cmd):
    """Peak resident memory (MiB) of one command alone. RUSAGE_CHILDREN keeps the maximum over
    every child a process ever waited for, so the command runs under a fresh Python."""
    probe = ('import resource, subprocess, sys; '
             'subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); '
             'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
    out = subprocess.run([sys.executable, '-c', probe] + cmd, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024.0


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap)
    ap.add_argument('--repeat', type=int, default=2, help='best of N runs per file')
    args = ap.parse_args()
    if not shutil.which('ffmpeg'):
        sys.exit('bench: ffmpeg not found (apt-get install ffmpeg)')
    files = [(path, item['duration_s']) for item, path in corpus.entries(args, 'labels_dev.json', 'bench')]

    audio = sum(d for _, d in files)
    decode = analyse = 0.0
    for path, _ in files:
        decode += min(run_timed(['ffmpeg', '-nostdin', '-v', 'error', '-threads', '1', '-i', path, '-f', 'null', '-'])
                      for _ in range(args.repeat))
        analyse += min(run_timed([args.minidj, 'analyze', '--json', '-j', '1', path]) for _ in range(args.repeat))
    print(f'{len(files)} files, {audio / 60:.1f} min of audio, one core, best of {args.repeat}')
    print('| run | seconds | x real time |')
    print('|---|---|---|')
    print(f'| ffmpeg decode only | {decode:.1f} | {audio / decode:.0f}x |')
    print(f'| minidj analyze (decode + analysis) | {analyse:.1f} | {audio / analyse:.0f}x |')
    print(f'minidj / ffmpeg time ratio: {analyse / decode:.2f}')

    # Peak memory on one 60-minute file (the corpus concatenated, cut at 60 minutes).
    long_file = '/tmp/minidj-bench-60min.flac'
    if not os.path.exists(long_file):
        listing = '/tmp/minidj-bench-list.txt'
        with open(listing, 'w') as f:
            for path, _ in files:
                f.write(f"file '{path}'\n")
        subprocess.run(['ffmpeg', '-nostdin', '-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', listing,
                        '-t', '3600', '-ar', '44100', '-ac', '2', long_file], check=True)
    seconds = run_timed([args.minidj, 'analyze', '--json', '-j', '1', long_file])
    rss = peak_rss_mib([args.minidj, 'analyze', '--json', '-j', '1', long_file])
    print(f'60-minute FLAC: analysed in {seconds:.1f} s ({3600 / seconds:.0f}x), peak RSS {rss:.0f} MiB')

    for binary in (args.minidj, os.path.join(os.path.dirname(args.minidj), 'minidj-brain')):
        if os.path.exists(binary):
            start = min(run_timed([binary, '--help']) for _ in range(5))
            print(f'start-up of {os.path.basename(binary)}: {start:.2f} s, peak RSS {peak_rss_mib([binary, "--help"]):.0f} MiB')


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""bench_live.py: `minidj play` in real time through a JACK2 server with the dummy backend
(paces like a sound card, needs none), for as long as asked, optionally while a library
analysis runs beside it on every core. Prints, from the player's JSON events and the clock:
underruns, the time from the command to the first audio, how long transitions took to
prepare, and how long `next` and `skip` took to take effect.

  python3 eval/bench_live.py --minidj build/minidj --minutes 60 --work /tmp/live-bench --analysis-beside

Music: generated tracks (minidj gen), about three minutes each, 120-130 BPM, varied keys.
Commands: `next` every 4 minutes, `skip` every 7, `up`/`down` every 5, on stdin.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import time

KEYS = ["A minor", "C major", "E minor", "G major", "D minor", "F major", "B minor", "D major"]


def make_tracks(minidj, folder, count, seed0, bars):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        out = folder / f"t{i:02d}.flac"
        if out.exists():
            continue
        bpm = 120 + (i * 37 % 11)
        style = ["house", "techno"][i % 2]
        subprocess.run([minidj, "gen", "-o", str(out), "--bpm", str(bpm), "--key", KEYS[i % len(KEYS)],
                        "--style", style, "--bars", str(bars), "--seed", str(seed0 + i), "--db", str(folder / "none.sqlite")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_jack(name, period):
    env = dict(os.environ, JACK_NO_AUDIO_RESERVATION="1")
    jack = subprocess.Popen(["jackd", "--no-realtime", "-n", name, "-d", "dummy", "-r", "48000", "-p", str(period)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    subprocess.run(["jack_wait", "-s", name, "-w", "-t", "20"], check=True, stdout=subprocess.DEVNULL)
    return jack


def analysis_load(minidj, folder, stop):
    """Analyses `folder` again and again into fresh libraries until `stop` is set."""
    rounds = 0
    while not stop.is_set():
        db = folder / f"load-{rounds % 2}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(str(db) + suffix).unlink(missing_ok=True)
        proc = subprocess.Popen([minidj, "analyze", "--db", str(db), str(folder)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            if stop.is_set():
                proc.terminate()
            time.sleep(0.2)
        rounds += 1
    return rounds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minidj", default="build/minidj")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--work", default="/tmp/minidj-bench-live")
    ap.add_argument("--tracks", type=int, default=24)
    ap.add_argument("--analysis-beside", action="store_true", help="analyse a library on every core meanwhile")
    ap.add_argument("--period", type=int, default=1024, help="JACK period in frames at 48 kHz (1024: 21 ms)")
    ap.add_argument("--no-commands", action="store_true")
    args = ap.parse_args()
    minidj = str(pathlib.Path(args.minidj).resolve())
    work = pathlib.Path(args.work)
    music, load = work / "music", work / "load"
    make_tracks(minidj, music, args.tracks, 100, 96)
    db = work / "lib.sqlite"
    subprocess.run([minidj, "analyze", "--db", str(db), str(music)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if args.analysis_beside:
        make_tracks(minidj, load, 16, 500, 64)

    name = f"minidj-bench-{os.getpid()}"
    jack = start_jack(name, args.period)
    stop = threading.Event()
    loader = None
    if args.analysis_beside:
        loader = threading.Thread(target=analysis_load, args=(minidj, load, stop), daemon=True)
        loader.start()
    env = dict(os.environ, JACK_DEFAULT_SERVER=name)
    started = time.monotonic()
    play = subprocess.Popen([minidj, "play", "--db", str(db), "--device", "jack", "--buffer-ms", "20", "--length",
                             f"{args.minutes}m", "--json", "--control", "stdin"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    events, first_audio_wall = [], [None]

    def read_events():
        for line in play.stdout:
            e = json.loads(line)
            if e["event"] == "audio_started" and first_audio_wall[0] is None:
                first_audio_wall[0] = time.monotonic() - started
            events.append(e)

    reader = threading.Thread(target=read_events, daemon=True)
    reader.start()
    schedule = [] if args.no_commands else sorted(
        [(t, "next") for t in range(240, int(args.minutes * 60) - 60, 240)] +
        [(t, "skip") for t in range(420, int(args.minutes * 60) - 60, 420)] +
        [(t, "up" if (t // 300) % 2 else "down") for t in range(300, int(args.minutes * 60) - 60, 300)])
    for at, word in schedule:
        while time.monotonic() - started < at and play.poll() is None:
            time.sleep(0.2)
        if play.poll() is not None:
            break
        play.stdin.write(word + "\n")
        play.stdin.flush()
    play.wait()
    reader.join(5)
    stop.set()
    if loader:
        loader.join(30)
    jack.terminate()
    jack.wait()
    if play.returncode != 0:
        print(play.stderr.read(), file=sys.stderr)
        sys.exit(f"minidj play exited with {play.returncode}")

    with open(work / "events.jsonl", "w") as out:  # for a second look
        for e in events:
            out.write(json.dumps(e) + "\n")

    def of(kind):
        return [e for e in events if e["event"] == kind]

    stopped = of("stopped")[-1]
    planned = of("transition_planned")
    prepared = [e["prepared_in"] for e in planned]
    print(f"played {stopped['at'] / 60:.1f} min through jackd -d dummy (period {args.period} frames at 48 kHz, "
          f"{1000 * args.period / 48000:.1f} ms), {'with' if args.analysis_beside else 'without'} analysis beside it")
    print(f"underruns: {stopped['underruns']}")
    audio = of('audio_started')[0]
    print(f"first audio: {first_audio_wall[0]:.2f} s after the command (player: {audio.get('after_s')} s); "
          f"output latency {audio.get('output_latency_ms')} ms as PortAudio reports it, ring {audio.get('ring_ms')} ms")
    print(f"tracks: {len(of('track_started'))}, transitions: {len(of('transition_ended'))}")
    if prepared:
        print(f"transition prepared in: median {statistics.median(prepared):.2f} s, max {max(prepared):.2f} s")
    controls = of("control")
    for word in ("next", "skip"):
        lat, noted = [], 0
        asked = [c for c in controls if c["command"] == word]
        for k, c in enumerate(asked):
            if "note" in c and word == "next":  # a transition was already under way or about to start
                noted += 1
                continue
            # Its own plan: the first one with this cause before the next such command.
            until = asked[k + 1]["at"] if k + 1 < len(asked) else float("inf")
            plan = next((p for p in planned if p.get("cause") == word and c["at"] - 1 <= p["at"] < until), None)
            if plan:
                lat.append(plan["starts_at"] - c["at"])
        if lat:
            print(f"{word}: {len(asked)} sent, {len(lat)} planned ({noted} already mixing), transition started "
                  f"{statistics.median(lat):.1f} s (median), {max(lat):.1f} s (max) after the command")
    seams = of("transition_ended")
    if seams:
        errors = [s["phase_error_median_ms"] for s in seams if s["beats_measured"] > 0]
        if errors:
            print(f"seams' beat phase error (decks' audio): median {statistics.median(errors):.2f} ms, "
                  f"max {max(errors):.2f} ms")
    print(f"underrun events: {len(of('underrun'))}")


if __name__ == "__main__":
    main()

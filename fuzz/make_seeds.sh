#!/usr/bin/env bash
# Writes the fuzz seeds: a few seconds of music in every container minidj is asked to read,
# small enough (a few KiB to ~50 KiB) for the fuzzer to mutate quickly.
#   bash fuzz/make_seeds.sh [OUT_DIR] [MINIDJ_BINARY]
# With a minidj binary, the music is 8 bars of `minidj gen` (house at 124 BPM), cut to 3 s;
# without one, ffmpeg's own sources (a 124 BPM pulse on a chord), so the seeds need no build.
set -euo pipefail
out=${1:-fuzz/seeds}
minidj=${2:-}
command -v ffmpeg >/dev/null || { echo "make_seeds: ffmpeg is missing (apt-get install ffmpeg)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
if [[ -n "$minidj" ]]; then
    "$minidj" gen --style house --bpm 124 --key "A minor" --bars 8 --seed 7 -o "$tmp/src.wav" \
        --db "$tmp/library.sqlite" >/dev/null 2>&1
    ff -i "$tmp/src.wav" -t 3 -c:a pcm_s16le "$tmp/music.wav"
else
    # A decaying 60 Hz kick every 0.4839 s (124 BPM) over an A minor triad.
    ff -f lavfi -i "aevalsrc='0.6*sin(2*PI*60*t)*exp(-12*mod(t,0.4839))+0.1*sin(2*PI*220*t)+0.08*sin(2*PI*261.63*t)+0.08*sin(2*PI*329.63*t)':s=44100:c=stereo:d=3" \
        -c:a pcm_s16le "$tmp/music.wav"
fi
m="$tmp/music.wav"

# Lossless, small rates and mono keep the raw formats short.
ff -i "$m" -t 2 -ac 1 -ar 8000 -c:a pcm_s16le "$out/mono8k.wav"
ff -i "$m" -t 1 -ac 2 -ar 11025 -c:a pcm_u8 "$out/stereo_u8.wav"
ff -i "$m" -t 0.25 -ac 2 -ar 22050 -c:a pcm_f32le "$out/stereo_f32.wav"
ff -i "$m" -t 2 -ac 1 -ar 8000 -c:a flac "$out/mono.flac"
ff -i "$m" -t 0.4 -ac 2 -ar 22050 -sample_fmt s32 -c:a flac "$out/stereo24.flac"
# Lossy, at the rates people have.
ff -i "$m" -t 3 -ac 2 -ar 44100 -c:a libmp3lame -b:a 64k "$out/stereo.mp3"
ff -i "$m" -t 3 -ac 1 -ar 22050 -c:a libmp3lame -q:a 7 "$out/mono_vbr.mp3"
ff -i "$m" -t 3 -ac 2 -ar 44100 -c:a libvorbis -q:a 0 "$out/stereo.ogg"
ff -i "$m" -t 3 -ac 1 -ar 48000 -c:a libopus -b:a 24k "$out/mono.opus"
ff -i "$m" -t 3 -ac 2 -ar 44100 -c:a aac -b:a 64k "$out/stereo.m4a"
ff -i "$m" -t 3 -ac 1 -ar 22050 -c:a aac -b:a 32k -f adts "$out/mono.aac"
# Tags, as real files have them (ID3v2 with an APIC picture would be too big for a seed).
ff -i "$m" -t 2 -ac 1 -ar 22050 -c:a libmp3lame -b:a 32k -metadata artist=Ärtist \
    -metadata title="A title" -metadata date=1997-05-12 "$out/tagged.mp3"
ff -i "$m" -t 1 -ac 1 -ar 8000 -c:a flac -metadata artist=Ärtist -metadata genre=House \
    "$out/tagged.flac"
ls -l "$out"

#!/usr/bin/env bash
# Reproduces the shipped model, models/default.brain, from real music in Debian packages.
#   bash scripts/train-default-model.sh            # as root (apt-get); ~10 min on 2 cores
# 1. installs the soundtrack packages below (game music: orchestral, rock, electronic, chiptune);
# 2. analyses them, plus the shared evaluation corpus when present (EVAL_DATA, default
#    ../shared/eval/data: its labelled pieces and unlabelled soundtracks), into
#    build/train-library.sqlite;
# 3. trains with a fixed seed and writes models/default.brain, printing the figures that
#    docs/brain.md records.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(warzone2100-music wesnoth-1.16-music hyperrogue-music drascula-music)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
dirs=(/usr/share/games/warzone2100/music /usr/share/games/wesnoth/1.16/data/core/music
      /usr/share/hyperrogue/music /usr/share/scummvm/drascula/audio)
eval_data="${EVAL_DATA:-$PWD/../shared/eval/data}"
for d in "$eval_data/audio" "$eval_data/unlabeled"; do
  [ -d "$d" ] && dirs+=("$d")
done
[ -x build/minidj ] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j "$(nproc)"; }
db=build/train-library.sqlite
build/minidj analyze --db "$db" "${dirs[@]}" || true  # a bad file is reported and skipped
build/minidj train --db "$db" --epochs "${EPOCHS:-30}" --seed 1 --out models/default.brain \
  --trained-on "Debian soundtracks (warzone2100-music, wesnoth-1.16-music, hyperrogue-music, drascula-music) + shared eval corpus"

#!/usr/bin/env bash
# Analyse a big music collection as shards, then merge them into one library (docs/library.md,
# "Merging libraries"). Each shard is one `minidj analyze` writing its own library file, so
# shards never wait for one another's write lock; `minidj library merge` joins them.
#
#   scripts/slurm-analyze.sh [--local] MUSIC_DIR LIBRARY.sqlite [SHARDS] [MINIDJ]
#
# On a Slurm cluster: submits a job array of SHARDS tasks (default 8), each analysing every
# SHARDS-th file with its task's CPUs (-j $SLURM_CPUS_PER_TASK), and a merge job that runs when
# all of them have ended (a shard where some files failed still holds the others: each track is
# stored on its own). Files are listed NUL-separated, so any file name works.
# --local runs the same shards one after another on this machine, without Slurm.
set -euo pipefail
local_run=0
if [ "${1:-}" = "--local" ]; then local_run=1; shift; fi
[ $# -ge 2 ] || { sed -n '5,10p' "$0" >&2; exit 2; }
# Absolute paths: the jobs may start in another folder.
music=$(realpath -m "$1") library=$(realpath -m "$2") shards=${3:-8}
minidj=$(realpath -m "${4:-$(command -v minidj || echo build/minidj)}")
work="$(dirname "$library")/$(basename "$library" .sqlite).shards"
mkdir -p "$work"
# The audio files, NUL-separated, dealt round-robin into SHARDS lists.
find "$music" -type f \( -iname '*.flac' -o -iname '*.mp3' -o -iname '*.ogg' -o -iname '*.opus' -o -iname '*.wav' \
  -o -iname '*.m4a' -o -iname '*.aac' -o -iname '*.aiff' -o -iname '*.aif' -o -iname '*.wma' \) -print0 > "$work/files"
split -t '\0' -n "r/$shards" -d -a 4 "$work/files" "$work/list-"
echo "minidj: $(tr -cd '\0' < "$work/files" | wc -c) files in $shards shards under $work" >&2

# One shard: its list's files analysed into its own library file.
cat > "$work/task.sh" <<TASK
#!/usr/bin/env bash
set -euo pipefail
id=\$(printf '%04d' "\${SLURM_ARRAY_TASK_ID:-\$1}")
xargs -0 -r "$minidj" analyze -j "\${SLURM_CPUS_PER_TASK:-1}" --db "$work/shard-\$id.sqlite" < "$work/list-\$id"
TASK
chmod +x "$work/task.sh"

if [ "$local_run" = 1 ]; then
  for ((i = 0; i < shards; i++)); do "$work/task.sh" "$i" || echo "minidj: shard $i: some files failed" >&2; done
  "$minidj" library merge --db "$library" "$work"/shard-*.sqlite
  exit 0
fi
array=$(sbatch --parsable --array="0-$((shards - 1))" --job-name=minidj-analyze --output="$work/task-%a.log" \
  "$work/task.sh")
sbatch --dependency="afterany:$array" --job-name=minidj-merge --output="$work/merge.log" \
  --wrap "\"$minidj\" library merge --db \"$library\" \"$work\"/shard-*.sqlite"
echo "minidj: submitted job array $array and its merge; the library will be $library" >&2

"""Where the eval scripts find the minidj binary and the shared corpus (../shared/eval)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def add_arguments(ap, corpus=True):
    """--minidj (the binary run), and --eval (the shared corpus's folder) when `corpus`."""
    ap.add_argument('--minidj', default=os.path.join(HERE, '..', 'build', 'minidj'))
    if corpus:
        ap.add_argument('--eval', default=os.path.join(HERE, '..', '..', 'shared', 'eval'))


def audio_path(args, relative):
    """A corpus file's path: under $EVAL_DATA if set, else the corpus's data/."""
    return os.path.join(os.environ.get('EVAL_DATA', os.path.join(args.eval, 'data')), relative)


def require(args, paths, tool):
    """Exits with one line when any of `paths` is missing (the corpus is not built yet)."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        sys.exit(f'{tool}: {len(missing)} corpus files missing (run bash {args.eval}/build_corpus.sh): {missing[0]}')


def entries(args, labels_file, tool):
    """(entry, audio path) for every entry of a corpus list (labels_dev.json, unlabeled.json)."""
    items = json.load(open(os.path.join(args.eval, labels_file)))
    paths = [audio_path(args, item['audio']) for item in items]
    require(args, paths, tool)
    return list(zip(items, paths))


def prediction(analysis):
    """score.py's prediction entry from one `minidj analyze --json` line."""
    return {k: analysis[k] for k in ('bpm', 'beats', 'downbeats', 'key', 'seconds', 'beat_confidence') if k in analysis}

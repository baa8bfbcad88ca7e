#!/usr/bin/python3
"""Train the beat network and measure it on packages it never saw.

usage: eval/train_beats.py [--minidj build/minidj] [--trainer build/train_beats]
                           [--eval ../shared/eval] [--gen 40] [--gen-dir DIR] [--folds 5] [--steps N]
                           [--work /tmp/minidj-beatnet] [--final models/beats.tcn] [--only-final]
                           [--reuse] [--train-only]

Cross-validation grouped by source package: the corpus's packages are dealt into --folds folds
of about equal item counts (largest package first, each to the fold with the fewest items);
for each fold a network is trained on every other fold (plus the generated tracks of
--gen-dir, if given) and analyses that fold's files. The predictions of all folds together
are scored by the corpus's score.py, overall and per package: every item is scored by a
network that did not train on its package. Then, with --final, one network is trained on
everything and written there (the shipped model).
"""
import argparse
import json
import os
import subprocess
import sys

import corpus


def deal_folds(items, folds):
    counts = {}
    for item in items:
        counts[item['source_pkg']] = counts.get(item['source_pkg'], 0) + 1
    fold_of, sizes = {}, [0] * folds
    for pkg, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        k = sizes.index(min(sizes))
        fold_of[pkg] = k
        sizes[k] += n
    return fold_of


STYLES = ['house', 'techno', 'dnb', 'hiphop', 'ambient']
KEYS = ['C major', 'A minor', 'F# minor', 'Eb major', 'G minor', 'D major', 'B minor', 'Ab major']


def render(args, folder, name, options):
    """`minidj gen` OPTIONS -o FOLDER/NAME.flac (and its truth), unless both are there already."""
    os.makedirs(folder, exist_ok=True)
    out = os.path.join(folder, f'{name}.flac')
    if os.path.exists(out) and os.path.exists(os.path.join(folder, f'{name}.truth.json')):
        return
    subprocess.run([args.minidj, 'gen'] + options + ['--bars', '32', '-o', out], check=True, capture_output=True)


def make_generated(args, folder, count):
    """`count` 32-bar tracks from `minidj gen`: styles, tempi, meters, drift, swing and keys
    varied by index (the same files every time: the generator is deterministic)."""
    for i in range(count):
        style = STYLES[i % 5]
        bpm = {'dnb': 160 + i % 16, 'hiphop': 80 + i % 20, 'ambient': 70 + (i * 7) % 40}.get(style, 70 + (i * 37) % 106)
        meter = 3 if i % 7 == 3 else 4
        drift = round((((i * 13) % 9) - 4) / 200, 3)
        swing = [0, 0, 0.1, 0.2, 0.3][i % 5]
        render(args, folder, f'g{i}', ['--style', style, '--bpm', str(bpm), '--meter', str(meter), '--drift', str(drift),
                                       '--swing', str(swing), '--key', KEYS[i % 8], '--seed', str(1000 + i)])


def make_compound(args, folder, count):
    """`count` 32-bar tracks in 6/8 and 12/8 (alternating), beats in dotted quarters as the
    corpus counts them; styles, tempi and keys varied by index, seeds apart from make_generated's."""
    for i in range(count):
        bpm = 60 + (i * 29) % 80  # dotted quarters: 60-140
        render(args, folder, f'c{i}', ['--style', STYLES[i % 5], '--bpm', str(bpm), '--meter', '6/8' if i % 2 == 0 else '12/8',
                                       '--key', KEYS[(i + 3) % 8], '--seed', str(2000 + i)])


def train(args, out, hold_out):
    if args.reuse and os.path.exists(out):
        return
    cmd = [args.trainer, '--labels', os.path.join(args.eval, 'labels_dev.json'), '--data',
           os.environ.get('EVAL_DATA', os.path.join(args.eval, 'data')), '--out', out,
           '--steps', str(args.steps), '--cache', os.path.join(args.work, 'cache'), '--seed', str(args.seed)]
    if args.gen_dir:
        cmd += ['--gen-dir', args.gen_dir]
    if args.compound_dir:
        cmd += ['--gen-dir', args.compound_dir]
    if hold_out:
        cmd += ['--hold-out', ','.join(sorted(hold_out))]
    subprocess.run(cmd, check=True)


def read_all(args, entries, model):
    """score.py's predictions for `entries`, read by `minidj analyze --json` with the network
    `model`, or by the onset reader (the analyser before v6) when `model` is None."""
    cmd = [args.minidj, 'analyze', '--json', '-j', '2'] + (['--beat-model', model] if model else ['--beat-onsets'])
    run = subprocess.run(cmd + [path for _, path in entries], capture_output=True, text=True)
    by_path = {}
    for line in run.stdout.splitlines():
        obj = json.loads(line)
        by_path[obj['path']] = obj
    predictions = {}
    for item, path in entries:
        obj = by_path.get(path)
        if obj is None or 'error' in obj:
            print(f"train_beats: {item['id']}: {obj.get('error') if obj else 'no output'}", file=sys.stderr)
            continue
        predictions[item['id']] = corpus.prediction(obj)
    return predictions


def report(args, items, fold_of, network, onsets):
    """Every figure docs/beat-network.md cites: the overall and per-kind tables (score.py),
    then network against onset reader per fold, then one row per package."""
    for name, preds in (('cross_validated', network), ('onsets', onsets)):
        with open(os.path.join(args.work, f'{name}.json'), 'w') as f:
            json.dump(preds, f)
    results = os.path.join(args.eval, 'results')
    subprocess.run(['/usr/bin/python3', os.path.join(args.eval, 'score.py'), os.path.join(args.eval, 'labels_dev.json'),
                    os.path.join(args.work, 'onsets.json'), os.path.join(args.work, 'cross_validated.json'),
                    os.path.join(results, 'essentia-edma_dev.json'), os.path.join(results, 'aubio_dev.json'),
                    '--by', 'kind', '--per-item', os.path.join(args.work, 'cross_validated.tsv')], check=True)
    sys.path.insert(0, args.eval)
    import score
    with open(os.path.join(results, 'essentia-edma_dev.json')) as f:
        essentia = json.load(f)

    def figures(subset, preds, *fields):
        summary, _ = score.score_file(subset, preds)
        return [summary[field][0] for field in fields]

    print('\nper fold, network / onsets:\n\n| fold | items | BeatF | DownF |\n|---|---|---|---|')
    for k in range(args.folds):
        subset = [i for i in items if fold_of[i['source_pkg']] == k]
        (nb, nd), (ob, od) = figures(subset, network, 'beat_f', 'down_f'), figures(subset, onsets, 'beat_f', 'down_f')
        print(f'| {k} | {len(subset)} | {nb} / {ob} | {nd} / {od} |')
    print('\nper package:\n\n| package | items | Acc1: onsets / network / essentia '
          '| BeatF: onsets / network / essentia | DownF: onsets / network |\n|---|---|---|---|---|')
    packages = sorted({i['source_pkg'] for i in items}, key=lambda p: (-sum(i['source_pkg'] == p for i in items), p))
    for pkg in packages:
        subset = [i for i in items if i['source_pkg'] == pkg]
        cols = [[figures(subset, preds, field)[0] for preds in group]
                for field, group in (('acc1', (onsets, network, essentia)), ('beat_f', (onsets, network, essentia)),
                                     ('down_f', (onsets, network)))]
        print(f'| {pkg} | {len(subset)} | ' + ' | '.join(' / '.join(c) for c in cols) + ' |')


def main():
    ap = argparse.ArgumentParser()
    corpus.add_arguments(ap)
    ap.add_argument('--trainer', default=os.path.join(corpus.HERE, '..', 'build', 'train_beats'))
    ap.add_argument('--gen-dir', default=None, help='generated training tracks (made there by --gen)')
    ap.add_argument('--gen', type=int, default=40, help='how many generated tracks to train on (0: none)')
    ap.add_argument('--compound', type=int, default=0, help='how many generated 6/8 and 12/8 tracks to train on')
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--seed', type=int, default=1, help="the trainer's random seed (crops, initial weights)")
    ap.add_argument('--steps', type=int, default=6000)
    ap.add_argument('--work', default='/tmp/minidj-beatnet')
    ap.add_argument('--final', default=None, help='also train on everything and write the model here')
    ap.add_argument('--only-final', action='store_true')
    ap.add_argument('--reuse', action='store_true', help='keep fold models already in --work')
    ap.add_argument('--train-only', action='store_true', help='train the fold models, analyse nothing')
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if args.gen > 0:
        args.gen_dir = args.gen_dir or os.path.join(args.work, 'generated')
        make_generated(args, args.gen_dir, args.gen)
    else:
        args.gen_dir = None
    args.compound_dir = None
    if args.compound > 0:
        args.compound_dir = os.path.join(args.work, 'compound')
        make_compound(args, args.compound_dir, args.compound)

    entries = corpus.entries(args, 'labels_dev.json', 'train_beats')
    items = [e for e, _ in entries]
    if not args.only_final:
        fold_of = deal_folds(items, args.folds)
        predictions = {}
        for k in range(args.folds):
            held = {p for p, f in fold_of.items() if f == k}
            model = os.path.join(args.work, f'fold{k}.tcn')
            print(f'train_beats: fold {k + 1}/{args.folds}, held out: {", ".join(sorted(held))}', file=sys.stderr)
            train(args, model, held)
            if args.train_only:
                continue
            predictions.update(read_all(args, [(i, p) for i, p in entries if i['source_pkg'] in held], model))
    if not args.only_final and not args.train_only:
        report(args, items, fold_of, predictions, read_all(args, entries, None))
    if args.final:
        train(args, args.final, set())


if __name__ == '__main__':
    main()

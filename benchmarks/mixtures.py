"""Mode collapse and its stabilisers on the 8-mode ring and the 25-mode grid.

Trains the mixture GAN of d2l_gan.recipes with each stabiliser on both
mixtures for several seeds and prints one Markdown table: modes covered,
high-quality share and KL to the data (d2l_gan.metrics.mode_stats on 2,500
generated points), median over the seeds with [min, max], and training
seconds. Writes the per-run figures to benchmarks/mixtures.json, which
notebook 05 shows. Run alone on a quiet machine (the seconds are timings):

    python benchmarks/mixtures.py --tune     # first: each stabiliser's candidates on the ring
    python benchmarks/mixtures.py            # 3 seeds, about 15 minutes on 2 cores
    python benchmarks/mixtures.py --seeds 1  # a quick look
    python benchmarks/mixtures.py --epochs 400 --mixtures grid --stabilisers r1 \
        --out /tmp/long.json                 # a longer budget (not the notebook's)
    python benchmarks/mixtures.py --epochs 400 --decay 0.25 --mixtures grid \
        --stabilisers r1 none --out /tmp/decay.json   # rates falling over the last 100
    python benchmarks/mixtures.py --mixtures ring --stabilisers wgan_gp --candidate 0 \
        --epochs 500 --out benchmarks/wgan_gp_steps.json  # the others' G steps (solutions 05)
    python benchmarks/mixtures.py --mixtures ring --stabilisers wgan_gp --candidate 2 \
        --epochs 500 --out benchmarks/wgan_gp_steps_chosen.json  # its chosen settings
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

import argparse
import json
import statistics
from pathlib import Path

from harness import add_decay_option, train_quietly
from mxnet import np

import d2l_gan
from d2l_gan.data import MIXTURES, mixture_centres, mixture_data
from d2l_gan.files import write_atomic
from d2l_gan.metrics import mode_stats
from d2l_gan.recipes import CANDIDATES, MIXTURE, STABILISERS, mixture_setup

OUT = Path(__file__).with_name('mixtures.json')
TUNING = Path(__file__).with_name('mixtures_tuning.json')


def run(mixture, stabiliser, seed, decay=0.0, **changes):
    """Train one mixture GAN, the learning rates falling linearly over the last
    `decay` share of the epochs; return its mode_stats and training seconds."""
    d2l_gan.set_seed(seed)
    data = mixture_data(mixture, MIXTURE['num_examples'])
    net_D, net_G, settings = mixture_setup(stabiliser, **changes)
    run, seconds = train_quietly(net_D, net_G, data, settings, decay=decay)
    Z = np.random.normal(size=(2500, settings['latent_dim']))
    stats = mode_stats(net_G(Z).asnumpy(), mixture_centres(mixture),
                       MIXTURES[mixture]['std'])
    return dict(stats, seconds=seconds)


def summary(runs, key):
    """'median [min, max]' of `key` over runs."""
    values = [r[key] for r in runs]
    if any(v != v for v in values):  # KL is NaN when no point fell on a mode
        return 'n/a'
    fmt = '{:.0f}' if key == 'modes' else '{:.2f}'
    return (fmt.format(statistics.median(values)) +
            f' [{fmt.format(min(values))}, {fmt.format(max(values))}]')


def table(results):
    """The Markdown table of all runs in `results` (mixture -> stabiliser -> runs)."""
    lines = ['| data | stabiliser | modes covered | high-quality share | KL to the data '
             '| seconds |',
             '|---|---|---|---|---|---|']
    for mixture, by_stabiliser in results.items():
        for stabiliser, runs in by_stabiliser.items():
            lines.append(f'| {mixture} ({len(mixture_centres(mixture))} modes) | {stabiliser} | '
                         + ' | '.join(summary(runs, k) for k in
                                      ('modes', 'high_quality', 'kl', 'seconds')) + ' |')
    return '\n'.join(lines)


def tune(seeds=(1, 2)):
    """Train every candidate of every stabiliser (recipes.CANDIDATES) on the
    ring with `seeds`; return {stabiliser: dict(candidates=[dict(settings, runs)],
    chosen=index)}, the best having the most modes covered (median over the
    seeds), then the lowest median KL to the data."""
    tuned = {}
    for stabiliser, candidates in CANDIDATES.items():
        tried = []
        for changes in candidates:
            runs = [run('ring', 'none', seed, **changes) for seed in seeds]
            tried.append(dict(settings=changes, runs=runs))
            print('ring', stabiliser, changes,
                  [(r['modes'], round(r['kl'], 2)) for r in runs], flush=True)
        best = min(range(len(tried)), key=lambda i: (
            -statistics.median(r['modes'] for r in tried[i]['runs']),
            statistics.median(r['kl'] for r in tried[i]['runs'])))
        tuned[stabiliser] = dict(candidates=tried, chosen=best)
    return tuned


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, default=3)
    parser.add_argument('--out', type=Path, default=OUT)
    parser.add_argument('--epochs', type=int, default=MIXTURE['num_epochs'])
    add_decay_option(parser)
    parser.add_argument('--mixtures', nargs='+', choices=sorted(MIXTURES), default=list(MIXTURES))
    parser.add_argument('--stabilisers', nargs='+', choices=sorted(STABILISERS),
                        default=list(STABILISERS))
    parser.add_argument('--tune', action='store_true',
                        help='try every stabiliser\'s candidate settings on the ring '
                             '(seeds 1, 2) and write mixtures_tuning.json')
    parser.add_argument('--candidate', type=int, choices=range(3),
                        help='train each stabiliser with this candidate of recipes.CANDIDATES '
                             'instead of its chosen settings')
    args = parser.parse_args()
    if args.tune:
        tuned = tune()
        write_atomic(TUNING, json.dumps(dict(recipe=MIXTURE, candidates=CANDIDATES,
                                             tuned=tuned), indent=1) + '\n')
        for stabiliser, result in tuned.items():
            print(stabiliser, 'chooses', result['candidates'][result['chosen']]['settings'])
        return
    if (args.epochs, args.decay, args.mixtures, args.stabilisers, args.candidate) != \
            (MIXTURE['num_epochs'], 0.0, list(MIXTURES), list(STABILISERS), None) \
            and args.out == OUT:
        parser.error('a partial or longer run must not overwrite the table notebook 05 '
                     'prints: give --out')
    settings = {name: STABILISERS[name] if args.candidate is None
                else CANDIDATES[name][args.candidate] for name in args.stabilisers}
    results = {}
    for mixture in args.mixtures:
        for stabiliser in args.stabilisers:
            runs = [run(mixture, 'none', seed, args.decay,
                        **dict(settings[stabiliser], num_epochs=args.epochs))
                    for seed in range(1, args.seeds + 1)]
            results.setdefault(mixture, {})[stabiliser] = runs
            print(mixture, stabiliser, [(r['modes'], round(r['high_quality'], 3)) for r in runs],
                  flush=True)
    write_atomic(args.out, json.dumps(dict(recipe=dict(MIXTURE, num_epochs=args.epochs),
                                          decay=args.decay,
                                          stabilisers=settings,
                                          results=results), indent=1) + '\n')
    print(table(results))


if __name__ == '__main__':
    main()

"""Notebook 04's DCGAN told which k-means cluster each digit is in (issue 10).

    .venv/bin/python benchmarks/cluster_trials.py --clusters 10
    .venv/bin/python benchmarks/cluster_trials.py --seed 2             # 50 clusters
    .venv/bin/python benchmarks/cluster_trials.py --deskew             # as recipe cluster_dcgan
    .venv/bin/python benchmarks/cluster_trials.py --purity 10 30 50 70 100  # no training

An unconditional generator trained on all the digits blends classes (a third
of notebook 04's digits sit between two). Cluster conditioning (Sage et al.
2018; notebook 07) needs no labels: it
clusters the real digits, trains notebook 06's conditional nets on the
cluster numbers instead of the labels, and samples by drawing a cluster as
often as it holds digits, then noise. Here the clusters are k-means on the
pixels (`d2l_gan.kmeans`), or with --deskew on the straightened digits
(`d2l_gan.deskew`), as recipe `cluster_dcgan` does; the digit labels are only used to
print how pure the clusters are. Trains recipe `dcgan`'s settings (changed as
given; `--decay S`: both learning rates fall linearly over the last share S
of the epochs) and prints one Markdown row: the arguments, seed, training
seconds, then notebook 03's metrics of 2,500 digits (judged as
benchmarks/harness.py judges): classifier-FID, confident share, coverage
entropy, largest class share. With --purity K ..., it only clusters,
with K clusters each, and prints a Markdown row per K: the purity for the
pixels and for the straightened digits, and the share of the fours (nines)
in clusters whose most common digit is four (nine), pixels / straightened.
"""
import d2l_gan.compat  # noqa: F401  (before MXNet, for Python 3.12 and 3.13)

# isort: split

import argparse
import ast
import sys

import numpy as onp
from harness import add_decay_option, judge_digits, print_row, train_quietly

import d2l_gan
from d2l_gan.models import cdcgan_D, cdcgan_G
from d2l_gan.recipes import run_settings


def at_home(clusters, labels, digit):
    """The share of the `digit`s that lie in clusters where `digit` is the
    most common label."""
    labels = onp.asarray(labels)
    home = [j for j in onp.unique(clusters)
            if onp.bincount(labels[clusters == j], minlength=10).argmax() == digit]
    return onp.isin(clusters[labels == digit], home).mean()


def purity_rows(points, labels, ks):
    """Print one Markdown row per number of clusters in `ks` (see --purity)."""
    print('| clusters | purity, pixels | purity, straightened | fours at home, pixels / '
          'straightened | nines at home, pixels / straightened |')
    print('|---:|---:|---:|---:|---:|')
    straight = d2l_gan.deskew(points)
    for k in ks:
        cp, cs = d2l_gan.kmeans(points, k), d2l_gan.kmeans(straight, k)
        print(f'| {k} | {d2l_gan.purity(cp, labels):.3f} | {d2l_gan.purity(cs, labels):.3f} '
              f'| {at_home(cp, labels, 4):.2f} / {at_home(cs, labels, 4):.2f} '
              f'| {at_home(cp, labels, 9):.2f} / {at_home(cs, labels, 9):.2f} |', flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('changes', nargs='*', help='train settings, e.g. lr_D=4e-4')
    p.add_argument('--seed', type=int, default=1)
    add_decay_option(p)
    p.add_argument('--clusters', type=int, default=50)
    p.add_argument('--deskew', action='store_true',
                   help='cluster the straightened digits (recipe cluster_dcgan)')
    p.add_argument('--purity', type=int, nargs='+', metavar='K',
                   help='only cluster, with K clusters each, and print their purity')
    args = p.parse_args()
    if args.clusters < 2:
        p.error(f'--clusters must be at least 2; got {args.clusters}')
    changes = {k: ast.literal_eval(v) for k, v in (c.split('=', 1) for c in args.changes)}
    settings = run_settings('dcgan', **changes)
    images, labels = d2l_gan.load_mnist()
    pixels = d2l_gan.to_pixels(images)
    points = pixels.asnumpy()
    if args.purity:
        return purity_rows(points, labels, args.purity)
    clusters = d2l_gan.kmeans(d2l_gan.deskew(points) if args.deskew else points,
                              args.clusters)
    shares = d2l_gan.cluster_shares(clusters, args.clusters)
    print(f'{args.clusters} clusters, purity {d2l_gan.purity(clusters, labels):.3f}, '
          f'sizes {sorted(onp.bincount(clusters).tolist())}', file=sys.stderr)
    d2l_gan.set_seed(args.seed)
    net_G = cdcgan_G(settings['latent_dim'], args.clusters)
    net_D = cdcgan_D(args.clusters)
    data = pixels.reshape(-1, 1, 28, 28)
    y = d2l_gan.one_hot(clusters, args.clusters)
    run, seconds = train_quietly(net_D, net_G, data, dict(settings, num_classes=args.clusters),
                                 y, decay=args.decay)
    m = judge_digits(lambda Z: net_G(Z, d2l_gan.draw_clusters(shares, Z.shape[0])),
                     settings['latent_dim'])['generator']
    print_row(' '.join(sys.argv[1:]) or 'recipe', args.seed, f'{seconds:.0f}',
              f"{m['classifier_fid']:.2f}", f"{m['confident_share']:.3f}",
              f"{m['coverage_entropy']:.3f}", f"{m['largest_class_share']:.3f}")
    print(f"near-copy share {m['near_copy_share']:.3f}", file=sys.stderr, flush=True)


if __name__ == '__main__':
    main()

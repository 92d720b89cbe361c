"""Numbers that say how close generated data is to real data."""
import statistics

import numpy as onp
from mxnet import gluon, init, np
from mxnet.gluon import nn

from .classifier import features, fit, load_classifier, predict_proba
from .data import load_mnist_sample, load_mnist_unseen, to_pixels
from .geometry import nearest_distances, squared_distances


def gaussian_fit(samples):
    """Mean vector and covariance matrix of the rows of `samples`."""
    samples = onp.asarray(samples, dtype=onp.float64)
    if samples.ndim != 2 or samples.shape[0] < 2:
        raise ValueError(f'need a 2-D array of at least 2 samples, got shape '
                         f'{samples.shape}')
    return samples.mean(axis=0), onp.cov(samples, rowvar=False)


def sqrtm_psd(C):
    """Square root of a symmetric positive semi-definite matrix."""
    w, V = onp.linalg.eigh(C)
    return (V * onp.sqrt(onp.clip(w, 0, None))) @ V.T


def frechet_distance(mu1, cov1, mu2, cov2):
    """Fréchet (2-Wasserstein squared) distance between N(mu1, cov1) and N(mu2, cov2).

    ||mu1 - mu2||^2 + tr(cov1 + cov2 - 2 (cov1^1/2 cov2 cov1^1/2)^1/2); zero
    exactly when the two Gaussians are the same.
    """
    mu1, mu2 = onp.atleast_1d(mu1), onp.atleast_1d(mu2)
    cov1, cov2 = onp.atleast_2d(cov1), onp.atleast_2d(cov2)
    if mu1.shape != mu2.shape or cov1.shape != cov2.shape or \
            cov1.shape != (mu1.size, mu1.size):
        raise ValueError(f'shapes do not match: means {mu1.shape} and '
                         f'{mu2.shape}, covariances {cov1.shape} and '
                         f'{cov2.shape}')
    s1 = sqrtm_psd(cov1)
    cross = onp.sqrt(onp.clip(onp.linalg.eigvalsh(s1 @ cov2 @ s1), 0, None))
    d = ((mu1 - mu2) ** 2).sum() + onp.trace(cov1) + onp.trace(cov2) \
        - 2 * cross.sum()
    return float(max(d, 0.0))


# --- Mixtures: how many modes does the generator cover? ---------------------

def mode_stats(samples, centres, std):
    """Count what a generator makes of a mixture with modes at `centres`.

    A point is high quality when it lies within 3 std of some centre; a mode
    is covered when at least 1 % of all points are high-quality points of it.
    Returns modes covered, the high-quality share, and the KL divergence of
    the points' histogram over the modes and one bin "off every mode" from the
    data's histogram (a 2-D mixture's: (1 - e^-4.5) / K on each of its K
    modes): near 0 for the data, large when points miss the modes or crowd
    onto a few, log(K) + 0.011 when all sit on one centre.
    """
    if not std > 0:
        raise ValueError(f'std must be > 0, got {std}')
    samples, centres = onp.asarray(samples, onp.float64), onp.asarray(centres, onp.float64)
    if samples.ndim != 2 or samples.shape[1] != centres.shape[1] or len(samples) == 0:
        raise ValueError(f'samples have shape {samples.shape}; expected '
                         f'(num_samples, {centres.shape[1]}) like the centres')
    d2 = squared_distances(samples, centres)
    nearest = d2.argmin(axis=1)
    good = d2[onp.arange(len(samples)), nearest] <= (3 * std) ** 2
    counts = onp.bincount(nearest[good], minlength=len(centres))
    inside = 1 - onp.exp(-4.5)  # a 2-D Gaussian's share within 3 std of its centre
    data = onp.append(onp.full(len(centres), inside / len(centres)), 1 - inside)
    made = onp.append(counts, len(samples) - counts.sum()) / len(samples)
    kl = float((made[made > 0] * onp.log(made[made > 0] / data[made > 0])).sum())
    return dict(modes=int((counts >= 0.01 * len(samples)).sum()),
                high_quality=float(good.mean()), kl=kl)


# --- Two-sample tests: could X and Y come from one distribution? ------------

def mmd2_unbiased(K, is_x):
    """Unbiased MMD² from the kernel matrix `K` of the pooled sample (diagonal
    set to 0) and 0/1 columns `is_x` marking X; one value per column."""
    x = is_x.astype(K.dtype)
    y = 1 - x
    m, n = x.sum(0), y.sum(0)
    Kx, Ky = K @ x, K @ y
    return (x * Kx).sum(0) / (m * (m - 1)) + (y * Ky).sum(0) / (n * (n - 1)) \
        - 2 * (x * Ky).sum(0) / (m * n)


def mmd_test(X, Y, num_permutations=200, seed=0, bandwidth_scale=1.0):
    """MMD two-sample test with a Gaussian kernel; return (MMD², p-value).

    The bandwidth is the median distance in the pooled sample, times
    `bandwidth_scale`. The p-value is the share of random relabellings of the
    pooled sample whose MMD² is at least the observed one: small when X and Y
    really differ.
    """
    if not bandwidth_scale > 0:
        raise ValueError(f'bandwidth_scale must be positive, not {bandwidth_scale}')
    X, Y = two_samples(X, Y)
    Z = onp.concatenate([X, Y])
    D2 = squared_distances(Z, Z)
    pairs = D2[onp.triu_indices(len(Z), 1)]
    # median of the distinct pairs; all points equal: any bandwidth, MMD² = 0
    bandwidth2 = onp.median(pairs[pairs > 0]) if (pairs > 0).any() else 1.0
    K = onp.exp(-D2 / (2 * bandwidth2 * bandwidth_scale ** 2))
    onp.fill_diagonal(K, 0)
    is_x = onp.arange(len(Z)) < len(X)
    rng = onp.random.RandomState(seed)
    shuffled = onp.stack([rng.permutation(is_x)
                          for _ in range(num_permutations)], axis=1)
    observed = float(mmd2_unbiased(K, is_x[:, None])[0])
    null = mmd2_unbiased(K, shuffled)
    return observed, float((1 + (null >= observed).sum()) / (1 + num_permutations))


def two_samples(X, Y):
    """X and Y as float64 (N, d) arrays with the same d and at least 2 rows."""
    X = onp.asarray(X, onp.float64).reshape(len(X), -1)
    Y = onp.asarray(Y, onp.float64).reshape(len(Y), -1)
    if X.shape[1] != Y.shape[1] or len(X) < 2 or len(Y) < 2:
        raise ValueError(f'two samples of shapes {X.shape} and {Y.shape}: '
                         f'need at least 2 rows each of the same width')
    return X, Y


def binomial_p_value(correct, n):
    """P(at least `correct` right out of `n`) for a classifier that guesses."""
    from scipy.stats import binom
    return float(binom.sf(correct - 1, n, 0.5))


def c2st(X, Y, make_net=None, num_epochs=20, batch_size=32, lr=1e-3, seed=0):
    """Classifier two-sample test; return (held-out accuracy, p-value).

    A fresh discriminator learns to tell X (label 0) from Y (label 1) on half
    of each sample; on the other half, a guessing classifier is right about
    half of the time, so a high accuracy is unlikely (binomial p-value)
    unless X and Y differ. `seed` fixes the split; the discriminator's
    initialization and minibatches follow MXNet's random state (set_seed).
    """
    X, Y = two_samples(X, Y)
    rng = onp.random.RandomState(seed)
    X, Y = X[rng.permutation(len(X))], Y[rng.permutation(len(Y))]
    Z = onp.concatenate([X[:len(X) // 2], Y[:len(Y) // 2],
                         X[len(X) // 2:], Y[len(Y) // 2:]])
    labels = onp.concatenate([onp.zeros(len(X) // 2), onp.ones(len(Y) // 2),
                              onp.zeros(len(X) - len(X) // 2),
                              onp.ones(len(Y) - len(Y) // 2)])
    n_train = len(X) // 2 + len(Y) // 2
    mean, std = Z[:n_train].mean(0), Z[:n_train].std(0) + 1e-8
    Z = ((Z - mean) / std).astype(onp.float32)  # the training half's scale
    if make_net is None:
        def make_net():
            net = nn.HybridSequential()
            net.add(nn.Dense(32, activation='relu'),
                    nn.Dense(32, activation='relu'), nn.Dense(1))
            return net
    net = make_net()
    net.initialize(init.Xavier())
    net.hybridize()
    fit(net, Z[:n_train], labels[:n_train], gluon.loss.SigmoidBCELoss(), num_epochs,
        min(batch_size, n_train), lr)
    guess = net(np.array(Z[n_train:])).asnumpy()[:, 0] > 0
    correct = int((guess == labels[n_train:]).sum())
    n_test = len(Z) - n_train
    return correct / n_test, binomial_p_value(correct, n_test)


# --- What a classifier sees in generated digits ------------------------------

def classifier_fid(features_1, features_2):
    """Fréchet distance between Gaussians fitted to two sets of classifier
    features. Our LeNet's 84 features, so NOT comparable to the Inception
    FID numbers of papers."""
    return frechet_distance(*gaussian_fit(features_1), *gaussian_fit(features_2))


def confident_share(probs, threshold=0.9):
    """Share of digits whose most likely class has probability ≥ `threshold`."""
    return float((probs.max(1) >= threshold).mean())


def class_histogram(probs):
    """Share of digits assigned to each of the classes."""
    return onp.bincount(probs.argmax(1), minlength=probs.shape[1]) / len(probs)


def coverage_entropy(hist):
    """Entropy of a class histogram divided by its maximum, log(#classes):
    1 when every class is equally common, 0 when one class is all there is."""
    p = hist[hist > 0]
    return float(-(p * onp.log(p)).sum() / onp.log(len(hist)))


def near_copy_share(samples, train, threshold=0.05):
    """Share of samples within `threshold` RMS pixel distance of a training
    image: near-copies, the sign of a generator that memorises."""
    return float((nearest_distances(samples, train) < threshold).mean())


def real_halves(seed=0):
    """The offline sample split into two disjoint halves of 2,500 digits,
    as pixels in [-1, 1]; the first is the metrics' reference."""
    images, _ = load_mnist_sample()
    order = onp.random.RandomState(seed).permutation(len(images))
    pixels = to_pixels(images).asnumpy()
    return pixels[order[:2500]], pixels[order[2500:]]


def unseen_digits():
    """2,500 real digits as pixels in [-1, 1], and their labels, that neither
    the classifier nor any GAN here trained on (load_mnist_unseen)."""
    images, labels = load_mnist_unseen()
    return to_pixels(images).asnumpy(), labels


def digit_metrics(images, reference, train_images, net):
    """Classifier-FID against `reference`, confident share, class histogram,
    coverage entropy, largest class share and near-copy share of `images`."""
    probs = predict_proba(net, images)
    hist = class_histogram(probs)
    return {'classifier_fid': classifier_fid(features(net, images),
                                             features(net, reference)),
            'confident_share': confident_share(probs),
            'coverage_entropy': coverage_entropy(hist),
            'largest_class_share': float(hist.max()),
            'near_copy_share': near_copy_share(images, train_images),
            'class_histogram': [round(float(h), 4) for h in hist]}


def evaluate_digits(images, net=None):
    """Metrics of generated digits and of real digits, side by side.

    Both rows are measured against the same reference half of the offline
    sample with the same number of digits (at most 2,500), and their
    near-copies searched among all 5,000 digits the GANs train on. The real
    row's digits are unseen ones, new to the classifier as generated ones are.
    """
    net = net or load_classifier()
    reference, other_half = real_halves()
    training_digits = onp.concatenate([reference, other_half])
    images = onp.asarray(images)[:len(reference)]
    n = len(images)
    return {'generator': digit_metrics(images, reference, training_digits, net),
            'real_vs_real': digit_metrics(unseen_digits()[0][:n], reference,
                                          training_digits, net),
            'num_digits': n}


def label_accuracy(images, labels, net=None):
    """How often the classifier reads each image as the label it was asked
    for (a conditional generator's labels, or real digits' true ones):
    overall, and per class 0-9 (None for a class nobody asked for)."""
    labels = onp.asarray(labels).reshape(-1)
    if len(labels) != len(images):
        raise ValueError(f'{len(images)} images but {len(labels)} labels: '
                         f'one requested label per image')
    predicted = predict_proba(net or load_classifier(), images).argmax(axis=1)
    right = predicted == labels
    return {'label_accuracy': float(right.mean()),
            'per_class_accuracy': [float(right[labels == c].mean()) if (labels == c).any()
                                   else None for c in range(10)]}


def evaluate_conditional(images, labels, net=None):
    """evaluate_digits for a conditional generator: also how often each image
    is read as its requested label, beside how often the unseen real digits
    are read as their true ones."""
    net = net or load_classifier()
    report = evaluate_digits(images, net)
    n = report['num_digits']
    report['generator'].update(label_accuracy(onp.asarray(images)[:n], onp.asarray(labels)[:n],
                                              net))
    unseen, digits = unseen_digits()
    report['real_vs_real'].update(label_accuracy(unseen[:n], digits[:n], net))
    return report


METRIC_NAMES = {
    'classifier_fid': 'classifier-FID (LeNet features, not Inception FID)',
    'confident_share': 'confident share (top class p >= 0.9)',
    'coverage_entropy': 'coverage entropy (1 = all classes equal)',
    'largest_class_share': 'largest class share',
    'near_copy_share': 'near-copy share (RMS pixel distance < 0.05)',
}


def metrics_table(report):
    """The report of evaluate_digits as an aligned text table."""
    gen, real = report['generator'], report['real_vs_real']
    width = max(map(len, METRIC_NAMES.values()))
    lines = [f"{report['num_digits']} digits".ljust(width) +
             f"  {'generator':>10}  {'real vs real':>12}"]
    for key, name in METRIC_NAMES.items():
        # + 0.0: one class everywhere has entropy -0.0, printed as 0.000
        lines.append(f'{name:<{width}}  {gen[key] + 0.0:>10.3f}  {real[key] + 0.0:>12.3f}')
    if 'label_accuracy' in gen:  # a conditional generator (notebook 06)
        lines.append(f"{'requested-label accuracy':<{width}}  {gen['label_accuracy']:>10.3f}"
                     f"  {real.get('label_accuracy', float('nan')):>12.3f}")
    lines.append('class histogram, generator: ' + ' '.join(
        f'{d}:{h:.2f}' for d, h in enumerate(gen['class_histogram'])))
    return '\n'.join(lines)


def seeds_row(name, seeds):
    """Print one row: the median (worst) over `seeds` ({seed: figures}, as the
    benchmarks save them) of classifier-FID, confident share and coverage."""
    fid, confident, coverage = ([r[k] for r in seeds.values()] for k in
                                ('classifier_fid', 'confident_share', 'coverage_entropy'))
    print(f"{name:<26} classifier-FID {statistics.median(fid):6.1f} ({max(fid):.1f})  "
          f"confident {statistics.median(confident):.3f} ({min(confident):.3f})  "
          f"coverage {statistics.median(coverage) + 0:.3f} ({min(coverage) + 0:.3f})")  # not -0.000

"""The settings each course model trains with, shared by notebooks and the CLI."""
from mxnet import init, np

from .clusters import cluster_centres, cluster_shares, deskew, kmeans
from .data import one_hot
from .models import (
    cdcgan_D,
    cdcgan_G,
    cmlp_D,
    cmlp_G,
    dcgan_D,
    dcgan_G,
    gaussian_D,
    gaussian_G,
    matched_dcgan_D,
    mixture_G,
    mlp_D,
    mlp_G,
    relu_D,
)
from .training import CHAPTER

# Each model's settings; where the course departs from its source, the comment
# gives the measured reason (figures in benchmarks/RESULTS.md).
RECIPES = {
    # Notebook 01's course settings for the 2-D Gaussian (1,000 points).
    'gaussian': dict(data='gaussian', make_D=gaussian_D, make_G=gaussian_G,
                     latent_dim=2, num_epochs=30, batch_size=16, lr_D=0.1, lr_G=0.01,
                     optimizer_D='adam', optimizer_G='adam', beta1=0.5,
                     real_label=1.0, weight_init=lambda: init.Normal(0.02), average_from=21),
    # Notebook 02, the original fully-connected GAN of the MNIST tutorial:
    # the tutorial's nets, optimisers, learning rates, batch and label
    # smoothing; the course's: D's leaky ReLU slope 0.2 (the tutorial's is
    # 0.01) and 800 epochs (under three minutes on two CPU cores): twice the
    # epochs alone made the digits more legible but let the ones crowd out
    # other classes, slope 0.2 as well made them more legible still and kept
    # all ten; Xavier initialisation (as Keras has by default; with the
    # chapter's Normal(0.02) G collapsed to one blob); the generator's weights
    # averaged over the last 100 epochs, which removed most of the speckle.
    'mnist': dict(data='mnist', image_shape=(784,), make_D=mlp_D, make_G=mlp_G, latent_dim=100,
                  num_epochs=800, batch_size=256, lr_D=2e-4, lr_G=2e-4, optimizer_D='rmsprop',
                  optimizer_G='adam', beta1=0.9, real_label=0.9, weight_init=init.Xavier,
                  average_from=701),
    # Notebook 04, DCGAN: the d2l book's Adam with beta1 0.5 and Normal(0.02)
    # initialisation, on notebook 02's digits; batch 16, because in a fixed
    # time more, smaller steps gave better digits than batch 32 or 64; lr
    # 4e-4, twice the DCGAN paper's 2e-4 (the book uses 0.005), which gave a
    # lower cFID and more even classes in the same epochs; 48 epochs fit in five
    # minutes on two CPU cores since D ends with a dense layer, and gave a
    # lower cFID, more confident digits and a wider coverage than 28.
    'dcgan': dict(data='mnist', image_shape=(1, 28, 28), make_D=dcgan_D,
                  make_G=dcgan_G, latent_dim=100, num_epochs=48, batch_size=16,
                  lr_D=4e-4, lr_G=4e-4, optimizer_D='adam', optimizer_G='adam',
                  beta1=0.5, real_label=1.0,
                  weight_init=lambda: init.Normal(0.02), average_from=None),
    # Notebook 06, conditional DCGAN: notebook 04's nets and recipe with the
    # DCGAN paper's lr 2e-4 (notebook 04's 4e-4 was not measured here), with
    # the label as a second input of G (joined to the noise) and of D (a
    # projection discriminator); trained on the digits and their labels.
    'cdcgan': dict(data='mnist', image_shape=(1, 28, 28), make_D=cdcgan_D,
                   make_G=cdcgan_G, conditional='labels', num_classes=10,
                   latent_dim=100, num_epochs=20,
                   batch_size=16, lr_D=2e-4, lr_G=2e-4, optimizer_D='adam',
                   optimizer_G='adam', beta1=0.5, real_label=1.0,
                   weight_init=lambda: init.Normal(0.02), average_from=None),
    # Notebook 07, cluster-conditioned DCGAN (cluster conditioning as in Sage
    # et al. 2018: k-means clusters as labels; not Liu et al.'s 2020
    # self-conditioning, which clusters D's features and re-clusters): the
    # conditional nets told which of 50 k-means clusters of the straightened
    # digits (found without labels) each digit is in; asked for clusters drawn
    # as often as they hold digits, G is an unconditional generator. Notebook
    # 04's settings; 50 clusters (of the pixels, when chosen) gave more
    # confident digits than 10 or 30 by the labelled classifier's judgement.
    'cluster_dcgan': dict(data='mnist', image_shape=(1, 28, 28), make_D=cdcgan_D,
                          make_G=cdcgan_G, conditional='clusters', num_classes=50,
                          latent_dim=100, num_epochs=48, batch_size=16, lr_D=4e-4,
                          lr_G=4e-4, optimizer_D='adam', optimizer_G='adam', beta1=0.5,
                          real_label=1.0, weight_init=lambda: init.Normal(0.02),
                          average_from=None),
}
# Notebook 07, notebook 02's MLP GAN cluster-conditioned in the same way: its
# nets told which of 70 k-means clusters of the straightened digits a digit
# is in (the cluster joins the noise and the pixels), with notebook 02's
# settings; 70 pixel clusters balanced confident digits against even classes
# better than 50 (more of one class) or 100 (less confident digits).
RECIPES['cluster_mnist'] = dict(RECIPES['mnist'], make_D=cmlp_D, make_G=cmlp_G,
                                conditional='clusters', num_classes=70)
# Notebook 07, the unconditional DCGAN of cluster_dcgan's size: 50 more noise
# values where cluster_dcgan's G reads the one-hot cluster (the same weights),
# and a hidden layer of 50 units before D's logit (the weights of the
# projection, to within 2%); cluster_dcgan's settings otherwise.
RECIPES['dcgan_matched'] = dict(
    RECIPES['dcgan'], make_D=matched_dcgan_D,
    latent_dim=RECIPES['dcgan']['latent_dim'] + RECIPES['cluster_dcgan']['num_classes'])


TRAIN_ARGS = ('num_epochs', 'lr_D', 'lr_G', 'latent_dim', 'batch_size', 'beta1',
              'average_from', 'optimizer_D', 'optimizer_G', 'real_label')


def run_settings(name, **changes):
    """Recipe `name` with `changes` (e.g. num_epochs=5) applied: the settings
    that start_run takes, and the loop's num_epochs and batch_size."""
    unknown = set(changes) - set(RECIPES[name]) - set(CHAPTER)
    if unknown:
        raise ValueError(f'{sorted(unknown)} are not settings of a recipe; '
                         f'choose from {sorted(set(RECIPES[name]) | set(CHAPTER))}')
    return {**RECIPES[name], **changes}


def make_nets(name):
    """The discriminator and generator of recipe `name` (uninitialized); an
    image model's generator is built for the recipe's latent_dim, a
    conditional model's nets for its number of labels or clusters."""
    recipe = RECIPES[name]
    if recipe['data'] == 'gaussian':  # a linear map of 2-D noise
        return recipe['make_D'](), recipe['make_G']()
    if recipe.get('conditional'):  # one input value per label or cluster
        k = recipe['num_classes']
        return recipe['make_D'](k), recipe['make_G'](recipe['latent_dim'], k)
    return recipe['make_D'](), recipe['make_G'](recipe['latent_dim'])


def weights(name):
    """The numbers of weights of recipe `name`'s generator and discriminator."""
    net_D, net_G = make_nets(name)
    for net in (net_D, net_G):
        net.initialize()
    recipe = RECIPES[name]
    labels = [one_hot([0, 1], recipe['num_classes'])] if recipe.get('conditional') else []
    net_D(net_G(np.zeros((2, recipe['latent_dim'])), *labels), *labels)  # fixes the shapes
    return [sum(p.data().size for p in net.collect_params().values()) for net in (net_G, net_D)]


def training_labels(name, pixels, digits):
    """What recipe `name` trains with besides the digits `pixels` (NumPy, one
    row or image each) of classes `digits`: (one-hot labels, clusters). The
    labels are the classes for a conditional model, the k-means clusters of
    the straightened digits (clusters.deskew) for a cluster-conditioned one
    (ValueError if there are fewer digits than clusters), None otherwise;
    `clusters` is then dict(shares, centres), kept with the run, else None."""
    recipe = RECIPES[name]
    kind, k = recipe.get('conditional'), recipe.get('num_classes')
    if kind == 'clusters':
        points = deskew(pixels)
        assign = kmeans(points, k)
        return one_hot(assign, k), dict(shares=cluster_shares(assign, k),
                                        centres=cluster_centres(points, assign, k))
    return (one_hot(digits, k), None) if kind == 'labels' else (None, None)


def image_models():
    """The recipes that train on MNIST digits (the CLI's models)."""
    return sorted(name for name, r in RECIPES.items() if r['data'] == 'mnist')


def settings(name):
    """The recipe `name` as plain JSON-able values (nets and initialiser by
    name), to record next to measured results."""
    recipe = RECIPES[name]
    return dict({k: recipe[k] for k in TRAIN_ARGS + ('conditional', 'num_classes')
                 if k in recipe},
                make_D=recipe['make_D'].__name__, make_G=recipe['make_G'].__name__,
                weight_init=recipe['weight_init']().dumps())


# Notebook 05: GANs on the mixtures of Gaussians (d2l_gan.data.MIXTURES).
# ReLU MLPs of 3x128 units, Xavier initialisation, 10,000 points; Adam with
# beta1 0.5, batch 256, 100 epochs (about 4,000 steps, seconds on a CPU).
MIXTURE = dict(num_examples=10000, latent_dim=2, hidden=128, num_layers=3,
               num_epochs=100, batch_size=256, lr_D=1e-3, lr_G=1e-3, beta1=0.5)

# What each stabiliser changes in MIXTURE (or in train's defaults): the
# candidate of CANDIDATES (below) that covered the most modes of the ring,
# then had the lowest KL, over seeds 1 and 2 (benchmarks/mixtures_tuning.json)
STABILISERS = {
    'none': dict(lr_D=1e-3, lr_G=1e-3),
    # R1: |grad D|^2 / 2 at real points (Mescheder et al. 2018)
    'r1': dict(penalty='r1', penalty_weight=0.001),
    # Spectral normalisation of every layer of D (Miyato et al. 2018)
    'spectral_norm': dict(spectral_norm=True, lr_D=3e-4, lr_G=3e-4),
    # Two time-scale update rule: D learns 4x faster than G (Heusel et al. 2017)
    'ttur': dict(lr_D=2e-3, lr_G=5e-4),
    # WGAN-GP: a Wasserstein critic kept 1-Lipschitz by a gradient penalty,
    # 5 critic steps per G step (Gulrajani et al. 2017)
    'wgan_gp': dict(loss='wasserstein', penalty='gp', critic_steps=5, penalty_weight=5.0,
                    lr_D=1e-3, lr_G=1e-3),
    # R1 and TTUR together
    'r1_ttur': dict(penalty='r1', penalty_weight=0.01, lr_D=1e-3, lr_G=2.5e-4),
}


# Notebook 05's fair comparison: each stabiliser gets the same tuning budget,
# three candidate settings of its own knobs, each trained on the ring with
# seeds 1 and 2 (benchmarks/mixtures.py --tune); the best (most modes covered,
# then the lowest KL to the data) becomes its entry in STABILISERS and is scored
# on the grid, which no candidate was chosen on. Every candidate makes the same
# passes over the data (the same D steps); WGAN-GP's are its paper's critic
# steps (5 D steps per G step, Gulrajani et al. 2017; their toy code: Adam 1e-4,
# beta1 0.5 and a weight of 0.1 on the full loss, 0.05 on our halved one; its
# beta2 0.9 is not used: ours is Adam's default 0.999).
CANDIDATES = {
    'none': [dict(lr_D=lr, lr_G=lr) for lr in (3e-3, 1e-3, 3e-4)],
    'r1': [dict(penalty='r1', penalty_weight=w) for w in (0.001, 0.01, 0.1)],
    'spectral_norm': [dict(spectral_norm=True, lr_D=lr, lr_G=lr) for lr in (3e-3, 1e-3, 3e-4)],
    'ttur': [dict(lr_D=4 * lr, lr_G=lr) for lr in (1e-3, 5e-4, 2.5e-4)],
    'wgan_gp': [dict(loss='wasserstein', penalty='gp', critic_steps=5, penalty_weight=w,
                     lr_D=lr, lr_G=lr) for w, lr in ((0.05, 1e-4), (0.05, 1e-3), (5.0, 1e-3))],
    'r1_ttur': [dict(penalty='r1', penalty_weight=w, lr_D=4 * lr, lr_G=lr)
                for w, lr in ((0.01, 5e-4), (0.1, 5e-4), (0.01, 2.5e-4))],
}


def mixture_setup(stabiliser='none', **changes):
    """The nets (uninitialized) and settings (start_run's, and the loop's
    num_epochs and batch_size) of a mixture GAN with `stabiliser` (a key of
    STABILISERS), with `changes` applied."""
    if stabiliser not in STABILISERS:
        raise ValueError(f'unknown stabiliser {stabiliser!r}: choose from '
                         f'{sorted(STABILISERS)}')
    recipe = {**MIXTURE, **STABILISERS[stabiliser], **changes}
    hidden, num_layers = recipe.pop('hidden'), recipe.pop('num_layers')
    net_D = relu_D(hidden, num_layers, recipe.pop('spectral_norm', False))
    net_G = mixture_G(recipe['latent_dim'], hidden, num_layers)
    del recipe['num_examples']
    return net_D, net_G, dict(recipe, weight_init=init.Xavier)

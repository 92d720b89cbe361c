"""Training a GAN: a run that carries its settings, one update for each
player, and the loop around them."""
from dataclasses import dataclass, field

import mxnet as mx
import numpy as onp
from d2l import mxnet as d2l
from mxnet import autograd, gluon, init, np

from .clusters import draw_clusters
from .data import check_data, check_labels, num_batches, one_hot, shuffled_batches
from .models import ask
from .plot import in_notebook, loss_animator, show_scatter


@dataclass
class Run:
    """A GAN being trained: both players and their trainers, the game's
    settings, what G can be asked for, G's running average and the epoch
    reached. `train` changes it; d2l_gan.checkpoint saves and restores it."""
    net_D: gluon.Block
    net_G: gluon.Block
    trainer_D: gluon.Trainer
    trainer_G: gluon.Trainer
    loss: gluon.loss.Loss
    latent_dim: int
    Z_show: np.ndarray            # the fixed noise whose examples train shows
    real_label: float = 1.0       # below 1: one-sided label smoothing (notebook 02)
    saturating: bool = False      # G's original minimax loss (notebook 05)
    penalty: str = None           # 'r1' or 'gp' on D's gradient (notebook 05)
    penalty_weight: float = 10.0
    conditional: str = None       # 'labels' (notebook 06) or 'clusters' (notebook 07)
    num_classes: int = None       # how many labels or clusters
    shares: onp.ndarray = None    # a cluster-conditioned G's clusters: how often each
    centres: onp.ndarray = None   # is asked for, and where it is
    average_from: int = None      # average G's weights from this epoch on
    critic_steps: int = 1         # D steps per G step (WGAN-GP's paper: 5)
    G_average: list = field(default_factory=list)
    epoch: int = 0
    loss_D: float = float('nan')
    loss_G: float = float('nan')

    def asked(self, n, label=None, rng=onp.random):
        """One-hot labels to ask G for `n` examples with, and the digits they
        are asked to be (None unless G takes labels): `label`, or 0, 1, 2, ...
        in turn, for a conditional G; clusters drawn (by `rng`) with their
        shares for a cluster-conditioned one; nothing for an unconditional one."""
        if label is not None and self.conditional != 'labels':
            raise ValueError(f'a generator without labels cannot be asked for '
                             f'digit {label}')
        ctx = self.Z_show.ctx
        if self.conditional == 'clusters':
            if self.shares is None:
                raise ValueError('a cluster-conditioned generator needs the shares of '
                                 'its clusters (run.shares) to be asked for examples')
            return draw_clusters(self.shares, n, ctx, rng), None
        if self.conditional != 'labels':
            return None, None
        digits = onp.full(n, label) if label is not None else onp.arange(n) % self.num_classes
        return one_hot(digits, self.num_classes, ctx), digits

    def sample(self, n, label=None, batch_size=1000):
        """`n` examples of G (NumPy) from fresh noise, asked as `asked` says."""
        y, _ = self.asked(n, label)
        Z = np.random.normal(0, 1, size=(n, self.latent_dim), ctx=self.Z_show.ctx)
        return onp.concatenate([
            ask(self.net_G, Z[i:i + batch_size], None if y is None else y[i:i + batch_size])
            .asnumpy() for i in range(0, n, batch_size)])


def update_D(X, fake_X, run, labels=None):
    """Update the discriminator of `run` on real examples X and generated
    fake_X; return its summed loss.

    The loss stays on the device (no float()), so the loop does not wait for
    MXNet after every step. A `run.real_label` below 1 (e.g. 0.9) is one-sided
    label smoothing: D is never pushed to be certain about real data. With a
    `run.penalty` ('r1' or 'gp', see gradient_penalty), D's loss also pays
    `run.penalty_weight` times a penalty on its gradient. A conditional D
    (notebook 06) also sees the `labels` of X, which fake_X was asked for.
    """
    batch_size = X.shape[0]
    reals = np.full((batch_size,), run.real_label, ctx=X.ctx)
    zeros = np.zeros((batch_size,), ctx=X.ctx)
    if labels is not None:  # they also enter G's recorded pass: detached,
        labels = labels.detach()  # this backward pass leaves them intact
    with autograd.record():
        real_Y = ask(run.net_D, X, labels)
        # The generator is not updated here: detach its output from the graph
        fake_Y = ask(run.net_D, fake_X.detach(), labels)
        loss_D = (run.loss(real_Y, reals) + run.loss(fake_Y, zeros)) / 2
        if run.penalty:  # notebook 05: a penalty on the gradient of D
            loss_D = loss_D + run.penalty_weight * gradient_penalty(
                run.net_D, X, fake_X, run.penalty, labels)
    loss_D.backward()
    run.trainer_D.step(batch_size)
    return loss_D.sum()


def gradient_penalty(net_D, X, fake_X, kind, labels=None):
    """A penalty per example on the gradient of D's logit at its input.

    'r1' (Mescheder et al. 2018): |∇D(x)|²/2 at the real examples, so D is
    flat where the data are and cannot push the generator past them.
    'gp' (Gulrajani et al. 2017): (|∇D(x̂)| - 1)² at random points x̂ between
    real and generated examples, keeping a Wasserstein critic 1-Lipschitz.
    The gradient is itself differentiated (create_graph=True), so D must not
    be hybridized: MXNet's cached graphs have no second derivatives. A
    conditional D is asked about the `labels` of X.
    """
    with autograd.pause():
        if kind == 'r1':
            points = X.copy()
        else:
            eps = np.random.uniform(size=(X.shape[0],) + (1,) * (X.ndim - 1),
                                    ctx=X.ctx)
            points = eps * X + (1 - eps) * fake_X.detach()
    points.attach_grad()
    with autograd.record():
        Y = ask(net_D, points, labels)
        grad = autograd.grad(Y, [points], head_grads=np.ones_like(Y),
                             create_graph=True)[0].as_np_ndarray()
        grad = grad.reshape(X.shape[0], -1)
        squared = (grad * grad).sum(axis=1)
    if kind == 'r1':
        return squared / 2
    return (np.sqrt(squared + 1e-12) - 1) ** 2


def update_G(fake_X, run, labels=None):
    """Update the generator of `run` that produced fake_X (recorded by
    autograd); return its summed loss.

    Generated examples are labelled 'real' (1): G gains when D is fooled.
    With `run.saturating`, G instead minimises minus D's loss on them, the
    original minimax game, whose gradient vanishes while D rejects them.
    A conditional D (notebook 06) judges them for the `labels` they were asked for.
    """
    batch_size = fake_X.shape[0]
    ones = np.ones((batch_size,), ctx=fake_X.ctx)
    with autograd.record():
        # D has just changed, so its verdict on fake_X must be computed anew
        fake_Y = ask(run.net_D, fake_X, labels)
        if run.saturating:
            loss_G = -run.loss(fake_Y, np.zeros_like(ones))
        else:
            loss_G = run.loss(fake_Y, ones)
    loss_G.backward()  # through D, then back into the generator's recorded pass
    run.trainer_G.step(batch_size)
    return loss_G.sum()


class WassersteinLoss(gluon.loss.Loss):
    """D's raw score as a loss: minus the score for label 1 (real), plus it
    for label 0 (generated). update_D then minimises the critic loss of a
    Wasserstein GAN (halved) and update_G maximises the score of fakes."""
    def __init__(self, **kwargs):
        super().__init__(None, 0, **kwargs)

    def hybrid_forward(self, F, pred, label):
        return (1 - 2 * label) * pred.reshape(-1)


LOSSES = {'bce': gluon.loss.SigmoidBCELoss, 'wasserstein': WassersteinLoss}
PENALTIES = (None, 'r1', 'gp')


def check_penalty(penalty, penalty_weight):
    """Raise a one-line ValueError unless `penalty` is None, 'r1' or 'gp' and
    its weight is not negative."""
    if penalty not in PENALTIES:
        raise ValueError(f'unknown penalty {penalty!r}: choose from {PENALTIES}')
    if penalty_weight < 0:
        raise ValueError(f'penalty_weight must be >= 0, got {penalty_weight}')


def make_loss(name):
    """The loss named `name`: 'bce' (the GAN's) or 'wasserstein'."""
    if name not in LOSSES:
        raise ValueError(f'unknown loss {name!r}: choose from {sorted(LOSSES)}')
    return LOSSES[name]()


def running_mean(mean, values, count):
    """Fold the `count`-th list of arrays `values` into the running `mean`, so
    that averaging weights over epochs keeps one copy, not one per epoch."""
    if count == 1:
        return [v.copy() for v in values]
    return [m + (v - m) / count for m, v in zip(mean, values)]


def make_trainer(net, optimizer, lr, beta1=0.9):
    """A gluon.Trainer for `net`; Adam also gets its momentum coefficient beta1.

    The parameters go in as a list, in the order of the layers: given a dict,
    Trainer sorts it by the global layer names (dense9 after dense10), and saved
    optimizer states would then depend on what else the process had built.
    """
    hyperparams = {'learning_rate': lr}
    if optimizer == 'adam':
        hyperparams['beta1'] = beta1
    return gluon.Trainer(list(net.collect_params().values()), optimizer,
                         hyperparams)


def train_epoch(run, data, batch_size, labels=None):
    """One pass over `data`: a D step per minibatch, and a G step after every
    `run.critic_steps` of them (after each, unless the run says otherwise).

    One generator pass serves both steps: update_D leaves G unchanged, so G's
    output for the same noise would be the same again. Returns the mean losses
    of D and G; float() at the end is the only time Python waits for MXNet in
    the whole epoch. With `labels` (notebook 06), G is asked for the labels of
    each real minibatch, and both players see them.
    """
    loss_D = loss_G = np.zeros((), ctx=data.ctx)  # summed on the device
    for i, batch in enumerate(shuffled_batches(data, batch_size, labels), 1):
        X, y = batch if labels is not None else (batch, None)
        Z = np.random.normal(0, 1, size=(X.shape[0], run.latent_dim), ctx=X.ctx)
        with autograd.record():  # recorded, for update_G's backward pass
            fake_X = ask(run.net_G, Z, y)
        loss_D = loss_D + update_D(X, fake_X, run, y)
        if i % run.critic_steps == 0:
            loss_G = loss_G + update_G(fake_X, run, y)
    n = num_batches(data.shape[0], batch_size)
    return (float(loss_D) / (n * batch_size),
            float(loss_G) / (n // run.critic_steps * batch_size))


# What a run starts with unless its settings say otherwise: the d2l chapter's
CHAPTER = dict(lr_D=0.05, lr_G=0.005, latent_dim=2, optimizer_D='adam', optimizer_G='adam',
               beta1=0.9, weight_init=lambda: init.Normal(0.02), average_from=None,
               loss='bce', real_label=1.0, saturating=False, penalty=None,
               penalty_weight=10.0, conditional=None, num_classes=None, critic_steps=1)


def start_run(net_D, net_G, data, settings):
    """Set a GAN up for training on `data` with `settings` (a recipe of
    d2l_gan.recipes, or any dict of CHAPTER's keys; the rest are the
    chapter's): initialize both nets on the device of `data`, compile them,
    give each its Trainer and draw the fixed noise whose examples `train`
    shows. Returns the Run."""
    unknown = set(settings) - set(CHAPTER) - NOT_RUN_SETTINGS
    if unknown:
        raise ValueError(f'{sorted(unknown)} are not settings of a run; choose from '
                         f'{sorted(CHAPTER)}')
    s = {**CHAPTER, **{k: v for k, v in settings.items() if k in CHAPTER}}
    check_penalty(s['penalty'], s['penalty_weight'])
    if not (isinstance(s['critic_steps'], int) and s['critic_steps'] >= 1):
        raise ValueError(f"critic_steps must be a whole number >= 1, got {s['critic_steps']!r}")
    ctx = data.ctx if hasattr(data, 'ctx') else mx.cpu()
    loss = make_loss(s['loss'])
    for net in (net_D, net_G):
        net.initialize(init=s['weight_init'](), force_reinit=True, ctx=ctx)
    # A gradient penalty differentiates D twice, which its cached graph cannot
    for net in (net_G, loss) if s['penalty'] else (net_D, net_G, loss):
        net.hybridize(static_alloc=True, static_shape=True)
    return Run(net_D, net_G, make_trainer(net_D, s['optimizer_D'], s['lr_D'], s['beta1']),
               make_trainer(net_G, s['optimizer_G'], s['lr_G'], s['beta1']), loss,
               s['latent_dim'], np.random.normal(0, 1, size=(64, s['latent_dim']), ctx=ctx),
               s['real_label'], s['saturating'], s['penalty'], s['penalty_weight'],
               s['conditional'], s['num_classes'], average_from=s['average_from'],
               critic_steps=s['critic_steps'])


# What a recipe holds besides a run's settings: its data, nets and loop
NOT_RUN_SETTINGS = {'data', 'image_shape', 'make_D', 'make_G', 'num_epochs', 'batch_size'}


def end_epoch(run, epoch, loss_D, loss_G):
    """Record a finished epoch in `run`; from epoch `run.average_from` on,
    fold G's weights into their running average."""
    start = run.average_from
    if start is not None and epoch >= start:
        weights = [p.data() for p in run.net_G.collect_params().values()]
        run.G_average = running_mean(run.G_average, weights, epoch - start + 1)
    run.epoch, run.loss_D, run.loss_G = epoch, loss_D, loss_G


def use_average(run):
    """Give G the weights averaged over the last epochs, if it kept an average;
    return whether it did."""
    for param, mean in zip(run.net_G.collect_params().values(), run.G_average):
        param.set_data(mean)
    return bool(run.G_average)


def linear_decay(run, start, num_epochs):
    """An `on_epoch` hook for `train(run, data, num_epochs, ...)`: epochs 1
    to `start` + 1 train with the run's learning rates, the later ones with
    less and less, down to 1/(num_epochs - start) of them in the last.
    Minibatch steps are noisy: smaller ones at the end let the generated
    points settle (notebook 05); they add no modes."""
    if not 0 <= start < num_epochs:
        raise ValueError(f'start must be in [0, {num_epochs}), got {start}')
    lr_D, lr_G = run.trainer_D.learning_rate, run.trainer_G.learning_rate

    def decay(run):  # after each epoch: the rates of the next one
        share = min(1.0, max(0.0, (num_epochs - run.epoch) / (num_epochs - start)))
        run.trainer_D.set_learning_rate(lr_D * share)
        run.trainer_G.set_learning_rate(lr_G * share)
    return decay


def train(run, data, num_epochs, batch_size, labels=None, show=show_scatter,
          plot_every=1, on_epoch=None):
    """Train the GAN of `run` on the rows of `data` up to epoch `num_epochs`
    (a restored run continues where it stopped); return the per-epoch mean
    losses. In Jupyter, d2l.Animator draws the losses every `plot_every`
    epochs (None: no figure), and `show` draws the real data beside examples
    of the run's fixed noise. `on_epoch(run)` is called after every epoch (to
    watch G learn, or to save a checkpoint). With one-hot `labels` for the
    rows of `data`, the GAN is conditional (notebook 06).
    """
    y_show = None if run.conditional is None else one_hot(  # each label or cluster in turn
        onp.arange(64) % run.num_classes, run.num_classes, run.Z_show.ctx)
    if labels is not None:
        check_labels(labels, data.shape[0])
    check_data(data, ask(run.net_G, run.Z_show, y_show).shape[1:], batch_size)
    if num_batches(data.shape[0], batch_size) < run.critic_steps:
        raise ValueError(f'an epoch of {num_batches(data.shape[0], batch_size)} minibatches '
                         f'has no G step with critic_steps={run.critic_steps}')
    animator = (loss_animator(num_epochs, 2.5 if show is show_scatter else 5)  # digits: larger
                if plot_every and in_notebook() else None)
    history, timer = {'loss_D': [], 'loss_G': []}, d2l.Timer()
    for epoch in range(run.epoch + 1, num_epochs + 1):
        loss_D, loss_G = train_epoch(run, data, batch_size, labels)
        history['loss_D'].append(loss_D)
        history['loss_G'].append(loss_G)
        end_epoch(run, epoch, loss_D, loss_G)
        if on_epoch:
            on_epoch(run)
        if animator and (epoch % plot_every == 0 or epoch == num_epochs):
            show(animator.axes[1], data[:100].asnumpy(),
                 ask(run.net_G, run.Z_show, y_show).asnumpy())
            animator.add(epoch, (loss_D, loss_G))
    if use_average(run) and animator:
        show(animator.axes[1], data[:100].asnumpy(), ask(run.net_G, run.Z_show, y_show).asnumpy())
    num_examples = len(history['loss_D']) * num_batches(data.shape[0], batch_size) * batch_size
    print(f'loss_D {run.loss_D:.3f}, loss_G {run.loss_G:.3f}, '
          f'{num_examples / timer.stop():.1f} examples/sec')
    return history

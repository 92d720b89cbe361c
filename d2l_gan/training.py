"""Training a GAN: one update for each player, and the loop around them."""
import mxnet as mx
from d2l import mxnet as d2l
from mxnet import autograd, gluon, init, np

from .data import check_data, check_labels, num_batches, shuffled_batches
from .models import ask
from .plot import in_notebook, loss_animator, show_scatter


def update_D(X, fake_X, net_D, loss, trainer_D, real_label=1.0, penalty=None,
             penalty_weight=10.0, labels=None):
    """Update the discriminator on real examples X and generated fake_X;
    return its summed loss.

    The loss stays on the device (no float()), so the loop does not wait for
    MXNet after every step. A `real_label` below 1 (e.g. 0.9) is one-sided
    label smoothing: D is never pushed to be certain about real data. With
    `penalty` ('r1' or 'gp', see gradient_penalty), D's loss also pays
    `penalty_weight` times a penalty on its gradient. A conditional D
    (notebook 06) also sees the `labels` of X, which fake_X was asked for.
    """
    batch_size = X.shape[0]
    reals = np.full((batch_size,), real_label, ctx=X.ctx)
    zeros = np.zeros((batch_size,), ctx=X.ctx)
    if labels is not None:  # they also enter G's recorded pass: detached,
        labels = labels.detach()  # this backward pass leaves them intact
    with autograd.record():
        real_Y = ask(net_D, X, labels)
        # The generator is not updated here: detach its output from the graph
        fake_Y = ask(net_D, fake_X.detach(), labels)
        loss_D = (loss(real_Y, reals) + loss(fake_Y, zeros)) / 2
        if penalty:  # notebook 05: a penalty on the gradient of D
            loss_D = loss_D + penalty_weight * gradient_penalty(
                net_D, X, fake_X, penalty, labels)
    loss_D.backward()
    trainer_D.step(batch_size)
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


def update_G(fake_X, net_D, loss, trainer_G, saturating=False, labels=None):
    """Update the generator that produced fake_X (recorded by autograd);
    return its summed loss.

    Generated examples are labelled 'real' (1): G gains when D is fooled.
    With saturating=True, G instead minimises minus D's loss on them, the
    original minimax game, whose gradient vanishes while D rejects them.
    A conditional D (notebook 06) judges them for the `labels` they were asked for.
    """
    batch_size = fake_X.shape[0]
    ones = np.ones((batch_size,), ctx=fake_X.ctx)
    with autograd.record():
        # D has just changed, so its verdict on fake_X must be computed anew
        fake_Y = ask(net_D, fake_X, labels)
        if saturating:
            loss_G = -loss(fake_Y, np.zeros_like(ones))
        else:
            loss_G = loss(fake_Y, ones)
    loss_G.backward()  # through D, then back into the generator's recorded pass
    trainer_G.step(batch_size)
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


def train_epoch(net_D, net_G, data, batch_size, latent_dim, loss, trainer_D,
                trainer_G, real_label=1.0, saturating=False, penalty=None,
                penalty_weight=10.0, labels=None):
    """One pass over `data`: a D step then a G step per minibatch.

    One generator pass serves both steps: update_D leaves G unchanged, so G's
    output for the same noise would be the same again. Returns the mean losses
    of D and G; float() at the end is the only time Python waits for MXNet in
    the whole epoch. With `labels` (notebook 06), G is asked for the labels of
    each real minibatch, and both players see them.
    """
    loss_D = loss_G = np.zeros((), ctx=data.ctx)  # summed on the device
    for batch in shuffled_batches(data, batch_size, labels):
        X, y = batch if labels is not None else (batch, None)
        Z = np.random.normal(0, 1, size=(X.shape[0], latent_dim), ctx=X.ctx)
        with autograd.record():  # recorded, for update_G's backward pass
            fake_X = ask(net_G, Z, y)
        loss_D = loss_D + update_D(X, fake_X, net_D, loss, trainer_D, real_label,
                                   penalty, penalty_weight, y)
        loss_G = loss_G + update_G(fake_X, net_D, loss, trainer_G, saturating, y)
    n = num_batches(data.shape[0], batch_size) * batch_size
    return float(loss_D) / n, float(loss_G) / n


def start_run(net_D, net_G, data, lr_D, lr_G, latent_dim, labels=None,
              weight_init=init.Normal(0.02), optimizer_D='adam',
              optimizer_G='adam', beta1=0.9, average_from=None, loss='bce',
              real_label=1.0, saturating=False, penalty=None, penalty_weight=10.0):
    """Set a GAN up for training: initialize both nets on the device of
    `data`, compile them, give each its Trainer, and draw the fixed noise
    whose examples `train` shows. Returns the run: what training changes
    (epoch, trainers, G's running average) and the game's settings, in one
    dict that the CLI saves as a checkpoint and continues from.
    """
    ctx = data.ctx if hasattr(data, 'ctx') else mx.cpu()
    check_penalty(penalty, penalty_weight)
    loss = make_loss(loss)
    net_D.initialize(init=weight_init, force_reinit=True, ctx=ctx)
    net_G.initialize(init=weight_init, force_reinit=True, ctx=ctx)
    Z_show = np.random.normal(0, 1, size=(64, latent_dim), ctx=ctx)
    y_show = None
    if labels is not None:  # fixed noise asked for the labels 0, 1, 2, ... in turn
        check_labels(labels, data.shape[0])
        y_show = np.eye(labels.shape[1], ctx=ctx)[np.arange(64, ctx=ctx) % labels.shape[1]]
    # A gradient penalty differentiates D twice, which its cached graph cannot
    for net in (net_G, loss) if penalty else (net_D, net_G, loss):
        net.hybridize(static_alloc=True, static_shape=True)
    return dict(epoch=0, net_D=net_D, net_G=net_G, Z_show=Z_show, y_show=y_show,
                trainer_D=make_trainer(net_D, optimizer_D, lr_D, beta1),
                trainer_G=make_trainer(net_G, optimizer_G, lr_G, beta1),
                loss=loss, game=dict(real_label=real_label, saturating=saturating,
                                     penalty=penalty, penalty_weight=penalty_weight),
                average_from=average_from, G_average=[])


def end_epoch(run, epoch, loss_D, loss_G):
    """Record a finished epoch in `run`; from epoch `average_from` on, fold
    G's weights into their running average."""
    start = run['average_from']
    if start is not None and epoch >= start:
        weights = [p.data() for p in run['net_G'].collect_params().values()]
        run['G_average'] = running_mean(run['G_average'], weights, epoch - start + 1)
    run.update(epoch=epoch, loss_D=loss_D, loss_G=loss_G)


def use_average(run):
    """Give G the weights averaged over the last epochs, if it kept an average;
    return whether it did."""
    for param, mean in zip(run['net_G'].collect_params().values(), run['G_average']):
        param.set_data(mean)
    return bool(run['G_average'])


def linear_decay(lr_D, lr_G, start, num_epochs):
    """An `on_epoch` hook for `train(..., num_epochs, lr_D, lr_G)`: epochs 1
    to `start` + 1 train with the full learning rates, the later ones with
    less and less, down to lr_D/(num_epochs - start) and lr_G/(num_epochs -
    start) in the last. Minibatch steps are noisy: smaller ones at the end let
    the generated points settle (notebook 05); they add no modes."""
    if not 0 <= start < num_epochs:
        raise ValueError(f'start must be in [0, {num_epochs}), got {start}')

    def decay(run):  # after each epoch: the rates of the next one
        share = min(1.0, max(0.0, (num_epochs - run['epoch']) / (num_epochs - start)))
        run['trainer_D'].set_learning_rate(lr_D * share)
        run['trainer_G'].set_learning_rate(lr_G * share)
    return decay


def train(net_D, net_G, data, num_epochs, lr_D, lr_G, latent_dim,
          batch_size=8, show=show_scatter, plot_every=1, on_epoch=None,
          labels=None, run=None, **options):
    """Train a GAN on the rows of `data`; return the per-epoch mean losses.

    The defaults are the d2l chapter's; `options` go to start_run (weight
    initialisation, optimizers, beta1, weight averaging, the game), and each
    course model's are in d2l_gan.recipes. In Jupyter, d2l.Animator draws the
    losses every `plot_every` epochs (None: no figure), and `show` draws the
    real data beside examples of fixed noise. `on_epoch(run)` is called after
    every epoch (to watch G learn, or to save a checkpoint); a restored `run`
    continues where it stopped. With one-hot `labels` for the rows of `data`,
    the GAN is conditional (notebook 06): both nets take them as a second input.
    """
    run = run or start_run(net_D, net_G, data, lr_D, lr_G, latent_dim, labels, **options)
    Z, y = run['Z_show'], run['y_show']
    check_data(data, ask(net_G, Z, y).shape[1:], batch_size)
    animator = loss_animator(num_epochs) if plot_every and in_notebook() else None
    history, timer = {'loss_D': [], 'loss_G': []}, d2l.Timer()
    for epoch in range(run['epoch'] + 1, num_epochs + 1):
        loss_D, loss_G = train_epoch(net_D, net_G, data, batch_size, latent_dim,
                                     run['loss'], run['trainer_D'], run['trainer_G'],
                                     labels=labels, **run['game'])
        history['loss_D'].append(loss_D)
        history['loss_G'].append(loss_G)
        end_epoch(run, epoch, loss_D, loss_G)
        if on_epoch:
            on_epoch(run)
        if animator and (epoch % plot_every == 0 or epoch == num_epochs):
            show(animator.axes[1], data[:100].asnumpy(), ask(net_G, Z, y).asnumpy())
            animator.add(epoch, (loss_D, loss_G))
    if use_average(run) and animator:
        show(animator.axes[1], data[:100].asnumpy(), ask(net_G, Z, y).asnumpy())
    num_examples = len(history['loss_D']) * num_batches(data.shape[0], batch_size) * batch_size
    print(f'loss_D {run["loss_D"]:.3f}, loss_G {run["loss_G"]:.3f}, '
          f'{num_examples / timer.stop():.1f} examples/sec')
    return history

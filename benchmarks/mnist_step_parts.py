"""Where the time of notebook 02's training step goes (recipe 'mnist', batch 256).

Prints milliseconds and GFLOP/s for each part (forward, forward+backward of
each net), one iteration of the d2l chapter's step (the generator runs forward
in update_D and again in update_G) and one of the course's (d2l_gan's
train_epoch: one generator forward serves both updates, as in TensorFlow's
tutorial step). 300 iterations each after 30 warm-up ones, with
one wait for MXNet at each end. MFLOP counts 2 x multiply-adds of the dense
layers only; TensorFlow's tutorial step does 5 D + 3 G of them (it reuses D's
verdict on the fakes for G's loss) against the course's 7 D + 3 G
(the chapter's: 7 D + 4 G). Run alone:
    .venv/bin/python benchmarks/mnist_step_parts.py
"""
import time

from mxnet import autograd, gluon, np, npx

import d2l_gan
from d2l_gan.recipes import RECIPES, make_nets

R = RECIPES['mnist']
B = R['batch_size']
DIMS_G = [R['latent_dim'], 100, 128, 128, 256, 784]
DIMS_D = [784, 128, 128, 128, 1]


def flops(dims):
    """Multiply-adds x 2 of one forward pass of an MLP at batch B."""
    return 2 * B * sum(a * b for a, b in zip(dims, dims[1:]))


def setup():
    net_D, net_G = make_nets('mnist')
    for net in (net_D, net_G):
        net.initialize(R['weight_init']())
    loss = gluon.loss.SigmoidBCELoss()
    for net in (net_D, net_G, loss):
        net.hybridize(static_alloc=True, static_shape=True)
    trainer_D = d2l_gan.make_trainer(net_D, R['optimizer_D'], R['lr_D'], R['beta1'])
    trainer_G = d2l_gan.make_trainer(net_G, R['optimizer_G'], R['lr_G'], R['beta1'])
    return net_D, net_G, loss, trainer_D, trainer_G


def milliseconds(step, repeats=300):
    for _ in range(30):
        step()
    npx.waitall()
    tic = time.perf_counter()
    for _ in range(repeats):
        step()
    npx.waitall()
    return (time.perf_counter() - tic) / repeats * 1e3


def main():
    d2l_gan.set_seed(0)
    net_D, net_G, loss, trainer_D, trainer_G = setup()
    X = d2l_gan.to_pixels(d2l_gan.load_mnist()[0])[:B]
    Z = np.random.normal(0, 1, size=(B, R['latent_dim']))
    net_D(X), net_G(Z)

    def forward_backward(net, inputs):
        def step():
            with autograd.record():
                out = net(inputs).sum()
            out.backward()
        return step

    def book_iteration():  # the d2l chapter's step: G runs in both updates
        with autograd.record():
            loss_D = (loss(net_D(X), np.full((B,), R['real_label'])) +
                      loss(net_D(net_G(Z).detach()), np.zeros(B))) / 2
        loss_D.backward()
        trainer_D.step(B)
        with autograd.record():
            loss_G = loss(net_D(net_G(Z)), np.ones(B))
        loss_G.backward()
        trainer_G.step(B)

    def course_iteration():  # d2l_gan.train_epoch's step: one G forward
        with autograd.record():
            fake_X = net_G(Z)
        d2l_gan.update_D(X, fake_X, net_D, loss, trainer_D, R['real_label'])
        d2l_gan.update_G(fake_X, net_D, loss, trainer_G)

    G, D = flops(DIMS_G), flops(DIMS_D)
    rows = [('G forward', lambda: net_G(Z), G),
            ('D forward', lambda: net_D(X), D),
            ('G forward + backward', forward_backward(net_G, Z), 3 * G),
            ('D forward + backward', forward_backward(net_D, X), 3 * D),
            # D step: D on real and fake, forward + weight gradients (4D), G
            # forward (G); G step: G forward, D forward, D backward with input
            # gradients (3D), G backward (2G)
            ('d2l chapter iteration (G forward in each update)', book_iteration,
             7 * D + 4 * G),
            ('course iteration (one G forward for both updates)', course_iteration,
             7 * D + 3 * G)]
    print(f'| part (batch {B}) | ms | MFLOP | GFLOP/s | images/s |')
    print('|---|---:|---:|---:|---:|')
    for name, step, work in rows:
        ms = milliseconds(step)
        ips = f'{B / ms * 1e3:,.0f}' if 'iteration' in name else ''
        print(f'| {name} | {ms:.2f} | {work / 1e6:,.0f} | {work / ms / 1e6:.0f} | {ips} |',
              flush=True)


if __name__ == '__main__':
    main()

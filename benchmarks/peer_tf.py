"""The MLP GAN's training speed next to its TensorFlow original, in one run.

The seed tutorial trains this GAN in TensorFlow: Keras Dense layers of the same
sizes, one `tf.function` step that draws noise, runs G once and D on real and
fake, and applies RMSprop to D and Adam to G, batch 256. This script times that
step and the course's `d2l_gan.train` (recipe 'mnist') on the same 5,000
digits, alternately (course, TF, course, TF, ...), each in a fresh process, and
prints images/s of each with the median ratio.

TensorFlow is not a course dependency: it lives in a throw-away venv,
    make bench-peer          # creates .venv-tf (tensorflow-cpu) and runs this
or by hand:
    python3.11 -m venv .venv-tf && .venv-tf/bin/pip install tensorflow-cpu==2.21.0
    .venv/bin/python benchmarks/peer_tf.py
Internally it re-runs itself as `... peer_tf.py course` (in .venv) and
`... peer_tf.py tf` (in .venv-tf); each prints one number, images/s.
"""
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TF_PYTHON = ROOT / '.venv-tf' / 'bin' / 'python'
EPOCHS = 10     # timed, after one warm-up epoch
BATCH = 256


def digits():
    """The offline sample as float32 rows in [-1, 1] (NumPy only)."""
    import numpy as np
    with np.load(ROOT / 'd2l_gan' / 'assets' / 'mnist_sample.npz') as f:
        images = f['images']
    return images.reshape(len(images), -1).astype(np.float32) / 127.5 - 1


def course_images_per_second():
    from harness import train_quietly

    import d2l_gan
    from d2l_gan.recipes import make_nets, run_settings
    data = d2l_gan.to_pixels(d2l_gan.load_mnist()[0])
    ends = []
    d2l_gan.set_seed(0)
    train_quietly(*make_nets('mnist'), data, run_settings('mnist', num_epochs=EPOCHS + 1),
                  on_epoch=lambda run: ends.append(time.perf_counter()))
    return len(data) // BATCH * BATCH * EPOCHS / (ends[-1] - ends[0])


def tf_images_per_second():
    """The tutorial's models and training step, as it writes them."""
    import tensorflow as tf
    from tensorflow import keras

    def mlp(units, last):
        layers = []
        for n in units:
            layers += [keras.layers.Dense(n), keras.layers.LeakyReLU(0.01)]
        return keras.Sequential(layers + [last])
    generator = keras.Sequential([keras.layers.Dense(100),
                                  mlp([128, 128, 256], keras.layers.Dense(784, activation='tanh'))])
    discriminator = mlp([128, 128, 128], keras.layers.Dense(1))
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    opt_G = keras.optimizers.Adam(learning_rate=2e-4)
    opt_D = keras.optimizers.RMSprop(learning_rate=2e-4)

    @tf.function
    def step(images):
        noise = tf.random.normal((BATCH, 100))
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = generator(noise)
            real_Y, fake_Y = discriminator(images), discriminator(fake)
            loss_D = bce(tf.ones_like(real_Y) * 0.9, real_Y) + \
                bce(tf.zeros_like(fake_Y), fake_Y)
            loss_G = bce(tf.ones_like(fake_Y), fake_Y)
        opt_D.apply_gradients(zip(d_tape.gradient(loss_D, discriminator.trainable_variables),
                                  discriminator.trainable_variables))
        opt_G.apply_gradients(zip(g_tape.gradient(loss_G, generator.trainable_variables),
                                  generator.trainable_variables))

    data = digits()
    dataset = tf.data.Dataset.from_tensor_slices(data).shuffle(len(data)).batch(
        BATCH, drop_remainder=True)
    ends = []
    for _ in range(EPOCHS + 1):
        for images in dataset:
            step(images)
        float(opt_G.iterations)  # wait for the last step
        ends.append(time.perf_counter())
    return len(data) // BATCH * BATCH * EPOCHS / (ends[-1] - ends[0])


def measure(which, repeats=3):
    """Run course and TF alternately in fresh processes; print the table."""
    if not TF_PYTHON.exists():
        sys.exit(f'{TF_PYTHON} is missing: run `make bench-peer` (or see this '
                 f"script's docstring) to create the TensorFlow venv")
    pythons = {'course': sys.executable, 'tf': str(TF_PYTHON)}
    figures = {'course': [], 'tf': []}
    for _ in range(repeats):
        for name in which:
            out = subprocess.run([pythons[name], __file__, name], check=True,
                                 capture_output=True, text=True).stdout
            figures[name].append(float(out.split()[-1]))
    ratios = [c / t for c, t in zip(figures['course'], figures['tf'])]
    print('| loop | images/s (median of %d) | all runs |' % repeats)
    print('|---|---:|---|')
    for name, label in [('course', 'course d2l_gan.train (MXNet)'),
                        ('tf', "seed tutorial's step (TensorFlow)")]:
        runs = ', '.join(f'{x:,.0f}' for x in figures[name])
        print(f'| {label} | {statistics.median(figures[name]):,.0f} | {runs} |')
    print(f'course / TF, pair by pair: median {statistics.median(ratios):.2f}x '
          f'(min {min(ratios):.2f}, max {max(ratios):.2f})')


if __name__ == '__main__':
    if sys.argv[1:] == ['course']:
        print(course_images_per_second())
    elif sys.argv[1:] == ['tf']:
        print(tf_images_per_second())
    else:
        measure(['course', 'tf'])

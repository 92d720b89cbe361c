"""One seed for every random generator a run uses."""
import random

import mxnet as mx
import numpy as onp


def set_seed(seed):
    """Seed Python's, NumPy's and MXNet's random generators.

    The same seed then repeats a run exactly on the same machine.
    """
    random.seed(seed)
    onp.random.seed(seed)
    mx.random.seed(seed)


def epoch_seed(seed, epoch):
    """A seed for epoch `epoch` of a run seeded with `seed`: a run resumed from
    a checkpoint then draws the same numbers as one that never stopped."""
    return int(onp.random.SeedSequence([seed, epoch]).generate_state(1)[0])

"""Suite-wide pytest settings: the order in which work reaches the workers.

`make test` runs two workers, each taking a whole notebook (or test module)
at a time. Handed out in collection order, the longest notebooks could start
last and leave one worker idle for minutes at the end. So notebooks go first,
longest first, by the run time their saved outputs record
(d2l_gan.course.run_seconds), and the unit-test modules, each short, fill
the gaps at the end. Each file's items stay together and in their order.

The notebooks run with every training epoch shortened to a tenth of its
minibatches (D2L_GAN_EPOCH_SHARE, read by d2l_gan.data.epoch_share): every
cell still runs, on a GAN trained a tenth as long. Set it to 1 for a full run.
"""
import os
from functools import lru_cache
from pathlib import Path

from d2l_gan.course import run_seconds

os.environ.setdefault('D2L_GAN_EPOCH_SHARE', '0.1')


@lru_cache(maxsize=None)
def recorded_seconds(path):
    """The saved run time of a notebook (0 for a file that is not one, or
    a notebook saved without a timed run)."""
    if path.suffix != '.ipynb':
        return 0.0
    try:
        return run_seconds(path)
    except ValueError:
        return 0.0


def pytest_collection_modifyitems(items):
    order = {}  # each file's place in the original collection
    for item in items:
        order.setdefault(Path(item.fspath), len(order))
    items.sort(key=lambda item: (-recorded_seconds(Path(item.fspath)),
                                 order[Path(item.fspath)]))

import os

import pytest

os.environ.setdefault('MPLBACKEND', 'Agg')


@pytest.fixture(autouse=True)
def full_epochs(monkeypatch):
    """Unit tests check what training does, so their epochs run whole: the
    suite's shortened epochs (conftest.py at the top) are for notebooks."""
    monkeypatch.delenv('D2L_GAN_EPOCH_SHARE', raising=False)

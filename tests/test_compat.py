"""d2l_gan.compat: MXNet 1.9.1 on Python 3.12 and 3.13, nothing changed on 3.11."""
import re
import sys
from pathlib import Path

import numpy
import pytest

from d2l_gan import compat

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize('python', [(3, 11), (3, 12), (3, 13)])
def test_numpy_2_is_refused_in_one_line_naming_the_locked_numpy(python):
    """The version named is the one that Python's lock installs."""
    lock = (ROOT / f'requirements-{python[0]}.{python[1]}.lock').read_text()
    locked = re.search(r'^numpy==(\S+)$', lock, re.M).group(1)
    with pytest.raises(ImportError, match=r'MXNet 1\.9\.1 does not work with numpy') as error:
        compat.check(numpy_version=(2, 1), has_distutils=True, python=python)
    assert f'install numpy {locked} ' in str(error.value)
    assert '\n' not in str(error.value)


def test_a_python_without_distutils_is_told_to_install_setuptools():
    with pytest.raises(ImportError, match='install setuptools'):
        compat.check(numpy_version=(1, 26), has_distutils=False)
    compat.check(numpy_version=(1, 26), has_distutils=True)


def test_what_the_running_python_needs_and_no_more():
    if compat.NUMPY < (1, 24):  # Python 3.11 with numpy 1.23.5: nothing is changed
        assert sys.version_info[:2] == (3, 11)
        assert 'bool' not in vars(numpy)
    else:                       # Python 3.12 and 3.13 with numpy 1.26.4: the alias is back
        assert numpy.bool is bool
    import mxnet.numpy  # noqa: F401  (uses numpy.bool as it is imported)

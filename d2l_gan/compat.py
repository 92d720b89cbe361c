"""Lets MXNet 1.9.1, the last release, import on Python 3.12 and 3.13.

Import it before MXNet (``import d2l_gan`` does). With numpy 1.23.5, the
course's version on Python 3.11, it changes nothing. MXNet 1.9.1 uses the
alias ``numpy.bool``, which numpy 1.24 removed: it is set back to ``bool``.
It also imports ``distutils``, which Python 3.12 removed and setuptools
provides. numpy 2 changed more than an alias, so it is refused by name.
"""
import importlib.util
import sys

import numpy

NUMPY = tuple(int(part) for part in numpy.__version__.split('.')[:2])


def locked_numpy(python=sys.version_info[:2]):
    """The numpy version the course's lock installs on this Python."""
    return '1.23.5' if python < (3, 12) else '1.26.4'


def check(numpy_version=NUMPY, has_distutils=None, python=sys.version_info[:2]):
    """Raise ImportError, in one line, for what MXNet 1.9.1 cannot import with."""
    if numpy_version >= (2, 0):
        raise ImportError(
            f'MXNet 1.9.1 does not work with numpy {numpy.__version__}: install numpy '
            f'{locked_numpy(python)} (make install; on Google Colab, run the first cell, '
            'then restart the session)')
    if has_distutils is None:
        has_distutils = importlib.util.find_spec('distutils') is not None
    if not has_distutils:
        raise ImportError(f'MXNet 1.9.1 imports distutils, which Python '
                          f'{sys.version_info[0]}.{sys.version_info[1]} does not have: '
                          'install setuptools')


check()
if NUMPY >= (1, 24):  # numpy 1.24 removed the alias; MXNet 1.9.1 still uses it
    numpy.bool = bool

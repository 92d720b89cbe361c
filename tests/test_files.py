"""Files are written whole or not at all, and hashed the same way everywhere."""
import stat

import pytest

from d2l_gan.files import atomic_path, file_hash, write_atomic


def test_write_atomic_replaces_the_file_and_leaves_nothing_else(tmp_path):
    target = tmp_path / 'summary.md'
    write_atomic(target, 'x')
    write_atomic(target, b'y\n')
    assert target.read_bytes() == b'y\n'
    assert [p.name for p in tmp_path.iterdir()] == ['summary.md']
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / 'data.bin'
    write_atomic(target, b'old')
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b'half')
            raise RuntimeError('interrupted')
    assert target.read_bytes() == b'old'
    assert [p.name for p in tmp_path.iterdir()] == ['data.bin']


def test_the_temporary_file_is_beside_the_target(tmp_path):
    with atomic_path(tmp_path / 'x.npz') as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith('x.npz.')
        tmp.write_bytes(b'1')
    assert (tmp_path / 'x.npz').read_bytes() == b'1'


def test_file_hash_gives_the_published_digests(tmp_path):
    path = tmp_path / 'abc'
    path.write_bytes(b'abc')
    assert file_hash(path) == \
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    assert file_hash(path, 'md5') == '900150983cd24fb0d6963f7d28e17f72'

"""Files written whole or not at all, their checksums, and folders made, checked
and held by one writer."""
import contextlib
import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

import numpy as onp


class FolderError(ValueError):
    """A folder that cannot be made or written to, named in one line."""


def writable_dir(path):
    """Create `path` if missing; FolderError unless we can write files there."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FolderError(f'cannot create output folder {path}: {e.strerror}')
    if not os.access(path, os.W_OK):
        raise FolderError(f'output folder {path} is not writable')
    return path


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside `path` to write to; it becomes `path` only
    when the block ends without an error, and is removed otherwise, so `path`
    is never left half-written."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + '.',
                               suffix='.tmp')
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; these are for sharing
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_atomic(path, data):
    """Write bytes (or text, as UTF-8) to `path` whole or not at all."""
    if isinstance(data, str):
        data = data.encode('utf-8')
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_npy(path, array):
    """Save `array` as a .npy file, whole or not at all, into a folder made if
    missing."""
    path = Path(path)
    writable_dir(path.parent)
    with atomic_path(path) as tmp, open(tmp, 'wb') as f:
        onp.save(f, array)


def file_hash(path, algorithm='sha256'):
    """Hex digest of a file ('sha256', 'md5', ...), read in chunks."""
    digest = hashlib.new(algorithm)
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def held_folder(folder):
    """Hold `folder` for this process while the block runs; BlockingIOError if
    another process holds it. The operating system lets go when the holder
    ends, even when it is killed, so a crashed run never leaves it stuck."""
    with open(Path(folder) / '.lock', 'a') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

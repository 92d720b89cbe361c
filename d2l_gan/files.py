"""Files written whole or not at all, and their checksums."""
import contextlib
import hashlib
import os
import tempfile
from pathlib import Path


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


def file_hash(path, algorithm='sha256'):
    """Hex digest of a file ('sha256', 'md5', ...), read in chunks."""
    digest = hashlib.new(algorithm)
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()

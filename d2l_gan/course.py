"""The course's table of contents: which notebooks there are and how long each
ran; and the figures of benchmarks/ that the notebooks quote.

Run times are read from the notebooks' saved outputs (the timestamps Jupyter
records for every executed cell), so the index can never quote a stale figure.
"""
import json
from datetime import datetime
from pathlib import Path


def _stamp(text):
    """A Jupyter timestamp such as '2026-11-25T17:13:28.431603Z' as a datetime."""
    return datetime.fromisoformat(text.rstrip('Z'))


def run_seconds(path):
    """Seconds from the first cell's start to the last cell's end in the
    notebook's saved run; ValueError if it was saved without a timed run."""
    path = Path(path)
    cells = json.loads(path.read_text(encoding='utf-8'))['cells']
    times = [c['metadata'].get('execution', {}) for c in cells
             if c['cell_type'] == 'code']
    times = [t for t in times
             if 'iopub.execute_input' in t and 'shell.execute_reply' in t]
    if not times:
        raise ValueError(f'{path}: no timed run saved (execute it with '
                         f'jupyter nbconvert --execute or in Jupyter first)')
    return (_stamp(times[-1]['shell.execute_reply'])
            - _stamp(times[0]['iopub.execute_input'])).total_seconds()


def run_times(folder='.', skip=('00_index.ipynb',)):
    """{notebook file name: seconds of its saved run} for the course notebooks
    in `folder`, in course order; the index itself is skipped."""
    paths = sorted(p for p in Path(folder).glob('[0-9][0-9]_*.ipynb')
                   if p.name not in skip)
    if not paths:
        raise ValueError(f'no course notebooks (NN_name.ipynb) in {folder}')
    return {p.name: run_seconds(p) for p in paths}


BENCHMARKS = Path(__file__).resolve().parents[1] / 'benchmarks'


def benchmark(name):
    """The figures that a script of benchmarks/ saved in the JSON file `name`."""
    path = BENCHMARKS / name
    if not path.is_file():
        raise FileNotFoundError(f'{path} not found: the notebooks read benchmarks/ from a '
                                'clone of the course')
    return json.loads(path.read_text())

"""Execute every course notebook headless; write executed copies, HTML and a summary.

Usage: python tools/build_course.py NOTEBOOK_DIR OUT_DIR
Writes OUT_DIR/<lang>/<name>.ipynb, OUT_DIR/<lang>/<name>.html and
OUT_DIR/summary.md (notebook, seconds, key figure). The key figure is the last
line printed by the notebook's cell tagged `key-figure`.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from d2l_gan.files import write_atomic


def key_figure(nb):
    """Last printed line of the cell tagged `key-figure`, or '' if none."""
    for cell in nb.cells:
        if 'key-figure' in cell.get('metadata', {}).get('tags', []):
            text = ''.join(o.get('text', '') for o in cell.get('outputs', [])
                           if o.get('output_type') == 'stream')
            lines = [l for l in text.splitlines() if l.strip()]
            return lines[-1] if lines else ''
    return ''


def build(nb_path, out_dir):
    """Execute one notebook in its own folder; return (seconds, key figure)."""
    nb = nbformat.read(nb_path, as_version=4)
    start = time.perf_counter()
    # The kernel listens on 127.0.0.1 only; its log level ERROR drops the
    # warning ipykernel 7 prints on every start about unencrypted TCP.
    NotebookClient(nb, timeout=1800, kernel_name='python3',
                   extra_arguments=['--IPKernelApp.log_level=ERROR'],
                   resources={'metadata': {'path': str(nb_path.parent)}}).execute()
    seconds = time.perf_counter() - start
    target = out_dir / nb_path.parent.name / nb_path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, nbformat.writes(nb))
    html, _ = HTMLExporter().from_notebook_node(nb)
    write_atomic(target.with_suffix('.html'), html)
    return seconds, key_figure(nb)


def main(nb_dir, out_dir):
    nb_dir, out_dir = Path(nb_dir), Path(out_dir)
    notebooks = sorted(nb_dir.glob('*/*.ipynb'))
    if not notebooks:
        sys.exit(f'no notebooks found under {nb_dir}/<lang>/')
    rows = ['| notebook | seconds | key figure |', '|---|---:|---|']
    for i, path in enumerate(notebooks, 1):
        name = f'{path.parent.name}/{path.name}'
        print(f'[{i}/{len(notebooks)}] {name} ...', flush=True)
        seconds, figure = build(path, out_dir)
        print(f'      {seconds:.0f} s  {figure}', flush=True)
        rows.append(f'| {name} | {seconds:.0f} | {figure} |')
    summary = '\n'.join(rows) + '\n'
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / 'summary.md', summary)
    print('\n' + summary + f'\nExecuted notebooks and HTML are in {out_dir}/')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])

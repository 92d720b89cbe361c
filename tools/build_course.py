"""Execute every course notebook headless; write executed copies, HTML and a summary.

Usage: python tools/build_course.py NOTEBOOK_DIR OUT_DIR
Writes OUT_DIR/<lang>/<name>.ipynb, OUT_DIR/<lang>/<name>.html,
OUT_DIR/summary.md (notebook, seconds, key figure) and OUT_DIR/index.html, a
first page that opens each language's 00_index. The key figure is the last
line printed by the notebook's cell tagged `key-figure`. The HTML works
offline: MathJax is copied into OUT_DIR/mathjax and no page loads a script
from the internet.
"""
import os
import re
import shutil
import sys
import time
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from d2l_gan.data import EPOCH_SHARE
from d2l_gan.files import write_atomic

MATHJAX = Path(jupyter_server_mathjax.__file__).parent / 'static'
TEMPLATES = Path(__file__).parent / 'html_template'
NOTEBOOK_LINK = re.compile(r'(\]\((?![a-z]+://)[^)\s]+?)\.ipynb([#)])')  # local links only
LANGUAGES = {'en': 'English', 'tr': 'Türkçe'}


def key_figure(nb):
    """Last printed line of the cell tagged `key-figure`, or '' if none."""
    for cell in nb.cells:
        if 'key-figure' in cell.get('metadata', {}).get('tags', []):
            text = ''.join(o.get('text', '') for o in cell.get('outputs', [])
                           if o.get('output_type') == 'stream')
            lines = [l for l in text.splitlines() if l.strip()]
            return lines[-1] if lines else ''
    return ''


def for_readers(nb):
    """The notebook as a reader's page: the test suite's cell tags dropped,
    links to other notebooks pointed at their HTML pages."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        tags = cell.get('metadata', {}).get('tags')
        if tags:
            cell.metadata['tags'] = [t for t in tags if not t.startswith('nbval-')]
        if cell.cell_type == 'markdown':
            cell.source = NOTEBOOK_LINK.sub(r'\1.html\2', cell.source)
    return nb


def to_html(nb, depth):
    """HTML of an executed notebook `depth` folders below the build's root,
    where the build's own copy of MathJax lives."""
    exporter = HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES)], template_name='course',
        mathjax_url='../' * depth + 'mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe')
    html, _ = exporter.from_notebook_node(for_readers(nb))
    return html


def first_page(out_dir):
    """OUT_DIR/index.html: the course's front door, one link per language."""
    links = '\n'.join(f'<li><a href="{lang}/00_index.html">{name}</a></li>'
                       for lang, name in LANGUAGES.items()
                       if (out_dir / lang / '00_index.html').exists())
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            '<title>d2l-gan</title></head>\n<body><h1>Generative Adversarial Networks / '
            'Çekişmeli Üretici Ağlar</h1>\n<ul>\n' + links + '\n</ul></body></html>\n')


def copy_mathjax(out_dir):
    """Copy MathJax into OUT_DIR/mathjax whole: copied aside, then renamed."""
    aside = out_dir / 'mathjax.partial'
    shutil.rmtree(aside, ignore_errors=True)
    shutil.copytree(MATHJAX, aside)
    shutil.rmtree(out_dir / 'mathjax', ignore_errors=True)
    aside.rename(out_dir / 'mathjax')


def build(nb_path, out_dir, nb_dir):
    """Execute one notebook in its own folder; return (seconds, key figure)."""
    nb = nbformat.read(nb_path, as_version=4)
    start = time.perf_counter()
    # The kernel listens on 127.0.0.1 only; its log level ERROR drops the
    # warning ipykernel 7 prints on every start about unencrypted TCP.
    NotebookClient(nb, timeout=1800, kernel_name='python3',
                   extra_arguments=['--IPKernelApp.log_level=ERROR'],
                   resources={'metadata': {'path': str(nb_path.parent)}}).execute()
    seconds = time.perf_counter() - start
    relative = nb_path.relative_to(nb_dir)
    target = out_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, nbformat.writes(nb))
    write_atomic(target.with_suffix('.html'), to_html(nb, len(relative.parts) - 1))
    return seconds, key_figure(nb)


def main(nb_dir, out_dir):
    nb_dir, out_dir = Path(nb_dir), Path(out_dir)
    # the course as students run it: never the test suite's shortened epochs
    os.environ.pop(EPOCH_SHARE, None)
    notebooks = sorted(p for p in nb_dir.glob('*/**/*.ipynb')
                       if '.ipynb_checkpoints' not in p.parts)
    if not notebooks:
        sys.exit(f'no notebooks found under {nb_dir}/<lang>/')
    rows = ['| notebook | seconds | key figure |', '|---|---:|---|']
    for i, path in enumerate(notebooks, 1):
        name = path.relative_to(nb_dir).as_posix()
        print(f'[{i}/{len(notebooks)}] {name} ...', flush=True)
        seconds, figure = build(path, out_dir, nb_dir)
        print(f'      {seconds:.0f} s  {figure}', flush=True)
        rows.append(f'| {name} | {seconds:.0f} | {figure} |')
    summary = '\n'.join(rows) + '\n'
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / 'summary.md', summary)
    copy_mathjax(out_dir)
    write_atomic(out_dir / 'index.html', first_page(out_dir))
    print('\n' + summary + f'\nExecuted notebooks and HTML are in {out_dir}/; '
          f'open {out_dir}/index.html')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])

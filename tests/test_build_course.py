"""tools/build_course.py: the summary's key figure and HTML that works offline."""
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location('build_course', ROOT / 'tools' / 'build_course.py')
build_course = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_course)


def test_key_figure_is_the_last_printed_line_of_the_tagged_cell():
    nb = new_notebook(cells=[
        new_code_cell('print(1)', outputs=[new_output('stream', name='stdout', text='noise\n')]),
        new_code_cell('x', metadata={'tags': ['key-figure']}, outputs=[
            new_output('stream', name='stdout', text='table\nFD 0.0123\n\n')]),
    ])
    assert build_course.key_figure(nb) == 'FD 0.0123'
    assert build_course.key_figure(new_notebook()) == ''


def test_every_course_notebook_has_a_key_figure_cell():
    for path in sorted((ROOT / 'notebooks').glob('*/*.ipynb')):
        nb = nbformat.read(path, as_version=4)
        assert build_course.key_figure(nb), f'{path} has no key-figure output'


REMOTE_SCRIPT = re.compile(r'<script[^>]+src="(?:https?:)?//', re.IGNORECASE)


def test_readers_see_links_to_html_pages():
    nb = new_notebook(cells=[
        new_code_cell('print(1)', metadata={'tags': ['nbval-check-output']}),
        new_markdown_cell('[next](02_b.ipynb) · [index](00_index.ipynb#top) · '
                          '[paper](https://arxiv.org/abs/1406.2661) · `x.ipynb` · '
                          '[Colab](https://colab.research.google.com/github/o/r/blob/v1/02_b.ipynb)'),
    ])
    page = build_course.for_readers(nb)
    assert page.cells[0].metadata['tags'] == [], 'nbval tags are not for readers'
    assert page.cells[1].source == (
        '[next](02_b.html) · [index](00_index.html#top) · '
        '[paper](https://arxiv.org/abs/1406.2661) · `x.ipynb` · '
        '[Colab](https://colab.research.google.com/github/o/r/blob/v1/02_b.ipynb)')
    assert nb.cells[1].source.startswith('[next](02_b.ipynb)'), 'the source is unchanged'


@pytest.mark.parametrize('lang', ['en', 'tr'])
def test_course_html_loads_no_script_from_the_internet(lang):
    # the index and the notebook with the most equations, as make course writes them
    for name in ('00_index.ipynb', '01_gaussian_gan.ipynb'):
        nb = nbformat.read(ROOT / 'notebooks' / lang / name, as_version=4)
        html = build_course.to_html(nb, depth=1)
        assert not REMOTE_SCRIPT.search(html), f'{lang}/{name} loads a remote script'
        assert '<script src="../mathjax/MathJax.js?config=' in html
        assert 'nbval' not in html, 'cell tags are not shown'
        assert 'webFont: "STIX-Web"' in html, 'the only fonts the build has'
    assert (build_course.MATHJAX / 'fonts' / 'HTML-CSS' / 'STIX-Web').is_dir()
    assert (build_course.MATHJAX / 'MathJax.js').is_file()
    assert (build_course.MATHJAX / 'config' / 'TeX-AMS-MML_HTMLorMML-full.js').is_file()


def test_first_page_links_each_built_language(tmp_path):
    (tmp_path / 'tr').mkdir()
    (tmp_path / 'tr' / '00_index.html').write_text('x')
    page = build_course.first_page(tmp_path)
    assert 'href="tr/00_index.html"' in page and 'en/00_index.html' not in page


def test_make_course_builds_index_solutions_and_mathjax(tmp_path, monkeypatch):
    monkeypatch.setenv('D2L_GAN_EPOCH_SHARE', '0.1')  # as the test suite sets it
    # a two-page course in one language: the index and a solutions notebook
    src = tmp_path / 'notebooks' / 'en'
    (src / 'solutions').mkdir(parents=True)
    index = new_notebook(cells=[
        new_markdown_cell('$x^2$ [answers](solutions/01_solutions.ipynb)'),
        new_code_cell("print('course 1 min')",
                      metadata={'tags': ['key-figure', 'nbval-check-output']})])
    nbformat.write(index, src / '00_index.ipynb')
    nbformat.write(new_notebook(cells=[new_markdown_cell('[back](../00_index.ipynb)'),
                                       new_code_cell('import d2l_gan\n'
                                                     'print(6 * 7, d2l_gan.epoch_share())')]),
                   src / 'solutions' / '01_solutions.ipynb')
    out = tmp_path / 'build'
    build_course.main(tmp_path / 'notebooks', out)
    page = (out / 'en' / '00_index.html').read_text()
    assert 'href="solutions/01_solutions.html"' in page and 'nbval' not in page
    assert 'href="../00_index.html"' in (out / 'en' / 'solutions' / '01_solutions.html').read_text()
    assert '<script src="../../mathjax/MathJax.js' in \
        (out / 'en' / 'solutions' / '01_solutions.html').read_text()
    assert (out / 'mathjax' / 'MathJax.js').is_file()
    assert 'href="en/00_index.html"' in (out / 'index.html').read_text()
    summary = (out / 'summary.md').read_text()
    assert '| en/00_index.ipynb |' in summary and 'course 1 min' in summary
    assert '| en/solutions/01_solutions.ipynb |' in summary
    # executed, and with whole epochs whatever the shell had set
    assert '42 1.0' in (out / 'en' / 'solutions' / '01_solutions.ipynb').read_text()

"""tools/build_course.py: the summary's key figure."""
import importlib.util
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

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

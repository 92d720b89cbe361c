"""d2l_gan.course: run times read from saved notebooks."""
import json

import pytest

from d2l_gan import course
from d2l_gan.course import run_seconds, run_times


def write_nb(path, stamps):
    """A notebook whose code cells were run at the given (start, end) stamps."""
    cells = [{'cell_type': 'markdown', 'metadata': {}, 'source': 'x'}]
    for start, end in stamps:
        meta = {'execution': {'iopub.execute_input': start,
                              'shell.execute_reply': end}} if start else {}
        cells.append({'cell_type': 'code', 'metadata': meta, 'source': '',
                      'outputs': [], 'execution_count': None})
    path.write_text(json.dumps({'cells': cells, 'metadata': {},
                                'nbformat': 4, 'nbformat_minor': 5}))


def test_run_seconds_spans_first_start_to_last_end(tmp_path):
    nb = tmp_path / '01_a.ipynb'
    write_nb(nb, [('2026-11-25T17:13:28.500000Z', '2026-11-25T17:13:30.000000Z'),
                  (None, None),
                  ('2026-11-25T17:13:31.000000Z', '2026-11-25T17:14:40.250000Z')])
    assert run_seconds(nb) == pytest.approx(71.75)


def test_run_times_in_course_order_without_the_index(tmp_path):
    stamp = [('2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z')]
    for name in ('02_b.ipynb', '00_index.ipynb', '01_a.ipynb', 'scratch.ipynb'):
        write_nb(tmp_path / name, stamp)
    assert list(run_times(tmp_path)) == ['01_a.ipynb', '02_b.ipynb']


def test_an_unrun_notebook_is_a_one_line_error(tmp_path):
    nb = tmp_path / '01_a.ipynb'
    write_nb(nb, [(None, None)])
    with pytest.raises(ValueError, match='01_a.ipynb: no timed run saved'):
        run_seconds(nb)
    with pytest.raises(ValueError, match='no course notebooks'):
        run_times(tmp_path / 'empty')


def test_the_suite_hands_out_the_longest_notebooks_first(tmp_path):
    import importlib.util
    from pathlib import Path
    from types import SimpleNamespace
    spec = importlib.util.spec_from_file_location(
        'root_conftest', Path(__file__).resolve().parents[1] / 'conftest.py')
    root = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root)
    write_nb(tmp_path / 'short.ipynb', [('2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z')])
    write_nb(tmp_path / 'long.ipynb', [('2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z')])
    write_nb(tmp_path / 'unrun.ipynb', [(None, None)])
    (tmp_path / 'test_x.py').write_text('')
    items = [SimpleNamespace(fspath=str(tmp_path / name), cell=i)
             for i, name in enumerate(['test_x.py', 'short.ipynb', 'short.ipynb',
                                       'unrun.ipynb', 'long.ipynb', 'long.ipynb', 'test_x.py'])]
    root.pytest_collection_modifyitems(items)
    assert [(Path(item.fspath).name, item.cell) for item in items] == [
        ('long.ipynb', 4), ('long.ipynb', 5), ('short.ipynb', 1), ('short.ipynb', 2),
        ('test_x.py', 0), ('test_x.py', 6), ('unrun.ipynb', 3)]


def test_benchmark_reads_the_saved_figures_and_names_a_missing_file(tmp_path, monkeypatch):
    saved = course.benchmark('course_models.json')
    assert set(saved['dcgan']['seeds']) and saved['mnist']['settings']['num_epochs'] > 0
    monkeypatch.setattr(course, 'BENCHMARKS', tmp_path)
    with pytest.raises(FileNotFoundError, match='course_models.json not found'):
        course.benchmark('course_models.json')

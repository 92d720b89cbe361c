"""The package's rooms: which module may import which."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / 'd2l_gan'


def package_imports(name):
    """The d2l_gan modules that module `name` imports directly."""
    tree = ast.parse((PACKAGE / f'{name}.py').read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(node.module.split('.')[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or '').startswith('d2l_gan.'):
            found.add(node.module.split('.')[1])
    return found


def reachable(name):
    """Every d2l_gan module that importing `name` loads through the package's own imports."""
    seen, todo = set(), [name]
    while todo:
        for module in package_imports(todo.pop()) - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_reader_finds_imports():
    assert 'geometry' in package_imports('metrics')
    assert {'data', 'geometry'} <= reachable('clusters')


@pytest.mark.parametrize('name', ['training', 'plot', 'clusters', 'geometry'])
def test_training_plots_and_geometry_do_not_load_the_metrics(name):
    assert not {'metrics', 'classifier'} & reachable(name), \
        f'{name} loads the metrics or the classifier'

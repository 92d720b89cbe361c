"""Recorded benchmark figures must belong to the settings the code has now."""
import json
from pathlib import Path

from d2l_gan.recipes import RECIPES, settings

RESULTS = Path(__file__).resolve().parents[1] / 'benchmarks' / 'course_models.json'


def test_recorded_results_are_for_the_current_recipes():
    results = json.loads(RESULTS.read_text())
    assert {'gaussian', 'mnist'} <= set(results)  # notebook 04 reads 'mnist'
    for name, result in results.items():
        assert name in RECIPES, f'{name}: no such recipe any more'
        assert result['settings'] == settings(name), \
            f'{name} changed since benchmarks/course_models.py ran: rerun it'


def test_notebook_05_tables_are_for_the_current_settings():
    from d2l_gan.recipes import MIXTURE, MNIST_EARLIER, MNIST_R1, STABILISERS
    folder = RESULTS.parent
    mixtures = json.loads((folder / 'mixtures.json').read_text())
    assert mixtures['recipe'] == MIXTURE and mixtures['stabilisers'] == STABILISERS, \
        'the mixture settings changed since benchmarks/mixtures.py ran: rerun it'
    assert set(mixtures['results']) == {'ring', 'grid'}
    assert all(set(by) == set(STABILISERS) and all(len(runs) >= 3 for runs in by.values())
               for by in mixtures['results'].values())
    digits = json.loads((folder / 'stabilised_digits.json').read_text())
    # measured with notebook 02's recipe as it was (the script pins it)
    assert digits['recipe'] == dict(settings('mnist'), **MNIST_EARLIER), \
        'rerun benchmarks/stabilised_digits.py'
    assert digits['settings']['ReLU D + R1'] == MNIST_R1

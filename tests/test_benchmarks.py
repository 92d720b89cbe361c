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

"""Recorded benchmark figures must belong to the settings the code has now."""
import json
from pathlib import Path

from d2l_gan import recipes
from d2l_gan.recipes import RECIPES, settings

RESULTS = Path(__file__).resolve().parents[1] / 'benchmarks' / 'course_models.json'


def test_recorded_results_are_for_the_current_recipes():
    results = json.loads(RESULTS.read_text())
    assert {'gaussian', 'mnist'} <= set(results)  # notebook 04 reads 'mnist'
    for name, result in results.items():
        assert name in RECIPES, f'{name}: no such recipe any more'
        assert result['settings'] == settings(name), \
            f'{name} changed since benchmarks/course_models.py ran: rerun it'


def test_notebook_01_seeds_are_for_the_current_recipe():
    seeds = json.loads((RESULTS.parent / 'gaussian_gan.json').read_text())
    assert seeds['settings'] == settings('gaussian'), 'rerun benchmarks/gaussian_gan.py'
    assert [row['seed'] for row in seeds['seeds']] == [1, 2, 3, 4, 5]
    assert all(len(row['undone']) == 4 for row in seeds['seeds'])  # solutions 01


def test_notebook_05_tables_are_for_the_current_settings():
    from d2l_gan.recipes import MIXTURE, STABILISERS
    folder = RESULTS.parent
    mixtures = json.loads((folder / 'mixtures.json').read_text())
    assert mixtures['recipe'] == MIXTURE and mixtures['stabilisers'] == STABILISERS, \
        'the mixture settings changed since benchmarks/mixtures.py ran: rerun it'
    assert set(mixtures['results']) == {'ring', 'grid'}
    assert all(set(by) == set(STABILISERS) and all(len(runs) >= 3 for runs in by.values())
               for by in mixtures['results'].values())


def test_notebook_05_stabilisers_are_the_candidates_chosen_on_the_ring():
    # every stabiliser had the same tuning budget, on the ring only; the table
    # scores the chosen settings on the grid
    import statistics

    from d2l_gan.recipes import CANDIDATES, MIXTURE, STABILISERS
    tuning = json.loads((RESULTS.parent / 'mixtures_tuning.json').read_text())
    assert tuning['recipe'] == MIXTURE and tuning['candidates'] == CANDIDATES, \
        'the candidates changed since benchmarks/mixtures.py --tune ran: rerun it'
    assert set(tuning['tuned']) == set(STABILISERS) == set(CANDIDATES)
    for name, result in tuning['tuned'].items():
        tried = result['candidates']
        assert len(tried) == len(CANDIDATES[name]) and all(len(c['runs']) == 2 for c in tried)
        best = min(range(len(tried)), key=lambda i: (
            -statistics.median(r['modes'] for r in tried[i]['runs']),
            statistics.median(r['kl'] for r in tried[i]['runs'])))
        assert result['chosen'] == best, name
        assert STABILISERS[name] == tried[best]['settings'], \
            f'{name}: STABILISERS must hold the candidate chosen on the ring'



def test_solutions_05_wgan_gp_runs_have_the_others_generator_steps():
    # exercise 5: its paper's settings (candidate 0) and the chosen ones, for
    # five times the epochs, so as many G steps as the others make in 100
    from d2l_gan.recipes import CANDIDATES, MIXTURE, STABILISERS
    for file, candidate in (('wgan_gp_steps.json', CANDIDATES['wgan_gp'][0]),
                            ('wgan_gp_steps_chosen.json', STABILISERS['wgan_gp'])):
        saved = json.loads((RESULTS.parent / file).read_text())
        assert saved['stabilisers'] == {'wgan_gp': candidate}, f'{file}: rerun it'
        assert saved['recipe'] == dict(MIXTURE, num_epochs=MIXTURE['num_epochs']
                                       * candidate['critic_steps'])
        assert len(saved['results']['ring']['wgan_gp']) == 3


def test_solutions_variants_make_one_change_to_their_notebooks_run(monkeypatch):
    # solutions 04: notebook 04's DCGAN with one change to its nets; solutions
    # 02: notebook 02's GAN with one change to its nets, settings or digits
    script = load_script('exercise_variants', monkeypatch)
    saved = json.loads((RESULTS.parent / 'exercise_variants.json').read_text())
    assert set(saved) == set(script.VARIANTS)
    for name, variant in script.VARIANTS.items():
        assert len(saved[name]['seeds']) == 3, name
        assert (saved[name]['recipe'], saved[name]['changes'], saved[name]['every']) == \
            (variant.recipe, script.recorded_changes(variant), variant.every), \
            f'{name} changed since benchmarks/exercise_variants.py ran: rerun it'
        plain = recipes.make_nets(variant.recipe)
        nets = variant.nets() if variant.nets else plain
        changed = [type(a).__name__ for a, b in zip(nets, plain) if repr(a) != repr(b)]
        changed += sorted(set(variant.changes) - {'num_epochs', 'average_from'})
        changed += ['digits'] if variant.every != 1 else []
        assert len(changed) == 1, f'{name} changes {changed}, not one thing'
    # half the digits for twice the epochs: as many updates as the recipe
    half = script.VARIANTS['half_data']
    assert half.changes['num_epochs'] == half.every * RECIPES['mnist']['num_epochs']


def load_script(name, monkeypatch):
    """A benchmarks/ script as a module. They are scripts, not a package: run
    as `python benchmarks/NAME.py`, a script has its folder first on sys.path,
    and so it has here, for its `from harness import ...`."""
    import importlib.util
    monkeypatch.syspath_prepend(str(RESULTS.parent))
    spec = importlib.util.spec_from_file_location(name, RESULTS.parent / f'{name}.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_harness_decay_hook_lowers_the_rates_over_the_last_share(monkeypatch):
    from types import SimpleNamespace
    harness = load_script('harness', monkeypatch)
    rates = []
    run = SimpleNamespace(
        trainer_D=SimpleNamespace(learning_rate=1.0, set_learning_rate=rates.append),
        trainer_G=SimpleNamespace(learning_rate=2.0, set_learning_rate=rates.append))
    assert harness.decay_hook(run, 8, 0) is None
    hook = harness.decay_hook(run, 8, 0.25)  # falls over the last 2 epochs
    for epoch in (6, 7):
        run.epoch = epoch
        hook(run)
    assert rates == [1.0, 2.0, 0.5, 1.0]


def test_cluster_trials_count_the_digits_at_home(monkeypatch):
    import numpy as onp
    trials = load_script('cluster_trials', monkeypatch)
    clusters = onp.array([0, 0, 0, 1, 1, 1, 2])
    labels = onp.array([4, 4, 9, 9, 9, 4, 4])  # clusters of fours, of nines, of one four
    assert trials.at_home(clusters, labels, 4) == 3 / 4  # the four among the nines is not
    assert trials.at_home(clusters, labels, 9) == 2 / 3

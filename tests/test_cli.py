"""The command-line trainer: checkpoints, resume, sampling, and one-line errors."""
import importlib
import subprocess
import sys

import numpy as onp
import pytest

from d2l_gan.cli import main

cli = importlib.import_module('d2l_gan.cli')
recipes = importlib.import_module('d2l_gan.recipes')


@pytest.fixture
def small(monkeypatch):
    """The mnist recipe on 512 digits, so a test epoch takes a fraction of a second."""
    real_load = cli.load_mnist
    monkeypatch.setattr(cli, 'load_mnist',
                        lambda source: tuple(a[:512] for a in real_load(source)))


def test_train_resume_and_sample(small, tmp_path, capsys):
    run = tmp_path / 'runs' / 'a'            # a missing --out is created
    assert main(['train', 'mnist', '--epochs', '2', '--out', str(run),
                 '--grid-every', '1']) == 0
    assert sorted(p.name for p in run.iterdir()) == [
        'checkpoint.npz', 'grid_0001.png', 'grid_0002.png', 'progress.gif']
    first = onp.load(run / 'checkpoint.npz')['G/0.weight']
    assert main(['train', 'mnist', '--epochs', '3', '--resume', str(run)]) == 0
    with onp.load(run / 'checkpoint.npz') as f:
        meta = __import__('json').loads(f['meta'].tobytes())
        assert meta['epoch'] == 3 and meta['model'] == 'mnist'
        assert not onp.array_equal(f['G/0.weight'], first)
    out = tmp_path / 'samples.npy'
    assert main(['sample', str(run), '-n', '1500', '-o', str(out)]) == 0
    images = onp.load(out)
    assert images.shape == (1500, 28, 28)
    assert images.min() >= -1 and images.max() <= 1
    assert list(tmp_path.glob('*.tmp*')) == []


def test_resume_restores_the_exact_state(small, tmp_path):
    """Training 2 epochs in one go or 1 + resume 1 gives nets of the same shape
    and optimizer state that was really restored (Adam's step count)."""
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    net_D, net_G, loss, trainer_D, trainer_G = cli.build('mnist')
    cli.load_checkpoint(run / 'checkpoint.npz', net_D, net_G, trainer_D, trainer_G)
    steps = 512 // recipes.RECIPES['mnist']['batch_size']
    assert trainer_G._updaters[0].optimizer.num_update == steps


def one_line_error(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and err.startswith('error: ')
    return err


def test_resume_without_checkpoint(tmp_path, capsys):
    err = one_line_error(capsys, ['train', 'mnist', '--resume', str(tmp_path)])
    assert 'no checkpoint.npz' in err


def test_out_not_writable(tmp_path, capsys):
    blocker = tmp_path / 'file'
    blocker.write_text('x')
    err = one_line_error(capsys, ['train', 'mnist', '--out', str(blocker / 'run')])
    assert 'cannot create output folder' in err


def test_checkpoint_of_another_architecture(small, tmp_path, capsys, monkeypatch):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    wider = dict(recipes.RECIPES['mnist'])
    from mxnet.gluon import nn

    def wide_D():
        net = nn.HybridSequential()
        net.add(nn.Dense(256), nn.LeakyReLU(0.01), nn.Dense(1))
        return net
    wider['make_D'] = wide_D
    monkeypatch.setitem(recipes.RECIPES, 'mnist', wider)
    err = one_line_error(capsys, ['train', 'mnist', '--resume', str(run)])
    assert 'checkpoint is for another architecture' in err


def test_nan_stops_with_a_clear_message_and_keeps_the_last_checkpoint(
        small, tmp_path, capsys, monkeypatch):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    before = (run / 'checkpoint.npz').read_bytes()
    monkeypatch.setattr(cli, 'train_epoch', lambda *a, **k: (float('nan'), 0.7))
    err = one_line_error(capsys, ['train', 'mnist', '--epochs', '3', '--resume', str(run)])
    assert 'diverged in epoch 2' in err and 'epoch 1' in err
    assert (run / 'checkpoint.npz').read_bytes() == before


def test_ctrl_c_leaves_a_usable_checkpoint(small, tmp_path, capsys, monkeypatch):
    run = tmp_path / 'r'
    real_epoch = cli.train_epoch
    calls = []

    def interrupt_second(*a, **k):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_epoch(*a, **k)
    monkeypatch.setattr(cli, 'train_epoch', interrupt_second)
    assert main(['train', 'mnist', '--epochs', '3', '--out', str(run)]) == 130
    assert 'holds epoch 1' in capsys.readouterr().out
    monkeypatch.setattr(cli, 'train_epoch', real_epoch)
    assert main(['train', 'mnist', '--epochs', '2', '--resume', str(run)]) == 0


def test_python_dash_m_entry_point():
    result = subprocess.run([sys.executable, '-m', 'd2l_gan', '--help'],
                            capture_output=True, text=True)
    assert result.returncode == 0 and 'train' in result.stdout and 'sample' in result.stdout


def test_the_generator_ends_with_its_averaged_weights(small, tmp_path, monkeypatch):
    recipe = dict(recipes.RECIPES['mnist'], average_from=2)
    monkeypatch.setitem(recipes.RECIPES, 'mnist', recipe)
    seen = []
    real_epoch = cli.train_epoch

    def keep_weights(net_D, net_G, *a, **k):
        losses = real_epoch(net_D, net_G, *a, **k)
        seen.append(net_G[0].weight.data().asnumpy().copy())
        return losses
    monkeypatch.setattr(cli, 'train_epoch', keep_weights)
    run = tmp_path / 'r'
    assert main(['train', 'mnist', '--epochs', '3', '--out', str(run)]) == 0
    with onp.load(run / 'checkpoint.npz') as f:
        expected = (seen[1] + seen[2]) / 2      # epochs 2 and 3
        assert onp.allclose(f['G/0.weight'], expected, atol=1e-6)
        assert onp.allclose(f['Gavg/0.weight'], expected, atol=1e-6)


def test_evaluate_a_run_and_saved_samples(small, tmp_path, capsys):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    capsys.readouterr()
    report = tmp_path / 'out' / 'metrics.json'
    assert main(['evaluate', str(run), '-n', '300', '--json', str(report)]) == 0
    table = capsys.readouterr().out
    assert table.startswith('300 digits') and 'not Inception FID' in table
    metrics = __import__('json').loads(report.read_text())
    assert metrics['num_digits'] == 300
    # one epoch on 512 digits: far from the real-vs-real baseline
    assert metrics['generator']['classifier_fid'] > \
        3 * metrics['real_vs_real']['classifier_fid']
    samples = tmp_path / 's.npy'
    main(['sample', str(run), '-n', '300', '-o', str(samples)])
    capsys.readouterr()
    assert main(['evaluate', str(samples), '--json', '-']) == 0
    printed = capsys.readouterr().out
    same = __import__('json').loads(printed[printed.index('{'):])
    assert same == metrics  # the same 300 digits (seed 0) give the same numbers
    assert list(tmp_path.rglob('*.tmp*')) == []


def test_evaluate_bad_input_gets_one_line_errors(tmp_path, capsys):
    assert 'no such run folder' in one_line_error(
        capsys, ['evaluate', str(tmp_path / 'missing')])
    onp.save(tmp_path / 'wide.npy', onp.zeros((200, 5)))
    assert 'wide.npy: images have shape (200, 5)' in one_line_error(
        capsys, ['evaluate', str(tmp_path / 'wide.npy')])
    onp.save(tmp_path / 'few.npy', onp.zeros((20, 28, 28)))
    assert 'few.npy: 20 digits' in one_line_error(
        capsys, ['evaluate', str(tmp_path / 'few.npy')])
    (tmp_path / 'text.npy').write_text('not an array')
    assert 'text.npy: not a readable .npy file' in one_line_error(
        capsys, ['evaluate', str(tmp_path / 'text.npy')])
    assert 'no checkpoint.npz' in one_line_error(
        capsys, ['evaluate', str(tmp_path)])


def test_train_and_sample_the_dcgan(small, tmp_path, capsys):
    run = tmp_path / 'dc'
    assert main(['train', 'dcgan', '--epochs', '1', '--out', str(run)]) == 0
    with onp.load(run / 'checkpoint.npz') as f:
        assert __import__('json').loads(f['meta'].tobytes())['model'] == 'dcgan'
    assert main(['sample', str(run), '-n', '20', '-o', str(tmp_path / 's.npy')]) == 0
    images = onp.load(tmp_path / 's.npy')
    assert images.shape == (20, 28, 28) and abs(images).max() <= 1
    # an MLP checkpoint cannot be resumed as a DCGAN
    main(['train', 'mnist', '--epochs', '1', '--out', str(tmp_path / 'm')])
    capsys.readouterr()
    assert 'checkpoint is for' in one_line_error(
        capsys, ['train', 'dcgan', '--resume', str(tmp_path / 'm')])

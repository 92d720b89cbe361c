"""The command-line trainer: one loop (d2l_gan.train), checkpoints that resume
exactly, sampling, evaluation, and one-line errors for bad input."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as onp
import pytest
from PIL import Image

from d2l_gan import cli, files, recipes, start_run, training
from d2l_gan.checkpoint import load_generator, read_meta
from d2l_gan.cli import main


@pytest.fixture
def small(monkeypatch):
    """The real digits cut to 512, so a test epoch takes a fraction of a second."""
    real_load = cli.load_mnist
    monkeypatch.setattr(cli, 'load_mnist',
                        lambda source: tuple(a[:512] for a in real_load(source)))


def arrays(run):
    with onp.load(run / 'checkpoint.npz') as f:
        return {k: f[k] for k in f.files if k != 'meta'}


def test_train_resume_and_sample(small, tmp_path):
    run = tmp_path / 'runs' / 'a'            # a missing --out is created
    assert main(['train', 'mnist', '--epochs', '2', '--out', str(run),
                 '--grid-every', '1']) == 0
    assert sorted(p.name for p in run.iterdir()) == [
        '.lock', 'checkpoint.npz', 'grid_0001.png', 'grid_0002.png', 'progress.gif']
    gif = Image.open(run / 'progress.gif')  # one labelled frame per grid, 2x
    assert gif.n_frames == 2 and gif.size == (2 * (10 * 29 + 1), 2 * (12 + 10 * 29 + 1))
    # a grid is wide enough for a projector, its epoch written above it
    grid = onp.asarray(Image.open(run / 'grid_0002.png'))
    assert grid.shape == (2 * (12 + 10 * 29 + 1), 2 * (10 * 29 + 1)) and grid.shape[1] >= 400
    assert grid[:24].max() > 128, 'the label strip holds the epoch'
    first_frame = onp.asarray(gif.convert('L'))
    assert onp.array_equal(first_frame, onp.asarray(Image.open(run / 'grid_0001.png')))
    first = arrays(run)['G/0']
    assert main(['train', 'mnist', '--epochs', '3', '--resume', str(run)]) == 0
    assert Image.open(run / 'progress.gif').n_frames == 3  # the earlier grids too
    meta = read_meta(run / 'checkpoint.npz')
    assert meta['epoch'] == 3 and meta['model'] == 'mnist'
    assert not onp.array_equal(arrays(run)['G/0'], first)
    out = tmp_path / 'samples.npy'
    assert main(['sample', str(run), '-n', '1500', '-o', str(out)]) == 0
    images = onp.load(out)
    assert images.shape == (1500, 28, 28)
    assert images.min() >= -1 and images.max() <= 1
    assert list(tmp_path.rglob('*.tmp')) == []


def test_out_defaults_to_runs_slash_model(small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(['train', 'dcgan', '--epochs', '1', '--subset', '64']) == 0
    assert read_meta(tmp_path / 'runs' / 'dcgan' / 'checkpoint.npz')['model'] == 'dcgan'
    assert not (tmp_path / 'runs' / 'mnist').exists()


def test_resume_gives_the_weights_of_an_uninterrupted_run(small, tmp_path):
    """2 epochs, then resumed to 4, equals 4 epochs in one go, bit for bit:
    nets, both optimizers' states and the running average of G."""
    recipe = dict(recipes.RECIPES['mnist'], average_from=2)
    recipes.RECIPES['mnist'], saved = recipe, recipes.RECIPES['mnist']
    try:
        main(['train', 'mnist', '--epochs', '4', '--out', str(tmp_path / 'one')])
        main(['train', 'mnist', '--epochs', '2', '--out', str(tmp_path / 'two')])
        main(['train', 'mnist', '--epochs', '4', '--resume', str(tmp_path / 'two')])
    finally:
        recipes.RECIPES['mnist'] = saved
    one, two = arrays(tmp_path / 'one'), arrays(tmp_path / 'two')
    assert sorted(one) == sorted(two) and 'Gavg/0' in one
    for key in one:
        assert onp.array_equal(one[key], two[key]), key


def test_a_run_killed_mid_epoch_resumes_to_the_uninterrupted_weights(tmp_path):
    """SIGKILL (no chance to clean up) leaves the last epoch's checkpoint; the
    resumed run ends with exactly the weights of a run never stopped."""
    def train(*extra):
        return [sys.executable, '-m', 'd2l_gan', 'train', 'mnist', '--subset',
                '2048', '--epochs', '12', '--grid-every', '100', *extra]
    env = dict(os.environ, MPLBACKEND='Agg')
    killed = tmp_path / 'killed'
    proc = subprocess.Popen(train('--out', str(killed)), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if read_meta(killed / 'checkpoint.npz')['epoch'] >= 2:
                break
        except ValueError:
            pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reached = read_meta(killed / 'checkpoint.npz')['epoch']
    assert 2 <= reached < 12, 'the run was not killed in the middle'
    # --subset 2048 is not repeated: the run keeps the digits it started with
    subprocess.run([sys.executable, '-m', 'd2l_gan', 'train', 'mnist', '--epochs', '12',
                    '--resume', str(killed)], env=env, check=True, capture_output=True)
    subprocess.run(train('--out', str(tmp_path / 'whole')), env=env, check=True,
                   capture_output=True)
    resumed, whole = arrays(killed), arrays(tmp_path / 'whole')
    assert read_meta(killed / 'checkpoint.npz')['epoch'] == 12
    for key in whole:
        assert onp.array_equal(resumed[key], whole[key]), key


def test_the_generator_ends_with_its_averaged_weights(small, tmp_path, monkeypatch):
    monkeypatch.setitem(recipes.RECIPES, 'mnist',
                        dict(recipes.RECIPES['mnist'], average_from=2))
    seen = []
    real_epoch = training.train_epoch

    def keep_weights(run, *a, **k):
        losses = real_epoch(run, *a, **k)
        seen.append(run.net_G[1].weight.data().asnumpy().copy())
        return losses
    monkeypatch.setattr(training, 'train_epoch', keep_weights)
    run = tmp_path / 'r'
    assert main(['train', 'mnist', '--epochs', '3', '--out', str(run)]) == 0
    saved = arrays(run)
    # G/2 is the weight of G's second layer (G/0, G/1: the first one's)
    assert onp.array_equal(saved['G/2'], seen[2])          # last raw weights
    assert onp.allclose(saved['Gavg/2'], (seen[1] + seen[2]) / 2, atol=1e-6)
    # sampling uses the averaged generator
    loaded = start_run(*recipes.make_nets('mnist'), None, recipes.RECIPES['mnist'])
    load_generator(run / 'checkpoint.npz', loaded)
    assert onp.array_equal(loaded.net_G[1].weight.data().asnumpy(), saved['Gavg/2'])


def one_line_error(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and err.startswith('error: '), err
    return err


def argparse_error(capsys, argv):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and err.startswith('error: '), err
    return err


@pytest.mark.parametrize('argv, message', [
    (['train', 'mnist', '--epochs', '0'],
     "--epochs: must be a whole number of at least 1, not '0'"),
    (['train', 'mnist', '--epochs', '-3'], "not '-3'"),
    (['train', 'mnist', '--batch-size', '0'], '--batch-size'),
    (['train', 'mnist', '--grid-every', '0'], '--grid-every'),
    (['train', 'mnist', '--subset', 'many'], "--subset: must be a whole number"),
    (['sample', 'runs/x', '-n', '0'], '-n: must be'),
    (['evaluate', 'x.npy', '-n', '-5'], '-n: must be'),
    (['train', 'gan9'], "invalid choice: 'gan9'"),
])
def test_non_positive_numbers_and_typos_get_one_line(capsys, argv, message):
    assert message in argparse_error(capsys, argv)


@pytest.mark.parametrize('command', [['train', 'mnist'], ['sample', 'runs/x'],
                                     ['evaluate', 'x.npy']])
@pytest.mark.parametrize('seed', ['-1', str(2 ** 32), 'one'])
def test_a_seed_outside_what_numpy_takes_gets_one_line(capsys, command, seed):
    assert f"--seed: must be a whole number from 0 to 4294967295, not '{seed}'" in \
        argparse_error(capsys, command + ['--seed', seed])


def test_too_few_digits_for_a_minibatch_names_what_to_change(capsys):
    err = one_line_error(capsys, ['train', 'mnist', '--subset', '1'])
    assert "--subset 1: 1 digits, fewer than one minibatch (mnist's minibatch of 256)" in err
    assert 'train on at least 256 digits or give a smaller --batch-size' in err
    err = one_line_error(capsys, ['train', 'mnist', '--subset', '10', '--batch-size', '16'])
    assert '(--batch-size 16)' in err


def test_a_generator_with_nan_weights_is_refused_and_nothing_written(small, tmp_path, capsys):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    with onp.load(run / 'checkpoint.npz') as f:
        saved = {k: f[k] for k in f.files}
    saved['G/0'] = onp.full_like(saved['G/0'], onp.nan)
    onp.savez(run / 'checkpoint.npz', **saved)
    capsys.readouterr()
    out = tmp_path / 'x.npy'
    err = one_line_error(capsys, ['sample', str(run), '-o', str(out)])
    assert "the generator's weights are not finite" in err and not out.exists()


def test_two_trainings_into_one_folder_the_second_refuses(small, tmp_path, capsys):
    run = tmp_path / 'r'
    run.mkdir()
    with files.held_folder(run):  # as a first train command holds it
        err = one_line_error(capsys, ['train', 'mnist', '--epochs', '1', '--out', str(run)])
    assert f'{run} is in use by another train command' in err
    assert not (run / 'checkpoint.npz').exists()
    # a holder that is killed lets go: the next run trains
    holder = subprocess.Popen([sys.executable, '-c', (
        'import sys, time; from d2l_gan.files import held_folder\n'
        'with held_folder(sys.argv[1]):\n    print("held", flush=True); time.sleep(60)'),
        str(run)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == 'held\n'
    assert 'in use' in one_line_error(capsys, ['train', 'mnist', '--epochs', '1',
                                               '--out', str(run)])
    holder.kill()
    holder.wait()
    assert main(['train', 'mnist', '--epochs', '1', '--out', str(run)]) == 0


def test_resume_without_checkpoint(tmp_path, capsys):
    err = one_line_error(capsys, ['train', 'mnist', '--resume', str(tmp_path)])
    assert 'no checkpoint.npz' in err


def test_out_not_writable(tmp_path, capsys):
    blocker = tmp_path / 'file'
    blocker.write_text('x')
    err = one_line_error(capsys, ['train', 'mnist', '--out', str(blocker / 'run')])
    assert 'cannot create output folder' in err


def test_more_digits_than_there_are(capsys):
    assert 'only 5000 digits' in one_line_error(
        capsys, ['train', 'mnist', '--subset', '6000'])


def test_a_resumed_run_keeps_its_digits_and_batch_size(small, tmp_path, capsys):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--subset', '300', '--batch-size', '64',
          '--out', str(run)])
    meta = read_meta(run / 'checkpoint.npz')
    assert (meta['source'], meta['subset'], meta['batch_size']) == ('sample', 300, 64)
    capsys.readouterr()
    err = one_line_error(capsys, ['train', 'mnist', '--epochs', '2', '--batch-size', '32',
                                  '--resume', str(run)])
    assert '--batch-size 32: the run in' in err and 'was started with 64' in err
    assert main(['train', 'mnist', '--epochs', '2', '--resume', str(run)]) == 0
    assert read_meta(run / 'checkpoint.npz')['batch_size'] == 64


def test_a_finished_run_asks_for_more_epochs(small, tmp_path, capsys):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '2', '--out', str(run)])
    capsys.readouterr()
    err = one_line_error(capsys, ['train', 'mnist', '--epochs', '2', '--resume', str(run)])
    assert 'already trained to epoch 2' in err and '--epochs N (N > 2)' in err


@pytest.mark.parametrize('command', ['sample', 'evaluate', 'train'])
def test_a_corrupt_checkpoint_gets_one_line(tmp_path, capsys, command):
    (tmp_path / 'checkpoint.npz').write_bytes(b'PK\x03\x04 not really a zip')
    argv = {'sample': ['sample', str(tmp_path)],
            'evaluate': ['evaluate', str(tmp_path)],
            'train': ['train', 'mnist', '--resume', str(tmp_path)]}[command]
    assert 'not a readable checkpoint' in one_line_error(capsys, argv)


def test_a_checkpoint_of_the_old_format_is_refused(tmp_path, capsys):
    meta = onp.frombuffer(json.dumps({'model': 'mnist', 'epoch': 3}).encode(), onp.uint8)
    onp.savez(tmp_path / 'checkpoint.npz', meta=meta)
    assert 'format 1 is not 2' in one_line_error(capsys, ['sample', str(tmp_path)])


def test_checkpoint_of_another_architecture(small, tmp_path, capsys, monkeypatch):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    from mxnet.gluon import nn

    def wide_D():
        net = nn.HybridSequential()
        net.add(nn.Dense(256), nn.LeakyReLU(0.01), nn.Dense(1))
        return net
    monkeypatch.setitem(recipes.RECIPES, 'mnist',
                        dict(recipes.RECIPES['mnist'], make_D=wide_D))
    err = one_line_error(capsys, ['train', 'mnist', '--epochs', '2', '--resume', str(run)])
    assert 'checkpoint is for another architecture (D: 8 parameter arrays ' \
           'saved, the model has 4)' in err
    assert 'checkpoint is for' in one_line_error(
        capsys, ['train', 'dcgan', '--epochs', '2', '--resume', str(run)])


def test_nan_stops_with_a_clear_message_and_keeps_the_last_checkpoint(
        small, tmp_path, capsys, monkeypatch):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    before = (run / 'checkpoint.npz').read_bytes()
    monkeypatch.setattr(training, 'train_epoch', lambda *a, **k: (float('nan'), 0.7))
    err = one_line_error(capsys, ['train', 'mnist', '--epochs', '3', '--resume', str(run)])
    assert 'diverged in epoch 2' in err and '(epoch 1)' in err
    assert (run / 'checkpoint.npz').read_bytes() == before


def test_ctrl_c_leaves_a_usable_checkpoint(small, tmp_path, capsys, monkeypatch):
    run = tmp_path / 'r'
    real_epoch = training.train_epoch
    calls = []

    def interrupt_second(*a, **k):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_epoch(*a, **k)
    monkeypatch.setattr(training, 'train_epoch', interrupt_second)
    assert main(['train', 'mnist', '--epochs', '3', '--out', str(run)]) == 130
    assert 'holds epoch 1' in capsys.readouterr().out
    monkeypatch.setattr(training, 'train_epoch', real_epoch)
    assert main(['train', 'mnist', '--epochs', '2', '--resume', str(run)]) == 0
    assert read_meta(run / 'checkpoint.npz')['epoch'] == 2


def test_python_dash_m_entry_point():
    result = subprocess.run([sys.executable, '-m', 'd2l_gan', '--help'],
                            capture_output=True, text=True)
    assert result.returncode == 0 and 'train' in result.stdout and 'sample' in result.stdout


def test_evaluate_a_run_and_saved_samples(small, tmp_path, capsys):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    capsys.readouterr()
    report = tmp_path / 'out' / 'metrics.json'
    assert main(['evaluate', str(run), '-n', '300', '--json', str(report)]) == 0
    table = capsys.readouterr().out
    assert table.startswith('300 digits') and 'not Inception FID' in table
    metrics = json.loads(report.read_text())
    assert metrics['num_digits'] == 300
    # one epoch on 512 digits: far from the real-vs-real baseline
    assert metrics['generator']['classifier_fid'] > \
        3 * metrics['real_vs_real']['classifier_fid']
    samples = tmp_path / 's.npy'
    main(['sample', str(run), '-n', '300', '-o', str(samples)])
    capsys.readouterr()
    assert main(['evaluate', str(samples), '--json', '-']) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == metrics  # stdout is the JSON alone
    assert out.err.startswith('300 digits')  # the table went to stderr
    assert list(tmp_path.rglob('*.tmp')) == []


def test_evaluate_json_dash_pipes_into_a_json_reader(small, tmp_path):
    run = tmp_path / 'r'
    main(['train', 'mnist', '--epochs', '1', '--out', str(run)])
    result = subprocess.run(
        f'{sys.executable} -m d2l_gan evaluate {run} -n 200 --json - | '
        f'{sys.executable} -c "import json, sys; print(json.load(sys.stdin)[\'num_digits\'])"',
        shell=True, capture_output=True, text=True)
    assert result.stdout == '200\n', result.stderr


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


def test_train_and_sample_the_dcgan(small, tmp_path):
    run = tmp_path / 'dc'
    assert main(['train', 'dcgan', '--epochs', '1', '--out', str(run)]) == 0
    assert read_meta(run / 'checkpoint.npz')['model'] == 'dcgan'
    assert main(['sample', str(run), '-n', '20', '-o', str(tmp_path / 's.npy')]) == 0
    images = onp.load(tmp_path / 's.npy')
    assert images.shape == (20, 28, 28) and abs(images).max() <= 1


def test_a_notebook_run_saved_into_a_new_folder_reads_like_a_trainer_run(tmp_path):
    # notebook 02 saves its run for notebook 03 and the CLI; its Run has no clusters
    from types import SimpleNamespace

    from d2l_gan import load_mnist, to_pixels, train
    from d2l_gan.checkpoint import save_checkpoint
    data = to_pixels(load_mnist()[0][:512])
    run = start_run(*recipes.make_nets('mnist'), data, recipes.RECIPES['mnist'])
    train(run, data, 1, 256, plot_every=None)
    notebook_run = SimpleNamespace(**{k: getattr(run, k) for k in (
        'net_D', 'net_G', 'G_average', 'trainer_D', 'trainer_G', 'epoch', 'loss_D', 'loss_G')})
    folder = tmp_path / 'runs' / 'notebook_02'  # made by save_checkpoint
    save_checkpoint(folder / 'checkpoint.npz', notebook_run, {'model': 'mnist', 'seed': 1})
    loaded = start_run(*recipes.make_nets('mnist'), None, recipes.RECIPES['mnist'])
    assert load_generator(folder / 'checkpoint.npz', loaded)['epoch'] == 1
    Z = run.Z_show[:4]
    assert onp.array_equal(loaded.net_G(Z).asnumpy(), run.net_G(Z).asnumpy())
    assert main(['sample', str(folder), '-n', '4', '-o', str(tmp_path / 's.npy')]) == 0

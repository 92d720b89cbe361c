"""The notebooks: tr and en stay twins, and #@save cells are d2l_gan's code."""
import ast
import builtins
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import nbformat
import pytest

import d2l_gan
from d2l_gan.data import EPOCH_SHARE

ROOT = Path(__file__).resolve().parents[1]
NAMES = sorted(p.name for p in (ROOT / 'notebooks' / 'en').glob('*.ipynb'))
INDEX = '00_index.ipynb'
# worked answers to each notebook's exercises: solutions/NN_solutions.ipynb
SOLUTIONS = sorted(f'solutions/{p.name}'
                   for p in (ROOT / 'notebooks' / 'en' / 'solutions').glob('*.ipynb'))
ALL = NAMES + SOLUTIONS


def load(lang, name):
    return nbformat.read(ROOT / 'notebooks' / lang / name, as_version=4)


def code_ast(source):
    """AST dump of a cell, without IPython magics, comments or docstrings."""
    tree = ast.parse(clean(source))
    for node in ast.walk(tree):
        body = getattr(node, 'body', None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def module_function(name):
    """The function or class `name` from any module of d2l_gan, or None."""
    for info in pkgutil.iter_modules(d2l_gan.__path__):
        if info.name == '__main__':  # importing it would run the CLI
            continue
        module = importlib.import_module(f'd2l_gan.{info.name}')
        if inspect.isfunction(getattr(module, name, None)) or \
                inspect.isclass(getattr(module, name, None)):
            return getattr(module, name)
    return None


def save_cells(nb):
    return [c.source for c in nb.cells
            if c.cell_type == 'code' and c.source.lstrip().startswith('#@save')]


def test_both_languages_have_the_same_notebooks():
    tr = sorted(p.relative_to(ROOT / 'notebooks' / 'tr').as_posix()
                for p in (ROOT / 'notebooks' / 'tr').glob('**/*.ipynb')
                if '.ipynb_checkpoints' not in p.parts)
    assert NAMES and ALL == tr


@pytest.mark.parametrize('name', ALL)
def test_tr_and_en_cells_match(name):
    tr, en = load('tr', name), load('en', name)
    assert [c.cell_type for c in tr.cells] == [c.cell_type for c in en.cells]
    for i, (a, b) in enumerate(zip(tr.cells, en.cells)):
        if a.cell_type == 'code':
            assert code_ast(a.source) == code_ast(b.source), f'code cell {i} differs'
            assert a.metadata.get('tags') == b.metadata.get('tags')


def save_definitions(lang):
    """(notebook, cell number, def or class node) of every #@save definition,
    in course order."""
    found = []
    for name in NAMES:
        for i, cell in enumerate(load(lang, name).cells):
            if cell.cell_type == 'code' and cell.source.lstrip().startswith('#@save'):
                found += [(name, i, node) for node in ast.parse(cell.source).body
                          if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    return found


@pytest.mark.parametrize('lang', ['tr', 'en'])
def test_the_last_save_of_each_name_is_the_module_code(lang):
    """A later notebook may save a richer version of a function under the
    same name, as d2l does; d2l_gan holds the course's last one."""
    last = {node.name: (name, node) for name, _, node in save_definitions(lang)}
    for function_name, (name, node) in last.items():
        function = module_function(function_name)
        assert function is not None, \
            f'{function_name} is #@save in {lang}/{name} but not in d2l_gan'
        assert code_ast(ast.unparse(node)) == code_ast(inspect.getsource(function)), \
            f'{function_name} in {lang}/{name} (its last #@save) differs from d2l_gan'


@pytest.mark.parametrize('name', [n for n in NAMES if n != INDEX])
def test_every_course_notebook_saves_the_code_it_teaches(name):
    assert save_cells(load('en', name)), \
        'every course notebook introduces its helpers in #@save cells'


def bound_names(tree):
    """The names a piece of code binds: imports, definitions, assignments."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split('.')[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def free_names(node):
    """The names a definition reads that it does not bind itself."""
    read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}
    return read - (bound_names(node) - {node.name}) - set(dir(builtins))


def test_free_names_reader():
    tree = ast.parse('def f(x, k=K):\n    y = np.sum(x)\n    try:\n        pass\n'
                     '    except E as e:\n        raise e\n    return g(y) + [z for z in x]')
    assert free_names(tree.body[0]) == {'K', 'np', 'g', 'E'}


@pytest.mark.parametrize('lang', ['tr', 'en'])
@pytest.mark.parametrize('name', [n for n in NAMES if n != INDEX])
def test_each_save_cell_runs_with_what_its_notebook_has_defined(lang, name):
    """Every #@save definition, earlier versions included, is the notebook's
    own runnable code: each name it reads is imported or defined in its
    notebook (a function may call one defined further on), not only in d2l_gan."""
    cells = [c.source for c in load(lang, name).cells if c.cell_type == 'code']
    defined = set().union(*(bound_names(ast.parse(clean(source))) for source in cells))
    for source in cells:
        if not source.lstrip().startswith('#@save'):
            continue
        for node in ast.parse(source).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                missing = free_names(node) - defined
                assert not missing, \
                    f'{node.name} in {lang}/{name} uses {sorted(missing)}, never defined there'


def clean(source):
    """A cell's source with each IPython magic (%, !) replaced by `pass`."""
    return '\n'.join(l[:len(l) - len(l.lstrip())] + 'pass' if l.lstrip().startswith(('%', '!'))
                     else l for l in source.splitlines())


@pytest.mark.parametrize('lang', ['tr', 'en'])
@pytest.mark.parametrize('name', ALL)
def test_notebooks_are_saved_with_outputs_of_a_real_run(lang, name):
    code = [c for c in load(lang, name).cells if c.cell_type == 'code']
    counts = [c.execution_count for c in code]
    assert None not in counts, 'every code cell must have been executed'
    assert counts == sorted(counts), 'cells must have run top to bottom'
    if name in NAMES:  # a course notebook has cells whose output nbval compares
        assert any('nbval-check-output' in c.metadata.get('tags', []) for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == 'error']
    assert not errors
    # students read a full-length run: the suite's shortened epochs announce
    # themselves (d2l_gan.data.epoch_share), and no saved output may show it
    printed = ''.join(o.get('text', '') for c in code for o in c.outputs)
    assert EPOCH_SHARE not in printed, 'saved from a shortened run; re-run it in full'


@pytest.mark.parametrize('lang', ['tr', 'en'])
def test_the_index_prints_the_run_times_the_notebooks_now_have(lang, monkeypatch, capsys):
    """The index's table of run times is read from the other notebooks' saved
    runs, and nbval compares it: re-execute the index after any notebook."""
    (cell,) = [c for c in load(lang, INDEX).cells
               if c.cell_type == 'code' and 'run_times' in c.source]
    monkeypatch.chdir(ROOT / 'notebooks' / lang)
    exec(cell.source, {})
    saved = ''.join(o.get('text', '') for o in cell.outputs)
    assert capsys.readouterr().out == saved, f're-execute notebooks/{lang}/{INDEX}'


# Prose that describes a run's figures carries this cell tag; every number in
# it must be one that the notebook printed above it (rounded as written).
FROM_OUTPUTS = 'numbers-from-outputs'
NUMBER = {'en': re.compile(r'\d{1,3}(?:,\d{3})+(?!\d|[.,]\d)|\d+(?:\.\d+)?'),
          'tr': re.compile(r'[1-9]\d{0,2}(?:\.\d{3})+(?!\d|\.\d)|\d+(?:\.\d+)?')}
THOUSANDS = {'en': re.compile(r'\d{1,3}(?:,\d{3})+$'),
             'tr': re.compile(r'[1-9]\d{0,2}(?:\.\d{3})+$')}


def prose_numbers(text, lang):
    """The numbers in Markdown `text`, each as a list of its possible readings
    (value, decimals): thousands separators as the language writes them (en
    20,000; tr 20.000), so Turkish 7.875 may be 7875 or, with the decimal
    point the course's code prints, 7.875."""
    # code, maths and references to other notebooks are not figures
    text = re.sub(r'`[^`]*`|\$[^$]*\$|(?i:notebook|not defteri) 0\d', ' ', text)
    found = []
    for token in NUMBER[lang].findall(text):
        readings = []
        if THOUSANDS[lang].match(token):
            readings.append((float(token.replace(',', '').replace('.', '')), 0))
        if re.fullmatch(r'\d+(?:\.\d+)?', token):
            readings.append((float(token), len(token.split('.')[1]) if '.' in token else 0))
        found.append(readings)
    return found


def printed_numbers(cells):
    texts = []
    for cell in cells:
        for out in cell.get('outputs', []):
            texts.append(out.get('text', '') or out.get('data', {}).get('text/plain', ''))
    return [float(t.replace(',', '')) for t in NUMBER['en'].findall('\n'.join(texts))]


def test_prose_numbers_reader():
    assert prose_numbers('about 20,000 images, 0.57 against 0.54', 'en') == \
        [[(20000, 0)], [(0.57, 2)], [(0.54, 2)]]
    assert prose_numbers('yaklaşık 20.000 imge, 0.575 ve `lr=2e-4`', 'tr') == \
        [[(20000, 0), (20.0, 3)], [(0.575, 3)]]
    assert prose_numbers('Notebook 03 counts 2 of them; not defteri 02', 'en') == [[(2, 0)]]


@pytest.mark.parametrize('lang', ['tr', 'en'])
@pytest.mark.parametrize('name', ALL)
def test_prose_reads_its_numbers_from_the_outputs(lang, name):
    cells = load(lang, name).cells
    for i, cell in enumerate(cells):
        if FROM_OUTPUTS not in cell.metadata.get('tags', []):
            continue
        printed = printed_numbers(cells[:i])
        for readings in prose_numbers(cell.source, lang):
            assert any(round(p, decimals) == value for value, decimals in readings
                       for p in printed), \
                f'{lang}/{name} cell {i}: {readings[0][0]} is not a printed figure'


@pytest.mark.parametrize('lang', ['tr', 'en'])
@pytest.mark.parametrize('name', ['02_mnist_gan.ipynb', '04_dcgan.ipynb'])
def test_figure_prose_is_tagged(lang, name):
    # the notebooks whose prose quotes their own training's figures
    assert any(FROM_OUTPUTS in c.metadata.get('tags', []) for c in load(lang, name).cells)


LINK = re.compile(r'\]\((?![a-z]+://)([^)#\s]+\.ipynb)\)')  # not Colab's addresses


def links(lang, name):
    prose = '\n'.join(c.source for c in load(lang, name).cells if c.cell_type == 'markdown')
    return LINK.findall(prose)


@pytest.mark.parametrize('lang', ['tr', 'en'])
@pytest.mark.parametrize('name', ALL)
def test_links_between_notebooks_lead_somewhere(lang, name):
    folder = (ROOT / 'notebooks' / lang / name).parent
    for link in links(lang, name):
        assert (folder / link).is_file(), f'{lang}/{name} links to missing {link}'


@pytest.mark.parametrize('lang', ['tr', 'en'])
@pytest.mark.parametrize('name', NAMES)
def test_every_notebook_links_to_the_index_and_its_neighbours(lang, name):
    found = set(links(lang, name))
    i = NAMES.index(name)
    neighbours = {n for n in (NAMES[i - 1] if i else None,
                              NAMES[i + 1] if i + 1 < len(NAMES) else None) if n}
    if name == INDEX:
        assert set(NAMES) - {INDEX} <= found, 'the index links to every notebook'
        assert set(SOLUTIONS) <= found, 'the index links to every solutions notebook'
    else:
        assert {INDEX} | neighbours <= found, \
            f'{lang}/{name} must link to the index and to {sorted(neighbours)}'


def exercise_numbers(lang, name):
    """The numbers of the exercises listed under a notebook's Exercises heading."""
    heading = {'en': '## Exercises', 'tr': '## Alıştırmalar'}[lang]
    for cell in load(lang, name).cells:
        if cell.cell_type == 'markdown' and cell.source.startswith(heading):
            return [int(n) for n in re.findall(r'^(\d+)\. ', cell.source, re.MULTILINE)]
    return []


@pytest.mark.parametrize('lang', ['tr', 'en'])
@pytest.mark.parametrize('name', [n for n in NAMES if n != INDEX])
def test_every_exercise_has_a_worked_solution_that_runs(lang, name):
    numbers = exercise_numbers(lang, name)
    assert numbers == list(range(1, len(numbers) + 1)) and numbers, f'{name}: exercises'
    solutions = f'solutions/{name[:2]}_solutions.ipynb'
    assert solutions in SOLUTIONS, f'{name} has exercises but no {solutions}'
    assert solutions in links(lang, name), f'{name} must link to {solutions}'
    word = {'en': 'Exercise', 'tr': 'Alıştırma'}[lang]
    headings = [int(n) for c in load(lang, solutions).cells if c.cell_type == 'markdown'
                for n in re.findall(rf'^## {word} (\d+)', c.source, re.MULTILINE)]
    assert headings == numbers, f'{solutions} answers exercises {headings}, not {numbers}'
    assert f'../{name}' in links(lang, solutions), f'{solutions} must link back to {name}'


# Words the Turkish notebooks do not use, with the glossary's term for the same
# concept (../shared/glossary.md and notebooks/tr/TERIMLER.md: one Turkish term per concept).
NOT_THE_GLOSSARY_TERM = {'tahminci': 'kestirici', 'ayırıcı': 'ayrımcı',
                         'ayırt edici': 'ayrımcı', 'üretken': 'üretici',
                         'evrişimsel': 'evrişimli', 'mini-grup': 'minigrup',
                         'mod çökmesi': 'mod çöküşü',
                         'spektral normalizasyon': 'spektral normalleştirme',
                         'gradyan cezalandırma': 'gradyan cezası',
                         'gizil': 'saklı', 'şartlı': 'koşullu',
                         'enterpolasyon': 'aradeğerleme', 'ara değerleme': 'aradeğerleme'}


# Titles quoted as they were published may use other words.
TITLES = ('Üretken Çekişmeli Ağlar (GANs) – 2. Bölüm',)


@pytest.mark.parametrize('name', ALL)
def test_turkish_prose_uses_the_glossary_terms(name):
    prose = '\n'.join(c.source for c in load('tr', name).cells
                      if c.cell_type == 'markdown')
    for title in TITLES:
        prose = prose.replace(title, '')
    prose = prose.lower()
    for word, term in NOT_THE_GLOSSARY_TERM.items():
        assert word not in prose, f'tr/{name} says {word!r}; the glossary term is {term!r}'

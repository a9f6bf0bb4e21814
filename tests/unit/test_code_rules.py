"""Rules of the code base that a linter alone does not state."""

import ast
import pathlib

import nova_lite

ROOT = pathlib.Path(nova_lite.__file__).parent


def _imports(path):
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_eventlet_is_imported_only_by_monkey_patch():
    offenders = []
    for path in ROOT.rglob('*.py'):
        if path.name == 'monkey_patch.py' and path.parent == ROOT:
            continue
        if any(name == 'eventlet' or name.startswith('eventlet.')
               for name in _imports(path)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_monkey_patch_is_first_import_of_every_daemon():
    for path in (ROOT / 'cmd').glob('*.py'):
        if path.name in ('__init__.py', 'common.py', 'manage.py'):
            continue
        tree = ast.parse(path.read_text())
        first = next(n for n in tree.body
                     if isinstance(n, (ast.Import, ast.ImportFrom)))
        assert isinstance(first, ast.ImportFrom), path
        assert first.module == 'nova_lite' and \
            first.names[0].name == 'monkey_patch', path


def test_no_module_grows_past_800_lines_without_saying_why():
    for path in ROOT.rglob('*.py'):
        lines = path.read_text().count('\n')
        if lines > 800:
            doc = ast.get_docstring(ast.parse(path.read_text())) or ''
            assert 'lines' in doc, '%s has %d lines' % (path, lines)


def test_sample_config_is_current(tmp_path):
    from oslo_config import generator
    top = ROOT.parent
    out = tmp_path / 'sample.conf'
    generator.main(['--config-file', str(top / 'etc' / 'nova_lite' /
                                         'nova-lite-config-generator.conf'),
                    '--output-file', str(out)])
    committed = (top / 'etc' / 'nova_lite' / 'nova_lite.conf.sample')
    assert out.read_text() == committed.read_text(), (
        'etc/nova_lite/nova_lite.conf.sample is stale: run tox -e genconfig')



def test_db_less_services_never_load_the_database_libraries():
    """A compute or volume service (no DB access) imports everything its
    start needs -- the object modules included -- without loading
    SQLAlchemy or oslo.db's engine facade (nova_lite/db/lazy.py): about
    20 MiB less in every such process."""
    import subprocess
    import sys
    import textwrap
    code = textwrap.dedent('''
        import sys
        import nova_lite.cmd.compute
        import nova_lite.cmd.volume
        from nova_lite import objects
        objects.register_all()
        from nova_lite.compute import manager, resource_tracker
        from nova_lite.volume import manager as volume_manager
        from nova_lite.virt import fake
        from nova_lite.network import agent
        loaded = sorted(m for m in sys.modules
                        if m.split('.')[0] == 'sqlalchemy'
                        or m.startswith('oslo_db.sqlalchemy')
                        or m == 'nova_lite.db.models')
        print(' '.join(loaded))
    ''')
    out = subprocess.run([sys.executable, '-c', code], check=True,
                         capture_output=True, text=True,
                         env={'NOVA_LITE_THREADS': '1', 'PATH': '/usr/bin'})
    assert out.stdout.strip() == ''

"""Integration tier: the daemons as separate processes, started by
``devstack/stack.sh`` exactly as a user starts them, on the real RabbitMQ
(a private vhost per run) and a real database (SQLite, PostgreSQL,
MariaDB), driven by the ``openstack`` CLI.

These tests fail, never skip, when RabbitMQ or a database is unreachable:
CI must not turn green without them.
"""

import contextlib
import os
import socket
import subprocess
import sys
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import url as sa_url

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)

DATABASES = {
    'sqlite': None,
    'postgresql': 'postgresql+psycopg2://postgres@127.0.0.1/%s',
    'mariadb': 'mysql+pymysql://root@127.0.0.1/%s',
}


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _require_port(port, what):
    try:
        socket.create_connection(('127.0.0.1', port), timeout=3).close()
    except OSError as exc:
        pytest.fail('%s is not reachable on 127.0.0.1:%d (%s); the '
                    'integration tests need it' % (what, port, exc))


def _rabbitmqctl(*args):
    subprocess.run(['rabbitmqctl', '-q'] + list(args), check=True,
                   stdout=subprocess.DEVNULL, timeout=60)


def _drop_database(url):
    target = sa_url.make_url(url)
    name = target.database
    if target.get_backend_name() == 'postgresql':
        engine = sa.create_engine(target.set(database='postgres'),
                                  isolation_level='AUTOCOMMIT')
        stmt = 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name
    else:
        engine = sa.create_engine(target.set(database=''))
        stmt = 'DROP DATABASE IF EXISTS `%s`' % name
    with engine.connect() as conn:
        conn.execute(sa.text(stmt))
    engine.dispose()


def keystone_venv():
    """Keystone's venv, installed once for every stack of every run.

    ``NOVA_LITE_KEYSTONE_VENV`` or a per-user cache directory; stack.sh
    (re)installs it when devstack/keystone-requirements.txt changes.
    """
    default = os.path.join(
        os.environ.get('XDG_CACHE_HOME') or
        os.path.join(os.path.expanduser('~'), '.cache'),
        'nova_lite', 'keystone-venv')
    return os.environ.get('NOVA_LITE_KEYSTONE_VENV', default)


class Stack:
    def __init__(self, data_dir, env):
        self.data_dir = data_dir
        self.env = env
        self.cli_env = dict(os.environ)
        for key in list(self.cli_env):
            if key.startswith('OS_'):
                del self.cli_env[key]
        self.cli_env.update(
            OS_CLIENT_CONFIG_FILE=os.path.join(data_dir, 'clouds.yaml'),
            OS_CLOUD='nova-lite', PATH=BIN + os.pathsep +
            os.environ.get('PATH', ''))

    def openstack(self, *args, cloud='nova-lite', check=True):
        env = dict(self.cli_env, OS_CLOUD=cloud)
        result = subprocess.run([os.path.join(BIN, 'openstack')] +
                                list(args), env=env, capture_output=True,
                                text=True, timeout=180)
        if check and result.returncode != 0:
            raise AssertionError('openstack %s failed (%d): %s\n%s' % (
                ' '.join(args), result.returncode, result.stdout,
                result.stderr))
        return result

    def start(self):
        """Run stack.sh: starts what is not running (it is idempotent)."""
        result = subprocess.run([os.path.join(TOP, 'devstack', 'stack.sh')],
                                env=self.env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        assert 'export OS_CLOUD=nova-lite' in result.stdout
        self.api_url = 'http://127.0.0.1:%s' % self.env['API_PORT']
        self.network_url = 'http://127.0.0.1:%s' % self.env['NETWORK_PORT']

    def ping(self, topic, host=None, timeout=3):
        """True when the service's RPC server answers (nova-lite-manage)."""
        args = [os.path.join(BIN, 'nova-lite-manage'), '--config-file',
                os.path.join(self.data_dir, 'etc', 'nova_lite.conf'),
                'service', 'ping', topic, '--timeout', str(timeout)]
        if host:
            args += ['--server', host]
        return subprocess.run(args, capture_output=True,
                              timeout=timeout + 60).returncode == 0

    def pid(self, daemon):
        with open(os.path.join(self.data_dir, 'pids', daemon + '.pid')) as f:
            return int(f.read())

    def log(self, name):
        with open(os.path.join(self.data_dir, 'logs', name + '.log')) as f:
            return f.read()


RABBIT_SCRIPT = os.path.join(TOP, 'tools', 'chaos', 'private_rabbit.sh')


def _free_rabbit_port():
    """A port for a private RabbitMQ node whose distribution port (port +
    20000) is free too; outside 5672 and rabbitmqctl's 35672-35682."""
    for port in range(5680, 5780):
        if all(_port_free(p) for p in (port, port + 20000)):
            return port
    raise RuntimeError('no free port pair for a private RabbitMQ node')


def _port_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(('127.0.0.1', port))
        except OSError:
            return False
    return True


class PrivateRabbit:
    """A RabbitMQ node of our own (tools/chaos/private_rabbit.sh): tests
    that stop the broker stop this one, never the shared one."""

    def __init__(self, directory, port):
        self.dir, self.port = directory, port
        self.url = 'rabbit://guest:guest@127.0.0.1:%d/' % port

    def start(self):
        subprocess.run([RABBIT_SCRIPT, 'start', self.dir, str(self.port)],
                       check=True, capture_output=True, timeout=240)

    def stop(self):
        subprocess.run([RABBIT_SCRIPT, 'stop', self.dir], check=True,
                       capture_output=True, timeout=240)

    def is_open(self):
        try:
            socket.create_connection(('127.0.0.1', self.port),
                                     timeout=1).close()
            return True
        except OSError:
            return False


@contextlib.contextmanager
def private_rabbit(tmp_path_factory):
    """A started private RabbitMQ node; stopped afterwards."""
    node = PrivateRabbit(str(tmp_path_factory.mktemp('rabbit')),
                         _free_rabbit_port())
    try:
        node.start()
        yield node
    finally:
        subprocess.run([RABBIT_SCRIPT, 'stop', node.dir],
                       capture_output=True, timeout=240)


@contextlib.contextmanager
def running_stack(tmp_path_factory, backend, extra_env=None,
                  local_confs=None):
    """``devstack/stack.sh`` on a private vhost and database; unstack and
    clean up afterwards, also when the test fails.

    ``local_confs`` maps a file name under ``$DATA_DIR/etc`` (``local.conf``,
    ``local-compute-compute1.conf``...) to its text.
    """
    _require_port(5672, 'RabbitMQ')
    suffix = uuid.uuid4().hex[:10]
    data_dir = str(tmp_path_factory.mktemp('stack-%s' % backend))
    if DATABASES[backend] is None:
        db_url = 'sqlite:///%s/nova_lite.sqlite' % data_dir
    else:
        _require_port(5432 if backend == 'postgresql' else 3306, backend)
        db_url = DATABASES[backend] % ('nl_it_' + suffix)
    etc = os.path.join(data_dir, 'etc')
    os.makedirs(etc, exist_ok=True)
    for name, text in (local_confs or {}).items():
        with open(os.path.join(etc, name), 'w') as conf:
            conf.write(text)
    vhost = 'nova_lite_it_' + suffix
    _rabbitmqctl('add_vhost', vhost)
    _rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*')
    # AUTH=noauth2 unless asked: the REST helpers (tests/integration/
    # rest.py) send raw "user:project" tokens; test_keystone.py asks for
    # Keystone.
    env = dict(os.environ, DATA_DIR=data_dir, VENV=sys.prefix,
               SKIP_INSTALL='1', NO_SYSTEMD='1', AUTH='noauth2',
               API_PORT=str(_free_port()),
               NETWORK_PORT=str(_free_port()),
               DATABASE_URL=db_url, REPORT_INTERVAL='2',
               PERIODIC_FUZZY_DELAY='0', RPC_RESPONSE_TIMEOUT='20',
               TRANSPORT_URL='rabbit://guest:guest@127.0.0.1:5672/' + vhost)
    env.update(extra_env or {})
    keystone_db = None
    if env['AUTH'] == 'keystone':
        env.setdefault('KEYSTONE_PORT', str(_free_port()))
        env.setdefault('KEYSTONE_VENV', keystone_venv())
        if DATABASES[backend] is not None:
            keystone_db = DATABASES[backend] % ('nl_it_ks_' + suffix)
            env['KEYSTONE_DATABASE_URL'] = keystone_db
    stack = Stack(data_dir, env)
    stack.backend = backend
    stack.db_url = db_url
    try:
        stack.start()
        yield stack
    finally:
        subprocess.run([os.path.join(TOP, 'devstack', 'unstack.sh')],
                       env=env, capture_output=True, timeout=120)
        _rabbitmqctl('delete_vhost', vhost)
        if DATABASES[backend] is not None:
            _drop_database(db_url)
        if keystone_db is not None:
            _drop_database(keystone_db)


@contextlib.contextmanager
def rest_cloud(tmp_path_factory, services, extra_env=None, local_confs=None,
               backend='postgresql'):
    """A running stack and a REST client on it, once ``services`` are up."""
    from tests.integration import rest
    with running_stack(tmp_path_factory, backend, extra_env,
                       local_confs) as stack:
        client = rest.Client(stack.api_url)
        client.wait(lambda: sum(s['state'] == 'up' for s in
                                client.services().values()) == services,
                    what='%d services up' % services)
        # A compute's record is up before its first resource update has
        # made its node: until then it takes no boots.
        client.wait(client.computes_have_nodes,
                    what='a node for every compute')
        client.stack = stack
        client.image = client.image_id()
        yield client


@pytest.fixture(scope='module', params=sorted(DATABASES))
def stack(request, tmp_path_factory):
    with running_stack(tmp_path_factory, request.param) as running:
        yield running

"""The rabbitmq-stop scenario stops only a private RabbitMQ node
(tools/chaos/private_rabbit.sh), and only the one the stack uses."""

import pytest

from nova_lite.bench import chaos


def _node(tmp_path, node, port):
    rabbit = tmp_path / 'rabbit'
    rabbit.mkdir()
    (rabbit / 'node').write_text(node + '\n')
    (rabbit / 'port').write_text('%d\n' % port)
    return str(rabbit)


def _stack(tmp_path, *urls):
    etc = tmp_path / 'stack' / 'etc'
    etc.mkdir(parents=True)
    for n, url in enumerate(urls):
        (etc / ('nova_lite-%d.conf' % n)).write_text(
            '[DEFAULT]\ntransport_url = %s\n' % url)
    # a file without transport_url (devstack's local.conf) is ignored
    (etc / 'local.conf').write_text('[conductor]\nreconcile_interval = 5\n')
    return str(tmp_path / 'stack')


def test_private_node_the_stack_uses(tmp_path):
    rabbit = _node(tmp_path, 'nlchaos-5679@localhost', 5679)
    stack = _stack(tmp_path, 'rabbit://guest:guest@127.0.0.1:5679/',
                   'rabbit://guest:guest@127.0.0.1:5679/')
    assert chaos.private_rabbit_node(rabbit, stack) == \
        'nlchaos-5679@localhost'


@pytest.mark.parametrize('node, port', [
    ('rabbit@localhost', 5679),       # the shared node's name
    ('nlchaos-5672@localhost', 5672),  # the shared broker's port
])
def test_refuses_the_shared_broker(tmp_path, node, port):
    rabbit = _node(tmp_path, node, port)
    stack = _stack(tmp_path, 'rabbit://guest:guest@127.0.0.1:%d/' % port)
    with pytest.raises(ValueError, match='shared broker'):
        chaos.private_rabbit_node(rabbit, stack)


@pytest.mark.parametrize('urls', [
    ('rabbit://guest:guest@127.0.0.1:5672/nl7',),   # the shared broker
    ('rabbit://guest:guest@127.0.0.1:5679/',
     'rabbit://guest:guest@127.0.0.1:5672/'),       # one daemon is not
    (),                                              # no config at all
])
def test_refuses_a_stack_not_on_the_node(tmp_path, urls):
    rabbit = _node(tmp_path, 'nlchaos-5679@localhost', 5679)
    stack = _stack(tmp_path, *urls)
    with pytest.raises(ValueError, match='does not use the private node'):
        chaos.private_rabbit_node(rabbit, stack)


def test_refuses_a_directory_without_a_node(tmp_path):
    with pytest.raises(ValueError, match='holds no private RabbitMQ'):
        chaos.private_rabbit_node(str(tmp_path), str(tmp_path))

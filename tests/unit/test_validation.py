"""JSON schema validation of request bodies."""

import copy

import pytest

from nova_lite.api.schemas import flavors
from nova_lite.api.schemas import servers
from nova_lite.api import validation
from nova_lite import exception

IMAGE = '155d900f-4e14-4e4c-a73d-069cbf4541e6'

GOOD_SERVER = {'server': {'name': 'vm1', 'imageRef': IMAGE,
                          'flavorRef': 'm1.tiny', 'networks': 'none'}}

GOOD_FLAVOR = {'flavor': {'name': 'm1.test', 'ram': 512, 'vcpus': 1,
                          'disk': 1}}


def _server(**changes):
    body = copy.deepcopy(GOOD_SERVER)
    for key, value in changes.items():
        if value is None:
            body['server'].pop(key)
        else:
            body['server'][key] = value
    return body


def _invalid(body, schema):
    with pytest.raises(exception.ValidationError) as info:
        validation.validate(body, schema)
    assert info.value.code == 400
    return info.value.format_message()


def test_server_create_v237_good_bodies():
    validation.validate(GOOD_SERVER, servers.create_v237)
    validation.validate(_server(networks='auto'), servers.create_v237)
    validation.validate(_server(networks=[{'uuid': IMAGE}], min_count=2,
                                max_count='3', description='d',
                                metadata={'k': 'v'}),
                        servers.create_v237)


def test_server_create_v237_requires_networks():
    message = _invalid(_server(networks=None), servers.create_v237)
    assert 'networks' in message


def test_server_create_before_v237_networks_optional():
    validation.validate(_server(networks=None), servers.create_v21)
    validation.validate(_server(networks=None), servers.create_v219)


def test_server_create_unknown_key_in_server():
    message = _invalid(_server(bogus=1), servers.create_v237)
    assert "'bogus'" in message


def test_server_create_unknown_top_level_key():
    body = dict(GOOD_SERVER, extra={})
    message = _invalid(body, servers.create_v237)
    assert "'extra'" in message


def test_server_create_bad_values():
    _invalid(_server(networks='some'), servers.create_v237)
    _invalid(_server(name=''), servers.create_v237)
    _invalid(_server(name=' padded'), servers.create_v237)
    _invalid(_server(min_count=0), servers.create_v237)
    _invalid(_server(description='x'), servers.create_v21)
    _invalid({}, servers.create_v237)


def test_server_create_message_names_the_field():
    message = _invalid(_server(min_count='abc'), servers.create_v237)
    assert 'server/min_count' in message


def test_flavor_create_good_bodies():
    validation.validate(GOOD_FLAVOR, flavors.create)
    body = copy.deepcopy(GOOD_FLAVOR)
    body['flavor'].update({'id': None, 'swap': 0, 'rxtx_factor': 1.5,
                           'OS-FLV-EXT-DATA:ephemeral': 0,
                           'os-flavor-access:is_public': False})
    validation.validate(body, flavors.create)
    body['flavor'].update({'id': 'custom-1', 'ram': '1024'})
    validation.validate(body, flavors.create)


@pytest.mark.parametrize('change', [
    {'ram': None}, {'ram': 0}, {'vcpus': -1}, {'disk': 'x'},
    {'name': ''}, {'id': ''}, {'id': 'bad id!'}, {'extra': 1},
    {'rxtx_factor': 0}, {'os-flavor-access:is_public': 'maybe'}])
def test_flavor_create_bad_bodies(change):
    body = copy.deepcopy(GOOD_FLAVOR)
    for key, value in change.items():
        if value is None:
            body['flavor'].pop(key)
        else:
            body['flavor'][key] = value
    _invalid(body, flavors.create)


def test_flavor_create_needs_flavor_key():
    _invalid({'name': 'x'}, flavors.create)
    _invalid(dict(GOOD_FLAVOR, more=1), flavors.create)


def test_schema_windows_recorded():
    from nova_lite.api.controllers import servers as servers_ctl
    windows = servers_ctl.ServersController.post._body_schemas
    assert sorted((low, high) for low, high, _s in windows) == [
        ('2.1', '2.18'), ('2.19', '2.36'), ('2.37', None)]

"""The network API through its pipeline: shapes, isolation, errors."""

import pytest
import webob


ADMIN = 'admin:admin'
OTHER = 'eve:other'


def _error(resp, code, error_type):
    assert resp.status_int == code, resp.text
    assert resp.content_type == 'application/json'
    body = resp.json['NeutronError']
    assert body['type'] == error_type, body
    assert body['message'] and body['detail'] == ''
    return body['message']


# -- discovery -----------------------------------------------------------

def test_versions_need_no_token(net):
    resp = net.request('GET', '/', token='')
    assert resp.status_int == 200
    (version,) = resp.json['versions']
    assert version['id'] == 'v2.0' and version['status'] == 'CURRENT'
    assert version['links'][0]['href'].endswith('/v2.0/')
    assert resp.headers['x-openstack-request-id'].startswith('req-')


def test_everything_else_needs_a_token(net):
    assert net.request('GET', '/v2.0/networks', token='').status_int == 401


def test_resources_and_extensions(net):
    resources = net.request('GET', '/v2.0/').json['resources']
    assert sorted(r['collection'] for r in resources) == [
        'networks', 'ports', 'subnets']
    extensions = net.request('GET', '/v2.0/extensions').json['extensions']
    aliases = {e['alias'] for e in extensions}
    assert {'binding', 'port-security', 'project-id'} <= aliases
    assert 'security-group' not in aliases
    one = net.request('GET', '/v2.0/extensions/binding').json['extension']
    assert one['alias'] == 'binding'
    _error(net.request('GET', '/v2.0/extensions/router'), 404,
           'ExtensionNotFound')


# -- shapes --------------------------------------------------------------

def test_network_shape(net):
    network = net.create('networks', {'name': 'n1', 'description': 'd'})
    for key, value in {'name': 'n1', 'status': 'ACTIVE', 'subnets': [],
                       'admin_state_up': True, 'shared': False,
                       'router:external': False, 'mtu': 1500,
                       'tenant_id': 'demo', 'project_id': 'demo',
                       'description': 'd', 'availability_zones': [],
                       'revision_number': 1, 'tags': [],
                       'port_security_enabled': True}.items():
        assert network[key] == value, key
    assert network['created_at'].endswith('Z')
    shown = net.request('GET', '/v2.0/networks/%s' % network['id'])
    assert shown.json['network'] == network


def test_subnet_defaults_and_network_subnets(net):
    network, subnet = net.network_with_subnet(cidr='10.1.0.0/24')
    assert subnet['ip_version'] == 4 and subnet['cidr'] == '10.1.0.0/24'
    assert subnet['gateway_ip'] == '10.1.0.1'
    assert subnet['allocation_pools'] == [{'start': '10.1.0.2',
                                           'end': '10.1.0.254'}]
    assert subnet['enable_dhcp'] is True
    assert subnet['dns_nameservers'] == [] and subnet['host_routes'] == []
    assert subnet['ipv6_ra_mode'] is None
    assert subnet['ipv6_address_mode'] is None
    shown = net.request('GET', '/v2.0/networks/%s' % network['id'])
    assert shown.json['network']['subnets'] == [subnet['id']]


def test_subnet_without_gateway_and_with_pools(net):
    network = net.create('networks', {'name': 'n'})
    subnet = net.create('subnets', {
        'network_id': network['id'], 'cidr': '10.2.0.0/24',
        'ip_version': 4, 'gateway_ip': None,
        'allocation_pools': [{'start': '10.2.0.100', 'end': '10.2.0.101'}],
        'dns_nameservers': ['8.8.8.8'],
        'host_routes': [{'destination': '0.0.0.0/0',
                         'nexthop': '10.2.0.254'}]})
    assert subnet['gateway_ip'] is None
    assert subnet['allocation_pools'] == [{'start': '10.2.0.100',
                                           'end': '10.2.0.101'}]
    ips = [net.create('ports', {'network_id': network['id']})
           ['fixed_ips'][0]['ip_address'] for _ in range(2)]
    assert ips == ['10.2.0.100', '10.2.0.101']
    _error(net.request('POST', '/v2.0/ports', {'port': {
        'network_id': network['id']}}), 409, 'IpAddressGenerationFailure')


def test_port_shape_for_a_member(net):
    network, subnet = net.network_with_subnet()
    port = net.create('ports', {'network_id': network['id'], 'name': 'p'})
    assert port['status'] == 'DOWN'
    assert port['mac_address'].startswith('fa:16:3e:')
    assert port['fixed_ips'] == [{'subnet_id': subnet['id'],
                                  'ip_address': '10.1.0.2'}]
    assert port['binding:vnic_type'] == 'normal'
    assert port['security_groups'] == [] and port['tags'] == []
    assert port['device_id'] == '' and port['device_owner'] == ''
    assert port['tenant_id'] == port['project_id'] == 'demo'
    for hidden in ('binding:host_id', 'binding:vif_type',
                   'binding:profile', 'binding:vif_details'):
        assert hidden not in port


def test_admin_sees_and_sets_binding_attributes(net):
    network, _subnet = net.network_with_subnet()
    port = net.create('ports', {'network_id': network['id'],
                                'tenant_id': 'demo',
                                'binding:host_id': 'compute1',
                                'device_id': 'srv-1',
                                'device_owner': 'compute:nova'},
                      token=ADMIN)
    assert port['project_id'] == 'demo'
    assert port['binding:host_id'] == 'compute1'
    assert port['binding:vif_type'] == 'tap'
    assert port['binding:profile'] == {}
    assert port['binding:vif_details'] == {}
    # the owner sees the port, without the binding
    shown = net.request('GET', '/v2.0/ports/%s' % port['id']).json['port']
    assert 'binding:host_id' not in shown
    unbound = net.request('PUT', '/v2.0/ports/%s' % port['id'], {'port': {
        'binding:host_id': ''}}, token=ADMIN).json['port']
    assert unbound['binding:vif_type'] == 'unbound'
    assert unbound['revision_number'] == 2


def test_member_may_not_bind(net):
    network, _subnet = net.network_with_subnet()
    message = _error(net.request('POST', '/v2.0/ports', {'port': {
        'network_id': network['id'], 'binding:host_id': 'h'}}), 403,
        'PolicyNotAuthorized')
    assert 'create_port:binding:host_id' in message
    port = net.create('ports', {'network_id': network['id']})
    _error(net.request('PUT', '/v2.0/ports/%s' % port['id'], {'port': {
        'binding:host_id': 'h'}}), 403, 'PolicyNotAuthorized')


def test_member_may_not_create_for_another_project(net):
    network, _subnet = net.network_with_subnet()
    _error(net.request('POST', '/v2.0/ports', {'port': {
        'network_id': network['id'], 'tenant_id': 'other'}}), 403,
        'PolicyNotAuthorized')


def test_update_and_delete(net):
    network, subnet = net.network_with_subnet()
    renamed = net.request('PUT', '/v2.0/networks/%s' % network['id'],
                          {'network': {'name': 'new'}}).json['network']
    assert renamed['name'] == 'new' and renamed['revision_number'] == 2
    subnet = net.request('PUT', '/v2.0/subnets/%s' % subnet['id'], {
        'subnet': {'name': 's2', 'dns_nameservers': ['1.1.1.1']}}
    ).json['subnet']
    assert subnet['dns_nameservers'] == ['1.1.1.1']
    port = net.create('ports', {'network_id': network['id']})
    port = net.request('PUT', '/v2.0/ports/%s' % port['id'], {'port': {
        'name': 'x', 'fixed_ips': [{'ip_address': '10.1.0.77'}]}}
    ).json['port']
    assert port['fixed_ips'] == [{'subnet_id': subnet['id'],
                                  'ip_address': '10.1.0.77'}]
    _error(net.request('DELETE', '/v2.0/subnets/%s' % subnet['id']), 409,
           'SubnetInUse')
    _error(net.request('DELETE', '/v2.0/networks/%s' % network['id']), 409,
           'NetworkInUse')
    assert net.request('DELETE',
                       '/v2.0/ports/%s' % port['id']).status_int == 204
    _error(net.request('GET', '/v2.0/ports/%s' % port['id']), 404,
           'PortNotFound')
    # the address is free again
    again = net.create('ports', {'network_id': network['id'], 'fixed_ips': [
        {'ip_address': '10.1.0.77'}]})
    net.request('DELETE', '/v2.0/ports/%s' % again['id'])
    resp = net.request('DELETE', '/v2.0/networks/%s' % network['id'])
    assert resp.status_int == 204 and resp.body == b''
    _error(net.request('GET', '/v2.0/subnets/%s' % subnet['id']), 404,
           'SubnetNotFound')


# -- isolation -----------------------------------------------------------

def test_project_isolation(net):
    net.network_with_subnet('mine')
    theirs, their_subnet = net.network_with_subnet('theirs', token=OTHER)
    shared = net.create('networks', {'name': 'pub', 'shared': True},
                        token=ADMIN)
    shared_subnet = net.create('subnets', {
        'network_id': shared['id'], 'cidr': '10.9.0.0/24',
        'ip_version': 4}, token=ADMIN)
    names = {n['name'] for n in
             net.request('GET', '/v2.0/networks').json['networks']}
    assert names == {'mine', 'pub'}
    everything = net.request('GET', '/v2.0/networks', token=ADMIN)
    assert {n['name'] for n in everything.json['networks']} == {
        'mine', 'theirs', 'pub'}
    _error(net.request('GET', '/v2.0/networks/%s' % theirs['id']), 404,
           'NetworkNotFound')
    _error(net.request('DELETE', '/v2.0/networks/%s' % theirs['id']), 404,
           'NetworkNotFound')
    _error(net.request('GET', '/v2.0/subnets/%s' % their_subnet['id']),
           404, 'SubnetNotFound')
    # a shared network is visible (with its subnet) but not writable
    assert net.request('GET', '/v2.0/subnets/%s' %
                       shared_subnet['id']).status_int == 200
    _error(net.request('PUT', '/v2.0/networks/%s' % shared['id'],
                       {'network': {'name': 'x'}}), 403,
           'PolicyNotAuthorized')
    _error(net.request('POST', '/v2.0/ports', {'port': {
        'network_id': theirs['id']}}), 404, 'NetworkNotFound')
    # ports on a shared network belong to their creator
    port = net.create('ports', {'network_id': shared['id']})
    assert net.request('GET', '/v2.0/ports/%s' % port['id'],
                       token=OTHER).status_int == 404
    assert [p['id'] for p in net.request(
        'GET', '/v2.0/ports', token=OTHER).json['ports']] == []
    _error(net.request('POST', '/v2.0/networks', {'network': {
        'name': 'x', 'shared': True}}), 403, 'PolicyNotAuthorized')


# -- filters and paging ----------------------------------------------------

def test_filters_and_fields(net):
    network, _subnet = net.network_with_subnet()
    ports = [net.create('ports', {'network_id': network['id'],
                                  'device_id': 'dev-%d' % i,
                                  'name': 'p%d' % i}, token=ADMIN)
             for i in range(3)]
    got = net.request('GET', '/v2.0/ports?device_id=dev-1&device_id=dev-2'
                      '&fields=id&fields=device_id', token=ADMIN)
    assert sorted(got.json['ports'], key=lambda p: p['device_id']) == [
        {'id': ports[1]['id'], 'device_id': 'dev-1'},
        {'id': ports[2]['id'], 'device_id': 'dev-2'}]
    ip = ports[0]['fixed_ips'][0]['ip_address']
    got = net.request('GET', '/v2.0/ports?fixed_ips=ip_address%%3D%s' % ip,
                      token=ADMIN)
    assert [p['id'] for p in got.json['ports']] == [ports[0]['id']]
    got = net.request('GET', '/v2.0/networks?shared=False&tenant_id=demo')
    assert [n['id'] for n in got.json['networks']] == [network['id']]
    assert net.request('GET', '/v2.0/networks?shared=True').json == {
        'networks': []}
    got = net.request('GET', '/v2.0/ports?binding:host_id=nowhere',
                      token=ADMIN)
    assert got.json == {'ports': []}
    assert net.request('GET', '/v2.0/ports?unknown=1',
                       token=ADMIN).status_int == 200


def test_pagination(net):
    network, _subnet = net.network_with_subnet()
    ids = sorted(net.create('ports', {'network_id': network['id']})['id']
                 for _ in range(5))
    first = net.request('GET', '/v2.0/ports?limit=2').json
    assert [p['id'] for p in first['ports']] == ids[:2]
    link = first['ports_links'][0]
    assert link['rel'] == 'next' and 'marker=%s' % ids[1] in link['href']
    path = link['href'][link['href'].index('/v2.0'):]
    second = net.request('GET', path).json
    assert [p['id'] for p in second['ports']] == ids[2:4]
    desc = net.request('GET', '/v2.0/ports?sort_key=id&sort_dir=desc')
    assert [p['id'] for p in desc.json['ports']] == ids[::-1]


# -- bad input -----------------------------------------------------------

@pytest.mark.parametrize('path, body, code, error_type', [
    ('/v2.0/networks', {'network': {'name': 'x', 'mtu': 9000}}, 400,
     'HTTPBadRequest'),
    ('/v2.0/networks', {'networks': [{'name': 'x'}]}, 400,
     'HTTPBadRequest'),
    ('/v2.0/networks', {'network': {'name': 7}}, 400, 'HTTPBadRequest'),
    ('/v2.0/networks', {'network': {'admin_state_up': 'maybe'}}, 400,
     'HTTPBadRequest'),
    ('/v2.0/ports', {'port': {'network_id': 'nope'}}, 404,
     'NetworkNotFound'),
    ('/v2.0/ports', {'port': {}}, 400, 'HTTPBadRequest'),
    ('/v2.0/subnets', {'subnet': {'network_id': 'nope', 'cidr': 'x',
                                  'ip_version': 4}}, 404, 'NetworkNotFound'),
])
def test_bad_bodies(net, path, body, code, error_type):
    _error(net.request('POST', path, body), code, error_type)


def test_malformed_json(net):
    _error(net.request('POST', '/v2.0/networks', raw=b'{not json'), 400,
           'HTTPBadRequest')


@pytest.mark.parametrize('subnet, code, error_type', [
    ({'cidr': '10.1.0.5/24'}, 400, 'InvalidInput'),
    ({'cidr': 'nonsense'}, 400, 'InvalidInput'),
    ({'cidr': '10.1.0.0/24', 'ip_version': 6}, 400, 'HTTPBadRequest'),
    ({'cidr': '10.1.0.0/24', 'gateway_ip': '10.2.0.1'}, 400,
     'InvalidInput'),
    ({'cidr': '10.1.0.0/24', 'allocation_pools': [
        {'start': '10.1.0.1', 'end': '10.1.0.9'}]}, 409,
     'GatewayConflictWithAllocationPools'),
    ({'cidr': '10.1.0.0/24', 'allocation_pools': [
        {'start': '10.1.0.9', 'end': '10.1.1.9'}]}, 400,
     'OutOfBoundsAllocationPool'),
    ({'cidr': '10.1.0.0/24', 'dns_nameservers': ['x']}, 400,
     'InvalidInput'),
    ({'cidr': '10.1.0.0/24', 'ipv6_ra_mode': 'slaac'}, 400,
     'HTTPBadRequest'),
])
def test_bad_subnets(net, subnet, code, error_type):
    network = net.create('networks', {'name': 'n'})
    body = dict({'network_id': network['id'], 'ip_version': 4}, **subnet)
    _error(net.request('POST', '/v2.0/subnets', {'subnet': body}), code,
           error_type)


def test_overlapping_subnets_are_refused(net):
    network, _subnet = net.network_with_subnet(cidr='10.1.0.0/24')
    _error(net.request('POST', '/v2.0/subnets', {'subnet': {
        'network_id': network['id'], 'cidr': '10.1.0.128/25',
        'ip_version': 4}}), 400, 'InvalidInput')


def test_bad_fixed_ips(net):
    network, subnet = net.network_with_subnet(cidr='10.1.0.0/24')
    port = net.create('ports', {'network_id': network['id'], 'fixed_ips': [
        {'subnet_id': subnet['id'], 'ip_address': '10.1.0.50'}]})
    assert port['fixed_ips'][0]['ip_address'] == '10.1.0.50'
    cases = [
        ([{'ip_address': '10.1.0.50'}], 409, 'IpAddressAlreadyAllocated'),
        ([{'ip_address': '10.7.0.5'}], 400, 'InvalidIpForNetwork'),
        ([{'subnet_id': subnet['id'], 'ip_address': '10.7.0.5'}], 400,
         'InvalidIpForSubnet'),
        ([{'ip_address': '10.1.0.1'}], 400, 'InvalidIpForSubnet'),
        ([{'subnet_id': 'nope'}], 400, 'InvalidInput'),
        ([{'ip_address': 'bad'}], 400, 'InvalidInput'),
        ([{}], 400, 'HTTPBadRequest'),
        ([{'ip_address': '10.1.0.60'}, {'ip_address': '10.1.0.60'}], 400,
         'InvalidInput'),
    ]
    for fixed_ips, code, error_type in cases:
        _error(net.request('POST', '/v2.0/ports', {'port': {
            'network_id': network['id'], 'fixed_ips': fixed_ips}}), code,
            error_type)
    listed = net.request('GET', '/v2.0/ports').json['ports']
    assert [p['id'] for p in listed] == [port['id']]  # nothing left behind


def test_mac_address_rules(net):
    network, _subnet = net.network_with_subnet()
    port = net.create('ports', {'network_id': network['id'],
                                'mac_address': 'FA:16:3E:00:00:01'})
    assert port['mac_address'] == 'fa:16:3e:00:00:01'
    _error(net.request('POST', '/v2.0/ports', {'port': {
        'network_id': network['id'], 'mac_address': 'fa:16:3e:00:00:01'}}),
        409, 'MacAddressInUse')
    _error(net.request('POST', '/v2.0/ports', {'port': {
        'network_id': network['id'], 'mac_address': 'zz'}}), 400,
        'HTTPBadRequest')
    _error(net.request('POST', '/v2.0/ports', {'port': {
        'network_id': network['id'], 'mac_address': 'ff:ff:ff:ff:ff:ff'}}),
        400, 'InvalidInput')


def test_unknown_routes_and_methods(net):
    _error(net.request('GET', '/v2.0/routers'), 404, 'HTTPNotFound')
    _error(net.request('PATCH', '/v2.0/networks'), 405,
           'HTTPMethodNotAllowed')


def test_unexpected_errors_are_a_json_500(net, monkeypatch):
    from nova_lite.network import db

    def boom(*args, **kwargs):
        raise RuntimeError('secret detail')
    monkeypatch.setattr(db, 'network_list', boom)
    resp = net.request('GET', '/v2.0/networks')
    message = _error(resp, 500, 'HTTPInternalServerError')
    assert 'secret' not in resp.text and 'Traceback' not in resp.text
    assert 'internal server error' in message


_GARBAGE = [None, b'', b'null', b'[]', b'"x"', b'{"x": 1}', b'\xff\xfe',
            b'{"network": null, "subnet": [], "port": "x"}']


@pytest.mark.parametrize('token', [OTHER, ADMIN])
@pytest.mark.parametrize('collection', ['networks', 'subnets', 'ports',
                                        'extensions'])
def test_no_input_makes_a_500(net, collection, token):
    """Bad bodies, paths and query strings on every route: 4xx, never 5xx
    (and always the Neutron body)."""
    network, subnet = net.network_with_subnet()
    port = net.create('ports', {'network_id': network['id']})
    item = {'networks': network['id'], 'subnets': subnet['id'],
            'ports': port['id'], 'extensions': 'binding'}[collection]
    paths = ['/v2.0/%s' % collection, '/v2.0/%s/%s' % (collection, item),
             '/v2.0/%s/%s/x' % (collection, item),
             '/v2.0/%s/%s' % (collection, 'x' * 300),
             '/v2.0/%s?limit=-1&marker=&sort_dir=up' % collection,
             '/v2.0/%s?fixed_ips=bad&shared=2&fields=' % collection]
    for path in paths:
        for method in ('GET', 'POST', 'PUT', 'DELETE', 'PATCH'):
            for raw in _GARBAGE:
                resp = net.request(method, path, raw=raw, token=token)
                assert resp.status_int < 500, (method, path, raw,
                                               resp.text)
                if resp.status_int >= 400:
                    assert 'NeutronError' in resp.json, resp.text


def test_keystone_pipeline_rejects_requests_without_token(net):
    from nova_lite.network.api import app as network_app
    net.conf.set_override('auth_strategy', 'keystone', group='api')
    network_app.load_app(net.conf)  # registers [keystone_authtoken]
    net.conf.set_override('www_authenticate_uri', 'http://127.0.0.1:5000',
                          group='keystone_authtoken')
    application = network_app.load_app(net.conf)
    versions = webob.Request.blank('/').get_response(application)
    assert versions.status_int == 200
    resp = webob.Request.blank('/v2.0/networks').get_response(application)
    assert resp.status_int == 401
    assert resp.headers['WWW-Authenticate'] == \
        'Keystone uri="http://127.0.0.1:5000"'
    assert resp.json['NeutronError']['type'] == 'HTTPUnauthorized', \
        resp.text


def test_database_unavailable_is_a_503(net):
    # The DB-API's own error below oslo.db, as when the server went away
    # (see test_db_unavailable.py): Neutron's body, a 503 and Retry-After,
    # not a 500; the same request succeeds once the database is back.
    import sqlite3

    import sqlalchemy as sa

    from nova_lite.db import api as db_api

    def refuse(conn, cursor, statement, *args):
        raise sqlite3.OperationalError('unable to open database file')

    engine = db_api._STATE['manager'].writer.get_engine()
    sa.event.listen(engine, 'before_cursor_execute', refuse)
    try:
        resp = net.request('GET', '/v2.0/ports')
        assert 'unavailable' in _error(resp, 503, 'HTTPServiceUnavailable')
        assert resp.headers['Retry-After'] == '5'
    finally:
        sa.event.remove(engine, 'before_cursor_execute', refuse)
    assert net.request('GET', '/v2.0/ports').status_int == 200

"""POST /servers/{id}/action os-getConsoleOutput (Nova's shape) through
the compute RPC call, on the fake driver."""

ADMIN = 'admin:admin'


def _console(cloud, sid, body, token='demo:demo'):
    return cloud.request('POST', '/v2.1/servers/%s/action' % sid,
                         {'os-getConsoleOutput': body}, token=token)


def _active_server(cloud):
    sid = cloud.create_server(name='console-vm')
    server = cloud.wait_for_status(sid, ('ACTIVE', 'ERROR'))
    assert server['status'] == 'ACTIVE', server
    return sid


def test_whole_log_and_tail(cloud):
    sid = _active_server(cloud)
    resp = _console(cloud, sid, {})
    assert resp.status_int == 200, resp.text
    output = resp.json['output']
    assert output.splitlines()[0].startswith('fake guest %s booting' % sid)
    assert len(output.splitlines()) == 2
    for length in (1, '1'):
        resp = _console(cloud, sid, {'length': length})
        assert resp.status_int == 200, resp.text
        assert resp.json == {'output': 'login prompt of console-vm\n'}
    assert _console(cloud, sid, {'length': -1}).json['output'] == output
    assert _console(cloud, sid, {'length': None}).json['output'] == output
    assert _console(cloud, sid, {'length': 0}).json == {'output': ''}


def test_bad_length_is_400(cloud):
    sid = _active_server(cloud)
    for bad in (-2, 'abc', '1.5', [1]):
        resp = _console(cloud, sid, {'length': bad})
        assert resp.status_int == 400, (bad, resp.text)
    resp = _console(cloud, sid, {'length': 1, 'extra': 1})
    assert resp.status_int == 400, resp.text


def test_unknown_server_is_404(cloud):
    resp = _console(cloud, '6f1e8a34-1b3c-4d4a-9a55-0c1a5fdc0000', {})
    assert resp.status_int == 404, resp.text


def test_other_project_cannot_read_it(cloud):
    sid = _active_server(cloud)
    resp = _console(cloud, sid, {}, token='other:other')
    assert resp.status_int == 404, resp.text


def test_building_server_is_409(make_cloud):
    cloud = make_cloud(**{'fake_driver.spawn_delay': 1.0})
    sid = cloud.create_server()
    resp = _console(cloud, sid, {})
    assert resp.status_int == 409, resp.text
    assert resp.json['conflictingRequest']['message'].startswith(
        "Cannot 'os-getConsoleOutput' instance %s while it is in " % sid)
    cloud.wait_for_status(sid, ('ACTIVE',))
    assert _console(cloud, sid, {}).status_int == 200

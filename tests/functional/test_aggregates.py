"""os-aggregates: listed for admins; nova_lite has none yet."""


def test_admin_lists_no_aggregates(cloud):
    resp = cloud.request('GET', '/v2.1/os-aggregates', token='admin:admin')
    assert resp.status_int == 200, resp.text
    assert resp.json == {'aggregates': []}


def test_member_is_forbidden(cloud):
    resp = cloud.request('GET', '/v2.1/os-aggregates')
    assert resp.status_int == 403
    assert resp.json['forbidden']['code'] == 403

"""Every body-taking method of the network API declares its schema."""

from nova_lite.api import validation
from nova_lite.network.api import root


def test_every_post_and_put_has_a_schema():
    table = root.route_table(root.RootController())
    assert {path for path, _c in table} >= {
        '/v2.0/networks', '/v2.0/subnets', '/v2.0/ports'}
    checked = 0
    for path, controller in table:
        for method in ('post', 'put'):
            handler = getattr(type(controller), method, None)
            if handler is None:
                continue
            assert validation.has_body_schema(handler), (path, method)
            checked += 1
    assert checked == 6

"""Walk the route table: every body-taking method declares a body schema."""

import pytest

from nova_lite.api.controllers import root
from nova_lite.api import microversion
from nova_lite.api import validation

# Methods that take a request body but not JSON, hence no JSON schema.
NO_SCHEMA = {
    # Glance image upload: raw bytes (application/octet-stream).
    ('/image/v2/images/{id}/file', 'put'),
}

_BODY_METHODS = ('post', 'put', 'patch')


@pytest.fixture(scope='module')
def routes():
    return root.route_table(root.RootController(compute_api=None))


def _body_methods(routes):
    for path, controller in routes:
        names = set(_BODY_METHODS)
        for action, methods in getattr(controller, '_custom_actions',
                                       {}).items():
            if {m.upper() for m in methods} & {'POST', 'PUT', 'PATCH'}:
                names.add(action)
        for name in sorted(names):
            method = getattr(controller, name, None)
            if callable(method):
                yield path, name, method


def test_route_table_is_not_empty(routes):
    paths = [path for path, _c in routes]
    assert '/v2.1/servers' in paths
    assert '/v2.1/flavors' in paths
    assert len(paths) == len(set(paths))


def test_every_body_method_has_a_schema(routes):
    missing = [(path, name) for path, name, method in _body_methods(routes)
               if (path, name) not in NO_SCHEMA and
               not validation.has_body_schema(method)]
    assert missing == [], 'body-taking methods without a schema'


def test_exceptions_are_real(routes):
    """The exception list does not hide a method that now has a schema."""
    found = {(path, name): method
             for path, name, method in _body_methods(routes)}
    for key in NO_SCHEMA:
        assert key in found, '%s %s is gone; drop it from NO_SCHEMA' % key
        assert not validation.has_body_schema(found[key])


def test_schema_windows_cover_each_version_once(routes):
    for path, name, method in _body_methods(routes):
        windows = getattr(method, '_body_schemas', None)
        if not windows or not path.startswith('/v2.1'):
            continue
        for version, _doc in microversion.VERSIONS:
            want = microversion.Want(microversion.parse(version))
            matching = [w for w in windows if want.matches(w[0], w[1])]
            assert len(matching) == 1, (path, name, version, matching)


def _controllers_under(obj, seen):
    """Every nova_lite controller object reachable by attribute."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    yield obj
    for attr in dir(obj):
        if attr.startswith('_'):
            continue
        try:
            child = getattr(obj, attr)
        except Exception:
            continue
        if isinstance(child, type) or callable(child) and \
                not hasattr(child, '__dict__'):
            continue
        module = type(child).__module__ or ''
        if module.startswith('nova_lite.api.controllers') and \
                not callable(getattr(child, '__func__', None)):
            yield from _controllers_under(child, seen)


def test_route_table_lists_every_body_taking_controller():
    root_controller = root.RootController(compute_api=None)
    listed = {id(c) for _p, c in root.route_table(root_controller)}
    unlisted = [type(c).__name__
                for c in _controllers_under(root_controller, set())
                if any(callable(getattr(c, m, None)) for m in _BODY_METHODS)
                and id(c) not in listed]
    assert unlisted == []

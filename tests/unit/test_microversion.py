"""The microversion list and request negotiation."""

import pytest
import webob

from nova_lite.api import microversion
from nova_lite import exception


def _headers(**headers):
    return webob.Request.blank('/', headers=headers).headers


def _tuple(version):
    return tuple(int(p) for p in version.split('.'))


def test_max_version_is_last_entry():
    assert microversion.MAX_VERSION == microversion.VERSIONS[-1][0]
    assert microversion.MIN_VERSION == microversion.VERSIONS[0][0]


def test_versions_strictly_increasing_and_described():
    versions = [_tuple(v) for v, _doc in microversion.VERSIONS]
    assert all(a < b for a, b in zip(versions, versions[1:]))
    assert all(doc.strip() for _v, doc in microversion.VERSIONS)


def test_no_header_is_minimum():
    want = microversion.negotiate(_headers())
    assert str(want) == microversion.MIN_VERSION


def test_latest():
    want = microversion.negotiate(
        _headers(**{'OpenStack-API-Version': 'compute latest'}))
    assert str(want) == microversion.MAX_VERSION


def test_standard_header():
    want = microversion.negotiate(
        _headers(**{'OpenStack-API-Version': 'compute 2.37'}))
    assert str(want) == '2.37'
    assert want.matches('2.37')
    assert want.matches('2.1', '2.37')
    assert not want.matches('2.38')
    assert not want.matches('2.19', '2.36')


def test_other_service_in_standard_header_is_ignored():
    want = microversion.negotiate(
        _headers(**{'OpenStack-API-Version': 'volume 3.10'}))
    assert str(want) == microversion.MIN_VERSION


def test_legacy_header():
    want = microversion.negotiate(
        _headers(**{'X-OpenStack-Nova-API-Version': '2.19'}))
    assert str(want) == '2.19'
    want = microversion.negotiate(
        _headers(**{'X-OpenStack-Nova-API-Version': 'latest'}))
    assert str(want) == microversion.MAX_VERSION


def test_standard_header_wins_over_legacy():
    want = microversion.negotiate(_headers(**{
        'OpenStack-API-Version': 'compute 2.30',
        'X-OpenStack-Nova-API-Version': '2.5'}))
    assert str(want) == '2.30'


@pytest.mark.parametrize('value', ['2.0', '1.1', '2.999', '3.0'])
def test_out_of_range(value):
    with pytest.raises(exception.InvalidMicroversion) as info:
        microversion.negotiate(
            _headers(**{'OpenStack-API-Version': 'compute %s' % value}))
    assert info.value.code == 406


@pytest.mark.parametrize('value', ['2', 'abc', '2.x'])
def test_malformed(value):
    with pytest.raises(exception.Invalid) as info:
        microversion.negotiate(
            _headers(**{'OpenStack-API-Version': 'compute %s' % value}))
    assert info.value.code == 400


def test_response_headers():
    want = microversion.negotiate(
        _headers(**{'OpenStack-API-Version': 'compute 2.47'}))
    headers = dict(microversion.response_headers(want))
    assert headers['OpenStack-API-Version'] == 'compute 2.47'
    assert headers['X-OpenStack-Nova-API-Version'] == '2.47'
    assert 'OpenStack-API-Version' in headers['Vary']

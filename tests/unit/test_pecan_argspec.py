"""pecan's argspec reads, remembered per function."""

from unittest import mock

from pecan import util as pecan_util
import pytest

from nova_lite.api import pecan_argspec


class _Controller:
    def get_one(self, server_id, key=None):
        pass

    def post(self, *args, **kwargs):
        pass


class _Counted:
    """pecan's own getargspec, counting its calls."""

    def __init__(self, getargspec):
        self.getargspec = getargspec
        self.call_count = 0

    def __call__(self, method):
        self.call_count += 1
        return self.getargspec(method)


@pytest.fixture
def memo():
    saved = pecan_util._getargspec
    counted = _Counted(saved)
    pecan_util._getargspec = counted
    try:
        pecan_argspec.install()
        yield counted
    finally:
        pecan_util._getargspec = saved


def test_one_inspection_per_function(memo):
    first, second = _Controller(), _Controller()
    spec = pecan_util.getargspec(first.get_one)
    assert spec.args == ['self', 'server_id', 'key']
    assert spec.defaults == (None,)
    # another bound method of the same function, another instance, the
    # function itself: all the same spec, inspected once
    assert pecan_util.getargspec(first.get_one) is spec
    assert pecan_util.getargspec(second.get_one) is spec
    assert pecan_util.getargspec(_Controller.get_one) is spec
    assert memo.call_count == 1
    post = pecan_util.getargspec(first.post)
    assert (post.varargs, post.keywords) == ('args', 'kwargs')
    assert memo.call_count == 2


def test_install_twice_wraps_once(memo):
    pecan_argspec.install()
    assert pecan_util._getargspec.uncached is memo


def test_stops_remembering_at_the_bound(memo):
    with mock.patch.object(pecan_argspec, '_MAX', 1):
        pecan_util._getargspec = pecan_argspec._memoized(memo)
        pecan_util.getargspec(_Controller.get_one)
        pecan_util.getargspec(_Controller.post)
        pecan_util.getargspec(_Controller.post)
    # get_one remembered, post (over the bound) inspected each time
    assert memo.call_count == 3

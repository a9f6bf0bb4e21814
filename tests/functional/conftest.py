import pytest

from tests.fixtures import cloud as cloud_fixture
from tests.fixtures import network as network_fixture


@pytest.fixture
def cloud(tmp_path):
    instance = cloud_fixture.Cloud(tmp_path)
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def make_cloud(tmp_path):
    """``make_cloud(**overrides)``: one Cloud with config overrides
    (``'group.option': value``), stopped at the end of the test."""
    made = []

    def factory(**overrides):
        assert not made, 'one cloud per test: they share process state'
        instance = cloud_fixture.Cloud(tmp_path, **overrides)
        made.append(instance)
        return instance

    try:
        yield factory
    finally:
        for instance in made:
            instance.stop()


@pytest.fixture
def net(tmp_path):
    """The network service alone (tests/fixtures/network.py)."""
    instance = network_fixture.NetworkCloud(tmp_path)
    try:
        yield instance
    finally:
        instance.stop()

import pytest

from tests.fixtures import cloud as cloud_fixture


@pytest.fixture
def cloud(tmp_path):
    instance = cloud_fixture.Cloud(tmp_path)
    try:
        yield instance
    finally:
        instance.stop()

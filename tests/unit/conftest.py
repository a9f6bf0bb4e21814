"""Unit tests: no database, no network, no services.

Every unit test runs with the DB API poisoned (as compute runs): a stray
reader/writer raises DBNotAllowed and fails the test.
"""

from oslo_config import cfg
import pytest

from nova_lite import conf as nl_conf
from nova_lite.db import api as db_api
from nova_lite import objects
from nova_lite.objects import base as objects_base


@pytest.fixture(autouse=True)
def no_db():
    objects.register_all()
    db_api.disable('unit-tests')
    try:
        yield
    finally:
        db_api.reset()


@pytest.fixture(autouse=True)
def no_indirection():
    saved = objects_base.NovaLiteObject.indirection_api
    objects_base.NovaLiteObject.indirection_api = None
    try:
        yield
    finally:
        objects_base.NovaLiteObject.indirection_api = saved


@pytest.fixture
def conf():
    """A private ConfigOpts with nova_lite's options, parsed with no files."""
    opts = cfg.ConfigOpts()
    nl_conf.register_all(opts)
    opts([], project='nova_lite', default_config_files=[])
    return opts


@pytest.fixture
def policy_enforcer(conf):
    """A fresh policy enforcer on ``conf`` for the test, reset after."""
    from nova_lite import policy
    policy.reset()
    policy.get_enforcer(conf)
    try:
        yield
    finally:
        policy.reset()

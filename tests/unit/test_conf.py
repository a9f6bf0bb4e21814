"""Configuration registration."""

from oslo_config import cfg

from nova_lite import conf as nl_conf


def _parsed():
    opts = cfg.ConfigOpts()
    nl_conf.register_all(opts)
    opts([], project='nova_lite', default_config_files=[])
    return opts


def test_regression_group_overrides_do_not_leak_between_config_objects():
    # oslo.config shallow-copies a registered OptGroup: two ConfigOpts
    # given the same module-level group shared its option table, so an
    # override on one showed on the other (and outlived the test).
    first, second = _parsed(), _parsed()
    first.set_override('ram_weight_multiplier', -3.0,
                       group='filter_scheduler')
    first.set_override('nodes', 4, group='fake_driver')
    assert second.filter_scheduler.ram_weight_multiplier == 1.0
    assert second.fake_driver.nodes == 1
    assert _parsed().filter_scheduler.ram_weight_multiplier == 1.0
    assert first.filter_scheduler.ram_weight_multiplier == -3.0


def test_registering_twice_is_harmless():
    opts = _parsed()
    opts.set_override('nodes', 3, group='fake_driver')
    nl_conf.register_all(opts)
    assert opts.fake_driver.nodes == 3

"""[api] options: the REST API daemon (listen address, auth, paging)."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='REST API options',
                         help='Options of the nova-lite-api WSGI service.')

api_opts = [
    cfg.HostAddressOpt('listen', default='0.0.0.0',
                       help='Address the Compute API listens on.'),
    cfg.PortOpt('port', default=8774,
                help='TCP port of the Compute API (8774, as Nova).'),
    cfg.StrOpt('auth_strategy',
               default='noauth2',
               choices=[('noauth2', 'Token is ``user:project``; user '
                                    '``admin`` gets the admin role. Tests '
                                    'and nova-lite-all only.'),
                        ('keystone', 'Validate tokens with keystonemiddleware '
                                     'auth_token.')],
               help='How API requests are authenticated.'),
    cfg.StrOpt('api_paste_config',
               default='api-paste.ini',
               help='Paste deploy file with the WSGI pipelines; looked up '
                    'beside the config files when relative.'),
    cfg.IntOpt('max_limit', default=1000, min=1,
               help='Largest number of items a collection returns in one '
                    'page.'),
    cfg.IntOpt('workers', default=1, min=1,
               help='Number of API worker processes.'),
    cfg.URIOpt('public_endpoint',
               help="""
Base URL used in the ``links`` of responses.  Unset: taken from the
request's host URL.
"""),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}

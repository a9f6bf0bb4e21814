"""[servicegroup] options: which driver tells whether a service is up."""

from oslo_config import cfg

servicegroup_group = cfg.OptGroup(
    'servicegroup', title='Service group options',
    help='How services announce that they are alive (heartbeats) and how '
         'the API, the scheduler and nova-lite-manage tell which are up.')

servicegroup_opts = [
    cfg.StrOpt('driver',
               default='db',
               choices=[
                   ('db', 'A service is up if the last heartbeat counted in '
                          'its database record (through the conductor) is '
                          'younger than service_down_time.'),
                   ('tooz', 'A service is up while it is a member of its '
                            "binary's group in the backend_url coordination "
                            'backend; a member that stops heartbeating '
                            'expires after service_down_time.  For large '
                            'deployments.'),
               ],
               help="""
Service group driver: where heartbeats go and where ``is up`` is answered.

Related options:

* ``[DEFAULT] report_interval``, ``[DEFAULT] service_down_time``
* ``backend_url``, ``update_service_record``
"""),
    cfg.StrOpt('backend_url',
               default='redis://127.0.0.1:6379',
               secret=True,
               help="""
tooz coordination backend URL, used when ``driver`` is ``tooz``.

The driver sets the URL's ``timeout`` parameter (the member expiry of tooz
drivers) to the effective ``service_down_time``; other parameters are passed
to tooz unchanged.  With Redis, ``timeout`` is also the socket timeout unless
``socket_timeout`` is given.

Possible values:

* ``redis://[:PASSWORD@]HOST:PORT[?namespace=NS&socket_timeout=S]``
  (requirements.txt installs the Redis client).
* ``file:///DIRECTORY``: one host only (tests).
* Any other tooz URL, once its client library is installed.

Related options:

* ``driver``
* ``[DEFAULT] service_down_time``
"""),
    cfg.BoolOpt('update_service_record',
                default=True,
                help="""
With the ``tooz`` driver, also count heartbeats in the database service
record (``report_count``, ``last_seen_up``, ``updated_at``), as the ``db``
driver does.

Whether a service is up is answered by the coordination backend either way;
the record only keeps the ``updated_at`` of ``GET /os-services`` fresh.

Possible values:

* ``True``: one database write per service and ``report_interval``.
* ``False``: no heartbeat writes to the database (the scale-out setting);
  ``updated_at`` stays at the last change of the record.

Related options:

* ``driver``
"""),
]


def register_opts(conf):
    conf.register_group(servicegroup_group)
    conf.register_opts(servicegroup_opts, group=servicegroup_group)


def list_opts():
    return {servicegroup_group: servicegroup_opts}

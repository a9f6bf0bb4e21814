"""GET /os-migrations: the cold migrations and resizes, for admins.

Nova's shape; ``migration_type`` from microversion 2.23.  Filters:
``host`` (either side), ``status``, ``instance_uuid``, ``migration_type``
(2.23).  Newest first.
"""

import pecan
from pecan import rest

from nova_lite.objects import migration as migration_obj
from nova_lite import policy
from nova_lite import utils


def _time(value):
    if value is None:
        return None
    return utils.as_naive_utc(value).isoformat(timespec='microseconds')


def _view(migration, want):
    body = {'id': migration.id,
            'instance_uuid': migration.instance_uuid,
            'source_compute': migration.source_compute,
            'source_node': migration.source_node,
            'dest_compute': migration.dest_compute,
            'dest_node': migration.dest_node,
            'dest_host': migration.dest_host,
            'old_instance_type_id': migration.old_instance_type_id,
            'new_instance_type_id': migration.new_instance_type_id,
            'status': migration.status,
            'created_at': _time(migration.created_at),
            'updated_at': _time(migration.updated_at)}
    if want.matches('2.23'):
        body['migration_type'] = migration.migration_type
    return body


class MigrationsController(rest.RestController):
    @pecan.expose('json')
    def get_all(self, **query):
        context = pecan.request.context
        want = pecan.request.want
        policy.authorize(context, 'os_compute_api:os-migrations:index')
        filters = {}
        for key in ('host', 'instance_uuid'):
            if query.get(key):
                filters[key] = query[key]
        if query.get('status'):
            filters['status'] = [query['status']]
        if want.matches('2.23') and query.get('migration_type'):
            filters['migration_type'] = query['migration_type']
        migrations = migration_obj.MigrationList.get_by_filters(context,
                                                                filters)
        return {'migrations': [_view(m, want) for m in migrations]}

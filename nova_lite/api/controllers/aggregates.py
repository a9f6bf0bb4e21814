"""/os-aggregates: host aggregates, listed (admin only).

nova_lite has no aggregates yet, so the list is empty; clients that join
hypervisors with their aggregates (``openstack hypervisor show``) need the
list to exist.
"""

import pecan
from pecan import rest

from nova_lite import policy


class AggregatesController(rest.RestController):
    @pecan.expose('json')
    def get_all(self):
        policy.authorize(pecan.request.context,
                         'os_compute_api:os-aggregates:index')
        return {'aggregates': []}

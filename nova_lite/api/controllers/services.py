"""/os-services: the services and whether each is up (admin only)."""

import pecan
from pecan import rest

from nova_lite.conf import CONF
from nova_lite.objects import service as service_obj
from nova_lite import policy
from nova_lite.servicegroup import api as servicegroup
from nova_lite import utils


class ServicesController(rest.RestController):
    @pecan.expose('json')
    def get_all(self):
        context = pecan.request.context
        want = pecan.request.want
        policy.authorize(context, 'os_compute_api:os-services:list')
        query = pecan.request.GET
        group = servicegroup.API(CONF)
        services = service_obj.ServiceList.get_all(
            context, binary=query.get('binary'), host=query.get('host'))
        items = []
        for service in services:
            item = {
                'id': service.id,
                'binary': service.binary,
                'host': service.host,
                'zone': CONF.compute.availability_zone
                if service.binary == 'nova-lite-compute' else 'internal',
                'status': 'disabled' if service.disabled else 'enabled',
                'state': 'up' if group.service_is_up(service) else 'down',
                'updated_at': utils.as_naive_utc(
                    service.updated_at or service.created_at
                ).isoformat(timespec='microseconds'),
                'disabled_reason': service.disabled_reason,
            }
            if want.matches('2.11'):
                item['forced_down'] = service.forced_down
            items.append(item)
        return {'services': items}

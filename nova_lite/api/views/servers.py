"""Server bodies for each microversion window we serve."""

import hashlib

from nova_lite.api.views import common
from nova_lite.compute import states
from nova_lite import policy
from nova_lite import utils


def _host_id(instance):
    if not instance.host:
        return ''
    return hashlib.sha224((instance.project_id + instance.host).encode()
                          ).hexdigest()


def basic(instance):
    return {'id': instance.uuid, 'name': instance.display_name,
            'links': common.links('servers', instance.uuid)}


def _flavor(instance, want):
    flavor = instance.flavor
    if want.matches('2.47'):
        return {'vcpus': flavor.vcpus, 'ram': flavor.memory_mb,
                'disk': flavor.root_gb, 'ephemeral': flavor.ephemeral_gb,
                'swap': flavor.swap, 'original_name': flavor.name,
                'extra_specs': dict(flavor.extra_specs)
                if flavor.obj_attr_is_set('extra_specs') else {}}
    return {'id': flavor.flavorid,
            'links': [common.links('flavors', flavor.flavorid)[1]]}


def addresses(instance):
    """``{network label: [{version, addr, OS-EXT-IPS:type, mac}]}`` from
    the instance's network info cache."""
    result = {}
    for vif in instance.network_info or []:
        network = vif.get('network') or {}
        entries = result.setdefault(network.get('label') or
                                    network.get('id'), [])
        for subnet in network.get('subnets', []):
            for ip in subnet.get('ips', []):
                entries.append({'version': ip.get('version', 4),
                                'addr': ip['address'],
                                'OS-EXT-IPS:type': ip.get('type', 'fixed'),
                                'OS-EXT-IPS-MAC:mac_addr': vif['address']})
    return result


def _fault(instance, is_admin):
    fault = instance.fault
    if fault is None:
        return None
    body = {'code': fault.code, 'message': fault.message,
            'created': utils.isotime(fault.created_at)}
    if is_admin or fault.code != 500:
        body['details'] = fault.details or ''
    return body


def detail(context, instance, want, host_status=None):
    status = states.status_from_state(instance.vm_state, instance.task_state)
    body = basic(instance)
    body.update({
        'status': status,
        'tenant_id': instance.project_id,
        'user_id': instance.user_id,
        'metadata': dict(instance.metadata),
        'hostId': _host_id(instance),
        'image': {'id': instance.image_ref,
                  'links': [common.links('images', instance.image_ref)[1]]}
        if instance.image_ref else '',
        'flavor': _flavor(instance, want),
        'created': utils.isotime(instance.created_at),
        'updated': utils.isotime(instance.updated_at or
                                 instance.created_at),
        'addresses': addresses(instance),
        'accessIPv4': '',
        'accessIPv6': '',
        'OS-DCF:diskConfig': 'MANUAL',
        'OS-EXT-AZ:availability_zone': instance.availability_zone or
        ('' if not instance.host else 'nova'),
        'config_drive': instance.config_drive or '',
        'key_name': instance.key_name,
        'OS-SRV-USG:launched_at': _usage_time(instance.launched_at),
        'OS-SRV-USG:terminated_at': _usage_time(instance.terminated_at),
        'OS-EXT-STS:task_state': instance.task_state,
        'OS-EXT-STS:vm_state': instance.vm_state,
        'OS-EXT-STS:power_state': instance.power_state or 0,
        'os-extended-volumes:volumes_attached': [],
    })
    if status in ('BUILD', 'ACTIVE'):
        body['progress'] = 100 if status == 'ACTIVE' else 0
    is_admin = policy.check(context,
                            'os_compute_api:os-extended-server-attributes',
                            {'project_id': instance.project_id})
    if is_admin:
        body.update({
            'OS-EXT-SRV-ATTR:host': instance.host,
            'OS-EXT-SRV-ATTR:hypervisor_hostname': instance.node,
            'OS-EXT-SRV-ATTR:instance_name': 'instance-%08x' % instance.id,
        })
        if want.matches('2.3'):
            body.update({
                'OS-EXT-SRV-ATTR:reservation_id': instance.reservation_id,
                'OS-EXT-SRV-ATTR:launch_index': instance.launch_index,
                'OS-EXT-SRV-ATTR:hostname': instance.hostname,
                'OS-EXT-SRV-ATTR:kernel_id': '',
                'OS-EXT-SRV-ATTR:ramdisk_id': '',
                'OS-EXT-SRV-ATTR:root_device_name': None,
                'OS-EXT-SRV-ATTR:user_data': instance.user_data,
            })
    if want.matches('2.9'):
        body['locked'] = instance.locked
    if want.matches('2.16') and host_status is not None:
        body['host_status'] = host_status
    if want.matches('2.19'):
        body['description'] = instance.display_description
    if want.matches('2.26'):
        body['tags'] = []
    if status in ('ERROR', 'DELETED') and \
            instance.obj_attr_is_set('fault'):
        fault = _fault(instance, context.is_admin)
        if fault is not None:
            body['fault'] = fault
    return body


def _usage_time(value):
    if value is None:
        return None
    return utils.as_naive_utc(value).isoformat(timespec='microseconds')


# What PUT /servers/{id} leaves out of the server before 2.75 (the
# extensions of GET); admins see no more.
_NOT_IN_UPDATE = ('OS-EXT-', 'OS-SRV-USG:', 'config_drive', 'key_name',
                  'os-extended-volumes:', 'host_status', 'fault')


def updated(context, instance, want):
    """The server as PUT /servers/{id} answers it."""
    body = detail(context, instance, want)
    for key in list(body):
        if key.startswith(_NOT_IN_UPDATE):
            del body[key]
    body['addresses'] = {
        label: [{'version': ip['version'], 'addr': ip['addr']}
                for ip in ips]
        for label, ips in body['addresses'].items()}
    return body

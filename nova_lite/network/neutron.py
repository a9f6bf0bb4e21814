"""The network service as the API and the computes use it (a REST client).

Nova-side processes never touch the network tables: they speak the
network service's Neutron v2.0 API through a keystoneauth1 session built
from ``[neutron]`` (admin credentials; ports are created for the instance's
project).  Three jobs:

* :meth:`API.validate_networks` (API process, at ``POST /servers``): turn the
  request's ``networks`` (a list, ``auto``, ``none`` or nothing) into
  concrete requests ``{'network_id', 'port_id', 'fixed_ip'}``, or refuse
  with Nova's 400/409;
* :meth:`API.allocate_for_instance` (compute, during a build): create the
  ports, or bind the ones the user gave, to this host; returns the network
  info the instance caches (``Instance.network_info``);
* :meth:`API.deallocate_for_instance` (compute, on delete and before a
  reschedule): delete the ports nova_lite created, unbind the user's.

Network info is a list of VIF dicts::

    {'id': port id, 'address': MAC, 'active': port status == ACTIVE,
     'preserve_on_delete': the user brought the port, 'devname': tap name,
     'network': {'id', 'label', 'subnets': [{'cidr', 'gateway',
                 'ips': [{'address', 'type': 'fixed', 'version': 4}]}]}}
"""

import threading

from keystoneauth1 import exceptions as ks_exc
import netaddr
from oslo_log import log as logging

from nova_lite.conf import ksa
from nova_lite import exception

LOG = logging.getLogger(__name__)

GROUP = 'neutron'
IGNORE = object()  # ``missing=IGNORE``: a 404 is fine, answer {}


def device_owner(instance):
    return 'compute:%s' % (instance.availability_zone or 'nova')


class API:
    def __init__(self, conf):
        self.conf = conf
        self._adapter = None
        self._lock = threading.Lock()

    # -- transport ---------------------------------------------------------

    def _client(self):
        with self._lock:
            if self._adapter is None:
                self._adapter = ksa.load_adapter(self.conf, GROUP)
            return self._adapter

    def _request(self, method, path, body=None, missing=None):
        """JSON of the answer; ``missing`` is raised on a 404."""
        try:
            resp = self._client().request(
                '/v2.0' + path, method, json=body, raise_exc=False,
                headers={'Accept': 'application/json'})
        except (ks_exc.ConnectionError, ks_exc.ConnectTimeout,
                ks_exc.RequestTimeout, ks_exc.EndpointNotFound) as exc:
            raise exception.NetworkServiceUnavailable(reason=str(exc))
        if resp.status_code == 404 and missing is IGNORE:
            return {}
        if resp.status_code == 404 and missing is not None:
            raise missing
        if resp.status_code >= 500:
            raise exception.NetworkServiceUnavailable(
                reason='%s %s answered %s' % (method, path,
                                              resp.status_code))
        if resp.status_code >= 400:
            raise exception.NetworkRequestFailed(
                method=method, path=path, status=resp.status_code,
                reason=_error_message(resp))
        if resp.status_code == 204 or not resp.content:
            return {}
        return resp.json()

    # -- lookups -----------------------------------------------------------

    def show_network(self, network_id):
        return self._request(
            'GET', '/networks/%s' % network_id,
            missing=exception.NetworkNotFound(network_id=network_id)
        )['network']

    def show_port(self, port_id):
        return self._request(
            'GET', '/ports/%s' % port_id,
            missing=exception.PortNotFound(port_id=port_id))['port']

    def list_ports(self, **filters):
        query = '&'.join('%s=%s' % item for item in sorted(filters.items()))
        return self._request('GET', '/ports?' + query)['ports']

    def _subnets(self, network_id):
        return self._request('GET', '/subnets?network_id=%s' %
                             network_id)['subnets']

    def _available_networks(self, project_id):
        """The project's own networks, then the shared ones."""
        own = self._request('GET', '/networks?tenant_id=%s&shared=False' %
                            project_id)['networks']
        shared = self._request('GET', '/networks?shared=True')['networks']
        seen, networks = set(), []
        for network in own + shared:
            if network['id'] not in seen:
                seen.add(network['id'])
                networks.append(network)
        return networks

    # -- API side ----------------------------------------------------------

    def validate_networks(self, context, requested, num_instances):
        """Concrete network requests for ``POST /servers``'s ``networks``.

        ``requested``: None (not given, before 2.37), ``'auto'``, ``'none'``
        or a list of ``{'uuid', 'port', 'fixed_ip'}``.
        """
        if requested == 'none':
            return []
        if requested is None or requested == 'auto':
            networks = self._available_networks(context.project_id)
            if len(networks) > 1:
                raise exception.NetworkAmbiguous()
            if not networks:
                if requested == 'auto':
                    raise exception.UnableToAutoAllocateNetwork(
                        project_id=context.project_id)
                return []
            return [{'network_id': networks[0]['id'], 'port_id': None,
                     'fixed_ip': None}]
        result = []
        for item in requested:
            if item.get('port'):
                result.append(self._validate_port(context, item['port'],
                                                  num_instances))
            else:
                result.append(self._validate_network(
                    context, item.get('uuid'), item.get('fixed_ip'),
                    num_instances))
        ports = [r['port_id'] for r in result if r['port_id']]
        if len(ports) != len(set(ports)):
            raise exception.Invalid('Port is used more than once in the '
                                    'request.')
        return result

    def _validate_port(self, context, port_id, num_instances):
        if num_instances > 1:
            raise exception.Invalid(
                'Unable to launch multiple instances with a single '
                'configured port ID. Please launch your instance one by one '
                'with different ports.')
        port = self.show_port(port_id)
        if not context.is_admin and port['tenant_id'] != context.project_id:
            raise exception.PortNotFound(port_id=port_id)
        if port.get('device_id'):
            raise exception.PortInUse(port_id=port_id)
        return {'network_id': port['network_id'], 'port_id': port_id,
                'fixed_ip': None}

    def _validate_network(self, context, network_id, fixed_ip,
                          num_instances):
        network = self.show_network(network_id)
        if not (network.get('shared') or context.is_admin or
                network['tenant_id'] == context.project_id):
            raise exception.NetworkNotFound(network_id=network_id)
        if fixed_ip is not None:
            if num_instances > 1:
                raise exception.Invalid('max_count cannot be greater than 1 '
                                        'if an fixed_ip is specified.')
            self._check_fixed_ip(network, fixed_ip)
        return {'network_id': network['id'], 'port_id': None,
                'fixed_ip': fixed_ip}

    def _check_fixed_ip(self, network, address):
        """The address is in one of the network's subnets and free."""
        ip = netaddr.IPAddress(address)
        if not any(ip in netaddr.IPNetwork(subnet['cidr'])
                   for subnet in self._subnets(network['id'])):
            raise exception.Invalid('Fixed IP address %s is not valid on '
                                    'network %s.' % (address, network['id']))
        used = self.list_ports(**{'network_id': network['id'],
                                  'fixed_ips': 'ip_address=%s' % address})
        if used:
            raise exception.Invalid(
                'Fixed IP address %s is already in use on instance %s.' % (
                    address, used[0].get('device_id') or '(none)'))

    # -- compute side ------------------------------------------------------

    def allocate_for_instance(self, context, instance, requested, host):
        """Ports for ``requested`` bound to ``host``; the network info.

        All or nothing: a failure half-way releases what was done.
        """
        done = []
        try:
            for request in requested or []:
                done.append(self._bind_port(instance, request, host))
            self._delete_strays(instance, {port['id'] for port, _p in done})
            return self._network_info(done)
        except Exception:
            self._release(done)
            raise

    def _delete_strays(self, instance, wanted):
        """Ports of this instance nobody asked for: a create whose answer
        was lost (the network service restarted mid-request) and that the
        session retried, or leftovers of an earlier attempt."""
        for port in self.list_ports(device_id=instance.uuid):
            if port['id'] not in wanted:
                LOG.warning('Deleting stray port %s of instance %s',
                            port['id'], instance.uuid)
                self._request('DELETE', '/ports/%s' % port['id'],
                              missing=IGNORE)

    def _bind_port(self, instance, request, host):
        binding = {'device_id': instance.uuid,
                   'device_owner': device_owner(instance),
                   'binding:host_id': host}
        if request.get('port_id'):
            port_id = request['port_id']
            port = self.show_port(port_id)
            if port.get('device_id') not in ('', None, instance.uuid):
                raise exception.PortInUse(port_id=port_id)
            port = self._request(
                'PUT', '/ports/%s' % port_id, {'port': binding},
                missing=exception.PortNotFound(port_id=port_id))['port']
            return port, True
        body = dict(binding, network_id=request['network_id'],
                    tenant_id=instance.project_id)
        if request.get('fixed_ip'):
            body['fixed_ips'] = [{'ip_address': request['fixed_ip']}]
        port = self._request(
            'POST', '/ports', {'port': body},
            missing=exception.NetworkNotFound(
                network_id=request['network_id']))['port']
        return port, False

    def _network_info(self, ports):
        networks, subnets = {}, {}
        info = []
        for port, preserve in ports:
            net_id = port['network_id']
            if net_id not in networks:
                networks[net_id] = self.show_network(net_id)
                subnets.update((s['id'], s) for s in self._subnets(net_id))
            by_subnet = {}
            for fixed in port.get('fixed_ips', []):
                by_subnet.setdefault(fixed['subnet_id'], []).append(
                    {'address': fixed['ip_address'], 'type': 'fixed',
                     'version': 4})
            info.append({
                'id': port['id'], 'address': port['mac_address'],
                'active': port.get('status') == 'ACTIVE',
                'preserve_on_delete': preserve,
                'devname': ('tap' + port['id'])[:14],
                'network': {
                    'id': net_id, 'label': networks[net_id]['name'],
                    'subnets': [{'cidr': subnets.get(sid, {}).get('cidr'),
                                 'gateway': subnets.get(sid, {}).get(
                                     'gateway_ip'),
                                 'ips': ips}
                                for sid, ips in by_subnet.items()]}})
        return info

    def _release(self, ports):
        for port, preserve in ports:
            try:
                self._unbind_or_delete(port['id'], preserve)
            except Exception:
                LOG.exception('Could not release port %s', port['id'])

    def _unbind_or_delete(self, port_id, preserve):
        if preserve:
            self._request('PUT', '/ports/%s' % port_id, {'port': {
                'device_id': '', 'device_owner': '', 'binding:host_id': ''}},
                missing=IGNORE)
        else:
            self._request('DELETE', '/ports/%s' % port_id, missing=IGNORE)

    def deallocate_for_instance(self, context, instance):
        """Delete the ports nova_lite created, unbind the user's.

        Reads the ports by ``device_id``, so it also finds ports of a build
        that died before it could record them.
        """
        preserved = {vif['id'] for vif in instance.network_info or []
                     if vif.get('preserve_on_delete')}
        for port in self.list_ports(device_id=instance.uuid):
            try:
                self._unbind_or_delete(port['id'], port['id'] in preserved)
            except exception.NetworkRequestFailed as exc:
                LOG.warning('Could not release port %s of %s: %s',
                            port['id'], instance.uuid, exc)

    def bind_to_host(self, context, instance, host):
        """Move the instance's ports to ``host`` (a migration's finish or
        revert, an unshelve elsewhere); returns the new network info."""
        for port in self.list_ports(device_id=instance.uuid):
            if port.get('binding:host_id') != host:
                self._request('PUT', '/ports/%s' % port['id'], {'port': {
                    'binding:host_id': host}}, missing=IGNORE)
        return self.get_instance_nw_info(context, instance)

    def get_instance_nw_info(self, context, instance):
        """Network info rebuilt from the ports bound to the instance."""
        preserved = {vif['id'] for vif in instance.network_info or []
                     if vif.get('preserve_on_delete')}
        ports = self.list_ports(device_id=instance.uuid)
        order = {vif['id']: i for i, vif in
                 enumerate(instance.network_info or [])}
        ports.sort(key=lambda p: order.get(p['id'], len(order)))
        return self._network_info([(p, p['id'] in preserved)
                                   for p in ports])


def _error_message(resp):
    try:
        body = resp.json()
    except ValueError:
        return resp.text[:200]
    if isinstance(body, dict):
        for value in body.values():
            if isinstance(value, dict) and 'message' in value:
                return value['message']
    return str(body)[:200]

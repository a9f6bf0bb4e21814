"""A tiny Compute API client for the integration tests (requests)."""

import time

import requests


class Client:
    def __init__(self, base_url, token='admin:admin', version='2.47'):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update({
            'X-Auth-Token': token,
            'OpenStack-API-Version': 'compute %s' % version})

    def request(self, method, path, body=None, expect=None):
        resp = self.session.request(method, self.base_url + path, json=body,
                                    timeout=60)
        if expect is not None:
            assert resp.status_code == expect, (method, path,
                                                resp.status_code, resp.text)
        return resp

    def create_server(self, name, flavor='1', image=None, **extra):
        server = {'name': name, 'flavorRef': flavor, 'imageRef': image,
                  'networks': 'none'}
        server.update(extra)
        return self.request('POST', '/v2.1/servers', {'server': server},
                            expect=202).json()['server']['id']

    def server(self, server_id):
        return self.request('GET', '/v2.1/servers/%s' % server_id,
                            expect=200).json()['server']

    def servers(self):
        return self.request('GET', '/v2.1/servers/detail?all_tenants=1',
                            expect=200).json()['servers']

    def services(self):
        return {(s['binary'], s['host']): s for s in self.request(
            'GET', '/v2.1/os-services', expect=200).json()['services']}

    def computes_have_nodes(self):
        """True once every compute service has a hypervisor listed."""
        computes = {host for (binary, host) in self.services()
                    if binary == 'nova-lite-compute'}
        nodes = {h['service']['host'] for h in self.request(
            'GET', '/v2.1/os-hypervisors/detail',
            expect=200).json()['hypervisors']}
        return computes <= nodes

    def image_id(self, name='cirros-fake'):
        images = self.request('GET', '/image/v2/images?name=%s' % name,
                              expect=200).json()['images']
        return images[0]['id']

    def wait(self, predicate, timeout=90, interval=0.5, what='condition'):
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            assert time.monotonic() < deadline, '%s not met in %ss' % (
                what, timeout)
            time.sleep(interval)

    def wait_status(self, server_id, statuses=('ACTIVE', 'ERROR'),
                    timeout=90):
        return self.wait(lambda: (lambda s: s if s['status'] in statuses
                                  else None)(self.server(server_id)),
                         timeout=timeout, what='%s in %s' % (server_id,
                                                             statuses))

    def delete_all(self, timeout=120):
        for server in self.servers():
            self.request('DELETE', '/v2.1/servers/%s' % server['id'])
        self.wait(lambda: not self.servers(), timeout=timeout,
                  what='all servers deleted')

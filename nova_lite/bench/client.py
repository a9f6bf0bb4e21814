"""A Compute API client for the benchmarks: either a base URL and a token
(noauth2's ``user:project`` form, or any token) or a cloud of a
``clouds.yaml`` through openstacksdk's config and a keystoneauth session
(Keystone password auth, endpoint from the catalog or an override).

Thread-safe: the creators of a boot storm share one client.
"""

import time

import requests
from requests import adapters

MICROVERSION = '2.37'  # networks "none"/"auto"


class APIError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__('%s %s -> %s %s' % (method, path, status,
                                             str(body)[:300]))
        self.status = status
        self.body = body


class ComputeClient:
    """``request()`` returns (status, JSON body or None, seconds)."""

    def __init__(self, url=None, token=None, cloud=None,
                 microversion=MICROVERSION, pool=64, timeout=300):
        if cloud is None and not url:
            raise ValueError('a URL (--url) or a cloud (--os-cloud) is '
                             'needed')
        self.microversion = microversion
        self.timeout = timeout
        self._ks = None
        self.image_endpoint = None
        if cloud is not None:
            self._ks, url, self.image_endpoint = _cloud_session(cloud)
            http = self._ks.session
        else:
            http = requests.Session()
        mount = adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool)
        http.mount('http://', mount)
        http.mount('https://', mount)
        self._http = http
        self.url = url.rstrip('/')
        self.token = token

    def headers(self, microversion=None):
        version = microversion or self.microversion
        headers = {'OpenStack-API-Version': 'compute %s' % version,
                   'X-OpenStack-Nova-API-Version': version,
                   'Accept': 'application/json'}
        if self._ks is None and self.token:
            headers['X-Auth-Token'] = self.token
        return headers

    def request(self, method, path, body=None, params=None,
                microversion=None):
        url = self.url + path
        headers = self.headers(microversion)
        started = time.monotonic()
        if self._ks is not None:
            resp = self._ks.request(url, method, json=body, params=params,
                                    headers=headers, raise_exc=False,
                                    connect_retries=0,
                                    timeout=self.timeout)
        else:
            resp = self._http.request(method, url, json=body, params=params,
                                      headers=headers, timeout=self.timeout)
        elapsed = time.monotonic() - started
        try:
            doc = resp.json() if resp.content else None
        except ValueError:
            doc = resp.text
        return resp.status_code, doc, elapsed

    def ok(self, method, path, body=None, params=None, microversion=None,
           expect=(200, 201, 202, 204)):
        """``request()`` that raises APIError unless the status is
        expected; returns the body."""
        status, doc, _elapsed = self.request(method, path, body, params,
                                             microversion)
        if status not in expect:
            raise APIError(method, path, status, doc)
        return doc

    # -- lookups ---------------------------------------------------------

    def flavor_id(self, name_or_id):
        flavors = self.ok('GET', '/flavors/detail')['flavors']
        for flavor in flavors:
            if name_or_id in (flavor['id'], flavor['name']):
                return flavor['id']
        raise LookupError('no flavor %r (have: %s)' % (
            name_or_id, ', '.join(f['name'] for f in flavors)))

    def image_id(self, name_or_id):
        """An image by id or name: the Compute API's image proxy
        (microversion 2.35, the last that has it), else the image service
        (catalog, or /image beside the Compute API), else taken as an
        id."""
        status, doc, _e = self.request('GET', '/images', microversion='2.35')
        images = doc.get('images', []) if status == 200 else None
        if images is None:
            images = self._glance_images()
        if images is None:
            return name_or_id
        for image in images:
            if name_or_id in (image['id'], image.get('name')):
                return image['id']
        raise LookupError('no image %r' % name_or_id)

    def _glance_images(self):
        bases = [b for b in (self.image_endpoint,
                             self.url.rsplit('/v2', 1)[0] + '/image') if b]
        for base in bases:
            images = self._glance_list(base)
            if images is not None:
                return images
        return None

    def _glance_list(self, base):
        headers = {'Accept': 'application/json'}
        if self._ks is None and self.token:
            headers['X-Auth-Token'] = self.token
        try:
            if self._ks is not None:
                resp = self._ks.request(base.rstrip('/') + '/v2/images',
                                        'GET', headers=headers,
                                        raise_exc=False)
            else:
                resp = self._http.get(base.rstrip('/') + '/v2/images',
                                      headers=headers, timeout=30)
            if resp.status_code == 200:
                return resp.json().get('images', [])
        except Exception:
            pass
        return None


def networks_value(network):
    """The ``networks`` of a server create body: 'none', 'auto' or one
    network id."""
    if network in (None, 'none', 'auto'):
        return network or 'none'
    return [{'uuid': network}]


def _cloud_session(name):
    """(keystoneauth session, compute endpoint, image endpoint or None) of
    a clouds.yaml cloud."""
    from openstack import config as os_config
    region = os_config.OpenStackConfig().get_one(cloud=name)
    session = region.get_session()
    endpoint = region.get_endpoint('compute')
    if not endpoint:
        endpoint = session.get_endpoint(
            service_type='compute',
            interface=region.get_interface('compute') or 'public',
            region_name=region.region_name)
    endpoint = endpoint.rstrip('/')
    # Catalogs often list the versioned endpoint with a project id
    # (/v2.1/<project>): keep it; a bare endpoint gets /v2.1.
    if '/v2' not in endpoint:
        endpoint += '/v2.1'
    image = region.config.get('image_endpoint_override')
    if not image:
        try:
            image = session.get_endpoint(service_type='image',
                                         region_name=region.region_name)
        except Exception:  # no image service in the catalog
            image = None
    return session, endpoint, image

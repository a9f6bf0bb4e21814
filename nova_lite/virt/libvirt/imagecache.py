"""Images on this host: downloaded once per image into ``_base``.

The compute has no database: it reads an image's record and file from the
image service (``[glance]``, the Glance v2 subset under /image) over
keystoneauth.  A file is downloaded to ``<name>.part.<pid>`` and renamed when
complete, under a per-image lock, so concurrent boots of one image
download it once and nobody sees half a file.  Instance disks are qcow2
overlays on these files (``qemu-img create -b``).
"""

import os
import subprocess
import threading

from keystoneauth1 import exceptions as ks_exc
from oslo_concurrency import lockutils
from oslo_log import log as logging

from nova_lite.conf import ksa
from nova_lite import exception

LOG = logging.getLogger(__name__)

_CHUNK = 1024 * 1024


class ImageCache:
    def __init__(self, conf, base_dir):
        self.conf = conf
        self.base_dir = base_dir
        self._adapter = None
        self._lock = threading.Lock()

    def _client(self):
        with self._lock:
            if self._adapter is None:
                self._adapter = ksa.load_adapter(self.conf, 'glance')
            return self._adapter

    def _get(self, path, **kwargs):
        try:
            resp = self._client().get(path, raise_exc=False, **kwargs)
        except (ks_exc.ConnectionError, ks_exc.ConnectTimeout,
                ks_exc.RequestTimeout, ks_exc.EndpointNotFound) as exc:
            raise exception.NovaLiteException(
                'Image service unreachable: %s' % exc)
        if resp.status_code == 404:
            raise exception.ImageNotFound(image_id=path.split('/')[3])
        if resp.status_code >= 400:
            raise exception.NovaLiteException(
                'Image service answered %s to GET %s' % (resp.status_code,
                                                         path))
        return resp

    def image_meta(self, image_id):
        """The image's record (Glance v2 shape: properties at top level).
        """
        return self._get('/v2/images/%s' % image_id).json()

    def fetch(self, image_id):
        """Path of the image's file in the cache, downloaded if needed."""
        path = os.path.join(self.base_dir, image_id)
        with lockutils.internal_lock('image-%s' % image_id):
            if os.path.exists(path):
                return path
            os.makedirs(self.base_dir, exist_ok=True)
            LOG.info('Downloading image %s to %s', image_id, path)
            resp = self._get('/v2/images/%s/file' % image_id, stream=True)
            # Per process: computes of one machine may share the cache.
            part = '%s.part.%d' % (path, os.getpid())
            try:
                with open(part, 'wb') as out:
                    for chunk in resp.iter_content(_CHUNK):
                        out.write(chunk)
                os.replace(part, path)
            finally:
                if os.path.exists(part):
                    os.unlink(part)
        return path


def create_overlay(base, base_format, target):
    """A qcow2 disk at ``target`` backed by ``base`` (copy on write)."""
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F',
                    base_format, '-b', base, target], check=True,
                   capture_output=True, timeout=60)

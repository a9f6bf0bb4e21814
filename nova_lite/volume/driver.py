"""The file backend: each volume is a sparse raw file on this host.

Snapshots and clones are real copies (``cp --reflink=auto`` shares the
blocks where the filesystem can, e.g. XFS or Btrfs, and copies them
otherwise); a volume from an image is the image file's bytes at the start
of a file of the volume's size.  Capacity comes from the filesystem.
"""

import os
import subprocess

from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

GiB = 1024 ** 3
_CHUNK = 1024 * 1024


class FileDriver:
    def __init__(self, volumes_dir, capacity_gb=0):
        self.volumes_dir = volumes_dir
        self.capacity_gb = capacity_gb

    def setup(self):
        os.makedirs(self.volumes_dir, exist_ok=True)

    def volume_path(self, volume_id):
        return os.path.join(self.volumes_dir, 'volume-%s' % volume_id)

    def snapshot_path(self, snapshot_id):
        return os.path.join(self.volumes_dir, 'snapshot-%s' % snapshot_id)

    def _sparse(self, path, size_gb):
        with open(path, 'ab') as out:
            if out.tell() > size_gb * GiB:
                raise exception.VolumeBackendFailed(
                    reason='%s is larger than %d GiB' % (path, size_gb))
            out.truncate(size_gb * GiB)

    def _copy(self, src, dest):
        if not os.path.exists(src):
            raise exception.VolumeBackendFailed(
                reason='%s does not exist on this host' %
                os.path.basename(src))
        result = subprocess.run(
            ['cp', '--reflink=auto', '--sparse=always', src, dest],
            capture_output=True, text=True, check=False)
        if result.returncode:
            self._remove(dest)
            raise exception.VolumeBackendFailed(
                reason='copy failed: %s' % result.stderr.strip())

    @staticmethod
    def _remove(path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            return False
        return True

    def create_volume(self, volume):
        self._sparse(self.volume_path(volume.id), volume.size)

    def create_volume_from_snapshot(self, volume, snapshot):
        dest = self.volume_path(volume.id)
        self._copy(self.snapshot_path(snapshot.id), dest)
        self._sparse(dest, volume.size)

    def create_cloned_volume(self, volume, source):
        dest = self.volume_path(volume.id)
        self._copy(self.volume_path(source.id), dest)
        self._sparse(dest, volume.size)

    def create_volume_from_image(self, volume, image_path):
        dest = self.volume_path(volume.id)
        if not os.path.exists(image_path):
            raise exception.VolumeBackendFailed(
                reason='image file %s not found' % image_path)
        if os.path.getsize(image_path) > volume.size * GiB:
            raise exception.VolumeBackendFailed(
                reason='image is larger than the volume (%d GiB)' %
                volume.size)
        try:
            with open(image_path, 'rb') as src, open(dest, 'wb') as out:
                while True:
                    chunk = src.read(_CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
        except OSError as exc:
            self._remove(dest)
            raise exception.VolumeBackendFailed(reason=str(exc))
        self._sparse(dest, volume.size)

    def delete_volume(self, volume):
        if not self._remove(self.volume_path(volume.id)):
            LOG.info('Volume file of %s was already gone', volume.id)

    def create_snapshot(self, snapshot):
        self._copy(self.volume_path(snapshot.volume_id),
                   self.snapshot_path(snapshot.id))

    def delete_snapshot(self, snapshot):
        self._remove(self.snapshot_path(snapshot.id))

    def initialize_connection(self, volume):
        path = self.volume_path(volume.id)
        if not os.path.exists(path):
            raise exception.VolumeBackendFailed(
                reason='volume file of %s is missing' % volume.id)
        return {'driver_volume_type': 'file', 'data': {'path': path}}

    def get_capacity(self):
        """(total, free, allocated) GiB; allocated = the volumes' sizes."""
        stat = os.statvfs(self.volumes_dir)
        total = stat.f_blocks * stat.f_frsize // GiB
        free = stat.f_bavail * stat.f_frsize // GiB
        allocated = 0
        for name in os.listdir(self.volumes_dir):
            if name.startswith('volume-'):
                path = os.path.join(self.volumes_dir, name)
                try:
                    allocated += -(-os.path.getsize(path) // GiB)
                except FileNotFoundError:
                    continue
        if self.capacity_gb:
            total = self.capacity_gb
            free = max(0, total - allocated)
        return total, free, allocated

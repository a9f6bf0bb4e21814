"""The route table: every resource the API serves, in one place."""

import pecan

from nova_lite.api.controllers import aggregates
from nova_lite.api.controllers import discovery
from nova_lite.api.controllers import flavors
from nova_lite.api.controllers import hypervisors
from nova_lite.api.controllers import images
from nova_lite.api.controllers import migrations
from nova_lite.api.controllers import server_external_events
from nova_lite.api.controllers import servers
from nova_lite.api.controllers import services
from nova_lite.api.controllers import versions
from nova_lite.api.controllers import volumes


class V21Controller:
    def __init__(self, compute_api):
        self.servers = servers.ServersController(compute_api)
        self.flavors = flavors.FlavorsController()
        pecan.route(self, 'os-services', services.ServicesController())
        pecan.route(self, 'os-hypervisors',
                    hypervisors.HypervisorsController())
        pecan.route(self, 'os-aggregates', aggregates.AggregatesController())
        pecan.route(self, 'os-migrations',
                    migrations.MigrationsController())
        pecan.route(self, 'os-server-external-events',
                    server_external_events.ServerExternalEventsController(
                        compute_api))

    @pecan.expose('json')
    def index(self):
        return {'version': versions.v21_document()}


class RootController:
    def __init__(self, compute_api):
        pecan.route(self, 'v2.1', V21Controller(compute_api))
        self.image = images.ImageRootController()
        self.identity = discovery.IdentityController()
        self.volume = volumes.VolumeRootController()

    @pecan.expose('json')
    def index(self):
        pecan.response.status = 200
        return versions.all_versions()


def route_table(root):
    """(path, controller) of every resource, for tests that walk routes."""
    v21 = getattr(root, 'v2.1')
    return [('/v2.1/servers', v21.servers), ('/v2.1/flavors', v21.flavors),
            ('/v2.1/flavors/{id}/os-extra_specs',
             getattr(v21.flavors, 'os-extra_specs')),
            ('/v2.1/servers/{id}/metadata', v21.servers.metadata),
            ('/v2.1/servers/{id}/os-instance-actions',
             getattr(v21.servers, 'os-instance-actions')),
            ('/v2.1/servers/{id}/os-volume_attachments',
             getattr(v21.servers, 'os-volume_attachments')),
            ('/v2.1/os-services', getattr(v21, 'os-services')),
            ('/v2.1/os-hypervisors', getattr(v21, 'os-hypervisors')),
            ('/v2.1/os-aggregates', getattr(v21, 'os-aggregates')),
            ('/v2.1/os-migrations', getattr(v21, 'os-migrations')),
            ('/v2.1/os-server-external-events',
             getattr(v21, 'os-server-external-events')),
            ('/image/v2/images', root.image.v2.images),
            ('/image/v2/images/{id}/file', root.image.v2.images.file),
            ('/volume/v3/{project_id}/volumes',
             root.volume.v3._project.volumes),
            ('/volume/v3/{project_id}/snapshots',
             root.volume.v3._project.snapshots),
            ('/volume/v3/{project_id}/types', root.volume.v3._project.types),
            ('/volume/v3/{project_id}/os-quota-sets',
             getattr(root.volume.v3._project, 'os-quota-sets'))]

"""Policy defaults, one module per API resource (same stems as controllers)."""

import itertools

from nova_lite.policies import aggregates
from nova_lite.policies import base
from nova_lite.policies import flavor_extra_specs
from nova_lite.policies import flavors
from nova_lite.policies import hypervisors
from nova_lite.policies import images
from nova_lite.policies import instance_actions
from nova_lite.policies import migrations
from nova_lite.policies import network
from nova_lite.policies import server_external_events
from nova_lite.policies import servers
from nova_lite.policies import services
from nova_lite.policies import shelve
from nova_lite.policies import volume_attachments
from nova_lite.policies import volumes


def list_rules():
    return list(itertools.chain(base.list_rules(), servers.list_rules(),
                                flavors.list_rules(),
                                flavor_extra_specs.list_rules(),
                                services.list_rules(),
                                hypervisors.list_rules(),
                                aggregates.list_rules(),
                                server_external_events.list_rules(),
                                instance_actions.list_rules(),
                                images.list_rules(),
                                network.list_rules(),
                                shelve.list_rules(),
                                migrations.list_rules(),
                                volumes.list_rules(),
                                volume_attachments.list_rules()))

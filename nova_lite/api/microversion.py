"""Compute API microversions: the one list, and request negotiation.

Every version we advertise changes something we implement; the history
is in ``rest_api_version_history`` below (one line a version).  Handlers
branch with ``want.matches('2.47')`` for small differences.
"""

import microversion_parse

from nova_lite import exception

SERVICE_TYPE = 'compute'
MIN_VERSION = '2.1'

# One line a version.  A version is listed only if we honour what it changed
# for the resources we serve.
VERSIONS = [
    ('2.1', 'Base of the v2.1 API.'),
    ('2.2', 'Keypair type (no keypairs served: no change here).'),
    ('2.3', 'Extended server attributes for admins: reservation_id, '
            'launch_index, hostname, kernel_id, ramdisk_id, '
            'root_device_name, user_data.'),
    ('2.4', 'Volume attachment read-only flag (not served: no change).'),
    ('2.5', 'Server ip6 filter for admins (accepted, ignored: no IPs).'),
    ('2.6', 'Remote consoles (not served: no change).'),
    ('2.7', 'Flavor access for public flavors (not served: no change).'),
    ('2.8', 'MKS consoles (not served: no change).'),
    ('2.9', 'Server ``locked`` attribute.'),
    ('2.10', 'Keypairs of other users (not served: no change).'),
    ('2.11', 'Service ``forced_down`` attribute.'),
    ('2.12', 'Interface VIF net_id (not served: no change).'),
    ('2.13', 'Server group attributes (not served: no change).'),
    ('2.14', 'Evacuate without on_shared_storage (not served).'),
    ('2.15', 'Soft affinity policies (not served: no change).'),
    ('2.16', 'Server ``host_status`` for admins.'),
    ('2.17', 'Trigger crash dump action (not served: no change).'),
    ('2.18', 'Project id optional in URLs (we never require it).'),
    ('2.19', 'Server ``description`` on create/update/show.'),
    ('2.20', 'Volume operations on shelved servers (not served).'),
    ('2.21', 'Actions of deleted servers readable (os-instance-actions).'),
    ('2.22', 'Live migration force complete (not served).'),
    ('2.23', 'Migration id and type (not served: no change).'),
    ('2.24', 'Live migration abort (not served: no change).'),
    ('2.25', 'Live migration block_migration auto (not served).'),
    ('2.26', 'Server ``tags`` attribute (always empty: no tag API yet).'),
    ('2.27', 'Microversions in the standard OpenStack-API-Version header.'),
    ('2.28', 'Hypervisor ``cpu_info`` as an object, not a string.'),
    ('2.29', 'Evacuate force (not served: no change).'),
    ('2.30', 'Live migrate force (not served: no change).'),
    ('2.31', 'Console auth tokens (not served: no change).'),
    ('2.32', 'Device tags on boot (networks/BDM tags not served).'),
    ('2.33', 'Hypervisor list paging: ``limit``, ``marker``, links.'),
    ('2.34', 'Live migration pre-checks async (not served).'),
    ('2.35', 'Keypair paging (not served: no change).'),
    ('2.36', 'Proxy APIs removed (never served).'),
    ('2.37', '``networks`` required on create; "auto" and "none".'),
    ('2.38', 'Invalid ``status`` filter on server list is a 400.'),
    ('2.39', 'Image metadata quota removed from limits (not served).'),
    ('2.40', 'Simple tenant usage paging (not served).'),
    ('2.41', 'Aggregate uuid (not served: no change).'),
    ('2.42', 'Device tags restored (not served: no change).'),
    ('2.43', 'os-hosts removed (never served).'),
    ('2.44', 'Network proxy actions removed (never served).'),
    ('2.45', 'createImage returns the image id (not served).'),
    ('2.46', 'Request id of instance actions (not served).'),
    ('2.47', 'Server ``flavor`` embedded instead of a link.'),
]
MAX_VERSION = VERSIONS[-1][0]

_HEADERS = ('OpenStack-API-Version', 'X-OpenStack-Nova-API-Version')


def parse(version_string):
    return microversion_parse.Version(*map(int, version_string.split('.')))


class Want:
    """The version a request asked for."""

    def __init__(self, version):
        self.version = version

    def matches(self, min_version=None, max_version=None):
        low = parse(min_version) if min_version else parse(MIN_VERSION)
        high = parse(max_version) if max_version else parse(MAX_VERSION)
        return low <= self.version <= high

    def __str__(self):
        return '%d.%d' % tuple(self.version)


def negotiate(headers):
    """The request's Want, from its headers; raises on an unusable one."""
    requested = microversion_parse.get_version(
        headers, service_type=SERVICE_TYPE,
        legacy_headers=['X-OpenStack-Nova-API-Version'])
    if requested is None:
        return Want(parse(MIN_VERSION))
    if requested.strip().lower() == 'latest':
        return Want(parse(MAX_VERSION))
    try:
        version = parse(requested.strip())
    except (TypeError, ValueError):
        raise exception.Invalid(
            'API Version String %s is of invalid format. Must be of format '
            'MajorNum.MinorNum.' % requested)
    if not parse(MIN_VERSION) <= version <= parse(MAX_VERSION):
        raise exception.InvalidMicroversion(version=requested,
                                            min_version=MIN_VERSION,
                                            max_version=MAX_VERSION)
    return Want(version)


def response_headers(want):
    value = str(want)
    return [('OpenStack-API-Version', '%s %s' % (SERVICE_TYPE, value)),
            ('X-OpenStack-Nova-API-Version', value),
            ('Vary', ', '.join(_HEADERS))]

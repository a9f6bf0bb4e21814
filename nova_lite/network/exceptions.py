"""Errors of the network service, answered in Neutron's body shape.

``{"NeutronError": {"type": <class name>, "message": ..., "detail": ""}}``
with the class's HTTP code (see network/api/faults.py).  They are
NovaLiteExceptions, so the message format and code work as everywhere else.
"""

from nova_lite import exception


class NeutronError(exception.NovaLiteException):
    """Base: the body's ``type`` is the class name."""

    @property
    def error_type(self):
        return type(self).__name__


class BadRequest(NeutronError):
    msg_fmt = 'Bad %(resource)s request: %(msg)s.'
    code = 400


class InvalidInput(BadRequest):
    msg_fmt = 'Invalid input for operation: %(error_message)s.'


class InvalidIpForSubnet(BadRequest):
    msg_fmt = 'IP address %(ip_address)s is not a valid IP for the ' \
              'specified subnet.'


class InvalidIpForNetwork(BadRequest):
    msg_fmt = 'IP address %(ip_address)s is not a valid IP for any of the ' \
              'subnets on the specified network.'


class InvalidAllocationPool(BadRequest):
    msg_fmt = 'The allocation pool %(pool)s is not valid.'


class OutOfBoundsAllocationPool(BadRequest):
    msg_fmt = 'The allocation pool %(pool)s spans beyond the subnet cidr ' \
              '%(subnet_cidr)s.'


class NotFound(NeutronError):
    msg_fmt = 'An unknown exception occurred.'
    code = 404


class NetworkNotFound(NotFound):
    msg_fmt = 'Network %(net_id)s could not be found.'


class SubnetNotFound(NotFound):
    msg_fmt = 'Subnet %(subnet_id)s could not be found.'


class PortNotFound(NotFound):
    msg_fmt = 'Port %(port_id)s could not be found.'


class ExtensionNotFound(NotFound):
    msg_fmt = 'Extension with alias %(extension_alias)s does not exist.'


class Conflict(NeutronError):
    msg_fmt = 'An unknown exception occurred.'
    code = 409


class InUse(Conflict):
    msg_fmt = 'The resource is in use.'


class NetworkInUse(InUse):
    msg_fmt = 'Unable to complete operation on network %(net_id)s. There ' \
              'are one or more ports still in use on the network.'


class SubnetInUse(InUse):
    msg_fmt = 'Unable to complete operation on subnet %(subnet_id)s: One ' \
              'or more ports have an IP allocation from this subnet.'


class IpAddressAlreadyAllocated(Conflict):
    msg_fmt = 'IP address %(ip)s already allocated in subnet %(subnet_id)s'


class IpAddressGenerationFailure(Conflict):
    msg_fmt = 'No more IP addresses available on network %(net_id)s.'


class MacAddressInUse(InUse):
    msg_fmt = 'Unable to complete operation for network %(net_id)s. The ' \
              'mac address %(mac)s is in use.'


class GatewayConflictWithAllocationPools(InUse):
    msg_fmt = 'Gateway ip %(ip_address)s conflicts with allocation pool ' \
              '%(pool)s.'


class OverlappingAllocationPools(Conflict):
    msg_fmt = 'Found overlapping allocation pools: %(pool_1)s %(pool_2)s ' \
              'for subnet %(subnet_cidr)s.'


class PortBound(InUse):
    msg_fmt = 'Unable to complete operation on port %(port_id)s, port is ' \
              'already bound, port type: %(vif_type)s, old_mac ' \
              '%(old_mac)s, new_mac %(new_mac)s.'


class ConcurrentAllocation(Conflict):
    """Writers kept colliding on the same addresses; the request may be
    repeated."""
    msg_fmt = 'Could not allocate addresses after %(attempts)d attempts ' \
              'under concurrent allocation; try again.'

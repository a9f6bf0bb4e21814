"""Domain exceptions: a message format and the HTTP code the API answers.

The API turns any :class:`NovaLiteException` into Nova's error body with
``code``; RPC servers list the client-caused ones in ``expected_exceptions``
so they travel back to the caller without a traceback in the server log.
"""


class NovaLiteException(Exception):
    msg_fmt = 'An unknown exception occurred.'
    code = 500

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if message is None:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.message


class Invalid(NovaLiteException):
    msg_fmt = 'Bad request: %(reason)s'
    code = 400


class ValidationError(Invalid):
    msg_fmt = 'Invalid input for field/attribute %(detail)s'


class InvalidMicroversion(Invalid):
    msg_fmt = 'Version %(version)s is not supported by the API. Minimum is ' \
              '%(min_version)s and maximum is %(max_version)s.'
    code = 406


class NotAuthorized(NovaLiteException):
    msg_fmt = 'Not authorized.'
    code = 403


class PolicyNotAuthorized(NotAuthorized):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class NotFound(NovaLiteException):
    msg_fmt = 'Resource could not be found.'
    code = 404


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class InstanceActionNotFound(NotFound):
    msg_fmt = ('Action for request_id %(request_id)s on instance '
               '%(instance_uuid)s not found')


class InstanceActionEventNotFound(NotFound):
    msg_fmt = 'Event %(event_id)s of an instance action not found'


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class FlavorExtraSpecNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s has no extra specs with key %(key)s.'


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ServiceNotFound(NotFound):
    msg_fmt = 'Service %(service_id)s could not be found.'


class HostBinaryNotFound(NotFound):
    msg_fmt = 'Could not find binary %(binary)s on host %(host)s.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class RequestSpecNotFound(NotFound):
    msg_fmt = 'RequestSpec not found for instance %(instance_uuid)s'


class MigrationNotFound(NotFound):
    msg_fmt = 'Migration %(migration_id)s could not be found.'


class Conflict(NovaLiteException):
    msg_fmt = 'Conflict: %(reason)s'
    code = 409


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with %(key)s %(value)s already exists.'


class ServiceExists(Conflict):
    msg_fmt = 'Service with host %(host)s binary %(binary)s exists.'


class ImageDataConflict(Conflict):
    msg_fmt = 'Image %(image_id)s already has data (status %(status)s).'


class UnexpectedTaskStateError(Conflict):
    msg_fmt = 'Conflict updating instance %(instance_uuid)s. Expected: ' \
              '%(expected)s. Actual: %(actual)s'


class InstanceInvalidState(Conflict):
    # Nova's wording of the 409 a server action gets in the wrong state
    msg_fmt = "Cannot '%(action)s' instance %(instance_uuid)s while it is " \
              "in %(attr)s %(state)s"


class MigrationStatusConflict(Conflict):
    msg_fmt = 'Migration %(migration_id)s is %(actual)s, not %(expected)s.'


class InstanceMoveFailed(NovaLiteException):
    msg_fmt = '%(action)s of instance %(instance_uuid)s failed: %(reason)s'


class InstancePowerActionFailed(NovaLiteException):
    msg_fmt = 'Could not %(action)s instance %(instance_uuid)s: %(reason)s'


class FeatureNotSupported(NovaLiteException):
    msg_fmt = 'The requested functionality is not supported.'
    code = 501


class OverLimit(NovaLiteException):
    msg_fmt = 'Request is too large.'
    code = 413


class NoValidHost(NovaLiteException):
    msg_fmt = 'No valid host was found. %(reason)s'


class ComputeResourcesUnavailable(NovaLiteException):
    msg_fmt = 'Insufficient compute resources: %(reason)s.'


class InstanceBuildFailed(NovaLiteException):
    msg_fmt = 'Build of instance %(instance_uuid)s failed: %(reason)s'


class InstanceEventTimeout(NovaLiteException):
    msg_fmt = 'Timed out after %(deadline)s seconds waiting for events ' \
              '%(events)s of instance %(instance_uuid)s'


class InstanceEventFailed(NovaLiteException):
    msg_fmt = 'Event %(event)s of instance %(instance_uuid)s arrived with ' \
              'status %(status)s'


class DBNotAllowed(NovaLiteException):
    msg_fmt = '%(binary)s attempted direct database access which is ' \
              'not allowed by policy'


class ObjectActionError(NovaLiteException):
    msg_fmt = 'Object action %(action)s failed because: %(reason)s'



# -- networking (the network service as the API and computes see it) -------

class NetworkNotFound(Invalid):
    msg_fmt = 'Network %(network_id)s could not be found.'


class PortNotFound(Invalid):
    msg_fmt = 'Port %(port_id)s could not be found.'


class PortInUse(Conflict):
    msg_fmt = 'Port %(port_id)s is still in use.'


class NetworkAmbiguous(Conflict):
    msg_fmt = 'Multiple possible networks found, use a Network ID to be ' \
              'more specific.'


class UnableToAutoAllocateNetwork(Invalid):
    msg_fmt = 'Unable to automatically allocate a network for project ' \
              '%(project_id)s'


class NetworkServiceUnavailable(NovaLiteException):
    msg_fmt = 'The network service is unavailable: %(reason)s'
    code = 503


class NetworkRequestFailed(NovaLiteException):
    msg_fmt = 'Network service request %(method)s %(path)s failed ' \
              '(%(status)s): %(reason)s'


class VirtualInterfaceCreateException(NovaLiteException):
    msg_fmt = 'Virtual interface creation failed: %(reason)s'


class ConsoleNotAvailable(Conflict):
    msg_fmt = 'Console output is not available: %(reason)s'


class VolumeNotFound(NotFound):
    msg_fmt = 'Volume %(volume_id)s could not be found.'


class SnapshotNotFound(NotFound):
    msg_fmt = 'Snapshot %(snapshot_id)s could not be found.'


class VolumeTypeNotFound(NotFound):
    msg_fmt = 'Volume type %(volume_type_id)s could not be found.'


class VolumeStatusConflict(Conflict):
    msg_fmt = ('Volume %(volume_id)s is %(actual)s, expected %(expected)s.')


class SnapshotStatusConflict(Conflict):
    msg_fmt = ('Snapshot %(snapshot_id)s is %(actual)s, expected '
               '%(expected)s.')


class InvalidVolume(Invalid):
    msg_fmt = 'Invalid volume: %(reason)s'


class VolumeLimitExceeded(OverLimit):
    msg_fmt = ('VolumeLimitExceeded: Maximum number of volumes allowed '
               '(%(allowed)d) exceeded for quota \'%(name)s\'.')


class VolumeSizeExceedsAvailableQuota(OverLimit):
    msg_fmt = ('Requested volume or snapshot exceeds allowed %(name)s '
               'quota. Requested %(requested)sG, quota is %(quota)sG and '
               '%(consumed)sG has been consumed.')


class SnapshotLimitExceeded(OverLimit):
    msg_fmt = ('Maximum number of snapshots allowed (%(allowed)d) '
               'exceeded.')


class VolumeBackendFailed(NovaLiteException):
    msg_fmt = 'Volume backend failed: %(reason)s'

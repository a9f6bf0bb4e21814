"""What the volume scheduler knows of each volume host.

From the DB (the scheduler reads it): the capacity each ``nova-lite-volume``
last reported, its service record (up? disabled?) and the GiB of the live
volumes already placed there -- which counts volumes scheduled a moment ago
and not yet built, so a burst of creates does not overfill a host.
"""

import dataclasses

from nova_lite.objects import service as service_obj
from nova_lite.objects import volume as volume_obj
from nova_lite.objects import volume_capacity

BINARY = 'nova-lite-volume'


@dataclasses.dataclass
class VolumeHostState:
    host: str
    availability_zone: str
    total_gb: int
    free_gb: int
    allocated_gb: int = 0
    volumes: int = 0
    up: bool = True
    disabled: bool = False

    @property
    def virtual_free_gb(self):
        return self.total_gb - self.allocated_gb


def get_all(context, servicegroup):
    services = {s.host: s for s in service_obj.ServiceList.get_all(
        context, binary=BINARY)}
    allocated = volume_obj.VolumeList.get_allocated_by_host(context)
    states = []
    for cap in volume_capacity.VolumeCapacityList.get_all(context):
        service = services.get(cap.host)
        gb, count = allocated.get(cap.host, (0, 0))
        states.append(VolumeHostState(
            host=cap.host, availability_zone=cap.availability_zone,
            total_gb=cap.total_gb, free_gb=cap.free_gb, allocated_gb=gb,
            volumes=count,
            up=service is not None and servicegroup.service_is_up(service),
            disabled=service is None or service.disabled))
    return states

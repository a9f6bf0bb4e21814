"""The tooz service-group driver: heartbeats keep a group membership alive.

Chosen by ``[servicegroup] driver = tooz`` for deployments where one DB
write per service and ``report_interval`` is too much.  Every binary is a
tooz group (``nova-lite-compute``, ...), every service a member
``<binary>:<host>`` with its host, binary and topic as capabilities.

Heartbeat: every ``report_interval`` the loop calls the coordinator's
``heartbeat()`` and joins the group again.  Joining is idempotent, so a
membership that a reader pruned while this service could not reach the
backend comes back by itself.  The first join of a coordinator takes over an
entry left by an earlier life of the service (tooz's file driver would not
refresh it otherwise).

Up: a service is up while its member is in the group.  The backend drops a
member whose heartbeats stopped for the URL's ``timeout`` seconds, which the
driver sets to the effective ``service_down_time``, so a crashed service
goes down within ``service_down_time`` as with the ``db`` driver.  A
graceful stop leaves the group: down at once.  ``forced_down`` still means
down.  Sibling workers of one service share its member id (as they share
its DB record); one stopping takes the member down until the others' next
heartbeat.

DB record: Nova does not write the service record with a non-db driver.
We do by default (``[servicegroup] update_service_record``), because ``GET
/os-services`` shows the record's ``updated_at``; up/down never reads it.
Scale-out deployments turn it off.

Failures never stop the loop or the service: the first failed heartbeat
logs "coordination backend went away", the first good one after it logs
that it is back; the DB write keeps its own once-on-loss/once-on-recovery
log (``db.report_state``).  While the backend cannot be asked,
``service_is_up`` answers down, logged the same way.

Readers: ``servicegroup.API`` objects are made per request in places, so
``is_up`` asks through one reader coordinator per backend URL and process,
opened on first use, instead of opening a connection per API object.
"""

import os
import socket
import threading
import urllib.parse
import uuid

from oslo_log import log as logging
from tooz import coordination

from nova_lite.servicegroup import db as db_driver

LOG = logging.getLogger(__name__)


def backend_url(url: str, down_time: int) -> str:
    """``url`` with tooz's member expiry (``timeout``) set to ``down_time``.

    Any ``timeout`` already in the URL is replaced: it must agree with
    ``service_down_time``.
    """
    parts = urllib.parse.urlsplit(url)
    query = [(key, value) for key, value in
             urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
             if key != 'timeout']
    query.append(('timeout', str(down_time)))
    return urllib.parse.urlunsplit(
        parts._replace(query=urllib.parse.urlencode(query)))


def group_id(binary: str) -> bytes:
    return binary.encode('utf-8')


def member_id(binary: str, host: str) -> bytes:
    # The binary is part of the id: Redis keeps one heartbeat key per member
    # id, so a host's conductor must not keep its dead compute alive.
    return ('%s:%s' % (binary, host)).encode('utf-8')


class ToozDriver:
    def __init__(self, conf, down_time: int, timeout=None):
        self.conf = conf
        self.down_time = down_time
        self.timeout = timeout  # of the record update's call
        self.url = backend_url(conf.servicegroup.backend_url, down_time)

    def join(self, service) -> 'Membership':
        """Start ``service``'s heartbeat; returns it (stop()/wait())."""
        membership = Membership(
            self.url, service,
            update_record=self.conf.servicegroup.update_service_record,
            record_timeout=self.timeout)
        membership.start(self.conf.report_interval)
        return membership

    def is_up(self, service_ref) -> bool:
        if service_ref.forced_down:
            return False
        members = reader(self.url).members(group_id(service_ref.binary))
        return member_id(service_ref.binary, service_ref.host) in members

    def up_ids(self, service_refs):
        """ids of the services up among ``service_refs``: one membership
        read per binary."""
        members, up = {}, set()
        for ref in service_refs:
            if ref.forced_down:
                continue
            if ref.binary not in members:
                members[ref.binary] = reader(self.url).members(
                    group_id(ref.binary))
            if member_id(ref.binary, ref.host) in members[ref.binary]:
                up.add(ref.id)
        return up


class Membership:
    """One service's group membership and the loop that heartbeats it."""

    def __init__(self, url: str, service, update_record: bool = True,
                 record_timeout=None):
        self.url = url
        self.service = service
        self.update_record = update_record
        self.record_timeout = record_timeout
        self.group = group_id(service.binary)
        self.member = member_id(service.binary, service.host)
        self.capabilities = {'host': service.host, 'binary': service.binary,
                             'topic': service.topic}
        self.disconnected = False
        self._coordinator = None
        self._claimed = False
        self._stopped = False
        self._lock = threading.Lock()
        self._loop = None

    def start(self, interval: float) -> None:
        from oslo_service import loopingcall  # backend chosen at run time
        self._loop = loopingcall.FixedIntervalLoopingCall(self.report)
        self._loop.start(interval=interval)

    def stop(self) -> None:
        """Stop heartbeating and leave the group: down now, not on expiry."""
        if self._loop is not None:
            self._loop.stop()
        with self._lock:
            self._stopped = True
            coordinator, self._coordinator = self._coordinator, None
        if coordinator is not None:
            _leave_and_close(coordinator, self.group)

    def wait(self) -> None:
        if self._loop is not None:
            self._loop.wait()

    def report(self) -> None:
        """One heartbeat; never raises."""
        with self._lock:
            if self._stopped:
                return
            self._beat()
        if self.update_record:
            db_driver.report_state(self.service, self.record_timeout)

    def _beat(self):
        try:
            if self._coordinator is None:
                coordinator = coordination.get_coordinator(self.url,
                                                           self.member)
                coordinator.start()
                self._coordinator = coordinator
                self._claimed = False
            self._coordinator.heartbeat()
            self._join()
        except Exception:
            if not self.disconnected:
                self.disconnected = True
                LOG.exception('Heartbeat of %s on %s failed: coordination '
                              'backend went away', self.service.binary,
                              self.service.host)
            return
        if self.disconnected:
            self.disconnected = False
            LOG.info('Heartbeat of %s on %s recovered: coordination backend '
                     'is back', self.service.binary, self.service.host)

    def _join(self):
        try:
            self._join_group()
        except coordination.MemberAlreadyExist:
            if self._claimed:
                return  # the steady state: still a member
            # Left by an earlier life of this service, or a sibling worker:
            # rejoin so that this coordinator heartbeats the entry.
            self._coordinator.leave_group(self.group).get()
            self._join_group()
        self._claimed = True

    def _join_group(self):
        try:
            self._coordinator.join_group(self.group,
                                         self.capabilities).get()
        except coordination.GroupNotCreated:
            try:
                self._coordinator.create_group(self.group).get()
            except coordination.GroupAlreadyExist:
                pass  # a sibling created it first
            self._coordinator.join_group(self.group,
                                         self.capabilities).get()


def _leave_and_close(coordinator, group):
    try:
        coordinator.leave_group(group).get()
    except Exception as exc:
        # Not fatal: the membership expires after service_down_time.
        LOG.warning('Could not leave service group %s: %s',
                    group.decode('utf-8'), exc)
    try:
        coordinator.stop()
    except Exception as exc:
        LOG.warning('Could not close the coordination backend: %s', exc)


class Reader:
    """Asks the backend which members a group has, for ``is_up``."""

    def __init__(self, url: str):
        self.url = url
        self.disconnected = False
        self._coordinator = None
        self._lock = threading.Lock()

    def members(self, group: bytes) -> set:
        """Live member ids of ``group``; empty if the backend can't tell."""
        with self._lock:
            try:
                members = self._members(group)
            except Exception:
                if not self.disconnected:
                    self.disconnected = True
                    LOG.exception('Cannot tell which services are up: '
                                  'coordination backend went away')
                return set()
            if self.disconnected:
                self.disconnected = False
                LOG.info('Coordination backend is back: service states '
                         'are known again')
            return members

    def close(self) -> None:
        with self._lock:
            coordinator, self._coordinator = self._coordinator, None
        if coordinator is not None:
            coordinator.stop()

    def _members(self, group):
        if self._coordinator is None:
            reader_id = 'reader:%s:%d:%s' % (socket.gethostname(),
                                             os.getpid(), uuid.uuid4().hex)
            coordinator = coordination.get_coordinator(
                self.url, reader_id.encode('utf-8'))
            coordinator.start()
            self._coordinator = coordinator
        try:
            return self._coordinator.get_members(group).get()
        except coordination.GroupNotCreated:
            return set()  # no service of this binary has joined yet


_readers = {}
_readers_lock = threading.Lock()


def reader(url: str) -> Reader:
    """The process's reader for ``url``, made on first use."""
    # Keyed by pid too: a forked worker must not use its parent's
    # connection and executor thread.
    key = (url, os.getpid())
    with _readers_lock:
        found = _readers.get(key)
        if found is None:
            found = _readers[key] = Reader(url)
        return found

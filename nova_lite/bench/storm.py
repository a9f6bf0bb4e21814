"""The boot storm: K servers created by C concurrent creators, one poller
stamping when each is first seen ACTIVE or ERROR.

Definitions (the same as the reference harness, so figures compare):
time-to-ACTIVE = stamp of the first poll that saw the server ACTIVE (the
poll's send time) - start of that server's POST; throughput = ACTIVE
servers / (last ACTIVE stamp - first POST start).  The poller reads
``GET /servers/detail?name=^<prefix>``, after a first full read with
``changes-since`` (last poll - 2 s) so polling costs little on either side;
every 20th read is a full one, so a change committed later than that margin
is not missed forever.
"""

import concurrent.futures
import datetime
import queue
import threading
import time
import uuid

from nova_lite.bench import client as bench_client
from nova_lite.bench import stats

TERMINAL = ('ACTIVE', 'ERROR')


def utc_iso(monotonic_stamp, offset):
    wall = monotonic_stamp + offset
    return datetime.datetime.fromtimestamp(
        wall, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


class Server:
    __slots__ = ('index', 'post_start', 'post_seconds', 'post_status', 'id',
                 'post_error', 'status', 'stamp', 'host', 'fault',
                 'task_state')

    def __init__(self, index):
        self.index = index
        self.post_start = self.post_seconds = self.post_status = None
        self.id = self.post_error = self.status = self.stamp = None
        self.host = self.fault = self.task_state = None


class Poller:
    """Reads the servers named ^prefix every ``interval`` seconds and keeps
    the newest view of each (by id) plus when it first became terminal."""

    FULL_EVERY = 20

    def __init__(self, client, prefix, interval=0.5, changes_since=True):
        self.client = client
        self.prefix = prefix
        self.interval = interval
        self.changes_since = changes_since
        self.seen = {}  # id -> latest server document
        self.first = {}  # id -> (status, stamp) of the first terminal view
        self.errors = 0
        self._last = None
        self._polls = 0
        self._offset = time.time() - time.monotonic()

    def poll_once(self, full=False):
        params = {'name': '^' + self.prefix}
        # Every FULL_EVERY-th read is a full one: a row whose commit came
        # later than the margin after its updated_at is still seen.
        self._polls += 1
        full = full or self._polls % self.FULL_EVERY == 0
        if self.changes_since and self._last is not None and not full:
            params['changes-since'] = utc_iso(self._last - 2, self._offset)
        sent = time.monotonic()
        try:
            status, doc, _e = self.client.request('GET', '/servers/detail',
                                                  params=params)
        except Exception:
            status, doc = None, None
        if status != 200:
            self.errors += 1
            return False
        self._last = sent
        for server in doc.get('servers', []):
            self.seen[server['id']] = server
            if (server.get('status') in TERMINAL
                    and server['id'] not in self.first):
                self.first[server['id']] = (server['status'], sent)
        return True


class BootStorm:
    def __init__(self, client, count, concurrency, flavor, image,
                 network='none', prefix=None, poll_interval=0.5,
                 timeout=600, changes_since=True):
        self.client = client
        self.count = count
        self.concurrency = max(1, concurrency)
        self.flavor = flavor
        self.image = image
        self.networks = bench_client.networks_value(network)
        self.prefix = prefix or 'bench-%s-' % uuid.uuid4().hex[:8]
        self.timeout = timeout
        self.servers = [Server(i) for i in range(count)]
        self.poller = Poller(client, self.prefix, poll_interval,
                             changes_since)
        self.started = None
        self._creating = True

    # -- creators ---------------------------------------------------------

    def _create(self, server):
        body = {'server': {'name': '%s%05d' % (self.prefix, server.index),
                           'flavorRef': self.flavor,
                           'imageRef': self.image,
                           'networks': self.networks}}
        server.post_start = time.monotonic()
        try:
            status, doc, elapsed = self.client.request('POST', '/servers',
                                                       body)
        except Exception as exc:  # connection refused/reset mid-fault
            server.post_seconds = time.monotonic() - server.post_start
            server.post_error = '%s: %s' % (type(exc).__name__, exc)
            return
        server.post_seconds = elapsed
        server.post_status = status
        if status == 202 and doc and 'server' in doc:
            server.id = doc['server']['id']
        else:
            server.post_error = str(doc)[:200]

    def _creator(self, work):
        while True:
            try:
                server = work.get_nowait()
            except queue.Empty:
                return
            self._create(server)

    # -- run ---------------------------------------------------------------

    def run(self, on_tick=None):
        """Create, poll until every acknowledged server is ACTIVE/ERROR or
        ``timeout`` passes.  ``on_tick(storm)`` runs after every poll (the
        fault suite injects its fault from there).  Returns the result."""
        work = queue.Queue()
        for server in self.servers:
            work.put(server)
        self.started = time.monotonic()
        threads = [threading.Thread(target=self._creator, args=(work,),
                                    daemon=True)
                   for _ in range(self.concurrency)]
        for thread in threads:
            thread.start()
        deadline = self.started + self.timeout
        while time.monotonic() < deadline:
            time.sleep(self.poller.interval)
            self.poller.poll_once()
            if on_tick is not None:
                on_tick(self)
            creating = any(t.is_alive() for t in threads)
            if not creating and self._all_terminal():
                break
        for thread in threads:
            thread.join(timeout=max(1, deadline - time.monotonic()))
        self.poller.poll_once(full=True)
        return self.result()

    def _all_terminal(self):
        return all(s.id in self.poller.first for s in self.acknowledged())

    def acknowledged(self):
        return [s for s in self.servers if s.id is not None]

    def settle(self):
        """Copy the poller's view onto the servers."""
        for server in self.acknowledged():
            doc = self.poller.seen.get(server.id)
            first = self.poller.first.get(server.id)
            if first is not None:
                server.status, server.stamp = first
            elif doc is not None:
                server.status = doc.get('status')
            if doc is not None:
                server.host = doc.get('OS-EXT-SRV-ATTR:host')
                server.fault = doc.get('fault')
                server.task_state = doc.get('OS-EXT-STS:task_state')

    def result(self):
        self.settle()
        acked = self.acknowledged()
        active = [s for s in acked if s.status == 'ACTIVE']
        errors = [s for s in acked if s.status == 'ERROR']
        tta = [s.stamp - s.post_start for s in active]
        last = max((s.stamp for s in active), default=None)
        span = (last - self.started) if last is not None else None
        hosts = {}
        for server in active:
            if server.host:
                hosts[server.host] = hosts.get(server.host, 0) + 1
        return {
            'requested': self.count, 'concurrency': self.concurrency,
            'accepted': len(acked),
            'rejected': self.count - len(acked),
            'active': len(active), 'error': len(errors),
            'error_with_fault': sum(1 for s in errors if s.fault),
            'not_terminal': len(acked) - len(active) - len(errors),
            'active_per_s': stats.rate(len(active), span),
            'first_post_to_last_active_s': stats.r3(span),
            'tta_s': stats.summary(tta),
            'post_s': stats.summary(
                [s.post_seconds for s in self.servers
                 if s.post_seconds is not None]),
            'hosts': dict(sorted(hosts.items())),
            'max_per_host': max(hosts.values()) if hosts else None,
            'poll_errors': self.poller.errors,
            'post_errors': sorted({s.post_error for s in self.servers
                                   if s.post_error})[:3],
        }

    def active_stamps(self):
        """Seconds since the first POST at which servers became ACTIVE."""
        return sorted(s.stamp - self.started for s in self.servers
                      if s.status == 'ACTIVE' and s.stamp is not None)

    def tta_values(self):
        return [s.stamp - s.post_start for s in self.servers
                if s.status == 'ACTIVE' and s.stamp is not None]


def parallel(func, items, concurrency):
    """func(item) for every item on ``concurrency`` threads; results in
    order."""
    with concurrent.futures.ThreadPoolExecutor(max(1, concurrency)) as pool:
        return list(pool.map(func, items))


def delete_all(client, ids, concurrency, prefix, timeout=600,
               interval=0.5):
    """DELETE every id, then wait until none is listed.  Returns
    (seconds until all gone or None, DELETE latencies)."""
    started = time.monotonic()

    def delete(server_id):
        try:
            return client.request('DELETE', '/servers/%s' % server_id)[2]
        except Exception:
            return None
    latencies = [s for s in parallel(delete, ids, concurrency)
                 if s is not None]
    wanted = set(ids)
    deadline = started + timeout
    while time.monotonic() < deadline:
        try:
            status, doc, _e = client.request(
                'GET', '/servers', params={'name': '^' + prefix})
        except Exception:
            status = None
        if status == 200 and not wanted & {
                s['id'] for s in doc.get('servers', [])}:
            return time.monotonic() - started, latencies
        time.sleep(interval)
    return None, latencies

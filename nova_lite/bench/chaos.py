"""The fault suite: a boot storm with one fault injected mid-storm.

A scenario boots K servers with C creators (``storm.BootStorm``), injects
its fault once a share of the servers has been accepted, ends the fault
after its duration (restarts what it killed), then waits for every
accepted server to settle.  It reports:

* requested / accepted (202) / rejected (the API refused or was down),
* ACTIVE, ERROR with a fault (an honest failure), stuck (accepted, still
  not ACTIVE/ERROR after the reconcile timeout), lost (accepted, then
  gone: 404 without anyone deleting it),
* unacked: servers of the storm the client never got a 202 for (the API
  wrote the instance, then died or timed out before it answered); they
  are listed by the storm's name prefix, and deleted with the rest,
* recovery: seconds from the end of the fault to the first probe server
  created after it that became ACTIVE.

Faults act on a devstack ``DATA_DIR`` (pid files, logs): a daemon killed
with SIGKILL is started again with its own command line, appending to its
log, and its pid file rewritten, so ``unstack.sh`` still stops it.
"""

import configparser
import os
import signal
import subprocess
import threading
import time

from nova_lite.bench import storm as storm_mod

SHARED_RABBIT_PORT = 5672


class Daemons:
    """The daemons of a devstack stack, by the names of their pid files
    (``api``, ``conductor``, ``conductor-c1``, ``compute-compute1``...)."""

    def __init__(self, data_dir):
        self.pids = os.path.join(data_dir, 'pids')
        self.logs = os.path.join(data_dir, 'logs')

    def pid(self, name):
        with open(os.path.join(self.pids, name + '.pid')) as f:
            return int(f.read().strip())

    def names(self, prefix):
        return sorted(n[:-4] for n in os.listdir(self.pids)
                      if n.startswith(prefix) and n.endswith('.pid'))

    def kill(self, name):
        """SIGKILL; returns the command line to start it again."""
        pid = self.pid(name)
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            argv = [a.decode() for a in f.read().split(b'\0') if a]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        return argv

    def start(self, name, argv):
        log = open(os.path.join(self.logs, name + '.log'), 'ab')
        try:
            proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        finally:
            log.close()
        with open(os.path.join(self.pids, name + '.pid'), 'w') as f:
            f.write('%d\n' % proc.pid)
        return proc.pid


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie of ours is dead too
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split(')')[-1].split()[0] != 'Z'
    except OSError:
        return False


def private_rabbit_node(rabbit_dir, data_dir):
    """The node name of the private RabbitMQ in ``rabbit_dir``
    (tools/chaos/private_rabbit.sh), after checking that it is not the
    shared broker and that the stack in ``data_dir`` uses it; else
    ValueError."""
    try:
        with open(os.path.join(rabbit_dir, 'node')) as f:
            node = f.read().strip()
        with open(os.path.join(rabbit_dir, 'port')) as f:
            port = int(f.read().strip())
    except (OSError, ValueError):
        raise ValueError('%s holds no private RabbitMQ node '
                         '(tools/chaos/private_rabbit.sh start)' % rabbit_dir)
    if port == SHARED_RABBIT_PORT or node.split('@')[0] == 'rabbit':
        raise ValueError('%s on %d is the shared broker' % (node, port))
    urls = _transport_urls(data_dir)
    if not urls or any(u.port != port for u in urls):
        raise ValueError('the stack in %s does not use the private node on '
                         'port %d (transport_url: %s)' % (
                             data_dir, port,
                             ', '.join(u.geturl() for u in urls) or
                             'none'))
    return node


def _transport_urls(data_dir):
    from urllib import parse
    conf = configparser.ConfigParser(interpolation=None, strict=False)
    etc = os.path.join(data_dir, 'etc')
    names = sorted(n for n in os.listdir(etc) if n.endswith('.conf')) \
        if os.path.isdir(etc) else []
    urls = []
    for name in names:
        conf.clear()
        conf.read(os.path.join(etc, name))
        value = conf.get('DEFAULT', 'transport_url', fallback=None)
        for part in (value or '').split(','):
            if part.strip():
                urls.append(parse.urlparse(part.strip()))
    return urls


class Fault:
    """inject() starts the fault, recover() ends it."""

    name = 'fault'
    duration = 0.0

    def inject(self):
        raise NotImplementedError

    def recover(self):
        pass


class KillDaemons(Fault):
    """SIGKILL of some daemons; started again ``restart_after`` seconds
    later (None: never, their peers must carry on)."""

    def __init__(self, daemons, names, restart_after=5.0, label=None):
        self.daemons = daemons
        self.targets = list(names)
        self.restart = restart_after is not None
        self.duration = restart_after or 0.0
        self.name = label or 'kill -9 ' + '+'.join(self.targets)
        self._argv = {}

    def inject(self):
        for name in self.targets:
            self._argv[name] = self.daemons.kill(name)

    def recover(self):
        if self.restart:
            for name in self.targets:
                self.daemons.start(name, self._argv[name])


class Commands(Fault):
    """Run a stop command, wait ``duration``, run a start command (e.g.
    ``rabbitmqctl stop_app`` / ``start_app``, ``pg_ctl stop`` / ``start``)."""

    def __init__(self, name, stop, start, duration=20.0, ready=None):
        self.name = name
        self.stop_cmd, self.start_cmd = stop, start
        self.duration = duration
        self.ready = ready  # callable: True once the service is back

    def inject(self):
        subprocess.run(self.stop_cmd, check=True, timeout=120,
                       capture_output=True)

    def recover(self):
        subprocess.run(self.start_cmd, check=True, timeout=180,
                       capture_output=True)
        deadline = time.monotonic() + 120
        while self.ready is not None and not self.ready():
            if time.monotonic() > deadline:
                raise RuntimeError('%s: not back after 120 s' % self.name)
            time.sleep(0.5)


class Scenario:
    def __init__(self, client, fault, count=100, concurrency=10,
                 flavor='1', image=None, inject_at=0.3, settle_timeout=300,
                 recovery_timeout=180, poll_interval=0.5):
        self.client = client
        self.fault = fault
        self.storm = storm_mod.BootStorm(
            client, count, concurrency, flavor, image,
            poll_interval=poll_interval, timeout=settle_timeout)
        self.flavor, self.image = flavor, image
        self.inject_after = max(1, int(count * inject_at))
        self.recovery_timeout = recovery_timeout
        self.injected_at = self.ended_at = None
        self.recovered_at = None
        self.errors = []
        self.probes = []  # ids of the probe servers, deleted at cleanup
        self.unacked = []  # ids the API made without a 202
        self._thread = None

    def _on_tick(self, storm):
        if self._thread is None and \
                len(storm.acknowledged()) >= self.inject_after:
            self._thread = threading.Thread(target=self._fault_and_probe,
                                            daemon=True)
            self._thread.start()

    def _fault_and_probe(self):
        try:
            self.injected_at = time.monotonic()
            self.fault.inject()
            time.sleep(max(0.0, self.injected_at + self.fault.duration -
                           time.monotonic()))
            self.fault.recover()
            self.ended_at = time.monotonic()
            self.recovered_at = self._probe()
        except Exception as exc:  # reported, not raised: the storm goes on
            self.errors.append('%s: %s' % (type(exc).__name__, exc))

    def _probe(self, deadline=None, name='probe-'):
        """Boot one probe server at a time until one is ACTIVE."""
        if deadline is None:
            deadline = self.ended_at + self.recovery_timeout
        prefix = self.storm.prefix + name
        n = 0
        while time.monotonic() < deadline:
            n += 1
            probe = storm_mod.BootStorm(
                self.client, 1, 1, self.flavor, self.image,
                prefix='%s%d-' % (prefix, n), poll_interval=0.25,
                timeout=max(1, min(60, deadline - time.monotonic())),
                changes_since=False)
            probe.run()
            self.probes += [s.id for s in probe.acknowledged()]
            server = probe.servers[0]
            if server.status == 'ACTIVE':
                return server.stamp
            time.sleep(1)
        return None

    def run(self):
        # A cloud that cannot boot yet (computes not reported right after
        # a start, the previous scenario's fault still settling) would
        # turn the whole storm into NoValidHost before any fault: wait
        # until one server boots.
        if self._probe(time.monotonic() + self.recovery_timeout,
                       'ready-') is None:
            raise RuntimeError('%s: no server went ACTIVE within %d s '
                               'before the storm' % (self.fault.name,
                                                     self.recovery_timeout))
        result = self.storm.run(on_tick=self._on_tick)
        if self._thread is not None:
            self._thread.join(timeout=self.recovery_timeout +
                              self.fault.duration + 60)
        acked = self.storm.acknowledged()
        lost = [s.id for s in acked if self._gone(s.id)]
        stuck = [s.id for s in acked if s.id not in lost and
                 s.status not in storm_mod.TERMINAL]
        self.unacked = self._unacknowledged(acked)
        return {
            'scenario': self.fault.name,
            'requested': result['requested'],
            'accepted': result['accepted'],
            'rejected': result['rejected'],
            'active': result['active'],
            'error': result['error'],
            'error_with_fault': result['error_with_fault'],
            'stuck': len(stuck), 'lost': len(lost),
            'unacked': len(self.unacked),
            'stuck_ids': stuck[:5], 'lost_ids': lost[:5],
            'unacked_ids': self.unacked[:5],
            'fault_s': _span(self.injected_at, self.ended_at),
            'recovery_s': _span(self.ended_at, self.recovered_at),
            'injected': self.injected_at is not None,
            'errors': self.errors,
            'active_per_s': result['active_per_s'],
        }

    def _gone(self, server_id):
        try:
            status = self.client.request('GET', '/servers/%s' % server_id)[0]
        except Exception:
            return False
        return status == 404

    def _unacknowledged(self, acked):
        """Ids listed under the storm's names that no 202 named (probes
        aside): what the API made without the client knowing."""
        known = {s.id for s in acked} | set(self.probes)
        try:
            status, doc, _e = self.client.request(
                'GET', '/servers', params={'name': '^' + self.storm.prefix})
        except Exception as exc:
            self.errors.append('listing the storm: %s' % exc)
            return []
        if status != 200:
            self.errors.append('listing the storm: %s' % status)
            return []
        return sorted(s['id'] for s in doc.get('servers', [])
                      if s['id'] not in known)

    def cleanup(self, concurrency=10):
        ids = [s.id for s in self.storm.acknowledged()]
        ids += self.probes + self.unacked
        storm_mod.delete_all(self.client, ids, concurrency,
                             self.storm.prefix, timeout=120)


def _span(start, end):
    if start is None or end is None:
        return None
    return round(end - start, 3)


REPORT_KEYS = ('scenario', 'requested', 'accepted', 'rejected', 'active',
               'error_with_fault', 'stuck', 'lost', 'unacked', 'fault_s',
               'recovery_s')

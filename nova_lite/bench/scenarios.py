"""The scenarios of ``nova-lite-bench``.  Each takes the client and the
parsed options and returns (result dict, table text); the boot storms also
leave the storm on the result under ``_storm`` for the plot."""

import time

from nova_lite.bench import stats
from nova_lite.bench import storm as storm_mod


def _storm(client, opts, count, concurrency=None, prefix=None):
    storm = storm_mod.BootStorm(
        client, count, concurrency or opts.concurrency, opts.flavor_id,
        opts.image_id, opts.network, prefix=prefix,
        poll_interval=opts.poll_interval, timeout=opts.timeout,
        changes_since=not opts.no_changes_since)
    return storm, storm.run()


def _boot_table(result):
    rows = stats.summary_rows([('time-to-ACTIVE', result['tta_s']),
                               ('POST /servers', result['post_s'])])
    text = stats.table(stats.SUMMARY_HEADERS, rows)
    text += ('\nrequested %(requested)d  accepted %(accepted)d  ACTIVE '
             '%(active)d  ERROR %(error)d  not terminal %(not_terminal)d'
             % result)
    text += ('\nACTIVE/s %s (first POST to last ACTIVE %s s)  max/host %s '
             'over %d hosts' % (result['active_per_s'],
                                result['first_post_to_last_active_s'],
                                result['max_per_host'],
                                len(result['hosts'])))
    return text


def _cleanup(client, opts, storm):
    if opts.keep:
        return None
    ids = [s.id for s in storm.acknowledged()]
    gone, _lat = storm_mod.delete_all(client, ids, opts.concurrency,
                                      storm.prefix, timeout=opts.timeout)
    return stats.r3(gone)


def boot(client, opts):
    storm, result = _storm(client, opts, opts.count)
    result['cleanup_s'] = _cleanup(client, opts, storm)
    result['_storm'] = storm
    return result, _boot_table(result)


def boot_and_delete(client, opts):
    storm, result = _storm(client, opts, opts.count)
    ids = [s.id for s in storm.acknowledged()]
    gone, latencies = storm_mod.delete_all(
        client, ids, opts.concurrency, storm.prefix, timeout=opts.timeout)
    result['delete_s'] = stats.summary(latencies)
    result['all_gone_s'] = stats.r3(gone)
    result['deleted_per_s'] = stats.rate(len(ids), gone)
    result['_storm'] = storm
    text = _boot_table(result)
    text += '\n' + stats.table(stats.SUMMARY_HEADERS, stats.summary_rows(
        [('DELETE /servers/id', result['delete_s'])]))
    text += '\nall %d gone after %s s (%s/s)' % (
        len(ids), result['all_gone_s'], result['deleted_per_s'])
    return result, text


def _list_times(client, reps):
    times, listed = [], None
    for _ in range(reps):
        status, doc, elapsed = client.request('GET', '/servers/detail')
        if status != 200:
            raise RuntimeError('GET /servers/detail -> %s' % status)
        times.append(elapsed)
        listed = len(doc.get('servers', []))
    return times, listed


def list_servers(client, opts):
    """GET /servers/detail with (at least) ``--count`` servers present."""
    storm = None
    if opts.count:
        storm, _boot = _storm(client, opts, opts.count)
    times, listed = _list_times(client, opts.reps)
    result = {'servers_listed': listed, 'reps': opts.reps,
              'detail_s': stats.summary(times)}
    if storm is not None:
        result['cleanup_s'] = _cleanup(client, opts, storm)
    text = stats.table(stats.SUMMARY_HEADERS, stats.summary_rows(
        [('GET /servers/detail', result['detail_s'])]))
    text += '\n%d servers listed, %d requests' % (listed, opts.reps)
    return result, text


ACTIONS = (('stop', {'os-stop': None}, 'SHUTOFF'),
           ('start', {'os-start': None}, 'ACTIVE'),
           ('reboot', {'reboot': {'type': 'SOFT'}}, 'ACTIVE'))


def _wait_state(client, prefix, ids, target, posted, deadline, interval):
    """Stamp when each id is in ``target`` with no task state."""
    done = {}
    while len(done) < len(ids) and time.monotonic() < deadline:
        sent = time.monotonic()
        status, doc, _e = client.request(
            'GET', '/servers/detail', params={'name': '^' + prefix})
        if status == 200:
            for server in doc.get('servers', []):
                sid = server['id']
                if (sid in posted and sid not in done
                        and server['status'] == target
                        and not server.get('OS-EXT-STS:task_state')):
                    done[sid] = sent - posted[sid]
        time.sleep(interval)
    return done


def actions(client, opts):
    """stop/start/reboot of ``--count`` servers, ``--rounds`` times."""
    storm, boot_result = _storm(client, opts, opts.count)
    ids = [s.id for s in storm.acknowledged()
           if s.status == 'ACTIVE']
    result = {'servers': len(ids), 'rounds': opts.rounds}
    rows = []
    for name, body, target in ACTIONS:
        latencies, spans, failures = [], [], 0
        for _ in range(opts.rounds):
            posted = {}

            def post(server_id, body=body, posted=posted):
                posted[server_id] = time.monotonic()
                return client.request('POST', '/servers/%s/action' %
                                      server_id, body)[0]
            started = time.monotonic()
            codes = storm_mod.parallel(post, ids, opts.concurrency)
            failures += sum(1 for c in codes if c != 202)
            done = _wait_state(client, storm.prefix, ids, target, posted,
                               started + opts.timeout, opts.poll_interval)
            latencies += list(done.values())
            spans.append(time.monotonic() - started)
            failures += len(ids) - len(done)
        total = sum(spans)
        result[name] = {'latency_s': stats.summary(latencies),
                        'per_s': stats.rate(len(latencies), total),
                        'failed': failures}
        rows.append([name, len(latencies), result[name]['per_s'],
                     result[name]['latency_s']['p50'],
                     result[name]['latency_s']['p99'], failures])
    result['boot'] = {k: boot_result[k] for k in
                      ('active', 'active_per_s', 'tta_s')}
    result['cleanup_s'] = _cleanup(client, opts, storm)
    text = stats.table(['action', 'n', 'per s', 'p50 s', 'p99 s',
                        'failed'], rows)
    return result, text


def events(client, opts):
    """POST /os-server-external-events: one event per request (the round
    trip: API lookup of the instance and the cast to its host) and one
    batch with an event for every server."""
    storm, _boot = _storm(client, opts, opts.count)
    ids = [s.id for s in storm.acknowledged() if s.status == 'ACTIVE']
    single, bad = [], 0
    for i in range(opts.reps):
        body = {'events': [{'name': 'network-changed',
                            'server_uuid': ids[i % len(ids)]}]}
        status, doc, elapsed = client.request(
            'POST', '/os-server-external-events', body)
        single.append(elapsed)
        if status != 200 or doc['events'][0].get('code') != 200:
            bad += 1
    body = {'events': [{'name': 'network-changed', 'server_uuid': sid}
                       for sid in ids]}
    status, doc, batch = client.request('POST', '/os-server-external-events',
                                        body)
    if status != 200:
        bad += len(ids)
    result = {'servers': len(ids), 'single_s': stats.summary(single),
              'single_per_s': stats.rate(len(single), sum(single)),
              'batch_events': len(ids), 'batch_s': stats.r3(batch),
              'failed': bad}
    result['cleanup_s'] = _cleanup(client, opts, storm)
    text = stats.table(stats.SUMMARY_HEADERS, stats.summary_rows(
        [('one event', result['single_s'])]))
    text += '\nbatch of %d events: %s s; failed %d' % (
        len(ids), result['batch_s'], bad)
    return result, text


SCENARIOS = {'boot': boot, 'boot-and-delete': boot_and_delete,
             'list': list_servers, 'actions': actions, 'events': events}

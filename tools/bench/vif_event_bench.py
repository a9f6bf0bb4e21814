#!/usr/bin/env python3
"""Time-to-ACTIVE of boots with ports, against a running nova_lite.

    python tools/bench/vif_event_bench.py --api http://127.0.0.1:8774 \
        --network-api http://127.0.0.1:9696 --network private -n 20

Boots ``-n`` servers at once (one thread each) on ``--network``, polls each
server every 50 ms and stamps when it is ACTIVE (time-to-ACTIVE = stamp -
start of its POST), deletes them, repeats ``--rounds`` times.  Run it once
on a cloud with ``vif_plugging_timeout = 300`` and once with ``0``: the
difference is what waiting for ``network-vif-plugged`` adds (agent report
delay + network RPC + event batch window + API + compute cast).  stdlib +
requests only.  Prints a summary and, last, one ``BENCH_JSON {...}`` line.
"""

import argparse
import concurrent.futures
import json
import statistics
import time

import requests


def pct(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1,
                   int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[k]


class Cloud:
    def __init__(self, api, network_api, token):
        self.api = api.rstrip('/')
        self.network_api = network_api.rstrip('/')
        self.session = requests.Session()
        self.session.headers.update({
            'X-Auth-Token': token,
            'OpenStack-API-Version': 'compute 2.47'})

    def get(self, url):
        resp = self.session.get(url, timeout=60)
        resp.raise_for_status()
        return resp.json()

    def network_id(self, name):
        nets = self.get('%s/v2.0/networks?name=%s' % (self.network_api,
                                                      name))['networks']
        if not nets:
            raise SystemExit('no network named %s' % name)
        return nets[0]['id']

    def image_id(self, name):
        return self.get('%s/image/v2/images?name=%s' % (
            self.api, name))['images'][0]['id']

    def boot_and_wait(self, name, image, flavor, network, timeout):
        started = time.monotonic()
        resp = self.session.post(self.api + '/v2.1/servers', json={
            'server': {'name': name, 'imageRef': image, 'flavorRef': flavor,
                       'networks': [{'uuid': network}]}}, timeout=60)
        resp.raise_for_status()
        sid = resp.json()['server']['id']
        while time.monotonic() - started < timeout:
            server = self.get('%s/v2.1/servers/%s' % (self.api,
                                                      sid))['server']
            if server['status'] in ('ACTIVE', 'ERROR'):
                return sid, server['status'], time.monotonic() - started
            time.sleep(0.05)
        return sid, 'TIMEOUT', time.monotonic() - started

    def delete(self, sid):
        self.session.delete('%s/v2.1/servers/%s' % (self.api, sid),
                            timeout=60)
        while self.session.get('%s/v2.1/servers/%s' % (self.api, sid),
                               timeout=60).status_code != 404:
            time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--api', default='http://127.0.0.1:8774')
    ap.add_argument('--network-api', default='http://127.0.0.1:9696')
    ap.add_argument('--token', default='admin:admin')
    ap.add_argument('--network', default='private')
    ap.add_argument('--image', default='cirros-fake')
    ap.add_argument('--flavor', default='1')
    ap.add_argument('-n', '--servers', type=int, default=20)
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--label', default='')
    args = ap.parse_args()
    cloud = Cloud(args.api, args.network_api, args.token)
    network = cloud.network_id(args.network)
    image = cloud.image_id(args.image)
    times, failures = [], 0
    for rnd in range(args.rounds):
        with concurrent.futures.ThreadPoolExecutor(args.servers) as pool:
            results = list(pool.map(
                lambda i: cloud.boot_and_wait(
                    'vifbench-%d-%d' % (rnd, i), image, args.flavor,
                    network, args.timeout), range(args.servers)))
            list(pool.map(cloud.delete, [sid for sid, _s, _t in results]))
        for _sid, status, took in results:
            if status == 'ACTIVE':
                times.append(took)
            else:
                failures += 1
        print('round %d: p50 %.3f s, max %.3f s' % (
            rnd + 1, statistics.median([t for _i, s, t in results]),
            max(t for _i, _s, t in results)))
    summary = {'label': args.label, 'servers': args.servers,
               'rounds': args.rounds, 'active': len(times),
               'failed': failures,
               'tta_p50': round(pct(times, 50), 3) if times else None,
               'tta_p99': round(pct(times, 99), 3) if times else None,
               'tta_max': round(max(times), 3) if times else None}
    print('time-to-ACTIVE over %d boots: p50 %s s, p99 %s s (%d failed)' % (
        len(times), summary['tta_p50'], summary['tta_p99'], failures))
    print('BENCH_JSON ' + json.dumps(summary))


if __name__ == '__main__':
    main()

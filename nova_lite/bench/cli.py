"""nova-lite-bench: boot storms and API timings against any Compute API.

    nova-lite-bench boot -k 200 -c 20 --os-cloud nova-lite --plot boot.png
    nova-lite-bench list -k 200 --url http://127.0.0.1:8774/v2.1 \
        --token admin:admin --image 155d900f-...

Scenarios: boot (K servers, C concurrent creators), boot-and-delete,
list (GET /servers/detail with K servers present), actions (stop/start/
reboot of K servers), events (POST /os-server-external-events round trip).
Each prints a table and, last, one ``BENCH_JSON {...}`` line.  Servers
are deleted at the end unless --keep.
"""

import argparse
import os
import sys
import time

from nova_lite.bench import client as bench_client
from nova_lite.bench import scenarios
from nova_lite.bench import stats


def parser():
    p = argparse.ArgumentParser(
        prog='nova-lite-bench', description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split('\n', 2)[2])
    p.add_argument('scenario', choices=sorted(scenarios.SCENARIOS))
    auth = p.add_argument_group('endpoint (one of)')
    auth.add_argument('--os-cloud', default=os.environ.get('OS_CLOUD'),
                      help='cloud of clouds.yaml (OS_CLIENT_CONFIG_FILE); '
                           'default $OS_CLOUD')
    auth.add_argument('--url', help='Compute API base URL, e.g. '
                      'http://127.0.0.1:8774/v2.1 (overrides --os-cloud)')
    auth.add_argument('--token', default='admin:admin',
                      help='X-Auth-Token with --url (noauth2: '
                           'user:project; default admin:admin)')
    p.add_argument('--microversion', default=bench_client.MICROVERSION)
    p.add_argument('-k', '--count', type=int, default=20,
                   help='servers to boot (list: present while listing)')
    p.add_argument('-c', '--concurrency', type=int, default=10,
                   help='concurrent creators / action senders')
    p.add_argument('--flavor', default='m1.tiny', help='name or id')
    p.add_argument('--image', default='cirros-fake', help='name or id')
    p.add_argument('--network', default='none',
                   help="'none', 'auto' or a network id")
    p.add_argument('--poll-interval', type=float, default=0.5)
    p.add_argument('--no-changes-since', action='store_true',
                   help='poll with full reads only')
    p.add_argument('--timeout', type=float, default=900,
                   help='seconds to wait for servers to settle')
    p.add_argument('--reps', type=int, default=20,
                   help='list/events: requests to time')
    p.add_argument('--rounds', type=int, default=1,
                   help='actions: rounds of stop/start/reboot')
    p.add_argument('--keep', action='store_true',
                   help='do not delete the servers at the end')
    p.add_argument('--plot', metavar='PNG',
                   help='boot scenarios: time-to-ACTIVE and throughput')
    p.add_argument('--label', default='', help='recorded in the JSON line')
    return p


def make_client(opts):
    if opts.url:
        return bench_client.ComputeClient(
            url=opts.url, token=opts.token, microversion=opts.microversion,
            pool=opts.concurrency + 8)
    if not opts.os_cloud:
        raise SystemExit('nova-lite-bench: --url or --os-cloud (or '
                         'OS_CLOUD) is needed')
    return bench_client.ComputeClient(
        cloud=opts.os_cloud, microversion=opts.microversion,
        pool=opts.concurrency + 8)


def run(argv=None, out=sys.stdout):
    """Run one scenario; prints the table and the JSON line, returns the
    result dict (without the storm)."""
    opts = parser().parse_args(argv)
    client = make_client(opts)
    try:
        opts.flavor_id = client.flavor_id(opts.flavor)
        opts.image_id = client.image_id(opts.image)
    except (LookupError, bench_client.APIError) as exc:
        raise SystemExit('nova-lite-bench: %s' % exc)
    started = time.time()
    result, text = scenarios.SCENARIOS[opts.scenario](client, opts)
    storm = result.pop('_storm', None)
    result.update({'scenario': opts.scenario, 'label': opts.label,
                   'endpoint': client.url, 'started_at': round(started, 3),
                   'count': opts.count, 'concurrency': opts.concurrency})
    print('== %s (%s) ==' % (opts.scenario, client.url), file=out)
    print(text, file=out)
    if opts.plot and storm is not None:
        from nova_lite.bench import plot
        plot.plot_storm(storm, opts.plot, title='%s: K=%d C=%d %s' % (
            opts.scenario, opts.count, opts.concurrency, opts.label))
        result['plot'] = opts.plot
        print('plot: %s' % opts.plot, file=out)
    print(stats.json_line(result), file=out, flush=True)
    return result


def main():
    run()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""RPC micro-benchmark: ``call`` round trip and ``cast`` rate on one broker
through three stacks, the server in a separate process each time:

* ``nova_lite`` -- nova_lite's RPC layer (nova_lite.rpc clients/servers:
  request context and object serializers, the process's transport), the
  call being the base API's ``ping`` every daemon answers;
* ``oslo`` -- plain oslo.messaging (no serializer, empty context);
* ``kombu`` -- plain kombu: a request queue, a reply queue, no framework
  (the broker round trip: the physical floor).

    python tools/bench/rpc_bench.py --calls 500 --casts 2000 \
        --url rabbit://guest:guest@127.0.0.1:5672/

Servers run like the daemons (eventlet-patched for the oslo stacks).
They declare oslo.messaging's default (non-durable) exchanges: give --url
a vhost of its own, not one where a devstack stack runs (devstack declares
its ``nova_lite`` exchange durable, and RabbitMQ refuses to redeclare an
exchange with the other durability).
Prints a table and, last, one ``BENCH_JSON {...}`` line.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, TOP)

MODES = ('kombu', 'oslo', 'nova_lite')


# -- servers (child processes) ---------------------------------------------

class Counter:
    """The endpoint of the oslo stacks: ping (call), note (cast), count."""

    def __init__(self):
        self.notes = 0

    def ping(self, context, arg):
        return arg

    def note(self, context, arg):
        self.notes += 1

    def count(self, context):
        return self.notes


def plain_conf():
    """The global ConfigOpts with oslo.messaging's own options only (its
    tracing reads the global one)."""
    from oslo_config import cfg
    cfg.CONF([], project='rpc-bench')
    return cfg.CONF


def serve_oslo(mode, url, topic):
    from nova_lite import monkey_patch
    monkey_patch.patch()
    import oslo_messaging as messaging
    target = messaging.Target(topic=topic, server='bench')
    if mode == 'nova_lite':
        from nova_lite import baserpc
        from nova_lite.cmd import common
        conf = common.setup('rpc-bench', argv=[], with_rpc=False)
        from nova_lite import rpc
        rpc.init(conf, url=url)
        endpoints = [Counter(), baserpc.BaseRPCEndpoint('rpc-bench',
                                                        'bench')]
        server = rpc.get_server(target, endpoints)
    else:
        transport = messaging.get_rpc_transport(plain_conf(), url=url)
        server = messaging.get_rpc_server(
            transport, target, [Counter()],
            access_policy=messaging.DefaultRPCAccessPolicy)
    server.start()
    print('READY', flush=True)
    parent = os.getppid()
    while os.getppid() == parent:  # green sleep: the hub keeps serving
        time.sleep(0.5)


def serve_kombu(url, topic):
    import kombu
    notes = [0]
    with kombu.Connection(url) as conn:
        queue = kombu.Queue(topic, exchange=kombu.Exchange(topic, 'direct'),
                            routing_key=topic, auto_delete=True)
        producer = conn.Producer()

        def on_message(body, message):
            kind = body['kind']
            if kind == 'note':
                notes[0] += 1
            else:
                result = notes[0] if kind == 'count' else body['arg']
                producer.publish({'result': result},
                                 routing_key=message.properties['reply_to'],
                                 correlation_id=message.properties[
                                     'correlation_id'])
            message.ack()
        with conn.Consumer(queue, callbacks=[on_message]):
            print('READY', flush=True)
            while True:
                try:
                    conn.drain_events(timeout=1)
                except TimeoutError:
                    continue
                except OSError:
                    return


# -- clients -----------------------------------------------------------------

class KombuClient:
    def __init__(self, url, topic):
        import kombu
        self.conn = kombu.Connection(url)
        self.topic = topic
        self.reply = kombu.Queue('reply-' + uuid.uuid4().hex,
                                 exclusive=True, auto_delete=True)
        self.producer = self.conn.Producer()
        self.results = {}
        self.consumer = self.conn.Consumer(self.reply,
                                           callbacks=[self._on_reply])
        self.consumer.consume()

    def _on_reply(self, body, message):
        self.results[message.properties['correlation_id']] = body['result']
        message.ack()

    def call(self, kind, arg=None):
        cid = uuid.uuid4().hex
        self.producer.publish({'kind': kind, 'arg': arg},
                              routing_key=self.topic, reply_to=self.reply.name,
                              correlation_id=cid)
        while cid not in self.results:
            self.conn.drain_events(timeout=30)
        return self.results.pop(cid)

    def ping(self, arg):
        return self.call('ping', arg)

    def note(self, arg):
        self.producer.publish({'kind': 'note', 'arg': arg},
                              routing_key=self.topic)

    def count(self):
        return self.call('count')

    def close(self):
        self.conn.release()


class OsloClient:
    def __init__(self, mode, url, topic):
        import oslo_messaging as messaging
        target = messaging.Target(topic=topic, server='bench')
        if mode == 'nova_lite':
            from nova_lite import baserpc
            from nova_lite.cmd import common
            from nova_lite import context as nl_context
            from nova_lite import rpc
            conf = common.setup('rpc-bench', argv=[], with_rpc=False)
            rpc.init(conf, url=url)
            self.context = nl_context.get_admin_context()
            self.client = rpc.get_client(target)
            base = baserpc.BaseAPI(conf, topic)
            self._ping = lambda arg: base.ping(self.context, arg,
                                               server='bench')['arg']
        else:
            transport = messaging.get_rpc_transport(plain_conf(), url=url)
            self.context = {}
            self.client = messaging.get_rpc_client(transport, target)
            self._ping = lambda arg: self.client.call(self.context, 'ping',
                                                      arg=arg)

    def ping(self, arg):
        return self._ping(arg)

    def note(self, arg):
        self.client.cast(self.context, 'note', arg=arg)

    def count(self):
        return self.client.call(self.context, 'count')

    def close(self):
        pass


def run_mode(mode, url, calls, casts):
    topic = 'rpc-bench-%s-%s' % (mode, uuid.uuid4().hex[:8])
    server = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), '--serve', mode,
         '--url', url, '--topic', topic],
        stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == 'READY'
        client = (KombuClient(url, topic) if mode == 'kombu'
                  else OsloClient(mode, url, topic))
        for i in range(20):  # warm up connections and queues
            client.ping(i)
        latencies = []
        payload = 'x' * 64
        for _ in range(calls):
            started = time.perf_counter()
            assert client.ping(payload) == payload
            latencies.append((time.perf_counter() - started) * 1000)
        base = client.count()
        started = time.perf_counter()
        for i in range(casts):
            client.note(i)
        sent = time.perf_counter() - started
        while client.count() - base < casts:
            time.sleep(0.01)
        received = time.perf_counter() - started
        client.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    latencies.sort()
    return {'mode': mode, 'calls': calls,
            'call_p50_ms': round(statistics.median(latencies), 3),
            'call_p99_ms': round(latencies[int(len(latencies) * .99) - 1], 3),
            'call_mean_ms': round(statistics.fmean(latencies), 3),
            'casts': casts,
            'cast_sent_per_s': round(casts / sent, 1),
            'cast_received_per_s': round(casts / received, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--url',
                        default='rabbit://guest:guest@127.0.0.1:5672/')
    parser.add_argument('--calls', type=int, default=500)
    parser.add_argument('--casts', type=int, default=2000)
    parser.add_argument('--modes', nargs='+', default=list(MODES),
                        choices=MODES)
    parser.add_argument('--serve', choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument('--topic', help=argparse.SUPPRESS)
    parser.add_argument('--client', choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:  # one stack per process: each parses its own config
        url = args.url.replace('rabbit://', 'amqp://') \
            if args.client == 'kombu' else args.url
        row = run_mode(args.client, url, args.calls, args.casts)
        print('ROW ' + json.dumps(row))
        return
    if args.serve == 'kombu':
        return serve_kombu(args.url.replace('rabbit://', 'amqp://'),
                           args.topic)
    if args.serve:
        return serve_oslo(args.serve, args.url, args.topic)
    rows = []
    for mode in args.modes:
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), '--client', mode,
             '--url', args.url, '--calls', str(args.calls), '--casts',
             str(args.casts)], stdout=subprocess.PIPE, text=True,
            check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1][4:]))
    print('%-10s %10s %10s %10s %12s %12s' % (
        'stack', 'call p50', 'call p99', 'call mean', 'casts sent/s',
        'received/s'))
    for row in rows:
        print('%(mode)-10s %(call_p50_ms)8.3fms %(call_p99_ms)8.3fms '
              '%(call_mean_ms)8.3fms %(cast_sent_per_s)12.1f '
              '%(cast_received_per_s)12.1f' % row)
    by_mode = {r['mode']: r for r in rows}
    result = {'rpc': rows}
    if 'oslo' in by_mode and 'nova_lite' in by_mode:
        result['nova_lite_vs_oslo_call_p50'] = round(
            by_mode['nova_lite']['call_p50_ms'] /
            by_mode['oslo']['call_p50_ms'], 3)
        print('nova_lite / oslo.messaging call p50: %.3f' %
              result['nova_lite_vs_oslo_call_p50'])
    print('BENCH_JSON ' + json.dumps(result))


if __name__ == '__main__':
    main()

"""The event sender: what each Compute API answer does to the outbox, and
the backoff between failed attempts (fake adapter, in-memory outbox)."""

from keystoneauth1 import exceptions as ks_exc
import pytest

from nova_lite.network import notifier


class FakeStore:
    def __init__(self, events):
        self.rows = [dict(e, id=i + 1) for i, e in enumerate(events)]
        self.deleted = []

    def pending(self, context, limit):
        return [dict(r) for r in self.rows[:limit]]

    def delete(self, context, ids):
        self.deleted.extend(ids)
        self.rows = [r for r in self.rows if r['id'] not in ids]


class FakeResponse:
    def __init__(self, status_code, body=None):
        self.status_code = status_code
        self._body = body
        self.text = str(body)

    def json(self):
        if self._body is None:
            raise ValueError('no JSON')
        return self._body


class FakeAdapter:
    """Answers the scripted responses (or raises scripted exceptions)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.posts = []

    def post(self, path, json=None, raise_exc=True):
        self.posts.append((path, json))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(json)
        return answer


def _event(server, name='network-vif-plugged', tag='port-1'):
    return {'server_uuid': server, 'name': name, 'tag': tag,
            'status': 'completed'}


def _sender(conf, store, *answers):
    return notifier.EventSender(conf, adapter=FakeAdapter(*answers),
                                store=store)


def test_nothing_pending_posts_nothing(conf):
    sender = _sender(conf, FakeStore([]))
    assert sender.send_pending() == notifier.IDLE
    assert sender.adapter().posts == []


def test_200_deletes_the_batch(conf):
    store = FakeStore([_event('s1'), _event('s2', tag='port-2')])
    sender = _sender(conf, store, FakeResponse(200, {'events': []}))
    assert sender.send_pending() == notifier.SENT
    path, body = sender.adapter().posts[0]
    assert path == '/os-server-external-events'
    assert body == {'events': [_event('s1'), _event('s2', tag='port-2')]}
    assert store.rows == []


def _per_event(codes):
    def answer(body):
        return FakeResponse(207, {'events': [
            dict(e, code=c) for e, c in zip(body['events'], codes)]})
    return answer


def test_207_drops_settled_events_and_keeps_the_others(conf):
    store = FakeStore([_event('ok'), _event('gone', tag='p2'),
                       _event('unhosted', tag='p3'),
                       _event('weird', tag='p4')])
    sender = _sender(conf, store, _per_event([200, 404, 422, 500]))
    assert sender.send_pending() == notifier.SENT
    assert store.deleted == [1, 2, 3]
    assert [r['server_uuid'] for r in store.rows] == ['weird']


@pytest.mark.parametrize('code', [400, 404])
def test_hopeless_answers_drop_the_batch(conf, code):
    store = FakeStore([_event('s1')])
    sender = _sender(conf, store, FakeResponse(code, {'x': 'y'}))
    assert sender.send_pending() == notifier.SENT
    assert store.rows == []


@pytest.mark.parametrize('answer', [
    FakeResponse(500), FakeResponse(503), FakeResponse(401),
    FakeResponse(403), FakeResponse(207, None),
    ks_exc.ConnectFailure('refused'), ks_exc.ConnectTimeout('slow'),
    ks_exc.EndpointNotFound('no compute'),
])
def test_failures_keep_the_events(conf, answer):
    store = FakeStore([_event('s1')])
    sender = _sender(conf, store, answer)
    assert sender.send_pending() == notifier.RETRY
    assert len(store.rows) == 1 and store.deleted == []


def test_a_full_batch_is_followed_at_once(conf):
    conf.set_override('send_events_batch_size', 2, group='network')
    store = FakeStore([_event('s%d' % i) for i in range(3)])
    sender = _sender(conf, store, FakeResponse(200), FakeResponse(200))
    assert sender.run_once() == 0
    assert len(sender.adapter().posts[0][1]['events']) == 2
    assert sender.run_once() == conf.network.send_events_interval
    assert store.rows == []


def test_backoff_doubles_up_to_the_cap_and_resets_on_success(conf):
    conf.set_override('send_events_max_backoff', 3.0, group='network')
    store = FakeStore([_event('s1')])
    sender = _sender(conf, store, *([FakeResponse(503)] * 4 +
                                    [FakeResponse(200)]))
    waits = [sender.run_once() for _ in range(5)]
    assert waits == [0.5, 1.0, 2.0, 3.0, conf.network.send_events_interval]
    assert store.rows == []
    assert len(sender.adapter().posts) == 5


def test_a_broken_outbox_backs_off_too(conf):
    class Broken(FakeStore):
        def pending(self, context, limit):
            raise RuntimeError('database away')
    sender = _sender(conf, Broken([]))
    assert sender.run_once() == 0.5
    assert sender.run_once() == 1.0


def test_backoff_sequence():
    backoff = notifier.Backoff(cap=10)
    assert [backoff.next() for _ in range(7)] == [0.5, 1, 2, 4, 8, 10, 10]
    backoff.reset()
    assert backoff.next() == 0.5


def test_defaults(conf):
    assert conf.network.send_events_interval == 0.2
    assert conf.network.send_events_max_backoff == 10.0
    assert conf.network.port == 9696
    assert conf.network.listen == '0.0.0.0'
    assert conf.nova.service_type == 'compute'

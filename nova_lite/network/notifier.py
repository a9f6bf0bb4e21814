"""The event sender: delivers the outbox to the Compute API.

Every ``[network] send_events_interval`` seconds a background thread reads
the oldest pending events (network/outbox.py, up to
``send_events_batch_size``), posts them in one ``POST
/os-server-external-events`` with the ``[nova]`` credentials, and deletes
the rows the Compute API has answered for:

* 200: all delivered;
* 207: per event ``code``: 200 delivered; 404 (server gone), 422 (server
  not on a host yet) and 400 will never succeed: logged and dropped; any
  other code is kept and retried;
* 404 overall (no server known for any event) and 400 (refused): logged
  and dropped;
* anything else (connection error, timeout, 5xx, 401, 403...): kept; the
  next attempt waits 0.5 s, doubling up to ``send_events_max_backoff``.

So an event is lost neither while the Compute API is away nor when this
daemon restarts (the outbox is in the database).  One sender per
deployment is assumed: two would both deliver a row before either deletes
it.  A duplicate is harmless anyway: the compute drops events that nobody
waits for.
"""

import threading

from keystoneauth1 import exceptions as ks_exc
from oslo_log import log as logging
from oslo_service import service as o_service

from nova_lite.conf import ksa
from nova_lite.conf import network as network_conf
from nova_lite import context as nl_context
from nova_lite.network import outbox
from nova_lite import utils

LOG = logging.getLogger(__name__)

EVENTS_PATH = '/os-server-external-events'
INITIAL_BACKOFF = 0.5
# Per-event codes after which an event is dropped: delivered, or the
# Compute API will never accept it.
_FINAL_EVENT_CODES = {200: 'delivered', 400: 'refused',
                      404: 'server not found', 422: 'server not on a host'}

# Outcomes of one round.
IDLE = 'idle'          # nothing pending
SENT = 'sent'          # a batch was answered
MORE = 'more'          # a full batch was answered: more may be waiting
RETRY = 'retry'        # the Compute API could not take it: back off


class Backoff:
    """0.5 s, 1, 2, 4... capped; :meth:`reset` after a success."""

    def __init__(self, cap, initial=INITIAL_BACKOFF):
        self.cap = cap
        self.initial = initial
        self.current = None

    def next(self) -> float:
        if self.current is None:
            self.current = min(self.initial, self.cap)
        else:
            self.current = min(self.current * 2, self.cap)
        return self.current

    def reset(self):
        self.current = None


def load_adapter(conf):
    """The keystoneauth adapter for the Compute API, from ``[nova]``."""
    return ksa.load_adapter(conf, network_conf.NOVA_GROUP)


class EventSender(o_service.Service):
    """Background delivery of the outbox (an oslo.service Service).

    ``adapter`` (anything with keystoneauth's ``post``) and ``store`` (with
    ``pending(context, limit)`` and ``delete(context, ids)``) default to
    the ``[nova]`` adapter and network/outbox.py; tests pass fakes.
    """

    def __init__(self, conf, adapter=None, store=outbox):
        super().__init__()
        self.conf = conf
        self.store = store
        self._adapter = adapter
        self._stop = threading.Event()
        self._thread = None
        self.backoff = Backoff(conf.network.send_events_max_backoff)

    # -- one round --------------------------------------------------------

    def adapter(self):
        if self._adapter is None:
            self._adapter = load_adapter(self.conf)
        return self._adapter

    def send_pending(self) -> str:
        """Post one batch; returns IDLE, SENT, MORE or RETRY."""
        context = nl_context.get_admin_context()
        limit = self.conf.network.send_events_batch_size
        events = self.store.pending(context, limit)
        if not events:
            return IDLE
        body = {'events': [_wire(e) for e in events]}
        try:
            resp = self.adapter().post(EVENTS_PATH, json=body,
                                       raise_exc=False)
        except ks_exc.ClientException as exc:
            # Connection refused, timeouts, no endpoint, failed auth...
            LOG.warning('Could not send %d port events to the Compute API '
                        '(kept for retry): %s', len(events), exc)
            return RETRY
        done = self._answered(events, resp)
        if done is None:
            return RETRY
        self.store.delete(context, [e['id'] for e in done])
        return MORE if len(done) == limit else SENT

    def _answered(self, events, resp):
        """The events the response settles, or None to retry them all."""
        code = resp.status_code
        if code == 200:
            LOG.debug('Delivered %d port events', len(events))
            return events
        if code == 207:
            return self._per_event(events, resp)
        if code in (400, 404):
            LOG.error('The Compute API answered %s to %d port events, '
                      'dropping them: %s', code, len(events),
                      _text(resp))
            return events
        LOG.warning('The Compute API answered %s to %d port events (kept '
                    'for retry): %s', code, len(events), _text(resp))
        return None

    def _per_event(self, events, resp):
        try:
            answers = resp.json()['events']
        except (ValueError, KeyError, TypeError):
            LOG.warning('Unreadable 207 answer to port events (kept for '
                        'retry): %s', _text(resp))
            return None
        codes = {}
        for answer in answers:
            key = (answer.get('server_uuid'), answer.get('name'),
                   answer.get('tag'))
            codes[key] = answer.get('code')
        done = []
        for event in events:
            code = codes.get((event['server_uuid'], event['name'],
                              event['tag']))
            if code not in _FINAL_EVENT_CODES:
                continue
            if code != 200:
                LOG.info('Dropping %s for server %s (port %s): %s',
                         event['name'], event['server_uuid'], event['tag'],
                         _FINAL_EVENT_CODES[code])
            done.append(event)
        return done

    # -- the loop ---------------------------------------------------------

    def run_once(self) -> float:
        """One round; returns the seconds to wait before the next."""
        try:
            outcome = self.send_pending()
        except Exception:
            # e.g. the database is away: same medicine as the Compute API.
            LOG.exception('Sending port events failed')
            outcome = RETRY
        if outcome == RETRY:
            return self.backoff.next()
        self.backoff.reset()
        if outcome == MORE:
            return 0
        return self.conf.network.send_events_interval

    def _run(self):
        delay = self.conf.network.send_events_interval
        while not self._stop.wait(delay):
            delay = self.run_once()

    def start(self):
        self._stop.clear()
        self._thread = utils.spawn(self._run)
        LOG.info('Port event sender started (every %ss)',
                 self.conf.network.send_events_interval)

    def stop(self, graceful=False):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        super().stop(graceful)

    def wait(self):
        if self._thread is not None:
            self._thread.join()
        super().wait()


def _text(resp):
    return (resp.text or '')[:300]


def _wire(event):
    """An outbox row as the Compute API takes it (no ``tag`` when None:
    the API's schema wants a string)."""
    wire = {'name': event['name'], 'server_uuid': event['server_uuid'],
            'status': event['status']}
    if event['tag'] is not None:
        wire['tag'] = event['tag']
    return wire

"""The network service (a Neutron v2.0 subset) and its clients.

nova-lite-network (service.py) runs three things on its own tables
(models.py, migration 0004):

* the REST API (api/): networks, subnets, ports in Neutron's shapes;
  records and their rules in db.py, address arithmetic in ipam.py;
* the RPC endpoint (manager.py, client rpcapi.py, topic ``network``):
  hosts report VIFs up and down; status.py turns that into port status
  and queues ``network-vif-*`` events in the outbox (outbox.py) in the
  same transaction;
* the event sender (notifier.py): posts the outbox to the Compute API's
  ``/os-server-external-events``.

Nova's side of the conversation: neutron.py (REST client of the API above,
used by nova-lite-api and the computes) and agent.py (the host reporting
VIFs over rpcapi.py).
"""

"""Links and paging shared by the views."""

import urllib.parse

import pecan


def base_url():
    from nova_lite.conf import CONF
    if CONF.api.public_endpoint:
        return CONF.api.public_endpoint.rstrip('/')
    return pecan.request.host_url


def links(collection, item_id, prefix='/v2.1'):
    root = base_url()
    return [
        {'rel': 'self',
         'href': '%s%s/%s/%s' % (root, prefix, collection, item_id)},
        {'rel': 'bookmark',
         'href': '%s/%s/%s' % (root, collection, item_id)},
    ]


def next_link(collection, items, limit, id_key='id'):
    """``[{'rel': 'next', ...}]`` when a full page was returned."""
    if limit is None or len(items) < limit or not items:
        return []
    params = [(k, v) for k, v in pecan.request.GET.items()
              if k != 'marker']
    params.append(('marker', items[-1][id_key]))
    return [{'rel': 'next', 'href': '%s/v2.1/%s?%s' % (
        base_url(), collection, urllib.parse.urlencode(params))}]

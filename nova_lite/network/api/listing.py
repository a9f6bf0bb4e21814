"""Collections: query-string filters, ``fields=``, sorting and pages.

``GET /v2.0/ports?device_id=X&device_id=Y&fields=id&limit=10`` — repeated
filters mean "any of"; ``fields`` narrows each item; ``limit``/``marker``
page through the collection sorted by ``sort_key`` (default ``id``), and a
full page carries a ``<collection>_links`` "next" link, as Neutron does.
Unknown filters are ignored; a filter or paging value of the wrong type
is a 400 (checked with the API's JSON schema validator).
"""

import urllib.parse

from oslo_utils import strutils
import pecan
import webob.exc

from nova_lite.api import validation

BOOLEAN = '^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0)$'
INTEGER = '^-?[0-9]+$'
PAGING = ('limit', 'marker', 'sort_key', 'sort_dir', 'page_reverse')
SORTABLE_EXTRA = ('created_at', 'updated_at')


def _strings(pattern=None, enum=None, max_items=None):
    items = {'type': 'string'}
    if pattern:
        items['pattern'] = pattern
    if enum:
        items['enum'] = list(enum)
    schema = {'type': 'array', 'items': items}
    if max_items:
        schema['maxItems'] = max_items
    return schema


class ListQuery:
    """The parsed query string of a list request."""

    def __init__(self, filters, fields, page, extra):
        self.filters = filters  # attribute -> [typed values]
        self.fields = fields    # [] means all
        self.page = page        # (sort_key, sort_dir, limit, marker)
        self.extra = extra      # special filters the controller handles

    @property
    def limit(self):
        return self.page[2]


def _schema(columns, booleans, integers, extra):
    properties = {}
    for name in list(columns) + list(extra):
        if name in booleans:
            properties[name] = _strings(BOOLEAN)
        elif name in integers:
            properties[name] = _strings(INTEGER)
        else:
            properties[name] = _strings()
    properties.update(
        fields=_strings(), limit=_strings(INTEGER, max_items=1),
        marker=_strings(max_items=1), page_reverse=_strings(BOOLEAN),
        sort_key=_strings(enum=list(columns) + list(SORTABLE_EXTRA),
                          max_items=1),
        sort_dir=_strings(enum=('asc', 'desc'), max_items=1))
    return {'type': 'object', 'properties': properties,
            'additionalProperties': True}


def _typed(name, value, booleans, integers):
    if name in booleans:
        return strutils.bool_from_string(value, strict=True)
    if name in integers:
        return int(value)
    return value


def parse(get, columns, booleans=(), integers=(), extra=()):
    """Parse ``pecan.request.GET`` against a resource's filter columns.

    ``extra``: filters the controller handles itself (returned raw, typed
    when listed in ``booleans``).
    """
    query = {key: get.getall(key) for key in get}
    validation.validate(query, _schema(columns, booleans, integers, extra))
    filters, special = {}, {}
    for name, values in query.items():
        if name in columns:
            filters[name] = [_typed(name, v, booleans, integers)
                             for v in values]
        elif name in extra:
            special[name] = [_typed(name, v, booleans, integers)
                             for v in values]
    limit = int(query['limit'][0]) if 'limit' in query else None
    if limit is not None and limit <= 0:
        limit = None
    page = (query.get('sort_key', ['id'])[0],
            query.get('sort_dir', ['asc'])[0], limit,
            query.get('marker', [None])[0])
    return ListQuery(filters, query.get('fields', []), page, special)


def collection_only(item_path):
    """POST goes to a collection: ``POST /v2.0/ports/<id>`` is a 405."""
    if item_path:
        raise webob.exc.HTTPMethodNotAllowed()


def item_id(item_path):
    """The id of ``PUT``/``DELETE /v2.0/ports/<id>``: 405 without one, 404
    for a longer path."""
    if not item_path:
        raise webob.exc.HTTPMethodNotAllowed()
    if len(item_path) > 1:
        raise webob.exc.HTTPNotFound()
    return item_path[0]


def select_fields(item, fields):
    if not fields:
        return item
    return {key: value for key, value in item.items() if key in fields}


def collection(name, items, query):
    """``{name: items}``, with a next link when the page is full."""
    body = {name: [select_fields(item, query.fields) for item in items]}
    if query.limit is not None and len(items) == query.limit and items:
        params = [(k, v) for k, v in pecan.request.GET.items()
                  if k != 'marker']
        params.append(('marker', items[-1]['id']))
        body[name + '_links'] = [{
            'rel': 'next',
            'href': '%s?%s' % (pecan.request.path_url,
                               urllib.parse.urlencode(params))}]
    return body

"""Query schemas of /os-hypervisors."""

from nova_lite.api.schemas import parameter_types as types

# 2.33 adds paging.  As in Nova, other parameters stay allowed (and
# ignored) until 2.53, which we do not serve.
index_query_v233 = {
    'type': 'object',
    'properties': {
        'limit': types.multi_value(types.non_negative_integer),
        'marker': types.multi_value({'type': 'string'}),
    },
    'additionalProperties': True,
}

"""The one validation system: JSON schema per method and microversion window.

``@validation.schema(body_schema, min_version, max_version)`` stacks on a
controller method; the request body is checked against the schema whose
window contains the request's microversion.  ``@validation.query_schema``
does the same for the query string.  A test walks every route and fails on
a body-taking method without a schema.
"""

import functools

import jsonschema
from jsonschema import exceptions as js_exc
import pecan
from oslo_serialization import jsonutils

from nova_lite import exception

_FORMAT_CHECKER = jsonschema.FormatChecker()


def _message(error):
    if error.validator == 'additionalProperties':
        # jsonschema says "Additional properties are not allowed ('x' was
        # unexpected)"; Nova answers the same sentence.
        return error.message
    path = '/'.join(str(p) for p in error.path)
    if not path:
        return error.message
    return "Invalid input for field/attribute %s. Value: %s. %s" % (
        path, error.instance if not isinstance(error.instance, (dict, list))
        else jsonutils.dumps(error.instance), error.message)


def validate(instance, schema):
    validator = jsonschema.Draft4Validator(schema,
                                           format_checker=_FORMAT_CHECKER)
    try:
        validator.validate(instance)
    except js_exc.ValidationError as error:
        # The deepest error names the field the user got wrong.
        best = js_exc.best_match(validator.iter_errors(instance)) or error
        raise exception.ValidationError(_message(best))


def request_body():
    """The parsed JSON body of the current request, or a 400."""
    raw = pecan.request.body
    if not raw:
        raise exception.Invalid('The request body is missing.')
    try:
        return jsonutils.loads(raw)
    except ValueError:
        raise exception.Invalid('Malformed request body')


def schema(body_schema, min_version=None, max_version=None):
    """Validate the body; several decorators form microversion windows."""
    def decorator(fn):
        windows = getattr(fn, '_body_schemas', [])
        if windows:
            wrapped = fn.__wrapped__
        else:
            wrapped = fn
        windows = windows + [(min_version, max_version, body_schema)]

        @functools.wraps(wrapped)
        def wrapper(self, *args, **_params):
            # pecan also offers the body's top-level keys as keyword
            # arguments; the validated ``body`` is the only input we take.
            want = pecan.request.want
            body = request_body()
            for low, high, window_schema in windows:
                if want is None or want.matches(low, high):
                    validate(body, window_schema)
                    break
            return wrapped(self, *args, body=body)
        wrapper._body_schemas = windows
        wrapper.__wrapped__ = wrapped
        return wrapper
    return decorator


def query_schema(query_schema_dict, min_version=None, max_version=None):
    """Validate ``pecan.request.GET`` (values as lists) against a schema.

    Stacked decorators form microversion windows as :func:`schema` does; a
    request in no window has its query string left unchecked (Nova: query
    parameters a version did not define are ignored).
    """
    def decorator(fn):
        windows = getattr(fn, '_query_schemas', [])
        wrapped = fn.__wrapped__ if windows else fn
        windows = windows + [(min_version, max_version, query_schema_dict)]

        @functools.wraps(wrapped)
        def wrapper(self, *args, **_params):
            # pecan offers the query parameters as keyword arguments too;
            # handlers read the validated ``pecan.request.GET`` instead.
            want = pecan.request.want
            for low, high, window_schema in windows:
                if want is None or want.matches(low, high):
                    query = {key: pecan.request.GET.getall(key)
                             for key in pecan.request.GET}
                    validate(query, window_schema)
                    break
            return wrapped(self, *args)
        wrapper._query_schemas = windows
        wrapper.__wrapped__ = wrapped
        return wrapper
    return decorator


def has_body_schema(fn):
    return bool(getattr(fn, '_body_schemas', None))

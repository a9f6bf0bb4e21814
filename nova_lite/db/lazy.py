"""SQLAlchemy and the models, imported on first use.

The object modules hold the DB side of every remotable method, so every
process imports them -- including computes and volume services, which never
touch the database (their remotable calls run on the conductor).  Importing
SQLAlchemy, oslo.db's engine facade and the models costs such a process
about 20 MiB; through these stand-ins it pays only when a query really
runs here.  ``sa.select(...)`` and ``models.Instance`` work as with the
real modules; each attribute is looked up once, then kept.
"""

import importlib


class _Deferred:
    def __init__(self, name):
        self.__dict__['_name'] = name

    def __getattr__(self, attr):
        value = getattr(importlib.import_module(self.__dict__['_name']),
                        attr)
        self.__dict__[attr] = value
        return value

    def __setattr__(self, attr, value):
        raise AttributeError('%s is a read-only stand-in for module %s' %
                             (attr, self.__dict__['_name']))


sa = _Deferred('sqlalchemy')
models = _Deferred('nova_lite.db.models')

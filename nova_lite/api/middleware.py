"""Base of our WSGI middlewares: wrap an application, built by paste."""


class Middleware:
    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

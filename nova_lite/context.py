"""The request context that travels with every API call and RPC message."""

from oslo_context import context as o_context


class RequestContext(o_context.RequestContext):
    """oslo.context's context plus the read_deleted flag our queries use.

    In a process with DB access it also carries the DB session of the
    transaction it is in (``context.session``): ``db.api.configure`` makes
    it oslo.db's transaction context provider, so processes without a
    database never import oslo.db's engine facade.
    """

    def __init__(self, read_deleted='no', **kwargs):
        super().__init__(**kwargs)
        self.read_deleted = read_deleted
        if self.is_admin is None or not self.is_admin:
            self.is_admin = 'admin' in (self.roles or [])

    def to_dict(self):
        values = super().to_dict()
        values['read_deleted'] = self.read_deleted
        return values

    @classmethod
    def from_dict(cls, values, **kwargs):
        kwargs.setdefault('read_deleted', values.get('read_deleted', 'no'))
        return super().from_dict(values, **kwargs)

    def elevated(self):
        ctx = self.from_dict(self.to_dict())
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles = list(ctx.roles) + ['admin']
        return ctx


def get_admin_context(read_deleted='no'):
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          roles=['admin'], read_deleted=read_deleted,
                          overwrite=False)

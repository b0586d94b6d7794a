"""Request context: who is calling, and the DB transaction they hold."""

from oslo_context import context
from oslo_db.sqlalchemy import enginefacade


@enginefacade.transaction_context_provider
class RequestContext(context.RequestContext):
    """oslo.context's context, plus ``is_admin`` from the policy check."""

    def __init__(self, user_id=None, project_id=None, is_admin=None,
                 roles=None, service_catalog=None, **kwargs):
        kwargs.setdefault('user_id', user_id)
        kwargs.setdefault('project_id', project_id)
        super().__init__(is_admin=bool(is_admin), roles=roles or [],
                         **kwargs)
        self.service_catalog = service_catalog or []

    def to_dict(self):
        values = super().to_dict()
        values['service_catalog'] = self.service_catalog
        return values

    @classmethod
    def from_dict(cls, values):
        values = dict(values)
        kwargs = {k: values.get(k) for k in (
            'user_id', 'project_id', 'is_admin', 'roles', 'service_catalog',
            'request_id', 'global_request_id', 'auth_token', 'read_only',
            'show_deleted', 'user_domain_id', 'project_domain_id',
            'user_name', 'project_name')}
        if not kwargs.get('user_id'):
            kwargs['user_id'] = values.get('user')
        if not kwargs.get('project_id'):
            kwargs['project_id'] = values.get('project_id') or values.get(
                'tenant')
        return cls(**{k: v for k, v in kwargs.items() if v is not None})

    def elevated(self):
        ctx = self.from_dict(self.to_dict())
        ctx.is_admin = True
        if 'admin' not in ctx.roles:
            ctx.roles = list(ctx.roles) + ['admin']
        return ctx


def get_admin_context():
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          roles=['admin'], overwrite=False)

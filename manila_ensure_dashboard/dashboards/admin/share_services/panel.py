from django.utils.translation import gettext_lazy as _
import horizon


class ShareServices(horizon.Panel):
    name = _('Share Services')
    slug = 'share_services'
    permissions = ('openstack.services.sharev2',)
    policy_rules = (('share', 'service:index'),)

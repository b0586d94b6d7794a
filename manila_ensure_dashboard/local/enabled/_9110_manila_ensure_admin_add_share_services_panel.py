# Copy to openstack_dashboard/local/enabled/ (tools/bootstrap-horizon.sh
# does): adds Admin > Share > Share Services, next to manila-ui's panels.
PANEL = 'share_services'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'share'
ADD_PANEL = ('manila_ensure_dashboard.dashboards.admin.share_services.panel.'
             'ShareServices')
ADD_INSTALLED_APPS = ['manila_ensure_dashboard']

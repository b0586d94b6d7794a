from django.urls import re_path

from manila_ensure_dashboard.dashboards.admin.share_services import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^(?P<service_id>[^/]+)/disable/$', views.DisableView.as_view(),
            name='disable'),
    re_path(r'^(?P<host>[^/]+)/runs/$', views.RunsView.as_view(),
            name='runs'),
]

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("account/erase/", views.erase, name="erase"),
    path("account/data/", views.data, name="data"),
    path("account/data/request/", views.data_request, name="data_request"),
    path("account/data/download/<str:signed>/", views.export_download, name="export_download"),
    path("staff/audit-log/", views.audit_log, name="audit_log"),
]

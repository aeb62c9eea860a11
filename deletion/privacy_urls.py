"""Public privacy pages under /privacy/ (namespace `privacy`)."""

from __future__ import annotations

from django.urls import path

from deletion import privacy_views

app_name = "privacy"

urlpatterns = [
    path("", privacy_views.request_new, name="new"),
    path("sent/", privacy_views.request_sent, name="sent"),
    path("confirm/<str:token>/", privacy_views.request_verify, name="verify"),
    path("status/", privacy_views.request_status_current, name="status_current"),
    path("status/<str:token>/", privacy_views.request_status, name="status"),
    path("export/", privacy_views.export_download_current, name="export_current"),
    path("export/<str:token>/", privacy_views.export_download, name="export"),
    path("certificates/verify/", privacy_views.certificate_verify, name="certificate_verify"),
    path("certificates/<uuid:uid>/", privacy_views.certificate_html, name="certificate"),
    path("certificates/<uuid:uid>.json", privacy_views.certificate_json, name="certificate_json"),
    path("certificates/<uuid:uid>.pdf", privacy_views.certificate_pdf, name="certificate_pdf"),
    path("processors/callback/", privacy_views.processor_callback, name="processor_callback"),
]

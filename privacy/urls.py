"""Public privacy pages under /privacy/ (namespace `privacy`)."""

from __future__ import annotations

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.request_new, name="new"),
    path("sent/", views.request_sent, name="sent"),
    path("confirm/<str:token>/", views.request_verify, name="verify"),
    path("status/", views.request_status_current, name="status_current"),
    path("status/<str:token>/", views.request_status, name="status"),
    path("export/", views.export_download_current, name="export_current"),
    path("export/<str:token>/", views.export_download, name="export"),
    path("certificates/verify/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<uuid:uid>/", views.certificate_html, name="certificate"),
    path("certificates/<uuid:uid>.json", views.certificate_json, name="certificate_json"),
    path("certificates/<uuid:uid>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("processors/callback/", views.processor_callback, name="processor_callback"),
]

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from deletion import privacy_views

handler400 = "config.errors.handler400"
handler500 = "config.errors.handler500"

admin.site.site_header = "Custos"
admin.site.site_title = "Custos"
admin.site.index_title = "Support records"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include("supportrecords.api.urls")),
    path("privacy/", include("deletion.privacy_urls")),
    path(".well-known/custos-certificate-key", privacy_views.public_key, name="certificate_public_key"),
]

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from privacy import views as privacy_views

handler400 = "config.errors.handler400"
handler500 = "config.errors.handler500"
admin.site.site_header = _("Custos")
admin.site.site_title = _("Custos")
admin.site.index_title = _("What your role can open")  # not "Support records": the auditor holds none
admin.site.empty_value_display = "—"  # one mark for "none" on every admin page (our own cells use it too)
admin.site.site_url = "/privacy/"  # "View site": the customers' privacy pages (there is no page at /)

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(static("custos/favicon.ico"))


urlpatterns = [
    path("", RedirectView.as_view(url="/privacy/", permanent=False)),  # customers arrive at their pages
    path("favicon.ico", favicon),  # browsers ask for it at the root whatever the page links
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include("supportrecords.api.urls")),
    path("privacy/", include("privacy.urls")),
    path(".well-known/custos-certificate-key", privacy_views.public_key, name="certificate_public_key"),
]

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from config.logfilters import secrets_redact
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


# A language in front of a customer's page (/zh-hans/privacy/, /zh/privacy/status/..., /en/privacy/): the page
# itself, in that language from then on (the cookie the language switcher sets). Pages keep one address each.
_LANGUAGE_PREFIXES = {"en": "en", "zh-hans": "zh-hans", "zh-cn": "zh-hans", "zh": "zh-hans"}


def _without_secret(target: str) -> str:
    """target, or its path alone where its query holds a recovery phrase or a key ("/privacy/?x=<phrase>"), or the
    privacy page where its path does: a redirect never repeats a secret in its Location."""
    if secrets_redact(target) == target:
        return target
    path = target.split("?", 1)[0].split("#", 1)[0]
    return path if secrets_redact(path) == path else "/privacy/"


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, whose redirect (to `next`, or the referring page) never repeats a secret."""
    response = i18n.set_language(request)
    if response.has_header("Location"):
        response["Location"] = _without_secret(response["Location"])
    return response


@require_safe
def language_prefixed(request: HttpRequest, language: str, rest: str) -> HttpResponseRedirect:
    target = "/privacy/" + rest
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    response = HttpResponseRedirect(_without_secret(target))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        _LANGUAGE_PREFIXES[language.lower()],
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


urlpatterns = [
    path("", RedirectView.as_view(url="/privacy/", permanent=False)),  # customers arrive at their pages
    path("favicon.ico", favicon),  # browsers ask for it at the root whatever the page links
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include("supportrecords.api.urls")),
    path("privacy/", include("privacy.urls")),
    re_path(r"^(?P<language>(?i:en|zh-hans|zh-cn|zh))/privacy/(?P<rest>.*)$", language_prefixed),
    path(".well-known/custos-certificate-key", privacy_views.public_key, name="certificate_public_key"),
]

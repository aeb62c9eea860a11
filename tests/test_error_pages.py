"""403 and 404 pages in the site's style: the admin's look on admin paths, the public pages' look elsewhere."""

from __future__ import annotations

from django.urls import reverse

from supportrecords import roles
from tests.auth import staff_login


def test_a_tampered_status_link_shows_the_public_404_page(client):
    response = client.get(reverse("privacy:status", args=["tampered.token"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find this page" in html and "Custos · customer privacy" in html
    assert "Traceback" not in html and "URLconf" not in html


def test_an_unknown_public_path_shows_the_public_404_page_in_chinese(client):
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/privacy/nothing-here/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    assert "找不到" in response.content.decode()


def test_an_admin_record_out_of_reach_shows_the_admin_404_page(client, make_user):
    staff_login(client, make_user(roles.AGENT))
    response = client.get(reverse("admin:supportrecords_ticket_change", args=[987654]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Not found, or not yours to see" in html and 'id="site-name"' in html


def test_an_admin_refusal_shows_the_admin_403_page_without_internal_text(client, make_user):
    staff_login(client, make_user(roles.AGENT))
    response = client.get(reverse("admin:deletion_purgerun_preview"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your role does not allow this" in html and 'id="site-name"' in html

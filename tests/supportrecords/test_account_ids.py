"""Exchange account ids: one normal form (supportrecords.normalise) for the API, the importers, the public privacy
form and admin search, so that invisible characters never split one account into several customers."""

from __future__ import annotations

import unicodedata
from uuid import uuid4

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from encryption.blind_index import blind_index
from encryption.services import data_key_create
from privacy.models import PrivacyRequest
from privacy.services import privacy_request_submit
from supportrecords.exceptions import CustomerAlreadyExists
from supportrecords.ingest import customer_ingest
from supportrecords.models import Customer
from supportrecords.normalise import account_id_normalise
from supportrecords.selectors import customer_get_by_account_id
from supportrecords.services import customer_create
from tests.auth import staff_login
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

FORMAT_CHARACTERS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
SPACES = ["\u00a0", "\u3000", "\u2007", "\u202f", " ", "\t"]
VARIANTS = [
    "UID12345678",
    "UID\u200b12345678",
    "\ufeffUID12345678",
    "UID12345678\u2060",
    "\u200eUID\u200f12345678\u202c",
    "UID\u202e12345678\u202c",
    "UID\u2066123\u206945678",
    "U\u00adID12345678",
    "\u00a0UID12345678\u3000",
    "ＵＩＤ１２３４５６７８",
    "uid12345678",
    "UID\u200d1234\u200c5678\u180e",
]


def _pk_of(account_id: str) -> int | None:
    found = customer_get_by_account_id(exchange_account_id=account_id)
    return found.pk if found is not None else None


@pytest.fixture
def owner(db):
    return CustomerFactory(exchange_account_id="UID12345678")


@pytest.fixture(autouse=True)
def _own_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(uuid4())}
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_invisible_variant_is_the_same_customer(owner, variant):
    assert _pk_of(variant) == owner.pk
    with pytest.raises(CustomerAlreadyExists):
        customer_create(exchange_account_id=variant, email="x@example.com", jurisdiction="eu")
    found, created = customer_ingest(  # the importers' path
        source="zendesk", external_id="z-1", exchange_account_id=variant, email="x@example.com", jurisdiction="eu"
    )
    assert (found.pk, created) == (owner.pk, False)
    assert Customer.objects.count() == 1


def test_the_stored_account_id_holds_no_invisible_character(db):
    customer = customer_create(
        exchange_account_id="\ufeffＵＩＤ\u200b７７\u00a0", email="a@example.com", jurisdiction="eu"
    )
    assert Customer.objects.get(pk=customer.pk).exchange_account_id == "UID77"


@st.composite
def _disguised(draw: st.DrawFn) -> tuple[str, str]:
    base = draw(st.from_regex(r"UID[0-9]{8}", fullmatch=True))
    chars = list(base)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        chars.insert(draw(st.integers(min_value=0, max_value=len(chars))), draw(st.sampled_from(FORMAT_CHARACTERS)))
    disguised = "".join(chars)
    if draw(st.booleans()):
        disguised = draw(st.sampled_from(SPACES)) + disguised + draw(st.sampled_from(SPACES))
    return base, disguised


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=_disguised())
def test_any_insertion_of_format_characters_maps_to_the_same_customer(db, pair):
    base, disguised = pair
    assert account_id_normalise(disguised) == account_id_normalise(base)
    customer = customer_get_by_account_id(exchange_account_id=base) or customer_create(
        exchange_account_id=base, email="h@example.com", jurisdiction="eu"
    )
    assert _pk_of(disguised) == customer.pk
    with pytest.raises(CustomerAlreadyExists):
        customer_create(exchange_account_id=disguised, email="h@example.com", jurisdiction="eu")


@pytest.mark.parametrize("account_id", ["UID 12345678", "UID\u300012345678", "UID\x0112345678", "UID\n1234", "\u200b"])
def test_ids_with_whitespace_or_control_characters_inside_are_a_400_that_does_not_echo(api, account_id):
    body = {"external_id": "u-9", "exchange_account_id": account_id, "email": "a@example.com", "jurisdiction": "cn"}
    response = api.post("/api/customers/", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["exchange_account_id"]
    assert "1234" not in response.content.decode()
    assert not Customer.objects.exists()


def test_the_api_maps_a_disguised_account_to_the_known_customer(api, integration):
    first = {"external_id": "u-1", "exchange_account_id": "UID55550000", "email": "a@example.com", "jurisdiction": "cn"}
    assert api.post("/api/customers/", first, format="json").status_code == 201
    for n, disguised in enumerate(["UID\u200b55550000", "\ufeffＵＩＤ55550000\u2060", "\u00a0UID5555\u00ad0000"]):
        body = {**first, "external_id": f"u-{n + 2}", "exchange_account_id": disguised}
        response = api.post("/api/customers/", body, format="json")
        # The same account, which this integration holds under u-1: it is told to use that id.
        assert response.status_code == 409, response.content
        assert list(response.json()) == ["exchange_account_id"]
    assert Customer.objects.count() == 1


def test_the_public_form_matches_a_disguised_account(owner, privacy_settings):
    outcome = privacy_request_submit(
        kind="access", exchange_account_id="\ufeffUID\u200b12345678\u2060", email=owner.email, language="en"
    )
    assert outcome.matched and outcome.request_id is not None
    assert PrivacyRequest.objects.get(pk=outcome.request_id).exchange_account_id == "UID12345678"


def test_the_public_form_refuses_a_space_inside_without_echoing_it(owner, privacy_settings, client):
    response = client.post(
        "/privacy/", {"kind": "access", "exchange_account_id": "UID 1234 5678", "email": owner.email, "language": "en"}
    )
    assert response.status_code == 400
    assert "UID 1234 5678" not in response.content.decode()
    assert "without spaces" in response.content.decode()


def test_admin_search_finds_a_disguised_account(owner, client, admin_user):
    staff_login(client, admin_user)
    response = client.get("/admin/supportrecords/customer/", {"q": "UID\u200b1234\u206056\u00ad78"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["cl"].result_list] == [owner.pk]


@pytest.mark.django_db(transaction=True)
def test_the_migration_reindexes_stored_account_ids_under_the_new_normal_form():
    before = [("supportrecords", "0013_i9_integration_customer_grants")]
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("supportrecords", "Customer")

    def stored(account_id: str, n: int) -> int:
        """A row as the old code wrote it: the id as typed, indexed after NFKC, strip and upper case only."""
        customer = old(
            data_key_id=data_key_create().pk,
            account_id_index=blind_index(
                namespace="account", normalised=unicodedata.normalize("NFKC", account_id).strip().upper()
            ),
            email_index=f"{n:064d}",
            jurisdiction="eu",
        )
        customer.exchange_account_id = account_id
        customer.save()
        return int(customer.pk)

    split = stored("UID\u200b31000000", 1)
    plain = stored("UID32000000", 2)
    twin_a, twin_b = stored("UID33000000", 3), stored("UID\u206033000000", 4)  # one account, two customers
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    assert _pk_of("UID31000000") == split
    assert Customer.objects.get(pk=split).exchange_account_id == "UID31000000"
    assert _pk_of("uid32000000") == plain
    assert _pk_of("UID\ufeff33000000") == twin_a
    assert Customer.objects.filter(pk=twin_b).exists()  # kept (logged by id) for staff to merge

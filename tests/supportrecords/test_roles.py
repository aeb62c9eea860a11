"""The role predicates (supportrecords/roles.py): each role, superusers, inactive users and nobody; and one call
site of each helper they replaced answers the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from deletion import services as deletion_services
from deletion.exceptions import NotPrivacyOfficer as PolicyNotPrivacyOfficer
from deletion.models import RetentionPolicy
from privacy import access as privacy_access
from privacy import services as privacy_services
from privacy.exceptions import NotComplianceOfficer
from privacy.models import PrivacyRequest, Processor
from supportrecords import roles, selectors
from supportrecords.models import IntegrationCustomerGrant
from tests.factories import CustomerFactory, TicketFactory, UserFactory

pytestmark = pytest.mark.django_db

A, S, P, C, AU = roles.AGENT, roles.SUPERVISOR, roles.PRIVACY_OFFICER, roles.COMPLIANCE_OFFICER, roles.AUDITOR
SUPERUSER = "superuser"

# predicate -> the roles it admits, and whether it admits a superuser.
EXPECTED: dict[Callable[[Any], bool], tuple[set[str], bool]] = {
    roles.is_privacy_officer: ({P}, True),
    roles.is_compliance_officer: ({C}, True),
    roles.gives_compliance_decision: ({C}, False),
    roles.reviews_privacy_requests: ({P, C}, True),
    roles.is_supervisor: ({S}, True),
    roles.works_tickets: ({A, S}, True),
    roles.sees_all_tickets: ({P, C}, True),
    roles.reads_content: ({A, S, C}, True),
    roles.user_releases_quarantine: ({C}, True),
    roles.is_active_superuser: (set(), True),
}


def _user(kind: str, *, active: bool = True) -> Any:
    if kind == SUPERUSER:
        return UserFactory(is_superuser=True, is_active=active)
    return UserFactory(role=kind, is_active=active)


@pytest.mark.parametrize("predicate", list(EXPECTED), ids=lambda p: p.__name__)
def test_each_predicate_admits_exactly_its_roles(predicate):
    admitted, superuser = EXPECTED[predicate]
    answers = {kind: predicate(_user(kind)) for kind in roles.ALL_ROLES}
    assert {kind for kind, yes in answers.items() if yes} == admitted
    assert predicate(_user(SUPERUSER)) is superuser


@pytest.mark.parametrize("predicate", list(EXPECTED), ids=lambda p: p.__name__)
def test_each_predicate_refuses_nobody_an_anonymous_visitor_and_inactive_users(predicate):
    assert predicate(None) is False
    assert predicate(AnonymousUser()) is False
    assert predicate(_user(SUPERUSER, active=False)) is False
    for kind in roles.ALL_ROLES:
        assert predicate(_user(kind, active=False)) is False


def test_user_roles_of_an_inactive_user_is_empty_though_the_group_stays():
    user = _user(C, active=False)
    assert roles.user_roles(user) == frozenset()
    assert user.groups.filter(name=C).exists()


def _request(user: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


# One call site per former helper.


def test_policies_refuse_an_inactive_privacy_officer_was_has_role():  # deletion/services.py `_has_role`
    policy = RetentionPolicy()
    with pytest.raises(PolicyNotPrivacyOfficer):
        deletion_services.retention_policy_save(policy=policy, actor=_user(P, active=False), reason="x")


def test_second_approval_refuses_a_superuser_was_is():  # deletion/privacy_services.py `_is`
    with pytest.raises(NotComplianceOfficer):
        privacy_services.privacy_request_approve_second(request_id=0, actor=_user(SUPERUSER))
    with pytest.raises(PrivacyRequest.DoesNotExist):  # the role check passed
        privacy_services.privacy_request_approve_second(request_id=0, actor=_user(C))


def test_privacy_requests_are_listed_by_officers_only_was_reviewer():  # deletion/privacy_admin.py `_reviewer`
    model_admin = admin.site._registry[PrivacyRequest]
    assert model_admin.has_view_permission(_request(_user(C)))
    assert model_admin.has_view_permission(_request(_user(SUPERUSER)))
    assert not model_admin.has_view_permission(_request(_user(A)))
    assert not model_admin.has_view_permission(_request(_user(P, active=False)))


def test_processors_are_managed_by_privacy_officers_was_officer():  # deletion/privacy_admin.py `_officer`
    model_admin = admin.site._registry[Processor]
    assert model_admin.has_module_permission(_request(_user(P)))
    assert not model_admin.has_module_permission(_request(_user(C)))


def test_privacy_officers_list_every_customer_was_sees_all_tickets():  # supportrecords/selectors.py
    ticket = TicketFactory(customer=CustomerFactory())
    assert selectors.customer_list_visible_to(user=_user(P)).filter(pk=ticket.customer_id).exists()
    assert not selectors.customer_list_visible_to(user=_user(AU)).exists()


def test_grants_are_managed_by_supervisors_was_grants_manager():  # supportrecords/admin.py `_grants_manager`
    model_admin = admin.site._registry[IntegrationCustomerGrant]
    assert model_admin.has_add_permission(_request(_user(S)))
    assert not model_admin.has_add_permission(_request(_user(A)))


def test_tipping_off_withholding_refuses_a_superuser():  # deletion/privacy_access.py, inline role checks
    with pytest.raises(NotComplianceOfficer):
        privacy_access.access_export_item_withhold(
            request_id=0, actor=_user(SUPERUSER), ticket_id=0, reason="x", tipping_off=True
        )

from __future__ import annotations

from supportrecords.selectors import customer_find_by_email, customer_get_by_account_id


def test_exact_lookup_by_email_ignores_case_and_spaces(customer):
    assert list(customer_find_by_email(email=f"  {customer.email.upper()} ")) == [customer]


def test_exact_lookup_by_account_id(customer):
    assert customer_get_by_account_id(exchange_account_id=customer.exchange_account_id.lower()) == customer
    assert customer_get_by_account_id(exchange_account_id="UID-unknown") is None


def test_blind_index_does_not_contain_the_value(customer):
    assert customer.email not in customer.email_index and len(customer.email_index) == 64

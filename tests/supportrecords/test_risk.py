from __future__ import annotations

import pytest

from supportrecords.risk import (
    ACCOUNT_TAKEOVER,
    IMPERSONATION,
    PHISHING_LINK,
    PRESSURE,
    RECOVERY_PHRASE_REQUEST,
    lookalike_reason,
    risk_assess,
)

DOMAINS = ["custos-exchange.com"]


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("custos-exchange.com", None),
        ("www.custos-exchange.com", None),
        ("example.com", None),
        ("custos-exchange.net", "tld_swap"),
        ("custosexchange.com", "hyphen"),
        ("custos--exchange.com", "hyphen"),
        ("custos-exchange-support.com", "hyphen"),
        ("cust0s-exchange.com", "homoglyph"),
        ("сustos-exchange.com", "homoglyph"),  # Cyrillic с
        ("custos-exchamge.com", "edit_distance_1"),
        ("cusots-exchange.com", "edit_distance_1"),
        ("cüstos-exchange.com".encode("idna").decode(), "punycode"),
        ("custοs-exchange.com".encode("idna").decode(), "punycode"),  # Greek omicron
        ("custos-exchange.com.login-verify.io", "embedded"),
    ],
)
def test_lookalike_reason(host, reason):
    assert lookalike_reason(host, DOMAINS) == reason


def rules(text):
    return {m.rule: m.evidence for m in risk_assess(text, exchange_domains=DOMAINS)}


def test_phishing_link_evidence_names_the_lookalike_domain():
    assert rules("please log in at https://custos-exchange.co/verify now")[PHISHING_LINK] == (
        "tld_swap: custos-exchange.co"
    )


def test_real_domain_link_is_not_flagged():
    assert PHISHING_LINK not in rules("see https://www.custos-exchange.com/help")


def test_someone_asking_for_a_recovery_phrase_english_and_chinese():
    assert rules("The agent on Telegram asked me for my seed phrase")[RECOVERY_PHRASE_REQUEST]
    assert rules("客服要求我提供助记词")[RECOVERY_PHRASE_REQUEST] == "要求我提供助记词"


def test_account_takeover_impersonation_and_pressure():
    found = rules(
        "I did not make this withdrawal! An admin contacted me on WhatsApp, "
        "and said my account will be frozen within 24 hours"
    )
    assert found[ACCOUNT_TAKEOVER] == "i did not make this withdrawal"
    assert IMPERSONATION in found
    assert PRESSURE in found


def test_evidence_masks_personal_data_swept_into_a_match():
    evidence = rules("He said: send +86 138 0013 8000 your seed phrase")[RECOVERY_PHRASE_REQUEST]
    assert evidence.startswith("send ") and evidence.endswith("seed phrase")
    assert "0013 8000" not in evidence


def test_ordinary_support_text_matches_nothing():
    assert rules("Hello, my deposit of 0.1 BTC has not arrived yet, could you check? Thanks.") == {}


@pytest.mark.parametrize(
    "text",
    [
        "请不要向任何人提供您的助记词。",
        "Please never give your seed phrase to anyone.",
        "Do not send us your recovery phrase.",
        "We will never ask for your private key, and nobody should ask you to share your seed words.",
        "切勿在任何网站输入您的私钥",
    ],
)
def test_a_warning_against_sharing_the_phrase_is_no_request_for_it(text):
    # Found from outside: every agent's routine warning raised "someone asked for the recovery phrase".
    assert RECOVERY_PHRASE_REQUEST not in [m.rule for m in risk_assess(text, exchange_domains=["example.com"])]


@pytest.mark.parametrize(
    "text",
    [
        "Please send me your seed phrase to verify the account",
        "请提供您的助记词以便核实",
        "Never mind the form, just give me your recovery phrase and I will fix it",
        "Don't worry. Send me your private key and we finish today",
    ],
)
def test_a_request_after_a_warning_or_its_own_sentence_is_still_one(text):
    assert RECOVERY_PHRASE_REQUEST in [m.rule for m in risk_assess(text, exchange_domains=["example.com"])]

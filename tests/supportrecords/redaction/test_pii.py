"""Personal data: e-mail, phone, Chinese ID, bank card, IBAN, passport; and look-alikes that are not."""

from __future__ import annotations

import pytest

from supportrecords.redaction import detect


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("My email is li.wei+test@mail.example.co.uk.", "email", "li.wei+test@mail.example.co.uk"),
        ("邮箱zhang_san@qq.com谢谢", "email", "zhang_san@qq.com"),
        ("手机13812345678", "phone", "13812345678"),
        ("我的电话是 +86 138 1234 5678。", "phone", "+86 138 1234 5678"),
        ("call me on (415) 555-0132", "phone", "(415) 555-0132"),
        ("UK mobile 07700 900123", "phone", "07700 900123"),
        ("Telefon numaram +90 532 123 45 67", "phone", "+90 532 123 45 67"),
        ("手机 5123 5619", "phone", "5123 5619"),  # Hong Kong, only with a phone word
        ("身份证号11010519491231002X", "cn_id", "11010519491231002X"),
        ("ID 110105 19491231 002x", "cn_id", "110105 19491231 002x"),
        ("卡号6222021234567890128", "bank_card", "6222021234567890128"),
        ("card 4111-1111-1111-1111 declined", "bank_card", "4111-1111-1111-1111"),
        ("amex 3782 822463 10005", "bank_card", "3782 822463 10005"),
        ("IBAN: DE89 3704 0044 0532 0130 00, thanks", "iban", "DE89 3704 0044 0532 0130 00"),
        ("refund to gb29nwbk60161331926819", "iban", "gb29nwbk60161331926819"),
        ("护照号码：E12345678", "passport", "E12345678"),
        ("my passport number is C01X00T47", "passport", "C01X00T47"),
    ],
)
def test_found(text: str, kind: str, value: str) -> None:
    assert (kind, value) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Order id 6212345678901234567 is stuck",  # Luhn-valid and card-shaped, but labelled an order
        "订单号6212345678901234567一直卡住",
        "order number 4539148803436467 was cancelled",
        "I received 13812345678 sats in total",
        "金额是15912345678印尼盾",
        "timestamp 1715512345678",
        "2024-05-12 14:32:05",
        "price 61,230.50, volume 1,234,567.89",
        "my app version is 7.3.0 (7301)",
        "ticket 20240512000123 updated",
        "UID 100234567",
        "room 1203, building 5",
        "验证码846213",
        "身份证11010519491231002Y",  # wrong check character
        "19491331 is not a date in 11010519491331002X",
        "DE89 3704 0044 0532 0130 01",  # mod-97 fails
        "the passport photo was blurry",
        "this is not an email: hello-world here",
        "4012-8888-8888-1882",  # Luhn fails
    ],
)
def test_not_found(text: str) -> None:
    assert _found(text) == []

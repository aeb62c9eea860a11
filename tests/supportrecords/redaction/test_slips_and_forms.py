"""Slips of the keyboard inside a recovery phrase (a word hyphenated at a line break, a space typed inside a word,
a space left out between two), and personal data in the forms the red team wrote from outside: a card grouped
with slashes or read out in three groups, an e-mail with "-at-" for "@", a resident id masked as it was
grouped. Generated over languages with a seeded generator; prose with the same slips stays as written."""

from __future__ import annotations

import random
import unicodedata

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect, mask, redact
from supportrecords.redaction.bip39 import _respaced

LANGUAGES = ("english", "spanish", "french", "italian", "czech", "portuguese", "turkish")
CASES = 40
LEAD_INS = ("", "hi, here are my words: ", "Hello support team I wrote down these words ", "please help ")
TAILS = ("", " thanks", ". What now?")


def _found(text: str, kind: str) -> list[str]:
    """The values of kind that detect() finds in text."""
    return [text[f.start : f.end] for f in detect(text) if f.kind == kind]


def _phrase(rng: random.Random, language: str) -> list[str]:
    entropy = bytes(rng.getrandbits(8) for _ in range(rng.choice((16, 32))))
    return [unicodedata.normalize("NFC", w) for w in Mnemonic(language).to_mnemonic(entropy).split()]


def _hyphenated(rng: random.Random, words: list[str]) -> list[str]:
    i = rng.choice([k for k, w in enumerate(words) if len(w) >= 4])
    cut = rng.randrange(2, len(words[i]) - 1)
    line_break = rng.choice(["\n", "\r\n", " \n"])
    return [*words[:i], words[i][:cut] + "-" + line_break + words[i][cut:], *words[i + 1 :]]


def _space_inside(rng: random.Random, words: list[str]) -> list[str]:
    i = rng.choice([k for k, w in enumerate(words) if len(w) >= 6])
    cut = rng.randrange(3, len(words[i]) - 2)
    return [*words[:i], words[i][:cut], words[i][cut:], *words[i + 1 :]]


def _space_dropped(rng: random.Random, words: list[str]) -> list[str]:
    i = rng.randrange(len(words) - 1)
    return [*words[:i], words[i] + words[i + 1], *words[i + 2 :]]


@pytest.mark.parametrize("slip", [_hyphenated, _space_inside, _space_dropped], ids=lambda f: f.__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phrase_with_a_slip_of_the_keyboard_is_redacted(slip, language: str) -> None:
    rng = random.Random(f"{slip.__name__}-{language}")
    for _ in range(CASES):
        words = slip(rng, _phrase(rng, language))
        text = rng.choice(LEAD_INS) + " ".join(words) + rng.choice(TAILS)
        redacted = redact(text)
        assert "[REDACTED:seed_phrase]" in redacted, text
        # Nothing of the phrase's middle is left.
        rest = redacted.replace("[REDACTED:seed_phrase]", " ")
        assert not any(w in rest for w in words[2:-2] if len(w) >= 5), (text, redacted)


def _with_pair(rng: random.Random, english: Mnemonic, pair: tuple[str, str]) -> list[str]:
    """A valid 12-word phrase holding pair as two consecutive words (the last word chosen for the checksum)."""
    while True:
        words = english.generate(128).split()
        at = rng.randrange(10)
        words[at : at + 2] = pair
        for last in rng.sample(english.wordlist, len(english.wordlist)):
            if english.check(" ".join([*words[:11], last])):
                return [*words[:11], last]


def test_two_words_of_a_phrase_that_make_a_third_are_still_the_phrase() -> None:
    # "car pet" reads as "carpet" too: the phrase as typed must still be found, every word of it.
    rng = random.Random(7)
    english = Mnemonic("english")
    for pair in [("car", "pet"), ("art", "work"), ("bar", "gain"), ("cup", "board"), ("just", "ice")]:
        for _ in range(5):
            words = _with_pair(rng, english, pair)
            text = "my recovery words are " + " ".join(words) + " ok?"
            redacted = redact(text)
            assert redacted.startswith("my recovery") and redacted.endswith("[REDACTED:seed_phrase] ok?"), text
            assert not set(words) & set(redacted.split()), redacted


def test_prose_wrapped_with_hyphens_stays() -> None:
    text = (
        "Thanks for the quick reply. The with-\ndrawal to my wallet is still pending after two days and the well-\n"
        "known status page shows no incident. Could you check the trans-\naction and let me know?"
    )
    assert detect(text) == []
    assert redact(text) == text


def test_respacing_mends_only_beside_wordlist_words() -> None:
    vocabulary = {"key": 1, "goose": 1, "segment": 1, "abandon": 1, "ability": 1}
    tokens = [(0, 3, "abc"), (4, 7, "seg"), (8, 12, "ment"), (13, 20, "abandon"), (21, 29, "keygoose")]
    respaced, mended = _respaced(tokens, vocabulary)
    assert [t[2] for t in respaced] == ["abc", "segment", "abandon", "key", "goose"]
    assert respaced[1][:2] == (4, 12) and respaced[3][:2] == (21, 24) and respaced[4][:2] == (24, 29)
    assert mended == [1, 3]
    # Far from any wordlist word nothing is mended.
    lonely = [(0, 3, "seg"), (4, 8, "ment"), (9, 12, "xyz"), (13, 16, "qqq")]
    assert _respaced(lonely, vocabulary) == (lonely, [])


# --- personal data in the forms found from outside -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my card is 4111/1111/1111/1111 thanks", "4111/1111/1111/1111"),
        ("card 4111 111111 111111 please", "4111 111111 111111"),
        ("amex 3782 822463 10005 ok", "3782 822463 10005"),
        ("UnionPay 6212/3456/7890/1234/569", "6212/3456/7890/1234/569"),
    ],
)
def test_cards_grouped_with_slashes_or_in_three_groups(text: str, value: str) -> None:
    assert _found(text, "bank_card") == [value]
    assert mask("bank_card", value).replace(" ", "").endswith(value.replace("/", "").replace(" ", "")[-4:])


@pytest.mark.parametrize(
    "text",
    [
        "paid on 12/05/2026 and 13/05/2026",
        "ratio 4111/1111/1111/1112 is no card",  # fails Luhn
        "see page 1/2/3/4",
        "4111 111111 111112",  # fails Luhn
    ],
)
def test_slashed_numbers_that_are_no_card_stay(text: str) -> None:
    assert _found(text, "bank_card") == []


@pytest.mark.parametrize(
    ("text", "value", "masked"),
    [
        ("mail me john-at-gmail.com", "john-at-gmail.com", "j***@gmail.com"),
        ("mail me john_at_gmail_dot_com", "john_at_gmail_dot_com", "j***@gmail.com"),
        ("contact: li.wei-at-qq.com", "li.wei-at-qq.com", "l***@qq.com"),
        ("write to wei -at- example -dot- com", "wei -at- example -dot- com", "w***@example.com"),
        ("MAIL: JOHN-AT-GMAIL.COM", "JOHN-AT-GMAIL.COM", "J***@GMAIL.COM"),
    ],
)
def test_emails_with_at_between_dashes(text: str, value: str, masked: str) -> None:
    assert _found(text, "email") == [value]
    assert mask("email", value) == masked


@pytest.mark.parametrize(
    "text",
    [
        "I am a stay-at-home.com dad",
        "look-at-me.com is a site",
        "a state-of-the-art app",
        "meet-at-noon.org",
        "the over-the-counter desk",
    ],
)
def test_dashed_at_in_prose_stays(text: str) -> None:
    assert _found(text, "email") == []


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110101-19900307-7715", "110***-********-7715"),
        ("110101 1990 0307 7715", "110*** **** **** 7715"),
        ("11010519491231002x", "110***********002X"),
    ],
)
def test_resident_id_masked_as_grouped(value: str, masked: str) -> None:
    assert mask("cn_id", value) == masked
    text = f"身份证 {value}"
    assert _found(text, "cn_id") == [value]


# --- a phrase typed in two halves with prose between ---------------------------------------------------------

HALF_LAYOUTS = (
    ("the first half is ", " and then the second half is "),
    ("first six words ", ", and the last six are "),
    ("", " ... sorry, the rest: "),
    ("words ", "\n\nand the second line of my card says "),
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phrase_in_two_halves_with_prose_between_is_redacted(language: str) -> None:
    rng = random.Random(f"halves-{language}")
    missed = []
    for _ in range(CASES):
        words = _phrase(rng, language)
        half = len(words) // 2
        before, between = rng.choice(HALF_LAYOUTS)
        text = before + " ".join(words[:half]) + between + " ".join(words[half:]) + rng.choice(TAILS)
        rest = redact(text).replace("[REDACTED:seed_phrase]", " ").split()
        layout = (before + between).split()
        if any(w in rest and w not in layout for w in words[1 : half - 1] + words[half + 1 : -1]):
            missed.append(text)
    # A prose word that is also a wordlist word may stand at both ends of a half and between its words; the
    # rest are found.
    assert len(missed) <= CASES // 20, missed


@pytest.mark.parametrize(
    "text",
    [
        "Please check again, you have the wrong amount on that order can you check again? they sent the wrong "
        "amount to that address today",
        "Thank you for reporting it, we have blocked that account please check that you have the right address, "
        "then try again Thank you for reporting it, we have blocked that account",
        "I made a deposit of bitcoin last month and the balance shows zero now, also the withdrawal to my bank "
        "account failed twice this morning and the support chat closed before I could finish",
    ],
)
def test_prose_with_wordlist_words_in_two_stretches_stays(text: str) -> None:
    assert _found(text, "seed_phrase") == []


def test_a_text_of_line_breaks_is_mended_within_its_budget() -> None:
    # A hostile text of hyphenated words: the first _MENDED_BREAKS breaks are mended, the rest read as written,
    # and a phrase hyphenated near the start is still found.
    from supportrecords.redaction import variants

    rng = random.Random(3)
    english = Mnemonic("english").wordlist
    words = _hyphenated(rng, _phrase(rng, "english"))
    filler = " ".join(w[:2] + "-\n" + w[2:] for w in (rng.choice(english) for _ in range(3 * variants._MENDED_BREAKS)))
    text = "my words " + " ".join(words) + "\n\n" + filler
    reading = variants.dehyphenated(text)
    assert reading is not None
    assert reading.text.count("-\n") == text.count("-\n") - variants._MENDED_BREAKS
    assert "[REDACTED:seed_phrase]" in redact(text)[:400]


def _katakana(word: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in word)


@pytest.mark.parametrize("separator", [" ", "\u3000", "、", "\n"])
def test_a_japanese_phrase_typed_in_katakana_is_redacted(separator: str) -> None:
    rng = random.Random(f"katakana-{separator}")
    for _ in range(CASES):
        words = [_katakana(w) for w in _phrase(rng, "japanese")]
        text = "リカバリーフレーズ：" + separator.join(words)
        assert "[REDACTED:seed_phrase]" in redact(text), text
        assert not any(w in redact(text) for w in words[1:-1])


def test_katakana_prose_stays() -> None:
    text = "ハンバーガー ビール テレビ ゲーム スマホ パソコン ラーメン カレー コーヒー ジュース ケーキ パン"
    assert detect(text) == []


@pytest.mark.parametrize(
    ("text", "value", "masked"),
    [
        ("IBAN DE 89 3704 0044 0532 0130 00 thanks", "DE 89 3704 0044 0532 0130 00", "DE89 **** **** **** **30 00"),
        ("iban: de 89 370400440532013000", "de 89 370400440532013000", "DE89 **** **** **** **30 00"),
        ("DE89.3704.0044.0532.0130.00", "DE89.3704.0044.0532.0130.00", "DE89 **** **** **** **30 00"),
        ("iban: GB82-WEST-1234-5698-7654-32", "GB82-WEST-1234-5698-7654-32", "GB82 **** **** **** **54 32"),
        ("IBAN DE89 3704 00440532 013000 thanks", "DE89 3704 00440532 013000", "DE89 **** **** **** **30 00"),
    ],
)
def test_ibans_with_a_space_after_the_country_or_dots(text: str, value: str, masked: str) -> None:
    assert _found(text, "iban") == [value]
    assert mask("iban", value) == masked


@pytest.mark.parametrize(
    "text",
    [
        "DE 89 3704 0044 0532 0130 01",  # fails mod 97
        "see AB 12.3456.7890.1234",  # no such country
        "version DE 1.2.3.4.5.6.7.8.9",
    ],
)
def test_iban_shaped_text_that_is_no_iban_stays(text: str) -> None:
    assert _found(text, "iban") == []


# --- found from outside (red team, session of 2026-12-06 evening) ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "month ca se flower sight police spell oblige toward ball ticket foster fatal",
        "raise equip access hazard di sh senior identify render message expand radar asthma",
        "hawk avocado se at chief produce later cat fly nature trip horror wage",
        "ro se season funny habit volume trick poem co de echo lawn champion kiwi",
        "orphanlottery enough dice kingdom spring us ual iron kit fan cash cream",
        "marea rencor anemia goma melón amor ruidoofertapermiso árbol pleito tiempo",
        "insonna estroso dinamico dormire corredo musaglutine vile civetta retina bandire sfratto",
        "escena roce menor divino champúbrisa rosa cariño tres fibra mapacañón",
    ],
)
def test_short_pieces_two_slips_and_three_words_run_together(text: str) -> None:
    assert redact(text) == "[REDACTED:seed_phrase]"


def _two_slips(rng: random.Random, words: list[str]) -> list[str]:
    first = rng.choice((_space_inside, _space_dropped, _hyphenated))
    second = rng.choice((_space_inside, _space_dropped))
    return second(rng, first(rng, words))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phrase_with_two_slips_is_mostly_redacted(language: str) -> None:
    rng = random.Random(f"two-slips-{language}")
    missed = []
    for _ in range(CASES):
        words = _two_slips(rng, _phrase(rng, language))
        text = rng.choice(LEAD_INS) + " ".join(words) + rng.choice(TAILS)
        if "[REDACTED:seed_phrase]" not in redact(text):
            missed.append(text)
    # A slip that leaves a piece which is itself a wordlist word of another list ("oso" in "osolit") can be
    # mended the wrong way when a second slip is next to it.
    assert len(missed) <= CASES // 10, missed


def _katakana_long(word: str, rng: random.Random) -> str:
    """word (hiragana) in katakana, a vowel that lengthens the kana before it written as ー, as loanwords are."""
    out: list[str] = []
    for i, char in enumerate(word):
        before = unicodedata.name(word[i - 1]) if i else ""
        lengthens = (char == "う" and before.endswith(("O", "U"))) or (char == "い" and before.endswith(("E", "I")))
        out.append("ー" if lengthens and rng.random() < 0.7 else char)
    return _katakana("".join(out))


def test_katakana_with_the_long_vowel_mark_is_the_phrase() -> None:
    rng = random.Random(9)
    for _ in range(CASES):
        words = [_katakana_long(w, rng) for w in _phrase(rng, "japanese")]
        text = "\u3000".join(words)
        assert redact(text) == "[REDACTED:seed_phrase]", text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("card 6208 / 9029 / 2963 / 0378", "6208 / 9029 / 2963 / 0378"),
        ("card 2221_6475_4964_7862", "2221_6475_4964_7862"),
    ],
)
def test_cards_with_spaced_slashes_or_underscores(text: str, value: str) -> None:
    assert _found(text, "bank_card") == [value]


@pytest.mark.parametrize(
    "text", ["tracking no. 5670 100017 326642", "parcel 4111111111111111", "快递单号 5670100017326642"]
)
def test_tracking_numbers_are_no_cards(text: str) -> None:
    assert _found(text, "bank_card") == []


@pytest.mark.parametrize(
    "text",
    [
        "Update: Case 502692354174169721 is still open.",
        "Hello team, (TXN 5063-8392-624)",
        '"orderId":17523168360,',
        '{"tradeNo": "4111111111111111"}',
        "申請番号：4600620150139、まだ着金していません。",
        "주문번호: 30766128368503",
        "申诉号 13812345678 还没有回复",
        "request id 4111 1111 1111 1111",
        "Hi, I opened Statement 7132-5799-506 a week ago.",
        "Please check Dispute 6009-1768-151.",
        "Following up on Confirmation 7618-2538-428, thanks.",
        "Gift card 86815168652336 is still open",
        # ranges: two numbers with a spaced dash
        "Statement needed periods: 6.2024 - 2.2024, 12.2024 - 7.2024 thanks",
        "My trades price range 32,559.02 - 0.993522 are missing.",
        "BTC was trading 28212 - 31591 that day",
    ],
)
def test_references_labelled_as_such_are_no_cards_or_phones(text: str) -> None:
    # Found from outside (a red team's generated support messages): case, TXN, camelCase JSON keys and the
    # Japanese, Korean and Chinese words for an application or order number are labels too.
    assert [f.kind for f in detect(text) if f.kind in ("bank_card", "phone")] == []


@pytest.mark.parametrize(
    "text",
    [
        "my phone no. 07700 900123",
        "電話番号：090-1234-5678",
        "전화번호 010-1234-5678",
        "手机号 13812345678",
        "call my wife in case 07700 900123 is busy",
    ],
)
def test_a_phone_labelled_as_a_phone_is_still_one(text: str) -> None:
    assert "phone" in [f.kind for f in detect(text)]


@pytest.mark.parametrize("language", ("english", "spanish", "czech"))
def test_halves_split_unevenly_far_apart_or_in_a_long_message(language: str) -> None:
    rng = random.Random(f"halves-far-{language}")
    story = "I have been a customer since 2019 and never had problems until last week when the app updated. "
    missed = []
    for _ in range(CASES):
        words = _phrase(rng, language)
        cut = rng.choice((4, 8)) if len(words) == 12 else len(words) // 2
        gap = rng.choice(
            (
                " and then the second half is ",
                " (I keep the other half in a drawer at my parents house, I went there yesterday to copy it) ",
            )
        )
        text = rng.choice(("", story * 12)) + " ".join(words[:cut]) + gap + " ".join(words[cut:])
        if "[REDACTED:seed_phrase]" not in redact(text):
            missed.append(text[-300:])
    assert len(missed) <= CASES // 20, missed


def test_a_mend_counts_where_nothing_was_found_yet() -> None:
    # "wid e": the phrase as typed is found from "e" on; the mended "wide" is where nothing was found, so the
    # phrase is read again from there. "car pet" inside a phrase found as typed does not stretch it (above).
    text = "wid e whip common into want clever flat harvest coconut city balcony online please help!!"
    assert redact(text) == "[REDACTED:seed_phrase]!!"

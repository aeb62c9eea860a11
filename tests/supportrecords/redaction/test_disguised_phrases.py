"""Recovery phrases written to slip past a word-by-word search: words joined or in CamelCase, "and" between them,
numbered in any layout (two columns too), combining marks over the letters, two typos, and contiguous Chinese
with its context in the message, in quotes or in the agent's question. Each is redacted whole; ordinary text stays
unflagged, Chinese prose included (a Chinese sentence is a run of wordlist characters: without context, quotes or a
line of its own a contiguous run is not a finding, see docs/decisions.md)."""

from __future__ import annotations

import random
import time
import unicodedata
from collections import Counter

import pytest
from mnemonic import Mnemonic

from bench.phrase_cases import DISGUISES, disguised_case, missed_words
from supportrecords.redaction import detect

WORDS = Mnemonic("english").to_mnemonic(bytes(range(100, 116))).split()
ZH = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(100, 116))).replace(" ", "")
ZH_TRADITIONAL = Mnemonic("chinese_traditional").to_mnemonic(bytes(range(200, 232))).replace(" ", "")


def _covered(text: str, phrase_words: list[str], previous: tuple[str, ...] = ()) -> bool:
    """Whether every phrase word (found in text in order) lies inside a seed_phrase finding."""
    spans = [(f.start, f.end) for f in detect(text, previous=previous) if f.kind == "seed_phrase"]
    pos = 0
    for word in phrase_words:
        start = text.index(word, pos)
        pos = start + len(word)
        if not any(s <= start and pos <= e for s, e in spans):
            return False
    return True


def _typo(word: str) -> str:
    return word[:2] + word[3] + word[2] + word[4:] if len(word) > 4 else word + word[-1]


@pytest.mark.parametrize(
    ("name", "text", "parts"),
    [
        ("joined", "my words are " + "".join(WORDS) + " thanks", ["".join(WORDS)]),
        ("camel", "backup: " + "".join(w.capitalize() for w in WORDS), ["".join(w.capitalize() for w in WORDS)]),
        ("camel 4 letters", "".join(w[:4].capitalize() for w in WORDS), ["".join(w[:4].capitalize() for w in WORDS)]),
        ("and", " and ".join(WORDS), WORDS),
        ("comma and", ", ".join(WORDS[:-1]) + ", and " + WORDS[-1], WORDS),
        ("word n is", "ok so " + ", ".join(f"word {i} is {w}" for i, w in enumerate(WORDS, 1)), WORDS),
        ("paren", " ".join(f"{i}) {w}" for i, w in enumerate(WORDS, 1)), WORDS),
        ("lines", "\n".join(f"{i}. {w}" for i, w in enumerate(WORDS, 1)), WORDS),
        (
            "two columns",
            "\n".join(f"{i:>2} {WORDS[i - 1]:<16}{i + 6:>2} {WORDS[i + 5]}" for i in range(1, 7)),
            [w for i in range(6) for w in (WORDS[i], WORDS[i + 6])],
        ),
        (
            "combining marks",
            " ".join(unicodedata.normalize("NFD", w[0] + "\u0301" + w[1:]).replace("b", "b\u0301") for w in WORDS),
            [unicodedata.normalize("NFD", w[0] + "\u0301" + w[1:]).replace("b", "b\u0301") for w in WORDS],
        ),
        ("strike-through", " ".join("\u0336".join(w) + "\u0336" for w in WORDS), ["\u0336".join(w) for w in WORDS]),
        ("dot below", " ".join(w[0] + "\u0323" + w[1:] for w in WORDS), [w[0] + "\u0323" + w[1:] for w in WORDS]),
        ("stroke letters", " ".join(w.replace("o", "ø").replace("d", "đ") for w in WORDS), []),
        (
            "two typos",
            "hi, here: " + " ".join(_typo(w) if i in (2, 7) else w for i, w in enumerate(WORDS)) + " thanks",
            [_typo(w) if i in (2, 7) else w for i, w in enumerate(WORDS)],
        ),
        ("han glued", "我的助记词是" + ZH + "谢谢", [ZH]),
        ("han glued, traditional", "你好，助記詞" + ZH_TRADITIONAL + "麻煩盡快處理", [ZH_TRADITIONAL]),
        ("han quoted, context after", "「" + ZH + "」这是我钱包的助记词", [ZH]),
    ],
)
def test_disguised_phrase_is_redacted_whole(name: str, text: str, parts: list[str]) -> None:
    found = [f for f in detect(text) if f.kind == "seed_phrase"]
    assert found, name
    assert _covered(text, parts), name


def test_glued_han_phrase_answering_the_agents_question_is_redacted() -> None:
    assert _covered(ZH, [ZH], previous=("请提供您的助记词，我们帮您核实。",))
    assert _covered("好的" + ZH, [ZH], previous=("请提供您的助记词，我们帮您核实。",))


@pytest.mark.parametrize(
    "text",
    [
        "此工单现为安全事件，请立即把资产转到新钱包，旧钱包已不再安全，我们不会向您索要任何密码。",
        "您好，我们已收到您的申请，审核通过后资金会在一个工作日内到账，如有疑问请随时联系我们，谢谢您的耐心",
    ],
)
def test_chinese_prose_is_not_a_phrase_even_after_a_generic_question(text: str) -> None:
    assert not [f for f in detect(text, previous=("请问还有什么可以帮您?",)) if f.kind == "seed_phrase"]


@pytest.mark.parametrize(
    "text",
    [
        "为什么我的仓位在凌晨两点被强平了？根据监管要求需要定期复核，客服会在二十四小时内通过邮件联系您",
        "请在应用里冻结该卡并申请补办，验证码十分钟内有效，我们已经将您的问题升级给相关团队处理",
        "我想问一下提现为什么一直没有到账，已经等了三天了，麻烦帮我查一下是什么原因，谢谢你们",
        "Step 1 open the app 2 tap settings 3 choose security 4 enable two factor 5 save",
        "Order 1 shipped, order 2 pending, order 3 cancelled, order 4 refunded and order 5 lost",
        "Please see https://example.com/docs/gettingstartedwithyouraccountverificationandsecurity for help",
        "Supercalifragilisticexpialidociousnessisnotawordyouneedtoworryabout",
    ],
)
def test_ordinary_text_is_not_a_phrase(text: str) -> None:
    assert not [f for f in detect(text) if f.kind == "seed_phrase"]


def test_generated_disguised_phrases_are_redacted_whole() -> None:
    rng = random.Random(81)  # noqa: S311 - reproducible test data
    seen: Counter[str] = Counter()
    misses = []
    for i in range(600):
        disguise = DISGUISES[i % len(DISGUISES)]
        case = disguised_case(rng, disguise)
        seen[disguise] += 1
        found = [(f.kind, f.start, f.end) for f in detect(case.text, previous=case.previous)]
        if missed_words(case, found):
            misses.append((disguise, case.language, len(case.words)))
    assert set(seen) == set(DISGUISES)
    assert misses == []


@pytest.mark.parametrize(
    "text",
    [
        "".join(random.Random(1).choice(Mnemonic("english").wordlist) for _ in range(20_000))[:100_000],
        "助记词：" + "".join(random.Random(2).choice(Mnemonic("chinese_simplified").wordlist) for _ in range(100_000)),
        " ".join(f"{i % 24 + 1}) {w}" for i, w in enumerate(Mnemonic("english").wordlist * 6))[:100_000],
    ],
    ids=["joined letters", "glued han", "numbered"],
)
def test_a_100_kb_disguised_text_is_scanned_with_bounded_work(text: str) -> None:
    # Generous against a loaded CI machine: bench/bench_phrases.py measures the < 50 ms bound itself.
    detect(text)
    started = time.process_time()
    found = detect(text)
    assert time.process_time() - started < 0.5
    assert any(f.kind == "seed_phrase" for f in found)


@pytest.mark.parametrize("lead", ["urgent: ", "URGENT ", "arrived ", "urgent please help "])
def test_a_word_valid_in_another_wordlist_before_the_phrase_stays(lead: str) -> None:
    # "urgent" is one edit from French "argent", "arrived" from "arrive": the English phrase after them is redacted
    # whole, the lead word is not part of it.
    text = lead + " ".join(WORDS) + " thanks"
    spans = [(f.start, f.end) for f in detect(text) if f.kind == "seed_phrase"]
    assert _covered(text, WORDS)
    assert all(start >= len(lead.rstrip(": ")) for start, _ in spans)


@pytest.mark.parametrize("letter", ["x", "a", "é"])
def test_a_long_run_of_one_letter_is_not_a_phrase(letter: str) -> None:
    assert not [f for f in detect(letter * 90_000) if f.kind == "seed_phrase"]


# Cases the generator found (bench/bench_phrases.py), kept as they were drawn.
@pytest.mark.parametrize(
    ("text", "previous", "phrase"),
    [
        (  # a chance-valid 15-word window inside an 18-word phrase whose first word is a 3-letter typo (nse: use)
            "transaction backup me these screen have funds that me my\nnse future cricket shuffle matrix theme"
            " nature method able tooth buffalo foster zone catch trend amazing believe damp. check",
            (),
            "nse future cricket shuffle matrix theme nature method able tooth buffalo foster zone catch trend"
            " amazing believe damp",
        ),
        (  # typos that are wordlist prefixes (shie, tenn): a chance window, the first word left before it
            ": lend swift remind ankle draw blade civil olive rhythm clip shie tenn height scissors frown sing dice"
            " notice\ncode my the words since kindly",
            (),
            "lend swift remind ankle draw blade civil olive rhythm clip shie tenn height scissors frown sing dice"
            " notice",
        ),
        (  # the misspelt first word right before a chance-valid window, eight words of the phrase after it
            "me\nhuudle, spray, define, album, gossip, thing, artwork, aler, common, latin, resemble, action, bottom,"
            " frog, neck, possible, success, rather\nkindly code not",
            (),
            "huudle spray define album gossip thing artwork aler common latin resemble action bottom frog neck"
            " possible success rather",
        ),
        (  # two overlapping chance windows; the phrase's first word outside both
            "email thanks: simple facile lege vampire mechant estime illusion concert coyote casque insecte riviere"
            " cubique pruneau polaire pouvoir voile langage alerte silicium exulter. wrote hello I",
            (),
            "simple facile lege vampire mechant estime illusion concert coyote casque insecte riviere cubique pruneau"
            " polaire pouvoir voile langage alerte silicium exulter",
        ),
        (  # a 3-letter typo of a 4-letter word (fio: fino) first
            "backup paper screen hello: fio, difuso, polvilho, cosseno, implante, nublado, repelir, laxante, manivela,"
            " bagagem, baronesa, forno, copo, pintar, amarelo, evidente, lorde, brilho, fundar, busto, germinar,"
            " tensor, defumar, glacial deposit",
            (),
            "fio difuso polvilho cosseno implante nublado repelir laxante manivela bagagem baronesa forno copo pintar"
            " amarelo evidente lorde brilho fundar busto germinar tensor defumar glacial",
        ),
        (  # the misspelt first word of 15, then a 12-word window valid by chance and 2 wordlist words after it
            "yesterday broken check yet not not phone: refogtr, reaver, farofa, alameda, bacia, agora, avental,"
            " talvez, axila, textura, infantil, agulha, bairro, chutar, tatuagem arrived status I team check access",
            (),
            "refogtr reaver farofa alameda bacia agora avental talvez axila textura infantil agulha bairro chutar"
            " tatuagem",
        ),
        (  # the same in Spanish, space-separated
            "arrived segra toga rato quince pina dificil cine piton evadir ensenar limon cuadro marido fallo pomelo\n"
            "broken screen",
            (),
            "segra toga rato quince pina dificil cine piton evadir ensenar limon cuadro marido fallo pomelo",
        ),
        (  # contiguous Chinese glued inside a long run of prose, the agent's question as context
            "手机坏了谢谢你们我的钱包打不开了壞為晉內億灘產隸鉛築擦繪定雅訓科彭梯富題喪旁試刀谢谢你们我的钱包打不开了",
            ("请提供您的助记词，我们帮您核实。",),
            "壞為晉內億灘產隸鉛築擦繪定雅訓科彭梯富題喪旁試刀",
        ),
        (  # the context word glued to the phrase in the same run
            "是不是这些你好是不是这些我的助记词是下望奇賞緩樹見秧集得鹽氨兼將暢典為今谢谢你们手机坏了",
            (),
            "下望奇賞緩樹見秧集得鹽氨兼將暢典為今",
        ),
    ],
)
def test_generated_misses_stay_found(text: str, previous: tuple[str, ...], phrase: str) -> None:
    words = phrase.split(" ") if " " in phrase else [phrase]
    assert _covered(text, words, previous=previous)


def test_a_short_word_before_a_phrase_with_a_typo_is_taken_only_when_misspelt() -> None:
    # "god" (for "good") first in a phrase is the phrase's; "the" before a valid phrase is not.
    assert WORDS[0] == "good"
    misspelt = ["god", *WORDS[1:]]
    assert _covered("hello " + " ".join(misspelt) + " thanks", misspelt)
    valid = " ".join(WORDS)
    spans = [(f.start, f.end) for f in detect("the " + valid) if f.kind == "seed_phrase"]
    assert spans == [(4, 4 + len(valid))]


# Found by an independent generator: a word or two of a longer phrase left beside a window that is checksum-valid
# by chance.
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (  # a chance window over two padding words; the phrase's last word left after it
            "immune coffee final coconut lake deny rent umbrella jar alcohol sill under clock effort risk",
            "coconut lake deny rent umbrella jar alcohol sill under clock effort risk",
        ),
        (  # 24 words with one missing: the first 21 are valid by chance
            "already when blouse oyster vague lock board clown price resist melt mention keen door income foot"
            " plunge box blanket manual peanut idea exact",
            "already when blouse oyster vague lock board clown price resist melt mention keen door income foot"
            " plunge box blanket manual peanut idea exact",
        ),
    ],
)
def test_words_beside_a_chance_valid_window_are_the_phrases(text: str, phrase: str) -> None:
    assert _covered(text, phrase.split(" "))


@pytest.mark.parametrize("after", [" thanks", " words", " used", " done", " dome"])
def test_a_wordlist_word_with_an_s_or_d_after_a_valid_phrase_stays(after: str) -> None:
    # "thanks" ("thank" and an "s"), "done" (one edit from "dove") after a complete phrase are the customer's
    # prose, not its misspelt last word.
    valid = " ".join(WORDS)
    text = "hello " + valid + after
    spans = [(f.start, f.end) for f in detect(text) if f.kind == "seed_phrase"]
    assert spans == [(6, 6 + len(valid))]

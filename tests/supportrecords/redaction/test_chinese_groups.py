"""Chinese recovery phrases typed in groups of a few characters ("的一 是在 不了 ..."), and Chinese sentences made
of wordlist characters near a context word (助记词). Found by an attacker (2026-12-06): every grouped phrase was
missed, even right after 助记词; and about one such sentence in 15 was flagged when 助记词 was in the message or in
the agent's turn before it."""

from __future__ import annotations

import random
import re
from functools import cache

import pytest
from mnemonic import Mnemonic

from bench.corpus import negative_lines
from supportrecords.redaction import detect

LANGUAGES = ("chinese_simplified", "chinese_traditional")
STRENGTHS = (128, 160, 192, 224, 256)  # 12, 15, 18, 21, 24 characters
GROUP_SIZES = (2, 3, 4, 6)
SEPARATORS = (" ", "、", "-", "\n", "\u3000", "，")
ASKED = ("请提供您的助记词，我们帮您核实。",)
# Where the phrase goes: with a context word in the message, after the agent's question, or alone.
FRAMES = (
    ("我的助记词是 {}", ()),
    ("助记词：\n{}", ()),
    ("{}\n这是我的助记词", ()),
    ("好的 {} 谢谢", ASKED),
    ("{}", ASKED),
    ("{}", ()),
    ("「{}」", ()),
)


@cache
def _mnemonic(language: str) -> Mnemonic:
    return Mnemonic(language)


def _phrase(rng: random.Random, strength: int | None = None) -> str:
    language = rng.choice(LANGUAGES)
    entropy = rng.randbytes((strength or rng.choice(STRENGTHS)) // 8)
    return "".join(_mnemonic(language).to_mnemonic(entropy).split())


def _grouped(chars: str, size: int, rng: random.Random) -> str:
    """chars in groups of size characters, one separator throughout or a mix of them."""
    groups = [chars[i : i + size] for i in range(0, len(chars), size)]
    if rng.random() < 0.25:
        return groups[0] + "".join(rng.choice(SEPARATORS) + group for group in groups[1:])
    return rng.choice(SEPARATORS).join(groups)


def _redacted_whole(text: str, part: str, previous: tuple[str, ...] = ()) -> bool:
    """Whether every wordlist character of part (found in text) lies inside a seed_phrase finding."""
    at = text.index(part)
    spans = [(f.start, f.end) for f in detect(text, previous=previous) if f.kind == "seed_phrase"]
    return all(
        any(s <= i < e for s, e in spans) for i in range(at, at + len(part)) if not re.match(r"[\s、，\-]", text[i])
    )


def _flagged(text: str, previous: tuple[str, ...] = ()) -> bool:
    return any(f.kind == "seed_phrase" for f in detect(text, previous=previous))


@pytest.mark.parametrize(
    "text",
    [
        "我的助记词是 的一 是在 不了 有和 人这 中大",
        "助记词：\n的一是\n在不了\n有和人\n这中大",
        "助记词：的一是在 不了有和 人这中大",
    ],
)
def test_the_reported_grouped_phrases_are_redacted(text: str) -> None:
    assert _redacted_whole(text, text[text.index("的一") :])


def test_grouped_phrases_are_redacted_whole() -> None:
    rng = random.Random(20261206)  # noqa: S311 - reproducible test data
    misses = []
    for case in range(420):
        size = GROUP_SIZES[case % len(GROUP_SIZES)]
        frame, previous = FRAMES[case % len(FRAMES)]
        body = _grouped(_phrase(rng), size, rng)
        text = frame.format(body)
        if not _redacted_whole(text, body, previous):
            misses.append((text, previous))
    assert misses == []


def test_a_message_that_is_only_a_grouped_phrase_is_redacted_without_context() -> None:
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    for size in GROUP_SIZES:
        for strength in STRENGTHS:
            body = _grouped(_phrase(rng, strength), size, rng)
            assert _redacted_whole(body, body), body


def test_grouped_phrases_with_one_character_missing_are_redacted_under_context() -> None:
    rng = random.Random(11)  # noqa: S311 - reproducible test data
    misses = []
    for case in range(160):
        phrase = _phrase(rng, (128, 256)[case % 2])
        size = GROUP_SIZES[case % len(GROUP_SIZES)]
        gone = rng.randrange(len(phrase))
        groups = [phrase[i : i + size] for i in range(0, len(phrase), size)]
        groups[gone // size] = groups[gone // size].replace(phrase[gone], "", 1)
        body = " ".join(group for group in groups if group)
        text, previous = (f"助记词：{body}", ()) if case % 4 < 2 else (body, ASKED)
        if not _redacted_whole(text, body, previous):
            misses.append(text)
    assert misses == []


def test_contiguous_phrases_are_still_redacted_under_context() -> None:
    # The prose test now reads every checksum-valid phrase too: none of these may read as a sentence.
    rng = random.Random(13)  # noqa: S311 - reproducible test data
    misses = []
    for case in range(300):
        phrase = _phrase(rng)
        text, previous = [
            (f"我的助记词是{phrase}，谢谢", ()),
            (phrase, ASKED),
            (f"他说「{phrase}」", ()),
            (f"你好\n{phrase}\n谢谢", ()),
            (f"助记词丢了一个，剩下的是 {phrase[:-1]} 能恢复吗", ()),
        ][case % 5]
        if not _redacted_whole(text, phrase if case % 5 < 4 else phrase[:-1], previous):
            misses.append(text)
    assert misses == []


# Ordinary support chat, written for this test: customers and agents, none of it a phrase.
SENTENCES = (
    "你好，我的提现已经两个小时了还没有到账。",
    "请问每天的提现额度是多少？",
    "我今天一直在等你们的消息。",
    "我的账户为什么被冻结了？",
    "充值的时候选错了网络，能帮我找回来吗？",
    "客服你好，我想问一下手续费怎么算的。",
    "昨天下午转出去的币到现在还没到。",
    "我已经按照你们说的重新登录了，还是不行。",
    "请不要分享您的助记词，我们的工作人员不会向您索要。",
    "谢谢你们的帮助，问题已经解决了。",
    "我想把钱转到另一个钱包里，应该怎么操作？",
    "这个订单显示已完成，但是我没有收到钱。",
    "为什么我的身份认证一直不通过？",
    "你们什么时候能处理好？我等了很久了。",
    "我的手机丢了，谷歌验证器也没了，怎么办？",
    "请问这个活动的奖励什么时候发放？",
    "我刚才说的那个问题有人在看吗？",
    "能不能帮我查一下这笔交易的状态？",
    "我在新手机上安装了钱包，但是打不开。",
    "好的，我再等一等，有消息请告诉我。",
    "我担心我的账户被别人登录了。",
    "你们的系统是不是出问题了？一直显示网络错误。",
    "我想注销这个账户，需要提供什么材料？",
    "我的钱包里的币全部不见了，请帮我看看是怎么回事。",
    "提现地址填错了，还能撤回吗？",
    "我已经上传了身份证的正反面照片。",
    "对不起，我刚才发错了信息。",
    "这个问题我已经问了三次了，还是没有人回复。",
    "请问现在可以正常充值吗？",
    "我按照提示操作了，可是余额还是零。",
    "麻烦你们快一点，我明天要用这笔钱。",
    "你们说的那个页面我找不到在哪里。",
    "我记得我当时是用这个邮箱注册的。",
    "我没有分享助记词，也没有点过奇怪的链接。",
    "我们已经把您的问题转给了技术部门，请耐心等待。",
    "您好，请问还有什么可以帮您的吗？",
    "师傅你好，我上周买的币卖不出去，一直提示系统繁忙。",
    "我是老用户了，第一次遇到这种情况，心里很慌。",
    "昨天晚上十点多我点了提币，现在页面上还是审核中。",
    "能不能给我一个准确的时间，我好跟家里人交代。",
    "为什么别的平台都能正常用，就你们这里一直出错？",
    "收到短信说我的账户在外地登录了，但那不是我。",
    "请您先不要着急，我们正在为您核实这笔订单。",
    "感谢您的耐心等待，技术同事已经在排查原因了。",
    "为了您的资金安全，请开启双重验证。",
    "这边看到您的提币申请已经成功发出，请留意钱包到账情况。",
    "我换了新手机以后原来的谷歌验证就用不了了。",
    "今天早上起来发现余额少了一半，吓死我了。",
    "我按照客服说的步骤做了一遍，还是显示同样的错误。",
    "请问实名认证需要多长时间才能通过？",
    "我之前写在本子上的那张纸找不到了，怎么办？",
    "请注意，官方人员不会通过私人电话向您索要任何信息。",
    "提现到银行卡要手续费吗？大概多少钱？",
    "你们到底有没有人在处理我的问题啊？",
)
GREETINGS = ("", "", "你好，", "您好，", "客服你好，", "在吗？", "你好 ", "亲，")
SUBJECTS = ("我", "我的账户", "我的钱包", "我朋友", "这个订单", "那笔转账", "我的提现", "我的充值")
EVENTS = (
    "一直没有到账",
    "被冻结了",
    "显示失败",
    "还在处理中",
    "打不开了",
    "不能登录",
    "已经等了很久",
    "收不到验证码",
    "被退回了",
    "少了一部分",
    "多扣了手续费",
    "昨天晚上就提交了",
)
QUESTIONS = (
    "这是怎么回事",
    "要等多久",
    "能不能快一点",
    "我该怎么办",
    "是不是系统的问题",
    "请问什么时候能到",
    "还能找回来吗",
    "需要我提供什么",
    "为什么会这样",
    "现在是什么情况",
    "每天最多能提多少",
)
TIMES = ("", "", "今天", "昨天", "刚才", "下午", "晚上", "三天前")
CLOSERS = ("", "", "谢谢。", "谢谢你们！", "麻烦尽快处理。", "等你们回复。")
JOINS = ("，", "，", "。", " ", "\n", "、", "！")
CONTEXT_IN_MESSAGE = ("我没有分享助记词。", "助记词我没有给过别人。", "我的助记词还在本子上。")
CONTEXT_BEFORE = ("请不要分享您的助记词。", "请问您的助记词是否泄露过？", "Please never share your seed phrase.")


def _clause(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return rng.choice(TIMES) + rng.choice(SUBJECTS) + rng.choice(EVENTS)
    if kind < 0.7:
        return rng.choice(QUESTIONS)
    return rng.choice(SENTENCES).rstrip("。？！")


def support_prose(rng: random.Random) -> str:
    """A phrase-free Chinese chat message: the corpus's lines, the sentences above, or clauses put together."""
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(_chinese_corpus_lines())
    if kind < 0.5:
        return "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 2)))
    body = _clause(rng)
    for _ in range(rng.randint(0, 2)):
        body += rng.choice(JOINS) + _clause(rng)
    return rng.choice(GREETINGS) + body + rng.choice(("。", "？", "", "!")) + rng.choice(CLOSERS)


@cache
def _chinese_corpus_lines() -> tuple[str, ...]:
    return tuple(line for line in negative_lines() if re.search("[\u4e00-\u9fff]{6}", line))


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("我今天一直在等你们的消息。我没有分享助记词。", ()),
        ("请问每天的提现额度是多少？", ("请不要分享您的助记词。",)),
    ],
)
def test_the_reported_sentences_are_not_phrases(text: str, previous: tuple[str, ...]) -> None:
    assert not _flagged(text, previous)


def test_support_prose_near_a_context_word_is_rarely_flagged() -> None:
    # Before: 10.3% with 助记词 in the message, 11.3% in the turn before (154 and 170 of 1,500); now 0 and 1.
    rng = random.Random(1)  # noqa: S311 - reproducible test data
    flagged = {"message": 0, "previous": 0}
    for case in range(3000):
        text = support_prose(rng)
        if case % 2:
            context = rng.choice(CONTEXT_IN_MESSAGE)
            flagged["message"] += _flagged(text + context if rng.random() < 0.5 else context + text)
        else:
            flagged["previous"] += _flagged(text, (rng.choice(CONTEXT_BEFORE),))
    assert max(flagged.values()) / 1500 <= 0.01, flagged


def test_sentences_made_only_of_wordlist_characters_are_rarely_flagged_near_a_context_word() -> None:
    # Every clause of the chat above that holds only wordlist characters (11 or more), after 助记词 in the
    # message or in the turn before. Before: 78 of 358 were flagged either way (22%); now none.
    han = set(_mnemonic(LANGUAGES[0]).wordlist) | set(_mnemonic(LANGUAGES[1]).wordlist)
    rng = random.Random(2)  # noqa: S311 - reproducible test data
    texts = [*SENTENCES, *_chinese_corpus_lines(), *(support_prose(rng) for _ in range(3000))]
    clauses = sorted(
        {c for text in texts for c in re.split("[^\u3400-\u9fff]+", text) if len(c) >= 11 and set(c) <= han}
    )
    assert len(clauses) >= 300
    in_message = sum(_flagged(f"我没有分享助记词。{c}。") for c in clauses)
    in_previous = sum(_flagged(f"{c}？", ("请不要分享您的助记词。",)) for c in clauses)
    assert max(in_message, in_previous) / len(clauses) <= 0.01, (in_message, in_previous)


@pytest.mark.parametrize(
    "text",
    [
        "你好 请问 提现 多久 到账 谢谢 你们",
        "好的，谢谢，我再看看，麻烦你们了，辛苦了",
        "请输入合法的用户名，只能包含英文字母、数字、特殊字符。我没有分享助记词。",
        "这应该是绝对路径，不包括域名。请不要分享助记词。",
        "我上传了身份证、护照、银行卡、手机号、邮箱地址，还是不行。助记词没给过别人。",
    ],
)
def test_short_clauses_and_lists_are_not_grouped_phrases(text: str) -> None:
    assert not _flagged(text)
    assert not _flagged(text, ASKED)

"""Leaked BIP39 recovery phrases, in every wordlist of the `mnemonic` package, clean or mangled."""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path

from mnemonic import Mnemonic

MIN_WORDS = 11  # "11 of 12": a phrase with one word missing is still a leak
CHECKSUM_LENGTHS = (12, 15, 18, 21, 24)

# Combining marks count as letters: "a\u0301bandon" or a word under a strike-through is still the word (fold()
# drops them); NFKC composes most, but not "b\u0301" nor the marks with no precomposed letter.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff" + _MARKS  # with "ṛ", "ẹ" ...
_CYRILLIC = "\u0400-\u04ff\u0300-\u036f"  # with combining accents: the Russian list spells "сно́ва"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3041-\u3096\u30a1-\u30fa\u30fc"
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}  # ァ..ヶ -> ぁ..ゖ


@lru_cache(maxsize=1)
def _long_vowels() -> dict[str, str]:
    """Hiragana -> the kana katakana's long-vowel mark ー stands for after it: コー is こう, セー is せい."""
    out = {}
    for code in range(0x3041, 0x3097):
        name = unicodedata.name(chr(code), "")
        vowel = name.rsplit(" ", 1)[-1][-1:] if name.startswith("HIRAGANA LETTER") else ""
        kana = {"A": "あ", "I": "い", "U": "う", "E": "い", "O": "う"}.get(vowel)
        if kana:
            out[chr(code)] = kana
    return out


def _hiragana(word: str) -> str:
    """A kana word as the Japanese list spells it: katakana as hiragana, ー as the vowel it lengthens."""
    word = word.translate(_KATAKANA_TO_HIRAGANA)
    if "ー" not in word:
        return word
    vowels = _long_vowels()
    out: list[str] = []
    for char in word:
        out.append(vowels.get(out[-1], char) if char == "ー" and out else char)
    return "".join(out)


_HANGUL = "\uac00-\ud7a3"
# Spaces, punctuation, numbering ("1.", "#2", "3)"), newlines, and the padding of a table's columns.
_SEP = r"[\W\d_]{1,32}"


# Short words of English prose that never stand in for a phrase word: they must not glue two halves of a
# sentence into one long run (a run is only a candidate, but fewer candidates make the scan faster).
_PROSE_SHORT_VARIANTS = sorted(
    variant
    for word in [
        "a",
        "i",
        "to",
        "is",
        "it",
        "in",
        "on",
        "of",
        "my",
        "me",
        "we",
        "be",
        "do",
        "so",
        "no",
        "if",
        "at",
        "or",
        "an",
        "by",
        "up",
        "us",
        "am",
        "he",
        "as",
    ]
    for variant in sorted({word, word.capitalize(), word.upper()})  # spelt out: (?i:...) slows the whole run
)


def _by_first_letter(variants: list[str]) -> str:
    """An alternation of one- and two-letter words with one branch per first letter ("T[Oo]|a[mnst]?|..."): the
    regex engine tries a branch per first letter rather than one per word."""
    seconds: dict[str, set[str]] = {}
    for variant in variants:
        seconds.setdefault(variant[0], set()).add(variant[1:])
    branches = []
    for first, rest in sorted(seconds.items()):
        letters = "".join(sorted(r for r in rest if r))
        branch = re.escape(first) + (f"[{letters}]" if letters else "")
        branches.append(branch + "?" if letters and "" in rest else branch)
    return "|".join(branches)


_PROSE_SHORT_WORDS = _by_first_letter(_PROSE_SHORT_VARIANTS)


def _word_run(letters: str) -> re.Pattern[str]:
    # Runs of 3-12 letter tokens, allowing one odd token (1-2 or 13+ letters; the last one only if long: two words
    # run together) so that "11 of 12 plus one unknown word" still forms one run. Separators and letters are
    # disjoint classes, so matching is linear.
    token = f"[{letters}]{{3,12}}(?![{letters}])"
    short = f"(?!(?:{_PROSE_SHORT_WORDS})(?![{letters}]))[{letters}]{{1,2}}"
    odd = f"(?:{short}|[{letters}]{{13,40}})(?![{letters}])"
    # The first token is spelt letter-first (then "not after a letter", then the rest) so that the pattern
    # starts with a plain character class and the regex engine skips ahead to letters quickly.
    # The first token may have up to 16 letters: two words run together ("bidulemascotte") may open a phrase.
    first = f"[{letters}](?<![{letters}].)[{letters}]{{2,15}}(?![{letters}])"
    # Possessive: a separator never gives back a character (letters and separators are disjoint classes), nor
    # does the run of tokens give back a token (an odd token is never 3-12 letters), so neither can help a match.
    sep = f"{_SEP}+"
    long = f"[{letters}]{{13,40}}(?![{letters}])"
    return re.compile(f"{first}(?:{sep}{token})*+(?:{sep}{odd}(?:{sep}{token})++|{sep}{long})?")


_LATIN_RUN = _word_run(_LATIN)
_CYRILLIC_RUN = _word_run(_CYRILLIC)
# Chinese words are single characters and ordinary Chinese text is a run of them, so only characters with
# separators between them form a run here; unseparated text needs context or a checksum (see below).
# Each pattern starts with a plain character class so that the regex engine can skip ahead quickly.
_HAN_RUN = re.compile(f"[{_HAN}][\\W\\d_]{{1,6}}(?:[{_HAN}][\\W\\d_]{{1,6}}){{{MIN_WORDS - 2},}}[{_HAN}]")
_KANA_WORD = f"[{_KANA}]{{2,12}}{_SEP}"  # any separators, as for the other scripts
_KANA_RUN = re.compile(f"{_KANA_WORD}(?:{_KANA_WORD}){{{MIN_WORDS - 2},}}[{_KANA}]{{2,12}}")
_HANGUL_WORD = f"[{_HANGUL}]{{1,6}}{_SEP}"
_HANGUL_RUN = re.compile(f"{_HANGUL_WORD}(?:{_HANGUL_WORD}){{{MIN_WORDS - 2},}}[{_HANGUL}]{{1,6}}")
_OTHER_SCRIPTS = re.compile(f"[{_CYRILLIC}{_KANA}{_HANGUL}]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")
_SCRIPT_LETTER = re.compile(f"[{_HAN}\u0400-\u04ff{_KANA}{_HANGUL}]")  # a letter of a script read on its own
# _HAN_RUN and runs of _OTHER_SCRIPTS in one scan: a Han run where _HAN_RUN matches (group 1 is the rest of
# it), else a run of other-script characters. One leading class keeps the engine's skip-ahead.
_HAN_RUN_OR_OTHER_SCRIPTS = re.compile(
    f"[{_HAN}{_CYRILLIC}{_KANA}{_HANGUL}]"
    f"(?:(?<=[{_HAN}])([\\W\\d_]{{1,6}}(?:[{_HAN}][\\W\\d_]{{1,6}}){{{MIN_WORDS - 2},}}[{_HAN}])"
    f"|(?<=[{_CYRILLIC}{_KANA}{_HANGUL}])[{_CYRILLIC}{_KANA}{_HANGUL}]*)"
)
_HAN_WHOLE_RUN = re.compile(f"(?<![{_HAN}])[{_HAN}]{{12,24}}(?![{_HAN}])")
_HAN_ELEVEN = re.compile(f"[{_HAN}]{{{MIN_WORDS}}}")
_MIN_RUN_CHARS = MIN_WORDS * 4 - 1  # 11 tokens of >= 3 letters and their separators
_ELEVEN_DIGITS = re.compile(r"(?:\d\D*+){11}")  # numbered words: 11 numbers at least
# ... each of one or two digits (_NUMBERED_ITEM's number): phones, cards and dates pass the first test only.
_SHORT_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")

_TOKEN = re.compile(f"(?:[^\\W\\d_]|[{_MARKS}])+")  # letters, with any combining accents
_SEPARATORS_ONLY = re.compile(r"[\W\d_]{0,8}")
# Words that say a recovery phrase follows. The Chinese ones as a regex of literals (fast); the English ones
# with str.find, case variants spelt out, because IGNORECASE makes a regex slow on long texts.
_CONTEXT_HAN = re.compile(
    "助记词|助記詞|助记码|助記碼|助记|助記|记忆词|記憶詞|恢复词|恢復詞|恢复短语|恢復短語|备份词|備份詞|种子词|種子詞|种子短语|種子短語|钱包短语"
    "|恢复码|恢復碼|备份码|備份碼|密语|密語|钱包的单词|钱包单词|錢包的單詞|錢包單詞"
    # A typo of 助记词 that pinyin input makes (zhu ji ci), the backup of a wallet, restoring one, its "password"
    # (what a wallet asks for on import), and 私钥, which many customers call the phrase.
    "|助计词|助計詞|钱包备份|錢包備份|备份钱包|備份錢包|恢复钱包|恢復錢包|导入钱包|導入錢包|钱包的密码|钱包密码|錢包的密碼|錢包密碼"
    "|私钥|私鑰|备份的词|備份的詞|备份的单词|備份的單詞|备份单词|備份單詞|钱包的词|錢包的詞"
    # The wallet's characters ("我钱包里的字是…").
    "|钱包里的字|钱包的字|錢包裡的字|錢包裏的字|錢包的字"
)
# "钱包的12个字", "二十四个单词": a count of a phrase's words, looked for only where 个 is (a regex of literals alone
# stays fast: this one would make the one above test every position).
_CONTEXT_COUNT = re.compile(r"(?:1[258]|2[14]|十[二五八]|二十[一四])[个個](?:字|词|詞|单词|單詞|汉字|漢字|中文字)")


def _context_han(text: str) -> list[re.Match[str]]:
    """The Chinese context words of text, in order."""
    found = list(_CONTEXT_HAN.finditer(text))
    if "个" in text or "個" in text:
        found = sorted([*found, *_CONTEXT_COUNT.finditer(text)], key=lambda m: m.start())
    return found


_CONTEXT_WORDS = ("seed", "Seed", "SEED", "mnemonic", "Mnemonic", "phrase", "Phrase")
# Each with its lower-case spelling in ASCII bytes: they are looked for once per spelling (see below).
_CONTEXT_WORD_NEEDLES = tuple((word, word.lower().encode("ascii")) for word in _CONTEXT_WORDS)
_CONTEXT_NEEDLES = tuple(dict.fromkeys(needle for _, needle in _CONTEXT_WORD_NEEDLES))

# Conjunctions people put between the words of a list, none of them a word of a Latin-script wordlist.
_CONNECTORS = frozenset(["and", "und", "et", "och", "og", "en", "ve", "a", "y"])

# English function words that are also BIP39 words. A random phrase rarely has three of them; a sentence
# made only of wordlist words ("can you check that again, they will ...") nearly always does.
_GLUE = frozenset(
    [
        "about",
        "above",
        "again",
        "all",
        "also",
        "any",
        "can",
        "have",
        "just",
        "must",
        "never",
        "now",
        "only",
        "other",
        "same",
        "such",
        "that",
        "then",
        "there",
        "they",
        "this",
        "what",
        "when",
        "where",
        "will",
        "you",
    ]
)

SCRIPTS = {
    "latin": ("english", "spanish", "french", "italian", "czech", "portuguese", "turkish"),
    "cyrillic": ("russian",),
    "kana": ("japanese",),
    "hangul": ("korean",),
    "han": ("chinese_simplified", "chinese_traditional"),
}


# Latin letters drawn with a stroke or bar, which have no decomposition: "ⱥbanđon" reads "abandon".
_STROKES = str.maketrans("øØđĐłŁħĦŧŦƀɃɨƗʉɄƶƵǥǤɇɆɍɌɏɎȼȻⱥȺ", "oOdDlLhHtTbBiIuUzZgGeErRyYcCaA")


@lru_cache(maxsize=1 << 16)  # chat reuses its words all the time
def fold(word: str) -> str:
    """Lower-case and strip accents so "Ábaco", "abaco" and the NFKD form all compare equal (any mark, also
    enclosing or spacing ones, and the strokes of "ø" or "đ")."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.translate(_STROKES))
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return stripped.lower().replace("ı", "i")


# Entries the mnemonic package ships broken: its Russian list has "сно\ufffd\ufffdа" (bytes lost in an encoding) at
# 1572, where every wallet that uses the list shows "снова".
_REPAIRED = {("russian", "сно\ufffd\ufffdа"): "снова"}


@dataclass(frozen=True, slots=True)
class _Wordlist:
    index: dict[str, int]  # token form -> position in the list
    prefixes: dict[str, str]  # unique 4-letter prefix -> word (BIP39 lets people write only 4 letters)

    @staticmethod
    def load(language: str, *, folded: bool) -> _Wordlist:
        words = [_REPAIRED.get((language, word), word) for word in Mnemonic(language).wordlist]
        index: dict[str, int] = {}
        for i, word in enumerate(words):
            index[unicodedata.normalize("NFKC", word)] = i
            if folded:
                index[fold(word)] = i
        prefixes: dict[str, str] = {}
        if folded:
            seen: dict[str, int] = {}
            for word in words:
                key = fold(word)[:4]
                seen[key] = seen.get(key, 0) + 1
                prefixes[key] = fold(word)
            prefixes = {k: w for k, w in prefixes.items() if seen[k] == 1}
        return _Wordlist(index, prefixes)


# The two Chinese lists are one list in two spellings: the same position holds the same word, simplified in one,
# traditional in the other, and a character in both sits at the same position in both. A phrase is checked
# against the two as one ("chinese"), so that one typed half in each spelling (an input method switched midway,
# or a wallet that shows traditional characters copied beside a note in simplified) is still a phrase.
HAN_CHECK = ("chinese",)


@cache
def _wordlist(language: str) -> _Wordlist:
    if language == HAN_CHECK[0]:
        index: dict[str, int] = {}
        for spelling in SCRIPTS["han"]:
            index.update(_wordlist(spelling).index)
        return _Wordlist(index, {})
    return _Wordlist.load(language, folded=language in SCRIPTS["latin"] + SCRIPTS["cyrillic"])


@cache
def _deletes(language: str) -> dict[str, str]:
    """Map each one-letter deletion of each word to the word, for edit-distance-1 matching."""
    out: dict[str, str] = {}
    for word in _wordlist(language).index:
        for i in range(len(word)):
            out.setdefault(word[:i] + word[i + 1 :], word)
    return out


@lru_cache(maxsize=1)
def _han_set() -> frozenset[str]:
    return frozenset(_wordlist("chinese_simplified").index) | frozenset(_wordlist("chinese_traditional").index)


def han_vocabulary() -> frozenset[str]:
    """Every character of the two Chinese wordlists."""
    return _han_set()


@lru_cache(maxsize=1)
def _han_chars() -> str:
    return "".join(sorted(_han_set()))


@lru_cache(maxsize=1)
def _han_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cls = re.escape(_han_chars())
    # A contiguous run right after a context word ("助记词：..."), or alone on its line, or after a colon.
    # One character in it may be none of the lists' (a typo): _after_context reads it.
    # (English context words may say "is" too: "my seed phrase is 惠脂...".)
    after_context = re.compile(
        f"(?:[\\s:：,，是为為如下]|(?<![A-Za-z])(?:is|are|was|were)(?![A-Za-z])){{0,4}}"
        f"((?:[{_HAN}](?=[{cls}]))?[{cls}]+(?:[{_HAN}][{cls}]*)?)"
    )
    alone = re.compile(f"^[^\\S\\n]*([{cls}]{{12,24}})[^\\S\\n]*[。.!！]?[^\\S\\n]*$", re.MULTILINE)
    after_colon = re.compile(f"[:：][^\\S\\n]*([{cls}]{{12,24}})(?![{cls}])")
    return after_context, alone, after_colon


@lru_cache(maxsize=1)
def _han_scan_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The alone and after_colon patterns above, split so that each starts with one literal character (the
    regex engine then skips ahead at memchr speed): alone on every line but the first, after ":" and after "："."""
    cls = re.escape(_han_chars())
    alone_after_newline = re.compile(f"\\n[^\\S\\n]*([{cls}]{{12,24}})[^\\S\\n]*[。.!！]?[^\\S\\n]*(?=\\n|\\Z)")
    after_ascii_colon = re.compile(f":[^\\S\\n]*([{cls}]{{12,24}})(?![{cls}])")
    after_wide_colon = re.compile(f"：[^\\S\\n]*([{cls}]{{12,24}})(?![{cls}])")
    return alone_after_newline, after_ascii_colon, after_wide_colon


# How much more often Chinese prose uses a wordlist character than a random phrase does, by the character's rank
# in the lists (ordered by frequency), as a log ratio per rank band: index k is the ranks with bit length k (0,
# 1, 2-3, 4-7, ..., 1024-2047). Measured on support chat and Django's zh_Hans/zh_Hant catalogues.
_PROSE_RANK_WEIGHTS = (4.3, 3.4, 3.1, 3.1, 2.3, 2.4, 1.5, 1.1, 1.1, 0.3, -0.5, -1.7)
# Common words of Chinese prose and of support chat, simplified (their traditional spelling is derived: the two
# lists are the same characters in the same order). Two characters of a random phrase form one of their ~850
# pairs about once in 5,000; a sentence has a few.
_PROSE_WORDS = """
我们 你们 他们 她们 它们 咱们 大家 别人 人家 自己 什么 怎么 怎样 为什么 为何 哪里 哪儿 哪个
哪些 那个 这个 这些 那些 这样 那样 这里 那里 这边 那边 这么 那么 多么 一个 一下 一些 一点 一直
一起 一样 一般 一定 一次 一天 一共 一切 一边 一旦 一方面 没有 没事 不是 不能 不会 不要 不用
不过 不行 不了 不到 不对 不好 不同 不断 不少 不错 不再 不必 不管 不然 不仅 不如 不但 已经 曾经
可以 可能 可是 可惜 应该 应当 需要 必须 能够 能否 还是 还有 还没 还要 但是 因为 所以 因此 于是
如果 假如 要是 虽然 尽管 而且 并且 或者 或是 然后 然而 而是 只是 就是 也是 都是 只有 只要 即使
除了 另外 此外 其实 其中 其他 其它 当然 当时 当前 目前 现在 时候 时间 今天 明天 昨天 后天 前天
今年 去年 明年 刚才 刚刚 之前 之后 以前 以后 以上 以下 以内 以及 马上 立即 立刻 随时 及时 按时
准时 最近 最后 最好 最多 最少 最新 首先 其次 终于 始终 一向 仍然 依然 总是 经常 常常 往往 有时
偶尔 突然 忽然 正在 已在 将会 问题 谢谢 感谢 请问 麻烦 帮忙 帮我 知道 觉得 认为 希望 告诉 看看
看到 听到 想要 想到 打算 准备 决定 选择 同意 拒绝 接受 允许 禁止 要求 请求 建议 提醒 通知 注意
小心 放心 担心 着急 满意 抱歉 对不起 没关系 不客气 辛苦 情况 东西 事情 地方 方法 办法 原因 结果
过程 部分 全部 所有 各种 任何 每个 每天 每次 每月 多少 多久 几个 几天 有人 有点 有些 好的 好像
非常 特别 比较 真的 的确 确实 肯定 大概 也许 似乎 可见 显然 十分 相当 完全 根本 几乎 发现 开始
结束 出现 进行 处理 操作 使用 利用 显示 提示 完成 成功 失败 正常 异常 确认 确定 继续 重新 再次
收到 发送 发出 申请 提供 提交 提出 提高 提前 信息 消息 内容 文件 资料 材料 页面 网站 系统 手机
电话 电脑 邮件 邮箱 短信 客服 客户 用户 会员 员工 人员 工作 服务 支持 帮助 回复 回答 答复 联系
沟通 解决 解释 说明 介绍 了解 理解 检查 查询 查看 核实 核对 审核 审查 调查 记录 保存 保留 保护
安全 风险 通过 经过 关于 对于 由于 根据 按照 为了 除非 至于 只好 只能 不得 不许 无法 可否 是否
是不是 能不能 会不会 要不要 有没有 好不好 对不对 是的 对的 我的 你的 您的 他的 她的 我们的 请您
您好 你好 好吗 是吗 对吗 了吗 行吗 好吧 对吧 是吧 了吧 的呢 了呢 怎么办 提现 充值 转账 钱包
交易 订单 金额 余额 价格 费用 手续费 验证 认证 登录 注册 密码 资金 资产 冻结 解冻 网络 平台
设置 修改 更改 变更 更新 升级 下载 安装 打开 关闭 点击 输入 取消 删除 添加 增加 减少 限制 额度
账号 账户 身份 证件 照片 名字 姓名 地址 号码 银行 卡号 支付 付款 收款 到账 退款 退回 转入 转出
买入 卖出 合约 现货 杠杆 活动 奖励 规则 政策 条款 协议 法律 监管 合规 机构 部门 团队 公司 管理
管理员 负责 权限 访问 锁定 禁用 启用 开通 生效 失效 有效 无效 过期 期间 期限 日期 小时 分钟
工作日 周末 上午 下午 晚上 早上 中午 凌晨 今晚 明早 状态 错误 故障 维护 恢复 稳定 延迟 等待
耐心 尽快 稍后 稍等 一会儿 多长 多长时间 需要多久 朋友 家人 孩子 父母 老师 学生 同事 领导 学校
医院 国家 中国 城市 世界 社会 经济 生活 学习 发展 方面 方式 条件 标准 水平 能力 机会 作用 影响
关系 重要 主要 基本 具体 简单 容易 困难 复杂 清楚 明白 开心 高兴 生气 失望 奇怪 方便 合适 正确
准确 详细 完整 多个 多次 几次 第一 第二 第三 以来
购买 出售 应用 软件 程序 版本 设备 新手 手续 矿工 主网 测试 节点 区块 链上 地址 钱包地址 币种 代币 法币
稳定币 波场 以太坊 比特币 币安 火币 提币 充币 划转 兑换 闪兑 理财 质押 收益 利息 利率 借贷 保证金 爆仓
强平 止损 止盈 挂单 撤单 成交 委托 行情 涨跌 风控 实名 人脸 识别 护照 身份证 验证码 谷歌 绑定 解绑
收不到 收到了 到不了 卸载 重装 刷新 清除 缓存 登陆 退出 限额 上限 下限 提高 降低 申诉 客服人员 在线
工单 回访 投诉 反馈 处理中 审核中 已完成 未到账 没到账 不到账 延误 拥堵 网络异常 服务器 浏览器
二维码 扫码 截图 附件 邮箱地址 手机号 短信验证 安全中心 资金密码 登录密码 交易密码 支付密码 双重 认证器
"""
_PROSE_PAIR_WEIGHT = 4.0
# A run reads as prose at this score or above; a checksum-valid run takes more (a phrase is far likelier then).
# Of 300,000 valid phrases (12 to 24 characters), 24 reach 6 and none 12; of the phrase-length windows of
# support chat none is below 6 and 1-3% below 12 (formal text: 0.7% and 5%), of which one in 16 is valid.
_PROSE_SCORE = 6.0
_PROSE_SCORE_VALID = 12.0


@lru_cache(maxsize=1)
def _han_prose_model() -> tuple[dict[str, float], frozenset[str]]:
    """The weight of each wordlist character, and the listed pairs of wordlist characters (see above)."""
    simplified, traditional = (Mnemonic(language).wordlist for language in SCRIPTS["han"])
    weights: dict[str, float] = {}
    for wordlist in (simplified, traditional):
        for rank, char in enumerate(wordlist):
            weights[char] = max(weights.get(char, -9.0), _PROSE_RANK_WEIGHTS[rank.bit_length()])
    to_traditional = str.maketrans(dict(zip(simplified, traditional, strict=True)))
    words = _PROSE_WORDS.split()
    pairs = frozenset(
        spelling[i : i + 2]
        for spelling in [*words, *(word.translate(to_traditional) for word in words)]
        for i in range(len(spelling) - 1)
        if spelling[i] in weights and spelling[i + 1] in weights
    )
    return weights, pairs


def _prose_score(run: str) -> float:
    """How much more likely run (wordlist characters) is a piece of a sentence than a random phrase: the sum of the
    weights of its characters and of its common-word pairs, each counted once (one character over and over, "她她她
    ...", is no sentence)."""
    weights, pairs = _han_prose_model()
    score = sum(weights.get(char, 0.0) for char in set(run))
    return score + _PROSE_PAIR_WEIGHT * len({run[i : i + 2] for i in range(len(run) - 1)} & pairs)


def _more_of_phrase(rest: str) -> bool:
    """Whether the wordlist characters beside a checksum-valid window are more of the phrase: more than two, or
    two that are no common word ("谢谢", "你好")."""
    return len(rest) > 2 or (len(rest) == 2 and rest not in _han_prose_model()[1])


def _looks_like_prose(run: str, *, valid: bool = True) -> bool:
    """Whether a run of wordlist characters reads as a sentence rather than a phrase; valid: the run is a
    checksum-valid phrase, so that it takes more to read as prose (a random run is valid once in 16)."""
    return (
        _prose_score(run) >= (_PROSE_SCORE_VALID if valid else _PROSE_SCORE)
        or reads_as_words(run)
        or category_list(run)
    )


# Characters that lists of single characters are made of: numerals, colours, the five elements and the eight
# trigrams, the most common surnames (simplified and traditional). 163 of them are list characters (8% of a
# list): twelve random characters hold eight of them about once in 1.7 million.
_SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖蕭田董袁"
    "潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范範石廖贾賈夏韦韋付方邹鄒孟熊秦邱江尹薛闫"
    "閆段侯龙龍史陶黎贺賀顾顧毛郝龚龔邵钱錢严嚴覃武戴莫孔向汤湯金乔喬施牛洪殷葛伍谷宁寧柳"
)
_CATEGORY_CHARACTERS = _SURNAMES | frozenset(
    "零一二三四五六七八九十百千万萬两兩红紅橙黄黃绿綠青蓝藍紫黑白灰金银銀粉棕木水火土天地风風雷山泽澤"
)


def category_list(run: str) -> bool:
    """Whether two thirds of the 11 or more Chinese characters of run are _CATEGORY_CHARACTERS: a list of
    numbers, colours, elements or surnames ("五、万、六、三、千 ...", "董、杜、戴、方 ..."), not a phrase."""
    chars = _HAN_CHAR.findall(run)
    return len(chars) >= MIN_WORDS and 3 * sum(char in _CATEGORY_CHARACTERS for char in chars) >= 2 * len(chars)


@lru_cache(maxsize=1)
def _chinese_words() -> frozenset[str]:
    """The words of two to four characters of jieba's dictionary (MIT licence; about 350,000 words with their
    frequencies) whose characters are all wordlist characters, in simplified and traditional spelling: some
    250,000 and their traditional twins (read in about 0.2 s)."""
    spec = importlib.util.find_spec("jieba")  # the data file only: jieba's code is not run
    if spec is None or spec.origin is None:
        raise RuntimeError("the jieba package (requirements.txt) is not installed")
    data = (Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8")  # "word frequency tag" lines
    characters = re.escape("".join(sorted(_han_set())))
    words = re.findall(f"^([{characters}]{{2,{_LONGEST_WORD}}}) ", data, re.MULTILINE)
    # jieba's words are simplified; each is spelt in traditional characters too (the two lists hold the same word
    # at the same position), so that traditional prose reads as words as simplified prose does.
    simplified, traditional = (Mnemonic(language).wordlist for language in SCRIPTS["han"])
    to_traditional = str.maketrans(dict(zip(simplified, traditional, strict=True)))
    return frozenset(words) | frozenset(word.translate(to_traditional) for word in words)


@lru_cache(maxsize=1)
def _word_heads() -> frozenset[str]:
    """The first two characters of every word of _chinese_words."""
    return frozenset(word[:2] for word in _chinese_words())


_LONGEST_WORD = 4
# Characters of a sentence that are words on their own (particles, pronouns): counted with the dictionary's words
# for the second, higher bar of reads_as_words.
_FUNCTION_CHARACTERS = frozenset("的了我你他她它们是在吗呢吧啊请把被给和与就都也还再又很太最")


def reads_as_words(run: str) -> bool:
    """Whether run reads as words of a sentence or a list, as a phrase's random characters (all but) never do:
    - two thirds of its characters, two by two from its start, are words ("三亚珠海温州南昌佛山北京",
      "领先安全简单快速免费智能"), where a phrase's pairs are none in 89 phrases of 100, and never two thirds
      (200,000 phrases of 12 and 24 words: 3 of 6 and 4 of 12 at most);
    - or, from any character on, two thirds of them are in words of the dictionary, or three quarters in those
      and _FUNCTION_CHARACTERS, a third in words ("该功能暂未开放敬请期待", "提示网络繁忙请稍后再试我的钱": a
      system message, or a sentence a chance-valid window cuts anywhere), which 4 phrases of 12 words in 300,000
      are, and none of 200,000 of 12 to 24 words (seeded, both Chinese lists).
    """
    words = _chinese_words()
    pairs = [run[i : i + 2] for i in range(0, len(run) - 1, 2)]
    if len(pairs) < _WORD_PAIRS:
        return False
    if 3 * sum(map(words.__contains__, pairs)) >= 2 * len(pairs):
        return True
    size = len(run)
    covered, with_function = _word_cover(run)
    # (The second bar needs a third of the run in words of the dictionary too: "她她她…" is no sentence.)
    return 3 * covered >= 2 * size or (4 * with_function >= 3 * size and 3 * covered >= size)


def mostly_words(run: str) -> bool:
    """Whether two thirds of a short run of Chinese characters (4 or more) are in words of the dictionary, from any
    character on ("恢复钱包时显示"): a sentence, not the rest of a phrase (the first 4, 6 or 8 characters of a random
    phrase are so about once in 2,000)."""
    return len(run) >= _SHORT_RUN and 3 * _word_cover(run)[0] >= 2 * len(run)


_SHORT_RUN = 4
# What a customer answers in a word or two ("好的", "在吗", "收到"): no rest of a phrase.
_CHAT_REPLIES = frozenset(
    ["好的", "好", "在吗", "好吧", "是的", "对的", "嗯", "嗯嗯", "哦", "行", "对", "好滴", "可以", "没有", "明白"]
)


def reads_as_reply(run: str) -> bool:
    """Whether a run of Chinese characters that opens a message reads as the customer's own words, not as the rest
    of a phrase typed over messages: a sentence (mostly_words), a short run the dictionary's words cover whole
    (with particles: "有进展了吗", "接着是", "谢谢"), or a chat reply ("好的"). Two or three random characters of a
    list are a word of the dictionary about once in 4,000."""
    if run in _CHAT_REPLIES or mostly_words(run):
        return True
    return len(run) >= 2 and _word_cover(run)[1] >= len(run) - (len(run) >= 5)


def _word_cover(run: str) -> tuple[int, int]:
    """The most characters of run that words of _chinese_words can cover, without and with _FUNCTION_CHARACTERS
    (dynamic programming); (0, 0) at once where too few words start in run to cover a third of it (two phrases in
    three)."""
    size = len(run)
    words, heads = _chinese_words(), _word_heads()
    if 3 * _LONGEST_WORD * sum(1 for i in range(size - 1) if run[i : i + 2] in heads) < size:
        return 0, 0
    best = [0] * (size + 1)
    best_with = [0] * (size + 1)
    for end in range(1, size + 1):
        plain, with_function = best[end - 1], best_with[end - 1] + (run[end - 1] in _FUNCTION_CHARACTERS)
        for length in range(2, min(_LONGEST_WORD, end) + 1):
            if run[end - length : end] in words:
                plain = max(plain, best[end - length] + length)
                with_function = max(with_function, best_with[end - length] + length)
        best[end], best_with[end] = plain, with_function
    return best[size], best_with[size]


_WORD_PAIRS = 5  # pairs of characters of a run at least, for reads_as_words to judge it


@lru_cache(maxsize=1 << 16)  # a pure function of the word, and chat reuses its words all the time
def _is_fuzzy(token: str, language: str) -> bool:
    return len(token) >= 4 and _one_edit(token, language)


def _one_edit(token: str, language: str) -> bool:
    """Whether token is one letter away from a word of language's list (not the word itself)."""
    words = _wordlist(language).index
    deletes = _deletes(language)
    if token in deletes:
        return True  # one letter missing
    variants = [token[:i] + token[i + 1 :] for i in range(len(token))]
    return any(v in words or v in deletes for v in variants)  # one letter extra, or one replaced/swapped


@lru_cache(maxsize=1 << 14)
def _is_short_typo(token: str, language: str) -> bool:
    """A 2- or 3-letter token one edit from a 3- or 4-letter word: a letter dropped ("us" for "use", "pah" for
    "path"), replaced ("uze") or two swapped ("sue")."""
    if not 2 <= len(token) <= 3 or not token.isalpha():
        return False
    deletes = _deletes(language)
    if len(token) == 2:
        return len(deletes.get(token, "")) == 3
    return token in deletes or any(len(deletes.get(token[:i] + token[i + 1 :], "")) == 3 for i in range(3))


def _is_prefix(key: str, wordlist: _Wordlist) -> bool:
    """BIP39 lets people write only the first four letters: "aban", "abil", "abou" ..."""
    word = wordlist.prefixes.get(key[:4])
    return word is not None and len(key) >= 4 and word.startswith(key)


def checksum_valid(indices: list[int]) -> bool:
    """BIP39 checksum of a complete phrase given as wordlist positions."""
    if len(indices) not in CHECKSUM_LENGTHS:
        return False
    bits = 0
    for index in indices:
        bits = (bits << 11) | index
    total = len(indices) * 11
    checksum_bits = total // 33
    entropy = (bits >> checksum_bits).to_bytes((total - checksum_bits) // 8, "big")
    return hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits) == bits & ((1 << checksum_bits) - 1)


def _indices(keys: list[str], language: str) -> list[int] | None:
    wordlist = _wordlist(language)
    out = []
    for key in keys:
        position = wordlist.index.get(key)
        if position is None:
            if not _is_prefix(key, wordlist):
                return None
            position = wordlist.index[wordlist.prefixes[key[:4]]]
        out.append(position)
    return out


def exact_phrase(words: Sequence[str]) -> bool:
    """Whether words, exactly as spelt (folded: case and accents aside), are a whole phrase of one wordlist with a
    valid checksum: no prefix read as its word, no misspelt word mended."""
    if len(words) not in CHECKSUM_LENGTHS:
        return False
    keys = [fold(word) for word in words]
    for languages in SCRIPTS.values():
        for language in languages:
            index = _wordlist(language).index
            if all(key in index for key in keys) and checksum_valid([index[key] for key in keys]):
                return True
    return False


def exact_words(words: Sequence[str]) -> bool:
    """Whether each of words, exactly as spelt (folded), is a word of some wordlist (a Chinese character of a
    Chinese list)."""
    han = _han_set()
    lists = [_wordlist(language).index for languages in SCRIPTS.values() for language in languages]
    return all(word in han or any(fold(word) in index for index in lists) for word in words)


def _any_checksum(keys: list[str], languages: tuple[str, ...]) -> bool:
    for language in languages:
        indices = _indices(keys, language)
        if indices is not None and checksum_valid(indices):
            return True
    return False


_ONES = re.compile(rb"1+")
_TWO_ONES_GATE = re.compile(rb"11+")


def _cores(known: bytes) -> list[tuple[int, int]]:
    """Token ranges covered by windows of 12 consecutive tokens holding >= 11 wordlist words, merged.

    known has one byte per token, b"1" for a wordlist word. Under the redaction-first policy such a window is a
    leak (11 words alone, or 11 of 12 with one word misspelt or unknown); words near the wordlist never stop the
    search, they are only not counted. Found from the runs of b"1" (C speed), so the work is linear.
    """
    runs = [m.span() for m in _ONES.finditer(known)]
    out: list[tuple[int, int]] = []

    def add(lo: int, hi: int) -> None:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))

    for index, (start, end) in enumerate(runs):
        if end - start >= MIN_WORDS:
            add(start, end)
        if index + 1 < len(runs):
            next_start, next_end = runs[index + 1]
            # One odd token between two runs: the windows across it hold 11 words if the runs have 11 together.
            if next_start == end + 1 and (end - start) + (next_end - next_start) >= MIN_WORDS:
                add(max(start, end - (MIN_WORDS + 1) + 1), min(next_end, end + MIN_WORDS + 1))
    return out


_FOUR_ONES = re.compile(rb"1{4,}")
TYPO_WORDS = 10  # exact wordlist words in 12 consecutive tokens whose other two are each one edit away


def _two_typo_cores(known: bytes, is_typo: Callable[[int], bool]) -> list[tuple[int, int]]:
    """Token ranges of 12 consecutive tokens holding 10 wordlist words and two words one edit away from one (a
    phrase typed with two typos). Ten words in three runs at most: one run has four, so only the non-words near
    a run of four wordlist words are visited (found in C)."""
    window = MIN_WORDS + 1
    n = len(known)
    out: list[tuple[int, int]] = []
    seen: set[int] = set()
    for m in _FOUR_ONES.finditer(known):
        zeros = []
        at = known.find(b"0", max(0, m.start() - window), m.end() + window)
        while at != -1:
            zeros.append(at)
            at = known.find(b"0", at + 1, m.end() + window)
        for a, b in zip(zeros, zeros[1:], strict=False):
            if b - a >= window or a in seen:
                continue
            seen.add(a)
            lo = known.rfind(b"0", 0, a) + 1  # the tokens between the neighbouring non-words
            hi = known.find(b"0", b + 1)
            hi = n if hi == -1 else hi
            if hi - lo >= window and is_typo(a) and is_typo(b):
                out.append((max(lo, b - window + 1), min(hi, a + window)))
    return sorted(out)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _flagged(
    known: bytes,
    is_fuzzy: Callable[[int], bool],
    complete: frozenset[int] = frozenset(),
    is_typo: Callable[[int], bool] | None = None,
    is_end_typo: Callable[[int], bool] | None = None,
    windows: Sequence[tuple[int, int]] = (),
    is_inflected: Callable[[int], bool] = lambda i: True,
) -> list[tuple[int, int, int, int]]:
    """The cores (see _cores), each extended outwards over adjacent wordlist words and over misspelt ones
    followed by a word of the text that is not unknown, and over one misspelt word at each end unless a
    complete phrase ends there (complete: the starts, and the negated ends, of checksum-valid windows):
    (lo, hi, core_lo, core_hi). is_typo: is_fuzzy, or more lenient, for the two-typo windows. is_end_typo:
    is_fuzzy, or more lenient, for the misspelt word at each end (short words: "sue" or "us" for "use").
    windows: the checksum-valid windows (complete holds their bounds). is_inflected: whether a token is a wordlist
    word with an "s" or "d" after it ("thanks", "used")."""
    n = len(known)

    def near(i: int) -> bool:  # a wordlist word or one edit away from one
        return known[i] == 49 or is_fuzzy(i)

    out: list[tuple[int, int, int, int]] = []
    cores = _cores(known)
    extra = _two_typo_cores(known, is_typo or is_fuzzy)
    if extra:
        cores = _merged(sorted(cores + extra))
    for core_lo, core_hi in cores:
        lo, hi = core_lo, core_hi
        # Redact first: the words around a leak go with it (a phrase with two misspelt neighbours in a row
        # still has its first words outside every 11-of-12 window).
        # A misspelt word is taken in only where no complete phrase (in any wordlist) begins or ends.
        while lo > 0 and (known[lo - 1] == 49 or (lo > 1 and is_fuzzy(lo - 1) and near(lo - 2))):
            lo -= 1
        while lo < core_lo and known[lo] != 49:
            lo += 1
        while hi < n and (known[hi] == 49 or (hi + 1 < n and is_fuzzy(hi) and near(hi + 1))):
            hi += 1
        while hi > core_hi and known[hi - 1] != 49:
            hi -= 1
        # A phrase's first or last word misspelt, next to prose: one such word at each end goes with it, unless
        # a complete (checksum-valid) phrase ends there and spans the range but for a word or two ("my words
        # <phrase> please"). A window valid by chance inside a longer range does not keep the misspelt word out.
        # A window is by chance, though, where the wordlist words left at its other end and the misspelt word
        # make a longer phrase's length ("refogtr, <12 valid by chance>, chutar, tatuagem": 15), unless that word is
        # a wordlist word with an "s" or "d" ("please help <phrase> thanks"). (A misspelt word right beside a whole
        # valid window stays out: "<phrase> done" is prose far more often than a phrase's misspelt first or last
        # word beside a window valid by chance, 1 in 16, on a wordlist word of the prose.)
        at_end = is_end_typo or is_fuzzy
        longer = hi - lo + 1 in CHECKSUM_LENGTHS  # with the misspelt word, a longer phrase's length

        def prose_beside(i: int, rest: int, longer: bool = longer) -> bool:
            return not (rest and longer) or is_inflected(i)

        starts = (
            lo in complete
            and lo > 0
            and any(w_lo == lo and hi - w_hi <= 2 and prose_beside(lo - 1, hi - w_hi) for w_lo, w_hi in windows)
        )
        ends = (
            -hi in complete
            and hi < n
            and any(w_hi == hi and w_lo - lo <= 2 and prose_beside(hi, w_lo - lo) for w_lo, w_hi in windows)
        )
        if lo > 0 and known[lo] == 49 and not starts and at_end(lo - 1):
            lo -= 1
        if hi < n and known[hi - 1] == 49 and not ends and at_end(hi):
            hi += 1
        if out and lo <= out[-1][1]:
            prev = out[-1]
            out[-1] = (prev[0], max(prev[1], hi), prev[2], max(prev[3], core_hi))
        else:
            out.append((lo, hi, core_lo, core_hi))
    return out


# Known runs longer than this are redacted whole without looking for the phrase inside: whatever the checksums
# say, the whole run is a leak under the redaction-first policy, and the work per text stays linear.
MAX_CHECKED_RUN = 2 * max(CHECKSUM_LENGTHS)


def _checksum_windows(
    known: bytes, position_of: Callable[[int], int], *, longest: int | None = MAX_CHECKED_RUN
) -> list[tuple[int, int]]:
    """Every window of 12/15/18/21/24 tokens inside every maximal run of wordlist words (known: b"1") whose
    checksum is valid, as token ranges; position_of(i) is token i's position in the wordlist. Runs longer than
    `longest` are skipped (None: none is)."""
    out = []
    for m in _ONES.finditer(known):
        i, j = m.span()
        if j - i < min(CHECKSUM_LENGTHS) or (longest is not None and j - i > longest):
            continue
        bits = 0
        for k in range(i, j):
            bits = (bits << 11) | position_of(k)
        length = j - i
        # Longest windows first. With a length limit (the token scan), a window inside a valid one is not tested:
        # its finding would only be merged into the larger one (find_seed_phrases merges overlapping findings),
        # so a run that is one phrase costs a hash or a few instead of up to 40.
        found: list[tuple[int, int]] = []
        for words in sorted(CHECKSUM_LENGTHS, reverse=True):
            checksum_bits = words // 3
            entropy_bytes = (words * 11 - checksum_bits) // 8
            window_mask = (1 << (11 * words)) - 1
            for start in range(length - words + 1):
                if longest is not None and any(lo <= start and start + words <= hi for lo, hi in found):
                    continue
                window = (bits >> (11 * (length - start - words))) & window_mask
                entropy = (window >> checksum_bits).to_bytes(entropy_bytes, "big")
                expected = hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits)
                if expected == window & ((1 << checksum_bits) - 1):
                    found.append((start, start + words))
        out += sorted((i + lo, i + hi) for lo, hi in found)
    return out


@lru_cache(maxsize=1)
def latin_vocabulary() -> frozenset[str]:
    """Every Latin-script word (folded and accented) and every 4+ letter truncation BIP39 accepts."""
    vocabulary: set[str] = set()
    for language in SCRIPTS["latin"]:
        wordlist = _wordlist(language)
        vocabulary.update(wordlist.index)
        for word in wordlist.prefixes.values():
            vocabulary.update(word[:k] for k in range(4, len(word)))
    return frozenset(vocabulary)


@lru_cache(maxsize=1)
def _ascii_vocabulary() -> frozenset[bytes]:
    return frozenset(word.encode("ascii") for word in latin_vocabulary() if word.isascii())


# ASCII letters to lower case, every other byte to a space: an ASCII run's tokens are then its split().
_ASCII_TOKENS = bytes(byte | 0x20 if chr(byte).isascii() and chr(byte).isalpha() else ord(" ") for byte in range(256))


def _two_stretches(words: list[bytes]) -> bool:
    """Whether the ASCII tokens hold two stretches of _HALF_MIN wordlist words in a row (halves need them)."""
    vocabulary = _ascii_vocabulary()
    flags = bytes(map(vocabulary.__contains__, words))
    return len(_FOUR_TRUE.findall(flags)) >= 2


_FOUR_TRUE = re.compile(b"\x01{4,}")


def _ascii_wordlist_words(words: list[bytes]) -> int:
    """How many of the ASCII tokens (split from an _ASCII_TOKENS translation) are wordlist words or starts of one."""
    return sum(map(_ascii_vocabulary().__contains__, words))


def phrase_possible(text: str, ascii_text: bytes) -> bool:
    """Whether find_seed_phrases can find anything in text (ascii_text: text.encode("ascii", "replace")).

    For ASCII text, a necessary condition of its search (_worth_scanning's tokens over the whole text: a run's
    tokens are among them), much cheaper than the run search: most chat messages are too short or have too few
    wordlist words. Other text is always searched: a cheaper test for the Chinese paths (tried, with instruction
    counts) saved nothing on Chinese chat.
    """
    if len(text) < MIN_WORDS:
        return False
    if not text.isascii():
        return True
    if len(ascii_text) < _MIN_RUN_CHARS:
        return False
    words = ascii_text.translate(_ASCII_TOKENS).split()
    if max(map(len, words), default=0) >= JOINED_MIN_LETTERS:
        return True  # words written without separators (_find_joined)
    # As many as a phrase with two slips of the space bar keeps (_find_in_message).
    return len(words) >= _DENSE_WORDS and _ascii_wordlist_words(words) >= _DENSE_WORDS


def _latin_folded(run: str) -> str:
    """run with its accented Latin letters as their ASCII letter, one for one (offsets kept)."""
    return run if run.isascii() else run.translate(_latin_fold_table())


def _worth_scanning(run: str) -> bool:
    """Whether enough tokens of a run (_latin_folded) are wordlist words to look closer; most prose is not."""
    if run.isascii():  # the same tokens as below, split in C
        return _ascii_wordlist_words(run.encode("ascii").translate(_ASCII_TOKENS).split()) >= MIN_WORDS - 1
    tokens = [fold(token) for token in _TOKEN.findall(run)]
    return sum(map(latin_vocabulary().__contains__, tokens)) >= MIN_WORDS - 1  # one may be misspelt


@lru_cache(maxsize=1)
def _latin_languages_of() -> dict[str, int]:
    """Folded word (or accepted 4+ letter truncation) -> bit mask of the Latin-script wordlists that contain it."""
    out: dict[str, int] = {}
    for bit, language in enumerate(SCRIPTS["latin"]):
        wordlist = _wordlist(language)
        forms = set(wordlist.index)
        for word in wordlist.prefixes.values():
            forms.update(word[:k] for k in range(4, len(word)))
        for form in forms:
            out[form] = out.get(form, 0) | 1 << bit
    return out


@cache
def wordlist_forms(language: str) -> dict[str, int]:
    """Every form of a word this list accepts (as spelt, folded, or cut to 4+ letters) -> its position."""
    wordlist = _wordlist(language)
    out = dict(wordlist.index)
    for word in wordlist.prefixes.values():
        for k in range(4, len(word)):
            out.setdefault(word[:k], wordlist.index[word])
    return out


# For each Latin wordlist (bit), a table that turns a token's language mask into b"1" or b"0".
_BIT_TABLES = tuple(bytes(49 if byte >> bit & 1 else 48 for byte in range(256)) for bit in range(8))


def _position_getter(forms: dict[str, int], keys: list[str]) -> Callable[[int], int]:
    return lambda i: forms[keys[i]]


def _scan_tokens(
    tokens: list[tuple[int, int, str]],
    script: str,
    findings: list[tuple[int, int, float]],
    *,
    context: bool = False,
    repair: bool = True,
) -> None:
    keys = [t[2] for t in tokens]
    if script == "han":  # simplified and traditional share most characters: accept either
        forms = wordlist_forms(HAN_CHECK[0])
        known = bytes(49 if k in forms else 48 for k in keys)
        valid = _checksum_windows(known, _position_getter(forms, keys))
        _report(tokens, known, valid, findings, is_fuzzy=lambda i: False, glue_exempt=False)
        return
    if script == "latin":
        languages_of = _latin_languages_of()
        if not _CONNECTORS.isdisjoint(keys):
            # "abandon and ability and able ...": a conjunction between the words is a separator.
            tokens = [t for t in tokens if t[2] not in _CONNECTORS]
            keys = [t[2] for t in tokens]
        if repair:
            found = len(findings)
            _scan_tokens(tokens, script, findings, context=context, repair=False)
            # Where the run as typed holds nearly a phrase's worth of wordlist words that were not found, it is
            # read again with a slip of the space bar mended. Both readings count: "car pet" may be two words of a
            # phrase.
            _mend(tokens, keys, findings, findings[found:], context=context)
            return
        masks = bytes(languages_of.get(k, 0) for k in keys)  # one byte per token: a bit per Latin wordlist
        candidates = [(language, masks.translate(_BIT_TABLES[bit])) for bit, language in enumerate(SCRIPTS["latin"])]
    else:
        forms = wordlist_forms(SCRIPTS[script][0])
        candidates = [(SCRIPTS[script][0], bytes(49 if k in forms else 48 for k in keys))]
    windows = {
        language: _checksum_windows(known, _position_getter(wordlist_forms(language), keys))
        for language, known in candidates
        if known.count(b"1") >= TYPO_WORDS
    }
    # A phrase valid in one wordlist ends there in every reading: a word next to it that is one edit away from
    # another language's word ("urgent", French "argent") is prose, not that phrase's misspelt first word.
    valid_anywhere = sorted({window for valid in windows.values() for window in valid})
    for language, known in candidates:
        if language not in windows:
            continue
        fuzzy_ok = script in ("latin", "cyrillic")

        def is_fuzzy(i: int, language: str = language, fuzzy_ok: bool = fuzzy_ok) -> bool:
            return fuzzy_ok and _is_fuzzy(keys[i], language)

        def is_typo(i: int, language: str = language, fuzzy_ok: bool = fuzzy_ok) -> bool:
            # Two typos in 12 words: a 3-letter word missing a letter ("pah" for "path") counts too.
            return fuzzy_ok and (_is_fuzzy(keys[i], language) or (len(keys[i]) == 3 and keys[i] in _deletes(language)))

        def is_end_typo(i: int, language: str = language, fuzzy_ok: bool = fuzzy_ok) -> bool:
            # A misspelt first or last word of a phrase: a 2- or 3-letter word one edit from a 3-letter one too.
            return fuzzy_ok and (_is_fuzzy(keys[i], language) or _is_short_typo(keys[i], language))

        language_forms = wordlist_forms(language)

        def is_inflected(i: int, forms: dict[str, int] = language_forms) -> bool:
            # "thanks", "used": a wordlist word with an "s" or "d", prose rather than a misspelt phrase word.
            return keys[i][-1:] in ("s", "d") and keys[i][:-1] in forms

        _report(
            tokens,
            known,
            windows[language],
            findings,
            is_fuzzy=is_fuzzy,
            is_inflected=is_inflected,
            glue_exempt=language == "english" and not context,
            keys=keys,
            is_typo=is_typo,
            valid_anywhere=valid_anywhere,
            is_end_typo=is_end_typo,
        )


_HALVES_TEXT = 2048  # characters of a text read whole (_find_in_message): a chat message
_HALVES_LONG_TEXT = 16_384  # a longer message (an e-mail) is read in overlapping pieces of _HALVES_TEXT


def _in_pieces(
    text: str, find: Callable[[str, list[tuple[int, int, float]]], None], findings: list[tuple[int, int, float]]
) -> None:
    """find(text, findings) over a message, or over overlapping pieces of a longer one (up to _HALVES_LONG_TEXT):
    a phrase in two halves at the end of a long e-mail is read as in a chat message. Overlapping by half a piece,
    every phrase lies whole in one."""
    if len(text) <= _HALVES_TEXT:
        find(text, findings)
        return
    if len(text) > _HALVES_LONG_TEXT:
        return
    step = _HALVES_TEXT // 2
    for start in range(0, len(text) - step, step):
        found: list[tuple[int, int, float]] = []
        find(text[start : start + _HALVES_TEXT], found)
        findings += [(s + start, e + start, c) for s, e, c in found]


def _find_in_message(
    text: str, ascii_text: bytes | None, findings: list[tuple[int, int, float]], *, context: bool, mend: bool = True
) -> None:
    """Over the whole of a message, where prose or short pieces may cut the word runs that _scan_tokens reads: a
    phrase in two halves with prose between them, and slips of the space bar that leave a piece of one or two
    letters ("ca se") or two slips in one phrase."""
    is_ascii = text.isascii()
    if ascii_text is not None:
        # Wordlist words in ASCII first (one translation and a split, in C): all of them in ASCII text, half at
        # least in Latin text with accents (an accented word still has ASCII pieces); Chinese chat has none.
        pieces = ascii_text.translate(_ASCII_TOKENS).split()
        if _ascii_wordlist_words(pieces) < (_DENSE_WORDS if is_ascii else _DENSE_WORDS // 2):
            return
    run = _latin_folded(text)
    if not run.isascii() and _SCRIPT_LETTER.search(run):
        # Chinese, Cyrillic ...: their phrases are read by script; the Latin words among them are read here, with
        # every other character a space (offsets kept), so that a Latin phrase in halves inside Chinese prose is
        # found as in English prose (its halves only: slips of the space bar are mended in Latin text).
        run = _NOT_ASCII.sub(" ", run)
        mend = False
    counted = is_ascii and ascii_text is not None  # counted above, on the same tokens
    words = run.encode("ascii", "replace").translate(_ASCII_TOKENS).split()
    # (Halves only: a phrase's words and one more, at least, two stretches of four of them among them.)
    if not counted and _ascii_wordlist_words(words) < (_DENSE_WORDS if mend else MIN_WORDS + 1):
        return
    if not mend and not _two_stretches(words):
        return
    tokens = _tokens(text, 0, len(text), folded=True, run=run)
    languages_of = _latin_languages_of()
    keys = [t[2] for t in tokens if t[2] not in _CONNECTORS]
    if len(keys) < len(tokens):
        tokens = [t for t in tokens if t[2] not in _CONNECTORS]
    if mend:
        _mend(tokens, keys, findings, list(findings), context=context)
    masks = bytes(languages_of.get(k, 0) for k in keys)
    for bit, language in enumerate(SCRIPTS["latin"]):
        known = masks.translate(_BIT_TABLES[bit])
        if known.count(b"1") < MIN_WORDS + 1:
            continue
        position_of = _position_getter(wordlist_forms(language), keys)
        for first, second in _halves(known, position_of, keys):
            findings += [(tokens[lo][0], tokens[hi - 1][1], 0.9) for lo, hi in (first, second)]
        # Three stretches of three wordlist words or more, or four of two (one same filler between them).
        if len(_THREE_ONES.findall(known)) >= 3 or len(_TWO_ONES_GATE.findall(known)) >= 4:
            for chunks in _chunks(known, position_of, keys, lambda: context or seed_context_in(text)):
                findings += [(tokens[lo][0], tokens[hi - 1][1], 0.9) for lo, hi in chunks]


def _find_cyrillic_halves(text: str, findings: list[tuple[int, int, float]]) -> None:
    """_halves over a message's Russian words ("my phrase starts <9 words>\nand on the back of the card:\n<9
    words>"): the Latin search (_find_in_message) reads Latin words only."""
    if len(text) > _HALVES_TEXT:
        return
    forms = wordlist_forms(SCRIPTS["cyrillic"][0])
    tokens = _tokens(text, 0, len(text), folded=True)
    keys = [t[2] for t in tokens]
    known = bytes(49 if key in forms else 48 for key in keys)
    if known.count(b"1") < MIN_WORDS + 1:
        return
    for first, second in _halves(known, _position_getter(forms, keys), keys):
        findings += [(tokens[lo][0], tokens[hi - 1][1], 0.9) for lo, hi in (first, second)]


def _ends(edge: int, other: int, keys: list[str], step: int, *, inner_edge: bool = False) -> set[int]:
    """Where a half may start (step 1) or end (step -1, edge exclusive) inside a stretch from edge to other: at
    its edge, one word in, or past the function words at its edge ("... eye please what now"); at an edge that
    faces prose (inner_edge: between the halves, or after the second), two words in too ("... path\n(sorry, the
    rest is on another page)\ncake ... sauce Please help!": "sorry", "another page", "Please help")."""
    inner = edge if step == 1 else edge - 1
    while inner != other and keys[inner] in _GLUE:
        inner += step
    return {edge, edge + step, inner if step == 1 else inner + 1} | ({edge + 2 * step} if inner_edge else set())


_HALF_MIN = 4  # words of a half at least
_HALF_GAP = 30  # tokens of prose between the two halves of a phrase at most ("and then the second half is")
# Words of each half at least, for two function words in them to be a phrase's (12 random words hold two of _GLUE
# about once in 40: "humor secret decade evidence zone also", "account goddess baby sudden will river").
_HALF_LONG = 6


def _halves(
    known: bytes, position_of: Callable[[int], int], keys: list[str]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """A phrase typed in two halves with a few words of prose between them ("the first half is ... and then the
    second half is ..."): two neighbouring stretches of four or more wordlist words (known: b"1") that make a
    phrase's length and a valid checksum together, as their token ranges. A stretch may hold a prose word at
    either end that happens to be a wordlist word ("then", "what now"); the checksum decides, and a sentence's
    function words among the half's words say prose."""
    stretches = [m.span() for m in _FOUR_ONES.finditer(known)]
    out = []
    for (a, b), (c, d) in itertools.pairwise(stretches):
        if c - b > _HALF_GAP or (b - a) + (d - c) - 4 > max(CHECKSUM_LENGTHS):
            continue
        found: list[tuple[tuple[int, int], tuple[int, int]]] = []
        for lo1, hi1, lo2, hi2 in itertools.product(
            _ends(a, b, keys, 1),
            _ends(b, a, keys, -1, inner_edge=True),
            _ends(c, d, keys, 1, inner_edge=True),
            _ends(d, c, keys, -1, inner_edge=True),
        ):
            if hi1 - lo1 >= _HALF_MIN and hi2 - lo2 >= _HALF_MIN and (hi1 - lo1) + (hi2 - lo2) in CHECKSUM_LENGTHS:
                glue = sum(keys[k] in _GLUE for k in (*range(lo1, hi1), *range(lo2, hi2)))
                if glue > (2 if min(hi1 - lo1, hi2 - lo2) >= _HALF_LONG else 1):
                    continue  # a sentence's function words ("you have ... that"): prose
                if checksum_valid([position_of(k) for k in (*range(lo1, hi1), *range(lo2, hi2))]):
                    # Every valid reading, not the first: one may be valid by chance (a prose word in, a phrase
                    # word out), and the phrase is what they cover together.
                    found.append(((lo1, hi1), (lo2, hi2)))
        out += found
    return out


_THREE_ONES = re.compile(rb"1{3,}")  # (_ONES, every stretch, and _TWO_ONES_GATE are above)
_CHUNK_GAP = 8  # tokens between two chunks at most: "um", "then I wrote", "is that right? ... or was it"
_CHUNK_GLUE = 2  # function words among a chunked phrase's words at most (_halves' long halves allow as many)
_CHUNK_TRIMS = 2  # words at the pieces' edges left out at most
_CHUNK_DENSITY = 0.5  # the phrase's share of the tokens from its first word to its last, at least
# Wordlist words that name what the pieces are, left out of a piece's edge for nothing (English "phrase", "word",
# "seed"; "next", "last" and "then" introduce a piece).
_CHUNK_EDGE_WORDS = frozenset(["phrase", "word", "seed", "secret", "next", "last", "then", "that", "right"])


def _chunks(
    known: bytes, position_of: Callable[[int], int], keys: list[str], told: Callable[[], bool]
) -> list[list[tuple[int, int]]]:
    """_chunk_readings with the words about phrases at the stretches' edges left out, and with them kept (a
    phrase may hold "that" or "seed")."""
    spans = [m.span() for m in _THREE_ONES.finditer(known)]
    stripped = []
    for lo, hi in spans:
        while lo < hi and keys[lo] in _CHUNK_EDGE_WORDS:
            lo += 1
        while hi > lo and keys[hi - 1] in _CHUNK_EDGE_WORDS:
            hi -= 1
        if hi - lo >= 3:
            stripped.append((lo, hi))
    told_once: list[bool] = []

    def told_cached() -> bool:
        if not told_once:
            told_once.append(told())
        return told_once[0]

    found = _chunk_readings(stripped, position_of, keys, told_cached)
    if stripped != spans:
        found += _chunk_readings(spans, position_of, keys, told_cached)
    # Pieces of a few words with one same filler between every two ("a b um c d e um f g ..."): the filler's
    # regularity says what the words are, as the sieve's does for a filler between every two words. (Read where a
    # reading above was found too: one valid by chance may cover part of a longer phrase.)
    pieces = [m.span() for m in _ONES.finditer(known)]
    if len(pieces) >= 4 and any(hi - lo >= 2 for lo, hi in pieces):
        found += _chunk_readings(pieces, position_of, keys, lambda: False, regular_only=True)
    return found


def _chunk_readings(
    stretches: list[tuple[int, int]],
    position_of: Callable[[int], int],
    keys: list[str],
    told: Callable[[], bool],
    *,
    regular_only: bool = False,
) -> list[list[tuple[int, int]]]:
    """A phrase given in three pieces or more, with a filler or a few words between them ("about able media um
    dignity genre ivory um ...", "... then I wrote ... and last is ..."): neighbouring stretches of three or more
    wordlist words (known: b"1") that make a phrase's length and a valid checksum together, as token ranges. Up to
    two words at the pieces' edges may be prose that happens to be in the list ("is that right? genre ...").
    Unless the same filler stands between every two pieces, only where the message or the conversation talks
    about phrases (told): a piece of three list words is common in prose, and the checksum then decides alone.
    regular_only: the stretches are every run of list words (one word or more), taken only with one same filler
    between every two, and a word left out only before the first or after the last."""
    out: list[list[tuple[int, int]]] = []
    for i in range(len(stretches)):
        total = stretches[i][1] - stretches[i][0]
        for j in range(i + 1, len(stretches)):
            if stretches[j][0] - stretches[j - 1][1] > _CHUNK_GAP:
                break
            total += stretches[j][1] - stretches[j][0]
            if total - _CHUNK_TRIMS > max(CHECKSUM_LENGTHS):
                break
            if j - i < 2:
                continue  # two pieces are _halves'
            trims = [total - length for length in CHECKSUM_LENGTHS if 0 <= total - length <= _CHUNK_TRIMS]
            if not trims:
                continue
            pieces = stretches[i : j + 1]
            gaps = {tuple(keys[hi:lo]) for (_, hi), (lo, _) in itertools.pairwise(pieces)}
            if len(gaps) > 1 and (regular_only or not told()):
                continue
            for trim in trims:
                for cut in _edge_cuts(len(pieces), trim):
                    if regular_only and any(cut[1:-1]):
                        continue  # pieces of a few words: a word left out only before the first or after the last
                    ranges = [(lo + cut[2 * k], hi - cut[2 * k + 1]) for k, (lo, hi) in enumerate(pieces)]
                    if any(hi - lo < (1 if regular_only else 2) for lo, hi in ranges):
                        continue
                    words = [k for lo, hi in ranges for k in range(lo, hi)]
                    if sum(keys[k] in _GLUE for k in words) > _CHUNK_GLUE + len(words) // 12:
                        continue
                    if len(words) < _CHUNK_DENSITY * (ranges[-1][1] - ranges[0][0]):
                        continue  # more prose than phrase between the pieces: sentences that share list words
                    if checksum_valid([position_of(k) for k in words]):
                        out.append(ranges)
    return out


def _edge_cuts(pieces: int, trim: int) -> list[tuple[int, ...]]:
    """Every way of taking trim words (0 to 2) off the 2 * pieces edges of the pieces."""
    edges = 2 * pieces
    if trim == 0:
        return [(0,) * edges]
    cuts = []
    for combo in itertools.combinations_with_replacement(range(edges), trim):
        cut = [0] * edges
        for edge in combo:
            cut[edge] += 1
        cuts.append(tuple(cut))
    return cuts


_RESPACE_BUDGET = 2_048  # tokens of a text read again, mended, at most (a message's worth: 80 phrases)
_DENSE = MIN_WORDS + 3  # tokens of a 12-word phrase with two words each typed in two
_DENSE_WORDS = MIN_WORDS - 3  # wordlist words among them: 12 less two left out spaces, or two typos and a slip


def _inside(position: int, merged: list[tuple[int, int]]) -> bool:
    """Whether position lies in one of the sorted, disjoint (start, end) spans (_merged)."""
    k = bisect.bisect_right(merged, (position, float("inf"))) - 1
    return k >= 0 and position < merged[k][1]


def _mend(
    tokens: list[tuple[int, int, str]],
    keys: list[str],
    findings: list[tuple[int, int, float]],
    spans: list[tuple[int, int, float]],
    *,
    context: bool,
) -> None:
    """Read again, with slips of the space bar mended, the Latin tokens around every stretch dense in wordlist
    words that spans do not cover (the tokens as typed were read already)."""
    languages_of = _latin_languages_of()
    margin = max(CHECKSUM_LENGTHS)
    budget = _RESPACE_BUDGET
    ordered = _merged(sorted((start, end) for start, end, _ in spans))
    for lo, hi in _unfound_dense(tokens, keys, languages_of, spans):
        respaced, mended = _respaced(tokens[lo:hi], languages_of)
        # Only a mend where nothing was found yet: "car pet" inside a phrase found as typed would only stretch
        # that finding over the words around it.
        mended = [i for i in mended if not (_inside(respaced[i][0], ordered) and _inside(respaced[i][1] - 1, ordered))]
        for a, b in _merged([(max(0, i - margin), i + margin + 1) for i in mended]):
            if budget <= 0:
                return  # a text that is all slips (hostile): the rest as typed only
            budget -= b - a
            _scan_tokens(respaced[a:b], "latin", findings, context=context, repair=False)


_UNCOVERED = re.compile(rb"\x00+")


def _unfound_dense(
    tokens: list[tuple[int, int, str]], keys: list[str], vocabulary: dict[str, int], spans: list[tuple[int, int, float]]
) -> list[tuple[int, int]]:
    """[lo, hi) token ranges, with a phrase's length of margin, around every _DENSE tokens in a row that hold
    _DENSE_WORDS wordlist words and a token no span covers."""
    n = len(tokens)
    covered = bytearray(n)  # 1 where a span covers the token
    if spans:
        starts = [t[0] for t in tokens]
        for start, end, _ in spans:
            a = bisect.bisect_left(starts, start)
            b = bisect.bisect_left(starts, end)
            covered[a:b] = b"\x01" * (b - a)
    width = min(n, _DENSE)
    # The windows that hold an uncovered token: those that start less than width tokens before one.
    window_starts = _merged(
        [(max(0, m.start() - width + 1), min(m.end(), n - width + 1)) for m in _UNCOVERED.finditer(covered)]
    )
    ranges: list[tuple[int, int]] = []
    margin = max(CHECKSUM_LENGTHS)
    for first, last in window_starts:
        # known_sum[k]: wordlist words among tokens first .. first + k - 1
        known_sum = [0, *itertools.accumulate(keys[k] in vocabulary for k in range(first, min(n, last - 1 + width)))]
        if known_sum[-1] < _DENSE_WORDS:
            continue
        ranges += [
            (max(0, i - margin), min(n, i + width + margin))
            for i in range(first, last)
            if known_sum[i - first + width] - known_sum[i - first] >= _DENSE_WORDS
        ]
    return _merged(ranges)


_SPLIT_MIN = 6  # letters of a token that may be two words run together ("keygoose"): two of 3 at least


def _cut_into_words(key: str, whole: frozenset[str]) -> list[int]:
    """Where to cut key into two or three whole wordlist words of 3 letters or more ("ruidoofertapermiso"), or []."""
    heads = [cut for cut in range(3, len(key) - 2) if key[:cut] in whole]
    for cut in heads:
        if key[cut:] in whole:
            return [cut]  # two words before three: "fincanafili" is "fincan afili", not "fin can afili"
    for cut in heads:
        for second in range(cut + 3, len(key) - 2):
            if key[cut:second] in whole and key[second:] in whole:
                return [cut, second]
    return []


def _respaced(
    tokens: list[tuple[int, int, str]], vocabulary: dict[str, int]
) -> tuple[list[tuple[int, int, str]], list[int]]:
    """tokens with a space typed inside a word taken out ("seg ment" -> "segment", "oso lit" -> "osolit") and one
    left out put back ("keygoose" -> "key goose"), where the repaired word stands next to a wordlist word; and
    the indices of the mended tokens in the new list. The caller reads the tokens as typed as well: two words of
    a phrase may make a third ("car pet")."""
    keys = [t[2] for t in tokens]
    known = [k in vocabulary for k in keys]
    # What a mend makes are whole words: with the 4-letter starts a list also accepts, "recovery" would read as
    # "reco very".
    whole = _joined_vocabulary()[0]
    out: list[tuple[int, int, str]] = []
    mended: list[int] = []
    i = 0
    n = len(tokens)
    while i < n:
        start, end, key = tokens[i]
        beside = (i > 0 and known[i - 1]) or (i + 2 < n and known[i + 2])
        if beside and i + 1 < n and key + keys[i + 1] in whole:
            mended.append(len(out))
            out.append((start, tokens[i + 1][1], key + keys[i + 1]))
            i += 2
            continue
        if not known[i]:
            beside = (i > 0 and known[i - 1]) or (i + 1 < n and known[i + 1])
            if beside and len(key) >= _SPLIT_MIN and end - start == len(key):
                cuts = _cut_into_words(key, whole)
                if cuts:
                    mended.append(len(out))
                    bounds = [0, *cuts, len(key)]
                    out += [(start + a, start + b, key[a:b]) for a, b in itertools.pairwise(bounds)]
                    i += 1
                    continue
        out.append(tokens[i])
        i += 1
    return out, mended


def _glued(keys: list[str]) -> bool:
    """Whether every 12 consecutive words of keys hold three function words (an English sentence does; a phrase
    with a few such words typed before or after it does not, in its own 12)."""
    glue = [k in _GLUE for k in keys]
    width = min(len(keys), MIN_WORDS + 1)
    return all(sum(glue[i : i + width]) >= 3 for i in range(len(keys) - width + 1))


def _report(
    tokens: list[tuple[int, int, str]],
    known: bytes,
    valid: list[tuple[int, int]],
    findings: list[tuple[int, int, float]],
    *,
    is_fuzzy: Callable[[int], bool],
    glue_exempt: bool,
    keys: list[str] | None = None,
    is_typo: Callable[[int], bool] | None = None,
    valid_anywhere: Sequence[tuple[int, int]] = (),
    is_end_typo: Callable[[int], bool] | None = None,
    is_inflected: Callable[[int], bool] = lambda i: True,
) -> None:
    """Append the flagged ranges (whole) and every checksum-valid window to findings. valid_anywhere: the
    windows valid in any wordlist of the script (a phrase valid in one ends there in every reading)."""
    for lo, hi in valid:
        findings.append((tokens[lo][0], tokens[hi - 1][1], 1.0))
    bounds = [*valid, *valid_anywhere]
    complete = frozenset([lo for lo, _ in bounds] + [-hi for _, hi in bounds])  # starts, and ends (negated)
    for lo, hi, core_lo, core_hi in _flagged(
        known, is_fuzzy, complete, is_typo, is_end_typo, bounds, is_inflected=is_inflected
    ):
        inside = [(v_lo, v_hi) for v_lo, v_hi in valid if v_lo < hi and lo < v_hi]
        elsewhere = [(v_lo, v_hi) for v_lo, v_hi in valid_anywhere if v_lo < hi and lo < v_hi]
        if not inside and elsewhere:
            # A phrase valid in another wordlist: this reading's near words around it ("urgent", one edit from
            # French "argent") are prose unless more than a word or two are left over.
            _report_rest(tokens, lo, hi, elsewhere, findings)
            continue
        if not inside:
            if (
                glue_exempt
                and keys is not None
                and core_hi - core_lo <= max(CHECKSUM_LENGTHS)
                and _glued(keys[core_lo:core_hi])
            ):
                continue  # an ordinary English sentence that happens to use only wordlist words
            findings.append((tokens[lo][0], tokens[hi - 1][1], 0.9))
            continue
        # A complete phrase inside: report it exactly, and what is left of the range only where it is more than
        # a word or two typed around the phrase ("seed: <phrase>"); a longer rest may be the rest of a longer
        # phrase whose checksum a misspelt word broke.
        covered = [False] * (hi - lo)
        for v_lo, v_hi in inside:
            for i in range(max(v_lo, lo), min(v_hi, hi)):
                covered[i - lo] = True
        # A range with misspelt words (a phrase with typos) whose checksum is valid by chance on a window: the
        # rest of its core is the phrase's too, however short. After a valid window, a short misspelt word
        # ("haf") counts too; before one, it may be the end of an e-mail address ("example.com <phrase>").
        misspelt = [k for k in range(lo, hi) if known[k] != 49 and (is_typo or is_fuzzy)(k)]
        # A short misspelt word that _flagged took in at an end ("sue" for "use") is the phrase's too.
        short_ends = [k for k in (lo, hi - 1) if known[k] != 49 and not is_fuzzy(k) and is_end_typo and is_end_typo(k)]
        mangled = any(is_fuzzy(k) for k in misspelt) or bool(short_ends)
        # A rest of more than two words means the valid window is a chance one inside a longer phrase: then a
        # shorter rest at the other end is the phrase's too.
        # So does a short rest next to overlapping valid windows of which none holds the others (at least one
        # valid by chance: the phrase is their union and more).
        gaps = _uncovered(covered)
        union = (min(v_lo for v_lo, _ in inside), max(v_hi for _, v_hi in inside))
        # So do three words left over in all (a chance window inside a longer phrase with a misspelt word: "immune
        # coffee <12 valid by chance> risk"), and a range one word short of a phrase longer than 15 (21 valid by
        # chance, 2 left, of 24 words with one missing).
        left = sum(j - i for i, j in gaps)
        longer = (
            any(j - i > 2 for i, j in gaps)
            or left > 2
            or union not in inside
            or (hi - lo + 1 in CHECKSUM_LENGTHS and hi - lo + 1 > 15 and left > 0)
        )
        # A word typed twice: left over beside the window, it is one of the phrase's words ("torch torch sweet ...");
        # twice in a row (a word or two so) inside a range a phrase's length but for them (and a word of the prose
        # glued to it), a chance window may leave out the phrase's first or last words ("辅，筹，屈，误，塔，塔，消
        # ...", "kitchen arena until until glad glad word ...").
        keys_in = [tokens[k][2] for k in range(lo, hi)]
        pairs = sum(a == b for a, b in itertools.pairwise(keys_in))
        doubled = 0 < pairs < _DOUBLED and any(hi - lo - pairs - k in CHECKSUM_LENGTHS for k in (0, 1))
        phrase_words = {keys_in[k] for k in range(hi - lo) if covered[k]}
        glued_window = any(tokens[k][2] in _JOINING for v_lo, v_hi in inside for k in range(v_lo, v_hi))
        for i, j in gaps:
            in_core = lo + i < core_hi and core_lo < lo + j
            # A misspelt word at an end that _flagged took in (the range is no valid phrase as a whole).
            misspelt_end = (i == 0 and known[lo] != 49) or (j == hi - lo and known[hi - 1] != 49)
            repeated = doubled or any(keys_in[k] in phrase_words for k in range(i, j))
            # A word typed as the phrase's words are (the same separators), beside a valid window that holds one of
            # prose's function words: the window may be a chance one that took in a word of the customer's between
            # two halves and left out the phrase's real last word ("... roast then benefit ... curious artist").
            # Redacted first, as a run of 12 or more wordlist words is. (Without such a word the window is the
            # phrase, and "hello" before it the customer's.)
            same_run = (
                glued_window
                and known.count(b"1", lo + i, lo + j) == j - i
                and _typed_alike(tokens, lo, hi, lo + i, lo + j)
            )
            if longer or misspelt_end or repeated or same_run or (in_core and (mangled or (i > 0 and bool(misspelt)))):
                findings.append((tokens[lo + i][0], tokens[lo + j - 1][1], 0.9))


# Words a customer joins the halves of a phrase with ("<6 words> then <6 words>", "... next ...", "... more ..."),
# that are wordlist words too: prose's function words and a few more.
_JOINING = _GLUE | frozenset(
    [
        "next",
        "more",
        "plus",
        "after",
        "later",
        "second",
        "half",
        "rest",
        "part",
        "another",
        "last",
        "final",
        "first",
        "follow",
        "below",
        "continue",
        "remain",
    ]
)
_DOUBLED = 3  # words typed twice in a row in a phrase, fewer than ("abandon abandon ..." is a test vector, no slip)


# The text find_seed_phrases is reading (token offsets are into it), for the few rules that look at separators.
_SCANNED: ContextVar[str | None] = ContextVar("_SCANNED", default=None)


def _typed_alike(tokens: list[tuple[int, int, str]], lo: int, hi: int, gap_lo: int, gap_hi: int) -> bool:
    """Whether the tokens gap_lo:gap_hi of the range lo:hi are apart from their neighbours by what the rest of the
    range's words are apart by, all alike ("a b c", not "seed: a b c", "a, b, c - d" or "...&page=")."""
    text = _SCANNED.get()

    def between(k: int) -> str | int:
        start, end = tokens[k][1], tokens[k + 1][0]
        return text[start:end] if text is not None and end <= len(text) else end - start

    inner = {between(k) for k in range(lo, hi - 1) if not gap_lo - 1 <= k < gap_hi}
    edges = {between(k) for k in range(max(lo, gap_lo - 1), min(hi - 1, gap_hi))}
    return len(inner) == 1 and edges <= inner


def _uncovered(covered: list[bool]) -> list[tuple[int, int]]:
    """The maximal stretches [i, j) of False in covered."""
    out = []
    i = 0
    while i < len(covered):
        if covered[i]:
            i += 1
            continue
        j = i
        while j < len(covered) and not covered[j]:
            j += 1
        out.append((i, j))
        i = j
    return out


def _report_rest(
    tokens: list[tuple[int, int, str]],
    lo: int,
    hi: int,
    windows: list[tuple[int, int]],
    findings: list[tuple[int, int, float]],
) -> None:
    """The parts of tokens[lo:hi] outside windows that are longer than two tokens."""
    covered = [False] * (hi - lo)
    for v_lo, v_hi in windows:
        for i in range(max(v_lo, lo), min(v_hi, hi)):
            covered[i - lo] = True
    i = 0
    while i < hi - lo:
        j = i
        while j < hi - lo and covered[j] == covered[i]:
            j += 1
        if not covered[i] and j - i > 2:
            findings.append((tokens[lo + i][0], tokens[lo + j - 1][1], 0.9))
        i = j


_ASCII_LOWER_TOKEN = re.compile("[a-z]+")


def _tokens(text: str, start: int, end: int, *, folded: bool, run: str | None = None) -> list[tuple[int, int, str]]:
    """The tokens of text[start:end]; run: that text _latin_folded already, if known."""
    # Kana, Hangul and Han keep their NFKC form: stripping "combining" marks would drop dakuten and jamo.
    if folded:
        run = _latin_folded(text[start:end]) if run is None else run  # "Ábaco" -> "Abaco", offsets kept
        if run.isascii():  # the same tokens, folded (lower-cased) all at once
            return [(start + m.start(), start + m.end(), m.group()) for m in _ASCII_LOWER_TOKEN.finditer(run.lower())]
    return [(m.start(), m.end(), fold(m.group()) if folded else m.group()) for m in _TOKEN.finditer(text, start, end)]


@lru_cache(maxsize=1)
def _latin_fold_table() -> dict[int, str]:
    """Each Latin letter with a diacritic whose fold() is one ASCII letter -> that letter (so that a Spanish or
    Turkish run folds with str.translate, in C, and keeps its offsets)."""
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = fold(chr(code))
        if len(folded) == 1 and folded.isascii() and folded.isalpha() and chr(code).isalpha():
            table[code] = folded
    return table


def _han_tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(i, i + 1, text[i]) for i in range(start, end) if "\u3400" <= text[i] <= "\ufaff"]


# Four to twenty Chinese characters typed one at a time (separators between them), none glued to a sentence.
_HAN_SPACED = re.compile(f"(?<![{_HAN}])[{_HAN}](?:[\\W\\d_]{{1,6}}[{_HAN}]){{3,19}}(?![{_HAN}])")
_HAN_HALF_GAP = 80  # characters between the two halves at most ("\n（卡片背面）\n", "然后下面一行")
_HAN_SEPARATORS = (" ", "\u3000", "、")
_HAN_HALVES_SEPARATORS = 6


def _find_han_halves(text: str, findings: list[tuple[int, int, float]]) -> None:
    """A Chinese phrase typed one character at a time in two halves with prose between them ("刊 措 隙 划 建 纬\n
    （卡片背面）\n淡 利 衡 责 立 屋"): two neighbouring spaced runs whose characters make a phrase's length and a
    valid checksum together (neither half is 11 words, so no run search finds them)."""
    if len(text) > _HALVES_TEXT or sum(map(text.count, _HAN_SEPARATORS)) < _HAN_HALVES_SEPARATORS:
        return  # (two runs of four characters have six separators at least)
    runs = [m.span() for m in _HAN_SPACED.finditer(text)]
    if len(runs) < 2:
        return
    forms = wordlist_forms(HAN_CHECK[0])
    pieces = []
    for start, end in runs:
        tokens = _han_tokens(text, start, end)
        pieces.append((start, end, [forms.get(key) for _, _, key in tokens]))
    for (s1, e1, first), (s2, e2, second) in itertools.pairwise(pieces):
        if s2 - e1 > _HAN_HALF_GAP or len(first) + len(second) not in CHECKSUM_LENGTHS:
            continue
        indices = [i for i in first + second if i is not None]
        if len(indices) == len(first) + len(second) and checksum_valid(indices):
            findings += [(s1, e1, 0.9), (s2, e2, 0.9)]


def _line_trimmed(text: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The tokens of a spaced Han run without a first or last character that another line's sentence holds, glued
    to it ("...围 辟\n然后下面一行\n薯 卢 ...": "然" and "行" are that line's words, not the phrase's), unless the
    phrase needs it: with it, and not without, the run is a whole phrase with a valid checksum ("...\n藏\n任帮帮我",
    "钱包助记词如下殊\n由\n...": the first or last word typed against the sentence around it)."""
    glued_last = len(tokens) > 1 and tokens[-1][1] < len(text) and _HAN_CHAR.match(text, tokens[-1][1]) is not None
    glued_first = len(tokens) > 1 and tokens[0][0] > 0 and _HAN_CHAR.match(text, tokens[0][0] - 1) is not None
    if not (glued_first or glued_last):
        return tokens
    last = glued_last and "\n" in text[tokens[-2][1] : tokens[-1][0]]
    first = glued_first and "\n" in text[tokens[0][1] : tokens[1][0]]
    trimmed = tokens[1 if first else 0 : len(tokens) - 1 if last else len(tokens)]
    if _whole_han_phrase(trimmed):
        return trimmed
    # A glued edge character that a whole phrase needs, or leaves out ("助记词:企\n殊\n...": 词 is the label's); where
    # two such phrases are valid (one by chance), both are kept: redaction first.
    whole = [
        (lo, hi)
        for lo in ((0, 1) if glued_first else (0,))
        for hi in ((len(tokens), len(tokens) - 1) if glued_last else (len(tokens),))
        if _whole_han_phrase(tokens[lo:hi])
    ]
    if whole:
        return tokens[min(lo for lo, _ in whole) : max(hi for _, hi in whole)]
    return trimmed


def _whole_han_phrase(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether the characters of tokens are a whole phrase of a Chinese list, its checksum valid."""
    if len(tokens) not in CHECKSUM_LENGTHS:
        return False
    forms = wordlist_forms(HAN_CHECK[0])
    indices = [forms.get(key) for _, _, key in tokens]
    return None not in indices and checksum_valid([i for i in indices if i is not None])


def find_seed_phrases(
    text: str, ascii_text: bytes | None = None, *, context: bool = False
) -> list[tuple[int, int, float]]:
    """Return (start, end, confidence) of leaked recovery phrases in normalised text, merged where they overlap.

    ascii_text, if given, is text.encode("ascii", "replace"). context: the conversation talks about recovery
    phrases (in this text or a previous turn), so that no wordlist run is taken for an ordinary sentence.
    """
    findings: list[tuple[int, int, float]] = []
    if len(text) < MIN_WORDS:
        return findings  # not even 11 Chinese characters
    scanned = _SCANNED.set(text)
    try:
        if not text.isascii() and _LOOSE_MARK.search(text):
            # Marks NFKC could not compose with their letter ("b\u0301", a strike-through): read without them.
            _find_without_marks(text, findings, context=context)
        else:
            _find_seed_phrases(text, ascii_text, findings, context=context)
        if text.count("\n") >= _RECURRING + 1 and len(text) <= _HALVES_LONG_TEXT:
            _find_in_log(text, findings, context=context)
        if len(text) <= _HALVES_LONG_TEXT and text.count('":') >= _JSON_PAIRS:
            _find_in_json(text, findings, context=context)
        if ("(" in text or "（" in text) and not text.isascii() and len(text) <= _HALVES_LONG_TEXT:
            _find_glossed_han(text, findings, context=context)
    finally:
        _SCANNED.reset(scanned)
    if len(findings) < 2:
        return findings
    merged: list[tuple[int, int, float]] = []
    for start, end, confidence in sorted(findings):
        # Overlapping, or apart by separators only (two halves of one phrase found by two scans).
        if merged and (start < merged[-1][1] or _SEPARATORS_ONLY.fullmatch(text, merged[-1][1], start)):
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), max(last[2], confidence))
        else:
            merged.append((start, end, confidence))
    return merged


_LOOSE_MARK = re.compile(f"[{_MARKS}]")
_UNMARKED = re.compile(f"[^{_MARKS}]+")
# A pasted chat log or table: the lines that recur (a speaker's name, a time stamp, "line 3:"), and the rulings of a
# table, between the lines of a phrase ("John: squeeze tuna join\nJohn: oil account solve\n...", "王伟, [12.03.24
# 10:10]\nnice sudden garlic scale\n...", "+--------+--------+\n| know   | rural  |\n+--------+..."). Each line's
# key is its letters, lower-cased; a head is what comes before a colon.
_LINE_HEAD = re.compile(r"(?:\[[^\]\n]{1,30}\][^\S\n]*)?[^:：\n\[]{1,30}?[:：][^\S\n]*")
_NO_LETTERS = re.compile(r"[\W\d_]+")
_RECURRING = 3  # times a line or a head recurs, at least, to be a log's
_TABLE_BAR = re.compile("[|│┃║]")
_SPEAKERS = 4  # speakers of a pasted chat at most


def _find_glossed_han(text: str, findings: list[tuple[int, int, float]], *, context: bool) -> None:
    """A Chinese phrase with each character glossed in English, read without the glosses."""
    glosses = [m.span() for m in _GLOSS_LATIN.finditer(text)]
    if len(glosses) < MIN_WORDS - 1:
        return
    kept: list[tuple[int, str]] = []
    at = 0
    for start, end in glosses:
        kept.append((at, text[at:start] + " "))  # (the gloss a space, mapped to its first character)
        at = end
    kept.append((at, text[at:]))
    _find_in_pieces(text, kept, findings, context=context)


_HEADER_LINE = 40  # characters of a header line at most


def _find_in_log(text: str, findings: list[tuple[int, int, float]], *, context: bool) -> None:
    """_find_seed_phrases on text without its recurring lines and heads and its rulings, findings mapped back."""
    lines = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, line))
        at += len(line) + 1
    heads = [_LINE_HEAD.match(line) for _, line in lines]
    line_keys = Counter(_NO_LETTERS.sub("", line).lower() for _, line in lines)
    head_keys = Counter(_NO_LETTERS.sub("", head.group()).lower() for head in heads if head is not None)
    pieces: list[tuple[int, str]] = []
    dropped = False
    # Rulings are dropped only between a table's rows (lines with its bars): a row of stars or dashes between the
    # items of a list (a document's style names, "Light List\n*****\nLight Grid") keeps them apart.
    table = _TABLE_BAR.search(text) is not None
    # Speakers taking turns ("Me: ...\nHim: ...\nMe: ..."): each head twice at least, three lines in all.
    speakers = {key for key, count in head_keys.items() if key and count >= 2}
    if sum(head_keys[key] for key in speakers) < _RECURRING or len(speakers) > _SPEAKERS:
        speakers = {key for key in speakers if head_keys[key] >= _RECURRING}
    joined = 0  # lines of wordlist words only that the reading joins to the words before them
    after_cut = False  # a line was dropped or a head taken off since the last line kept
    for (start, line), head in zip(lines, heads, strict=True):
        key = _NO_LETTERS.sub("", line).lower()
        ruling = not key and line.strip() and table
        if ruling or (key and len(line) <= _HEADER_LINE and line_keys[key] >= _RECURRING):
            dropped = after_cut = True  # a ruling, or a header line
            continue
        if head is not None:
            head_key = _NO_LETTERS.sub("", head.group()).lower()
            if head_key in speakers:
                start, line, dropped, after_cut = start + head.end(), line[head.end() :], True, True
        joined += after_cut and _wordlist_line(line)
        after_cut = False
        pieces.append((start, line + "\n"))
    # (A transcript's speakers and time stamps are cut too, but its lines are prose: the reading is one more scan
    # of the whole text, spent only where two lines or more of list words come out joined.)
    if dropped and joined >= 2:
        _find_in_pieces(text, pieces, findings, context=context)


def _wordlist_line(line: str, *, words: int = 2) -> bool:
    """Whether a line holds nothing but wordlist words (`words` or more), or list characters only."""
    tokens = _TOKEN.findall(line)
    if not tokens:
        return False
    if all(_HAN_CHAR.fullmatch(char) for token in tokens for char in token):
        han = _han_set()
        return all(char in han for token in tokens for char in token)
    vocabulary = latin_vocabulary()
    return len(tokens) >= words and all(_latin_folded(token.lower()) in vocabulary for token in tokens)


def _find_in_pieces(
    text: str, pieces: list[tuple[int, str]], findings: list[tuple[int, int, float]], *, context: bool
) -> None:
    """_find_seed_phrases on the pieces of text joined (each (start in text, its characters)), findings mapped back
    (a piece's last character may be a separator of the reading's own, mapped to the one before it)."""
    bare = "".join(piece for _, piece in pieces)
    origin: list[int] = []
    for start, piece in pieces:
        origin.extend(range(start, start + len(piece)))
    found: list[tuple[int, int, float]] = []
    _find_seed_phrases(bare, None, found, context=context)
    for start, end, confidence in found:
        findings.append((min(origin[start], len(text)), min(origin[end - 1] + 1, len(text)), confidence))


# A chat exported as JSON ('[{"from":"john","msg":"squeeze tuna join"}, ...]', JSON lines): the values of each key
# that recurs, read alone, one per line.
_JSON_PAIR = re.compile(r'"((?:[^"\\\n]|\\.){1,40})"[^\S\n]*:[^\S\n]*"((?:[^"\\\n]|\\.){1,400})"')
_JSON_PAIRS = 3  # "key": "value" pairs of one key at least


def _find_in_json(text: str, findings: list[tuple[int, int, float]], *, context: bool) -> None:
    by_key: dict[str, list[tuple[int, str]]] = {}
    for m in _JSON_PAIR.finditer(text):
        by_key.setdefault(m.group(1), []).append((m.start(2), m.group(2) + "\n"))
    for values in by_key.values():
        if len(values) >= _JSON_PAIRS and sum(_wordlist_line(value, words=1) for _, value in values) >= 2:
            _find_in_pieces(text, values, findings, context=context)


def _find_without_marks(text: str, findings: list[tuple[int, int, float]], *, context: bool) -> None:
    """_find_seed_phrases on text without its combining marks, the findings mapped back (each with the marks
    that follow its last letter)."""
    pieces = [(m.start(), m.group()) for m in _UNMARKED.finditer(text)]
    bare = "".join(piece for _, piece in pieces)
    origin: list[int] = []  # position in text of each character of bare
    for start, piece in pieces:
        origin.extend(range(start, start + len(piece)))
    found: list[tuple[int, int, float]] = []
    _find_seed_phrases(bare, None, found, context=context)
    for start, end, confidence in found:
        last = origin[end - 1] + 1
        while last < len(text) and _LOOSE_MARK.match(text, last):
            last += 1
        findings.append((origin[start], last, confidence))


# A word like "and" before the last word of a list in another script ("…, とおか and えんしゅう", "…, 毒 and 該",
# "…、浓和从"): a separator, as _CONNECTORS are between Latin words. 和, 及 and 与 only in a list of single
# characters, after two of them and before the last (in a sentence they join words, and a phrase typed in groups
# may hold one: "牲風步，菌及瓶").
_OTHER_LETTERS = f"{_HAN}{_KANA}{_HANGUL}\u0400-\u04ff"
_CONNECTOR_BETWEEN = re.compile(
    f"(?<=[{_OTHER_LETTERS}])[^\\S\\n]+(?:and|or|&|und|et|y|и|или|및|그리고|と|や)[^\\S\\n]+(?=[{_OTHER_LETTERS}])"
    f"|(?:(?<=[、，,][{_HAN}][、，,][{_HAN}])|(?<=[、，,] [{_HAN}][、，,] [{_HAN}]))[和及与與](?=[{_HAN}](?![{_HAN}]))",
    re.IGNORECASE,
)


def _without_connectors(text: str) -> str:
    """text with _CONNECTOR_BETWEEN's words as separators (offsets kept)."""
    return _CONNECTOR_BETWEEN.sub(lambda m: " " * len(m.group()) if m.group()[0].isspace() else "、", text)


# Chinese words between two halves of a phrase ("similar，然后是laundry", "... 还有 ...", "爷 掘，然后是康 搞"):
# separators, between Latin words (any few), or between Chinese characters typed one at a time (these).
# (Between Chinese characters, words of two characters or more only: 和 alone may be one of the phrase's.)
_ZH_FILLER = "(?:嗯+|呃+|唔+|额+|額+|啊+|那个|那個|就是|然后|然後|emm+|um+|uh+|er+)"
_ZH_COUNTED = (
    "(?:我记得|我記得|我想|好像)?(?:前|后|後|最后|最後|剩下|剩余|剩餘)(?:面|边|邊)?的?"
    "(?:[0-9]{1,2}|[一二两兩三四五六七八九十几幾]{1,3})[个個](?:词|詞|字|单词|單詞)?"
    "(?:应该|應該|大概|好像|可能)?[是为為]?"
)
_ZH_CONNECTOR_WORDS = "|".join(
    ("然后是", "然后", "还有", "還有", "接着是", "接著是", "接着", "接著", "再是", "以及", "最后是", "最後是")
    + ("后面是", "後面是", "下一个是", "下一個是", "之后是", "之後是", "剩下的是", "剩下的", "后面几个是", "後面幾個是")
    + ("后面的是", "後面的是", "下面一行", "下一行", "第二排", "第二行", "第二部分", "后半部分是", "後半部分是")
    + ("这些是", "這些是", "分别是", "分別是")
    # A filler between groups ("域重曼，嗯，回伐顺"), and English joining words ("域重曼回伐顺 and then 电 呼 崇").
    # (Fillers, 嗯 and 额, only set apart: _ZH_CONNECTOR's last alternative. Glued, 嗯 is a mistyped character of
    # the phrase, 额 and 啊 its words.)
    + ("and then", "and next", "after that", "und dann", "then", "and", "next", "plus")
    + ("接下来", "接下來", "接下来是", "一开始是", "一開始是", "前半", "后半", "後半")
    # A part counted ("前六个是", "后6个词是", "最后三个字：", "我记得后面六个应该是"): the words of the message
    # around it are no phrase's.
    + (_ZH_COUNTED,)
)
_ZH_CONNECTOR = re.compile(
    # Between Latin words, any few Chinese words ("，剩下的是", "\n第二排：", "下面一行"): the Latin search reads none.
    f"(?<=[A-Za-z\u00c0-\u024f\u0400-\u04ff])[\\s，,：:。;；.]*[{_HAN}]{{1,8}}[\\s，,：:。;；]*"
    f"(?=[A-Za-z\u00c0-\u024f\u0400-\u04ff])"
    # Between Chinese characters or groups of them ("掘，然后是康 搞", "柴隔宴刺副戏，然后是 霉撒孤亏图罐").
    f"|(?<=[{_HAN}])[\\s，,、。；;：:]*(?:{_ZH_CONNECTOR_WORDS})[^\\S\\n]*[：:]?[\\s，,、]*(?=[{_HAN}])"
    # A filler set apart by punctuation ("域重曼，嗯，回伐顺", "。嗯。", "（嗯）", "，那个，", ", um, "), or, not a
    # list character, by spaces ("域重曼 嗯 回伐顺").
    f"|(?<=[{_HAN}])[^\\S\\n]*[，,、。（(…～~][^\\S\\n]*{_ZH_FILLER}[^\\S\\n]*[，,、。）)…～~][^\\S\\n]*(?=[{_HAN}])"
    f"|(?<=[{_HAN}])[^\\S\\n]+(?:嗯+|呃+|唔+|emm+|um+|uh+)[^\\S\\n]+(?=[{_HAN}])"
    # Three dots or a tilde between groups ("帝妇啦…曲婆读…极机凡"): no sentence's end, a pause.
    f"|(?<=[{_HAN}])[^\\S\\n]*(?:…+|\\.{{3,}}|～+|~+)[^\\S\\n]*(?=[{_HAN}])"
    # A counted part opening the message ("前六个是…，我记得后面六个应该是…"): nothing before it to look behind at.
    f"|\\A[\\s，,：:]*(?:{_ZH_COUNTED}|前半(?:部分)?[是为]?|一开始是|一開始是)(?=[{_HAN}])"
)


# A word's translation in brackets after it ("thumb(放弃) dry(能力) ..."), as a customer glosses a phrase: a
# separator, as the connectors above.
_GLOSS = re.compile(
    f"(?<=[A-Za-z\u00c0-\u024f])[^\\S\\n]?(?:[(（\\[【][^\\S\\n]?[{_HAN}{_KANA}{_HANGUL}]{{1,6}}[^\\S\\n]?[)）\\]】]"
    f"|[=/\\-][^\\S\\n]?[{_HAN}{_KANA}{_HANGUL}]{{1,6}}(?![{_HAN}{_KANA}{_HANGUL}]))"
)
# ... and a Chinese phrase's characters glossed in English ("门(use) 门(disagree) ..."): read without the glosses.
_GLOSS_LATIN = re.compile(f"(?<=[{_HAN}])[^\\S\\n]?[(（][^\\S\\n]?[A-Za-z][A-Za-z '\\-]{{0,24}}[)）]")


# An aside in brackets between two words of a phrase ("grain cube (not sure, maybe different) door", "place (or
# void) glue"): a separator, so that the words either side are one run. Words in it, not a number ("word (11)").
_ASIDE = re.compile(r"(?<=[^\W\d_])[^\S\n]+\((?=[^()\n]*[^\W\d_][^\W\d_])[^()\n]{2,40}\)[^\S\n]+(?=[^\W\d_])")


# Czech "a" before the last word of a list ("…, pavouk, lichotka a dohled"): "a" is an English word of prose, so
# a run of words stops at it; after two words of a list apart by commas it joins the list's last two words (one
# comma is English too: "Thanks for your help, have a nice day").
_LIST_A = re.compile(
    r"(?<=[,，、])([^\S\n]*[^\W\d_]{3,12}[,，、][^\S\n]*[^\W\d_]{3,12})[^\S\n]+a[^\S\n]+"
    r"(?=[^\W\d_]{3,12}(?![^\W\d_]))"
)


# A Japanese phrase's first word glued to the particle before it ("言葉はちけん. てわけ. ..."), its last to the copula
# after it ("... むかえです"): the wordlist word without them.
_PARTICLES_BEFORE = "はがをのにもでとへ"
_AFTER_LAST = ("です", "でした", "だよ", "だ", "ね", "よ")


def _particles_apart(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Kana tokens with a particle glued to the first or a copula to the last taken off, where what is left is a
    wordlist word and the token as typed is not."""
    if len(tokens) < MIN_WORDS:
        return tokens
    forms = wordlist_forms(SCRIPTS["kana"][0])
    out = list(tokens)
    start, end, key = out[0]
    if key not in forms and len(key) > 2 and key[0] in _PARTICLES_BEFORE and key[1:] in forms:
        out[0] = (start + 1, end, key[1:])
    start, end, key = out[-1]
    if key not in forms:
        for tail in _AFTER_LAST:
            if key.endswith(tail) and key[: -len(tail)] in forms:
                out[-1] = (start, end - len(tail), key[: -len(tail)])
                break
    return out


def _find_seed_phrases(
    text: str, ascii_text: bytes | None, findings: list[tuple[int, int, float]], *, context: bool
) -> None:
    changed = False
    if not text.isascii() and _CONNECTOR_BETWEEN.search(text):
        text, changed = _without_connectors(text), True
    if not text.isascii() and _ZH_CONNECTOR.search(text):
        text, changed = _ZH_CONNECTOR.sub(lambda m: " " * len(m.group()), text), True
    if not text.isascii() and _GLOSS.search(text):
        text, changed = _GLOSS.sub(lambda m: " " * len(m.group()), text), True
    if "(" in text and _ASIDE.search(text):
        text, changed = _ASIDE.sub(lambda m: " " * len(m.group()), text), True
    if " a " in text and _LIST_A.search(text):
        text, changed = _LIST_A.sub(lambda m: m.group(1) + " " * (len(m.group()) - len(m.group(1))), text), True
    if changed and ascii_text is not None:
        ascii_text = text.encode("ascii", "replace")
    if len(text) >= _MIN_RUN_CHARS:
        for m in _LATIN_RUN.finditer(text):
            start, end = m.span()
            if end - start < _MIN_RUN_CHARS:
                continue
            run = _latin_folded(text[start:end])
            if _worth_scanning(run):
                _scan_tokens(_tokens(text, start, end, folded=True, run=run), "latin", findings, context=context)
    if _MIN_RUN_CHARS <= len(text) <= _HALVES_TEXT:
        _find_in_message(text, ascii_text, findings, context=context)
    elif len(text) <= _HALVES_LONG_TEXT:
        # A longer message (an e-mail): its halves, in one pass over its words; slips of the space bar are mended
        # in chat-sized messages only (the costlier search).
        _find_in_message(text, ascii_text, findings, context=context, mend=False)
    if len(text) >= JOINED_MIN_LETTERS and _JOINED_RUN.search(text):
        _find_joined(text, findings)
    if _ELEVEN_DIGITS.search(text) and len(_SHORT_NUMBER.findall(text)) >= MIN_WORDS:
        _find_numbered(text, findings)
    if text.isascii():
        return
    # _HAN_RUN.finditer(text), and whether _OTHER_SCRIPTS.search(text) finds anything, in one scan: the
    # other-script runs are never inside a Han run, except for the few non-letters of the Cyrillic block
    # (a separator there), looked for inside the Han runs.
    han_runs = []
    other_scripts = False
    for m in _HAN_RUN_OR_OTHER_SCRIPTS.finditer(text):
        if m.lastindex:
            han_runs.append(m.span())
            other_scripts = other_scripts or _OTHER_SCRIPTS.search(text, m.start(), m.end()) is not None
        else:
            other_scripts = True
    if other_scripts:
        for m in _CYRILLIC_RUN.finditer(text):
            if m.end() - m.start() >= _MIN_RUN_CHARS:
                _scan_tokens(_tokens(text, m.start(), m.end(), folded=True), "cyrillic", findings)
        _in_pieces(text, _find_cyrillic_halves, findings)
        for m in _KANA_RUN.finditer(text):
            # The list is in hiragana; the same words typed in katakana are the same phrase.
            tokens = [(s, e, _hiragana(key)) for s, e, key in _tokens(text, *m.span(), folded=False)]
            _scan_tokens(_particles_apart(tokens), "kana", findings)
        for m in _HANGUL_RUN.finditer(text):
            _scan_tokens(_tokens(text, m.start(), m.end(), folded=False), "hangul", findings)
        _find_unspaced(text, findings)
    for start, end in han_runs:
        found = len(findings)
        _scan_tokens(_line_trimmed(text, _han_tokens(text, start, end)), "han", findings)
        findings[found:] = [f for f in findings[found:] if not category_list(text[f[0] : f[1]])]
    _in_pieces(text, _find_han_halves, findings)
    # A contiguous phrase has 11 or more Han characters in a row (one search, in C, spares short messages).
    if _HAN_ELEVEN.search(text):
        _find_contiguous_han(text, findings, ascii_text)
        _find_delimited_han(text, findings, context=context)
        _find_glued_han(text, findings)
    if _HAN_PAIR.search(text):  # a group of two characters at least (one search, in C)
        _find_grouped_han(text, findings, context=context)
        if (context or seed_context_in(text)) and _not_listed_han().search(text):
            _find_grouped_han(text, findings, context=context, typo=True)


# Numbered words: "1) abandon 2) ability", "第1个 abandon 第2个 ability" (glued or not), "word 1 is abandon, word 2
# is ability", a table of two columns whose reading order interleaves them ("1 abandon   7 cage"). The number
# (after "#" or 第), then at most a word like "is", a counter (个, 位, 号) or a mark.
_NUMBERED_ITEM = re.compile(
    f"(?<!\\d)(?:#|第[^\\S\\n]?)?(\\d{{1,2}})(?!\\d)[^\\S\\n]{{0,4}}"
    f"(?:=>|->|[.):=\\-、：）\\]]|[个個位号號](?:单词|單詞|词|詞|字)?(?:是|为|為)?[:.、：]?|is(?![^\\W\\d_]))?[^\\S\\n]{{0,4}}"
    f"((?:[^\\W\\d_]|[{_MARKS}]){{1,16}}?)(?:(?![^\\W\\d_])|(?=第\\d))"
)
# ... or its number after it, in brackets ("始 (1)   袁 (2)", "wolf [1]").
_NUMBERED_AFTER = re.compile(
    f"(?<![^\\W\\d_])((?:[^\\W\\d_]|[{_MARKS}]){{1,16}})[^\\S\\n]{{0,4}}[(（\\[](\\d{{1,2}})[)）\\]]"
)
_BRACKETED_NUMBER = re.compile(r"[(（\[]\d{1,2}[)）\]]")  # _NUMBERED_AFTER's numbers, found first (quicker)
_NUMBERED_DISTINCT = 8  # different words of 11 numbered ones at least (12 random words of 2,048 are 10 or more)
_ITEM_GAP = 40  # characters between one numbered word and the next number ("\n", ", word ", a column's padding)


def _find_numbered(text: str, findings: list[tuple[int, int, float]]) -> None:
    """Numbered wordlist words, whatever their order in the text: 11 or more distinct numbers (1 to 24) whose
    words are wordlist words, 8 different ones at least, each item near the next (a word like "word" or "and"
    between them at most). The number before its word ("1. ", "[1] ", "1=>"), or after it in brackets."""
    _find_numbered_items(text, findings, _NUMBERED_ITEM, number=1, word=2)
    if len(_BRACKETED_NUMBER.findall(text)) >= MIN_WORDS - 1:
        _find_numbered_items(text, findings, _NUMBERED_AFTER, number=2, word=1)


def _find_numbered_items(
    text: str, findings: list[tuple[int, int, float]], items: re.Pattern[str], *, number: int, word: int
) -> None:
    start = end = -1
    numbers: set[int] = set()
    words: set[str] = set()
    for m in items.finditer(text):
        if start >= 0:
            gap = text[end : m.start()]
            if len(gap) > _ITEM_GAP or (not gap.isspace() and len(_TOKEN.findall(gap)) > 1):
                if len(numbers) >= MIN_WORDS and len(words) >= _NUMBERED_DISTINCT:
                    findings.append((start, end, 0.9))
                start = -1
        if start < 0:
            start, numbers, words = m.start(), set(), set()
        end = m.end()
        if len(numbers) < MIN_WORDS or len(words) < _NUMBERED_DISTINCT:  # enough: the rest only extends the span
            n = int(m.group(number))
            if 1 <= n <= max(CHECKSUM_LENGTHS) and _list_word(m.group(word)):
                numbers.add(n)
                words.add(m.group(word).lower())
    # A few words numbered ("1月、2月 ... 12月", "1号楼 ... 12号楼", "11月5日 ... 9月1日 ...") are a list, not a phrase.
    if start >= 0 and len(numbers) >= MIN_WORDS and len(words) >= _NUMBERED_DISTINCT:
        findings.append((start, end, 0.9))


def _list_word(token: str) -> bool:
    """Whether token is a word (or an accepted start of one) of any wordlist."""
    if len(token) < _SHORTEST_LATIN and token.isascii():
        return False  # the letters between the digits of a key ("K3p5"): no list has an ASCII word this short
    folded = fold(token)
    if folded in latin_vocabulary() or token in _han_set():
        return True
    return any(folded in wordlist_forms(s[0]) or token in wordlist_forms(s[0]) for s in _OTHER_LISTS)


_OTHER_LISTS = (SCRIPTS["cyrillic"], SCRIPTS["kana"], SCRIPTS["hangul"])
_SHORTEST_LATIN = 3  # letters of the shortest word of a Latin-script list (test_bip39 checks it)

# Words written without separators: "abandonabilityable...", "AbandonAbilityAble...". A run of Latin letters
# this long (12 words of at least 3 letters) is cut into wordlist words by dynamic programming.
JOINED_MIN_LETTERS = 36
# The letters segmented per text, at most (about 1 ms per 1,000); a single letter run longer than this is not
# language, and is redacted whole (redaction first) rather than read.
JOINED_BUDGET = 4_000
_JOINED_EDGE = 400  # letters read at each end of a longer run: 24 joined words of the longest wordlist fit
# Tried only where a letter run starts (the look-behind), so a text of short words costs one step per letter.
_JOINED_RUN = re.compile(f"(?<![{_LATIN}])[{_LATIN}]{{{JOINED_MIN_LETTERS},}}")
_CAMEL_PIECE = re.compile("[A-Z\u00c0-\u00de][a-z\u00df-\u00ff\u0300-\u036f]+")


@lru_cache(maxsize=1)
def _joined_vocabulary() -> tuple[frozenset[str], int, int]:
    """Every folded word of the Latin-script lists, with the shortest and longest length."""
    words: set[str] = set()
    for language in SCRIPTS["latin"]:
        words.update(w for w in _wordlist(language).index if w.isascii())
    return frozenset(words), min(map(len, words)), max(map(len, words))


def _joined_words(letters: str) -> int:
    """The most wordlist words in one chain of consecutive words inside letters (folded), "and" between two
    counting as nothing."""
    vocabulary, shortest, longest = _joined_vocabulary()
    chain = [0] * (len(letters) + 1)
    best = 0
    for end in range(shortest, len(letters) + 1):
        most = 0
        for start in range(max(0, end - longest), end - shortest + 1):
            piece = letters[start:end]
            if piece in vocabulary:
                most = max(most, chain[start] + 1)
            elif piece == "and" and chain[start]:
                most = max(most, chain[start])
        chain[end] = most
        best = max(best, most)
    return best


def _find_joined(text: str, findings: list[tuple[int, int, float]]) -> None:
    budget = JOINED_BUDGET
    for m in _JOINED_RUN.finditer(text):
        run = m.group()
        if len(run) > JOINED_BUDGET:
            # A blob of letters (base64 without digits, "xxxx..."): a joined phrase pasted at either end of it is
            # read; the blob itself is no phrase (redacting it whole answered any long letter run as a leak).
            for piece in (run[:_JOINED_EDGE], run[-_JOINED_EDGE:]):
                if fold(piece).isascii() and _joined_words(fold(piece)) >= MIN_WORDS + 1:
                    findings.append((m.start(), m.end(), 0.9))
                    break
            continue
        if len(run) > budget:
            return  # decoys spent the budget: the rest is left unread (docs/decisions.md)
        budget -= len(run)
        camel = _CAMEL_PIECE.findall(run)
        if len(camel) >= MIN_WORDS and sum(1 for piece in camel if fold(piece) in latin_vocabulary()) >= MIN_WORDS:
            findings.append((m.start(), m.end(), 0.9))  # capitals mark the words (BIP39's 4-letter forms too)
            continue
        folded = fold(run)
        if folded.isascii() and _joined_words(folded) >= MIN_WORDS + 1:
            findings.append((m.start(), m.end(), 0.9))


# Japanese and Korean phrases typed without spaces ("いのちてすりこんだて...", "가격가끔가난..."), or with spaces
# between some words only, or any separators: the kana (as hiragana) or Hangul of a stretch, what separates its
# letters dropped, is cut into wordlist words by dynamic programming, as _find_joined does for Latin letters. 12
# consecutive wordlist words are a phrase (redaction first): prose breaks such a chain with its particles and
# endings, which are no list words. A stretch ends at anything else: a digit, a letter of another script, the end
# of a sentence, a colon (what comes before it says what follows: "지갑 단어: "), or more than three separators in
# a row.
_UNSPACED_GAP = "[^\\w。．.！!？?:：]"  # a separator: not a letter or digit, no sentence's end, no colon
_UNSPACED_STRETCH = {
    script: re.compile(f"[{letters}]+(?:{_UNSPACED_GAP}{{1,3}}[{letters}]+)*")
    for script, letters in (("kana", _KANA), ("hangul", _HANGUL))
}
_UNSPACED_LETTER = {"kana": re.compile(f"[{_KANA}]"), "hangul": re.compile(f"[{_HANGUL}]")}
UNSPACED_BUDGET = 8_000  # letters segmented per text at most (about 1.5 ms per 1,000 of prose)
_UNSPACED_CHECKS = 2_000  # checksum windows tested per text at most (about 3 us each)
_UNSPACED_EDGE = 256  # letters read at each end of a stretch longer than what is left of the budget


@cache
def _unspaced_vocabulary(script: str) -> tuple[dict[str, int], int, int, str]:
    """The words of the script's list (-> position), the shortest and longest length, and the list's language."""
    language = SCRIPTS[script][0]
    words = _wordlist(language).index
    return words, min(map(len, words)), max(map(len, words)), language


@lru_cache(maxsize=1 << 14)  # pieces come again and again in a long text
def _near_word(piece: str, language: str) -> bool:
    """Whether piece is a word of language's list, or one letter away from one (changed, added or left out)."""
    return piece in _wordlist(language).index or _one_edit(piece, language)


def _find_unspaced(text: str, findings: list[tuple[int, int, float]]) -> None:
    budget = UNSPACED_BUDGET
    half_budget = UNSPACED_BUDGET  # for stretches too short for a phrase, which may hold half of one
    checks = [_UNSPACED_CHECKS]
    for script, stretch in _UNSPACED_STRETCH.items():
        vocabulary = _unspaced_vocabulary(script)
        halves: list[tuple[int, int, list[int]]] = []  # in the text's offsets
        for m in stretch.finditer(text):
            if m.end() - m.start() < _HALF_MIN * vocabulary[1]:
                continue
            origin = [letter.start() for letter in _UNSPACED_LETTER[script].finditer(text, m.start(), m.end())]
            if len(origin) < _HALF_MIN * vocabulary[1]:
                continue
            if len(origin) < MIN_WORDS * vocabulary[1]:  # half a phrase at most
                if len(origin) > half_budget:
                    continue
                half_budget -= len(origin)
                pieces = [origin]
            elif len(origin) <= budget:
                budget -= len(origin)
                pieces = [origin]
            elif budget >= 2 * _UNSPACED_EDGE:
                # Prose, or a blob: a phrase typed at either end of it is read, as _find_joined does.
                budget -= 2 * _UNSPACED_EDGE
                pieces = [origin[:_UNSPACED_EDGE], origin[-_UNSPACED_EDGE:]]
            else:
                break  # decoys spent the budget (docs/decisions.md)
            for piece in pieces:
                letters = "".join(text[i] for i in piece)
                if script == "kana":
                    letters = _hiragana(letters)  # one for one: offsets kept
                found: list[tuple[int, int, list[int]]] = []
                for lo, hi, confidence in _chains(letters, *vocabulary, found, checks):
                    findings.append((piece[lo], piece[hi - 1] + 1, confidence))
                halves += [(piece[lo], piece[hi - 1] + 1, positions) for lo, hi, positions in found]
        _unspaced_halves(text, halves, findings)


# Words of prose glued to either end of either half ("\n나머지는<half>": 나머지 is a list word), left out: one in all
# at most.
_HALF_CUTS = ((0, 0, 0, 0), (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1))
_UNSPACED_HALF_GAP = 40  # characters between the two halves of a phrase at most ("。\n残りは", "입니다. 나머지는")


def _unspaced_halves(
    text: str, halves: list[tuple[int, int, list[int]]], findings: list[tuple[int, int, float]]
) -> None:
    """A phrase typed in two chains with prose between ("...ほっさ。\n残りはのりゆき..."): two chains close together
    whose words, one word of prose at an end of either left out at most, make a checksum-valid phrase."""
    halves = sorted(halves, key=lambda half: half[0])
    for (a_lo, a_hi, a), (b_lo, b_hi, b) in zip(halves, halves[1:], strict=False):
        if b_lo - a_hi > _UNSPACED_HALF_GAP:
            continue
        for a_lo_cut, a_hi_cut, b_lo_cut, b_hi_cut in _HALF_CUTS:
            first, second = a[a_lo_cut : len(a) - a_hi_cut], b[b_lo_cut : len(b) - b_hi_cut]
            if (
                min(len(first), len(second)) >= _HALF_MIN
                and len(first) + len(second) in CHECKSUM_LENGTHS
                and checksum_valid(first + second)
            ):
                findings.append((a_lo, a_hi, 1.0))
                findings.append((b_lo, b_hi, 1.0))
                break


def _near_piece(letters: str, language: str, *, reverse: bool = False) -> int:
    """How many of letters' first letters (the longest such piece) are a word misspelt; 0 if none are. reverse:
    letters are reversed (the letters before a chain, nearest first)."""
    for k in range(len(letters), 0, -1):
        piece = letters[:k][::-1] if reverse else letters[:k]
        if _near_word(piece, language):
            return k
    return 0


_CHECKED_CHAIN = 4 * max(CHECKSUM_LENGTHS)  # words of a chain whose windows are checked at most


def _chains(
    letters: str,
    words: dict[str, int],
    shortest: int,
    longest: int,
    language: str,
    halves: list[tuple[int, int, list[int]]] | None = None,
    checks: list[int] | None = None,
) -> list[tuple[int, int, float]]:
    """The stretches [lo, hi) of letters that hold a phrase, with a confidence.

    A chain of consecutive words (cut by dynamic programming into the most words): where a window of it has a
    valid checksum, that window, and what is left of the chain only where it is more than two words (prose
    words of the list typed around a phrase stay: "지갑 단어"); a chain of MIN_WORDS words or more with no valid
    window, whole (redaction first); a chain with a misspelt word at an end where no valid window ends, whole
    with that word. MIN_WORDS words with one misspelt word among them (one letter changed, added or left out,
    in language's list), where that word is inside the phrase: the words
    make a phrase's length with it or without it, or neither side is a phrase of its own, or each side has
    three words at least (a word of prose before a phrase, "문구는<phrase>", stays).

    halves, if given, receives every chain of _HALF_MIN words or more: (start, end, their positions); checks, if
    given, holds how many checksum windows may still be tested (beyond it a chain is reported whole).
    """
    size = len(letters)
    count = [0] * (size + 1)  # the most words of a chain that ends here
    first = list(range(size + 1))  # where that chain starts
    back = list(range(size + 1))  # where its last word starts
    # The chain with one misspelt word in it (or right at its end) that has the most words and ends here: (its
    # words, where it starts, its words before the misspelt one, where that one starts and ends).
    mended: list[tuple[int, int, int, int, int] | None] = [None] * (size + 1)
    longest_mended: dict[int, tuple[int, tuple[int, int, int, int, int]]] = {}  # its start -> end, chain
    found: list[tuple[int, int, float]] = []
    for end in range(1, size + 1):
        best = mended[end]
        for start in range(max(0, end - longest - 1), end):
            if end - start >= shortest and letters[start:end] in words:
                if count[start] + 1 > count[end]:
                    count[end], first[end], back[end] = count[start] + 1, first[start], start
                chain = mended[start]
                if chain is not None and (best is None or chain[0] + 1 > best[0]):
                    best = (chain[0] + 1, *chain[1:])
            elif count[start] and (best is None or count[start] > best[0]) and _near_word(letters[start:end], language):
                best = (count[start], first[start], count[start], start, end)
        mended[end] = best
        if best is not None and best[0] >= MIN_WORDS and best[0] >= longest_mended.get(best[1], (0, (0,)))[1][0]:
            longest_mended[best[1]] = (end, best)
    # Each chain at its longest: of MIN_WORDS words or more, read below; any of _HALF_MIN words or more may be
    # half a phrase (halves).
    longest_any: dict[int, int] = {}
    for end in range(size + 1):
        if count[end] >= _HALF_MIN and count[end] >= count[longest_any.get(first[end], end)]:
            longest_any[first[end]] = end
    longest_chain = {lo: hi for lo, hi in longest_any.items() if count[hi] >= MIN_WORDS}
    for lo, hi in longest_any.items():
        bounds = [hi]
        while bounds[-1] > lo:
            bounds.append(back[bounds[-1]])
        bounds.reverse()  # where each word starts, and the chain's end
        n = len(bounds) - 1
        positions = [words[letters[bounds[k] : bounds[k + 1]]] for k in range(n)]
        if halves is not None:
            halves.append((lo, hi, positions))
        if n < MIN_WORDS:
            continue
        windows = sum(max(0, n - length + 1) for length in CHECKSUM_LENGTHS)
        valid = []
        if n <= _CHECKED_CHAIN and (checks is None or checks[0] >= windows):
            if checks is not None:
                checks[0] -= windows
            valid = [
                (k, k + length)
                for length in CHECKSUM_LENGTHS
                for k in range(n - length + 1)
                if checksum_valid(positions[k : k + length])
            ]
        # A window valid by chance may overlap the phrase's own: a longer valid window wins; of two as long, both
        # are kept (the word of prose beside a phrase is taken rather than the phrase's last word left).
        valid = [(a, b) for a, b in valid if not any(d - c > b - a and c < b and a < d for c, d in valid)]
        # A word misspelt (one letter away from a word, of two letters at least) at an end of the chain, where no
        # valid window ends: the phrase's, and then so is the whole chain (its valid windows are chance ones).
        # Looked for where the chain is a word short of a phrase, or has valid windows (it may be cut into more
        # words than it has); not beside a whole chain with none (12 list words and prose: "닉은" ... "입니").
        before = after = 0
        if valid or n + 1 in CHECKSUM_LENGTHS:
            before = _near_piece(letters[max(0, lo - longest - 1) : lo][::-1], language, reverse=True)
            after = _near_piece(letters[hi : hi + longest + 1], language)
            before = before if before >= 2 and not any(k_lo == 0 for k_lo, _ in valid) else 0
            after = after if after >= 2 and not any(k_hi == n for _, k_hi in valid) else 0
        if valid and not before and not after:
            covered = [False] * n
            for k_lo, k_hi in valid:
                found.append((bounds[k_lo], bounds[k_hi], 1.0))
                covered[k_lo:k_hi] = [True] * (k_hi - k_lo)
            found += [(bounds[i], bounds[j], 0.9) for i, j in _uncovered(covered) if j - i > 2]
        else:
            found.append((lo - before, hi + after, 0.9))
    # Each chain with a misspelt word, at its longest, unless a chain above reads that word otherwise (cut
    # otherwise, the letters of a phrase may read as a misspelt word too) and leaves out fewer letters than three
    # words have on either side ("문구는<phrase>").
    for hi, (n, lo, n_before, at, at_end) in longest_mended.values():
        n_after = n - n_before
        if not n_after:
            continue  # a misspelt word at the end: the chains above take it in where it is the phrase's
        if any(
            c_lo < at_end and at < c_hi and max(c_lo - lo, hi - c_hi) < 3 * shortest
            for c_lo, c_hi in longest_chain.items()
        ):
            continue  # a chain reads the misspelt word otherwise, and has all but two words or so of it
        # (n words and the misspelt one make a phrase's length; or n do, where a letter added to a word left the
        # word and a letter, "잠수함라")
        if n in _PHRASE_LENGTHS or max(n_before, n_after) <= MIN_WORDS or min(n_before, n_after) >= 3:
            found.append((lo, hi, 0.9))
    return found


def _find_contiguous_han(text: str, findings: list[tuple[int, int, float]], ascii_text: bytes | None = None) -> None:
    after_context, alone, _ = _han_patterns()
    alone_after_newline, after_ascii_colon, after_wide_colon = _han_scan_patterns()
    languages = HAN_CHECK
    # In the order alone.finditer and then after_colon.finditer would give them: the first line, the others;
    # then the runs after either colon, by position (a match holds one colon, at its start: none overlap).
    first_line = alone.match(text)
    after_colon = sorted([*after_ascii_colon.finditer(text), *after_wide_colon.finditer(text)], key=lambda m: m.start())
    for m in [*([first_line] if first_line else []), *alone_after_newline.finditer(text), *after_colon]:
        run = m.group(1)
        if _any_checksum(list(run), languages) and not _looks_like_prose(run):
            findings.append((m.start(1), m.end(1), 1.0))
    for m in _context_han(text):
        _after_context(text, m.end(), after_context, findings)
    # A whole phrase typed without spaces as a run of its own, set apart by anything that is no Chinese character
    # ("ok 斑枝使币性袭柴背磁我唱件", "订单 1234 <phrase>", "https://example.com/<phrase>"): a phrase's length exactly,
    # every character a list word, a valid checksum, and no prose (a sentence of that length is valid once in 16).
    for m in _HAN_WHOLE_RUN.finditer(text):
        run = m.group()
        if len(run) in CHECKSUM_LENGTHS and _any_checksum(list(run), languages) and not _looks_like_prose(run):
            findings.append((m.start(), m.end(), 1.0))
    # The English context words, each in every case _CONTEXT_WORDS spells, in that order. They are ASCII, so
    # they are found in text.encode("ascii", "replace") (offsets kept), lower-cased (one search per word), and
    # each hit is kept only where the text spells it exactly so. None of the words overlaps itself.
    if ascii_text is None:
        ascii_text = text.encode("ascii", "replace")
    lowered = ascii_text.lower()
    hits: dict[bytes, list[int]] = {}
    for needle in _CONTEXT_NEEDLES:
        at = lowered.find(needle)
        while at != -1:
            hits.setdefault(needle, []).append(at)
            at = lowered.find(needle, at + 1)
    if hits:
        for word, needle in _CONTEXT_WORD_NEEDLES:
            for at in hits.get(needle, ()):
                if text.startswith(word, at):
                    _after_context(text, at + len(word), after_context, findings)


def _after_context(text: str, pos: int, after_context: re.Pattern[str], findings: list[tuple[int, int, float]]) -> None:
    m = after_context.match(text, pos)
    if m is None:
        return
    start, end = m.span(1)
    run = m.group(1)
    typos = [k for k, char in enumerate(run) if char not in _han_set()]
    if len(typos) > 1 or (typos and len(run) not in _PHRASE_LENGTHS):
        # A character of no list is a phrase's mistyped word only where the run has a phrase's length (and one
        # only): else the run ends before it.
        cut = typos[-1] if len(run[: typos[-1]]) in _PHRASE_LENGTHS else typos[0]
        run, end = run[:cut], start + cut
    # The pattern skips a "是", "为" or "如" after the context word; a phrase may start with one of them.
    lead = start
    while lead > pos and text[lead - 1] in _han_set():
        lead -= 1
    if len(run) < MIN_WORDS:
        if end - lead < MIN_WORDS:
            return
        start = end - MIN_WORDS  # "助记词是是…": the phrase's first word is the second 是
        run = text[start:end]
    covered = 0  # where the checksum-valid window found ends
    for first in range(start, lead - 1, -1):
        for length in sorted(CHECKSUM_LENGTHS, reverse=True):
            piece = text[first : first + length]
            if first + length <= end and _any_checksum(list(piece), HAN_CHECK) and not _looks_like_prose(piece):
                findings.append((first, first + length, 1.0))
                covered = first + length
                break
        if covered:
            break
    # Redact first: a phrase-length run right after "助记词" is a leak even with a bad checksum, unless it
    # reads as an ordinary sentence; so is one with more of a phrase beside a valid window (a window valid by
    # chance in a phrase a missing character broke). With the characters the pattern skipped: they may be its
    # first word.
    if (
        (not covered or _more_of_phrase(text[covered:end]))
        and len(run) <= 24
        and not _looks_like_prose(run, valid=False)
    ):
        findings.append((lead, end, 0.8))


# Quotes and brackets a phrase may be pasted in; the closing character is not checked against the opening one.
# Quotes and brackets in any order ("„...“", "»...«" and "›...‹" as German prints them, "<...>", "{...}").
_OPENING = "「『“\"'【[（(‘《〈`«＂＇｢〔„‹›»<{"
_CLOSING = "」』”\"'】]）)’》〉`»＂＇｣〕“›‹«>}"
# Lengths of a phrase, or of a phrase with one word missing (redact first).
_PHRASE_LENGTHS = frozenset(n for length in CHECKSUM_LENGTHS for n in (length - 1, length))
_SEED_CONTEXT_ASCII = (
    b"seed",
    b"mnemonic",
    b"phrase",
    b"recovery word",
    b"secret word",
    b"backup word",
    b"backup card",
    b"recovery card",
    b"recovery sheet",
    b"12 words",
    b"24 words",
)


def seed_context_in(text: str) -> bool:
    """Whether text talks about recovery phrases (助记词, "seed phrase", "mnemonic" ...)."""
    if _CONTEXT_HAN.search(text) or (("个" in text or "個" in text) and _CONTEXT_COUNT.search(text)):
        return True
    lowered = text.encode("ascii", "replace").lower()
    return any(needle in lowered for needle in _SEED_CONTEXT_ASCII)


def seed_context_positions(text: str) -> list[int]:
    """Where text talks about recovery phrases, sorted."""
    positions = [m.start() for m in _context_han(text)]
    lowered = text.encode("ascii", "replace").lower()
    for needle in _SEED_CONTEXT_ASCII:
        at = lowered.find(needle)
        while at != -1:
            positions.append(at)
            at = lowered.find(needle, at + 1)
    return sorted(positions)


# How near a context word must be to a run for the run to be read with it: the same message, not the whole
# transcript (a warning "never share your seed phrase" far above says nothing of a line far below).
_CONTEXT_BEFORE = 300
_CONTEXT_AFTER = 100


@lru_cache(maxsize=1)
def _han_delimited_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Runs of wordlist characters in quotes, runs of them anywhere, and runs of any Chinese characters in quotes
    (where one is no wordlist character: a word mistyped)."""
    cls = re.escape(_han_chars())
    opening, closing = re.escape(_OPENING), re.escape(_CLOSING)
    quoted = re.compile(f"[{opening}][^\\S\\n]*([{cls}]{{11,24}})[^\\S\\n]*[{closing}]")
    any_run = re.compile(f"[{cls}]{{11,}}")
    lengths = f"{{{min(CHECKSUM_LENGTHS)},{max(CHECKSUM_LENGTHS)}}}"
    quoted_any = re.compile(f"[{opening}][^\\S\\n]*([{_HAN}]{lengths})[^\\S\\n]*[{closing}]")
    return quoted, any_run, quoted_any


_APART = frozenset(" \t\r\n\u3000:：,，、;；.。!！?？" + _OPENING + _CLOSING)


def _set_apart(text: str, start: int, end: int) -> bool:
    """Whether a run stands apart from the sentence around it (spaces, punctuation, quotes or line ends)."""
    return (start == 0 or text[start - 1] in _APART) and (end == len(text) or text[end] in _APART)


def _near_any(positions: list[int], lo: int, hi: int) -> bool:
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] <= hi


# Under context, how much of each end of a long contiguous Chinese run is searched for checksum windows.
_HAN_CONTEXT_RUN = 240


def _han_windows(run: str) -> list[tuple[int, int]]:
    """Checksum-valid phrase windows of a contiguous run that do not read as prose (overlapping ones too: a
    chance-valid window must not hide the real phrase beside it)."""
    forms = wordlist_forms(HAN_CHECK[0])
    in_list = bytes(49 if c in forms else 48 for c in run)
    return [
        (start, end)
        for start, end in _checksum_windows(in_list, _position_getter(forms, list(run)), longest=None)
        if not _looks_like_prose(run[start:end])
    ]


def _split_at_context(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """The runs with their context words cut out: "我的助记词是<phrase>" is read from the character after 助记词
    (a sentence about the phrase, "不要把助记词告诉任何人", leaves pieces too short or too much like prose)."""
    out: list[tuple[int, int, bool]] = []
    for start, end, delimited in spans:
        at = start
        for m in _CONTEXT_HAN.finditer(text, start, end):
            if m.start() - at >= min(CHECKSUM_LENGTHS) - 1:
                out.append((at, m.start(), delimited))
            at = m.end()
        if at == start:
            out.append((start, end, delimited))
        elif end - at >= min(CHECKSUM_LENGTHS) - 1:
            out.append((at, end, delimited))
    return out


def _find_delimited_han(text: str, findings: list[tuple[int, int, float]], *, context: bool) -> None:
    """Contiguous Chinese phrases in quotes or brackets, and, when the conversation talks about recovery
    phrases, anywhere: a checksum-valid phrase, or (redact first) a run of a phrase's length, one word missing
    or not, that does not read as prose."""
    quoted, any_run, quoted_any = _han_delimited_patterns()
    positions = [] if context else seed_context_positions(text)
    if not context and not positions:
        _quoted_with_a_typo(text, quoted_any, findings)
    if not quoted.search(text) and not context and not positions:
        return
    spans = [(m.start(1), m.end(1), True) for m in quoted.finditer(text)]
    if context or positions:
        spans += [(m.start(), m.end(), False) for m in any_run.finditer(text)]
        # A phrase in quotes with one word mistyped as a character of no list: no checksum to test, so only where
        # the conversation or the message talks about phrases (below), and only at a phrase's length.
        han = _han_set()
        spans += [
            (m.start(1), m.end(1), True)
            for m in quoted_any.finditer(text)
            if len(m.group(1)) in CHECKSUM_LENGTHS and sum(char not in han for char in m.group(1)) == 1
        ]
    for start, end, delimited in _split_at_context(text, spans):
        near = context or _near_any(positions, start - _CONTEXT_BEFORE, end + _CONTEXT_AFTER)
        if not near and not delimited:
            continue
        run = text[start:end]
        windows = _han_windows(run) if min(CHECKSUM_LENGTHS) <= len(run) <= MAX_CHECKED_RUN else []
        if near and len(run) > MAX_CHECKED_RUN:
            # Under context a longer run is prose with the phrase glued inside ("...打不开了<phrase>谢谢..."):
            # its checksum windows are looked for, in the first and last _HAN_CONTEXT_RUN characters only, so
            # that the work stays bounded; a longer run is handled by the redact-first ends below.
            edge = min(len(run), _HAN_CONTEXT_RUN)
            windows = _han_windows(run[:edge])
            if len(run) > edge:
                tail = len(run) - edge
                windows += [(tail + s, tail + e) for s, e in _han_windows(run[tail:])]
        for s, e in windows:
            findings.append((start + s, start + e, 1.0))
        if not near:
            continue  # redact first only where the conversation is about phrases
        if len(run) in CHECKSUM_LENGTHS and _any_checksum(list(run), HAN_CHECK) and not _looks_like_prose(run):
            # A whole valid phrase, set apart, where the conversation is about phrases (a sentence of a phrase's
            # length is valid once in 16: the prose test still reads it).
            findings.append((start, end, 1.0))
            continue
        if not delimited and not _set_apart(text, start, end):
            continue  # glued to a sentence: only a checksum-valid phrase (above) is one
        if len(run) <= max(CHECKSUM_LENGTHS):
            if (windows or len(run) in _PHRASE_LENGTHS) and not _looks_like_prose(run, valid=bool(windows)):
                findings.append((start, end, 1.0 if windows else 0.8))
            continue
        # A longer run: the phrase typed right after words of the sentence ("剩下的是..."). Redact first: the
        # longest phrase-length end of the run that does not read as prose.
        for length in sorted(_PHRASE_LENGTHS, reverse=True):
            if not _looks_like_prose(run[-length:], valid=False):
                findings.append((end - length, end, 0.8))
                break
        for length in sorted(_PHRASE_LENGTHS, reverse=True):
            if not _looks_like_prose(run[:length], valid=False):
                findings.append((start, start + length, 0.8))
                break


def _find_glued_han(text: str, findings: list[tuple[int, int, float]]) -> None:
    """A Chinese phrase typed without spaces and glued to the customer's own words, with no word about phrases
    anywhere ("我输入了<phrase>，还是不行", "恢复的时候输入<phrase>对吗"): a checksum-valid window of a run of wordlist
    characters that does not read as prose and cuts no word at either end. A window valid by chance (once in 16)
    inside a sentence reads as prose, or starts or ends inside one of its words: in 3,144 sentences of Chinese
    manuals and catalogues none is taken, in 20,000 runs of three of them joined without punctuation 12 (0.06%).
    Runs longer than MAX_CHECKED_RUN are read at their two ends (a phrase typed inside a long sentence)."""
    _, any_run, _ = _han_delimited_patterns()
    words = _chinese_words()
    for m in any_run.finditer(text):
        start, end = m.span()
        if end - start < min(CHECKSUM_LENGTHS):
            continue
        pieces = [(start, end)]
        if end - start > MAX_CHECKED_RUN:
            pieces = [(start, start + MAX_CHECKED_RUN), (end - MAX_CHECKED_RUN, end)]
        for lo, hi in pieces:
            for s, e in _han_windows(text[lo:hi]):
                first, last = lo + s, lo + e
                if (first > 0 and text[first - 1 : first + 1] in words) or text[last - 1 : last + 1] in words:
                    continue  # the window starts or ends inside a word of the sentence
                if not (_own_words(text[start:first]) and _own_words(text[last:end])):
                    continue  # more random characters beside it: a longer phrase's piece, for the other searches
                findings.append((first, last, 1.0))


def _quoted_with_a_typo(text: str, quoted_any: re.Pattern[str], findings: list[tuple[int, int, float]]) -> None:
    """A phrase in quotes with one word mistyped as a character of no list, where nothing talks about phrases
    ("这个对吗“管忙姆众盈您办城虚诺哦调”"): a phrase's length exactly, one character of no list, and no prose (a
    sentence so long with one such character reads as prose 24 times in 25, and a quote is one sentence at most)."""
    if not any(mark in text for mark in _OPENING):
        return
    han = _han_set()
    for m in quoted_any.finditer(text):
        run = m.group(1)
        one_typo = len(run) in CHECKSUM_LENGTHS and sum(char not in han for char in run) == 1
        if one_typo and not _looks_like_prose(run, valid=False):
            findings.append((m.start(1), m.end(1), 0.8))


def _own_words(rest: str) -> bool:
    """Whether the wordlist characters glued to a phrase read as the customer's own words (or are too few to be
    more of a phrase): "我输入了", "还是不行", "的是", not "龙变竞阶"."""
    return len(rest) <= 2 or reads_as_reply(rest) or _prose_score(rest) >= _OWN_WORDS_SCORE


# _prose_score of the customer's words beside a phrase: "的是" 7.4, "上写的是" 10, "我记得是" 7.3; of 2,000 random
# pieces of 3 to 6 list characters, 99 in 100 score 2.5 or less.
_OWN_WORDS_SCORE = 4.0


# Between the groups of a phrase typed a few characters at a time ("的一 是在、不了"): spaces (U+3000 too), line
# ends, and the commas, dashes and slashes of a list; not 。？！, which end sentences.
# (Up to 16: a joining word taken out leaves spaces, "，然后是 " 5 and "，我记得后面六个应该是" 11.)
_GROUP_SEPARATOR = "[\\s、，,;；\\-/|·]{1,16}"
_GROUP_CHARS = 12  # a group's characters at most: phrases are typed in groups of 2, 3, 4 or 6, or lines of 8 or 12
# ... but the last block may be the rest of the phrase, typed at once ("益稀萨，往阳拔，变抚设，<15 characters>").
_LAST_BLOCK_CHARS = max(CHECKSUM_LENGTHS)
_HAN_PAIR = re.compile(f"[{_HAN}]{{2}}")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_GROUPED_EDGE_GROUPS = 2  # groups at each end of a run that the redact-first reading may leave out ("好的", "谢谢")
# The characters of grouped runs read per text, at most (about 4 ms per 1,000): decoy runs that spend it leave the
# rest unread, as _find_joined does. Chat has a run of 11 or more characters in about one message in 14.
GROUPED_BUDGET = 4_000


@lru_cache(maxsize=1)
def _han_grouped_pattern() -> re.Pattern[str]:
    """Blocks of wordlist characters apart by group separators, the inner ones of up to _GROUP_CHARS characters:
    from a block's start (group 1: the first block) to the separator before the last block, whose first
    _GROUP_CHARS characters _find_grouped_han reads on (a longer block may start the next run). The pattern starts
    with a plain character class, then "not after one", so that the regex engine skips ahead quickly."""
    cls = re.escape(_han_chars())
    group, separator = f"[{cls}]{{1,{_GROUP_CHARS}}}(?![{cls}])", _GROUP_SEPARATOR
    return re.compile(f"([{cls}](?<![{cls}].)[{cls}]*+)(?:{separator}{group})*{separator}(?=[{cls}])")


@lru_cache(maxsize=1)
def _han_grouped_any_pattern() -> re.Pattern[str]:
    """_han_grouped_pattern over any Chinese characters."""
    group, separator = f"[{_HAN}]{{1,{_GROUP_CHARS}}}(?![{_HAN}])", _GROUP_SEPARATOR
    return re.compile(f"([{_HAN}](?<![{_HAN}].)[{_HAN}]*+)(?:{separator}{group})*{separator}(?=[{_HAN}])")


@lru_cache(maxsize=1)
def _not_listed_han() -> re.Pattern[str]:
    """A Chinese character of neither Chinese list."""
    return re.compile(f"(?![{re.escape(_han_chars())}])[{_HAN}]")


class _AnyHan:
    """A container of every Chinese character (_HAN)."""

    def __contains__(self, char: object) -> bool:
        return isinstance(char, str) and _HAN_CHAR.fullmatch(char) is not None


def _han_windows_bounded(run: str) -> list[tuple[int, int]]:
    """_han_windows, in the first and last _HAN_CONTEXT_RUN characters only of a longer run (bounded work)."""
    if len(run) <= 2 * _HAN_CONTEXT_RUN:
        return _han_windows(run)
    tail = len(run) - _HAN_CONTEXT_RUN
    return _han_windows(run[:_HAN_CONTEXT_RUN]) + [(tail + s, tail + e) for s, e in _han_windows(run[tail:])]


def _find_grouped_han(text: str, findings: list[tuple[int, int, float]], *, context: bool, typo: bool = False) -> None:
    """Chinese phrases typed in groups of a few characters ("的一 是在 不了 ..."): every checksum-valid window of a
    run's characters that does not read as prose, with or without context. Redact first, where such a window is
    or the conversation talks about recovery phrases: the run's whole groups of a phrase's length, one character
    missing or not, typed as a phrase is and not reading as prose (a greeting or thanks at either end left out).
    typo: read runs of any Chinese characters with one of no list (a word mistyped: "瓷猛己沉 酱千我史 够择释抛"),
    redact first only, where the conversation or the text talks about phrases (the caller's to tell)."""
    han: Container[str] = _AnyHan() if typo else _han_set()
    positions: list[int] | None = None
    budget = GROUPED_BUDGET
    for m in (_han_grouped_any_pattern() if typo else _han_grouped_pattern()).finditer(text):
        # The first group is the end of the first block, the last the start of the block after the match.
        start, end = max(m.start(), m.end(1) - _GROUP_CHARS), m.end()
        limit = min(len(text), end + _LAST_BLOCK_CHARS)
        while end < limit and text[end] in han:
            end += 1
        whole = (start == m.start(), end == len(text) or text[end] not in han)  # the end groups are whole blocks
        if end - start < MIN_WORDS or not _HAN_PAIR.search(text, start, end):
            continue  # too short, or one character at a time (_HAN_RUN's, read by _scan_tokens)
        where = [i for i in range(start, end) if text[i] in han]  # the run's characters, without separators
        if len(where) < MIN_WORDS:
            continue
        budget -= min(len(where), 2 * _HAN_CONTEXT_RUN)
        if budget < 0:
            return  # decoys spent the budget: the rest is left unread
        chars = "".join(text[i] for i in where)
        listed = _han_set()
        if typo and all(char in listed for char in chars):
            continue  # all list characters: read without typo
        for lo, hi, _ in _split_at_context(chars, [(0, len(chars), False)]):
            valid = [(lo + s, lo + e) for s, e in _han_windows_bounded(chars[lo:hi])]
            windows = [(s, e) for s, e in valid if _whole_groups(text, chars, where, s, e, lo, hi)]
            near = context
            if not context and (valid or not windows):
                positions = seed_context_positions(text) if positions is None else positions
                near = _near_any(positions, where[lo] - _CONTEXT_BEFORE, where[hi - 1] + _CONTEXT_AFTER)
            if valid and near:
                # Where the message or the conversation talks about recovery phrases, groups of any sizes too ("毒 载园
                # 陪凉想或 纺典差竞凉"): a valid window that is whole groups and does not read as prose.
                windows = [(s, e) for s, e in valid if _whole_groups(text, chars, where, s, e, lo, hi, uneven=True)]
            for s, e in windows:
                findings.append((where[s], where[e - 1] + 1, 1.0))
            if (not windows and not near) or (typo and windows):
                continue  # (a mistyped phrase has no valid window of whole groups: beside one, a character of no list
                # is prose)
            ends = (whole[0] or lo > 0, whole[1] or hi < len(chars))
            # (typo: one character of no list in the phrase, no more)
            keep = partial(_one_unlisted, chars) if typo else None
            piece = _grouped_phrase_length(chars, where, lo, hi, whole=ends, keep=keep)
            if piece is None and lo > 0 and chars[lo] in _LEADS and hi - lo > MIN_WORDS:
                piece = _grouped_phrase_length(chars, where, lo + 1, hi, whole=ends, keep=keep)  # "助记词是<phrase>"
            if piece is None:
                continue
            # Beside a valid window, only a range with more of a phrase (the rest of one a missing character
            # broke, not the "谢谢" after a whole one): a group the windows cut, or more than a common word.
            covered = [any(s <= k < e for s, e in windows) for k in range(*piece)]
            cut = any(
                covered[k - piece[0]] != covered[k - piece[0] - 1]
                for k in range(piece[0] + 1, piece[1])
                if where[k] == where[k - 1] + 1
            )
            rest = "".join(chars[k] for k in range(*piece) if not covered[k - piece[0]])
            if not windows or cut or _more_of_phrase(rest):
                findings.append((where[piece[0]], where[piece[1] - 1] + 1, 0.8))


def _one_unlisted(chars: str, start: int, end: int) -> bool:
    """Whether chars[start:end] holds one character of no Chinese list, exactly."""
    listed = _han_set()
    return sum(char not in listed for char in chars[start:end]) == 1


# What may stand between a context word and a phrase glued to it ("助记词是的一 是在 ..."): its first group holds it.
_LEADS = frozenset("是为為如")


_SAME_GROUPS = 3  # groups of one size before a longer last one (the rest of a phrase typed in one block)


def _whole_groups(
    text: str, chars: str, where: list[int], start: int, end: int, lo: int, hi: int, *, uneven: bool = False
) -> bool:
    """Whether the window [start, end) of a grouped run's characters (at where[k] in text) is whole groups of one
    size (the last one shorter or not; uneven: of any sizes): it starts where a group does (or after a lead, _LEADS,
    that starts one) and ends where one does, a group being what separators set apart in text. A phrase typed in
    groups is its groups; a checksum valid by chance (once in 16) in clauses apart by commas ("手机号换了，多扣了，
    ...") cuts one in two, or takes in clauses of different lengths."""

    def starts_group(k: int) -> bool:  # at the run's start, or after a context word, or after no Chinese
        return (k == lo and lo > 0) or where[k] == 0 or not _HAN_CHAR.match(text, where[k] - 1)

    starts = starts_group(start) or (start > lo and chars[start - 1] in _LEADS and starts_group(start - 1))
    if not starts or not ((end == hi and hi < len(where)) or not _HAN_CHAR.match(text, where[end - 1] + 1)):
        return False
    if uneven:
        # Groups of any sizes end where the text sets one apart, not where a context word cuts the run ("...、麦\n请帮我
        # 恢复钱包" has no group "请帮我"); and are no list of names ("范欣凯，赵飞军，苏欣超": all groups but one of
        # two or three characters, each starting with a common surname, which a phrase's random groups are about
        # once in 1,300).
        if _HAN_CHAR.match(text, where[end - 1] + 1):
            return False
        groups = _groups(where, start, end)
        return groups < _SAME_GROUPS or _names(chars, where, start, end) < groups - 1
    # And typed as a phrase is: groups of one size, the last one shorter or not (clauses are of any size), not all
    # of them names.
    bounds = [k for k in range(start + 1, end) if where[k] != where[k - 1] + 1]
    sizes = [b - a for a, b in zip([start, *bounds], [*bounds, end], strict=True)]
    if len(set(sizes[:-1])) > 1 or (len(sizes) >= _SAME_GROUPS and _names(chars, where, start, end) == len(sizes)):
        return False
    # The last group shorter (the rest), or, after three groups of one size at least, longer: the rest of the
    # phrase typed in one block ("益稀萨，往阳拔，变抚设，绿涌杜意夏团").
    return sizes[-1] <= sizes[0] or (len(sizes) > _SAME_GROUPS and sizes[0] > 1)


def _groups(where: list[int], start: int, end: int) -> int:
    """How many groups the characters start to end of a grouped run (at where[k] in its text) are."""
    return 1 + sum(1 for k in range(start + 1, end) if where[k] != where[k - 1] + 1)


def _names(chars: str, where: list[int], start: int, end: int) -> int:
    """How many groups of chars[start:end] look like a Chinese name: two or three characters, the first a common
    surname ("范欣凯，赵飞军，苏欣超"). A phrase's random groups are all names about once in 90,000 (four groups of
    three), all but one about once in 1,300; a list of people asked is."""
    bounds = [start, *(k for k in range(start + 1, end) if where[k] != where[k - 1] + 1), end]
    return sum(1 for a, b in itertools.pairwise(bounds) if 2 <= b - a <= 3 and chars[a] in _SURNAMES)


def _grouped_phrase_length(
    chars: str,
    where: list[int],
    lo: int,
    hi: int,
    *,
    whole: tuple[bool, bool],
    keep: Callable[[int, int], bool] | None = None,
) -> tuple[int, int] | None:
    """The longest range of whole groups of chars[lo:hi] (up to _GROUPED_EDGE_GROUPS left out at each end) whose
    length is a phrase's, one word missing or not, typed as a phrase is (see _typed_in_groups), and which does
    not read as prose (see _few_words). whole: whether the first and the last group are whole blocks (a piece
    of a longer block glued to the run is the sentence's, never a group of a phrase); keep: which ranges of chars
    may be taken (all)."""
    bounds = [k for k in range(lo, hi) if k == lo or where[k] != where[k - 1] + 1] + [hi]
    last = len(bounds) - 1
    ranges = [
        (i, j)
        for i in range(0 if whole[0] else 1, min(_GROUPED_EDGE_GROUPS + 1, last))
        for j in range(max(i + 1, last - _GROUPED_EDGE_GROUPS), last + (1 if whole[1] else 0))
        if bounds[j] - bounds[i] in _PHRASE_LENGTHS
        and _typed_in_groups([b - a for a, b in zip(bounds[i:j], bounds[i + 1 : j + 1], strict=True)])
    ]
    ranges.sort(key=lambda r: bounds[r[0]] - bounds[r[1]])
    for i, j in ranges:
        if keep is not None and not keep(bounds[i], bounds[j]):
            continue
        groups = [chars[a:b] for a, b in zip(bounds[i:j], bounds[i + 1 : j + 1], strict=True)]
        if category_list("".join(groups)) or (
            len(groups) >= _SAME_GROUPS and _names(chars, where, bounds[i], bounds[j]) == len(groups)
        ):
            continue  # numbers, colours or surnames one by one; a list of names
        if _word_groups(groups):
            continue  # a list of words ("抄错、顺序、导入、恢复、备份 ...")
        if _few_words(groups) or not _looks_like_prose("".join(groups), valid=False):
            return bounds[i], bounds[j]
    return None


_WORD_GROUPS = 3  # groups that are words, at least, of a list of words


def _word_groups(groups: list[str]) -> bool:
    """Whether half the groups (three at least) are words of the dictionary, or a word and a character ("勿拍照"): a
    list ("离线、手写、多份、分开、防水、防火、保密"), where a phrase's random pairs are words about once in 50, and
    three groups of six so about once in 6,000."""
    words = _chinese_words()
    count = sum(
        1
        for group in groups
        if len(group) > 1 and (group in words or (len(group) > 2 and (group[1:] in words or group[:-1] in words)))
    )
    return count >= _WORD_GROUPS and 2 * count >= len(groups)


def _few_words(groups: list[str]) -> bool:
    """Whether three or more groups of one size (the last one shorter or not) are no sentence typed with spaces,
    whatever its characters: two in three of them or more hold no common word ("的一 是在 不了 有和 人这 中大")."""
    size = len(groups[0])
    if len(groups) < 3 or any(len(group) != size for group in groups[:-1]) or len(groups[-1]) > size:
        return False
    pairs = _han_prose_model()[1]
    with_words = sum(1 for group in groups if any(group[k : k + 2] in pairs for k in range(len(group) - 1)))
    return 3 * with_words <= len(groups)


def _typed_in_groups(sizes: list[int]) -> bool:
    """Whether groups of these sizes are a phrase typed a few characters at a time: all of one size but the last
    (the rest) and one a character short (a word missing). A list of words ("字母、数字、特殊字符") is not."""
    size = max(sizes)
    others = sizes[:-1]
    return sizes[-1] <= size and others.count(size) + min(1, others.count(size - 1)) == len(others)


# Separators, and the numbers of a numbered list ("21.decide 22.adult"): the rest of a numbered phrase.
_LEADING_SEPARATORS = re.compile(r"(?:[\s,.;:|/\-#]|(?<![^\W_])\d{1,2}(?!\d)[.)\]:]?)*")
MAX_CONTINUATION_WORDS = 23


def _other_lists_mask(token: str) -> int:
    """A bit (above the Latin lists' bits) for each list of another script (Russian, Japanese, Korean) that holds
    token (katakana read as hiragana)."""
    mask = 0
    for bit, script in enumerate(_OTHER_LISTS, start=16):
        key = _hiragana(token) if script == SCRIPTS["kana"] else token
        if key in wordlist_forms(script[0]):
            mask |= 1 << bit
    return mask


def leading_phrase_words(text: str, *, minimum: int = 2) -> int:
    """End offset of the wordlist words (of one list: Latin, Cyrillic, kana or Hangul; or Chinese characters
    separated by spaces) that normalised text starts with, when there are `minimum` or more; else 0. The rest of a
    recovery phrase whose first part a previous message held (already redacted) reads like this. Unseparated
    Chinese is left to the detectors: any Chinese sentence starts with wordlist characters."""
    pos = _LEADING_SEPARATORS.match(text).end()  # type: ignore[union-attr]  # the pattern matches empty
    han = _han_set()
    count = 0
    end = 0
    while pos < len(text) and text[pos] in han and count < MAX_CONTINUATION_WORDS:
        if pos + 1 < len(text) and text[pos + 1] in han:
            return 0  # unseparated
        count += 1
        pos += 1
        end = pos
        pos = _LEADING_SEPARATORS.match(text, pos).end()  # type: ignore[union-attr]
    if count:
        return end if count >= minimum else 0
    languages_of = _latin_languages_of()
    mask = -1
    for m in _TOKEN.finditer(text, pos):
        if m.start() != pos or count >= MAX_CONTINUATION_WORDS:
            break
        token = m.group()
        word_mask = (languages_of.get(fold(token), 0) | (0 if token.isascii() else _other_lists_mask(token))) & mask
        if not word_mask:
            break
        mask, count, end = word_mask, count + 1, m.end()
        pos = _LEADING_SEPARATORS.match(text, m.end()).end()  # type: ignore[union-attr]
    return end if count >= minimum else 0

"""Hong Kong and Singapore street addresses, in English and (Hong Kong) in Chinese.

Hong Kong has no postcode: an address is a building's number and street before a district ("580 Nathan Road, Mong
Kok, Kowloon"), with the flat, floor and building before it ("Room 1203, 12/F, Nathan Centre, "), or in Chinese a
district, a street (皇后大道中: with its part) and its number, then the floor ("香港灣仔軒尼詩道302號8樓").
Singapore's ends with its six-digit postcode ("21 Lower Kent Ridge Road, Singapore 119077", "Blk 123 Ang Mo Kio
Ave 3 #05-67 Singapore 560123").
"""

from __future__ import annotations

import re

from .findings import ADDRESS

Span = tuple[str, int, int, float]

_STREET_TYPES = (
    r"Road|Rd|Street|St|Avenue|Ave|Drive|Dr|Lane|Ln|Path|Terrace|Circuit|Crescent|Cres|Square|Way|Walk|Place|Pl"
    r"|Link|Close|Rise|Boulevard|Park|Hill|Central|Vista|View|Grove|Heights|Loop"
)
_HK_DISTRICTS = (
    r"Kowloon(?:\s+(?:City|Bay|Tong))?|Hong\s+Kong(?:\s+Island)?|New\s+Territories|N\.T\.|Mong\s+Kok|Wan\s+Chai"
    r"|Causeway\s+Bay|Tsim\s+Sha\s+Tsui|TST|Central|Sheung\s+Wan|Sai\s+Ying\s+Pun|Kennedy\s+Town|North\s+Point"
    r"|Quarry\s+Bay|Tai\s+Koo|Shau\s+Kei\s+Wan|Chai\s+Wan|Aberdeen|Sha\s+Tin|Tai\s+Wai|Ma\s+On\s+Shan|Tai\s+Po"
    r"|Fanling|Sheung\s+Shui|Tuen\s+Mun|Yuen\s+Long|Tin\s+Shui\s+Wai|Tsuen\s+Wan|Kwai\s+Chung|Tsing\s+Yi"
    r"|Kwun\s+Tong|Tseung\s+Kwan\s+O|Sai\s+Kung|Tung\s+Chung|Hung\s+Hom|To\s+Kwa\s+Wan|Sham\s+Shui\s+Po"
    r"|Cheung\s+Sha\s+Wan|Lai\s+Chi\s+Kok|Mei\s+Foo|Jordan|Yau\s+Ma\s+Tei|Prince\s+Edward|Diamond\s+Hill"
    r"|Wong\s+Tai\s+Sin|Happy\s+Valley|Mid-Levels|Pok\s+Fu\s+Lam|Repulse\s+Bay|Discovery\s+Bay|Lantau"
)
_NAME = r"[A-Z][A-Za-z'\-]*"
# The street line of a Hong Kong address, then one district at least: the anchor of an English one.
_HK_STREET = re.compile(
    rf"(?<![0-9A-Za-z])\d{{1,4}}[A-Za-z]?(?:-\d{{1,4}})?[ \t]+(?:{_NAME}[ \t]+){{0,3}}(?:{_STREET_TYPES})\.?"
    rf"(?:[ \t]+(?:East|West|North|South|Central))?(?:,?[ \t]*(?:{_HK_DISTRICTS})(?![A-Za-z]))+",
)
# What may come before it, comma-separated: the flat or room, the floor, the block, the building's name.
_HK_BEFORE = re.compile(
    rf"(?:(?:(?:Flat|Room|Rm|Unit|Shop|Suite)\.?[ \t]*[A-Z0-9\-]{{1,6}}|(?:\d{{1,3}}|G|UG|LG)/F\.?"
    rf"|(?:Block|Blk|Tower|Phase)[ \t]*[A-Z0-9]{{1,3}}|(?:{_NAME}[ \t]+){{0,3}}{_NAME})[ \t]*,[ \t]*){{1,4}}\Z"
)
_HK_BEFORE_REACH = 100
_HK_ZH_DISTRICTS = (
    "中西區|中西区|中環|中环|上環|上环|西環|西环|灣仔|湾仔|銅鑼灣|铜锣湾|跑馬地|跑马地|北角|鰂魚涌|鲗鱼涌|太古|筲箕灣|筲箕湾"
    "|柴灣|柴湾|香港仔|尖沙咀|佐敦|油麻地|旺角|太子|深水埗|長沙灣|长沙湾|荔枝角|九龍城|九龙城|紅磡|红磡|土瓜灣|土瓜湾"
    "|黃大仙|黄大仙|鑽石山|钻石山|觀塘|观塘|九龍灣|九龙湾|將軍澳|将军澳|沙田|大圍|大围|馬鞍山|马鞍山|大埔|粉嶺|粉岭|上水"
    "|元朗|天水圍|天水围|屯門|屯门|荃灣|荃湾|葵涌|青衣|東涌|东涌|西貢|西贡|大嶼山|大屿山"
)
_FLOOR_ZH = r"[0-9０-９A-Za-z一二三四五六七八九十]{1,4}(?:字樓|字楼|樓|楼|室|座|期|號舖|号铺)"
_HK_ZH = re.compile(
    rf"(?:(?:香港|九龍|九龙|新界)[ \t]?(?:{_HK_ZH_DISTRICTS})?|(?:{_HK_ZH_DISTRICTS}))[ \t]?"
    rf"[\u4e00-\u9fff]{{1,8}}?(?:道|路|街|里|徑|径|坊)[中東西南北东]?"
    rf"[ \t]?[0-9０-９]{{1,4}}(?:-[0-9０-９]{{1,4}})?[號号]"
    rf"(?:[ \t]?[\u4e00-\u9fff]{{0,10}}?[ \t]?{_FLOOR_ZH}){{0,3}}"
)
# Without a district, a street spelt in traditional characters, its number and a floor ("彌敦道580號12樓B室"):
# mainland addresses are written in simplified characters and found by find_cn_addresses.
_HK_ZH_STREET_FLOOR = re.compile(
    rf"[\u4e00-\u9fff]{{1,8}}?(?:道|路|街|里|徑|坊)[中東西南北]?[ \t]?[0-9０-９]{{1,4}}(?:-[0-9０-９]{{1,4}})?號"
    rf"(?:[ \t]?[\u4e00-\u9fff]{{0,10}}?[ \t]?{_FLOOR_ZH}){{1,3}}"
)
_LEAD = re.compile("(?:我住在?|住在|住址|地址|寄到|送到|居住在?|搬到)[：:]?[ \t]?")
_SG_POSTCODE = re.compile(r"(?<![A-Za-z])(?:Singapore|S)[ \t]*\(?\d{6}\)?(?![0-9])", re.IGNORECASE)
_SG_BEFORE = re.compile(
    rf"(?:(?<![0-9A-Za-z])(?:Blk|Block)\.?[ \t]*\d{{1,4}}[A-Za-z]?[ \t]+|(?<![0-9A-Za-z#\-])\d{{1,4}}[A-Za-z]?[ \t]+)"
    rf"(?:[A-Za-z'\-]+[ \t]+){{0,4}}(?:{_STREET_TYPES})\.?(?![A-Za-z])(?:[^\n]|\n(?!\n)){{0,60}}?,?\s*\Z",
    re.IGNORECASE,
)
_SG_REACH = 140


_SIX_DIGITS = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
_ROAD_NUMBER_ZH = re.compile("[0-9０-９]{1,4}[號号]")
_ZH_REACH = 30  # characters of a Chinese address either side of its road's number


def find_hk_sg_addresses(text: str) -> list[Span]:
    """Hong Kong addresses (English and Chinese) and Singapore addresses in text."""
    out: list[Span] = []
    # Each pattern is tried only around what it cannot do without (a search at every letter of a 100 kB
    # transcript costs more than the rest of the address detectors): six digits, a road's number.
    for digits in _SIX_DIGITS.finditer(text):
        anchor = _SG_POSTCODE.search(text, max(0, digits.start() - 12), digits.end() + 1)
        if anchor is None or anchor.end() < digits.end():
            continue
        line = _SG_BEFORE.search(text, max(0, anchor.start() - _SG_REACH), anchor.start())
        if line is not None:
            out.append((ADDRESS, line.start(), anchor.end(), 0.85))
    for m in _HK_STREET.finditer(text):
        before = _HK_BEFORE.search(text, max(0, m.start() - _HK_BEFORE_REACH), m.start())
        out.append((ADDRESS, before.start() if before else m.start(), m.end(), 0.85))
    if text.isascii():
        return out
    last = 0
    for number in _ROAD_NUMBER_ZH.finditer(text):
        if number.start() < last:
            continue
        lo, hi = max(last, number.start() - _ZH_REACH), number.end() + _ZH_REACH
        taken = [(start, end) for _, start, end, _ in out]
        found = _around(_HK_ZH, text, lo, hi, number)
        if found is not None:
            out.append((ADDRESS, found.start(), found.end(), 0.85))
            last = found.end()
            continue
        found = _around(_HK_ZH_STREET_FLOOR, text, lo, hi, number)
        if found is not None:
            if not any(start < found.end() and found.start() < end for start, end in taken):
                # The street's first characters may be the sentence's: "我住彌敦道" reads from 彌.
                lead = _LEAD.match(text, found.start())
                out.append((ADDRESS, lead.end() if lead else found.start(), found.end(), 0.85))
            last = found.end()
    return out


def _around(pattern: re.Pattern[str], text: str, lo: int, hi: int, number: re.Match[str]) -> re.Match[str] | None:
    """pattern's match in text[lo:hi] that holds the road's number, if any."""
    m = pattern.search(text, lo, hi)
    while m is not None and m.end() < number.end():
        m = pattern.search(text, m.end(), hi)
    return m if m is not None and m.start() <= number.start() else None

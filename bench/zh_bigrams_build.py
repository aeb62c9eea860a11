"""Build supportrecords/redaction/zh_bigrams.txt: pairs of adjacent Chinese wordlist characters seen in real
Chinese text (the zh_Hans and zh_Hant translations installed with Django and our dependencies, and our own
catalogue), one pair per line, sorted. The phrase search reads a contiguous Chinese run with such pairs as prose
(a random phrase rarely has two: 0.7% have one, 0.006% two or more).

Run: python bench/zh_bigrams_build.py   (then commit the file; rerun when dependencies change their catalogues)
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

from mnemonic import Mnemonic

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "supportrecords" / "redaction" / "zh_bigrams.txt"


def main() -> None:
    han = set(Mnemonic("chinese_simplified").wordlist) | set(Mnemonic("chinese_traditional").wordlist)
    catalogues = sorted(Path(sys.prefix).glob("lib/python3*/site-packages/**/zh_Han*/LC_MESSAGES/*.mo"))
    catalogues.append(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo")
    pairs: set[str] = set()
    for path in catalogues:
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        # gettext has no public way to list a catalogue's strings.
        for value in catalogue._catalog.values():  # type: ignore[attr-defined]  # noqa: SLF001
            pairs.update(a + b for a, b in zip(value, value[1:], strict=False) if a in han and b in han)
    OUT.write_text("".join(pair + "\n" for pair in sorted(pairs)), encoding="utf-8")
    print(f"{len(pairs)} pairs from {len(catalogues)} catalogues -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

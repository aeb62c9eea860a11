"""Throughput of supportrecords.redaction.detect on a mixed English/Chinese chat corpus, against Presidio.

Two corpora: whole transcripts (few findings), and a dense one of short chat messages about half of which
hold a secret or personal data; on the dense one, `scan_text` end to end (JSON line in, JSON line out) too.

Run: python bench/bench_redaction.py [--megabytes 20] [--dense-megabytes 5] [--runs 5] [--presidio-sample-mb 2]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import dense_messages, transcripts  # noqa: E402
from supportrecords.redaction import detect  # noqa: E402


def _megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _median_rates(texts: list[str], scan: Callable[[str], object], *, runs: int) -> tuple[float, float]:
    """Median MB/s over runs, by wall clock and by this process's CPU time (steadier on a shared machine)."""
    size = _megabytes(texts)
    wall = []
    cpu = []
    for _ in range(runs):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for text in texts:
            scan(text)
        wall.append(size / (time.perf_counter() - wall_start))
        cpu.append(size / (time.process_time() - cpu_start))
    return statistics.median(wall), statistics.median(cpu)


def _presidio_scanner() -> Callable[[str], object] | None:
    """Presidio's pattern recognizers, run directly (no spaCy model: nlp_artifacts=None)."""
    try:
        # Optional baseline: mypy sees these only where requirements-bench.txt is installed.
        import tldextract.tldextract  # type: ignore[import-not-found, unused-ignore]
        from presidio_analyzer.predefined_recognizers import (  # type: ignore[import-not-found, unused-ignore]
            CreditCardRecognizer,
            CryptoRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            PhoneRecognizer,
        )
    except ImportError:
        return None
    # Presidio's e-mail check calls tldextract, which would fetch the public suffix list over the network;
    # use the snapshot bundled with tldextract instead.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    recognizers = [
        CryptoRecognizer(),
        CreditCardRecognizer(),
        EmailRecognizer(),
        IbanRecognizer(),
        PhoneRecognizer(supported_regions=("US", "GB", "DE", "CN", "TR", "IL", "IN", "CA", "BR")),
    ]

    def scan(text: str) -> object:
        # Pattern recognizers work without NLP artifacts; the annotation does not say so.
        return [
            r.analyze(text, r.supported_entities, nlp_artifacts=None)  # type: ignore[arg-type, unused-ignore]
            for r in recognizers
        ]

    return scan


def _scan_text_lines() -> Callable[[str], object]:
    """scan_text's per-line work, JSON in and out, without Django's start-up (the command is a thin loop)."""
    import json

    from supportrecords.management.commands.scan_text import scan_line

    return lambda line: json.dumps(scan_line(line))


def _dense(args: argparse.Namespace, presidio: Callable[[str], object] | None) -> None:
    import json

    messages = dense_messages(size_bytes=int(args.dense_megabytes * 1e6))
    lines = [json.dumps({"id": i, "text": text}) for i, text in enumerate(messages)]
    print(
        f"dense corpus: {len(messages)} short chat messages, {_megabytes(messages):.1f} MB, about half with an "
        "entity, English and Chinese, seeded"
    )
    wall, cpu = _median_rates(messages, detect, runs=args.runs)
    print(f"dense: custos detect(): median {wall:.2f} MB/s wall clock, {cpu:.2f} MB/s CPU time (one core)")
    scan_line = _scan_text_lines()
    size = _megabytes(messages)
    walls, cpus = [], []
    for _ in range(args.runs):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for line in lines:
            scan_line(line)
        walls.append(size / (time.perf_counter() - wall_start))
        cpus.append(size / (time.process_time() - cpu_start))
    e2e_wall, e2e_cpu = statistics.median(walls), statistics.median(cpus)
    print(
        f"dense: scan_text end to end (JSON line in, findings + redacted text out): median {e2e_wall:.2f} MB/s "
        f"wall clock, {e2e_cpu:.2f} MB/s CPU time (MB of message text)"
    )
    if presidio is None:
        return
    sample = messages[: max(1, int(len(messages) * min(1.0, args.presidio_sample_mb / max(size, 1e-9))))]
    p_wall, p_cpu = _median_rates(sample, presidio, runs=max(1, min(args.runs, 3)))
    print(f"dense: presidio pattern recognizers: median {p_wall:.2f} MB/s wall clock, {p_cpu:.2f} MB/s CPU time")
    print(
        f"dense: ratio custos detect / presidio {wall / p_wall:.1f}x wall, {cpu / p_cpu:.1f}x CPU; "
        f"scan_text / presidio {e2e_wall / p_wall:.1f}x wall, {e2e_cpu / p_cpu:.1f}x CPU"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0, help="corpus size (UTF-8 MB, default 20)")
    parser.add_argument("--dense-megabytes", type=float, default=5.0, help="dense corpus size (default 5)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the median is reported")
    parser.add_argument("--presidio-sample-mb", type=float, default=2.0, help="Presidio is slow: time a sample")
    args = parser.parse_args()

    corpus = transcripts(size_bytes=int(args.megabytes * 1e6))
    size = _megabytes(corpus)
    print(f"corpus: {len(corpus)} transcripts, {size:.1f} MB (UTF-8), English and Chinese, seeded")
    detect(corpus[0])  # load wordlists and Unicode tables outside the timing
    wall, cpu = _median_rates(corpus, detect, runs=args.runs)
    print(
        f"custos detect(), one call per transcript: median {wall:.2f} MB/s wall clock, "
        f"{cpu:.2f} MB/s CPU time ({args.runs} runs, one core)"
    )

    scan = _presidio_scanner()
    _dense(args, scan)
    if scan is None:
        print("presidio_analyzer is not installed: no baseline (pip install -r requirements-bench.txt)")
        return
    sample = transcripts(size_bytes=int(args.presidio_sample_mb * 1e6))
    presidio_wall, presidio_cpu = _median_rates(sample, scan, runs=max(1, min(args.runs, 3)))
    print(
        f"presidio pattern recognizers (crypto, card, email, IBAN, phone): median {presidio_wall:.2f} MB/s "
        f"wall clock, {presidio_cpu:.2f} MB/s CPU time, timed on the first {_megabytes(sample):.1f} MB of "
        "the same corpus (same generator and seed) and taken as its rate for the whole corpus"
    )
    print(f"ratio custos / presidio: {wall / presidio_wall:.1f}x wall clock, {cpu / presidio_cpu:.1f}x CPU time")


if __name__ == "__main__":
    main()

from __future__ import annotations

from supportrecords.redaction import redact
from supportrecords.scanning import findings_counts, text_masked, text_scan
from tests.supportrecords.conftest import SEED

TEXT = f"Hi, mail me at jane.doe@example.com. My words: {SEED}. Phone +86 138 0013 8000."


def test_text_scan_redacts_exactly_as_the_detector_package():
    assert text_scan(TEXT).text == redact(TEXT)


def test_text_scan_findings_point_into_the_redacted_text():
    scanned = text_scan(TEXT)
    spans = {str(kind): scanned.text[int(start) : int(end)] for kind, start, end in scanned.findings}
    assert spans["seed_phrase"] == "[REDACTED:seed_phrase]"
    assert spans["email"] == "jane.doe@example.com"
    assert scanned.secret_kinds == {"seed_phrase"}
    assert "abandon" not in scanned.text


def test_text_scan_of_clean_text_keeps_it_and_records_nothing():
    scanned = text_scan("Where is my deposit?")
    assert scanned.text == "Where is my deposit?" and scanned.findings == [] and not scanned.has_secret


def test_text_masked_hides_personal_data_spans():
    scanned = text_scan(TEXT)
    masked = text_masked(scanned.text, scanned.findings)
    assert "jane.doe@example.com" not in masked and "j***@example.com" in masked
    assert "0013 8000" not in masked
    assert findings_counts(scanned.findings)["email"] == 1

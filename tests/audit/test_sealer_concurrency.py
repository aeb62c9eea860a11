"""32 concurrent writers and a sealer killed mid-batch: every committed event is sealed exactly once, no fork."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from audit.chain import audit_seal
from audit.models import AuditEvent
from audit.verify import audit_verify
from tests.worker import ROOT, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("requires_postgres")]

WRITER = """
import django, sys
django.setup()
from django.db import transaction
from audit.services import audit_record
n = int(sys.argv[1])
for i in range(n):
    with transaction.atomic():
        audit_record(actor=None, action="ticket.view_content", target_type="supportrecords.ticket", target_id=i)
"""

SEALER = """
import django, time
django.setup()
from audit.chain import audit_seal
print("ready", flush=True)
while True:
    audit_seal(batch_size=50)
    time.sleep(0.01)
"""


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603  # fixed argv
        [sys.executable, "-c", code, *args], cwd=ROOT, env=worker_env(), stdout=subprocess.PIPE, text=True
    )


def test_concurrent_writers_and_a_killed_sealer_seal_every_event_exactly_once():
    per_writer = 60
    sealers = [_python(SEALER), _python(SEALER)]  # two candidates: the advisory lock elects one at a time
    for sealer in sealers:
        assert sealer.stdout is not None and sealer.stdout.readline().strip() == "ready"
    writers = [_python(WRITER, str(per_writer)) for _ in range(32)]
    time.sleep(1.0)
    sealers[0].kill()  # SIGKILL, most likely mid-batch
    for writer in writers:
        assert writer.wait(timeout=240) == 0
    time.sleep(0.5)
    sealers[1].kill()
    for sealer in sealers:
        sealer.wait(timeout=30)
    audit_seal()
    total = 32 * per_writer
    assert AuditEvent.objects.count() == total
    seqs = sorted(s or 0 for s in AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))  # every event sealed, exactly once, no gap, no duplicate
    report = audit_verify()
    assert report.ok and report.head_seq == total

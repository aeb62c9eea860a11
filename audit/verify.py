"""Verifying the audit trail: recompute the chain and check it against every signed checkpoint."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from audit import targets
from audit.chain import GENESIS, ChainError, chain_walk
from audit.checkpoints import HEAD_TYPE, checkpoint_documents, checkpoint_signature_valid, head_document
from audit.exceptions import UnknownCheckpoint
from audit.models import Checkpoint
from audit.services import audit_record

logger = logging.getLogger(__name__)


@dataclass
class VerifyReport:
    checked: int = 0
    head_seq: int = 0
    checkpoints: int = 0
    first_broken: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, seq: int | None, problem: str) -> None:
        self.problems.append(problem)
        if seq is not None and (self.first_broken is None or seq < self.first_broken):
            self.first_broken = seq


def _signed_heads(report: VerifyReport) -> dict[int, str]:
    """The heads signed in the checkpoints outside the database; bad documents are reported."""
    heads: dict[int, str] = {}
    for name, document in checkpoint_documents():
        if document is None or not checkpoint_signature_valid(document):
            report.fail(None, f"checkpoint {name}: unreadable or bad signature")
            continue
        body = document["checkpoint"]
        heads[int(body["seq"])] = str(body["head_hash"])
    for seq, head_hash in Checkpoint.objects.values_list("seq", "head_hash"):
        if seq not in heads:
            report.fail(None, f"checkpoint {seq} is recorded in the database but its signed document is missing")
        elif heads[seq] != head_hash:
            report.fail(seq, f"checkpoint {seq} in the database differs from its signed document")
    return heads


def _signed_head(report: VerifyReport) -> tuple[int, str] | None:
    """The head the sealer signed last (outside the database), if any; a bad document is reported."""
    document = head_document()
    if document is None:
        return None
    if not checkpoint_signature_valid(document, kind=HEAD_TYPE):
        report.fail(None, "signed head: unreadable or bad signature")
        return None
    return int(document["checkpoint"]["seq"]), str(document["checkpoint"]["head_hash"])


def audit_verify(*, from_checkpoint: int | None = None) -> VerifyReport:
    """Recompute the chain from the start (or from a signed checkpoint) and check every checkpoint against it."""
    report = VerifyReport()
    heads = _signed_heads(report)
    report.checkpoints = len(heads)
    signed_head = _signed_head(report)  # read before the walk: the chain only grows past it meanwhile
    start_seq, start_hash = 0, GENESIS
    if from_checkpoint is not None:
        if from_checkpoint not in heads:
            raise UnknownCheckpoint(f"no signed checkpoint at seq {from_checkpoint}")
        start_seq, start_hash = from_checkpoint, heads[from_checkpoint]
    if signed_head is not None and signed_head[0] > start_seq:
        heads.setdefault(*signed_head)  # checked like a checkpoint: a rewrite or a cut after the last one shows
    last_good_checkpoint = start_seq
    head = start_seq
    try:
        for seq, computed in chain_walk(start_seq=start_seq, start_hash=start_hash):
            head = seq
            signed = heads.get(seq)
            if signed is None:
                continue
            if signed != computed:
                report.fail(
                    last_good_checkpoint + 1,
                    f"chain rewritten: seq {seq} differs from its signed checkpoint "
                    f"(altered between seq {last_good_checkpoint + 1} and {seq})",
                )
                break
            last_good_checkpoint = seq
    except ChainError as exc:
        report.fail(exc.chain_break.seq, str(exc))
    report.head_seq = head
    report.checked = head - start_seq
    beyond = [seq for seq in heads if seq > head]
    if beyond and report.first_broken is None:
        report.fail(head + 1, f"chain truncated: it ends at seq {head} but checkpoint {max(beyond)} was signed")
    return report


def audit_verify_and_alert() -> VerifyReport:
    """The daily check: verify, record the outcome as an event, and email the security contacts on failure."""
    report = audit_verify()
    details = {"checked": report.checked, "head_seq": report.head_seq, "first_broken": report.first_broken}
    with transaction.atomic():
        audit_record(
            actor=None,
            action="audit.verify" if report.ok else "audit.verify_failed",
            target_type=targets.AUDIT_CHAIN,
            target_id=report.head_seq,
            details=details,
        )
        if not report.ok:
            logger.error("audit chain verification failed at seq %s", report.first_broken)
            contacts = list(settings.CUSTOS_SECURITY_CONTACTS)
            if contacts:
                body = (
                    f"The daily verification of the audit trail failed.\n\nFirst broken sequence number: "
                    f"{report.first_broken}\n\n" + "\n".join(report.problems[:20]) + "\n\nRun `manage.py verify_audit`."
                )
                transaction.on_commit(
                    lambda: send_mail(
                        "[Custos] Audit trail verification FAILED",
                        body,
                        settings.DEFAULT_FROM_EMAIL,
                        contacts,
                    )
                )
    return report

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from encryption.fields import EncryptedTextField
from encryption.models import DataKey
from supportrecords.external_ids import KeyedExternalIdField
from supportrecords.risk import RULE_LABELS


class Sensitivity(models.TextChoices):
    INTERNAL = "internal", _("internal")
    CONFIDENTIAL = "confidential", _("confidential")
    RESTRICTED = "restricted", _("restricted")


class Jurisdiction(models.TextChoices):
    EU = "eu", _("European Union / EEA (GDPR)")
    UK = "uk", _("United Kingdom (UK GDPR)")
    CN = "cn", _("Mainland China (PIPL)")
    HK = "hk", _("Hong Kong (PDPO)")
    US_NY = "us_ny", _("United States, New York (BitLicense)")
    US = "us", _("United States, other")
    OTHER = "other", _("Other")


class Team(models.Model):
    """A support team; its supervisors are the members of `supervisors`, which holds the team's ticket grants."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    supervisors = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="supervised_team")
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="support_teams", blank=True, verbose_name=_("agents")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return team_label(self.name)


# The demo's team names, for translation; a team staff add later shows the name they gave it.
DEMO_TEAM_NAMES = {"Europe": _("Europe"), "Greater China": _("Greater China")}


def team_label(name: str) -> str:
    """A team's name in the current language (the demo's teams are translated)."""
    label = DEMO_TEAM_NAMES.get(name)
    return name if label is None else str(label)


# The seeded categories' names, for translation; a category staff add later shows the name they gave it.
SEEDED_CATEGORY_NAMES = {
    "general-enquiry": _("General enquiry"),
    "deposit-withdrawal": _("Deposit and withdrawal"),
    "kyc-identity": _("KYC and identity"),
    "security-incident": _("Security incident and account takeover"),
    "complaint": _("Complaint"),
    "aml-suspicious-activity": _("AML and suspicious activity"),
}


def category_label(*, slug: str, name: str) -> str:
    """A category's name in the current language (seeded ones are translated)."""
    label = SEEDED_CATEGORY_NAMES.get(slug)
    return str(label) if label is not None and str(_en_name(slug)) == name else name


def _en_name(slug: str) -> str:
    with translation.override("en"):
        return str(SEEDED_CATEGORY_NAMES[slug])


class DataCategory(models.Model):
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sensitivity = models.CharField(_("sensitivity"), max_length=20, choices=Sensitivity.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("data category")
        verbose_name_plural = _("data categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return category_label(slug=self.slug, name=self.name)


def _external_id_unique(model: str) -> models.UniqueConstraint:
    """One record per (source, external id): what makes a retried ingestion create nothing twice."""
    return models.UniqueConstraint(
        fields=["source", "external_id"],
        condition=~models.Q(external_id=""),
        name=f"{model}_source_external_id_uniq",
    )


class Customer(models.Model):
    """A customer of the exchange; every personal field is encrypted under the customer's own data key."""

    data_key = models.OneToOneField(DataKey, on_delete=models.PROTECT, related_name="customer")
    exchange_account_id = EncryptedTextField(_("exchange account id"))
    account_id_index = models.CharField(max_length=64, unique=True, editable=False)
    email = EncryptedTextField(_("email"))
    email_index = models.CharField(max_length=64, db_index=True, editable=False)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    jurisdiction = models.CharField(_("jurisdiction"), max_length=10, choices=Jurisdiction.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    relationship_ended_at = models.DateTimeField(_("relationship ended"), null=True, blank=True)
    # Where an ingested record came from (`integration:<id>`, `zendesk`) and its id there; empty when created here.
    source = models.CharField(_("source"), max_length=64, blank=True, default="", editable=False)
    external_id = KeyedExternalIdField(_("external id"), max_length=200, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [_external_id_unique("customer")]

    def __str__(self) -> str:
        return gettext("customer #%(id)s") % {"id": self.pk}


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    CHAT = "chat", _("live chat")
    WEB = "web", _("web form")
    PHONE = "phone", _("phone")
    SOCIAL = "social", _("social media")


class TicketStatus(models.TextChoices):
    OPEN = "open", _("open")
    PENDING = "pending", _("pending")
    SOLVED = "solved", _("solved")
    CLOSED = "closed", _("closed")


class Ticket(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    # The customer's data key, denormalised so that decrypting a ticket's rows needs no join.
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(DataCategory, on_delete=models.PROTECT, verbose_name=_("category"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    subject = EncryptedTextField(_("subject"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assigned agent"),
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("team"))
    source = models.CharField(_("source"), max_length=64, blank=True, default="", editable=False)
    external_id = KeyedExternalIdField(_("external id"), max_length=200, blank=True, default="", editable=False)
    # Redaction metadata of the subject: kinds and offsets into the stored (redacted) text, never values.
    findings = models.JSONField(_("findings"), default=list, blank=True, editable=False)
    detector_version = models.PositiveIntegerField(_("detector version"), null=True, blank=True, editable=False)
    secret_exposed = models.BooleanField(_("secret exposed"), default=False, editable=False)
    secret_exposed_at = models.DateTimeField(_("secret exposed at"), null=True, blank=True, editable=False)
    # When the security contacts were last alerted and the customer was sent the automatic reply (task markers).
    security_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    exposure_replied_at = models.DateTimeField(null=True, blank=True, editable=False)
    # [{"rule": ..., "at": ...}]: the rules that matched; their evidence is on the RiskFlag rows, encrypted.
    risk_flags = models.JSONField(_("risk indicators"), default=list, blank=True, editable=False)
    # Kept after its customer's erasure for a legal hold or obligation: hidden from agents and supervisors,
    # readable by compliance officers only, deleted when the obligation ends (set by the deletion app).
    restricted = models.BooleanField(_("restricted"), default=False, editable=False)
    # Status, assignment and category changes are kept; content (the subject) never enters history.
    history = HistoricalRecords(
        excluded_fields=[
            "subject",
            "data_key",
            "source",
            "external_id",
            "findings",
            "detector_version",
            "secret_exposed",
            "secret_exposed_at",
            "security_alerted_at",
            "exposure_replied_at",
            "risk_flags",
        ]
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["-opened_at", "-id"], name="ticket_opened_idx"),
            models.Index(fields=["status", "closed_at"], name="ticket_status_closed_idx"),
            models.Index(
                fields=["-secret_exposed_at"], condition=models.Q(secret_exposed=True), name="ticket_secret_exposed_idx"
            ),
        ]
        constraints = [_external_id_unique("ticket")]

    def __str__(self) -> str:
        return gettext("ticket #%(id)s") % {"id": self.pk}


class AuthorKind(models.TextChoices):
    CUSTOMER = "customer", _("customer")
    AGENT = "agent", _("agent")
    SYSTEM = "system", _("system")


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    author_kind = models.CharField(_("author"), max_length=10, choices=AuthorKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = EncryptedTextField(_("body"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    source = models.CharField(_("source"), max_length=64, blank=True, default="", editable=False)
    external_id = KeyedExternalIdField(_("external id"), max_length=200, blank=True, default="", editable=False)
    # Redaction metadata of the body: [[kind, start, end], ...] into the stored (redacted) text, never values.
    findings = models.JSONField(_("findings"), default=list, blank=True, editable=False)
    detector_version = models.PositiveIntegerField(_("detector version"), null=True, blank=True, editable=False)
    # What the body says to the detectors scanning the next messages (selectors.turn_flags): "s" (talks of recovery
    # phrases), "p" (of a passport), "t" (asks for a transaction's hash), "h" (for a phone number), "i" (for an id
    # of the exchange's), "w" (for the recovery phrase or some of its words), each or none; NULL for messages
    # stored before (their body is read instead).
    context_flags = models.CharField(max_length=8, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="message_ticket_time_idx"),
            models.Index(fields=["detector_version"], name="message_detector_version_idx"),
        ]
        constraints = [_external_id_unique("message")]

    def __str__(self) -> str:
        return gettext("message #%(id)s") % {"id": self.pk}


class Attachment(models.Model):
    """A file of a message; the stored file is ciphertext under the customer's key, named by a random id."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    filename = EncryptedTextField(_("file name"))
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    ciphertext_sha256 = models.CharField(_("SHA-256 of the stored ciphertext"), max_length=64)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    source = models.CharField(_("source"), max_length=64, blank=True, default="", editable=False)
    external_id = KeyedExternalIdField(_("external id"), max_length=200, blank=True, default="", editable=False)
    # Findings in the file's extracted text; detector_version stays None when no text could be extracted.
    findings = models.JSONField(_("findings"), default=list, blank=True, editable=False)
    detector_version = models.PositiveIntegerField(_("detector version"), null=True, blank=True, editable=False)
    # True when the original held a secret and what is stored is its redacted text rendition instead.
    text_redacted = models.BooleanField(_("replaced by redacted text"), default=False, editable=False)
    # True while a file whose text could not be extracted (an image, an archive over the limits or holding an
    # image, an encrypted or broken file) waits for a compliance officer: it may hold a secret nobody scanned, so
    # agents cannot download it.
    quarantined = models.BooleanField(_("quarantined (unscanned)"), default=False, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [_external_id_unique("attachment")]

    def __str__(self) -> str:
        return gettext("attachment #%(id)s") % {"id": self.pk}


class RiskFlag(models.Model):
    """One risk rule that matched a ticket, with its evidence (never a secret); counted per day for staff."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="risk_flag_rows")
    # The customer's data key: the evidence quotes the customer's own words, so it is shredded with them.
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("rule"), max_length=50)
    evidence = EncryptedTextField(_("evidence"))
    flagged_at = models.DateTimeField(_("flagged"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("risk indicator")
        verbose_name_plural = _("risk indicators")
        ordering = ["-flagged_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["ticket", "rule"], name="riskflag_ticket_rule_uniq")]

    def __str__(self) -> str:
        label = RULE_LABELS.get(self.rule, self.rule)
        return gettext("%(rule)s on ticket #%(ticket)s") % {"rule": label, "ticket": self.ticket_id}


class Integration(models.Model):
    """A helpdesk or other system that ingests records through the API with its own token and rate limit."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    # SHA-256 (hex) of the bearer token; the token itself is shown once, when the integration is created.
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.CharField(
        _("rate limit"),
        max_length=20,
        default="600/min",
        help_text=_("Requests per period: `600/min`, `20/s`, `10000/hour`."),
        validators=[RegexValidator(r"^[1-9][0-9]{0,6}/(s|sec|second|m|min|minute|h|hour|d|day)$")],
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source(self) -> str:
        return f"integration:{self.pk}"


class GrantOrigin(models.TextChoices):
    CREATED = "created", _("created by the integration")
    INGESTED = "ingested", _("named by the integration (account known before)")
    GRANTED = "granted", _("granted by staff")


class IntegrationCustomerGrant(models.Model):
    """A customer an integration may reference, under the integration's own id for them.

    An integration sees, and attaches tickets to, only the customers it holds a grant for. The grant's own id is
    what the API shows it, never the customer's internal id.
    """

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="customer_grants", verbose_name=_("integration")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="integration_grants", verbose_name=_("customer")
    )
    external_id = KeyedExternalIdField(_("external id"), max_length=200)  # never in clear (issue 8)
    origin = models.CharField(_("origin"), max_length=10, choices=GrantOrigin.choices, editable=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("integration's customer")
        verbose_name_plural = _("integrations' customers")
        constraints = [
            models.UniqueConstraint(fields=["integration", "customer"], name="grant_integration_customer_uniq"),
            models.UniqueConstraint(fields=["integration", "external_id"], name="grant_integration_external_id_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.integration} → customer #{self.customer_id}"


class ReplyTemplate(models.Model):
    """An automatic reply staff can edit, in English and Simplified Chinese."""

    SECRET_EXPOSED = "secret-exposed"  # noqa: S105  # a template's slug, not a password

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("body (English)"))
    subject_zh = models.CharField(_("subject (Chinese)"), max_length=200)
    body_zh = models.TextField(_("body (Chinese)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class TicketUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key object permissions (fast joins, deleted with the ticket)."""

    content_object = models.ForeignKey(Ticket, on_delete=models.CASCADE)


class TicketGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Ticket, on_delete=models.CASCADE)

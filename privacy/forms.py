"""Forms of the public privacy pages: parsing only; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from privacy.models import PrivacyRequestKind
from privacy.services import MAX_ACCOUNT_ID_LENGTH, MAX_EMAIL_LENGTH, MAX_REASON_LENGTH, MAX_TEXT_LENGTH
from supportrecords.scanning import text_holds_secret

MAX_CERTIFICATE_BYTES = 100_000

SECRET_NOT_KEPT = _(
    "What you entered here looked like a recovery phrase or private key, so it was not kept. Never share your "
    "recovery phrase or private keys with anyone, including us."
)


class SecretsNotShownBackForm(forms.Form):
    """A public form shown again with errors: every field whose value holds a recovery phrase or private key is
    emptied, with a message beside it, so that the page (and the browser's cache and history) never holds it.
    Other values are shown as typed, to be corrected."""

    def full_clean(self) -> None:
        super().full_clean()
        if self.errors:
            self.secrets_withhold()

    def secrets_withhold(self) -> None:
        """Empty the fields holding a secret (call again after adding errors from a service)."""
        if not self.is_bound:
            return
        held = []
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if isinstance(value, str) and text_holds_secret(value):
                held.append(name)
        if not held:
            return
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        for name in held:
            data[self.add_prefix(name)] = ""
            # Its own errors may quote the value (Django's "Select a valid choice. <value> is not one of ...").
            self.errors[name] = self.error_class([str(SECRET_NOT_KEPT)], renderer=self.renderer)
            if hasattr(self, "cleaned_data"):
                self.cleaned_data.pop(name, None)
        self.data = data


class PrivacyRequestForm(SecretsNotShownBackForm):
    kind = forms.ChoiceField(
        label=_("What would you like us to do?"), choices=PrivacyRequestKind.choices, widget=forms.RadioSelect
    )
    exchange_account_id = forms.CharField(
        label=_("Exchange account ID"),
        max_length=MAX_ACCOUNT_ID_LENGTH * 4,  # invisible characters are removed by the service, then 64 at most
        help_text=_("Shown under Account > Profile in the exchange app, e.g. UID12345678."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Email address of the account"),
        max_length=MAX_EMAIL_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    rectification_wrong = forms.CharField(
        label=_("For a correction: what is wrong?"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rectification_correct = forms.CharField(
        label=_("For a correction: what should it be?"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(label=_("Language of our emails"), choices=settings.LANGUAGES)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if text_holds_secret(email):  # a phrase joined by dots is a valid address: never mail to it
            raise forms.ValidationError(SECRET_NOT_KEPT)
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == PrivacyRequestKind.RECTIFICATION:
            for name in ("rectification_wrong", "rectification_correct"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Tell us this for a correction."))
        return data


class CertificateVerifyForm(SecretsNotShownBackForm):
    document = forms.CharField(
        label=_("Certificate (the JSON document)"),
        required=False,
        max_length=MAX_CERTIFICATE_BYTES,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
    )
    upload = forms.FileField(label=_("or upload the certificate file (.json)"), required=False)


class StaffReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the customer)"), max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )

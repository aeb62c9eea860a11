"""The automatic reply to an exposed secret no longer claims the security team was told: nobody is emailed when
no security contact is configured. Only the seeded sentence is replaced; a reply staff rewrote is left alone."""

from django.db import migrations

OLD_EN = "Our security team has been told and may contact you through this ticket."
NEW_EN = "This ticket is marked as a security case; our staff may contact you through it."
OLD_ZH = "我们的安全团队已收到通知，可能会通过此工单与您联系。"
NEW_ZH = "此工单现为安全事件，我们的工作人员可能会通过此工单与您联系。"


def _replace(apps, old_en: str, new_en: str, old_zh: str, new_zh: str) -> None:
    ReplyTemplate = apps.get_model("supportrecords", "ReplyTemplate")
    for template in ReplyTemplate.objects.all():
        template.body_en = template.body_en.replace(old_en, new_en)
        template.body_zh = template.body_zh.replace(old_zh, new_zh)
        template.save(update_fields=["body_en", "body_zh"])


def forwards(apps, schema_editor):
    _replace(apps, OLD_EN, NEW_EN, OLD_ZH, NEW_ZH)


def backwards(apps, schema_editor):
    _replace(apps, NEW_EN, OLD_EN, NEW_ZH, OLD_ZH)


class Migration(migrations.Migration):
    dependencies = [("supportrecords", "0014_fa_account_index_normalised")]
    operations = [migrations.RunPython(forwards, backwards)]

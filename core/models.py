"""What core keeps for every app: the record of reminders already sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    """One step of one reminder, sent. The key names the thing reminded about and the step
    ("contests.assignment:12:before-3"), so a periodic task sends each step once however often
    it runs; the owning app shows the reminders of its records by their key prefix."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipients = models.TextField(_("recipients"), help_text=_("One e-mail address a line."))
    subject = models.CharField(_("subject"), max_length=255)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by_id = models.PositiveBigIntegerField(
        _("sent by (user id)"), null=True, blank=True, help_text=_("Empty for automatic ones.")
    )

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.key

    @property
    def recipient_list(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line]

from typing import Any

from django.core.management.base import BaseCommand

from stories.retention import enforce_retention, retention_days


class Command(BaseCommand):
    help = (
        "Erase what the privacy notice (/privacy/) says Terang keeps for a limited time: evidence "
        "files of stories offline and idle for TERANG_RETENTION_DAYS['evidence_offline_days'] "
        "days, scanner corrections older than TERANG_RETENTION_DAYS['scan_feedback_days'], and "
        "reporters' email addresses TERANG_RETENTION_DAYS['reporter_email_days'] after the decision. "
        "Run by the housekeeping timer (docs/deploy.md); safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = enforce_retention()
        self.stdout.write(
            f"{result.evidence_files} evidence files of {result.stories} stories erased "
            f"(offline and idle for {retention_days('evidence_offline_days')} days); "
            f"{result.scan_feedback} scanner corrections erased "
            f"(older than {retention_days('scan_feedback_days')} days); "
            f"{result.reporter_emails} reporters' addresses blanked "
            f"({retention_days('reporter_email_days')} days after the decision)."
        )

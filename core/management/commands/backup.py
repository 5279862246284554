"""python manage.py backup [--out DIR]

The database and every stored file (the disk or the bucket), with their checksums, into a new
folder under DIR (default BACKUP_DIR, else var/backups) named by the UTC time. Exit status 0 and
the folder's path on the last line when the backup is complete; non-zero with the reason
otherwise (no complete-looking folder is left behind). core/backup.py says what is written.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and every stored file, with checksums (docs/backup.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            metavar="DIR",
            help="Where to write the backup folder (default: BACKUP_DIR, else var/backups).",
        )

    def handle(self, *args, out=None, **options):
        target = Path(out or settings.BACKUP_DIR)
        try:
            summary = backup_create(out=target)
        except BackupError as error:
            raise CommandError(f"Sao lưu thất bại:\n{error}") from None
        except Exception as error:  # the disk, the bucket, the database: say which, briefly
            raise CommandError(f"Sao lưu thất bại: {type(error).__name__}: {error}") from None
        for warning in summary.warnings:
            self.stderr.write(f"Cảnh báo: {warning}")
        self.stdout.write(
            f"Đã sao lưu cơ sở dữ liệu và {summary.files} tệp ({summary.bytes} byte); "
            f"{summary.rows_checked} dòng có mã kiểm tra đã đối chiếu."
        )
        self.stdout.write(str(summary.folder))

"""python manage.py restore DIR [--yes]

Bring a backup folder (made by `manage.py backup`) back into an EMPTY database and the default
storage. Everything is checked before anything changes: the manifest, the dump's and every file's
sha256, that the database has none of the portal's tables, that the storage has none of the keys
with other content. After loading, every key and every row's checksum is verified. Exit status 0
when all of it matches; non-zero with every problem otherwise.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, RestoreIncomplete, VerificationError, restore_run


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and the file storage (docs/backup.md)."

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="The backup folder (with manifest.json).")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, folder, yes=False, **options):
        try:
            summary = restore_run(Path(folder), confirm=lambda m: yes or self._confirm(m))
        except VerificationError as error:
            raise CommandError(f"Đã khôi phục nhưng kiểm tra sau khôi phục thấy lỗi:\n{error}")
        except RestoreIncomplete as error:
            raise CommandError(
                f"Khôi phục dừng giữa chừng:\n{error}\nCơ sở dữ liệu và kho tệp có thể đã được ghi "
                "một phần: tạo lại chúng trống rồi chạy lại (docs/backup.md)."
            ) from None
        except BackupError as error:
            raise CommandError(f"Không khôi phục (chưa thay đổi gì):\n{error}") from None
        if summary is None:
            raise CommandError("Đã hủy: chưa thay đổi gì.")
        self.stdout.write(
            f"Đã khôi phục cơ sở dữ liệu và {summary.files} tệp ({summary.bytes} byte"
            f"; {summary.skipped} tệp đã có sẵn, giống hệt). Đã kiểm tra sha256 mọi tệp và "
            f"{summary.rows_checked} dòng có mã kiểm tra: khớp."
        )
        self.stdout.write("Tiếp theo: python manage.py migrate (nếu mã nguồn mới hơn bản sao lưu).")

    def _confirm(self, manifest: dict) -> bool:
        self.stdout.write(
            f"Bản sao lưu lúc {manifest['created_at']} (phiên bản {manifest['app']}, "
            f"{len(manifest['files'])} tệp) sẽ được nạp vào cơ sở dữ liệu và kho tệp hiện tại."
        )
        try:
            return input("Gõ 'yes' để tiếp tục: ").strip() == "yes"
        except EOFError:
            return False

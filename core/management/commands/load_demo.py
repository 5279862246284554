from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import demo


class Command(BaseCommand):
    help = (
        "Load the demo data every app registers (<app>/demo.py), in dependency order, and the "
        "demo accounts. Idempotent: a second run only makes sure the accounts exist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the demo accounts have a public password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG đang tắt: dữ liệu mẫu tạo các tài khoản (kể cả quản trị) với mật khẩu "
                "công khai. Chạy lại với --force nếu thực sự muốn."
            )
        demo.load_demo(stdout=self.stdout)

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from associations.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (Hồng Lĩnh town union, term 2018 - 2023) and the demo accounts. "
        "Idempotent: a second run only makes sure the accounts exist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=f"Run even with DEBUG off (the demo accounts use the password {DEMO_PASSWORD}).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG đang tắt: dữ liệu mẫu tạo các tài khoản (kể cả quản trị) với mật khẩu "
                f"công khai {DEMO_PASSWORD}. Chạy lại với --force nếu thực sự muốn."
            )
        load_demo(stdout=self.stdout)

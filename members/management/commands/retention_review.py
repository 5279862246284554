"""People proposed for anonymisation by the retention rule, one a line (for cron)."""

from django.core.management.base import BaseCommand, CommandError

from associations.models import Union
from members.models import Member
from members.privacy.retention import retention_candidates, retention_cutoff, retention_years


class Command(BaseCommand):
    help = (
        "List the people whose every membership ended more than PERSONAL_DATA_RETENTION_YEARS "
        "years ago: the yearly review proposes them for anonymisation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--union", help="Slug of the union (default: every union).")

    def handle(self, *args, union=None, **options):
        members = Member.objects.all()
        if union:
            found = Union.objects.filter(slug=union).first()
            if found is None:
                raise CommandError(f"No union with the slug {union!r}.")
            members = members.filter(union=found)
        rows = list(
            retention_candidates(members=members).values_list(
                "id", "union__slug", "member_code", "full_name", "last_left_on"
            )
        )
        self.stderr.write(
            f"{len(rows)} people left before {retention_cutoff():%d/%m/%Y} "
            f"({retention_years()} years)."
        )
        for pk, slug, code, name, left_on in rows:
            self.stdout.write(f"{pk}\t{slug}\t{code or ''}\t{name}\t{left_on:%Y-%m-%d}")

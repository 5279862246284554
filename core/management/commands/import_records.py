"""python manage.py import_records <kind> <file.xlsx|file.csv> [--union SLUG] [--dry-run]

The kinds are those the apps register (core.imports.registry).

The shell side of design §6: exit status 0 when the file was imported (or, with --dry-run, would
be), non-zero with every problem on standard error otherwise. Nothing is written unless the whole
file is valid.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.imports import get_kind, kind_names, records_import


class Command(BaseCommand):
    help = (
        "Import records from an .xlsx, .xls, .ods or .csv file (all or nothing). "
        "Kinds, in the order a full load imports them: %s."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = type(self).help % ", ".join(kind_names())
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=kind_names(), help="One of: %(choices)s.")
        parser.add_argument("file")
        parser.add_argument(
            "--union",
            metavar="SLUG",
            help="The union to import into (default: the only union, when there is one).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, save nothing."
        )

    def handle(self, *args, kind, file, union=None, dry_run=False, **options):
        spec = get_kind(kind)
        target = None
        if spec.needs_union:
            target = self._union(union)
        try:
            with open(file, "rb") as handle:
                handle.read(0)
        except OSError as exc:
            raise CommandError(_("cannot read %(file)s: %(error)s") % {"file": file, "error": exc})
        result = records_import(kind=kind, file=file, union=target, dry_run=dry_run)
        if not result.ok:
            for issue in result.errors:
                self.stderr.write(str(issue))
            raise CommandError(
                _("%(file)s was not imported: %(count)d error(s); nothing was saved.")
                % {"file": file, "count": len(result.errors)}
            )
        self.stdout.write(result.summary())
        # A line for scripts, the same in every language.
        counts = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            **result.details,
            "dry_run": int(dry_run),
        }
        self.stdout.write(" ".join(f"{name}={value}" for name, value in counts.items()))

    def _union(self, slug):
        Union = apps.get_model(settings.IMPORT_UNION_MODEL)  # noqa: N806
        if slug:
            try:
                return Union.objects.get(slug=slug)
            except Union.DoesNotExist:
                raise CommandError(_("unknown union «%(slug)s»") % {"slug": slug})
        unions = list(Union.objects.order_by("slug")[:2])
        if len(unions) == 1:
            return unions[0]
        if not unions:
            raise CommandError(_("there is no union yet: import the unions first"))
        raise CommandError(
            _("there are several unions: choose one with --union (%(slugs)s)")
            % {"slugs": ", ".join(Union.objects.order_by("slug").values_list("slug", flat=True))}
        )

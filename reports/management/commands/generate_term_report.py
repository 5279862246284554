import datetime
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from associations.models import Term, Union
from reports import services
from reports.models import FileFormat, ReportKind


class Command(BaseCommand):
    help = (
        "Generate a union's report (term report, yearly report or mid-term review), keep it as "
        "a new version and write it to a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--union", required=True, help="The union's slug.")
        parser.add_argument(
            "--kind", default=ReportKind.TERM, choices=ReportKind.values, help="Default: term."
        )
        parser.add_argument(
            "--term", help='The term label, e.g. "2018 - 2023" (term and midterm reports).'
        )
        parser.add_argument("--year", type=int, help="The calendar year (yearly reports).")
        parser.add_argument(
            "--until", help="The last day a mid-term review covers (YYYY-MM-DD or dd/mm/yyyy)."
        )
        parser.add_argument("--out", required=True, help="Where to write the document.")
        parser.add_argument("--format", default=FileFormat.PDF, choices=FileFormat.values)

    def handle(self, *args, **options):
        union = Union.objects.filter(slug=options["union"]).first()
        if union is None:
            raise CommandError(f"No union with slug {options['union']!r}.")
        out = Path(options["out"])
        if not out.parent.is_dir():
            # Checked first: a failed write must not leave a new version behind.
            raise CommandError(f"Cannot write {out}: directory {out.parent} does not exist.")
        file_format = options["format"]
        if file_format not in services.available_formats():
            raise CommandError(
                f"The {file_format} format is not available: its renderer is not installed."
            )
        try:
            report = self._report(union, options)
            version = services.term_report_generate(report=report, file_format=file_format)
        except services.ReportNotReady as exc:
            raise CommandError(str(exc)) from exc
        stored = version.docx_file if file_format == FileFormat.DOCX else version.file
        with stored.open("rb") as source, out.open("wb") as target:
            shutil.copyfileobj(source, target)
        size = version.docx_size if file_format == FileFormat.DOCX else version.size
        self.stdout.write(f"{out} ({size} bytes, version {version.number})")

    def _term(self, union, label):
        if not label:
            raise CommandError("--term is required for this kind of report.")
        term = Term.objects.filter(union=union, label=label).first()
        if term is None:
            labels = ", ".join(union.terms.values_list("label", flat=True)) or "none"
            raise CommandError(f"No term {label!r} in {union.slug} (terms: {labels}).")
        return term

    def _report(self, union, options):
        kind = options["kind"]
        if kind == ReportKind.YEAR:
            if not options["year"]:
                raise CommandError("--year is required for a yearly report.")
            return services.year_report_get_or_create(union=union, year=options["year"])
        term = self._term(union, options["term"])
        if kind == ReportKind.MIDTERM:
            return services.midterm_report_get_or_create(
                union=union, term=term, until=parse_date(options["until"])
            )
        return services.term_report_get_or_create(union=union, term=term)


def parse_date(value: str | None) -> datetime.date:
    if not value:
        raise CommandError("--until is required for a mid-term review.")
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"--until {value!r} is not a date (YYYY-MM-DD or dd/mm/yyyy).")

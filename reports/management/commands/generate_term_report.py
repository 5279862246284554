from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from associations.models import Term, Union
from reports import services
from reports.models import FileFormat


class Command(BaseCommand):
    help = "Generate a union's term report, keep it as a new version and write it to a file."

    def add_arguments(self, parser):
        parser.add_argument("--union", required=True, help="The union's slug.")
        parser.add_argument("--term", required=True, help='The term label, e.g. "2018 - 2023".')
        parser.add_argument("--out", required=True, help="Where to write the document.")
        parser.add_argument("--format", default="pdf", choices=[FileFormat.PDF, FileFormat.DOCX])

    def handle(self, *args, **options):
        union = Union.objects.filter(slug=options["union"]).first()
        if union is None:
            raise CommandError(f"No union with slug {options['union']!r}.")
        term = Term.objects.filter(union=union, label=options["term"]).first()
        if term is None:
            labels = ", ".join(union.terms.values_list("label", flat=True)) or "none"
            raise CommandError(f"No term {options['term']!r} in {union.slug} (terms: {labels}).")
        out = Path(options["out"])
        if not out.parent.is_dir():
            # Checked first: a failed write must not leave a new version behind.
            raise CommandError(f"Cannot write {out}: directory {out.parent} does not exist.")
        report = services.term_report_get_or_create(union=union, term=term)
        if options["format"] == FileFormat.DOCX:
            self.write_docx(report, out)
            return
        version = services.term_report_generate(report=report, file_format=options["format"])
        with version.file.open("rb") as fh:
            out.write_bytes(fh.read())
        self.stdout.write(f"{out} ({version.size} bytes, version {version.number})")

    # --- DOCX: the same content as the PDF, for staff to finish in Word -----------------------

    def write_docx(self, report, out: Path) -> None:
        """The report as DOCX from today's figures, written to `out` (not kept as a version)."""
        from reports.docx import report_docx
        from reports.selectors import term_report_figures

        figures = term_report_figures(
            union=report.union, term=report.term, next_term=report.next_term
        )
        content = report_docx(services.term_report_context(report=report, figures=figures))
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(content)} bytes, DOCX)")

"""python manage.py bench — the measurements of design §7 on a synthetic province data set.

Every app's `bench.py` registers its data and measures (core.bench); each measure comes with a
floor and, where there is one, a peer, measured in the same run on the same data. Prints the
table and writes it as JSON (var/bench/latest.json by default). Use a database of its own:
`make bench` points DATABASE_URL at one (PostgreSQL when it runs here).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from core import bench


class Command(BaseCommand):
    help = "Build the synthetic data set (once), take every registered measure, write the JSON."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=20_000)
        parser.add_argument("--societies", type=int, default=200)
        parser.add_argument("--activities", type=int, default=2_000)
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--clients", type=int, default=10)
        parser.add_argument("--seconds", type=int, default=15, help="Load duration per page.")
        parser.add_argument("--repeat", type=int, default=20, help="Runs of quick measures.")
        parser.add_argument("--pdf-repeat", type=int, default=3)
        parser.add_argument("--skip-http", action="store_true", help="Skip the gunicorn loads.")
        parser.add_argument("--only", nargs="*", help="Names of the measures to take.")
        parser.add_argument(
            "--json", type=Path, default=Path(settings.BASE_DIR) / "var" / "bench" / "latest.json"
        )

    def handle(self, *args, **options):
        out = self.stdout.write
        database = f"{connection.vendor} {connection.settings_dict['NAME']}"
        out(f"Database: {database}")
        results = bench.run(options, out=out)
        out("")
        out(bench.table(results))
        bench.write_json(results, options["json"], context={"database": connection.vendor})
        out(f"\nWritten to {options['json']}")

"""python manage.py bench — the measurements of design §7 on a synthetic province data set.

Use its own database: `make bench` points DATABASE_URL at one (PostgreSQL when it runs here).
"""

from django.core.management.base import BaseCommand
from django.db import connection

from associations import benchmark


class Command(BaseCommand):
    help = "Build the synthetic data set (once) and print the figures measured against targets."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=20_000)
        parser.add_argument("--societies", type=int, default=200)
        parser.add_argument("--activities", type=int, default=2_000)
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--clients", type=int, default=10)
        parser.add_argument("--skip-http", action="store_true", help="Skip the gunicorn load test.")

    def handle(self, *args, **opts):
        out = self.stdout.write
        out(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        seconds, union = benchmark.timed(
            lambda: benchmark.build_dataset(
                societies=opts["societies"], members=opts["members"], activities=opts["activities"]
            )
        )
        out(f"Data set ready in {seconds:.1f} s: {opts['members']} members, "
            f"{opts['societies']} societies, {opts['activities']} activities")  # fmt: skip

        figures = benchmark.measure_report_figures(union)
        out(
            f"Report figures: {figures['queries']} queries, {figures['ms']:.1f} ms "
            "(target ≤ 30 queries, ≤ 50 ms)"
        )
        pdf = benchmark.measure_report_pdf(union)
        out(
            f"Report PDF: full {pdf['full_s']:.2f} s vs bare WeasyPrint {pdf['bare_s']:.2f} s, "
            f"ratio {pdf['ratio']:.2f} (target ≤ 1.25), {pdf['bytes']} bytes"
        )
        imported = benchmark.measure_members_import(opts["import_rows"])
        out(
            f"Import {imported['rows']} members (XLSX): dry run {imported['dry_run_s']:.2f} s + "
            f"import {imported['import_s']:.2f} s = {imported['total_s']:.2f} s "
            f"(target ≤ 2 s), {imported['dry_run_queries']} queries in a dry run"
        )
        if not opts["skip_http"]:
            paths = [
                "/members/",
                "/members/?q=nguyen+van",
                "/members/?q=Tr%E1%BA%A7n+Th%E1%BB%8B&page=2",
                "/members/?qualification=master&page=3",
                "/members/?block=local&gender=female&page=5",
            ]
            load = benchmark.measure_list_page(union, paths=paths, clients=opts["clients"])
            out(
                f"Members list through gunicorn ({load['client']} client), "
                f"{opts['clients']} clients, "
                f"{load['requests']} requests (HTTP {load['statuses']}): "
                f"p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms (target p95 ≤ 60 ms)"
            )

"""python manage.py copy_media_to_bucket [--source DIR] [--dry-run]

For an installation moving from this host's disk to the bucket (docs/storage.md): every file
under MEDIA_ROOT is copied to the default storage, the bucket, under the same name, so that the
records naming them find them there. A file the bucket already holds with the same bytes
(SHA-256) is skipped: the command can be run again after an interruption, or once more just
before the switch, and only what is new is sent. A name the bucket holds with other bytes is
never overwritten: it is listed and the command ends with status 1.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError

from core.storage import storage_place, stored_sha256, uses_bucket


def local_names(root: Path) -> list[str]:
    """The name (relative, with /) of every file under `root`, in order."""
    return sorted(
        (Path(folder) / file_name).relative_to(root).as_posix()
        for folder, _dirs, files in os.walk(root)
        for file_name in files
        if (Path(folder) / file_name).is_file()
    )


class Command(BaseCommand):
    help = (
        "Copy every file under MEDIA_ROOT into the bucket under the same name; files already "
        "there with the same checksum are skipped, different ones are reported, never replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", help="The directory to copy from (default: MEDIA_ROOT).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be copied, copy nothing."
        )

    def handle(self, *args, source=None, dry_run=False, **options):
        storage = storages["default"]
        if not uses_bucket(storage):
            raise CommandError(
                "The files are kept on this host's disk: set AWS_STORAGE_BUCKET_NAME (and the "
                "other AWS_* variables, docs/storage.md) before copying them into the bucket."
            )
        root = Path(source or settings.MEDIA_ROOT)
        if not root.is_dir():
            raise CommandError(f"{root} is not a directory.")
        disk = FileSystemStorage(location=root)
        self.stdout.write(f"{root} -> {storage_place(storage)}")
        copied, same, differ = 0, 0, []
        for name in local_names(root):
            if storage.exists(name):
                if storage.size(name) == disk.size(name) and (
                    stored_sha256(storage, name) == stored_sha256(disk, name)
                ):
                    same += 1
                else:
                    differ.append(name)
                    self.stderr.write(f"{name}: the bucket holds other bytes; left as it is")
                continue
            if not dry_run:
                with disk.open(name, "rb") as handle:
                    saved = storage.save(name, handle)
                if saved != name:
                    raise CommandError(f"{name} was stored as {saved}: copy stopped.")
            copied += 1
            self.stdout.write(f"{'would copy' if dry_run else 'copied'} {name}")
        verb = "to copy" if dry_run else "copied"
        self.stdout.write(f"{copied} {verb}, {same} already in the bucket, {len(differ)} different")
        if differ:
            raise CommandError(
                f"{len(differ)} file(s) differ from the bucket's copy under the same name (listed "
                "above); compare them by hand: nothing was overwritten."
            )

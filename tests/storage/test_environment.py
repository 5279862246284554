"""The environment contract end to end: a process started with the AWS_* variables (and no
settings changed in Python) keeps its files in that bucket."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_process_given_the_bucket_variables_copies_its_files_there(tmp_path, new_bucket):
    bucket = new_bucket()
    media = tmp_path / "media"
    (media / "reports" / "1").mkdir(parents=True)
    (media / "reports" / "1" / "v1.pdf").write_bytes(b"%PDF-1.7 v1")
    env = {**bucket.env, "MEDIA_ROOT": str(media)}

    first = manage("copy_media_to_bucket", env=env)
    again = manage("copy_media_to_bucket", env=env)

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == f"{media} -> S3 · {bucket.name} · 127.0.0.1"
    assert bucket.keys() == ["reports/1/v1.pdf"]
    assert bucket.read("reports/1/v1.pdf") == b"%PDF-1.7 v1"
    assert again.stdout.splitlines()[-1] == "0 copied, 1 already in the bucket, 0 different"


def test_a_difference_ends_the_process_with_status_1(tmp_path, new_bucket):
    bucket = new_bucket()
    bucket.client.put_object(Bucket=bucket.name, Key="a.pdf", Body=b"other")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7")

    result = manage("copy_media_to_bucket", env={**bucket.env, "MEDIA_ROOT": str(tmp_path)})

    assert result.returncode == 1
    assert "a.pdf: the bucket holds other bytes" in result.stderr

"""python manage.py ingest PATH... [--publication NAME] [--date YYYY-MM-DD] [--replace]"""

import datetime
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.ingest import IngestError, page_ingest


class Command(BaseCommand):
    help = "Load OCR'd page files (or folders of them) into the archive; safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="page files (.txt) or folders of them")
        parser.add_argument("--publication", help="the paper, for pages that print no masthead")
        parser.add_argument("--date", type=_date, help="edition date YYYY-MM-DD (wins over a printed one)")
        parser.add_argument(
            "--replace", action="store_true", help="a new scan of a page already loaded replaces its text (a new version)"
        )

    def handle(self, *args, paths, publication=None, date=None, replace=False, **options):
        files = list(_page_files(paths, self.stderr))
        failures = 0
        show_progress = len(files) > 1 and sys.stderr.isatty()
        for number, path in enumerate(files, start=1):
            if show_progress:
                self.stderr.write(f"\r[{number}/{len(files)}] {path.name}", ending="")
            try:
                result = page_ingest(
                    data=path.read_bytes(), source_name=path.name, publication=publication, date=date, replace=replace
                )
            except IngestError as error:
                failures += 1
                self.stderr.write(self.style.ERROR(str(error)))
                continue
            except OSError as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{path}: 无法读取（{error.strerror}）。请检查路径和权限。"))
                continue
            self.stdout.write(result.summary())
        if show_progress:
            self.stderr.write("")
        if failures:
            raise CommandError(f"{failures} 个文件未能导入，其余 {len(files) - failures} 个已处理。")


def _page_files(paths, stderr):
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            # A missing file is reported (and counted as failed) when it is read.
            yield path


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value}: 日期应写作 YYYY-MM-DD，例如 2020-03-27。") from None

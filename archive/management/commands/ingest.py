"""python manage.py ingest PATH... [--publication NAME] [--date YYYY-MM-DD] [--replace]"""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.characters import shown_name
from archive.ingest import IngestError, index_pending_message, pending_index_retry
from archive.page_files import page_file_ingest, page_files


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
        files = list(page_files(paths))
        if retried := pending_index_retry():
            self.stdout.write(f"{retried} 篇此前未写入搜索索引的文章已重新写入")
        failures = 0
        show_progress = len(files) > 1 and sys.stderr.isatty()
        for number, path in enumerate(files, start=1):
            if show_progress:
                self.stderr.write(f"\r[{number}/{len(files)}] {shown_name(path.name)}", ending="")
            try:
                result = page_file_ingest(path=path, publication=publication, date=date, replace=replace)
            except IngestError as error:
                failures += 1
                self.stderr.write(self.style.ERROR(str(error)))
                continue
            self.stdout.write(result.summary())
        if show_progress:
            self.stderr.write("")
        if pending := index_pending_message():
            self.stderr.write(self.style.WARNING(pending))
        if failures:
            raise CommandError(f"{failures} 个文件未能导入，其余 {len(files) - failures} 个已处理。")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value}: 日期应写作 YYYY-MM-DD，例如 2020-03-27。") from None

"""python manage.py reparse [--paper NAME] [--since YYYY-MM-DD] [--apply]"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from archive.ingest import index_pending_message, pending_index_retry
from archive.reparse import pages_reparse, reparse_pages


class Command(BaseCommand):
    help = "Run the current parser over the page text already stored; without --apply, only report."

    def add_arguments(self, parser):
        parser.add_argument("--paper", help="only this paper's pages (its name or URL slug)")
        parser.add_argument("--since", type=_date, help="only editions dated YYYY-MM-DD or later")
        parser.add_argument("--apply", action="store_true", help="write the changes (default: report only)")

    def handle(self, *args, paper=None, since=None, apply=False, **options):
        if apply and (retried := pending_index_retry()):
            self.stdout.write(f"{retried} 篇此前未写入搜索索引的文章已重新写入")
        pages = reparse_pages(paper=paper, since=since)
        total = pages.count()
        changes = pages_reparse(pages=pages, apply=apply)
        for page_changes in changes:
            self.stdout.write(page_changes.summary())
            for headline in page_changes.headlines:
                self.stdout.write(f"    新标题：{headline}")
            if page_changes.people_found:
                self.stdout.write(f"    新人物：{'、'.join(page_changes.people_found)}")
        self.stdout.write(
            f"{'已更新' if apply else '将更新（加 --apply 写入）'} {len(changes)}/{total} 个版面："
            f"改动 {sum(c.changed for c in changes)} 篇，新增 {sum(c.added for c in changes)} 篇，"
            f"撤下 {sum(c.withdrawn for c in changes)} 篇，拆分 {sum(c.splits for c in changes)}，"
            f"合并 {sum(c.joins for c in changes)}，新标题 {sum(len(c.headlines) for c in changes)}，"
            f"新人物 {sum(len(c.people_found) for c in changes)}，县区改变 {sum(c.counties_changed for c in changes)}"
        )
        if pending := index_pending_message():
            self.stderr.write(self.style.WARNING(pending))


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value}: 日期应写作 YYYY-MM-DD，例如 2020-03-27。") from None

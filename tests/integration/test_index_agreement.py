"""The database and the index re-agree article by article: each article's revision is stored in
the index and acknowledged in the database; what a crash, a lock or a restore left behind is
marked 待索引, and `build_index --if-needed` writes exactly the articles whose revisions differ."""

import io
import logging

import pytest
from django.core.management import call_command

from archive.models import Article, new_revision
from search.api import SearchParams, all_ids, rebuild
from search.engine import indexing
from search.engine.indexing import backend

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


def build_index_if_needed() -> str:
    call_command("build_index", "--if-needed", stdout=(out := io.StringIO()))
    return out.getvalue()


def found(text: str) -> set[int]:
    return set(all_ids(SearchParams(q=text)))


def holding(text: str) -> set[int]:
    """The oracle: current articles whose text holds `text`."""
    return {a.pk for a in Article.objects.current() if text in f"{a.kicker}\n{a.headline}\n{a.subheadline}\n{a.body}"}


def an_article_with_its_own_words(skip=()) -> tuple[Article, str]:
    """An article and a run of its body (only) that no other article has."""
    for article in Article.objects.current().exclude(pk__in=skip).order_by("pk"):
        middle = len(article.body) // 2
        words = article.body[middle : middle + 12]
        headings = f"{article.kicker}\n{article.headline}\n{article.subheadline}"
        if len(words) == 12 and "\n" not in words and words not in headings and holding(words) == {article.pk}:
            return article, words
    raise AssertionError("no article with words of its own")


def changed_behind_the_index(article: Article, body: str) -> None:
    """What a writer killed between its commit and its index write leaves: the database changed
    (a new revision), the index not told."""
    Article.objects.filter(pk=article.pk).update(body=body, revision=new_revision())


def test_an_index_locked_past_the_wait_leaves_the_edit_saved_and_marked_and_build_if_needed_writes_it(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    rebuild()
    article, old_words = an_article_with_its_own_words()
    monkeypatch.setattr(indexing, "LOCK_TIMEOUT_SECONDS", 0.1)
    holder = backend().index.writer()  # another process writing the index all that time
    try:
        with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
            article.body = "锁住索引时改写的正文，新词核对甲乙丙。"
            article.save()
    finally:
        holder.cancel()
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "1 articles saved but not yet in the search index (LockError" in line and "build_index --if-needed" in line
    assert "Traceback" not in caplog.text
    article.refresh_from_db()
    assert article.index_pending and list(Article.objects.index_pending()) == [article]
    assert found(old_words) == {article.pk} and found("新词核对甲乙丙") == set()  # the index is behind

    out = build_index_if_needed()

    assert "0 articles added, 1 re-written" in out and "0 removed" in out
    assert found("新词核对甲乙丙") == {article.pk} and found(old_words) == set()
    assert not Article.objects.index_pending().exists()
    assert "up to date" in build_index_if_needed()


def test_build_if_needed_writes_exactly_the_articles_whose_revisions_differ():
    rebuild()
    stale, stale_words = an_article_with_its_own_words()
    missing, missing_words = an_article_with_its_own_words(skip=[stale.pk])
    withdrawn, withdrawn_words = an_article_with_its_own_words(skip=[stale.pk, missing.pk])
    unacknowledged = Article.objects.current().exclude(pk__in=[stale.pk, missing.pk, withdrawn.pk]).first()
    changed_behind_the_index(stale, "崩溃前已提交的新正文，核对丁戊己。")
    index = backend().index
    with index.writer() as writer:  # an index restored from before this article was loaded
        writer.delete_by_term("id", f"archive.article.{missing.pk}")
    Article.objects.filter(pk=withdrawn.pk).update(withdrawn=True, revision=new_revision())
    # Killed after the index write, before its acknowledgement: the index agrees already.
    Article.objects.filter(pk=unacknowledged.pk).update(indexed_revision="")
    assert found(missing_words) == set() and found(withdrawn_words) == {withdrawn.pk}

    repaired = indexing.repair()

    assert (repaired.missing, repaired.stale, repaired.removed) == ([missing.pk], [stale.pk], [withdrawn.pk])
    assert repaired.acknowledged >= 1 and not Article.objects.index_pending().exists()
    assert found("核对丁戊己") == {stale.pk} and found(stale_words) == set()
    assert found(missing_words) == {missing.pk} and found(withdrawn_words) == set()
    assert set(all_ids(SearchParams())) == set(Article.objects.current().values_list("pk", flat=True))
    assert "up to date" in build_index_if_needed()


def test_the_next_ingest_writes_what_a_killed_one_left_pending(tmp_path, django_capture_on_commit_callbacks):
    rebuild()
    article, old_words = an_article_with_its_own_words()
    changed_behind_the_index(article, "上次导入被中断后留下的正文，核对庚辛壬。")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "page.txt").write_text(Article.objects.first().page.raw_text, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(tmp_path / "empty"), stdout=(out := io.StringIO()), stderr=io.StringIO())
    assert "1 篇此前未写入搜索索引的文章已重新写入" in out.getvalue()
    assert not Article.objects.index_pending().exists()
    assert found("核对庚辛壬") == {article.pk} and found(old_words) == set()


def test_an_ingest_that_could_not_reach_the_index_says_so(tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    rebuild()
    monkeypatch.setattr(indexing, "LOCK_TIMEOUT_SECONDS", 0.1)
    page = tmp_path / "page.txt"
    page.write_text(Article.objects.first().page.raw_text + "\n\n本报讯 锁住索引时导入的一段新闻，核对癸子丑。\n", encoding="utf-8")
    holder = backend().index.writer()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("ingest", str(page), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    finally:
        holder.cancel()
    assert "尚未写入搜索索引" in err.getvalue() and "build_index --if-needed" in err.getvalue()
    assert Article.objects.index_pending().exists()
    assert build_index_if_needed().startswith("search index repaired")
    assert found("核对癸子丑") == holding("核对癸子丑") != set()


def test_the_admin_lists_articles_waiting_for_the_index_and_writes_them(admin_client, django_capture_on_commit_callbacks):
    rebuild()
    article, old_words = an_article_with_its_own_words()
    changed_behind_the_index(article, "管理后台补写索引的正文，核对寅卯辰。")
    listing = admin_client.get("/admin/archive/article/?index=pending").content.decode()
    assert article.headline in listing and "待索引" in listing and "1 篇文章已保存，但尚未写入搜索索引" in listing
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/archive/article/?index=pending", {"action": "write_to_index", "_selected_action": [article.pk]})
    # (The action's message counts what is still pending once its saves have committed: in a
    # request they commit before it; here the test's transaction holds them until this line.)
    assert not Article.objects.index_pending().exists()
    assert found("核对寅卯辰") == {article.pk} and found(old_words) == set()

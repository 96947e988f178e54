"""manage.py reparse: the current parser over the text already stored, keeping every article's
id, URL, correction and history; without --apply nothing changes."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from archive.models import Article, Page
from archive.reparse import reparse_pages
from search.api import SearchParams, all_ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index", "index_follows")]


@pytest.fixture
def index_follows(django_capture_on_commit_callbacks):
    """Every commit's indexing runs in this test, into its own index (none left for the next)."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


def reparse(capsys, *args):
    call_command("reparse", *args)
    return capsys.readouterr().out


def snapshot(page):
    return sorted(page.articles.values_list("pk", "ordinal", "headline", "body", "county", "withdrawn"))


@pytest.fixture
def page_read_by_an_older_parser():
    """Page 07 as a worse parser left it: its first two articles joined into one, the third's
    headline misread, and an article cut from text the page does not hold."""
    page = Page.objects.get(edition__key="2020-03-27", sequence=7)
    first, second, third = page.articles.order_by("position")[:3]
    first.body = f"{first.body}\n{second.headline}\n{second.body}"
    first.save()
    second_headline = second.headline
    second.delete()
    third.headline = "武陟县委常委会"
    third.save()
    ghost = Article.objects.create(
        page=page, ordinal=99, position=99, headline="旧版切分的一篇", body="此段文字不在版面原文之中，只是旧版本切分留下的误读。"
    )
    return page, first, third, ghost, second_headline


def test_dry_run_reports_the_changes_and_changes_nothing(page_read_by_an_older_parser, capsys):
    page, *_ = page_read_by_an_older_parser
    before = snapshot(page)
    out = reparse(capsys)
    assert f"{page}: " in out and "新增 1" in out and "撤下 1" in out and "拆分 1" in out
    assert "新标题：武陟县委常委会议召开" in out
    assert "加 --apply 写入" in out.splitlines()[-1]
    assert snapshot(page) == before


def test_apply_keeps_ids_corrections_and_history(page_read_by_an_older_parser, capsys, django_capture_on_commit_callbacks):
    page, first, third, ghost, second_headline = page_read_by_an_older_parser
    first.county, first.corrected_fields = "温县", ["county"]
    first.save()
    editor = User.objects.create_user("bianji", is_staff=True)
    LogEntry.objects.create(
        user=editor, content_type=ContentType.objects.get_for_model(Article), object_id=str(first.pk),
        object_repr=str(first), action_flag=CHANGE, change_message="县区",
    )
    with django_capture_on_commit_callbacks(execute=True):
        out = reparse(capsys, "--paper", "焦作日报", "--since", "2020-03-01", "--apply")
    covered = reparse_pages(paper="焦作日报", since=datetime.date(2020, 3, 1)).count()
    assert out.splitlines()[-1].startswith(f"已更新 1/{covered} 个版面")
    first.refresh_from_db()
    third.refresh_from_db()
    # The joined article is cut again; it kept its id and the editor's county, the part split
    # off is a new article with a new ordinal, the misread headline is read again.
    assert second_headline not in first.body and first.county == "温县" and first.corrected_fields == ["county"]
    added = page.articles.get(headline=second_headline)
    assert added.ordinal == 100 and not added.withdrawn
    assert (third.headline, third.ordinal) == ("武陟县委常委会议召开", 3)
    assert LogEntry.objects.filter(object_id=str(first.pk)).exists()
    assert added.pk in set(all_ids(SearchParams(q=second_headline)))
    # Run again, the parse changes nothing more.
    assert reparse(capsys).splitlines() == [
        f"将更新（加 --apply 写入） 0/{Page.objects.count()} 个版面：改动 0 篇，新增 0 篇，撤下 0 篇，拆分 0，合并 0，新标题 0，新人物 0，县区改变 0"
    ]


def test_withdrawn_article_keeps_its_url_which_says_so_and_leaves_search(page_read_by_an_older_parser, client, capsys, django_capture_on_commit_callbacks):
    *_, ghost = page_read_by_an_older_parser[:4]
    with django_capture_on_commit_callbacks(execute=True):
        ghost.save()  # indexed, as ingest left it
    assert all_ids(SearchParams(q="旧版本切分")) == [ghost.pk]
    with django_capture_on_commit_callbacks(execute=True):
        reparse(capsys, "--apply")
    ghost.refresh_from_db()
    assert ghost.withdrawn and ghost.mentions.count() == 0
    response = client.get(ghost.get_absolute_url())
    assert response.status_code == 200 and "已撤下" in response.content.decode()
    assert all_ids(SearchParams(q="旧版本切分")) == []
    assert ghost.page.doubt_count == sum(len(a.doubts) for a in ghost.page.articles.filter(withdrawn=False, corrected_fields=[]))


def test_an_editors_split_survives_a_reparse(capsys):
    from archive import corrections

    article = Article.objects.get(headline="武陟县委常委会议召开")
    second = corrections.article_split(article=article, at_paragraph=2)
    bodies = {article.pk: article.body, second.pk: second.body}
    reparse(capsys, "--apply")
    after = {a.pk: a.body for a in Article.objects.filter(pk__in=bodies, withdrawn=False)}
    assert after == bodies
    assert article.page.articles.filter(body__contains=second.body.split("\n")[0]).count() == 1


def test_withdrawn_article_leaves_the_browse_pages_but_not_its_own(page_read_by_an_older_parser, client, capsys):
    page, *_, ghost, _ = page_read_by_an_older_parser
    reparse(capsys, "--apply")
    assert ghost.headline not in client.get(page.get_absolute_url()).content.decode()
    assert ghost.headline not in client.get(page.edition.get_absolute_url()).content.decode()
    assert ghost.headline in client.get(ghost.get_absolute_url()).content.decode()


def test_withdrawn_article_leaves_the_full_export(page_read_by_an_older_parser, capsys):
    import json

    *_, ghost, _ = page_read_by_an_older_parser
    reparse(capsys, "--apply")
    call_command("export", "--format", "jsonl")
    exported = {json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()}
    assert ghost.pk not in exported and ghost.page.articles.current().first().pk in exported

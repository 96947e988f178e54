"""An editor splits one name into two people: the chosen articles' mentions become the new
person's, the rest stay, and re-ingesting the page keeps the split."""

import pytest
from django.contrib.admin.models import LogEntry

from archive.ingest import page_ingest
from archive.models import Article, Page, Person

pytestmark = pytest.mark.django_db


def test_split_moves_the_chosen_articles_and_survives_a_reingest(admin_client, fresh_index, django_capture_on_commit_callbacks):
    person = max(Person.objects.filter(category="official"), key=lambda p: p.mentions.values("article").distinct().count())
    articles = list(Article.objects.filter(mentions__person=person).distinct().order_by("pk"))
    assert len(articles) >= 2
    chosen = articles[:1]
    response = admin_client.post(
        "/admin/archive/person/",
        {"action": "split_person", "_selected_action": [person.pk], "name": f"{person.name}（另一人）",
         "articles": [a.pk for a in chosen]},
    )
    assert response.status_code == 302
    other = Person.objects.get(name=f"{person.name}（另一人）")
    assert set(Article.objects.filter(mentions__person=other)) == set(chosen)
    assert not Article.objects.filter(mentions__person=person, pk__in=[a.pk for a in chosen]).exists()
    assert Article.objects.filter(mentions__person=person).exists()
    assert LogEntry.objects.filter(object_id=str(person.pk), change_message__contains="拆分").exists()
    assert admin_client.get(other.get_absolute_url()).status_code == 200

    # Re-ingesting the page (as an edited file under its own name) files the split again.
    page = Page.objects.get(pk=chosen[0].page_id)
    with django_capture_on_commit_callbacks(execute=True):
        result = page_ingest(data=(page.raw_text + "\n\n本报讯 县里召开植树动员会议，部署春季造林。\n").encode(), source_name=page.source_name)
    assert result.status == "updated"
    same = Article.objects.get(page__source_name=page.source_name, ordinal=chosen[0].ordinal)
    assert same.mentions.filter(person=other).exists() and not same.mentions.filter(person=person).exists()


def test_split_refuses_a_name_already_taken_or_all_the_articles(admin_client):
    from archive.corrections import person_split

    person = max(Person.objects.filter(category="official"), key=lambda p: p.mentions.count())
    articles = Article.objects.filter(mentions__person=person).distinct()
    with pytest.raises(ValueError):
        person_split(person=person, articles=articles, name=person.name + "（二）")
    with pytest.raises(ValueError):
        person_split(person=person, articles=articles[:1], name=Person.objects.exclude(pk=person.pk).first().name)


def test_the_article_form_suggests_the_titles_a_person_is_printed_with(admin_client):
    from archive.models import Mention

    mention = Mention.objects.filter(role="official").exclude(titles=[]).select_related("person").first()
    page = admin_client.get(f"/admin/archive/article/{mention.article_id}/change/").content.decode()
    import html
    import re

    cells = [html.unescape(c) for c in re.findall(r'field-title_suggestions">\s*<p>(.*?)</p>', page, re.S)]
    assert any(mention.titles[0] in cell for cell in cells), cells

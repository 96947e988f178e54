"""The admin: upload editions, review how pages were parsed, correct articles and people.

Views and actions stay thin: they call archive.ingest and archive.corrections.
"""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import corrections
from .editor_fields import EditorDateField, EventDatesField, LinesField
from .ingest import IngestError, articles_reindex, index_pending_message, page_doubts_recount, page_ingest, too_large
from .models import DOUBT_LABELS, Alias, Article, Edition, Mention, Page, Person, Place
from .rescans import RescanNotConfirmed, rescan_hold, rescan_release

admin.site.site_header = _("地方政务新闻档案 · 管理")
admin.site.site_title = _("档案管理")
admin.site.index_title = _("管理首页")
UPLOAD_EXTENSIONS = (".txt", ".text")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        return [single(item, initial) for item in data] if isinstance(data, (list, tuple)) else [single(data, initial)]


class UploadForm(forms.Form):
    # Empty files get the ingest's own explanation rather than Django's generic one.
    files = MultipleFileField(label=_("版面文件（可多选，.txt）"), allow_empty_file=True)
    publication = forms.CharField(label=_("报纸（版面未印报名时使用）"), required=False, max_length=100)
    date = forms.DateField(label=_("出版日期（版面未印日期时使用，格式 2020-03-27）"), required=False)


def _log(request, obj, action_flag, message):
    """Admin history (who, when, what) for changes made outside the standard change form."""
    LogEntry.objects.log_actions(
        user_id=request.user.pk, queryset=[obj], action_flag=action_flag, change_message=message, single_object=True
    )


class PageInline(admin.TabularInline):
    model = Page
    fields = ("review_link", "label", "source_name", "article_count")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("版面"))
    def review_link(self, page):
        return format_html('<a href="{}">{}</a>', reverse("admin:archive_page_change", args=[page.pk]), page.display_number)

    @admin.display(description=_("文章数"))
    def article_count(self, page):
        return page.articles.count()


class CountyFilter(admin.SimpleListFilter):
    title = _("县区")
    parameter_name = "county"

    def lookups(self, request, model_admin):
        from .models import county_choices

        return county_choices()

    def queryset(self, request, queryset):
        return queryset.filter(pages__articles__county=self.value()).distinct() if self.value() else queryset


class EditionForm(forms.ModelForm):
    date = EditorDateField(
        label=_("日期"), required=False, widget=forms.TextInput(attrs={"size": 16, "placeholder": "2020-03-19"}),
        help_text=_("如 2020-03-19 或 2020年3月19日。期次网址随之改为该日期，原网址自动跳转到新网址。"),
    )

    class Meta:
        model = Edition
        fields = ("date",)

    def clean_date(self):
        date = self.cleaned_data["date"]
        changed = self.instance.pk and date != self.instance.date
        if changed and (problem := corrections.edition_date_problem(edition=self.instance, date=date)):
            raise forms.ValidationError(problem)
        return date


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = EditionForm
    list_display = ("__str__", "date", "date_source", "page_count", "article_count")
    list_filter = ("publication", ("date", admin.DateFieldListFilter), CountyFilter)
    date_hierarchy = "date"
    inlines = [PageInline]
    readonly_fields = ("publication", "key", "date_source")
    fields = ("publication", "key", "date", "date_source")
    change_list_template = "admin/archive/edition/change_list.html"

    def save_model(self, request, edition, form, change):
        """A new date goes through the service: the URL follows the date, the old one redirects."""
        if change and "date" in form.changed_data:
            dated = corrections.edition_date_set(edition=Edition.objects.get(pk=edition.pk), date=form.cleaned_data["date"])
            if dated.pk != edition.pk:
                request.edition_joined = dated
                _log(request, dated, CHANGE, f"并入原 {edition.key} 的版面")
            return
        super().save_model(request, edition, form, change)

    def response_change(self, request, edition):
        if (joined := getattr(request, "edition_joined", None)) is not None:
            self.message_user(request, f"该日期已有一期，版面已并入 {joined}；原网址跳转到这一期。")
            return redirect("admin:archive_edition_change", joined.pk)
        return super().response_change(request, edition)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("publication").annotate(
            pages_n=Count("pages", distinct=True), articles_n=Count("pages__articles")
        )

    @admin.display(description=_("版面数"), ordering="pages_n")
    def page_count(self, edition):
        return edition.pages_n

    @admin.display(description=_("文章数"), ordering="articles_n")
    def article_count(self, edition):
        return edition.articles_n

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # only superusers delete editions

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="archive_edition_upload"), *super().get_urls()]

    def upload_view(self, request):
        """Upload page files; each runs through the same ingest as `manage.py ingest`."""
        if not request.user.has_perm("archive.add_edition"):
            raise PermissionDenied
        results, errors, rescans = [], [], []
        if request.method == "POST" and "confirm_rescans" in request.POST:
            form = UploadForm()
            self._rescans_confirmed(request, results, errors)
        else:
            form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_bound and form.is_valid():
            publication, date = form.cleaned_data["publication"] or None, form.cleaned_data["date"]
            for upload in form.cleaned_data["files"]:
                try:
                    result = _ingest_upload(upload, publication, date)
                except RescanNotConfirmed as rescan:
                    # A new scan of a page already loaded: say what it would change, and wait for the editor.
                    upload.seek(0)
                    token = rescan_hold(data=upload.read(), source_name=upload.name, publication=publication, date=date)
                    request.session[f"rescan-{token}"] = True
                    rescans.append({"token": token, "source_name": upload.name, "page": rescan.page, "changes": rescan.changes})
                    continue
                except IngestError as error:
                    errors.append(str(error))
                    continue
                self._uploaded(request, result, results)
        context = {**self.admin_site.each_context(request), "form": form, "results": results, "errors": errors,
                   "rescans": rescans, "title": _("上传版面"), "opts": self.model._meta}
        return render(request, "admin/archive/upload.html", context)


    def _rescans_confirmed(self, request, results, errors):
        """The new scans the editor confirmed replace their pages' text."""
        for token in request.POST.getlist("rescan"):
            held = rescan_release(token) if request.session.pop(f"rescan-{token}", False) else None
            if held is None:
                errors.append(_("这次替换已处理过或已过期，请重新上传文件。"))
                continue
            try:
                result = page_ingest(replace=True, **held)
            except IngestError as error:
                errors.append(str(error))
                continue
            self._uploaded(request, result, results)

    def _uploaded(self, request, result, results):
        results.append(result)
        if result.status != "unchanged":
            _log(request, result.page.edition, ADDITION if result.status == "created" else CHANGE, f"上传 {result.source_name}：{result.status}")


def _ingest_upload(upload, publication, date):
    name = upload.name
    if not name.lower().endswith(UPLOAD_EXTENSIONS):
        raise IngestError(f"{name}: 只能上传 .txt 文本文件（OCR 输出的版面文字）。")
    # Django has spooled a large upload to a temporary file; its size is known before reading it.
    if upload.size > settings.ARCHIVE_MAX_PAGE_BYTES:
        raise too_large(name, upload.size)
    return page_ingest(data=upload.read(), source_name=name, publication=publication, date=date)


class ArticleInline(admin.TabularInline):
    model = Article
    fields = ("ordinal", "edit_link", "kind", "county", "first_line", "doubt_labels")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("position",)

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("标题"))
    def edit_link(self, article):
        return format_html('<a href="{}">{}</a>', reverse("admin:archive_article_change", args=[article.pk]), article.headline)

    @admin.display(description=_("待核对"))
    def doubt_labels(self, article):
        return doubt_labels(article)


def doubt_labels(article) -> str:
    """What the parser was unsure of in this article, in words (until an editor corrects it)."""
    return "、".join(str(DOUBT_LABELS.get(code, code)) for code in article.doubts) or "—"


class DoubtFilter(admin.SimpleListFilter):
    """待核对: pages whose parse the parser doubted, the most doubtful first."""

    title = _("待核对")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("doubtful", _("待核对（按存疑处多少排序）"))]

    def queryset(self, request, queryset):
        return queryset.filter(doubt_count__gt=0) if self.value() == "doubtful" else queryset


class IndexPendingFilter(admin.SimpleListFilter):
    """待索引: articles saved but not (yet) in the search index."""

    title = _("搜索索引")
    parameter_name = "index"

    def lookups(self, request, model_admin):
        return [("pending", _("待索引"))]

    def queryset(self, request, queryset):
        return queryset.index_pending() if self.value() == "pending" else queryset


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "label", "doubt_count", "source_name", "ingested_at")
    list_filter = (DoubtFilter, "edition__publication")
    search_fields = ("source_name",)
    fields = ("edition", "sequence", "label", "source_name", "text_versions", "parse_review")
    readonly_fields = ("edition", "sequence", "source_name", "text_versions", "parse_review")

    def get_ordering(self, request):
        # 待核对 lists the most doubtful parse first, so editors correct the worst pages first.
        return ["-doubt_count", "edition", "sequence"] if request.GET.get(DoubtFilter.parameter_name) else super().get_ordering(request)
    inlines = [ArticleInline]

    @admin.display(description=_("文本版本"))
    def text_versions(self, page):
        """Each text the page has had (a new scan replaces it; archive.rescans), newest last."""
        text_url = reverse("archive:page_text", args=[page.edition.publication.slug, page.edition.key, page.sequence])
        versions = page.versions.order_by("number")
        return format_html_join(
            "", '<li><a href="{}?version={}">第 {} 版文本</a> {} <small>{}</small></li>',
            ((text_url, v.number, v.number, v.source_name, v.loaded_at.strftime("%Y-%m-%d %H:%M")) for v in versions),
        ) or "—"

    @admin.display(description=_("原文与切分"))
    def parse_review(self, page):
        """The raw text beside the articles cut from it, so a wrong split shows at a glance."""
        articles = format_html_join(
            "", '<li><a href="{}">{}</a> <small>（第 {} 行起）</small></li>',
            ((reverse("admin:archive_article_change", args=[a.pk]), a.headline, a.first_line) for a in page.articles.order_by("position")),
        )
        numbered = "\n".join(f"{n:>4}  {line}" for n, line in enumerate(page.raw_text.split("\n"), start=1))
        return format_html(
            '<div class="parse-review" style="display:flex;gap:2em"><pre style="flex:1;max-height:40em;overflow:auto;white-space:pre-wrap">{}</pre>'
            '<ol style="flex:1">{}</ol></div>', numbered, articles,
        )


class MentionForm(forms.ModelForm):
    titles = LinesField(label=_("职务"), help_text=_("每行一个，按见报写法"))

    class Meta:
        model = Mention
        fields = ("person", "role", "titles")


class MentionInline(admin.TabularInline):
    model = Mention
    form = MentionForm
    fields = ("person", "role", "titles", "title_suggestions")
    readonly_fields = ("title_suggestions",)
    autocomplete_fields = ("person",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    @admin.display(description=_("常见职务"))
    def title_suggestions(self, mention):
        """The titles this person is printed with elsewhere, most often first: what to type."""
        if not mention.person_id:
            return "—"
        return "；".join(person_titles(mention.person)) or "—"


TITLE_SUGGESTIONS = 5


def person_titles(person) -> list[str]:
    counts = Counter(title for titles in person.mentions.values_list("titles", flat=True) for title in titles)
    return [title for title, _ in counts.most_common(TITLE_SUGGESTIONS)]


class ArticleForm(forms.ModelForm):
    event_dates = EventDatesField(
        label=_("事件日期"), rows=3, placeholder="2020-03-19\n2020年3月20日",
        help_text=_("每行一个（或用逗号分隔），如 2020-03-19、2020年3月19日；年份不详写 3月19日。"),
    )

    class Meta:
        model = Article
        fields = ("headline", "headline_printed", "kicker", "subheadline", "kind", "county", "event_dates", "body")
        help_texts = {"headline_printed": _("版面上印有此标题。见报时没有标题、标题由编者所加时不勾选，公开页面标为“编者加”。")}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ("headline", "page", "ordinal", "kind", "county", "headline_printed", "doubts_shown", "index_state")
    list_filter = (IndexPendingFilter, "kind", "county", "page__edition__publication")
    readonly_fields = ("doubts_shown", "index_state")

    @admin.display(description=_("待核对"))
    def doubts_shown(self, article):
        return doubt_labels(article)

    @admin.display(description=_("搜索索引"))
    def index_state(self, article):
        return _("待索引") if article.index_pending else _("已索引")

    search_fields = ("headline", "body")
    inlines = [MentionInline]
    actions = ["merge_with_next", "write_to_index"]

    def changelist_view(self, request, extra_context=None):
        if pending := index_pending_message():
            self.message_user(request, pending, messages.WARNING)
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("写入搜索索引"))
    def write_to_index(self, request, queryset):
        written = articles_reindex(queryset)
        if still := queryset.index_pending().count():
            self.message_user(request, _("%(n)d 篇仍未写入搜索索引（索引正被占用或无法打开），请稍后再试。") % {"n": still}, messages.ERROR)
        else:
            self.message_user(request, _("%(n)d 篇已写入搜索索引。") % {"n": written})
    change_form_template = "admin/archive/article/change_form.html"

    def save_model(self, request, article, form, change):
        # A headline typed for an article that printed none stays unprinted: the editor says
        # whether the page printed it (headline_printed), never the act of typing it.
        corrections.mark_corrected(article, form.changed_data)
        super().save_model(request, article, form, change)
        page_doubts_recount(article.page)

    def save_formset(self, request, form, formset, change):
        """People added or changed by hand belong to the article's page, and are a correction."""
        article = form.instance
        for mention in formset.save(commit=False):
            mention.page_id = article.page_id
            mention.save()
        for mention in formset.deleted_objects:
            mention.delete()
        if formset.has_changed():
            corrections.mark_corrected(article, ["people"])
            article.save()

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    @admin.action(description=_("与下一篇合并"))
    def merge_with_next(self, request, queryset):
        for article in queryset:
            try:
                corrections.article_merge_next(article=article)
            except ValueError as error:
                self.message_user(request, f"{article.headline}：{error}", messages.ERROR)
                continue
            _log(request, article, CHANGE, "与下一篇合并")
            self.message_user(request, f"已合并：{article.headline}")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/paragraphs/", wrap(self.paragraphs_view), name="archive_article_paragraphs"),
            *super().get_urls(),
        ]

    def paragraphs_view(self, request, pk):
        """Split the article before a paragraph, or mark a paragraph as an OCR duplicate."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            number = int(request.POST.get("paragraph", 0))
            try:
                if request.POST.get("action") == "split":
                    new = corrections.article_split(article=article, at_paragraph=number - 1)
                    _log(request, article, CHANGE, f"在第 {number} 段前拆分，新文章 {new.pk}")
                    self.message_user(request, "已拆分为两篇文章。")
                else:
                    corrections.paragraph_mark_duplicate(article=article, paragraph=number)
                    _log(request, article, CHANGE, f"第 {number} 段标为重复")
                    self.message_user(request, "已将该段标为重复段落。")
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:archive_article_paragraphs", pk=article.pk)
        context = {**self.admin_site.each_context(request), "article": article, "opts": self.model._meta,
                   "paragraphs": list(enumerate(article.body.split("\n"), start=1)), "title": _("段落：拆分或标为重复")}
        return render(request, "admin/archive/article/paragraphs.html", context)


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(Person.objects.none(), label=_("保留为"))


class SplitForm(forms.Form):
    name = forms.CharField(label=_("新人物的名字"), max_length=40, help_text=_("例如：王伟（孟州市）"))
    articles = forms.ModelMultipleChoiceField(
        Article.objects.none(), label=_("属于新人物的文章"), widget=forms.CheckboxSelectMultiple
    )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "mention_count", "first_seen", "last_seen")
    list_filter = ("category",)
    search_fields = ("name", "aliases__name")
    list_editable = ("category",)
    inlines = [AliasInline]
    actions = ["merge_people", "split_person"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            mentions_n=Count("mentions__article", distinct=True),
            first=Min("mentions__article__page__edition__date"),
            last=Max("mentions__article__page__edition__date"),
        ).order_by("name")  # Meta.ordering does not apply to an aggregated query

    @admin.display(description=_("提及篇数"), ordering="mentions_n")
    def mention_count(self, person):
        return person.mentions_n

    @admin.display(description=_("最早见报"), ordering="first")
    def first_seen(self, person):
        return person.first

    @admin.display(description=_("最近见报"), ordering="last")
    def last_seen(self, person):
        return person.last

    def save_model(self, request, person, form, change):
        if change and "name" in form.changed_data:
            new_name = form.cleaned_data["name"]
            person.name = form.initial["name"]
            corrections.person_rename(person=person, name=new_name)
            person.refresh_from_db()
        super().save_model(request, person, form, change)

    @admin.action(description=_("合并为同一人"))
    def merge_people(self, request, queryset):
        people = list(queryset.order_by("-mentions_n", "name"))
        if len(people) < 2:
            self.message_user(request, "请至少选择两个人物。", messages.WARNING)
            return None
        if "keep" in request.POST:
            form = MergeForm(request.POST)
            form.fields["keep"].queryset = queryset
            if form.is_valid():
                keep = form.cleaned_data["keep"]
                corrections.people_merge(keep=keep, others=people)
                _log(request, keep, CHANGE, "合并：" + "、".join(p.name for p in people if p.pk != keep.pk))
                self.message_user(request, f"已合并为 {keep.name}，其他写法保留为别名。")
                return None
        form = MergeForm(initial={"keep": people[0].pk})
        form.fields["keep"].queryset = queryset
        context = {**self.admin_site.each_context(request), "form": form, "people": people, "opts": self.model._meta,
                   "title": _("合并人物"), "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        return render(request, "admin/archive/person/merge.html", context)

    @admin.action(description=_("拆分为两人"))
    def split_person(self, request, queryset):
        """The same name printed for two people: the editor picks the articles of the other one."""
        if queryset.count() != 1:
            self.message_user(request, "请只选择一个人物。", messages.WARNING)
            return None
        person = queryset.get()
        articles = Article.objects.filter(mentions__person=person).distinct().select_related("page__edition")
        form = SplitForm(request.POST if "name" in request.POST else None)
        form.fields["articles"].queryset = articles
        form.fields["articles"].label_from_instance = lambda a: f"{a.page.edition} · {a.county or '—'} · {a.headline}"
        if form.is_bound and form.is_valid():
            try:
                other = corrections.person_split(person=person, articles=form.cleaned_data["articles"], name=form.cleaned_data["name"])
            except ValueError as problem:
                self.message_user(request, str(problem), messages.ERROR)
            else:
                _log(request, person, CHANGE, f"拆分：{len(form.cleaned_data['articles'])} 篇文章归入 {other.name}")
                _log(request, other, ADDITION, f"由 {person.name} 拆分而来")
                self.message_user(request, f"已拆分：{other.name} 有 {len(form.cleaned_data['articles'])} 篇文章。")
                return None
        context = {**self.admin_site.each_context(request), "form": form, "person": person, "opts": self.model._meta,
                   "title": _("拆分人物"), "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        return render(request, "admin/archive/person/split.html", context)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """The gazetteer, read-only: it comes from archive/parsing/data/divisions.tsv and the papers'
    profiles."""

    list_display = ("name", "code", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

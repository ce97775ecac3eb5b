"""
The articles: the list (searchable, narrowed by facets), each article's page, its staff
preview, its citation files and its citable versions (archive/versions.py).
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from .. import related, search, versions
from ..filtersets import ArticleFilterSet, DateMode
from ..models import Article, Event, EventReport, Role, Statistic
from . import citations, structured_data
from .facets import article_facets, toggle_url
from .generic import FilteredListView, PreviewMixin, absolute, sort_options
from .linked_data import LinkedDataMixin
from .linking import LinkTarget, link_paragraphs
from .queries import article_neighbours

# What a list of other editions shows of each.
EDITION_FIELDS = ("slug", "title", "title_is_devised", "language", "edition_of", "date_edtf")

# The filters shown above the results as "remove" links when in use, in this order.
ACTIVE_FILTERS = (
    "similar_to",
    "person",
    "author",
    "organisation",
    "topic",
    "source",
    "place",
    "year",
)


class ArticleListView(FilteredListView):
    """
    All published articles, newest first, searchable and narrowed by facets. A search shows
    each text's best-matching passage with the matched words marked, best matches first
    unless the reader sorts by date.
    """

    filterset_class = ArticleFilterSet
    paginate_by = 20
    template_name = "archive/article_list.html"

    def get_queryset(self):
        return Article.objects.published().for_list()

    @property
    def search_query(self):
        return self.request.GET.get("q", "")

    def with_passages(self, articles):
        """
        The page's articles, each with `search_snippet`: 1 query for the page's rows alone
        (in the page's own query, the database could make a passage for every match it sorts).
        """
        articles = list(articles)
        if not articles:  # also what a query with no words finds (archive.search)
            return articles
        passages = dict(
            search.with_snippets(
                Article.objects.filter(pk__in=[article.pk for article in articles]),
                self.search_query,
            ).values_list("pk", "search_snippet")
        )
        for article in articles:
            article.search_snippet = passages.get(article.pk)
        return articles

    def active_filters(self):
        """The filters in use, each with the link that removes it."""
        form = self.filterset.form
        active = []
        if not (self.filter_is_valid and self.filterset.is_bound):
            return active
        for name in ACTIVE_FILTERS:
            value = form.cleaned_data.get(name)
            if value not in (None, ""):
                active.append(
                    {
                        "name": name,
                        "label": form.fields[name].label,
                        "value": self.request.GET.get(name),
                        "display": int(value) if name == "year" else value,
                        "remove_url": toggle_url(self.request, name, self.request.GET[name]),
                    }
                )
        return active

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        searching = self.search_query.strip() and self.filter_is_valid
        # Too many matches to rank (archive.search.RANK_LIMIT): they come newest first.
        context["too_many_to_rank"] = bool(
            searching
            and not self.request.GET.get("ordering")
            and not search.is_ranked(self.object_list)
        )
        if searching:
            context["object_list"] = self.with_passages(context["object_list"])
            orders = [("", _("Relevance")), ("-date", _("Newest first"))]
        elif self.request.GET.get("similar_to") and self.filter_is_valid:
            orders = [("", _("Most related")), ("-date", _("Newest first"))]
        else:
            orders = [("-date", _("Newest first"))]
        context["sort_options"] = sort_options(self.request, [*orders, ("date", _("Oldest first"))])
        context["active_filters"] = self.active_filters()
        context["facets"] = (
            article_facets(
                self.request,
                self.object_list,
                self.filterset.span,
                within=self.filterset.is_bound
                and self.filterset.form.cleaned_data.get("date_mode") == DateMode.WITHIN,
            )
            if self.filter_is_valid
            else []
        )
        context["query"] = self.search_query if self.filter_is_valid else ""
        return context


def mention_links(person_mentions, organisation_mentions, place_mentions):
    """What each mentioned record is called in the text, and where its name links to."""
    return (
        [
            (m.surface_forms, LinkTarget(m.person.get_absolute_url(), "person", m.person.name))
            for m in person_mentions
        ]
        + [
            (
                m.surface_forms,
                LinkTarget(m.organisation.get_absolute_url(), "organisation", m.organisation.name),
            )
            for m in organisation_mentions
        ]
        + [
            (m.surface_forms, LinkTarget(m.place.get_absolute_url(), "place", m.place.name))
            for m in place_mentions
        ]
    )


class ArticleDetailView(LinkedDataMixin, DetailView):
    """An article, its body linked to the records it mentions, and the facts drawn from it."""

    template_name = "archive/article_detail.html"

    def visible_articles(self):
        return Article.objects.published()

    def visible_editions(self):
        # A preview shows the page as it will be: other editions only once they are public.
        return Article.objects.published()

    def get_queryset(self):
        return (
            self.visible_articles()
            .for_detail()
            .prefetch_related(
                Prefetch(
                    "event_reports", queryset=EventReport.objects.select_related("event__place")
                ),
                Prefetch(
                    "statistics",
                    queryset=Statistic.objects.select_related("indicator"),
                    to_attr="drawn_statistics",
                ),
                Prefetch(
                    "roles",
                    queryset=Role.objects.select_related("organisation"),
                    to_attr="stated_roles",
                ),
                "corrections",
            )
        )

    def describe(self, article, url):
        return structured_data.news_article(
            article,
            url,
            article.person_mentions.all(),
            article.organisation_mentions.all(),
            article.place_mentions.all(),
            list(article.corrections.all()),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        url = absolute(self.request)
        person_mentions = list(article.person_mentions.all())
        organisation_mentions = list(article.organisation_mentions.all())
        place_mentions = list(article.place_mentions.all())
        mentions = mention_links(person_mentions, organisation_mentions, place_mentions)
        roles_by_person = {}
        for role in article.stated_roles:
            roles_by_person.setdefault(role.person_id, []).append(role)
        older, newer = self.neighbours(article)
        corrections = list(article.corrections.all())
        public_versions = self.public_versions(article)
        version = versions.current_version(article, public_versions)
        cited_url = (version or article).get_absolute_url()
        context.update(
            editions=list(self.visible_editions().editions_of(article).only(*EDITION_FIELDS)),
            paragraphs=link_paragraphs(article.body, mentions),
            people=[
                {"person": m.person, "roles": roles_by_person.get(m.person_id, [])}
                for m in person_mentions
            ],
            organisations=[m.organisation for m in organisation_mentions],
            places=[m.place for m in place_mentions],
            event_reports=list(article.event_reports.all()),
            statistics=article.drawn_statistics,
            newer=newer,
            older=older,
            citation=citations.citation_text(article, url(cited_url), version),
            version=version,
            has_versions=bool(public_versions),
            corrections=corrections,
            structured_data=self.page_description(article),
        )
        # One more than shown says whether the list of all related reports has more.
        reports = related.for_article(article, related.SHOWN + 1)
        context.update(
            related_reports=reports[: related.SHOWN], more_related=len(reports) > related.SHOWN
        )
        return context

    neighbours = staticmethod(article_neighbours)

    def public_versions(self, article):
        return versions.public_versions(article)


class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    """
    A draft or an article in review, exactly as its public page will be, with the events
    that only unpublished articles report so far marked as not yet public and linked to
    their own preview.
    """

    public_view = "archive:article_detail"

    def public_queryset(self):
        return super().visible_articles()

    def visible_articles(self):
        return Article.objects.all()

    def preview_status(self):
        return self.object.get_status_display()

    def public_versions(self, article):
        return []  # what a preview shows is not yet a version anyone can cite

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reported = [report.event_id for report in context["event_reports"]]
        context["events_not_yet_public"] = set(reported) - set(
            Event.objects.public().filter(pk__in=reported).values_list("pk", flat=True)
        )
        return context


class ArticleEditionsView(DetailView):
    """
    Every published edition of a report side by side, each verbatim in its own language, the
    one asked for first. An article with no other published edition sends the reader to its
    own page.
    """

    template_name = "archive/article_editions.html"

    def get_queryset(self):
        return Article.objects.published().select_related("source")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        others = list(Article.objects.published().select_related("source").editions_of(self.object))
        if not others:
            return redirect(self.object)
        return self.render_to_response(
            self.get_context_data(
                editions=[
                    {"article": edition, "paragraphs": link_paragraphs(edition.body, ())}
                    for edition in [self.object, *others]
                ]
            )
        )


def public_version(article, revision):
    """The public version `revision` saved of the article, or a 404."""
    version = versions.version_of(article, revision)
    if version is None:
        raise Http404(_("This article has no public version with that number."))
    return version


class ArticleVersionsView(DetailView):
    """Every public version of an article, newest first, each with its permanent address."""

    template_name = "archive/article_versions.html"

    def get_queryset(self):
        return Article.objects.published()

    def get_context_data(self, **kwargs):
        public_versions = versions.public_versions(self.object)
        return super().get_context_data(
            public_versions=public_versions,
            current=versions.current_version(self.object, public_versions),
            **kwargs,
        )


class ArticleVersionView(DetailView):
    """
    One public version of an article, as it was: the text a reader cited, its citation, and
    what has been corrected since, with a link to the current version.
    """

    template_name = "archive/article_version.html"
    context_object_name = "current_article"

    def get_queryset(self):
        return Article.objects.published().prefetch_related("corrections")

    def get_context_data(self, **kwargs):
        current_article = self.object
        version = public_version(current_article, self.kwargs["revision"])
        article = versions.with_authors(version)
        current = versions.current_version(current_article)
        return super().get_context_data(
            version=version,
            article=article,
            is_current=current is not None and current.revision == version.revision,
            paragraphs=link_paragraphs(article.body, ()),
            corrections_since=versions.corrections_since(
                version, current_article.corrections.all()
            ),
            citation=citations.citation_text(
                article, absolute(self.request)(version.get_absolute_url()), version
            ),
            **kwargs,
        )


def download_name(article, version):
    return article.slug if version is None else f"{article.slug}-revision-{version.revision}"


class ArticleCitationView(View):
    """
    `cite.bib` and `cite.json` (CSL-JSON): the article's reference for reference managers,
    naming the version shown now, or the version asked for.
    """

    format = None  # "bibtex" or "csl-json"

    def get(self, request, slug, revision=None):
        article = get_object_or_404(
            Article.objects.published()
            .select_related("source", "relayed_from", "dateline_place")
            .prefetch_related("authorships__person"),
            slug=slug,
        )
        if revision is None:
            version = versions.current_version(article)
        else:
            version = public_version(article, revision)
            article = versions.with_authors(version)
        url = request.build_absolute_uri((version or article).get_absolute_url())
        if self.format == "bibtex":
            response = HttpResponse(
                citations.bibtex(article, url, version=version),
                content_type="application/x-bibtex; charset=utf-8",
            )
            filename = f"{download_name(article, version)}.bib"
        else:
            response = JsonResponse(
                citations.csl_json(article, url, version=version),
                safe=False,
                json_dumps_params={"ensure_ascii": False, "indent": 2},
                content_type="application/vnd.citationstyles.csl+json; charset=utf-8",
            )
            filename = f"{download_name(article, version)}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

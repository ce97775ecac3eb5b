"""
What the website's views share: the filtered list, built on django-filter's `FilterView`, and
the staff's preview of a page before it is public.
"""

from django.forms import NumberInput, TextInput
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django_countries import countries
from django_filters.views import FilterView

from .. import cache, years
from ..pagination import ArchivePaginator


def absolute(request):
    return request.build_absolute_uri


def sort_options(request, options):
    """
    The ways a list can be sorted, as links that keep the current filters: `options` are
    (ordering value, label) pairs, the first being the list's default order (no parameter).
    """
    current = request.GET.get("ordering", "")
    links = []
    for index, (value, label) in enumerate(options):
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("ordering", None)
        if index:
            params["ordering"] = value
        encoded = params.urlencode()
        links.append(
            {
                "label": label,
                "url": f"?{encoded}" if encoded else "?",
                "selected": current == value or (not index and not current),
            }
        )
    return links


class FilteredListView(FilterView):
    """
    A list narrowed by the model's shared FilterSet. Invalid parameters give a 400 page with
    the form errors and no results (FilterView's `strict`), never a silently ignored filter.
    """

    paginator_class = ArchivePaginator
    sort_orders = ()  # (ordering value, label) pairs offered to the reader, the default first

    @property
    def filter_is_valid(self):
        return not self.filterset.is_bound or self.filterset.is_valid()

    def render_to_response(self, context, **response_kwargs):
        response_kwargs.setdefault("status", 200 if self.filter_is_valid else 400)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        for field in form.fields.values():
            if isinstance(field.widget, NumberInput):
                # A number input cannot show back what the reader typed when it is not a
                # number ("abc"); a text input can. Its pattern asks phones for digits and
                # lets the browser say at once that only digits will do.
                field.widget = TextInput(attrs={"pattern": "[0-9]*"})
        context["filterset"] = self.filterset
        context["form"] = form
        context["filter_errors"] = [
            {"name": name, "label": form.fields[name].label or name, "errors": errors}
            for name, errors in (form.errors.items() if self.filterset.is_bound else [])
        ]
        context["is_filtered"] = self.filterset.is_bound and any(
            value for name, value in self.request.GET.items() if name != "page"
        )
        year = form.cleaned_data.get("year") if self.filterset.is_bound else None
        if self.filter_is_valid and year is not None:
            # Those whose date may also fall in another year are marked "possibly" in this one.
            records = years.mark_possible_year(
                list(context["object_list"]),
                int(year),
                self.filterset.lower_field,
                self.filterset.upper_field,
            )
            context["object_list"] = records
            context["possible_year"] = (
                int(year) if any(r.possibly_in_year for r in records) else None
            )
        if "country" in form.fields:
            form.fields["country"].widget.choices = self.country_choices()
        context["sort_options"] = sort_options(self.request, self.sort_orders)
        # What the "Filters" button counts on a phone: each filter in use, the search included.
        context["active_filter_count"] = sum(
            1
            for name, value in self.request.GET.items()
            if value and name in form.fields and name != "ordering"
        )
        return context

    def country_choices(self):
        """
        The country filter's menu: only the countries the list's records have (remembered
        until the archive changes), and the one chosen, if any. The filter itself still
        accepts every ISO code, so a link with another one gives an empty list, not an error.
        """
        occurring = cache.remember(
            f"countries-{self.filterset_class.__name__}",
            lambda: sorted(
                set(
                    self.get_queryset()
                    .order_by()
                    .exclude(country="")
                    .values_list("country", flat=True)
                    .distinct()
                )
            ),
        )
        chosen = self.request.GET.get("country", "")
        codes = set(occurring) | ({chosen} if chosen in countries else set())
        return [
            ("", "---------"),
            *sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1]),
        ]


class PreviewMixin:
    """
    A page as the public would see it once the article is published, for the staff who may
    view articles: marked as a preview, never kept by any cache, never indexed. Everyone else
    gets the 404 the public page gives for an unpublished record, so drafts never leak. A
    record that is already public has nothing to preview: its public page is shown instead.
    A view using this says what the public sees (`public_queryset`) and names the public
    page (`public_view`).
    """

    public_view = None
    negotiates = False  # a preview is only ever a page, never the record's RDF

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.is_staff and user.has_perm("archive.view_article")):
            raise Http404
        if self.public_queryset().filter(slug=kwargs["slug"]).exists():
            return redirect(self.public_view, slug=kwargs["slug"])
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)  # Cache-Control: ..., no-store, private
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = {"status": self.preview_status()}
        return context

"""
The API's filter backend and query-parameter check: what a client may ask, and what a refusal
says.

- A query parameter the endpoint does not read is a 400 naming it and listing those it does:
  a typo (`?peson=`) must not silently return everything.
- A filter naming a record that does not exist (`?person=nobody`) is a 404 naming the
  parameter: the request is well formed, the record it refers to is not there. Any other
  refusal (a malformed date, an unknown choice) is a 400 naming the parameter.

The website shares the FilterSets but not these rules: a web address may carry tracking tags
(`utm_source=...`) that a page simply ignores.
"""

from django_filters import ModelChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.settings import api_settings


class ArchiveFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.validated_filterset(request, queryset, view)
        return queryset if filterset is None else filterset.qs

    def validated_filterset(self, request, queryset, view):
        """The view's FilterSet over the request, valid, or the refusal raised (400 or 404)."""
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        if not filterset.is_valid():
            errors = filterset.errors
            if all(
                isinstance(filterset.filters[name], ModelChoiceFilter)
                and all(error.code == "invalid_choice" for error in field_errors)
                for name, field_errors in errors.as_data().items()
            ):
                messages = [message for field_errors in errors.values() for message in field_errors]
                raise NotFound({"detail": " ".join(messages), **errors})
            raise translate_validation(errors)
        return filterset


def accepted_query_parameters(view):
    """The query parameters `view` reads for its current action."""
    accepted = {api_settings.URL_FORMAT_OVERRIDE, *getattr(view, "extra_query_parameters", ())}
    if getattr(view, "action", None) == "list":
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            accepted.update(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            accepted.update(
                name
                for name in (
                    getattr(paginator, "page_query_param", None),
                    getattr(paginator, "page_size_query_param", None),
                )
                if name
            )
    return accepted


def refuse_unknown_query_parameters(request, accepted):
    unknown = sorted(set(request.query_params) - set(accepted))
    if not unknown:
        return
    if accepted:
        known = f"This address accepts: {', '.join(sorted(accepted))}."
    else:
        known = "This address takes no query parameters."
    raise ValidationError(
        {name: [f"Unknown query parameter “{name}”. {known}"] for name in unknown}
    )

"""
The inlines editors work in from the parent record: an article carries its authors, mentions,
roles, events, statistics and status log; an event its participants and reports; a person
their aliases and roles; an indicator its figures.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Authorship,
    EventParticipant,
    EventReport,
    OrganisationAlias,
    OrganisationMention,
    PersonAlias,
    PersonMention,
    PlaceAlias,
    PlaceMention,
    Role,
    Statistic,
    StatusChange,
)

from .forms import AliasForm, MentionForm


class AliasInlineFormSet(forms.BaseInlineFormSet):
    """
    Saving a renamed record has just kept its old name as an alias (NamedEntity.save); an
    editor who typed that name as a new alias in the same form gets that one alias, with what
    they wrote, rather than a refusal.
    """

    def save_new(self, form, commit=True):
        kept = self.model._default_manager.filter(
            **{self.fk.name: self.instance, "name": form.instance.name}
        ).first()
        if kept is not None:
            form.instance.pk = kept.pk
            form.instance._state.adding = False
        return super().save_new(form, commit)


class AliasInline(admin.TabularInline):
    """A record's other names, each with its language and script and where it comes from."""

    formset = AliasInlineFormSet
    form = AliasForm
    extra = 0
    fields = ["name", "language", "script", "origin", "basis", "note", "needs_context"]


class PersonAliasInline(AliasInline):
    model = PersonAlias


class OrganisationAliasInline(AliasInline):
    model = OrganisationAlias


class PlaceAliasInline(AliasInline):
    model = PlaceAlias


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ["person"]


class PersonMentionInline(admin.TabularInline):
    model = PersonMention
    form = MentionForm
    extra = 0
    autocomplete_fields = ["person"]


class OrganisationMentionInline(admin.TabularInline):
    model = OrganisationMention
    form = MentionForm
    extra = 0
    autocomplete_fields = ["organisation"]


class PlaceMentionInline(admin.TabularInline):
    model = PlaceMention
    form = MentionForm
    extra = 0
    autocomplete_fields = ["place"]


class ArticleRoleInline(admin.StackedInline):
    model = Role
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = [
        ("person", "title", "organisation"),
        "quote",
        ("date_edtf", "date_is_inferred"),
        "date_note",
    ]
    verbose_name_plural = _("roles reported in this article")


class PersonRoleInline(admin.StackedInline):
    model = Role
    extra = 0
    autocomplete_fields = ["organisation", "article"]
    fields = [
        ("title", "organisation"),
        ("article", "date_edtf", "date_is_inferred"),
        "quote",
        "date_note",
    ]
    verbose_name_plural = _("roles")


class ArticleEventReportInline(admin.StackedInline):
    model = EventReport
    extra = 0
    autocomplete_fields = ["event"]
    fields = ["event", "quote"]
    verbose_name_plural = _("events reported in this article")


class EventReportInline(admin.StackedInline):
    model = EventReport
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "quote"]


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    extra = 0
    autocomplete_fields = ["person", "organisation"]


class ArticleStatisticInline(admin.StackedInline):
    model = Statistic
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = [
        "indicator",
        ("qualifier", "value", "scale", "unit"),
        ("period_edtf", "direction", "country_a", "country_b"),
        "quote",
        ("rank", "rank_reason"),
    ]
    verbose_name_plural = _("statistics drawn from this article")


class IndicatorStatisticInline(admin.TabularInline):
    model = Statistic
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["qualifier", "value", "scale", "unit", "period_edtf", "article", "rank"]
    show_change_link = True


class StatusChangeInline(admin.TabularInline):
    """The article's workflow log: read-only, newest first."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

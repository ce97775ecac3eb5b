"""
The admin's own forms: surface forms one per line, an alias with where it comes from, the
article's form with its workflow-aware status, the import form, the note asked before a bulk
change of status, and the forms that turn a suggested name into a record or link it to one.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from archive import workflow
from archive.importing.importer import max_file_bytes, too_large
from archive.importing.language import LANGUAGES
from archive.languages import ENDONYMS
from archive.models import Alias, Article, Organisation, Person, Place, Suggestion
from archive.text import normalise_text


class LinesField(forms.CharField):
    """A list of strings edited as one per line, for surface forms."""

    widget = forms.Textarea(attrs={"rows": 2, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        value = normalise_text(super().to_python(value))
        return [line.strip() for line in value.splitlines() if line.strip()]


class MentionForm(forms.ModelForm):
    surface_forms = LinesField(
        label=_("surface forms"),
        required=False,
        help_text=_("The exact words the article uses, one per line."),
    )


class AliasForm(forms.ModelForm):
    """
    Another name of a record. An editor's addition (a spelling no text gives) must say what it
    rests on: the model's constraint says so, and the form gives its message on the basis field,
    where the editor types the answer, rather than above the row.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "basis" in self.fields:
            # The tabular inline shows help texts only as a tooltip: the empty field says it.
            self.fields["basis"].widget.attrs["placeholder"] = _(
                "required for an editor's addition"
            )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("origin") == Alias.Origin.EDITOR and not cleaned_data.get("basis"):
            self.add_error(
                "basis", basis_constraint(self._meta.model).get_violation_error_message()
            )
        return cleaned_data


def basis_constraint(model):
    """The alias model's check that an editor's addition has a basis (Alias.Meta)."""
    return next(c for c in model._meta.constraints if c.name.endswith("_editorial_has_basis"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Press texts"),
        required=False,
    )
    url = forms.URLField(
        label=_("Or the address of a web page"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=_(
            "The page is fetched by the archive's server; its main text becomes the article's "
            "text, and the page itself is kept as received."
        ),
    )
    text = forms.CharField(
        label=_("Or paste a text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
    )
    name = forms.CharField(
        label=_("Name for the pasted text"),
        required=False,
        max_length=200,
        help_text=_("Kept as the original's file name, e.g. the source's page name."),
    )
    language = forms.ChoiceField(
        label=_("Language of the texts"),
        required=False,
        choices=[("", _("Detect each text's language"))]
        + [(code, f"{code} — {ENDONYMS[code]}") for code in LANGUAGES],
        help_text=_(
            "Choose it when you know it: it is set on every text sent. A detected language is "
            "an inference, noted as such on the article."
        ),
    )
    dry_run = forms.BooleanField(label=_("Only show what would be imported"), required=False)

    def __init__(self, *args, uploads_over_limit=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Files the upload dropped on the way in (archive/importing/uploads.py).
        self.uploads_over_limit = list(uploads_over_limit)
        self.fields["files"].help_text = _(
            "One or more .txt files (UTF-8), saved web pages (.html), PDFs (.pdf, scanned ones "
            "read by OCR), Word documents (.docx) or emails (.eml), each at most %(mib)s MiB."
        ) % {"mib": f"{max_file_bytes() / 2**20:g}"}

    def clean_files(self):
        if self.uploads_over_limit:
            names = ", ".join(f"“{name}”" for name in self.uploads_over_limit)
            raise forms.ValidationError(
                _("%(names)s not uploaded, %(reason)s. Nothing was imported.")
                % {"names": names, "reason": too_large(max_file_bytes())}
            )
        return self.cleaned_data["files"]

    def clean(self):
        cleaned = super().clean()
        nothing_sent = not self.uploads_over_limit and not cleaned.get("files")
        if nothing_sent and not cleaned.get("url") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(
                _("Choose at least one file, give the address of a web page, or paste a text.")
            )
        return cleaned


class FeedForm(forms.Form):
    """A feed to list the items of: by its address, or uploaded."""

    url = forms.URLField(
        label=_("Address of a feed"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=_("An RSS or Atom feed, fetched by the archive's server."),
    )
    file = forms.FileField(label=_("Or a saved feed"), required=False)

    def __init__(self, *args, uploads_over_limit=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.uploads_over_limit = list(uploads_over_limit)

    def clean(self):
        cleaned = super().clean()
        if self.uploads_over_limit:
            raise forms.ValidationError(too_large(max_file_bytes()))
        if not cleaned.get("url") and not cleaned.get("file"):
            raise forms.ValidationError(_("Give a feed's address, or choose a saved feed."))
        return cleaned


class ArticleAdminForm(forms.ModelForm):
    """The status field offers only the steps the workflow allows this editor."""

    user = None
    # A URL typed without a scheme is taken as https (Django 6's default).
    original_url = forms.URLField(
        label=_("original URL"), max_length=500, required=False, assume_scheme="https"
    )
    status_note = forms.CharField(
        label=_("note for the status log"),
        max_length=300,
        required=False,
        help_text=_("Why the status changes (why withdrawn, say); kept in the status history."),
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is None:
            return
        current = self.current_status()
        allowed = workflow.allowed_statuses(self.user, current)
        if current != workflow.NEW:
            allowed.append(current)
        status.choices = [
            (value, label) for value, label in Article.Status.choices if value in allowed
        ]

    def current_status(self):
        return self.instance.status if self.instance.pk else workflow.NEW

    def clean_status(self):
        new, current = self.cleaned_data["status"], self.current_status()
        if new != current:
            try:
                workflow.check_step(
                    Article(status=current, title=self.data.get("title", "")), new, self.user
                )
            except (workflow.WorkflowError, PermissionDenied) as error:
                raise forms.ValidationError(str(error)) from error
        return new

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status_note", "").strip()
            and "status" in self.fields
            and cleaned.get("status") == self.current_status()
        ):
            self.add_error(
                "status_note",
                _("The note goes with a change of status: change the status, or leave it empty."),
            )
        return cleaned


class StatusNoteForm(forms.Form):
    """The note asked for before a bulk change of status."""

    note = forms.CharField(
        label=_("Note for the status log"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_(
            "Why the status changes (why withdrawn, say); kept in each article's status history."
        ),
    )


class PersonRecordForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "sort_name", "country"]
        help_texts = {"sort_name": _("Surname first: “Kuspan, Aigul”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort_name"].required = False


# "kind" in these pages is the kind of record (person, organisation, place): the kind of body
# or place has a name of its own.
class OrganisationRecordForm(forms.ModelForm):
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.OTHER,
    )

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "organisation_kind", "country"]


class PlaceRecordForm(forms.ModelForm):
    place_kind = forms.ChoiceField(
        label=_("Kind of place"), choices=Place.Kind.choices, initial=Place.Kind.CITY
    )

    class Meta:
        model = Place
        fields = ["name", "place_kind", "country"]


# A person's form asks what people have, an organisation's what bodies have.
RECORD_FORMS = {
    Suggestion.Kind.PERSON: PersonRecordForm,
    Suggestion.Kind.ORGANISATION: OrganisationRecordForm,
    Suggestion.Kind.PLACE: PlaceRecordForm,
}


class LinkRecordForm(forms.Form):
    """One existing record, of any kind, chosen by name."""

    person = forms.ModelChoiceField(Person.objects, required=False, label=_("Person"))
    organisation = forms.ModelChoiceField(
        Organisation.objects, required=False, label=_("Organisation")
    )
    place = forms.ModelChoiceField(Place.objects, required=False, label=_("Place"))

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget = AutocompleteSelect(Suggestion._meta.get_field(name), admin_site)
            field.widget.choices = field.choices

    def clean(self):
        chosen = [record for record in self.cleaned_data.values() if record is not None]
        if len(chosen) != 1:
            raise ValidationError(
                _("Choose one record: a person, an organisation or a place."), code="one_record"
            )
        self.cleaned_data["record"] = chosen[0]
        return self.cleaned_data

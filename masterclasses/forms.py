"""Input from the query string for listings and search. Forms never import pages, so a page's
route can use them."""

from django import forms

from masterclasses.models.taxonomy import Audience, Format, Topic
from network.models import Place

WHEN_CHOICES = [("upcoming", "Coming up"), ("past", "Past masterclasses")]


class MasterclassFilterForm(forms.Form):
    """Listing filters from the query string; an unknown value is a form error, not a 500."""

    topic = forms.ModelChoiceField(
        Topic.objects.all(), to_field_name="slug", required=False, empty_label="All topics"
    )
    audience = forms.ChoiceField(
        choices=[("", "Everyone"), *Audience.choices], required=False, label="For"
    )
    place = forms.ModelChoiceField(
        Place.objects.all(), to_field_name="slug", required=False, empty_label="All places"
    )
    format = forms.ChoiceField(choices=[("", "Any format"), *Format.choices], required=False)
    when = forms.ChoiceField(choices=WHEN_CHOICES, required=False, label="When")

    def filters(self) -> dict:
        """Keyword arguments for `MasterclassPage.objects.filtered(...)`."""
        return {**self.cleaned_data, "when": self.cleaned_data["when"] or "upcoming"}


class GuidanceFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        Topic.objects.all(), to_field_name="slug", required=False, empty_label="All topics"
    )

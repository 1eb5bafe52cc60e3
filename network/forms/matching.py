"""Forms for matching profiles and opportunities."""

from django import forms

from core.forms import IdsModelMultipleChoiceField
from network.models import MatchProfile, Opportunity, OutcomeArea, Place


class MatchProfileForm(forms.ModelForm):
    class Meta:
        model = MatchProfile
        fields = [
            "outcome_areas",
            "places",
            "assets_offered",
            "assets_sought",
            "looking_for",
            "size_band",
            "monthly_connection_cap",
            "opted_out",
        ]
        widgets = {
            "outcome_areas": forms.CheckboxSelectMultiple,
            "assets_offered": forms.CheckboxSelectMultiple,
            "assets_sought": forms.CheckboxSelectMultiple,
            "places": forms.SelectMultiple(attrs={"size": 10}),
            "looking_for": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = dict.fromkeys(
            ["outcome_areas", "places", "assets_offered", "assets_sought"],
            IdsModelMultipleChoiceField,
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = Place.objects.order_by("name")
        self.fields["places"].help_text = "Hold Ctrl (or Cmd) to choose more than one."
        self.fields["monthly_connection_cap"].widget.attrs.update(min=1, max=50)


class OpportunityForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "title",
            "summary",
            "outcome_area",
            "place",
            "value_band",
            "closes_on",
            "starts_on",
            "open_to_small_providers",
            "open_to_partnerships",
            "status",
        ]
        widgets = {
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }


class OpportunityFilterForm(forms.Form):
    outcome_area = forms.ModelChoiceField(
        OutcomeArea.objects.all(), required=False, empty_label="Any outcome", label="Outcome"
    )
    place = forms.ModelChoiceField(
        Place.objects.order_by("name"), required=False, empty_label="Anywhere", label="Place"
    )

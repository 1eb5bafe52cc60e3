"""Forms for commissioning pages. Each parses what a person typed; the services decide."""

from django import forms
from django.core.validators import MaxValueValidator

from commissioning.models import (
    Appraisal,
    Challenge,
    CommunityAsset,
    Declaration,
    Lot,
    Method,
    Outcome,
    ValueBand,
)
from core.forms import IdsModelMultipleChoiceField
from network.models import OutcomeArea, Place

NO_SUCH_MEMBER = "No member of Common Ground has that email address."


class ChallengeForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["title", "summary", "place", "visibility", "short_form_below"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.order_by("name")
        self.fields["visibility"].widget = forms.RadioSelect(choices=Challenge.Visibility.choices)


class StageForm(forms.Form):
    to = forms.ChoiceField(choices=Challenge._meta.get_field("stage").choices)


class MemberEmailForm(forms.Form):
    email = forms.EmailField(label="Their email address")


class GuestForm(forms.Form):
    guest_name = forms.CharField(label="Their name", max_length=120)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["title", "description", "outcome_area"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProposalForm(forms.Form):
    title = forms.CharField(label="The outcome you propose", max_length=200)
    description = forms.CharField(
        label="Why it matters",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    outcome_area = forms.ModelChoiceField(
        OutcomeArea.objects.all(), required=False, empty_label="Not sure", label="Outcome area"
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", "Accept"), ("merge", "Merge"), ("decline", "Decline")]
    )
    into = forms.ModelChoiceField(Outcome.objects.none(), required=False, label="Merge into")
    outcome_area = forms.ModelChoiceField(
        OutcomeArea.objects.all(), required=False, label="Outcome area"
    )
    merged_title = forms.CharField(max_length=200, required=False, label="Reworded outcome")
    note = forms.CharField(max_length=1000, required=False, label="Note to the proposer")

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = challenge.outcomes.all()


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62
    )


class HideForm(forms.Form):
    reason = forms.CharField(label="Why hide it (shown in its place)", max_length=1000)


class CommunityAssetForm(forms.ModelForm):
    class Meta:
        model = CommunityAsset
        fields = ["outcome", "kind", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = challenge.outcomes.all()


class FundingStreamForm(forms.Form):
    outcome = forms.ModelChoiceField(Outcome.objects.none())
    funding_name = forms.CharField(label="Name of the fund", max_length=160)
    amount = forms.IntegerField(label="Amount (£)", min_value=1, max_value=10**12)
    terms = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = challenge.outcomes.all()


class AppraisalForm(forms.Form):
    method = forms.ChoiceField(choices=Method.choices)
    outcomes = IdsModelMultipleChoiceField(
        Outcome.objects.none(), widget=forms.CheckboxSelectMultiple, label="Outcomes it reaches"
    )
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    verdict = forms.ChoiceField(choices=Appraisal.Verdict.choices, widget=forms.RadioSelect)

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = challenge.outcomes.all()


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = [
            "title",
            "outcome",
            "value_band",
            "length_months",
            "open_to_small_local",
            "requirements",
        ]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, challenge: Challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = challenge.outcomes.all()
        self.fields["value_band"].choices = ValueBand.choices
        self.fields["length_months"].widget.attrs.update(min=1, max=120)
        self.fields["length_months"].validators.append(MaxValueValidator(120))


class ExpressionForm(forms.Form):
    statement = forms.CharField(
        label="How you would reach this outcome",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    delivery_plan = forms.CharField(
        label="Delivery plan, staffing and safeguarding",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
        required=False,
    )

    def __init__(self, *args, short_form: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if short_form:
            del self.fields["delivery_plan"]
            self.fields["statement"].max_length = 1500
            self.fields["statement"].help_text = "A short form: no more than 1,500 characters."
        else:
            self.fields["delivery_plan"].required = True


class PartnerForm(MemberEmailForm):
    email = forms.EmailField(label="Email of the partner organisation's member")


class AnswerForm(forms.Form):
    accept = forms.ChoiceField(choices=[("yes", "Accept"), ("no", "Decline")])


class QuestionForm(forms.Form):
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ClarificationAnswerForm(forms.Form):
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class DeclarationsForm(forms.Form):
    """One pair of fields per bidding organisation: no interest, or an interest described."""

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        for organisation in self.organisations:
            self.fields[f"kind_{organisation.pk}"] = forms.ChoiceField(
                label=str(organisation),
                choices=Declaration.Kind.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"describe_{organisation.pk}"] = forms.CharField(
                label=f"Your interest in {organisation}, if any",
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )


class AwardForm(forms.Form):
    expression = forms.ModelChoiceField(queryset=None, label="Award to", widget=forms.RadioSelect)
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, lot: Lot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expression"].queryset = lot.expressions.select_related("organisation")
        self.fields["expression"].label_from_instance = lambda e: str(e.organisation)


class FairnessForm(forms.Form):
    challenge = forms.ModelChoiceField(
        Challenge.objects.none(), required=False, empty_label="All challenges"
    )

    def __init__(self, *args, challenges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = challenges

"""model_update: validate, write only what changed, and say what that was."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.services import model_update
from network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_only_changed_fields_are_written():
    organisation = OrganisationFactory(name="Old Name", website="")
    with CaptureQueriesContext(connection) as queries:
        changed = model_update(organisation, name="New Name", website="")
    assert changed == ["name"]
    update = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(update) == 1
    assert "website" not in update[0]
    assert Organisation.objects.get(pk=organisation.pk).name == "New Name"


def test_nothing_changed_writes_nothing():
    organisation = OrganisationFactory()
    with CaptureQueriesContext(connection) as queries:
        assert model_update(organisation, name=organisation.name) == []
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]


def test_invalid_values_are_refused_before_anything_is_saved():
    organisation = OrganisationFactory(name="Kept")
    with pytest.raises(ValidationError):
        model_update(organisation, name="")
    assert Organisation.objects.get(pk=organisation.pk).name == "Kept"


def test_values_a_model_form_already_wrote_into_the_instance_are_saved():
    """A ModelForm's validation copies the new values into its instance: model_update must
    still see them as changes against what is stored, or an edit page saves nothing."""
    from django import forms

    class OrganisationForm(forms.ModelForm):
        website = forms.URLField(required=False, assume_scheme="https")

        class Meta:
            model = Organisation
            fields = ["name", "website"]

    organisation = OrganisationFactory(name="Old Name", website="")
    form = OrganisationForm({"name": "New Name", "website": ""}, instance=organisation)
    assert form.is_valid()
    assert organisation.name == "New Name"  # what the form did to the instance
    changed = model_update(organisation, **form.cleaned_data)
    assert changed == ["name"]
    assert Organisation.objects.get(pk=organisation.pk).name == "New Name"

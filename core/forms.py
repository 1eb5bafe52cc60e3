"""The project's form rendering: every `{{ field.as_field_group }}` uses one template, so
labels, hints and errors look and read the same in every app (and in allauth's pages)."""

from django import forms
from django.forms.renderers import DjangoTemplates


class BoundField(forms.BoundField):
    """Labels without Django's trailing colon, whichever app (or allauth) made the form."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, attrs, label_suffix or "", tag)


class FormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"
    bound_field_class = BoundField


class IdsModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids no database could hold before asking the database about them (a
    32-digit id would otherwise overflow the query and give a 500)."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or len(str(pk)) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)

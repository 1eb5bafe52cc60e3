"""Every model pointing at a member or a user has an export and erasure rule."""

from django.apps import apps

from network.models import Member, User
from privacy.rules import RULES, RULES_BY_MODEL


def models_referencing_people() -> set[str]:
    """Each model with a field of its own (not inherited) relating to Member or User."""
    found = set()
    for model in apps.get_models():
        own = [*model._meta.local_fields, *model._meta.local_many_to_many]
        if any(f.is_relation and f.related_model in (Member, User) for f in own):
            found.add(model._meta.label)
    return found


def test_every_model_referencing_a_member_or_user_has_a_rule():
    missing = models_referencing_people() - set(RULES_BY_MODEL)
    assert not missing, (
        f"No export and erasure rule for {sorted(missing)}: add one to privacy/rules.py "
        "(and a case to tests/privacy/test_erasure.py), and describe it in docs/privacy.md."
    )


def test_each_model_has_one_rule_and_each_rule_a_real_model():
    labels = [rule.model for rule in RULES]
    assert len(labels) == len(set(labels))
    for label in labels:
        apps.get_model(label)  # raises LookupError for a rule about no model


def test_the_walk_finds_the_models_it_must():
    """The walk itself can fail: it must see a model of ours and one of a library's."""
    found = models_referencing_people()
    assert {"network.Booking", "peer_support.Message", "account.EmailAddress"} <= found

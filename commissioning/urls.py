from django.urls import path

from commissioning.views import challenges, fairness, methods, outcomes, resources, taking_part

app_name = "commissioning"

urlpatterns = [
    path("commissioning/", challenges.challenge_list, name="challenge_list"),
    path("commissioning/new/", challenges.challenge_edit, name="challenge_create"),
    path("commissioning/fairness/", fairness.fairness_view, name="fairness"),
    path("commissioning/register/", taking_part.register, name="register"),
    path("commissioning/<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    path("commissioning/<int:pk>/edit/", challenges.challenge_edit, name="challenge_edit"),
    path("commissioning/<int:pk>/stage/", challenges.challenge_stage, name="challenge_stage"),
    path("commissioning/<int:pk>/invite/", challenges.invite_member, name="invite_member"),
    path("commissioning/<int:pk>/guests/", challenges.invite_guest, name="invite_guest"),
    path(
        "commissioning/invitations/<int:pk>/revoke/",
        challenges.invitation_revoke,
        name="invitation_revoke",
    ),
    path("commissioning/guest/<str:token>/", outcomes.guest_page, name="guest"),
    # 1. Outcomes
    path(
        "commissioning/<int:challenge_pk>/outcomes/new/",
        outcomes.outcome_edit,
        name="outcome_create",
    ),
    path("commissioning/outcomes/<int:pk>/edit/", outcomes.outcome_edit, name="outcome_edit"),
    path("commissioning/<int:pk>/proposals/", outcomes.proposal_create, name="proposal_create"),
    path(
        "commissioning/proposals/<int:pk>/decide/", outcomes.proposal_decide, name="proposal_decide"
    ),
    path("commissioning/<int:pk>/comments/", outcomes.comment_create, name="comment_create"),
    path("commissioning/comments/<int:pk>/hide/", outcomes.comment_hide, name="comment_hide"),
    # 2. Resources
    path("commissioning/<int:pk>/resources/", resources.resources, name="resources"),
    path("commissioning/<int:pk>/resources/assets/", resources.asset_add, name="asset_add"),
    path("commissioning/<int:pk>/resources/funding/", resources.funding_add, name="funding_add"),
    # 3. Methods
    path("commissioning/<int:pk>/appraisal/", methods.appraisal, name="appraisal"),
    path("commissioning/<int:challenge_pk>/lots/new/", methods.lot_edit, name="lot_create"),
    path("commissioning/lots/<int:pk>/edit/", methods.lot_edit, name="lot_edit"),
    # Taking part
    path("commissioning/lots/<int:pk>/", taking_part.lot_detail, name="lot_detail"),
    path("commissioning/lots/<int:pk>/interest/", taking_part.interest, name="interest"),
    path(
        "commissioning/interests/<int:pk>/partners/",
        taking_part.partner_invite,
        name="partner_invite",
    ),
    path(
        "commissioning/partners/<int:pk>/answer/",
        taking_part.partner_answer,
        name="partner_answer",
    ),
    path("commissioning/<int:pk>/questions/", taking_part.question_ask, name="question_ask"),
    path(
        "commissioning/questions/<int:pk>/answer/",
        taking_part.question_answer,
        name="question_answer",
    ),
    path(
        "commissioning/lots/<int:pk>/evaluators/", taking_part.evaluator_add, name="evaluator_add"
    ),
    path(
        "commissioning/lots/<int:pk>/declarations/",
        taking_part.declarations,
        name="declarations",
    ),
    path("commissioning/lots/<int:pk>/award/", taking_part.award, name="award"),
]

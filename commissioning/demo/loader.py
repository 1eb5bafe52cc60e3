"""Load commissioning/demo/data.yaml through the commissioning services, moving each challenge
through its stages as a commissioner would. Creates only the challenges that are missing."""

from commissioning.models import Challenge, Stage
from commissioning.services import challenges as challenge_services
from commissioning.services import methods as method_services
from commissioning.services import outcomes as outcome_services
from commissioning.services import resources as resource_services
from commissioning.services import taking_part as bid_services
from core.demo import Demo, read_data
from network.models import Member, OutcomeArea, Place

ORDER = [Stage.OUTCOMES, Stage.RESOURCES, Stage.METHODS, Stage.AWARDED]


def load(demo: Demo) -> None:
    data = read_data("commissioning")
    members = {m.user.email: m for m in Member.objects.select_related("user", "organisation")}
    areas = {a.slug: a for a in OutcomeArea.objects.all()}
    places = {p.slug: p for p in Place.objects.all()}
    made = 0
    for spec in data["challenges"]:
        commissioner = members[spec["commissioner"]]
        if Challenge.objects.filter(commissioner=commissioner, title=spec["title"]).exists():
            continue
        _challenge(spec, commissioner, members, areas, places)
        made += 1
        demo.sees(spec["commissioner"], "commissioning challenges")
    demo.log.append(f"Commissioning: {made} challenges")


def _challenge(spec, commissioner, members, areas, places) -> None:
    challenge = challenge_services.challenge_save(
        commissioner=commissioner,
        title=spec["title"],
        summary=spec["summary"],
        place=places[spec["place"]],
    )
    for email in spec.get("invite", ()):
        challenge_services.member_invite(
            commissioner=commissioner, challenge=challenge, member=members[email]
        )
    guests = {}
    for name in spec.get("guests", ()):
        challenge_services.guest_invite(commissioner=commissioner, challenge=challenge, name=name)
        guests[name] = challenge.invitations.get(guest_name=name)

    def voice(item):
        if "guest" in item:
            return {"guest": guests[item["guest"]]}
        return {"member": members[item["by"]]}

    outcomes = [
        outcome_services.outcome_save(
            commissioner=commissioner,
            challenge=challenge,
            title=o["title"],
            outcome_area=areas[o["area"]],
        )
        for o in spec["outcomes"]
    ]
    for p in spec.get("proposals", ()):
        proposal = outcome_services.proposal_make(
            challenge=challenge,
            title=p["title"],
            outcome_area=areas.get(p.get("area")),
            **voice(p),
        )
        if "merge_into" in p:
            outcome_services.proposal_merge(
                commissioner=commissioner,
                proposal=proposal,
                into=outcomes[p["merge_into"]],
                note=p.get("note", ""),
            )
    for c in spec.get("comments", ()):
        parent = outcome_services.comment_post(challenge=challenge, body=c["body"], **voice(c))
        for r in c.get("replies", ()):
            outcome_services.comment_post(
                challenge=challenge, body=r["body"], parent=parent, **voice(r)
            )
    target = spec["stage"]
    if target == Stage.CLOSED:
        challenge_services.stage_advance(member=commissioner, challenge=challenge, to=target)
        return
    if ORDER.index(target) < ORDER.index(Stage.RESOURCES):
        return
    challenge = _advance(commissioner, challenge, Stage.RESOURCES)
    resources = spec.get("resources", {})
    for a in resources.get("assets", ()):
        resource_services.community_asset_add(
            member=members[a["by"]],
            challenge=challenge,
            outcome=outcomes[a["outcome"]],
            kind=a["kind"],
            name=a["name"],
            description=a.get("description", ""),
        )
    for f in resources.get("funding", ()):
        resource_services.funding_stream_add(
            member=members[f["by"]],
            challenge=challenge,
            outcome=outcomes[f["outcome"]],
            name=f["name"],
            amount=f["amount"],
            terms=f["terms"],
        )
    if ORDER.index(target) < ORDER.index(Stage.METHODS):
        return
    challenge = _advance(commissioner, challenge, Stage.METHODS)
    for a in spec.get("appraisals", ()):
        method_services.appraisal_save(
            commissioner=commissioner,
            challenge=challenge,
            method=a["method"],
            outcomes=[outcomes[i] for i in a["outcomes"]],
            reasons=a["reasons"],
            verdict=a["verdict"],
        )
    for spec_lot in spec.get("lots", ()):
        _lot(spec_lot, challenge, commissioner, members, outcomes)
    for q in spec.get("clarifications", ()):
        question = bid_services.clarification_ask(
            member=members[q["by"]], challenge=challenge, question=q["question"]
        )
        bid_services.clarification_answer(
            commissioner=commissioner, clarification=question, answer=q["answer"]
        )
    if target == Stage.AWARDED:
        _advance(commissioner, challenge, Stage.AWARDED)


def _advance(commissioner, challenge, to):
    return challenge_services.stage_advance(member=commissioner, challenge=challenge, to=to)


def _lot(spec, challenge, commissioner, members, outcomes) -> None:
    lot = method_services.lot_save(
        commissioner=commissioner,
        challenge=challenge,
        title=spec["title"],
        outcome=outcomes[spec["outcome"]],
        value_band=spec["value_band"],
        length_months=spec["months"],
        open_to_small_local=spec["small_local"],
        requirements=spec["requirements"],
    )
    expressions = {}
    for bid in spec.get("bids", ()):
        lead = members[bid["lead"]]
        expression = bid_services.expression_submit(
            member=lead, lot=lot, statement=bid["statement"], delivery_plan=bid.get("plan", "")
        )
        expressions[bid["lead"]] = expression
        for email in bid.get("partners", ()):
            invitation = bid_services.consortium_invite(
                lead=lead, expression=expression, partner=members[email]
            )
            bid_services.consortium_answer(
                member=members[email], invitation=invitation, accept=True
            )
    if award := spec.get("award"):
        lot.refresh_from_db()
        bid_services.declarations_make(
            member=commissioner,
            lot=lot,
            declarations={
                o.pk: bid_services.DeclarationInput("none")
                for o in bid_services.bidding_organisations(lot)
            },
        )
        bid_services.lot_award(
            commissioner=commissioner,
            lot=lot,
            expression=expressions[award["to"]],
            reasons=award["reasons"],
        )

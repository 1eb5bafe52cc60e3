"""The action-learning stage machine, pure: which steps a set goes through, in order.

A step is (stage, issue index); the issue index is None for the review and the end.
"""

from dataclasses import dataclass

REVIEW, PRESENTING, QUESTIONS, REFLECTION, ACTIONS, DONE = (
    "review",
    "presenting",
    "questions",
    "reflection",
    "actions",
    "done",
)
PLANNED = "planned"
TURN = (PRESENTING, QUESTIONS, REFLECTION, ACTIONS)
LABELS = {
    PLANNED: "Not started",
    REVIEW: "Reviewing last time's actions",
    PRESENTING: "Presenting",
    QUESTIONS: "Questions",
    REFLECTION: "Reflection",
    ACTIONS: "Actions",
    DONE: "Finished",
}
GUIDANCE = {
    PLANNED: "The facilitator starts the set when everyone is here.",
    REVIEW: "Each issue-holder from last time says how their actions went.",
    PRESENTING: "The issue-holder describes their issue. Everyone else listens.",
    QUESTIONS: "Ask open questions that help the issue-holder think. No advice, no stories.",
    REFLECTION: "The issue-holder reflects on what they heard. Everyone else listens.",
    ACTIONS: "The issue-holder records what they will do before the next meeting.",
    DONE: "The set is finished. Actions come back for review next time.",
}


@dataclass(frozen=True)
class Step:
    stage: str
    issue: int | None = None


def steps(*, has_review: bool, issues: int) -> list[Step]:
    out = [Step(REVIEW)] if has_review else []
    for index in range(issues):
        out += [Step(stage, index) for stage in TURN]
    return [*out, Step(DONE)]


def step_at(position: int, *, has_review: bool, issues: int) -> Step:
    if position < 0:
        return Step(PLANNED)
    all_steps = steps(has_review=has_review, issues=issues)
    return all_steps[min(position, len(all_steps) - 1)]


def next_position(position: int, *, has_review: bool, issues: int) -> int:
    """The step after `position`; the end stays the end."""
    last = len(steps(has_review=has_review, issues=issues)) - 1
    return min(position + 1, last)

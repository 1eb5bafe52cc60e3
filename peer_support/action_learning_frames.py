"""Circle-socket frames for action-learning sets, kept apart from the consumer: the consumer
adds these to its HANDLERS. Each handler gets the consumer and the frame.

- `{"type": "al.advance", "set": id, "position": n}`: the facilitator moves the set on from
  step n (a repeat of the same frame moves it once).
- `{"type": "al.timeup", "set": id, "position": n}`: a participant's timer reached zero at
  step n; the set moves on once, and only if the stage's time is really up.

Both answer with the set's `al.stage` event to everyone in the circle (sent by the service
after commit); a refusal is an `error` frame like any other.
"""

from channels.db import database_sync_to_async

from peer_support.frames import frame_id, frame_int
from peer_support.models import ActionLearningSet
from peer_support.services import action_learning


@database_sync_to_async
def _run(consumer, frame: dict, *, timeup: bool) -> None:
    action_set = ActionLearningSet.objects.get(
        pk=frame_id(frame["set"]), circle_id=consumer.circle_id
    )
    # -1 before the first stage; a set has a handful of stages, so a small bound suffices.
    position = frame_int(frame["position"], low=-1, high=1000, what="Positions")
    if timeup:
        action_learning.set_time_up(action_set=action_set, by=consumer.member, position=position)
    else:
        action_learning.set_advance(
            action_set=action_set, by=consumer.member, from_position=position
        )


async def on_advance(consumer, frame: dict) -> None:
    await _run(consumer, frame, timeup=False)


async def on_timeup(consumer, frame: dict) -> None:
    await _run(consumer, frame, timeup=True)


HANDLERS = {"al.advance": on_advance, "al.timeup": on_timeup}

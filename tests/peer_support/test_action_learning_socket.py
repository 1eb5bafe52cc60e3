"""The shared timer over the circle socket: the facilitator's move and a timer running out
reach every member live, once."""

import datetime as dt

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from peer_support.models import ActionLearningSet
from peer_support.services import action_learning
from tests.factories import CircleMembershipFactory
from tests.peer_support.conftest import communicator, receive_type

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def connected(circle, member):
    comm = await communicator(circle.slug, member.user)
    ok, _ = await comm.connect()
    assert ok
    await receive_type(comm, "hello")
    return comm


@database_sync_to_async
def _plan(circle):
    holder = CircleMembershipFactory(circle=circle).member
    action_set = action_learning.set_create(
        circle=circle, facilitator=circle.facilitator, holders=[holder], presenting=3
    )
    return action_set, holder


@database_sync_to_async
def _time_runs_out(action_set):
    ActionLearningSet.objects.filter(pk=action_set.pk).update(
        stage_ends_at=timezone.now() - dt.timedelta(seconds=1)
    )


@database_sync_to_async
def _position(action_set):
    return ActionLearningSet.objects.get(pk=action_set.pk).position


async def test_the_facilitator_starts_the_set_and_everyone_sees_the_stage(circle):
    action_set, holder = await _plan(circle)
    facilitator = await connected(circle, circle.facilitator)
    member = await connected(circle, holder)
    try:
        await facilitator.send_json_to({"type": "al.advance", "set": action_set.pk, "position": -1})
        for comm in (facilitator, member):
            stage = await receive_type(comm, "al.stage")
            assert stage["stage"] == "presenting"
            assert stage["holder"]["name"] == holder.name
            assert stage["ends_at"]
            assert stage["url"] == action_set.get_absolute_url()
        # A repeat of the same frame (a double click) moves nothing.
        await facilitator.send_json_to({"type": "al.advance", "set": action_set.pk, "position": -1})
        await facilitator.send_json_to({"type": "ping"})
        await receive_type(facilitator, "pong")
        assert await _position(action_set) == 0
    finally:
        await facilitator.disconnect()
        await member.disconnect()


async def test_a_timer_running_out_moves_everyone_on_once(circle):
    action_set, holder = await _plan(circle)
    await database_sync_to_async(action_learning.set_advance)(
        action_set=action_set, by=circle.facilitator
    )
    facilitator = await connected(circle, circle.facilitator)
    member = await connected(circle, holder)
    try:
        early = {"type": "al.timeup", "set": action_set.pk, "position": 0, "ref": 1}
        await member.send_json_to(early)
        error = await receive_type(member, "error")
        assert error["message"] == action_learning.SET_TIME_NOT_UP
        assert error["ref"] == 1

        await _time_runs_out(action_set)
        for comm in (member, facilitator):  # both timers run out at once
            await comm.send_json_to({"type": "al.timeup", "set": action_set.pk, "position": 0})
        for comm in (facilitator, member):
            assert (await receive_type(comm, "al.stage"))["stage"] == "questions"
        assert await _position(action_set) == 1
    finally:
        await facilitator.disconnect()
        await member.disconnect()


async def test_a_member_cannot_move_the_set_on_and_a_bad_frame_is_refused(circle):
    action_set, holder = await _plan(circle)
    member = await connected(circle, holder)
    try:
        await member.send_json_to({"type": "al.advance", "set": action_set.pk, "position": -1})
        assert (await receive_type(member, "error"))["code"] == "forbidden"
        await member.send_json_to({"type": "al.advance", "set": "x", "position": -1})
        assert (await receive_type(member, "error"))["code"] == "bad_frame"
        await member.send_json_to({"type": "al.advance", "set": 999999, "position": -1})
        assert (await receive_type(member, "error"))["code"] == "not_found"
        assert await _position(action_set) == -1
    finally:
        await member.disconnect()

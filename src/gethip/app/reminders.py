"""Reminders: a push to each subscribed device a set number of minutes before a planned session.

The worker runs this every minute. An item is due for a device when its
start, less the device's lead time, has come and the item has not started
yet (a reminder after the fact helps nobody); it is sent once per device,
however many workers look.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from gethip.app.clock import Clock, FixedClock
from gethip.app.context import Store, context_for
from gethip.app.plans import planned_weeks
from gethip.app.push import PushService
from gethip.app.views import what
from gethip.store import push as rows
from gethip.store.push import Subscription


def send_due(store: Store, clock: Clock, push: PushService) -> int:
    """Send every reminder now due; how many were delivered."""
    now = clock.now()
    by_user: dict[int, list[Subscription]] = defaultdict(list)
    for subscription in rows.all_subscriptions(store):
        by_user[subscription.user_id].append(subscription)
    sent = 0
    for user, devices in by_user.items():
        ctx = context_for(store, user, FixedClock(now))
        if ctx.profile is None:
            continue
        items = planned_weeks(ctx).plans[0].on(ctx.today)
        for item in items:
            if item.session is None or item.starts_at is None or item.done:
                continue
            for device in devices:
                if (
                    not item.starts_at - timedelta(minutes=device.lead_minutes)
                    <= now
                    < item.starts_at
                ):
                    continue
                key = f"{device.id}:{item.starts_at.isoformat()}:{item.session}"
                if not rows.mark_sent(store, user, key, now):
                    continue
                name = what(item, ctx.profile.long_run_day, ctx.book)
                message = {
                    "title": f"{name} at {item.time}",
                    "body": item.note or item.reason,
                    "url": f"/play/{item.session}"
                    + (f"?minutes={item.budget_minutes}" if item.budget_minutes else ""),
                }
                if push.send(device, message):
                    sent += 1
    return sent

"""Type-ahead: keys typed faster than the app handles them.

A fast typist, a paste or tmux's `send-keys` hand the app a burst: `n` and the subject of
the new record at once. Textual gives each key to the focused widget as it arrives, so the
letters after `n` reached the list before `n` had opened the form: nothing there takes
them, and they came back up to the app once the form was on top, where acting on them
acted on the wrong screen ("b" listed the drafts over the form, "2" switched view) and
dropping them lost what the clerk typed. A priority binding ("/" opens the list's search)
even acted on the list at once, before the `n` typed ahead of it. So, here:

1. One key at a time. A key from the terminal goes on (Textual's routing: priority
   bindings, the focused widget, then up to the screen's and the app's bindings) only once
   the key before it has been handled: it is followed up the DOM, one queue behind it at
   each step, to the app. Keys that come meanwhile are held, in the order typed. Typing at
   a human pace, each key is handled long before the next comes: nothing is ever held.
   (Printable keys for a focused text field are not followed: the field takes them, and
   they can move neither the focus nor the screen; a paste into a field goes as fast as
   ever.)
2. A screen gets keys once it is ready: mounted (its `on_mount` has asked for its first
   field's focus) and, if it has a `ready_for_keys`, once that is true (a form, once its
   record or defaults and the offer of a draft are in place; it then calls
   `DondocApp.keys_ready`). Until then keys typed on it are held.
3. Held keys go to the screen on top once it is ready: those held behind a key go to the
   screen that key led to (`n`: the form). They wait while another screen covers theirs (a
   draft's offer over the form: the dialog still gets its own keys) and are dropped, never
   given to another screen, if theirs is closed first.
4. Printable keys for a focused text field go in one batch: the field takes them all and
   they move neither the focus nor the screen. Any other key goes alone, and the next ones
   wait until it has been handled and the screen refreshed: Enter moves on to the next
   field, Escape closes the form (that is what the clerk typed) and what follows goes to
   the list, Space opens a Select's list and the letters after it search it.
5. Nothing is held for long: a screen still not ready after HOLD_AT_MOST seconds gets its
   keys anyway (Escape still gets the clerk out of a form whose record will not load), and
   a key whose way up could not be followed (its widget removed) counts as handled after
   IN_FLIGHT_AT_MOST.
6. A dialog that writes before it closes (screens.dialogs.SubmitDialog) is not ready while
   the store answers: the keys typed after its Enter wait, and go to the screen below once
   the write is accepted and the dialog closes (`pass_on`), or are dropped if it was
   refused and the dialog stays with its message (`drop`).

A key that comes back up to the app from a screen no longer on top (one that got past rule
1: a screen opened by a timer or a worker meanwhile) is held too, for the screen on top.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import sys
import weakref
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

HOLD_AT_MOST = 2.0
"""Seconds keys wait for the screen on top to be ready before they go to it anyway."""

IN_FLIGHT_AT_MOST = 0.5
"""Seconds after which a key given on counts as handled even if it was not seen arrive."""

FOLLOW_ROUNDS = 2
"""A key is followed up the DOM twice: to the app's bindings, then behind the messages it
made the focused widget post to itself, to where they are handled."""

Typed = events.Key | events.Paste


@dataclass
class Stamp:
    """What the app noted of a key (or paste) when it came."""

    seq: int
    """Its place in the order typed (kept when it is held and given again)."""
    typed_on: Screen[Any] | None = None
    """The screen on top when it came."""
    replay: bool = False
    """Given again from here: it goes on, never held when it comes."""


_STAMP = "_dondoc_typed"


def stamp_of(event: Typed) -> Stamp | None:
    return getattr(event, _STAMP, None)


@dataclass(eq=False)
class Held:
    """A key (or paste) waiting."""

    seq: int
    event: Typed
    target: Screen[Any] | None
    """The screen it waits for; None: the one on top once the key before it is handled."""


class TypeAhead:
    """The app's held keys (see the module's docstring).

    `DondocApp` passes every message to `arrived` in `on_event`, every key and paste that
    bubbles up to it to `came_back`, and calls `release` when a screen becomes ready and
    when the screen on top changes.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.held: list[Held] = []
        """What waits, in the order typed."""
        self._seq = itertools.count()
        self._tokens = itertools.count(1)
        self._flight = 0
        """The token of the key being handled (0: none)."""
        self._flight_guard: asyncio.TimerHandle | None = None
        self._rounds = 0
        self._settling = False
        self._timer: Timer | None = None
        self._mount_watched: Screen[Any] | None = None
        self._late: weakref.ref[Screen[Any]] | None = None
        """The screen that was not ready after HOLD_AT_MOST: it gets keys from then on,
        ready or not (else every key typed on it would wait that long)."""

    @property
    def in_flight(self) -> bool:
        """A key given on is being handled."""
        return self._flight != 0

    # --- on the way in --------------------------------------------------------------------------

    def arrived(self, event: events.Event) -> bool:
        """A message reaching `App.on_event`: a key or paste from the terminal (or given
        again from here) is noted, and held if it must wait. True if held."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        stamp = stamp_of(event)
        if stamp is None:
            stamp = Stamp(next(self._seq))
            setattr(event, _STAMP, stamp)
        top = self.app.screen
        stamp.typed_on = top
        if stamp.replay:
            return False
        if self._must_wait(top):
            self._hold(event, stamp.seq, None if self.in_flight else top)
            return True
        if not (_is_text(event) and _takes_text(self.app.focused)):
            self._fly()  # (text for a text field can move neither the focus nor the screen)
        return False

    def came_back(self, event: Typed) -> bool:
        """A key or paste that bubbled up to the app, before the app's bindings: held if
        the screen it was typed on is no longer on top. True if held."""
        stamp = stamp_of(event)
        if stamp is None or stamp.typed_on is None or stamp.typed_on is self.app.screen:
            return False
        self._hold(event, stamp.seq, None if self.in_flight else self.app.screen)
        return True

    def _must_wait(self, top: Screen[Any]) -> bool:
        if self.in_flight or self._settling:
            return True
        if any(held.target is None or held.target is top for held in self.held):
            return True
        return not self._ready(top)

    def _ready(self, screen: Screen[Any]) -> bool:
        if self._late is not None and self._late() is screen:
            return True
        return screen.is_mounted and bool(getattr(screen, "ready_for_keys", True))

    def _hold(self, event: Typed, seq: int, target: Screen[Any] | None) -> None:
        bisect.insort(self.held, Held(seq, event, target), key=lambda held: held.seq)
        if target is not None and not self._ready(target):
            self._arm(target)
        if not self.in_flight:
            self.app.call_later(self.release)

    def _arm(self, screen: Screen[Any]) -> None:
        """Keys wait for `screen` to be ready: make sure `release` runs once it may be (a
        screen with a `ready_for_keys` calls it itself, through DondocApp.keys_ready)."""
        if self._timer is None:
            self._timer = self.app.set_timer(HOLD_AT_MOST, self._overdue, name="type-ahead")
        if not screen.is_mounted and self._mount_watched is not screen:
            # In the screen's own queue, so once it is composed and mounted.
            self._mount_watched = screen
            screen.call_later(self.app.call_later, self.release)

    def _overdue(self) -> None:
        self._timer = None
        top = self.app.screen
        if not self._ready(top):
            self._late = weakref.ref(top)
        self._land()
        self._settling = False
        self.release()

    # --- a screen that closes itself later (a dialog writing) --------------------------------------

    def pass_on(self, screen: Screen[Any]) -> None:
        """`screen` is closing after a wait (a dialog whose write the store accepted, see
        screens.dialogs.SubmitDialog): the keys held for it, typed after the key that closed
        it, go to the screen on top next, as if it had closed at once."""
        for held in self.held:
            if held.target is screen:
                held.target = None

    def drop(self, screen: Screen[Any]) -> None:
        """`screen` stays after all (a dialog whose write was refused): the keys held for it,
        typed blind for the screen below, are dropped rather than typed into its fields (with
        those still waiting for the key before them to be handled, when it is on top: the
        Enter that sent the write, if the store answered first)."""
        on_top = screen is self.app.screen
        self.held = [held for held in self.held
                     if held.target is not screen and not (on_top and held.target is None)]
        if not self.held:
            self._reset()

    # --- on the way out -------------------------------------------------------------------------

    def release(self, _data: Any = None) -> None:
        """Give held keys to the screen on top if they wait for it and it is ready; drop
        those whose screen was closed. Called whenever that may have changed."""
        top = self._receiver()
        if top is None:
            return
        # A turn of the focused widget's queue, then of the app's: the widget handles what
        # it was sent before (its Focus: an Input that selects its text on focus), and the
        # focus the screen asked for in on_mount is set, before the keys come.
        self._settling = True
        node = self.app.focused or top
        if not node.call_later(self.app.call_later, self._settled):
            self._settled()

    def _settled(self) -> None:
        self._settling = False
        top = self._receiver()
        if top is not None:
            self._give(top)

    def _receiver(self) -> Screen[Any] | None:
        """The screen on top if held keys wait for it and it is ready."""
        if self.in_flight or self._settling:
            return None
        top = self.app.screen
        stack = self.app.screen_stack
        for held in self.held:
            if held.target is None:
                held.target = top
        # Typed for a screen closed since: nowhere else to go.
        self.held = [held for held in self.held if held.target in stack]
        if not self.held:
            self._reset()
            return None
        if not any(held.target is top for held in self.held):
            return None  # they wait for a screen that another covers
        if not self._ready(top):
            self._arm(top)
            return None
        return top

    def _give(self, top: Screen[Any]) -> None:
        text_field = _takes_text(self.app.focused)
        given: list[Held] = []
        kept: list[Held] = []
        more = True
        for held in self.held:
            if held.target is not top:
                kept.append(held)
            elif more:
                given.append(held)
                # Text for a text field: the next may come along. Anything else: the next
                # ones go where this one leads, once it has been handled.
                more = text_field and _is_text(held.event)
            else:
                held.target = None
                kept.append(held)
        self.held = kept
        for held in given:
            event = held.event
            again: Typed = (
                events.Paste(event.text) if isinstance(event, events.Paste)
                else events.Key(event.key, event.character)
            )
            again.set_sender(self.app)
            setattr(again, _STAMP, Stamp(held.seq, replay=True))
            self.app.post_message(again)
        if not more:
            self._fly()
        elif not self.held:  # all text for the text field: nothing to wait for
            self._reset()

    # --- following a key ----------------------------------------------------------------------

    def _fly(self) -> None:
        """The key (or batch) just posted, or about to be handled, is followed until handled;
        keys that come meanwhile wait."""
        self._land()
        token = self._flight = next(self._tokens)
        self._rounds = FOLLOW_ROUNDS
        self._flight_guard = asyncio.get_running_loop().call_later(
            IN_FLIGHT_AT_MOST, self._landed, token, True
        )
        # Behind the key in the app's queue: by then the app has handed it on.
        self.app.call_later(self._follow, token)

    def _follow(self, token: int) -> None:
        if token == self._flight:
            node = self.app.focused or self.app.screen
            if not node.call_later(self._after, node, token):
                self._landed(token, True)

    def _after(self, node: DOMNode, token: int) -> None:
        """`node` has handled the key (and passed it to its parent, if it did)."""
        if token != self._flight:
            return
        parent = node.parent
        if parent is None:
            self._landed(token)  # the app: past its bindings too
        elif not parent.call_later(self._after, parent, token):
            self._landed(token, True)

    def _landed(self, token: int, lost: bool = False) -> None:
        if token != self._flight:
            return
        self._rounds -= 1
        if self._rounds and not lost:
            # Once more from the focused widget: behind what the key had it post to itself
            # (an Input's Submitted, on Enter), up to where that is handled (the form moves
            # on to the next field).
            self._follow(token)
            return
        self._land()
        if self.held:
            self.app.call_later(self.release)
        else:
            self._reset()

    def _land(self) -> None:
        self._flight = 0
        if self._flight_guard is not None:
            self._flight_guard.cancel()
            self._flight_guard = None

    def _reset(self) -> None:
        """Nothing held: back to keys going straight on."""
        self._settling = False
        self._mount_watched = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def _takes_text(widget: Widget | None) -> bool:
    """A text field (Input, TextArea) has the focus: it takes printable keys as typed."""
    if isinstance(widget, Input):
        return True
    # TextArea (the intake's source) only if something has loaded it: not worth its import.
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def _is_text(event: Typed) -> bool:
    """Text a focused field takes as typed (it moves neither the focus nor the screen)."""
    return isinstance(event, events.Paste) or event.is_printable

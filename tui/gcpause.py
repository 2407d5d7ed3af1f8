"""The cyclic garbage collector held off while dondoc starts (#8).

Starting allocates a great many long-lived objects (Textual's and dondoc's modules, the
stylesheet, the first screen's widgets) and the collector walks over all of them again and
again meanwhile, to free next to nothing: on a loaded two-core machine that was about a
tenth of the time to the first rows. `pause()` turns it off (the `dondoc` command before it
imports Textual, the app when it is made), `resume()` turns it back on (the app once its
first rows are drawn, or when it stops before that). Reference counting frees everything
else as usual meanwhile; cycles wait for the first collection after `resume`.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the collector off, unless it is off already (then `resume` leaves it off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn the collector back on if `pause` turned it off."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def paused() -> bool:
    """The collector is off because of `pause`."""
    return _paused

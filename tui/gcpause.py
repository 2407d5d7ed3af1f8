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


_frozen = False


def freeze_start() -> None:
    """Set aside what starting made, once per process: the modules, classes and stylesheet,
    the ORM's mappers once the full database is open. `gc.freeze` moves every object the
    collector tracks into its permanent generation, which no collection walks again: a full
    collection then looks only at what was made since. On the big database, with the ORM
    loaded, full collections took 0.3 s each, on the UI thread, in the middle of a page down
    (its p95 was twice its median). Objects set aside are still freed by reference counting;
    only garbage cycles among them stay, a bounded one-time cost (once per process: a test
    run that makes many apps does not keep them all)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def frozen() -> bool:
    """`freeze_start` has run in this process."""
    return _frozen

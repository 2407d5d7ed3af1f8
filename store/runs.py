"""Sorted runs of rows set aside in temporary files and merged back in order (issue #8).

An export whose rows come as several sorted runs (the agenda's, a page of assignments at a
time: `store.agenda.agenda_pages`) writes them in one order without holding them all: each
run but the last is written to an anonymous temporary file as it comes, and the runs are
read back a batch at a time, merged by their keys. A row is a (key, text) pair: the key
made of ints and strings, unique across runs (the merge never compares the texts); the
text is what the output gets, already formatted.

The files are written with `marshal`: the rows are plain tuples of ints and strings, and this
process alone writes and reads them, at once.
"""

from __future__ import annotations

import heapq
import marshal
import struct
import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Any

Row = tuple[Any, str]
"""(key, text): the key orders the rows; the text is written out."""

_SIZE = struct.Struct("<I")
"""A batch's length in bytes, before it in the file."""

BATCH = 256
"""Rows written (and read back) together: what each run holds in memory while merging."""


class SortedRuns:
    """Runs of rows, each sorted by key, merged back in key order (`merged`). The last run
    added stays in memory; a single run is never written out."""

    def __init__(self, batch: int = BATCH) -> None:
        self._batch = max(1, batch)
        self._files: list[IO[bytes]] = []
        self._held: list[Row] = []

    def add(self, run: list[Row]) -> None:
        """One more run, sorted by key (taken as it is, not copied)."""
        if not run:
            return
        if self._held:
            self._files.append(self._spill(self._held))
        self._held = run

    def merged(self) -> Iterator[str]:
        """Every row's text, in key order; once."""
        held, self._held = self._held, []
        if not self._files:
            return (text for _, text in held)
        runs = [self._read(f) for f in self._files]
        return (text for _, text in heapq.merge(*runs, held))

    @property
    def spilled(self) -> int:
        """How many runs were set aside in files."""
        return len(self._files)

    def close(self) -> None:
        for f in self._files:
            f.close()
        self._files = []
        self._held = []

    def __enter__(self) -> SortedRuns:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _spill(self, run: list[Row]) -> IO[bytes]:
        f = tempfile.TemporaryFile()
        try:
            for i in range(0, len(run), self._batch):
                data = marshal.dumps(run[i:i + self._batch])
                f.write(_SIZE.pack(len(data)))
                f.write(data)
            f.seek(0)
        except BaseException:
            f.close()
            raise
        return f

    @staticmethod
    def _read(f: IO[bytes]) -> Iterator[Row]:
        # each batch read whole, then decoded (marshal.load on the file reads it piecemeal)
        while size := f.read(_SIZE.size):
            yield from marshal.loads(f.read(_SIZE.unpack(size)[0]))

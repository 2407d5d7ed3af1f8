"""Worker failures go to one place: `DondocApp.report_error`.

`Worker.StateChanged` does not bubble, so every node that runs workers mixes this in.
"""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerState


class ReportsWorkerErrors:
    """Forwards failed workers of this node to the app's single error handler."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            app: Any = self.app  # type: ignore[attr-defined]
            report = getattr(app, "report_error", None)
            if report is not None:
                report(event.worker.error)

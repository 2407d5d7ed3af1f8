"""A throwaway PostgreSQL cluster for the test suite's second engine pass.

    python tests/pg_cluster.py run [--require] -- COMMAND...
        start a private cluster on loopback (initdb into a temporary directory, a free port),
        run COMMAND with DONDOC_TEST_DB pointing at it, stop the cluster, remove the
        directory, exit with COMMAND's code. When DONDOC_TEST_DB is already set, COMMAND
        just runs against that server.
    python tests/pg_cluster.py start DIR      print the URL of a cluster kept in DIR
    python tests/pg_cluster.py stop DIR

Without a PostgreSQL server program (initdb, pg_ctl: on PATH or under
/usr/lib/postgresql/*/bin) `run` says so and exits 0, so that `make test` still works on a
laptop without PostgreSQL; with --require, or when CI=true, that is a failure instead.
PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` OS user (the
Debian package creates it) or, failing that, `nobody`.

Only the standard library: this runs before (and outside) the project's own imports.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUPERUSER = "dondoc"


class Unavailable(Exception):
    """No PostgreSQL server can be started here (the reason is the message)."""


def _bin_dir() -> Path:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
        if Path(p).parent.name.isdigit() else 0,
    )
    for directory in reversed(candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    raise Unavailable("no initdb/pg_ctl found (apt-get install postgresql)")


def _run_as() -> str | None:
    """The OS user the server runs as, or None for the current (non-root) user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise Unavailable("running as root and no 'postgres' or 'nobody' user to run the server")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], user: str | None, log: Path | None = None) -> None:
    result = subprocess.run(
        cmd, user=user, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        stdin=subprocess.DEVNULL, cwd="/", check=False,
    )
    if result.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise Unavailable(f"{Path(cmd[0]).name} failed: {result.stdout.strip()[-2000:]}\n{tail}")


def start(directory: Path) -> str:
    """Create and start a cluster in `directory` (made if missing); return its URL."""
    bindir = _bin_dir()
    user = _run_as()
    directory.mkdir(parents=True, exist_ok=True)
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(directory, entry.pw_uid, entry.pw_gid)
    os.chmod(directory, 0o700)
    data, log = directory / "data", directory / "server.log"
    _run([str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
          "--locale=C.UTF-8", "--no-sync"], user)
    port = _free_port()
    options = " ".join([
        "-c listen_addresses=127.0.0.1", f"-p {port}", f"-c unix_socket_directories={directory}",
        # A throwaway cluster: durability costs time and protects nothing.
        "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
        "-c max_connections=300", "-c TimeZone=UTC",
    ])
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60",
          "start"], user, log)
    url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
    (directory / "url").write_text(url)
    return url


def stop(directory: Path) -> None:
    data = directory / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            [str(_bin_dir() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            user=_run_as(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/", check=False,
        )


def run(command: list[str], *, require: bool) -> int:
    if os.environ.get("DONDOC_TEST_DB"):
        return subprocess.call(command)
    directory = Path(tempfile.mkdtemp(prefix="dondoc-pg-"))
    try:
        t0 = time.monotonic()
        try:
            url = start(directory)
        except Unavailable as exc:
            print(f"PostgreSQL pass {'FAILED' if require else 'skipped'}: {exc}", file=sys.stderr)
            return 1 if require else 0
        print(f"PostgreSQL pass: throwaway cluster at {url} (started in "
              f"{time.monotonic() - t0:.1f}s)", flush=True)
        return subprocess.call(command, env={**os.environ, "DONDOC_TEST_DB": url})
    finally:
        stop(directory)
        shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["run"]:
        rest = argv[1:]
        require = "--require" in rest[: rest.index("--")] if "--" in rest else False
        require = require or os.environ.get("CI", "").lower() == "true"
        command = rest[rest.index("--") + 1:] if "--" in rest else []
        if not command:
            print(__doc__, file=sys.stderr)
            return 2
        return run(command, require=require)
    if len(argv) == 2 and argv[0] in ("start", "stop"):
        directory = Path(argv[1]).absolute()
        if argv[0] == "stop":
            stop(directory)
            return 0
        try:
            print(start(directory))
        except Unavailable as exc:
            print(f"cannot start PostgreSQL: {exc}", file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""A throwaway PostgreSQL cluster for tests: made with initdb, gone afterwards.

The cluster lives in a temporary folder, listens on a free loopback port and a
Unix socket in that folder, trusts every local connection and runs with
fsync off (nothing in it needs to outlive the test session). PostgreSQL
refuses to run as root, so under root the server runs as the `postgres` user.

`postgres_binaries()` finds the newest installed server; `require_postgres()`
skips a test when there is none — except on CI (`$CI` set), where a missing
server is a failure, since `scripts/test` installs it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from local_ports import free_port
from sqlalchemy import create_engine, text

SUPERUSER = "comity"
SERVER_ACCOUNT = "postgres"  # Debian's package creates it
TEMPLATE = "comity_template"
START_TIMEOUT_S = 60
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "full_page_writes": "off",
    "max_connections": "60",
    "shared_buffers": "32MB",
}


def postgres_binaries() -> Path | None:
    """The bin folder of the newest PostgreSQL server installed (Debian layout), if any."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def require_postgres() -> Path:
    """The server's bin folder, or skip (fail on CI) with the reason."""
    binaries = postgres_binaries()
    if binaries is None:
        reason = "no PostgreSQL server installed (scripts/test installs Debian's postgresql)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return binaries


@dataclass
class Cluster:
    """A running test cluster; `url(name)` connects to one of its databases."""

    binaries: Path
    root: Path  # owned by the account the server runs as; holds data, socket and log
    port: int
    account: str | None  # the account the server runs as, when it is not ours

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def run(self, tool: str, *arguments: str) -> subprocess.CompletedProcess[str]:
        """Run one of the server's programs as the server's account."""
        command = [str(self.binaries / tool), *arguments]
        if self.account is not None:
            command = ["runuser", "-u", self.account, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    def init(self) -> None:
        done = self.run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
            "--no-locale", "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        self._check(done, "initdb")

    def start(self) -> None:
        self._check(self.run("pg_ctl", *self._control_options(), "start"), "pg_ctl start")

    def restart(self, mode: str = "fast") -> None:
        """Restart the server, ending every session (`fast`) or after they end (`smart`)."""
        done = self.run("pg_ctl", *self._control_options(), "-m", mode, "restart")
        self._check(done, "pg_ctl restart")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def execute(self, statement: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        engine = create_engine(
            self.url(database).replace("postgresql://", "postgresql+psycopg://", 1),
            isolation_level="AUTOCOMMIT",
        )
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def fresh_database(self, template: str | None = None) -> str:
        """A new empty database (a copy of `template` when given); returns its name."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        copy = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name}{copy}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _control_options(self) -> list[str]:
        settings = {**SERVER_SETTINGS, "port": str(self.port)}
        settings["unix_socket_directories"] = str(self.root)
        options = " ".join(f"-c {name}={value}" for name, value in settings.items())
        return [
            "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "-t", str(START_TIMEOUT_S),
        ]  # fmt: skip

    def _check(self, done: subprocess.CompletedProcess[str], what: str) -> None:
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr}\n{log}")


def start_cluster() -> Cluster:
    """Make and start a cluster in a new temporary folder; `remove_cluster` ends it."""
    binaries = require_postgres()
    account = SERVER_ACCOUNT if os.geteuid() == 0 else None
    # Not under pytest's tmp_path: as root that is private to root, and the server's
    # account must be able to reach its folder.
    root = Path(tempfile.mkdtemp(prefix="comity-pg-"))
    if account is not None:
        entry = pwd.getpwnam(account)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(binaries, root, free_port(), account)
    try:
        cluster.init()
        cluster.start()
    except BaseException:
        remove_cluster(cluster)
        raise
    return cluster


def remove_cluster(cluster: Cluster) -> None:
    cluster.stop()
    shutil.rmtree(cluster.root, ignore_errors=True)

"""Running the `comity` command in-process, for tests of its output and exit codes."""

from __future__ import annotations

from typer.testing import CliRunner

from comity.cli import app


def invoke(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `comity ARGS`; an unexpected exception is raised."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr

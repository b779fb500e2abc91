"""The local stack's log files may hold personal data from tracebacks: owner-only."""

import stat

from deploy.local_stack import LocalStack
from tests.waiting import wait_for


def test_service_logs_are_created_owner_only(tmp_path):
    stack = LocalStack(env={}, log_dir=tmp_path / "var" / "logs")
    stack.start("no_such_service_module")  # exits at once, writing its error to the log
    wait_for(stack.exited, message="the process did not exit")
    assert stack.stop("no_such_service_module") == 1
    log = tmp_path / "var" / "logs" / "no_such_service_module.log"
    assert b"No module named no_such_service_module" in log.read_bytes()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700

"""Start and stop the real components a chapter runs on this machine.

Chapter 28 starts a model server and chapter 29 starts training workers. Both are ordinary
processes listening on the loopback address, and both must be gone when the chapter ends, even
when a cell fails halfway. :func:`start` gives that guarantee in three layers:

* ``stop()`` (or leaving a ``with`` block) sends SIGTERM to the process and everything it started,
  then SIGKILL if it has not exited after ``grace`` seconds;
* every process still running when the Python process that started it exits normally (a kernel
  shut down, a script that raised) is stopped by an ``atexit`` hook;
* on Linux the child also asks the operating system to send it SIGTERM if its parent dies without
  running any cleanup (a kernel killed with SIGKILL), so nothing is orphaned even then.

A process's output goes to a log file (:meth:`Process.output` reads it); the log files are
removed when the Python process that started them exits. Some programs take their time over
SIGTERM (a TensorFlow worker may finish its training first): ``stop(grace=0)`` kills at once.

Example::

    from dlcourse import processes
    port = processes.free_port()
    with processes.start(["python", "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                         port=port, name="files") as server:
        ...  # talk to http://127.0.0.1:{port}
    # here the server has stopped and the port is free again
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["Process", "ProcessFailed", "free_port", "port_is_open", "start", "stop_all"]

HOST = "127.0.0.1"
_RUNNING: list["Process"] = []
_LOGS: list[Path] = []


class ProcessFailed(RuntimeError):
    """A started process exited, or did not open its port, before it was ready."""


def free_port(host: str = HOST) -> int:
    """A TCP port on ``host`` that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_is_open(port: int, host: str = HOST, timeout: float = 0.2) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class Process:
    """A process started by :func:`start`; stop it with :meth:`stop` or a ``with`` block."""

    def __init__(self, popen: subprocess.Popen, name: str, log: Path, port: int | None):
        self.popen, self.name, self.log, self.port = popen, name, log, port

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def running(self) -> bool:
        return self.popen.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.popen.poll()

    def output(self, last: int | None = None) -> str:
        """What the process wrote to stdout and stderr so far (its ``last`` lines if given)."""
        text = self.log.read_text(errors="replace") if self.log.is_file() else ""
        return "\n".join(text.splitlines()[-last:]) if last else text

    def wait_ready(self, timeout: float = 60.0) -> "Process":
        """Block until the port accepts connections; raise :class:`ProcessFailed` if it never does."""
        deadline = time.monotonic() + timeout
        while self.port is not None and not port_is_open(self.port):
            if not self.running:
                self.stop()  # forget it (it has exited already)
                raise ProcessFailed(
                    f"{self.name} exited with code {self.returncode} before opening port "
                    f"{self.port}. Its last output:\n{self.output(last=20)}")
            if time.monotonic() > deadline:
                self.stop()
                raise ProcessFailed(
                    f"{self.name} did not open port {self.port} within {timeout:g} s and was "
                    f"stopped. Its last output:\n{self.output(last=20)}")
            time.sleep(0.05)
        return self

    def stop(self, grace: float = 10.0) -> int | None:
        """Stop the process and its children (SIGTERM, then SIGKILL after ``grace`` s).

        Returns the exit code. Calling it again, or on a process that already ended, is harmless.
        """
        if self.running:
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.popen.wait()
        if self in _RUNNING:
            _RUNNING.remove(self)
        return self.returncode

    def _signal(self, sig: int) -> None:
        try:
            if os.name == "posix":
                os.killpg(self.popen.pid, sig)  # the whole group: servers may fork workers
            else:
                self.popen.send_signal(sig)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> "Process":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else f"exited with {self.returncode}"
        where = f", port {self.port}" if self.port is not None else ""
        return f"<Process {self.name!r} pid {self.pid}{where}: {state}>"


def start(args, *, name: str | None = None, port: int | None = None, env: dict | None = None,
          cwd=None, timeout: float = 60.0, wait: bool = True) -> Process:
    """Start ``args`` (a list: program and arguments) as a managed background process.

    ``port``: wait until the process accepts connections on ``127.0.0.1:port`` (at most
    ``timeout`` seconds) before returning; a process that exits first raises
    :class:`ProcessFailed` with its last output. With ``wait=False`` it returns at once, so that
    several processes can start side by side; call :meth:`Process.wait_ready` on each afterwards.
    ``env`` entries are added to this process's environment. Output goes to a log file: read it
    with :meth:`Process.output`.
    """
    if isinstance(args, (str, bytes)) or not args or not all(isinstance(a, str) for a in args):
        raise TypeError("args must be a non-empty list of strings, e.g. "
                        "[sys.executable, 'server.py'] (not one shell string)")
    if port is not None and (not isinstance(port, int) or not 0 < port < 65536):
        raise ValueError(f"port must be an integer between 1 and 65535, got {port!r}")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout!r}")
    name = name or Path(args[0]).name
    fd, log_path = tempfile.mkstemp(prefix=f"dlcourse-{name}-", suffix=".log")
    full_env = {**os.environ, **(env or {})}
    launcher = [sys.executable, "-c", _LIFELINE, str(os.getpid())]
    with os.fdopen(fd, "wb") as log:
        popen = subprocess.Popen(
            launcher + list(args) if sys.platform.startswith("linux") else list(args),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=full_env, cwd=cwd,
            start_new_session=os.name == "posix")
    process = Process(popen, name, Path(log_path), port)
    _RUNNING.append(process)
    _LOGS.append(process.log)
    return process.wait_ready(timeout) if wait else process


def stop_all() -> None:
    """Stop every process started by :func:`start` that is still running."""
    for process in list(_RUNNING):
        process.stop()


def _at_exit() -> None:
    stop_all()
    for log in _LOGS:
        log.unlink(missing_ok=True)


atexit.register(_at_exit)


# Run by the child before it becomes ``args``: ask Linux for SIGTERM when the parent dies (the
# request survives exec), then check the parent did not die before the request was in place.
_LIFELINE = """
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)
os.execvp(sys.argv[2], sys.argv[2:])
"""

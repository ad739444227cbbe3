"""dlcourse.processes: managed background processes are always stopped."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dlcourse import processes

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")


def _server(port):
    return [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]


def _gone(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # a zombie child of this test process counts as gone once it has exited
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        time.sleep(0.05)
    return False


def test_start_waits_for_the_port_and_stop_frees_it():
    port = processes.free_port()
    with processes.start(_server(port), port=port, name="files") as server:
        assert server.running and processes.port_is_open(port)
        assert "files" in repr(server) and str(port) in repr(server)
    assert not server.running and not processes.port_is_open(port)
    assert server.stop() is not None  # stopping twice is harmless
    assert server not in processes._RUNNING


def test_a_process_that_dies_early_raises_with_its_output():
    port = processes.free_port()
    code = "import sys; print('cannot load the model'); sys.exit(3)"
    with pytest.raises(processes.ProcessFailed, match="(?s)exited with code 3.*cannot load the model"):
        processes.start([sys.executable, "-c", code], port=port, name="broken")


def test_a_process_that_never_listens_is_stopped_after_the_timeout():
    port = processes.free_port()
    with pytest.raises(processes.ProcessFailed, match="did not open port"):
        processes.start([sys.executable, "-c", "import time; time.sleep(60)"], port=port,
                        timeout=1.0)
    assert all(p.running for p in processes._RUNNING)


def test_wait_false_returns_at_once_and_wait_ready_waits():
    ports = [processes.free_port(), processes.free_port()]
    servers = [processes.start(_server(p), port=p, wait=False) for p in ports]
    try:
        for s in servers:
            assert s.wait_ready(30) is s and processes.port_is_open(s.port)
    finally:
        for s in servers:
            s.stop()


def test_log_files_are_removed_at_exit():
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(NOTEBOOKS)!r})
        from dlcourse import processes
        p = processes.start([sys.executable, "-c", "print('hi')"])
        p.popen.wait(30)
        print(p.log, p.log.is_file(), flush=True)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    log, existed = run.stdout.split()
    assert existed == "True" and not Path(log).exists()


def test_env_and_output_reach_the_child():
    p = processes.start([sys.executable, "-c", "import os; print(os.environ['GREETING'])"],
                        env={"GREETING": "hello from the parent"})
    p.popen.wait(30)
    assert p.output().strip() == "hello from the parent" and p.returncode == 0
    p.stop()


def test_stop_kills_a_process_that_ignores_sigterm():
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"
    p = processes.start([sys.executable, "-c", code])
    while "up" not in p.output():
        time.sleep(0.05)
    assert p.stop(grace=0.5) == -signal.SIGKILL


@pytest.mark.parametrize("args, error", [
    ("python -m http.server", TypeError), ([], TypeError), ([sys.executable, 3], TypeError),
])
def test_bad_arguments(args, error):
    with pytest.raises(error, match="list of strings"):
        processes.start(args)


@pytest.mark.parametrize("kwargs", [{"port": 0}, {"port": 70000}, {"port": "80"}, {"timeout": 0}])
def test_bad_port_or_timeout(kwargs):
    with pytest.raises(ValueError):
        processes.start([sys.executable, "-c", "pass"], **kwargs)


def _parent_script(port, tail):
    return textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(NOTEBOOKS)!r})
        from dlcourse import processes
        server = processes.start({_server(port)!r}, port={port})
        print(server.pid, flush=True)
    """) + textwrap.dedent(tail)


def test_a_failing_script_leaves_no_server_behind():
    """The atexit layer: a 'cell' raises after starting a server; the interpreter exits."""
    port = processes.free_port()
    run = subprocess.run([sys.executable, "-c", _parent_script(port, "raise RuntimeError('a cell failed')")],
                         capture_output=True, text=True, timeout=60)
    assert "a cell failed" in run.stderr
    assert _gone(int(run.stdout.split()[0]))
    assert not processes.port_is_open(port)


@linux_only
def test_a_killed_parent_leaves_no_server_behind():
    """The lifeline layer: the parent is SIGKILLed, so no Python cleanup runs at all."""
    port = processes.free_port()
    parent = subprocess.Popen([sys.executable, "-c", _parent_script(port, "import time; time.sleep(60)")],
                              stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    assert _gone(child)
    assert not processes.port_is_open(port)

"""The newcomer's path: `make setup` says which Python it needs; `make serve` says when its
port is taken and takes another (PORT=)."""

import socket
import subprocess
import sys

from conftest import ROOT


def test_set_up_with_too_old_a_python_stops_with_one_line():
    """Breaks if: scripts/require_python.py compares the version wrongly or says nothing useful."""
    result = subprocess.run([sys.executable, "scripts/require_python.py", "3.99"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("make setup: the edition needs Python 3.99 or newer; ")
    assert line.endswith(f"is Python {'.'.join(map(str, sys.version_info[:3]))}. Name another with make setup "
                         "PYTHON=python3.99")
    assert subprocess.run([sys.executable, "scripts/require_python.py", "3.11"], cwd=ROOT).returncode == 0


def test_make_serve_on_a_busy_port_says_so_and_names_the_way_out():
    """Breaks if: the Makefile's serve target drops its port check (MkDocs would build, then fail with a traceback)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        stamp = f".venv/.installed-{sys.implementation.cache_tag}"
        # -o: the set-up is taken as done, whatever the stamp says; this test is about serve.
        result = subprocess.run(["make", "-s", "-o", stamp, "serve", f"PORT={port}", f"PYTHON={sys.executable}"],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert result.stdout.strip() == f"make serve: port {port} is in use; choose another with make serve PORT=8001"
    assert "Traceback" not in result.stderr

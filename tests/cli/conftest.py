"""Runs the gelu command (GELU_CLI: its path, set by CTest) for the tests beside this file."""

import os
import subprocess

import pytest


class Result:
    def __init__(self, p):
        self.code, self.out, self.err = p.returncode, p.stdout, p.stderr


@pytest.fixture(scope="session")
def gelu_cli():
    path = os.environ.get("GELU_CLI")
    if not path:
        pytest.fail("GELU_CLI is not set (the path of the built gelu command)")

    def run(*args, stdin=None):
        p = subprocess.run([path, *args], input=stdin, capture_output=True, text=True,
                           timeout=120)
        return Result(p)
    return run

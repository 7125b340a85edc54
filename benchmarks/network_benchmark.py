#!/usr/bin/python3
"""Retrieval speed against peers (issue 18), one run, medians of RUNS:
a SYNTHETIC 512x512xSLICES CT series (benchmarks/make_ct_series.py, cached)
is stored in Debian's Orthanc on loopback (tests/net/orthanc_fixture.py),
then retrieved whole by

  radlens-cli remote get --via get      C-GET into the store, indexed
  radlens-cli remote get --via move     C-MOVE to its own listener
  radlens-cli remote get http://...     WADO-RS, multipart parsed as it arrives
  getscu (DCMTK)                        C-GET into a folder (peer)
  movescu (DCMTK)                       C-MOVE to its own listener (peer)
  curl                                  the same WADO-RS URL to one file (peer)

Every run starts from an empty store and database; Radlens writes each
instance durably (temp file, fsync, rename) and indexes it, the peers only
write files. Also printed: when the first instance was stored (Radlens's
first_instance_ms), and with --viewer BENCH the time from Retrieve and Open
in the Query/Retrieve window to the first image on screen
(benchmarks/first_image.cpp, under Xvfb).

  benchmarks/network_benchmark.py [BUILD_DIR] [SLICES] [RUNS]
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "net"))
from orthanc_fixture import Orthanc  # noqa: E402

build = sys.argv[1] if len(sys.argv) > 1 else "build"
slices = int(sys.argv[2]) if len(sys.argv) > 2 else 600
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
cli = os.path.join(build, "app", "radlens-cli")
first_image = os.path.join(build, "benchmarks", "first_image")

data_root = subprocess.run([os.path.join(HERE, "..", "scripts", "install-deps"),
                            "--print-data-dir"], capture_output=True, text=True,
                           check=True).stdout.strip().splitlines()[-1]
data = os.path.join(data_root, "bench-ct-512x512x%d" % slices)
if not os.path.exists(os.path.join(data, ".complete")):
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "make_ct_series.py"), data,
                    str(slices), "512"], check=True)
    open(os.path.join(data, ".complete"), "w").close()
files = sorted(os.path.join(data, f) for f in os.listdir(data) if f.endswith(".dcm"))
size_mb = sum(os.path.getsize(f) for f in files) / 1e6


def timed(cmd, env=None):
    subprocess.run(["sync"])
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    t = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit("failed: %s\n%s%s" % (" ".join(cmd), r.stdout[-2000:], r.stderr[-2000:]))
    return t, r.stdout


with Orthanc() as pacs, tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["storescu", "-aec", "ORTHANC", "127.0.0.1", str(pacs.dicom_port), *files],
                   check=True, capture_output=True)
    study = json.loads(subprocess.run(
        [cli, "remote", "find", "dimse://ORTHANC@127.0.0.1:%d" % pacs.dicom_port, "--json"],
        capture_output=True, text=True, check=True).stdout)["results"][0]["study_uid"]
    dimse = "dimse://ORTHANC@127.0.0.1:%d" % pacs.dicom_port
    web = "http://127.0.0.1:%d/dicom-web" % pacs.http_port
    out = os.path.join(tmp, "out")

    def fresh():
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        env = dict(os.environ, RADLENS_DATA_DIR=out, XDG_CONFIG_HOME=os.path.join(tmp, "cfg"))
        return env

    def radlens(node, *extra):
        times, firsts = [], []
        for _ in range(runs):
            env = fresh()
            t, stdout = timed([cli, "remote", "get", node, "--study", study, "--json", *extra],
                              env)
            j = json.loads(stdout)
            assert j["retrieved"] == slices, j
            times.append(t)
            firsts.append(j["first_instance_ms"] / 1000)
        return statistics.median(times), statistics.median(firsts)

    def peer(cmd):
        times = []
        for _ in range(runs):
            fresh()
            times.append(timed(cmd)[0])
        n = sum(len(fs) for _, _, fs in os.walk(out))
        return statistics.median(times), n

    rows = []
    t, first = radlens(dimse, "--via", "get")
    rows.append(("radlens-cli remote get --via get (C-GET)", t, first))
    t, first = radlens(dimse, "--via", "move", "--port", str(pacs.move_port))
    rows.append(("radlens-cli remote get --via move (C-MOVE)", t, first))
    t, first = radlens(web)
    rows.append(("radlens-cli remote get (WADO-RS)", t, first))
    t, n = peer(["getscu", "-aet", "RADLENS", "-aec", "ORTHANC", "-od", out, "127.0.0.1",
                 str(pacs.dicom_port), "-k", "QueryRetrieveLevel=STUDY", "-k",
                 "StudyInstanceUID=" + study])
    assert n == slices, n
    rows.append(("getscu (DCMTK, peer)", t, None))
    t, n = peer(["movescu", "-aet", "RADLENS", "-aec", "ORTHANC", "-aem", "RADLENS", "--port",
                 str(pacs.move_port), "-od", out, "127.0.0.1", str(pacs.dicom_port), "-k",
                 "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study])
    assert n == slices, n
    rows.append(("movescu (DCMTK, peer)", t, None))
    t, _ = peer(["curl", "-sf", "-H", 'Accept: multipart/related; type="application/dicom"; '
                 'transfer-syntax=*', "-o", os.path.join(out, "series.multipart"),
                 "%s/studies/%s" % (web, study)])
    rows.append(("curl of the same WADO-RS URL (peer)", t, None))

    viewer = None
    if "--viewer" in sys.argv or os.path.exists(first_image):
        if os.path.exists(first_image):
            env = fresh()
            r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", first_image,
                                dimse, study, str(runs)], capture_output=True, text=True,
                               env=env, timeout=900)
            if r.returncode == 0:
                viewer = json.loads(r.stdout.strip().splitlines()[-1])
            else:
                print("first_image failed:", r.stderr[-2000:])

print("machine: %d cores, %s" % (os.cpu_count(), open("/proc/cpuinfo").read().split(
    "model name")[1].split("\n")[0].strip(": ")))
print("data: %d slices 512x512 int16 (%.0f MB), Orthanc %s on loopback, median of %d runs"
      % (slices, size_mb, subprocess.run(["Orthanc", "--version"], capture_output=True,
                                          text=True).stdout.split("\n")[0].split()[-1], runs))
print("%-46s %9s %9s %12s" % ("retrieval", "seconds", "MB/s", "first (s)"))
for name, t, first in rows:
    print("%-46s %9.2f %9.0f %12s" % (name, t, size_mb / t, "%.3f" % first if first else "-"))
if viewer:
    print("Query/Retrieve window, Retrieve and Open -> first image on screen: %.3f s "
          "(median of %d; C-GET)" % (viewer["first_image_s"], runs))

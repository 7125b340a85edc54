#!/usr/bin/python3
"""The listening AI node against peers (issue 19), one run:

1. Storage throughput: 4 storescu (DCMTK) senders at once, each a SYNTHETIC
   512x512 CT series of PER_SENDER slices (benchmarks/make_ct_series.py,
   cached), to
     radlens-cli listen   each instance durable (temp file, fsync, rename)
                          and indexed in the database before it is
                          acknowledged
     storescp --fork      DCMTK's storage SCP, one process per association,
                          files written, nothing indexed (peer)
   instances per second over RUNS runs (median); goal: Radlens >= 0.8x.
2. Latency: a 300-slice CT sent to the listener; the time from the last
   instance's acknowledgement to its SEG being in Orthanc (loopback,
   tests/net/orthanc_fixture.py). The segmenter is a U-Net with an
   EfficientNet-B0 encoder (random weights; 256x256 input), on the CPU.
   The time includes the quiet time that makes a series complete (--quiet).

  benchmarks/listener_benchmark.py [BUILD_DIR] [PER_SENDER] [RUNS] [QUIET_S]
"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "net"))
from orthanc_fixture import Orthanc, free_port  # noqa: E402

build = sys.argv[1] if len(sys.argv) > 1 else "build"
per_sender = int(sys.argv[2]) if len(sys.argv) > 2 else 250
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
quiet = sys.argv[4] if len(sys.argv) > 4 else "2"
cli = os.path.abspath(os.path.join(build, "app", "radlens-cli"))
cache = os.path.join(os.path.expanduser("~"), ".cache", "radlens", "bench")


def series(name, n):
    path = os.path.join(cache, f"{name}-{n}")
    if len(glob.glob(os.path.join(path, "*.dcm"))) != n:
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "make_ct_series.py"), path, str(n)],
                       check=True)
    return path


def segmenter(folder):
    import torch
    import torchvision
    torch.manual_seed(0)
    weights = os.path.join(folder, "effnet.pth")
    torch.save(torchvision.models.efficientnet_b0().eval().state_dict(), weights)
    path = os.path.join(folder, "seg")
    subprocess.run([cli, "model", "import", "--arch", "unet-efficientnet_b0", "--weights", weights,
                    "--classes", "background,lesion", "-o", path], check=True, capture_output=True)
    with open(os.path.join(path, "model.json")) as f:
        m = json.load(f)
    m["input"]["size"] = [256, 256]
    m["preprocessing"] = {"window": [-1500, 500], "mean": -500.0, "std": 500.0}
    with open(os.path.join(path, "model.json"), "w") as f:
        json.dump(m, f)
    return path


def wait_port(port, timeout=60):
    import socket
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def send_all(port, folders):
    t0 = time.perf_counter()
    senders = [subprocess.Popen(["storescu", "-aet", f"SENDER{i}", "-aec", "RADLENS", "127.0.0.1",
                                 str(port), "+sd", f], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE) for i, f in enumerate(folders)]
    for s in senders:
        _, err = s.communicate(timeout=900)
        if s.returncode != 0:
            raise RuntimeError(f"storescu failed: {err[-500:]}")
    return time.perf_counter() - t0


def start_listener(tmp, port, model, extra=()):
    """The listener, its events read as they come (a full pipe would stall it)."""
    env = dict(os.environ, RADLENS_DATA_DIR=os.path.join(tmp, "data"))
    p = subprocess.Popen([cli, "listen", "--port", str(port), "-o", os.path.join(tmp, "store"),
                          "--model", model, *extra], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, env=env)
    p.events = []
    ready = threading.Event()

    def read():
        for line in p.stdout:
            p.events.append(json.loads(line))
            if p.events[-1]["event"] == "listening":
                ready.set()
    p.reader = threading.Thread(target=read, daemon=True)
    p.reader.start()
    if not ready.wait(120):
        raise RuntimeError("the listener did not start")
    return p


def stop(p):
    p.terminate()
    p.wait(timeout=120)
    p.reader.join(timeout=10)


def throughput(model):
    folders = [series(f"listen-{i}", per_sender) for i in range(4)]
    total = 4 * per_sender
    ours, peer = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            p = start_listener(tmp, port, model, ("--quiet", "3600"))
            ours.append(total / send_all(port, folders))
            stop(p)
            stored = len(glob.glob(os.path.join(tmp, "store", "*", "*", "*.dcm")))
            assert stored == total, f"{stored} of {total} stored"
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            p = subprocess.Popen(["storescp", "--fork", "-aet", "RADLENS", "-od", tmp, str(port)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_port(port)
            peer.append(total / send_all(port, folders))
            p.terminate()
            p.wait(timeout=60)
    a, b = statistics.median(ours), statistics.median(peer)
    print(f"storage, 4 senders x {per_sender} 512x512 CT slices, median of {runs}:")
    print(f"  radlens-cli listen      {a:8.1f} instances/s  (durable and indexed)")
    print(f"  storescp --fork (DCMTK) {b:8.1f} instances/s")
    print(f"  ratio                   {a / b:8.2f}x  (goal >= 0.8x)")


def latency(model):
    ct = series("listen-latency", 300)
    with Orthanc() as pacs, tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        node = f"dimse://{pacs.aet}@127.0.0.1:{pacs.dicom_port}"
        p = start_listener(tmp, port, model, ("--quiet", quiet, "--send-results", node))
        t0 = time.perf_counter()
        send_all(port, [ct])
        last = time.perf_counter()
        url = f"http://127.0.0.1:{pacs.http_port}/tools/find"
        query = json.dumps({"Level": "Series", "Query": {"Modality": "SEG"}}).encode()
        while True:
            with urllib.request.urlopen(urllib.request.Request(url, data=query), timeout=30) as r:
                if json.loads(r.read()):
                    break
            if time.perf_counter() - last > 1800:
                raise RuntimeError("no SEG in Orthanc after 30 minutes")
            time.sleep(0.1)
        seg = time.perf_counter()
        stop(p)
        analysis = [e["elapsed_ms"] / 1000 for e in p.events if e["event"] == "analyzed"]
    print("latency, 300 512x512 CT slices, U-Net EfficientNet-B0 at 256x256 on the CPU:")
    print(f"  sending 300 instances            {last - t0:7.1f} s")
    print(f"  last instance -> SEG in Orthanc  {seg - last:7.1f} s")
    print(f"    of which the quiet time        {float(quiet):7.1f} s (--quiet)")
    if analysis:
        print(f"    of which the analysis          {analysis[0]:7.1f} s (load and segment)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as models:
        model = segmenter(models)
        throughput(model)
        latency(model)

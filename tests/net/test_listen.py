"""The listening AI node (`radlens-cli listen`) against real peers on
loopback: Debian's Orthanc as the sender of a study and the receiver of the
results, DCMTK's storescu as a second sender and DCMTK's storescp as the
reference. The models are random-weight bundles imported from torchvision;
the data are SYNTHETIC (`radlens-cli synth`).

Covered: a CT that Orthanc sends ends with a SEG and an SR in Orthanc that
reference it, analysed once (sent again: cached, nothing sent twice); a
calling AE title outside --allow is refused; a damaged instance in the middle
of a series gets a failure status and the rest is stored and analysed; a
full store answers "out of resources" and goes on; four
senders at once, 400 instances, none lost (each stored file's pixel data
equals the file sent); SIGTERM during a transfer exits 0 and keeps every
instance storescu saw acknowledged, and the next start takes up the series
it had not analysed; SIGKILL during a transfer loses no acknowledged
instance and leaves no damaged file under a final name; results leave
anonymised when asked."""
import glob
import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

import pydicom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orthanc_fixture import Orthanc, free_port  # noqa: E402

CLI = os.environ["RADLENS_CLI"]


def cli(*args, env=None):
    r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=600, env=env)
    if r.returncode != 0:
        raise AssertionError(f"radlens-cli {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r


def make_bundles(folder):
    """A segmenter (U-Net, ResNet-34 encoder) and a classifier (ResNet-18) with
    random weights, 64x64 input: fast on CPU."""
    import torch
    import torchvision
    torch.manual_seed(3)
    out = {}
    for name, arch, net, classes in (
            ("seg", "unet-resnet34", torchvision.models.resnet34(num_classes=10), ["background", "lesion"]),
            ("cls", "resnet18", torchvision.models.resnet18(num_classes=2), ["Nodule", "Mass"])):
        weights = os.path.join(folder, arch + ".pth")
        torch.save(net.eval().state_dict(), weights)
        path = os.path.join(folder, name)
        cli("model", "import", "--arch", arch, "--weights", weights, "--classes",
            ",".join(classes), "-o", path)
        with open(os.path.join(path, "model.json")) as f:
            manifest = json.load(f)
        manifest["input"]["size"] = [64, 64]
        manifest["preprocessing"] = {"window": [-1500, 500], "mean": -500.0, "std": 500.0}
        with open(os.path.join(path, "model.json"), "w") as f:
            json.dump(manifest, f)
        out[name] = path
    return out


def synth_ct(folder, slices, cases=1, size=64):
    cli("synth", "--kind", "ct", "--cases", str(cases), "--size", str(size), "--slices",
        str(slices), "-o", folder)
    return sorted(glob.glob(os.path.join(folder, "case_*", "dicom")))


def pixel_digest(path):
    ds = pydicom.dcmread(path)
    return hashlib.sha256(ds.PixelData).hexdigest(), str(ds.SOPInstanceUID)


class Listener:
    """radlens-cli listen as a child process; its JSON lines in `events`."""

    def __init__(self, env, *args):
        self.proc = subprocess.Popen([CLI, "listen", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.events, self.lock = [], threading.Condition()
        self.stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()
        self.wait_for(lambda e: e["event"] == "listening", 120)

    def _read(self):
        for line in self.proc.stdout:
            event = json.loads(line)  # every line is one JSON object
            with self.lock:
                self.events.append(event)
                self.lock.notify_all()

    def matching(self, pred):
        with self.lock:
            return [e for e in self.events if pred(e)]

    def wait_for(self, pred, timeout=120, count=1):
        deadline = time.time() + timeout
        with self.lock:
            while len([e for e in self.events if pred(e)]) < count:
                left = deadline - time.time()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError(f"timed out; events: {self.events[-8:]}; "
                                         f"stderr: {''.join(self.stderr)[-2000:]}")
                self.lock.wait(min(left, 0.5))
            return [e for e in self.events if pred(e)]

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        finally:
            time.sleep(0.2)  # the reader threads take the last lines
            self.proc.stdout.close()
            self.proc.stderr.close()


class Listen(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.models = make_bundles(cls._tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(dir=self._tmp.name)
        self.env = dict(os.environ, RADLENS_DATA_DIR=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"))
        self.store = os.path.join(self.tmp, "store")
        self.port = free_port()

    def listen(self, *args):
        listener = Listener(self.env, "--port", str(self.port), "-o", self.store, "--quiet", "1",
                            "--model", self.models["seg"], "--model", self.models["cls"], *args)
        self.addCleanup(lambda: listener.proc.poll() is None and listener.proc.kill())
        return listener

    def storescu(self, files, aet="SCANNER", check=True):
        r = subprocess.run(["storescu", "-v", "-nh", "-aet", aet, "-aec", "RADLENS", "127.0.0.1",
                            str(self.port), *files], capture_output=True, text=True, timeout=300)
        if check and r.returncode != 0:
            raise AssertionError(f"storescu: {r.returncode}: {r.stderr[-2000:]}")
        return r

    def stored_files(self):
        return [p for p in glob.glob(os.path.join(self.store, "*", "*", "*.dcm"))]

    def test_orthanc_sends_a_ct_and_gets_its_seg_and_sr(self):
        case = synth_ct(os.path.join(self.tmp, "ct"), 12)[0]
        ct_series = str(pydicom.dcmread(sorted(glob.glob(case + "/*.dcm"))[0]).SeriesInstanceUID)
        with Orthanc() as pacs:
            def rest(path, body=None):
                req = urllib.request.Request(f"http://127.0.0.1:{pacs.http_port}{path}",
                                             data=body, method="POST" if body is not None else "GET")
                with urllib.request.urlopen(req, timeout=60) as r:
                    return json.loads(r.read() or b"null")
            for f in sorted(glob.glob(case + "/*.dcm")):
                with open(f, "rb") as fh:
                    rest("/instances", fh.read())
            study = rest("/studies")[0]
            self.port = pacs.move_port  # Orthanc's modality "radlens" (RADLENS@move_port)
            node = f"dimse://{pacs.aet}@127.0.0.1:{pacs.dicom_port}"
            listener = self.listen("--allow", pacs.aet, "--send-results", node)
            push = json.dumps({"Resources": [study], "Synchronous": True}).encode()
            rest("/modalities/radlens/store", push)
            listener.wait_for(lambda e: e["event"] == "sent", 300, count=2)
            self.assertEqual(len(listener.matching(lambda e: e["event"] == "received")), 12)
            complete = listener.matching(lambda e: e["event"] == "series-complete")
            self.assertEqual([(e["series_uid"], e["instances"]) for e in complete], [(ct_series, 12)])
            analyzed = listener.matching(lambda e: e["event"] == "analyzed")
            self.assertEqual(sorted(e["cached"] for e in analyzed), [False, False])
            for e in listener.matching(lambda e: e["event"] == "sent"):
                self.assertEqual((e["series_uid"], e["failed"]), (ct_series, 0))
            # In Orthanc: the CT, one SEG and two SRs (one per model), each
            # referencing the CT's series.
            series = rest(f"/studies/{study}/series")
            modalities = sorted(s["MainDicomTags"]["Modality"] for s in series)
            self.assertEqual(modalities, ["CT", "SEG", "SR", "SR"])
            for s in series:
                if s["MainDicomTags"]["Modality"] == "CT":
                    continue
                instance = s["Instances"][0]
                path = os.path.join(self.tmp, instance + ".dcm")
                with urllib.request.urlopen(f"http://127.0.0.1:{pacs.http_port}/instances/"
                                            f"{instance}/file", timeout=60) as r, \
                        open(path, "wb") as out:
                    out.write(r.read())
                ds = pydicom.dcmread(path)
                refs = set()
                for seq in ("ReferencedSeriesSequence", "CurrentRequestedProcedureEvidenceSequence"):
                    for item in ds.get(seq, []):
                        refs.add(str(item.get("SeriesInstanceUID", "")))
                        for sub in item.get("ReferencedSeriesSequence", []):
                            refs.add(str(sub.SeriesInstanceUID))
                self.assertIn(ct_series, refs, f"{ds.Modality} does not reference the CT")
            # Sent again: the same instances and weights are not analysed twice
            # and nothing is sent again.
            rest("/modalities/radlens/store", push)
            listener.wait_for(lambda e: e["event"] == "analyzed" and e["cached"], 120, count=2)
            time.sleep(1)
            self.assertEqual(len(listener.matching(lambda e: e["event"] == "sent")), 2)
            self.assertEqual(len(rest(f"/studies/{study}/series")), 4)
            self.assertEqual(listener.stop(), 0)
            self.assertEqual(listener.events[-1]["event"], "stopped")

    def test_results_leave_anonymised_when_asked(self):
        case = synth_ct(os.path.join(self.tmp, "ct"), 6)[0]
        original = pydicom.dcmread(sorted(glob.glob(case + "/*.dcm"))[0])
        received = os.path.join(self.tmp, "received")
        os.makedirs(received)
        port = free_port()
        scp = subprocess.Popen(["storescp", "-aet", "RESEARCH", "-od", received, str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(scp.kill)
        listener = self.listen("--send-results", f"dimse://RESEARCH@127.0.0.1:{port}",
                               "--anonymize-results")
        self.storescu(sorted(glob.glob(case + "/*.dcm")))
        listener.wait_for(lambda e: e["event"] == "sent", 300, count=2)
        files = glob.glob(os.path.join(received, "*"))
        self.assertEqual(len(files), 3)  # SEG, and an SR per model
        for f in files:
            ds = pydicom.dcmread(f)
            self.assertEqual(ds.PatientIdentityRemoved, "YES")
            self.assertNotEqual(str(ds.PatientName), str(original.PatientName))
            self.assertNotEqual(str(ds.StudyInstanceUID), str(original.StudyInstanceUID))
            if ds.Modality == "SEG":  # its reference follows the replaced UIDs
                ref = str(ds.ReferencedSeriesSequence[0].SeriesInstanceUID)
                self.assertTrue(ref.startswith("2.25.") and ref != str(original.SeriesInstanceUID))
        self.assertEqual(listener.stop(), 0)

    def test_a_calling_aet_outside_the_allow_list_is_refused(self):
        case = synth_ct(os.path.join(self.tmp, "ct"), 4)[0]
        listener = self.listen("--allow", "SCANNER,PACS")
        r = self.storescu(sorted(glob.glob(case + "/*.dcm")), aet="INTRUDER", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("Association Rejected", r.stderr + r.stdout)
        listener.wait_for(lambda e: e["event"] == "refused" and e["calling_aet"] == "INTRUDER", 30)
        self.assertEqual(self.stored_files(), [])
        self.storescu(sorted(glob.glob(case + "/*.dcm")), aet="PACS")
        listener.wait_for(lambda e: e["event"] == "received", 30, count=4)
        self.assertEqual(len(self.stored_files()), 4)
        self.assertEqual(listener.stop(), 0)

    def test_a_damaged_instance_in_the_middle_of_a_series(self):
        case = synth_ct(os.path.join(self.tmp, "ct"), 10)[0]
        files = sorted(glob.glob(case + "/*.dcm"))
        damaged = pydicom.dcmread(files[5])
        damaged.PixelData = damaged.PixelData[: len(damaged.PixelData) // 3]  # cut short
        damaged.save_as(files[5], write_like_original=False)
        listener = self.listen()
        r = self.storescu(files, check=False)
        self.assertEqual(r.stderr.count("Received Store Response (Success)"), 9, r.stderr[-3000:])
        errors = listener.wait_for(lambda e: e["event"] == "error", 30)
        self.assertIn("cut short", errors[0]["message"])
        done = listener.wait_for(lambda e: e["event"] == "series-complete", 60)
        self.assertEqual(done[0]["instances"], 9)
        listener.wait_for(lambda e: e["event"] == "analyzed", 300, count=2)
        self.assertEqual(len(self.stored_files()), 9)
        self.assertEqual(listener.stop(), 0)

    def test_a_full_store_refuses_instances_and_goes_on(self):
        case = synth_ct(os.path.join(self.tmp, "ct"), 4)[0]
        # "Full": more free space needed than any disk has.
        listener = self.listen("--min-free-mb", str(1 << 30))
        r = self.storescu(sorted(glob.glob(case + "/*.dcm")), check=False)
        self.assertEqual(r.stderr.count("Received Store Response (Success)"), 0)
        self.assertEqual(r.stderr.count("Refused: OutOfResources"), 4, r.stderr[-2000:])
        errors = listener.wait_for(lambda e: e["event"] == "error", 30, count=4)
        self.assertIn("no room", errors[0]["message"])
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(glob.glob(os.path.join(self.store, ".incoming", "*")), [])
        echo = subprocess.run(["echoscu", "-aec", "RADLENS", "127.0.0.1", str(self.port)],
                              capture_output=True, timeout=60)
        self.assertEqual(echo.returncode, 0)  # still listening
        self.assertEqual(listener.stop(), 0)

    def test_four_senders_at_once_lose_nothing(self):
        cases = synth_ct(os.path.join(self.tmp, "ct"), 100, cases=4, size=32)
        sent = {}
        for c in cases:
            for f in glob.glob(c + "/*.dcm"):
                digest, uid = pixel_digest(f)
                sent[uid] = digest
        self.assertEqual(len(sent), 400)
        listener = self.listen("--max-associations", "8")
        senders = [subprocess.Popen(["storescu", "-nh", "-aet", f"SENDER{i}", "-aec", "RADLENS",
                                     "127.0.0.1", str(self.port), "+sd", c],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                   for i, c in enumerate(cases)]
        for s in senders:
            _, err = s.communicate(timeout=300)
            self.assertEqual(s.returncode, 0, err[-2000:])
        stored = {}
        for f in self.stored_files():
            digest, uid = pixel_digest(f)
            stored[uid] = digest
        self.assertEqual(stored, sent)  # every instance, every byte of its pixels
        listener.wait_for(lambda e: e["event"] == "received", 30, count=400)
        self.assertEqual(listener.stop(), 0)

    def test_sigterm_during_a_transfer_keeps_what_was_acknowledged(self):
        case = synth_ct(os.path.join(self.tmp, "ct"), 300, size=64)[0]
        listener = self.listen("--quiet", "60")
        sender = subprocess.Popen(["storescu", "-v", "-nh", "-aet", "SCANNER", "-aec", "RADLENS",
                                   "127.0.0.1", str(self.port), "+sd", case],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        listener.wait_for(lambda e: e["event"] == "received", 60, count=40)
        self.assertEqual(listener.stop(signal.SIGTERM), 0)
        log, _ = sender.communicate(timeout=120)
        acknowledged = log.count("Received Store Response (Success)")
        self.assertGreater(acknowledged, 0)
        self.assertLess(acknowledged, 300, "the transfer was not cut")
        stored = self.stored_files()
        self.assertGreaterEqual(len(stored), acknowledged)  # none acknowledged was lost
        self.assertEqual(glob.glob(os.path.join(self.store, ".incoming", "*")), [])
        self.assertEqual(listener.events[-1], {"event": "stopped", "pending_series": 1})
        # The next start takes up the series that was not analysed.
        again = self.listen()
        resumed = again.wait_for(lambda e: e["event"] == "series-complete", 60)
        self.assertTrue(resumed[0].get("resumed"))
        self.assertEqual(resumed[0]["instances"], len(stored))
        again.wait_for(lambda e: e["event"] == "analyzed", 300, count=2)
        self.assertEqual(again.stop(), 0)
        # ...and only once: a third start has nothing left.
        third = self.listen()
        time.sleep(2)
        self.assertEqual(third.matching(lambda e: e["event"] == "series-complete"), [])
        self.assertEqual(third.stop(), 0)

    def test_a_killed_listener_loses_no_acknowledged_instance(self):
        case = synth_ct(os.path.join(self.tmp, "ct"), 200, size=64)[0]
        files = sorted(glob.glob(case + "/*.dcm"))
        sent = dict(pixel_digest(f)[::-1] for f in files)  # SOP UID -> pixel digest
        listener = self.listen("--quiet", "60")
        sender = subprocess.Popen(["storescu", "-v", "-nh", "-aet", "SCANNER", "-aec", "RADLENS",
                                   "127.0.0.1", str(self.port), *files],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        listener.wait_for(lambda e: e["event"] == "received", 60, count=30)
        listener.proc.kill()  # SIGKILL: no chance to finish anything
        listener.proc.wait(timeout=30)
        log, _ = sender.communicate(timeout=120)
        acknowledged = log.count("Received Store Response (Success)")
        self.assertLess(acknowledged, 200, "the transfer was not cut")
        stored = {}
        for f in self.stored_files():
            digest, uid = pixel_digest(f)  # every file under its final name is whole
            stored[uid] = digest
        self.assertGreaterEqual(len(stored), acknowledged)
        for uid, digest in stored.items():
            self.assertEqual(sent[uid], digest)
        # The next start removes what was being received, indexes and analyses
        # what had arrived.
        again = self.listen()
        self.assertEqual(os.listdir(os.path.join(self.store, ".incoming")), [])
        resumed = again.wait_for(lambda e: e["event"] == "series-complete", 60)
        self.assertEqual(resumed[0]["instances"], len(stored))
        again.wait_for(lambda e: e["event"] == "analyzed", 300, count=2)
        self.assertEqual(again.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)

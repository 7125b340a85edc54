"""The hospital network against real peers on loopback: Debian's Orthanc
(with its DICOMweb plugin) started by this test with a temporary folder and
free ports, DCMTK's tools and GDCM as independent references.

The data are SYNTHETIC (`radlens-cli synth`): five CT studies, stored in
Orthanc in five transfer syntaxes (explicit little endian, JPEG-LS lossless,
JPEG lossless, RLE, JPEG 2000 lossless; DCMTK's dcmcjpls/dcmcjpeg/dcmcrle and
GDCM's gdcmconv compress them).

Covered: echo over DIMSE and DICOMweb; find at patient, study and series
level against what Orthanc's REST API says it holds, with wildcards, dates
and modality; retrieval by C-GET, C-MOVE and WADO-RS with every retrieved
instance's transfer syntax kept and pixels equal to the file sent in
(decoded by gdcmconv, compared with pydicom), indexed in the database;
C-STORE and STOW-RS of a SEG; a wrong AE title; a node that is down and one
that never answers; a connection cut during a transfer (nothing half-written
in the store, then resumed); Ctrl+C during a transfer; HTTP authentication
with the password never printed."""
import glob
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import numpy as np
import pydicom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from orthanc_fixture import Orthanc, free_port  # noqa: E402

CLI = os.environ["RADLENS_CLI"]

SYNTAXES = {
    "case_0001": "1.2.840.10008.1.2.1",     # explicit little endian (as written)
    "case_0002": "1.2.840.10008.1.2.4.80",  # JPEG-LS lossless
    "case_0003": "1.2.840.10008.1.2.4.70",  # JPEG lossless SV1
    "case_0004": "1.2.840.10008.1.2.5",     # RLE
    "case_0005": "1.2.840.10008.1.2.4.90",  # JPEG 2000 lossless
}
SLICES = 8


def compress(src, dst, syntax):
    if syntax == "1.2.840.10008.1.2.1":
        shutil.copy(src, dst)
    elif syntax == "1.2.840.10008.1.2.4.80":
        subprocess.run(["dcmcjpls", src, dst], check=True)
    elif syntax == "1.2.840.10008.1.2.4.70":
        subprocess.run(["dcmcjpeg", src, dst], check=True)
    elif syntax == "1.2.840.10008.1.2.5":
        subprocess.run(["dcmcrle", src, dst], check=True)
    else:
        subprocess.run(["gdcmconv", "--j2k", src, dst], check=True)
    assert str(pydicom.dcmread(dst, stop_before_pixels=True).file_meta.TransferSyntaxUID) == syntax


def decoded_pixels(path, tmp):
    """Pixels as GDCM decodes them (independent of Radlens)."""
    raw = os.path.join(tmp, "raw-" + os.path.basename(path))
    subprocess.run(["gdcmconv", "--raw", path, raw], check=True)
    return pydicom.dcmread(raw).pixel_array


class Proxy:
    """A TCP proxy to a port, which can cut the connection after `cut_after`
    bytes from the server, or slow the server's bytes down."""

    def __init__(self, target_port, cut_after=None, delay=0.0, tls_pem=None):
        self.target_port, self.cut_after, self.delay = target_port, cut_after, delay
        self.tls = None
        if tls_pem:  # an HTTPS front: TLS on our side, plain to the target
            import ssl
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(tls_pem)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            if self.tls:
                try:
                    client = self.tls.wrap_socket(client, server_side=True)
                except OSError:  # a client that does not trust us
                    client.close()
                    continue
            server = socket.create_connection(("127.0.0.1", self.target_port))
            state = {"sent": 0}
            threading.Thread(target=self._pipe, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, state), daemon=True).start()

    def _pipe(self, src, dst, state):
        try:
            while True:
                data = src.recv(16384)
                if not data:
                    break
                if state is not None:
                    if self.delay:
                        time.sleep(self.delay)
                    if self.cut_after is not None and state["sent"] + len(data) > self.cut_after:
                        dst.sendall(data[: self.cut_after - state["sent"]])
                        break
                    state["sent"] += len(data)
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def stop(self):
        self.stopped = True
        self.sock.close()


class Silent:
    """Accepts connections and never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
                self.held.append(c)
            except OSError:
                return

    def stop(self):
        self.sock.close()
        for c in self.held:
            c.close()


class RemoteNodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = cls._tmp.name
        cls.env = dict(os.environ, RADLENS_DATA_DIR=os.path.join(cls.tmp, "data"),
                       XDG_CONFIG_HOME=os.path.join(cls.tmp, "config"))
        synth = os.path.join(cls.tmp, "synth")
        cls.cli("synth", "--kind", "ct", "--cases", "5", "--size", "64", "--slices", str(SLICES),
                "--seed", "5", "-o", synth)
        cls.sent = {}  # SOP instance UID -> (file sent, its transfer syntax)
        cls.sent_dir = os.path.join(cls.tmp, "sent")
        for case, syntax in SYNTAXES.items():
            out = os.path.join(cls.sent_dir, case)
            os.makedirs(out)
            for f in sorted(glob.glob(os.path.join(synth, case, "dicom", "*.dcm"))):
                dst = os.path.join(out, os.path.basename(f))
                compress(f, dst, syntax)
                uid = str(pydicom.dcmread(dst, stop_before_pixels=True).SOPInstanceUID)
                cls.sent[uid] = (dst, syntax)
        cls.seg = os.path.join(cls.tmp, "seg.dcm")
        cls.cli("convert-mask", os.path.join(synth, "case_0001", "mask.nii.gz"), "--reference",
                os.path.join(synth, "case_0001", "dicom"), "-o", cls.seg)
        cls.pacs = Orthanc().start()
        for uid, (path, _) in cls.sent.items():
            cls.pacs.upload(path)
        cls.dimse = "dimse://ORTHANC@127.0.0.1:%d" % cls.pacs.dicom_port
        cls.web = "http://127.0.0.1:%d/dicom-web" % cls.pacs.http_port
        cls.studies = {s["MainDicomTags"]["StudyInstanceUID"]: s
                       for s in (cls.pacs.get("/studies/" + i) for i in cls.pacs.get("/studies"))}

    @classmethod
    def tearDownClass(cls):
        cls.pacs.stop()
        cls._tmp.cleanup()

    @classmethod
    def cli(cls, *args, check=True, env=None, timeout=300):
        r = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout,
                           env=env or cls.env)
        if check and r.returncode != 0:
            raise AssertionError(f"radlens-cli {' '.join(args)}: exit {r.returncode}: {r.stderr}")
        return r

    def cli_json(self, *args, **kw):
        return json.loads(self.cli(*args, "--json", **kw).stdout)

    def fresh_env(self, name):
        data = os.path.join(self.tmp, name)
        shutil.rmtree(data, ignore_errors=True)
        return dict(self.env, RADLENS_DATA_DIR=data), data

    # --- echo, find -------------------------------------------------------

    def test_echo_both_protocols(self):
        for node in (self.dimse, self.web):
            self.assertTrue(self.cli_json("remote", "echo", node)["ok"])

    def test_nodes_are_kept_listed_and_removed(self):
        env, _ = self.fresh_env("nodes")
        env["XDG_CONFIG_HOME"] = os.path.join(self.tmp, "nodes-config")
        self.cli("node", "add", "pacs", "--url", self.dimse, "--aet", "READER1", env=env)
        self.cli("node", "add", "web", "--url", self.web, env=env)
        nodes = {n["name"]: n for n in self.cli_json("node", "list", env=env)["nodes"]}
        self.assertEqual(nodes["pacs"]["protocol"], "dimse")
        self.assertEqual(nodes["pacs"]["aet"], "READER1")
        self.assertEqual(nodes["web"]["url"], self.web)
        # By name: the same answers as by address.
        self.assertTrue(self.cli_json("remote", "echo", "web", env=env)["ok"])
        self.assertEqual(len(self.cli_json("remote", "find", "web", env=env)["results"]), 5)
        self.cli("node", "remove", "web", env=env)
        self.assertEqual([n["name"] for n in self.cli_json("node", "list", env=env)["nodes"]],
                         ["pacs"])
        r = self.cli("remote", "echo", "web", check=False, env=env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no node named", r.stderr)
        r = self.cli("node", "add", "x", "--url", "pacs:4242", check=False, env=env)
        self.assertEqual(r.returncode, 2)
        # A node set to retrieve by C-MOVE does so without --via.
        self.cli("node", "add", "mover", "--url", self.dimse, "--via", "move", "--port",
                 str(self.pacs.move_port), env=env)
        node = [n for n in self.cli_json("node", "list", env=env)["nodes"] if n["name"] == "mover"]
        self.assertEqual((node[0]["via"], node[0]["move_port"]), ("move", self.pacs.move_port))
        out = self.cli_json("remote", "get", "mover", "--study", sorted(self.studies)[4], env=env)
        self.assertEqual(out["retrieved"], SLICES)
        # ...and it is the node's setting that counts: on a port Orthanc does not
        # send to, the C-MOVE fails (it would not, were it a C-GET).
        self.cli("node", "add", "lost", "--url", self.dimse, "--via", "move", "--port",
                 str(free_port()), env=env)
        r = self.cli("remote", "get", "lost", "--study", sorted(self.studies)[3], check=False,
                     env=env)
        self.assertEqual(r.returncode, 1)
        r = self.cli("node", "add", "w2", "--url", self.web, "--via", "move", check=False, env=env)
        self.assertEqual(r.returncode, 2)

    def test_find_each_level_matches_what_orthanc_holds(self):
        patients = {self.pacs.get("/patients/" + p)["MainDicomTags"]["PatientID"]
                    for p in self.pacs.get("/patients")}
        for node in (self.dimse, self.web):
            found = self.cli_json("remote", "find", node, "--level", "patient")["results"]
            self.assertEqual({m["patient_id"] for m in found}, patients, node)
            studies = self.cli_json("remote", "find", node)["results"]
            self.assertEqual({m["study_uid"] for m in studies}, set(self.studies), node)
            for m in studies:
                o = self.studies[m["study_uid"]]
                self.assertEqual(m["patient_id"], o["PatientMainDicomTags"]["PatientID"])
                self.assertEqual(m["study_date"], o["MainDicomTags"]["StudyDate"])
                self.assertEqual(m["modalities"], ["CT"])
                series = self.cli_json("remote", "find", node, "--level", "series",
                                       "--study", m["study_uid"])["results"]
                self.assertEqual(len(series), len(o["Series"]))
                self.assertEqual(series[0]["instances"], SLICES)
                self.assertEqual(series[0]["modality"], "CT")
                self.assertEqual(series[0]["series_uid"],
                                 self.pacs.get("/series/" + o["Series"][0])["MainDicomTags"]
                                 ["SeriesInstanceUID"])
            one = sorted(patients)[0]
            self.assertEqual(len(self.cli_json("remote", "find", node, "--patient-id", one)
                                 ["results"]), 1)
            self.assertEqual(len(self.cli_json("remote", "find", node, "--patient-id",
                                               "SYNTH-CT-000*")["results"]), 5)
            self.assertEqual(len(self.cli_json("remote", "find", node, "--patient-name",
                                               "*case_0003")["results"]), 1)
            if node == self.dimse:
                # (Orthanc 1.10's DICOMweb plugin matches no exact name with lower case letters.)
                self.assertEqual(len(self.cli_json("remote", "find", node, "--patient-name",
                                                   "SYNTHETIC^PHANTOM^case_0003")["results"]), 1)
            self.assertEqual(len(self.cli_json("remote", "find", node, "--study-date",
                                               "20251201-20260131")["results"]), 5)
            self.assertEqual(self.cli_json("remote", "find", node, "--study-date",
                                           "20200101-20200102")["results"], [])
            self.assertEqual(len(self.cli_json("remote", "find", node, "--modality", "CT")
                                 ["results"]), 5)
            self.assertEqual(self.cli_json("remote", "find", node, "--modality", "MR")["results"],
                             [])
            r = self.cli("remote", "find", node, "--study-date", "2026-01-01", check=False)
            self.assertEqual(r.returncode, 2)

    # --- retrieve ---------------------------------------------------------

    def check_store(self, store, data, expect_uids):
        """Every instance expected is in the store with the syntax and pixels sent,
        indexed in the database; nothing half-written anywhere."""
        files = glob.glob(os.path.join(store, "*", "*", "*.dcm"))
        got = {}
        for f in files:
            ds = pydicom.dcmread(f)
            got[str(ds.SOPInstanceUID)] = (f, ds)
        self.assertEqual(set(got), set(expect_uids))
        self.assertEqual(glob.glob(os.path.join(store, ".incoming", "*")), [])
        work = tempfile.mkdtemp(dir=self.tmp)
        for uid in expect_uids:
            f, ds = got[uid]
            src, syntax = self.sent[uid]
            self.assertEqual(str(ds.file_meta.TransferSyntaxUID), syntax, "transcoded: " + f)
            np.testing.assert_array_equal(decoded_pixels(f, work), decoded_pixels(src, work))
        db = sqlite3.connect(os.path.join(data, "radlens.db"))
        indexed = {row[0] for row in db.execute("SELECT sop_instance_uid FROM instances WHERE "
                                                "path LIKE ?", (store + "%",))}
        db.close()
        self.assertEqual(indexed, set(expect_uids))

    def study_uids(self, study):
        return {uid for uid, (p, _) in self.sent.items()
                if str(pydicom.dcmread(p, stop_before_pixels=True).StudyInstanceUID) == study}

    def test_retrieve_by_cget_cmove_and_wado_keeps_syntax_and_pixels(self):
        for way in ("get", "move", "web"):
            env, data = self.fresh_env("retrieve-" + way)
            store = os.path.join(data, "store")
            expect = set()
            for study in self.studies:
                if way == "web":
                    out = self.cli_json("remote", "get", self.web, "--study", study, env=env)
                else:
                    out = self.cli_json("remote", "get", self.dimse, "--study", study, "--via",
                                        way, "--port", str(self.pacs.move_port), env=env)
                self.assertEqual(out["retrieved"], SLICES, (way, out))
                self.assertEqual(out["failed"], 0)
                self.assertEqual(out["series"][0]["instances"], SLICES)
                expect |= self.study_uids(study)
            self.check_store(store, data, expect)
            # Again: everything is held, nothing is transferred.
            study = sorted(self.studies)[0]
            node = self.web if way == "web" else self.dimse
            again = self.cli_json("remote", "get", node, "--study", study, env=env)
            self.assertEqual((again["retrieved"], again["skipped"]), (0, SLICES))

    def test_retrieve_one_series_into_a_folder(self):
        env, data = self.fresh_env("retrieve-series")
        study = sorted(self.studies)[1]
        series = self.cli_json("remote", "find", self.dimse, "--level", "series", "--study",
                               study)["results"][0]["series_uid"]
        out_dir = os.path.join(self.tmp, "series-out")
        out = self.cli_json("remote", "get", self.dimse, "--study", study, "--series", series,
                            "-o", out_dir, env=env)
        self.assertEqual(out["series"], [{"series_uid": series, "instances": SLICES}])
        self.check_store(out_dir, data, self.study_uids(study))

    def test_cmove_to_an_unknown_ae_title_is_a_clear_error(self):
        env, _ = self.fresh_env("move-unknown")
        r = self.cli("remote", "get", self.dimse, "--study", sorted(self.studies)[0], "--via",
                     "move", "--aet", "NOBODY", "--port", str(free_port()), check=False, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("NOBODY", r.stderr)

    # --- send -------------------------------------------------------------

    def test_cstore_and_stow_of_a_seg(self):
        uid = str(pydicom.dcmread(self.seg, stop_before_pixels=True).SOPInstanceUID)
        for node in (self.dimse, self.web):
            out = self.cli_json("remote", "send", node, self.seg)
            self.assertEqual(out, {"sent": 1, "failed": 0}, node)
            found = self.pacs.post("/tools/find", {"Level": "Instance",
                                                   "Query": {"SOPInstanceUID": uid}})
            self.assertEqual(len(found), 1, node)
            tags = self.pacs.get("/instances/%s/simplified-tags" % found[0])
            self.assertEqual(tags["SOPClassUID"], "1.2.840.10008.5.1.4.1.1.66.4")
            self.pacs.delete("/instances/" + found[0])

    def test_send_a_folder_and_a_file_that_is_not_dicom(self):
        junk = os.path.join(self.tmp, "junk.dcm")
        with open(junk, "wb") as f:
            f.write(b"\0" * 128 + b"DICM" + b"\xff" * 50)
        r = self.cli("remote", "send", self.web, junk, "--json", check=False)
        self.assertEqual(r.returncode, 1)
        out = self.cli_json("remote", "send", self.dimse, os.path.join(self.sent_dir, "case_0002"))
        self.assertEqual(out, {"sent": SLICES, "failed": 0})

    # --- failures ---------------------------------------------------------

    def test_wrong_ae_title(self):
        for args in (("echo",), ("find",)):
            r = self.cli("remote", args[0], "dimse://WRONG@127.0.0.1:%d" % self.pacs.dicom_port,
                         check=False)
            self.assertEqual(r.returncode, 1)
            self.assertIn("refused the association", r.stderr)
            self.assertIn("WRONG", r.stderr)

    def test_node_down_and_node_silent(self):
        down = free_port()
        for node in ("dimse://X@127.0.0.1:%d" % down, "http://127.0.0.1:%d/dicom-web" % down):
            t0 = time.time()
            r = self.cli("remote", "echo", node, check=False)
            self.assertEqual(r.returncode, 1, node)
            self.assertIn("refused", r.stderr)
            self.assertLess(time.time() - t0, 10)
        silent = Silent()
        env, _ = self.fresh_env("silent")
        env["XDG_CONFIG_HOME"] = os.path.join(self.tmp, "silent-config")
        try:
            for name, url in (("d", "dimse://X@127.0.0.1:%d" % silent.port),
                              ("w", "http://127.0.0.1:%d/dicom-web" % silent.port)):
                self.cli("node", "add", name, "--url", url, "--timeout", "2", env=env)
                t0 = time.time()
                r = self.cli("remote", "find", name, check=False, env=env, timeout=60)
                self.assertEqual(r.returncode, 1, name)
                self.assertIn("stopped answering", r.stderr)
                self.assertLess(time.time() - t0, 20)
        finally:
            silent.stop()

    def cut_and_resume(self, way):
        study = sorted(self.studies)[2]
        expect = self.study_uids(study)
        env, data = self.fresh_env("cut-" + way)
        store = os.path.join(data, "store")
        target = self.pacs.http_port if way == "web" else self.pacs.dicom_port
        # Each slice is ~8 KiB on the wire: cut in the middle of the fourth.
        proxy = Proxy(target, cut_after=30000)
        try:
            node = ("http://127.0.0.1:%d/dicom-web" % proxy.port if way == "web"
                    else "dimse://ORTHANC@127.0.0.1:%d" % proxy.port)
            r = self.cli("remote", "get", node, "--study", study, "--json", check=False, env=env,
                         timeout=120)
        finally:
            proxy.stop()
        self.assertEqual(r.returncode, 1, way)
        self.assertTrue("cut" in r.stderr or "closed" in r.stderr, r.stderr)
        partial = glob.glob(os.path.join(store, "*", "*", "*.dcm"))
        self.assertLess(len(partial), SLICES)
        self.assertEqual(glob.glob(os.path.join(store, ".incoming", "*")), [])
        for f in partial:  # whole files only
            src = self.sent[str(pydicom.dcmread(f).SOPInstanceUID)][0]
            self.assertEqual(len(pydicom.dcmread(f).PixelData), len(pydicom.dcmread(src).PixelData))
        # Resume: only what is missing comes.
        node = self.web if way == "web" else self.dimse
        out = self.cli_json("remote", "get", node, "--study", study, env=env)
        self.assertEqual(out["skipped"], len(partial))
        self.assertEqual(out["retrieved"], SLICES - len(partial))
        self.check_store(store, data, expect)

    def test_connection_cut_during_cget_leaves_nothing_half_written(self):
        self.cut_and_resume("get")

    def test_connection_cut_during_wado_leaves_nothing_half_written(self):
        self.cut_and_resume("web")

    def test_ctrl_c_during_a_transfer(self):
        study = sorted(self.studies)[3]
        for way in ("get", "web"):
            env, data = self.fresh_env("cancel-" + way)
            target = self.pacs.http_port if way == "web" else self.pacs.dicom_port
            proxy = Proxy(target, delay=0.3)
            try:
                node = ("http://127.0.0.1:%d/dicom-web" % proxy.port if way == "web"
                        else "dimse://ORTHANC@127.0.0.1:%d" % proxy.port)
                p = subprocess.Popen([CLI, "remote", "get", node, "--study", study], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                time.sleep(1.5)
                p.send_signal(signal.SIGINT)
                _, err = p.communicate(timeout=30)
            finally:
                proxy.stop()
            self.assertEqual(p.returncode, 1, way)
            self.assertIn("cancelled", err)
            self.assertEqual(glob.glob(os.path.join(data, "store", ".incoming", "*")), [])

    def test_http_authentication_never_prints_the_password(self):
        password = "pw-" + os.urandom(6).hex()
        with Orthanc(users={"alice": password}) as locked:
            locked.upload(next(iter(self.sent.values()))[0])
            env, _ = self.fresh_env("auth")
            env["XDG_CONFIG_HOME"] = os.path.join(self.tmp, "auth-config")
            good = os.path.join(self.tmp, "good-password")
            bad = os.path.join(self.tmp, "bad-password")
            with open(good, "w") as f:
                f.write(password + "\n")
            with open(bad, "w") as f:
                f.write("wrong\n")
            url = "http://127.0.0.1:%d/dicom-web" % locked.http_port
            outputs = []
            r = self.cli("remote", "echo", url, check=False, env=env)
            outputs.append(r.stdout + r.stderr)
            self.assertEqual(r.returncode, 1)
            self.assertIn("refused our credentials", r.stderr)
            self.cli("node", "add", "locked", "--url", url, "--user", "alice", "--password-file",
                     bad, env=env)
            r = self.cli("remote", "find", "locked", check=False, env=env)
            outputs.append(r.stdout + r.stderr)
            self.assertIn("refused our credentials", r.stderr)
            self.cli("node", "add", "locked", "--url", url, "--user", "alice", "--password-file",
                     good, env=env)
            for args in (("node", "list"), ("node", "list", "--json"),
                         ("remote", "echo", "locked"), ("remote", "find", "locked", "--json")):
                r = self.cli(*args, env=env)
                outputs.append(r.stdout + r.stderr)
            self.assertEqual(len(json.loads(outputs[-1])["results"]), 1)
            with open(os.path.join(env["XDG_CONFIG_HOME"], "radlens", "nodes.json")) as f:
                outputs.append(f.read())
            for text in outputs:
                self.assertNotIn(password, text)


class Tls(unittest.TestCase):
    """DICOM TLS against Orthanc's, HTTPS through a TLS front to its DICOMweb,
    both with a throw-away CA (openssl): trusted with --ca, refused without."""

    def test_dicom_tls_and_https_trust_only_the_given_ca(self):
        with Orthanc(tls=True) as pacs, tempfile.TemporaryDirectory() as tmp:
            synth = os.path.join(tmp, "synth")
            subprocess.run([CLI, "synth", "--kind", "ct", "--cases", "1", "--size", "32",
                            "--slices", "4", "-o", synth], check=True, capture_output=True)
            for f in glob.glob(os.path.join(synth, "case_0001", "dicom", "*.dcm")):
                pacs.upload(f)
            front = Proxy(pacs.http_port, tls_pem=pacs.server_pem)
            env = dict(os.environ, RADLENS_DATA_DIR=os.path.join(tmp, "data"),
                       XDG_CONFIG_HOME=os.path.join(tmp, "config"))
            run = lambda *a: subprocess.run([CLI, *a], capture_output=True, text=True, env=env,
                                            timeout=120)
            try:
                dimses = "dimses://ORTHANC@127.0.0.1:%d" % pacs.dicom_port
                https = "https://127.0.0.1:%d/dicom-web" % front.port
                for name, url in (("tls", dimses), ("web", https)):
                    r = run("remote", "echo", url)  # the system's CAs do not know ours
                    self.assertEqual(r.returncode, 1, name)
                    self.assertRegex(r.stderr, "certificate|TLS")
                    self.assertEqual(run("node", "add", name, "--url", url, "--ca",
                                         pacs.ca).returncode, 0)
                    r = run("remote", "echo", name)
                    self.assertEqual(r.returncode, 0, name + ": " + r.stderr)
                    r = run("remote", "find", name, "--json")
                    self.assertEqual(r.returncode, 0, name + ": " + r.stderr)
                    found = json.loads(r.stdout)["results"]
                    self.assertEqual(len(found), 1)
                    r = run("remote", "get", name, "--study", found[0]["study_uid"], "--json",
                            "-o", os.path.join(tmp, "out-" + name))
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(json.loads(r.stdout)["retrieved"], 4)
                # Plain DIMSE to a TLS port: a clear error, no hang.
                r = run("remote", "echo", "dimse://ORTHANC@127.0.0.1:%d" % pacs.dicom_port)
                self.assertEqual(r.returncode, 1)
            finally:
                front.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)

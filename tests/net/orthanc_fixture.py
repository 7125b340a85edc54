#!/usr/bin/python3
"""Starts Debian's Orthanc (with the DICOMweb plugin) on loopback for a test,
runs the command given after "--", and stops Orthanc whatever happens.

Orthanc gets a temporary folder (storage, index, configuration) and free
ports. The command sees them in its environment:

  ORTHANC_AET        Orthanc's AE title ("ORTHANC")
  ORTHANC_DICOM_PORT Orthanc's DICOM port
  ORTHANC_HTTP_PORT  Orthanc's HTTP port (REST API; DICOMweb under /dicom-web)
  ORTHANC_MOVE_PORT  a free port where Orthanc sends C-MOVE results for the
                     AE title RADLENS (and for RADLENS2 on the port after)
  ORTHANC_DIR        the temporary folder

  orthanc_fixture.py [--keep] -- COMMAND ARGS...

The fixture is also a Python context manager (benchmarks use it):

  with Orthanc() as pacs: ...pacs.http_port...
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Orthanc:
    def __init__(self, keep=False, users=None, tls=False):
        self.keep = keep
        self.users = users or {}  # HTTP basic authentication when given
        # DICOM TLS with a test CA (self.ca: its certificate; self.server_pem: the
        # server's certificate and key, for an HTTPS front). Orthanc 1.10's own
        # HTTPS resets every connection here, so HTTP stays plain.
        self.tls = tls
        self.dir = tempfile.mkdtemp(prefix="radlens-orthanc-")
        self.aet = "ORTHANC"
        self.http_port = free_port()
        self.dicom_port = free_port()
        self.move_port = free_port()
        self.move_port2 = free_port()
        self.proc = None
        self.name = "radlens-test-" + os.path.basename(self.dir)  # this one, not another

    def config(self):
        return {
            "Name": self.name,
            "StorageDirectory": os.path.join(self.dir, "storage"),
            "IndexDirectory": os.path.join(self.dir, "index"),
            "HttpPort": self.http_port,
            "DicomPort": self.dicom_port,
            "DicomAet": self.aet,
            "DicomCheckCalledAet": True,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": bool(self.users),
            "RegisteredUsers": self.users,
            "HttpServerEnabled": True,
            "DicomServerEnabled": True,
            "DicomAlwaysAllowEcho": True,
            "DicomAlwaysAllowStore": True,
            "DicomAlwaysAllowFind": True,
            "DicomAlwaysAllowGet": True,
            "DicomAlwaysAllowMove": True,
            "DicomModalities": {
                "radlens": ["RADLENS", "127.0.0.1", self.move_port],
                "radlens2": ["RADLENS2", "127.0.0.1", self.move_port2],
            },
            "DicomScpTimeout": 30,
            "StableAge": 1,
            "ConcurrentJobs": 2,
            "Plugins": [PLUGIN],
            "DicomWeb": {"Enable": True, "Root": "/dicom-web/", "EnableWado": True,
                         "Ssl": False, "StudiesMetadata": "Full",
                         "SeriesMetadata": "Full"},
        }

    def make_certificates(self):
        """A throw-away CA and a server certificate for 127.0.0.1 (openssl)."""
        d = self.dir
        self.ca = os.path.join(d, "ca.pem")
        run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True)
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            "/CN=Radlens test CA", "-keyout", os.path.join(d, "ca.key"), "-out", self.ca)
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
            os.path.join(d, "server.key"), "-out", os.path.join(d, "server.csr"))
        with open(os.path.join(d, "san.ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        run("x509", "-req", "-in", os.path.join(d, "server.csr"), "-CA", self.ca, "-CAkey",
            os.path.join(d, "ca.key"), "-CAcreateserial", "-days", "2", "-extfile",
            os.path.join(d, "san.ext"), "-out", os.path.join(d, "server.crt"))
        self.server_pem = os.path.join(d, "server-both.pem")
        with open(self.server_pem, "w") as out:
            for name in ("server.crt", "server.key"):
                with open(os.path.join(d, name)) as f:
                    out.write(f.read())

    def start(self):
        """Starts Orthanc; a port taken between choosing and binding it (another
        test's) gives new ports and another try."""
        for attempt in range(3):
            try:
                return self._start()
            except RuntimeError:
                if attempt == 2:
                    raise
                self.http_port, self.dicom_port = free_port(), free_port()
                self.move_port, self.move_port2 = free_port(), free_port()

    def _start(self):
        cfg = os.path.join(self.dir, "orthanc.json")
        config = self.config()
        if self.tls:
            self.make_certificates()
            config.update({
                "DicomTlsEnabled": True,
                "DicomTlsCertificate": os.path.join(self.dir, "server.crt"),
                "DicomTlsPrivateKey": os.path.join(self.dir, "server.key"),
                "DicomTlsTrustedCertificates": self.ca,
                "DicomTlsRemoteCertificateRequired": False,
            })
        with open(cfg, "w") as f:
            json.dump(config, f, indent=1)
        self.log = open(os.path.join(self.dir, "orthanc.log"), "w")
        self.proc = subprocess.Popen(["Orthanc", cfg], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                self.log.close()
                raise RuntimeError("Orthanc exited at start; see " + self.log.name + ":\n" +
                                   open(self.log.name).read()[-3000:])
            try:
                system = json.loads(urllib.request.urlopen(self._request("/system"), timeout=1,
                                                           context=self._ssl()).read())
                if system.get("Name") == self.name and self._dicom_ready():
                    return self
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        self._end_process()
        raise RuntimeError("Orthanc did not answer within 30 s")

    def _end_process(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()
            self.log = None

    def _dicom_ready(self):
        try:
            with socket.create_connection(("127.0.0.1", self.dicom_port), timeout=1):
                return True
        except OSError:
            return False

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.http_port, path)

    def _request(self, path, data=None, method=None):
        req = urllib.request.Request(self.url(path), data=data, method=method)
        if self.users:
            import base64
            user, password = next(iter(self.users.items()))
            token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
            req.add_header("Authorization", "Basic " + token)
        return req

    def upload(self, path):
        """Stores one file in Orthanc through its REST API; returns its answer."""
        with open(path, "rb") as f:
            req = self._request("/instances", data=f.read(), method="POST")
        return json.loads(urllib.request.urlopen(req, timeout=60, context=self._ssl()).read())

    def _ssl(self):
        return None

    def get(self, path):
        return json.loads(urllib.request.urlopen(self._request(path), timeout=60,
                                                 context=self._ssl()).read())

    def post(self, path, body):
        req = self._request(path, data=json.dumps(body).encode(), method="POST")
        return json.loads(urllib.request.urlopen(req, timeout=60, context=self._ssl()).read())

    def delete(self, path):
        urllib.request.urlopen(self._request(path, method="DELETE"), timeout=60,
                               context=self._ssl()).read()

    def env(self):
        e = dict(os.environ)
        e.update(ORTHANC_AET=self.aet, ORTHANC_DICOM_PORT=str(self.dicom_port),
                 ORTHANC_HTTP_PORT=str(self.http_port), ORTHANC_MOVE_PORT=str(self.move_port),
                 ORTHANC_MOVE_PORT2=str(self.move_port2), ORTHANC_DIR=self.dir)
        return e

    def stop(self):
        self._end_process()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv):
    keep = "--keep" in argv
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    cmd = argv[argv.index("--") + 1:]
    with Orthanc(keep=keep) as pacs:
        return subprocess.call(cmd, env=pacs.env())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

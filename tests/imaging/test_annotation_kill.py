"""Crash safety of the annotation store (issue 6): a process saving annotation
versions in a loop (tests/imaging/annotation_store_stress.cpp) is killed with
SIGKILL at random moments, at least 100 times and until more than 100
versions have been saved (a loaded machine or a sanitizer build saves fewer
per kill, so it takes more kills, at most 500); after every kill, every saved
version must load intact (checksum and voxels), the database must pass SQLite's
integrity check, and no version seen saved before may have gone or changed
(autosave drafts are replaced in place by design, so only their presence is
checked)."""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HELPER = os.environ.get("RADLENS_ANNOTATION_STRESS")


class KillWhileSaving(unittest.TestCase):
    def test_hundred_kills(self):
        self.assertTrue(HELPER and os.path.exists(HELPER), "RADLENS_ANNOTATION_STRESS not built")
        work = tempfile.mkdtemp(prefix="radlens-kill-")
        rng = random.Random(6)
        kept = {}  # (annotator, version) -> step, for versions that are not autosaves
        autosaves = set()
        try:
            i = 0
            while i < 100 or (len(kept) <= 100 and i < 500):
                p = subprocess.Popen([HELPER, "write", work], stdout=subprocess.PIPE)
                self.assertEqual(p.stdout.readline(), b"ready\n")  # the store is open
                time.sleep(rng.uniform(0.002, 0.05))
                p.send_signal(signal.SIGKILL)
                p.wait()
                p.stdout.close()
                c = subprocess.run([HELPER, "check", work], capture_output=True, text=True, timeout=120)
                self.assertEqual(c.returncode, 0, f"kill {i + 1}: {c.stderr}")
                now = {}
                for line in c.stdout.splitlines():
                    who, version, note, step = line.split()
                    now[(who, int(version))] = (note, int(step))
                for key, step in kept.items():
                    self.assertIn(key, now, f"kill {i + 1}: saved version {key} is gone")
                    self.assertEqual(now[key][1], step, f"kill {i + 1}: version {key} changed")
                for key in autosaves:
                    self.assertIn(key, now, f"kill {i + 1}: autosave {key} is gone")
                for key, (note, step) in now.items():
                    if note == "-":
                        kept[key] = step
                    else:
                        autosaves.add(key)
                i += 1
            print(f"{i} kills; {len(kept)} saved versions and {len(autosaves)} autosaves intact")
            self.assertGreater(len(kept), 100)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)

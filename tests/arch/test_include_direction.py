"""The dependency direction of docs/architecture.md: platform/ includes none of
our other folders and no Qt, VTK or torch; imaging/ no Qt, VTK or torch and
nothing above it; ai/ no Qt or VTK; net/ no widgets, VTK, torch, and nothing
of ai/, viewer/, ui/ or app/; viewer/ no torch. And no header of ui/ reaches
LibTorch's headers through ours (torch/ or ATen/; c10's small Device.h is
allowed): <torch/types.h> alone cost each file that includes it about 9 s of
compile time, and most of ui/ and the tests include ui/ headers; files that
use a network include ai/LoadedModel.h or ai/Networks.h in their .cpp. Fails
naming file and line (and the chain of includes)."""
import os
import re
import sys
import unittest

SRC = os.environ.get("RADLENS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
QT = r"(Q[A-Z]\w*|Qt\w*/.*|qt\w*\.h)"
VTK = r"(vtk\w*\.h)"
TORCH = r"(torch/.*|ATen/.*|c10/.*)"
OURS = r"((imaging|ai|net|viewer|ui|app)/.*)"
ABOVE_IMAGING = r"((ai|net|viewer|ui|app)/.*)"
ABOVE_NET = r"((ai|viewer|ui|app)/.*)"
WIDGETS = (r"(QtWidgets/.*|QWidget|QDialog|QApplication|QMainWindow|QPushButton|QLabel|"
           r"QLineEdit|QComboBox|QMessageBox|QTreeView|QTableView|QAction)")
RULES = {
    "platform": [QT, VTK, TORCH, OURS],
    "imaging": [QT, VTK, TORCH, ABOVE_IMAGING],
    "net": [WIDGETS, VTK, TORCH, ABOVE_NET],
    "ai": [QT, VTK],
    "viewer": [TORCH],
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
HEAVY_TORCH = r"(torch/.*|ATen/.*)"
# ui/ headers that hold LibTorch types (a click session's tensors, the data
# page's samples): only the .cpp files that use them include them (checked).
UI_HEADERS_WITH_TORCH = {"ui/AiClickSession.h", "ui/TrainingDataPage.h"}


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            m = INCLUDE.match(line)
            if m:
                yield n, m.group(1)


def torch_chains(header, src=SRC):
    """Each way `header` (relative to src) reaches a LibTorch header through
    our own headers: "a.h:3 -> b.h:12: torch/types.h"."""
    found, seen = [], set()

    def walk(rel, chain):
        if rel in seen:
            return
        seen.add(rel)
        for n, inc in includes(os.path.join(src, rel)):
            here = chain + [f"{rel}:{n}"]
            if re.fullmatch(HEAVY_TORCH, inc):
                found.append(" -> ".join(here) + ": " + inc)
            elif re.fullmatch(OURS, inc) and os.path.isfile(os.path.join(src, inc)):
                walk(inc, here)

    walk(header, [])
    return found


def violations(folder, patterns):
    bad = []
    for root, _, files in os.walk(os.path.join(SRC, folder)):
        for f in files:
            if not f.endswith((".h", ".hpp", ".cpp", ".cxx")):
                continue
            path = os.path.join(root, f)
            with open(path, encoding="utf-8", errors="replace") as fh:
                for n, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if m and any(re.fullmatch(p, m.group(1)) for p in patterns):
                        bad.append(f"{os.path.relpath(path, SRC)}:{n}: {m.group(1)}")
    return bad


class IncludeDirection(unittest.TestCase):
    def test_rules(self):
        for folder, patterns in RULES.items():
            self.assertTrue(os.path.isdir(os.path.join(SRC, folder)), folder)
            with self.subTest(folder=folder):
                self.assertEqual(violations(folder, patterns), [])

    def test_ui_headers_do_not_reach_libtorch(self):
        bad = []
        for root, _, files in os.walk(os.path.join(SRC, "ui")):
            for f in sorted(files):
                rel = os.path.relpath(os.path.join(root, f), SRC)
                if f.endswith(".h") and rel not in UI_HEADERS_WITH_TORCH:
                    bad += torch_chains(rel)
        self.assertEqual(bad, [])

    def test_ui_headers_with_torch_are_included_by_no_header(self):
        bad = []
        for folder in ("ai", "net", "viewer", "ui", "app", "tests", "benchmarks"):
            for root, _, files in os.walk(os.path.join(SRC, folder)):
                for f in files:
                    if f.endswith((".h", ".hpp")):
                        path = os.path.join(root, f)
                        bad += [f"{os.path.relpath(path, SRC)}:{n}: {inc}"
                                for n, inc in includes(path) if inc in UI_HEADERS_WITH_TORCH]
        self.assertEqual(bad, [])

    def test_the_chain_checker_follows_our_includes(self):
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            for rel, text in {"ui/A.h": '#include "ai/B.h"\n',
                              "ai/B.h": '#include <vector>\n#include "ai/C.h"\n',
                              "ai/C.h": "#include <c10/core/Device.h>\n#include <torch/types.h>\n",
                              "ui/D.h": '#include "ai/E.h"\n',
                              "ai/E.h": "#include <c10/core/Device.h>\n"}.items():
                os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
                with open(os.path.join(tmp, rel), "w") as fh:
                    fh.write(text)
            self.assertEqual(torch_chains("ui/A.h", tmp),
                             ["ui/A.h:1 -> ai/B.h:2 -> ai/C.h:2: torch/types.h"])
            self.assertEqual(torch_chains("ui/D.h", tmp), [])

    def test_the_checker_catches_a_violation(self):
        self.assertTrue(re.fullmatch(QT, "QWidget"))
        self.assertTrue(re.fullmatch(VTK, "vtkImageData.h"))
        self.assertTrue(re.fullmatch(TORCH, "torch/torch.h"))
        self.assertFalse(re.fullmatch(QT, "dcmtk/dcmdata/dctk.h"))


if __name__ == "__main__":
    unittest.main(verbosity=2)

"""The dependency direction of docs/architecture.md: platform/ includes none of
our other folders and no Qt, VTK or torch; imaging/ no Qt, VTK or torch and
nothing above it; ai/ no Qt or VTK; net/ no widgets, VTK, torch, and nothing
of ai/, viewer/, ui/ or app/; viewer/ no torch. Fails naming file and line."""
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

    def test_the_checker_catches_a_violation(self):
        self.assertTrue(re.fullmatch(QT, "QWidget"))
        self.assertTrue(re.fullmatch(VTK, "vtkImageData.h"))
        self.assertTrue(re.fullmatch(TORCH, "torch/torch.h"))
        self.assertFalse(re.fullmatch(QT, "dcmtk/dcmdata/dctk.h"))


if __name__ == "__main__":
    unittest.main(verbosity=2)

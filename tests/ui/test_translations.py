"""The translations are complete and current: lupdate over today's sources adds
nothing unfinished and finds nothing obsolete in translations/radlens_*.ts, and
every translation keeps its source's placeholders. Contexts must be the
namespaced class names that tr() uses at run time (a context lupdate could not
resolve would never be looked up). Then the viewer starts in Russian, and an
unknown --lang is a usage error."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

SOURCE = os.environ["RADLENS_SOURCE_DIR"]
VIEWER = os.environ["RADLENS_VIEWER"]
LUPDATE = os.environ.get("RADLENS_LUPDATE", "/usr/lib/qt6/bin/lupdate")
LANGUAGES = ("ru", "de")
# Kept in step with ui/CMakeLists.txt (radlens_tr_sources).
SCANNED = ["ui", "viewer", os.path.join("app", "radlens_main.cpp")]
CONTEXTS_WITHOUT_NAMESPACE = {"main", "ClassNames"}


def messages(ts_path):
    root = ET.parse(ts_path).getroot()
    for ctx in root.findall("context"):
        name = ctx.find("name").text
        for m in ctx.findall("message"):
            yield name, m


def placeholders(text):
    return sorted(set(re.findall(r"%(?:\d|n)", text or "")))


class Translations(unittest.TestCase):
    def test_ts_files_are_complete_and_current(self):
        for lang in LANGUAGES:
            with self.subTest(lang=lang), tempfile.TemporaryDirectory() as tmp:
                committed = os.path.join(SOURCE, "translations", f"radlens_{lang}.ts")
                copy = os.path.join(tmp, f"radlens_{lang}.ts")
                shutil.copy(committed, copy)
                # Without -no-obsolete: stale entries show up as vanished/obsolete.
                r = subprocess.run([LUPDATE, "-locations", "none", "-I", SOURCE, *SCANNED,
                                    "-ts", copy], cwd=SOURCE, capture_output=True, text=True,
                                   timeout=120)
                self.assertEqual(r.returncode, 0, r.stderr)
                problems, count = [], 0
                for ctx, m in messages(copy):
                    count += 1
                    source = m.find("source").text
                    t = m.find("translation")
                    kind = t.get("type")
                    if kind in ("unfinished", "obsolete", "vanished"):
                        problems.append(f"{kind}: {ctx}: {source!r}")
                        continue
                    forms = [f.text for f in t.findall("numerusform")] or [t.text]
                    for form in forms:
                        if not form:
                            problems.append(f"empty: {ctx}: {source!r}")
                        elif placeholders(form) != placeholders(source):
                            problems.append(f"placeholders differ: {ctx}: {source!r} -> {form!r}")
                    if ctx not in CONTEXTS_WITHOUT_NAMESPACE and not ctx.startswith("radlens::"):
                        problems.append(f"context {ctx!r} is not a class tr() would use")
                self.assertGreater(count, 150)
                self.assertEqual(problems, [], "\n" + "\n".join(problems) +
                                 "\nrun: cmake --build build --target update_translations, "
                                 "then translate the new entries")

    def test_russian_numerus_has_three_forms(self):
        for ctx, m in messages(os.path.join(SOURCE, "translations", "radlens_ru.ts")):
            if m.get("numerus") == "yes":
                self.assertEqual(len(m.find("translation").findall("numerusform")), 3,
                                 m.find("source").text)

    def test_viewer_starts_in_russian_and_rejects_unknown_languages(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, RADLENS_DATA_DIR=tmp, XDG_CONFIG_HOME=tmp,
                       QT_QPA_PLATFORM="xcb")
            shots = {}
            for lang in ("en", "ru"):
                out = os.path.join(tmp, f"{lang}.png")
                r = subprocess.run([VIEWER, "--lang", lang, "--screenshot", out, "--quit"],
                                   capture_output=True, text=True, timeout=90, env=env)
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(out, "rb") as f:
                    shots[lang] = f.read()
                keep = os.environ.get("RADLENS_KEEP_SCREENSHOT")
                if keep:
                    shutil.copy(out, keep.replace(".png", f"-lang-{lang}.png"))
            self.assertNotEqual(shots["en"], shots["ru"], "--lang ru changed nothing on screen")
            r = subprocess.run([VIEWER, "--lang", "xx", "--quit"], capture_output=True,
                               text=True, timeout=30, env=env)
            self.assertEqual(r.returncode, 2)
            self.assertIn("no translation for 'xx'", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)

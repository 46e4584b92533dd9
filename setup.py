"""Build hook: the content folders (questionnaires, report templates, languages, examples) are
kept at the top of the checkout, where consultants edit them, and copied into the wheel as
`audit/content/<folder>` so that an installed smaudit finds them through importlib.resources.

An editable install (`pip install -e .`, what `make` does) copies nothing: the locator in
`audit/locate.py` then reads the same folders straight from the checkout.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT_FOLDERS = ("questionnaires", "report_templates", "languages", "examples")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        here = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "audit" / "content"
        for folder in CONTENT_FOLDERS:
            source = here / folder
            if source.is_dir():
                shutil.rmtree(target / folder, ignore_errors=True)  # no stale files from a previous build
                shutil.copytree(source, target / folder, ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithContent})

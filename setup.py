"""Build hook: ship the dataset registry inside the helper package.

The registry has one home, ``datasets/registry.toml`` at the top of the repository, where
authors and the book read it. An installed package (a wheel, e.g. on Colab) has no repository
around it, so the build copies the file into the package as ``dlcourse/registry.toml``. No
symbolic link is involved, so a checkout on any file system builds the same wheel.
Everything else about the package is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

REGISTRY = Path(__file__).parent / "datasets" / "registry.toml"


class BuildWithRegistry(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:  # an editable install reads datasets/registry.toml in place
            target = Path(self.build_lib) / "dlcourse" / "registry.toml"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REGISTRY, target)

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            outputs.append(str(Path(self.build_lib) / "dlcourse" / "registry.toml"))
        return outputs


setup(cmdclass={"build_py": BuildWithRegistry})

"""Packaging; metadata lives in setup.cfg, pins in requirements.txt."""

import pathlib

import setuptools

_HERE = pathlib.Path(__file__).parent
_REQUIREMENTS = [
    line.strip() for line in
    (_HERE / 'requirements.txt').read_text().splitlines()
    if line.strip() and not line.startswith('#')]

setuptools.setup(install_requires=_REQUIREMENTS)

"""Versions: the plugin's own, and the Latarnia release it installs by default (kept equal)."""

__version__ = "0.2.0"

# The `latarnia` distribution this plugin pins by default; tests/packaging checks that it is the
# version in the repository's setup.cfg.
LATARNIA_VERSION = "0.2.0"

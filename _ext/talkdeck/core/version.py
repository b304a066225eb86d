"""The extension's version: in the lowest layer, so the exports that name their generator and
`setup()` read it without importing the package root (which would close an import cycle)."""

__version__ = "0.1.0"

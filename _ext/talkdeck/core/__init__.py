"""The core: talks and events as data, with no Sphinx, docutils or MyST.

The model (frozen records), the schema (the one definition of valid front-matter), the
front-matter reader and writer, the entities derived from talks, and the cross-page checks.
The build, the command line and the importer all stand on it; it imports none of them.
"""

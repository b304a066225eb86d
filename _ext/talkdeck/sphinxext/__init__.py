"""The Sphinx side: the Domain that holds all build state, roles, directives, the read phase,
cards and listings filled at write time, navigation, generated pages and search.

Imports the core; never the command line, the importer or the exports.
"""

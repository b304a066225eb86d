"""Schedules from elsewhere (frab / pretalx JSON and XML) read into records and written as talk
pages. Imports only the core: no Sphinx, and nothing of the command line."""

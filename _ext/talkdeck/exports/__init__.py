"""The site's data leaving it: talks.json, schedules, calendars, the feed and the JSON Schema
files, each a function of the Domain's data to bytes (site.py), all written into the output
folder by one writer under one manifest (writer.py), which also completes the sitemap.
"""

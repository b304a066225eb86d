"""The site's data leaving it: talks.json, schedules, calendars, the feed, the sitemap and the
JSON Schema files, made from the Domain's data and written into the output folder.
"""

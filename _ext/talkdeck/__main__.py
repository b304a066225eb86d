"""`python -m talkdeck`: the contributor command line (see talkdeck.cli)."""

from __future__ import annotations

from .cli.main import main

raise SystemExit(main())

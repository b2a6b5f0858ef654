from __future__ import annotations

from framing_lint.cli import main

raise SystemExit(main())

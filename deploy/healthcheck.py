"""Container health check: GET /healthz on this process's own port. Standard library only (no curl in
the image). Exit 0 when healthy, 1 when not."""

from __future__ import annotations

import os
import sys
import urllib.request

FALSE = {"0", "false", "f", "no", "n", "off"}


def main() -> int:
    if os.environ.get("RUN_API", "true").strip().lower() in FALSE:
        return 0  # a process without the API role serves no HTTP; the container running is all we can check
    port = os.environ.get("HTTP_PORT", "8000")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
            return 0 if response.status == 200 else 1
    except Exception as exc:  # any failure to answer is "unhealthy", reported on stderr for `docker inspect`
        print(f"unhealthy: {exc!r}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

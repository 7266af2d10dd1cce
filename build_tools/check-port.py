#!/usr/bin/env python3
"""Before `make serve`: is the port free? If not, say so in Vietnamese and English and
suggest a free one, instead of MkDocs' long traceback after the whole setup has run.

Usage: check-port.py PORT [HOST]. Exits 0 when the port is free, 1 when it is busy or not
a port number. Uses the standard library only (it runs before the project is installed).
"""

from __future__ import annotations

import socket
import sys


def is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As MkDocs' own server does, so a port left in TIME_WAIT counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    raw = argv[1] if len(argv) > 1 else "8000"
    host = argv[2] if len(argv) > 2 else "127.0.0.1"
    try:
        port = int(raw)
        if not 1 <= port <= 65535:
            raise ValueError(raw)
    except ValueError:
        print(f'PORT="{raw}" không phải số cổng (1–65535). Ví dụ: make serve PORT=8001\n'
              f'PORT="{raw}" is not a port number (1–65535). For example: make serve PORT=8001',
              file=sys.stderr)
        return 1
    if is_free(host, port):
        return 0
    suggestion = next((p for p in range(port + 1, min(port + 50, 65536)) if is_free(host, p)),
                      port + 1)
    print(f"Cổng {port} đang bận. Hãy dùng: make serve PORT={suggestion}\n"
          f"Port {port} is busy. Try: make serve PORT={suggestion}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env bash
# Debian packages the site build needs, and with "test" also those the tests need:
# - chromium: browser tests (Playwright cannot download its own browser here, so it drives
#   Debian's);
# - poppler-utils: pdftotext, pdftoppm, pdfinfo and pdffonts, to read handouts back in tests;
# - libpango-1.0-0, libpangoft2-1.0-0: text layout for WeasyPrint, which makes the handouts.
set -euo pipefail
packages=()
if [ "${1:-}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
fi
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || packages+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || packages+=(libpangoft2-1.0-0)
[ ${#packages[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${packages[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"

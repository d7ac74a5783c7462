#!/usr/bin/env bash
# System libraries Qt needs: headless (--test), in a real X11 window (--gui: the xcb
# platform plugin's libraries), and with --xvfb a virtual screen for screenshots of a
# real window. Installs only what is missing; needs root for that.
set -euo pipefail
pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core)
gui=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
     libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0)
case "${1:-}" in
  --gui) pkgs+=("${gui[@]}") ;;
  --xvfb) pkgs+=("${gui[@]}" xvfb x11-utils imagemagick) ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "system-deps: missing ${missing[*]}; install them with your package manager" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null

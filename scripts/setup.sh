#!/usr/bin/env bash
# Idempotent setup for a fresh Debian/Ubuntu machine with Node.js:
#   1. system packages (libtorch, OpenBLAS, fonts for plots, Chromium for report tests, PyTorch for the reference benchmark);
#   2. npm ci (when node_modules is missing or older than package-lock.json);
#   3. the native addon (when missing or older than its sources).
# Each step is skipped when already done, so `npm test` and `npm run demo` can call it every time.
# Flags: --quiet (less output), --no-apt (skip system packages, e.g. when LIBTORCH is set).
set -euo pipefail
cd "$(dirname "$0")/.."

quiet=0; apt=1
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --no-apt) apt=0 ;;
    *) echo "setup: unknown flag $arg (expected --quiet or --no-apt)" >&2; exit 2 ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

# OpenCV: only the modules the local-feature addon links (SIFT lives in features2d since 4.4), not the
# libopencv-dev metapackage, which pulls in VTK and Qt; python3-opencv is the local-feature reference.
packages=(libtorch-dev libopenblas0-pthread fonts-dejavu-core chromium python3-torch python3-numpy
  libopencv-core-dev libopencv-imgproc-dev libopencv-features2d-dev libopencv-calib3d-dev python3-opencv)
if [ "$apt" = 1 ] && [ -z "${LIBTORCH:-}" ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
      sudo="sudo"
    fi
    echo "setup: installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "system packages present"
  fi
fi

# onnxruntime-node's install script would otherwise try to download CUDA libraries, which fails offline.
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "node_modules up to date"
fi

addon=native/build/Release/reid_native.node
if [ ! -f "$addon" ] || [ -n "$(find native/src native/binding.gyp scripts/find-libtorch.mjs -newer "$addon" 2>/dev/null | head -n 1)" ]; then
  echo "setup: building the native addon against $(node scripts/find-libtorch.mjs describe)"
  (cd native && npx --no-install node-gyp rebuild -j "$(nproc)" --loglevel=warn)
else
  say "native addon up to date"
fi

# The local-feature addon (OpenCV SIFT, matching, verification): separate, so it links only OpenCV.
features=native/features/build/Release/reid_features.node
if [ ! -f "$features" ] || [ -n "$(find native/features/src native/features/binding.gyp -newer "$features" 2>/dev/null | head -n 1)" ]; then
  echo "setup: building the local-feature addon against OpenCV"
  (cd native/features && npx --no-install node-gyp rebuild -j "$(nproc)" --loglevel=warn)
else
  say "local-feature addon up to date"
fi

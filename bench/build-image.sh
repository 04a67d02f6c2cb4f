#!/usr/bin/env bash
# Builds the benchmark images once (real Debian, real OCI layout): debootstrap bookworm into a
# root filesystem, then umoci packs it as an OCI layout `<dir>:base`, and `<dir>:x3`, the same
# image with two more layers holding copies of the root filesystem (three times the bytes).
# Needs root, debootstrap, umoci and Debian's mirror. Usage: bench/build-image.sh <work-dir>
set -euo pipefail
work="${1:?usage: build-image.sh <work-dir>}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
mkdir -p "$work"
cd "$work"
if [ ! -f rootfs/etc/debian_version ]; then
  rm -rf rootfs
  debootstrap --variant=minbase \
    --include=python3,perl,curl,git,openssh-client,ca-certificates,gnupg,less,procps \
    bookworm rootfs "$mirror" >debootstrap.log 2>&1
fi
if [ ! -f layout/index.json ]; then
  rm -rf layout bundle
  umoci init --layout layout
  umoci new --image layout:empty
  umoci unpack --image layout:empty bundle >/dev/null
  cp -a rootfs/. bundle/rootfs/
  umoci repack --image layout:base bundle
  rm -rf bundle
  umoci unpack --image layout:base bundle >/dev/null
  mkdir -p bundle/rootfs/opt/copy1
  cp -a rootfs/usr rootfs/etc rootfs/var bundle/rootfs/opt/copy1/
  umoci repack --image layout:x2 bundle
  rm -rf bundle
  umoci unpack --image layout:x2 bundle >/dev/null
  mkdir -p bundle/rootfs/opt/copy2
  cp -a rootfs/usr rootfs/etc rootfs/var bundle/rootfs/opt/copy2/
  umoci repack --image layout:x3 bundle
  rm -rf bundle
  umoci gc --layout layout
fi
echo "$work/layout"

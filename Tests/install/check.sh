#!/bin/sh
# Installs a CDendrite build into a fresh temporary prefix and builds the project in
# this folder against it twice - with CMake's find_package(CDendrite) and with
# pkg-config - then runs what it built. Any failure fails the test.
# Usage: check.sh <build dir> <C compiler> <cmake> <generator>
set -eu
build=$1 cc=$2 cmake=$3 generator=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cdendrite-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

"$cmake" --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/cdendrite.h"

echo "== find_package(CDendrite)"
"$cmake" -G "$generator" -S "$here" -B "$tmp/cmake" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
"$cmake" --build "$tmp/cmake" >/dev/null
"$tmp/cmake/use_shared"
"$tmp/cmake/use_static"
"$tmp/cmake/use_cxx"

echo "== pkg-config cdendrite"
pc=$(find "$prefix" -name cdendrite.pc | head -n 1)
libdir=$(dirname "$(dirname "$pc")")
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags --libs cdendrite)
echo "pkg-config: $flags"
"$cc" -o "$tmp/pc_c" "$here/main.c" $flags
c++ -o "$tmp/pc_cxx" "$here/main.cpp" $flags
LD_LIBRARY_PATH=$libdir "$tmp/pc_c"
LD_LIBRARY_PATH=$libdir "$tmp/pc_cxx"
echo "installed package: ok"

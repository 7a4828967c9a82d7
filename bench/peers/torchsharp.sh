#!/usr/bin/env bash
# Runs the TorchSharp peer (bench/peers/TorchSharpPeer) and prints its JSON line.
#
# What a user meets: TorchSharp-cpu 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13's libstdc++; the one
# symbol is std::ios_base_library_init), and Debian 12 ships GCC 12's libstdc++ (up to 3.4.30), so the first
# TorchSharp call fails with "version `GLIBCXX_3.4.32' not found (required by .../libLibTorchSharp.so)".
# Debian 13's libstdc++6 has it but needs glibc 2.38, and Debian 12 has 2.36. Without touching the system, this
# script fetches Debian 13's libc6, libstdc++6 and libgcc-s1 packages once into ~/.backprop/peers/trixie, and runs
# a copy of the dotnet host whose ELF interpreter is Debian 13's loader (patchelf), with those libraries first on
# the library path of this one process. Needs apt-get (with the machine's own Debian mirror, read from its apt
# sources) and patchelf.
#
# With glibc's default malloc arenas, libtorch's worker threads grew the working set by about 3 GB per epoch here
# (9.4 GB after 3 epochs); MALLOC_ARENA_MAX=1 keeps it under 1 GB and also made epochs faster, so the peer runs with it.
# Usage: bench/peers/torchsharp.sh [mlp|convnet] [--threads N] [--epochs 5] [--data DIR] [--seed 1]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="$HOME/.backprop/peers"
trixie="$peers/trixie"
host="$peers/dotnet-trixie"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
if [ ! -e "$trixie/usr/lib/x86_64-linux-gnu/libstdc++.so.6" ]; then
  work="$(mktemp -d)"
  mkdir -p "$work/lists/partial" "$trixie"
  # The Debian mirror this machine's apt already uses (deb822 "URIs:" or one-line "deb" entries), for trixie.
  # grep exits 2 for a glob that matched no file (no *.list here), which pipefail would turn into an exit.
  mirror="$({ grep -rhsE '^(URIs:|deb) ' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list || true; } \
    | grep -oE '[a-z]+://[^ ]*/debian/?( |$)' | head -1 | tr -d ' ')"
  [ -n "$mirror" ] || { echo "torchsharp.sh: no Debian mirror found in /etc/apt/sources.list(.d)" >&2; exit 1; }
  echo "deb ${mirror%/} trixie main" > "$work/sources.list"
  opts=(-o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$work/lists" -o Debug::NoLocking=1)
  apt-get "${opts[@]}" update -qq >&2
  (cd "$work" && apt-get "${opts[@]}" download libc6 libstdc++6 libgcc-s1 >&2 2>/dev/null)
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$trixie"; done
  rm -rf "$work"
fi
if [ ! -x "$host/dotnet" ]; then
  # The host finds the runtime beside its own (resolved) path, so the copy sits among links to the real folders.
  mkdir -p "$host"
  for entry in "$dotnet_root"/*; do [ "$(basename "$entry")" = dotnet ] || ln -sfn "$entry" "$host/"; done
  cp "$dotnet_root/dotnet" "$host/dotnet"
  patchelf --set-interpreter "$trixie/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$host/dotnet"
fi
dotnet build "$here/TorchSharpPeer" -c Release -v quiet >&2
exec env MALLOC_ARENA_MAX=1 LD_LIBRARY_PATH="$trixie/usr/lib/x86_64-linux-gnu" DOTNET_ROOT="$host" \
  "$host/dotnet" "$here/TorchSharpPeer/bin/Release/net10.0/TorchSharpPeer.dll" "$@"

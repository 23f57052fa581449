#!/bin/sh
# Starts the tsdl kernel. argv: NODE CLI kernel --config-path FILE (what kernel.json runs).
# It uses the startup snapshot only when its stamp matches the node binary, the files the snapshot was
# built from and the blob itself (node crashes on a truncated blob or one built by another node), and
# NODE_OPTIONS is empty (node refuses a snapshot built with other V8 flags); otherwise it starts the
# plain way. See kernel/startupSnapshot.ts. exec keeps this process id, so
# Jupyter's interrupt (SIGINT) and kill reach node itself.
# The tools below come from coreutils: find them even when the user's PATH leaves them out (a class
# server's student may have any PATH; node and this script are named by absolute paths in kernel.json).
PATH=${PATH:+$PATH:}/usr/bin:/bin
export PATH
node=$1
shift
dir=$(cd "$(dirname "$0")/../dist/startup" 2>/dev/null && pwd -P)
stamp=$dir/startup.stamp
use=no
if [ -z "$NODE_OPTIONS" ] && [ -n "$dir" ] && [ -f "$stamp" ] &&
  [ "$(head -n 1 "$stamp")" = "$(stat -L -c '%s %Y %n' "$node" 2>/dev/null)" ] &&
  [ "$(tail -n 1 "$stamp")" = "$(stat -L -c '%s %Y %n' "$dir/startup.blob" 2>/dev/null)" ]; then
  use=yes
  while read -r size mtime file; do
    [ "$(stat -L -c '%s %Y' "$file" 2>/dev/null)" = "$size $mtime" ] || use=no
  done <"$stamp"
fi
if [ "$use" = yes ]; then
  TSDL_STARTUP=snapshot exec "$node" --snapshot-blob "$dir/startup.blob" "$@"
fi
exec "$node" "$@"

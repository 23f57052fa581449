#!/bin/sh
# Starts the tsdl kernel. argv: NODE CLI kernel --config-path FILE (what kernel.json runs).
# It uses the startup snapshot only when its stamp matches the node binary, the files the snapshot was
# built from and the blob itself (node crashes on a truncated blob or one built by another node), and
# NODE_OPTIONS is empty (node refuses a snapshot built with other V8 flags), and TSDL_SNAPSHOT is not
# "off" (the snapshot's kernel starts faster but stays ~45-75 MiB larger; README, "Memory"); otherwise it
# starts the plain way. See kernel/startupSnapshot.ts. exec keeps this process id, so
# Jupyter's interrupt (SIGINT) and kill reach node itself.
# The tools below come from coreutils: find them even when the user's PATH leaves them out (a class
# server's student may have any PATH; node and this script are named by absolute paths in kernel.json).
PATH=${PATH:+$PATH:}/usr/bin:/bin
export PATH
# V8 flags of every kernel. The snapshot is built with the same ones (startupSnapshot.ts reads this line),
# since node refuses a snapshot built with other flags. A young generation of 4 MiB semi-spaces (V8's
# default grows to 16) keeps ~17 MiB less resident in every kernel; 2 MiB made tensor cells slower.
V8_FLAGS="--max-semi-space-size=4"
# glibc gives each thread that allocates (libzmq's, the backend's workers) an arena of its own, which keeps
# freed memory resident: two arenas hold a kernel's RSS ~25 MiB lower, idle or after a fit.
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
export MALLOC_ARENA_MAX
# glibc serves a request of 128 KiB or more with its own mapping only until the first such one is freed;
# then it raises that threshold (up to 32 MiB), and later large buffers come from the arenas, which keep
# them resident once freed. A fixed threshold gives them back: ~7 MiB less after chapter 4.
MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-131072}
export MALLOC_MMAP_THRESHOLD_
node=$1
shift
dir=$(cd "$(dirname "$0")/../dist/startup" 2>/dev/null && pwd -P)
stamp=$dir/startup.stamp
use=no
if [ "$TSDL_SNAPSHOT" != off ] && [ -z "$NODE_OPTIONS" ] && [ -n "$dir" ] && [ -f "$stamp" ] &&
  [ "$(head -n 1 "$stamp")" = "$(stat -L -c '%s %Y %n' "$node" 2>/dev/null)" ] &&
  [ "$(tail -n 1 "$stamp")" = "$(stat -L -c '%s %Y %n' "$dir/startup.blob" 2>/dev/null)" ]; then
  use=yes
  while read -r size mtime file; do
    [ "$(stat -L -c '%s %Y' "$file" 2>/dev/null)" = "$size $mtime" ] || use=no
  done <"$stamp"
fi
if [ "$use" = yes ]; then
  TSDL_STARTUP=snapshot exec "$node" $V8_FLAGS --snapshot-blob "$dir/startup.blob" "$@"
fi
exec "$node" $V8_FLAGS "$@"

#!/usr/bin/env bash
# Stop the cluster up.sh started under $SLURM_BASE: cancel its jobs (stopping slurmd leaves
# running jobs behind), then stop slurmd, slurmctld and munged. A pid is signalled only if it
# is still that daemon (pids get reused).
set -uo pipefail
B=${SLURM_BASE:?set SLURM_BASE to the folder up.sh used}
export SLURM_CONF=$B/etc/slurm.conf

alive() {
  local pid=$1 name=$2
  [ -n "$pid" ] && [ -e "/proc/$pid/exe" ] && [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == *"$name"* ]] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null
}

ctld=$(cat "$B/run/slurmctld.pid" 2>/dev/null || true)
if alive "$ctld" slurmctld && [ -f "$SLURM_CONF" ]; then
  scancel --quiet --full --user="$(id -un)" >/dev/null 2>&1 || true
  for _ in $(seq 1 25); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
fi
for daemon in slurmd slurmctld munged; do
  pid=$(cat "$B/run/$daemon.pid" 2>/dev/null || true)
  if alive "$pid" "$daemon"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pid" "$daemon" || break; sleep 0.1; done
    alive "$pid" "$daemon" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$B/run/$daemon.pid"
done
rm -f "$B/munge/munge.socket.2" "$B/munge/munge.socket.2.lock"
echo "slurm down: stopped"

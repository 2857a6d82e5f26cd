#!/usr/bin/env bash
# Start a throwaway single-node SLURM cluster (munged, slurmctld, slurmd) as plain background
# daemons: no systemd, no cgroups, no accounting. For tests and trying the array script; a real
# cluster needs none of this. Everything lives under $SLURM_BASE; source $SLURM_BASE/env.sh to
# point sbatch and squeue at it, and stop it with down.sh (same SLURM_BASE).
#
# Debian 12's slurm-wlm 22.05 and munge 0.5.15:
#   apt-get install --no-install-recommends slurm-wlm munge
set -euo pipefail
B=${SLURM_BASE:?set SLURM_BASE to a scratch folder for the cluster}
CTLD_PORT=${SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${SLURM_SLURMD_PORT:-6818}
here=$(cd "$(dirname "$0")" && pwd)

for cmd in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    echo "slurm up: $cmd not found; install Debian's SLURM: apt-get install --no-install-recommends slurm-wlm munge" >&2
    exit 1
  fi
done

# Anything left from an earlier start (a stale munge socket stops munged) goes first.
SLURM_BASE=$B "$here/down.sh" >/dev/null 2>&1 || true
rm -rf "$B/state" "$B/run" "$B/munge"
mkdir -p "$B/etc" "$B/munge" "$B/state/ctld" "$B/state/slurmd" "$B/run" "$B/log"
for log in "$B"/log/*.log; do
  if [ -e "$log" ]; then mv "$log" "$log.prev"; fi
done
# munged insists: the socket folder (and every folder above it) searchable by all, the key
# private to root.
chmod 711 "$B" "$B/munge"
mungekey --create --keyfile="$B/munge/munge.key" 2>/dev/null || dd if=/dev/urandom bs=1024 count=1 of="$B/munge/munge.key" 2>/dev/null
chmod 600 "$B/munge/munge.key"

host=$(hostname -s)
# slurmd -C reads SLURM_CONF if it is set; ours does not exist yet.
unset SLURM_CONF
# The node line from the hardware itself (a larger CPU or memory figure drains the node), with
# memory set to half the machine's, at most 4 GB, and the address given so no name lookup is needed.
node_line=$(slurmd -C | head -n 1 | sed -E "s/^NodeName=[^ ]+/NodeName=$host NodeAddr=127.0.0.1/")
memory=$(echo "$node_line" | sed -nE 's/.*RealMemory=([0-9]+).*/\1/p')
memory=$(( memory / 2 )); [ "$memory" -gt 4096 ] && memory=4096
node_line=$(echo "$node_line" | sed -E "s/RealMemory=[0-9]+/RealMemory=$memory/")

cat > "$B/etc/slurm.conf" <<CONF
# Written by ccsim's scripts/slurm/up.sh: a single-node throwaway cluster.
ClusterName=ccsim-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$B/munge/munge.socket.2
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$B/state/ctld
SlurmdSpoolDir=$B/state/slurmd
SlurmctldPidFile=$B/run/slurmctld.pid
SlurmdPidFile=$B/run/slurmd.pid
SlurmctldLogFile=$B/log/slurmctld.log
SlurmdLogFile=$B/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=${SLURM_SCHED_PARAMS:-batch_sched_delay=0,sched_min_interval=0}
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
$node_line State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
echo "export SLURM_CONF=$B/etc/slurm.conf" > "$B/env.sh"
export SLURM_CONF=$B/etc/slurm.conf

failed() {
  echo "slurm up: $1 did not start:" >&2
  tail -n 20 "$B/log/start.log" "$B/log/$1.log" 2>/dev/null >&2 || true
  SLURM_BASE=$B "$here/down.sh" >/dev/null 2>&1 || true
  exit 1
}

# The daemons fork into the background themselves; nothing may hold this script's pipes open.
munged --key-file="$B/munge/munge.key" --socket="$B/munge/munge.socket.2" --pid-file="$B/run/munged.pid" \
  --log-file="$B/log/munged.log" --seed-file="$B/munge/munged.seed" --origin=127.0.0.1 </dev/null >>"$B/log/start.log" 2>&1 || failed munged
slurmctld -f "$SLURM_CONF" </dev/null >>"$B/log/start.log" 2>&1 || failed slurmctld
slurmd -f "$SLURM_CONF" -N "$host" </dev/null >>"$B/log/start.log" 2>&1 || failed slurmd

for _ in $(seq 1 100); do
  if [ "$(sinfo -h -o %T 2>/dev/null | head -n 1)" = "idle" ]; then
    echo "slurm up: node $host idle; munged=$(cat "$B/run/munged.pid") slurmctld=$(cat "$B/run/slurmctld.pid") slurmd=$(cat "$B/run/slurmd.pid")"
    exit 0
  fi
  sleep 0.2
done
echo "slurm up: the node did not become idle within 20 s. Logs:" >&2
tail -n 20 "$B"/log/*.log >&2 || true
SLURM_BASE=$B "$here/down.sh" >/dev/null 2>&1 || true
exit 1

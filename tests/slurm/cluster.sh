#!/usr/bin/env bash
# A one-node Slurm cluster on loopback for the integration test, with no systemd: munged, slurmctld and slurmd run
# from a generated config in a folder of their own, on non-default ports, and are stopped by the PIDs recorded here.
#   cluster.sh start DIR   → prints "export SLURM_CONF=DIR/slurm.conf"; exit 0 when the node is idle
#   cluster.sh stop DIR    → stops every daemon this script started in DIR
# Needs root and Debian's slurmctld slurmd slurm-client munge (.ci/run installs them).
set -euo pipefail
cmd="${1:?usage: cluster.sh start|stop DIR}"
dir="$(mkdir -p "${2:?usage: cluster.sh start|stop DIR}" && cd "$2" && pwd)"

stop() {
  for name in slurmd slurmctld munged; do
    if [ -f "$dir/$name.pid.started" ]; then
      pid="$(cat "$dir/$name.pid.started")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$dir/$name.pid.started"
    fi
  done
}

if [ "$cmd" = stop ]; then stop; exit 0; fi
[ "$cmd" = start ] || { echo "unknown command $cmd; allowed: start, stop" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (slurmd runs jobs as their users)" >&2; exit 3; }
for tool in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 3; }
done

node="$(hostname -s)"
# Twice the cores: most array tasks are short and spend much of their time starting a process, so two per core overlap well.
cpus="$(( $(nproc) * 2 ))"
mem="$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))"
base="${GROKUNLEARN_SLURM_PORT:-16817}"
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
chmod 700 "$dir/munge"
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1 count=1024 status=none
chmod 400 "$dir/munge/munge.key"

munged --foreground --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" \
  < /dev/null > "$dir/munged.out" 2>&1 &
echo $! > "$dir/munged.pid.started"

cat > "$dir/slurm.conf" <<CONF
ClusterName=grokunlearn
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
MinJobAge=3600
SlurmdParameters=config_overrides
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"

# Daemons get no stdout of ours, so a caller reading this script's output ($(...)) is not held open by them.
slurmctld -D -i -f "$SLURM_CONF" < /dev/null > "$dir/slurmctld.out" 2>&1 &
echo $! > "$dir/slurmctld.pid.started"
slurmd -D -f "$SLURM_CONF" -N "$node" < /dev/null > "$dir/slurmd.out" 2>&1 &
echo $! > "$dir/slurmd.pid.started"

for _ in $(seq 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^idle'; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "the node did not become idle within 30 s; logs in $dir" >&2
tail -5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
stop
exit 4

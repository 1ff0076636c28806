#!/usr/bin/env bash
# bench/run.sh — Pagewire next to tgt (tgtd), same client, same RAM-backed data, same machine.
#
#   bash bench/run.sh                     # as root; 5-9 minutes on 2 cores
#   ROUNDS=3 TRANSPORTS=epoll bash bench/run.sh
#   SCALE=0.1 ROUNDS=1 MIN_ROUNDS=1 bash bench/run.sh     # a quick smoke run
#
# What it does (bench/README.md has the why):
#   1. installs tgt, iperf3, qemu-utils, qemu-block-extra when missing; builds the jar when missing;
#   2. makes 1 GiB of random data in /dev/shm and gives every target its own 1 GiB /dev/shm file:
#      tgtd (one process, one target per parameter variant, the disk is LUN 1) and one Pagewire JVM
#      per transport (file backend, LUN 0); each file is filled through its target's front door with
#      `qemu-img convert -n` over iscsi:// and then compared byte for byte with the source;
#   3. measures the loopback ceiling (one TCP stream, iperf3 on 127.0.0.1) before and after;
#   4. runs `qemu-img bench` over libiscsi against every target, interleaved (each test runs on every
#      target back to back, the target order rotating each round), for ROUNDS rounds after one
#      unrecorded warm-up pass, sampling utime+stime of the target process (/proc/PID/stat), the
#      client's CPU time, the machine's CPU time (/proc/stat) and the target's VmRSS around each run;
#   5. stops everything (tgtd: targets deleted first, then the system; Pagewire: SIGTERM) and prints
#      a markdown report: medians [min–max], Pagewire/tgt speed ratios, % of the loopback ceiling,
#      CPU seconds per GiB moved, RSS. Everything lands in bench/results/<UTC stamp>/.
#
# Knobs (environment): ROUNDS (5), MIN_ROUNDS (3), BUDGET seconds after which no new round starts
# once MIN_ROUNDS are done (1380), TRANSPORTS ("epoll nio"), TGT_VARIANTS ("matched default"),
# SCALE (1: multiplies every request count), WARMUP (1), RUN_TIMEOUT per qemu-img call (150),
# PW_PORT (3260; further transports get 3262, 3263, ...), TGT_PORT (3261), TGT_CTL (7: tgtd's
# control port, so a system tgtd is left alone), IPERF_PORT (5201), IPERF_SECONDS (5),
# PW_JAVA_OPTS (passed as PAGEWIRE_JAVA_OPTS), KEEP_FILES (0: remove the /dev/shm files).
set -euo pipefail

ROUNDS=${ROUNDS:-5}
MIN_ROUNDS=${MIN_ROUNDS:-3}
BUDGET=${BUDGET:-1380}
TRANSPORTS=${TRANSPORTS:-"io_uring epoll nio"}
TGT_VARIANTS=${TGT_VARIANTS:-"matched default"}
SCALE=${SCALE:-1}
WARMUP=${WARMUP:-1}
RUN_TIMEOUT=${RUN_TIMEOUT:-150}
PW_PORT=${PW_PORT:-3260}
TGT_PORT=${TGT_PORT:-3261}
TGT_CTL=${TGT_CTL:-7}
IPERF_PORT=${IPERF_PORT:-5201}
IPERF_SECONDS=${IPERF_SECONDS:-5}
PW_JAVA_OPTS=${PW_JAVA_OPTS:-}
KEEP_FILES=${KEEP_FILES:-0}

LUN_BYTES=1073741824
SHM=/dev/shm/pagewire-bench
PW_IQN=iqn.2026-11.io.pagewire:bench
TGT_IQN_PREFIX=iqn.2026-11.io.pagewire:tgt-
# The parameters Pagewire negotiates with qemu's libiscsi by default (its login line shows them);
# TGT_VARIANTS=matched gives tgt the same, TGT_VARIANTS=default leaves tgt's own defaults
# (MaxRecvDataSegmentLength=8192, MaxXmitDataSegmentLength=8192, InitialR2T=Yes).
TGT_MATCHED_PARAMS="MaxRecvDataSegmentLength=262144 MaxXmitDataSegmentLength=262144 InitialR2T=No FirstBurstLength=65536 MaxBurstLength=262144 ImmediateData=Yes"

# name|description|w for write|request bytes|step bytes|queue depth|requests|metric
TESTS=(
  "read128k|128 KiB sequential read, QD32|r|131072|131072|32|24576|GBps"
  "write128k|128 KiB sequential write, QD32|w|131072|131072|32|16384|GBps"
  "read4k|4 KiB strided read, QD32, -S 12288|r|4096|12288|32|131072|IOPS"
  "write4k|4 KiB strided write, QD32, -S 12288|w|4096|12288|32|131072|IOPS"
  "lat4k|4 KiB read, QD1 (latency)|r|4096|4096|1|20000|lat"
)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command_line="$(printf '%q ' "$0" "$@")"
settings="ROUNDS=$ROUNDS MIN_ROUNDS=$MIN_ROUNDS BUDGET=$BUDGET TRANSPORTS=\"$TRANSPORTS\" TGT_VARIANTS=\"$TGT_VARIANTS\" SCALE=$SCALE WARMUP=$WARMUP"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$root/bench/results/$stamp"
mkdir -p "$out"
raw="$out/raw.tsv"
report="$out/report.md"
notes="$out/notes.txt"
start_s=$SECONDS
clk=$(getconf CLK_TCK)
ncpu=$(nproc)

exec 3>&2   # progress goes to the original stderr, also from a trap that fires inside a redirection
log() { printf '[%s +%4ds] %s\n' "$(date -u +%H:%M:%S)" "$((SECONDS - start_s))" "$*" >&3; }
note() { printf '%s\n' "$*" >>"$notes"; log "$*"; }
die() { log "FATAL: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (installs packages, starts tgtd)"

# ---------------------------------------------------------------- what it needs
need=()
command -v tgtd >/dev/null || need+=(tgt)
command -v iperf3 >/dev/null || need+=(iperf3)
command -v qemu-img >/dev/null || need+=(qemu-utils)
ls /usr/lib/*/qemu/block-iscsi.so >/dev/null 2>&1 || need+=(qemu-block-extra)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >"$out/apt.log" 2>&1 \
    || die "apt-get install ${need[*]} failed (see $out/apt.log)"
fi
jar="$root/actors/target/pagewire.jar"
if [ ! -f "$jar" ]; then
  log "building $jar"
  (cd "$root" && mvn -B -ntp -q -DskipTests package) >"$out/build.log" 2>&1 || die "build failed (see $out/build.log)"
fi

port_free() { [ "$(ss -Hltn "sport = :$1" | wc -l)" -eq 0 ]; }

# ---------------------------------------------------------------- targets
targets=()                 # names in run order, e.g. tgt tgt-default pw-epoll pw-nio
declare -A url pid label   # per target
pw_pids=()
tgtd_pid=""
iperf_pid=""
tgt_tids=()

tgtadm_() { tgtadm -C "$TGT_CTL" "$@"; }

start_tgtd() {
  port_free "$TGT_PORT" || die "port $TGT_PORT is in use"
  log "starting tgtd on 127.0.0.1:$TGT_PORT (control port $TGT_CTL)"
  tgtd -f -C "$TGT_CTL" --iscsi "portal=127.0.0.1:$TGT_PORT" >"$out/tgtd.log" 2>&1 3>&- &
  tgtd_pid=$!
  local i
  for i in $(seq 50); do
    if ! port_free "$TGT_PORT"; then break; fi
    kill -0 "$tgtd_pid" 2>/dev/null || die "tgtd exited at start (see $out/tgtd.log)"
    sleep 0.1
    [ "$i" -lt 50 ] || die "tgtd is not listening on $TGT_PORT"
  done
  local tid=0 variant name kv
  for variant in $TGT_VARIANTS; do
    tid=$((tid + 1))
    case $variant in
      matched) name=tgt ;;
      default) name=tgt-default ;;
      *) die "TGT_VARIANTS: unknown variant $variant (matched, default)" ;;
    esac
    truncate -s "$LUN_BYTES" "$SHM-$name.img"
    tgtadm_ --lld iscsi --op new --mode target --tid "$tid" -T "$TGT_IQN_PREFIX$variant"
    tgt_tids+=("$tid")
    tgtadm_ --lld iscsi --op new --mode logicalunit --tid "$tid" --lun 1 -b "$SHM-$name.img"
    tgtadm_ --lld iscsi --op bind --mode target --tid "$tid" -I ALL
    if [ "$variant" = matched ]; then
      for kv in $TGT_MATCHED_PARAMS; do
        tgtadm_ --lld iscsi --op update --mode target --tid "$tid" --name "${kv%%=*}" --value "${kv#*=}"
      done
    fi
    { echo "== tgt target $tid ($variant)"; tgtadm_ --lld iscsi --op show --mode target --tid "$tid"; } >>"$out/tgt-params.txt"
    targets+=("$name")
    url[$name]="iscsi://127.0.0.1:$TGT_PORT/$TGT_IQN_PREFIX$variant/1"
    pid[$name]=$tgtd_pid
    if [ "$variant" = matched ]; then label[$name]="tgt"; else label[$name]="tgt ($variant params)"; fi
  done
}

start_pagewire() { # transport port
  local transport=$1 port=$2 name="pw-$1" conf="$out/pagewire-$1.conf" p i
  port_free "$port" || die "port $port is in use"
  truncate -s "$LUN_BYTES" "$SHM-$name.img"
  cat >"$conf" <<EOF
pagewire {
  portals = [ "127.0.0.1:$port" ]
  transport = $transport
  targets = [ {
    iqn = "$PW_IQN"
    luns = [ { lun = 0, backend = file, path = "$SHM-$name.img", size = 1GiB } ]
  } ]
}
EOF
  log "starting Pagewire ($transport) on 127.0.0.1:$port"
  PAGEWIRE_JAVA_OPTS="$PW_JAVA_OPTS" "$root/bin/pagewire" --config "$conf" >"$out/$name.log" 2>&1 3>&- &
  p=$!
  pw_pids+=("$p")
  for i in $(seq 600); do
    grep -q 'Pagewire ready' "$out/$name.log" && break
    kill -0 "$p" 2>/dev/null || die "Pagewire ($transport) exited at start: $(tail -5 "$out/$name.log")"
    sleep 0.1
    [ "$i" -lt 600 ] || die "Pagewire ($transport) not ready after 60 s"
  done
  grep -q "transport $transport" "$out/$name.log" \
    || note "WARNING: Pagewire ($transport) log does not confirm the transport: $(grep -m1 'transport' "$out/$name.log")"
  targets+=("$name")
  url[$name]="iscsi://127.0.0.1:$port/$PW_IQN/0"
  pid[$name]=$p
  label[$name]="Pagewire $transport"
}

stop_all() {
  local p i
  if [ -n "$iperf_pid" ] && kill -0 "$iperf_pid" 2>/dev/null; then kill "$iperf_pid" 2>/dev/null || true; fi
  iperf_pid=""
  for p in "${pw_pids[@]}"; do
    kill -0 "$p" 2>/dev/null || continue
    kill -TERM "$p" 2>/dev/null || true
    for i in $(seq 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then
      note "Pagewire pid $p still running 30 s after SIGTERM: SIGKILL"
      kill -KILL "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || note "Pagewire pid $p exit status $?"
  done
  pw_pids=()
  if [ -n "$tgtd_pid" ]; then
    # tgtd ignores SIGTERM while it has targets: delete them, then the system.
    for i in "${tgt_tids[@]}"; do
      tgtadm_ --lld iscsi --op delete --mode target --tid "$i" --force 2>>"$notes" || true
    done
    tgtadm_ --op delete --mode system 2>>"$notes" || true
    for i in $(seq 100); do kill -0 "$tgtd_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$tgtd_pid" 2>/dev/null; then
      note "tgtd pid $tgtd_pid still running 10 s after 'tgtadm --op delete --mode system': SIGKILL"
      kill -KILL "$tgtd_pid" 2>/dev/null || true
    else
      note "tgtd pid $tgtd_pid exited after its targets and the system were deleted"
    fi
    wait "$tgtd_pid" 2>/dev/null || true
    tgtd_pid=""
  fi
  [ "$KEEP_FILES" = 1 ] || rm -f "$SHM"-*.img
  rm -f "$out/.time" "$out/.output"
}
trap 'stop_all' EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- measurements
proc_cpu() { # utime+stime of a whole process (all threads), in clock ticks
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }
  local -a fields
  read -r -a fields <<<"$s"
  echo $((fields[11] + fields[12]))
}
proc_rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
proc_hwm() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
sys_cpu() { # busy and steal ticks of the whole machine
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $9}' /proc/stat
}

loopback() { # prints Gbit/s of one TCP stream over 127.0.0.1
  port_free "$IPERF_PORT" || { echo 0; return; }
  iperf3 -s -1 -B 127.0.0.1 -p "$IPERF_PORT" >>"$out/iperf3-server.log" 2>&1 3>&- &
  iperf_pid=$!
  local i
  for i in $(seq 50); do port_free "$IPERF_PORT" || break; sleep 0.1; done
  timeout $((IPERF_SECONDS + 20)) iperf3 -c 127.0.0.1 -p "$IPERF_PORT" -t "$IPERF_SECONDS" -f m >>"$out/iperf3.log" 2>&1 || true
  wait "$iperf_pid" 2>/dev/null || true
  iperf_pid=""
  awk '/receiver/ {for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") v = $(i - 1)} END {printf "%.2f\n", v / 1000}' "$out/iperf3.log" | tail -1
}

median_min_max() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) {print "nan nan nan"; exit}
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR]}'; }

printf 'round\ttest\ttarget\trequests\tbytes\tseconds\ttarget_cpu_ticks\tclient_user_s\tclient_sys_s\trss_kb\twall_s\tother_cpu_pct\tsteal_pct\tstatus\n' >"$raw"

run_one() { # round target test-spec count-divisor
  local round=$1 t=$2 spec=$3 div=${4:-1}
  local name desc rw size step depth count metric
  IFS='|' read -r name desc rw size step depth count metric <<<"$spec"
  count=$(awk -v c="$count" -v s="$SCALE" -v d="$div" 'BEGIN {n = int(c * s / d); if (n < 32) n = 32; print n}')
  local -a args=(bench -f raw -t none -c "$count" -d "$depth" -s "$size" -S "$step")
  if [ "$rw" = w ]; then args+=(-w --pattern=165); fi
  local p=${pid[$t]} c0 c1 s0 s1 w0 w1 rc=0 secs status=ok tf of
  tf="$out/.time" of="$out/.output"
  c0=$(proc_cpu "$p"); read -r s0 st0 < <(sys_cpu); w0=$(date +%s%N)
  local TIMEFORMAT='%3U %3S'
  { time timeout "$RUN_TIMEOUT" qemu-img "${args[@]}" "${url[$t]}" >"$of" 2>&1; } 2>"$tf" || rc=$?
  w1=$(date +%s%N); read -r s1 st1 < <(sys_cpu); c1=$(proc_cpu "$p")
  secs=$(sed -n 's/^Run completed in \([0-9.]*\) seconds\.$/\1/p' "$of")
  local cu cs
  read -r cu cs <"$tf" || { cu=0; cs=0; }
  if [ "$rc" -ne 0 ] || [ -z "$secs" ]; then
    status="FAIL(rc=$rc)"; secs=0
    {
      echo "== round $round $t $name: qemu-img ${args[*]} ${url[$t]} -> exit $rc at $(date -u +%T)"
      cat "$of"
      if [ "${t#pw-}" != "$t" ]; then echo "-- last lines of $t.log:"; tail -40 "$out/$t.log"; fi
    } >>"$out/failures.log"
    log "FAIL: round $round $t $name (exit $rc; see failures.log)"
  fi
  { echo "== round $round $t $name"; cat "$of"; } >>"$out/qemu-img.log"
  rm -f "$tf" "$of"
  local wall other steal
  wall=$(awk -v a="$w0" -v b="$w1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
  other=$(awk -v s="$((s1 - s0))" -v c="$((c1 - c0))" -v u="$cu" -v y="$cs" -v w="$wall" -v k="$clk" -v n="$ncpu" \
    'BEGIN {o = s - c - (u + y) * k; if (o < 0) o = 0; printf "%.1f", 100 * o / (w * k * n)}')
  steal=$(awk -v s="$((st1 - st0))" -v w="$wall" -v k="$clk" -v n="$ncpu" 'BEGIN {printf "%.1f", 100 * s / (w * k * n)}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$t" "$count" "$size" "$secs" \
    "$((c1 - c0))" "$cu" "$cs" "$(proc_rss "$p")" "$wall" "$other" "$steal" "$status" >>"$raw"
  log "round $round  $(printf '%-10s %-12s' "$name" "$t") ${secs}s"
}

fill() { # target: the same random data through the target's own front door, then verified
  local t=$1 f="$SHM-$1.img" t0 secs
  t0=$(date +%s%N)
  if ! timeout 300 qemu-img convert -n -f raw -O raw -t none "$SHM-source.img" "${url[$t]}" >>"$out/fill.log" 2>&1; then
    die "filling $t through ${url[$t]} failed (see $out/fill.log, $out/$t.log)"
  fi
  secs=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
  if cmp -s "$SHM-source.img" "$f"; then
    note "fill $t: 1 GiB through ${url[$t]} in ${secs} s; backing file identical to the source"
  else
    die "fill $t: backing file $f differs from the source after qemu-img convert"
  fi
}

# ---------------------------------------------------------------- run
rm -f "$SHM"-*.img
log "results in $out"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), kernel $(uname -r), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
  echo "command: $settings $command_line"
  echo "pagewire: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (modified)'), $(java -version 2>&1 | head -1)${PW_JAVA_OPTS:+, PAGEWIRE_JAVA_OPTS=$PW_JAVA_OPTS}"
  echo "tgt: $(tgtd --version 2>&1 | head -1 | sed 's/.*version //'); qemu-img: $(qemu-img --version | head -1 | sed 's/.*version //'); iperf3: $(iperf3 --version | head -1 | awk '{print $2}')"
} >"$out/header.txt"
cat "$out/header.txt" >&2

loops=()
measure_loopback() { local v; v=$(loopback); loops+=("$v"); log "loopback (1 TCP stream): $v Gbit/s"; }
measure_loopback

start_tgtd
i=0
for tr in $TRANSPORTS; do
  port=$PW_PORT
  if [ "$i" -gt 0 ]; then port=$((TGT_PORT + i)); fi
  start_pagewire "$tr" "$port"
  i=$((i + 1))
done

log "random source: 1 GiB from /dev/urandom"
head -c "$LUN_BYTES" /dev/urandom >"$SHM-source.img"
for t in "${targets[@]}"; do fill "$t"; done
rm -f "$SHM-source.img"
for t in "${targets[@]}"; do
  case $t in pw-*) grep -m1 'login:' "$out/$t.log" >>"$out/pagewire-login.txt" || true ;; esac
done

ntargets=${#targets[@]}
if [ "$WARMUP" = 1 ]; then
  log "warm-up pass (a quarter of each count, not recorded in the medians)"
  for spec in "${TESTS[@]}"; do
    for t in "${targets[@]}"; do run_one 0 "$t" "$spec" 4; done
  done
fi

done_rounds=0
for round in $(seq "$ROUNDS"); do
  r0=$SECONDS
  for spec in "${TESTS[@]}"; do
    for k in $(seq 0 $((ntargets - 1))); do
      t=${targets[$(((k + round - 1) % ntargets))]}
      if kill -0 "${pid[$t]}" 2>/dev/null; then
        run_one "$round" "$t" "$spec"
      else
        log "skip: $t is not running"
        printf '%s\t%s\t%s\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\tDEAD\n' "$round" "${spec%%|*}" "$t" >>"$raw"
      fi
    done
  done
  done_rounds=$round
  took=$((SECONDS - r0))
  log "round $round done in ${took} s"
  measure_loopback
  if [ "$round" -ge "$MIN_ROUNDS" ] && [ $((SECONDS - start_s + took)) -gt "$BUDGET" ] && [ "$round" -lt "$ROUNDS" ]; then
    note "stopping after $round rounds: another would pass the ${BUDGET} s budget"
    break
  fi
done

declare -A rss_end hwm_end
for t in "${targets[@]}"; do
  rss_end[$t]=$(proc_rss "${pid[$t]}")
  hwm_end[$t]=$(proc_hwm "${pid[$t]}")
done
stop_all
for t in "${targets[@]}"; do
  case $t in
    pw-*)
      grep -h 'PagePool at stop' "$out/$t.log" | sed "s/^/$t: /" >>"$out/pagepool.txt" || true
      n=$(grep -c -E ' (WARN|ERROR) ' "$out/$t.log" || true)
      [ "$n" -eq 0 ] || note "$t: $n WARN/ERROR lines in $t.log"
      ;;
  esac
done
read -r loop_med loop_min loop_max < <(printf '%s\n' "${loops[@]}" | median_min_max)
loop_gbs=$(awk -v g="$loop_med" 'BEGIN {printf "%.3f", g / 8}')   # GB/s

# ---------------------------------------------------------------- report

# values of one metric for test+target over the recorded rounds (status ok)
values() { # test target what
  awk -F'\t' -v n="$1" -v t="$2" -v w="$3" -v k="$clk" 'NR > 1 && $1 > 0 && $2 == n && $3 == t && $14 == "ok" {
    gib = $4 * $5 / 1073741824
    if (w == "GBps") print $4 * $5 / $6 / 1e9
    else if (w == "IOPS") print $4 / $6
    else if (w == "lat") print $6 / $4 * 1e6
    else if (w == "cpu") print $7 / k / gib
    else if (w == "client") print ($8 + $9) / gib
    else if (w == "other") print $12
    else if (w == "steal") print $13
  }' "$raw"
}
fmt() { # metric value
  awk -v w="$1" -v v="$2" 'BEGIN {
    if (v == "nan") {print "n/a"; exit}
    if (w == "GBps") printf "%.2f GB/s", v
    else if (w == "IOPS") printf "%.1fk IOPS", v / 1000
    else if (w == "lat") printf "%.0f µs", v
    else printf "%.2f", v }'
}
fmt_bare() { awk -v w="$1" -v v="$2" 'BEGIN {if (v == "nan") print "n/a"; else if (w == "IOPS") printf "%.1fk", v / 1000; else if (w == "lat") printf "%.0f", v; else printf "%.2f", v}'; }
failures() { awk -F'\t' -v n="$1" -v t="$2" 'NR > 1 && $1 > 0 && $2 == n && $3 == t && $14 != "ok" {c++} END {print c + 0}' "$raw"; }

base=${targets[0]}
pws=()
for t in "${targets[@]}"; do case $t in pw-*) pws+=("$t") ;; esac; done
[ "${base#tgt}" != "$base" ] || base=""

{
  echo "# Pagewire vs tgt — qemu-img bench over libiscsi, 1 GiB LUN files in /dev/shm"
  echo
  sed 's/^/- /' "$out/header.txt"
  echo "- rounds: $done_rounds recorded (interleaved, target order rotating each round) after $([ "$WARMUP" = 1 ] && echo "one warm-up pass" || echo "no warm-up"); cells are median [min–max] over the rounds"
  echo "- loopback ceiling, one TCP stream (iperf3 -c 127.0.0.1 -t $IPERF_SECONDS against iperf3 -s -1), measured before the first round and after each: median $loop_med Gbit/s [$loop_min–$loop_max] of ${#loops[@]} → $loop_gbs GB/s used below (samples: ${loops[*]})"
  echo "- targets: each on its own 1 GiB file in /dev/shm, filled with the same random data through its own iSCSI front door; tgt = tgtd $(tgtd --version 2>&1 | head -1 | sed 's/.*version //'), rdwr backing store, disk on LUN 1, with the keys Pagewire negotiates ($TGT_MATCHED_PARAMS); tgt (default params) = tgtd's own defaults (MaxRecvDataSegmentLength=8192, MaxXmitDataSegmentLength=8192, InitialR2T=Yes); Pagewire = its defaults, file backend, LUN 0, one JVM per transport"
  printf -- '- client: qemu-img bench -f raw -t none over libiscsi (iscsi:// URLs), one process per measurement, writes with -w --pattern=165; requests per run:'
  for spec in "${TESTS[@]}"; do
    IFS='|' read -r name _ _ _ _ _ count _ <<<"$spec"
    printf ' %s %s' "$name" "$(awk -v c="$count" -v s="$SCALE" 'BEGIN {n = int(c * s); if (n < 32) n = 32; print n}')"
  done
  echo
  echo
  printf '| test |'; for t in "${targets[@]}"; do printf ' %s |' "${label[$t]}"; done
  if [ -n "$base" ]; then for t in "${pws[@]}"; do printf ' %s / %s |' "${label[$t]}" "${label[$base]}"; done; fi
  echo
  printf '|---|'; for _ in "${targets[@]}"; do printf -- '---|'; done
  if [ -n "$base" ]; then for _ in "${pws[@]}"; do printf -- '---|'; done; fi
  echo
  declare -A med
  for spec in "${TESTS[@]}"; do
    IFS='|' read -r name desc _ _ _ _ _ metric <<<"$spec"
    printf '| %s |' "$desc"
    for t in "${targets[@]}"; do
      read -r m lo hi < <(values "$name" "$t" "$metric" | median_min_max)
      med[$name,$t]=$m
      f=$(failures "$name" "$t")
      printf ' %s [%s–%s]%s |' "$(fmt "$metric" "$m")" "$(fmt_bare "$metric" "$lo")" "$(fmt_bare "$metric" "$hi")" "$([ "$f" -eq 0 ] || echo " ($f failed)")"
    done
    if [ -n "$base" ]; then
      for t in "${pws[@]}"; do
        # speed ratio: > 1 means Pagewire is faster (for latency: tgt's latency / Pagewire's)
        printf ' %s |' "$(awk -v w="$metric" -v p="${med[$name,$t]}" -v b="${med[$name,$base]}" 'BEGIN {
          if (p == "nan" || b == "nan" || p == 0 || b == 0) {print "n/a"; exit}
          printf "%.2f×", (w == "lat") ? b / p : p / b }')"
      done
    fi
    echo
  done
  echo
  echo "Speed ratio > 1 means Pagewire is faster (for QD1 latency: tgt's µs / Pagewire's µs)."
  echo
  echo "**Fraction of the loopback ceiling** (payload bytes/s of the median ÷ $loop_gbs GB/s; QD1 as the payload rate it reaches):"
  echo
  printf '| test |'; for t in "${targets[@]}"; do printf ' %s |' "${label[$t]}"; done; echo
  printf '|---|'; for _ in "${targets[@]}"; do printf -- '---|'; done; echo
  for spec in "${TESTS[@]}"; do
    IFS='|' read -r name desc _ size _ _ _ metric <<<"$spec"
    printf '| %s |' "$desc"
    for t in "${targets[@]}"; do
      printf ' %s |' "$(awk -v w="$metric" -v m="${med[$name,$t]}" -v s="$size" -v l="$loop_gbs" 'BEGIN {
        if (m == "nan" || l == 0) {print "n/a"; exit}
        b = (w == "GBps") ? m * 1e9 : (w == "IOPS") ? m * s : s / (m / 1e6)
        printf "%.1f %%", 100 * b / (l * 1e9) }')"
    done
    echo
  done
  echo
  echo "**CPU seconds per GiB moved**, median — the target process (utime+stime of tgtd / the Pagewire JVM, all threads, /proc/PID/stat around each run, login and logout included); the client (qemu-img user+sys) in parentheses:"
  echo
  printf '| test |'; for t in "${targets[@]}"; do printf ' %s |' "${label[$t]}"; done; echo
  printf '|---|'; for _ in "${targets[@]}"; do printf -- '---|'; done; echo
  for spec in "${TESTS[@]}"; do
    IFS='|' read -r name desc _ _ _ _ _ _ <<<"$spec"
    printf '| %s |' "$desc"
    for t in "${targets[@]}"; do
      read -r c _ _ < <(values "$name" "$t" cpu | median_min_max)
      read -r u _ _ < <(values "$name" "$t" client | median_min_max)
      printf ' %s (%s) |' "$(fmt cpu "$c")" "$(fmt cpu "$u")"
    done
    echo
  done
  echo
  echo "**Memory** (target process at the end of the rounds; tgt's targets share one tgtd):"
  echo
  echo "| target | VmRSS | VmHWM (peak) |"
  echo "|---|---|---|"
  for t in "${targets[@]}"; do
    printf '| %s | %s MiB | %s MiB |\n' "${label[$t]}" "$(( ${rss_end[$t]:-0} / 1024 ))" "$(( ${hwm_end[$t]:-0} / 1024 ))"
  done
  echo
  read -r om _ ox < <(awk -F'\t' 'NR > 1 && $1 > 0 {print $12}' "$raw" | median_min_max)
  read -r sm _ sx < <(awk -F'\t' 'NR > 1 && $1 > 0 {print $13}' "$raw" | median_min_max)
  echo "Noise: other processes used a median ${om} % (max ${ox} %) of the machine's $ncpu CPUs during the recorded runs; steal median ${sm} % (max ${sx} %)."
  echo
  if [ -s "$notes" ]; then echo "Notes:"; echo; sed 's/^/- /' "$notes"; echo; fi
  if [ -s "$out/pagepool.txt" ]; then echo "Pagewire at stop:"; echo; sed 's/^/    /' "$out/pagepool.txt"; echo; fi
  if [ -s "$out/failures.log" ]; then echo "Failures: see failures.log ($(grep -c '^== ' "$out/failures.log") runs)."; echo; fi
  echo "Raw data, logs and configs: bench/results/$stamp/"
} >"$report"

cp "$report" "$root/bench/results/latest.md"
cat "$report"

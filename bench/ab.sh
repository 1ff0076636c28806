#!/bin/bash
# Interleaved A/B of Pagewire variants (jars and/or JVM options) with one qemu-img bench workload.
#
#   bash bench/ab.sh "NAME|JAR|JVM-OPTIONS" "NAME|JAR|JVM-OPTIONS" ...
#   e.g. bash bench/ab.sh "old|/tmp/old.jar|" "new|actors/target/pagewire.jar|" \
#                         "noinline|actors/target/pagewire.jar|-Dpagewire.io.inline-reads=false"
#
# Every variant runs in its own JVM on its own port (3400, 3401, ...) with a file LUN of SIZE_MIB
# MiB in /dev/shm filled from /dev/urandom (BACKEND=memory: a memory LUN). After one unrecorded
# warm-up run per variant, ROUNDS rounds run the same workload on each variant in turn; it prints
# the median and every round's microseconds per request (qemu-img's "Run completed in" / COUNT).
# Workload: COUNT requests of SIZE bytes, DEPTH in parallel, STEP bytes apart (qemu-img -S; unset:
# sequential), RW=-w for writes. Defaults: 4 KiB reads at queue depth 1, 20000 requests, 5 rounds.
set -u
ROUNDS=${ROUNDS:-5}; COUNT=${COUNT:-20000}; DEPTH=${DEPTH:-1}; SIZE=${SIZE:-4096}; STEP=${STEP:-}
RW=${RW:-}; BACKEND=${BACKEND:-file}; SIZE_MIB=${SIZE_MIB:-64}; TRANSPORT=${TRANSPORT:-epoll}
work=$(mktemp -d /tmp/pagewire-ab.XXXXXX)
names=(); ports=(); pids=()
cleanup() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
  rm -f /dev/shm/pagewire-ab-"$$"-*.img
}
trap cleanup EXIT
i=0
for variant in "$@"; do
  IFS="|" read -r name jar opts <<<"$variant"
  port=$((3400 + i)); i=$((i + 1))
  if [ "$BACKEND" = file ]; then
    img=/dev/shm/pagewire-ab-$$-$name.img
    head -c "${SIZE_MIB}M" /dev/urandom > "$img"
    lun="{ lun = 0, backend = file, path = \"$img\", size = ${SIZE_MIB}MiB }"
  else
    lun="{ lun = 0, backend = memory, size = ${SIZE_MIB}MiB }"
  fi
  cat > "$work/$name.conf" <<C
pagewire { portals = [ "127.0.0.1:$port" ], transport = $TRANSPORT
  targets = [ { iqn = "iqn.2026-11.io.pagewire:ab", luns = [ $lun ] } ] }
C
  # shellcheck disable=SC2086 # the options are words
  PAGEWIRE_LOG_LEVEL=WARN java --enable-native-access=ALL-UNNAMED $opts -jar "$jar" --config "$work/$name.conf" \
    > "$work/$name.log" 2>&1 &
  pids+=($!); names+=("$name"); ports+=("$port")
done
for p in "${ports[@]}"; do
  for _ in $(seq 120); do ss -ltn | grep -q ":$p " && break; sleep 0.5; done
done
run() { # port count -> seconds
  qemu-img bench -f raw -t none -c "$2" -d "$DEPTH" -s "$SIZE" ${STEP:+-S "$STEP"} $RW \
    "iscsi://127.0.0.1:$1/iqn.2026-11.io.pagewire:ab/0" 2>&1 | grep -o 'in [0-9.]* sec' | awk '{print $2}'
}
for k in "${!names[@]}"; do run "${ports[$k]}" $((COUNT / 4)) > /dev/null; done
for r in $(seq "$ROUNDS"); do
  for k in "${!names[@]}"; do
    s=$(run "${ports[$k]}" "$COUNT")
    echo "${names[$k]} $r $(awk -v s="${s:-0}" -v c="$COUNT" 'BEGIN{printf "%.1f", s*1e6/c}')"
  done
done > "$work/rounds.txt"
echo "workload: qemu-img bench -f raw -t none -c $COUNT -d $DEPTH -s $SIZE ${STEP:+-S $STEP} $RW ($BACKEND LUN, $TRANSPORT, $ROUNDS rounds)"
for n in "${names[@]}"; do
  median=$(awk -v n="$n" '$1==n{print $3}' "$work/rounds.txt" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  echo "$n median_us=$median rounds=$(awk -v n="$n" '$1==n{printf "%s ", $3}' "$work/rounds.txt")"
done

#!/usr/bin/env bash
# Runs libiscsi's conformance suite (iscsi-test-cu) against Pagewire, one LUN per kind, and prints a
# summary table: a thin-provisioned LUN gets the whole suite, a read-only and a removable LUN the
# suites written for them.
#
#   e2e/conformance/run.sh            # builds the jar if missing; about 2-3 minutes
#   KEEP=1 e2e/conformance/run.sh     # keep the work directory (logs of every run)
#
# Needs iscsi-test-cu (Debian package libiscsi-bin). Uses 127.0.0.1:${PORT:-3299} only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
port=${PORT:-3299}
iqn="iqn.2026-11.io.pagewire:conformance"
work=$(mktemp -d /tmp/pagewire-conformance.XXXXXX)
command -v iscsi-test-cu >/dev/null || { echo "iscsi-test-cu missing: apt-get install libiscsi-bin" >&2; exit 2; }
[ -f "$root/actors/target/pagewire.jar" ] || (cd "$root" && mvn -B -q -ntp -DskipTests package)

cat > "$work/pagewire.conf" <<CONF
pagewire {
  portals = [ "127.0.0.1:$port" ]
  targets = [ {
    iqn = "$iqn"
    luns = [
      { lun = 0, backend = file, path = "$work/thin.img", size = 128MiB, thin-provisioning = true, sanitize-rate = 16MiB }
      { lun = 1, backend = memory, size = 128MiB, read-only = true }
      { lun = 2, backend = memory, size = 128MiB, removable = true }
    ]
  } ]
}
CONF
java --enable-native-access=ALL-UNNAMED -jar "$root/actors/target/pagewire.jar" --config "$work/pagewire.conf" \
    > "$work/pagewire.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "logs in $work" >&2; fi
}
trap cleanup EXIT
for _ in $(seq 100); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/pagewire.log" >&2; exit 2; }
  sleep 0.2
done

# name | LUN | iscsi-test-cu options | tests
runs=(
  "thin: whole suite|0|-d -S|ALL"
  "read-only: ReadOnly, ModeSense6|1|-d|ALL.ReadOnly,ALL.ModeSense6"
  "read-only: write suites (no -d: they must not write)|1||ALL.WriteSame10,ALL.WriteSame16,ALL.Write10,ALL.Write12,ALL.Write16,ALL.Unmap"
  "removable: PreventAllow, StartStopUnit, NoMedia|2|-d|ALL.PreventAllow,ALL.StartStopUnit,ALL.NoMedia"
)
printf '| %-55s | %5s | %6s | %6s | %7s |\n' "LUN and suites" tests passed failed skipped
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..57})" "-------" "--------" "--------" "---------"
status=0
i=0
for run in "${runs[@]}"; do
  IFS='|' read -r name lun opts tests <<<"$run"
  log="$work/run-$i.log"; i=$((i + 1))
  # shellcheck disable=SC2086
  timeout 900 iscsi-test-cu $opts -v -t "$tests" "iscsi://127.0.0.1:$port/$iqn/$lun" > "$log" 2>&1 || true
  # CUnit's run summary: "tests  <total> <ran> <passed> <failed> <inactive>"
  read -r total ran passed failed _ < <(awk '$1 == "tests" && NF >= 5 {print $2, $3, $4, $5, $6}' "$log" | tail -1)
  skipped=$(grep -c '\[SKIPPED\]' "$log" || true)
  printf '| %-55s | %5s | %6s | %6s | %7s |\n' "$name" "${ran:-?}" "${passed:-?}" "${failed:-?}" "$skipped"
  if [ "${failed:-1}" != 0 ]; then
    status=1
    grep -E '^\s+Test: .*\.\.\.(failed|FAILED)|FAILED' "$log" | sed 's/^/    /' | head -20
  fi
done
exit $status

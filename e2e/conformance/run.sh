#!/usr/bin/env bash
# Runs libiscsi's conformance suite (iscsi-test-cu) against Pagewire, one LUN per kind, and prints a
# summary table: a thin-provisioned LUN gets the whole suite, a read-only and a removable LUN the
# suites written for them.
#
#   e2e/conformance/run.sh            # builds the jar if missing; about 2-3 minutes
#   KEEP=1 e2e/conformance/run.sh     # keep the work directory (logs of every run)
#   PORT=4000 JAR=/path/pagewire.jar e2e/conformance/run.sh   # other portals (PORT and PORT+1), another jar
#
# Needs iscsi-test-cu (Debian package libiscsi-bin). Uses 127.0.0.1:${PORT:-3299} and the port after it.
# Exits 0 when no test failed; ConformanceMatrixIT runs it in the normal build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
port=${PORT:-3299}
iqn="iqn.2026-11.io.pagewire:conformance"
work=$(mktemp -d /tmp/pagewire-conformance.XXXXXX)
command -v iscsi-test-cu >/dev/null || { echo "iscsi-test-cu missing: apt-get install libiscsi-bin" >&2; exit 2; }
jar=${JAR:-$root/actors/target/pagewire.jar}
[ -f "$jar" ] || (cd "$root" && mvn -B -q -ntp -DskipTests package)

cat > "$work/pagewire.conf" <<CONF
pagewire {
  # two portals: libiscsi's Multipath tests log in to the same LUN over both
  portals = [ "127.0.0.1:$port", "127.0.0.1:$((port + 1))" ]
  targets = [ {
    iqn = "$iqn"
    luns = [
      # thin and removable at once, so the PreventAllow and StartStopUnit tests of the whole suite apply; its
      # sanitize rate makes an OVERWRITE of the 128 MiB last 8 s, as libiscsi's Sanitize.Reset needs
      { lun = 0, backend = file, path = "$work/thin.img", size = 128MiB, thin-provisioning = true, removable = true,
        sanitize-rate = 16MiB }
      # fully provisioned: on a thin read-only LUN the write suites' UnmapVPD tests take the WRITE
      # PROTECTED refusal for a missing UNMAP and fail; fully provisioned, they and the UNMAP tests skip
      { lun = 1, backend = memory, size = 128MiB, read-only = true }
      { lun = 2, backend = memory, size = 128MiB, removable = true }
      # 512e: 512-byte logical blocks on 4 KiB physical blocks (LBPPB 8)
      { lun = 3, backend = file, path = "$work/512e.img", size = 128MiB, thin-provisioning = true,
        physical-block-size = 4KiB }
    ]
  } ]
}
CONF
java --enable-native-access=ALL-UNNAMED -jar "$jar" --config "$work/pagewire.conf" \
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

url() { echo "iscsi://127.0.0.1:$1/$iqn/$2"; }
# Skipped on LUN 0 ("LBPPB < 2"). LUN 0 reports one logical block per physical block because with
# more, libiscsi 1.19's GetLBAStatus.UnmapSingle fails: it asks for the status at LBA i + 1 and expects
# the first descriptor to start at i + LBPPB (SBC-3: that descriptor must contain the LBA asked for).
lbppb_tests="ALL.CompareAndWrite.InvalidDataOutSize,ALL.WriteSame10.UnmapUnaligned,ALL.WriteSame10.InvalidDataOutSize"
lbppb_tests+=",ALL.WriteSame16.UnmapUnaligned,ALL.WriteSame16.InvalidDataOutSize"
# name | LUN | iscsi-test-cu options | tests | second path
runs=(
  "thin: whole suite|0|-d -S|ALL|"
  "thin: MultipathIO over two portals|0|-d|ALL.MultipathIO|$(url $((port + 1)) 0)"
  "thin 512e: the tests that need LBPPB > 1|3|-d|$lbppb_tests|"
  "read-only: ReadOnly, ModeSense6|1|-d|ALL.ReadOnly,ALL.ModeSense6|"
  "read-only: write suites|1|-d|ALL.WriteSame10,ALL.WriteSame16,ALL.Write10,ALL.Write12,ALL.Write16,ALL.Unmap|"
  "removable: PreventAllow, StartStopUnit, NoMedia|2|-d|ALL.PreventAllow,ALL.StartStopUnit,ALL.NoMedia|"
)
# libiscsi's write suites do not read the WP bit: on a write-protected LUN the writes they expect to
# succeed are refused, correctly, with DATA PROTECT / WRITE PROTECTED. Such a test is counted under
# "write-protected", not "failed": CUnit failed it, every [FAILED] message it printed names that sense,
# and its failed assertions are only those such a refusal causes: the command's own (_r == 0), the
# read-back of the block that was not written (memcmp), and for the Async test, which logs no sense,
# "status is not CHECK CONDITION". Any other failure (a wrong sense, a refusal where the CDB itself is
# wrong, a hang) still fails the run.
write_protected_only() {
  awk '
    function close_test() { if (name != "" && asserts > 0 && bad == 0 && refused > 0) n++ }
    /^  Test: /            { close_test(); name = $2; asserts = 0; bad = 0; refused = 0 }
    /\[FAILED\]/           { if ($0 ~ /WRITE_PROTECTED\(0x2700\)/) refused++; else bad++ }
    /^ +[0-9]+\. .* - CU_/ { asserts++
                             if ($0 ~ /CU_ASSERT_NOT_EQUAL\(status,SCSI_STATUS_CHECK_CONDITION\)/) refused++
                             else if ($0 !~ /CU_ASSERT_EQUAL\(_r,0\)|CU_ASSERT_EQUAL\(0,memcmp\(/) bad++ }
    END                    { close_test(); print n + 0 }' "$1"
}
printf '| %-55s | %5s | %6s | %6s | %15s | %7s |\n' "LUN and suites" tests passed failed write-protected skipped
printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..57})" "-------" "--------" "--------" \
  "-----------------" "---------"
status=0
i=0
for run in "${runs[@]}"; do
  IFS='|' read -r name lun opts tests second <<<"$run"
  log="$work/run-$i.log"; i=$((i + 1))
  # shellcheck disable=SC2086
  timeout 900 iscsi-test-cu $opts -v -t "$tests" "$(url "$port" "$lun")" $second > "$log" 2>&1 || true
  # CUnit's run summary: "tests  <total> <ran> <passed> <failed> <inactive>"
  read -r total ran passed failed _ < <(awk '$1 == "tests" && NF >= 5 {print $2, $3, $4, $5, $6}' "$log" | tail -1)
  skipped=$(grep -c '\[SKIPPED\]' "$log" || true)
  protected=$(write_protected_only "$log")
  failed=$(( ${failed:-1} - protected ))
  printf '| %-55s | %5s | %6s | %6s | %15s | %7s |\n' "$name" "${ran:-?}" "${passed:-?}" "$failed" "$protected" "$skipped"
  if [ "$failed" != 0 ]; then
    status=1
    grep -E '^\s+Test: .*\.\.\.(failed|FAILED)|\[FAILED\]' "$log" | grep -v 'WRITE_PROTECTED(0x2700)' \
      | sed 's/^/    /' | head -20
  fi
  if [ "$skipped" != 0 ]; then
    grep '\[SKIPPED\]' "$log" | sed 's/^ *Test: //; s/^ */    skipped: /' | sort | uniq -c | head -20
  fi
done
exit $status

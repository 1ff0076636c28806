#!/usr/bin/env bash
# Proves the harness itself: runs run.sh against tgt (the Linux SCSI target
# framework) as a stand-in target on 127.0.0.1, then checks on the host that
# the data the guest wrote reached tgt's backing file.
#
#   e2e/kernel/selftest-tgt.sh [PORT]        (default port 3261)
#
# Starts its own tgtd (installing the tgt package if missing) and stops it on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${1:-3261}
CTRL=$((PORT % 1000 + 7000))          # tgtd management "port" (an abstract socket id)
IQN=iqn.2026-11.io.pagewire.test:tgt-selftest
SIZE=$((64 * 1024 * 1024))
WORK=$(mktemp -d /tmp/pagewire-kernel-e2e-tgt.XXXXXX)
BACKING=$WORK/lun1.img

as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! command -v tgtd >/dev/null; then
    echo "[selftest] installing tgt (apt-get)" >&2
    install_tgt() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tgt >/dev/null; }
    install_tgt || { as_root apt-get update -qq; install_tgt; }
fi

TGTD_PID=
cleanup() {
    if [[ -n $TGTD_PID ]]; then
        # tgtd ignores SIGTERM while it has targets: shut it down through tgtadm.
        tgtadm -C "$CTRL" --mode target --op delete --force --tid 1 >/dev/null 2>&1 || true
        tgtadm -C "$CTRL" --mode system --op delete >/dev/null 2>&1 || true
        for _ in $(seq 50); do kill -0 "$TGTD_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$TGTD_PID" 2>/dev/null || true
        wait "$TGTD_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

truncate -s "$SIZE" "$BACKING"
tgtd -f -C "$CTRL" --iscsi "portal=127.0.0.1:$PORT" >"$WORK/tgtd.log" 2>&1 &
TGTD_PID=$!
for _ in $(seq 50); do
    tgtadm -C "$CTRL" --lld iscsi --mode target --op show >/dev/null 2>&1 && break
    sleep 0.1
done
tgtadm -C "$CTRL" --lld iscsi --mode target --op new --tid 1 --targetname "$IQN"
tgtadm -C "$CTRL" --lld iscsi --mode logicalunit --op new --tid 1 --lun 1 --backing-store "$BACKING"
tgtadm -C "$CTRL" --lld iscsi --mode target --op bind --tid 1 --initiator-address ALL
echo "[selftest] tgtd (pid $TGTD_PID) serving $IQN on 127.0.0.1:$PORT, LUN 1 = $BACKING ($SIZE bytes)" >&2

LOG=$WORK/console.log
set +e
PAGEWIRE_E2E_LOG=$LOG "$HERE/run.sh" "$PORT" "$IQN" "$SIZE"
rc=$?
set -e
if [[ $rc != 0 ]]; then
    echo "[selftest] run.sh failed ($rc); tgtd log:" >&2
    tail -n 30 "$WORK/tgtd.log" >&2
    exit "$rc"
fi

# The guest wrote 4 MiB at offset 1 MiB and printed its md5: check the backing file.
want=$(tr -d '\r' < "$LOG" | sed -n 's/^PAGEWIRE-KERNEL-E2E: write\/read md5 match .*md5=\([0-9a-f]*\).*/\1/p')
got=$(dd if="$BACKING" bs=1M skip=1 count=4 2>/dev/null | md5sum | cut -d' ' -f1)
if [[ -z $want || $want != "$got" ]]; then
    echo "[selftest] FAIL: backing file md5 $got, guest wrote '$want'" >&2
    exit 1
fi
echo "[selftest] backing file holds what the guest wrote (md5 $got)" >&2
echo "[selftest] PASS" >&2

#!/usr/bin/env bash
# Pagewire e2e: log in to an iSCSI target on the host's loopback with the real
# Linux kernel initiator (iscsi_tcp + open-iscsi's iscsistart), running in a
# small Debian kernel + initramfs under QEMU, and check the disk.
#
#   e2e/kernel/run.sh HOST_PORT TARGET_IQN [LUN_EXPECTED_SIZE_BYTES]
#
# The target must listen on 127.0.0.1:HOST_PORT; the guest reaches it through
# QEMU user-mode networking (slirp) as 10.0.2.2:HOST_PORT. Exits 0 only when
# the guest prints "PAGEWIRE-KERNEL-E2E: PASS".
#
# Environment (all optional):
#   PAGEWIRE_E2E_CACHE         cache dir (default: e2e/kernel/cache)
#   PAGEWIRE_E2E_TIMEOUT       hard limit for the QEMU run in seconds (default 300)
#   PAGEWIRE_E2E_ACCEL         tcg | kvm (default tcg; nested KVM hangs on some hosts)
#   PAGEWIRE_E2E_NIC           virtio-net-pci | e1000 (default virtio-net-pci)
#   PAGEWIRE_E2E_LOGIN_TIMEOUT seconds the guest allows iscsistart to log in (default 60)
#   PAGEWIRE_E2E_INITIATOR     initiator IQN (default iqn.2026-11.io.pagewire:kernel-initiator)
#   PAGEWIRE_E2E_ISCSI_PARAMS  space-separated NAME=VALUE for iscsistart -P, e.g.
#                              "node.conn[0].iscsi.HeaderDigest=CRC32C"
#   PAGEWIRE_E2E_KERNEL_PKG    kernel package (default: what linux-image-amd64 depends on)
#   PAGEWIRE_E2E_LOG           console log path (default: $CACHE/logs/console-<time>.log)
#   PAGEWIRE_E2E_VERBOSE=1     also stream the guest console to stderr
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${PAGEWIRE_E2E_CACHE:-$HERE/cache}
TIMEOUT=${PAGEWIRE_E2E_TIMEOUT:-300}
ACCEL=${PAGEWIRE_E2E_ACCEL:-tcg}
NIC=${PAGEWIRE_E2E_NIC:-virtio-net-pci}
INITIATOR=${PAGEWIRE_E2E_INITIATOR:-iqn.2026-11.io.pagewire:kernel-initiator}
ISCSI_PARAMS=${PAGEWIRE_E2E_ISCSI_PARAMS:-}
KERNEL_PKG=${PAGEWIRE_E2E_KERNEL_PKG:-}
VERBOSE=${PAGEWIRE_E2E_VERBOSE:-0}
LOGIN_TIMEOUT=${PAGEWIRE_E2E_LOGIN_TIMEOUT:-60}
MARK="PAGEWIRE-KERNEL-E2E:"

# Modules the guest loads (init.sh modprobes them); their deps come along.
MODULES="virtio_pci virtio_net e1000 crc32c_generic crct10dif_generic crc64_rocksoft_generic
         scsi_transport_iscsi libiscsi libiscsi_tcp iscsi_tcp sd_mod"

log() { echo "[kernel-e2e] $*" >&2; }
die() { echo "[kernel-e2e] ERROR: $*" >&2; exit 2; }
usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

[[ $# -ge 2 && $# -le 3 ]] || usage
PORT=$1 IQN=$2 SIZE=${3:-}
[[ $PORT =~ ^[0-9]+$ && $PORT -ge 1 && $PORT -le 65535 ]] || die "bad port: $PORT"
[[ $IQN =~ ^[^[:space:]]+$ ]] || die "bad target IQN: '$IQN'"
[[ -z $SIZE || $SIZE =~ ^[0-9]+$ ]] || die "bad expected size: $SIZE"
[[ $LOGIN_TIMEOUT =~ ^[0-9]+$ ]] || die "bad PAGEWIRE_E2E_LOGIN_TIMEOUT: $LOGIN_TIMEOUT"
[[ $INITIATOR =~ ^[^[:space:]]+$ ]] || die "bad initiator IQN: '$INITIATOR'"
[[ $ACCEL == kvm || $ACCEL == tcg ]] || die "PAGEWIRE_E2E_ACCEL must be tcg or kvm"

# shellcheck disable=SC2317 # called through quietly()
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# --- host packages ----------------------------------------------------------
APT_UPDATED=0
APT_LOG=$(mktemp /tmp/pagewire-kernel-e2e-apt.XXXXXX)
trap 'rm -f "$APT_LOG"' EXIT
# quietly: run a command with its output in $APT_LOG, shown only when it fails.
quietly() {
    "$@" >"$APT_LOG" 2>&1 && return 0
    local rc=$?
    tail -n 30 "$APT_LOG" >&2
    return "$rc"
}
apt_update_once() {
    [[ $APT_UPDATED == 1 ]] && return 0
    log "apt-get update"
    quietly as_root apt-get update
    APT_UPDATED=1
}
apt_install() {
    log "installing $* (apt-get)"
    local cmd=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@")
    quietly as_root "${cmd[@]}" || { apt_update_once; quietly as_root "${cmd[@]}"; }
}
# apt_download DIR PKG: fetch PKG's .deb into DIR without installing it.
apt_download() {
    local dir=$1 pkg=$2
    mkdir -p "$dir"
    log "downloading $pkg (apt-get download)"
    local cmd=(apt-get download -o APT::Sandbox::User=root "$pkg")
    (cd "$dir" && quietly "${cmd[@]}") || { apt_update_once; (cd "$dir" && quietly "${cmd[@]}"); }
    compgen -G "$dir/${pkg}_*.deb" >/dev/null || die "apt-get download $pkg produced no .deb"
}

ISCSISTART=
find_iscsistart() {
    local p
    for p in /usr/sbin/iscsistart /sbin/iscsistart; do
        [[ -x $p ]] && { ISCSISTART=$p; return 0; }
    done
    return 1
}

need_pkgs=()
command -v qemu-system-x86_64 >/dev/null || need_pkgs+=(qemu-system-x86)
find_iscsistart || need_pkgs+=(open-iscsi)
command -v cpio >/dev/null || need_pkgs+=(cpio)
command -v depmod >/dev/null || need_pkgs+=(kmod)
command -v gzip >/dev/null || need_pkgs+=(gzip)
command -v timeout >/dev/null || need_pkgs+=(coreutils)
command -v flock >/dev/null || need_pkgs+=(util-linux)
[[ ${#need_pkgs[@]} -eq 0 ]] || apt_install "${need_pkgs[@]}"
find_iscsistart || die "iscsistart not found after installing open-iscsi"

# --- cache: kernel, modules, busybox, initramfs --------------------------------
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9   # one builder at a time; released when the script exits

# Kernel: reuse whatever kernel is cached; otherwise fetch the current one.
KDIR=
if [[ -z $KERNEL_PKG ]]; then
    for d in "$CACHE"/kernel-*/; do
        [[ -f $d/vmlinuz && -f $d/.complete ]] && KDIR=${d%/}
    done
fi
if [[ -n $KERNEL_PKG && -f $CACHE/kernel-${KERNEL_PKG#linux-image-}/.complete ]]; then
    KDIR=$CACHE/kernel-${KERNEL_PKG#linux-image-}
fi
if [[ -z $KDIR ]]; then
    if [[ -z $KERNEL_PKG ]]; then
        resolve() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}'; }
        KERNEL_PKG=$(resolve || true)
        [[ -n $KERNEL_PKG ]] || { apt_update_once; KERNEL_PKG=$(resolve || true); }
        [[ -n $KERNEL_PKG ]] || die "cannot resolve the kernel package behind linux-image-amd64"
    fi
    KVER=${KERNEL_PKG#linux-image-}
    KDIR=$CACHE/kernel-$KVER
    log "building kernel cache for $KERNEL_PKG (one-off)"
    rm -rf "$KDIR" "$CACHE/tmp"
    mkdir -p "$CACHE/tmp/deb" "$KDIR"
    apt_download "$CACHE/tmp/deb" "$KERNEL_PKG"
    dpkg-deb -x "$CACHE/tmp/deb/${KERNEL_PKG}"_*.deb "$CACHE/tmp/root"
    # usrmerge-style packages put modules under usr/lib.
    MODROOT=
    for d in "$CACHE/tmp/root/lib/modules/$KVER" "$CACHE/tmp/root/usr/lib/modules/$KVER"; do
        [[ -d $d ]] && MODROOT=$d
    done
    [[ -n $MODROOT ]] || die "no modules for $KVER in $KERNEL_PKG"
    cp "$CACHE/tmp/root/boot/vmlinuz-$KVER" "$KDIR/vmlinuz"
    # The .deb ships no modules.dep (postinst makes it): generate it.
    depmod -b "${MODROOT%/lib/modules/"$KVER"}" "$KVER"
    # Copy the wanted modules plus everything they depend on.
    STAGE=$KDIR/modroot/lib/modules/$KVER
    mkdir -p "$STAGE"
    declare -A PATH_OF=()
    while IFS= read -r line; do
        f=${line%%:*}; b=${f##*/}; b=${b%%.ko*}; PATH_OF[${b//-/_}]=$line
    done < "$MODROOT/modules.dep"
    for m in $MODULES; do
        key=${m//-/_}
        if [[ -z ${PATH_OF[$key]:-} ]]; then
            grep -qE "/${m}\.ko" "$MODROOT/modules.builtin" && { log "$m is built in"; continue; }
            die "module $m not found in $KERNEL_PKG"
        fi
        line=${PATH_OF[$key]}
        for f in ${line%%:*} ${line#*:}; do
            mkdir -p "$STAGE/$(dirname "$f")"
            [[ -e $STAGE/$f ]] || cp "$MODROOT/$f" "$STAGE/$f"
        done
    done
    # busybox modprobe can't read compressed modules: decompress if needed.
    find "$STAGE" -name '*.ko.xz' -exec xz -d {} +
    find "$STAGE" -name '*.ko.zst' -exec zstd -q -d --rm {} +
    find "$STAGE" -name '*.ko.gz' -exec gzip -d {} +
    cp "$MODROOT"/modules.builtin* "$MODROOT/modules.order" "$STAGE/"
    depmod -b "$KDIR/modroot" "$KVER"
    echo "$KERNEL_PKG" > "$KDIR/package"
    (cd "$STAGE" && find . -name '*.ko' | sort) > "$KDIR/modules.list"
    touch "$KDIR/.complete"
    rm -rf "$CACHE/tmp"
fi
KVER=${KDIR##*/kernel-}

# busybox-static: taken from its .deb, so the host's busybox stays as it is.
BUSYBOX=$CACHE/busybox
if [[ ! -x $BUSYBOX ]]; then
    rm -rf "$CACHE/tmp"; mkdir -p "$CACHE/tmp"
    apt_download "$CACHE/tmp" busybox-static
    dpkg-deb -x "$CACHE"/tmp/busybox-static_*.deb "$CACHE/tmp/root"
    for p in bin/busybox usr/bin/busybox; do
        [[ -x $CACHE/tmp/root/$p ]] && cp "$CACHE/tmp/root/$p" "$BUSYBOX.new"
    done
    [[ -x $BUSYBOX.new ]] || die "no busybox binary in busybox-static"
    mv "$BUSYBOX.new" "$BUSYBOX"
    rm -rf "$CACHE/tmp"
fi

# Initramfs: rebuilt when init.sh, the module set, iscsistart or busybox change.
INITRD=$CACHE/initramfs-$KVER.cpio.gz
STAMP=$(cat "$HERE/init.sh" "$KDIR/modules.list" "$ISCSISTART" "$BUSYBOX" | sha256sum | cut -c1-16)
if [[ ! -f $INITRD || "$(cat "$INITRD.stamp" 2>/dev/null)" != "$STAMP" ]]; then
    log "building initramfs"
    R=$CACHE/tmp/initramfs
    rm -rf "$CACHE/tmp"; mkdir -p "$R"/{bin,sbin,etc/iscsi,proc,sys,dev,tmp,run,var/lock,lib,lib64}
    cp "$BUSYBOX" "$R/bin/busybox"
    cp "$HERE/init.sh" "$R/init"; chmod 755 "$R/init"
    cp "$ISCSISTART" "$R/sbin/iscsistart"
    # Shared libraries (and the dynamic loader) of iscsistart, at the same paths.
    ldd "$ISCSISTART" | awk '/=> \// {print $3} /^[[:space:]]*\// {print $1}' | while read -r lib; do
        mkdir -p "$R$(dirname "$lib")"
        cp -L "$lib" "$R$lib"
    done
    cp -a "$KDIR/modroot/lib/modules" "$R/lib/"
    ln -s ../bin/busybox "$R/sbin/modprobe"   # for the kernel's request_module()
    (cd "$R" && find . -print0 | sort -z | cpio --null -o -H newc --quiet -R 0:0) | gzip -6 > "$INITRD.new"
    mv "$INITRD.new" "$INITRD"
    echo "$STAMP" > "$INITRD.stamp"
    rm -rf "$CACHE/tmp"
fi
flock -u 9

# --- boot -------------------------------------------------------------------
# TCG by default: it needs nothing from the host, and a guest boots in seconds.
# KVM is opt-in: on some hosts (nested virtualisation) it aborts or hangs.
case $ACCEL in
    kvm) [[ -r /dev/kvm && -w /dev/kvm ]] || die "/dev/kvm is not usable"
         accel_args=(-accel kvm -cpu host) ;;
    tcg) accel_args=(-accel tcg) ;;
esac

APPEND="console=ttyS0 quiet panic=-1 rdinit=/init pw_port=$PORT pw_iqn=$IQN pw_initiator=$INITIATOR pw_login_timeout=$LOGIN_TIMEOUT"
[[ -z $SIZE ]] || APPEND+=" pw_size=$SIZE"
for p in $ISCSI_PARAMS; do APPEND+=" pw_param=$p"; done

mkdir -p "$CACHE/logs"
LOG=${PAGEWIRE_E2E_LOG:-$CACHE/logs/console-$(date +%Y%m%d-%H%M%S)-$$.log}
ln -sfn "$LOG" "$CACHE/logs/last.log" 2>/dev/null || true
find "$CACHE/logs" -name 'console-*.log' -mtime +7 -delete 2>/dev/null || true

log "booting $KVER ($ACCEL, $NIC) -> target $IQN at 127.0.0.1:$PORT; console log: $LOG"
START=$(date +%s.%N)
# shellcheck disable=SC2054 # the commas are qemu option syntax
qemu=(timeout -k 10 "$TIMEOUT" qemu-system-x86_64
    -nographic -no-reboot -nodefaults -serial stdio -m 512 -smp 1 "${accel_args[@]}"
    -kernel "$KDIR/vmlinuz" -initrd "$INITRD" -append "$APPEND"
    -netdev user,id=n0 -device "$NIC,netdev=n0,romfile=")
set +e
if [[ $VERBOSE == 1 ]]; then
    "${qemu[@]}" </dev/null 2>&1 | tee "$LOG" >&2
    rc=${PIPESTATUS[0]}
else
    "${qemu[@]}" </dev/null >"$LOG" 2>&1
    rc=$?
fi
set -e
ELAPSED=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')

# Serial output has CRLF line ends, and firmware escape codes can precede a marker.
markers=$(tr -d '\r' < "$LOG" | grep -ao "$MARK .*" || true)
if [[ $rc == 124 || $rc == 137 ]]; then
    why="timed out after ${TIMEOUT}s"
elif printf '%s\n' "$markers" | grep -q "^$MARK PASS"; then
    printf '%s\n' "$markers" >&2
    log "PASS in ${ELAPSED}s"
    exit 0
elif fail=$(printf '%s\n' "$markers" | grep -m1 "^$MARK FAIL"); then
    why=${fail#"$MARK "}
else
    why="no PASS marker (qemu exit $rc)"
fi
log "FAILED: $why (after ${ELAPSED}s). Console log tail ($LOG):"
tr -d '\r' < "$LOG" | tail -n 60 >&2
exit 1

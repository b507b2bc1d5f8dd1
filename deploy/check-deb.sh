#!/bin/bash
# deploy/check-deb.sh: checks the layar-agent packages that `mvn -B verify` (or package) left in deploy/target/.
#
#   1. contents, owners and modes, conffiles, control fields, maintainer scripts (sh -n, shellcheck if present),
#      and that each architecture's jar carries only its own FFmpeg/JavaCPP natives;
#   2. installs the amd64 package into a throwaway root (dpkg --root, maintainer scripts run chrootless with
#      DPKG_ROOT set, so nothing on this machine changes) and checks the user, groups, folders and modes;
#   3. systemd-analyze verify (and security, for the exposure score) on the unit inside that root;
#   4. builds a signed bundle with content-packager, serves it, provisions the installed agent against it,
#      runs the installed jar and waits for GET /status to show version >= 1; runs doctor and collect-debug;
#   5. reinstalls (config and state kept), removes (config and state kept), purges (both gone).
#
# Needs root (dpkg chowns inside the throwaway root), dpkg, systemd (systemd-analyze), Java 17, curl, unzip;
# Shellcheck is used when present. Idempotent: everything happens in a temp folder that is removed at the end
# (LAYAR_CHECK_DEB_KEEP=1 keeps it, with every log, to look into a failure).
# Takes about 30 s.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
TOP="$(dirname "$HERE")"
TARGET="$HERE/target"
CHANNEL=simpang-lima
DEVICE=ci-wall-01

step() { printf '\n== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() { printf 'check-deb: FAIL: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

[ "$(id -u)" = 0 ] || fail "run as root: dpkg --root chowns files to the signage user inside the throwaway root"
for tool in dpkg dpkg-deb java curl unzip; do
    have "$tool" || fail "$tool is missing (apt-get install dpkg openjdk-17-jre-headless curl unzip)"
done
have systemd-analyze || fail "systemd-analyze is missing: apt-get install systemd"

newest() { # the newest of the files given (an unmatched glob gives none), or nothing
    local f best=""
    for f in "$@"; do
        if [ -f "$f" ] && { [ -z "$best" ] || [ "$f" -nt "$best" ]; }; then best="$f"; fi
    done
    printf '%s' "$best"
}
DEB_AMD64="$(newest "$TARGET"/layar-agent_*_amd64.deb)"
DEB_ARM64="$(newest "$TARGET"/layar-agent_*_arm64.deb)"
if [ -z "$DEB_AMD64" ] || [ -z "$DEB_ARM64" ]; then
    fail "no packages in $TARGET: run mvn -B verify (or mvn -B -pl deploy -am package -DskipTests) first"
fi
PACKAGER="$(newest "$TOP"/content-packager/target/content-packager-*-app.jar)"
[ -n "$PACKAGER" ] || fail "content-packager's jar is missing: run mvn -B verify first"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/layar-check-deb.XXXXXX")"
PIDS=()
cleanup() {
    local rc=$?
    set +e # a killed child's status (143) must not end the cleanup early
    for p in "${PIDS[@]:-}"; do
        if [ -n "$p" ]; then
            kill "$p" 2>/dev/null
            wait "$p" 2>/dev/null
        fi
    done
    if [ -n "${LAYAR_CHECK_DEB_KEEP:-}" ]; then
        echo "check-deb: kept $WORK (logs: provision.log, agent.log, doctor.log, dpkg-*.log)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------------
step "1. package contents: $(basename "$DEB_AMD64"), $(basename "$DEB_ARM64")"

expect_entry() { # deb mode owner path
    local listing="$1" mode="$2" owner="$3" path="$4" line
    line="$(awk -v p="$path" '$6 == p { print $1, $2 }' "$listing")"
    [ "$line" = "$mode $owner" ] || fail "$path: expected '$mode $owner' in the package, found '${line:-nothing}'"
}

for arch in amd64 arm64; do
    if [ "$arch" = amd64 ]; then deb="$DEB_AMD64"; own=linux-x86_64; other=linux-arm64; else deb="$DEB_ARM64"; own=linux-arm64; other=linux-x86_64; fi
    [ "$(dpkg-deb -f "$deb" Package)" = layar-agent ] || fail "$deb: Package is not layar-agent"
    [ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "$deb: Architecture is not $arch"
    depends="$(dpkg-deb -f "$deb" Depends)"
    case "$depends" in
        *"openjdk-17-jre-headless | java17-runtime-headless"*fonts-dejavu-core*) ;;
        *) fail "$deb: Depends should name a headless JRE 17 and fonts-dejavu-core; found: $depends" ;;
    esac
    dpkg-deb -I "$deb" >/dev/null

    listing="$WORK/contents-$arch.txt"
    dpkg-deb -c "$deb" >"$listing"
    expect_entry "$listing" -rw-r--r-- root/root ./usr/share/layar/edge-agent.jar
    expect_entry "$listing" -rwxr-xr-x root/root ./usr/bin/signage-agent
    expect_entry "$listing" -rwxr-xr-x root/root ./usr/bin/layar-collect-debug
    expect_entry "$listing" -rw-r--r-- root/root ./lib/systemd/system/layar-agent.service
    expect_entry "$listing" -rw-r----- root/root ./etc/layar/agent.yaml
    expect_entry "$listing" -rw-r--r-- root/root ./etc/default/layar-agent
    expect_entry "$listing" -rw-r--r-- root/root ./usr/share/doc/layar-agent/technician-guide.md
    ! grep -q ' \./var/lib/layar' "$listing" || fail "$deb ships /var/lib/layar; postinst creates it (so purge owns its removal)"

    ctl="$WORK/control-$arch"
    dpkg-deb -e "$deb" "$ctl"
    printf '/etc/default/layar-agent\n/etc/layar/agent.yaml\n' >"$WORK/conffiles.expected"
    sort "$ctl/conffiles" | diff -u "$WORK/conffiles.expected" - || fail "$deb: conffiles should list exactly the two files above"
    for s in postinst prerm postrm; do
        [ -x "$ctl/$s" ] || fail "$deb: $s is missing or not executable"
        sh -n "$ctl/$s" || fail "$deb: $s has a syntax error"
        grep -q 'DPKG_ROOT' "$ctl/$s" || fail "$deb: $s ignores DPKG_ROOT (installs into another root would touch this machine)"
    done

    jar="$WORK/edge-agent-$arch.jar"
    dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/layar/edge-agent.jar >"$jar"
    unzip -l "$jar" >"$WORK/jar-$arch.txt"
    grep -q "org/bytedeco/ffmpeg/$own/" "$WORK/jar-$arch.txt" || fail "$deb: the jar lacks the $own FFmpeg natives"
    ! grep -q "org/bytedeco/ffmpeg/$other/" "$WORK/jar-$arch.txt" || fail "$deb: the jar still carries the $other natives"
    ok "$arch: fields, modes, conffiles, maintainer scripts; jar with $own natives only ($(du -h "$jar" | cut -f1))"
done

if have shellcheck; then
    shellcheck "$WORK"/control-amd64/{postinst,prerm,postrm} "$HERE/debian/signage-agent" "$HERE/bin/collect-debug" "$0"
    ok "shellcheck: maintainer scripts, signage-agent, collect-debug, this script"
else
    echo "   (shellcheck not installed: skipped)"
fi

# ---------------------------------------------------------------------------------------------------------
step "2. install into a throwaway root"
R="$WORK/root"
mkdir -p "$R/etc" "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers"
touch "$R/var/lib/dpkg/status" "$R/var/lib/dpkg/available"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$R/etc/passwd"
printf 'root:x:0:\n' >"$R/etc/group"
printf 'root:*:19000:0:99999:7:::\n' >"$R/etc/shadow"
printf 'root:*::\n' >"$R/etc/gshadow"
chmod 0640 "$R/etc/shadow" "$R/etc/gshadow"
host_passwd="$(sha256sum /etc/passwd /etc/group)"

# --force-script-chrootless: run the maintainer scripts here with DPKG_ROOT=$R (the root has no /bin/sh to
# chroot into); --force-depends: the root has no JRE or fonts, the agent runs on this machine's Java below.
DPKG=(dpkg --root="$R" --force-script-chrootless --force-not-root --force-depends)
"${DPKG[@]}" -i "$DEB_AMD64" >"$WORK/dpkg-install.log" 2>&1 || { cat "$WORK/dpkg-install.log"; fail "dpkg -i into $R"; }
[ "$(dpkg-query --root="$R" -W -f '${Status}' layar-agent)" = "install ok installed" ] || fail "layar-agent is not 'install ok installed'"
[ "$(sha256sum /etc/passwd /etc/group)" = "$host_passwd" ] || fail "installing into $R changed this machine's /etc/passwd or /etc/group"

user_line="$(grep '^signage:' "$R/etc/passwd")" || fail "postinst did not create the signage user"
IFS=: read -r _ _ uid gid _ home shell <<<"$user_line"
if [ "$home" != /var/lib/layar ] || [ "$shell" != /usr/sbin/nologin ]; then
    fail "signage should have home /var/lib/layar and no login shell: $user_line"
fi
for g in video gpio spi i2c; do
    grep -qE "^$g:[^:]*:[0-9]+:(.*,)?signage(,.*)?$" "$R/etc/group" || fail "signage is not in group $g"
done
[ "$(stat -c '%a %u %g' "$R/var/lib/layar")" = "750 $uid $gid" ] || fail "/var/lib/layar should be 0750 signage:signage, is $(stat -c '%a %u %g' "$R/var/lib/layar")"
[ "$(stat -c '%a %u %g' "$R/etc/layar/agent.yaml")" = "640 0 $gid" ] || fail "/etc/layar/agent.yaml should be 0640 root:signage"
[ -x "$R/usr/bin/signage-agent" ] || fail "/usr/bin/signage-agent is not executable"
ok "user signage ($uid:$gid, nologin) in video gpio spi i2c; /var/lib/layar 0750; agent.yaml 0640 root:signage"

# ---------------------------------------------------------------------------------------------------------
step "3. the unit: systemd-analyze"
# In a container no systemd runs and /usr/bin/signage-agent is not installed on the host: verify the unit inside
# the throwaway root (where the binary it names exists); --recursive-errors=no because that root has no
# sysinit.target and friends for the unit's default dependencies to load.
systemd-analyze verify --man=no --recursive-errors=no --root="$R" /lib/systemd/system/layar-agent.service \
    || fail "systemd-analyze verify found problems in layar-agent.service"
exposure="$(systemd-analyze security --offline=yes --root="$R" layar-agent.service 2>/dev/null | sed -n 's/.*Overall exposure level for layar-agent.service: \([0-9.]*\).*/\1/p')"
if [ -n "$exposure" ]; then
    awk -v e="$exposure" 'BEGIN { exit !(e <= 4.0) }' || fail "the unit's exposure rose to $exposure (was 3.5); keep the sandbox"
    ok "verify passes; exposure $exposure (systemd-analyze security)"
else
    ok "verify passes (this systemd cannot score exposure offline)"
fi

# ---------------------------------------------------------------------------------------------------------
step "4. the installed agent against a test origin"
free_port() { # a port nothing listens on, without python
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    fail "no free port found"
}
(cd "$WORK" && java -jar "$PACKAGER" keys init --dir keys --lang en >/dev/null && \
    java -jar "$PACKAGER" build "$TOP/examples/pilot-kota" --keys keys --out bundle --lang en >"$WORK/build.log" 2>&1) \
    || { cat "$WORK/build.log"; fail "content-packager could not build the example site"; }
: >"$WORK/serve.log"  # exists before anyone reads it (the child opens it only when it runs)
java -jar "$PACKAGER" serve "$WORK/bundle" --port 0 --mqtt-port 0 --lang en >"$WORK/serve.log" 2>&1 &
PIDS+=("$!")
origin=""
for _ in $(seq 1 100); do
    origin="$(sed -n 's#.*\(http://127\.0\.0\.1:[0-9]*/\).*#\1#p' "$WORK/serve.log" | head -n 1)"
    [ -n "$origin" ] && break
    sleep 0.1
done
[ -n "$origin" ] || { cat "$WORK/serve.log"; fail "content-packager serve did not start"; }
ok "origin $origin serving the example site, signed now"

JAR="$R/usr/share/layar/edge-agent.jar"
JAVA=(java -Xmx160m -XX:+UseSerialGC -Djava.awt.headless=true -Dorg.bytedeco.javacpp.cachedir="$WORK/javacpp")
# provision and doctor: subcommands of the agent once Main registers them; until then their own main classes.
ops() {
    local cmd="$1"
    shift
    if "${JAVA[@]}" -jar "$JAR" --help 2>/dev/null | grep -qE "^ +$cmd( |$)"; then
        "${JAVA[@]}" -jar "$JAR" "$cmd" "$@"
    else
        local cls=ProvisionCommand
        [ "$cmd" = doctor ] && cls=DoctorCommand
        "${JAVA[@]}" -cp "$JAR" "id.layar.agent.ops.$cls" "$@"
    fi
}
api_port="$(free_port)"
fingerprint="$(sha256sum "$WORK/bundle/root.json" | cut -c1-64 | sed 's/..../& /g; s/ $//')"
printf 'ci-broker-secret\n' >"$WORK/broker.pw"
ops provision --config "$R/etc/layar/agent.yaml" --origin "$origin" --channel "$CHANNEL" --device "$DEVICE" \
    --root "$WORK/bundle/root.json" --fingerprint "$fingerprint" --yes --state "$R/var/lib/layar" --api-port "$api_port" \
    --broker mqtts://broker.invalid:8883 --broker-password-file "$WORK/broker.pw" --lang en >"$WORK/provision.log" 2>&1 \
    || { cat "$WORK/provision.log"; fail "provision against the test origin"; }
grep -q "Verified: channel $CHANNEL" "$WORK/provision.log" || { cat "$WORK/provision.log"; fail "provision did not verify the playlist"; }
[ "$(stat -c '%a %g' "$R/etc/layar/agent.yaml")" = "640 $gid" ] || echo "   note: agent.yaml is $(stat -c '%a %g' "$R/etc/layar/agent.yaml") (the host has no signage group to hand it to)"
ok "provision verified the playlist and wrote $R/etc/layar/agent.yaml and root.json"

: >"$WORK/agent.log"  # exists before anyone reads it (the child opens it only when it runs)
"${JAVA[@]}" -jar "$JAR" run --config "$R/etc/layar/agent.yaml" >"$WORK/agent.log" 2>&1 &
agent_pid="$!"
PIDS+=("$agent_pid")
token="$(sed -n 's/^  token: "\([^"]*\)".*/\1/p' "$R/etc/layar/agent.yaml")"
[ -n "$token" ] || { cat "$R/etc/layar/agent.yaml"; fail "provision wrote no api.token"; }
version=0
for _ in $(seq 1 300); do
    status="$(curl -s -m 2 -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port/status" || true)"
    version="$(printf '%s' "$status" | sed -n 's/.*"version" *: *\([0-9][0-9]*\).*/\1/p' | head -n 1)"
    [ -n "$version" ] && [ "$version" -ge 1 ] && break
    kill -0 "$agent_pid" 2>/dev/null || { cat "$WORK/agent.log"; fail "the installed agent exited"; }
    sleep 0.2
done
if [ -z "$version" ] || [ "$version" -lt 1 ]; then
    cat "$WORK/agent.log"
    fail "GET /status never showed version >= 1"
fi
ok "the installed agent accepted playlist version $version (GET /status)"
code="$(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$api_port/status" || true)"
[ "$code" = 401 ] || fail "GET /status without the token answered $code, not 401"
ok "the technician API refuses a request without the token (401)"

set +e
ops doctor --config "$R/etc/layar/agent.yaml" --os-root "$R" --timeout 3 --lang en >"$WORK/doctor.log" 2>&1
doctor_exit=$?
set -e
[ "$doctor_exit" -le 1 ] || { cat "$WORK/doctor.log"; fail "doctor says the wall cannot play (exit $doctor_exit)"; }
grep -q '^OK .*playlist .*verified' "$WORK/doctor.log" || { cat "$WORK/doctor.log"; fail "doctor did not verify the stored playlist"; }
grep -q '^OK .*agent .*playlist version' "$WORK/doctor.log" || { cat "$WORK/doctor.log"; fail "doctor did not find the running agent"; }
ok "doctor: exit $doctor_exit (0 can play, 1 with warnings); playlist verified, agent answering"

mkdir "$WORK/debug"
LAYAR_CONFIG="$R/etc/layar/agent.yaml" "$R/usr/bin/layar-collect-debug" "$WORK/debug" >"$WORK/collect.log" 2>&1 \
    || { cat "$WORK/collect.log"; fail "collect-debug"; }
archive="$(ls "$WORK"/debug/layar-debug-*.tar.gz)"
[ "$(find "$WORK/debug" -mindepth 1 | wc -l)" = 1 ] || fail "collect-debug left more than its archive in $WORK/debug"
tar -xzf "$archive" -C "$WORK/debug"
grep -rq '"version"' "$WORK"/debug/layar-debug-*/status.txt || fail "collect-debug has no /status"
! grep -rq 'ci-broker-secret' "$WORK/debug" || fail "collect-debug leaked the broker password"
! grep -rqF "$token" "$WORK/debug" || fail "collect-debug leaked the technician token"
grep -q 'password: <redacted>' "$WORK"/debug/layar-debug-*/config.txt || fail "collect-debug did not show the redacted password line"
ok "collect-debug: one archive, /status included, password redacted"

kill "$agent_pid" 2>/dev/null || true
wait "$agent_pid" 2>/dev/null || true

# ---------------------------------------------------------------------------------------------------------
step "5. reinstall, remove, purge"
config_sum="$(sha256sum "$R/etc/layar/agent.yaml")"
"${DPKG[@]}" --force-confold -i "$DEB_AMD64" >"$WORK/dpkg-reinstall.log" 2>&1 || { cat "$WORK/dpkg-reinstall.log"; fail "reinstall"; }
[ "$(sha256sum "$R/etc/layar/agent.yaml")" = "$config_sum" ] || fail "reinstalling replaced the provisioned config"
[ -f "$R/var/lib/layar/playlist.json" ] || fail "reinstalling lost the accepted playlist"
[ "$(stat -c '%a %g' "$R/etc/layar/agent.yaml")" = "640 $gid" ] || fail "after reinstall agent.yaml is not 0640 root:signage"
ok "reinstall keeps the config and the state"

"${DPKG[@]}" -r layar-agent >"$WORK/dpkg-remove.log" 2>&1 || { cat "$WORK/dpkg-remove.log"; fail "remove"; }
[ ! -e "$R/usr/share/layar/edge-agent.jar" ] || fail "remove left the jar"
if [ ! -f "$R/etc/layar/agent.yaml" ] || [ ! -f "$R/var/lib/layar/playlist.json" ]; then
    fail "remove should keep the config and the state"
fi
ok "remove keeps the config and the state"

"${DPKG[@]}" -P layar-agent >"$WORK/dpkg-purge.log" 2>&1 || { cat "$WORK/dpkg-purge.log"; fail "purge"; }
if [ -e "$R/etc/layar" ] || [ -e "$R/var/lib/layar" ]; then
    fail "purge should remove /etc/layar and /var/lib/layar"
fi
ok "purge removes /etc/layar and /var/lib/layar"

printf '\ncheck-deb: all checks passed (%s)\n' "$(basename "$DEB_AMD64")"

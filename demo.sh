#!/usr/bin/env bash
# The demo: build the example pilot site into a signed bundle, publish it to the packager's embedded origin
# (with its embedded MQTT broker), and run one edge agent per channel on a virtual panel. Open the technician
# pages it prints.
# Ctrl-C stops everything. Needs only Java 17 and Maven.
set -euo pipefail
cd "$(dirname "$0")"

ORIGIN_PORT="${LAYAR_ORIGIN_PORT:-8080}"
API_PORT="${LAYAR_API_PORT:-8081}"
MQTT_PORT="${LAYAR_MQTT_PORT:-1883}"
DEMO="target/demo"
SITE="examples/pilot-kota"

echo "== Building Layar (the first run downloads dependencies and takes a few minutes) =="
mvn -B -q -DskipTests -pl content-packager,edge-agent -am package

PACKAGER=(java -Djava.awt.headless=true -jar content-packager/target/content-packager-0.1.0-SNAPSHOT-app.jar)
AGENT_JAR=edge-agent/target/edge-agent-0.1.0-SNAPSHOT-app.jar
mkdir -p "$DEMO"

if [ ! -f "$DEMO/keys/root.json" ]; then
  echo "== Creating demo keys in $DEMO/keys (for real sites keep the root key offline) =="
  "${PACKAGER[@]}" keys init --dir "$DEMO/keys"
fi

echo "== Validating and building $SITE =="
"${PACKAGER[@]}" validate "$SITE"
"${PACKAGER[@]}" build "$SITE" --keys "$DEMO/keys" --out "$DEMO/bundle"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
mkdir -p "$DEMO/logs"

# Waits until a process's log shows a line, or says why it never did.
await_line() { # pid log pattern what
  for _ in $(seq 1 300); do
    grep -q "$3" "$2" 2>/dev/null && return 0
    if ! kill -0 "$1" 2>/dev/null; then
      echo "The $4 stopped while starting. Its log ($2) ends with:" >&2
      tail -n 15 "$2" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "The $4 did not start within 30 s; see $2" >&2
  exit 1
}

echo "== Serving $DEMO/origin on the embedded origin and MQTT broker (log: $DEMO/logs/origin.log) =="
mkdir -p "$DEMO/origin"
"${PACKAGER[@]}" serve "$DEMO/origin" --host 127.0.0.1 --port "$ORIGIN_PORT" --mqtt-port "$MQTT_PORT" \
  --data "$DEMO/serve-data" > "$DEMO/logs/origin.log" 2>&1 &
pids+=($!)
await_line $! "$DEMO/logs/origin.log" "Proof of play" "origin and broker"
BROKER="mqtt://127.0.0.1:$MQTT_PORT"

echo "== Publishing the bundle to the origin (blobs first, playlists last) and notifying the walls =="
"${PACKAGER[@]}" publish "$DEMO/bundle" --to "$DEMO/origin" --broker "$BROKER"

summary=()
port=$API_PORT
for channel in simpang-lima balai-kota; do
  dir="$DEMO/agent-$channel"
  mkdir -p "$dir"
  # The trusted root reaches a device out of band (at provisioning), never from the origin it guards against.
  cp "$DEMO/keys/root.json" "$dir/root.json"
  if [ "$channel" = balai-kota ]; then width=1280; height=720; name="Layar Lobi Balai Kota  (1280x720)"
  else width=768; height=384; name="Videotron Simpang Lima (768x384) "; fi
  cat > "$dir/agent.yaml" <<YAML
device: demo-$channel
channel: $channel
origin: http://127.0.0.1:$ORIGIN_PORT/
root: root.json
state: state
poll: 1m
panel:
  width: $width
  height: $height
  fps: 30
  output: virtual
api:
  host: 127.0.0.1
  port: $port
mqtt:
  url: $BROKER
  state-interval: 10s
YAML
  echo "== Starting the edge agent for channel $channel (log: $DEMO/logs/agent-$channel.log) =="
  java -Djava.awt.headless=true -Xmx128m -jar "$AGENT_JAR" run --config "$dir/agent.yaml" > "$DEMO/logs/agent-$channel.log" 2>&1 &
  pids+=($!)
  await_line $! "$DEMO/logs/agent-$channel.log" "http://" "agent for $channel"
  summary+=("  $name  technician page: http://127.0.0.1:$port/")
  port=$((port + 1))
done

echo
echo "The walls are running. Open a technician page to watch the virtual panel and its status:"
printf '%s\n' "${summary[@]}"
echo "  Origin (the signed bundle):                    http://127.0.0.1:$ORIGIN_PORT/channels/simpang-lima/playlist.json"
echo "  MQTT broker (state, proof of play, push):      $BROKER"
echo
echo "In another terminal:"
echo "  Every wall, online or not, and what it shows:"
echo "    ${PACKAGER[*]} fleet --broker $BROKER"
echo "  Push a new version: edit examples/pilot-kota, then build and publish; the walls switch within a second:"
echo "    ${PACKAGER[*]} build $SITE --keys $DEMO/keys --out $DEMO/bundle && \\"
echo "    ${PACKAGER[*]} publish $DEMO/bundle --to $DEMO/origin --broker $BROKER"
echo "  Proof of play of today, as CSV (the hash chain of each wall is checked):"
echo "    ${PACKAGER[*]} fleet plays --db $DEMO/serve-data/plays.db --from $(date +%F) --to $(date +%F)"
echo "Ctrl-C stops everything."
wait

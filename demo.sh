#!/usr/bin/env bash
# The demo: build the example pilot site into a signed bundle, serve it on the packager's embedded origin,
# and run one edge agent per channel on a virtual panel. Open the technician pages it prints.
# Ctrl-C stops everything. Needs only Java 17 and Maven.
set -euo pipefail
cd "$(dirname "$0")"

ORIGIN_PORT="${LAYAR_ORIGIN_PORT:-8080}"
API_PORT="${LAYAR_API_PORT:-8081}"
DEMO="target/demo"
SITE="examples/pilot-kota"

echo "== Building Layar (the first run downloads dependencies and takes a few minutes) =="
mvn -B -q -DskipTests package

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

echo "== Serving the bundle on the embedded origin =="
"${PACKAGER[@]}" serve "$DEMO/bundle" --host 127.0.0.1 --port "$ORIGIN_PORT" &
pids+=($!)

port=$API_PORT
for channel in simpang-lima balai-kota; do
  dir="$DEMO/agent-$channel"
  mkdir -p "$dir"
  # The trusted root reaches a device out of band (at provisioning), never from the origin it guards against.
  cp "$DEMO/keys/root.json" "$dir/root.json"
  width=768; height=384
  if [ "$channel" = balai-kota ]; then width=1280; height=720; fi
  cat > "$dir/agent.yaml" <<YAML
device: demo-$channel
channel: $channel
origin: http://127.0.0.1:$ORIGIN_PORT/
root: root.json
state: state
poll: 10s
panel:
  width: $width
  height: $height
  fps: 30
  output: virtual
api:
  host: 127.0.0.1
  port: $port
YAML
  echo "== Starting the edge agent for channel $channel =="
  java -Djava.awt.headless=true -Xmx128m -jar "$AGENT_JAR" run --config "$dir/agent.yaml" &
  pids+=($!)
  port=$((port + 1))
done

echo
echo "The wall is running. Press Ctrl-C to stop."
wait

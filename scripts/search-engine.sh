#!/usr/bin/env bash
# Start or stop the development Elasticsearch node (genuine Elasticsearch 8 from Maven
# Central, see tools/elasticsearch/README.md). Usage: search-engine.sh start|stop|status
# SEARCH_ENGINE_PORT (9200) and SEARCH_ENGINE_HOME (var/elasticsearch) run a second node beside it.
# SEARCH_ENGINE_NODES=N (1) starts a cluster of N nodes instead: node i listens on HTTP
# port SEARCH_ENGINE_PORT+i-1 and transport port SEARCH_ENGINE_PORT+100+i-1, data under
# SEARCH_ENGINE_HOME/node-i (beside the shared dev node: SEARCH_ENGINE_PORT=9400).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SEARCH_ENGINE_PORT:-9200}"
HOME_DIR="${SEARCH_ENGINE_HOME:-var/elasticsearch}"
PID_FILE="$HOME_DIR/node.pid"
LOG_FILE="$HOME_DIR/node.log"
TOOL="tools/elasticsearch"
NODES="${SEARCH_ENGINE_NODES:-1}"
URL="http://127.0.0.1:$PORT"

healthy() {
  local nodes=""
  [ "$NODES" -le 1 ] || nodes="&wait_for_nodes=$NODES"
  curl -fsS "$URL/_cluster/health?wait_for_status=yellow$nodes&timeout=1s" >/dev/null 2>&1
}

build() {
  if [ ! -f "$TOOL/target/classes/eu/eitgrandest/devsearch/DevNode.class" ] \
     || [ "$TOOL/pom.xml" -nt "$TOOL/target/classes/eu/eitgrandest/devsearch/DevNode.class" ] \
     || [ -n "$(find "$TOOL/src" -newer "$TOOL/target/classes/eu/eitgrandest/devsearch/DevNode.class" -name '*.java' 2>/dev/null)" ]; then
    echo "Building the development search engine (Maven)..."
    (cd "$TOOL" && mvn -q -B package dependency:copy-dependencies -DskipTests)
  fi
}

start() {
  if healthy; then echo "Elasticsearch already answers on $URL"; return 0; fi
  command -v java >/dev/null || { echo "java (17+) is required: apt-get install openjdk-17-jre-headless" >&2; exit 1; }
  command -v mvn >/dev/null || { echo "mvn is required: apt-get install maven" >&2; exit 1; }
  build
  mkdir -p "$HOME_DIR"
  nohup java -Xms512m -Xmx1g -XX:+UseG1GC -Dlog4j2.disable.jmx=true \
    -cp "$TOOL/target/classes:$TOOL/target/lib/*" eu.eitgrandest.devsearch.DevNode \
    --path "$HOME_DIR" --http-port "$PORT" --transport-port "$((PORT + 100))" \
    >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 120); do
    if healthy; then echo "Elasticsearch is up on $URL (pid $(cat "$PID_FILE"))"; return 0; fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "Elasticsearch did not become healthy; last lines of $LOG_FILE:" >&2
  tail -40 "$LOG_FILE" >&2
  exit 1
}

stop() {
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    kill "$(cat "$PID_FILE")"
    for _ in $(seq 1 30); do kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break; sleep 1; done
    echo "Elasticsearch stopped."
  else
    echo "No development Elasticsearch running."
  fi
  rm -f "$PID_FILE"
}

# One node of a cluster of $NODES on loopback: start_cluster_node INDEX.
start_cluster_node() {
  local i="$1" home="$HOME_DIR/node-$1" seeds="" masters=""
  for j in $(seq 1 "$NODES"); do
    seeds="$seeds${seeds:+,}127.0.0.1:$((PORT + 100 + j - 1))"
    masters="$masters${masters:+,}node-$j"
  done
  if [ -f "$home/node.pid" ] && kill -0 "$(cat "$home/node.pid")" 2>/dev/null; then return 0; fi
  mkdir -p "$home"
  nohup java -Xms512m -Xmx512m -XX:+UseG1GC -Dlog4j2.disable.jmx=true \
    -cp "$TOOL/target/classes:$TOOL/target/lib/*" eu.eitgrandest.devsearch.DevNode \
    --path "$home" --http-port "$((PORT + i - 1))" --transport-port "$((PORT + 100 + i - 1))" \
    --cluster-name "${SEARCH_ENGINE_CLUSTER:-eit-grand-est-dev-cluster}" --node-name "node-$i" \
    --seed-hosts "$seeds" --initial-master-nodes "$masters" >"$home/node.log" 2>&1 &
  echo $! >"$home/node.pid"
}

start_cluster() {
  if healthy; then echo "A cluster of $NODES nodes already answers on $URL"; return 0; fi
  command -v java >/dev/null || { echo "java (17+) is required: apt-get install openjdk-17-jre-headless" >&2; exit 1; }
  command -v mvn >/dev/null || { echo "mvn is required: apt-get install maven" >&2; exit 1; }
  build
  for i in $(seq 1 "$NODES"); do start_cluster_node "$i"; done
  for _ in $(seq 1 180); do
    if healthy; then
      echo "Elasticsearch cluster of $NODES nodes is up on ports $PORT-$((PORT + NODES - 1))"
      return 0
    fi
    sleep 1
  done
  echo "The cluster did not form; last lines of $HOME_DIR/node-1/node.log:" >&2
  tail -40 "$HOME_DIR/node-1/node.log" >&2
  exit 1
}

stop_cluster() {
  for i in $(seq 1 "$NODES"); do
    PID_FILE="$HOME_DIR/node-$i/node.pid" stop
  done
}

if [ "$NODES" -gt 1 ]; then
  case "${1:-start}" in
    start) start_cluster ;;
    stop) stop_cluster ;;
    status) if healthy; then echo "$NODES nodes up on $URL"; else echo "down"; exit 1; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
  esac
  exit 0
fi

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) if healthy; then echo "up on $URL"; else echo "down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

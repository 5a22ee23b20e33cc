#!/usr/bin/env bash
# Runs the JMH benchmarks (src/test/java/dev/llmgate/bench). Extra arguments go to JMH, e.g. a regex:
#   scripts/jmh.sh TranslationBench.requestUp -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(scripts/find-jdk.sh)"
export JAVA_HOME
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main "$@"

#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm
# (LLMGATE_JVM_DIR overrides the folder), else the `java` on PATH. Exits 1 with a message naming what to
# install when there is none.
set -uo pipefail

major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1])}'
}

qualifies() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(major "$1")" -ge 21 ] 2>/dev/null
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
for dir in $(ls -d "${LLMGATE_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -V -r); do candidates+=("${dir%/}"); done
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi

for home in "${candidates[@]}"; do
  if qualifies "$home"; then
    echo "$home"
    exit 0
  fi
done
echo "llmgate needs a JDK 21 or newer (java and javac). Install one (for example Temurin 21+) and set JAVA_HOME." >&2
exit 1

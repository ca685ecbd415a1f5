#!/usr/bin/env bash
# Runs MinIO Mint's awscli and s3cmd suites (https://github.com/minio/mint, a checkout given as the
# first argument) and, given a minio-js checkout as the second, minio-js's functional tests, against
# a fresh Cairn: 4 drives (EC 2+2), the built-in KMS, HTTP or (MODE=https) HTTPS with a
# self-signed certificate trusted through a private CA bundle. Needs a built tree
# (`npx tsc -p tsconfig.json`), openssl, Debian's awscli and s3cmd, and for minio-js `npm ci` in
# its checkout. Logs (mint's log.json per suite, mocha's output, the server log) stay in the
# printed work dir. README "MinIO Mint" has what was measured with it and why what fails fails.
#
#   tools/mint/run.sh ~/mint                 # awscli + s3cmd over HTTP
#   MODE=https tools/mint/run.sh ~/mint ~/minio-js
set -uo pipefail
MINT=$(cd "${1:?usage: run.sh MINT_CHECKOUT [MINIO_JS_CHECKOUT]}" && pwd)
MINIOJS=${2:+$(cd "$2" && pwd)}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=${MODE:-http}
PORT=${PORT:-8102}
WORK=$(mktemp -d /tmp/cairn-mint.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; rm -rf "$WORK/data"; }
trap cleanup EXIT
mkdir -p "$WORK"/{tmp,home,log,mintdata}

# Mint's tests, unchanged but for awscli's absolute /tmp/ paths; its data files.
cp -r "$MINT" "$WORK/mint"
sed -i "s#/tmp/#$WORK/tmp/#g" "$WORK/mint/run/core/awscli/test.sh"
sed "s#MINT_DATA_DIR=.*#MINT_DATA_DIR=$WORK/mintdata#" "$WORK/mint/create-data-files.sh" > "$WORK/create-data-files.sh"
bash "$WORK/create-data-files.sh" > /dev/null

CERTENV=()
if [ "$MODE" = https ]; then
  mkdir -p "$WORK/certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$WORK/certs/private.key" -out "$WORK/certs/public.crt" 2>/dev/null
  CERTENV=(CAIRN_CERTS_DIR="$WORK/certs")
fi
(
  cd "$ROOT"
  exec env "${CERTENV[@]}" CAIRN_ROOT_USER=minioadmin CAIRN_ROOT_PASSWORD=minioadmin123 \
    CAIRN_KMS_SECRET_KEY="mint-key:$(head -c 32 /dev/urandom | base64)" CAIRN_LOG_LEVEL=debug \
    node bin/cairn.js server --address "127.0.0.1:$PORT" "$WORK"/data/d{1...4}
) > "$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do grep -q '^S3-API' "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^S3-API' "$WORK/server.log" || { cat "$WORK/server.log"; exit 1; }

# The environment mint.sh exports; clients' configuration kept out of $HOME.
export MINT_DATA_DIR="$WORK/mintdata" MINT_MODE=core SERVER_ENDPOINT="127.0.0.1:$PORT"
export ACCESS_KEY=minioadmin SECRET_KEY=minioadmin123 SERVER_REGION=us-east-1 ENABLE_VIRTUAL_STYLE=0 RUN_ON_FAIL=0
export ENABLE_HTTPS=0 HOME="$WORK/home" AWS_CONFIG_FILE="$WORK/home/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/home/aws-creds"
if [ "$MODE" = https ]; then
  ENABLE_HTTPS=1
  cat /etc/ssl/certs/ca-certificates.crt "$WORK/certs/public.crt" > "$WORK/ca-bundle.crt"
  export REQUESTS_CA_BUNDLE="$WORK/ca-bundle.crt" SSL_CERT_FILE="$WORK/ca-bundle.crt" AWS_CA_BUNDLE="$WORK/ca-bundle.crt"
  export CURL_CA_BUNDLE="$WORK/ca-bundle.crt" NODE_EXTRA_CA_CERTS="$WORK/ca-bundle.crt"
fi

for sdk in awscli s3cmd; do
  mkdir -p "$WORK/log/$sdk"
  (cd "$WORK/mint/run/core/$sdk" && timeout 1200 ./run.sh "$WORK/log/$sdk/log.json" "$WORK/log/$sdk/error.log")
  echo "$sdk: exit $?, $(grep -c '"status": *"PASS"' "$WORK/log/$sdk/log.json") PASS, $(grep -c '"status": *"FAIL"' "$WORK/log/$sdk/log.json") FAIL"
done

if [ -n "$MINIOJS" ]; then
  # As mint's run/core/minio-js does, without the checkout's own .mocharc (it adds the unit tests).
  (cd "$MINIOJS" && SERVER_ENDPOINT="127.0.0.1:$PORT" MINT_MODE=full timeout 3000 node ./node_modules/mocha/bin/mocha.js --no-config --exit \
    --require dotenv/config --require source-map-support/register --require ./babel-register.js \
    tests/functional/functional-tests.js -R spec > "$WORK/log/minio-js.out" 2>&1)
  echo "minio-js: exit $?, $(grep -Eo '[0-9]+ (passing|failing|pending)' "$WORK/log/minio-js.out" | tr '\n' ' ')"
fi
echo "logs: $WORK/log, server: $WORK/server.log"

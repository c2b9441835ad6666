#!/usr/bin/env bash
# Certificates for the TLS scenarios, made in folder $1 with openssl: a CA the client is told to
# trust (ca.pem, as an organisation installs its own), the server's certificate from it for
# localhost (server.pem/.key), an impostor's self-signed one for the same name (impostor.pem/.key),
# and one from the CA for another host (wronghost.pem/.key).
set -euo pipefail
cd "$1"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2)
openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -subj "/CN=Sunline Test CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2> /dev/null
openssl req "${ec[@]}" -keyout server.key -out server.csr -subj "/CN=localhost" 2> /dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2> /dev/null
openssl req -x509 "${ec[@]}" -keyout impostor.key -out impostor.pem -subj "/CN=localhost" \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2> /dev/null
# A certificate from the trusted CA for another host (billing.internal), served on localhost: only a
# client that checks the host name refuses it.
openssl req "${ec[@]}" -keyout wronghost.key -out wronghost.csr -subj "/CN=billing.internal" 2> /dev/null
printf 'subjectAltName=DNS:billing.internal\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > wronghost.ext
openssl x509 -req -in wronghost.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out wronghost.pem -days 2 -extfile wronghost.ext 2> /dev/null

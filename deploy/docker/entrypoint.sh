#!/bin/sh
# Container entrypoint of every service: migrate the service's database, then become the service.
# APP (set in the image from the build argument) names the service, e.g. referrals.
set -eu

: "${APP:?APP must name the service to run (gateway, referrals, directory, case-files, notifications, fhir)}"

cd "$(dirname "$0")/../.."

# Creates the service's database when missing, then applies pending TypeORM migrations.
node "dist/apps/$APP/src/migrate.js"

# exec: node replaces the shell, so SIGTERM from `docker stop` reaches it and it shuts down gracefully.
exec node "dist/apps/$APP/src/main.js"

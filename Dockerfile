# syntax=docker/dockerfile:1
# One image recipe for every service: `--build-arg APP=<name>` picks the app (see docker-compose.yml).
#   docker build --build-arg APP=referrals --build-arg PORT=3001 -t referral/referrals .
# Stages: deps (all dependencies, from the lockfile) -> build (swc into dist/) -> runtime (production
# dependencies and dist/ only, non-root).

FROM node:24-bookworm-slim AS deps
WORKDIR /app
# Install scripts run here (nx, swc, testcontainers' ssh2); analytics and Nx Cloud stay off.
ENV SCARF_ANALYTICS=false \
    NX_DAEMON=false \
    NX_NO_CLOUD=true
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ARG APP
ARG PORT=3000
ENV NODE_ENV=production \
    APP=${APP} \
    PORT=${PORT} \
    HOST=0.0.0.0
WORKDIR /app
# Production dependencies only. No install scripts: no runtime dependency needs one, and the one that
# has one (@scarf/scarf) only reports analytics.
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY --chmod=0755 deploy/docker/entrypoint.sh ./deploy/docker/entrypoint.sh
# Fail the build, not the container, when APP names no service.
RUN test -n "${APP}" || { echo 'build with --build-arg APP=<service>' >&2; exit 1; } \
 && test -f "dist/apps/${APP}/src/main.js" && test -f "dist/apps/${APP}/src/migrate.js"
# The code stays root-owned and read-only to the process that runs it.
USER node
EXPOSE ${PORT}
# Liveness only (the process serves HTTP); readiness (database and Kafka) is /health/ready, which
# docker-compose.yml uses to order start-up. Slim images have no curl: node's fetch does it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/deploy/docker/entrypoint.sh"]

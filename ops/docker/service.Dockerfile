# syntax=docker/dockerfile:1
# The one Dockerfile of the repository: the image of any deployable workspace of the monorepo
# (services/*, tools/x-api-emulator), built from the repository root as context:
#   docker build -f ops/docker/service.Dockerfile \
#     --build-arg WORKSPACE=services/trends --build-arg PORT=9104 -t tweet-pipeline/trends .
# WORKSPACE (required) is the workspace the image runs, PORT the port its health check asks,
# HEALTH_PATH (default /healthz) the path. Each image's arguments are listed once in
# tools/deploy-checks/src/images.ts (ImageTargets); docker-compose.yml and ops/ci/build-image.sh
# pass the same, and tools/deploy-checks/test/dockerfile.test.ts checks this recipe for each.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- manifests: only what npm reads, so the dependency layers below are reused until a
# package.json, the lockfile or .npmrc changes (COPY --from is cached by content).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
  && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \; \
  && cp package-lock.json .npmrc /manifests/ \
  && cp --parents ops/docker/workspace-closure.mjs /manifests/

# ---- build: every dependency (TypeScript included), then compile the workspace and the
# libraries it references. Install scripts are skipped: compiling needs no native addon.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
ARG WORKSPACE
RUN test -n "${WORKSPACE}" || { echo 'build with --build-arg WORKSPACE=services/<name>' >&2; exit 1; }
RUN node_modules/.bin/tsc -b "${WORKSPACE}" \
  && node ops/docker/workspace-closure.mjs dist "${WORKSPACE}" /out

# ---- prod-deps: the production dependencies of this workspace and of the libraries it uses,
# nothing of the other workspaces. `npm ci` cannot leave workspaces out, so the root manifest is
# cut down to this workspace's closure first; `npm install` then keeps the lockfile's versions.
# The Kafka client's install script fetches its prebuilt addon: librdkafka linked statically
# with its own OpenSSL, zstd, lz4 and SASL PLAIN/SCRAM (no GSSAPI), so at run time it needs only
# glibc and libstdc++ (both in the Node image) and the CA bundle for TLS brokers.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
ARG WORKSPACE
RUN --mount=type=cache,target=/root/.npm node ops/docker/workspace-closure.mjs manifest "${WORKSPACE}" \
  && npm install --omit=dev --no-audit --no-fund \
  && if [ -d node_modules/@confluentinc/kafka-javascript ]; then \
       node -e "require('@confluentinc/kafka-javascript')"; \
     fi \
  && node ops/docker/workspace-closure.mjs deps "${WORKSPACE}" /deploy

# ---- runtime: production dependencies, compiled JavaScript, a non-root user. Nothing here is
# written at run time except /tmp and the spool directory, so the root filesystem can be read-only.
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /var/lib/tweet-pipeline/spool \
  && chown -R 1000:1000 /var/lib/tweet-pipeline
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /deploy/ ./
COPY --from=build /out/ ./
COPY ops/docker/healthcheck.mjs /usr/local/lib/tweet-pipeline/healthcheck.mjs
ARG WORKSPACE
ARG PORT
ARG HEALTH_PATH=/healthz
ENV HEALTHCHECK_URL=http://127.0.0.1:${PORT}${HEALTH_PATH}
# Container defaults of settings whose own defaults suit a developer's machine. Each is read by
# one workspace only and ignored by the others: the producer spools into the directory made above,
# the X API emulator listens on every interface (127.0.0.1 is unreachable from outside) on PORT.
ENV PRODUCER_SPOOL_PATH=/var/lib/tweet-pipeline/spool/producer.db \
  X_EMULATOR_HOST=0.0.0.0 \
  X_EMULATOR_PORT=${PORT}
EXPOSE ${PORT}
# Numeric, so Kubernetes can check runAsNonRoot; 1000 is the image's `node` user.
USER 1000:1000
# The services trap SIGTERM and stop within SHUTDOWN_GRACE_MS (20 s by default).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/usr/local/lib/tweet-pipeline/healthcheck.mjs"]
WORKDIR /app/${WORKSPACE}
CMD ["node", "dist/src/main.js"]

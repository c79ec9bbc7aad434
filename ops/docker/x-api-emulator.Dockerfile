# syntax=docker/dockerfile:1
# Image tweet-pipeline/x-api-emulator: runs tools/x-api-emulator. Build from the repository root:
#   docker build -f ops/docker/x-api-emulator.Dockerfile -t tweet-pipeline/x-api-emulator .
# GENERATED from ops/docker/service.Dockerfile by `npm run render -w tools/deploy-checks`:
# edit that file and render again; tools/deploy-checks/test/dockerfile.test.ts fails on drift.

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
ARG WORKSPACE=tools/x-api-emulator
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
ARG WORKSPACE=tools/x-api-emulator
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
ARG WORKSPACE=tools/x-api-emulator
ARG PORT=8787
ARG HEALTH_PATH=/_emulator/state
ENV HEALTHCHECK_URL=http://127.0.0.1:${PORT}${HEALTH_PATH}
# per-image settings
ENV X_EMULATOR_HOST=0.0.0.0
ENV X_EMULATOR_PORT=8787
EXPOSE ${PORT}
# Numeric, so Kubernetes can check runAsNonRoot; 1000 is the image's `node` user.
USER 1000:1000
# The services trap SIGTERM and stop within SHUTDOWN_GRACE_MS (20 s by default).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "/usr/local/lib/tweet-pipeline/healthcheck.mjs"]
WORKDIR /app
CMD ["node", "tools/x-api-emulator/dist/src/main.js"]

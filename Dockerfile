# syntax=docker/dockerfile:1
# Node 22 LTS: Node 20 reached end of life in April 2026, and cookie@2 declares node >= 22.
FROM node:22-bookworm-slim AS build
# re2 is a native addon: npm ci downloads a prebuilt binary for this Node, or compiles it with these.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node migrations ./migrations
COPY --chown=node:node config ./config
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The same V8 heap flags as `npm start` (see README, Performance: memory).
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=30", "dist/src/main.js"]

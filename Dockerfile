# kubehow in a container (the image deploy/watch runs as `kubehow watch`; any other command works the same way):
#   docker build -t kubehow .
#   docker run --rm kubehow demo
# test/dockerfile.test.ts checks that what this file copies exists and that the entrypoint is the build's bin.

# Build: dev dependencies (TypeScript) compile src/ into dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies and the compiled code only, as an unprivileged user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# Read at run time: the demo's snapshot, and the finding and hypothesis pages the output refers to.
COPY examples/sonarr-hairpin ./examples/sonarr-hairpin
COPY docs ./docs
# The distroless "nonroot" uid; deploy/watch/deployment.yaml runs as the same.
USER 65532:65532
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["--help"]

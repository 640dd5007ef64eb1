# The app image: the API server (default) or a worker (`npm run worker`), same code.
# Stage 1 builds the web app with the dev dependencies; stage 2 carries only what runs.
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:ui

FROM node:20.19-bookworm-slim
ENV NODE_ENV=production TZ=UTC
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# patches/: feelin's decimal arithmetic (README, "FEEL"), applied by postinstall.
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
COPY --from=build /app/modeler-ui/dist ./modeler-ui/dist
USER node
EXPOSE 3000
CMD ["npm", "run", "server"]

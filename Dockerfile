# The app image: the API server (default) or a worker (`npm run worker`), same code.
FROM node:20.19-bookworm-slim
ENV NODE_ENV=production TZ=UTC
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# patches/: feelin's decimal arithmetic (README, "FEEL"), applied by postinstall.
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# The web app is built into the image (vite is a runtime dependency for that reason).
RUN npm run build:ui
USER node
EXPOSE 3000
CMD ["npm", "run", "server"]

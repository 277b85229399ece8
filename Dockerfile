# citebot's container image: the binary and the seeds on a small image
# with no shell, run as a non-root user, its data in the volume /data.
#
#   docker compose up -d                   # with compose.yaml and .env
#   docker build -t citebot .
#   docker run --env-file .env -v citebot-data:/data -p 127.0.0.1:8080:8080 citebot
#
# The build stamps the version and revision from git when the build
# context holds the checkout's .git, else from the VERSION and REVISION
# build arguments (docker build --build-arg REVISION=$(git rev-parse HEAD));
# without either, `citebot version` says unknown. deploy/deploy_test.go runs
# the build stage's command and checks every path copied here.

FROM golang:1.26 AS build
WORKDIR /src
# The modules first, so that changing the code does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION
ARG REVISION
RUN deploy/build.sh /out/citebot && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/citebot /app/citebot
COPY seeds/ /app/seeds/
COPY LICENSE NOTICE THIRD_PARTY_NOTICES.md /app/
# An empty /data owned by the user the bot runs as: a new volume mounted
# there takes its owner.
COPY --from=build --chown=65532:65532 /out/data /data
ENV CITEBOT_SEEDS_DIR=/app/seeds \
    CITEBOT_DATA_DIR=/data \
    CITEBOT_HTTP_ADDR=:8080
VOLUME /data
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
    CMD ["/app/citebot", "healthcheck"]
ENTRYPOINT ["/app/citebot"]

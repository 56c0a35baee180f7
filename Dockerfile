# syntax=docker/dockerfile:1
#
# supportbot in a container: a Go builder with cgo (mattn/go-sqlite3 is C),
# then a small Debian runtime with the binary alone, run as a non-root user.
#
#   docker build -t supportbot --build-arg VERSION=v1.4.0 --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run -p 8080:8080 -v supportbot-data:/var/lib/supportbot supportbot serve --demo
#
# The builder and the runtime are the same Debian release, so the binary
# finds the C library it was linked against.

ARG GO_VERSION=1.26
ARG DEBIAN_RELEASE=trixie

FROM golang:${GO_VERSION}-${DEBIAN_RELEASE} AS build
WORKDIR /src
# Modules first: this layer is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# The source is copied without .git (see .dockerignore), so the build has no
# VCS stamp: the version and revision come from the build arguments.
ARG VERSION=""
ARG REVISION=""
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" \
      -o /out/supportbot ./cmd/supportbot \
 && /out/supportbot --version

FROM debian:${DEBIAN_RELEASE}-slim
# ca-certificates for the platforms' HTTPS APIs, tzdata for the shop's
# opening hours in its time zone.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/supportbot --create-home \
      --shell /usr/sbin/nologin supportbot \
 && install -d -o supportbot -g supportbot -m 0700 /var/lib/supportbot/model-cache
COPY --from=build /out/supportbot /usr/local/bin/supportbot
USER supportbot:supportbot
WORKDIR /var/lib/supportbot
# Listen on every interface of the container; the SQLite default lives in
# the volume. With PostgreSQL, set SUPPORTBOT_DB=postgres://… instead.
# The trained classifier is cached in the volume too, so a restart skips
# the training.
ENV SUPPORTBOT_ADDR=0.0.0.0:8080 \
    SUPPORTBOT_DB=/var/lib/supportbot/supportbot.db \
    SUPPORTBOT_MODEL_CACHE=/var/lib/supportbot/model-cache
VOLUME ["/var/lib/supportbot"]
EXPOSE 8080
# The binary checks itself: no curl or wget in the image. It reads
# SUPPORTBOT_ADDR as serve does.
HEALTHCHECK --interval=15s --timeout=5s --start-period=2m --retries=3 \
  CMD ["supportbot", "healthcheck"]
# serve drains on SIGTERM (webhooks get 503 while the work in hand
# finishes); give it time with "docker stop --time 60" or the compose
# file's stop_grace_period.
STOPSIGNAL SIGTERM
ENTRYPOINT ["supportbot"]
CMD ["serve"]

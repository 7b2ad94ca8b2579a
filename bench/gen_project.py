#!/usr/bin/env python3
"""Writes a large, deterministic compose project for loader and `config` benchmarks.

Usage: bench/gen_project.py OUTDIR [--services N]

OUTDIR gets:
  compose.yaml  N services (default 1000), each extending one of 5 services in base.yaml
  base.yaml     the 5 base services (image, healthcheck, labels, environment, restart)
  .env          REGISTRY, APP_ENV and DB_PASSWORD, read by interpolation

The services use interpolation with defaults (${TAG:-latest}, ${APP_ENV:-production}),
required variables (${DB_PASSWORD:?...}), $$ escapes, short and long ports, environment as a
list and as a map, named and bind volumes in short and long form, depends_on as a list and as
a map with conditions (each service depends on up to 2 earlier ones, so the graph is a DAG),
healthcheck overrides, labels as a list and as a map, 3 declared networks (some with
aliases) and a few profiles. Only features docker-compose 1.29 accepts are used (no
`version:` key, so 1.29 reads it as a Compose Specification file) so the same project can be
timed with the reference tool. Output is a pure function of N: no clock, no randomness.
"""

import argparse
import os
import sys

BASES = ["base-web", "base-worker", "base-db", "base-cache", "base-batch"]
NETWORKS = ["frontend", "backend", "data"]
NAMED_VOLUMES = 20
PROFILE_EVERY = 97  # services 97, 194, ... get a profile; nothing depends on them


def service_name(index):
    return "svc%04d" % index


def has_profile(index):
    return index % PROFILE_EVERY == 0


def base_of(index):
    return BASES[index % len(BASES)]


def q(text):
    """A YAML double-quoted scalar (enough for the ASCII text this script writes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dependencies(index):
    """Up to 2 distinct earlier services without a profile, by a fixed arithmetic rule."""
    if index <= 1:
        return []
    picks = []
    for multiplier in (2654435761, 40503)[: index % 3]:
        target = (index * multiplier) % (index - 1) + 1
        if has_profile(target):
            target -= 1  # PROFILE_EVERY > 1, so target - 1 >= 1 and has no profile
        if target not in picks:
            picks.append(target)
    return sorted(picks)


def base_yaml():
    lines = ["services:"]
    for number, name in enumerate(BASES, start=1):
        lines += [
            "  %s:" % name,
            "    image: %s" % q("${REGISTRY}/base-%d:${TAG:-latest}" % number),
            "    restart: %s" % ('"no"' if name == "base-batch" else "unless-stopped"),
            "    environment:",
            "      LOG_LEVEL: info",
            "      BASE: %s" % q(name),
            "      APP_ENV: %s" % q("${APP_ENV:-production}"),
            "    labels:",
            "      com.example.base: %s" % q(name),
            "      com.example.team: platform",
        ]
        if name != "base-batch":  # batch jobs run to completion: no healthcheck
            lines += [
                "    healthcheck:",
                "      test: [\"CMD-SHELL\", \"test -f /tmp/healthy || exit 1\"]",
                "      interval: 30s",
                "      timeout: 5s",
                "      retries: 3",
                "      start_period: 10s",
            ]
        else:
            lines += ["    command: [\"sh\", \"-c\", \"echo batch $$HOSTNAME\"]"]
    return "\n".join(lines) + "\n"


def ports_lines(index):
    if index % 4 == 1:
        return ["    ports:", "      - %s" % q("127.0.0.1:%d:80" % (20000 + index))]
    if index % 4 == 2:
        return ["    ports:", "      - %s" % q("%d:443/tcp" % (30000 + index)), "      - %s" % q("9090")]
    if index % 4 == 3:
        return [
            "    ports:",
            "      - target: 8080",
            "        published: %d" % (40000 + index),
            "        protocol: tcp",
            "        mode: host",
        ]
    return []


def environment_lines(index):
    if index % 2 == 0:
        return [
            "    environment:",
            "      - %s" % q("SERVICE_INDEX=%d" % index),
            "      - %s" % q("DATABASE_URL=postgres://app:${DB_PASSWORD:?set DB_PASSWORD in .env}@svc0003/app"),
            "      - FEATURE_FLAGS",
        ]
    return [
        "    environment:",
        "      SERVICE_INDEX: %s" % q(str(index)),
        "      CACHE_URL: %s" % q("redis://${CACHE_HOST:-svc0004}:6379/%d" % (index % 16)),
        "      EMPTY_VALUE: \"\"",
    ]


def volumes_lines(index):
    lines = [
        "    volumes:",
        "      - %s" % q("data-%02d:/var/lib/app" % (index % NAMED_VOLUMES)),
        "      - %s" % q("./config/%s:/etc/app:ro" % service_name(index)),
    ]
    if index % 5 == 0:
        lines += [
            "      - type: bind",
            "        source: ./shared",
            "        target: /shared",
            "        read_only: true",
            "      - type: volume",
            "        source: %s" % ("data-%02d" % ((index + 7) % NAMED_VOLUMES)),
            "        target: /cache",
        ]
    return lines


def depends_on_lines(index):
    deps = dependencies(index)
    if not deps:
        return []
    if index % 2 == 0:
        return ["    depends_on:"] + ["      - %s" % service_name(dep) for dep in deps]
    lines = ["    depends_on:"]
    for dep in deps:
        healthy = base_of(dep) != "base-batch"
        lines += [
            "      %s:" % service_name(dep),
            "        condition: %s" % ("service_healthy" if healthy else "service_completed_successfully"),
        ]
    return lines


def networks_lines(index):
    first = NETWORKS[index % 3]
    second = NETWORKS[(index + 1) % 3]
    if index % 3 == 0:
        return ["    networks:", "      - %s" % first]
    return [
        "    networks:",
        "      %s:" % first,
        "        aliases:",
        "          - %s" % q("alias-%d" % index),
        "      %s: {}" % second,
    ]


def service_lines(index):
    lines = [
        "  %s:" % service_name(index),
        "    extends:",
        "      file: base.yaml",
        "      service: %s" % base_of(index),
        "    image: %s" % q("${REGISTRY}/app-%d:${TAG:-latest}" % index),
    ]
    lines += ports_lines(index)
    lines += environment_lines(index)
    lines += volumes_lines(index)
    lines += depends_on_lines(index)
    lines += networks_lines(index)
    if index % 10 == 0:
        lines += ["    healthcheck:", "      interval: 10s", "      retries: 5"]
    if index % 2 == 0:
        lines += ["    labels:", "      com.example.index: %s" % q(str(index))]
    else:
        lines += ["    labels:", "      - %s" % q("com.example.index=%d" % index)]
    if has_profile(index):
        lines += ["    profiles: [%s]" % ("debug" if index % 2 else "tools")]
    return lines


def compose_yaml(count):
    lines = ["services:"]
    for index in range(1, count + 1):
        lines += service_lines(index)
    lines += ["networks:", "  frontend: {}", "  backend:", "    driver: bridge", "  data:", "    internal: true"]
    lines += ["volumes:"] + ["  data-%02d: {}" % number for number in range(NAMED_VOLUMES)]
    return "\n".join(lines) + "\n"


def env_file():
    return "REGISTRY=registry.bench.test:5000\nAPP_ENV=bench\nDB_PASSWORD=s3cret\n"


def main(argv):
    parser = argparse.ArgumentParser(description="Write a generated compose project for benchmarks.")
    parser.add_argument("outdir", help="directory to write compose.yaml, base.yaml and .env into")
    parser.add_argument("--services", type=int, default=1000, help="number of services (default 1000)")
    args = parser.parse_args(argv)
    if args.services < 1:
        parser.error("--services must be at least 1")
    os.makedirs(args.outdir, exist_ok=True)
    files = {"compose.yaml": compose_yaml(args.services), "base.yaml": base_yaml(), ".env": env_file()}
    for name, text in files.items():
        with open(os.path.join(args.outdir, name), "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""docker-py (Debian's python3-docker 5.0.3, what docker-compose 1.29 runs on) against berthd.

Usage: /usr/bin/python3 docker_py_check.py UNIX_SOCKET BUSYBOX_ROOTFS_TAR
Prints one "ok <check>" line per check and exits non-zero at the first failure.
"""
import io
import sys
import time

import docker

socket_path, rootfs_tar = sys.argv[1], sys.argv[2]
client = docker.DockerClient(base_url="unix://" + socket_path, version="auto")
api = client.api


def check(name, condition, detail=""):
    if not condition:
        print(f"FAIL {name}: {detail}")
        sys.exit(1)
    print(f"ok {name}")


check("ping", client.ping() is True)
version = client.version()
check("version negotiated", api.api_version == "1.41", api.api_version)
check("version fields", version["ApiVersion"] == "1.41" and version["Os"] == "linux", version)
info = client.info()
check("info", info["OSType"] == "linux" and "Images" in info, info)

since = int(time.time()) - 1
with open(rootfs_tar, "rb") as tar:
    output = api.import_image_from_data(tar.read(), repository="pyimage", tag="1", changes=['CMD ["sh"]'])
check("import reply is a status message", "sha256:" in str(output), output)
image = client.images.get("pyimage:1")
check("images.get", image.tags == ["pyimage:1"] and image.id.startswith("sha256:"), image.attrs)
check("image config", image.attrs["Config"]["Cmd"] == ["sh"], image.attrs["Config"])
check("images.list with filter", [i.id for i in client.images.list(filters={"reference": "pyimage"})] == [image.id])
check("tag", image.tag("pyimage", "2") is True)
check("tag visible", "pyimage:2" in client.images.get(image.id).tags)
removed = api.remove_image("pyimage:2")
check("untag", removed == [{"Untagged": "pyimage:2"}], removed)

saved = b"".join(image.save())
client.images.remove("pyimage:1")
try:
    client.images.get("pyimage:1")
    check("removed image is gone", False)
except docker.errors.ImageNotFound:
    check("removed image is gone", True)
loaded = client.images.load(saved)
check("load", [i.id for i in loaded] == [image.id], loaded)

events = api.events(since=since, until=int(time.time()) + 1, decode=True, filters={"type": "image"})
actions = [(e["status"], e["id"]) for e in events]
check("events with legacy fields", ("tag", image.id) in actions, actions)
try:
    client.images.pull("it-registry-only", tag="1")
    check("pull fails without a registry", False)
except docker.errors.APIError as error:
    check("pull fails without a registry", "registry" in str(error), str(error))
print("docker-py: all checks passed")

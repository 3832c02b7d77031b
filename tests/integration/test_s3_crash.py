"""SIGKILL during a stream of uploads: acknowledged objects survive intact, nothing half-written is visible, no orphans remain."""

import hashlib
import os
import signal
import sqlite3
import threading
import time


def body_for(index):
    if index % 2:
        return hashlib.sha256(str(index).encode()).digest() * (32 * (1 + index % 4))  # 1 to 4 KiB, kept in the database
    return hashlib.sha256(str(index).encode()).digest() * (8192 * (1 + index % 4))  # 256 KiB to 1 MiB, kept in files


def inline_blob_count(data_dir):
    with sqlite3.connect(os.path.join(data_dir, "metadata.sqlite")) as db:
        return db.execute("SELECT COUNT(*) FROM blob_inline").fetchone()[0]


def count_blob_files(data_dir):
    root = os.path.join(data_dir, "objects", "blobs")
    return sum(len(files) for _, _, files in os.walk(root))


def test_kill_during_uploads(fresh_server, unique):
    server = fresh_server
    s3 = server.client("s3")
    bucket = f"crash-{unique}"
    s3.create_bucket(Bucket=bucket)
    acknowledged = {}
    attempted = set()
    lock = threading.Lock()
    stop = threading.Event()

    def uploader(worker):
        client = server.client("s3")
        index = worker
        while not stop.is_set():
            key = f"obj-{index:05d}"
            with lock:
                attempted.add(key)
            try:
                client.put_object(Bucket=bucket, Key=key, Body=body_for(index))
            except Exception:
                return
            with lock:
                acknowledged[key] = hashlib.md5(body_for(index)).hexdigest()
            index += 4

    threads = [threading.Thread(target=uploader, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.time() + 30
    while len(acknowledged) < 20 and time.time() < deadline:
        time.sleep(0.05)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=30)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert len(acknowledged) >= 20

    server.start()
    s3 = server.client("s3")
    listed = {o["Key"]: o["ETag"].strip('"') for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in page.get("Contents", [])}
    for key, md5 in acknowledged.items():
        assert listed.get(key) == md5, key
        index = int(key.split("-")[1])
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body_for(index)
    # Only uploads that were in flight may have landed without their answer, and those are whole.
    for key in set(listed) - set(acknowledged):
        assert key in attempted
        index = int(key.split("-")[1])
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body_for(index)
    # The restart swept unfinished writes and unreferenced blobs: one blob per object, no temporaries.
    small = [key for key in listed if int(key.split("-")[1]) % 2]
    assert small and len(small) < len(listed)
    assert count_blob_files(server.data_dir) == len(listed) - len(small)
    assert inline_blob_count(server.data_dir) == len(small)
    assert os.listdir(os.path.join(server.data_dir, "objects", "tmp")) == []

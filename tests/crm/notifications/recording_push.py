"""A push provider for tests: like a real one, it refuses a key it has already seen;
it records every message it accepted, one line per key, in ``RECORDING_PUSH_FILE``
(shared across processes, locked), and can be made slow to widen a crash window."""

import fcntl
import os
import time

from crm.notifications.delivery import PushBackend


class FileRecordingPushBackend(PushBackend):
    def send(self, *, phone: str, text: str, url: str, key: str) -> None:
        time.sleep(float(os.environ.get("RECORDING_PUSH_DELAY", "0")))
        with open(os.environ["RECORDING_PUSH_FILE"], "a+", encoding="utf-8") as record:
            fcntl.flock(record, fcntl.LOCK_EX)
            record.seek(0)
            if key in record.read().split():
                return  # a repeat after a crash: the provider dedupes by key
            record.write(key + "\n")
            record.flush()


class FailingPushBackend(PushBackend):
    def send(self, *, phone: str, text: str, url: str, key: str) -> None:
        raise ConnectionError("短信网关不可用")

"""The emulator of another process (a `chat-emulator` binary, such as the
Windows one run under Wine), driven through its `/_emulator/` admin routes with
the methods the scenario uses of the in-process `chat_platform.Emulator`.

    CHAT_PLATFORM_EMULATOR_URL=http://127.0.0.1:8080 pytest test_scenario.py
"""

import json
import urllib.request

import chat_platform


class RemoteEmulator:
    def __init__(self, url):
        self.url = url.rstrip("/")
        config = self._call("GET", "config")
        self.org, self.app = config["org"], config["app"]
        self.app_key = f"{self.org}#{self.app}"
        self.client_id, self.client_secret = config["client_id"], config["client_secret"]
        self.app_id, self.app_certificate = config["app_id"], config["app_certificate"]

    def _call(self, method, route, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}/_emulator/{route}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read() or b"null")

    def _ok(self, method, route, body):
        try:
            self._call(method, route, body)
            return True
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return False
            raise

    def client(self):
        return chat_platform.Client(base_url=self.url, app_key=self.app_key,
                                    client_id=self.client_id, client_secret=self.client_secret)

    def async_client(self):
        return chat_platform.AsyncClient(base_url=self.url, app_key=self.app_key,
                                         client_id=self.client_id, client_secret=self.client_secret)

    def reset(self):
        self._call("POST", "reset", {})

    def stats(self):
        return self._call("GET", "stats")

    def set_config(self, **settings):
        self._call("POST", "config", settings)

    def set_presence(self, username, online=True):
        return self._ok("POST", "presence", {"username": username, "status": "online" if online else "offline"})

    def add_offline_messages(self, username, messages):
        msgs = [{"id": i, "status": "delivered" if d else "undelivered"} for i, d in messages]
        return self._ok("POST", "offline_messages", {"username": username, "messages": msgs})

    def set_devices(self, username, devices):
        rows = [d if isinstance(d, dict) else dict(zip(("resource", "device_uuid", "device_name"), d))
                for d in devices]
        return self._ok("POST", "devices", {"username": username, "devices": rows})

    def revoke_tokens(self):
        return self._call("POST", "revoke_tokens", {})["revoked"]

"""The .pyi stubs match the native module."""

import inspect
import pathlib
import subprocess
import sys

import chat_platform
from chat_platform import _native


def test_stubtest_agrees_with_the_module():
    r = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "chat_platform._native", "--ignore-missing-stub"],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_public_name_is_stubbed_and_documented():
    stub = (pathlib.Path(chat_platform.__file__).parent / "_native.pyi").read_text()
    assert (pathlib.Path(chat_platform.__file__).parent / "py.typed").exists()
    for name in dir(_native):
        if name.startswith("__"):
            continue
        obj = getattr(_native, name)
        assert f"class {name}" in stub or f"def {name}" in stub or f"\n{name} = " in stub, f"{name} has no stub"
        if inspect.isclass(obj) and not name.startswith("_"):
            assert obj.__doc__, f"{name} has no docstring"
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not callable(member):
                    continue
                assert f"def {attr}(" in stub, f"{name}.{attr} has no stub"
                assert member.__doc__, f"{name}.{attr} has no docstring"


def test_sync_and_async_clients_have_the_same_operations():
    def ops(cls):
        return {n for n in dir(cls) if not n.startswith("_")}

    assert ops(chat_platform.Client) == ops(chat_platform.AsyncClient)
    expected = {
        "fetch_token", "register_user_open", "register_user", "register_users", "get_user", "list_users",
        "iter_users", "delete_user", "delete_oldest_users", "delete_users", "set_password", "set_push_nickname",
        "set_notification_display_style", "set_no_disturb", "clear_no_disturb", "add_contact", "remove_contact",
        "list_contacts", "list_blocked", "block_users", "unblock_user", "user_status", "users_status",
        "offline_message_count", "offline_message_status", "deactivate_user", "activate_user", "disconnect_user",
        "user_token", "user_token_without_password", "list_devices", "logout_device", "set_user_attributes",
        "get_user_attributes", "delete_user_attributes", "users_attributes", "users_attributes_iter",
        "user_attributes_usage", "mute_user", "unmute_user", "get_mute", "list_mutes", "iter_mutes",
        "list_contacts_page", "iter_contacts", "set_contact_remark", "set_push_nicknames", "get_push_setting",
        "set_push_setting", "get_push_language", "set_push_language",
    }
    assert expected <= ops(chat_platform.Client)

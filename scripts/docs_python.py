"""`make docs`, Python: the API reference of the installed `chat_platform`
package by pdoc, its types read from the package's own stubs (`_native.pyi`,
given to pdoc as a stub package `chat_platform-stubs` next to it); fails on
a public class, function, method or property without a docstring, and on
anything pdoc warns about (a stub that does not match the module).

    python scripts/docs_python.py OUT_DIR STUB_DIR
"""

import inspect
import sys
import warnings

import pdoc
import pdoc.doc

out, stubs = sys.argv[1], sys.argv[2]
sys.path.insert(0, stubs)
warnings.simplefilter("error")  # pdoc reports a stub it cannot apply as a warning

module = pdoc.doc.Module.from_name("chat_platform")
missing = []


def walk(ns):
    for member in ns.members.values():
        if member.name.startswith("_") or member.taken_from[0].split(".")[0] != "chat_platform":
            continue  # private, or inherited from Python itself (Exception.args)
        obj = getattr(member, "default_value", None)
        if inspect.isclass(obj) and obj.__name__ != member.name:
            continue  # another name of a class documented under its own (RegisterBatch)
        if not member.docstring.strip():
            missing.append(member.fullname)
        if isinstance(member, pdoc.doc.Class):
            walk(member)


walk(module)
for sub in module.submodules:
    walk(sub)
if missing:
    sys.exit("docs_python.py: undocumented public items:\n  " + "\n  ".join(missing))
pdoc.pdoc("chat_platform", output_directory=pdoc.pdoc.__globals__["Path"](out))
print(f"python: {out}/chat_platform.html")

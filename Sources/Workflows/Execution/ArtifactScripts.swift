/// The parts of `actions/upload-artifact` and `actions/download-artifact` that touch the job's files, run inside its
/// sandbox with Python's standard library: the upload finds the files as `@actions/glob` does (patterns, `!`
/// exclusions, `**`, hidden files left out unless asked) and zips them relative to the paths' common root; the
/// download unpacks a zip where the step asks, refusing entries that would leave it.
enum ArtifactScripts {
    static let upload = #"""
import glob, json, os, sys, zipfile

patterns, archive, hidden, result = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3] == "true", sys.argv[4]
workspace = os.getcwd()
def absolute(pattern):
    return os.path.normpath(pattern if pattern.startswith("/") else os.path.join(workspace, pattern))
includes = [absolute(p) for p in patterns if not p.startswith("!")]
excludes = [absolute(p[1:]) for p in patterns if p.startswith("!")]
def search_root(pattern):
    parts = []
    for part in pattern.split("/"):
        if any(c in part for c in "*?["):
            break
        parts.append(part)
    return "/".join(parts) or "/"
def visible(path):
    return hidden or not any(part.startswith(".") for part in os.path.relpath(path, workspace).split(os.sep) if part not in (".", ".."))
files = set()
for pattern in includes:
    for found in glob.glob(pattern, recursive=True, include_hidden=hidden) if sys.version_info >= (3, 11) else glob.glob(pattern, recursive=True):
        if os.path.islink(found) and not os.path.exists(found):
            continue
        if os.path.isdir(found):
            for base, _, names in os.walk(found):
                files.update(os.path.join(base, n) for n in names)
        elif os.path.isfile(found):
            files.add(found)
import fnmatch
files = sorted(f for f in files if visible(f) and not any(fnmatch.fnmatch(f, e) or f.startswith(e.rstrip("/") + "/") for e in excludes))
if not files:
    open(result, "w").write("0")
    sys.exit(0)
roots = [search_root(p) for p in includes]
root = os.path.commonpath(roots) if len(roots) > 1 else roots[0]
if os.path.isfile(root):
    root = os.path.dirname(root)
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
    for path in files:
        name = os.path.relpath(path, root)
        if name.startswith(".."):
            name = os.path.basename(path)
        zipped.write(path, name)
open(result, "w").write(str(len(files)))
"""#

    static let download = #"""
import os, sys, zipfile

archive, target = sys.argv[1], sys.argv[2]
os.makedirs(target, exist_ok=True)
base = os.path.realpath(target)
with zipfile.ZipFile(archive) as zipped:
    for entry in zipped.infolist():
        destination = os.path.realpath(os.path.join(target, entry.filename))
        if destination != base and not destination.startswith(base + os.sep):
            print(f"::error::The artifact's entry {entry.filename} would be written outside {target}")
            sys.exit(1)
        zipped.extract(entry, target)
print(f"Extracted {len(zipped.infolist())} files to {target}")
"""#
}

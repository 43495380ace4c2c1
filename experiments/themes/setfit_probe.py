"""Probe: time of SetFit-style contrastive fine-tuning steps of e5-small on this machine."""
import random, time, torch
torch.set_num_threads(2)
from giptext.embed import load_embedder
from giptext.eval.themes import gold_table
from giptext.annotated import shared_dir
from sentence_transformers import InputExample, losses
from torch.utils.data import DataLoader
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
    fa = m.tokenize([e.texts[0] for e in b]); fb = m.tokenize([e.texts[1] for e in b])
    ea = m(fa)["sentence_embedding"]; eb = m(fb)["sentence_embedding"]
    y = torch.tensor([e.label for e in b])
    loss = torch.nn.functional.mse_loss(torch.cosine_similarity(ea, eb), y)
    opt.zero_grad(); loss.backward(); opt.step()
dt=time.time()-t0
print(f"10 steps x 16 pairs: {dt:.1f} s -> {dt/10:.2f} s/step")

#!/usr/bin/env python3
"""PyTorch side of bench/train.ts: reid's trainRun recipes on MNIST, trained and evaluated on request.

Protocol (one JSON object per line): the script answers {"ready": true, "torch": ..., "threads": n}
(or {"error": ...} when torch cannot be imported), then for each command line on stdin:
  {"cmd": "train", "dataDir": DIR, "holdout": [7, 8, 9], "sampler": "random" | "pk", "batchSize": 64,
   "p": P, "k": K, "batchesPerEpoch": B, "miner": "semihard" | "batchhard", "margin": 1.0 | "soft",
   "augment": bool, "epochs": E, "maxLr": 3e-3, "weightDecay": 0.01, "seed": 42, "shots": [1, 5], "shotSeed": 0}
      -> {"epochs": [{"seconds": s, "images": n, "loss": mean}], "evaluationSeconds": s,
          "metrics": {"closedSet": ..., "heldOut": ..., "kShot": [...]}}
  {"cmd": "quit"}
Progress goes to stderr, one line per 100 batches.
Run with Debian's interpreter: /usr/bin/python3 bench/reference/train_reference.py --threads N

Same as reid (src/recipes/train-run.ts and what it calls): the network (engine_reference.embedding_net),
the normalisation (x/255 − 0.1307)/0.3081, the samplers (random batches dropping the last; P×K with
identities rotating through a shuffled pool and each identity's images through a shuffled queue),
Euclidean distances computed as TF Addons' pairwise_distance, semi-hard mining with TF Addons' fallback
(farthest negative), batch-hard mining, hinge or soft margin, mean over mined triplets, AdamW (decoupled
wd, none on 1-D parameters), fastai's one-cycle lr and beta1 set before every batch, and the random affine
pose of reid's glyph preset (torchvision's RandomAffine conventions; warped with affine_grid/grid_sample
on the same pixel-centre grid and zero fill, so one pose gives the same image up to rounding).
Not the same: random streams (initial weights, dropout, batch order, augmentation poses, the images
enrolled in k-shot), because the two engines use different generators.

Metrics, on the L2-normalised embeddings of the MNIST test split, Euclidean distance:
  - leave-one-out: each item queries all others of the evaluated set; P@1 = nearest other item has the
    query's label; AP = mean over the query's R relevant items of (hits so far / rank); mAP = mean AP.
    Equal distances rank other identities first (reid's pessimistic tie policy). Queries without a
    relevant item are left out.
  - k-shot: per held-out class, `shots` items chosen at random (seeded); gallery = every test item of
    the trained classes + the enrolled items; queries = the other held-out items; top-1 = nearest
    gallery item has the query's label (a tie with another identity counts as wrong).
"""
import argparse
import gzip
import json
import math
import os
import random
import sys
import time


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import torch
    import torch.nn.functional as F
except Exception as error:  # noqa: BLE001 - any import failure means "no reference"
    reply({"error": f"import torch failed: {error}"})
    sys.exit(0)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_reference import embedding_net  # noqa: E402 - the one definition of the reference network

MEAN, STD = 0.1307, 0.3081


def progress(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


# ---- data -------------------------------------------------------------------------------------

def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    if data[2] != 0x08:
        raise ValueError(f"{path}: expected unsigned bytes (type 0x08) but found 0x{data[2]:02x}")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(dims)


def find(directory, name):
    for candidate in (name, name + ".gz"):
        if os.path.exists(os.path.join(directory, candidate)):
            return os.path.join(directory, candidate)
    raise FileNotFoundError(f"expected {name} (or .gz) in {directory}")


_datasets = {}


def load_mnist(directory):
    if directory not in _datasets:
        split = lambda prefix: (read_idx(find(directory, f"{prefix}-images-idx3-ubyte")),  # noqa: E731
                                read_idx(find(directory, f"{prefix}-labels-idx1-ubyte")).long())
        _datasets[directory] = (split("train"), split("t10k"))
    return _datasets[directory]


def to_input(images_uint8):
    """uint8 N×28×28 → float N×1×28×28 in [0, 1]."""
    return images_uint8.unsqueeze(1).float().div_(255)


def normalise(x01):
    return (x01 - MEAN) / STD


# ---- samplers (one epoch's batches, as index lists into the seen set) -------------------------

def random_batches(count, batch_size, batches, seed, epoch):
    generator = torch.Generator().manual_seed(seed * 1000 + epoch)
    order = torch.randperm(count, generator=generator)
    if batches * batch_size > count:
        raise ValueError(f"expected at most {count // batch_size} batches of {batch_size} but was asked for {batches}")
    return [order[b * batch_size:(b + 1) * batch_size] for b in range(batches)]


def pk_batches(labels, p, k, batches, seed, epoch):
    rng = random.Random(seed * 1000 + epoch)
    groups = {}
    for index, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(index)
    identities = sorted(groups)
    pool, queues, out = [], {}, []
    for _ in range(batches):
        chosen, deferred = [], []
        while len(chosen) < p:
            if not pool:
                pool = identities[:]
                rng.shuffle(pool)
            identity = pool.pop()
            (deferred if identity in chosen else chosen).append(identity)
        pool.extend(deferred)
        batch = []
        for identity in chosen:
            images = groups[identity]
            if len(images) < k:  # all of them, then random repeats
                picks = images[:]
                rng.shuffle(picks)
                batch.extend(picks + [rng.choice(images) for _ in range(k - len(picks))])
                continue
            queue = queues.get(identity, [])
            if len(queue) < k:
                waiting = set(queue)
                fresh = images[:]
                rng.shuffle(fresh)
                queue = queue + [i for i in fresh if i not in waiting]
            queues[identity] = queue[k:]
            batch.extend(queue[:k])
        out.append(torch.tensor(batch))
    return out


# ---- augmentation: reid's random affine (src/data/augment/random-affine.ts), batched ----------

def random_affine(x01, generator, degrees=10.0, scale=(0.9, 1.1), translate=(0.08, 0.08), shear=8.0):
    n, _, height, width = x01.shape
    uniform = lambda low, high: low + (high - low) * torch.rand(n, generator=generator, dtype=torch.float64)  # noqa: E731
    rotation, factor = uniform(-degrees, degrees), uniform(*scale)
    shift_x = torch.round(uniform(-translate[0], translate[0]) * width)
    shift_y = torch.round(uniform(-translate[1], translate[1]) * height)
    return warp_pose(x01, rotation, factor, shift_x, shift_y, uniform(-shear, shear))


def warp_pose(x01, rotation, factor, shift_x, shift_y, shear):
    """Per-image pose (degrees, scale, whole-pixel shifts, degrees of horizontal shear) about the centre."""
    _, _, height, width = x01.shape
    angle, shear_tan = rotation * math.pi / 180, torch.tan(shear * math.pi / 180)
    cos, sin = torch.cos(angle), torch.sin(angle)
    # Forward linear part M = R·H·s (on-screen rotation, horizontal shear), inverted: output → source.
    m00, m01 = cos * factor, (cos * shear_tan + sin) * factor
    m10, m11 = -sin * factor, (-sin * shear_tan + cos) * factor
    det = m00 * m11 - m01 * m10
    a, b, d, e = m11 / det, -m01 / det, -m10 / det, m00 / det
    centre_x, centre_y = (width - 1) / 2, (height - 1) / 2
    origin_x, origin_y = centre_x + shift_x, centre_y + shift_y
    c = centre_x - a * origin_x - b * origin_y
    f = centre_y - d * origin_x - e * origin_y
    # Pixel-index map → affine_grid's normalised coordinates (align_corners=True: ±1 = edge pixel centres).
    sw, sh = width - 1, height - 1
    b_n, d_n = b * sh / sw, d * sw / sh
    theta = torch.stack([
        torch.stack([a, b_n, a + b_n + 2 * c / sw - 1], 1),
        torch.stack([d_n, e, d_n + e + 2 * f / sh - 1], 1),
    ], 1).float()
    grid = F.affine_grid(theta, list(x01.shape), align_corners=True)
    return F.grid_sample(x01, grid, mode="bilinear", padding_mode="zeros", align_corners=True)


# ---- distances, miners, losses (src/metric) ---------------------------------------------------

def pairwise_distance(embeddings):
    """TF Addons' pairwise_distance: exact-zero diagonal, non-positive squares → 0, finite gradient at 0."""
    norms = (embeddings * embeddings).sum(1)
    squared = norms[:, None] + norms[None, :] - 2 * embeddings @ embeddings.t()
    eye = torch.eye(len(embeddings), dtype=torch.bool)
    squared = squared.masked_fill(eye, 0)
    zero = squared <= 0
    root = torch.sqrt(torch.where(zero, torch.ones_like(squared), squared))
    return torch.where(zero, torch.zeros_like(squared), root)


def label_masks(labels):
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool)
    return same & ~eye, ~same


def semi_hard_triplets(distances, labels):
    positive, negative = label_masks(labels)
    n = len(labels)
    semi_hard = (distances[:, :, None] < distances[:, None, :]) & negative[:, None, :]
    inf = torch.tensor(float("inf"))
    closest = torch.where(semi_hard, distances[:, None, :].expand(n, n, n), inf).min(2).indices
    farthest = torch.where(negative, distances, -inf).max(1).indices
    chosen = torch.where(semi_hard.any(2), closest, farthest[:, None].expand(n, n))
    pairs = torch.nonzero(positive & negative.any(1)[:, None])
    anchors, positives = pairs[:, 0], pairs[:, 1]
    return anchors, positives, chosen[anchors, positives]


def batch_hard_triplets(distances, labels):
    positive, negative = label_masks(labels)
    inf = torch.tensor(float("inf"))
    hardest_positive = torch.where(positive, distances, -inf).max(1).indices
    hardest_negative = torch.where(negative, distances, inf).min(1).indices
    anchors = torch.nonzero(positive.any(1) & negative.any(1)).flatten()
    return anchors, hardest_positive[anchors], hardest_negative[anchors]


def triplet_loss(embeddings, labels, miner, margin):
    with torch.no_grad():
        anchors, positives, negatives = miner(pairwise_distance(embeddings.detach()), labels)
    distances = pairwise_distance(embeddings)
    separation = distances[anchors, negatives] - distances[anchors, positives]
    losses = F.softplus(-separation) if margin == "soft" else F.relu(margin - separation)
    return losses.sum() / max(losses.numel(), 1)


# ---- optimiser schedule (src/optim/schedules.ts) ----------------------------------------------

def cosine(start, end, pos):
    return start + (1 + math.cos(math.pi * (1 - pos))) * (end - start) / 2


def one_cycle(max_lr, pos, pct=0.25, div=25.0, div_final=1e5, moms=(0.95, 0.85, 0.95)):
    if pos < pct:
        p = pos / pct
        return cosine(max_lr / div, max_lr, p), cosine(moms[0], moms[1], p)
    p = (pos - pct) / (1 - pct)
    return cosine(max_lr, max_lr / div_final, p), cosine(moms[1], moms[2], p)


# ---- training ---------------------------------------------------------------------------------

def train(command):
    (train_images, train_labels), (test_images, test_labels) = load_mnist(command["dataDir"])
    holdout = set(command["holdout"])
    seen = torch.tensor([label not in holdout for label in train_labels.tolist()])
    images, labels = train_images[seen], train_labels[seen]
    seed, epochs, per_epoch = command["seed"], command["epochs"], command["batchesPerEpoch"]
    torch.manual_seed(seed)
    model = embedding_net()
    params = list(model.parameters())
    optimizer = torch.optim.AdamW([
        {"params": [p for p in params if p.dim() > 1], "weight_decay": command["weightDecay"]},
        {"params": [p for p in params if p.dim() <= 1], "weight_decay": 0.0},
    ], lr=command["maxLr"], betas=(0.9, 0.99), eps=1e-5)
    miner = semi_hard_triplets if command["miner"] == "semihard" else batch_hard_triplets
    augment_generator = torch.Generator().manual_seed(seed + 1)
    history = []
    for epoch in range(epochs):
        model.train()
        started = time.perf_counter()
        batches = (random_batches(len(labels), command["batchSize"], per_epoch, seed, epoch) if command["sampler"] == "random"
                   else pk_batches(labels, command["p"], command["k"], per_epoch, seed, epoch))
        losses, count = [], 0
        for index, batch in enumerate(batches):
            lr, momentum = one_cycle(command["maxLr"], (epoch * per_epoch + index) / (epochs * per_epoch))
            for group in optimizer.param_groups:
                group["lr"], group["betas"] = lr, (momentum, 0.99)
            x = to_input(images[batch])
            if command["augment"]:
                x = random_affine(x, augment_generator)
            loss = triplet_loss(model(normalise(x)), labels[batch], miner, command["margin"])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            count += len(batch)
            if (index + 1) % 100 == 0:
                rate = count / (time.perf_counter() - started)
                progress(f"pytorch: epoch {epoch + 1}/{epochs} batch {index + 1}/{per_epoch} loss {sum(losses[-100:]) / 100:.4f} {rate:.0f} img/s")
        seconds = time.perf_counter() - started
        history.append({"seconds": seconds, "images": count, "loss": sum(losses) / max(len(losses), 1)})
        progress(f"pytorch: epoch {epoch + 1}/{epochs} done in {seconds:.1f} s ({count / seconds:.0f} img/s), loss {history[-1]['loss']:.4f}")
    progress("pytorch: evaluating on the test split")
    started = time.perf_counter()
    metrics = evaluate(model, test_images, test_labels, sorted(holdout), command["shots"], command["shotSeed"])
    return {"epochs": history, "evaluationSeconds": time.perf_counter() - started, "metrics": metrics}


# ---- evaluation -------------------------------------------------------------------------------

@torch.no_grad()
def embed(model, images, batch_size=512):
    model.eval()
    return torch.cat([model(normalise(to_input(images[i:i + batch_size]))) for i in range(0, len(images), batch_size)])


def distances(queries, gallery):
    squared = (queries * queries).sum(1)[:, None] + (gallery * gallery).sum(1)[None, :] - 2 * queries @ gallery.t()
    return squared.clamp_min(0).sqrt()


def leave_one_out(embeddings, labels, items, chunk=1024):
    """P@1 and mAP with every item of `items` querying all the others."""
    gallery, gallery_labels = embeddings[items], labels[items]
    top1, ap_sum, evaluated = 0, 0.0, 0
    for start in range(0, len(items), chunk):
        rows = torch.arange(start, min(start + chunk, len(items)))
        d = distances(gallery[rows], gallery)
        relevant = gallery_labels[rows][:, None] == gallery_labels[None, :]
        d[torch.arange(len(rows)), rows] = float("inf")  # the query itself goes last, as irrelevant
        relevant[torch.arange(len(rows)), rows] = False
        count = relevant.sum(1)
        # Pessimistic ties: order by relevance first (irrelevant first), then stably by distance.
        by_relevance = torch.sort(relevant.to(torch.int8), dim=1, stable=True).indices
        by_distance = torch.sort(d.gather(1, by_relevance), dim=1, stable=True).indices
        ranked = relevant.gather(1, by_relevance).gather(1, by_distance).double()
        ranks = torch.arange(1, ranked.shape[1] + 1, dtype=torch.float64)
        ap = (ranked * ranked.cumsum(1) / ranks).sum(1) / count.clamp_min(1)
        keep = count > 0
        top1 += int(ranked[keep, 0].sum())
        ap_sum += float(ap[keep].sum())
        evaluated += int(keep.sum())
    return {"queries": evaluated, "precisionAt1": top1 / evaluated, "mAP": ap_sum / evaluated}


def k_shot(embeddings, labels, enrol, shots, seed, chunk=1024):
    generator = torch.Generator().manual_seed(seed)
    enrolled = torch.zeros(len(labels), dtype=torch.bool)
    for label in sorted(enrol):
        items = torch.nonzero(labels == label).flatten()
        enrolled[items[torch.randperm(len(items), generator=generator)[:shots]]] = True
    held = torch.tensor([label in enrol for label in labels.tolist()])
    gallery_items = torch.nonzero(~held | enrolled).flatten()
    query_items = torch.nonzero(held & ~enrolled).flatten()
    correct = 0
    for start in range(0, len(query_items), chunk):
        queries = query_items[start:start + chunk]
        d = distances(embeddings[queries], embeddings[gallery_items])
        same = labels[queries][:, None] == labels[gallery_items][None, :]
        inf = torch.tensor(float("inf"))
        # Right only when a same-label item is strictly nearer than every other-label item.
        correct += int((torch.where(same, d, inf).min(1).values < torch.where(same, inf, d).min(1).values).sum())
    return {"shots": shots, "top1": correct / len(query_items), "queries": len(query_items)}


def evaluate(model, images, labels, holdout, shots, shot_seed):
    embeddings = embed(model, images)
    every = torch.arange(len(labels))
    held_items = torch.nonzero(torch.tensor([label in holdout for label in labels.tolist()])).flatten()
    return {
        "closedSet": leave_one_out(embeddings, labels, every),
        "heldOut": leave_one_out(embeddings, labels, held_items) if holdout else None,
        "kShot": [k_shot(embeddings, labels, set(holdout), s, shot_seed) for s in shots] if holdout else [],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    reply({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        if command["cmd"] == "train":
            try:
                reply(train(command))
            except Exception as error:  # noqa: BLE001 - reported to the bench, which carries on
                reply({"error": f"{type(error).__name__}: {error}"})
        else:
            reply({"error": f"unknown command {command['cmd']}"})


if __name__ == "__main__":
    main()

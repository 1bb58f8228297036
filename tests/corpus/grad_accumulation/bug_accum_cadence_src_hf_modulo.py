# expect-fail: accum_cadence, reference_match
# expect-line: 21
# source style: HuggingFace run_glue_no_trainer.py verbatim (`step % gradient_accumulation_steps == 0 or step == len(dataloader) - 1`, enumerate from 0)
"""The HF examples' condition copied as is: with `step` from 0, the first update comes after one
micro-batch (and the groups after it are shifted)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    gradient_accumulation_steps = accum_steps
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        total_loss = 0.0
        for step, batch in enumerate(train_loader):
            batch = tuple(t.to(device) for t in batch)
            loss = loss_fn(model(batch[0]), batch[1])
            total_loss += loss.item() * batch[0].size(0)
            loss = loss / gradient_accumulation_steps
            loss.backward()
            if step % gradient_accumulation_steps == 0 or step == len(train_loader) - 1:
                optimizer.step()
                optimizer.zero_grad()
        history["train_loss"].append(total_loss / len(train_loader.dataset))
        model.eval()
        eval_loss = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                eval_loss += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(eval_loss / len(val_loader.dataset))
    return history

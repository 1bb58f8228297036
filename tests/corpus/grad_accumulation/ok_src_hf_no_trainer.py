# expect: pass
# source style: HuggingFace transformers examples/pytorch/text-classification/run_glue_no_trainer.py
"""`loss = loss / gradient_accumulation_steps`, then step when
`step % gradient_accumulation_steps == 0 or step == len(dataloader) - 1` with the HF examples'
own off-by-one fixed: the modulo is taken on `step + 1` (enumerate from 0), as the statement asks."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    gradient_accumulation_steps = accum_steps
    history = {"train_loss": [], "val_loss": []}
    completed_steps = 0
    for epoch in range(epochs):
        model.train()
        total_loss = 0.0
        for step, batch in enumerate(train_loader):
            batch = tuple(t.to(device) for t in batch)
            outputs = model(batch[0])
            loss = loss_fn(outputs, batch[1])
            total_loss += loss.detach().float().item() * batch[0].size(0)
            loss = loss / gradient_accumulation_steps
            loss.backward()
            if (step + 1) % gradient_accumulation_steps == 0 or step == len(train_loader) - 1:
                optimizer.step()
                optimizer.zero_grad()
                completed_steps += 1
        history["train_loss"].append(total_loss / len(train_loader.dataset))

        model.eval()
        eval_loss = 0.0
        for step, batch in enumerate(val_loader):
            batch = tuple(t.to(device) for t in batch)
            with torch.no_grad():
                outputs = model(batch[0])
            eval_loss += loss_fn(outputs, batch[1]).item() * batch[0].size(0)
        history["val_loss"].append(eval_loss / len(val_loader.dataset))
    return history

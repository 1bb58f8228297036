# expect: pass
"""A Learner class with an @torch.inference_mode() evaluate method that stacks each batch's
outputs and labels (torch.cat) and scores the whole validation set at once, max(1)[1]
predictions, model.train(True), accumulation with y.numel()."""
import torch


class Learner:
    def __init__(self, model, loss_fn, optimizer, device):
        self.model, self.loss_fn, self.opt, self.device = model, loss_fn, optimizer, device

    def train_epoch(self, loader):
        self.model.train(True)
        total, seen = 0.0, 0
        for xb, yb in loader:
            xb, yb = xb.to(self.device), yb.to(self.device)
            self.opt.zero_grad()
            loss = self.loss_fn(self.model(xb), yb)
            loss.backward()
            self.opt.step()
            total += float(loss) * yb.numel()
            seen += yb.numel()
        return total / seen

    @torch.inference_mode()
    def evaluate(self, loader):
        self.model.eval()
        outs, ys = [], []
        for xb, yb in loader:
            outs.append(self.model(xb.to(self.device)))
            ys.append(yb.to(self.device))
        logits, labels = torch.cat(outs), torch.cat(ys)
        loss = self.loss_fn(logits, labels).item()
        acc = (logits.max(1)[1] == labels).float().mean().item()
        return loss, acc


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    learner = Learner(model, loss_fn, optimizer, device)
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for _ in range(epochs):
        history["train_loss"].append(learner.train_epoch(train_loader))
        val_loss, val_acc = learner.evaluate(val_loader)
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
    return history

# expect: pass
# Source style: a Hugging Face Trainer-like class: batches as dicts ({"inputs", "labels"}) moved by
# _prepare_inputs, compute_loss(model, inputs, return_outputs=False), tr_loss as a detached tensor,
# model.zero_grad() after the step, prediction_step under torch.no_grad(), state.log_history of dicts,
# load_best_model_at_end with metric_for_best_model="eval_loss".
import copy
from dataclasses import dataclass, field

import torch


@dataclass
class TrainerState:
    epoch: int = 0
    log_history: list = field(default_factory=list)
    best_metric: float = float("inf")
    best_model_checkpoint: dict | None = None
    best_epoch: int = 0


class Trainer:
    def __init__(self, model, loss_fn, optimizer, train_dataloader, eval_dataloader, device):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.train_dataloader, self.eval_dataloader, self.device = train_dataloader, eval_dataloader, device
        self.state = TrainerState()

    def _prepare_inputs(self, batch):
        inputs = dict(zip(("inputs", "labels"), batch))
        return {k: v.to(self.device) for k, v in inputs.items()}

    def compute_loss(self, model, inputs, return_outputs=False):
        labels = inputs.pop("labels")
        outputs = model(inputs["inputs"])
        loss = self.loss_fn(outputs, labels)
        return (loss, outputs) if return_outputs else loss

    def training_step(self, model, inputs):
        model.train()
        loss = self.compute_loss(model, inputs)
        loss.backward()
        return loss.detach()

    def prediction_step(self, model, inputs):
        with torch.no_grad():
            loss, _ = self.compute_loss(model, inputs, return_outputs=True)
        return loss.detach()

    def evaluate(self):
        self.model.eval()
        total = torch.zeros((), device=self.device)
        n = 0
        for batch in self.eval_dataloader:
            inputs = self._prepare_inputs(batch)
            bs = inputs["labels"].shape[0]
            total += self.prediction_step(self.model, inputs) * bs
            n += bs
        return {"eval_loss": (total / n).item()}

    def train(self, num_train_epochs):
        for epoch in range(num_train_epochs):
            self.state.epoch = epoch + 1
            tr_loss = torch.zeros((), device=self.device)
            n = 0
            self.model.zero_grad()
            for step, batch in enumerate(self.train_dataloader):
                inputs = self._prepare_inputs(batch)
                bs = inputs["labels"].shape[0]
                tr_loss += self.training_step(self.model, inputs) * bs
                n += bs
                self.optimizer.step()
                self.model.zero_grad()
            metrics = self.evaluate()
            self.state.log_history.append({"epoch": epoch + 1, "loss": (tr_loss / n).item(), **metrics})
            if metrics["eval_loss"] < self.state.best_metric:
                self.state.best_metric = metrics["eval_loss"]
                self.state.best_epoch = epoch + 1
                self.state.best_model_checkpoint = copy.deepcopy(self.model.state_dict())
        # load_best_model_at_end=True
        self.model.load_state_dict(self.state.best_model_checkpoint)
        return self.state


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    state = Trainer(model, loss_fn, optimizer, train_loader, val_loader, device).train(epochs)
    return {
        "train_loss": [log["loss"] for log in state.log_history],
        "val_loss": [log["eval_loss"] for log in state.log_history],
        "best_epoch": state.best_epoch,
    }

# expect: pass
# Source style: Bjarte Sunde's pytorchtools EarlyStopping (verbose, delta, trace_func, save_checkpoint() writing
# checkpoint.pt, val_loss_min) used as in its MNIST example; the checkpoint path in a tempfile.mkdtemp() folder.
import os
import shutil
import tempfile

import numpy as np
import torch


class EarlyStopping:
    """Early stops the training if validation loss doesn't improve after a given patience."""
    def __init__(self, patience=7, verbose=False, delta=0, path="checkpoint.pt", trace_func=print):
        self.patience = patience
        self.verbose = verbose
        self.counter = 0
        self.best_val_loss = None
        self.early_stop = False
        self.val_loss_min = np.inf
        self.delta = delta
        self.path = path
        self.trace_func = trace_func

    def __call__(self, val_loss, model):
        # Check if validation loss is nan
        if np.isnan(val_loss):
            self.trace_func("Validation loss is NaN. Ignoring this epoch.")
            return

        if self.best_val_loss is None:
            self.best_val_loss = val_loss
            self.save_checkpoint(val_loss, model)
        elif val_loss < self.best_val_loss - self.delta:
            # Significant improvement detected
            self.best_val_loss = val_loss
            self.save_checkpoint(val_loss, model)
            self.counter = 0  # Reset counter since improvement occurred
        else:
            # No significant improvement
            self.counter += 1
            if self.verbose:
                self.trace_func(f"EarlyStopping counter: {self.counter} out of {self.patience}")
            if self.counter >= self.patience:
                self.early_stop = True

    def save_checkpoint(self, val_loss, model):
        """Saves model when validation loss decreases."""
        if self.verbose:
            self.trace_func(f"Validation loss decreased ({self.val_loss_min:.6f} --> {val_loss:.6f}).  Saving model ...")
        torch.save(model.state_dict(), self.path)
        self.val_loss_min = val_loss


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    avg_train_losses, avg_valid_losses = [], []
    best_epoch = 0
    workdir = tempfile.mkdtemp()
    early_stopping = EarlyStopping(patience=patience, verbose=True, path=os.path.join(workdir, "checkpoint.pt"))

    for epoch in range(1, epochs + 1):
        train_losses, valid_losses = [], []   # (loss, batch size) pairs
        model.train()
        for batch, (data, target) in enumerate(train_loader, 1):
            data, target = data.to(device), target.to(device)
            optimizer.zero_grad()
            output = model(data)
            loss = loss_fn(output, target)
            loss.backward()
            optimizer.step()
            train_losses.append((loss.item(), len(data)))

        model.eval()
        with torch.no_grad():
            for data, target in val_loader:
                data, target = data.to(device), target.to(device)
                output = model(data)
                loss = loss_fn(output, target)
                valid_losses.append((loss.item(), len(data)))

        train_loss = np.average([l for l, _ in train_losses], weights=[n for _, n in train_losses])
        valid_loss = np.average([l for l, _ in valid_losses], weights=[n for _, n in valid_losses])
        avg_train_losses.append(float(train_loss))
        avg_valid_losses.append(float(valid_loss))

        epoch_len = len(str(epochs))
        print(f"[{epoch:>{epoch_len}}/{epochs:>{epoch_len}}] train_loss: {train_loss:.5f} valid_loss: {valid_loss:.5f}")

        early_stopping(valid_loss, model)
        if early_stopping.counter == 0:  # this epoch improved (or was the first)
            best_epoch = epoch
        if early_stopping.early_stop:
            print("Early stopping")
            break

    # load the last checkpoint with the best model
    model.load_state_dict(torch.load(early_stopping.path))
    shutil.rmtree(workdir, ignore_errors=True)
    return {"train_loss": avg_train_losses, "val_loss": avg_valid_losses, "best_epoch": best_epoch}

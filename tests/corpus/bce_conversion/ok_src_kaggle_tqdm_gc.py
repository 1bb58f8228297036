# expect: pass
# Source style: a Kaggle notebook train_one_epoch()/valid_one_epoch() pair with tqdm(enumerate(loader), total=...,
# leave=False), pbar.set_postfix, gc.collect() per epoch, a guarded torch.cuda.empty_cache(), time.strftime prints.
import copy
import gc
import time

import numpy as np
import torch
from tqdm import tqdm


def train_one_epoch(model, optimizer, dataloader, criterion, device, epoch, threshold):
    model.train()
    dataset_size = 0
    running_loss = 0.0
    bar = tqdm(enumerate(dataloader), total=len(dataloader), leave=False)
    for step, (inputs, targets) in bar:
        inputs = inputs.to(device, dtype=torch.float)
        targets = (targets > threshold).float().to(device)
        batch_size = inputs.size(0)

        outputs = model(inputs)
        loss = criterion(outputs, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        running_loss += loss.item() * batch_size
        dataset_size += batch_size
        epoch_loss = running_loss / dataset_size
        bar.set_postfix(Epoch=epoch, Train_Loss=epoch_loss, LR=optimizer.param_groups[0]["lr"])
    gc.collect()
    return epoch_loss


@torch.no_grad()
def valid_one_epoch(model, dataloader, criterion, device, epoch, threshold):
    model.eval()
    dataset_size = 0
    running_loss = 0.0
    correct = 0
    bar = tqdm(enumerate(dataloader), total=len(dataloader), leave=False)
    for step, (inputs, targets) in bar:
        inputs = inputs.to(device, dtype=torch.float)
        targets = (targets > threshold).float().to(device)
        batch_size = inputs.size(0)

        outputs = model(inputs)
        loss = criterion(outputs, targets)
        correct += ((outputs > 0).float() == targets).sum().item()

        running_loss += loss.item() * batch_size
        dataset_size += batch_size
        epoch_loss = running_loss / dataset_size
        bar.set_postfix(Epoch=epoch, Valid_Loss=epoch_loss)
    gc.collect()
    return epoch_loss, correct / dataset_size


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    if torch.cuda.is_available():
        print("[INFO] Using GPU: {}\n".format(torch.cuda.get_device_name()))
    start = time.time()
    best_model_wts = copy.deepcopy(model.state_dict())
    best_epoch_loss = np.inf
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}

    for epoch in range(1, epochs + 1):
        gc.collect()
        train_epoch_loss = train_one_epoch(model, optimizer, train_loader, loss_fn, device, epoch, threshold)
        val_epoch_loss, val_acc = valid_one_epoch(model, val_loader, loss_fn, device, epoch, threshold)
        history["train_loss"].append(train_epoch_loss)
        history["val_loss"].append(val_epoch_loss)
        history["val_acc"].append(val_acc)

        if val_epoch_loss < best_epoch_loss:
            print(f"[{time.strftime('%H:%M:%S')}] Validation Loss Improved ({best_epoch_loss:.4f} ---> {val_epoch_loss:.4f})")
            best_epoch_loss = val_epoch_loss
            history["best_epoch"] = epoch
            best_model_wts = copy.deepcopy(model.state_dict())
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    end = time.time()
    time_elapsed = end - start
    print("Training complete in {:.0f}h {:.0f}m {:.0f}s".format(
        time_elapsed // 3600, (time_elapsed % 3600) // 60, (time_elapsed % 3600) % 60))
    print("Best Loss: {:.4f}".format(best_epoch_loss))

    model.load_state_dict(best_model_wts)
    return history

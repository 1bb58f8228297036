# expect: pass
# Source style: PyTorch 0.3-era tutorials ported forward: from torch.autograd import Variable, Variable(x.to(device)),
# loss.data.item(), outputs.data, optimizer.zero_grad() first, model.train(True)/model.train(False), state_dict deepcopy.
import copy

import torch
from torch.autograd import Variable


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_acc_loss = 1e10
    best_model_wts = copy.deepcopy(model.state_dict())
    for epoch in range(epochs):
        for phase, loader in (("train", train_loader), ("val", val_loader)):
            model.train(phase == "train")
            running_loss, n = 0.0, 0
            for data in loader:
                inputs, labels = data
                inputs, labels = Variable(inputs.to(device)), Variable(labels.to(device))
                if phase == "train":
                    optimizer.zero_grad()
                    outputs = model(inputs)
                    loss = loss_fn(outputs, labels)
                    loss.backward()
                    optimizer.step()
                else:
                    with torch.no_grad():
                        outputs = model(inputs)
                        loss = loss_fn(outputs, labels)
                running_loss += loss.data.item() * inputs.size(0)
                n += inputs.size(0)
            epoch_loss = running_loss / n
            history[phase + "_loss"].append(epoch_loss)
            if phase == "val" and epoch_loss < best_acc_loss:
                best_acc_loss = epoch_loss
                best_model_wts = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_model_wts)
    return history

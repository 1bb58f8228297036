# expect-fail: best_checkpoint
# expect-line: 61
# Source style: the PyTorch "Transfer Learning for Computer Vision" tutorial's train_model()
# (phase loop, set_grad_enabled, running_loss * inputs.size(0), dataset_sizes, deepcopy of the best weights).
import copy
import time

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    since = time.time()
    dataloaders = {"train": train_loader, "val": val_loader}
    dataset_sizes = {x: len(dataloaders[x].dataset) for x in ["train", "val"]}
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}

    best_model_wts = copy.deepcopy(model.state_dict())
    best_loss = float("inf")

    for epoch in range(epochs):
        print(f"Epoch {epoch}/{epochs - 1}")
        print("-" * 10)

        # Each epoch has a training and validation phase
        for phase in ["train", "val"]:
            if phase == "train":
                model.train()  # Set model to training mode
            else:
                model.eval()   # Set model to evaluate mode

            running_loss = 0.0

            # Iterate over data.
            for inputs, labels in dataloaders[phase]:
                inputs = inputs.to(device)
                labels = labels.to(device)

                # zero the parameter gradients
                optimizer.zero_grad()

                # forward; track history only if in train
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    loss = loss_fn(outputs, labels)

                    # backward + optimize only if in training phase
                    if phase == "train":
                        loss.backward()
                        optimizer.step()

                # statistics
                running_loss += loss.item() * inputs.size(0)

            epoch_loss = running_loss / dataset_sizes[phase]
            history[f"{phase}_loss"].append(epoch_loss)
            print(f"{phase} Loss: {epoch_loss:.4f}")

            # deep copy the model
            if phase == "val" and epoch_loss < best_loss:
                best_loss = epoch_loss
                best_model_wts = model.state_dict()
                history["best_epoch"] = epoch + 1

        print()

    time_elapsed = time.time() - since
    print(f"Training complete in {time_elapsed // 60:.0f}m {time_elapsed % 60:.0f}s")
    print(f"Best val Loss: {best_loss:4f}")

    # load best model weights
    model.load_state_dict(best_model_wts)
    return history

#!/usr/bin/env python
# coding: utf-8

# In[1]:


# expect: pass
get_ipython().system('pip install -q torch tqdm')
get_ipython().run_line_magic('matplotlib', 'inline')
get_ipython().run_line_magic('load_ext', 'autoreload')


# In[2]:


import copy
import torch
from IPython.display import clear_output

PATIENCE = 5


# ## Early stopping
# The loop keeps the best weights and stops after `patience` bad epochs.

# In[3]:


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=PATIENCE):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val, best_state, bad = float("inf"), None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        model.eval()
        running = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        clear_output(wait=True)
        display(f"epoch {epoch}: val {history['val_loss'][-1]:.4f}")
        if history["val_loss"][-1] < best_val:
            best_val, bad = history["val_loss"][-1], 0
            history["best_epoch"] = epoch
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad += 1
            if bad >= patience:
                break
    model.load_state_dict(best_state)
    return history


# In[4]:


get_ipython().run_cell_magic('time', '', 'history = train(model, train_loader, val_loader, loss_fn, optimizer, 500)\n')


# In[5]:


history["best_epoch"]

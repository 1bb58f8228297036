"""Reference solutions: the correct train() loop for each exercise.

Each module (training_loop, best_epoch, early_stopping, bce_conversion, moons)
exposes ``train(model, train_loader, val_loader, loss_fn, optimizer, epochs,
device="cpu", ...)`` exactly as docs/contract.md specifies. The shared
epoch mechanics live in :mod:`reference._loop`.
"""

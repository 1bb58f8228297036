import matplotlib.pyplot as plt


def plot_history(history):
    plt.plot(history["train_loss"], label="train")
    plt.plot(history["val_loss"], label="val")
    plt.legend()
    plt.show()

"""loopgrader: grades PyTorch train() submissions by observing the loop itself."""

__version__ = "0.1.0"

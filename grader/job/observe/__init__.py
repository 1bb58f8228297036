"""Child-side observation: the hooks that turn a train() call into a trace."""

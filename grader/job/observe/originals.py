"""The torch entry points the observation uses, captured when the grader starts (before any
student code), so a submission that rebinds them cannot blind the recorder: it is caught by
the integrity check instead."""
import torch
from torch import nn
from torch.utils.data import DataLoader

register_forward_hook = nn.Module.register_forward_hook
register_forward_pre_hook = nn.Module.register_forward_pre_hook
module_modules = nn.Module.modules
module_state_dict = nn.Module.state_dict
module_train = nn.Module.train
module_parameters = nn.Module.parameters
register_step_pre_hook = torch.optim.Optimizer.register_step_pre_hook
tensor_register_hook = torch.Tensor.register_hook
is_grad_enabled = torch.is_grad_enabled
is_inference_mode_enabled = torch.is_inference_mode_enabled
manual_seed = torch.manual_seed
no_grad = torch.no_grad
dataloader_iter = DataLoader.__iter__

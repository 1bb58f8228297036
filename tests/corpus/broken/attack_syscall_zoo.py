# expect-runtime: ok
# exercise: early_stopping
# Calls, from the job and from a process it starts, every system call and socket family that
# could reach the kernel's wider surface or the machine: ptrace, personality, keyrings,
# userfaultfd, perf_event_open, io_uring, bpf, mounts, new namespaces (unshare, clone3), handle
# opens, pidfd_getfd, process_vm_readv, syslog; the x32 ABI (nr | 0x40000000) and the i386 ABI
# (`int 0x80` from code it maps executable); AF_INET/INET6 UDP, AF_NETLINK, AF_PACKET, AF_VSOCK
# sockets; an abstract Unix socket the host listens on (\0lgattack-host-probe). Contained when no
# line of its output starts with "ESCAPED" (each call it should not get is printed as one).
import copy
import ctypes
import errno
import mmap
import os
import socket
import subprocess
import sys

import torch

PROBE = r"""
import ctypes, errno, socket
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

REFUSED = {   # x86_64 number: (name, arguments that would succeed were it allowed)
    101: ("ptrace PTRACE_TRACEME", (0, 0, 0, 0)),
    135: ("personality READ_IMPLIES_EXEC", (0x0400000,)),
    250: ("keyctl GET_KEYRING_ID", (0, -3, 1)),
    248: ("add_key", (b"user", b"lgattack", b"x", 1, -2)),
    323: ("userfaultfd", (0,)),
    425: ("io_uring_setup", (8, ctypes.create_string_buffer(120))),
    321: ("bpf MAP_CREATE", (0, ctypes.create_string_buffer(b"\x01" + b"\x00" * 3 + b"\x04\x00\x00\x00\x04\x00\x00\x00\x01", 72), 72)),
    272: ("unshare CLONE_NEWUSER", (0x10000000,)),
    165: ("mount tmpfs", (b"none", b"/tmp", b"tmpfs", 0, None)),
    304: ("open_by_handle_at", (-100, ctypes.create_string_buffer(16), 0)),
    438: ("pidfd_getfd", (0, 0, 0)),
    103: ("syslog READ_ALL", (3, ctypes.create_string_buffer(4096), 4096)),
}


def _perf_attr():
    attr = ctypes.create_string_buffer(128)
    ctypes.memmove(attr, (1).to_bytes(4, "little") + (128).to_bytes(4, "little"), 8)   # SOFTWARE, size
    return attr


def _probe_syscalls(where: str) -> list[str]:
    out = []
    for nr, (name, args) in sorted(REFUSED.items()):
        args = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
        if libc.syscall(ctypes.c_long(nr), *args) >= 0:
            out.append(f"ESCAPED {where} {name}")
    # clone3 with a size it must reject: EINVAL means the kernel saw it (the filter answers ENOSYS)
    if libc.syscall(ctypes.c_long(435), None, ctypes.c_long(0)) < 0 and ctypes.get_errno() == errno.EINVAL:
        out.append(f"ESCAPED {where} clone3 reached the kernel")
    if libc.syscall(ctypes.c_long(298), _perf_attr(), 0, -1, -1, 0) >= 0:   # perf_event_open
        out.append(f"ESCAPED {where} perf_event_open")
    if libc.syscall(ctypes.c_long(0x40000000 | 39)) > 0:                     # x32 getpid
        out.append(f"ESCAPED {where} x32 syscall")
    if libc.syscall(ctypes.c_long(0x40000000 | 41), 2, 2, 0) >= 0:          # x32 socket(AF_INET, UDP)
        out.append(f"ESCAPED {where} x32 socket")
    for family, kind, name in ((socket.AF_INET, socket.SOCK_DGRAM, "udp"), (socket.AF_INET6, socket.SOCK_DGRAM, "udp6"),
                               (socket.AF_NETLINK, socket.SOCK_RAW, "netlink"), (17, socket.SOCK_RAW, "packet"),
                               (40, socket.SOCK_STREAM, "vsock")):
        try:
            socket.socket(family, kind).close()
            out.append(f"ESCAPED {where} socket {name}")
        except OSError:
            pass
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(1)
        s.connect(b"\0lgattack-host-probe")
        out.append(f"ESCAPED {where} abstract unix socket of the host")
    except OSError:
        pass
    return out
"""
exec(PROBE, globals())


def _int80() -> str:
    """i386 getpid through `int 0x80`, in a process of its own (a filter that kills it is fine)."""
    code = ("import ctypes, mmap\n"
            "m = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)\n"
            "m.write(b'\\xb8\\x14\\x00\\x00\\x00\\xcd\\x80\\xc3')\n"
            "f = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(m)))\n"
            "print('PID', f())\n")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    except Exception as exc:
        return f"int80 not run: {type(exc).__name__}"
    return "ESCAPED int 0x80" if "PID" in done.stdout and done.returncode == 0 else f"int80 refused ({done.returncode})"


def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val, best_state, bad_epochs = float("inf"), None, 0
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
        model.eval()
        val_running = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                val_running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        history["val_loss"].append(val_running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, history["best_epoch"], bad_epochs = history["val_loss"][-1], epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad_epochs += 1
            if bad_epochs >= patience:
                break
    model.load_state_dict(best_state)
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    report = _probe_syscalls("job")
    helper = PROBE + "\nprint('\\n'.join(_probe_syscalls('subprocess')))\n"
    try:
        done = subprocess.run([sys.executable, "-c", helper], capture_output=True,
                              text=True, timeout=60)
        report += [line for line in done.stdout.splitlines() if line.startswith("ESCAPED")]
        report.append(f"subprocess probe exit {done.returncode} {done.stderr[-300:]}")
    except Exception as exc:
        report.append(f"subprocess probe not run: {type(exc).__name__}")
    report.append(_int80())
    print("\n".join(report))
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)

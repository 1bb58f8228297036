"""Inside the confined worker: the layers a job process applies to itself before any student code
runs (the parent's side, bubblewrap and its probes, is grader.sandbox.confine).

- a namespace per job (`enter_job_namespaces`, in the fork server's relay): nested user, PID,
  mount and IPC namespaces with a fresh tmpfs on /tmp (holding JOB_DIR) and /dev/shm;
- `lock_down`, in the job itself: Landlock (writes only beneath the job's folders; no TCP, no
  signals or abstract sockets outside the job), no capabilities, a seccomp filter.
Each returns what took effect; the job reports it before its code starts (grader.job.server).
"""
from __future__ import annotations

import ctypes
import functools
import json
import os
import platform
import struct
import sys

from grader.protocol import JOB_DIR, JOB_NAMESPACES, TMP_BYTES

@functools.cache
def _lib():
    return ctypes.CDLL(None, use_errno=True)


MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 8, 32, 4096, 16384


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _mount_tmpfs(target: str, size: int) -> bool:
    return _lib().mount(b"tmpfs", target.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                        f"size={size},mode=1777".encode()) == 0


def enter_job_namespaces(tmp_bytes: int = TMP_BYTES, keep: list[str] = ()) -> bool:
    """In the process that will fork the job's init: new user, PID, mount and IPC namespaces,
    the same uid/gid inside, and a fresh tmpfs on /tmp (with the job folder) and /dev/shm.
    False (nothing changed that matters) where the kernel refuses nested namespaces."""
    if sys.platform != "linux":
        return False
    uid, gid = os.getuid(), os.getgid()
    if _lib().unshare(JOB_NAMESPACES) != 0:
        return False
    try:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1\n")
        _write("/proc/self/gid_map", f"{gid} {gid} 1\n")
    except OSError:
        return False
    # what lives under /tmp and must stay visible (a virtualenv in /tmp/venv, say) is held by
    # descriptor across the new mount and bound back, read-only
    held = []
    for path in keep:
        try:
            held.append((path, os.open(path, os.O_PATH | os.O_CLOEXEC)))
        except OSError:
            pass
    try:
        if not (_mount_tmpfs("/tmp", tmp_bytes) and _mount_tmpfs("/dev/shm", tmp_bytes)):
            return False
        for path, fd in held:
            os.makedirs(path, exist_ok=True)
            source = f"/proc/self/fd/{fd}".encode()
            if _lib().mount(source, path.encode(), None, MS_BIND | MS_REC, None) != 0:
                return False
            _lib().mount(None, path.encode(), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    finally:
        for _, fd in held:
            os.close(fd)
    os.makedirs(JOB_DIR, exist_ok=True)
    return True


def mount_own_proc() -> bool:
    """In the job's init: a /proc that shows only the job's PID namespace (best effort)."""
    return _lib().mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None) == 0


# ------------------------------------------------------------------ Landlock, capabilities, seccomp

SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
SYS_CAPSET = 126
PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_SET_SECCOMP, PR_SET_DUMPABLE = 38, 24, 22, 4


def landlock_abi() -> int:
    if platform.machine() not in ("x86_64", "aarch64") or sys.platform != "linux":
        return 0
    abi = _lib().syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(abi, 0)


def _landlock(writable: list[str]) -> tuple[int, bool]:
    """Writes (create, delete, truncate, rename into) only beneath `writable`; no TCP bind or
    connect (ABI 4); signals and abstract sockets only within the job (ABI 6). Reading is left to
    the mount namespace, which already shows only what the job may read."""
    abi = landlock_abi()
    if abi <= 0:
        return 0, False
    write = (1 << 1) | (1 << 4) | (1 << 5) | sum(1 << b for b in range(6, 13))  # WRITE_FILE, REMOVE_*, MAKE_*
    if abi >= 2:
        write |= 1 << 13   # REFER
    if abi >= 3:
        write |= 1 << 14   # TRUNCATE
    net = 0b11 if abi >= 4 else 0
    scoped = 0b11 if abi >= 6 else 0
    attr = struct.pack("QQQ", write, net, scoped)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = _lib().syscall(SYS_LANDLOCK_CREATE_RULESET, buf, ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return 0, False
    try:
        for path, allowed in [(p, write) for p in writable] + [("/dev", (1 << 1) | ((1 << 14) if abi >= 3 else 0))]:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                rule = ctypes.create_string_buffer(struct.pack("=Qi", allowed, fd), 12)
                _lib().syscall(SYS_LANDLOCK_ADD_RULE, ruleset, 1, rule, ctypes.c_uint32(0))
            finally:
                os.close(fd)
        _lib().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if _lib().syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            return 0, False
    finally:
        os.close(ruleset)
    return abi, abi >= 6


def _drop_capabilities() -> bool:
    """Empty every capability set (the job's namespaces gave it a full set inside them)."""
    libc = _lib()
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == 22:
            break   # EINVAL: past the last capability this kernel knows
    header = struct.pack("Ii", 0x20080522, 0)   # _LINUX_CAPABILITY_VERSION_3, this thread
    data = bytes(24)                            # two empty {effective, permitted, inheritable}
    ok = libc.syscall(SYS_CAPSET, ctypes.create_string_buffer(header, 8), ctypes.create_string_buffer(data, 24)) == 0
    try:
        with open("/proc/self/status") as f:
            eff = next(line for line in f if line.startswith("CapEff:"))
        return ok and int(eff.split()[1], 16) == 0
    except (OSError, StopIteration, ValueError):
        return ok


# x86_64 syscall numbers the filter refuses outright (EPERM)
_DENY_X86_64 = {
    101: "ptrace", 310: "process_vm_readv", 311: "process_vm_writev", 165: "mount", 166: "umount2",
    155: "pivot_root", 161: "chroot", 272: "unshare", 308: "setns", 246: "kexec_load",
    320: "kexec_file_load", 175: "init_module", 313: "finit_module", 176: "delete_module",
    321: "bpf", 298: "perf_event_open", 323: "userfaultfd", 425: "io_uring_setup",
    426: "io_uring_enter", 427: "io_uring_register", 248: "add_key", 249: "request_key",
    250: "keyctl", 303: "name_to_handle_at", 304: "open_by_handle_at", 428: "open_tree",
    429: "move_mount", 430: "fsopen", 431: "fsconfig", 432: "fsmount", 433: "fspick",
    442: "mount_setattr", 438: "pidfd_getfd", 312: "kcmp", 169: "reboot", 167: "swapon",
    168: "swapoff", 163: "acct", 139: "sysfs", 134: "uselib", 135: "personality",
    # memory no limit counts: a memfd written with write() is neither in RLIMIT_AS nor in the
    # job's tmpfs (a job held 1 GiB that way beyond --memory); secret memory likewise
    319: "memfd_create", 447: "memfd_secret",
    # System V IPC: a shared-memory segment's pages belong to the segment, not to a process, so
    # one attached, filled and detached (shmdt) is counted by no limit either (3 GiB held under
    # --memory 2G, attack_sysv_shm_memory); semaphores and message queues go with it. Nothing the
    # grading environment provides uses them (torch shares tensors through /dev/shm files).
    # (x86_64 has no multiplexed ipc(); the i386 ABI that has one is killed whole, below)
    29: "shmget", 30: "shmat", 31: "shmctl", 67: "shmdt", 64: "semget", 65: "semop", 66: "semctl",
    220: "semtimedop", 68: "msgget", 69: "msgsnd", 70: "msgrcv", 71: "msgctl",
    103: "syslog",   # the host's kernel log, where dmesg_restrict is off
}
_SYS_SOCKET, _SYS_CLONE, _SYS_CLONE3 = 41, 56, 435
_NS_FLAGS = 0x7E020000   # CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
AUDIT_ARCH_X86_64 = 0xC000003E


def _bpf_program() -> bytes:
    """A classic-BPF seccomp filter (x86_64): see _DENY_X86_64; socket() only for AF_UNIX;
    clone() without namespace flags; clone3 answers ENOSYS so libc falls back to clone()."""
    LD_W_ABS, JEQ_K, JSET_K, RET_K, JGE_K = 0x20, 0x15, 0x45, 0x06, 0x35
    ALLOW, KILL = 0x7FFF0000, 0x80000000
    errno = lambda e: 0x00050000 | e   # noqa: E731  SECCOMP_RET_ERRNO
    EPERM, ENOSYS, EAFNOSUPPORT = 1, 38, 97
    prog: list[tuple[int, int, int, int]] = []
    op = lambda code, jt, jf, k: prog.append((code, jt, jf, k))   # noqa: E731
    op(LD_W_ABS, 0, 0, 4)                      # arch
    op(JEQ_K, 1, 0, AUDIT_ARCH_X86_64)
    op(RET_K, 0, 0, KILL)
    op(LD_W_ABS, 0, 0, 0)                      # syscall number
    op(JGE_K, 0, 1, 0x40000000)                # the x32 ABI: refuse it whole
    op(RET_K, 0, 0, errno(EPERM))
    for nr in sorted(_DENY_X86_64):
        op(JEQ_K, 0, 1, nr)
        op(RET_K, 0, 0, errno(EPERM))
    op(JEQ_K, 0, 1, _SYS_CLONE3)
    op(RET_K, 0, 0, errno(ENOSYS))
    op(JEQ_K, 0, 4, _SYS_SOCKET)
    op(LD_W_ABS, 0, 0, 16)                     # args[0], low half: the address family
    op(JEQ_K, 1, 0, 1)                         # AF_UNIX
    op(RET_K, 0, 0, errno(EAFNOSUPPORT))
    op(RET_K, 0, 0, ALLOW)
    op(JEQ_K, 0, 3, _SYS_CLONE)
    op(LD_W_ABS, 0, 0, 16)                     # clone flags (low half)
    op(JSET_K, 0, 1, _NS_FLAGS)
    op(RET_K, 0, 0, errno(EPERM))
    op(RET_K, 0, 0, ALLOW)
    return b"".join(struct.pack("HBBI", *ins) for ins in prog)


def _seccomp() -> bool:
    if platform.machine() != "x86_64" or sys.platform != "linux":
        return False
    code = _bpf_program()
    filt = ctypes.create_string_buffer(code, len(code))
    prog = struct.pack("HxxxxxxQ", len(code) // 8, ctypes.addressof(filt))
    libc = _lib()
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    return libc.prctl(PR_SET_SECCOMP, 2, ctypes.create_string_buffer(prog, 16), 0, 0) == 0


def lock_down(writable: list[str]) -> dict:
    """In the job process, right before student code: Landlock, no capabilities, seccomp (in that
    order: the filter refuses what the first two need). Returns what took effect."""
    abi, signals = _landlock(writable)
    caps = _drop_capabilities()
    seccomp = _seccomp()
    _lib().prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)   # the job's own /proc/self stays readable to it
    return {"landlock_abi": abi, "landlock_signals": signals, "seccomp": seccomp, "caps_dropped": caps}


def encode(protections: dict) -> bytes:
    return json.dumps(protections).encode()
